"""Benchmark: `quizzer generate --count 10000 --format jsonl`, start-up included (target: < 2 s).

Run: python benchmarks/bench_generate.py [--runs N] [--count N] [--seed S] [ARGS...]

Runs `python -m quizzer generate --count N --seed S --format jsonl [ARGS...]` as a fresh
process N times (output to /dev/null) and prints the median and worst wall time (process start
to exit) and the median CPU time (user + system) of the process, which stays meaningful when
other work shares the machine. The first run warms Python's bytecode cache (kept in a temporary
PYTHONPYCACHEPREFIX) and is not counted, as after `pip install`. Extra ARGS (e.g.
`--difficulty 5 --framework pytorch`) are passed on to `quizzer generate`.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = 2.0


def one_run(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one run of the command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    args, extra = parser.parse_known_args()
    command = [sys.executable, "-m", "quizzer", "generate", "--count", str(args.count),
               "--seed", str(args.seed), "--format", "jsonl", *extra]
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "PYTHONPYCACHEPREFIX": cache}
        one_run(command, env)  # warm the bytecode cache
        runs = [one_run(command, env) for _ in range(args.runs)]
    walls = [wall for wall, _ in runs]
    cpus = [cpu for _, cpu in runs]
    median = statistics.median(walls)
    print(f"quizzer generate --count {args.count} --format jsonl {' '.join(extra)}".rstrip())
    print(f"  wall time: median {median:.2f} s, worst {max(walls):.2f} s over {args.runs} runs "
          f"(target < {TARGET:.1f} s)")
    print(f"  CPU time:  median {statistics.median(cpus):.2f} s")
    print(f"  per question: {median / args.count * 1e6:.0f} µs (start-up included)")
    return 0 if median < TARGET or args.count != 10_000 else 1


if __name__ == "__main__":
    raise SystemExit(main())
