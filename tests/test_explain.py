"""`quizzer explain`: the seed's four examples, VGG16 in both frameworks, the JSON object,
stdin, the framework flag, unknown PyTorch shapes, and a fast start-up without heavy imports."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from quizzer.cli import main

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).parent / "data" / "explain"

SEEDS = [
    ("seed_dense_1.py", 32, "(3×5 + 5×2) + (5+2) = 32"),
    ("seed_dense_2.py", 10451,
     "(50×100 + 100×1 + 1×100 + 100×50) + (100+1+100+50) = 10451"),
    ("seed_conv_1.py", 15, "[1 × (2×2) × 3] + 3 = 15"),
    ("seed_conv_2.py", 13, "[3 × (2×2) × 1] + 1 = 13"),
]


def explain(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(["explain", *args])
    out, err = capsys.readouterr()
    return status, out, err


@pytest.mark.parametrize(("name", "total", "line"), SEEDS, ids=[s[0] for s in SEEDS])
def test_the_seed_examples(name: str, total: int, line: str,
                           capsys: pytest.CaptureFixture[str]) -> None:
    source = (DATA / name).read_text()
    assert source.startswith("model = Sequential([\n\t")  # written as in the seed README
    status, out, err = explain(capsys, str(DATA / name))
    assert (status, err) == (0, "")
    assert f"Total params: {total:,}\n" in out
    assert f"In one line: {line}\n" in out
    status, out, _ = explain(capsys, "--json", str(DATA / name))
    assert status == 0
    assert json.loads(out)["total_params"] == total


def test_the_conv_seed_solution_names_weights_and_biases(
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = explain(capsys, str(DATA / "seed_conv_1.py"))[1]
    assert "   = [1 × (2×2) × 3] + 3\n   = 15 (12 weights and 3 biases)\n" in out


def test_python_dash_m_quizzer_explain_in_a_fresh_process() -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])])}
    script = (
        "import sys, runpy\n"
        "sys.argv = ['quizzer', 'explain', sys.argv[1]]\n"
        "try:\n"
        "    runpy.run_module('quizzer', run_name='__main__')\n"
        "except SystemExit as exit:\n"
        "    heavy = sorted({m.split('.')[0] for m in sys.modules} & {'textual', 'yaml',"
        " 'platformdirs', 'torch', 'keras', 'sqlite3', 'fsrs'})\n"
        "    print('heavy:', heavy, 'status:', exit.code)\n"
    )
    seed = str(DATA / "seed_dense_2.py")
    direct = subprocess.run([sys.executable, "-m", "quizzer", "explain", seed], cwd=ROOT,
                            env=env, capture_output=True, text=True, timeout=60)
    assert direct.returncode == 0, direct.stderr
    assert "(50×100 + 100×1 + 1×100 + 100×50) + (100+1+100+50) = 10451" in direct.stdout
    checked = subprocess.run([sys.executable, "-c", script, seed], cwd=ROOT, env=env,
                             capture_output=True, text=True, timeout=60)
    assert checked.stdout.endswith("heavy: [] status: 0\n"), checked.stdout + checked.stderr


def test_vgg16_in_keras_and_pytorch_gives_138_357_544(
    capsys: pytest.CaptureFixture[str],
) -> None:
    for name in ("vgg16_keras.py", "vgg16_pytorch.py"):
        status, out, _ = explain(capsys, str(DATA / name))
        assert status == 0
        assert "Total params: 138,357,544\n" in out
        data = json.loads(explain(capsys, "--json", str(DATA / name))[1])
        assert data["total_params"] == 138_357_544


def test_the_json_object(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = explain(capsys, "--json", str(DATA / "seed_dense_1.py"))
    assert status == 0
    assert json.loads(out) == {
        "framework": "keras",
        "total_params": 32,
        "trainable_params": 32,
        "non_trainable_params": 0,
        "buffers": None,
        "layers": [
            {"name": "dense", "type": "Dense", "output_shape": "(None, None, 5)", "params": 20,
             "formula": "i×o + o = 3×5 + 5 = 20"},
            {"name": "dense_1", "type": "Dense", "output_shape": "(None, None, 2)",
             "params": 12, "formula": "i×o + o = 5×2 + 2 = 12"},
        ],
    }


def test_pytorch_json_has_buffers_and_null_for_unknown_shapes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "cnn.py"
    path.write_text("import torch.nn as nn\nmodel = nn.Sequential(nn.Conv2d(3, 8, 3), "
                    "nn.BatchNorm2d(8), nn.Flatten(), nn.Linear(72, 2))\n")
    data = json.loads(explain(capsys, "--json", str(path))[1])
    assert (data["framework"], data["total_params"], data["buffers"]) == ("pytorch", 386, 17)
    assert (data["trainable_params"], data["non_trainable_params"]) == (386, 0)
    assert [layer["output_shape"] for layer in data["layers"]] == [None, None, None, "(None, 2)"]
    assert [layer["type"] for layer in data["layers"]] == [
        "Conv2d", "BatchNorm2d", "Flatten", "Linear"]
    assert data["layers"][1]["formula"] == "2×C = 2×8 = 16"
    assert data["layers"][2]["formula"] == "0"


def test_pytorch_text_says_when_shapes_are_unknown(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code = "model = nn.Sequential(nn.Conv2d(3, 8, 3), nn.AdaptiveAvgPool2d(1), nn.Flatten())\n"
    path = tmp_path / "cnn.py"
    path.write_text(code)
    out = explain(capsys, str(path))[1]
    assert "Shapes: unknown (None) where the code does not fix them" in out
    assert "Total params: 224\n" in out
    path.write_text("# input: (batch, 3, 8, 8)\n" + code)
    out = explain(capsys, str(path))[1]
    assert "Shapes: unknown" not in out
    assert "conv2d (Conv2d)                                       (None, 8, 6, 6)      224\n" in out
    assert "global_average_pooling2d (AdaptiveAvgPool2d+Flatten)  (None, 8)" in out
    data = json.loads(explain(capsys, "--json", str(path))[1])
    assert [layer["output_shape"] for layer in data["layers"]] == ["(None, 8, 6, 6)", "(None, 8)"]


def test_stdin_is_read_by_default(capsys: pytest.CaptureFixture[str],
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    code = b"from torch import nn\nmodel = nn.Sequential(nn.Linear(3, 5), nn.Linear(5, 2))\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(code)))
    status, out, _ = explain(capsys)
    assert status == 0
    assert out.startswith("model: PyTorch code, detected from the code, 2 layers\n")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"Dense(")))
    status, out, err = explain(capsys, "-")
    assert (status, out) == (2, "")
    assert err.startswith("quizzer explain: <stdin>: line 1: syntax error")


def test_the_framework_flag(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "k.py"
    path.write_text("model = Sequential([Flatten(input_shape=(4, 4)), Dropout(0.5)])\n")
    status, out, _ = explain(capsys, "--framework", "keras", str(path))
    assert status == 0
    assert out.startswith("model: Keras code, 2 layers\n")
    status, _, err = explain(capsys, "--framework", "pytorch", str(DATA / "seed_dense_1.py"))
    assert status == 2
    assert err.endswith("line 1: this looks like Keras code, not PyTorch code\n")


def test_pytorch_types_are_module_classes(capsys: pytest.CaptureFixture[str],
                                          tmp_path: Path) -> None:
    path = tmp_path / "rnn.py"
    path.write_text(
        "import torch\nfrom torch import nn\n\n"
        "class Net(nn.Module):\n"
        "    def __init__(self):\n"
        "        super().__init__()\n"
        "        self.embed = nn.Embedding(100, 8)\n"
        "        self.lstm = nn.LSTM(8, 8, batch_first=True)\n"
        "        self.attention = nn.MultiheadAttention(8, 2, batch_first=True)\n"
        "        self.act = nn.ReLU()\n"
        "        self.head = nn.Linear(8, 2)\n\n"
        "    def forward(self, x):\n"
        "        x = self.embed(x)\n"
        "        x, _ = self.lstm(x)\n"
        "        x, _ = self.attention(x, x, x)\n"
        "        x = self.act(x)\n"
        "        return self.head(x)\n\n"
        "model = Net()\n"
    )
    data = json.loads(explain(capsys, "--json", str(path))[1])
    assert [layer["type"] for layer in data["layers"]] == [
        "Embedding", "LSTM", "MultiheadAttention", "ReLU", "Linear"]
    out = explain(capsys, str(path))[1]
    assert "lstm (LSTM)" in out and "activation (ReLU)" in out and "(Activation)" not in out
    assert "\n5. dense (Linear): i×o + o\n" in out
    keras = json.loads(explain(capsys, "--json", str(DATA / "seed_dense_1.py"))[1])
    assert [layer["type"] for layer in keras["layers"]] == ["Dense", "Dense"]
