"""A bank's cards as `Question`s: model cards as asked, templates drawn anew each time, text
cards with their accepted answers. Question ids are `bank-id/card-id`."""

from __future__ import annotations

import random
from collections.abc import Iterable, Iterator

from quizzer.core.banks.counts import asked_answer
from quizzer.core.banks.schema import AnyCard, Ask, Bank, ModelCard, TemplateCard, TextCard
from quizzer.core.banks.templates import draw_model
from quizzer.core.banks.traits import estimate_difficulty, model_family
from quizzer.core.banks.validate import TEMPLATE_DRAWS
from quizzer.core.counting import ModelReport, analyze
from quizzer.core.model import Framework, Model, format_shape
from quizzer.core.questions import Answer, Question, QuestionKind
from quizzer.core.rendering import render_code
from quizzer.core.rendering.summary import output_shapes
from quizzer.core.skills import model_skills, shape_skills
from quizzer.core.solutions import solve

MEASURE_OF_ASK: dict[Ask, str] = {
    "total": "total", "layer": "total", "trainable": "trainable",
    "non_trainable": "non_trainable", "output_shape": "total",
}
"""The count the grader diagnoses (`Question.extra["measure"]`)."""
KIND_OF_ASK: dict[Ask, QuestionKind] = {
    "total": "total", "layer": "layer", "trainable": "trainable",
    "non_trainable": "trainable", "output_shape": "output_shape",
}


def bank_questions(bank: Bank, seed: int = 0, *, shuffle: bool = False,
                   repeat: bool = False) -> Iterator[Question]:
    """The bank's cards as questions, in file order or shuffled by `seed`; with `repeat`,
    round after round without end (reshuffled each round). Template cards are drawn anew
    every time they come up; the same seed gives the same questions."""
    rng = random.Random(f"{seed}:{bank.id}")
    round_number = 0
    while True:
        cards = list(bank.cards)
        if shuffle:
            rng.shuffle(cards)
        for card in cards:
            yield card_question(bank, card, seed, round_number)
        if not repeat:
            return
        round_number += 1


def find_card(banks: Iterable[Bank], question_id: str) -> tuple[Bank, AnyCard] | None:
    """The bank and card behind a question id `bank-id/card-id`."""
    bank_id, _, card_id = question_id.partition("/")
    for bank in banks:
        if bank.id == bank_id:
            card = bank.card(card_id)
            return (bank, card) if card is not None else None
    return None


def card_question(bank: Bank, card: AnyCard, seed: int = 0, draw: int = 0) -> Question:
    """One card as a question; `draw` numbers the times a template card has come up."""
    if isinstance(card, TextCard):
        return _text_question(bank, card)
    if isinstance(card, TemplateCard):
        model = _draw(bank, card, seed, draw)
        return _model_question(bank, card, model, card.ask, card.layer_index,
                               {"card_type": "template", "draw": draw, "seed": seed})
    return _model_question(bank, card, card.model, card.ask, card.layer_index,
                           {"card_type": "model", "source_code": card.source_code})


def _draw(bank: Bank, card: TemplateCard, seed: int, draw: int) -> Model:
    rng = random.Random(f"{seed}:{bank.id}/{card.id}:{draw}")
    for _ in range(TEMPLATE_DRAWS):
        model = draw_model(card.template, rng)
        try:
            render_code(model, card.framework)
            return model
        except Exception:  # an impossible draw (QuizzerError) or an engine bug: redraw
            continue
    return card.example


def _model_question(bank: Bank, card: ModelCard | TemplateCard, model: Model, ask: Ask,
                    index: int | None, extra: dict[str, object]) -> Question:
    framework = card.framework
    report = analyze(model, framework)
    answer: Answer = asked_answer(report, ask, index)
    solution = solve(report).text()
    if index is not None:
        layer = report.layers[index]
        solution = (f"Layer {index + 1}, {layer.name}: {layer.params:,} parameters, output "
                    f"shape {format_shape(output_shapes(report)[index])}.\n\n" + solution)
    if card.explanation:
        solution += "\n" + card.explanation.strip() + "\n"
    if ask == "output_shape":
        assert index is not None
        skills = shape_skills(report.layers[index], framework)
    elif ask == "layer":
        assert index is not None
        skills = model_skills(report, (index,))
    else:
        skills = model_skills(report)
    if ask in ("trainable", "non_trainable"):
        skills = ("params.trainable_split", *skills)
    return Question(
        id=f"{bank.id}/{card.id}",
        kind=KIND_OF_ASK[ask],
        framework=framework,
        prompt=card.prompt or default_prompt(ask, report, index, framework),
        code=render_code(model, framework),
        answer=answer,
        solution=solution,
        skills=tuple(dict.fromkeys((*card.skills, *skills))),
        model=model,
        layer_index=index,
        difficulty=card.difficulty or estimate_difficulty(model),
        family=model_family(model),
        bank=bank.id,
        card=card.id,
        extra={"ask": ask, "measure": MEASURE_OF_ASK[ask], **extra},
    )


def default_prompt(ask: Ask, report: ModelReport, index: int | None,
                   framework: Framework) -> str:
    """The question's wording when the card gives none."""
    if ask in ("layer", "output_shape"):
        assert index is not None
        layer = report.layers[index]
        which = f"layer {index + 1}, {layer.name} ({layer.layer.label})"
        if ask == "layer":
            return f"How many parameters does {which}, have?"
        if framework == "pytorch":
            return (f"What is the output shape of {which}? Write it as PyTorch holds it, "
                    "batch axis first as None, channels before height and width, e.g. "
                    "(None, 32, 13, 13).")
        return (f"What is the output shape of {which}? Write it as Keras prints it, batch "
                "axis first, e.g. (None, 13, 13, 32).")
    if ask == "trainable":
        return "How many trainable parameters does this model have?"
    if ask == "non_trainable":
        return "How many non-trainable parameters does this model have?"
    if framework == "pytorch" and report.buffers:
        return ("How many parameters does this model have in total? "
                "(Buffers are not parameters.)")
    return "How many parameters does this model have in total?"


def _text_question(bank: Bank, card: TextCard) -> Question:
    first, *others = card.answers
    solution = f"Answer: {first}\n"
    if card.explanation:
        solution += "\n" + card.explanation.strip() + "\n"
    return Question(
        id=f"{bank.id}/{card.id}",
        kind="text",
        framework=card.framework,
        prompt=card.question,
        code=card.code,
        answer=first,
        solution=solution,
        skills=card.skills,
        difficulty=card.difficulty or 1,
        family="text",
        bank=bank.id,
        card=card.id,
        accepted=tuple(others),
        extra={"card_type": "text"},
    )
