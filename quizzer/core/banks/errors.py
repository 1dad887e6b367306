"""Bank errors: each names the file, line and column, what is wrong, and what was expected."""

from __future__ import annotations

from dataclasses import dataclass

from quizzer.core.errors import QuizzerError


@dataclass(frozen=True)
class BankError:
    """One problem in a bank file, at a 1-based line and column."""

    path: str
    line: int
    column: int
    message: str
    """What is wrong, e.g. `units is -3`."""
    expected: str
    """What would be right, e.g. `a whole number of at least 1`."""

    def __post_init__(self) -> None:
        # One line always: quoted values may hold newlines or tabs.
        for name in ("message", "expected"):
            text = getattr(self, name)
            if any(c in text for c in "\n\r\t"):
                clean = text.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t")
                object.__setattr__(self, name, clean)

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message} (expected {self.expected})"


class BankInvalid(QuizzerError):
    """A bank that cannot be used; `errors` lists every problem found, in file order."""

    def __init__(self, errors: tuple[BankError, ...]) -> None:
        self.errors = errors
        first = str(errors[0]) if errors else "invalid bank"
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        super().__init__(first + more)
