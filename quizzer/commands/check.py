"""`quizzer check`: check the history database's integrity (changes nothing); exit 0 or 1."""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """`quizzer check` takes no options."""


def run(args: argparse.Namespace) -> int:
    import sys

    from quizzer.core.backup import list_backups
    from quizzer.core.locations import database_path
    from quizzer.core.store.checkup import check_database

    path = database_path()
    report = check_database(path)
    for line in report.lines:
        print(line)
    backups = list_backups(path.parent / "backups")
    if backups:
        print(f"backups: {len(backups)}, newest {backups[0][1]}")
    else:
        print("backups: none yet (one a day, once there are answers)")
    moved = sorted(path.parent.glob(f"{path.name}.corrupt-*"))
    if moved:
        print(f"files moved aside earlier: {', '.join(p.name for p in moved)}")
    if report.ok:
        print("check: ok")
    else:
        print(f"quizzer check: FAILED: {report.problems[0]}", file=sys.stderr)
    return 0 if report.ok else 1
