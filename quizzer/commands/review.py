"""`quizzer review`: spaced review of the skills and bank cards that are due (FSRS), in the TUI
or as plain lines with `--plain`. Each due skill comes as a freshly generated question that
exercises it, each due bank card as itself; only these answers change the schedules."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from quizzer.core.questions import Question
    from quizzer.core.sessions import Review

UNDO_WORDS = ("undo",)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--seed", type=int, help="the generated questions (default: a random seed, shown)"
    )
    parser.add_argument(
        "--difficulty", type=int, choices=range(1, 6), metavar="{1-5}",
        help="of the generated questions (default: 1; a skill may need another)",
    )
    parser.add_argument("--framework", choices=("keras", "pytorch"), help="default: keras")
    parser.add_argument(
        "--plain", action="store_true",
        help="plain lines on stdin/stdout instead of the TUI (`undo` takes back the last "
        "rating)",
    )


def run(args: argparse.Namespace) -> int:
    from quizzer.core.generator import GeneratorOptions
    from quizzer.launching import Launch, random_seed, session_hooks

    hooks = session_hooks()
    if hooks.store is None:
        print("quizzer review: error: there is no progress store to review from",
              file=sys.stderr)
        return 1
    defaults = GeneratorOptions()
    options = GeneratorOptions(
        framework=args.framework or defaults.framework,
        difficulty=args.difficulty or defaults.difficulty,
    )
    seed = args.seed if args.seed is not None else random_seed()
    if not args.plain:
        from quizzer.tui.app import run_app

        return run_app(Launch(mode="review", options=options, seed=seed), hooks)

    from datetime import datetime
    from itertools import chain

    from quizzer.core.review import due_counts, due_questions, nothing_due_text
    from quizzer.core.sessions import Review, options_settings
    from quizzer.launching import describe

    now = datetime.now().astimezone()
    due = hooks.store.due_items(now)
    if not due:
        print(nothing_due_text(hooks.store.next_due(now), now))
        return 0
    questions = due_questions(due, seed, options)
    first = next(questions, None)
    if first is None:
        print(f"{due_counts(due)}, but none of these skills can be made into a question with "
              "these options; practise them, or try another --framework.")
        return 0
    session = Review(chain((first,), questions), hooks=hooks, seed=seed,
                     settings=options_settings(options))
    title = (f"quizzer review · {due_counts(due)} · {describe(options, seed)}\n"
             "`undo` takes back the last rating and asks that question again.")
    return plain_review(session, title)


def plain_review(session: Review, title: str) -> int:
    """The plain line mode of `quizzer.plain`, plus `undo` at any answer prompt, and once
    more after the last question (where no further prompt would come)."""
    from quizzer.plain import PlainSession

    class PlainReview(PlainSession):
        def ask(self, question: Question) -> bool:
            going_on = super().ask(question)
            if going_on and session.can_undo and not session.has_next():
                self.say()
                line = super().read("That was the last one: `undo` takes back its rating, "
                                    "Enter finishes: ")
                if line is not None and line.strip().lower() in UNDO_WORDS:
                    session.undo()
                    self.say("Rating taken back: answer that question again.")
            return going_on

        def read(self, prompt: str) -> str | None:
            while True:
                line = super().read(prompt)
                if line is None or line.strip().lower() not in UNDO_WORDS:
                    return line
                if session.undo() is None:
                    self.say("There is no rating to undo.")
                else:
                    self.say("Rating taken back: that question comes again after this one.")

    return PlainReview(session, sys.stdin, sys.stdout).run(title)
