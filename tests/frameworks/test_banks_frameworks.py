"""Every model of the shipped banks, rendered and built by the real framework, matches the
engine, and every stated answer equals what Keras or PyTorch reports.

Only quizzer's own rendered code is executed (never a bank's text). Models that the
hand-written suite already builds (VGG16 among them) are not built twice.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import pytest

from frameworks.builders import build, expected, mismatches, run_code
from frameworks.cases import CASES, vgg16
from quizzer.core.banks import ModelCard, TemplateCard, load_all_banks
from quizzer.core.banks.templates import draw_model
from quizzer.core.model import Framework, Model
from quizzer.core.rendering import render_code
from quizzer.core.rendering.pytorch import torch_plan

TEMPLATE_DRAWS = 3
"""Extra draws of each template card, besides the example found by validation."""


@dataclass(frozen=True)
class Case:
    id: str
    model: Model
    framework: Framework
    cards: tuple[ModelCard, ...]
    """The model cards with a stated answer about this model."""


def bank_cases() -> list[Case]:
    already = {(case.model, framework) for case in CASES for framework in case.frameworks}
    already |= {(vgg16(), "keras"), (vgg16(), "pytorch")}
    found: dict[tuple[Model, Framework], tuple[str, list[ModelCard]]] = {}
    for result in load_all_banks(user=False):
        assert result.bank is not None, result.errors
        for card in result.bank.cards:
            if isinstance(card, ModelCard):
                models = [card.model]
            elif isinstance(card, TemplateCard):
                rng = random.Random(f"frameworks/{card.id}")
                models = [card.example, *(draw_model(card.template, rng)
                                          for _ in range(TEMPLATE_DRAWS))]
            else:
                continue
            for model in models:
                key = (model, card.framework)
                _, cards = found.setdefault(key, (f"{result.bank.id}/{card.id}", []))
                if isinstance(card, ModelCard) and card.answer is not None:
                    cards.append(card)
    return [
        Case(case_id, model, framework, tuple(cards))
        for (model, framework), (case_id, cards) in found.items()
        if (model, framework) not in already
    ]


CASES_FROM_BANKS = bank_cases()


def test_the_banks_have_models_to_build() -> None:
    assert len(CASES_FROM_BANKS) >= 30


@pytest.mark.parametrize("case", CASES_FROM_BANKS, ids=lambda c: f"{c.framework}-{c.id}")
def test_bank_model_matches_framework(case: Case) -> None:
    assert mismatches(case.model, case.framework) == []
    built = build(case.model, case.framework)
    want = expected(case.model, case.framework)
    for card in case.cards:
        if card.ask == "total":
            assert card.answer == built.total, card.id
        elif card.ask == "trainable":
            assert card.answer == built.trainable, card.id
        elif card.ask == "non_trainable":
            assert card.answer == built.non_trainable, card.id
        elif card.ask == "output_shape":
            assert card.layer_index is not None
            assert card.answer == built.layer_shapes[card.layer_index], card.id
        else:
            assert card.ask == "layer" and card.layer_index is not None
            assert card.answer == built_layer_params(case.model, case.framework,
                                                     card.layer_index), card.id
    assert want.total == built.total


def built_layer_params(model: Model, framework: Framework, index: int) -> int:
    """One layer's parameters as the framework counts them in the rendered model."""
    built = run_code(render_code(model, framework))
    if framework == "keras":
        import keras

        layers = [layer for layer in built.layers
                  if not isinstance(layer, keras.layers.InputLayer)]
        return int(layers[index].count_params())
    from torch import nn

    steps = torch_plan(model)
    if isinstance(built, nn.Sequential):
        start = sum(len(step.modules) for step in steps[:index])
        modules = list(built.children())[start:start + len(steps[index].modules)]
    else:
        modules = [getattr(built, steps[index].name)]
    return sum(p.numel() for module in modules for p in module.parameters())


def test_vgg16_cards_are_the_suites_vgg16() -> None:
    """The bank's VGG16 is the very model the hand-written suite builds (138,357,544)."""
    for result in load_all_banks(user=False):
        if result.bank is not None and result.bank.id == "classic-architectures":
            card = result.bank.card("vgg16-total")
            assert isinstance(card, ModelCard)
            assert card.model == vgg16() and card.answer == 138_357_544
            code_card = result.bank.card("vgg16-keras-code")
            assert isinstance(code_card, ModelCard) and code_card.model == vgg16()
            return
    pytest.fail("classic-architectures not found")
