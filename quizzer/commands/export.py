"""`quizzer export`: write the whole answer history as JSON or CSV."""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=["json", "csv"], default="json",
                        help="json (answers, drills, review log) or csv (answers); default json")
    parser.add_argument("--output", "-o", metavar="FILE",
                        help="write to FILE (replaced whole, never half-written); default stdout")


def run(args: argparse.Namespace) -> int:
    import io
    import os
    import sys
    import tempfile
    from pathlib import Path

    from quizzer.core.store import Store, StoreError
    from quizzer.core.store.export import write_csv, write_json

    buffer = io.StringIO()
    try:
        with Store.open() as store:
            for notice in store.notices:
                print(notice, file=sys.stderr)
            if args.format == "json":
                count = write_json(store, buffer)
            else:
                count = write_csv(store.answers(), buffer)
    except StoreError as error:
        print(f"quizzer export: {error}", file=sys.stderr)
        return 1
    if args.output is None or args.output == "-":
        sys.stdout.write(buffer.getvalue())
        return 0
    target = Path(args.output)
    try:
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(buffer.getvalue())
        os.replace(temporary, target)
    except OSError as error:
        print(f"quizzer export: cannot write {target}: {error.strerror or error}",
              file=sys.stderr)
        return 1
    print(f"quizzer: wrote {count:,} answers to {target}", file=sys.stderr)
    return 0
