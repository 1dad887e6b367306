"""SimpleRNN, LSTM and GRU (and Bidirectional): the recurrent formulas.

Per gate a recurrent layer has an input kernel (i×u), a recurrent kernel (u×u) and a bias:
SimpleRNN has 1 gate, LSTM 4, GRU 3. Keras keeps one bias per gate, except GRU with
`reset_after=True` (the default), which keeps two; PyTorch always keeps two (`bias_ih` and
`bias_hh`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from quizzer.core.errors import ShapeError
from quizzer.core.layers.base import Layer, Layout, call, unsupported
from quizzer.core.model import Formula, Framework, Shape, Weight
from quizzer.core.shapes import expect_rank, known


@dataclass(frozen=True)
class Recurrent(Layer):
    """A recurrent layer of `units` over a (timesteps, features) input."""

    units: int
    return_sequences: bool = False
    use_bias: bool = True

    gates: ClassVar[int] = 1
    torch_class: ClassVar[str] = "nn.RNN"
    torch_layout: ClassVar[Layout] = "channels_last"

    def features(self, shape: Shape) -> int:
        expect_rank(shape, (2,), self.label, "timesteps, features")
        return known(shape[-1], self.label, "number of input features")

    def output_shape(self, shape: Shape) -> Shape:
        self.features(shape)
        return (shape[0], self.units) if self.return_sequences else (self.units,)

    def biases_per_gate(self, framework: Framework) -> int:
        """How many bias vectors of size `units` each gate has."""
        if not self.use_bias:
            return 0
        return 2 if framework == "pytorch" else 1

    def weights(self, shape: Shape, framework: Framework) -> tuple[Weight, ...]:
        i, u, g = self.features(shape), self.units, self.gates
        if framework == "keras":
            parts = [Weight("kernel", (i, g * u)), Weight("recurrent_kernel", (u, g * u))]
            if self.biases_per_gate(framework) == 2:
                parts.append(Weight("bias", (2, g * u)))
            elif self.use_bias:
                parts.append(Weight("bias", (g * u,)))
            return tuple(parts)
        parts = [Weight("weight_ih_l0", (g * u, i)), Weight("weight_hh_l0", (g * u, u))]
        if self.use_bias:
            parts += [Weight("bias_ih_l0", (g * u,)), Weight("bias_hh_l0", (g * u,))]
        return tuple(parts)

    def formula(self, shape: Shape, framework: Framework) -> Formula:
        i, u, g = self.features(shape), self.units, self.gates
        b = self.biases_per_gate(framework)
        h = "u" if framework == "keras" else "h"
        inner_sym = f"{h}×(i+{h})" + ("" if b == 0 else f" + {h}" if b == 1 else f" + 2{h}")
        inner_num = f"{u}×({i}+{u})" + ("" if b == 0 else f" + {u}" if b == 1 else f" + 2×{u}")
        value = g * (u * (i + u) + b * u)
        notes = [self.gate_note()]
        if framework == "pytorch" and b:
            notes.append(
                "PyTorch keeps two bias vectors per gate (bias_ih and bias_hh), "
                f"so it has {g * u} more parameters than Keras."
            )
        if framework == "keras" and b == 1:
            notes.append(
                f"Keras keeps one bias vector per gate; PyTorch keeps two (bias_ih and "
                f"bias_hh), so PyTorch would count {g * u} more."
            )
        notes.extend(self.extra_notes(framework))
        if g == 1:
            return Formula(inner_sym, inner_num, value, tuple(notes))
        return Formula(f"{g}×[{inner_sym}]", f"{g}×[{inner_num}]", value, tuple(notes))

    def gate_note(self) -> str:
        return "SimpleRNN has one set of weights: input kernel, recurrent kernel, bias."

    def extra_notes(self, framework: Framework) -> tuple[str, ...]:
        return ()

    def keras_code(self) -> str:
        return call(
            f"layers.{self.kind}",
            self.units,
            return_sequences=True if self.return_sequences else None,
            use_bias=None if self.use_bias else False,
        )

    def torch_code(self, shape: Shape) -> tuple[str, ...]:
        return (self.torch_call(self.features(shape), bidirectional=False),)

    def torch_call(self, features: int, bidirectional: bool) -> str:
        return call(
            self.torch_class,
            features,
            self.units,
            batch_first=True,
            bias=None if self.use_bias else False,
            bidirectional=True if bidirectional else None,
        )


# SimpleRNN and LSTM add no fields: they inherit Recurrent's dataclass methods (see Conv2D).
class SimpleRNN(Recurrent):
    kind: ClassVar[str] = "SimpleRNN"


class LSTM(Recurrent):
    kind: ClassVar[str] = "LSTM"
    gates: ClassVar[int] = 4
    torch_class: ClassVar[str] = "nn.LSTM"

    def gate_note(self) -> str:
        return ("LSTM has 4 gates (input, forget, cell, output), each with its own input "
                "kernel, recurrent kernel and bias.")


@dataclass(frozen=True)
class GRU(Recurrent):
    reset_after: bool = True

    kind: ClassVar[str] = "GRU"
    gates: ClassVar[int] = 3
    torch_class: ClassVar[str] = "nn.GRU"

    def biases_per_gate(self, framework: Framework) -> int:
        if not self.use_bias:
            return 0
        return 2 if framework == "pytorch" or self.reset_after else 1

    def gate_note(self) -> str:
        return "GRU has 3 gates (update, reset, candidate)."

    def extra_notes(self, framework: Framework) -> tuple[str, ...]:
        if framework == "keras" and self.reset_after and self.use_bias:
            return ("Keras GRU defaults to reset_after=True: two bias vectors per gate "
                    "(input and recurrent), as in PyTorch.",)
        if framework == "keras" and self.use_bias:
            return ("reset_after=False gives one bias vector per gate; the default "
                    "reset_after=True gives two.",)
        return ()

    def check(self, shape: Shape, framework: Framework) -> None:
        if framework == "pytorch" and not self.reset_after:
            raise unsupported(self, framework, "reset_after=False has no equivalent")

    def keras_code(self) -> str:
        return call(
            "layers.GRU",
            self.units,
            return_sequences=True if self.return_sequences else None,
            use_bias=None if self.use_bias else False,
            reset_after=None if self.reset_after else False,
        )


@dataclass(frozen=True)
class Bidirectional(Layer):
    """A recurrent layer run forwards and backwards, outputs concatenated: 2 × its count."""

    layer: Recurrent

    kind: ClassVar[str] = "Bidirectional"
    torch_layout: ClassVar[Layout] = "channels_last"

    @property
    def return_sequences(self) -> bool:
        return self.layer.return_sequences

    def output_shape(self, shape: Shape) -> Shape:
        out = self.layer.output_shape(shape)
        last = out[-1]
        if last is None:
            raise ShapeError(f"{self.label}: unknown output width")
        return (*out[:-1], 2 * last)

    def weights(self, shape: Shape, framework: Framework) -> tuple[Weight, ...]:
        one = self.layer.weights(shape, framework)
        if framework == "keras":
            return tuple(
                Weight(f"{side}_{w.name}", w.shape) for side in ("forward", "backward") for w in one
            )
        return one + tuple(Weight(f"{w.name}_reverse", w.shape) for w in one)

    def formula(self, shape: Shape, framework: Framework) -> Formula:
        inner = self.layer.formula(shape, framework)
        return Formula(
            f"2 × {_grouped(inner.symbols)}",
            f"2 × {_grouped(inner.numbers)}",
            2 * inner.value,
            (
                f"Bidirectional runs two independent {self.layer.kind} layers (forwards and "
                "backwards): twice the parameters, and the outputs are concatenated.",
                *inner.notes,
            ),
        )

    def check(self, shape: Shape, framework: Framework) -> None:
        self.layer.check(shape, framework)

    def keras_code(self) -> str:
        return f"layers.Bidirectional({self.layer.keras_code()})"

    def torch_code(self, shape: Shape) -> tuple[str, ...]:
        return (self.layer.torch_call(self.layer.features(shape), bidirectional=True),)


def _grouped(expression: str) -> str:
    """The expression in brackets when it is a sum, so that `2 × [...]` doubles all of it."""
    depth = 0
    for index, char in enumerate(expression):
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        if depth == 0 and expression.startswith(" + ", index):
            return f"[{expression}]"
    return expression
