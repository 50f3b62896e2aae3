"""Helpers for the ingest tests: fictional personnummer and tiny deliveries on disk."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from suengine.ingest.personnummer import make_personnummer

TEST_KEY = "testnyckel-som-bara-finns-i-testerna"
MANIFEST = """\
kommun: Testby kommun
källsystem: Treserva
mappning: treserva
uttagsdatum: 2026-01-31
period: {från: 2021-01-01, till: 2025-12-31}
"""


def pnr(year: int, month: int, day: int, coordination: bool = False) -> str:
    """A fictional 12-digit personnummer (födelsenummer 000 is never assigned)."""
    return make_personnummer(dt.date(year, month, day), 0, coordination).digits


def dash(number: str) -> str:
    return f"{number[:8]}-{number[8:]}"


def short(number: str) -> str:
    return f"{number[2:8]}-{number[8:]}"


Files = dict[str, "str | bytes"]


def write_delivery(folder: Path, files: Files, manifest: str | None = MANIFEST, encoding: str = "utf-8") -> Path:
    """Write `files` (text is encoded with `encoding`) and the manifest into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    if manifest is not None:
        (folder / "leverans.yml").write_text(manifest, encoding="utf-8")
    for name, content in files.items():
        data = content if isinstance(content, bytes) else content.encode(encoding)
        (folder / name).write_bytes(data)
    return folder


A = pnr(2014, 3, 1)
B = pnr(2009, 7, 15)
C = pnr(2019, 11, 30, coordination=True)

BARN_CSV = f"Personnummer;Namn;Kön\n{dash(A)};Alva Testsson;K\n{dash(B)};Nils Provsson;M\n{dash(C)};Saga Exempel;\n"
AKT_CSV = (
    "Aktnr;Personnr;Inkom;Akttyp;Anmälare;Orsak;Enhet;FB klar;Beslut utredning;Prio\n"
    f"A1;{short(A)};2024-01-10;ANM;POL;11;MOTT;20240115;J;1\n"
    f"A2;{short(B)};2024-02-01;ANM;SKO;31;MOTT;20240210;N;3\n"
)
UTR_CSV = (
    "Utrnr;Aktnr;Personnr;Utredningstyp;Inledd;Avslutad;Förlängd;Orsak;Enhet;Enskilt samtal;Träffat enskilt;Beslut;Avslutsorsak\n"
    f"U1;A1;{A};BARN;2024-01-16;2024-04-30;N;11;BOU1;J;J;BEV;BESL\n"
)
INS_CSV = (
    "Insatsnr;Utrnr;Personnr;Insatskod;Metod;Orsak;Startdatum;Slutdatum;Kostnad;Första övervägande;Samtal placerat barn\n"
    f"I1;U1;{dash(A)};ÖVI;TB;11;2024-05-02;2024-11-30;12 345,50;;\n"
)


def text_of(path: Path) -> str:
    """A written file's content as text; a Parquet file's every cell (read by DuckDB), one row per line."""
    if path.suffix != ".parquet":
        return path.read_text(encoding="utf-8")
    import duckdb

    with duckdb.connect() as connection:
        rows = connection.execute("SELECT * FROM read_parquet(?)", [str(path)]).fetchall()
    return "\n".join(",".join("" if v is None else str(v) for v in row) for row in rows)
