"""Small rules of the report: Markdown escaping, signed changes, comparisons that never reveal a hidden value,
moving commentary headings down, and the fixed rule that picks the summary's observations."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from suengine.definitions.model import Indicator
from suengine.render.report import markdown as md
from suengine.render.report.chapters.analysis import demote
from suengine.render.report.chapters.summary import assess, observations
from suengine.render.report.context import ReportContext
from suengine.render.report.data import by_indicator, compare, count_cell, interval_cell, normalise, value_cell
from suengine.render.report.inputs import Commentary
from suengine.render.report.versions import Changelog


def test_escape_keeps_text_literal() -> None:
    assert md.escape("a|b *c* @ref <x> $1 #2") == r"a\|b \*c\* \@ref \<x\> \$1 \#2"
    assert md.escape("rad ett\nrad två") == "rad ett rad två"


def test_escape_keeps_a_number_and_a_value_with_its_unit_on_one_line() -> None:
    """"Aktualiseringar per 1 000 barn" broke as "1 / 000" in the nämnd report's volume table."""
    assert md.escape("Aktualiseringar per 1 000 barn") == "Aktualiseringar per 1\u00a0000 barn"
    assert md.escape("1 234 567 kr") == "1\u00a0234\u00a0567 kr"
    assert md.escape("12\u00a0%  av\tbarnen") == "12\u00a0% av barnen"  # a no-break space is not collapsed
    assert md.escape("år 2025 100 barn") == "år 2025 100 barn"  # a year is not a digit group


def _dash_counts(table: str) -> list[int]:
    return [cell.count("-") for cell in table.splitlines()[1].strip("|").split("|")]


def test_a_wide_table_gives_every_column_room_for_its_longest_word() -> None:
    """Issue 19 item 7: "95 % KINämnare" – a narrow Nämnare column let the header run into its neighbour."""
    headers = ["Period", "Värde", "95 % KI", "Nämnare", "Täljare", "Status", "Förändring", "Anmärkning"]
    row = ["2022", "73\u00a0%", "69–77\u00a0%", "490", "359", "○ Röd", "−3,3\u00a0procentenheter", ""]
    table = md.table(headers, [row], "lrrrrlrl", (2, 3, 4, 2, 2, 3, 4, 5))
    dashes = _dash_counts(table)
    assert dashes[headers.index("Nämnare")] >= len("Nämnare") + 2
    assert dashes[headers.index("Förändring")] >= len("procentenheter") + 2  # "−3,3 procentenheter" breaks only once
    assert sum(dashes) <= md.TABLE_CHARS + len(headers)  # the spare room is shared out, not added on top
    assert "| 2022 | 73\u00a0% | 69–77\u00a0% |" in table  # no-break spaces survive: a value never splits


def test_a_long_table_without_widths_sizes_columns_by_their_text() -> None:
    headers = ["entitet", "fält", "orsakskod", "förklaring", "nivå", "åtgärd", "antal"]
    row = ["insats", "utredning\\_id", "bruten\\_relation", "raden pekar på en post som inte finns (eller har avvisats)",
           "varning", "raden avvisas", "1"]
    dashes = _dash_counts(md.table(headers, [row], "llllllr"))
    for header, cell, count in zip(headers, row, dashes):
        longest = max(len(w) for w in (header, *cell.replace("\\", "").split()))
        assert count >= longest + 2, header
    assert dashes[headers.index("förklaring")] > len("förklaring") + 2  # the long text gets the spare room
    assert dashes[headers.index("orsakskod")] == len("bruten_relation") + 2  # one word: no more than it needs


def test_a_short_table_without_widths_keeps_its_natural_widths() -> None:
    assert _dash_counts(md.table(["Poster", "Antal"], [["Urval", "12"]], "lr")) == [3, 3]


def test_signed_change_uses_procentenheter_and_a_true_minus() -> None:
    from suengine.render.presentation import change_text


    assert change_text(4.0, "procent") == "+4,0\u00a0procentenheter"
    assert change_text(-1.58, "procent") == "\u22121,6\u00a0procentenheter"
    assert change_text(0.04, "procent") == "±0,0\u00a0procentenheter"
    assert change_text(-12, "antal") == "\u221212"
    assert change_text(-0.2, "per 1 000") == "\u22120,2\u00a0per 1 000"


def test_demote_moves_headings_but_not_code() -> None:
    text = "# A\n\n```\n# kod\n```\n###### B\n"
    assert demote(text, 2) == "### A\n\n```\n# kod\n```\n###### B\n"


def test_a_suppressed_row_hides_value_interval_counts_and_the_change(results_table: pd.DataFrame) -> None:
    data = by_indicator(normalise(results_table))["utredning-inom-4-manader"]
    hidden = data.row("2025", "kön", "flicka")
    assert hidden is not None and hidden["täljare"] == 3  # the fixture's hidden figure
    assert (value_cell(hidden), interval_cell(hidden), count_cell(hidden, "täljare"), count_cell(hidden, "nämnare")) == (
        "..", "..", "..", "..")
    assert compare(data, hidden).change == ".."


def test_the_row_after_a_suppressed_one_does_not_reveal_it(results_table: pd.DataFrame) -> None:
    frame = results_table.copy()
    later = frame[(frame["indikator_id"] == "utredning-inom-4-manader") & (frame["stratum"] == "flicka")
                  & (frame["period"] == "2025")].copy()
    later["period"], later["undertryckt"], later["undertryckt_orsak"] = "2026", False, ""
    later["värde"], later["täljare"], later["nämnare"], later["föregående_värde"] = 50.0, 10, 20, 42.857
    later["förändring"] = 50.0 - 42.857
    data = by_indicator(normalise(pd.concat([frame, later])))["utredning-inom-4-manader"]
    comparison = compare(data, data.row("2026", "kön", "flicka"))
    assert (comparison.previous_value, comparison.change, comparison.note) == ("..", "..", "för få observationer")


def _context(results: pd.DataFrame, indicators: list[Indicator], changed: set[str] = frozenset()) -> ReportContext:
    from suengine.render.report.versions import CHANGE_VERSION, DefinitionChange

    log = Changelog("2024.1", [DefinitionChange(i, "", CHANGE_VERSION, 1, 2) for i in sorted(changed)])
    return ReportContext(year=2025, version="2025.1", title="t", results=normalise(results), indicators=indicators,
                         commentary=Commentary(None, 2025), quality=None, changelog=log, project_dir=Path("."))


def _set_total(frame: pd.DataFrame, indicator: str, period: str, value: float, status: str) -> None:
    rows = (frame["indikator_id"] == indicator) & (frame["period"] == period) & (frame["uppdelning"] == "total")
    frame.loc[rows, ["värde", "status"]] = [value, status]


def test_observations_follow_the_documented_order(results_table: pd.DataFrame, indicators: list[Indicator]) -> None:
    frame = results_table.copy()
    _set_total(frame, "utredning-inom-4-manader", "2025", 70.0, "röd")  # gul 2024 → röd: worsened one step
    _set_total(frame, "ateraktualisering-inom-2-ar", "2025", 30.0, "röd")
    _set_total(frame, "ateraktualisering-inom-2-ar", "2024", 30.0, "röd")  # röd, unchanged
    context = _context(frame, indicators)
    found = observations(context, [assess(context, i) for area in context.areas().values() for i in area])
    assert len(found) == 2
    assert found[0].startswith("[Utredning inom 4 mån](#ind-utredning-inom-4-manader) har försämrats från ◐ Gul")
    assert found[1].startswith("[Återaktualisering inom 2 år](#ind-ateraktualisering-inom-2-ar) är ett utvecklingsområde")


def test_hidden_and_changed_indicators_become_observations_last(results_table: pd.DataFrame,
                                                                 indicators: list[Indicator]) -> None:
    frame = results_table.copy()
    rows = (frame["indikator_id"] == "placerade-barn-per-1000") & (frame["period"] == "2025")
    frame.loc[rows, ["undertryckt", "undertryckt_orsak"]] = [True, "för_få"]
    _set_total(frame, "utredning-inom-4-manader", "2024", 91.0, "grön")  # grön both years: no status change
    context = _context(frame, indicators, changed={"utredning-inom-4-manader"})
    found = observations(context, [assess(context, i) for area in context.areas().values() for i in area])
    assert [f.split("]")[0] for f in found] == ["[Återaktualisering inom 2 år", "[Placerade barn per 1\u00a0000",
                                               "[Utredning inom 4 mån"]
    assert "har inget redovisat värde för 2025 (för få observationer)" in found[1]
    assert "har en ändrad definition (version 1 → 2) och är inte jämförbar med tidigare år" in found[2]


def test_indicator_with_changed_definition_has_no_status_change(results_table, indicators) -> None:
    by_id = {i.id: i for i in indicators}
    frame = results_table.copy()
    frame.loc[(frame["indikator_id"] == "ateraktualisering-inom-2-ar") & (frame["period"] == "2024"), "version"] = 1
    context = _context(frame, [by_id["ateraktualisering-inom-2-ar"]])
    item = assess(context, by_id["ateraktualisering-inom-2-ar"])
    assert item.previous_status is None and item.steps == 0
