"""Kill rate per mutated module after a `mutmut run` (`make mutation` prints it last).

mutmut keeps one `.meta` file per source file in `mutants/`, with each mutant's exit code; this
reads them with mutmut's own meaning of the codes and prints, per module, how many mutants were
killed (a failing test or a timeout: the gate never finishes), survived, had no test, or were not
checked, and the kill rate against the goal in tests/MUTATION.md. Exit code 1 when a fully
checked module is below the goal.

    .venv/bin/python tests/mutation_report.py [mutants]
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

GOAL = 90.0
KILLED = ("killed", "timeout", "caught by type check")


def statuses(meta: Path) -> Counter:
    from mutmut.stats import status_by_exit_code

    codes = json.loads(meta.read_text(encoding="utf-8")).get("exit_code_by_key", {})
    return Counter(status_by_exit_code[code] for code in codes.values())


def report(folder: Path) -> tuple[list[str], bool]:
    lines = [f"{'modul':<42} {'mutanter':>8} {'dödade':>7} {'levde':>6} {'inga test':>9} {'ej körda':>8} {'andel':>7}"]
    below = False
    for meta in sorted(folder.rglob("*.py.meta")):
        counts = statuses(meta)
        total = sum(counts.values())
        if not total:
            continue
        killed = sum(counts[s] for s in KILLED)
        unchecked = counts["not checked"]
        rate = 100.0 * killed / total
        name = str(meta.relative_to(folder)).removesuffix(".meta").removeprefix("src/")
        mark = "" if unchecked else (" ✓" if rate >= GOAL else " under målet")
        below |= not unchecked and rate < GOAL
        percent = f"{rate:.1f}".replace(".", ",")
        lines.append(f"{name:<42} {total:>8} {killed:>7} {counts['survived']:>6} {counts['no tests']:>9} {unchecked:>8} "
                     f"{percent:>6} %{mark}")
    return lines, below


def main(argv: list[str]) -> int:
    folder = Path(argv[1] if len(argv) > 1 else "mutants")
    if not folder.is_dir():
        print(f"{folder} finns inte: kör `make mutation` (eller `mutmut run`) först.", file=sys.stderr)
        return 2
    lines, below = report(folder)
    print("\n".join(lines))
    print(f"Mål: minst {GOAL:g} % dödade per modul (tests/MUTATION.md listar de överlevande och varför de godtas).")
    return 1 if below else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
