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
        "Posten räknas i varje period som tiden från start till slut överlappar; saknas slut pågår posten fortfarande")
    assert period_text(catalogue["utredning-inom-4-manader"]) == "Posten placeras i perioden efter slut"
    assert scoring_text(catalogue["vardygn"]).startswith("Summan av dagarna från start till slut som ligger i perioden")
    assert "delad med summan av tiden från start till slut i dagar" in scoring_text(catalogue["kostnad-per-vardygn"])
    assert scoring_text(catalogue["prio-fordelning"]) == "Antal och andel per grupp av fältet prio: Prio 1, Prio 2, Prio 3."
    assert scoring_text(catalogue["familjeratt-insatser"]) == "Antal och andel per insatstyp: umgängesstöd, samarbetssamtal."


def test_a_ratio_of_sums_in_kronor_is_formatted_as_kronor_per_unit() -> None:
    from suengine.render.format import format_value

    assert format_value(2400.4, "kronor per dag", nbsp=False) == "2 400 kr per dag"
