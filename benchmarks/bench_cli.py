"""Benchmark: how fast `suengine --help` and `suengine --version` answer (goal: at most 0.2 s).

    .venv/bin/python benchmarks/bench_cli.py                    # 10 runs of each
    .venv/bin/python benchmarks/bench_cli.py --upprepningar 20

Runs the installed `suengine` command (the console script next to this Python) as a new process,
the way a user starts it, and prints the best, median and worst wall time of each command, with a
bare `python -c pass` as the floor that no command can go below. The listing of commands comes
from suengine.cli.COMMANDS alone; no command module (pandas, matplotlib, …) is imported
(tests/test_cli_main.py checks that behaviour; this script only measures).

Measured 2026-11-29 on the shared 2-core build machine (load average 4–9 from other jobs), nice 10:
  before (every command module imported, matplotlib and pandas included), 5 runs:
    --help best 2.57 s, median 3.93 s; --version best 3.90 s, median 4.77 s
    (1.2–1.8 s with /usr/bin/time on a quieter machine earlier the same day);
  after, 10 runs: --help best 0.07–0.10 s, median 0.08–0.11 s; --version best 0.08–0.09 s,
    median 0.10–0.11 s; python -c pass median 0.04 s. Goal (0.2 s) met with room to spare.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

GOAL_SECONDS = 0.2


def suengine_command() -> list[str]:
    script = Path(sys.executable).with_name("suengine")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "suengine"]


def timed(command: list[str], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - start)
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Mät hur snabbt `suengine --help` och `--version` svarar.")
    parser.add_argument("--upprepningar", type=int, default=10, help="körningar per kommando (standard 10)")
    args = parser.parse_args(argv)
    base = suengine_command()
    cases = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "suengine --help": base + ["--help"],
        "suengine --version": base + ["--version"],
    }
    print(f"{'kommando':<22}{'bäst':>8}{'median':>8}{'sämst':>8}   ({args.upprepningar} körningar, sekunder)")
    slow = []
    for name, command in cases.items():
        times = timed(command, args.upprepningar)
        print(f"{name:<22}{min(times):8.3f}{statistics.median(times):8.3f}{max(times):8.3f}")
        if name.startswith("suengine") and statistics.median(times) > GOAL_SECONDS:
            slow.append(name)
    if slow:
        print(f"Över målet {GOAL_SECONDS} s (median): {', '.join(slow)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
