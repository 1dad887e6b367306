"""How a prompt points at one layer of the shown code.

Keras: `layer 3, `layers.Dense(64)` (named `dense_1`)`. PyTorch: the module as the code holds
it, `model[4]` in an `nn.Sequential` (activations rendered as their own modules shift the
indexes) or `model.dense_1` in an `nn.Module` class.
"""

from __future__ import annotations

from quizzer.core.counting import layer_names
from quizzer.core.layers.dense import TORCH_ACTIVATIONS
from quizzer.core.model import Framework, Model

ACTIVATION_MODULES = frozenset(TORCH_ACTIVATIONS.values())


def layer_reference(model: Model, index: int, framework: Framework) -> str:
    """The layer at `index` (0-based) as a prompt names it."""
    if framework == "keras":
        layer = model.layers[index]
        name = layer_names(model.layers)[index]
        return f"layer {index + 1}, `{layer.keras_code()}` (named `{name}`)"
    from quizzer.core.rendering.pytorch import needs_class, torch_plan

    steps = torch_plan(model)
    step = steps[index]
    if needs_class(steps):
        module = step.modules[0] if len(step.modules) == 1 else "nn.Sequential(...)"
        return f"`model.{step.name}`, `{module}`"
    start = sum(len(s.modules) for s in steps[:index])
    modules = [m for m in step.modules if m not in ACTIVATION_MODULES] or list(step.modules)
    if len(modules) == 1:
        return f"`model[{start}]`, `{modules[0]}`"
    shown = " + ".join(f"`{m}`" for m in modules)
    return f"`model[{start}:{start + len(modules)}]`, {shown}"


def layer_word(framework: Framework) -> str:
    return "layer" if framework == "keras" else "module"
