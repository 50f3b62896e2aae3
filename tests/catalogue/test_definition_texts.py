"""The renderers' plain-Swedish definition texts cover the catalogue's forms: records that span
periods, sums, ratios of sums and distributions over listed codes or numeric groups."""

from __future__ import annotations

import pytest

from suengine.definitions import load_definitions
from suengine.render.definition_text import period_text, scoring_text
from suengine.resources import project_root


@pytest.fixture(scope="module")
def catalogue():
    return {i.id: i for i in load_definitions(project_root() / "indicators").indicators}


def test_every_scoring_text_is_a_sentence(catalogue) -> None:
    for indicator in catalogue.values():
        text = scoring_text(indicator)
        assert text.endswith(".") and "None" not in text, (indicator.id, text)


def test_texts_for_the_new_forms(catalogue) -> None:
    assert period_text(catalogue["vardygn"]) == (
        "Posten räknas i varje period som tiden från insatsens startdatum till insatsens slutdatum överlappar; "
        "saknas insatsens slutdatum pågår posten fortfarande")
    assert period_text(catalogue["utredning-inom-4-manader"]) == "Posten räknas i den period då utredningen avslutades"
    assert scoring_text(catalogue["vardygn"]).startswith(
        "Summan av dagarna från insatsens startdatum till insatsens slutdatum som ligger i perioden")
    assert "delad med summan av tiden från insatsens startdatum till insatsens slutdatum i dagar" in scoring_text(catalogue["kostnad-per-vardygn"])
    assert scoring_text(catalogue["prio-fordelning"]) == "Antal och andel per grupp av prio: Prio 1, Prio 2, Prio 3."


def test_readers_get_antal_i_namnaren_and_the_method_chapter_the_precise_term(catalogue) -> None:
    indicator = catalogue["utredning-inom-4-manader"]
    assert scoring_text(indicator) == "Andel i procent: antalet i täljaren delat med antalet i nämnaren, med 95 % konfidensintervall (Wilson)."
    assert "den effektiva nämnaren" in scoring_text(indicator, precise=True)
    assert not any("effektiv" in scoring_text(i) for i in catalogue.values())
    assert scoring_text(catalogue["familjeratt-insatser"]) == (
        "Antal och andel per insatstyp: umgängesstöd (familjerätt), samarbetssamtal (familjerätt).")  # labels, not codes


def test_a_ratio_of_sums_in_kronor_is_formatted_as_kronor_per_unit() -> None:
    from suengine.render.format import format_value

    assert format_value(2400.4, "kronor per dag", nbsp=False) == "2 400 kr per dag"
