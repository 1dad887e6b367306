"""Build quizzer's rendered code with the real frameworks and read back what they compute.

Only our own rendered code is executed here (never user input). Torch and Keras are imported
inside the functions, so this module can be imported without them.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field
from typing import Any

from quizzer.core.counting import analyze
from quizzer.core.layers import Embedding, MultiHeadAttention, Recurrent
from quizzer.core.layers.recurrent import Bidirectional
from quizzer.core.model import Framework, Model, Shape
from quizzer.core.rendering import render_code
from quizzer.core.rendering.pytorch import torch_input_shape, torch_plan

BATCH = 2


@dataclass(frozen=True)
class Built:
    """What a framework reports for a model built from quizzer's code alone."""

    total: int
    trainable: int
    non_trainable: int
    buffers: int | None
    layer_shapes: tuple[Shape, ...]
    """Each layer's output shape without the batch axis (PyTorch: in PyTorch's layout)."""
    output_shape: Shape
    code: str = field(repr=False, default="")


@dataclass(frozen=True)
class Expected:
    """What the engine says the framework will report."""

    total: int
    trainable: int
    non_trainable: int
    buffers: int | None
    layer_shapes: tuple[Shape, ...]
    output_shape: Shape


def run_code(code: str) -> Any:
    """Execute quizzer's own rendered code and return the `model` it defines."""
    namespace: dict[str, Any] = {}
    exec(compile(code, "<rendered>", "exec"), namespace)  # our own output, never user input
    return namespace["model"]


def expected(model: Model, framework: Framework) -> Expected:
    """The engine's counts and per-layer shapes, in the framework's own layout."""
    report = analyze(model, framework)
    if framework == "keras":
        shapes = tuple(r.output_shape for r in report.layers)
        buffers = None
    else:
        shapes = tuple(step.output_shape for step in torch_plan(model))
        buffers = report.buffers
    return Expected(
        report.total, report.trainable, report.non_trainable, buffers, shapes, shapes[-1]
    )


def build_keras(model: Model) -> Built:
    """Build the rendered Keras code and read counts and every layer's output shape."""
    import keras

    assert keras.backend.backend() == "torch", "run Keras with KERAS_BACKEND=torch"
    code = render_code(model, "keras")
    built = run_code(code)
    # keras.Input builds the model at construction: every weight (BatchNorm statistics,
    # attention and recurrent kernels) exists before anything is called.
    assert built.built, "the rendered Keras model is not built"
    trainable = sum(math.prod(w.shape) for w in built.trainable_weights)
    frozen = sum(math.prod(w.shape) for w in built.non_trainable_weights)
    layers = [layer for layer in built.layers if not isinstance(layer, keras.layers.InputLayer)]
    shapes = tuple(tuple(layer.output.shape)[1:] for layer in layers)
    return Built(
        int(built.count_params()),
        int(trainable),
        int(frozen),
        None,
        shapes,
        tuple(layers[-1].output.shape)[1:],
        code,
    )


def dummy_input(model: Model) -> Any:
    """A batch of 2 zeros (or random token ids) in the rendered PyTorch model's input layout."""
    import torch

    shape = torch_input_shape(model)
    assert all(d is not None for d in shape), "PyTorch needs a fully known input shape"
    dims = (BATCH, *(int(d) for d in shape if d is not None))
    first = model.layers[0]
    if isinstance(first, Embedding):
        generator = torch.Generator().manual_seed(0)
        return torch.randint(0, first.input_dim, dims, generator=generator, dtype=torch.long)
    return torch.zeros(dims)


def build_torch(model: Model) -> Built:
    """Build the rendered PyTorch code, run a forward pass and record every layer's output."""
    import torch
    from torch import nn

    code = render_code(model, "pytorch")
    built = run_code(code)
    assert isinstance(built, nn.Module)
    steps = torch_plan(model)
    if isinstance(built, nn.Sequential):
        children = list(built)
        ends, position = [], 0
        for step in steps:
            position += len(step.modules)
            ends.append(children[position - 1])
        assert position == len(children), "the Sequential has modules no step accounts for"
        hooked = ends
    else:
        hooked = [getattr(built, step.name) for step in steps]
    shapes: list[Shape | None] = [None] * len(steps)

    def recorder(index: int) -> Any:
        layer = steps[index].layer

        def hook(module: nn.Module, args: Any, output: Any) -> None:
            if isinstance(layer, MultiHeadAttention | Recurrent | Bidirectional):
                output = output[0]
            if isinstance(layer, Recurrent | Bidirectional) and not layer.return_sequences:
                output = output[:, -1, :]
            shapes[index] = tuple(output.shape)[1:]

        return hook

    handles = [module.register_forward_hook(recorder(i)) for i, module in enumerate(hooked)]
    try:
        with torch.no_grad(), warnings.catch_warnings():
            warnings.filterwarnings("ignore", "Using padding='same'", UserWarning)
            built.eval()
            out = built(dummy_input(model))
    finally:
        for handle in handles:
            handle.remove()
    assert all(s is not None for s in shapes), "a layer's module was never called"
    return Built(
        sum(p.numel() for p in built.parameters()),
        sum(p.numel() for p in built.parameters() if p.requires_grad),
        sum(p.numel() for p in built.parameters() if not p.requires_grad),
        sum(b.numel() for b in built.buffers()),
        tuple(s for s in shapes if s is not None),
        tuple(out.shape)[1:],
        code,
    )


def build(model: Model, framework: Framework) -> Built:
    """The framework's report for the rendered model."""
    return build_keras(model) if framework == "keras" else build_torch(model)


def mismatches(model: Model, framework: Framework) -> list[str]:
    """Every difference between the engine and the real framework, as readable lines."""
    want = expected(model, framework)
    got = build(model, framework)
    problems = []
    for what in ("total", "trainable", "non_trainable", "buffers", "output_shape"):
        if getattr(want, what) != getattr(got, what):
            problems.append(f"{what}: engine {getattr(want, what)} != {getattr(got, what)}")
    if len(want.layer_shapes) != len(got.layer_shapes):
        problems.append(
            f"layer count: engine {len(want.layer_shapes)} != {len(got.layer_shapes)}"
        )
    for index, (a, b) in enumerate(zip(want.layer_shapes, got.layer_shapes, strict=False)):
        if a != b:
            problems.append(f"layer {index + 1} ({model.layers[index].label}): {a} != {b}")
    if problems:
        problems.append("code:\n" + got.code)
    return problems
