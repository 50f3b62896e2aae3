"""Whole deliveries: formats give identical data, rules for stopping and dropping, relations."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from ingest_helpers import A, AKT_CSV, B, BARN_CSV, C, INS_CSV, MANIFEST, TEST_KEY, UTR_CSV, dash, pnr, short
from openpyxl import Workbook

from suengine.ingest import DeliveryRejected, ingest_delivery
from suengine.ingest.pseudonym import Pseudonymizer

Make = Callable[..., Path]


def _problems(frame: pd.DataFrame, code: str) -> pd.DataFrame:
    return frame[frame["orsakskod"] == code]


def test_small_delivery_maps_codes_derives_fields_and_pseudonymises(delivery: Make) -> None:
    result = ingest_delivery(delivery({"barn.csv": BARN_CSV, "aktualiseringar.csv": AKT_CSV, "utredningar.csv": UTR_CSV, "insatser.csv": INS_CSV}))
    data = result.case_data
    barn = data.table("barn").set_index("barn_id")
    ids = Pseudonymizer(TEST_KEY.encode())
    assert set(barn.index) == {ids.child(A), ids.child(B), ids.child(C)}
    assert barn.loc[ids.child(A), "kön"] == "flicka" and barn.loc[ids.child(B), "kön"] == "pojke"
    # C has no Kön in the file: treserva.yml does not guess it from the samordningsnummer, so it is unknown
    assert pd.isna(barn.loc[ids.child(C), "kön"])
    assert barn.loc[ids.child(C), "födelsedatum"] == pd.Timestamp("2019-11-30")
    derived = result.summary[result.summary["avsnitt"] == "härlett"]
    assert dict(zip(derived["fält"], derived["värde"])) == {"födelsedatum": "3", "insatskategori": "1"}
    akt = data.table("aktualisering").set_index("aktualisering_id")
    first = akt.loc[ids.record("aktualisering_id", "A1")]
    assert (first["barn_id"], first["typ"], first["uppgiftslämnare"], first["huvudorsak"], first["enhet"]) == (
        ids.child(A), "anmälan", "polis", "våld_mot_barnet", "mottagning")
    assert first["förhandsbedömning_klar"] == pd.Timestamp("2024-01-15") and bool(first["inleda_utredning"]) and first["prio"] == 1
    insats = data.table("insats").iloc[0]
    assert (insats["insatstyp"], insats["insatskategori"], insats["insatsnamn"]) == ("öppenvård_intern", "öppenvård", "tryggare_barn")
    assert insats["kostnad"] == 12345.5
    assert insats["utredning_id"] == data.table("utredning").iloc[0]["utredning_id"]
    assert data.extraction_date == dt.date(2026, 1, 31) and data.municipality == "Testby kommun"
    assert result.problems[result.problems["nivå"] != "info"].empty


def _rows() -> dict[str, list[list[object]]]:
    return {
        "barn": [["Personnummer", "Namn", "Kön"], [dash(A), "Åsa Öberg", "K"], [dash(B), "Örjan Ärlig", "M"]],
        "insatser": [
            ["Insatsnr", "Utrnr", "Personnr", "Insatskod", "Metod", "Orsak", "Startdatum", "Slutdatum", "Kostnad"],
            ["I1", "", dash(A), "FHK", "", "21", dt.date(2023, 2, 1), dt.date(2024, 1, 31), 123456.75],
            ["I2", "", short(B), "ÖVE", "MST", "33", dt.date(2024, 3, 4), None, 98000.0],
        ],
    }


def _csv(rows: list[list[object]], separator: str) -> str:
    def cell(value: object) -> str:
        if isinstance(value, dt.date):
            return value.strftime("%Y%m%d") if separator == ";" else value.isoformat()
        if isinstance(value, float):
            return f"{value:.2f}".replace(".", ",") if separator == ";" else f"{value}"
        return "" if value is None else str(value)

    header = ["  " + rows[0][0].upper() + " "] + [str(h).lower() for h in rows[0][1:]]  # odd case and whitespace
    lines = [separator.join(header + [""])] + [separator.join([cell(v) for v in r] + [""]) for r in rows[1:]]
    return "\r\n".join(lines + [separator * len(header)] * 2) + "\r\n"


def _xlsx(path: Path, rows: list[list[object]], serial_dates: bool) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Insatser"
    for number, row in enumerate(rows):
        if serial_dates and number:
            row = [(v - dt.date(1899, 12, 30)).days if isinstance(v, dt.date) else v for v in row]
        sheet.append(row + [None])
    sheet.append([None] * len(rows[0]))
    workbook.save(path)


def test_same_delivery_in_three_formats_gives_identical_case_data(delivery: Make) -> None:
    rows = _rows()
    cp1252 = delivery({"barn.csv": _csv(rows["barn"], ";"), "insatser.csv": _csv(rows["insatser"], ";")}, encoding="cp1252")
    bom = delivery({"barn.csv": _csv(rows["barn"], ","), "insatser.csv": _csv(rows["insatser"], ",")}, encoding="utf-8-sig")
    xlsx = delivery({"barn.csv": _csv(rows["barn"], ";")})
    _xlsx(xlsx / "insatser.xlsx", rows["insatser"], serial_dates=True)
    results = [ingest_delivery(folder) for folder in (cp1252, bom, xlsx)]
    encodings = [r.summary[(r.summary["fil"] == "barn.csv") & (r.summary["mått"] == "kodning")]["värde"].iloc[0] for r in results]
    assert encodings == ["Windows-1252", "UTF-8 med BOM", "UTF-8"]
    for other in results[1:]:
        for name, table in results[0].case_data.tables.items():
            pd.testing.assert_frame_equal(table, other.case_data.tables[name], check_exact=True)
    insats = results[0].case_data.table("insats")
    assert list(insats["kostnad"]) == [123456.75, 98000.0]
    assert list(insats["start"]) == [pd.Timestamp("2023-02-01"), pd.Timestamp("2024-03-04")]


def test_unmapped_code_is_reported_with_file_row_and_field(delivery: Make) -> None:
    akt = AKT_CSV.replace(";SKO;31;", ";SKO;77;")
    result = ingest_delivery(delivery({"barn.csv": BARN_CSV, "aktualiseringar.csv": akt}))
    problem = _problems(result.problems, "okänd_kod").iloc[0]
    assert (problem["fil"], problem["rad"], problem["kolumn"], problem["fält"], problem["värde"]) == (
        "aktualiseringar.csv", 3, "Orsak", "huvudorsak", "77")
    assert problem["meddelande"] == (
        "Kolumnen 'Orsak': okänd kod '77' för fältet huvudorsak — lägg till den under koder → huvudorsak i "
        "mappings/treserva.yml; värdet räknas som saknat (internt bortfall)."
    )
    assert problem["nivå"] == "varning" and problem["åtgärd"] == "värdet sätts som saknat"
    assert len(result.case_data.table("aktualisering")) == 2  # an optional field: the row stays
    unknown = result.summary[result.summary["avsnitt"] == "okänd_kod"]
    assert unknown[["fält", "kod", "värde"]].values.tolist() == [["huvudorsak", "77", "1"]]


def test_missing_required_column_stops_with_exact_message(delivery: Make) -> None:
    barn = BARN_CSV.replace("Personnummer;", "Persnr;", 1)
    with pytest.raises(DeliveryRejected) as caught:
        ingest_delivery(delivery({"barn.csv": barn}))
    assert str(caught.value) == (
        "Leveransen stoppades: 1 problem måste rättas först.\n"
        "  - barn.csv, rad 1, kolumn 'Personnummer', fält barn_id: "
        "Kolumnen 'Personnummer' saknas i barn.csv; den behövs för det obligatoriska fältet barn_id."
    )
    stops = caught.value.problems[caught.value.problems["nivå"] == "fel"]
    assert stops["orsakskod"].tolist() == ["kolumn_saknas"]


def test_bad_required_value_drops_the_row_with_exact_message(delivery: Make) -> None:
    utr = UTR_CSV.replace(";2024-01-16;", ";16 januari 2024;")
    result = ingest_delivery(delivery({"barn.csv": BARN_CSV, "aktualiseringar.csv": AKT_CSV, "utredningar.csv": utr}))
    problem = _problems(result.problems, "ogiltigt_datum").iloc[0]
    assert problem["meddelande"] == (
        "Kolumnen 'Inledd': '16 januari 2024' är inget datum i ett godkänt format "
        "(t.ex. 2024-01-31, 20240131 eller 31/1 2024); raden avvisas."
    )
    assert (problem["fil"], problem["rad"], problem["fält"], problem["åtgärd"]) == ("utredningar.csv", 2, "start", "raden avvisas")
    assert result.case_data.table("utredning").empty
    counts = result.summary[(result.summary["avsnitt"] == "entitet") & (result.summary["entitet"] == "utredning")]
    assert dict(zip(counts["mått"], counts["värde"])) == {"rader_lästa": "1", "rader_godkända": "0", "rader_avvisade": "1"}


def test_broken_relations_cascade_and_are_counted(delivery: Make) -> None:
    utr = UTR_CSV.replace(f";{A};", f";{pnr(2011, 1, 1)};")  # a child who is not in barn.csv
    files = {"barn.csv": BARN_CSV, "aktualiseringar.csv": AKT_CSV, "utredningar.csv": utr, "insatser.csv": INS_CSV}
    result = ingest_delivery(delivery(files))
    broken = _problems(result.problems, "bruten_relation")
    assert broken[["fil", "rad", "fält", "värde"]].values.tolist() == [
        ["utredningar.csv", 2, "barn_id", "(dolt)"],
        ["insatser.csv", 2, "utredning_id", "(dolt)"],
    ]
    assert broken["meddelande"].iloc[1] == "Posten i utredning som utredning_id pekar på finns inte i leveransen eller har avvisats; raden avvisas."
    assert result.case_data.table("utredning").empty and result.case_data.table("insats").empty


def test_duplicates_keep_the_first_row(delivery: Make) -> None:
    akt = AKT_CSV + AKT_CSV.splitlines()[1] + "\n" + AKT_CSV.splitlines()[2].replace(";3\n", ";1").replace(";3", ";1") + "\n"
    result = ingest_delivery(delivery({"barn.csv": BARN_CSV, "aktualiseringar.csv": akt}))
    dup = _problems(result.problems, "dubblett")
    assert dup[["rad", "meddelande"]].values.tolist() == [
        [4, "Raden är en kopia av rad 2; kopian avvisas."],
        [5, "Samma nyckel (aktualisering_id) som rad 3 men andra värden; raden avvisas och den första behålls."],
    ]
    assert result.case_data.table("aktualisering")["prio"].tolist() == [1, 3]


def test_date_logic(delivery: Make) -> None:
    utr = UTR_CSV.replace(";2024-04-30;", ";2023-12-24;")
    ins = INS_CSV.replace(";2024-11-30;", ";2026-03-01;")
    result = ingest_delivery(delivery({"barn.csv": BARN_CSV, "aktualiseringar.csv": AKT_CSV, "utredningar.csv": utr, "insatser.csv": ins}))
    order = _problems(result.problems, "slut_före_start").iloc[0]
    assert order["meddelande"] == "slut (2023-12-24) ligger före start (2024-01-16); raden avvisas."
    late = _problems(result.problems, "datum_efter_uttag").iloc[0]
    assert (late["fil"], late["fält"], late["åtgärd"]) == ("insatser.csv", "slut", "värdet sätts som saknat")
    assert result.case_data.table("utredning").empty
    assert _problems(result.problems, "bruten_relation")["fil"].tolist() == ["insatser.csv"]


def test_same_child_same_pseudonym_across_deliveries_and_formats(delivery: Make, monkeypatch: pytest.MonkeyPatch) -> None:
    first = ingest_delivery(delivery({"barn.csv": BARN_CSV}))
    other_spelling = BARN_CSV.replace(dash(A), short(A)).replace(dash(B), B)
    second = ingest_delivery(delivery({"barn2024.csv": other_spelling}))
    assert sorted(first.case_data.table("barn")["barn_id"]) == sorted(second.case_data.table("barn")["barn_id"])
    monkeypatch.setenv("SUENGINE_PSEUDONYM_KEY", "en-helt-annan-nyckel-123")
    third = ingest_delivery(delivery({"barn.csv": BARN_CSV}))
    assert not set(first.case_data.table("barn")["barn_id"]) & set(third.case_data.table("barn")["barn_id"])


def test_lifecare_export_derives_kon_from_personnummer(delivery: Make) -> None:
    from suengine.ingest.personnummer import make_personnummer

    boy = make_personnummer(dt.date(2015, 5, 5), 1).digits  # only built at runtime, never stored
    manifest = MANIFEST.replace("Treserva", "Lifecare").replace("treserva", "lifecare")
    files = {
        "klienter.csv": f"Personnummer,Förnamn,Efternamn\n{boy},Test,Testsson\n{A},Test,Testdotter\n",
        "inkommande_arenden.csv": (
            "Ärende-ID,PNR,Inkommet datum,Ärendetyp,Anmälarkategori,Orsakskod,Organisation,Förhandsbedömning avslutad,Beslut om utredning,Prioritet\n"
            f"X-1,{boy},2025-03-03,Anmälan,A02,O-VÅLD,Mottagningsgruppen,2025-03-10,Ja,2\n"
        ),
    }
    result = ingest_delivery(delivery(files, manifest=manifest))
    barn = result.case_data.table("barn").sort_values("födelsedatum")
    assert barn["kön"].tolist() == ["flicka", "pojke"]
    akt = result.case_data.table("aktualisering").iloc[0]
    assert (akt["typ"], akt["uppgiftslämnare"], akt["huvudorsak"], akt["enhet"]) == ("anmälan", "skola", "våld_mot_barnet", "mottagning")
