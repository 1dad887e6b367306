"""Start-up and answer-to-feedback times of the TUI.

    python benchmarks/bench_startup.py [--runs N]

1. Start-up: the time from process start to the first question on screen for
   `python -m quizzer practice --seed 1`, beside the same for a minimal Textual app with one
   Static and one Input, both run headless (Textual's HeadlessDriver, chosen with
   TEXTUAL_DRIVER) and measured the same way: the parent notes the time just before it starts
   the process; the app, once its first screen has been painted (`call_after_refresh` after
   mounting), writes the time to the file named by QUIZZER_READY_FILE and exits. The runs
   alternate between the two, and the medians are compared: the ratio must be at most 1.3.
   Both run as installed code does, from byte-code: Textual's is compiled when it is
   installed, and so is quizzer's (pip compiles a wheel's modules; an editable install caches
   them on the first run). A private cache (PYTHONPYCACHEPREFIX, warmed by one run of each)
   keeps that true even where PYTHONDONTWRITEBYTECODE is set, which would otherwise make
   quizzer, and only quizzer, compile its ~50 modules from source on every run. The same
   comparison without that cache is printed too, for information.
2. Answer to feedback: in one headless app, the time from the answer's Enter being handled to
   the feedback screen painted (`QuizzerApp.feedback_latency`), over many answers; the median
   and the worst must be under 50 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEADLESS = "textual.drivers.headless_driver:HeadlessDriver"
READY_ENV = "QUIZZER_READY_FILE"
MAX_RATIO = 1.3
MAX_FEEDBACK_MS = 50.0


MINIMAL_APP = """
import os, time
from pathlib import Path
from textual.app import App, ComposeResult
from textual.widgets import Input, Static

class Minimal(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("How many parameters does this model have in total?")
        yield Input(placeholder="Your answer")

    def on_mount(self) -> None:
        self.call_after_refresh(self.ready)

    def ready(self) -> None:
        Path(os.environ["QUIZZER_READY_FILE"]).write_text(f"{time.time()}\\n")
        self.exit()

Minimal().run()
"""
"""The baseline: one Static and one Input, the same ready mark; run with `python -c` so it
imports nothing else."""


def time_to_ready(command: list[str], home: str, bytecode: str | None) -> float:
    """Seconds from just before the process starts to its ready mark; `bytecode` is the
    byte-code cache folder (None: the environment's own setting)."""
    with tempfile.TemporaryDirectory() as folder:
        ready = Path(folder) / "ready"
        env = {**os.environ, "TEXTUAL_DRIVER": HEADLESS, READY_ENV: str(ready),
               "QUIZZER_HOME": home, "PYTHONPATH": str(ROOT)}
        if bytecode is not None:
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            env["PYTHONPYCACHEPREFIX"] = bytecode
        started = time.time()
        subprocess.run(command, env=env, cwd=ROOT, check=True, timeout=60,
                       stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
        return float(ready.read_text(encoding="utf-8")) - started


def startup(runs: int, cached: bool = True) -> tuple[float, float]:
    """Median start-up seconds of `quizzer practice` and of the minimal app, from a warm
    byte-code cache (`cached`) or as the environment says."""
    python = sys.executable
    quizzer = [python, "-m", "quizzer", "practice", "--seed", "1"]
    minimal = [python, "-c", MINIMAL_APP]
    ours: list[float] = []
    base: list[float] = []
    with tempfile.TemporaryDirectory() as home, tempfile.TemporaryDirectory() as cache:
        bytecode = cache if cached else None
        time_to_ready(quizzer, home, bytecode)  # warm the file cache and byte-code once
        time_to_ready(minimal, home, bytecode)
        for _ in range(runs):
            ours.append(time_to_ready(quizzer, home, bytecode))
            base.append(time_to_ready(minimal, home, bytecode))
    return statistics.median(ours), statistics.median(base)


async def feedback_latencies(answers: int) -> list[float]:
    """Seconds from each answer's submit to its feedback painted, in one headless app."""
    sys.path.insert(0, str(ROOT))
    from quizzer.core.generator import GeneratorOptions, generate
    from quizzer.core.questions import format_answer
    from quizzer.launching import Launch
    from quizzer.tui.app import create_app
    from quizzer.tui.preferences import Preferences
    from quizzer.tui.screens.question import QuestionScreen

    launch = Launch(mode="practice", options=GeneratorOptions(difficulty=3), seed=1)
    app = create_app(launch, preferences=Preferences(), save_preferences=False)
    latencies: list[float] = []
    expected = generate(1, GeneratorOptions(difficulty=3))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for number in range(answers):
            question = next(expected)
            screen = app.screen
            assert isinstance(screen, QuestionScreen)
            given = format_answer(question.answer) if number % 2 else "1"  # right and wrong
            await pilot.press(*given, "enter")
            await pilot.pause()
            assert screen.state == "feedback"
            assert app.feedback_latency is not None
            latencies.append(app.feedback_latency)
            await pilot.press("enter")
            await pilot.pause()
    return latencies


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--answers", type=int, default=30)
    args = parser.parse_args()
    ours, base = startup(args.runs)
    ratio = ours / base
    print(f"start-up to the first question (headless, median of {args.runs} runs):")
    print(f"  quizzer practice:        {ours * 1000:7.1f} ms")
    print(f"  minimal Textual app:     {base * 1000:7.1f} ms")
    print(f"  ratio:                   {ratio:7.2f}  (must be <= {MAX_RATIO})")
    if os.environ.get("PYTHONDONTWRITEBYTECODE"):
        cold, cold_base = startup(args.runs, cached=False)
        print("  for information, with PYTHONDONTWRITEBYTECODE as set here (quizzer compiled "
              "from source each run,")
        print(f"  Textual from its installed byte-code): {cold * 1000:.1f} ms against "
              f"{cold_base * 1000:.1f} ms, ratio {cold / cold_base:.2f}")
    latencies = asyncio.run(feedback_latencies(args.answers))
    median = statistics.median(latencies) * 1000
    worst = max(latencies) * 1000
    print(f"answer to feedback ({len(latencies)} answers, headless, difficulty 3):")
    print(f"  median {median:.1f} ms, worst {worst:.1f} ms  (must be < {MAX_FEEDBACK_MS:.0f} ms)")
    ok = ratio <= MAX_RATIO and worst < MAX_FEEDBACK_MS
    print("OK" if ok else "TOO SLOW")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
