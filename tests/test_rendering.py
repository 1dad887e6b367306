"""Renderers: Keras and PyTorch code in each form, the PyTorch layout plan, the summary table."""

from __future__ import annotations

import ast

import pytest
from frameworks.random_models import random_model
from hypothesis import given, settings
from hypothesis import strategies as st

from quizzer.core.counting import analyze
from quizzer.core.errors import UnsupportedError
from quizzer.core.layers import (
    GRU,
    LSTM,
    Activation,
    BatchNormalization,
    Bidirectional,
    Conv1D,
    Conv2D,
    Dense,
    Dropout,
    Embedding,
    Flatten,
    GlobalAveragePooling1D,
    MaxPooling2D,
    MultiHeadAttention,
    Reshape,
)
from quizzer.core.model import FRAMEWORKS, Framework, Model
from quizzer.core.rendering import render_code
from quizzer.core.rendering.pytorch import needs_class, torch_input_shape, torch_plan
from quizzer.core.rendering.summary import render_summary, summary_rows

CNN = Model((28, 28, 1), (Conv2D(8, (3, 3), activation="relu"), MaxPooling2D((2, 2)),
                          Flatten(), Dense(10, activation="softmax")))


def test_keras_sequential() -> None:
    assert render_code(CNN, "keras") == (
        "import keras\n"
        "from keras import layers\n"
        "\n"
        "model = keras.Sequential([\n"
        "    keras.Input(shape=(28, 28, 1)),\n"
        '    layers.Conv2D(8, (3, 3), activation="relu"),\n'
        "    layers.MaxPooling2D(pool_size=(2, 2)),\n"
        "    layers.Flatten(),\n"
        '    layers.Dense(10, activation="softmax"),\n'
        "])\n"
    )


def test_pytorch_sequential_is_channels_first_with_explicit_sizes() -> None:
    assert render_code(CNN, "pytorch") == (
        "import torch\n"
        "from torch import nn\n"
        "\n"
        "# input: (batch, 1, 28, 28)\n"
        "model = nn.Sequential(\n"
        "    nn.Conv2d(1, 8, kernel_size=3),\n"
        "    nn.ReLU(),\n"
        "    nn.MaxPool2d(2),\n"
        "    nn.Flatten(),\n"
        "    nn.Linear(1352, 10),\n"
        "    nn.Softmax(dim=-1),\n"
        ")\n"
    )
    assert torch_input_shape(CNN) == (1, 28, 28)


def test_keras_functional_for_attention() -> None:
    model = Model((6, 8), (MultiHeadAttention(2, 4), GlobalAveragePooling1D()))
    assert render_code(model, "keras", var="other_model") == (
        "import keras\n"
        "from keras import layers\n"
        "\n"
        "other_model_inputs = keras.Input(shape=(6, 8))\n"
        "other_model_x = layers.MultiHeadAttention(num_heads=2, key_dim=4)"
        "(other_model_inputs, other_model_inputs)\n"
        "other_model_x = layers.GlobalAveragePooling1D()(other_model_x)\n"
        "other_model = keras.Model(other_model_inputs, other_model_x)\n"
    )


def test_pytorch_class_for_recurrent_layers_and_layout_moves() -> None:
    model = Model((10,), (Embedding(50, 8), Conv1D(4, (3,)), Bidirectional(LSTM(3)),
                          Dense(2)))
    code = render_code(model, "pytorch")
    assert code == (
        "import torch\n"
        "from torch import nn\n"
        "\n"
        "\n"
        "class Model(nn.Module):\n"
        "    def __init__(self):\n"
        "        super().__init__()\n"
        "        self.embedding = nn.Embedding(50, 8)\n"
        "        self.conv1d = nn.Conv1d(8, 4, kernel_size=3)\n"
        "        self.bidirectional = nn.LSTM(4, 3, batch_first=True, bidirectional=True)\n"
        "        self.dense = nn.Linear(6, 2)\n"
        "\n"
        "    def forward(self, x):\n"
        "        x = self.embedding(x)\n"
        "        x = x.movedim(-1, 1)\n"
        "        x = self.conv1d(x)\n"
        "        x = x.movedim(1, -1)\n"
        "        x, _ = self.bidirectional(x)\n"
        "        x = torch.cat((x[:, -1, :3], x[:, 0, 3:]), dim=-1)\n"
        "        x = self.dense(x)\n"
        "        return x\n"
        "\n"
        "\n"
        "# input: (batch, 10) (token ids, torch.long)\n"
        "model = Model()\n"
    )
    assert 'dtype="int32"' in render_code(model, "keras")


def test_plan_tracks_the_layout() -> None:
    model = Model((9, 8, 3), (Conv2D(4, (3, 3)), Dense(5), BatchNormalization(), Flatten(),
                              Reshape((7, 30)), LSTM(2, return_sequences=True), GRU(3)))
    steps = torch_plan(model)
    assert [s.move_in for s in steps] == [None, "x.movedim(1, -1)", "x.movedim(-1, 1)", None,
                                          None, None, None]
    assert [s.output_shape for s in steps] == [(4, 7, 6), (7, 6, 5), (5, 7, 6), (210,),
                                               (7, 30), (7, 2), (3,)]
    assert [s.layout for s in steps] == ["channels_first", "channels_last", "channels_first",
                                         "channels_last", "channels_last", "channels_last",
                                         "channels_last"]
    assert needs_class(steps)


def test_batchnorm_on_a_sequence_normalizes_channels() -> None:
    steps = torch_plan(Model((7, 5), (BatchNormalization(), LSTM(3))))
    assert steps[0].modules == ("nn.BatchNorm1d(5)",)
    assert steps[0].output_shape == (5, 7)
    assert torch_input_shape(Model((7, 5), (BatchNormalization(), LSTM(3)))) == (5, 7)
    assert steps[1].move_in == "x.movedim(1, -1)"


def test_input_layout_looks_past_dropout_and_activation() -> None:
    model = Model((8, 8, 3), (Dropout(0.2), Activation("softmax"), Conv2D(2, (3, 3))))
    steps = torch_plan(model)
    assert torch_input_shape(model) == (3, 8, 8)
    assert not needs_class(steps)
    assert steps[1].modules == ("nn.Softmax(dim=1)",)


def test_reshape_with_unknown_sizes_lets_pytorch_infer() -> None:
    assert Reshape((-1, 3)).torch_code((None, 6)) == ("nn.Flatten()", "nn.Unflatten(1, (-1, 3))")
    assert Reshape((-1, 3)).torch_code((4, 6)) == ("nn.Flatten()", "nn.Unflatten(1, (8, 3))")


@pytest.mark.parametrize(
    ("model", "framework", "words"),
    [
        (Model((9, 9, 3), (Conv2D(2, (3, 3), strides=(2, 2), padding="same"),)), "pytorch",
         'padding="same" needs stride 1 in PyTorch'),
        (Model((9, 9, 3), (Conv2D(2, (3, 3), strides=(2, 2), dilation=(2, 2)),)), "keras",
         "strides > 1 with dilation > 1 is not allowed in Keras"),
        (Model((9, 9, 3), (Conv2D(2, (3, 3), padding=2),)), "keras",
         "padding=2 has no equivalent in Keras"),
        (Model((8, 8, 1), (MaxPooling2D((2, 2), padding="same"),)), "pytorch",
         'padding="same" has no equivalent in PyTorch'),
        (Model((5, 4), (GRU(3, reset_after=False),)), "pytorch",
         "reset_after=False has no equivalent in PyTorch"),
        (Model((4, 4, 6), (MultiHeadAttention(2, 3),)), "pytorch",
         "attention over more than one axis"),
    ],
)
def test_what_a_framework_cannot_express(model: Model, framework: Framework,
                                         words: str) -> None:
    with pytest.raises(UnsupportedError) as info:
        render_code(model, framework)
    assert str(info.value).startswith("layer 1 (")
    assert words in str(info.value)


def test_explicit_padding_that_equals_same_renders_for_keras() -> None:
    code = render_code(Model((8, 8, 2), (Conv2D(3, (3, 3), padding=1),)), "keras")
    assert 'layers.Conv2D(3, (3, 3), padding="same")' in code


@settings(max_examples=80, deadline=None)
@given(seed=st.integers(0, 10**9), framework=st.sampled_from(FRAMEWORKS))
def test_rendered_code_is_valid_python_defining_model(seed: int,
                                                      framework: Framework) -> None:
    model = random_model(seed, framework, unknown_dims=True)
    code = render_code(model, framework)
    tree = ast.parse(code)
    assigned = {target.id for node in tree.body if isinstance(node, ast.Assign)
                for target in node.targets if isinstance(target, ast.Name)}
    assert "model" in assigned
    imports = {alias.name for node in tree.body if isinstance(node, ast.Import | ast.ImportFrom)
               for alias in node.names}
    assert imports == ({"keras", "layers"} if framework == "keras" else {"torch", "nn"})


def test_pytorch_summary_names_the_pytorch_modules() -> None:
    model = Model((6, 6, 3), (
        Conv2D(4, (3, 3)), BatchNormalization(), Activation("relu"), MaxPooling2D((2, 2)),
        Reshape((4, 4)), LSTM(4, return_sequences=True), MultiHeadAttention(2, 3), Flatten(),
        Dropout(0.5), Dense(2, activation="softmax")))
    types = ["Conv2d", "BatchNorm2d", "ReLU", "MaxPool2d", "Flatten+Unflatten", "LSTM",
             "MultiheadAttention", "Flatten", "Dropout", "Linear+Softmax"]
    torch_rows = summary_rows(analyze(model, "pytorch"))
    assert [row[0].split(" ")[1].strip("()") for row in torch_rows] == types
    keras_rows = summary_rows(analyze(model, "keras"))
    assert [row[0] for row in keras_rows] == [
        f"{report.name} ({report.layer.kind})" for report in analyze(model, "keras").layers]
    assert "conv2d (Conv2D)" in render_summary(analyze(model, "keras"))
    assert "conv2d (Conv2d)" in render_summary(analyze(model, "pytorch"))


def _modules(code: str) -> list[str]:
    """The nn module classes a rendered PyTorch model is built from, in order."""
    calls = [node for node in ast.walk(ast.parse(code)) if isinstance(node, ast.Call)]
    calls.sort(key=lambda node: (node.lineno, node.col_offset))
    names = [ast.unparse(node.func).removeprefix("nn.") for node in calls
             if ast.unparse(node.func).startswith("nn.")]
    return [name for name in names if name != "Sequential"]


@settings(max_examples=40)
@given(seed=st.integers(0, 10**9))
def test_pytorch_types_are_the_modules_of_the_rendered_code(seed: int) -> None:
    model = random_model(seed, "pytorch")
    report = analyze(model, "pytorch")
    types = [report.type_name("pytorch") for report in report.layers]
    assert "+".join(types).split("+") == _modules(render_code(model, "pytorch"))
    assert [r.type_name("keras") for r in report.layers] == [r.kind for r in model.layers]


def test_summary_table() -> None:
    report = analyze(Model((7, 5), (BatchNormalization(), LSTM(3))), "keras")
    assert render_summary(report) == (
        "Layer (type)                              Output Shape  Param #\n"
        "───────────────────────────────────────────────────────────────\n"
        "batch_normalization (BatchNormalization)  (None, 7, 5)       20\n"
        "lstm (LSTM)                               (None, 3)         108\n"
        "───────────────────────────────────────────────────────────────\n"
        "Total params: 128\n"
        "Trainable params: 118\n"
        "Non-trainable params: 10\n"
    )


def test_pytorch_summary_shows_pytorch_layout_and_buffers() -> None:
    report = analyze(CNN, "pytorch")
    assert summary_rows(report)[:2] == [("conv2d (Conv2d+ReLU)", "(None, 8, 26, 26)", "80"),
                                        ("max_pooling2d (MaxPool2d)", "(None, 8, 13, 13)",
                                         "0")]
    model = Model((7, 5), (BatchNormalization(), LSTM(3)))
    text = render_summary(analyze(model, "pytorch"))
    assert "(None, 5, 7)" in text
    assert text.endswith("Total params: 130\nBuffers (not parameters): 11\n")
    assert "13,530" in render_summary(report)
