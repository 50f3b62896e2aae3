"""`engine/coverage.py` on its own: which inputs a delivery did not deliver, which periods it covers, the
years a build evaluates, and what a blanked row keeps. Plain calls, no engine run."""

from __future__ import annotations

from suengine.definitions.periods import Period
from suengine.engine.coverage import NOT_DELIVERED, OUTSIDE_DELIVERY, blank, choose_years, covers, missing_inputs, uncovered_years
from engine.helpers import children, data

SQL = 'SELECT "utredning"."enskilt_samtal", "barn"."kön" FROM "utredning" JOIN "barn" USING ("barn_id")'


def _delivery(**delivered: set[str]):
    case_data = data({"barn": children(("b1", "flicka", "2015-01-01")),
                      "utredning": [{"utredning_id": "u1", "barn_id": "b1", "slut": "2024-03-01", "enskilt_samtal": True}]})
    case_data.delivered = {name: frozenset(fields) for name, fields in delivered.items()}
    return case_data


def test_unknown_coverage_is_everything_delivered() -> None:
    case_data = _delivery()
    case_data.delivered = None
    assert missing_inputs(case_data, {"utredning", "barn", "insats"}, SQL) == []


def test_entities_not_delivered_and_fields_the_statement_reads() -> None:
    all_barn = {"barn_id", "kön", "födelsedatum"}
    # utredning delivered without enskilt_samtal, which the statement reads; insats and aktualisering not at all
    case_data = _delivery(barn=all_barn, utredning={"utredning_id", "barn_id", "slut"})
    assert missing_inputs(case_data, {"utredning", "barn", "insats", "aktualisering"}, SQL) == [
        "aktualisering", "insats", "utredning.enskilt_samtal"]
    # only the fields the statement names count: utredningstyp, start … were not delivered either
    assert missing_inputs(case_data, {"utredning", "barn"}, 'SELECT "slut" FROM "utredning"') == []
    # a field delivered in another table of the statement is no gap (barn_id is read from barn)
    case_data = _delivery(barn=all_barn, utredning={"utredning_id", "slut", "enskilt_samtal"})
    assert missing_inputs(case_data, {"utredning", "barn"}, SQL) == []
    assert missing_inputs(case_data, {"utredning"}, SQL) == ["utredning.barn_id"]
    assert missing_inputs(case_data, set(), SQL) == []
    # a name inside another word or unquoted is not read ("kön" appears only inside "könsfördelning")
    case_data = _delivery(barn={"barn_id", "födelsedatum"}, utredning={"utredning_id", "barn_id", "slut", "enskilt_samtal"})
    assert missing_inputs(case_data, {"barn"}, 'SELECT "könsfördelning", kön FROM "barn"') == []
    assert missing_inputs(case_data, {"barn", "utredning"}, SQL) == ["barn.kön"]


def _period_from(start: str | None, end: str | None):
    case_data = _delivery()
    case_data.metadata.update({k: v for k, v in (("period_från", start), ("period_till", end)) if v})
    return case_data


def test_a_period_is_covered_inside_the_declared_one_edges_included() -> None:
    declared = _period_from("2023-01-01", "2024-12-31")
    assert covers(declared, Period(2023)) and covers(declared, Period(2024))
    assert not covers(declared, Period(2022)) and not covers(declared, Period(2025))
    late = _period_from("2023-01-02", "2024-12-30")  # one day short at either end
    assert not covers(late, Period(2023)) and not covers(late, Period(2024))
    assert covers(late, Period(2023, 2, "tertial")) and not covers(late, Period(2024, 3, "tertial"))
    assert covers(_period_from(None, "2024-12-31"), Period(1990)) and not covers(_period_from(None, "2024-12-31"), Period(2025))
    assert covers(_period_from("2023-01-01", None), Period(2090)) and not covers(_period_from("2023-01-01", None), Period(2022))
    assert covers(_period_from(None, None), Period(2024))


def test_years_partly_outside_the_delivery() -> None:
    declared = _period_from("2023-05-01", "2025-12-31")  # 2023 only from May
    assert uncovered_years(declared, [2022, 2023, 2024, 2025, 2026]) == [2022, 2023, 2026]
    assert uncovered_years(declared, []) == []


def test_the_years_evaluated_and_the_warning() -> None:
    declared = _period_from("2023-01-01", "2024-12-31")
    warnings: list[str] = []
    assert choose_years(declared, None, [2022, 2023, 2024, 2025], warnings.append) == [2023, 2024]
    # nothing of the default covered: the default is kept (and shown as uppgift saknas)
    assert choose_years(declared, None, [2020, 2021], warnings.append) == [2020, 2021]
    assert choose_years(declared, [2023], [2020], warnings.append) == [2023]
    assert warnings == []
    assert choose_years(declared, [2021, 2022, 2023], [], warnings.append) == [2021, 2022, 2023]
    assert warnings == ["Varning: leveransen täcker 2023-01-01–2024-12-31; år 2021, 2022 ligger utanför och redovisas "
                        "som uppgift saknas (–)."]
    warnings.clear()
    choose_years(_period_from(None, "2024-12-31"), [2025], [], warnings.append)
    choose_years(_period_from("2023-01-01", None), [2022], [], warnings.append)
    assert warnings == ["Varning: leveransen täcker …–2024-12-31; år 2025 ligger utanför och redovisas som uppgift saknas (–).",
                        "Varning: leveransen täcker 2023-01-01–…; år 2022 ligger utanför och redovisas som uppgift saknas (–)."]


def test_a_blanked_row_has_no_counts_and_its_reason() -> None:
    row = {"indikator_id": "x", "period": "2024", "urval": 7, "nämnare": 5, "täljare": 2, "värde": 40.0, "ki_låg": 1.0,
           "bortfall_uppdelning": 0, "_n_värde": 5, "värde_saknas": "", "kategori": ""}
    blank(row, NOT_DELIVERED)
    assert row == {"indikator_id": "x", "period": "2024", "urval": None, "nämnare": None, "täljare": None, "värde": None,
                   "ki_låg": None, "bortfall_uppdelning": None, "_n_värde": 0, "värde_saknas": "ej_levererad", "kategori": ""}
    small: dict = {}
    blank(small, OUTSIDE_DELIVERY)  # a count the row does not have is not added
    assert small == {"_n_värde": 0, "värde_saknas": "utanför_leveransen"}
    # every count and value of a result row, named here as the results table names them
    counts = ("urval", "exkluderade", "undantag", "censurerade", "nämnare", "täljare", "bortfall_nämnare", "bortfall_täljare",
              "värde", "ki_låg", "ki_hög", "bortfall_andel", "bortfall_uppdelning")
    full = dict.fromkeys(counts, 1)
    blank(full, NOT_DELIVERED)
    assert all(full[name] is None for name in counts) and len(full) == len(counts) + 2
