"""The misconception catalogue: known wrong ways to count, recomputed on an analysed model.

Each misconception changes how some layers are counted (`alter` returns the miscounted
`Counts` of one layer, or None where it does not apply or changes nothing). `alternatives`
applies one misconception to all the layers it touches at once, and to each of them alone, and
says in words what the resulting number is, e.g. "25 is the count without the 7 biases".
The grader names every alternative equal to the learner's number.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Literal

from quizzer.core.counting import LayerReport, ModelReport
from quizzer.core.layers import (
    GRU,
    LSTM,
    BatchNormalization,
    Bidirectional,
    Conv,
    Conv2DTranspose,
    Dense,
    DepthwiseConv2D,
    Flatten,
    GlobalPooling,
    MultiHeadAttention,
    Pooling,
    Recurrent,
    SeparableConv2D,
)
from quizzer.core.model import Framework, format_shape

Measure = Literal["total", "trainable", "non_trainable", "buffers"]
MEASURES: tuple[Measure, ...] = ("total", "trainable", "non_trainable", "buffers")


@dataclass(frozen=True)
class Counts:
    """A layer's trainable and non-trainable parameters and its buffer values."""

    trainable: int
    non_trainable: int
    buffers: int

    def measure(self, measure: Measure) -> int:
        if measure == "total":
            return self.trainable + self.non_trainable
        if measure == "trainable":
            return self.trainable
        if measure == "non_trainable":
            return self.non_trainable
        return self.buffers


def counts(report: LayerReport) -> Counts:
    """The layer's correct counts."""
    return Counts(report.trainable, report.non_trainable, report.buffers)


Alter = Callable[[LayerReport, Framework], Counts | None]
Phrase = Callable[[Sequence[LayerReport], Framework], str]


@dataclass(frozen=True)
class Misconception:
    """One known wrong way of counting."""

    id: str
    title: str
    """A few words, e.g. "biases left out"."""
    alter: Alter
    phrase: Phrase
    """How the number was made, completing "25 is the count ...", e.g. "without the 7 biases",
    optionally followed by "; " and why that is wrong."""
    one_layer_only: bool = False
    """Applied to one layer at a time only (leaving every layer out at once means nothing)."""


@dataclass(frozen=True)
class Alternative:
    """The number a misconception produces for a question, and what it means."""

    misconception: Misconception
    value: int
    layers: tuple[int, ...]
    """Indexes of the layers miscounted."""
    description: str


# --- helpers over layer reports ---------------------------------------------------------

BIASED = (Dense, Conv, Conv2DTranspose, DepthwiseConv2D, SeparableConv2D, Recurrent,
          Bidirectional, MultiHeadAttention)


def bias_size(report: LayerReport) -> int:
    """Values in the layer's bias vectors (not BatchNorm/LayerNorm shifts)."""
    if not isinstance(report.layer, BIASED):
        return 0
    return sum(w.size for w in report.weights if "bias" in w.name and not w.buffer)


def _with_trainable(report: LayerReport, trainable: int) -> Counts | None:
    if trainable == report.trainable:
        return None
    return Counts(trainable, report.non_trainable, report.buffers)


def _channels(report: LayerReport) -> int:
    last = report.input_shape[-1]
    assert last is not None  # analysed layers with weights know their channels
    return last


def _recurrent(report: LayerReport) -> tuple[Recurrent, int]:
    """The recurrent layer (unwrapped) and 2 for Bidirectional, else 1."""
    layer = report.layer
    if isinstance(layer, Bidirectional):
        return layer.layer, 2
    assert isinstance(layer, Recurrent)
    return layer, 1


def _rnn_count(layer: Recurrent, inputs: int, gates: int, biases_per_gate: int) -> int:
    u = layer.units
    return gates * (u * (inputs + u) + biases_per_gate * u)


def _is_rnn(report: LayerReport) -> bool:
    return isinstance(report.layer, Recurrent | Bidirectional)


def _plural(n: int, word: str, words: str | None = None) -> str:
    return f"{n:,} {word}" if n == 1 else f"{n:,} {words or word + 's'}"


def _names(reports: Sequence[LayerReport]) -> str:
    kinds = sorted({r.layer.kind for r in reports})
    return " and ".join(kinds)


# --- the misconceptions -----------------------------------------------------------------

def _biases_left_out(report: LayerReport, framework: Framework) -> Counts | None:
    bias = bias_size(report)
    return _with_trainable(report, report.trainable - bias) if bias else None


def _biases_phrase(reports: Sequence[LayerReport], framework: Framework) -> str:
    return f"without the {_plural(sum(bias_size(r) for r in reports), 'bias', 'biases')}"


def _bias_per_weight(report: LayerReport, framework: Framework) -> Counts | None:
    if not isinstance(report.layer, Dense | Conv | Conv2DTranspose):
        return None
    bias = bias_size(report)
    if not bias:
        return None
    weights = report.trainable - bias
    return _with_trainable(report, 2 * weights)


def _bias_per_weight_phrase(reports: Sequence[LayerReport], framework: Framework) -> str:
    weights = sum(r.trainable - bias_size(r) for r in reports)
    biases = sum(bias_size(r) for r in reports)
    return (f"with one bias per weight ({weights:,} biases) instead of one per output unit "
            f"({biases:,})")


def _square_kernel(report: LayerReport) -> tuple[int, ...] | None:
    layer = report.layer
    if isinstance(layer, Conv | Conv2DTranspose | DepthwiseConv2D | SeparableConv2D):
        kernel = tuple(layer.kernel_size)
        if len(kernel) >= 2 and len(set(kernel)) == 1 and kernel[0] > 1:
            return kernel
    return None


def _kernel_f(report: LayerReport, framework: Framework) -> Counts | None:
    kernel = _square_kernel(report)
    if kernel is None:
        return None
    layer, i, bias = report.layer, _channels(report), bias_size(report)
    f = kernel[0]
    if isinstance(layer, Conv):
        weights = (i // layer.groups) * f * layer.filters
    elif isinstance(layer, Conv2DTranspose):
        weights = i * f * layer.filters
    elif isinstance(layer, DepthwiseConv2D):
        weights = i * f * layer.depth_multiplier
    else:
        assert isinstance(layer, SeparableConv2D)
        mid = i * layer.depth_multiplier
        weights = i * f * layer.depth_multiplier + mid * layer.filters
    return _with_trainable(report, weights + bias)


def _kernel_f_phrase(reports: Sequence[LayerReport], framework: Framework) -> str:
    kernels = sorted({k for r in reports if (k := _square_kernel(r))})
    shown = ", ".join(f"{k[0]} instead of {'×'.join(map(str, k))} = {math.prod(k)}"
                      for k in kernels)
    return f"with the kernel counted as f instead of f×f ({shown})"


def _input_channels(report: LayerReport, framework: Framework) -> Counts | None:
    layer = report.layer
    if not isinstance(layer, Conv | Conv2DTranspose):
        return None
    groups = layer.groups if isinstance(layer, Conv) else 1
    seen = _channels(report) // groups
    if seen <= 1:
        return None
    weights = math.prod(layer.kernel_size) * layer.filters
    return _with_trainable(report, weights + bias_size(report))


def _input_channels_phrase(reports: Sequence[LayerReport], framework: Framework) -> str:
    channels = ", ".join(str(_channels(r)) for r in reports)
    return (f"with the input channels left out of the kernel (i = {channels}); each filter "
            "spans every input channel: i × (f×f) × o, not (f×f) × o")


def _depthwise_standard(report: LayerReport, framework: Framework) -> Counts | None:
    layer = report.layer
    if not isinstance(layer, DepthwiseConv2D):
        return None
    i = _channels(report)
    o = i * layer.depth_multiplier
    standard = i * math.prod(layer.kernel_size) * o + (o if layer.use_bias else 0)
    return _with_trainable(report, standard)


def _depthwise_phrase(reports: Sequence[LayerReport], framework: Framework) -> str:
    return ("with the DepthwiseConv2D counted as a standard Conv2D (i × (f×f) × o); a depthwise "
            "filter sees one channel, not all of them")


def _separable_bias_twice(report: LayerReport, framework: Framework) -> Counts | None:
    layer = report.layer
    if not isinstance(layer, SeparableConv2D) or not layer.use_bias:
        return None
    extra = _channels(report) * layer.depth_multiplier
    return _with_trainable(report, report.trainable + extra)


def _separable_phrase(reports: Sequence[LayerReport], framework: Framework) -> str:
    extra = sum(
        _channels(r) * r.layer.depth_multiplier for r in reports
        if isinstance(r.layer, SeparableConv2D)
    )
    return (f"with a second bias on the depthwise step (+{extra:,}); a SeparableConv2D has one "
            "bias vector, on the pointwise step")


def _bn_convention(report: LayerReport, framework: Framework) -> Counts | None:
    if not isinstance(report.layer, BatchNormalization):
        return None
    c = _channels(report)
    if framework == "keras":
        return Counts(2 * c, 0, 0)
    return Counts(2 * c, 2 * c, report.buffers)


def _bn_phrase(reports: Sequence[LayerReport], framework: Framework) -> str:
    stats = sum(2 * _channels(r) for r in reports)
    if framework == "keras":
        return (f"without BatchNormalization's {stats:,} moving means and variances (PyTorch's "
                "2×C); Keras counts them as non-trainable parameters")
    return (f"with BatchNorm's {stats:,} running means and variances counted as parameters "
            "(Keras's 4×C); PyTorch keeps them as buffers")


def _bn_buffers_counted(report: LayerReport, framework: Framework) -> Counts | None:
    if framework != "pytorch" or not isinstance(report.layer, BatchNormalization):
        return None
    return Counts(report.trainable, report.non_trainable + report.buffers, report.buffers)


def _bn_buffers_phrase(reports: Sequence[LayerReport], framework: Framework) -> str:
    buffers = sum(r.buffers for r in reports)
    return (f"with all {buffers:,} buffer values of BatchNorm (running_mean, running_var, "
            "num_batches_tracked) counted as parameters; buffers are not parameters")


def _batches_tracked(report: LayerReport, framework: Framework) -> Counts | None:
    if framework != "pytorch" or not isinstance(report.layer, BatchNormalization):
        return None
    return Counts(report.trainable, report.non_trainable, report.buffers - 1)


def _batches_tracked_phrase(reports: Sequence[LayerReport], framework: Framework) -> str:
    return (f"without num_batches_tracked ({_plural(len(reports), 'value')}, one per "
            "BatchNorm layer): running_mean and running_var are not the only buffers")


def _rnn_bias_convention(report: LayerReport, framework: Framework) -> Counts | None:
    if not _is_rnn(report):
        return None
    layer, copies = _recurrent(report)
    if not layer.use_bias or (isinstance(layer, GRU) and framework == "keras"):
        return None
    change = copies * layer.gates * layer.units
    return _with_trainable(report, report.trainable + (change if framework == "keras"
                                                       else -change))


def _rnn_bias_phrase(reports: Sequence[LayerReport], framework: Framework) -> str:
    if framework == "keras":
        return ("with two bias vectors per gate, as PyTorch counts them; Keras keeps one "
                "(except GRU with reset_after=True)")
    return ("with one bias vector per gate, as Keras counts them; PyTorch keeps two "
            "(bias_ih and bias_hh)")


def _rnn_biases(report: LayerReport, framework: Framework) -> int:
    layer, _ = _recurrent(report)
    return layer.biases_per_gate(framework)


def _gates_forgotten(report: LayerReport, framework: Framework) -> Counts | None:
    if not _is_rnn(report):
        return None
    layer, copies = _recurrent(report)
    if layer.gates == 1:
        return None
    inputs = report.input_shape[-1]
    assert inputs is not None
    wrong = copies * _rnn_count(layer, inputs, 1, _rnn_biases(report, framework))
    return _with_trainable(report, wrong)


def _gates_forgotten_phrase(reports: Sequence[LayerReport], framework: Framework) -> str:
    return (f"with the {_names([_unwrap(r) for r in reports])} counted as one gate, like a "
            "SimpleRNN; LSTM has 4 gates and GRU 3, each with its own weights")


def _gates_swapped(report: LayerReport, framework: Framework) -> Counts | None:
    if not _is_rnn(report):
        return None
    layer, copies = _recurrent(report)
    if not isinstance(layer, LSTM | GRU):
        return None
    inputs = report.input_shape[-1]
    assert inputs is not None
    wrong = 3 if isinstance(layer, LSTM) else 4
    count = copies * _rnn_count(layer, inputs, wrong, _rnn_biases(report, framework))
    return _with_trainable(report, count)


def _gates_swapped_phrase(reports: Sequence[LayerReport], framework: Framework) -> str:
    return "with the gate counts swapped (LSTM 3, GRU 4); LSTM has 4 gates, GRU 3"


def _unwrap(report: LayerReport) -> LayerReport:
    layer, _ = _recurrent(report)
    return replace(report, layer=layer)


def _gru_reset_after(report: LayerReport, framework: Framework) -> Counts | None:
    if framework != "keras" or not _is_rnn(report):
        return None
    layer, copies = _recurrent(report)
    if not isinstance(layer, GRU) or not layer.use_bias:
        return None
    change = copies * 3 * layer.units
    return _with_trainable(report, report.trainable - change if layer.reset_after
                           else report.trainable + change)


def _gru_phrase(reports: Sequence[LayerReport], framework: Framework) -> str:
    layer, _ = _recurrent(reports[0])
    if isinstance(layer, GRU) and layer.reset_after:
        return ("with one bias per GRU gate, as with reset_after=False; Keras's default "
                "reset_after=True keeps two (3u + 3u)")
    return ("with two biases per GRU gate (reset_after=True); with reset_after=False there "
            "is one per gate (3u)")


def _flattened(report: LayerReport) -> int | None:
    shape = report.input_shape
    if not isinstance(report.layer, Dense) or len(shape) < 2:
        return None
    if any(d is None for d in shape) or math.prod(d or 1 for d in shape[:-1]) == 1:
        return None
    return math.prod(d or 1 for d in shape)


def _dense_nd(report: LayerReport, framework: Framework) -> Counts | None:
    flat = _flattened(report)
    if flat is None:
        return None
    assert isinstance(report.layer, Dense)
    units = report.layer.units
    return _with_trainable(report, flat * units + (units if report.layer.use_bias else 0))


def _dense_nd_phrase(reports: Sequence[LayerReport], framework: Framework) -> str:
    parts = ", ".join(
        f"i = {_flattened(r):,} instead of {r.input_shape[-1]} for the input "
        f"{format_shape(r.input_shape)}" for r in reports
    )
    return (f"with Dense counted as if its N-D input were flattened ({parts}); without a "
            "Flatten, Dense acts on the last axis only")


def _layer_left_out(report: LayerReport, framework: Framework) -> Counts | None:
    if report.params == 0 and report.buffers == 0:
        return None
    return Counts(0, 0, 0)


def _layer_left_out_phrase(reports: Sequence[LayerReport], framework: Framework) -> str:
    report = reports[0]
    return f"without layer {report.index + 1} ({report.name}, {report.layer.kind})"


def _pooling_params(report: LayerReport, framework: Framework) -> Counts | None:
    layer, shape = report.layer, report.input_shape
    if not shape or shape[-1] is None:
        return None
    c = shape[-1]
    if isinstance(layer, Pooling):
        extra = c * math.prod(layer.pool_size)
    elif isinstance(layer, GlobalPooling):
        extra = c
    elif isinstance(layer, Flatten):
        out = report.output_shape[-1]
        if out is None:
            return None
        extra = out
    else:
        return None
    return Counts(report.trainable + extra, report.non_trainable, report.buffers)


def _pooling_phrase(reports: Sequence[LayerReport], framework: Framework) -> str:
    has = "has" if len({r.layer.kind for r in reports}) == 1 else "have"
    return f"with parameters given to {_names(reports)}; {_names(reports)} {has} none"


def _non_trainable_as_trainable(report: LayerReport, framework: Framework) -> Counts | None:
    if not report.non_trainable:
        return None
    return Counts(report.trainable + report.non_trainable, 0, report.buffers)


def _non_trainable_phrase(reports: Sequence[LayerReport], framework: Framework) -> str:
    frozen = sum(r.non_trainable for r in reports)
    return (f"with the {frozen:,} non-trainable parameters (BatchNorm's moving statistics) "
            "counted as trainable")


def _attention_heads(report: LayerReport, framework: Framework) -> Counts | None:
    layer = report.layer
    if not isinstance(layer, MultiHeadAttention):
        return None
    e = _channels(report)
    if framework == "keras":
        wrong = 4 * e * e + (4 * e if layer.use_bias else 0)
    else:
        if layer.num_heads == 1:
            return None
        wrong = layer.num_heads * report.trainable
    return _with_trainable(report, wrong)


def _attention_phrase(reports: Sequence[LayerReport], framework: Framework) -> str:
    if framework == "keras":
        return ("with PyTorch's 4×E×E + 4×E for the attention layer; in Keras key_dim is per "
                "head, so each projection is E × (H×key_dim)")
    return ("with the attention count multiplied by the number of heads; PyTorch splits E "
            "across the heads, so 4×E×E + 4×E whatever H is")


CATALOGUE: tuple[Misconception, ...] = (
    Misconception("biases_left_out", "biases left out", _biases_left_out, _biases_phrase),
    Misconception("bias_per_weight", "one bias per weight", _bias_per_weight,
                  _bias_per_weight_phrase),
    Misconception("kernel_f", "kernel f instead of f×f", _kernel_f, _kernel_f_phrase),
    Misconception("input_channels_left_out", "input channels left out", _input_channels,
                  _input_channels_phrase),
    Misconception("depthwise_as_standard", "depthwise counted as a standard convolution",
                  _depthwise_standard, _depthwise_phrase),
    Misconception("separable_bias_twice", "separable bias counted twice",
                  _separable_bias_twice, _separable_phrase),
    Misconception("bn_convention", "Keras vs PyTorch BatchNorm", _bn_convention, _bn_phrase),
    Misconception("bn_buffers_counted", "BatchNorm buffers counted as parameters",
                  _bn_buffers_counted, _bn_buffers_phrase),
    Misconception("num_batches_tracked_forgotten", "num_batches_tracked forgotten",
                  _batches_tracked, _batches_tracked_phrase),
    Misconception("rnn_bias_convention", "Keras vs PyTorch RNN biases", _rnn_bias_convention,
                  _rnn_bias_phrase),
    Misconception("gates_forgotten", "LSTM/GRU gates forgotten", _gates_forgotten,
                  _gates_forgotten_phrase),
    Misconception("gates_swapped", "LSTM/GRU gate counts swapped", _gates_swapped,
                  _gates_swapped_phrase),
    Misconception("gru_reset_after", "GRU reset_after", _gru_reset_after, _gru_phrase),
    Misconception("dense_nd_flattened", "Dense on N-D counted as if flattened", _dense_nd,
                  _dense_nd_phrase),
    Misconception("layer_left_out", "a layer left out", _layer_left_out,
                  _layer_left_out_phrase, one_layer_only=True),
    Misconception("pooling_given_params", "pooling or Flatten given parameters",
                  _pooling_params, _pooling_phrase),
    Misconception("non_trainable_as_trainable", "non-trainable counted as trainable",
                  _non_trainable_as_trainable, _non_trainable_phrase),
    Misconception("attention_heads", "attention heads miscounted", _attention_heads,
                  _attention_phrase),
)
"""Every misconception, in the order diagnoses list them."""

BY_ID = {m.id: m for m in CATALOGUE}


def altered(
    misconception: Misconception, report: ModelReport, measure: Measure,
    layers: Sequence[int] | None = None,
) -> dict[int, Counts]:
    """The layers (among `layers`, default all) the misconception changes under `measure`."""
    chosen = report.layers if layers is None else [report.layers[i] for i in layers]
    changes: dict[int, Counts] = {}
    for layer_report in chosen:
        wrong = misconception.alter(layer_report, report.framework)
        if wrong is not None and wrong.measure(measure) != counts(layer_report).measure(measure):
            changes[layer_report.index] = wrong
    return changes


def value_with(
    report: ModelReport, changes: dict[int, Counts], measure: Measure,
    layers: Sequence[int] | None = None,
) -> int:
    """The measure summed over `layers` (default all), with `changes` in place."""
    chosen = report.layers if layers is None else [report.layers[i] for i in layers]
    return sum(changes.get(r.index, counts(r)).measure(measure) for r in chosen)


def scopes(
    misconception: Misconception, changes: dict[int, Counts], report: ModelReport,
    measure: Measure,
) -> list[tuple[int, ...]]:
    """The layers miscounted together: all those the misconception moves the same way (up
    or down, so the sum can never come back to the right number), then each alone."""
    indexes = tuple(sorted(changes))
    singles: list[tuple[int, ...]] = [(i,) for i in indexes]
    if misconception.one_layer_only:
        return singles
    up = tuple(i for i in indexes
               if changes[i].measure(measure) > counts(report.layers[i]).measure(measure))
    down = tuple(i for i in indexes if i not in up)
    groups = [group for group in (up, down) if len(group) > 1]
    return [*groups, *singles]


def _where(reports: Sequence[LayerReport]) -> str:
    if len(reports) == 1:
        return f"in layer {reports[0].index + 1} ({reports[0].name}) only"
    numbers = [r.index + 1 for r in reports]
    return "in layers " + ", ".join(map(str, numbers[:-1])) + f" and {numbers[-1]}"


def alternatives(
    report: ModelReport, measure: Measure = "total", layers: Sequence[int] | None = None,
    subject: str = "the count",
) -> list[Alternative]:
    """Every misconception's number for the measure summed over `layers` (default all).

    `subject` names the number in the descriptions ("the count", "the trainable count")."""
    results: list[Alternative] = []
    for misconception in CATALOGUE:
        changes = altered(misconception, report, measure, layers)
        for scope in scopes(misconception, changes, report, measure):
            picked = {i: changes[i] for i in scope}
            value = value_with(report, picked, measure, layers)
            touched = [report.layers[i] for i in scope]
            what, _, why = misconception.phrase(touched, report.framework).partition("; ")
            if len(scope) < len(changes) and not misconception.one_layer_only:
                what += f", {_where(touched)}"
            text = f"{value:,} is {subject} {what}" + (f"; {why}" if why else "")
            results.append(Alternative(misconception, value, scope, text))
    return results
