"""Renderers: a model as runnable Keras or PyTorch code, and as a summary table."""

from __future__ import annotations

from quizzer.core.model import Framework, Model


def render_code(model: Model, framework: Framework, var: str = "model") -> str:
    """Runnable code that defines `var` as the model, in the framework's own style."""
    if framework == "keras":
        from quizzer.core.rendering.keras import render_keras

        return render_keras(model, var)
    from quizzer.core.rendering.pytorch import render_pytorch

    return render_pytorch(model, var)
