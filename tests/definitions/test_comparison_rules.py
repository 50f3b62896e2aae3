"""`jämförelse: {kolada, skillnad}`: read into the model, KPI id checked against Kolada's catalogue with "menade du …?"."""

from __future__ import annotations

from pathlib import Path

from suengine.definitions import load_definitions
from .yaml_fixtures import BASE

SKILLNAD = "Kolada räknar medelvärde av dagar för barn 0–20 år; indikatorn räknar median."


def _load(tmp_path: Path, block: str):
    path = tmp_path / "testindikator.yml"
    path.write_text(BASE + block, encoding="utf-8")
    return load_definitions(path)


def test_a_known_kpi_is_read_into_the_model(tmp_path):
    result = _load(tmp_path, f"jämförelse:\n  kolada: U33401\n  skillnad: {SKILLNAD}\n")
    assert [i.format() for i in result.issues] == []
    comparison = result.indicators[0].comparison
    assert (comparison.kolada, comparison.difference) == ("U33401", SKILLNAD)


def test_an_unknown_kpi_is_a_located_error_with_a_suggestion(tmp_path):
    result = _load(tmp_path, f"jämförelse:\n  kolada: U33410\n  skillnad: {SKILLNAD}\n")
    errors = [i for i in result.issues if i.is_error]
    assert len(errors) == 1
    text = errors[0].format()
    assert "'U33410' finns inte i Koladas nyckeltalskatalog" in text
    assert "— menade du '" in text
    assert errors[0].line == BASE.count("\n") + 2
    assert errors[0].suggestion is not None


def test_a_badly_formed_id_and_a_missing_skillnad_are_schema_errors(tmp_path):
    bad = _load(tmp_path, "jämförelse:\n  kolada: X33802\n  skillnad: x\n")
    assert any("N eller U följt av fem siffror" in i.format() for i in bad.issues if i.is_error)
    missing = _load(tmp_path, "jämförelse:\n  kolada: N33802\n")
    assert any("skillnad" in i.format() for i in missing.issues if i.is_error)


def test_a_project_catalogue_adds_newer_kpis(tmp_path):
    (tmp_path / "suengine.yml").write_text("kommun: Exempelby\n", encoding="utf-8")
    (tmp_path / "referens").mkdir()
    (tmp_path / "referens" / "kpi.csv").write_text("kpi,titel\nN99999,Ett nyare nyckeltal\n", encoding="utf-8")
    result = _load(tmp_path, "jämförelse:\n  kolada: N99999\n  skillnad: x\n")
    assert [i for i in result.issues if i.is_error] == []


def _with_relative_target(direction: str | None) -> str:
    start = BASE.index("målvärde:")
    end = BASE.index("\n", BASE.index("text:", start))
    riktning = f"  riktning: {direction}\n" if direction else ""
    return BASE[:start] + f"målvärde:\n  typ: relativ\n{riktning}  text: Bästa fjärdedelen av kommunerna är grön." + BASE[end:]


def test_a_relative_target_needs_a_direction_and_a_comparison(tmp_path):
    path = tmp_path / "testindikator.yml"
    path.write_text(_with_relative_target("lägre_är_bättre") + f"jämförelse:\n  kolada: U33401\n  skillnad: {SKILLNAD}\n", encoding="utf-8")
    ok = load_definitions(path)
    assert [i.format() for i in ok.issues if i.is_error] == []
    assert (ok.indicators[0].target.kind, ok.indicators[0].target.direction) == ("relativ", "lägre_är_bättre")
    path.write_text(_with_relative_target("lägre_är_bättre"), encoding="utf-8")
    without = [i.format() for i in load_definitions(path).issues if i.is_error]
    assert len(without) == 1 and "har ingen jämförelse" in without[0]
    path.write_text(_with_relative_target(None) + f"jämförelse:\n  kolada: U33401\n  skillnad: {SKILLNAD}\n", encoding="utf-8")
    assert any("riktning" in i.format() for i in load_definitions(path).issues if i.is_error)
