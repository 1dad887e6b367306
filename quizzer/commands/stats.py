"""`quizzer stats`: answers, accuracy, streak, activity, due reviews and personal bests."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from quizzer.core.stats import Stats, Tally


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "stats", help="your progress: accuracy per skill, streak, activity, reviews due"
    )
    parser.add_argument(
        "--json", action="store_true", help="print one JSON object (see docs/stats-json.md)"
    )
    parser.add_argument(
        "--weeks", type=int, default=12, metavar="N", help="weeks in the activity map (1-52)"
    )


def _percent(tally: Tally) -> str:
    accuracy = tally.accuracy
    return "–" if accuracy is None else f"{accuracy:.0%}"


def render(stats: Stats, weeks: int) -> str:
    """The text report."""
    from quizzer.core.charts import heatmap, sparkline

    total = stats.answers
    lines = [
        f"Answers: {total.count:,} ({total.correct:,} right, {_percent(total)})"
        + (f", {stats.skipped:,} skipped" if stats.skipped else ""),
        f"Streak: {stats.streak_days} day{'s' if stats.streak_days != 1 else ''}",
    ]
    breakdown = stats.due_breakdown
    lines.append(
        f"Due for review now: {stats.due_now} ({breakdown.get('skills', 0)} skills, "
        f"{breakdown.get('cards', 0)} cards, {breakdown.get('new', 0)} new)"
    )
    if stats.forecast:
        lines.append("Next 7 days: " + "  ".join(
            f"{day:%a} {count}" for day, count in stats.forecast
        ))
    accuracies = [tally.accuracy for _start, tally in stats.weeks]
    lines += ["", f"Weekly accuracy, last {len(stats.weeks)} weeks: [{sparkline(accuracies)}]"]
    counts = {day: tally.count for day, tally in stats.days.items()}
    lines += ["", f"Activity, last {weeks} weeks:", heatmap(counts, stats.today, weeks)]
    if stats.skills:
        width = max(len(skill) for skill in stats.skills)
        lines += ["", f"{'Skill':<{width}}  answers  right  accuracy"]
        lines += [
            f"{skill:<{width}}  {tally.count:>7,}  {tally.correct:>5,}  {_percent(tally):>8}"
            for skill, tally in stats.skills.items()
        ]
    if stats.kinds:
        lines += ["", "Per question kind: " + ", ".join(
            f"{kind} {_percent(tally)} of {tally.count:,}" for kind, tally in stats.kinds.items()
        )]
    if stats.weakest:
        lines += ["", "Weakest skills (recent answers): " + ", ".join(
            f"{skill} {_percent(tally)} of {tally.count}" for skill, tally in stats.weakest
        )]
    if stats.personal_bests:
        lines += ["", "Personal bests:"]
        lines += [
            f"  {key}: {best.score} right of {best.questions}, {best.accuracy:.0%}, "
            f"{best.qpm:.1f} questions/min"
            for key, best in stats.personal_bests.items()
        ]
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    import json
    import sys

    from quizzer.core.stats import collect
    from quizzer.core.store import Store, StoreError

    if not 1 <= args.weeks <= 52:
        print("quizzer stats: --weeks must be between 1 and 52", file=sys.stderr)
        return 2
    try:
        with Store.open() as store:
            for notice in store.notices:
                print(notice, file=sys.stderr)
            stats = collect(store)
    except StoreError as error:
        print(f"quizzer stats: {error}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(stats.to_json(), ensure_ascii=False, indent=2))
    else:
        print(render(stats, args.weeks))
    return 0
