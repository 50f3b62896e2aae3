"""docs/katalog.md is generated from the indicator files by `suengine katalog` and must not drift."""

from __future__ import annotations

from pathlib import Path

import pytest

from suengine.definitions.catalogue import catalogue_markdown, scoring_text, target_text
from suengine.cli import main
from suengine.definitions.conditions import describe
from suengine.definitions.labels import Labels
from suengine.casedata.datamodel import load_datamodel
from suengine.definitions import load_definitions
from suengine.resources import project_root

ROOT = project_root()
PAGE = ROOT / "docs" / "katalog.md"


@pytest.fixture(scope="module")
def indicators():
    loaded = load_definitions(ROOT / "indicators")
    assert loaded.ok
    return loaded.indicators


@pytest.fixture(scope="module")
def page(indicators) -> str:
    return catalogue_markdown(indicators, load_datamodel())


def test_committed_catalogue_is_up_to_date(page: str) -> None:
    """Regenerate with `suengine katalog --ut docs/katalog.md` after changing an indicator."""
    assert PAGE.read_text(encoding="utf-8") == page


def test_one_section_per_indicator_with_populations_in_plain_swedish(indicators, page: str) -> None:
    model = load_datamodel()
    sections = page.split("\n### ")[1:]
    assert len(sections) == len(indicators)
    by_id = {s.split("`", 2)[1]: s for s in sections}
    assert set(by_id) == {i.id for i in indicators}
    for indicator in indicators:
        section = by_id[indicator.id]
        assert section.startswith(indicator.name)
        for key in ("**Mått.**", "**Syfte.**", "**Populationer.**", "**Värde.**", "**Målvärde.**", "| Lagrum |"):
            assert key in section, (indicator.id, key)
        for population in indicator.populations.values():
            assert " ".join(population.description.split()) in section
            if population.condition is not None:
                assert describe(population.condition, Labels(model, indicator.records)) in section
        assert " ".join(scoring_text(indicator, model).split()) in section
        assert " ".join(target_text(indicator).split()) in section


def test_one_section_reads_as_written_by_hand(page: str) -> None:
    """Issue 20: expectations not produced by the functions that write the page."""
    section = page.split("### Andel utredningar som avslutats inom fyra månader\n", 1)[1].split("\n### ", 1)[0]
    for line in (
        "| Räknar | Utredningar; varje post räknas. |",
        "| Period | Posten räknas i det kalenderår då utredningen avslutades. |",
        "| Uppdelningar | kön; åldersgrupp (0–12 år, 13–20 år); enhet |",
        "*Villkor:* utredningstyp är barnavårdsutredning (11 kap. 1 § SoL).",
        "*Villkor:* tiden från dagen då utredningen inleddes till dagen då utredningen avslutades är högst 4 månader.",
    ):
        assert line in section, line


def test_the_command_writes_the_page(tmp_path: Path, page: str, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "katalog.md"
    assert main(["katalog", str(ROOT / "indicators"), "--ut", str(target)]) == 0
    assert target.read_text(encoding="utf-8") == page
    assert main(["katalog", str(ROOT / "indicators" / "placeringar")]) == 0
    out = capsys.readouterr().out
    assert "### Antal vårddygn i placeringar utanför hemmet" in out and "### Andel utredningar som avslutats inom fyra månader" not in out


def test_the_command_refuses_broken_definitions(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "trasig.yml"
    broken.write_text((ROOT / "indicators" / "placeringar" / "vardygn.yml").read_text(encoding="utf-8").replace("bas: insats", "bas: insatser"), encoding="utf-8")
    assert main(["katalog", str(broken)]) == 1
    assert "indikatordefinitionerna har fel" in capsys.readouterr().err


def test_reader_texts_use_labels_not_field_names(page: str) -> None:
    """The words a reader knows: dates by what happened, codes by their labels, no engine jargon."""
    section = page.split("\n### ")[1:]
    first_response = next(s for s in section if s.startswith("Andel förhandsbedömningar"))
    assert "tiden från dagen då aktualiseringen kom in till dagen då förhandsbedömningen avslutades är högst 14 dagar" in first_response
    assert "aktualisering.datum" not in page and "effektiva nämnaren" not in page
    assert "Posten räknas i det kalenderår då utredningen avslutades." in page
    assert "enhet är en av mottagning, barn och unga (BoU)" in page
    assert ("Ett barn räknas en gång per period, även om det finns flera utredningar: i nämnaren om minst en av barnets "
            "utredningar hör dit, och i täljaren om minst en av dem också uppfyller täljarens villkor.") in page
