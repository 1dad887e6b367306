"""The `quizzer` command line. Imports stay inside the commands so start-up is fast."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="quizzer", description="Learn to count the parameters of neural networks."
    )
    commands = parser.add_subparsers(dest="command")
    explain = commands.add_parser(
        "explain", help="count the parameters of Keras or PyTorch code, with a worked solution"
    )
    explain.add_argument("file", nargs="?", default="-", help="a file of model code, or - for stdin")
    explain.add_argument("--framework", choices=["keras", "pytorch"])
    explain.add_argument("--json", action="store_true", help="print one JSON object")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "explain":
        from quizzer.commands.explain import run_explain

        return run_explain(args.file, args.framework, args.json)
    print("quizzer: the trainer is not built yet; try `quizzer explain`", file=sys.stderr)
    return 2
