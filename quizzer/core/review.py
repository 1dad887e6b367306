"""Spaced review of skills and bank cards with FSRS-6 (the `fsrs` package).

Every skill tag and every bank card has its own schedule: an `fsrs.Card`, kept as JSON in the
store. Only answers given in review mode change a schedule; practice and drills are history only.

How an answer is rated (the same rating goes to each skill of the question and to its card):

- skipped or wrong → Again
- right with one or more hints, or right after more than `SLOW_SECONDS` → Hard
- right without hints within `FAST_SECONDS` → Easy
- otherwise right → Good

Intervals are not fuzzed, so the same answers at the same times give the same schedule.
Items seen in any mode but never reviewed are *new*: due at once.
"""

from __future__ import annotations

import importlib
import json
import random
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from functools import cache
from typing import TYPE_CHECKING, Literal, NamedTuple

from quizzer.core.records import AnswerRecord

if TYPE_CHECKING:
    from fsrs import Scheduler

    from quizzer.core.banks import Bank
    from quizzer.core.generator import GeneratorOptions
    from quizzer.core.model import Framework
    from quizzer.core.questions import Question, QuestionKind

FAST_SECONDS = 20.0
"""A right answer without hints within this many seconds of thinking is rated Easy."""
SLOW_SECONDS = 120.0
"""A right answer after more than this many seconds of thinking is rated Hard."""

AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4
RATING_NAMES = {AGAIN: "again", HARD: "hard", GOOD: "good", EASY: "easy"}

ItemKind = Literal["skill", "card"]
ItemState = Literal["new", "learning", "review", "relearning"]


class ItemKey(NamedTuple):
    """What a schedule is for: a skill tag (`bank` is "") or a bank's card."""

    kind: ItemKind
    bank: str
    name: str

    @classmethod
    def skill(cls, tag: str) -> ItemKey:
        return cls("skill", "", tag)

    @classmethod
    def card(cls, bank: str, card: str) -> ItemKey:
        return cls("card", bank, card)

    def label(self) -> str:
        return self.name if self.kind == "skill" else f"{self.bank}/{self.name}"


@dataclass(frozen=True)
class DueItem:
    """Something review mode should serve now: a skill (serve a freshly generated question that
    exercises it) or a bank card (serve that card)."""

    key: ItemKey
    due: datetime | None
    """When it fell due (UTC); None for a new item, never reviewed."""
    state: ItemState

    @property
    def kind(self) -> ItemKind:
        return self.key.kind

    @property
    def skill(self) -> str | None:
        return self.key.name if self.key.kind == "skill" else None

    @property
    def bank(self) -> str | None:
        return self.key.bank if self.key.kind == "card" else None

    @property
    def card(self) -> str | None:
        return self.key.name if self.key.kind == "card" else None


def rating_for(record: AnswerRecord) -> int:
    """The FSRS rating (1 Again … 4 Easy) an answer earns; see the module docstring."""
    if record.skipped or not record.correct:
        return AGAIN
    if record.hints_used > 0 or record.thinking_seconds > SLOW_SECONDS:
        return HARD
    if record.thinking_seconds <= FAST_SECONDS:
        return EASY
    return GOOD


def schedule_keys(skills: Iterable[str], bank: str | None, card: str | None) -> list[ItemKey]:
    """The schedules an answer touches: each distinct skill, then the bank card if any."""
    keys = [ItemKey.skill(tag) for tag in dict.fromkeys(skills)]
    if bank is not None and card is not None:
        keys.append(ItemKey.card(bank, card))
    return keys


def items_of(record: AnswerRecord) -> list[ItemKey]:
    """The schedules an answer record touches."""
    return schedule_keys(record.skills, record.bank, record.card)


@cache
def scheduler() -> Scheduler:
    from fsrs import Scheduler

    return Scheduler(enable_fuzzing=False)


def utc(timestamp: float) -> datetime:
    return datetime.fromtimestamp(timestamp, UTC)


def new_card_json(key: ItemKey, now: datetime) -> str:
    """A never-reviewed schedule for `key`, due at `now`."""
    from fsrs import Card

    card_id = zlib.crc32("\x1f".join(key).encode("utf-8", "replace"))
    return json.dumps(Card(card_id=card_id, due=now.astimezone(UTC)).to_dict())


def review(key: ItemKey, card_json: str | None, rating: int, when: datetime,
           thinking_seconds: float) -> tuple[str, float]:
    """Apply one rating at `when`; returns the new card JSON and its due time (Unix)."""
    from fsrs import Card, Rating

    card = Card.from_json(card_json or new_card_json(key, when))
    duration = max(0, round(thinking_seconds * 1000))
    after, _log = scheduler().review_card(card, Rating(rating), when.astimezone(UTC), duration)
    return json.dumps(after.to_dict()), after.due.timestamp()


def card_state(card_json: str) -> ItemState:
    state = int(json.loads(card_json)["state"])
    return {1: "learning", 2: "review", 3: "relearning"}.get(state, "learning")  # type: ignore[return-value]


def retrievability(card_json: str, now: datetime) -> float:
    """The predicted chance (0-1) of recalling the item at `now`."""
    from fsrs import Card

    card = Card.from_json(card_json)
    return float(scheduler().get_card_retrievability(card, now.astimezone(UTC)))


@dataclass(frozen=True)
class Exercise:
    """What to generate to exercise a skill: any field may be None (the caller picks)."""

    skill: str
    family: str | None = None
    framework: Framework | None = None
    kind: QuestionKind | None = None


_FAMILY_BY_PREFIX = (
    ("dense", "mlp"), ("conv", "cnn"), ("depthwise", "cnn"), ("separable", "cnn"),
    ("pool", "cnn"), ("flatten", "cnn"), ("lstm", "rnn"), ("gru", "rnn"), ("rnn", "rnn"),
    ("embedding", "rnn"), ("bn", "norm"), ("layernorm", "norm"), ("params", "norm"),
    ("attention", "attention"), ("activation", "mlp"), ("dropout", "mlp"),
)
_SPECIAL: dict[str, tuple[str | None, Framework | None, QuestionKind | None]] = {
    "bn.keras_non_trainable": ("norm", "keras", "trainable"),
    "bn.pytorch_buffers": ("norm", "pytorch", None),
    "params.trainable_split": ("norm", "keras", "trainable"),
    "gru.reset_after": ("rnn", "keras", None),
    "pytorch.rnn_double_bias": ("rnn", "pytorch", None),
    "shape.last_axis": ("mlp", None, "output_shape"),
    "shape.return_sequences": ("rnn", None, "output_shape"),
    "shape.embedding": ("rnn", None, "output_shape"),
    "shape.channels_first": ("cnn", "pytorch", "output_shape"),
    "algebra.solve_unknown": (None, None, "solve"),
    "compare.difference": (None, None, "compare"),
}


def exercise_for(skill: str) -> Exercise:
    """Which generator family (and framework, question kind) is likely to exercise `skill`, for
    review mode's freshly generated questions. Fields the tag does not decide are None: the
    caller picks (and keeps generating until a question lists the skill).

    Uses `quizzer.core.skills.exercise_for` when that module provides one; otherwise the tags
    of `quizzer.core.skills.SKILLS` are mapped here (`conv2d.*` → cnn, `shape.*` → kind
    output_shape, `bn.keras_non_trainable` → norm, Keras, kind trainable, ...)."""
    try:
        catalogue: object = importlib.import_module("quizzer.core.skills")
    except ImportError:
        catalogue = None
    provider = getattr(catalogue, "exercise_for", None)
    if callable(provider):
        found = provider(skill)
        if isinstance(found, Exercise):
            return found
    if skill in _SPECIAL:
        return Exercise(skill, *_SPECIAL[skill])
    head, _, _rest = skill.partition(".")
    if head == "shape":
        return Exercise(skill, "cnn", None, "output_shape")
    family = next((fam for prefix, fam in _FAMILY_BY_PREFIX if head.startswith(prefix)), None)
    return Exercise(skill, family)


def question_for_skill(skill: str, seed: int, options: GeneratorOptions | None = None,
                       tries: int = 100) -> Question | None:
    """A freshly generated question that exercises `skill`, for review mode: the learner's
    `options` narrowed by `exercise_for(skill)`, searched from position 0 for `seed` (so the
    same seed gives the same question); then the other difficulties; None if none in `tries`
    positions each."""
    from dataclasses import replace

    from quizzer.core.errors import QuizzerError
    from quizzer.core.generator import (
        DIFFICULTIES,
        GENERATED_KINDS,
        GeneratorOptions,
        question_at,
    )

    base = options or GeneratorOptions()
    hint = exercise_for(skill)
    narrowed = replace(
        base, family=hint.family or base.family, framework=hint.framework or base.framework,
        kind=hint.kind if hint.kind is None or hint.kind in GENERATED_KINDS else base.kind,
    )
    others = [replace(narrowed, difficulty=d) for d in DIFFICULTIES if d != base.difficulty]
    for candidate in (narrowed, *others, replace(narrowed, family="mixed", kind=None)):
        for position in range(tries):
            try:
                question = question_at(seed, position, candidate)
            except QuizzerError:
                break
            if skill in question.skills:
                return question
    return None


def question_items(question: Question) -> list[ItemKey]:
    """The schedules an answer to `question` rates."""
    return schedule_keys(question.skills, question.bank, question.card)


def valid_banks() -> list[Bank]:
    """Every bank that loads (shipped, then the user's); broken ones are left out here."""
    from quizzer.core.banks import load_all_banks

    return [result.bank for result in load_all_banks() if result.bank is not None]


def due_questions(items: Iterable[DueItem], seed: int, options: GeneratorOptions | None = None,
                  banks: Callable[[], Iterable[Bank]] = valid_banks) -> Iterator[Question]:
    """What a review session serves for the due `items`, in their order, made only when asked
    for: a freshly generated question exercising each due skill (`question_for_skill`, with
    the learner's `options`), and each due bank card as its question (template cards drawn
    anew). An item that an earlier question already exercised is not served again (answering
    that question rated it). Skills the generator cannot produce, and cards no longer in any
    bank, are skipped. `banks` is called once, when the first card is due. The same items and
    seed give the same questions."""
    from quizzer.core.banks import card_question, find_card

    rng = random.Random(seed)
    covered: set[ItemKey] = set()
    loaded: list[Bank] | None = None
    for item in items:
        item_seed = rng.randrange(2**31)
        if item.key in covered:
            continue
        question: Question | None
        if item.kind == "skill":
            question = question_for_skill(item.key.name, item_seed, options)
        else:
            if loaded is None:
                loaded = list(banks())
            found = find_card(loaded, f"{item.key.bank}/{item.key.name}")
            question = None if found is None else card_question(*found, seed=item_seed)
        if question is None:
            continue
        covered.update(question_items(question))
        yield question


def relative(when: datetime, now: datetime) -> str:
    """`in 3 hours`, `2 days ago`, `now`: how far `when` is from `now`, roughly."""
    seconds = (when - now).total_seconds()
    size = abs(seconds)
    if size < 60:
        return "now"
    for unit, length in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if size >= length:
            count = int(size // length)
            text = f"{count} {unit}{'' if count == 1 else 's'}"
            return f"in {text}" if seconds > 0 else f"{text} ago"
    return "now"  # pragma: no cover - every size of a minute or more has a unit


def due_counts(items: Iterable[DueItem]) -> str:
    """`5 due: 2 skills, 1 card, 2 new` (scheduled skills, scheduled cards, never reviewed)."""
    items = list(items)
    skills = sum(1 for item in items if item.kind == "skill" and item.state != "new")
    cards = sum(1 for item in items if item.kind == "card" and item.state != "new")
    new = sum(1 for item in items if item.state == "new")
    return (f"{len(items)} due: {skills} skill{'' if skills == 1 else 's'}, "
            f"{cards} card{'' if cards == 1 else 's'}, {new} new")


def due_line(item: DueItem, now: datetime) -> str:
    """`skill  dense.bias  new` or `card   mlp/first  due 2 days ago (relearning)`."""
    when = "new" if item.due is None else f"due {relative(item.due, now)} ({item.state})"
    return f"{item.kind:<5}  {item.key.label():<36}  {when}"


def nothing_due_text(next_due: datetime | None, now: datetime, tz: tzinfo | None = None
                     ) -> str:
    """What review says when nothing is due: when the next item falls due, or that nothing has
    been seen yet."""
    if next_due is None:
        return ("Nothing to review yet. Every skill (and bank card) you answer in practice or "
                "a drill comes up here, then again whenever its schedule says it is due.")
    local = next_due.astimezone(tz)
    when = relative(next_due, now).replace("now", "in under a minute")
    return (f"Nothing is due for review now. The next item falls due "
            f"{local:%a %d %b at %H:%M} ({when}).")
