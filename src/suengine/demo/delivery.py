"""Write the demo delivery of "Exempelby kommun" exactly as a Treserva export would look.

    python -m suengine.demo.delivery demo/leverans-2026-01
    python -m suengine.demo.delivery ut/stockholm --skala stockholm

`--skala` chooses the size (SKALOR): exempelby (the default, the committed demo delivery),
mölndal (≈ 2 800 aktualiseringar a year), stockholm (≈ 30 000) or riket (≈ 400 000), always
2021–2025 with history from mid-2020. The larger ones are drawn by `demo_scale` (vectorised)
in the same formats, for benchmarks.

Deterministic (seeded; the XLSX is written with fixed timestamps), so the committed copy in
demo/leverans-2026-01/ can be checked against the generator byte for byte. Formats vary on
purpose, as real exports do: `;`-CSV in Windows-1252 and in UTF-8 with BOM, SCB's `,`-CSV,
decimal commas, ISO dates with time, compact dates (20240131), Excel date cells and a few
unformatted Excel serial numbers, 10- and 12-digit personnummer, an extra sheet in the
workbook, trailing empty rows and columns, and names and notes that ingest must drop.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import sys
from pathlib import Path
from random import Random

from suengine.demo.cases import EXTRACTION, CaseSimulation
from suengine.demo.export_format import CSV_FILES, FIXED_TIME, INSATS_COLUMNS, Formatter, deterministic_zip, plain
from suengine.demo.tables import NAMES, inject_bad_rows, personnel, population, survey, user_survey

SEED = 20260131
MANIFEST = """\
# Demoleverans för den påhittade kommunen Exempelby (ca 40 000 invånare), uttag ur Treserva.
# Genererad av: python -m suengine.demo.delivery demo/leverans-2026-01
# Alla personnummer är påhittade (födelsenummer 000 delas aldrig ut) och alla namn är fiktiva.
# Uttaget omfattar ärenden som var aktiva under perioden, med historik från andra halvåret 2020.
kommun: Exempelby kommun
källsystem: Treserva
mappning: treserva
uttagsdatum: 2026-01-31
period: {från: 2021-01-01, till: 2025-12-31}
"""


def build_rows(seed: int = SEED) -> dict[str, list[dict]]:
    rng = Random(seed)
    simulation = CaseSimulation(rng, NAMES)
    demo = simulation.run()
    demo.barn = simulation.barn_rows()
    inject_bad_rows(demo, rng)
    return {
        "barn": demo.barn, "aktualisering": demo.aktualisering, "utredning": demo.utredning, "insats": demo.insats,
        "uppföljning": demo.uppföljning, "brukarsvar": user_survey(rng), "befolkning": population(rng),
        "personal": personnel(rng), "enkätsvar": survey(rng),
    }


def _csv_bytes(rows: list[dict], columns: list[str], encoding: str, separator: str, formats: dict[str, Formatter], empty_rows: int, empty_column: bool) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=separator, lineterminator="\r\n")
    extra = [""] if empty_column else []
    writer.writerow(columns + extra)
    for row in rows:
        writer.writerow([formats.get(c, plain)(row.get(c)) for c in columns] + extra)
    for _ in range(empty_rows):
        writer.writerow([""] * len(columns))
    return buffer.getvalue().encode(encoding)


def _xlsx_bytes(rows: list[dict]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Insatser"
    sheet.append(INSATS_COLUMNS)
    for number, row in enumerate(rows):
        values = [row.get(c) for c in INSATS_COLUMNS]
        if number % 40 == 7 and isinstance(row["Startdatum"], dt.date):  # an unformatted date cell: Excel serial
            values[INSATS_COLUMNS.index("Startdatum")] = (row["Startdatum"] - dt.date(1899, 12, 30)).days
        sheet.append(values)
    for cell in sheet["G"][1:] + sheet["H"][1:] + sheet["J"][1:]:
        if isinstance(cell.value, (dt.date, dt.datetime)):
            cell.number_format = "yyyy-mm-dd"
    about = workbook.create_sheet("Urval")
    about.append(["Rapport", "IFO Barn och unga – beviljade insatser"])
    about.append(["Uttagsdatum", EXTRACTION])
    fixed = dt.datetime(*FIXED_TIME)
    workbook.properties.created = fixed
    workbook.properties.modified = fixed
    workbook.properties.creator = "Treserva rapportgenerator"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return deterministic_zip(buffer.getvalue())


def demo_files(seed: int = SEED) -> dict[str, bytes]:
    """File name → exact bytes of the demo delivery."""
    rows = build_rows(seed)
    files = {"leverans.yml": MANIFEST.encode("utf-8")}
    for name, key, columns, encoding, separator, formats, empty_rows, empty_column in CSV_FILES:
        files[name] = _csv_bytes(rows[key], columns, encoding, separator, formats, empty_rows, empty_column)
    files["insatser.xlsx"] = _xlsx_bytes(rows["insats"])
    return files


def write_demo_delivery(folder: Path, seed: int = SEED) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, content in demo_files(seed).items():
        path = folder / name
        path.write_bytes(content)
        written.append(path)
    return written


SKALOR = {
    "exempelby": "Exempelby kommun, ca 1 500 aktualiseringar per år (den incheckade demoleveransen)",
    "mölndal": "ca 2 800 aktualiseringar, 870 utredningar och 220 nya insatser per år",
    "stockholm": "ca 30 000 aktualiseringar per år",
    "riket": "ca 400 000 aktualiseringar per år (hela Sverige: 2,2 miljoner aktualiseringar, 330 MB, ca 30 s och 2 GB minne)",
}


def _skala(text: str) -> str:
    name = text.strip().casefold().replace("molndal", "mölndal")
    if name not in SKALOR:
        raise argparse.ArgumentTypeError(f"okänd skala '{text}'; välj en av {', '.join(SKALOR)}")
    return name


def write_delivery(folder: Path, skala: str = "exempelby", seed: int = SEED) -> list[Path]:
    """Write the delivery of the given size into `folder`; the written files."""
    if skala == "exempelby":
        return write_demo_delivery(folder, seed)
    from suengine.demo.scale import SCALES, write_scaled_delivery

    return write_scaled_delivery(folder, SCALES[skala], seed)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m suengine.demo.delivery",
        description="Skriv en påhittad leverans (Treserva-export, 2021–2025) till MAPP.",
        epilog="Skalor: " + "; ".join(f"{k}: {v}" for k, v in SKALOR.items()),
    )
    parser.add_argument("mapp", nargs="?", default="demo/leverans-2026-01", type=Path, help="mappen som leveransen skrivs till")
    parser.add_argument("--skala", type=_skala, default="exempelby", metavar="{" + ",".join(SKALOR) + "}",
                        help="leveransens storlek (standard: exempelby)")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    for path in write_delivery(args.mapp, args.skala):
        print(f"{path} ({path.stat().st_size:,} byte)".replace(",", " "))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
