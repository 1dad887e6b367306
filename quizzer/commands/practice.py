"""`quizzer practice`: a study session in the TUI, or as plain lines with `--plain`.

`quizzer drill` shares the options and the start-up here. With the same seed and options, a
session serves exactly the questions of `quizzer generate --seed S` (both iterate
`quizzer.core.generator.generate` with the same defaults).
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from quizzer.core.drill import DrillLimit
    from quizzer.core.generator import GeneratorOptions
    from quizzer.core.questions import Question
    from quizzer.core.sessions import Settings


def add_session_options(parser: argparse.ArgumentParser) -> None:
    """The options `practice` and `drill` share."""
    parser.add_argument(
        "--seed", type=int,
        help="the question sequence (default: a random seed, shown); the same seed and "
        "options serve the questions of `quizzer generate --seed`",
    )
    parser.add_argument(
        "--difficulty", type=int, choices=range(1, 6), metavar="{1-5}", help="default: 1"
    )
    parser.add_argument("--framework", choices=("keras", "pytorch"), help="default: keras")
    parser.add_argument(
        "--family", help="mlp, cnn, rnn, norm, attention or mixed (default: mixed)"
    )
    parser.add_argument(
        "--plain", action="store_true",
        help="plain lines on stdin/stdout instead of the TUI (screen readers, pipes, scripts)",
    )
    parser.add_argument(
        "--bank", action="append", default=[], metavar="PATH_OR_ID",
        help="serve the cards of a question bank (a .yaml file, a folder of them, or the id "
        "of a shipped or user bank, e.g. seed-examples), shuffled by the seed; repeatable",
    )


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_session_options(parser)


def run(args: argparse.Namespace) -> int:
    return start(args, "practice", None)


def open_home() -> int:
    """`quizzer` with no arguments: the TUI's home screen."""
    from quizzer.launching import Launch, session_hooks
    from quizzer.tui.app import run_app

    return run_app(Launch(), session_hooks())


def generator_options(args: argparse.Namespace, command: str) -> GeneratorOptions | None:
    """The options given, with `quizzer generate`'s defaults; None (after a one-line error)
    for an unknown family."""
    from quizzer.core.generator import FAMILIES, GeneratorOptions

    defaults = GeneratorOptions()
    family = args.family or defaults.family
    if family not in FAMILIES:
        print(f"quizzer {command}: error: unknown family {family!r} "
              f"(expected one of {', '.join(FAMILIES)})", file=sys.stderr)
        return None
    return GeneratorOptions(
        framework=args.framework or defaults.framework,
        difficulty=args.difficulty or defaults.difficulty,
        family=family,
    )


def start(args: argparse.Namespace, command: str, limit: DrillLimit | None) -> int:
    """Start a practice session (`limit` None) or a drill, in the TUI or in plain mode: from
    generated questions, or from the cards of the `--bank` banks."""
    from quizzer.launching import Launch, StartMode, describe, random_seed

    seed = args.seed if args.seed is not None else random_seed()
    mode: StartMode = "practice" if limit is None else "drill"
    if args.bank:
        source = bank_source(args, command, seed)
        if source is None:
            return 2
        questions, settings, title, paths = source
        launch = Launch(mode=mode, seed=seed, limit=limit, source=questions, title=title,
                        banks=paths)
        description = f"{title} · seed {seed}"
    else:
        options = generator_options(args, command)
        if options is None:
            return 2
        from quizzer.core.generator import generate
        from quizzer.core.sessions import options_settings

        questions, settings = generate(seed, options), options_settings(options)
        launch = Launch(mode=mode, options=options, seed=seed, limit=limit)
        description = describe(options, seed)
    if args.plain:
        length = f"{limit.label} · " if limit is not None else ""
        return _plain(questions, settings, seed, limit,
                      f"quizzer {command} · {length}{description}")
    from quizzer.launching import session_hooks
    from quizzer.tui.app import run_app

    return run_app(launch, session_hooks())


def bank_source(
    args: argparse.Namespace, command: str, seed: int
) -> tuple[Iterator[Question], Settings, str, tuple[str, ...]] | None:
    """The `--bank` banks' questions, their settings, title and the paths given; None (after
    the errors, one a line) when a bank does not load or generator options were also given."""
    from quizzer.core.banks.selection import choose_banks, session_questions

    clashing = [f"--{name}" for name in ("difficulty", "framework", "family")
                if getattr(args, name) is not None]
    if clashing:
        print(f"quizzer {command}: error: --bank cannot be combined with "
              f"{', '.join(clashing)} (a bank's cards fix their framework and sizes)",
              file=sys.stderr)
        return None
    choice = choose_banks(args.bank)
    if not choice.ok:
        for error in choice.errors:
            print(error, file=sys.stderr)
        print(f"quizzer {command}: error: the bank{'s' if len(args.bank) > 1 else ''} "
              "above cannot be used (check with: quizzer bank validate PATH)", file=sys.stderr)
        return None
    settings: Settings = {"source": choice.title}
    return session_questions(choice.banks, seed), settings, choice.title, choice.paths


def _plain(questions: Iterable[Question], settings: Settings, seed: int,
           limit: DrillLimit | None, title: str) -> int:
    from quizzer.core.sessions import Drill, Session
    from quizzer.launching import session_hooks
    from quizzer.plain import run_plain

    hooks = session_hooks()
    if limit is None:
        session = Session(questions, hooks=hooks, seed=seed, settings=settings)
    else:
        session = Drill(questions, limit, hooks=hooks, seed=seed, settings=settings)
    return run_plain(session, title, sys.stdin, sys.stdout)
