"""Scaled demo deliveries (--skala) and ingest's fast paths, which must give exactly what the
per-value functions give."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import hmac
import io
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ingest_helpers import TEST_KEY
from openpyxl import Workbook, load_workbook

from suengine.casedata.tables import coerce_table
from suengine.casedata.datamodel import load_datamodel
from suengine.ingest import ingest_delivery, pipeline, read, xlsx_rows
from suengine.ingest import columns as columns_module
from suengine.demo.delivery import SEED, main, write_delivery
from suengine.demo.export import export_files
from suengine.demo.flow import SCALES, Scale, simulate
from suengine.ingest.personnummer import parse_personnummer, parse_personnummer_texts
from suengine.ingest.pseudonym import Pseudonymizer
from suengine.ingest.values import ValueProblem, parse_date, parse_dates

SMALL = Scale("liten", "Testkommun", "ca 8 000", 300, {y: 290 for y in range(2021, 2026)}, 145, size=0.11, utr_factor=0.9, beviljad=15)


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A scaled-down delivery (≈ 300 aktualiseringar a year) from the one simulation."""
    folder = tmp_path_factory.mktemp("liten")
    write_delivery(folder, SMALL, SEED)
    return folder


def _per_year(dates: pd.Series) -> pd.Series:
    years = dates.dropna().dt.year
    return years[years.between(2021, 2025)].value_counts().sort_index()


def test_molndal_scale_has_the_documented_yearly_volumes() -> None:
    simulation = simulate(SCALES["mölndal"], SEED)
    t = simulation.case_data.tables
    akt, utr, ins = _per_year(t["aktualisering"]["datum"]), _per_year(t["utredning"]["start"]), _per_year(t["insats"]["start"])
    assert len(akt) == len(utr) == len(ins) == 5
    assert akt.between(2_600, 3_000).all() and abs(akt.mean() - 2_800) < 100  # ≈ 2 800 aktualiseringar
    assert utr.between(780, 960).all()  # ≈ 870 utredningar
    assert ins.between(170, 270).all() and abs(ins.mean() - 220) < 30  # ≈ 220 new insatser
    assert len(set(simulation.personnummer)) == len(t["barn"])  # every child has a number of its own


def test_scaled_delivery_keys_are_unique_and_bad_rows_planted() -> None:
    files = export_files(simulate(SCALES["mölndal"], SEED), "treserva", SEED)
    akt = pd.Series(files["aktualiseringar.csv"]["Aktnr"])
    assert akt.duplicated().sum() == 1  # the one planted copied row
    for name, key in (("utredningar.csv", "Utrnr"), ("insatser.xlsx", "Insatsnr"), ("skattningar.csv", "Skattnr"), ("brukarenkat.csv", "Svarsnr")):
        assert pd.Series(files[name][key]).is_unique, name
    barn = pd.Series(files["barn.csv"]["Personnummer"]).str.replace("-", "").str[-10:]
    assert barn.duplicated().sum() == 1  # the planted twin
    assert (pd.Series(files["aktualiseringar.csv"]["Orsak"]) == "X9").sum() == 3


def test_ids_stay_unique_beyond_five_digits() -> None:
    ids = simulate(Scale("stor", "X", "", 0, {y: 30_000 for y in range(2021, 2026)}, 20_000, size=20), SEED).case_data.tables["aktualisering"]
    assert ids["aktualisering_id"].is_unique and len(ids) > 100_000
    assert ids["aktualisering_id"].str.len().max() == len("AKT-2025-000000")


def test_no_generated_personnummer_can_belong_to_a_real_person(small: Path) -> None:
    """Födelsenummer 000 is never assigned: every number in every file has it."""
    found = 0
    for path in small.glob("*.csv"):
        text = read.decode(path.read_bytes())[0]
        for match in re.finditer(r"(?<![\d-])(\d{6}|\d{8})[-+]?(\d{4})(?!\d)", text):
            found += 1
            assert match.group(2)[:3] == "000", (path.name, "ett personnummer utan födelsenummer 000")
    sheet = load_workbook(small / "insatser.xlsx", read_only=True)["Insatser"]
    numbers = [row[2] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert numbers and all(n[8:11] == "000" for n in numbers)
    assert found > 1000


def test_cli_writes_a_scaled_delivery(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(tmp_path / "m"), "--skala", "molndal"]) == 0
    assert "Exempelkommun" in (tmp_path / "m" / "leverans.yml").read_text(encoding="utf-8")
    with pytest.raises(SystemExit):
        main([str(tmp_path / "x"), "--skala", "göteborg"])
    assert "okänd skala" in capsys.readouterr().err


# --- the fast paths give what the per-value and per-row code gives ------------------------------

def _slow_paths(monkeypatch: pytest.MonkeyPatch) -> None:
    """Ingest as before the fast paths: csv module, openpyxl cells, per-value parsing, coerce_table."""
    monkeypatch.setattr(read, "_table_from_text", lambda *a, **k: None)
    monkeypatch.setattr(xlsx_rows, "_fast_sheet_rows", lambda *a, **k: (_ for _ in ()).throw(xlsx_rows._Unusual()))

    def one_at_a_time(function):  # type: ignore[no-untyped-def]
        def parse(texts, *args):  # type: ignore[no-untyped-def]
            out = []
            for text in texts:
                try:
                    out.append(function(text, *args))
                except ValueProblem as exc:
                    out.append(exc)
            return out
        return parse

    monkeypatch.setattr(columns_module, "parse_dates", one_at_a_time(parse_date))
    monkeypatch.setattr(columns_module, "parse_personnummer_texts", one_at_a_time(lambda t, ref: parse_personnummer(t, ref).digits))
    monkeypatch.setattr(pipeline, "typed_table", coerce_table)


def test_small_scaled_delivery_ingests_the_same_on_fast_and_slow_paths(small: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fast = ingest_delivery(small)
    with monkeypatch.context() as patched:
        _slow_paths(patched)
        slow = ingest_delivery(small)
    for name, table in fast.case_data.tables.items():
        pd.testing.assert_frame_equal(table, slow.case_data.tables[name], check_exact=True)
    pd.testing.assert_frame_equal(fast.problems, slow.problems, check_exact=True)
    pd.testing.assert_frame_equal(fast.summary, slow.summary, check_exact=True)
    assert fast.summary[fast.summary["mått"] == "rader_avvisade"]["värde"].astype(int).sum() == 7


def test_sample_rows_match_the_per_value_functions(small: Path) -> None:
    akt = ingest_delivery(small).case_data.tables["aktualisering"]
    with open(small / "aktualiseringar.csv", encoding="utf-8-sig", newline="") as handle:
        rows = [r for r in csv.DictReader(handle, delimiter=";") if r["Aktnr"]]
    by_id = akt.set_index("aktualisering_id")
    key = TEST_KEY.encode()
    checked = 0
    for row in rows[::13]:
        number = "a" + hmac.new(key, f"aktualisering:{row['Aktnr']}".encode(), hashlib.sha256).hexdigest()[:16]
        if number not in by_id.index:
            continue  # one of the planted bad rows
        record = by_id.loc[number]
        digits = parse_personnummer(row["Personnr"], dt.date(2026, 1, 31)).digits
        assert record["barn_id"] == "b" + hmac.new(key, f"barn:{digits}".encode(), hashlib.sha256).hexdigest()[:16]
        assert record["datum"].date() == parse_date(row["Inkom"])
        checked += 1
    assert checked > 80


def _outcome(value: object) -> object:
    return ("problem", value.code, value.detail) if isinstance(value, ValueProblem) else value


_DATE_TEXT = st.one_of(
    st.text(alphabet="0123456789-/. T:", max_size=20),
    st.builds(lambda d, t: d.isoformat() + t, st.dates(), st.sampled_from(["", " 10:15", "T08:00:00", " 7.05", " 1a:00"])),
    st.builds(lambda d: d.strftime("%Y%m%d"), st.dates()),
    st.from_regex(r"\A\d{4}-\d{2}-\d{2}( \d{2}:\d{2})?\Z"),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_DATE_TEXT, max_size=30))
def test_vectorised_dates_equal_parse_date(texts: list[str]) -> None:
    def scalar(text: str) -> object:
        try:
            return parse_date(text)
        except ValueProblem as exc:
            return exc
    assert [_outcome(v) for v in parse_dates(texts)] == [_outcome(scalar(t)) for t in texts]


_PNR_TEXT = st.one_of(
    st.from_regex(r"\A(\d{2})?\d{6}[-+]?\d{4}\Z"),
    st.text(alphabet="0123456789-+ ", max_size=14),
    st.builds(lambda d, s, c: f"{d:%Y%m%d}-{s:03d}{c}", st.dates(min_value=dt.date(1890, 1, 1)), st.integers(0, 999), st.integers(0, 9)),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_PNR_TEXT, max_size=30))
def test_vectorised_personnummer_equal_parse_personnummer(texts: list[str]) -> None:
    reference = dt.date(2026, 1, 31)

    def scalar(text: str) -> object:
        try:
            return parse_personnummer(text, reference).digits
        except ValueProblem as exc:
            return exc
    assert [_outcome(v) for v in parse_personnummer_texts(texts, reference)] == [_outcome(scalar(t)) for t in texts]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(st.text(alphabet="ab ;\t,å1\r\n", max_size=4), max_size=5), max_size=8), st.sampled_from([";", ",", "\t"]))
def test_c_parser_reads_like_the_csv_module(rows: list[list[str]], separator: str) -> None:
    text = "\r\n".join(separator.join(r) for r in rows) + "\r\n"
    meta = {"format": "csv", "encoding": "UTF-8", "separator": separator}
    try:
        expected = read._table("f.csv", [(n, list(c)) for n, c in enumerate(_csv_records(text, separator), start=1)], **meta)
    except read.ReadError:
        with pytest.raises(read.ReadError):
            read._table_from_text("f.csv", text, **meta)
        return
    fast = read._table_from_text("f.csv", text, **meta)
    if fast is None:
        return  # left to the csv module
    assert (fast.header, fast.rows, fast.row_numbers, fast.header_row) == (expected.header, expected.rows, expected.row_numbers, expected.header_row)


def _csv_records(text: str, separator: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=separator))


def test_direct_sheet_reading_equals_openpyxl(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Insatser"
    sheet.append([])
    sheet.append(["Insatsnr", "Start", "Kostnad", "Ja", "Text", None, "Formel"])
    sheet.append(["I1", dt.datetime(2024, 1, 31), 1234.5, True, "A & B <c> 'd' \"e\"", None, "=1+1"])
    sheet.append([None, 45322, 10, False, "  mellanslag  ", None, None])
    sheet.append(["Ö1", dt.date(2023, 2, 28), -3, None, "tab\there", None, None])
    sheet["B4"].number_format = "yyyy-mm-dd"
    sheet.append([])
    sheet.append(["I3", None, 1e-7, None, "sista"])
    workbook.create_sheet("Urval").append(["Rapport", "x"])
    path = tmp_path / "b.xlsx"
    workbook.save(path)
    book = load_workbook(path, read_only=True, data_only=True)
    for name in book.sheetnames:
        assert xlsx_rows.sheet_rows(book[name]) == list(book[name].iter_rows(min_row=1, values_only=True))
    rows = xlsx_rows._fast_sheet_rows(book["Urval"])
    assert rows == list(book["Urval"].iter_rows(min_row=1, values_only=True))


def test_typed_table_equals_coerce_table() -> None:
    model = load_datamodel()
    entity = model.entities["insats"]
    frame = pd.DataFrame({
        "insats_id": ["i1", "i2", "i3", "i4"], "barn_id": ["b1", "b1", None, "b2"], "insatstyp": ["hvb", "hvb", "sis", " "],
        "start": [dt.date(2024, 1, 1), dt.date(2024, 1, 1), None, dt.date(2023, 5, 6)], "kostnad": [1.5, None, 1.5, 3.0],
        "samtal_med_barnet": [1, 2, None, 1],
    })
    for name, column in pipeline.typed_table(entity, frame).items():
        pd.testing.assert_series_equal(column, coerce_table(entity, frame)[name], check_exact=True)


@pytest.mark.parametrize("key", [b"kort-nyckel-16-tkn", b"n" * 64, b"l" * 100])
def test_pseudonyms_are_hmac_sha256(key: bytes) -> None:
    pseudonyms = Pseudonymizer(key)
    for value in ("AKT-2024-00001", "200101010000", "å ä ö"):
        assert pseudonyms.pseudonym("barn", value) == "b" + hmac.new(key, f"barn:{value}".encode(), hashlib.sha256).hexdigest()[:16]
    assert pseudonyms.records("utredning_id", [" UTR  1 ", "UTR 1"]) == [pseudonyms.pseudonym("utredning", "UTR 1")] * 2
