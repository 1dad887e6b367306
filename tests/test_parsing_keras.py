"""Reading Keras code: Sequential (modern and Keras 2 style), model.add, the functional form,
every argument form of every supported layer, and the counts that come out."""

from __future__ import annotations

from pathlib import Path

import pytest

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
    SeparableConv2D,
    SimpleRNN,
)
from quizzer.core.model import Shape
from quizzer.core.parsing import detect, parse_model
from quizzer.core.solutions import solve

DATA = Path(__file__).parent / "data" / "explain"


def keras(code: str) -> tuple[Shape, tuple[Layer, ...]]:
    parsed = parse_model(code)
    assert parsed.framework == "keras"
    return parsed.model.input_shape, parsed.model.layers


@pytest.mark.parametrize(
    ("sequential", "prefix"),
    [
        ("Sequential", ""),
        ("keras.Sequential", "layers."),
        ("keras.models.Sequential", "keras.layers."),
        ("tf.keras.Sequential", "tf.keras.layers."),
        ("tf.keras.models.Sequential", "tensorflow.keras.layers."),
    ],
)
def test_every_prefix_reads_the_same_model(sequential: str, prefix: str) -> None:
    code = (
        f"model = {sequential}([\n"
        f"    {prefix}Dense(5, input_shape=(3,)),\n"
        f"    {prefix}Dense(2),\n"
        "])\n"
    )
    assert keras(code) == ((3,), (Dense(5), Dense(2)))
    assert parse_model(code).report.total == 32


def test_import_lines_are_ignored_and_aliases_followed() -> None:
    code = (
        "import tensorflow as tf\n"
        "from tensorflow.keras import layers as L\n"
        "from keras.models import Sequential as Seq\n"
        "from keras.layers import Dense as D, Input\n"
        "\n"
        "model = Seq([Input(shape=(3,)), L.Dense(5), D(2)])\n"
    )
    assert keras(code) == ((3,), (Dense(5), Dense(2)))


def test_modern_style_with_keras_input() -> None:
    code = (
        "import keras\n"
        "from keras import layers\n"
        "\n"
        "model = keras.Sequential([\n"
        "    keras.Input(shape=(28, 28, 1)),\n"
        "    layers.Conv2D(32, kernel_size=(3, 3), activation=\"relu\"),\n"
        "    layers.MaxPooling2D(pool_size=(2, 2)),\n"
        "    layers.Flatten(),\n"
        "    layers.Dropout(0.5),\n"
        "    layers.Dense(10, activation=\"softmax\"),\n"
        "])\n"
    )
    parsed = parse_model(code)
    assert parsed.model.input_shape == (28, 28, 1)
    assert parsed.lines == (6, 7, 8, 9, 10)
    assert [r.output_shape for r in parsed.report.layers] == [
        (26, 26, 32), (13, 13, 32), (13 * 13 * 32,), (5408,), (10,)]
    assert parsed.report.total == 320 + 54090


def test_a_bare_expression_is_read() -> None:
    assert keras("Sequential([Dense(4, input_dim=2)])") == ((2,), (Dense(4),))


def test_model_add_style() -> None:
    code = (
        "from tensorflow.keras.models import Sequential\n"
        "from tensorflow.keras.layers import Dense\n"
        "model = Sequential()\n"
        "model.add(Dense(32, input_dim=784, activation='relu'))\n"
        "model.add(Dense(10, activation='softmax'))\n"
        "model.compile(optimizer='adam', loss='categorical_crossentropy')\n"
        "model.summary()\n"
    )
    parsed = parse_model(code)
    assert parsed.model.input_shape == (784,)
    assert parsed.model.layers == (Dense(32, activation="relu"), Dense(10, activation="softmax"))
    assert parsed.lines == (4, 5)
    assert parsed.report.total == 784 * 32 + 32 + 32 * 10 + 10


def test_model_add_with_input_or_build() -> None:
    added = "model = keras.Sequential()\nmodel.add(keras.Input((3,)))\nmodel.add(layers.Dense(2))\n"
    built = "model = keras.Sequential([layers.Dense(2)])\nmodel.build((None, 3))\n"
    assert keras(added) == keras(built) == ((3,), (Dense(2),))


@pytest.mark.parametrize(
    ("first", "shape"),
    [
        ("keras.Input(shape=(3,)), layers.Dense(5)", (3,)),
        ("keras.Input((None, 3)), layers.Dense(5)", (None, 3)),
        ("layers.Input(shape=[3]), layers.Dense(5)", (3,)),
        ("keras.Input(batch_shape=(8, 3)), layers.Dense(5)", (3,)),
        ("layers.InputLayer(shape=(3,)), layers.Dense(5)", (3,)),
        ("layers.InputLayer(input_shape=(3,)), layers.Dense(5)", (3,)),
        ("layers.Dense(5, input_shape=(3,))", (3,)),
        ("layers.Dense(5, input_dim=3)", (3,)),
        ("layers.Dense(5, batch_input_shape=(None, 3))", (3,)),
    ],
)
def test_input_shape_forms(first: str, shape: Shape) -> None:
    assert keras(f"model = keras.Sequential([{first}])") == (shape, (Dense(5),))


def test_keras2_embedding_input_length() -> None:
    code = "model = Sequential([Embedding(1000, 64, input_length=10), LSTM(32)])"
    parsed = parse_model(code)
    assert parsed.model.input_shape == (10,)
    assert parsed.report.total == 64000 + 4 * (32 * (64 + 32) + 32)


def test_constants_and_arithmetic_are_evaluated_without_running_code() -> None:
    code = (
        "num_classes = 10\n"
        "hidden = 16 * 4\n"
        "model = keras.Sequential([keras.Input(shape=(2 ** 3,)), layers.Dense(hidden),\n"
        "    layers.Dense(num_classes - 1 + 1)])\n"
    )
    assert keras(code) == ((8,), (Dense(64), Dense(10)))


LAYER_FORMS: list[tuple[str, Shape, Layer]] = [
    ("Dense(5)", (3,), Dense(5)),
    ("Dense(units=5, use_bias=False, name='out')", (3,), Dense(5, use_bias=False)),
    ("Dense(5, 'relu', False)", (3,), Dense(5, use_bias=False, activation="relu")),
    ("Dense(5, activation=tf.nn.relu, kernel_initializer='he_normal')", (3,),
     Dense(5, activation="relu")),
    ("Dense(5, kernel_regularizer=keras.regularizers.l2(0.01))", (3,), Dense(5)),
    ("Conv2D(32, 3)", (8, 8, 1), Conv2D(32, (3, 3))),
    ("Conv2D(filters=32, kernel_size=(3, 3), strides=2, padding='same', use_bias=False)",
     (8, 8, 1), Conv2D(32, (3, 3), strides=(2, 2), padding="same", use_bias=False)),
    ("Conv2D(8, (3, 5), (1, 2), 'same')", (8, 8, 1),
     Conv2D(8, (3, 5), strides=(1, 2), padding="same")),
    ("Conv2D(4, 3, dilation_rate=(2, 2), groups=2)", (9, 9, 2),
     Conv2D(4, (3, 3), dilation=(2, 2), groups=2)),
    ("Conv2D(4, 3, padding='SAME', data_format='channels_last')", (9, 9, 2),
     Conv2D(4, (3, 3), padding="same")),
    ("Convolution2D(4, 1)", (9, 9, 2), Conv2D(4, (1, 1))),
    ("Conv1D(4, 3, dilation_rate=2)", (10, 2), Conv1D(4, (3,), dilation=(2,))),
    ("Conv3D(2, (1, 2, 3))", (4, 4, 4, 1), Conv3D(2, (1, 2, 3))),
    ("DepthwiseConv2D(3, depth_multiplier=2, strides=2)", (9, 9, 4),
     DepthwiseConv2D((3, 3), depth_multiplier=2, strides=(2, 2))),
    ("DepthwiseConv2D(kernel_size=(3, 3), padding='same', use_bias=False)", (9, 9, 4),
     DepthwiseConv2D((3, 3), padding="same", use_bias=False)),
    ("SeparableConv2D(8, 3, padding='same', depth_multiplier=2)", (9, 9, 4),
     SeparableConv2D(8, (3, 3), depth_multiplier=2, padding="same")),
    ("Conv2DTranspose(4, 2, strides=2)", (5, 5, 3),
     Conv2DTranspose(4, (2, 2), strides=(2, 2))),
    ("Conv2DTranspose(4, (3, 3), (2, 2), 'same', use_bias=False)", (5, 5, 3),
     Conv2DTranspose(4, (3, 3), strides=(2, 2), padding="same", use_bias=False)),
    ("BatchNormalization(momentum=0.9, epsilon=1e-3)", (5, 5, 3), BatchNormalization()),
    ("BatchNormalization(axis=-1)", (5, 5, 3), BatchNormalization()),
    ("LayerNormalization(epsilon=1e-6)", (7, 16), LayerNormalization()),
    ("Embedding(1000, 64)", (10,), Embedding(1000, 64)),
    ("Embedding(input_dim=1000, output_dim=64, mask_zero=True)", (10,), Embedding(1000, 64)),
    ("SimpleRNN(8, activation='relu')", (5, 3), SimpleRNN(8)),
    ("LSTM(32, return_sequences=True, dropout=0.1)", (5, 3), LSTM(32, return_sequences=True)),
    ("LSTM(units=32, use_bias=False)", (5, 3), LSTM(32, use_bias=False)),
    ("GRU(16, reset_after=False)", (5, 3), GRU(16, reset_after=False)),
    ("GRU(16)", (5, 3), GRU(16)),
    ("Bidirectional(LSTM(4, return_sequences=True))", (5, 3),
     Bidirectional(LSTM(4, return_sequences=True))),
    ("Bidirectional(layer=GRU(4), merge_mode='concat')", (5, 3), Bidirectional(GRU(4))),
    ("MultiHeadAttention(num_heads=2, key_dim=8)", (5, 16), MultiHeadAttention(2, 8)),
    ("MultiHeadAttention(2, 8, use_bias=False)", (5, 16),
     MultiHeadAttention(2, 8, use_bias=False)),
    ("MaxPooling2D()", (8, 8, 3), MaxPooling2D((2, 2))),
    ("MaxPool2D(pool_size=3, strides=1, padding='same')", (8, 8, 3),
     MaxPooling2D((3, 3), strides=(1, 1), padding="same")),
    ("MaxPooling2D((2, 2), strides=(2, 2))", (8, 8, 3), MaxPooling2D((2, 2))),
    ("AveragePooling1D(2)", (8, 3), AveragePooling1D((2,))),
    ("GlobalAveragePooling2D()", (8, 8, 3), GlobalAveragePooling2D()),
    ("GlobalMaxPool1D()", (8, 3), GlobalMaxPooling1D()),
    ("Dropout(0.5)", (3,), Dropout(0.5)),
    ("Dropout(rate=0.25, seed=1)", (3,), Dropout(0.25)),
    ("SpatialDropout2D(0.1)", (4, 4, 3), Dropout(0.1)),
    ("Activation('relu')", (3,), Activation("relu")),
    ("Activation(keras.activations.tanh)", (3,), Activation("tanh")),
    ("ReLU()", (3,), Activation("relu")),
    ("Softmax()", (3,), Activation("softmax")),
    ("LeakyReLU(negative_slope=0.1)", (3,), Activation("leaky_relu")),
    ("Flatten()", (4, 4, 3), Flatten()),
    ("Reshape((2, -1))", (4, 4, 3), Reshape((2, -1))),
    ("Reshape(target_shape=(16, 3))", (4, 4, 3), Reshape((16, 3))),
]


@pytest.mark.parametrize(("call", "shape", "layer"), LAYER_FORMS, ids=[f[0] for f in LAYER_FORMS])
def test_layer_argument_forms(call: str, shape: Shape, layer: Layer) -> None:
    for prefix in ("", "layers."):
        if isinstance(layer, MultiHeadAttention):  # two inputs: the functional form
            code = (f"inputs = keras.Input(shape={shape!r})\n"
                    f"x = {prefix}{call}(inputs, inputs)\nmodel = keras.Model(inputs, x)\n")
        else:
            code = f"model = keras.Sequential([keras.Input(shape={shape!r}), {prefix}{call}])"
        assert keras(code) == (shape, (layer,))


def test_functional_form_as_quizzer_renders_it() -> None:
    code = (
        "import keras\n"
        "from keras import layers\n"
        "\n"
        "inputs = keras.Input(shape=(10, 16))\n"
        "x = layers.MultiHeadAttention(num_heads=4, key_dim=8)(inputs, inputs)\n"
        "x = layers.LayerNormalization()(x)\n"
        "x = layers.GlobalAveragePooling1D()(x)\n"
        "x = layers.Dense(2)(x)\n"
        "model = keras.Model(inputs, x)\n"
    )
    parsed = parse_model(code)
    assert parsed.model.input_shape == (10, 16)
    assert [type(layer).__name__ for layer in parsed.model.layers] == [
        "MultiHeadAttention", "LayerNormalization", "GlobalAveragePooling1D", "Dense"]
    assert parsed.lines == (5, 6, 7, 8)
    attention = 3 * (16 * 4 * 8 + 4 * 8) + 4 * 8 * 16 + 16
    assert parsed.report.total == attention + 32 + 34


def test_functional_form_with_keywords_and_three_way_attention() -> None:
    code = (
        "inp = keras.Input(shape=(10, 16))\n"
        "h = layers.MultiHeadAttention(2, 8)(query=inp, value=inp, key=inp)\n"
        "out = layers.Dense(3)(h)\n"
        "model = keras.Model(inputs=[inp], outputs=out, name='m')\n"
    )
    assert keras(code) == ((10, 16), (MultiHeadAttention(2, 8), Dense(3)))


def test_a_named_model_among_several() -> None:
    code = (
        "model = keras.Sequential([keras.Input(shape=(3,)), layers.Dense(5)])\n"
        "other_model = keras.Sequential([keras.Input(shape=(3,)), layers.Dense(7)])\n"
    )
    assert parse_model(code).report.total == 20
    assert parse_model(code, var="other_model").report.total == 28
    assert parse_model(code, var="other_model").name == "other_model"


def test_the_seed_examples_count_and_give_the_seed_lines() -> None:
    expected = {
        "seed_dense_1.py": (32, "(3×5 + 5×2) + (5+2) = 32"),
        "seed_dense_2.py": (
            10451, "(50×100 + 100×1 + 1×100 + 100×50) + (100+1+100+50) = 10451"),
        "seed_conv_1.py": (15, "[1 × (2×2) × 3] + 3 = 15"),
        "seed_conv_2.py": (13, "[3 × (2×2) × 1] + 1 = 13"),
    }
    for name, (total, line) in expected.items():
        parsed = parse_model((DATA / name).read_bytes())
        assert parsed.report.total == total
        assert solve(parsed.report).seed_line == line


def test_vgg16_sequential_has_138_357_544_parameters() -> None:
    parsed = parse_model((DATA / "vgg16_keras.py").read_text())
    assert parsed.report.total == 138_357_544
    assert parsed.report.output_shape == (1000,)
    assert sum(isinstance(layer, Conv2D) for layer in parsed.model.layers) == 13


def test_keras_batchnorm_counts_non_trainable_moving_statistics() -> None:
    parsed = parse_model(
        "model = keras.Sequential([keras.Input((4, 4, 8)), layers.BatchNormalization()])")
    assert (parsed.report.total, parsed.report.trainable, parsed.report.non_trainable) == (
        32, 16, 16)


def test_detection_reads_names_not_just_imports() -> None:
    assert detect("Sequential([Dense(5, input_shape=(3,))])") == "keras"
    assert detect("import tensorflow as tf\nm = tf.keras.Sequential()") == "keras"
    assert detect(b"nn.Sequential(nn.Linear(3, 5))") == "pytorch"
    assert detect("from torch import nn\nSequential(Linear(3, 5))") == "pytorch"
