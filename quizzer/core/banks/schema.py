"""What a valid bank is made of: its metadata and its model, template and text cards."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from quizzer.core.banks.templates import ModelTemplate
from quizzer.core.model import Framework, Model, Shape

CardType = Literal["model", "template", "text"]
CARD_TYPES: tuple[CardType, ...] = ("model", "template", "text")

Ask = Literal["total", "layer", "trainable", "non_trainable", "output_shape"]
ASKS: tuple[Ask, ...] = ("total", "layer", "trainable", "non_trainable", "output_shape")
"""What a model or template card asks: the total, one layer's count, the trainable or
non-trainable count, or one layer's output shape."""


@dataclass(frozen=True, kw_only=True)
class Card:
    """What every card has."""

    id: str
    type: CardType
    framework: Framework
    line: int
    """Where the card starts in its file (1-based)."""
    prompt: str | None = None
    """The question's wording; a default is written from `ask` when missing."""
    explanation: str | None = None
    """Added after the worked solution."""
    skills: tuple[str, ...] = ()
    difficulty: int | None = None


@dataclass(frozen=True, kw_only=True)
class ModelCard(Card):
    """A fixed model (from layers or from code) and what to ask about it."""

    model: Model
    ask: Ask = "total"
    layer_index: int | None = None
    """0-based, for `ask: layer` and `ask: output_shape`."""
    answer: int | Shape | None = None
    """The stated answer, checked against the engine when the bank is validated."""
    source_code: str | None = None
    """The card's code as written, when the model was given as Keras/PyTorch code."""


@dataclass(frozen=True, kw_only=True)
class TemplateCard(Card):
    """Layers whose sizes are drawn anew for every question: a skill drill."""

    template: ModelTemplate
    example: Model
    """A valid draw, found when the bank was validated (used if later draws keep failing)."""
    ask: Ask = "total"
    layer_index: int | None = None


@dataclass(frozen=True, kw_only=True)
class TextCard(Card):
    """A free question with the answers accepted for it."""

    question: str
    answers: tuple[str, ...]
    """Every accepted answer; the first is the one shown."""
    code: str = ""
    """Code shown with the question (not run, not checked)."""


AnyCard = ModelCard | TemplateCard | TextCard


@dataclass(frozen=True)
class Bank:
    """A valid question bank."""

    id: str
    title: str
    cards: tuple[AnyCard, ...]
    path: str
    """Where the bank was read from."""
    framework: Framework = "keras"
    """The default framework of its cards."""
    description: str = ""
    author: str = ""
    id_line: int = 1
    id_column: int = 1

    def card(self, card_id: str) -> AnyCard | None:
        """The card with this id, if any."""
        return next((card for card in self.cards if card.id == card_id), None)
