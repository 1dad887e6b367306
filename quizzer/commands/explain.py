"""`quizzer explain`: read Keras or PyTorch code, print the summary and the worked solution."""

from __future__ import annotations

import argparse
import os
import sys


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", nargs="?", default="-", help="a file of model code, or - (stdin)")
    parser.add_argument("--framework", choices=["keras", "pytorch"], help="default: detected")
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def run(args: argparse.Namespace) -> int:
    import json

    from quizzer.core.errors import QuizzerError
    from quizzer.core.parsing import MAX_BYTES, parse_model
    from quizzer.core.parsing.explanation import explanation_json, explanation_text

    source = "<stdin>" if args.file == "-" else args.file
    try:
        data = _read(args.file, MAX_BYTES + 1)
    except OSError as error:
        return _fail(source, (error.strerror or str(error)).lower())
    try:
        parsed = parse_model(data, args.framework)
    except QuizzerError as error:
        return _fail(source, str(error))
    if args.json:
        text = json.dumps(explanation_json(parsed), indent=2, ensure_ascii=False) + "\n"
    else:
        text = explanation_text(parsed, detected=args.framework is None)
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:  # `quizzer explain ... | head`: the reader left early
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


def _read(path: str, limit: int) -> bytes:
    """At most `limit` bytes of the file, or of stdin for `-` (the reader refuses more)."""
    if path != "-":
        with open(path, "rb") as file:
            return file.read(limit)
    if sys.stdin.isatty():
        print("quizzer explain: reading model code from stdin (end with Ctrl-D)",
              file=sys.stderr)
    stream = getattr(sys.stdin, "buffer", None)
    if stream is not None:
        data = stream.read(limit)
        return data if isinstance(data, bytes) else str(data).encode()
    return sys.stdin.read(limit).encode("utf-8", "surrogateescape")


def _fail(source: str, message: str) -> int:
    print(f"quizzer explain: {source}: {message}", file=sys.stderr)
    return 2
