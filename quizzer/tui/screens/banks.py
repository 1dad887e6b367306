"""The Banks screen: every question bank found (shipped, the user's banks folder, `--bank`
paths) with its title, card count, where it is and any errors; practice or a drill from one.

The banks load in a worker thread, so the screen opens at once. A broken bank is listed with
its errors; it cannot be started, and every other bank still can.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, ClassVar, cast

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState

from quizzer.core.drill import DRILL_LIMITS
from quizzer.core.sessions import Drill, Session
from quizzer.tui.screens.drill_setup import DrillSetupScreen
from quizzer.tui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from quizzer.core.banks import Bank, BankResult
    from quizzer.core.questions import Question
    from quizzer.tui.app import QuizzerApp

WHERE = {"shipped": "shipped", "user": "your banks folder", "path": "--bank"}
"""How each origin is shown."""
ERRORS_IN_LIST = 3
"""A broken bank's errors shown under it in the list (all of them are in the details)."""
NAME_WIDTH = 34
"""Titles are padded to the longest one, up to this, so that the card counts line up."""
LOADING = "Loading banks…"


def plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'s' if count != 1 else ''}"


def card_counts(bank: Bank) -> str:
    """`4 cards` or `30 cards: 24 model, 3 template, 3 text`."""
    kinds = {"model": 0, "template": 0, "text": 0}
    for card in bank.cards:
        kinds[card.type] += 1
    total = plural(len(bank.cards), "card")
    present = [f"{count} {kind}" for kind, count in kinds.items() if count]
    return total if len(present) < 2 else f"{total}: {', '.join(present)}"


def error_line(result: BankResult, index: int) -> str:
    """One error without the path (the list is under the bank's name already)."""
    error = result.errors[index]
    return f"line {error.line}, column {error.column}: {error.message} (expected {error.expected})"


def row_name(result: BankResult) -> str:
    """The bank's title, or `✗ file-or-id` when it cannot be used."""
    bank = result.bank
    return bank.title if result.ok and bank is not None else f"✗ {result.name}"


def cards_text(result: BankResult) -> str:
    return plural(len(result.bank.cards), "card") if result.bank is not None else ""


def bank_row(result: BankResult, width: int = 0, cards_width: int = 0) -> Content:
    """A bank in the list: title and card count (padded to line up), and where; a broken one
    with its first errors under it."""
    where = WHERE[result.origin]
    bank = result.bank
    name = row_name(result).ljust(width)
    if result.ok and bank is not None:
        cards = cards_text(result).rjust(cards_width)
        return Content.assemble((name, "bold"), (f"  {cards} · {where}", "dim"))
    errors = result.errors
    lines = [error_line(result, i) for i in range(min(len(errors), ERRORS_IN_LIST))]
    if len(errors) > ERRORS_IN_LIST:
        lines.append(f"… and {len(errors) - ERRORS_IN_LIST} more (see below)")
    return Content.assemble(
        (name, "bold $text-error"),
        (f"  invalid, {plural(len(errors), 'error')} · {where}", "$text-error"),
        *(f"\n    {line}" for line in lines),
    )


def bank_details(result: BankResult) -> str:
    """Everything about the highlighted bank: where it is, what it holds, or every error."""
    bank = result.bank
    if result.ok and bank is not None:
        lines = [f"{bank.id} · {card_counts(bank)} · {WHERE[result.origin]}", result.path]
        if bank.author:
            lines.append(f"By {bank.author}")
        if bank.description:
            lines.append(" ".join(bank.description.split()))
        return "\n".join(lines)
    lines = [f"{result.path} cannot be used until these errors are fixed "
             "(quizzer bank validate PATH checks it):"]
    lines += [str(error) for error in result.errors]
    return "\n".join(lines)


def load_banks(extra_paths: Sequence[str]) -> list[BankResult]:
    """Every bank found (run in a worker thread: the bank modules are imported there too)."""
    from quizzer.core.banks import load_all_banks

    return load_all_banks(extra_paths)


class BanksScreen(Screen[None]):
    """The banks found; ↑/↓ choose, p (or Enter) practises, d drills, r reloads."""

    DEFAULT_CSS = """
    BanksScreen #bank-list {
        height: 1fr;
        margin: 0 1;
        border: round $primary;
    }
    BanksScreen #bank-details-pane {
        height: auto;
        max-height: 7;
        padding: 0 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("p", "practice", "Practice"),
        Binding("d", "drill", "Drill"),
        Binding("r", "reload", "Reload"),
        Binding("escape", "app.pop_screen", "Back"),
        Binding("q", "app.quit", "Quit", show=False),
    ]

    def __init__(self, extra_paths: Sequence[str] = ()) -> None:
        super().__init__()
        self.extra_paths = tuple(extra_paths)
        """Bank files and folders given with `--bank`, listed after the others."""
        self.results: list[BankResult] = []

    @property
    def quizzer(self) -> QuizzerApp:
        return cast("QuizzerApp", self.app)

    def compose(self) -> ComposeResult:
        yield Static("Question banks", id="title")
        yield OptionList(Option(LOADING, disabled=True), id="bank-list")
        with VerticalScroll(id="bank-details-pane"):
            yield Static(id="bank-details", markup=False)  # banks' text is never markup
        yield Static(self.folder_help(), classes="about", id="banks-help", markup=False)
        yield KeyBar()

    @staticmethod
    def folder_help() -> str:
        from quizzer.core.locations import user_banks_dir

        return (f"Your banks folder: {user_banks_dir()} · new bank: quizzer bank new NAME · "
                "format: docs/question-banks.md")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()
        self.action_reload()

    # -- loading ---------------------------------------------------------------------------

    def action_reload(self) -> None:
        """Read every bank again (in a thread: the screen stays responsive)."""
        paths = self.extra_paths
        self.run_worker(lambda: load_banks(paths), name="load banks", group="banks",
                        exclusive=True, thread=True, exit_on_error=False)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker.group != "banks":
            return
        if event.state == WorkerState.SUCCESS and isinstance(worker.result, list):
            self.show_banks(worker.result)
        elif event.state == WorkerState.ERROR:
            reason = worker.error.strerror if isinstance(worker.error, OSError) else None
            self.results = []
            self.query_one(OptionList).set_options(
                [Option(Content(f"The banks could not be read: {reason or worker.error}"),
                        disabled=True)]
            )
            self.refresh_bindings()

    def show_banks(self, results: list[BankResult]) -> None:
        """List the banks; the first one that can be used is highlighted."""
        listing = self.query_one(OptionList)
        previous = self.chosen_result()
        self.results = results
        if not results:
            listing.set_options([Option("No question banks found.", disabled=True)])
            self.show_details()
            return
        width = min(max(len(row_name(r)) for r in results), NAME_WIDTH)
        cards_width = max(len(cards_text(r)) for r in results)
        listing.set_options(Option(bank_row(r, width, cards_width), id=str(i))
                            for i, r in enumerate(results))
        keep = next((i for i, r in enumerate(results)
                     if previous is not None and r.path == previous.path), None)
        first_ok = next((i for i, r in enumerate(results) if r.ok), 0)
        listing.highlighted = keep if keep is not None else first_ok
        self.show_details()

    # -- the chosen bank -------------------------------------------------------------------

    def chosen_result(self) -> BankResult | None:
        """The highlighted bank (valid or not), if the list is loaded."""
        option = self.query_one(OptionList).highlighted_option
        if option is None or option.id is None or not self.results:
            return None
        return self.results[int(option.id)]

    def chosen_bank(self) -> Bank | None:
        """The highlighted bank when it can be used."""
        result = self.chosen_result()
        return result.bank if result is not None and result.ok else None

    def show_details(self) -> None:
        result = self.chosen_result()
        self.query_one("#bank-details", Static).update(
            "" if result is None else bank_details(result)
        )
        self.refresh_bindings()

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.show_details()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_practice()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("practice", "drill"):
            return True if self.chosen_bank() is not None else None  # None: shown dimmed
        return True

    # -- starting --------------------------------------------------------------------------

    def action_practice(self) -> None:
        """Practise the chosen bank's cards, shuffled, round after round."""
        bank = self.chosen_bank()
        if bank is None:
            self.notify_unusable()
            return
        app = self.quizzer
        seed = app.seeds()
        session = Session(bank_source(bank, seed), clock=app.clock, wall=app.wall,
                          hooks=app.hooks, seed=seed, settings={"source": bank.title})
        app.start_session(session, bank.title, replace=True)

    def action_drill(self) -> None:
        """Choose a drill length, then drill the chosen bank's cards."""
        bank = self.chosen_bank()
        if bank is None:
            self.notify_unusable()
            return
        self.app.push_screen(BankDrillSetupScreen(bank))

    def notify_unusable(self) -> None:
        result = self.chosen_result()
        if result is not None:
            self.notify(f"{result.name} has errors: fix them first", severity="warning",
                        markup=False)


def bank_source(bank: Bank, seed: int) -> Iterator[Question]:
    """The bank's cards without end, shuffled by `seed`."""
    from quizzer.core.banks.selection import session_questions

    return session_questions([bank], seed)


class BankDrillSetupScreen(DrillSetupScreen):
    """The drill lengths, for a drill from one bank."""

    def __init__(self, bank: Bank) -> None:
        super().__init__()
        self.bank = bank

    def on_mount(self) -> None:  # DrillSetupScreen.on_mount runs too (Textual calls both)
        self.query_one("#title", Static).update(
            Content.assemble("Timed drill from ", (self.bank.title, "bold"), ": how long?")
        )

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.prevent_default()  # not DrillSetupScreen's handler: that one drills generated
        if event.option.id is None:
            return
        limit = DRILL_LIMITS[int(event.option.id)]
        app = cast("QuizzerApp", self.app)
        seed = app.seeds()
        drill = Drill(bank_source(self.bank, seed), limit, clock=app.clock, wall=app.wall,
                      hooks=app.hooks, seed=seed, settings={"source": self.bank.title})
        app.pop_screen()  # this screen; the drill takes the Banks screen's place
        app.start_session(drill, f"{limit.label} · {self.bank.title}", replace=True)
