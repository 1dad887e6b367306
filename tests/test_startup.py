"""Start-up: the first question waits for nothing it does not show. Layers load on first use,
the generator imports each kind's helpers when that kind is first made, the TUI's first
screen imports no grading, parsing or banks, and the garbage collector is held back until the
first screen is painted. (The timings themselves are in benchmarks/bench_startup.py.)"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import quizzer.cli
from quizzer import startup
from quizzer.core import layers
from quizzer.core.layers import LAYER_TYPES, Layer

ROOT = Path(__file__).resolve().parents[1]
SEED_SIZED = {"quizzer.core.layers.base", "quizzer.core.layers.dense", "quizzer.core.layers.conv"}
"""The layer modules of difficulty-1 `mixed` questions (Dense and Conv2D)."""
NOT_FOR_THE_FIRST_QUESTION = (
    "quizzer.core.misconceptions", "quizzer.core.grading", "quizzer.core.answers",
    "quizzer.core.parsing", "quizzer.core.banks", "quizzer.core.generator.formats",
    "quizzer.tui.screens.home", "quizzer.tui.widgets.feedback", "quizzer.commands.generate",
    "quizzer.commands.explain", "quizzer.commands.bank", "yaml", "pygments",
)


def loaded_after(code: str, env: dict[str, str] | None = None) -> list[str]:
    """The modules a fresh interpreter holds after running `code`."""
    script = (code + "\nimport json, sys\n"
              "print(json.dumps(sorted(sys.modules)), file=sys.stderr)\n")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            cwd=ROOT, timeout=60, check=True, env=env,
                            stdin=subprocess.DEVNULL)
    modules: list[str] = json.loads(result.stderr.strip().splitlines()[-1])
    return modules


def layer_modules(modules: list[str]) -> set[str]:
    return {m for m in modules if m.startswith("quizzer.core.layers.")}


def unwanted(modules: list[str]) -> list[str]:
    return [m for m in modules
            if any(m == name or m.startswith(name + ".") for name in NOT_FOR_THE_FIRST_QUESTION)]


# -- layers on first use ---------------------------------------------------------------------

def test_a_layer_name_imports_only_its_module() -> None:
    modules = loaded_after("from quizzer.core.layers import Dense\nDense(3)")
    assert layer_modules(modules) == {"quizzer.core.layers.base", "quizzer.core.layers.dense"}
    modules = loaded_after("import quizzer.core.layers as L\nL.GRU(4)")
    assert layer_modules(modules) == {"quizzer.core.layers.base",
                                      "quizzer.core.layers.recurrent"}


def test_the_catalogue_is_complete_and_in_order() -> None:
    assert len(LAYER_TYPES) == 31
    assert all(cls.kind == kind and issubclass(cls, Layer) for kind, cls in LAYER_TYPES.items())
    assert list(LAYER_TYPES)[:3] == ["Dense", "Conv1D", "Conv2D"]
    assert list(LAYER_TYPES)[-2:] == ["Dropout", "Activation"]
    for name in layers.__all__:  # every public name resolves, to what its module defines
        value = getattr(layers, name)
        assert value is LAYER_TYPES or value.__name__ == name
    assert set(layers.__all__) <= set(dir(layers))


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="has no attribute 'Dense2'"):
        layers.Dense2  # noqa: B018
    with pytest.raises(ImportError):
        exec("from quizzer.core.layers import Dense2", {})


def example(cls: type[Layer]) -> Layer:
    """A valid instance of any catalogue class, built from its fields."""
    values = {"units": 3, "filters": 2, "kernel_size": (3,) * getattr(cls, "rank", 2),
              "pool_size": (2,) * getattr(cls, "rank", 2), "num_heads": 2, "key_dim": 4,
              "input_dim": 10, "output_dim": 4, "target_shape": (4, 2), "rate": 0.5,
              "activation": "relu", "layer": layers.LSTM(3)}
    args = {f.name: values[f.name] for f in dataclasses.fields(cls)
            if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING}
    return cls(**args)


@pytest.mark.parametrize("kind", sorted(LAYER_TYPES))
def test_every_layer_class_is_a_frozen_dataclass_of_its_own(kind: str) -> None:
    """Field-less subclasses (Conv2D, LSTM, MaxPooling2D, ...) inherit their parent's dataclass
    methods; those must treat each class as its own."""
    cls = LAYER_TYPES[kind]
    layer = example(cls)
    assert dataclasses.is_dataclass(layer)
    assert repr(layer).startswith(f"{kind}(")
    assert layer == example(cls) and hash(layer) == hash(example(cls))
    assert dataclasses.replace(layer) == layer and type(dataclasses.replace(layer)) is cls
    others = [example(c) for c in LAYER_TYPES.values() if c is not cls]
    assert all(layer != o for o in others)
    for field in dataclasses.fields(cls):
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(layer, field.name, 1)


# -- the first question ----------------------------------------------------------------------

@pytest.mark.parametrize("framework", ["keras", "pytorch"])
def test_the_first_questions_import_only_what_they_show(framework: str) -> None:
    code = "\n".join([
        "from quizzer.core.generator import GeneratorOptions, generate, question_at",
        f"next(generate(1, GeneratorOptions({framework!r})))",
        *(f"question_at(7, 0, GeneratorOptions({framework!r}, 1, 'mixed', {kind!r}))"
          for kind in ("total", "layer", "output_shape", "solve")),
    ])
    modules = loaded_after(code)
    assert layer_modules(modules) == SEED_SIZED
    assert unwanted(modules) == []
    assert "textual" not in modules


@pytest.fixture
def quiet_home(tmp_path: Path) -> Iterator[dict[str, str]]:
    env = {**os.environ, "TEXTUAL_DRIVER": "textual.drivers.headless_driver:HeadlessDriver",
           "QUIZZER_HOME": str(tmp_path / "home"),
           "QUIZZER_READY_FILE": str(tmp_path / "ready")}
    yield env


def test_practice_shows_its_first_question_without_the_rest(
    quiet_home: dict[str, str],
) -> None:
    """`quizzer practice` in a headless TUI, stopped once the first question is painted."""
    modules = loaded_after(
        "import sys\nfrom quizzer.cli import main\nmain(['practice', '--seed', '1'])",
        env=quiet_home,
    )
    assert Path(quiet_home["QUIZZER_READY_FILE"]).read_text().strip()  # it was painted
    assert "quizzer.tui.screens.question" in modules
    assert layer_modules(modules) == SEED_SIZED
    assert unwanted(modules) == []
    assert "quizzer.core.generator.variations" not in modules  # only comparisons need it


# -- the garbage collector during start-up ---------------------------------------------------

@pytest.fixture
def collector() -> Iterator[None]:
    before = gc.get_threshold()
    yield
    startup.release_collector()
    gc.unfreeze()
    gc.set_threshold(*before)


def test_holding_is_undone_by_release(collector: None) -> None:
    before = gc.get_threshold()
    startup.hold_collector()
    startup.hold_collector()  # holding twice changes nothing more
    assert gc.get_threshold() == (startup.START_THRESHOLD, *before[1:])
    startup.release_collector()
    assert gc.get_threshold() == before
    startup.release_collector()  # nothing held: nothing happens
    assert gc.get_threshold() == before


def test_settling_freezes_start_up_objects_and_restores_thresholds(collector: None) -> None:
    before = gc.get_threshold()
    startup.hold_collector()
    startup.settle()
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() > 0


class Probe:
    """A command that notes the collector's thresholds while it runs."""

    def __init__(self) -> None:
        self.seen: tuple[int, int, int] | None = None

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        pass

    def run(self, args: argparse.Namespace) -> int:
        self.seen = gc.get_threshold()
        return 0


def test_commands_run_with_the_collector_held_and_it_is_released_after(
    collector: None, monkeypatch: pytest.MonkeyPatch,
) -> None:
    before = gc.get_threshold()
    probe = Probe()
    monkeypatch.setattr(quizzer.cli, "load", lambda name: probe)
    assert quizzer.cli.main(["stats"]) == 0
    assert probe.seen == (startup.START_THRESHOLD, *before[1:])
    assert gc.get_threshold() == before
