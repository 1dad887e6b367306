"""`quizzer stats`: answers, accuracy, streak, activity, due reviews and personal bests."""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--json", action="store_true", help="print one JSON object (see docs/stats-json.md)"
    )
    parser.add_argument(
        "--weeks", type=int, default=12, metavar="N", help="weeks in the activity map (1-52)"
    )


def run(args: argparse.Namespace) -> int:
    import json
    import sys

    from quizzer.core.stats import collect, render_text
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
        print(render_text(stats, args.weeks))
    return 0
