"""`ologiskt_om`: contradictory answers withhold the value of the periods and strata they belong to."""

from __future__ import annotations

from engine.helpers import children, data, indicator, row, run
from suengine.render.format import published_reason

STAFF = """
bas: personal
perioddatum: mätdatum
populationer:
  urval: {beskrivning: u}
  nämnare: {beskrivning: n, summa: [b1_handläggare]}
  täljare: {beskrivning: t, summa: [b1a_socionomexamen]}
ologiskt_om:
  - namn: Fler med socionomexamen än handläggare
    villkor: {fält: b1a_socionomexamen, större_än: {fält: b1_handläggare}}
  - namn: Konsulter saknas
    villkor: {saknas: konsulter}
beräkning: {typ: andel}
"""


def test_rule_met_withholds_the_period_and_names_the_rule() -> None:
    records = {
        "personal": [
            {"mätdatum": "2024-02-01", "b1_handläggare": 10.0, "b1a_socionomexamen": 9.0, "konsulter": 1.0},
            {"mätdatum": "2025-02-01", "b1_handläggare": 10.0, "b1a_socionomexamen": 9.0},
            {"mätdatum": "2026-02-01", "b1_handläggare": 10.0, "b1a_socionomexamen": 11.0},
        ]
    }
    table = run(indicator(STAFF), data(records), [2024, 2025, 2026]).table
    ok, one, two = (row(table, str(year)) for year in (2024, 2025, 2026))
    assert (ok["värde"], ok["värde_saknas"], ok["ologiskt_regel"]) == (90.0, "", "")
    assert (one["värde"], one["värde_saknas"], one["ologiskt_regel"]) == (None, "ologiskt", "Konsulter saknas")
    assert two["värde"] is None and two["ologiskt_regel"] == "Fler med socionomexamen än handläggare; Konsulter saknas"
    # The counts are still reported; only the value is withheld.
    assert (two["nämnare"], two["täljare"]) == (10.0, 11.0)
    # Readers see the reason and the rule, in the published table as in the internal one.
    assert published_reason(one) == "ologiskt svar, redovisas inte (Konsulter saknas)"
    published = run(indicator(STAFF), data(records), [2024, 2025, 2026]).published()
    shown = published[(published["period"] == "2025") & (published["uppdelning"] == "total")].iloc[0].to_dict()
    assert shown["värde_saknas"] == "ologiskt" and published_reason(shown) == "ologiskt svar, redovisas inte (Konsulter saknas)"


def test_unknown_rule_is_not_illogical() -> None:
    records = {"personal": [{"mätdatum": "2024-02-01", "b1_handläggare": 10.0, "konsulter": 0.0}]}
    total = row(run(indicator(STAFF), data(records)).table)
    assert total["värde_saknas"] == "bortfall" and total["ologiskt_regel"] == ""


CHILDREN = """
bas: barn
poster: utredning
perioddatum: start
populationer:
  urval: {beskrivning: u}
  täljare: {beskrivning: t, villkor: {finns: slut}}
ologiskt_om:
  - namn: Avslutad före start
    villkor: {fält: slut, mindre_än: {fält: start}}
beräkning: {typ: andel}
uppdelningar: [kön]
"""


def test_only_the_strata_holding_the_record_are_withheld() -> None:
    records = {
        "barn": children(("b1", "flicka", "2015-01-01"), ("b2", "pojke", "2015-01-01"), ("b3", "pojke", "2016-01-01")),
        "utredning": [
            {"utredning_id": "u1", "barn_id": "b1", "start": "2024-03-01", "slut": "2024-02-01"},
            {"utredning_id": "u2", "barn_id": "b2", "start": "2024-03-01", "slut": "2024-05-01"},
            {"utredning_id": "u3", "barn_id": "b3", "start": "2024-03-01"},
        ],
    }
    table = run(indicator(CHILDREN), data(records)).table
    girls, boys, total = row(table, uppdelning="kön", stratum="flicka"), row(table, uppdelning="kön", stratum="pojke"), row(table)
    assert girls["värde_saknas"] == "ologiskt" and total["värde_saknas"] == "ologiskt"
    assert (boys["värde"], boys["värde_saknas"]) == (50.0, "")


def test_category_rows_are_withheld_with_the_main_row() -> None:
    ind = indicator(
        """
        bas: utredning
        perioddatum: start
        populationer:
          urval: {beskrivning: u}
        ologiskt_om:
          - namn: Avslutad före start
            villkor: {fält: slut, mindre_än: {fält: start}}
        beräkning: {typ: fördelning, fält: enhet}
        """,
        målvärde={"typ": "ingen", "text": "t"},
    )
    records = {
        "barn": children(("b1", "flicka", "2015-01-01")),
        "utredning": [
            {"utredning_id": "u1", "barn_id": "b1", "start": "2024-03-01", "slut": "2024-02-01", "enhet": "bou"},
            {"utredning_id": "u2", "barn_id": "b1", "start": "2024-03-01", "enhet": "mottagning"},
        ],
    }
    table = run(ind, data(records)).table
    categories = table[(table["period"] == "2024") & (table["kategori"] != "")]
    assert len(categories) >= 2
    assert set(categories["värde_saknas"]) == {"ologiskt"} and categories["värde"].isna().all()


def test_summed_answers_add_up_as_written() -> None:
    """1.1 + 2.2 is 3.3000000000000003 in floating point; OJ's two-decimal answers say 3.3 = B1, not ologiskt."""
    ind = indicator(
        """
        bas: personal
        perioddatum: mätdatum
        populationer:
          urval: {beskrivning: u}
          nämnare: {beskrivning: n, summa: [b1_handläggare]}
          täljare: {beskrivning: t, summa: [b1b_3_5_år, b1b_över_5_år]}
        beräkning: {typ: andel}
        """
    )
    answers = [{"mätdatum": "2024-02-01", "b1_handläggare": 3.3, "b1b_3_5_år": 1.1, "b1b_över_5_år": 2.2}]
    total = row(run(ind, data({"personal": answers})).table)
    assert (total["värde"], total["värde_saknas"], total["täljare"]) == (100.0, "", 3.3)
    answers[0]["b1b_över_5_år"] = 2.21  # one hundredth more than the whole: ologiskt
    total = row(run(ind, data({"personal": answers})).table)
    assert (total["värde"], total["värde_saknas"]) == (None, "ologiskt")


def test_a_rule_met_outside_the_urval_is_not_illogical() -> None:
    """Only records definitely in the urval count for `ologiskt_om`: one whose urval is unknown (no
    utredningstyp) may meet a rule without withholding the value, counted per record or per child."""
    urval = "urval: {beskrivning: Barnavårdsutredningar, villkor: {fält: utredningstyp, är: barnavård}}"
    records = {
        "barn": children(("b1", "flicka", "2015-01-01"), ("b2", "pojke", "2015-01-01")),
        "utredning": [
            {"utredning_id": "u1", "barn_id": "b1", "utredningstyp": None, "start": "2024-03-01", "slut": "2024-02-01"},
            {"utredning_id": "u2", "barn_id": "b2", "utredningstyp": "barnavård", "start": "2024-03-01", "slut": "2024-05-01"},
        ],
    }
    for body in (CHILDREN, CHILDREN.replace("bas: barn\nposter: utredning", "bas: utredning")):
        total = row(run(indicator(body.replace("urval: {beskrivning: u}", urval)), data(records)).table)
        assert (total["värde_saknas"], total["ologiskt_regel"], total["bortfall_nämnare"], total["värde"]) == ("", "", 1, 100.0), body
        records["utredning"][0]["utredningstyp"] = "barnavård"  # now in the urval: the rule withholds the value
        total = row(run(indicator(body.replace("urval: {beskrivning: u}", urval)), data(records)).table)
        assert total["värde_saknas"] == "ologiskt", body
        records["utredning"][0]["utredningstyp"] = None
