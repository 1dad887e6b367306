"""The `quizzer` command line. Each subcommand lives in `quizzer.commands`.

Start-up matters (the trainer opens from here), so only the chosen subcommand's module is
imported to declare its arguments; `quizzer --help` lists every command from `COMMANDS`
without importing any. Heavy imports happen inside each command's `run`.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Iterable, Sequence
from typing import Protocol, cast

from quizzer.startup import hold_collector, release_collector

COMMANDS: dict[str, str] = {
    "explain": "count the parameters of Keras or PyTorch code, with a worked solution",
    "practice": "practise counting parameters, with a worked solution after each answer",
    "drill": "a timed drill: as many right answers as you can in the time",
    "review": "review the skills and bank cards that are due (spaced repetition)",
    "generate": "print generated questions (JSON Lines, YAML or text with solutions)",
    "bank": "question banks in YAML: validate, list, new",
    "stats": "your progress: accuracy per skill, streak, activity, reviews due",
    "export": "write your whole answer history (JSON or CSV)",
    "check": "check the history database's integrity and show a few figures",
}
"""Subcommand modules in `quizzer.commands`, in the order `--help` lists them, with their
one-line help (the only place it is written)."""


class Command(Protocol):
    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        ...

    def run(self, args: argparse.Namespace) -> int:
        ...


def load(name: str) -> Command:
    return cast(Command, importlib.import_module(f"quizzer.commands.{name}"))


def build_parser(loaded: Iterable[str] = COMMANDS) -> argparse.ArgumentParser:
    """The parser, with the full arguments of the commands in `loaded` (default: all); the
    others are listed by name and help only, enough for `--help` and for misspelt names."""
    parser = argparse.ArgumentParser(
        prog="quizzer", description="Learn to count the parameters of neural networks."
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    wanted = set(loaded)
    for name, help in COMMANDS.items():
        command_parser = commands.add_parser(name, help=help)
        if name in wanted:
            load(name).add_arguments(command_parser)
    return parser


def chosen_command(argv: Sequence[str]) -> str | None:
    """The subcommand named on the command line: the first argument that is not an option
    (`quizzer` itself takes no option with a value)."""
    first = next((arg for arg in argv if not arg.startswith("-")), None)
    return first if first in COMMANDS else None


def main(argv: Sequence[str] | None = None) -> int:
    hold_collector()  # start-up makes long-lived objects only (see quizzer.startup)
    try:
        return _run(sys.argv[1:] if argv is None else list(argv))
    finally:
        release_collector()


def _run(arguments: list[str]) -> int:
    command = chosen_command(arguments)
    args = build_parser(() if command is None else (command,)).parse_args(arguments)
    try:
        if args.command is None:
            from quizzer.commands.practice import open_home

            return open_home()
        status = load(args.command).run(args)
        sys.stdout.flush()  # a closed pipe shows here, where it is handled, not at exit
        return status
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return reader_gone()


def reader_gone() -> int:
    """The reader of our output went away (`quizzer generate | head -1`): stop quietly.
    Standard output is pointed at /dev/null so that the flush at exit cannot fail again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
    return 0
