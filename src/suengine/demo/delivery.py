"""Write a fictional delivery — the simulated case flow as a Treserva (or Lifecare) export — to a folder.

    python -m suengine.demo.delivery demo/leverans-2026-01
    python -m suengine.demo.delivery ut/stockholm --skala stockholm
    python -m suengine.demo.delivery ut/lifecare --system lifecare

`--skala` chooses the size (flow.SCALES): exempelby (the default, the committed demo delivery),
mölndal (≈ 2 800 aktualiseringar a year), stockholm (≈ 30 000) or riket (≈ 400 000), always
2021–2025 with history from mid-2020. Every size is the same simulation (`flow`) written by the
same writers (`export`), so the demo, the scaled deliveries and the benchmarks cannot drift apart.

Deterministic (seeded; the XLSX is written with fixed timestamps), so the committed copy in
demo/leverans-2026-01/ can be checked against the generator byte for byte.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from suengine.demo.export import Writer
from suengine.demo.export_format import SYSTEMS
from suengine.demo.files import csv_bytes, write_csv, xlsx_bytes
from suengine.demo.flow import SCALES, Scale, simulate

SEED = 20260131
MANIFEST = """\
# {what}, uttag ur {title}.
# Genererad av: python -m suengine.demo.delivery {command}
# Alla personnummer är påhittade (födelsenummer 000 delas aldrig ut) och alla namn är fiktiva.
# Uttaget omfattar ärenden som var aktiva under perioden, med historik från andra halvåret 2020.
kommun: {kommun}
källsystem: {title}
mappning: {system}
uttagsdatum: 2026-01-31
period: {{från: 2021-01-01, till: 2025-12-31}}
"""
SKALOR = {
    "exempelby": "Exempelby kommun, ca 1 500 aktualiseringar per år (den incheckade demoleveransen)",
    "mölndal": "ca 2 800 aktualiseringar, 870 utredningar och 220 nya insatser per år",
    "stockholm": "ca 30 000 aktualiseringar per år",
    "riket": "ca 400 000 aktualiseringar per år (hela Sverige: 2,2 miljoner aktualiseringar, 330 MB, ca 25 s processortid och 2,2 GB minne)",
}


def manifest(scale: Scale, system: str = "treserva") -> str:
    if scale.name == "exempelby":
        what, command = "Demoleverans för den påhittade kommunen Exempelby (ca 40 000 invånare)", "demo/leverans-2026-01"
    else:
        per_year = f"{scale.per_year:,}".replace(",", " ")
        what = f"Påhittad leverans i storleken {scale.name} (ca {per_year} aktualiseringar per år, {scale.inhabitants} invånare)"
        command = f"MAPP --skala {scale.name}"
    if system != "treserva":
        command += f" --system {system}"
    return MANIFEST.format(what=what, title=SYSTEMS[system].title, command=command, kommun=scale.kommun, system=system)


def _build(scale: Scale, system: str, seed: int, bad_rows: bool = True) -> dict[str, dict]:
    return Writer(simulate(scale, seed), SYSTEMS[system], seed).build(bad_rows)


def demo_files(seed: int = SEED, skala: str | Scale = "exempelby", system: str = "treserva", bad_rows: bool = True) -> dict[str, bytes]:
    """File name → exact bytes of the delivery (the committed demo delivery by default)."""
    scale = SCALES[skala] if isinstance(skala, str) else skala
    files = _build(scale, system, seed, bad_rows)
    out = {"leverans.yml": manifest(scale, system).encode("utf-8")}
    for spec in SYSTEMS[system].files:
        out[spec.name] = xlsx_bytes(files[spec.name], spec, f"{SYSTEMS[system].title} rapportgenerator") if spec.sheet \
            else csv_bytes(files[spec.name], spec)
    return out


def write_delivery(folder: Path, skala: str | Scale = "exempelby", seed: int = SEED, system: str = "treserva",
                   bad_rows: bool = True) -> list[Path]:
    """Write the delivery of the given size into `folder`; the written files."""
    scale = SCALES[skala] if isinstance(skala, str) else skala
    files = _build(scale, system, seed, bad_rows)
    folder.mkdir(parents=True, exist_ok=True)
    written = [folder / "leverans.yml"]
    written[0].write_bytes(manifest(scale, system).encode("utf-8"))
    for spec in SYSTEMS[system].files:
        path = folder / spec.name
        if spec.sheet:
            path.write_bytes(xlsx_bytes(files[spec.name], spec, f"{SYSTEMS[system].title} rapportgenerator"))
        else:
            with open(path, "w", encoding=spec.encoding, newline="") as handle:
                write_csv(handle, files[spec.name], spec)
        written.append(path)
    return written


def _skala(text: str) -> str:
    name = text.strip().casefold().replace("molndal", "mölndal")
    if name not in SKALOR:
        raise argparse.ArgumentTypeError(f"okänd skala '{text}'; välj en av {', '.join(SKALOR)}")
    return name


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m suengine.demo.delivery",
        description="Skriv en påhittad leverans (export ur Treserva eller Lifecare, 2021–2025) till MAPP.",
        epilog="Skalor: " + "; ".join(f"{k}: {v}" for k, v in SKALOR.items()),
    )
    parser.add_argument("mapp", nargs="?", default="demo/leverans-2026-01", type=Path, help="mappen som leveransen skrivs till")
    parser.add_argument("--skala", type=_skala, default="exempelby", metavar="{" + ",".join(SKALOR) + "}",
                        help="leveransens storlek (standard: exempelby)")
    parser.add_argument("--system", choices=sorted(SYSTEMS), default="treserva", help="källsystemet vars export skrivs (standard: treserva)")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    for path in write_delivery(args.mapp, args.skala, system=args.system):
        print(f"{path} ({path.stat().st_size:,} byte)".replace(",", " "))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
