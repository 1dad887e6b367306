"""The Banks screen, played with Pilot at 80×24: every bank listed with its cards and where it
is, a broken user bank with its errors (the app goes on), practice and a drill from a bank."""

from __future__ import annotations

import io
import threading
from collections.abc import Sequence
from pathlib import Path

import pytest
from rich.console import Console
from rich.table import Table
from textual.pilot import Pilot
from textual.widgets import OptionList, Static

from quizzer.core.banks import BankResult, load_all_banks
from quizzer.core.questions import format_answer
from quizzer.core.sessions import Drill
from quizzer.launching import Launch
from quizzer.tui.app import QuizzerApp
from quizzer.tui.screens import banks as banks_screen
from quizzer.tui.screens.banks import BankDrillSetupScreen, BanksScreen
from quizzer.tui.screens.drill_summary import SummaryScreen
from quizzer.tui.screens.home import HomeScreen
from quizzer.tui.screens.question import QuestionScreen

from .conftest import Harness

SIZE = (80, 24)
SEED_ANSWERS = {"seed-examples/ffnn-3-5-2": 32, "seed-examples/ffnn-50-100-1-100-50": 10451,
                "seed-examples/conv-1-channel-2x2-3-filters": 15,
                "seed-examples/conv-3-channels-2x2-1-filter": 13}
BROKEN = """\
id: broken
title: Broken
cards:
  - id: a
    input_shape: [4]
    layers:
      - Dense: {units: -3}
  - id: b
    layers: [Dense: 2]
"""
MINE = """\
id: mine
title: My course
cards:
  - id: drill
    type: template
    input_shape: [{min: 2, max: 40}]
    layers:
      - Dense: {units: {min: 1, max: 40}}
  - id: buffers
    type: text
    question: Does model.parameters() include BatchNorm's running_mean?
    answers: ["no"]
"""


def rows(app: QuizzerApp) -> list[str]:
    listing = app.screen.query_one("#bank-list", OptionList)
    return [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]


def squash(row: str) -> str:
    """A row with the spaces that line up its columns made single."""
    return "\n".join(("    " if line.startswith("    ") else "") + " ".join(line.split())
                     for line in row.splitlines())


def details(app: QuizzerApp) -> str:
    return str(app.screen.query_one("#bank-details", Static).content)


async def open_banks(pilot: Pilot[int], by_keys: bool = False) -> BanksScreen:
    """From home (by keys: down to Banks, Enter); then wait for the banks to load."""
    await pilot.pause()
    if by_keys:
        await pilot.press("down", "down", "down", "down", "enter")
    else:
        app = pilot.app
        assert isinstance(app, QuizzerApp)
        app.open("banks")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, BanksScreen)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    return screen


async def highlight(pilot: Pilot[int], title: str) -> None:
    """Press ↓ until the row that starts with `title` is highlighted."""
    app = pilot.app
    assert isinstance(app, QuizzerApp)
    for _ in range(len(rows(app))):
        listing = app.screen.query_one("#bank-list", OptionList)
        option = listing.highlighted_option
        if option is not None and str(option.prompt).startswith(title):
            return
        await pilot.press("down")
    raise AssertionError(f"no row {title!r} in {rows(app)}")


async def test_lists_every_shipped_bank_with_its_cards(harness: Harness) -> None:
    expected = {r.bank.title: len(r.bank.cards) for r in load_all_banks() if r.bank}
    assert len(expected) == 3
    app = harness.app(Launch())
    async with app.run_test(size=SIZE) as pilot:
        await open_banks(pilot, by_keys=True)
        assert [squash(row) for row in rows(app)] == [f"{title} {count} cards · shipped"
                                                      for title, count in expected.items()]
        assert rows(app)[2] == "The seed's four examples   4 cards · shipped"  # counts line up
        assert rows(app)[0].index(" cards") == rows(app)[2].index(" cards")
        assert details(app).startswith("classic-architectures · ")  # the first, highlighted
        await highlight(pilot, "The seed's four examples")
        assert details(app).splitlines()[:3] == [
            "seed-examples · 4 cards · shipped",
            str(Path(load_all_banks()[2].path)),
            "By Tensorflow-Practice README",
        ]
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


async def test_a_broken_user_bank_shows_its_errors_and_the_others_still_work(
    harness: Harness, quizzer_home: Path
) -> None:
    banks = quizzer_home / "banks"
    banks.mkdir()
    (banks / "broken.yaml").write_text(BROKEN, encoding="utf-8")
    (banks / "mine.yaml").write_text(MINE, encoding="utf-8")
    app = harness.app(Launch())
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_banks(pilot)
        listed = rows(app)
        assert len(listed) == 5
        assert squash(listed[3]) == (
            "✗ broken invalid, 2 errors · your banks folder\n"
            "    line 7, column 24: units is -3 (expected a whole number of at least 1)\n"
            "    line 8, column 5: the card has no 'input_shape' (expected input_shape and "
            "layers (or code))"
        )
        assert squash(listed[4]) == "My course 2 cards · your banks folder"
        await highlight(pilot, "✗ broken")
        assert details(app).splitlines()[1:] == [
            f"{banks / 'broken.yaml'}:7:24: units is -3 (expected a whole number of at least 1)",
            f"{banks / 'broken.yaml'}:8:5: the card has no 'input_shape' (expected input_shape "
            "and layers (or code))",
        ]
        # a broken bank cannot be started: its keys are dimmed and do nothing
        assert screen.check_action("practice", ()) is None
        assert screen.check_action("drill", ()) is None
        await pilot.press("p")
        await pilot.press("d")
        await pilot.press("enter")  # Enter on the list: a warning, not a session
        await pilot.pause()
        assert app.screen is screen
        # the next one, a valid user bank, starts
        await pilot.press("down")
        assert details(app).startswith("mine · 2 cards: 1 template, 1 text · your banks folder")
        assert screen.check_action("practice", ()) is True
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        assert app.screen.session.current is not None
        assert app.screen.session.current.bank == "mine"


async def test_practice_from_seed_examples_serves_its_cards(harness: Harness) -> None:
    app = harness.app(Launch())
    async with app.run_test(size=SIZE) as pilot:
        await open_banks(pilot)
        await highlight(pilot, "The seed's four examples")
        await pilot.press("p")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuestionScreen)
        assert "The seed's four examples" in str(screen.query_one("#status", Static).content)
        served = []
        for _ in range(4):
            question = screen.session.current
            assert question is not None
            served.append(question.id)
            await pilot.press(*str(SEED_ANSWERS[question.id]), "enter")
            await pilot.pause()
            verdict = str(screen.query_one("#verdict", Static).content)
            assert verdict.startswith("✓ Correct"), (question.id, verdict)
            await pilot.press("enter")
            await pilot.pause()
        assert sorted(served) == sorted(SEED_ANSWERS)  # each of the four, once
        graded = {r.question_id: (r.given, r.correct) for r in harness.records}
        assert graded["seed-examples/ffnn-3-5-2"] == ("32", True)
        assert screen.session.current is not None  # going round: a fifth question
        assert screen.session.current.id in SEED_ANSWERS
        # the end: the summary, then home (not back to the Banks screen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_a_drill_from_a_user_bank(harness: Harness, quizzer_home: Path) -> None:
    (quizzer_home / "banks").mkdir()
    (quizzer_home / "banks" / "mine.yaml").write_text(MINE, encoding="utf-8")
    app = harness.app(Launch())
    async with app.run_test(size=SIZE) as pilot:
        await open_banks(pilot)
        await highlight(pilot, "My course")
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, BankDrillSetupScreen)
        assert str(app.screen.query_one("#title", Static).content) == (
            "Timed drill from My course: how long?")
        await pilot.press("escape")  # back to the banks, the same one highlighted
        await pilot.pause()
        assert isinstance(app.screen, BanksScreen)
        await pilot.press("d", "enter")  # 1 minute
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuestionScreen)
        drill = screen.session
        assert isinstance(drill, Drill)
        assert "Drill · 1 minute · My course" in str(screen.query_one("#status", Static).content)
        drawn = []
        for _ in range(4):  # two rounds of the two cards
            question = drill.current
            assert question is not None and question.bank == "mine"
            if question.card == "drill":
                drawn.append(question.code)
            harness.clock.advance(3)
            await pilot.press(*format_answer(question.answer), "enter")
            await pilot.pause()
        assert len(drawn) == 2 and drawn[0] != drawn[1]  # the template drawn anew
        harness.clock.advance(60)
        screen.tick()  # what the interval timer does: read the clock
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert str(app.screen.query_one("#score", Static).content) == "Score: 4 correct"
        assert harness.finished[0].settings == "minutes=1 source=My course"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_bank_paths_given_on_the_command_line_are_listed_and_reload(
    harness: Harness, tmp_path: Path, quizzer_home: Path
) -> None:
    given = tmp_path / "given"
    given.mkdir()
    (given / "mine.yaml").write_text(MINE, encoding="utf-8")
    app = harness.app(Launch(banks=(str(given),)))
    async with app.run_test(size=SIZE) as pilot:
        await open_banks(pilot)
        assert squash(rows(app)[-1]) == "My course 2 cards · --bank"
        (quizzer_home / "banks").mkdir()
        (quizzer_home / "banks" / "broken.yaml").write_text(BROKEN, encoding="utf-8")
        await pilot.press("r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert [row.split("  ")[0] for row in rows(app)][3:] == ["✗ broken", "My course"]


async def test_the_screen_opens_before_the_banks_are_loaded(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Loading runs in a worker thread: the list says so until the banks arrive."""
    release = threading.Event()

    def slow_load(extra_paths: Sequence[str]) -> list[BankResult]:
        release.wait(10)
        return load_all_banks(extra_paths)

    monkeypatch.setattr(banks_screen, "load_banks", slow_load)
    app = harness.app(Launch())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.open("banks")
        await pilot.pause()
        assert isinstance(app.screen, BanksScreen)
        assert rows(app) == ["Loading banks…"] and details(app) == ""
        assert app.screen.check_action("practice", ()) is None
        release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert len(rows(app)) == 3


async def test_unreadable_banks_are_a_message_not_a_crash(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing_load(extra_paths: Sequence[str]) -> list[BankResult]:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(banks_screen, "load_banks", failing_load)
    app = harness.app(Launch())
    async with app.run_test(size=SIZE) as pilot:
        await open_banks(pilot)
        assert rows(app) == ["The banks could not be read: Permission denied"]
        await pilot.press("p", "escape")
        assert isinstance(app.screen, HomeScreen)


MARKUP = """\
id: marks
title: Marks [b]bold[/b]
description: Week [/1]
cards:
  - id: t
    type: text
    question: "What does x[i] in [/x] print? [bold]"
    code: "print(x[i])  # [/]"
    answers: ["[1, 2]"]
    explanation: "Lists print as [a, b] and [/c]."
    skills: ["[/s]"]
  - id: conv
    input_shape: [8, 8, 2]
    layers:
      - Conv2D: {filters: 4, kernel_size: 3}
"""


async def test_bank_text_is_shown_as_written_never_as_markup(
    harness: Harness, quizzer_home: Path
) -> None:
    """Brackets in a bank's title, prompt, answers and skills are text: `[/x]` is neither
    swallowed nor a crash (Textual would read it as a closing markup tag)."""
    (quizzer_home / "banks").mkdir()
    (quizzer_home / "banks" / "marks.yaml").write_text(MARKUP, encoding="utf-8")
    app = harness.app(Launch())
    async with app.run_test(size=SIZE) as pilot:
        await open_banks(pilot)
        assert squash(rows(app)[-1]) == "Marks [b]bold[/b] 2 cards · your banks folder"
        await highlight(pilot, "Marks")
        assert details(app).splitlines()[-1] == "Week [/1]"
        await pilot.press("p")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuestionScreen)
        assert str(screen.query_one("#status", Static).content).endswith("Marks [b]bold[/b]")
        for _ in range(2):
            question = screen.session.current
            assert question is not None
            if question.card == "t":
                assert str(screen.query_one("#prompt", Static).content) == (
                    "What does x[i] in [/x] print? [bold]")
                await pilot.press(*"[/x]", "enter")
                await pilot.pause()
                assert str(screen.query_one("#answers", Static).content) == (
                    "Your answer: [/x]  ·  correct answer: [1, 2]")
                assert str(screen.query_one("#solution", Static).content) == (
                    "Answer: [1, 2]\n\nLists print as [a, b] and [/c].")
            else:
                await pilot.press(*"76", "enter")
                await pilot.pause()
                table = screen.query_one("#layer-table", Static).content
                assert isinstance(table, Table)
                assert str(next(iter(table.columns[1].cells))) == (
                    "[i × (f×f) × o] + o")  # the formula keeps its brackets
            await pilot.press("enter")
            await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        summary = app.screen
        assert isinstance(summary, SummaryScreen)
        assert str(summary.query_one("#title", Static).content) == (
            "Session over · Marks [b]bold[/b]")
        assert str(summary.query_one("#weakest", Static).content) == "Weakest skills: [/s]"
        skills = summary.query_one("#skills", Static).content
        console = Console(record=True, width=60, file=io.StringIO())
        console.print(skills)
        assert "[/s]" in console.export_text()
