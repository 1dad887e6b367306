"""Benchmark: `quizzer explain` on a 200-layer model, start-up included (target: well under 0.3 s).

Run: python benchmarks/bench_explain.py [--runs N] [--layers N]

Writes two 200-layer models to a temporary folder, a Keras Sequential stack (conv blocks then
Dense layers) and the same kind of stack as PyTorch `nn.Sequential`, runs
`python -m quizzer explain FILE` on each as a fresh process N times and prints the median and
worst wall time (process start to exit), twice: with Python's bytecode cache (as after
`pip install`, which compiles the package; the cache goes to a temporary PYTHONPYCACHEPREFIX)
and without it (every module compiled from source on each start, as under
PYTHONDONTWRITEBYTECODE=1). Then prints the in-process time of parsing plus analysis
(`parse_model`, which checks every shape) for the same files.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from quizzer.core.parsing import parse_model  # noqa: E402


def keras_model(layers: int) -> str:
    """A Keras Sequential of `layers` layers: conv/batchnorm blocks, pooling, Dense layers."""
    lines = ["import keras", "from keras import layers", "", "model = keras.Sequential([",
             "    keras.Input(shape=(64, 64, 3)),"]
    count = 0
    while count < layers - 40:
        lines += ["    layers.Conv2D(16, (3, 3), padding=\"same\", activation=\"relu\"),",
                  "    layers.BatchNormalization(),", "    layers.Dropout(0.1),"]
        count += 3
    lines.append("    layers.GlobalAveragePooling2D(),")
    count += 1
    while count < layers:
        lines.append("    layers.Dense(32, activation=\"relu\"),")
        count += 1
    lines.append("])")
    return "\n".join(lines) + "\n"


def torch_model(layers: int) -> str:
    """An nn.Sequential of `layers` modules: conv/batchnorm/ReLU blocks, then Linear layers."""
    lines = ["import torch", "from torch import nn", "", "# input: (batch, 3, 64, 64)",
             "model = nn.Sequential(", "    nn.Conv2d(3, 16, 3, padding=1),"]
    count = 1
    while count < layers - 42:
        lines += ["    nn.BatchNorm2d(16),", "    nn.ReLU(),",
                  "    nn.Conv2d(16, 16, 3, padding=1),"]
        count += 3
    lines += ["    nn.AdaptiveAvgPool2d(1),", "    nn.Flatten(),", "    nn.Linear(16, 32),"]
    count += 2  # the pooling and the flatten read as one global pooling layer
    while count < layers:
        lines += ["    nn.ReLU(),", "    nn.Linear(32, 32),"]
        count += 2
    lines.append(")")
    return "\n".join(lines) + "\n"


def wall_times(path: Path, runs: int, cache: str | None) -> list[float]:
    """Wall times of `quizzer explain`; `cache` is a bytecode cache folder, None for none."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if cache is None:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        env.pop("PYTHONPYCACHEPREFIX", None)
    else:
        env["PYTHONPYCACHEPREFIX"] = cache
        subprocess.run([sys.executable, "-m", "quizzer", "explain", str(path)], cwd=ROOT,
                       env=env, stdout=subprocess.DEVNULL, check=True)  # fills the cache
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "quizzer", "explain", str(path)],
                              cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True, check=False)
        times.append(time.perf_counter() - start)
        if done.returncode != 0:
            raise SystemExit(f"quizzer explain failed: {done.stderr}")
    return times


def in_process(path: Path, runs: int) -> float:
    data = path.read_bytes()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        parse_model(data)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--layers", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        for name, text in (("keras", keras_model(args.layers)),
                           ("pytorch", torch_model(args.layers))):
            path = Path(folder) / f"model_{name}.py"
            path.write_text(text)
            parsed = parse_model(text)
            layers = len(parsed.model.layers)
            print(f"{name:8} {layers} layers, {parsed.report.total:,} parameters")
            for label, cache in (("bytecode cached", str(Path(folder) / "pycache")),
                                 ("no bytecode cache", None)):
                times = wall_times(path, args.runs, cache)
                print(f"  quizzer explain, new process, {label} ({args.runs} runs): "
                      f"median {statistics.median(times) * 1000:.0f} ms, "
                      f"worst {max(times) * 1000:.0f} ms")
            print(f"  parse + analyze in process: {in_process(path, 20) * 1000:.1f} ms")
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"], check=True)
    print(f"(a bare `python -c pass` takes {(time.perf_counter() - start) * 1000:.0f} ms here)")


if __name__ == "__main__":
    main()
