"""The rendered PyTorch code computes what the Keras layer computes, where layouts could slip."""

from __future__ import annotations

import os

import pytest

from frameworks.builders import dummy_input, run_code
from quizzer.core.layers import (
    GRU,
    LSTM,
    Activation,
    Bidirectional,
    Conv2D,
    Dense,
    SimpleRNN,
)
from quizzer.core.layers.dense import TORCH_ACTIVATIONS
from quizzer.core.layers.recurrent import Recurrent
from quizzer.core.model import Model
from quizzer.core.rendering import render_code

torch = pytest.importorskip("torch", reason="the framework cross-checks need torch")
os.environ.setdefault("KERAS_BACKEND", "torch")


@pytest.mark.parametrize("inner", [LSTM(3), GRU(4), SimpleRNN(2)], ids=lambda r: r.kind)
def test_bidirectional_last_output_is_both_final_states(inner: Recurrent) -> None:
    """Keras concatenates the forward state after the last step and the backward state after
    the first step; the rendered class must too (not `x[:, -1, :]` for both halves)."""
    model = Model((5, 4), (Bidirectional(inner),))
    built = run_code(render_code(model, "pytorch"))
    torch.manual_seed(0)
    x = torch.randn(2, 5, 4)
    with torch.no_grad():
        out = built(x)
        _, state = built.bidirectional(x)
    h_n = state[0] if isinstance(inner, LSTM) else state
    assert torch.allclose(out, torch.cat((h_n[0], h_n[1]), dim=-1))


@pytest.mark.parametrize(
    "layers",
    [
        (Conv2D(4, (3, 3), activation="softmax"),),
        (Conv2D(4, (3, 3)), Activation("softmax")),
        (Activation("softmax"), Conv2D(4, (3, 3))),
    ],
    ids=["conv-activation", "activation-after-conv", "activation-before-conv"],
)
def test_softmax_acts_on_the_channel_axis(layers: tuple[object, ...]) -> None:
    model = Model((6, 7, 3), layers)  # type: ignore[arg-type]
    code = render_code(model, "pytorch")
    built = run_code(code)
    torch.manual_seed(0)
    x = torch.randn(2, 3, 6, 7)  # channels first, as the rendered model takes it
    with torch.no_grad():
        if isinstance(layers[0], Activation):
            first = built[0](x)
            assert torch.allclose(first.sum(dim=1), torch.ones(2, 6, 7)), code
        else:
            out = built(x)
            assert torch.allclose(out.sum(dim=1), torch.ones(2, 4, 5)), code


def test_dense_after_conv_acts_on_channels() -> None:
    """Without Flatten, Dense mixes the channels of each position, as in Keras."""
    model = Model((6, 5, 3), (Conv2D(4, (3, 3)), Dense(2)))
    built = run_code(render_code(model, "pytorch"))
    with torch.no_grad():
        out = built(dummy_input(model))
        conv = built.conv2d(dummy_input(model))
        manual = built.dense(conv.movedim(1, -1))
    assert tuple(out.shape) == (2, 4, 3, 2)
    assert torch.equal(out, manual)


@pytest.mark.parametrize("name", sorted(TORCH_ACTIVATIONS))
def test_torch_activation_computes_the_keras_function(name: str) -> None:
    import keras
    from torch import nn

    x = torch.linspace(-4, 4, 24).reshape(2, 3, 4)
    module = eval(TORCH_ACTIVATIONS[name], {"nn": nn})  # our own table, not user input
    want = keras.ops.convert_to_numpy(keras.activations.get(name)(x))
    with torch.no_grad():
        got = module(x).numpy()
    assert got == pytest.approx(want, abs=1e-5)
