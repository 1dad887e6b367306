"""`quizzer drill`: a timed drill (1, 2 or 5 minutes, or 10 or 20 questions), in the TUI or
as plain lines with `--plain`. The options and start-up are shared with `quizzer practice`."""

from __future__ import annotations

import argparse

from quizzer.commands.practice import add_session_options, start
from quizzer.core.drill import DRILL_MINUTES, DRILL_QUESTIONS, DrillLimit


def add_arguments(parser: argparse.ArgumentParser) -> None:
    length = parser.add_mutually_exclusive_group()
    length.add_argument("--minutes", type=int, choices=DRILL_MINUTES, help="default: 1")
    length.add_argument("--questions", type=int, choices=DRILL_QUESTIONS)
    add_session_options(parser)


def run(args: argparse.Namespace) -> int:
    if args.questions is not None:
        limit = DrillLimit(questions=args.questions)
    else:
        limit = DrillLimit(minutes=args.minutes or 1)
    return start(args, "drill", limit)
