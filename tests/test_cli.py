"""The command line: only the chosen subcommand is imported, `--help` still lists them all,
and a reader that goes away (`| head -1`) ends the run quietly."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from quizzer.cli import COMMANDS, build_parser, chosen_command, main

ROOT = Path(__file__).resolve().parents[1]

LOADED = """
import json, sys
from quizzer.cli import main
try:
    main({argv!r})
except SystemExit:
    pass
print(json.dumps(sorted(m for m in sys.modules if m.startswith("quizzer.commands."))),
      file=sys.stderr)
"""


def commands_imported(*argv: str) -> tuple[list[str], str]:
    """The `quizzer.commands` modules a fresh interpreter imports for `quizzer ARGV`, and
    what it printed."""
    result = subprocess.run([sys.executable, "-c", LOADED.format(argv=list(argv))],
                            capture_output=True, text=True, cwd=ROOT, timeout=60, check=True)
    return json.loads(result.stderr.strip().splitlines()[-1]), result.stdout


def test_help_lists_every_command_without_importing_any() -> None:
    loaded, out = commands_imported("--help")
    assert loaded == []
    for name, help in COMMANDS.items():
        assert f"    {name}" in out
        assert help.split()[0] in out


def test_a_command_imports_only_its_own_module() -> None:
    loaded, out = commands_imported("generate", "--help")
    assert loaded == ["quizzer.commands.generate"]
    assert "--count N" in out


def test_drill_brings_the_options_it_shares_with_practice() -> None:
    loaded, _ = commands_imported("drill", "--help")
    assert loaded == ["quizzer.commands.drill", "quizzer.commands.practice"]


def test_the_static_table_says_what_each_command_module_says() -> None:
    full = build_parser()
    assert build_parser(()).format_help() == full.format_help()
    subparsers = next(a for a in full._actions if isinstance(a, argparse._SubParsersAction))
    helps = {action.dest: action.help for action in subparsers._choices_actions}
    assert helps == COMMANDS


@pytest.mark.parametrize(("argv", "expected"), [
    (["practice", "--seed", "3"], "practice"),
    (["--help"], None),
    ([], None),
    (["bank", "validate", "x.yaml"], "bank"),
    (["explain", "-"], "explain"),
    (["pracitse"], None),
])
def test_chosen_command(argv: list[str], expected: str | None) -> None:
    assert chosen_command(argv) == expected


def test_a_misspelt_command_is_a_clean_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit:
        main(["pracitse"])
    assert exit.value.code == 2
    err = capsys.readouterr().err
    assert "invalid choice: 'pracitse'" in err
    assert "'practice'" in err and "Traceback" not in err


def test_a_command_still_parses_its_own_arguments(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["generate", "--count", "2", "--seed", "5"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [json.loads(line)["id"].split("-")[-1] for line in lines] == ["0", "1"]


def run_into_closed_pipe(*argv: str) -> subprocess.CompletedProcess[bytes]:
    """`quizzer ARGV` writing to a pipe whose reader has already gone."""
    read, write = os.pipe()
    os.close(read)
    try:
        return subprocess.run([sys.executable, "-m", "quizzer", *argv], stdout=write,
                              stderr=subprocess.PIPE, cwd=ROOT, timeout=120, check=False)
    finally:
        os.close(write)


@pytest.mark.parametrize("argv", [
    ("generate", "--count", "100000", "--seed", "1"),
    ("stats", "--json"),
    ("explain", "tests/data/explain/vgg16_keras.py"),
])
def test_a_reader_that_goes_away_ends_the_run_quietly(argv: tuple[str, ...]) -> None:
    result = run_into_closed_pipe(*argv)
    assert result.returncode == 0
    assert result.stderr == b""


def test_head_reads_the_first_line_and_the_rest_stops_quietly() -> None:
    command = f"{sys.executable} -m quizzer generate --count 100000 --seed 2 | head -1"
    result = subprocess.run(["bash", "-o", "pipefail", "-c", command], capture_output=True,
                            cwd=ROOT, timeout=120, check=False)
    assert result.returncode == 0
    assert result.stderr == b""
    assert json.loads(result.stdout)["id"].endswith("-0")
