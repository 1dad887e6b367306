"""Statistics of the history: pure functions over answer records, and `collect` to gather them
from a store. Days are calendar days in `tz` (default: the local time zone).

Counting rules (the same everywhere, and the same as a session's summary): every recorded answer
counts, a skipped question as an answer that was not right (`skipped_total` says how many were
skips). Accuracy is correct answers / answers.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Any

from quizzer.core.records import AnswerRecord

if TYPE_CHECKING:
    from quizzer.core.store import DrillResult, Store

WEEKS = 12
"""Weeks of weekly accuracy in the trend."""
WEAK_WINDOW = 20
"""Weakest skills are judged on each skill's most recent answers, at most this many."""
WEAK_MIN_ANSWERS = 3
WEAK_LIMIT = 5


@dataclass(frozen=True)
class Tally:
    """Answers and how many were right."""

    count: int = 0
    correct: int = 0

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.count if self.count else None

    def add(self, correct: bool) -> Tally:
        return Tally(self.count + 1, self.correct + int(correct))

    def to_dict(self) -> dict[str, Any]:
        accuracy = self.accuracy
        return {
            "count": self.count, "correct": self.correct,
            "accuracy": None if accuracy is None else round(accuracy, 4),
        }


def day_of(timestamp: float, tz: tzinfo | None = None) -> date:
    return datetime.fromtimestamp(timestamp, tz).date()


def _tallies(pairs: Iterable[tuple[Any, bool]]) -> dict[Any, Tally]:
    counts: dict[Any, list[int]] = {}
    for key, correct in pairs:
        slot = counts.get(key)
        if slot is None:
            slot = counts[key] = [0, 0]
        slot[0] += 1
        slot[1] += correct
    return {key: Tally(count, right) for key, (count, right) in sorted(counts.items())}


def tally_by(answers: Iterable[AnswerRecord], keys: Any) -> dict[str, Tally]:
    """Tallies keyed by `keys(answer)` (an iterable of keys per answer), sorted by key."""
    return _tallies(
        (key, answer.correct) for answer in answers for key in dict.fromkeys(keys(answer))
    )


def per_skill(answers: Iterable[AnswerRecord]) -> dict[str, Tally]:
    return tally_by(answers, lambda answer: answer.skills)


def per_kind(answers: Iterable[AnswerRecord]) -> dict[str, Tally]:
    return tally_by(answers, lambda answer: (answer.kind,))


def per_mode(answers: Iterable[AnswerRecord]) -> dict[str, Tally]:
    return tally_by(answers, lambda answer: (answer.mode,))


def daily(answers: Iterable[AnswerRecord], tz: tzinfo | None = None) -> dict[date, Tally]:
    """Answers per calendar day (days without answers are left out), oldest first."""
    return _tallies((day_of(answer.timestamp, tz), answer.correct) for answer in answers)


def weekly(days: Mapping[date, Tally], today: date, weeks: int = WEEKS
           ) -> list[tuple[date, Tally]]:
    """The last `weeks` weeks (Monday first) up to the week of `today`, oldest first."""
    this_monday = today - timedelta(days=today.weekday())
    starts = [this_monday - timedelta(weeks=back) for back in range(weeks - 1, -1, -1)]
    totals = {start: Tally() for start in starts}
    for day, tally in days.items():
        monday = day - timedelta(days=day.weekday())
        if monday in totals:
            total = totals[monday]
            totals[monday] = Tally(total.count + tally.count, total.correct + tally.correct)
    return list(totals.items())


def streak(active: Iterable[date], today: date) -> int:
    """Days in a row with at least one answer, ending today, or yesterday when today has none
    yet (the streak is not lost until the day is over)."""
    days = set(active)
    end = today if today in days else today - timedelta(days=1)
    count = 0
    while end - timedelta(days=count) in days:
        count += 1
    return count


def weakest_skills(answers: Iterable[AnswerRecord], limit: int = WEAK_LIMIT,
                   window: int = WEAK_WINDOW, min_answers: int = WEAK_MIN_ANSWERS
                   ) -> list[tuple[str, Tally]]:
    """Skills with the lowest accuracy over their last `window` answers (skills with fewer than
    `min_answers` answers, or none wrong lately, are not weak); lowest first, then the
    most-practised."""
    recent: dict[str, list[bool]] = defaultdict(list)
    for answer in sorted(answers, key=lambda a: a.timestamp):
        for skill in dict.fromkeys(answer.skills):
            recent[skill].append(answer.correct)
    tallies = []
    for skill, results in recent.items():
        last = results[-window:]
        tally = Tally(len(last), sum(last))
        if len(results) >= min_answers and tally.correct < tally.count:
            tallies.append((skill, tally))
    tallies.sort(key=lambda item: (item[1].correct / item[1].count, -item[1].count, item[0]))
    return tallies[:limit]


@dataclass(frozen=True)
class Stats:
    """Everything the Stats screen and `quizzer stats` show."""

    today: date
    answers: Tally
    skipped: int
    skills: dict[str, Tally]
    kinds: dict[str, Tally]
    modes: dict[str, Tally]
    days: dict[date, Tally]
    weeks: list[tuple[date, Tally]]
    streak_days: int
    weakest: list[tuple[str, Tally]]
    due_now: int
    due_breakdown: dict[str, int]
    forecast: list[tuple[date, int]]
    personal_bests: dict[str, DrillResult] = field(default_factory=dict)
    database: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The `quizzer stats --json` object (documented in docs/stats-json.md)."""
        return {
            "version": 1,
            "database": self.database,
            "today": self.today.isoformat(),
            "answers_total": self.answers.count,
            "correct_total": self.answers.correct,
            "accuracy": self.answers.to_dict()["accuracy"],
            "skipped_total": self.skipped,
            "per_skill": {skill: tally.to_dict() for skill, tally in self.skills.items()},
            "per_kind": {kind: tally.to_dict() for kind, tally in self.kinds.items()},
            "per_mode": {mode: tally.to_dict() for mode, tally in self.modes.items()},
            "daily": {day.isoformat(): tally.to_dict() for day, tally in self.days.items()},
            "weekly": [
                {"week_start": start.isoformat(), **tally.to_dict()} for start, tally in self.weeks
            ],
            "streak_days": self.streak_days,
            "weakest_skills": [
                {"skill": skill, **tally.to_dict()} for skill, tally in self.weakest
            ],
            "due_now": self.due_now,
            "due_now_by_kind": dict(self.due_breakdown),
            "forecast": [{"date": day.isoformat(), "due": count} for day, count in self.forecast],
            "personal_bests": {
                key: {name: value for name, value in best.to_dict().items()
                      if name != "settings_key"}
                for key, best in self.personal_bests.items()
            },
        }


def build(answers: Sequence[AnswerRecord], now: datetime, tz: tzinfo | None = None, *,
          due_now: int = 0, due_breakdown: Mapping[str, int] | None = None,
          forecast: Sequence[tuple[date, int]] = (),
          personal_bests: Mapping[str, DrillResult] | None = None,
          database: str | None = None) -> Stats:
    """Statistics of `answers` as of `now`."""
    today = now.astimezone(tz).date()
    days = daily(answers, tz)
    total = Tally(sum(t.count for t in days.values()), sum(t.correct for t in days.values()))
    return Stats(
        today=today,
        answers=total,
        skipped=sum(1 for answer in answers if answer.skipped),
        skills=per_skill(answers),
        kinds=per_kind(answers),
        modes=per_mode(answers),
        days=days,
        weeks=weekly(days, today),
        streak_days=streak(days, today),
        weakest=weakest_skills(answers),
        due_now=due_now,
        due_breakdown=dict(due_breakdown or {}),
        forecast=list(forecast),
        personal_bests=dict(personal_bests or {}),
        database=database,
    )


def collect(store: Store, now: datetime | None = None, tz: tzinfo | None = None) -> Stats:
    """Statistics of everything in `store` as of `now`."""
    now = now or datetime.now().astimezone()
    due = store.due_items(now)
    breakdown = {
        "skills": sum(1 for item in due if item.kind == "skill" and item.state != "new"),
        "cards": sum(1 for item in due if item.kind == "card" and item.state != "new"),
        "new": sum(1 for item in due if item.state == "new"),
    }
    return build(
        store.answers(), now, tz, due_now=len(due), due_breakdown=breakdown,
        forecast=store.forecast(now, 7, tz), personal_bests=store.personal_bests(),
        database=str(store.path),
    )


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


def percent(tally: Tally) -> str:
    """`75%`, or `–` when there are no answers."""
    accuracy = tally.accuracy
    return "–" if accuracy is None else f"{accuracy:.0%}"


def overview_lines(stats: Stats) -> list[str]:
    """Totals, streak, reviews due now and the 7-day forecast."""
    total = stats.answers
    lines = [
        f"Answers: {total.count:,} ({total.correct:,} right, {percent(total)})"
        + (f", {stats.skipped:,} skipped" if stats.skipped else ""),
        f"Streak: {_count(stats.streak_days, 'day')}",
    ]
    breakdown = stats.due_breakdown
    lines.append(
        f"Due for review now: {stats.due_now} ({_count(breakdown.get('skills', 0), 'skill')}, "
        f"{_count(breakdown.get('cards', 0), 'card')}, {breakdown.get('new', 0)} new)"
    )
    if stats.forecast:
        lines.append("Next 7 days: " + "  ".join(
            f"{day:%a} {count}" for day, count in stats.forecast
        ))
    return lines


def trend_lines(stats: Stats) -> list[str]:
    """The weekly trend as sparklines: accuracy (the height is the share right; a blank week
    had no answers) and the number of answers."""
    from quizzer.core.charts import sparkline

    accuracies = [tally.accuracy for _start, tally in stats.weeks]
    counts = [float(tally.count) for _start, tally in stats.weeks]
    return [
        f"Weekly accuracy, last {len(stats.weeks)} weeks: [{sparkline(accuracies, top=1)}]",
        f"Answers per week, last {len(stats.weeks)} weeks: [{sparkline(counts)}] "
        f"(busiest: {max((int(c) for c in counts), default=0):,})",
    ]


def activity_lines(stats: Stats, weeks: int = 12) -> list[str]:
    """The calendar heat map of answers per day, `weeks` weeks up to today."""
    from quizzer.core.charts import heatmap

    counts = {day: tally.count for day, tally in stats.days.items()}
    return [f"Activity, last {weeks} weeks:", heatmap(counts, stats.today, weeks)]


def kinds_line(stats: Stats) -> str:
    return "Per question kind: " + ", ".join(
        f"{kind} {percent(tally)} of {tally.count:,}" for kind, tally in stats.kinds.items()
    )


def weakest_lines(stats: Stats) -> list[str]:
    return ["Weakest skills (their last answers):"] + [
        f"  {skill}: {percent(tally)} of {tally.count}" for skill, tally in stats.weakest
    ]


def best_text(best: DrillResult) -> str:
    """`5 right of 10, 50%, 4.2 questions/min`"""
    return (f"{best.score} right of {best.questions}, {best.accuracy:.0%}, "
            f"{best.qpm:.1f} questions/min")


def render_text(stats: Stats, weeks: int = 12) -> str:
    """The report `quizzer stats` prints (and the Stats screen shows in parts): totals,
    streak, reviews due, weekly trend (sparklines), activity heat map of `weeks` weeks, per
    skill and kind, weakest skills, personal bests."""
    lines = overview_lines(stats)
    lines += ["", *trend_lines(stats)]
    lines += ["", *activity_lines(stats, weeks)]
    if stats.skills:
        width = max(len(skill) for skill in stats.skills)
        lines += ["", f"{'Skill':<{width}}  answers  right  accuracy"]
        lines += [
            f"{skill:<{width}}  {tally.count:>7,}  {tally.correct:>5,}  {percent(tally):>8}"
            for skill, tally in stats.skills.items()
        ]
    if stats.kinds:
        lines += ["", kinds_line(stats)]
    if stats.weakest:
        lines += ["", *weakest_lines(stats)]
    if stats.personal_bests:
        lines += ["", "Personal bests:"]
        lines += [f"  {key}: {best_text(best)}" for key, best in stats.personal_bests.items()]
    return "\n".join(lines)
