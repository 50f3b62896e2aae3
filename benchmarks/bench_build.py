"""Benchmark: `suengine build` stage by stage, cold, warm and after a commentary edit, at three sizes.

    .venv/bin/python benchmarks/bench_build.py                          # exempelby, mölndal, stockholm
    .venv/bin/python benchmarks/bench_build.py --skala mölndal --jämför-parallellt
    .venv/bin/python benchmarks/bench_build.py --mapp ut/bygg            # keep the projects (reused next time)

For each size it lays out a demo project (`suengine demo`'s project: catalogue, demo commentary)
with the fictional delivery of that size (`python -m suengine.demo.delivery --skala`), then runs
`suengine build` in it as a user does, as a new process each time:

  kall        an empty .cache/: everything evaluated and every chart drawn
  varm        the same delivery again: evaluation and charts from .cache/ (a new version all the same)
  kommentar   one commentary file changed, then built: the goal is ≤ 5 s at Mölndal size
  kommentar, 1 åt gången   (--jämför-parallellt) the same with the report's documents rendered one at a time

and prints the time of every stage from the build's own progress output, the wall time, the CPU
time (user+sys of the build process and its children) and the load average before the run —
the machine is shared, so wall times are only comparable at similar load. The figures recorded
are in benchmarks/README.md, section "Bygge".
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KEY = "benchmarknyckel-som-bara-finns-har"
SCALES = ("exempelby", "mölndal", "stockholm")
COMMENTARY = Path("kommentarer") / "2025" / "utredning-inom-4-manader.md"
STAGES = {  # the start of a stage line in the build's progress output → a short name
    "Kontrollerar indikatordefinitionerna": "definitioner",
    "Läser och pseudonymiserar": "inläsning",
    "Rimlighetskontroll": "rimlighet",
    "Beräknar": "beräkning",
    "Granskar röjandekontrollen": "röjandegranskning",
    "Renderar rapporten": "rapport",
    "Skriver Quarto-projekt": "  text och diagram",
    "Renderar HTML": "  dokument",
    "Skriver resultattabell": "excel",
    "Bygger webbplatsen": "webbplats",
    "Integritetskontroll": "integritet",
    "Publicerar": "publicering",
}
_STAGE = re.compile(r"^(?:▸ |  )?(\S.*) …$")
_DONE = re.compile(r"^ *klart på (\d+),(\d+) s$")


def suengine_command() -> list[str]:
    script = Path(sys.executable).with_name("suengine")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "suengine"]


def make_project(folder: Path, scale: str) -> Path:
    """A demo project with the delivery of `scale` (kept when it exists: delete the folder to start over)."""
    from suengine.commands.demo import create_project
    from suengine.demo.delivery import write_delivery

    project = folder / scale
    if not (project / "suengine.yml").is_file():
        create_project(project)
        if scale != "exempelby":
            delivery = project / "leveranser" / "leverans-2026-01"
            shutil.rmtree(delivery)
            write_delivery(delivery, scale)
    return project


def stage_times(output: str) -> dict[str, float]:
    """Seconds per stage, from the lines `▸ Stage …` / `  klart på 1,23 s` (nested stages indented)."""
    times: dict[str, float] = {}
    open_stages: list[str] = []
    for line in output.splitlines():
        started = _STAGE.match(line)
        if started:
            name = next((short for start, short in STAGES.items() if started.group(1).startswith(start)), None)
            open_stages.append(name or "")
            continue
        done = _DONE.match(line)
        if done and open_stages:
            name = open_stages.pop()
            if name:
                times[name] = times.get(name, 0.0) + float(f"{done.group(1)}.{done.group(2)}")
    return times


def run_build(project: Path, env: dict[str, str]) -> dict[str, object]:
    load = os.getloadavg()[0]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(suengine_command() + ["build"], cwd=project, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"bygget misslyckades i {project}:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    charts = re.search(r"Diagram: (\d+) ritade, (\d+) från cachen", done.stdout)
    processes = re.search(r"ritade i (\d+) processer samtidigt", done.stdout)
    return {
        "stages": stage_times(done.stdout),
        "wall": wall,
        "cpu": (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime),
        "load": load,
        "drawn": f"{charts.group(1)}/{charts.group(2)}" if charts else "?",
        "processes": processes.group(1) if processes else "1",
        "cached": "ja" if "resultatet från ett tidigare bygge" in done.stdout else "nej",
    }


def edit_commentary(project: Path, run: int) -> None:
    path = project / COMMENTARY
    path.write_text(path.read_text(encoding="utf-8") + f"\nÄndrad kommentar, körning {run}.\n", encoding="utf-8")


def print_table(scale: str, runs: dict[str, dict[str, object]]) -> None:
    names = list(runs)
    width = max(len(n) for n in names) + 2
    print(f"\n{scale}: sekunder per steg (väggklocka)")
    print(f"{'steg':<22}" + "".join(f"{n:>{width}}" for n in names))
    stages = [s for s in STAGES.values() if any(s in r["stages"] for r in runs.values())]  # type: ignore[operator]
    for stage in stages:
        cells = [runs[n]["stages"].get(stage) for n in names]  # type: ignore[attr-defined]
        print(f"{stage:<22}" + "".join(f"{c:>{width}.2f}" if c is not None else f"{'–':>{width}}" for c in cells))
    for label, field, form in (("totalt (vägg)", "wall", ".1f"), ("CPU (user+sys)", "cpu", ".1f"), ("last före", "load", ".1f")):
        print(f"{label:<22}" + "".join(f"{runs[n][field]:>{width}{form}}" for n in names))
    for label, field in (("diagram ritade/cache", "drawn"), ("ritprocesser", "processes"), ("beräkning från cache", "cached")):
        print(f"{label:<22}" + "".join(f"{runs[n][field]:>{width}}" for n in names))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Mät `suengine build` per steg: kallt, varmt och efter en ändrad kommentar.")
    parser.add_argument("--skala", nargs="+", choices=SCALES, default=list(SCALES), help="storlekar (standard: alla tre)")
    parser.add_argument("--mapp", type=Path, help="behåll projekten här (annars en tillfällig mapp)")
    parser.add_argument("--jämför-parallellt", dest="compare", action="store_true",
                        help="bygg också efter en kommentarsändring med dokumenten renderade ett i taget")
    args = parser.parse_args(argv)
    folder = args.mapp or Path(tempfile.mkdtemp(prefix="bench-build-"))
    env = {**os.environ, "SUENGINE_PSEUDONYM_KEY": KEY}
    print(f"{os.cpu_count()} kärnor; projekt i {folder}")
    try:
        for scale in args.skala:
            project = make_project(folder, scale)
            shutil.rmtree(project / ".cache", ignore_errors=True)
            shutil.rmtree(project / "build", ignore_errors=True)  # the first version of the year, as in practice
            runs = {"kall": run_build(project, env), "varm": run_build(project, env)}
            edit_commentary(project, 1)
            runs["kommentar"] = run_build(project, env)
            if args.compare:
                edit_commentary(project, 2)
                runs["kommentar, 1 åt gången"] = run_build(project, {**env, "SUENGINE_RENDER_PARALLELLT": "1"})
            print_table(scale, runs)
    finally:
        if args.mapp is None:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
