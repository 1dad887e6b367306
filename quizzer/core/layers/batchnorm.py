"""BatchNormalization: Keras `2C` trainable + `2C` non-trainable; PyTorch `2C` + buffers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from quizzer.core.layers.base import Layer, Layout, call, unsupported
from quizzer.core.model import Formula, Framework, Shape, Weight
from quizzer.core.shapes import known


@dataclass(frozen=True)
class BatchNormalization(Layer):
    """Batch normalization over the channel (last, in Keras) axis."""

    kind: ClassVar[str] = "BatchNormalization"
    torch_layout: ClassVar[Layout] = "channels_first"

    def channels(self, shape: Shape) -> int:
        return known(shape[-1] if shape else None, self.label, "channel axis")

    def output_shape(self, shape: Shape) -> Shape:
        self.channels(shape)
        return shape

    def weights(self, shape: Shape, framework: Framework) -> tuple[Weight, ...]:
        c = self.channels(shape)
        if framework == "keras":
            return (
                Weight("gamma", (c,)),
                Weight("beta", (c,)),
                Weight("moving_mean", (c,), trainable=False),
                Weight("moving_variance", (c,), trainable=False),
            )
        return (
            Weight("weight", (c,)),
            Weight("bias", (c,)),
            Weight("running_mean", (c,), trainable=False, buffer=True),
            Weight("running_var", (c,), trainable=False, buffer=True),
            Weight("num_batches_tracked", (), trainable=False, buffer=True),
        )

    def formula(self, shape: Shape, framework: Framework) -> Formula:
        c = self.channels(shape)
        if framework == "keras":
            return Formula(
                "2×C + 2×C",
                f"2×{c} + 2×{c}",
                4 * c,
                (
                    f"Keras: gamma and beta are trainable (2×{c} = {2 * c}); the moving mean "
                    f"and variance are non-trainable (2×{c} = {2 * c}) but count_params() "
                    "includes them.",
                    "PyTorch would report only 2×C parameters: it keeps the running "
                    "statistics as buffers.",
                ),
            )
        return Formula(
            "2×C",
            f"2×{c}",
            2 * c,
            (
                f"PyTorch: weight and bias are parameters (2×{c} = {2 * c}); running_mean, "
                f"running_var and num_batches_tracked ({2 * c + 1} values) are buffers, "
                "not parameters.",
                "Keras would report 4×C: it counts the moving statistics as non-trainable "
                "parameters.",
            ),
        )

    def check(self, shape: Shape, framework: Framework) -> None:
        if framework == "pytorch" and len(shape) > 4:
            raise unsupported(self, framework, f"a {len(shape) + 1}-D input has no BatchNorm")

    def keras_code(self) -> str:
        return "layers.BatchNormalization()"

    def torch_code(self, shape: Shape) -> tuple[str, ...]:
        dims = {1: 1, 2: 1, 3: 2, 4: 3}.get(len(shape), 1)
        return (call(f"nn.BatchNorm{dims}d", self.channels(shape)),)
