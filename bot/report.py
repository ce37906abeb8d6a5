"""`check --report DIR`: one self-contained report.html to look at rather than read.

Inline CSS and SVG only: no script, no font, no image, no network, so the file opens the
same from a CI artefact, a mail attachment or a laptop offline. Every text is escaped.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from html import escape

from bot.evaluation import Report, topic_of
from bot.knowledge import Knowledge
from bot.matching import Thresholds
from bot.storage import UnansweredGroup

BIN = 5  # points per histogram bar
_WIDTH, _HEIGHT = 600, 180

_STYLE = """
body { font: 14px/1.4 system-ui, sans-serif; margin: 2em auto; max-width: 70em; color: #222; }
h1 { font-size: 1.5em; } h2 { font-size: 1.2em; margin-top: 2em; }
table { border-collapse: collapse; }
td, th { padding: 2px 6px; text-align: left; vertical-align: middle; }
.bar { height: 9px; display: block; margin: 1px 0; }
.p { background: #3b7dd8; } .r { background: #e0892b; }
.matrix td { width: 1.6em; height: 1.6em; text-align: center; font-size: 11px; padding: 0; }
.matrix th.col { writing-mode: vertical-rl; transform: rotate(180deg); font-weight: normal; }
.legend span { display: inline-block; width: 1em; height: 0.8em; margin: 0 4px 0 12px; }
.muted { color: #777; }
"""


def _bars(rows: Sequence[tuple[str, float, float, int]], label: str) -> str:
    lines = [f"<table><tr><th>{escape(label)}</th><th>precision / recall</th><th>support</th></tr>"]
    for name, precision, recall, support in rows:
        lines.append(
            f"<tr><td>{escape(name)}</td><td style='width:20em'>"
            f"<span class='bar p' style='width:{precision * 100:.0f}%'"
            f" title='precision {precision:.2f}'></span>"
            f"<span class='bar r' style='width:{recall * 100:.0f}%'"
            f" title='recall {recall:.2f}'></span></td>"
            f"<td>{support}</td></tr>"
        )
    lines.append("</table>")
    return "\n".join(lines)


def _matrix(report: Report) -> str:
    pairs = Counter((o.expected, o.got) for o in report.outcomes)
    labels = sorted({label for pair in pairs for label in pair})
    top = max(pairs.values(), default=1)
    lines = ["<table class='matrix'><tr><th>expected \\ got</th>"]
    lines += [f"<th class='col'>{escape(label)}</th>" for label in labels]
    lines.append("</tr>")
    for expected in labels:
        lines.append(f"<tr><th>{escape(expected)}</th>")
        for got in labels:
            count = pairs.get((expected, got), 0)
            if not count:
                lines.append("<td></td>")
                continue
            alpha = 0.15 + 0.85 * count / top
            colour = "59,125,216" if expected == got else "214,48,49"
            lines.append(
                f"<td style='background:rgba({colour},{alpha:.2f})'"
                f" title='{escape(expected)} -> {escape(got)}: {count}'>{count}</td>"
            )
        lines.append("</tr>")
    lines.append("</table>")
    return "\n".join(lines)


def _histogram(report: Report, thresholds: Thresholds) -> str:
    bins = 100 // BIN
    right = Counter(min(int(o.score // BIN), bins - 1) for o in report.outcomes if o.correct)
    wrong = Counter(min(int(o.score // BIN), bins - 1) for o in report.outcomes if not o.correct)
    top = max([*right.values(), *wrong.values(), 1])
    step = _WIDTH / bins
    parts = [
        f"<svg xmlns='http://www.w3.org/2000/svg' width='{_WIDTH + 40}' height='{_HEIGHT + 40}'"
        f" viewBox='0 0 {_WIDTH + 40} {_HEIGHT + 40}' role='img'>",
        f"<line x1='20' y1='{_HEIGHT}' x2='{_WIDTH + 20}' y2='{_HEIGHT}' stroke='#999'/>",
    ]
    for index in range(bins):
        x = 20 + index * step
        for offset, counts, colour, kind in (
            (1, right, "#3b7dd8", "right"),
            (step / 2, wrong, "#d63031", "wrong"),
        ):
            count = counts.get(index, 0)
            if count:
                height = (_HEIGHT - 10) * count / top
                parts.append(
                    f"<rect x='{x + offset:.1f}' y='{_HEIGHT - height:.1f}'"
                    f" width='{step / 2 - 1:.1f}' height='{height:.1f}' fill='{colour}'>"
                    f"<title>{kind}: {count} at {index * BIN}-{index * BIN + BIN}</title></rect>"
                )
        if index % 2 == 0:
            parts.append(
                f"<text x='{x:.1f}' y='{_HEIGHT + 14}' font-size='10'>{index * BIN}</text>"
            )
    for value, name in (
        (thresholds.min_score, "min_score"),
        (thresholds.min_score + thresholds.margin, "+ margin"),
    ):
        x = 20 + value / 100 * _WIDTH
        parts.append(
            f"<line x1='{x:.1f}' y1='0' x2='{x:.1f}' y2='{_HEIGHT}' stroke='#222'"
            f" stroke-dasharray='4 3'/><text x='{x + 3:.1f}' y='{_HEIGHT + 30}'"
            f" font-size='11'>{escape(name)} {value:g}</text>"
        )
    parts.append("</svg>")
    return "\n".join(parts)


def _unanswered(clusters: Sequence[Sequence[UnansweredGroup]] | None) -> str:
    if clusters is None:
        return "<p class='muted'>No database of unanswered questions (DATA_DIR).</p>"
    if not clusters:
        return "<p class='muted'>No unanswered questions.</p>"
    lines = ["<table><tr><th>times</th><th>question (and near-identical ones)</th>"]
    lines.append("<th>why</th><th>best guess</th></tr>")
    for members in clusters:
        first = members[0]
        variants = "".join(
            f"<br><span class='muted'>~ {escape(m.example)} ({m.count})</span>" for m in members[1:]
        )
        lines.append(
            f"<tr><td>{sum(m.count for m in members)}</td>"
            f"<td>{escape(first.example)}{variants}</td><td>{escape(first.kind)}</td>"
            f"<td>{escape(first.best_guess or '-')} ({first.best_score:.0f})</td></tr>"
        )
    lines.append("</table>")
    return "\n".join(lines)


def render_report(
    knowledge: Knowledge,
    report: Report,
    thresholds: Thresholds,
    clusters: Sequence[Sequence[UnansweredGroup]] | None,
) -> str:
    """The whole page."""
    per_intent = [(r.intent, r.precision, r.recall, r.support) for r in report.per_intent()]
    per_topic = [
        (r.intent, r.precision, r.recall, r.support)
        for r in report.per_label(lambda label: topic_of(knowledge, label))
    ]
    wrong = sum(not o.correct for o in report.outcomes)
    return "\n".join(
        [
            "<!DOCTYPE html>",
            "<html lang='en'><head><meta charset='utf-8'>",
            "<meta http-equiv='Content-Security-Policy' content=\"default-src 'none';"
            " style-src 'unsafe-inline'; img-src data:\">",
            "<title>Knowledge report</title>",
            f"<style>{_STYLE}</style></head><body>",
            "<h1>Knowledge report</h1>",
            f"<p>Regression questions: {len(report.outcomes)}, accuracy"
            f" {report.accuracy:.1%}, wrong {wrong}.</p>",
            "<p class='legend'><span class='p'></span>precision<span class='r'></span>recall</p>",
            "<h2>Per topic</h2>",
            _bars(per_topic, "topic"),
            "<h2>Per intent</h2>",
            _bars(per_intent, "intent"),
            "<h2>Confusion matrix</h2>",
            _matrix(report),
            "<h2>Scores of right (blue) and wrong (red) answers</h2>",
            _histogram(report, thresholds),
            "<h2>Unanswered questions</h2>",
            _unanswered(clusters),
            "</body></html>",
        ]
    )
