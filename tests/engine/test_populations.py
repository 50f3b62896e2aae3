"""Set algebra of the populations: urval → nämnare − exkludering − undantag → täljare; censoring; basis."""

from __future__ import annotations

import datetime as dt

from engine.helpers import FOLLOW_UP, SAMTAL, children, data, indicator, row, run



def _u(uid: str, child: str = "b1", **fields: object) -> dict:
    base = {"utredning_id": uid, "barn_id": child, "utredningstyp": "barnavård", "start": "2024-01-10", "slut": "2024-03-01",
            "avslutsorsak": "beslut_fattat", "beslut": "insats_beviljad", "enskilt_samtal": False}
    base.update(fields)
    return base


def test_exception_only_removes_records_outside_the_numerator() -> None:
    records = {
        "barn": children(("b1", "flicka", "2015-01-01")),
        "utredning": [
            _u("u1", beslut="ingen_insats", enskilt_samtal=True),  # undantag but in täljare: stays
            _u("u2", beslut="ingen_insats", enskilt_samtal=False),  # undantag, not in täljare: removed
            _u("u3", avslutsorsak="flyttat", enskilt_samtal=True),  # exkludering: always removed
            _u("u4", enskilt_samtal=False),
            _u("u5", utredningstyp="vårdnad_boende_umgänge"),  # not in urval
        ],
    }
    total = row(run(indicator(SAMTAL), data(records)).table)
    assert total["urval"] == 4
    assert total["exkluderade"] == 1
    assert total["undantag"] == 1
    assert total["nämnare"] == 2  # u1, u4
    assert total["täljare"] == 1  # u1
    assert total["värde"] == 50.0


def test_unknown_conditions_are_bortfall_never_members() -> None:
    records = {
        "barn": children(("b1", "flicka", "2015-01-01")),
        "utredning": [
            _u("u1", utredningstyp=None),  # urval unknown → bortfall_nämnare
            _u("u2", avslutsorsak=None),  # exclusion unknown → not in nämnare, bortfall_nämnare
            _u("u3", beslut=None, enskilt_samtal=False),  # undantag unknown and not in täljare → bortfall_nämnare
            _u("u4", beslut=None, enskilt_samtal=True),  # in täljare: undantag does not matter
            _u("u5", enskilt_samtal=None),  # täljare unknown → bortfall_täljare
            _u("u6", enskilt_samtal=True),
        ],
    }
    total = row(run(indicator(SAMTAL), data(records)).table)
    assert total["urval"] == 5
    assert total["bortfall_nämnare"] == 3
    assert total["nämnare"] == 2  # u4, u6 (u5 is internt bortfall, outside the nämnare)
    assert total["täljare"] == 2
    assert total["bortfall_täljare"] == 1
    assert total["exkluderade"] == 0 and total["undantag"] == 0


def test_empty_denominator_gives_no_value() -> None:
    records = {"barn": children(("b1", "flicka", "2015-01-01")), "utredning": [_u("u1", slut="2023-06-01")]}
    total = row(run(indicator(SAMTAL), data(records)).table)
    assert total["nämnare"] == 0
    assert total["värde"] is None
    assert total["värde_saknas"] == "tom_nämnare"
    assert total["status"] == "ingen"
    assert row(run(indicator(SAMTAL), data(records)).table, uppdelning="kön", stratum="flicka")["värde_saknas"] == "tom_nämnare"




def test_follow_up_window_censors_until_it_has_passed() -> None:
    def insats(iid: str, slut: str) -> dict:
        return {"insats_id": iid, "barn_id": "b1", "insatstyp": "kontaktperson", "insatskategori": "öppenvård", "start": "2023-01-01", "slut": slut}

    records = {
        "barn": children(("b1", "pojke", "2015-01-01")),
        "insats": [insats("i1", "2024-01-15"), insats("i2", "2024-01-16"), insats("i3", "2024-06-30")],
    }
    # Window of i1 ends 2026-01-15 = uttagsdatum: passed. i2 ends 2026-01-16: not yet.
    total = row(run(indicator(FOLLOW_UP), data(records, extraction=dt.date(2026, 1, 15))).table)
    assert (total["urval"], total["censurerade"], total["nämnare"]) == (3, 2, 1)
    later = row(run(indicator(FOLLOW_UP), data(records, extraction=dt.date(2026, 7, 1))).table)
    assert (later["censurerade"], later["nämnare"]) == (0, 3)
    early = row(run(indicator(FOLLOW_UP), data(records, extraction=dt.date(2025, 1, 1))).table)
    assert (early["censurerade"], early["nämnare"], early["värde_saknas"]) == (3, 0, "tom_nämnare")


BASIS = """
bas: %s
poster: insats
perioddatum: start
populationer:
  urval: {beskrivning: Insatser som började under året}
  täljare: {beskrivning: Öppenvård, villkor: {fält: insatskategori, är: öppenvård}}
beräkning: {typ: andel}
uppdelningar: [{fält: kön}]
"""


def test_counting_children_or_events() -> None:
    def insats(iid: str, child: str, category: str) -> dict:
        return {"insats_id": iid, "barn_id": child, "insatstyp": "hvb", "insatskategori": category, "start": "2024-02-01"}

    records = {
        "barn": children(("b1", "flicka", "2015-01-01"), ("b2", "pojke", "2015-01-01")),
        "insats": [insats("i1", "b1", "öppenvård"), insats("i2", "b1", "placering"), insats("i3", "b1", "öppenvård"), insats("i4", "b2", "placering")],
    }
    events = row(run(indicator(BASIS % "insats"), data(records)).table)
    assert (events["nämnare"], events["täljare"]) == (4, 2)
    kids = run(indicator(BASIS % "barn"), data(records)).table
    assert (row(kids)["nämnare"], row(kids)["täljare"]) == (2, 1)  # a child is in a population if any of its records is
    assert (row(kids, uppdelning="kön", stratum="flicka")["nämnare"], row(kids, uppdelning="kön", stratum="flicka")["täljare"]) == (1, 1)


def test_counting_a_related_basis() -> None:
    """bas: utredning with poster: insats counts each utredning once, however many insatser it led to."""
    ind = indicator(BASIS.replace("bas: %s", "bas: utredning"))

    def insats(iid: str, utr: str | None, category: str) -> dict:
        return {"insats_id": iid, "barn_id": "b1", "utredning_id": utr, "insatstyp": "hvb", "insatskategori": category, "start": "2024-02-01"}

    records = {
        "barn": children(("b1", "flicka", "2015-01-01")),
        "insats": [insats("i1", "u1", "öppenvård"), insats("i2", "u1", "placering"), insats("i3", "u2", "placering"), insats("i4", "u3", "placering")],
    }
    total = row(run(ind, data(records)).table)
    assert (total["nämnare"], total["täljare"]) == (3, 1)


def test_child_in_denominator_through_one_record_is_not_also_excluded() -> None:
    ind = indicator(
        """
        bas: barn
        poster: insats
        perioddatum: start
        populationer:
          urval: {beskrivning: u}
          exkludering: {beskrivning: Familjerätt, villkor: {fält: insatskategori, är: familjerätt}}
        beräkning: {typ: antal}
        målvärde: {typ: ingen}
        """
    )

    def insats(iid: str, child: str, category: str | None) -> dict:
        return {"insats_id": iid, "barn_id": child, "insatstyp": "hvb", "insatskategori": category, "start": "2024-02-01"}

    records = {
        "barn": children(("b1", "flicka", "2015-01-01"), ("b2", "pojke", "2015-01-01"), ("b3", "pojke", "2015-01-01")),
        "insats": [insats("i1", "b1", "öppenvård"), insats("i2", "b1", "familjerätt"), insats("i3", "b2", "familjerätt"),
                   insats("i4", "b3", None), insats("i5", "b3", "placering")],
    }
    total = row(run(ind, data(records)).table)
    assert (total["urval"], total["nämnare"], total["exkluderade"], total["bortfall_nämnare"]) == (3, 2, 1, 0)
    assert total["värde"] == 2


def test_breakdowns_sum_to_total_without_missing_values() -> None:
    ind = indicator(SAMTAL.replace("uppdelningar: [{fält: kön}]", "uppdelningar: [{fält: kön}, {fält: ålder, namn: åldersgrupp, grupper: [{etikett: yngre, från: 0, till: 11}, {etikett: äldre, från: 12, till: 20}]}]"))
    records = {
        "barn": children(("b1", "flicka", "2015-01-01"), ("b2", "pojke", "2010-01-01"), ("b3", "pojke", "2006-05-05")),
        "utredning": [_u(f"u{i}", child=f"b{i % 3 + 1}", enskilt_samtal=i % 2 == 0) for i in range(9)],
    }
    table = run(ind, data(records)).table
    total = row(table)
    for dimension in ("kön", "åldersgrupp"):
        strata = table[(table["uppdelning"] == dimension) & (table["period"] == "2024")]
        assert strata["nämnare"].sum() == total["nämnare"]
        assert strata["täljare"].sum() == total["täljare"]
        assert strata["urval"].sum() == total["urval"]


def test_several_years_in_one_run_and_previous_value() -> None:
    records = {
        "barn": children(("b1", "flicka", "2015-01-01")),
        "utredning": [_u("u1", slut="2023-05-01", enskilt_samtal=True), _u("u2", slut="2024-05-01", enskilt_samtal=True), _u("u3", slut="2024-06-01")],
    }
    table = run(indicator(SAMTAL), data(records), [2022, 2023, 2024]).table
    assert list(table[table["uppdelning"] == "total"]["period"]) == ["2022", "2023", "2024"]
    this, last, first = row(table, "2024"), row(table, "2023"), row(table, "2022")
    assert (last["värde"], this["värde"]) == (100.0, 50.0)
    assert this["föregående_värde"] == 100.0 and this["förändring"] == -50.0
    assert first["värde"] is None and last["föregående_värde"] is None


def test_tertials_place_records_by_their_date() -> None:
    ind = indicator(SAMTAL, periodtyp="tertial")
    records = {
        "barn": children(("b1", "flicka", "2015-01-01")),
        "utredning": [_u("u1", slut="2024-04-30"), _u("u2", slut="2024-05-01"), _u("u3", slut="2024-08-31"), _u("u4", slut="2024-09-01"), _u("u5", slut="2024-12-31")],
    }
    table = run(ind, data(records)).table
    totals = table[table["uppdelning"] == "total"].set_index("period")
    assert list(totals.index) == ["2024-T1", "2024-T2", "2024-T3"]
    assert list(totals["nämnare"]) == [1, 2, 2]
    assert str(totals.loc["2024-T2", "period_start"]) == "2024-05-01" and str(totals.loc["2024-T2", "period_slut"]) == "2024-08-31"
    assert totals.loc["2024-T1", "föregående_värde"] is None or totals["föregående_värde"].isna()["2024-T1"]


def test_quarters() -> None:
    ind = indicator(SAMTAL, periodtyp="kvartal")
    records = {"barn": children(("b1", "flicka", "2015-01-01")), "utredning": [_u("u1", slut="2024-03-31"), _u("u2", slut="2024-04-01")]}
    totals = run(ind, data(records)).table.query("uppdelning == 'total'").set_index("period")
    assert list(totals.index) == ["2024-K1", "2024-K2", "2024-K3", "2024-K4"]
    assert list(totals["nämnare"]) == [1, 1, 0, 0]


def test_a_related_basis_while_reading_the_related_record() -> None:
    """Counting utredningar through their insatser while a condition reads the utredning itself: the
    unit is the insats's own utredning_id, not the joined utredning's column of the same name."""
    ind = indicator(BASIS.replace("bas: %s", "bas: utredning").replace("{fält: insatskategori, är: öppenvård}", "{fält: utredning.förlängd, är: true}"))

    def insats(iid: str, utr: str) -> dict:
        return {"insats_id": iid, "barn_id": "b1", "utredning_id": utr, "insatstyp": "hvb", "insatskategori": "placering", "start": "2024-02-01"}

    records = {
        "barn": children(("b1", "flicka", "2015-01-01")),
        "utredning": [_u("u1", förlängd=True), _u("u2", förlängd=False)],
        "insats": [insats("i1", "u1"), insats("i2", "u1"), insats("i3", "u2")],
    }
    total = row(run(ind, data(records)).table)
    assert (total["nämnare"], total["täljare"]) == (2, 1)


def test_a_nämnare_narrower_than_the_urval() -> None:
    ind = indicator(SAMTAL.replace("  exkludering:", "  nämnare: {beskrivning: Förlängda, villkor: {fält: förlängd, är: true}}\n  exkludering:"))
    records = {
        "barn": children(("b1", "flicka", "2015-01-01")),
        "utredning": [_u("u1", förlängd=True, enskilt_samtal=True), _u("u2", förlängd=True), _u("u3", förlängd=False, enskilt_samtal=True),
                      _u("u4", förlängd=None)],
    }
    total = row(run(ind, data(records)).table)
    assert (total["urval"], total["nämnare"], total["täljare"], total["bortfall_nämnare"]) == (4, 2, 1, 1)
    assert total["värde"] == 50.0


def test_a_breakdown_by_a_yes_no_field() -> None:
    """A boolean breakdown reads ja/nej; both strata are listed (nej with zeros when no record has it),
    in that order, and a record without the value is counted in the total only."""
    ind = indicator(SAMTAL.replace("uppdelningar: [{fält: kön}]", "uppdelningar: [{fält: förlängd}]"))
    records = {
        "barn": children(("b1", "flicka", "2015-01-01")),
        "utredning": [_u("u1", förlängd=True, enskilt_samtal=True), _u("u2", förlängd=True), _u("u3", förlängd=None)],
    }
    table = run(ind, data(records)).table
    strata = table[(table["period"] == "2024") & (table["uppdelning"] == "förlängd")]
    assert list(strata["stratum"]) == ["ja", "nej"]
    assert (row(table, uppdelning="förlängd", stratum="ja")["nämnare"], row(table, uppdelning="förlängd", stratum="ja")["täljare"]) == (2, 1)
    assert row(table, uppdelning="förlängd", stratum="nej")["nämnare"] == 0
    assert row(table)["nämnare"] == 3 and row(table, uppdelning="förlängd", stratum="ja")["bortfall_uppdelning"] == 1
    records["utredning"].append(_u("u4", förlängd=False, enskilt_samtal=True))
    nej = row(run(ind, data(records)).table, uppdelning="förlängd", stratum="nej")
    assert (nej["nämnare"], nej["täljare"]) == (1, 1)


def test_record_states_list_each_record_with_its_child_and_states() -> None:
    """`explain --intern`: one row per record in some population of the asked periods, with its key,
    its child, its period code, every state and the breakdown values under their names."""
    from suengine.casedata.datamodel import load_datamodel
    from suengine.engine import Session, record_states
    from suengine.engine.periods import periods_for_years

    records = {
        "barn": children(("b1", "flicka", "2015-01-01"), ("b2", "pojke", "2012-01-01")),
        "utredning": [
            _u("u1", enskilt_samtal=True),
            _u("u2", child="b2", beslut="ingen_insats"),  # undantag
            _u("u3", child="b2", avslutsorsak="flyttat"),  # exkluderad
            _u("u4", enskilt_samtal=None),  # bortfall_täljare
            _u("u5", utredningstyp="vårdnad_boende_umgänge"),  # in no population: not listed
            _u("u6", slut="2023-05-01"),  # 2023 is between the asked years, not one of them
            _u("u7", slut="2022-05-01", utredningstyp=None),  # 2022: bortfall_nämnare
        ],
    }
    periods = [p for p in periods_for_years([2022, 2023, 2024], "år") if p.year != 2023]
    session = Session(data(records), load_datamodel())
    try:
        frame = record_states(session, indicator(SAMTAL), periods)
    finally:
        session.close()
    frame = frame.sort_values("_key").reset_index(drop=True)
    states = ["s_urval", "s_cens", "s_exkl", "s_und", "s_eff", "s_bn", "s_talj", "s_bt"]
    assert list(frame.columns) == ["_key", "_barn", "_period", *states, "kön"]
    assert list(frame["_key"]) == ["u1", "u2", "u3", "u4", "u7"]
    assert list(frame["_barn"]) == ["b1", "b2", "b2", "b1", "b1"]
    assert list(frame["_period"]) == [2024, 2024, 2024, 2024, 2022]
    assert list(frame["kön"]) == ["flicka", "pojke", "pojke", "flicka", "flicka"]
    on = {k: [s for s in states if bool(r[s])] for k, r in zip(frame["_key"], frame.to_dict("records"))}
    assert on == {
        "u1": ["s_urval", "s_eff", "s_talj"],
        "u2": ["s_urval", "s_und"],
        "u3": ["s_urval", "s_exkl"],
        "u4": ["s_urval", "s_eff", "s_bt"],
        "u7": ["s_bn"],
    }
    anonymous = indicator(
        """
        bas: brukarsvar
        perioddatum: datum
        populationer:
          urval: {beskrivning: Alla svar}
          täljare: {beskrivning: Positiva, villkor: {fält: positivt, är: true}}
        beräkning: {typ: andel}
        """
    )
    answers = {"brukarsvar": [{"svar_id": "s1", "datum": "2024-05-01", "dimension": "förståelse", "positivt": True}]}
    session = Session(data(answers), load_datamodel())
    try:
        frame = record_states(session, anonymous, periods)
    finally:
        session.close()
    assert frame.to_dict("records") == [{"_key": "s1", "_barn": None, "_period": 2024, **{s: s in ("s_urval", "s_eff", "s_talj") for s in states}}]


def test_counting_children_without_any_condition() -> None:
    """Every population fixed by the definition (no conditions, no window): children still count once."""
    ind = indicator(
        """
        bas: barn
        poster: insats
        perioddatum: start
        populationer:
          urval: {beskrivning: Alla insatser}
        beräkning: {typ: antal}
        målvärde: {typ: ingen}
        """
    )
    records = {
        "barn": children(("b1", "flicka", "2015-01-01"), ("b2", "pojke", "2015-01-01")),
        "insats": [{"insats_id": f"i{i}", "barn_id": b, "insatstyp": "hvb", "insatskategori": "placering", "start": "2024-02-01"}
                   for i, b in enumerate(("b1", "b1", "b2"))],
    }
    total = row(run(ind, data(records)).table)
    assert (total["urval"], total["nämnare"], total["värde"]) == (2, 2, 2.0)


def test_a_distribution_of_children() -> None:
    """fördelning per child: a child is in each category one of its records has, once, in its stratum."""
    ind = indicator(
        """
        bas: barn
        poster: insats
        perioddatum: start
        populationer:
          urval: {beskrivning: Nya insatser}
        beräkning: {typ: fördelning, fält: insatskategori}
        uppdelningar: [{fält: kön}]
        målvärde: {typ: ingen, text: Mängdstatistik.}
        """
    )

    def insats(iid: str, child: str, category: str | None) -> dict:
        return {"insats_id": iid, "barn_id": child, "insatstyp": "hvb", "insatskategori": category, "start": "2024-02-01"}

    records = {
        "barn": children(("b1", "flicka", "2015-01-01"), ("b2", "pojke", "2015-01-01"), ("b3", "pojke", "2015-01-01")),
        "insats": [insats("i1", "b1", "öppenvård"), insats("i2", "b1", "placering"), insats("i3", "b1", "placering"),
                   insats("i4", "b2", "placering"), insats("i5", "b3", None)],
    }
    table = run(ind, data(records)).table
    assert row(table, kategori="placering")["täljare"] == 2 and row(table, kategori="öppenvård")["täljare"] == 1
    assert row(table, uppdelning="kön", stratum="pojke", kategori="placering")["täljare"] == 1
    assert row(table, uppdelning="kön", stratum="pojke", kategori="öppenvård")["täljare"] == 0
    assert row(table)["bortfall_täljare"] == 1  # b3: no category


def test_a_related_search_inside_a_combined_condition() -> None:
    """A `relaterad` search nested in `alla` still reads the related entity's table."""
    ind = indicator(FOLLOW_UP.replace(
        "    villkor: {relaterad: {entitet: aktualisering, datumfält: datum, från: slut, inom: {månader: 24}}}",
        "    villkor: {alla: [{finns: slut}, {relaterad: {entitet: aktualisering, datumfält: datum, från: slut, inom: {månader: 24}}}]}",
    ))
    insatser = [{"insats_id": f"i{i}", "barn_id": "b1", "insatstyp": "hvb", "insatskategori": "placering", "start": "2023-01-01", "slut": "2024-03-01"}
                for i in (1, 2)]
    insatser[1]["barn_id"] = "b2"
    records = {
        "barn": children(("b1", "flicka", "2015-01-01"), ("b2", "pojke", "2015-01-01")),
        "insats": insatser,
        "aktualisering": [{"aktualisering_id": "a1", "barn_id": "b1", "datum": "2024-09-01", "typ": "anmälan"}],
    }
    total = row(run(ind, data(records, extraction=dt.date(2027, 1, 1))).table)
    assert (total["nämnare"], total["täljare"]) == (2, 1)
