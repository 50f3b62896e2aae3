"""`suengine build` on malformed deliveries: every one ends with exit 1, a Swedish message naming the file
and line where there is one, no traceback, and nothing published. The small deliveries of the ingest
corpus (test_ingest_malformed.CASES) plus cases of their own: a rejected row in a delivery this small is
far above the 5 % limit, so the plausibility gate stops what ingest alone would accept."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from ingest_helpers import AKT_CSV, BARN_CSV, INS_CSV, MANIFEST, UTR_CSV
from openpyxl import Workbook
from test_ingest_malformed import CASES, GOOD

from suengine.cli import main
from suengine.resources import project_root

INDICATORS = project_root() / "indicators" / "inflode"  # loads fast; the build stops before they are computed
AKT_ROWS = AKT_CSV.splitlines(keepends=True)
INS_HEADER = INS_CSV.splitlines()[0].split(";")
INS_ROW = INS_CSV.splitlines()[1].split(";")


def _xlsx(rows: list[list[object]], title: str = "Insatser", dimension: str | None = None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    data = buffer.getvalue()
    if dimension is None:
        return data
    import zipfile

    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                import re

                content = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="' + dimension.encode() + b'"/>', content)
            target.writestr(item, content)
    return out.getvalue()


def _manifest(old: str, new: str) -> str:
    assert old in MANIFEST
    return MANIFEST.replace(old, new)


# Ingest cases that do not stop a build: information only, or an optional value blanked (internt bortfall).
NOT_STOPPING = {
    "extra blad i xlsx", "okänd kolumn", "okänd fil", "fil ej levererad", "ogiltigt datum i valfritt fält", "inget tal",
    "varken ja eller nej", "okänd kod i valfritt fält", "datum efter uttag (valfritt)", "utanför intervall",
}

# id: (changes to GOOD (None removes a file), manifest text, texts the message must hold)
OWN: dict[str, tuple[dict[str, Any], str, tuple[str, ...]]] = {
    "rad med för få värden": ({"aktualiseringar.csv": AKT_CSV.replace(";MOTT;20240210;N;3", ";MOTT")}, MANIFEST,
                              ("aktualiseringar.csv rad 3", "bara 7 värden")),
    "fil avkortad mitt i en rad": ({"aktualiseringar.csv": AKT_CSV[:-12]}, MANIFEST, ("aktualiseringar.csv rad 3", "avkortad")),
    "citattecken som aldrig stängs": ({"aktualiseringar.csv": AKT_ROWS[0] + AKT_ROWS[1].replace(";ANM;", ';"ANM;') + AKT_ROWS[2]},
                                      MANIFEST, ("aktualiseringar.csv", "rad 2", "stängs aldrig")),
    "aktualisering före födelsen": ({"aktualiseringar.csv": AKT_CSV.replace("2024-01-10", "2012-01-10")}, MANIFEST,
                                    ("aktualiseringar.csv rad 2", "före barnets födelsedatum")),
    "utredning före födelsen": ({"utredningar.csv": UTR_CSV.replace("2024-01-16", "2013-01-16")}, MANIFEST,
                                ("utredningar.csv rad 2", "före barnets födelsedatum")),
    "barnfil med bara rubrikrad": ({"barn.csv": BARN_CSV.splitlines(keepends=True)[0]}, MANIFEST,
                                   ("barn (barn.csv) levererades men har inga godkända rader", "aktualiseringar.csv rad 2")),
    "barnfil avkortad mitt i rubrikraden": ({"barn.csv": "Personnummer;Na"}, MANIFEST, ("barn (barn.csv) levererades men har inga godkända rader",)),
    "uttagsdatum i framtiden": ({}, _manifest("uttagsdatum: 2026-01-31", "uttagsdatum: 2099-01-31"), ("uttagsdatum 2099-01-31", "leverans.yml")),
    "alla insatser avvisade": ({"insatser.csv": INS_CSV.replace(";ÖVI;", ";XYZ;")}, MANIFEST,
                               ("insats (insatser.csv) levererades men har inga godkända rader", "insatser.csv rad 2")),
    "period till före från": ({}, _manifest("till: 2025-12-31", "till: 2020-12-31"), ("leverans.yml", "period.till ligger före period.från")),
    "period efter uttagsdatum": ({}, _manifest("till: 2025-12-31", "till: 2026-12-31"), ("leverans.yml", "period.till ligger efter uttagsdatum")),
    "manifest är en lista": ({}, "- kommun: Testby\n- uttagsdatum: 2026-01-31\n", ("leverans.yml", "nycklar")),
    "manifest med syntaxfel": ({}, MANIFEST.replace("kommun: Testby kommun", "kommun: [Testby"), ("leverans.yml", "rad")),
    "kommun saknas": ({}, _manifest("kommun: Testby kommun\n", ""), ("leverans.yml", "kommun saknas")),
    "källsystem saknas": ({}, _manifest("källsystem: Treserva\n", ""), ("leverans.yml", "källsystem saknas")),
    "mappning saknas i manifestet": ({}, _manifest("mappning: treserva\n", ""), ("leverans.yml", "mappning saknas")),
    "period i fel form": ({}, _manifest("period: {från: 2021-01-01, till: 2025-12-31}", "period: 2021-2025"), ("leverans.yml", "period ska skrivas")),
    "uttagsdatum som text": ({}, _manifest("2026-01-31", "igår"), ("leverans.yml", "uttagsdatum", "inget datum")),
    "tomt manifest": ({}, "", ("leverans.yml",)),
    "mappningsfil som inte finns": ({}, _manifest("mappning: treserva", "mappning: ./saknas.yml"), ("saknas.yml",)),
    "tom aktualiseringsfil": ({"aktualiseringar.csv": b""}, MANIFEST, ("aktualiseringar.csv", "tom")),
    "barnfil med bara tomma rader": ({"barn.csv": ";;;\n;;;\n"}, MANIFEST, ("barn.csv", "tom")),
    "fel teckenkodning i aktualiseringar": ({"aktualiseringar.csv": AKT_CSV.encode() + b"A3;\x81\x8d;2024-03-01\n"}, MANIFEST,
                                            ("aktualiseringar.csv", "rad 4")),
    "binärfil som insatsfil": ({"insatser.csv": b"PK\x03\x04\x00\x00\x00\x01" * 20}, MANIFEST, ("insatser.csv", "textfil")),
    "xlsx utan rader": ({"insatser.csv": None, "insatser.xlsx": _xlsx([])}, MANIFEST, ("insatser.xlsx", "tom")),
    "xlsx utan obligatorisk kolumn": ({"insatser.csv": None, "insatser.xlsx": _xlsx([[h for h in INS_HEADER if h != "Startdatum"],
                                                                                     [v for h, v in zip(INS_HEADER, INS_ROW) if h != "Startdatum"]])},
                                      MANIFEST, ("insatser.xlsx", "rad 1", "Startdatum")),
    "xlsx-rad utan startdatum": ({"insatser.csv": None, "insatser.xlsx": _xlsx([INS_HEADER, [v if h != "Startdatum" else None for h, v in zip(INS_HEADER, INS_ROW)]])},
                                 MANIFEST, ("insatser.xlsx rad 2", "Startdatum")),
    "xlsx med rader utanför dimension": ({"insatser.csv": None, "insatser.xlsx": _xlsx(
        [INS_HEADER, INS_ROW, [("I2" if h == "Insatsnr" else "XYZ" if h == "Insatskod" else v) for h, v in zip(INS_HEADER, INS_ROW)]],
        dimension="A1:K2")}, MANIFEST, ("insatser.xlsx rad 3", "XYZ")),
    "xlsx med dimension A1": ({"insatser.csv": None, "insatser.xlsx": _xlsx([INS_HEADER, [v if h != "Startdatum" else "" for h, v in zip(INS_HEADER, INS_ROW)]],
                                                                         dimension="A1")}, MANIFEST, ("insatser.xlsx rad 2", "Startdatum")),
    "utredningsnummer saknas som kolumn": ({"utredningar.csv": UTR_CSV.replace("Utrnr;", "Utredning;")}, MANIFEST, ("utredningar.csv", "rad 1", "Utrnr")),
    "dubbla rubriker i aktualiseringar": ({"aktualiseringar.csv": AKT_CSV.replace("Akttyp;Anmälare", "Akttyp;AKTTYP")}, MANIFEST,
                                          ("aktualiseringar.csv", "rad 1", "två gånger")),
    "personnummer saknas i barn": ({"barn.csv": BARN_CSV.replace(BARN_CSV.splitlines()[3].split(";")[0], "")}, MANIFEST, ("barn.csv rad 4", "Personnummer")),
    "ogiltigt personnummer i utredning": ({"utredningar.csv": UTR_CSV.replace(UTR_CSV.splitlines()[1].split(";")[2], "19991399-1234")}, MANIFEST,
                                          ("utredningar.csv rad 2",)),
    "utredning utan personnummer": ({"utredningar.csv": UTR_CSV.replace(UTR_CSV.splitlines()[1].split(";")[2], "")}, MANIFEST,
                                    ("utredningar.csv rad 2", "Personnr")),
    "utredning slutar före start": ({"utredningar.csv": UTR_CSV.replace("2024-04-30", "2023-04-30")}, MANIFEST, ("utredningar.csv rad 2", "före")),
    "rad med för många värden i barn": ({"barn.csv": BARN_CSV.replace("Nils Provsson;M", "Nils Provsson;M;extra;mer")}, MANIFEST, ("barn.csv rad 3",)),
    "utredning startar efter uttag": ({"utredningar.csv": UTR_CSV.replace("2024-01-16", "2026-06-16").replace("2024-04-30", "")}, MANIFEST,
                                      ("utredningar.csv rad 2", "efter uttagsdatum")),
    "insats pekar på okänt barn": ({"insatser.csv": INS_CSV.replace(INS_ROW[2], "20100101-0008")}, MANIFEST, ("insatser.csv rad 2",)),
    "omöjligt datum i utredning": ({"utredningar.csv": UTR_CSV.replace("2024-01-16", "2024-13-16")}, MANIFEST, ("utredningar.csv rad 2", "2024-13-16")),
    "mappning med aliasbomb": ({"bomb.yml": "system: bomb\nnamn: B\na: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(7))},
        _manifest("mappning: treserva", "mappning: bomb.yml"), ("bomb.yml", "alias")),
    "mappning med alias som pekar på sig själv": ({"egen.yml": "system: egen\nnamn: E\nx: &x [*x]\n"},
                                                  _manifest("mappning: treserva", "mappning: egen.yml"), ("egen.yml, rad 3", "pekar på sig själv")),
    "aktualisering utan datum": ({"aktualiseringar.csv": AKT_CSV.replace("2024-01-10", "")}, MANIFEST, ("aktualiseringar.csv rad 2", "Inkom")),
}


def _files(changes: dict[str, Any]) -> dict[str, Any]:
    files = {**GOOD, **changes}
    return {name: content for name, content in files.items() if content is not None}


def _ingest_cases() -> dict[str, tuple[dict[str, Any], str | None, tuple[str, ...]]]:
    out = {}
    for name, (changes, manifest, expected, _stops) in CASES.items():
        if name in NOT_STOPPING:
            continue
        texts: tuple[str, ...] = ()
        if expected.get("fil") and expected.get("rad"):
            texts = (f"{expected['fil']}",)
        elif expected.get("fil") and expected["fil"] != "leverans.yml":
            texts = (expected["fil"],)
        out[f"ingest: {name}"] = (changes, manifest, texts)
    return out


ALL = {**_ingest_cases(), **OWN}


def test_there_are_at_least_sixty_malformed_deliveries() -> None:
    assert len(ALL) >= 60


@pytest.mark.parametrize("name", list(ALL))
def test_a_malformed_delivery_stops_the_build_and_publishes_nothing(name: str, delivery, tmp_path: Path, capsys) -> None:
    changes, manifest, texts = ALL[name]
    folder = delivery(_files(changes), manifest=manifest)
    out = tmp_path / "build"
    code = main(["build", str(folder), "--ut", str(out), "--år", "2024", "--indikatorer", str(INDICATORS)])
    captured = capsys.readouterr()
    text = captured.out + captured.err
    assert code == 1, text
    assert "Fel:" in captured.err and "Traceback" not in text
    for expected in texts:
        assert expected in captured.err, captured.err
    assert not out.exists() or list(out.iterdir()) == []
