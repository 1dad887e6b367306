"""The core (engine, generator, grading, sessions, drill timer) and the plain mode never import
Textual: a fresh interpreter imports them and Textual stays out of `sys.modules`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORE = (
    "quizzer.core.model", "quizzer.core.layers", "quizzer.core.counting",
    "quizzer.core.rendering", "quizzer.core.solutions", "quizzer.core.generator",
    "quizzer.core.grading", "quizzer.core.answers", "quizzer.core.sessions",
    "quizzer.core.drill", "quizzer.core.clock", "quizzer.plain", "quizzer.tui.pictures",
    "quizzer.launching", "quizzer.cli", "quizzer.commands.practice", "quizzer.commands.drill",
)


def test_the_core_does_not_import_textual() -> None:
    code = (
        "import sys\n"
        + "".join(f"import {name}\n" for name in CORE)
        + "from quizzer.cli import build_parser\nbuild_parser()\n"
        + "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=ROOT, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
