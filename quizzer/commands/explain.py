"""`quizzer explain`: read Keras or PyTorch code, print the summary and the worked solution."""

from __future__ import annotations

import argparse


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "explain", help="count the parameters of Keras or PyTorch code, with a worked solution"
    )
    parser.add_argument("file", nargs="?", default="-", help="a file of model code, or - (stdin)")
    parser.add_argument("--framework", choices=["keras", "pytorch"], help="default: detected")
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def run(args: argparse.Namespace) -> int:
    raise NotImplementedError("the code reader is being written")
