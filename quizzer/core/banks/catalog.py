"""Finding and loading banks: shipped with quizzer, in the user's banks folder, or given paths.

One bad bank never stops the others: each file becomes a `BankResult`, the bank or its errors.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Literal

from quizzer.core.banks.errors import BankError, BankInvalid
from quizzer.core.banks.loader import LIMITS, Limits, LoadFailure, read_file
from quizzer.core.banks.schema import Bank
from quizzer.core.banks.validate import validate_bytes

Origin = Literal["shipped", "user", "path"]
BANK_SUFFIXES = (".yaml", ".yml")
SHIPPED_PACKAGE = "quizzer.question_banks"


@dataclass(frozen=True)
class BankResult:
    """One bank file: the bank when it is valid, else every error found in it."""

    path: str
    origin: Origin
    bank: Bank | None
    errors: tuple[BankError, ...] = ()

    @property
    def ok(self) -> bool:
        return self.bank is not None and not self.errors

    @property
    def name(self) -> str:
        """The bank id, or the file name when the bank could not be read."""
        return self.bank.id if self.bank else Path(self.path).stem


def load_bank_bytes(data: bytes, source: str, origin: Origin = "path",
                    limits: Limits = LIMITS, check_code: bool = False) -> BankResult:
    """A bank from a file's bytes; `source` names it in errors. `check_code` also renders
    every model's code (as `quizzer bank validate` does); loading skips it for speed."""
    bank, errors = validate_bytes(data, source, limits, check_code)
    return BankResult(source, origin, bank, errors)


def load_bank_file(path: str | Path, origin: Origin = "path", limits: Limits = LIMITS,
                   check_code: bool = False) -> BankResult:
    """A bank file, read safely and validated; never raises for a bad file."""
    path = Path(path)
    try:
        data = read_file(path, limits)
    except LoadFailure as failure:
        return BankResult(str(path), origin, None, (failure.error,))
    return load_bank_bytes(data, str(path), origin, limits, check_code)


def load_bank(path: str | Path) -> Bank:
    """A valid bank, or BankInvalid listing every error."""
    result = load_bank_file(path)
    if result.bank is None:
        raise BankInvalid(result.errors)
    return result.bank


def shipped_bank_files() -> list[Traversable]:
    """The banks installed with quizzer (`quizzer/question_banks/*.yaml`)."""
    try:
        folder: Traversable = resources.files(SHIPPED_PACKAGE)
    except ModuleNotFoundError:
        # Running from a source checkout that is not installed: the repository's folder.
        folder = Path(__file__).resolve().parents[3] / "question_banks"
        if not folder.is_dir():
            return []
    return sorted((f for f in folder.iterdir() if f.name.endswith(BANK_SUFFIXES)),
                  key=lambda f: f.name)


def bank_files(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given; folders replaced by the bank files directly inside them."""
    files: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            files.extend(sorted(p for p in path.iterdir()
                                if p.suffix in BANK_SUFFIXES and p.is_file()))
        else:
            files.append(path)
    return files


def user_bank_files() -> list[Path]:
    """The bank files in the user's banks folder (none when it does not exist)."""
    from quizzer.core.locations import user_banks_dir

    folder = user_banks_dir()
    return bank_files([folder]) if folder.is_dir() else []


def load_all_banks(extra_paths: Iterable[str | Path] = (), *, shipped: bool = True,
                   user: bool = True) -> list[BankResult]:
    """Every bank found: shipped, then the user's folder, then `extra_paths` (files or
    folders). A bank whose id is already taken gets an error instead of shadowing the other."""
    results: list[BankResult] = []
    seen_files: set[Path] = set()
    if shipped:
        for item in shipped_bank_files():
            results.append(load_bank_bytes(item.read_bytes(), str(item), "shipped"))
            if isinstance(item, Path):  # a shipped file given again as a path: listed once
                seen_files.add(item.resolve())
    sources: list[tuple[Path, Origin]] = []
    if user:
        sources += [(p, "user") for p in user_bank_files()]
    sources += [(p, "path") for p in bank_files(extra_paths)]
    for path, origin in sources:
        key = path.resolve()
        if key in seen_files:
            continue
        seen_files.add(key)
        results.append(load_bank_file(path, origin))
    return unique_ids(results)


def unique_ids(results: list[BankResult]) -> list[BankResult]:
    """The results, with any bank whose id an earlier one took turned into an error."""
    owners: dict[str, str] = {}
    unique = []
    for result in results:
        bank = result.bank
        if bank is not None and bank.id in owners:
            error = BankError(result.path, bank.id_line, bank.id_column,
                              f"the bank id '{bank.id}' is already used by {owners[bank.id]}",
                              "an id no other bank uses")
            result = replace(result, bank=None, errors=(error,))
        elif bank is not None:
            owners[bank.id] = result.path
        unique.append(result)
    return unique
