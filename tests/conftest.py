"""Test configuration: never touch the real home; Keras runs on the installed PyTorch."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("KERAS_BACKEND", "torch")
os.environ["QUIZZER_HOME"] = tempfile.mkdtemp(prefix="quizzer-test-home-")


@pytest.fixture(autouse=True)
def quizzer_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Every test gets its own empty data dir in `QUIZZER_HOME`."""
    home = tmp_path / "quizzer-home"
    home.mkdir()
    monkeypatch.setenv("QUIZZER_HOME", str(home))
    yield home
