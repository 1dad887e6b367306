"""Question banks in YAML: safe loading, validation, shipped and user banks, and questions.

The TUI and sessions use `load_all_banks` (every bank found, or its errors) and
`bank_questions` (a bank's cards as `Question`s). The format is in docs/question-banks.md.
"""

from quizzer.core.banks.catalog import (
    BankResult,
    load_all_banks,
    load_bank,
    load_bank_bytes,
    load_bank_file,
)
from quizzer.core.banks.deck import bank_questions, card_question, find_card
from quizzer.core.banks.errors import BankError, BankInvalid
from quizzer.core.banks.loader import LIMITS, Limits
from quizzer.core.banks.schema import AnyCard, Bank, ModelCard, TemplateCard, TextCard

__all__ = [
    "LIMITS", "AnyCard", "Bank", "BankError", "BankInvalid", "BankResult", "Limits",
    "ModelCard", "TemplateCard", "TextCard", "bank_questions", "card_question", "find_card",
    "load_all_banks", "load_bank", "load_bank_bytes", "load_bank_file",
]
