"""Each hand-written model, rendered and built by the real framework, matches the engine."""

from __future__ import annotations

import pytest

from frameworks.builders import build, expected, mismatches
from frameworks.cases import CASES, vgg16
from quizzer.core.layers import LAYER_TYPES
from quizzer.core.model import FRAMEWORKS, Framework

PARAMS = [
    pytest.param(case.model, framework, id=f"{framework}-{case.id}")
    for case in CASES
    for framework in case.frameworks
]


@pytest.mark.parametrize(("model", "framework"), PARAMS)
def test_engine_matches_framework(model: object, framework: Framework) -> None:
    assert mismatches(model, framework) == []  # type: ignore[arg-type]


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_cases_cover_every_layer_type(framework: Framework) -> None:
    seen = {
        layer.kind
        for case in CASES
        if framework in case.frameworks
        for layer in case.model.layers
    }
    seen |= {
        layer.layer.kind  # the layer inside Bidirectional
        for case in CASES
        if framework in case.frameworks
        for layer in case.model.layers
        if hasattr(layer, "layer")
    }
    assert set(LAYER_TYPES) <= seen


def test_seed_counts_from_the_frameworks() -> None:
    """The seed README's answers, as the real frameworks count them."""
    by_id = {case.id: case.model for case in CASES}
    for case_id, total in (("seed-dense-32", 32), ("seed-dense-10451", 10451),
                           ("seed-conv-15", 15), ("seed-conv-13", 13)):
        assert build(by_id[case_id], "keras").total == total
        assert expected(by_id[case_id], "keras").total == total
    assert build(by_id["seed-conv-15-known"], "pytorch").total == 15
    assert build(by_id["seed-conv-13-known"], "pytorch").total == 13


def test_layer_names_are_the_names_keras_gives() -> None:
    import keras

    from frameworks.builders import run_code
    from quizzer.core.counting import layer_names
    from quizzer.core.rendering import render_code

    for case in CASES:
        if "keras" not in case.frameworks:
            continue
        keras.backend.clear_session(free_memory=False)
        built = run_code(render_code(case.model, "keras"))
        names = tuple(layer.name for layer in built.layers
                      if not isinstance(layer, keras.layers.InputLayer))
        assert names == layer_names(case.model.layers), case.id


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_vgg16(framework: Framework) -> None:
    """138,357,544 in both frameworks (about 5 s and 1.6 GB: the largest build here)."""
    model = vgg16()
    assert mismatches(model, framework) == []
    assert expected(model, framework).total == 138_357_544
