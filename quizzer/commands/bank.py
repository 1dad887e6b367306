"""`quizzer bank`: validate bank files, list the banks found, write a starter bank."""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Question banks are YAML files of your own questions (docs/question-banks.md)."
    )
    actions = parser.add_subparsers(dest="bank_command", metavar="ACTION")
    validate = actions.add_parser(
        "validate", help="check bank files; every error as file:line:column",
        description="Check bank files and report every error at once. Exit status: 0 all "
        "valid, 1 some invalid, 2 usage errors.",
    )
    validate.add_argument("paths", nargs="+", metavar="PATH",
                          help="a bank file, or a folder of .yaml/.yml files")
    listing = actions.add_parser("list", help="the banks found, their cards, where, errors")
    listing.add_argument("--bank", action="append", default=[], metavar="PATH",
                         help="also a bank file or folder (repeatable)")
    new = actions.add_parser("new", help="write a commented starter bank")
    new.add_argument("name", help="the bank id, e.g. my-course")
    new.add_argument("--path", metavar="PATH",
                     help="a file or folder to write to (default: your banks folder)")


def run(args: argparse.Namespace) -> int:
    if args.bank_command == "validate":
        return _validate(args.paths)
    if args.bank_command == "list":
        return _list(args.bank)
    if args.bank_command == "new":
        return _new(args.name, args.path)
    import sys

    print("quizzer bank: choose an action: validate, list or new (see quizzer bank -h)",
          file=sys.stderr)
    return 2


def _validate(paths: list[str]) -> int:
    import sys
    from pathlib import Path

    from quizzer.core.banks.catalog import bank_files, load_bank_file, unique_ids

    for path in map(Path, paths):
        if not path.exists():
            print(f"quizzer bank validate: no such file or folder: {path}", file=sys.stderr)
            return 2
        if path.is_dir() and not bank_files([path]):
            print(f"quizzer bank validate: no bank files (.yaml, .yml) in {path}",
                  file=sys.stderr)
            return 2
    results = unique_ids([load_bank_file(p, check_code=True) for p in bank_files(paths)])
    errors = 0
    for result in results:
        if result.bank is not None:
            print(f"{result.path}: ok, {_cards(len(result.bank.cards))} ({result.bank.id})")
        for error in result.errors:
            print(error)
        errors += len(result.errors)
    bad = sum(1 for r in results if not r.ok)
    banks = f"{len(results)} bank{'s' if len(results) != 1 else ''}"
    if bad:
        print(f"{banks} checked: {bad} invalid, {errors} error{'s' if errors != 1 else ''}")
        return 1
    print(f"{banks} checked: all valid")
    return 0


def _list(extra: list[str]) -> int:
    from quizzer.core.banks import load_all_banks
    from quizzer.core.locations import user_banks_dir

    results = load_all_banks(extra)
    width = max([len(r.name) for r in results] + [4])
    print("Question banks:" if results else "No question banks found.")
    for result in results:
        if result.bank is not None:
            status = _cards(len(result.bank.cards))
        else:
            status = f"invalid, {len(result.errors)} error{'s' if len(result.errors) != 1 else ''}"
        print(f"  {result.name:<{width}}  {status:<18}  {result.origin:<7}  {result.path}")
        for error in result.errors:
            print(f"      {error}")
    print(f"\nYour banks folder: {user_banks_dir()}")
    print("Add .yaml files there, or write a starter bank with: quizzer bank new NAME")
    return 0


def _new(name: str, where: str | None) -> int:
    import sys
    from pathlib import Path

    from quizzer.core.banks.starter import starter_bank
    from quizzer.core.banks.validate import ID_EXPECTED, ID_PATTERN
    from quizzer.core.locations import user_banks_dir

    if not ID_PATTERN.match(name):
        print(f"quizzer bank new: '{name}' cannot be a bank id (expected {ID_EXPECTED})",
              file=sys.stderr)
        return 2
    path = Path(where).expanduser() if where else user_banks_dir() / f"{name}.yaml"
    if path.is_dir():
        path = path / f"{name}.yaml"
    if path.exists():
        print(f"quizzer bank new: {path} already exists; nothing was written (choose another "
              "name or path)", file=sys.stderr)
        return 1
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8") as stream:
            stream.write(starter_bank(name))
    except OSError as error:
        print(f"quizzer bank new: cannot write {path}: {error.strerror or error}",
              file=sys.stderr)
        return 1
    print(f"Wrote {path}")
    print(f"Edit it, then check it with: quizzer bank validate {path}")
    return 0


def _cards(count: int) -> str:
    return f"{count:,} card{'s' if count != 1 else ''}"
