"""Per-user throttling, on a fake clock."""

from __future__ import annotations

from bot.throttle import UserThrottle, Verdict


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_flooder_is_warned_once_then_dropped_and_others_are_untouched() -> None:
    clock = FakeClock()
    throttle = UserThrottle(burst=3, window_seconds=3.0, clock=clock)
    verdicts = [throttle.check(1) for _ in range(50)]
    assert verdicts[:3] == [Verdict.ALLOW] * 3
    assert verdicts[3] == Verdict.WARN
    assert set(verdicts[4:]) == {Verdict.DROP}
    assert throttle.check(2) == Verdict.ALLOW


def test_tokens_refill_with_time_and_the_warning_resets() -> None:
    clock = FakeClock()
    throttle = UserThrottle(burst=2, window_seconds=2.0, clock=clock)
    assert [throttle.check(1) for _ in range(3)] == [Verdict.ALLOW, Verdict.ALLOW, Verdict.WARN]
    clock.now = 1.0  # one token back
    assert [throttle.check(1) for _ in range(3)] == [Verdict.ALLOW, Verdict.WARN, Verdict.DROP]
    clock.now = 100.0
    assert [throttle.check(1) for _ in range(2)] == [Verdict.ALLOW, Verdict.ALLOW]


def test_idle_users_are_forgotten_when_the_table_is_full(monkeypatch: object) -> None:
    import bot.throttle

    clock = FakeClock()
    throttle = UserThrottle(burst=1, window_seconds=1.0, clock=clock)
    setattr(bot.throttle, "MAX_TRACKED_USERS", 5)  # noqa: B010
    try:
        for user in range(5):
            throttle.check(user)
        clock.now = 10.0
        throttle.check(99)
        assert len(throttle._buckets) == 1
    finally:
        setattr(bot.throttle, "MAX_TRACKED_USERS", 10_000)  # noqa: B010
