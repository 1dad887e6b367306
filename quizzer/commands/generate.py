"""`quizzer generate`: print generated questions as JSON Lines, YAML or text for paper study.

The same seed and options always print the same bytes. Without `--seed` a random seed is
drawn and printed to stderr, so the run can be repeated.
"""

from __future__ import annotations

import argparse

FAMILY_NAMES = ("mlp", "cnn", "rnn", "norm", "attention", "mixed")
KIND_NAMES = ("any", "total", "layer", "trainable", "output_shape", "solve", "compare")
FORMATS = ("jsonl", "yaml", "text")


def count(text: str) -> int:
    """`--count`: a whole number, 0 or more."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, got {value}")
    return value


def difficulty(text: str) -> int:
    """`--difficulty`: 1 to 5."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 1 <= value <= 5:
        raise argparse.ArgumentTypeError(f"must be 1, 2, 3, 4 or 5, got {text!r}")
    return value


def seed(text: str) -> int:
    """`--seed`: any whole number."""
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Print generated questions. The same seed and options print the same output on any "
        "machine."
    )
    parser.add_argument("--count", type=count, default=10, metavar="N",
                        help="how many questions (default 10)")
    parser.add_argument("--seed", type=seed, metavar="S",
                        help="the seed (default: random, printed to stderr)")
    parser.add_argument("--framework", choices=("keras", "pytorch"), default="keras")
    parser.add_argument("--difficulty", type=difficulty, default=1, metavar="D",
                        help="1 (seed-sized) to 5 (8-15 layer mixed models); default 1")
    parser.add_argument("--family", choices=FAMILY_NAMES, default="mixed")
    parser.add_argument("--kind", choices=KIND_NAMES, default="any")
    parser.add_argument("--format", choices=FORMATS, default="jsonl", dest="output_format",
                        help="jsonl (default), yaml, or text (each question, then its solution)")


def run(args: argparse.Namespace) -> int:
    import sys

    from quizzer.core.generator.formats import write_questions

    chosen_seed = args.seed
    if chosen_seed is None:
        import secrets

        chosen_seed = secrets.randbelow(1_000_000)
        print(f"quizzer generate: seed {chosen_seed} (repeat with --seed {chosen_seed})",
              file=sys.stderr)
    from quizzer.core.generator import GeneratorOptions

    kind = None if args.kind == "any" else args.kind
    options = GeneratorOptions(args.framework, args.difficulty, args.family, kind)
    try:
        write_questions(sys.stdout, chosen_seed, options, args.count, args.output_format)
    except BrokenPipeError:
        import os

        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    return 0
