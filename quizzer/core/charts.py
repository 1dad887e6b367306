"""Text charts for the terminal (pure functions returning strings): a sparkline and a calendar
heat map of daily activity. Levels are shown by glyph shape, never by colour alone."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta

SPARKS = "▁▂▃▄▅▆▇█"
HEAT = "·░▒▓█"
"""Heat levels: no answers, then four levels up to the busiest day."""
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def sparkline(values: Sequence[float | None], top: float | None = None) -> str:
    """One glyph per value scaled from 0 to `top` (default: the largest value); None (no data)
    is a space. Use `top=1` for fractions such as accuracy."""
    if top is None:
        top = max((value for value in values if value is not None), default=0.0)
    out = []
    for value in values:
        if value is None:
            out.append(" ")
        elif top <= 0:
            out.append(SPARKS[0])
        else:
            out.append(SPARKS[min(len(SPARKS) - 1, int(value / top * (len(SPARKS) - 1) + 0.5))])
    return "".join(out)


def heat_level(count: int, top: int) -> str:
    """The glyph for a day with `count` answers when the busiest day has `top`."""
    if count <= 0 or top <= 0:
        return HEAT[0]
    steps = len(HEAT) - 1
    return HEAT[max(1, min(steps, -(-count * steps // top)))]


def heatmap(counts: Mapping[date, int], today: date, weeks: int = 12) -> str:
    """A calendar heat map: one row per weekday (Monday first), one column per week, the last
    column the week of `today`; days after today are blank. Ends with a legend line."""
    first = today - timedelta(days=today.weekday(), weeks=weeks - 1)
    shown = [first + timedelta(days=i) for i in range(weeks * 7)]
    top = max((counts.get(day, 0) for day in shown if day <= today), default=0)
    header = [" "] * (weeks * 2)
    last_month, free = None, 0
    for week in range(weeks):
        monday = first + timedelta(weeks=week)
        start = week * 2
        if monday.month != last_month and start >= free and start + 3 <= len(header):
            header[start: start + 3] = list(monday.strftime("%b"))
            last_month, free = monday.month, start + 4
    lines = ["    " + "".join(header).rstrip()]
    for weekday in range(7):
        cells = []
        for week in range(weeks):
            day = first + timedelta(weeks=week, days=weekday)
            cells.append(" " if day > today else heat_level(counts.get(day, 0), top))
        lines.append(f"{WEEKDAYS[weekday]} " + " ".join(cells).rstrip())
    lines.append(f"    less {' '.join(HEAT)} more (busiest day: {top})")
    return "\n".join(lines)
