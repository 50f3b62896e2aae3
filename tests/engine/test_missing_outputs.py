"""Issue 11 in the outputs: withheld values carry their own symbol and reason, bortfall stands beside values."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl

from engine.helpers import FOLLOW_UP as FOLLOW_UP_24, children, data, indicator, run
from suengine.render.excel import write_workbook
from suengine.render.report.chapters.indicator import trend_table
from suengine.render.report.data import by_indicator
from suengine.render.site import write_site

SAMTAL = """
id: samtal
bas: utredning
perioddatum: slut
populationer:
  urval: {beskrivning: Avslutade utredningar}
  täljare: {beskrivning: Enskilt samtal, villkor: {fält: enskilt_samtal, är: true}}
beräkning: {typ: andel}
"""


def _deliveries() -> dict:
    answers = {2024: [True] * 30 + [False] * 10 + [None] * 6, 2025: [True] * 30 + [False] * 10 + [None] * 20}
    rows = [
        {"utredning_id": f"u{year}-{i}", "barn_id": "b1", "utredningstyp": "barnavård", "start": f"{year}-01-10",
         "slut": f"{year}-03-01", "enskilt_samtal": answer}
        for year, values in answers.items() for i, answer in enumerate(values)
    ]
    return {"barn": children(("b1", "flicka", "2015-01-01")), "utredning": rows}


def test_report_site_and_workbook_show_the_reason_and_the_bortfall(tmp_path: Path) -> None:
    ind = indicator(SAMTAL)
    published = run(ind, data(_deliveries(), extraction=dt.date(2026, 1, 15)), [2024, 2025]).published()
    # 2024: 6 of 46 missing (13 %) → 75 % among 40 known; 2025: 20 of 60 (33 %) → withheld.
    report = trend_table(ind, by_indicator(published)[ind.id], ["2024", "2025"]).replace("\u00a0", " ")
    assert "75 %" in report and "bortfall 13 %" in report
    assert "(b)" in report and "för stort bortfall" in report
    assert "| 2025 | (b) |" in report

    config = write_site(published, [ind], tmp_path / "webb")
    page = next((config.parent / "docs").rglob("samtal.md")).read_text(encoding="utf-8")
    assert "(b)" in page and "för stort bortfall" in page and "bortfall 13 %" in page
    legend = (config.parent / "docs" / "metod.md").read_text(encoding="utf-8")
    assert "(b)" in legend and "(u)" in legend

    book = openpyxl.load_workbook(write_workbook(published, [ind], tmp_path / "su.xlsx"))
    cells = [str(c.value) for sheet in book.worksheets for r in sheet.iter_rows() for c in r if c.value is not None]
    assert "(b)" in cells and any("för stort bortfall" in c for c in cells) and any("bortfall 13 %" in c for c in cells)


FOLLOW_UP = "id: ater24\n" + FOLLOW_UP_24 + "målvärde: {typ: tröskel, riktning: lägre_är_bättre, grön: 10, gul: 20}\n"


def test_latest_complete_cohort_is_brought_forward(tmp_path: Path) -> None:
    from suengine.render.report.chapters.summary import assess
    from suengine.render.report.context import ReportContext

    ends = [f"{year}-0{1 + k % 9}-15" for year in (2023, 2024, 2025) for k in range(10)]
    insatser = [{"insats_id": f"i{k}", "barn_id": f"b{k}", "insatstyp": "kontaktperson", "insatskategori": "öppenvård",
                 "start": "2022-01-01", "slut": end} for k, end in enumerate(ends)]
    records = {"barn": children(*[(f"b{k}", "pojke", "2015-01-01") for k in range(len(ends))]), "insats": insatser,
               "aktualisering": [{"aktualisering_id": f"a{k}", "barn_id": f"b{k}", "datum": "2024-06-01", "typ": "anmälan"} for k in range(5)]}
    ind = indicator(FOLLOW_UP)
    published = run(ind, data(records, extraction=dt.date(2026, 1, 15)), [2023, 2024, 2025]).published()
    config = write_site(published, [ind], tmp_path / "webb")
    overview = (config.parent / "docs" / "index.md").read_text(encoding="utf-8").replace("\u00a0", " ")
    assert "(u)" in overview and "uppföljningstiden har inte gått ut" in overview
    assert "senaste år med hela uppföljningstiden: 50 % för 2023" in overview
    context = ReportContext(year=2025, version="2025-1", title="t", results=published, indicators=[ind], commentary=None,
                            quality=None, changelog=None, project_dir=tmp_path)  # type: ignore[arg-type]
    summary = assess(context, ind).no_value_reason.replace("\u00a0", " ")
    assert "uppföljningstiden har inte gått ut" in summary and "50 % för 2023" in summary
    book = openpyxl.load_workbook(write_workbook(published, [ind], tmp_path / "su.xlsx"))
    values = [str(c.value) for r in book["Resultat"].iter_rows() for c in r if c.value is not None]
    assert "Senaste år med hela uppföljningstiden" in values and "50 % (2023)" in values and "(u)" in values


RATE = """
id: kvot
bas: aktualisering
perioddatum: datum
populationer:
  urval: {beskrivning: Aktualiseringar}
beräkning: {typ: kvot, per: 1000, befolkning: {ålder: [0, 17]}}
målvärde: {typ: ingen}
"""


def test_kvot_names_events_and_population(tmp_path: Path) -> None:
    population = [{"år": 2024, "kön": k, "ålder": a, "antal": 100} for k in ("flicka", "pojke") for a in range(18)]
    events = [{"aktualisering_id": f"a{i}", "barn_id": "b1", "datum": "2024-03-01", "typ": "anmälan"} for i in range(9)]
    records = {"barn": children(("b1", "flicka", "2015-01-01")), "aktualisering": events, "befolkning": population}
    ind = indicator(RATE)
    published = run(ind, data(records)).published()
    total = published[published["uppdelning"] == "total"].iloc[0]
    assert (total["täljare"], total["nämnare"], round(total["värde"], 2)) == (9, 3600, 2.5)
    report = trend_table(ind, by_indicator(published)[ind.id], ["2024"]).replace("\u00a0", " ")
    assert "Antal aktualiseringar" in report and "Invånare 0–17 år" in report and "3 600" in report
    config = write_site(published, [ind], tmp_path / "webb")
    page = next((config.parent / "docs").rglob("kvot.md")).read_text(encoding="utf-8").replace("\u00a0", " ")
    assert "Antal aktualiseringar" in page and "Invånare 0–17 år" in page and "3 600" in page
    book = openpyxl.load_workbook(write_workbook(published, [ind], tmp_path / "su.xlsx"))
    cells = [str(c.value) for sheet in book.worksheets for r in sheet.iter_rows() for c in r if c.value is not None]
    assert any("nämnare = invånare 0–17 år" in c for c in cells)


def test_quality_pages_show_units_outside_every_stratum(tmp_path: Path) -> None:
    body = SAMTAL.replace("beräkning: {typ: andel}", "beräkning: {typ: andel}\nuppdelningar: [{fält: kön}]")
    ind = indicator(body)
    records = _deliveries()
    records["barn"] = children(("b1", "flicka", "2015-01-01"), ("b2", None, "2015-01-01"))
    for k, u in enumerate(records["utredning"]):
        u["barn_id"] = "b2" if k < 7 else "b1"
    published = run(ind, data(records, extraction=dt.date(2026, 1, 15)), [2024]).published()
    config = write_site(published, [ind], tmp_path / "webb")
    quality = (config.parent / "docs" / "datakvalitet.md").read_text(encoding="utf-8")
    assert "Utan uppdelning" in quality and "kön 7" in quality


ANSWER = """
id: jour
bas: enkätsvar
perioddatum: mätdatum
populationer:
  urval: {beskrivning: Svaret, villkor: {finns: socialjour}}
beräkning:
  typ: kategori
  regler:
    - {kategori: ja, villkor: {fält: socialjour, är: ja}}
    - {kategori: delvis, villkor: {fält: socialjour, är: delvis}}
  annars: nej
målvärde: {typ: kategori, färger: {ja: grön, delvis: gul, nej: röd}}
"""


def test_kategori_answer_and_status_in_every_output(tmp_path: Path) -> None:
    from suengine.render.report.chapters.summary import assess
    from suengine.render.report.context import ReportContext

    answers = [{"mätdatum": "2024-03-01", "område": "hela_verksamheten", "socialjour": "ja"},
               {"mätdatum": "2025-03-01", "område": "hela_verksamheten", "socialjour": "delvis"}]
    ind = indicator(ANSWER)
    published = run(ind, data({"enkätsvar": answers}), [2024, 2025]).published()
    context = ReportContext(year=2025, version="2025-1", title="t", results=published, indicators=[ind], commentary=None,
                            quality=None, changelog=None, project_dir=tmp_path)  # type: ignore[arg-type]
    item = assess(context, ind)
    assert (item.value, item.status, item.previous_value, item.previous_status) == ("Delvis", "gul", "Ja", "grön")
    report = trend_table(ind, by_indicator(published)[ind.id], ["2024", "2025"])
    assert "| 2024 | Ja |" in report and "| 2025 | Delvis |" in report
    config = write_site(published, [ind], tmp_path / "webb")
    docs = config.parent / "docs"
    page = next(docs.rglob("jour.md")).read_text(encoding="utf-8")
    assert "Delvis" in page and "Gul" in page and "0 %" not in page
    overview = (docs / "index.md").read_text(encoding="utf-8")
    assert "Delvis" in overview and "su-status--gul" in overview
    chart = next(docs.rglob("jour-trend.svg")).read_text(encoding="utf-8")
    assert "Svar per period" in chart and "2025: Delvis (gul)" in chart
    book = openpyxl.load_workbook(write_workbook(published, [ind], tmp_path / "su.xlsx"))
    values = [c.value for r in book["Resultat"].iter_rows() for c in r]
    assert "Ja" in values and "Delvis" in values
