"""Benchmark: load and validate a generated 10,000-card bank (the target is under 1 s).

Run: python benchmarks/bench_banks.py [CARDS]
Cards mix fixed models (Dense stacks and small CNNs, most with a stated answer the engine
checks), template drills and text cards. Loading includes reading the file, the YAML (C
loader when available), every check and each model's analysis; validating also renders each
model's code once.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from quizzer.core.banks import load_bank_file
from quizzer.core.counting import analyze
from quizzer.core.layers import Conv2D, Dense, Flatten, MaxPooling2D
from quizzer.core.model import Model


def card(index: int) -> str:
    """One card of the generated bank, as YAML text."""
    kind = index % 20
    if kind < 8:
        i, h, o = 2 + index % 61, 4 + index % 29, 1 + index % 9
        answer = analyze(Model((i,), (Dense(h), Dense(o))), "keras").total
        stated = f"\n    answer: {answer}" if index % 2 else ""
        return (f"  - id: mlp-{index}\n    input_shape: [{i}]\n    layers:\n"
                f"      - Dense: {h}\n      - Dense: {{units: {o}, activation: softmax}}"
                f"{stated}\n")
    if kind < 12:
        size, channels, filters = 8 + index % 25, 1 + index % 4, 4 + index % 13
        model = Model((size, size, channels), (Conv2D(filters, (3, 3)), MaxPooling2D((2, 2)),
                                               Flatten(), Dense(10)))
        total = analyze(model, "keras").total
        return (f"  - id: cnn-{index}\n    framework: pytorch\n"
                f"    input_shape: [{size}, {size}, {channels}]\n    layers:\n"
                f"      - Conv2D: {{filters: {filters}, kernel_size: 3, padding: valid}}\n"
                f"      - MaxPooling2D: {{pool_size: 2}}\n      - Flatten\n      - Dense: 10\n"
                f"    answer: {total}\n")
    if kind < 17:
        return (f"  - id: drill-{index}\n    type: template\n    ask: layer\n    layer: 2\n"
                f"    input_shape: [{{min: 2, max: 64}}]\n    layers:\n"
                f"      - Dense: {{units: {{min: 8, max: 64, step: 8}}}}\n"
                f"      - Dense: {{units: [2, 5, 10], use_bias: [true, false]}}\n")
    return (f"  - id: text-{index}\n    question: How many buffers does nn.BatchNorm1d("
            f"{index % 100 + 1}) keep?\n    answers: [{2 * (index % 100 + 1) + 1}]\n"
            f"    explanation: running_mean and running_var (C each) plus num_batches_tracked.\n")


def forget() -> None:
    """Empty quizzer's caches (shared layers, analyses) so each run starts cold."""
    from quizzer.core import counting
    from quizzer.core.banks import templates

    counting.analysis.cache_clear()
    templates._LAYERS.clear()


def generated_bank(cards: int) -> str:
    head = ("format: 1\nid: generated\ntitle: A generated bank\nframework: keras\n"
            "description: Generated for the loading benchmark.\ncards:\n")
    return head + "".join(card(i) for i in range(cards))


def main() -> None:
    cards = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    print("target: loading under 1 s")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "generated.yaml"
        path.write_text(generated_bank(cards), encoding="utf-8")
        size = path.stat().st_size
        for label, check_code in (("load (as the app does)", False),
                                  ("validate (as `quizzer bank validate`, code rendered)", True)):
            times, cpu = [], []
            for _ in range(3):
                forget()
                start, start_cpu = time.perf_counter(), time.process_time()
                result = load_bank_file(path, check_code=check_code)
                times.append(time.perf_counter() - start)
                cpu.append(time.process_time() - start_cpu)
            if not result.ok or result.bank is None:
                print("\n".join(map(str, result.errors[:10])))
                raise SystemExit("the generated bank did not validate")
            print(f"{len(result.bank.cards):,} cards, {size / 1e6:.1f} MB, {label}: "
                  f"{min(times):.3f} s wall, {min(cpu):.3f} s CPU (best of 3 cold runs; first "
                  f"{times[0]:.3f} s)")


if __name__ == "__main__":
    main()
