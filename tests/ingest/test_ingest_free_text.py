"""Issue 12, free text: a swapped header stops the delivery, unknown codes are published by count only,
and the privacy gate finds every personnummer form that ingest accepts."""

from __future__ import annotations

from pathlib import Path

import pytest
from ingest_helpers import AKT_CSV, INS_CSV, UTR_CSV, dash, pnr, short

from suengine.ingest import DeliveryRejected, ingest_delivery
from suengine.ingest.personnummer import parse_personnummer
from suengine.publish.privacy import find_personnummer, scan_outputs
from suengine.render.format import unknown_code_counts

NAMES = ["Alva Testsson", "Nils Provsson", "Saga Exempel", "Maja Prov", "Olle Test", "Ebba Exempelsson"]
NUMBERS = [pnr(2014, 3, 1), pnr(2009, 7, 15), pnr(2019, 11, 30, coordination=True), pnr(2012, 1, 5), pnr(2011, 6, 9), pnr(2016, 2, 2)]


def _barn(swapped: bool) -> str:
    header = "Personnummer;Kön;Namn" if swapped else "Personnummer;Namn;Kön"
    rows = [f"{dash(n)};{name};{sex}" for n, name, sex in zip(NUMBERS, NAMES, "KMKMKM")]
    return header + "\n" + "\n".join(rows) + "\n"


def test_a_swapped_kon_and_namn_header_stops_the_delivery(delivery) -> None:
    folder = delivery({"barn.csv": _barn(swapped=True), "aktualiseringar.csv": AKT_CSV, "utredningar.csv": UTR_CSV, "insatser.csv": INS_CSV})
    with pytest.raises(DeliveryRejected) as caught:
        ingest_delivery(folder)
    message = str(caught.value)
    assert "barn.csv" in message and "Kön" in message and "förväxlade" in message
    assert not any(name in message for name in NAMES)  # the message names the column, never the values


def test_the_same_delivery_with_the_right_header_is_read(delivery) -> None:
    folder = delivery({"barn.csv": _barn(swapped=False), "aktualiseringar.csv": AKT_CSV, "utredningar.csv": UTR_CSV, "insatser.csv": INS_CSV})
    assert len(ingest_delivery(folder).case_data.tables["barn"]) == len(NAMES)


def test_mostly_invalid_personnummer_stop_the_delivery(delivery) -> None:
    broken = "Personnummer;Namn;Kön\n" + "\n".join(f"{name};x;K" for name in NAMES) + "\n"  # names in the personnummer column
    folder = delivery({"barn.csv": broken, "aktualiseringar.csv": AKT_CSV, "utredningar.csv": UTR_CSV, "insatser.csv": INS_CSV})
    with pytest.raises(DeliveryRejected) as caught:
        ingest_delivery(folder)
    assert "förväxlade" in str(caught.value) and "Personnummer" in str(caught.value)


def test_unknown_codes_reach_the_report_by_count_only(delivery, tmp_path: Path) -> None:
    odd = AKT_CSV.replace(";ANM;POL;", ";ANM;Grannen Kalle Svensson;")  # free text in a coded column
    folder = delivery({"barn.csv": _barn(swapped=False), "aktualiseringar.csv": odd, "utredningar.csv": UTR_CSV, "insatser.csv": INS_CSV})
    result = ingest_delivery(folder)
    assert (result.problems["värde"].fillna("") == "Grannen Kalle Svensson").any()  # the internal problem file keeps it
    summary = result.summary
    rows = unknown_code_counts(summary[summary["avsnitt"] == "okänd_kod"])
    assert rows and all(set(r) == {"entitet", "fält", "värde"} for r in rows)  # what the report, site and workbook show
    assert "Kalle" not in str(rows)


@pytest.mark.parametrize("form", ["{d6} - {t4}", "{d6}-{t4}", "{d6}+{t4}", "{d6}{t4}", "{c2}{d6}{t4}", "{c2}{d6}-{t4}", "{d6}\u00a0-\u00a0{t4}", "{d6} {t4}"])
@pytest.mark.parametrize("coordination", [False, True])
def test_the_privacy_gate_finds_every_form_ingest_accepts(form: str, coordination: bool, tmp_path: Path) -> None:
    import datetime as dt

    digits = pnr(2009, 1, 5, coordination=coordination).replace("-", "")
    text = form.format(c2=digits[:2], d6=digits[2:8], t4=digits[8:])
    assert parse_personnummer(text, dt.date(2026, 1, 31)) is not None  # a form ingest accepts
    assert find_personnummer(f"Anteckning: {text}, klart.") != []
    page = tmp_path / "sida.html"
    page.write_text(f"<p>{text}</p>", encoding="utf-8")
    assert scan_outputs(tmp_path) != []


def test_numbers_in_tables_are_not_taken_for_personnummer() -> None:
    assert find_personnummer("Antal 2024: 1 234 av 5 678; 123 456 kronor; period 2021-2025") == []


def test_names_from_the_delivery_are_found_in_outputs(delivery, tmp_path: Path) -> None:
    from suengine.publish.privacy import FreeText

    folder = delivery({"barn.csv": _barn(swapped=False), "aktualiseringar.csv": AKT_CSV, "utredningar.csv": UTR_CSV, "insatser.csv": INS_CSV})
    result = ingest_delivery(folder)
    assert set(NAMES) <= result.free_text  # the Namn column is dropped at ingest, but remembered for the gate
    out = tmp_path / "ut"
    out.mkdir()
    (out / "ok.html").write_text("<p>Flickor och pojkar, Alvarsson, 2025</p>", encoding="utf-8")
    assert scan_outputs(out, FreeText(result.free_text)) == []
    (out / "sida.html").write_text("<td>alva  TESTSSON</td>", encoding="utf-8")
    findings = scan_outputs(out, FreeText(result.free_text))
    assert [f.reason for f in findings] == ["text ur leveransens namn- eller fritextkolumner"]
    assert "Alva" not in findings[0].message()  # the finding does not repeat the name
