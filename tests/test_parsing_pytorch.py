"""Reading PyTorch code: nn.Sequential in every prefix style, nn.Module classes (as quizzer
renders them and as people write them), the mapping of each module to the catalogue, and input
shapes inferred from declared sizes or read from the `# input:` comment."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizzer.core.errors import ParseError
from quizzer.core.layers import (
    GRU,
    LSTM,
    Activation,
    AveragePooling1D,
    BatchNormalization,
    Bidirectional,
    Conv1D,
    Conv2D,
    Conv2DTranspose,
    Conv3D,
    Dense,
    DepthwiseConv2D,
    Dropout,
    Embedding,
    Flatten,
    GlobalAveragePooling2D,
    GlobalMaxPooling1D,
    Layer,
    LayerNormalization,
    MaxPooling2D,
    MultiHeadAttention,
    Reshape,
    SimpleRNN,
)
from quizzer.core.model import Model, Shape
from quizzer.core.parsing import parse_model
from quizzer.core.rendering import render_code

DATA = Path(__file__).parent / "data" / "explain"


def torch(code: str) -> tuple[Shape, tuple[Layer, ...]]:
    parsed = parse_model(code)
    assert parsed.framework == "pytorch"
    return parsed.model.input_shape, parsed.model.layers


@pytest.mark.parametrize(
    "code",
    [
        "model = nn.Sequential(nn.Linear(3, 5), nn.ReLU(), nn.Linear(5, 2))",
        "import torch\nmodel = torch.nn.Sequential(torch.nn.Linear(3, 5), torch.nn.ReLU(),\n"
        "    torch.nn.Linear(5, 2))",
        "from torch.nn import Linear, ReLU, Sequential\n"
        "model = Sequential(Linear(3, 5), ReLU(), Linear(5, 2))",
        "import torch.nn as tnn\nmodel = tnn.Sequential(tnn.Linear(in_features=3, out_features=5),"
        " tnn.ReLU(), tnn.Linear(5, out_features=2))",
        "from collections import OrderedDict\nmodel = nn.Sequential(OrderedDict([\n"
        "    ('fc1', nn.Linear(3, 5)), ('act', nn.ReLU()), ('fc2', nn.Linear(5, 2))]))",
        "nn.Sequential(nn.Linear(3, 5), nn.Sequential(nn.ReLU(), nn.Linear(5, 2)))",
    ],
)
def test_sequential_forms(code: str) -> None:
    parsed = parse_model(code)
    assert parsed.framework == "pytorch"
    assert parsed.model == Model(
        (3,), (Dense(5, in_features=3), Activation("relu"), Dense(2, in_features=5)))
    assert parsed.report.total == 32
    assert not parsed.input_stated


@pytest.mark.parametrize(
    ("modules", "shape"),
    [
        ("nn.Linear(3, 5)", (3,)),
        ("nn.Conv2d(3, 8, 3)", (None, None, 3)),
        ("nn.Conv1d(4, 8, 3)", (None, 4)),
        ("nn.Conv3d(2, 8, 3)", (None, None, None, 2)),
        ("nn.Dropout(0.1), nn.MaxPool2d(2), nn.Conv2d(3, 8, 3)", (None, None, 3)),
        ("nn.Embedding(100, 8)", (None,)),
        ("nn.BatchNorm1d(7)", (7,)),
        ("nn.BatchNorm2d(7)", (None, None, 7)),
        ("nn.LayerNorm(12)", (12,)),
        ("nn.Flatten(), nn.Dropout(0.2), nn.Linear(784, 10)", (784,)),
    ],
)
def test_input_shape_is_inferred_from_the_first_declared_size(modules: str, shape: Shape) -> None:
    assert torch(f"model = nn.Sequential({modules})")[0] == shape


def test_sequence_input_shapes_are_inferred_in_the_class_form() -> None:
    lstm = _class("self.lstm = nn.LSTM(6, 4, batch_first=True)", "x, _ = self.lstm(x)\nreturn x")
    attention = _class("self.mha = nn.MultiheadAttention(8, 2, batch_first=True)",
                       "x, _ = self.mha(x, x, x)\nreturn x")
    assert torch(lstm)[0] == (None, 6)
    assert torch(attention)[0] == (None, 8)


def test_the_input_comment_gives_the_shapes_channels_last() -> None:
    code = (
        "# input: (batch, 3, 32, 32)\n"
        "model = nn.Sequential(\n"
        "    nn.Conv2d(3, 16, 3, padding=1),\n"
        "    nn.MaxPool2d(2),\n"
        "    nn.Flatten(),\n"
        "    nn.Linear(16 * 16 * 16, 10),\n"
        ")\n"
    )
    parsed = parse_model(code)
    assert parsed.input_stated
    assert parsed.model.input_shape == (32, 32, 3)
    assert [r.output_shape for r in parsed.report.layers] == [
        (32, 32, 16), (16, 16, 16), (4096,), (10,)]
    assert parsed.lines == (3, 4, 5, 6)


def test_unknown_sizes_in_the_comment_stay_unknown() -> None:
    parsed = parse_model("# input: (batch, 3, ?, ?)\nmodel = nn.Sequential(nn.Conv2d(3, 4, 3))")
    assert parsed.model.input_shape == (None, None, 3)


def test_a_declared_size_that_contradicts_the_shape_names_its_line() -> None:
    with pytest.raises(ParseError, match=r"^line 3: nn.Linear expects 4 input features but "
                                         r"the layer before gives 5$"):
        parse_model("model = nn.Sequential(\n    nn.Linear(3, 5),\n    nn.Linear(4, 2),\n)")
    with pytest.raises(ParseError, match=r"^line 2: nn.Conv2d expects 3 input channels but "
                                         r"the input has 1$"):
        parse_model("# input: (batch, 1, 28, 28)\nmodel = nn.Sequential(nn.Conv2d(3, 8, 3))")


MODULE_FORMS: list[tuple[str, str, Shape, tuple[Layer, ...]]] = [
    ("nn.Linear(3, 5, bias=False)", "3", (3,), (Dense(5, use_bias=False, in_features=3),)),
    ("nn.Conv2d(3, 16, 3, stride=2, padding=1)", "3, 8, 8", (8, 8, 3),
     (Conv2D(16, (3, 3), strides=(2, 2), padding=1),)),
    ("nn.Conv2d(in_channels=3, out_channels=16, kernel_size=(3, 5), padding='same')",
     "3, 8, 8", (8, 8, 3), (Conv2D(16, (3, 5), padding="same"),)),
    ("nn.Conv2d(3, 16, 3, 1, (1, 1), 1, 1, False)", "3, 8, 8", (8, 8, 3),
     (Conv2D(16, (3, 3), padding=1, use_bias=False),)),
    ("nn.Conv2d(8, 16, 3, groups=8, padding_mode='reflect')", "8, 8, 8", (8, 8, 8),
     (Conv2D(16, (3, 3), groups=8),)),
    ("nn.Conv1d(4, 8, 5, dilation=2, bias=False)", "4, 20", (20, 4),
     (Conv1D(8, (5,), dilation=(2,), use_bias=False),)),
    ("nn.Conv3d(2, 4, (1, 2, 3))", "2, 5, 5, 5", (5, 5, 5, 2), (Conv3D(4, (1, 2, 3)),)),
    ("nn.ConvTranspose2d(4, 8, 4, stride=2, padding=1)", "4, 5, 5", (5, 5, 4),
     (Conv2DTranspose(8, (4, 4), (2, 2), "same"),)),
    ("nn.ConvTranspose2d(4, 8, 2, stride=2)", "4, 5, 5", (5, 5, 4),
     (Conv2DTranspose(8, (2, 2), (2, 2), "valid"),)),
    ("nn.BatchNorm2d(16, momentum=0.1)", "16, 4, 4", (4, 4, 16), (BatchNormalization(),)),
    ("nn.BatchNorm1d(16)", "16", (16,), (BatchNormalization(),)),
    ("nn.LayerNorm(64)", "64", (64,), (LayerNormalization(),)),
    ("nn.LayerNorm([64], eps=1e-6)", "64", (64,), (LayerNormalization(),)),
    ("nn.Embedding(1000, 64, padding_idx=0)", "10", (10,), (Embedding(1000, 64),)),
    ("nn.MaxPool2d(2)", "3, 8, 8", (8, 8, 3), (MaxPooling2D((2, 2)),)),
    ("nn.MaxPool2d(kernel_size=3, stride=1)", "3, 8, 8", (8, 8, 3),
     (MaxPooling2D((3, 3), strides=(1, 1)),)),
    ("nn.AvgPool1d(2)", "3, 8", (8, 3), (AveragePooling1D((2,)),)),
    ("nn.AdaptiveAvgPool2d(1), nn.Flatten()", "3, 8, 8", (8, 8, 3),
     (GlobalAveragePooling2D(),)),
    ("nn.AdaptiveMaxPool1d((1,)), nn.Flatten()", "3, 8", (8, 3), (GlobalMaxPooling1D(),)),
    ("nn.Flatten(), nn.Unflatten(1, (3, 8, 8)), nn.Conv2d(3, 4, 1)", "192", (192,),
     (Flatten(), Reshape((8, 8, 3)), Conv2D(4, (1, 1)))),
    ("nn.Dropout(0.2), nn.Dropout(p=0.3), nn.Dropout2d()", "3", (3,),
     (Dropout(0.2), Dropout(0.3), Dropout(0.5))),
    ("nn.ReLU(inplace=True), nn.Softmax(dim=1), nn.GELU(), nn.Identity(), nn.LeakyReLU(0.1)",
     "3", (3,), (Activation("relu"), Activation("softmax"), Activation("gelu"),
                 Activation("linear"), Activation("leaky_relu"))),
]


@pytest.mark.parametrize(("modules", "comment", "shape", "layers"), MODULE_FORMS,
                         ids=[f[0] for f in MODULE_FORMS])
def test_module_forms(modules: str, comment: str, shape: Shape,
                      layers: tuple[Layer, ...]) -> None:
    parsed = parse_model(f"# input: (batch, {comment})\nmodel = nn.Sequential({modules})")
    assert parsed.model.input_shape == shape
    assert tuple(_without_in_features(layer) for layer in parsed.model.layers) == tuple(
        _without_in_features(layer) for layer in layers)


def _without_in_features(layer: Layer) -> Layer:
    return Dense(layer.units, layer.use_bias, layer.activation) if isinstance(
        layer, Dense) else layer


def test_grouped_conv_with_groups_equal_to_channels_counts_as_depthwise() -> None:
    parsed = parse_model("# input: (batch, 8, 6, 6)\nnn.Sequential(nn.Conv2d(8, 16, 3, groups=8))")
    depthwise = Model((6, 6, 8), (DepthwiseConv2D((3, 3), depth_multiplier=2),))
    from quizzer.core.counting import analyze

    assert parsed.report.total == analyze(depthwise, "pytorch").total == 8 * 9 * 2 + 16


def test_batchnorm_parameters_and_buffers() -> None:
    report = parse_model("nn.Sequential(nn.Conv2d(3, 16, 3), nn.BatchNorm2d(16))").report
    assert (report.total, report.trainable, report.non_trainable, report.buffers) == (
        448 + 32, 480, 0, 33)


def _class(init: str, forward: str, comment: str = "") -> str:
    return (
        "import torch\nfrom torch import nn\n\n\n"
        "class Model(nn.Module):\n"
        "    def __init__(self):\n"
        "        super().__init__()\n"
        + "".join(f"        {line}\n" for line in init.splitlines())
        + "\n    def forward(self, x):\n"
        + "".join(f"        {line}\n" for line in forward.splitlines())
        + f"\n\n{comment}model = Model()\n"
    )


def test_recurrent_class_form_with_the_last_time_step() -> None:
    code = _class(
        "self.lstm = nn.LSTM(8, 16, batch_first=True)\nself.dense = nn.Linear(16, 2)",
        "x, _ = self.lstm(x)\nx = x[:, -1, :]\nx = self.dense(x)\nreturn x",
        "# input: (batch, 10, 8)\n",
    )
    parsed = parse_model(code)
    assert parsed.model == Model((10, 8), (LSTM(16), Dense(2, in_features=16)))
    assert parsed.report.total == 4 * (16 * (8 + 16) + 2 * 16) + 34


def test_stacked_bidirectional_rnn_becomes_one_layer_per_level() -> None:
    code = _class(
        "self.rnn = nn.GRU(8, 16, num_layers=2, batch_first=True, bidirectional=True)",
        "x, _ = self.rnn(x)\nreturn torch.cat((x[:, -1, :16], x[:, 0, 16:]), dim=-1)",
    )
    layers = torch(code)[1]
    assert layers == (Bidirectional(GRU(16, return_sequences=True)), Bidirectional(GRU(16)))
    one = 3 * (16 * (8 + 16) + 2 * 16)
    two = 3 * (16 * (32 + 16) + 2 * 16)
    assert parse_model(code).report.total == 2 * one + 2 * two


def test_attention_class_form() -> None:
    code = _class(
        "self.attention = nn.MultiheadAttention(64, 8, batch_first=True)",
        "x, _ = self.attention(x, x, x)\nreturn x",
    )
    assert torch(code) == ((None, 64), (MultiHeadAttention(8, 8),))
    assert parse_model(code).report.total == 4 * 64 * 64 + 4 * 64


def test_movedim_and_nested_sequential_as_rendered() -> None:
    model = Model((10, 4), (Conv1D(8, (3,), activation="relu"), SimpleRNN(5), Dense(2)))
    code = render_code(model, "pytorch")
    assert "movedim" in code
    parsed = parse_model(code)
    assert parsed.model.input_shape == (10, 4)
    assert [type(layer) for layer in parsed.model.layers] == [
        Conv1D, Activation, SimpleRNN, Dense]


LENET = """\
import torch
import torch.nn as nn
import torch.nn.functional as F


class Net(nn.Module):
    def __init__(self, num_classes=10):
        super(Net, self).__init__()
        self.conv1 = nn.Conv2d(3, 6, 5)
        self.pool = nn.MaxPool2d(2, 2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, num_classes)

    def forward(self, x):
        x = self.pool(F.relu(self.conv1(x)))
        x = self.pool(F.relu(self.conv2(x)))
        x = torch.flatten(x, 1)  # flatten all dimensions except batch
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        x = self.fc3(x)
        return x


# input: (batch, 3, 32, 32)
net = Net()
"""


def test_a_hand_written_class_from_the_pytorch_tutorial() -> None:
    parsed = parse_model(LENET)
    assert parsed.name == "net"
    assert parsed.report.total == 62_006
    assert parsed.model.input_shape == (32, 32, 3)
    assert parsed.report.layers[6].output_shape == (400,)
    assert parsed.lines[:3] == (9, 17, 10)  # modules: their __init__ line; F.relu: forward
    assert parse_model(LENET.replace("# input: (batch, 3, 32, 32)\n", "")).report.total == 62_006


def test_reused_modules_with_weights_are_refused() -> None:
    assert parse_model(LENET).model.layers.count(MaxPooling2D((2, 2))) == 2  # no weights: fine
    reused = _class("self.fc = nn.Linear(4, 4)", "x = self.fc(x)\nx = self.fc(x)\nreturn x")
    with pytest.raises(ParseError, match=r"^line 8: self.fc is used 2 times"):
        parse_model(reused)


def test_modules_never_used_in_forward_are_refused() -> None:
    code = _class("self.a = nn.Linear(4, 4)\nself.b = nn.Linear(4, 4)", "return self.a(x)")
    with pytest.raises(ParseError, match=r"^line 9: self.b is never used in forward"):
        parse_model(code)


def test_recurrent_outputs_must_be_unpacked() -> None:
    code = _class("self.lstm = nn.LSTM(4, 4, batch_first=True)", "x = self.lstm(x)\nreturn x")
    with pytest.raises(ParseError, match=r"returns a tuple \(output, state\): write x, _ ="):
        parse_model(code)


def test_a_layer_acting_on_the_wrong_axis_is_refused() -> None:
    code = "model = nn.Sequential(\n    nn.Conv2d(3, 8, 3),\n    nn.Linear(8, 4),\n)"
    with pytest.raises(ParseError, match=r"^line 3: nn.Linear needs the channels last"):
        parse_model(code)


def test_unflatten_is_read_channels_first_before_a_convolution() -> None:
    code = ("model = nn.Sequential(nn.Linear(10, 48), nn.Unflatten(1, (3, 4, 4)), "
            "nn.Conv2d(3, 2, 3))")
    parsed = parse_model(code)
    assert parsed.model.layers[1] == Reshape((4, 4, 3))
    assert parsed.report.output_shape == (2, 2, 2)


@pytest.mark.parametrize("comment", [True, False])
def test_vgg16_pytorch_has_138_357_544_parameters(comment: bool) -> None:
    code = (DATA / "vgg16_pytorch.py").read_text()
    if not comment:
        code = code.replace("# input: (batch, 3, 224, 224)\n", "")
    parsed = parse_model(code)
    assert parsed.report.total == 138_357_544
    assert parsed.report.buffers == 0
    assert parsed.input_stated is comment
    flatten = next(r for r in parsed.report.layers if isinstance(r.layer, Flatten))
    assert flatten.output_shape == ((25088,) if comment else (None,))


def test_pytorch_rnn_biases_are_counted_twice() -> None:
    code = _class("self.rnn = nn.RNN(3, 4, batch_first=True)", "x, _ = self.rnn(x)\nreturn x")
    assert torch(code)[1] == (SimpleRNN(4, return_sequences=True),)
    assert parse_model(code).report.total == 4 * (3 + 4) + 2 * 4
