"""What a compiled plan decides before any SQL runs: the value's unit, whether the records are joined to
the period table, and the refusals of a plan that cannot be built (no database needed)."""

from __future__ import annotations

import datetime as dt

import pytest

from suengine.casedata.datamodel import load_datamodel
from suengine.engine.fields import FieldError
from suengine.engine.plan import compile_plan

from engine.helpers import indicator

MODEL = load_datamodel()
EXTRACTION = dt.date(2030, 1, 1)


def _plan(body: str):
    return compile_plan(indicator(body), MODEL, EXTRACTION)


def _mean(entity: str, date: str, value: str, kind: str = "medel", divisor: str = "") -> str:
    extra = f"\n  delat_med: {divisor}" if divisor else ""
    return f"""
bas: {entity}
perioddatum: {date}
populationer:
  urval: {{beskrivning: Alla}}
beräkning:
  typ: {kind}
  värde: {value}{extra}
målvärde: {{typ: ingen, text: Bakgrund.}}
"""


@pytest.mark.parametrize(
    ("entity", "date", "value", "unit"),
    [
        ("insats", "slut", "{fält: kostnad}", "kronor"),  # "… kostnad i kronor …"
        ("insats", "slut", "{fält: samtal_med_barnet}", "antal"),  # "Antal samtal …": the description starts with it
        ("aktualisering", "datum", "{fält: prio}", "prio"),  # neither: the field's own name
        ("personal", "mätdatum", "{fält: b1_handläggare}", "b1 handläggare"),  # the name, underscores as spaces
        ("insats", "slut", "{tid_mellan: {från: start, till: slut, enhet: dagar}}", "dagar"),
        ("insats", "slut", "{tid_mellan: {från: start, till: slut, enhet: månader}}", "månader"),
        ("insats", "start", "{dagar_i_perioden: {från: start, till: slut}}", "dagar"),
    ],
)
def test_the_unit_of_a_value(entity: str, date: str, value: str, unit: str) -> None:
    assert _plan(_mean(entity, date, value)).value_unit == unit


@pytest.mark.parametrize(
    ("divisor", "unit"),
    [
        ("{tid_mellan: {från: start, till: slut, enhet: dagar}}", "kronor per dag"),
        ("{tid_mellan: {från: start, till: slut, enhet: månader}}", "kronor per månad"),
        ("{dagar_i_perioden: {från: start, till: slut}}", "kronor per dag"),
        ("{fält: samtal_med_barnet}", "kronor per antal"),  # a unit without a singular is kept as it is
    ],
)
def test_the_unit_of_a_ratio_of_sums(divisor: str, unit: str) -> None:
    assert _plan(_mean("insats", "start", "{fält: kostnad}", kind="summa", divisor=divisor)).value_unit == unit


PLAIN = """
bas: utredning
perioddatum: slut
populationer:
  urval: {beskrivning: Avslutade utredningar, villkor: {fält: utredningstyp, är: barnavård}}
  täljare: {beskrivning: Enskilt samtal, villkor: {fält: enskilt_samtal, är: true}}
beräkning: {typ: andel}
uppdelningar: [{fält: kön}, {fält: ålder, namn: åldersgrupp, grupper: [{etikett: yngre, från: 0, till: 11}, {etikett: äldre, från: 12, till: 20}]}]
"""


def test_only_plans_that_read_the_period_join_the_period_table() -> None:
    """A record's period is computed from its perioddatum unless something reads the period's own dates
    (`periodens_start`/`periodens_slut`, `dagar_i_perioden`) or the record spans periods (`pågår_till`)."""
    assert _plan(PLAIN).period_table is False
    assert _plan(PLAIN + "åldersdatum: slut\n").period_table is False
    reads_the_end = PLAIN.replace("{fält: utredningstyp, är: barnavård}", "{tid_mellan: {från: slut, till: periodens_slut, högst: {dagar: 30}}}")
    assert _plan(reads_the_end).period_table is True
    assert _plan(PLAIN + "åldersdatum: periodens_slut\n").period_table is True  # a breakdown by age at the period's end
    assert _plan(PLAIN + "pågår_till: slut\n").period_table is True
    assert _plan(_mean("insats", "start", "{dagar_i_perioden: {från: start, till: slut}}", kind="summa")).period_table is True
    assert _plan(_mean("insats", "start", "{fält: kostnad}", kind="summa")).period_table is False


def test_counting_children_needs_a_child_id() -> None:
    with pytest.raises(FieldError, match="'brukarsvar' har inget barn_id"):
        _plan(
            """
            bas: barn
            poster: brukarsvar
            perioddatum: datum
            populationer:
              urval: {beskrivning: Alla svar}
              täljare: {beskrivning: Positiva, villkor: {fält: positivt, är: true}}
            beräkning: {typ: andel}
            """
        )


def test_counting_a_basis_the_records_do_not_point_to() -> None:
    with pytest.raises(FieldError, match="'insats' har ingen relation till basen 'aktualisering'; kan inte räkna aktualisering"):
        _plan(_mean("insats", "slut", "{fält: kostnad}").replace("bas: insats", "bas: aktualisering\nposter: insats"))


CHANGE = """
bas: insats
perioddatum: slut
populationer:
  urval: {beskrivning: Avslutade insatser}
beräkning: {typ: förändring, entitet: uppföljning, koppling: insats_id, instrument: säkerhetsskala, värde: värde}
målvärde: {typ: ingen, text: Bakgrund.}
"""


def test_a_change_needs_its_entity_and_link() -> None:
    with pytest.raises(FieldError, match="förändring: 'mätning' saknar kopplingsfältet 'insats_id'"):
        _plan(CHANGE.replace("entitet: uppföljning", "entitet: mätning"))
    with pytest.raises(FieldError, match="förändring: 'uppföljning' saknar kopplingsfältet 'utredning_id'"):
        _plan(CHANGE.replace("koppling: insats_id", "koppling: utredning_id"))
    pairs = _plan(CHANGE).pairs  # före/efter default to the value set's codes
    assert pairs is not None and (pairs.table, pairs.link, pairs.value, pairs.before, pairs.after) == ("uppföljning", "insats_id", "värde", "före", "efter")
    default = _plan(CHANGE.replace("entitet: uppföljning, ", "")).pairs  # without entitet: uppföljning
    assert default is not None and default.table == "uppföljning"


def test_summed_populations_are_not_counted_per_child() -> None:
    from suengine.engine.periods import periods_for_years
    from suengine.engine.query import aggregate_sql
    from suengine.errors import SuengineError

    plan = _plan(
        """
        bas: barn
        poster: insats
        perioddatum: start
        populationer:
          urval: {beskrivning: Placeringar}
          nämnare: {beskrivning: Kostnad, summa: [kostnad]}
        beräkning: {typ: andel}
        """
    )
    with pytest.raises(SuengineError, match="test-indikator: summerade populationer kan inte räknas per barn"):
        aggregate_sql(plan, periods_for_years([2024], "år"))
