"""Banks chosen for a session (`--bank PATH_OR_ID`, or a bank picked on the Banks screen), and
their cards as one endless stream of questions.

A choice is a bank file, a folder of bank files, or the id of a shipped or user bank. Anything
that does not load is reported as error lines (`file:line:column: ...`) and no bank is used.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from quizzer.core.banks.catalog import (
    BANK_SUFFIXES,
    BankResult,
    bank_files,
    load_all_banks,
    load_bank_file,
    unique_ids,
)
from quizzer.core.banks.deck import bank_questions, card_question
from quizzer.core.banks.schema import AnyCard, Bank
from quizzer.core.banks.validate import ID_PATTERN
from quizzer.core.questions import Question


@dataclass(frozen=True)
class BankChoice:
    """The banks a session serves, or why it cannot."""

    banks: tuple[Bank, ...] = ()
    errors: tuple[str, ...] = ()
    """One line each: `file:line:column: what is wrong (expected ...)`, or what was not found."""
    paths: tuple[str, ...] = ()
    """The files and folders given as paths (not ids): the Banks screen lists them too."""

    @property
    def ok(self) -> bool:
        return bool(self.banks) and not self.errors

    @property
    def title(self) -> str:
        """What the session is called: the bank's title, or the titles joined with `+`."""
        return " + ".join(bank.title for bank in self.banks)


def choose_banks(specs: Sequence[str]) -> BankChoice:
    """The banks named by `specs` (paths, or ids of shipped or user banks), each used once.
    Every bank must load: one error anywhere makes the choice unusable."""
    results: list[BankResult] = []
    errors: list[str] = []
    paths: list[str] = []
    catalog: list[BankResult] | None = None
    for spec in specs:
        path = Path(spec).expanduser()
        try:
            files = bank_files([path]) if path.exists() else None
        except OSError as error:
            errors.append(f"{spec}: cannot read it: {error.strerror or error} "
                          "(expected a readable bank file or folder)")
            continue
        if files is not None:
            if not files:
                errors.append(f"{spec}: no bank files (.yaml, .yml) in this folder "
                              "(expected a bank file or a folder of them)")
                continue
            paths.append(str(path))
            results += [load_bank_file(file, "path") for file in files]
        elif _looks_like_id(spec):
            if catalog is None:
                catalog = load_all_banks()
            found = next((r for r in catalog if r.name == spec), None)
            if found is None:
                known = ", ".join(sorted(r.name for r in catalog if r.ok)) or "none"
                errors.append(f"{spec}: no such file or folder, and no shipped or user bank "
                              f"has this id (expected a bank file, a folder of them, or a "
                              f"bank id: {known})")
            else:
                results.append(found)
        else:
            results.append(load_bank_file(path, "path"))  # its error says it cannot be read
    results = unique_ids(_distinct(results))
    for result in results:
        errors += [str(error) for error in result.errors]
    banks = tuple(r.bank for r in results if r.bank is not None)
    return BankChoice(banks if not errors else (), tuple(errors), tuple(paths))


def session_questions(banks: Sequence[Bank], seed: int) -> Iterator[Question]:
    """The banks' cards without end: shuffled by `seed`, round after round (reshuffled each
    round), template cards drawn anew each time. One bank gives `bank_questions`' order."""
    if not banks:
        return
    if len(banks) == 1:
        yield from bank_questions(banks[0], seed, shuffle=True, repeat=True)
        return
    rng = random.Random(f"{seed}:" + "+".join(bank.id for bank in banks))
    cards: list[tuple[Bank, AnyCard]] = [(bank, card) for bank in banks for card in bank.cards]
    round_number = 0
    while True:
        rng.shuffle(cards)
        for bank, card in cards:
            yield card_question(bank, card, seed, round_number)
        round_number += 1


def _looks_like_id(spec: str) -> bool:
    return bool(ID_PATTERN.match(spec)) and not spec.lower().endswith(BANK_SUFFIXES)


def _distinct(results: Iterable[BankResult]) -> list[BankResult]:
    """Each file once, however often it was named (as a path, in a folder, by its id)."""
    seen: set[Path] = set()
    distinct = []
    for result in results:
        key = Path(result.path).resolve()
        if key not in seen:
            seen.add(key)
            distinct.append(result)
    return distinct
