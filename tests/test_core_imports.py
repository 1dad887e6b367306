"""The core is pure Python: importing every `quizzer.core` module pulls in no UI or framework."""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import quizzer.core

SCRIPT = """
import importlib, json, pkgutil, sys
import quizzer.core
names = [m.name for m in pkgutil.walk_packages(quizzer.core.__path__, "quizzer.core.")]
for name in names:
    importlib.import_module(name)
heavy = sorted({m.split(".")[0] for m in sys.modules} & {"textual", "torch", "keras"})
print(json.dumps({"modules": names, "heavy": heavy}))
"""


def test_core_imports_no_textual_or_frameworks() -> None:
    root = Path(quizzer.core.__file__).parents[2]
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=True, cwd=root,
        timeout=60,
    )
    found = json.loads(result.stdout)
    expected = [m.name for m in pkgutil.walk_packages(quizzer.core.__path__, "quizzer.core.")]
    assert found["modules"] == expected
    assert {"quizzer.core.counting", "quizzer.core.rendering.pytorch",
            "quizzer.core.solutions", "quizzer.core.layers.recurrent"} <= set(expected)
    assert found["heavy"] == []
