"""Issue 11: a missing value is unknown — internt bortfall, outside the nämnare — never a false number."""

from __future__ import annotations

import datetime as dt

from engine.helpers import FOLLOW_UP as FOLLOW_UP_24, children, data, indicator, row, run

SAMTAL = """
bas: utredning
perioddatum: slut
populationer:
  urval: {beskrivning: Avslutade barnavårdsutredningar}
  täljare: {beskrivning: Barnet har haft enskilt samtal, villkor: {fält: enskilt_samtal, är: true}}
beräkning: {typ: andel}
uppdelningar: [{fält: kön}]
"""


def _u(uid: str, samtal: object, child: str = "b1", slut: str = "2024-03-01") -> dict:
    return {"utredning_id": uid, "barn_id": child, "utredningstyp": "barnavård", "start": "2024-01-10", "slut": slut,
            "avslutsorsak": "beslut_fattat", "beslut": "insats_beviljad", "enskilt_samtal": samtal}


def _samtal(known_yes: int, known_no: int, missing: int) -> dict:
    answers = [True] * known_yes + [False] * known_no + [None] * missing
    return {
        "barn": children(("b1", "flicka", "2015-01-01")),
        "utredning": [_u(f"u{i}", a) for i, a in enumerate(answers)],
    }


def test_unknown_numerator_is_left_out_of_the_share() -> None:
    total = row(run(indicator(SAMTAL), data(_samtal(6, 3, 1))).table)
    assert total["nämnare"] == 9  # the n the value rests on
    assert total["täljare"] == 6
    assert total["bortfall_täljare"] == 1
    assert round(total["värde"], 4) == round(100 * 6 / 9, 4)


def test_explicit_key_counts_no_registration_as_no() -> None:
    ind = indicator(SAMTAL, **{"saknat_värde": "räknas_som_nej"})
    total = row(run(ind, data(_samtal(6, 3, 1))).table)
    assert (total["nämnare"], total["täljare"], total["bortfall_täljare"]) == (10, 6, 0)
    assert total["värde"] == 60.0


MEAN = """
bas: utredning
perioddatum: slut
populationer:
  urval: {beskrivning: Avslutade utredningar}
beräkning: {typ: medel, värde: {tid_mellan: {från: start, till: slut}}}
målvärde: {typ: ingen}
"""


def test_mean_publishes_the_number_of_values_it_rests_on() -> None:
    records = {
        "barn": children(("b1", "flicka", "2015-01-01")),
        "utredning": [{**_u(f"u{i}", True), "start": None if i >= 6 else "2024-01-01"} for i in range(10)],
    }
    total = row(run(indicator(MEAN), data(records)).table)
    assert total["nämnare"] == 6
    assert total["bortfall_täljare"] == 4


def test_bortfall_above_the_limit_gives_no_value() -> None:
    results = run(indicator(SAMTAL), data(_samtal(28, 4, 8)))  # 8 of 40 = 20 %: at the limit, published
    total = row(results.published())
    assert total["värde"] == 87.5 and total["bortfall_andel"] == 20.0 and not total["undertryckt"]
    results = run(indicator(SAMTAL), data(_samtal(28, 4, 9)))  # 9 of 41 ≈ 22 %: above
    published = row(results.published())
    assert published["undertryckt"] and published["undertryckt_orsak"] == "för_stort_bortfall"
    assert published["värde"] is None and published["nämnare"] is None and published["status"] == "ingen"
    small = row(run(indicator(SAMTAL), data(_samtal(28, 4, 2))).published())  # a small bortfall count is hidden
    assert small["bortfall_täljare"] is None and small["bortfall_andel"] is None and small["värde"] == 87.5
    assert row(results.table)["värde"] == 87.5  # the internal table keeps what was computed


def test_bortfall_limit_per_indicator_and_per_project() -> None:
    records = data(_samtal(28, 4, 9))
    own = row(run(indicator(SAMTAL, **{"högsta_bortfall": 30}), records).published())
    assert own["värde"] == 87.5 and not own["undertryckt"]
    from suengine.engine import evaluate

    project = row(evaluate([indicator(SAMTAL)], records, [2024], bortfall_limit=25.0).published())
    assert project["värde"] == 87.5


FOLLOW_UP = FOLLOW_UP_24 + "uppdelningar: [{fält: kön}]\n"


def test_unfinished_follow_up_is_its_own_reason() -> None:
    insatser = [{"insats_id": f"i{k}", "barn_id": f"b{k}", "insatstyp": "kontaktperson", "insatskategori": "öppenvård",
                 "start": "2023-01-01", "slut": "2024-01-15" if k < 12 else "2024-11-01"} for k in range(14)]
    records = {"barn": children(*[(f"b{k}", "pojke", "2015-01-01") for k in range(14)]), "insats": insatser}
    partly = run(indicator(FOLLOW_UP), data(records, extraction=dt.date(2026, 3, 1)))
    for stratum in (("total", ""), ("kön", "pojke")):
        shown = row(partly.published(), uppdelning=stratum[0], stratum=stratum[1])
        assert shown["undertryckt_orsak"] == "uppföljningstid_ej_passerad" and shown["värde"] is None
    nothing = row(run(indicator(FOLLOW_UP), data(records, extraction=dt.date(2025, 1, 1))).published())
    assert nothing["undertryckt_orsak"] == "uppföljningstid_ej_passerad"  # not tom_nämnare, not för_få
    done = row(run(indicator(FOLLOW_UP), data(records, extraction=dt.date(2027, 1, 1))).published())
    assert done["värde"] == 0.0 and not done["undertryckt"]


def test_records_in_no_stratum_are_bortfall_for_the_breakdown() -> None:
    records = _samtal(20, 10, 0)
    records["barn"] = children(("b1", "flicka", "2015-01-01"), ("b2", None, "2015-01-01"))
    for k, u in enumerate(records["utredning"]):
        u["barn_id"] = "b2" if k < 6 else "b1"  # six utredningar of a child without kön
    results = run(indicator(SAMTAL), data(records))
    girls = row(results.table, uppdelning="kön", stratum="flicka")
    assert (row(results.table)["nämnare"], girls["nämnare"], girls["bortfall_uppdelning"]) == (30, 24, 6)
    assert row(results.table)["bortfall_uppdelning"] is None
    assert row(results.published(), uppdelning="kön", stratum="flicka")["bortfall_uppdelning"] == 6


COUNT = """
bas: utredning
perioddatum: slut
populationer:
  urval: {beskrivning: Avslutade utredningar}
beräkning: {typ: antal}
målvärde: {typ: ingen}
"""


def test_entity_or_field_not_delivered_is_unknown_not_zero(tmp_path) -> None:
    from suengine.casedata.folder import read_case_data, write_case_data

    records = data(_samtal(6, 3, 0))
    records.delivered = {"barn": frozenset({"barn_id", "kön", "födelsedatum"})}  # no utredning file
    total = row(run(indicator(COUNT), records).published())
    assert total["värde"] is None and total["nämnare"] is None and total["värde_saknas"] == "ej_levererad"
    records.delivered["utredning"] = frozenset({"utredning_id", "barn_id", "utredningstyp", "start", "slut"})
    share = row(run(indicator(SAMTAL), records).published())  # enskilt_samtal was not delivered
    assert share["värde"] is None and share["värde_saknas"] == "ej_levererad" and share["status"] == "ingen"
    assert row(run(indicator(COUNT), records).published())["värde"] == 9  # what it reads was delivered
    # A delivery folder declares what it covers by its files and columns.
    write_case_data(data(_samtal(6, 3, 0)), tmp_path)
    (tmp_path / "utredning.csv").unlink()
    assert row(run(indicator(COUNT), read_case_data(tmp_path)).published())["värde_saknas"] == "ej_levererad"


def test_years_outside_the_delivered_period_are_not_evaluated() -> None:
    from suengine.engine.coverage import choose_years

    records = data({"barn": children(("b1", "flicka", "2015-01-01")),
                    "utredning": [_u(f"u{i}", True, slut=f"{2022 + i % 3}-03-01") for i in range(18)]})
    records.metadata.update(period_från="2023-01-01", period_till="2025-12-31")
    warnings: list[str] = []
    assert choose_years(records, None, [2021, 2022, 2023, 2024, 2025], warnings.append) == [2023, 2024, 2025]
    assert not warnings
    assert choose_years(records, [2022, 2023], [], warnings.append) == [2022, 2023]
    assert "2022" in warnings[0] and "uppgift saknas" in warnings[0]
    table = run(indicator(COUNT), records, [2022, 2023]).published()
    before = row(table, period="2022")
    assert before["värde"] is None and before["värde_saknas"] == "utanför_leveransen"  # 6 records, but not covered
    assert row(table, period="2023")["värde"] == 6


def test_documented_rule_is_the_computed_rule(tmp_path) -> None:
    """docs/indikatorformat.md and the method chapter say what the engine does with missing values."""
    import re
    from pathlib import Path

    from suengine.definitions.missing import DEFAULT_BORTFALL_LIMIT
    from suengine.render.report.chapters.method import definition_table
    from suengine.render.report.context import ReportContext

    doc = (Path(__file__).parents[2] / "docs" / "indikatorformat.md").read_text(encoding="utf-8")
    section = doc.split("### Saknade värden", 1)[1].split("\n## ", 1)[0]
    assert "`nämnare` = effektiv nämnare − täljarbortfall" in section
    documented_limit = float(re.search(r"`högsta_bortfall` procent \(standard (\d+)", section).group(1))
    assert documented_limit == DEFAULT_BORTFALL_LIMIT

    ind = indicator(SAMTAL)
    context = ReportContext(year=2024, version="2024-1", title="t", results=run(ind, data(_samtal(8, 2, 2))).published(),
                            indicators=[ind], commentary=None,  # type: ignore[arg-type]
                            quality=None, changelog=None, project_dir=tmp_path)
    method = definition_table(context, ind)
    assert "internt bortfall" in method and "ingår inte i nämnaren" in method and "20 procent" in method

    # The computed rule on a small delivery: 8 yes, 2 no, k unknown.
    for unknown in (2, 3):
        results = run(ind, data(_samtal(8, 2, unknown)))
        internal = row(results.table)
        effective = internal["nämnare"] + internal["bortfall_täljare"]
        assert (effective, internal["nämnare"], internal["värde"]) == (10 + unknown, 10, 80.0)
        share = 100 * unknown / effective
        assert round(internal["bortfall_andel"], 6) == round(share, 6)
        assert row(results.published())["undertryckt"] == (share > documented_limit)
