"""Property test of disclosure control: 200 random small deliveries, two versions of a year each.

Each delivery has children with kön or age missing or outside every age group, units, a share
and a count over the same population (the count with its own minsta_antal), a count restricted to
girls (its total is the others' kön=flicka stratum) and a distribution. Every relation the audit
assumes must hold for the true counts (`truth_fits`).
For both versions (the second from the same delivery with one more utredning, built with the
first version's pattern carried forward) the independent audit must find no hidden cell that can
be narrowed below the threshold, the shared checker no shown count in 1..t−1 and no number in a
hidden row, and the second version must hide everything the first hid.

One of the two versions (drawn per delivery) is then written the way a build publishes it, by the
real writers, and every file is read back with the shared checker: resultat.csv and resultat.json, the workbook (every
sheet, Underlag with its counts), the site's Markdown pages and the report's Markdown (tables:
nothing beside a `..`, no shown täljare/nämnare/antal in 1..t−1 on an indicator's own page) and
the chart data (every value a chart draws is a shown row's value; a hidden row is drawn as a gap).
Drawing the charts (matplotlib) and running mkdocs/pandoc on 200 publications would take minutes:
the chart functions are replaced by a recorder of what they are asked to draw, and the rendered
site (HTML, search index) and report (HTML, DOCX, PDF) of a whole build are checked by the same
checker in `tests/test_build.py` (`suengine granska` on the demo build).
"""

from __future__ import annotations

import math
import tempfile
from contextlib import ExitStack
from pathlib import Path
from unittest import mock

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.helpers import data, indicator
from engine.test_disclosure_links import truth_fits
from suengine.engine import evaluate
from suengine.publish import disclosure, linkage
from suengine.publish.audit import audit, check_versions
from suengine.publish.checker import Rules, check_markdown, check_results, check_workbook, read_results_file
from suengine.publish.earlier import pattern_of
from suengine.publish.results import write_csv, write_json
from suengine.render import labels
from suengine.render.charts import Chart, Point
from suengine.render.excel import write_workbook
from suengine.render.report.build import ReportRequest, build_report
from suengine.render.site import write_site
from suengine.render.site.markdown import slug

POPULATION = """
bas: utredning
perioddatum: slut
åldersdatum: start
populationer:
  urval: {beskrivning: u, villkor: {fält: utredningstyp, är: barnavård}}
uppdelningar:
  - fält: kön
  - fält: ålder
    namn: åldersgrupp
    grupper:
      - {etikett: "0–12 år", från: 0, till: 12}
      - {etikett: "13–20 år", från: 13, till: 20}
  - fält: enhet
"""
SHARE = indicator(POPULATION + """
populationer:
  urval: {beskrivning: u, villkor: {fält: utredningstyp, är: barnavård}}
  täljare: {beskrivning: t, villkor: {fält: enskilt_samtal, är: true}}
beräkning: {typ: andel}
""", id="andel-samtal")
COUNT = indicator(POPULATION + "beräkning: {typ: antal}\nmålvärde: {typ: ingen}\n", id="antal-utredningar", minsta_antal=3)
KINDS = ("anmälan", "ansökan", "övrig_information")
DISTRIBUTION = indicator("""
bas: aktualisering
perioddatum: datum
populationer:
  urval: {beskrivning: u}
beräkning: {typ: fördelning, fält: typ}
uppdelningar: [{fält: kön}]
målvärde: {typ: ingen}
""", id="fordelning-typ")
GIRLS = indicator("""
bas: utredning
perioddatum: slut
åldersdatum: start
populationer:
  urval: {beskrivning: u, villkor: {alla: [{fält: utredningstyp, är: barnavård}, {fält: kön, är: flicka}]}}
beräkning: {typ: antal}
uppdelningar: [{fält: enhet}]
målvärde: {typ: ingen}
""", id="antal-flickor")  # its total is the kön=flicka stratum of the other two
INDICATORS = [SHARE, COUNT, DISTRIBUTION, GIRLS]
FACTS = {i.id: linkage.facts(i, disclosure.threshold(i.min_n)) for i in INDICATORS}
RULES = Rules(thresholds={k: f.threshold for k, f in FACTS.items()}, kinds={k: f.kind for k, f in FACTS.items()})

child = st.tuples(
    st.sampled_from(["flicka", "pojke", None]),
    st.integers(min_value=2000, max_value=2023),  # born: ages 1–24 at the start, some outside both groups
    st.lists(st.tuples(st.sampled_from(["bou", "mottagning", None]), st.sampled_from([True, False, None])), max_size=4),
    st.lists(st.sampled_from(KINDS), max_size=3),
)


def _delivery(children: list, extra: bool) -> dict:
    barn, utredning, aktualisering = [], [], []
    for c, (sex, born, cases, kinds) in enumerate(children):
        barn.append({"barn_id": f"b{c}", "kön": sex, "födelsedatum": f"{born}-06-15"})
        for u, (unit, samtal) in enumerate(cases):
            utredning.append({"utredning_id": f"u{c}-{u}", "barn_id": f"b{c}", "utredningstyp": "barnavård", "start": "2024-02-01",
                              "slut": "2024-05-01", "enhet": unit, "enskilt_samtal": samtal})
        for a, kind in enumerate(kinds):
            aktualisering.append({"aktualisering_id": f"a{c}-{a}", "barn_id": f"b{c}", "datum": "2024-03-01", "typ": kind})
    if extra and barn:
        utredning.append({"utredning_id": "extra", "barn_id": "b0", "utredningstyp": "barnavård", "start": "2024-03-01",
                          "slut": "2024-06-01", "enhet": "bou", "enskilt_samtal": True})
    return {"barn": barn, "utredning": utredning, "aktualisering": aktualisering}


def _assert_safe(built, label: str) -> None:
    published = built.published()
    assert truth_fits(built.table, published, INDICATORS), f"{label}: the audit assumes a relation the true counts break"
    leaks = audit(published, FACTS).leaks
    assert not leaks, f"{label}: " + "; ".join(f"{i.cell.label} {i.low:g}–{i.high:g}" for i in leaks)
    findings = check_results(published, RULES)
    assert not findings, f"{label}: " + "; ".join(f.message() for f in findings)


class Charts:
    """Stands in for the chart functions of the site and the report: records what they are asked to draw."""

    def __init__(self) -> None:
        self.drawn: list[tuple[str, list[Point]]] = []

    def draw(self, points: list[Point], *args, **kwargs) -> Chart:
        stem = next(a for a in [*args, *kwargs.values()] if isinstance(a, Path))
        self.drawn.append((stem.name, list(points)))
        return Chart(svg=stem.with_suffix(".svg"), png=stem.with_suffix(".png"), alt=f"Diagram {stem.name}")

    def patches(self) -> ExitStack:
        stack = ExitStack()
        for module in ("suengine.render.site.indicator_page", "suengine.render.report.figures"):
            for name in ("trend_chart", "bar_chart"):
                stack.enter_context(mock.patch(f"{module}.{name}", self.draw))
        return stack


def _chart_problems(drawn: list[tuple[str, list[Point]]], published: pd.DataFrame) -> list[str]:
    """Every value drawn is the value of a shown row that the chart stands for (same indicator,
    breakdown and label); a point whose rows are all hidden is drawn as a gap."""
    table = labels.apply(published, INDICATORS)
    problems = []
    for name, points in drawn:
        ident = next(i.id for i in INDICATORS if name.startswith(f"{i.id}-"))
        part = name[len(ident) + 1:]
        rows = table[table["indikator_id"] == ident]
        if part == "trend":
            rows, column = rows[(rows["uppdelning"] == "total") & (rows["kategori"] == "")], "period"
        elif part == "kategorier":
            rows, column = rows[(rows["uppdelning"] == "total") & (rows["kategori"] != "")], "kategori"
        else:
            rows, column = rows[(rows["uppdelning"].map(slug) == part) & (rows["kategori"] == "")], "stratum"
        for p in points:
            if p.value is None:
                continue
            same = rows[rows[column].astype(str) == p.label]
            shown = [float(v) for v, hidden in zip(same["värde"], same["undertryckt"]) if not hidden and v is not None and v == v]
            if not any(math.isclose(p.value, v, rel_tol=1e-9, abs_tol=1e-9) for v in shown):
                problems.append(f"diagram {name}: {p.label} ritas med {p.value:g}, men ingen visad rad har det värdet")
    return problems


def _published_files(published: pd.DataFrame, folder: Path, version: str, with_report: bool) -> list[str]:
    """Write one version as a build does (results, workbook, site pages, report text) and check every file."""
    charts = Charts()
    with charts.patches():
        write_csv(published, folder / "resultat.csv")
        write_json(published, folder / "resultat.json")
        write_workbook(published, INDICATORS, folder / "su-resultat.xlsx")
        write_site(published, INDICATORS, folder / "webbprojekt")
        pages = sorted((folder / "webbprojekt" / "docs").rglob("*.md"))
        assert {p.stem for p in pages} >= set(FACTS), pages  # an indicator page each
        if with_report:
            report = build_report(ReportRequest(results=published, year=2024, indicators=INDICATORS, out=folder / "rapport",
                                                version=version, formats=(), scan=False))
            chapters = sorted(report.folder.rglob("*.qmd"))
            assert len(chapters) >= 5, chapters  # the Bilaga's chapters and the nämnd's report
            pages += chapters
    findings = [*check_results(read_results_file(folder / "resultat.csv"), RULES, "resultat.csv"),
                *check_results(read_results_file(folder / "resultat.json"), RULES, "resultat.json"),
                *check_workbook(folder / "su-resultat.xlsx", RULES)]
    for page in pages:
        own = RULES.limit(page.stem) if page.stem in FACTS else min(RULES.thresholds.values())
        findings += check_markdown(page.read_text(encoding="utf-8"), page.name, limit=own)
    assert charts.drawn or published["undertryckt"].all(), "inga diagram ritades"
    return [f.message() for f in findings] + _chart_problems(charts.drawn, published)


@settings(max_examples=200, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(child, min_size=1, max_size=14), st.sampled_from(["2024.1", "2024.2"]))
def test_random_deliveries_leak_nothing_in_either_version(children: list, written: str) -> None:
    built = evaluate(INDICATORS, data(_delivery(children, extra=False)), [2024])
    _assert_safe(built, "version 1")
    first = built.published()
    built = evaluate(INDICATORS, data(_delivery(children, extra=True)), [2024], carried=pattern_of({"2024.1": first}))
    _assert_safe(built, "version 2")
    second = built.published()
    assert check_versions(second, {"2024.1": first}) == []
    # Every delivery's outputs, for one of its two versions (drawn): writing both would double the
    # slowest part of the test, and the writers see as many different tables either way.
    published = {"2024.1": first, "2024.2": second}[written]
    with tempfile.TemporaryDirectory() as folder:
        problems = _published_files(published, Path(folder), written, with_report=True)
    assert not problems, f"{written}: " + "; ".join(problems[:10])


def test_each_output_check_rejects_the_internal_table() -> None:
    """The checks above see leaks in every output: the internal table (every value, nothing hidden)
    written by the same writers is rejected in the results files, the workbook, the site's pages,
    the report's text and the chart data (issue 20: the internal table written as resultat.csv)."""
    children = [("flicka", 2015, [("bou", True)], ["anmälan"])] * 3 + [("pojke", 2012, [("mottagning", False)], ["ansökan"])] * 2
    results = evaluate(INDICATORS, data(_delivery(children, extra=False)), [2024])
    published = results.published()
    assert published["undertryckt"].any()  # strata of 3 and 2 are hidden when published ...
    internal = results.table.copy()
    internal["undertryckt"] = False  # ... and shown with their counts in the internal table
    with tempfile.TemporaryDirectory() as folder:
        assert _published_files(published, Path(folder) / "publicerad", "2024.1", with_report=True) == []
        problems = _published_files(internal, Path(folder) / "intern", "2024.1", with_report=True)
    sources = {p.split(" ")[0].split(":")[0] for p in problems}
    for source in ("resultat.csv", "resultat.json", "su-resultat.xlsx", "andel-samtal.md", "_omrade-test.qmd"):
        assert any(s.startswith(source) for s in sources), (source, sorted(sources))
    assert any("under gränsen" in p for p in problems)
