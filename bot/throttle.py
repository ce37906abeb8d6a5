"""Per-user fairness: a token bucket per user, so one flooder cannot delay everyone else.

Pure and clock-injected, so it is tested without sleeping.
"""

from __future__ import annotations

import enum
import time
from collections.abc import Callable
from dataclasses import dataclass

MAX_TRACKED_USERS = 10_000


class Verdict(enum.Enum):
    ALLOW = "allow"
    WARN = "warn"  # over the limit: tell the user once, politely
    DROP = "drop"  # still over the limit and already told


@dataclass
class _Bucket:
    tokens: float
    updated: float
    warned: bool = False


class UserThrottle:
    """Each user may send `burst` messages at once, refilled at `burst / window` per second."""

    def __init__(
        self, burst: int, window_seconds: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.burst = float(burst)
        self.rate = burst / window_seconds
        self.clock = clock
        self._buckets: dict[int, _Bucket] = {}

    def check(self, user_id: int) -> Verdict:
        now = self.clock()
        bucket = self._buckets.get(user_id)
        if bucket is None:
            if len(self._buckets) >= MAX_TRACKED_USERS:
                self._forget_idle(now)
            bucket = self._buckets[user_id] = _Bucket(self.burst, now)
        bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.updated) * self.rate)
        bucket.updated = now
        if bucket.tokens >= 1.0:
            bucket.tokens -= 1.0
            bucket.warned = False
            return Verdict.ALLOW
        if bucket.warned:
            return Verdict.DROP
        bucket.warned = True
        return Verdict.WARN

    def _forget_idle(self, now: float) -> None:
        """Users whose bucket has refilled are indistinguishable from new ones: drop them."""
        full_after = self.burst / self.rate
        for user_id in [u for u, b in self._buckets.items() if now - b.updated >= full_after]:
            del self._buckets[user_id]
