"""The `quizzer` command line. Each subcommand lives in `quizzer.commands`; they are imported
only to declare their arguments, and their heavy imports happen inside `run`."""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Sequence
from typing import Protocol, cast

COMMANDS = ("explain", "practice", "drill", "generate", "bank", "stats", "export", "check")
"""Subcommand modules in `quizzer.commands`, in the order `--help` lists them."""


class Command(Protocol):
    def add_parser(self, commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
        ...

    def run(self, args: argparse.Namespace) -> int:
        ...


def load(name: str) -> Command:
    return cast(Command, importlib.import_module(f"quizzer.commands.{name}"))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="quizzer", description="Learn to count the parameters of neural networks."
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        load(name).add_parser(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command is None:
            from quizzer.commands.practice import open_home

            return open_home()
        return load(args.command).run(args)
    except KeyboardInterrupt:
        return 130
