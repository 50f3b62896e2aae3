"""A corpus of malformed deliveries: each gives its reason code at the right file, row and field.

Never a traceback: everything ends as rows in the problems table, either stopping the delivery
(nivå fel, DeliveryRejected) or dropping/blanking with a warning, or as information.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from ingest_helpers import AKT_CSV, BARN_CSV, INS_CSV, MANIFEST, UTR_CSV, pnr, short
from openpyxl import Workbook

from suengine.ingest import DeliveryRejected, ingest_delivery

Make = Callable[..., Path]
GOOD = {"barn.csv": BARN_CSV, "aktualiseringar.csv": AKT_CSV, "utredningar.csv": UTR_CSV, "insatser.csv": INS_CSV}
AKT_ROW1, AKT_ROW2 = AKT_CSV.splitlines()[1:3]


def _xlsx(sheets: dict[str, list[list[object]]]) -> bytes:
    import io

    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


INS_ROWS = [[c for c in INS_CSV.splitlines()[0].split(";")], INS_CSV.splitlines()[1].split(";")]

# id: (changes to GOOD (None removes a file), manifest text or None, expected problem, stops?)
CASES: dict[str, tuple[dict[str, Any], str | None, dict[str, Any], bool]] = {
    "manifest saknas": ({}, None, {"orsakskod": "manifest_saknas", "fil": "leverans.yml"}, True),
    "uttagsdatum saknas": ({}, MANIFEST.replace("uttagsdatum: 2026-01-31\n", ""), {"orsakskod": "manifest_ogiltigt", "fält": "uttagsdatum"}, True),
    "uttagsdatum ogiltigt": ({}, MANIFEST.replace("2026-01-31", "2026-13-01"), {"orsakskod": "manifest_ogiltigt", "fält": "uttagsdatum"}, True),
    "okänd nyckel i manifest": ({}, MANIFEST + "uttagsdatun: 2026-01-31\n", {"orsakskod": "manifest_ogiltigt", "fält": "uttagsdatun"}, True),
    "mappning finns inte": ({}, MANIFEST.replace("mappning: treserva", "mappning: viva"), {"orsakskod": "mappning_saknas", "fil": "mappings/viva.yml"}, True),
    "egen mappning med fel": (
        {"egen.yml": "system: egen\nnamn: Egen\nentiteter:\n  barn:\n    filer: [barn.csv]\n    kolumer: {Personnummer: barn_id}\n"},
        MANIFEST.replace("mappning: treserva", "mappning: egen.yml"), {"orsakskod": "mappning_ogiltig", "rad": 6}, True),
    "barnfil saknas": ({"barn.csv": None}, MANIFEST, {"orsakskod": "fil_saknas", "entitet": "barn"}, True),
    "tom fil": ({"barn.csv": b""}, MANIFEST, {"orsakskod": "fil_tom", "fil": "barn.csv"}, True),
    "fel teckenkodning": ({"barn.csv": BARN_CSV.encode() + b"\x81\x8d;x;K\n"}, MANIFEST, {"orsakskod": "fil_oläslig", "fil": "barn.csv", "rad": 5}, True),
    "binärfil som csv": ({"aktualiseringar.csv": b"\x00\x01\x02PK" * 10}, MANIFEST, {"orsakskod": "fil_oläslig", "fil": "aktualiseringar.csv"}, True),
    "trasig xlsx": ({"insatser.csv": None, "insatser.xlsx": b"PK\x03\x04trasig"}, MANIFEST, {"orsakskod": "fil_oläslig", "fil": "insatser.xlsx"}, True),
    "blad saknas": ({"insatser.csv": None, "insatser.xlsx": _xlsx({"Blad1": INS_ROWS})}, MANIFEST, {"orsakskod": "blad_saknas", "fil": "insatser.xlsx"}, True),
    "obligatorisk kolumn saknas": ({"aktualiseringar.csv": AKT_CSV.replace("Inkom;", "Inkommen;")}, MANIFEST,
                                   {"orsakskod": "kolumn_saknas", "fil": "aktualiseringar.csv", "rad": 1, "kolumn": "Inkom", "fält": "datum"}, True),
    "dubbla rubriker": ({"barn.csv": BARN_CSV.replace("Namn;Kön", "KÖN;Kön")}, MANIFEST, {"orsakskod": "kolumn_dubblett", "fil": "barn.csv", "rad": 1}, True),
    "extra blad i xlsx": ({"insatser.csv": None, "insatser.xlsx": _xlsx({"Insatser": INS_ROWS, "Urval": [["x"]]})}, MANIFEST,
                          {"orsakskod": "flera_blad", "fil": "insatser.xlsx", "nivå": "info"}, False),
    "okänd kolumn": ({"barn.csv": BARN_CSV.replace("Kön\n", "Kön;Skostorlek\n")}, MANIFEST, {"orsakskod": "okänd_kolumn", "kolumn": "Skostorlek", "nivå": "info"}, False),
    "okänd fil": ({"anteckningar.txt": "fritext"}, MANIFEST, {"orsakskod": "okänd_fil", "fil": "anteckningar.txt", "nivå": "info"}, False),
    "fil ej levererad": ({"utredningar.csv": None, "insatser.csv": None}, MANIFEST, {"orsakskod": "fil_ej_levererad", "entitet": "utredning", "nivå": "info"}, False),
    "för många värden": ({"aktualiseringar.csv": AKT_CSV.replace(";MOTT;20240210;N;3", ";MOTT;20240210;N;3;extra;mer")}, MANIFEST,
                         {"orsakskod": "fel_antal_kolumner", "rad": 3, "åtgärd": "raden avvisas"}, False),
    "obligatoriskt värde saknas": ({"aktualiseringar.csv": AKT_CSV.replace(";2024-02-01;", ";;")}, MANIFEST,
                                   {"orsakskod": "värde_saknas", "rad": 3, "fält": "datum", "åtgärd": "raden avvisas"}, False),
    "fel kontrollsiffra": ({"barn.csv": BARN_CSV.replace(BARN_CSV.splitlines()[2].split(";")[0], BARN_CSV.splitlines()[2].split(";")[0][:-1] + "9")}, MANIFEST,
                           {"orsakskod": "ogiltigt_personnummer", "fil": "barn.csv", "rad": 3, "värde": "(dolt)", "åtgärd": "raden avvisas"}, False),
    "personnummer fel format": ({"aktualiseringar.csv": AKT_CSV.replace(f"A2;{AKT_ROW2.split(';')[1]}", "A2;12345")}, MANIFEST, {}, False),
    "omöjligt datum i obligatoriskt fält": ({"aktualiseringar.csv": AKT_CSV.replace("2024-02-01", "2024-02-30")}, MANIFEST,
                                            {"orsakskod": "ogiltigt_datum", "rad": 3, "fält": "datum", "åtgärd": "raden avvisas"}, False),
    "ogiltigt datum i valfritt fält": ({"aktualiseringar.csv": AKT_CSV.replace("20240210", "igår")}, MANIFEST,
                                       {"orsakskod": "ogiltigt_datum", "rad": 3, "fält": "förhandsbedömning_klar", "åtgärd": "värdet sätts som saknat"}, False),
    "inget tal": ({"insatser.csv": INS_CSV.replace("12 345,50", "gratis")}, MANIFEST, {"orsakskod": "ogiltigt_tal", "fält": "kostnad", "värde": "gratis"}, False),
    "varken ja eller nej": ({"utredningar.csv": UTR_CSV.replace(";N;11;BOU1;", ";kanske;11;BOU1;")}, MANIFEST, {"orsakskod": "ogiltigt_ja_nej", "fält": "förlängd"}, False),
    "okänd kod i obligatoriskt fält": ({"insatser.csv": INS_CSV.replace(";ÖVI;", ";XYZ;")}, MANIFEST,
                                       {"orsakskod": "okänd_kod", "fil": "insatser.csv", "rad": 2, "fält": "insatstyp", "värde": "XYZ", "åtgärd": "raden avvisas"}, False),
    "okänd kod i valfritt fält": ({"aktualiseringar.csv": AKT_CSV.replace(";POL;", ";BRANDKÅR;")}, MANIFEST,
                                  {"orsakskod": "okänd_kod", "rad": 2, "kolumn": "Anmälare", "åtgärd": "värdet sätts som saknat"}, False),
    "utanför intervall": ({"aktualiseringar.csv": AKT_CSV.replace(";N;3\n", ";N;7\n")}, MANIFEST, {"orsakskod": "utanför_intervall", "rad": 3, "fält": "prio"}, False),
    "datum efter uttag (obligatoriskt)": ({"aktualiseringar.csv": AKT_CSV.replace("2024-02-01", "2026-05-01")}, MANIFEST,
                                          {"orsakskod": "datum_efter_uttag", "rad": 3, "fält": "datum", "åtgärd": "raden avvisas"}, False),
    "datum efter uttag (valfritt)": ({"insatser.csv": INS_CSV.replace("2024-11-30", "2027-01-01")}, MANIFEST,
                                     {"orsakskod": "datum_efter_uttag", "fält": "slut", "åtgärd": "värdet sätts som saknat"}, False),
    "slut före start": ({"insatser.csv": INS_CSV.replace("2024-11-30", "2024-01-01")}, MANIFEST, {"orsakskod": "slut_före_start", "fil": "insatser.csv", "rad": 2, "fält": "slut"}, False),
    "dubblett": ({"barn.csv": BARN_CSV + BARN_CSV.splitlines()[1] + "\n"}, MANIFEST, {"orsakskod": "dubblett", "fil": "barn.csv", "rad": 5}, False),
    "dubblett över två filer": ({"aktualiseringar_2.csv": AKT_CSV}, MANIFEST, {"orsakskod": "dubblett", "fil": "aktualiseringar_2.csv", "rad": 2}, False),
    "pekar på okänt barn": ({"aktualiseringar.csv": AKT_CSV.replace(AKT_ROW1.split(";")[1], short(pnr(2010, 10, 10)))}, MANIFEST,
                            {"orsakskod": "bruten_relation", "rad": 2, "fält": "barn_id", "kolumn": "Personnr"}, False),
    "pekar på okänd utredning": ({"insatser.csv": INS_CSV.replace("I1;U1;", "I1;U9;")}, MANIFEST, {"orsakskod": "bruten_relation", "fält": "utredning_id", "kolumn": "Utrnr"}, False),
}
CASES["personnummer fel format"] = (CASES["personnummer fel format"][0], MANIFEST,
                                     {"orsakskod": "ogiltigt_personnummer", "fil": "aktualiseringar.csv", "rad": 3, "fält": "barn_id"}, False)


def _files(changes: dict[str, Any]) -> dict[str, Any]:
    files = {**GOOD, **changes}
    return {name: content for name, content in files.items() if content is not None}


def _matches(problems: pd.DataFrame, expected: dict[str, Any]) -> bool:
    mask = pd.Series(True, index=problems.index)
    for column, value in expected.items():
        mask &= problems[column].astype(object) == value
    return bool(mask.any())


def test_corpus_is_large_enough() -> None:
    assert len(CASES) >= 25


@pytest.mark.parametrize("name", list(CASES))
def test_malformed_delivery(name: str, delivery: Make) -> None:
    changes, manifest, expected, stops = CASES[name]
    folder = delivery(_files(changes), manifest=manifest)
    if stops:
        with pytest.raises(DeliveryRejected) as caught:
            ingest_delivery(folder)
        problems = caught.value.problems
        assert _matches(problems, {**expected, "nivå": "fel"}), problems.to_string()
        message = str(caught.value)
        assert message.startswith("Leveransen stoppades:")
        if "fil" in expected and expected["fil"] != "leverans.yml":
            assert expected["fil"] in message
    else:
        result = ingest_delivery(folder)
        assert _matches(result.problems, expected), result.problems.to_string()
        assert (result.problems["nivå"] != "fel").all()
