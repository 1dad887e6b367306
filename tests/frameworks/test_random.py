"""Hundreds of random models per framework: 0 mismatches in counts and in every layer's shape.

Each test id carries the seed: `random_model(seed, framework, ...)` rebuilds the model.
"""

from __future__ import annotations

import os
from collections import Counter

import pytest

from frameworks.builders import mismatches
from frameworks.random_models import random_model
from quizzer.core.layers import LAYER_TYPES, Bidirectional
from quizzer.core.model import FRAMEWORKS, Framework

COUNT = int(os.environ.get("QUIZZER_RANDOM_MODELS", "1000"))
"""Random models per framework (raise it locally for a deeper search)."""


def model_for(seed: int, framework: Framework):  # type: ignore[no-untyped-def]
    return random_model(seed, framework, unknown_dims=framework == "keras")


@pytest.mark.parametrize("seed", range(COUNT))
@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_random_model(framework: Framework, seed: int) -> None:
    assert mismatches(model_for(seed, framework), framework) == []


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_random_models_cover_every_layer_type(framework: Framework) -> None:
    kinds: Counter[str] = Counter()
    for seed in range(max(COUNT, 1000)):
        for layer in model_for(seed, framework).layers:
            kinds[layer.kind] += 1
            if isinstance(layer, Bidirectional):
                kinds[layer.layer.kind] += 1
    assert set(LAYER_TYPES) <= set(kinds)
