"""`suengine.engine.evaluate`, as the commands call it: progress per indicator, a session of the caller's
(left open) or its own (closed), the data model, the threshold, the bortfall limit and an earlier version's
pattern passed on. In-process, small data."""

from __future__ import annotations

import duckdb
import pytest

import suengine.engine as engine
from suengine.casedata.datamodel import load_datamodel
from suengine.engine import Session, evaluate
from suengine.errors import SuengineError
from suengine.publish.earlier import Pattern
from engine.helpers import SHARE, children, data, indicator, row


def _records() -> dict:
    """2024: 8 utredningar of girls (6 with a samtal, 1 unknown) and 4 of boys (3 with one); 2025: none."""
    answers = {"b1": [True] * 6 + [False, None], "b2": [True] * 3 + [False]}
    rows = [{"utredning_id": f"{child}-{i}", "barn_id": child, "utredningstyp": "barnavård", "start": "2024-01-10",
             "slut": "2024-03-01", "enskilt_samtal": answer} for child, values in answers.items() for i, answer in enumerate(values)]
    return {"barn": children(("b1", "flicka", "2015-01-01"), ("b2", "pojke", "2016-01-01")), "utredning": rows}


def test_progress_is_told_each_indicator_and_its_number_of_rows() -> None:
    first, second = indicator(SHARE, id="a"), indicator(SHARE, id="b", uppdelningar=[])
    told: list[tuple[str, int]] = []
    results = evaluate([first, second], data(_records()), [2024, 2025], progress=lambda i, n: told.append((i.id, n)))
    # a: total, flicka, pojke for two years; b: the total for two years
    assert told == [("a", 6), ("b", 2)]
    assert sorted(results.table["indikator_id"]) == ["a"] * 6 + ["b"] * 2
    assert len(evaluate([first], data(_records()), [2024]).table) == 3  # without progress


def test_a_session_of_the_caller_is_used_and_left_open(monkeypatch: pytest.MonkeyPatch) -> None:
    case_data = data(_records())
    with Session(case_data, load_datamodel()) as session:
        results = evaluate([indicator(SHARE)], case_data, [2024], session=session)
        assert row(results.table)["nämnare"] == 11
        assert session.rows("SELECT count(*) AS n FROM utredning") == [{"n": 12}]  # still open, tables loaded
    # without one, evaluate opens its own session and closes it, also when an indicator fails
    opened: list[Session] = []

    class Recorded(Session):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)  # type: ignore[arg-type]
            opened.append(self)

    monkeypatch.setattr(engine, "Session", Recorded)
    evaluate([indicator(SHARE)], case_data, [2024])
    with pytest.raises(SuengineError, match="finns_inte"):
        evaluate([indicator(SHARE, uppdelningar=[{"fält": "finns_inte"}])], case_data, [2024])
    assert len(opened) == 2
    for own in opened:
        with pytest.raises(duckdb.Error):
            own.connection.execute("SELECT 1")


def test_the_data_model_given_is_the_one_used(monkeypatch: pytest.MonkeyPatch) -> None:
    model = load_datamodel()
    monkeypatch.setattr(engine, "load_datamodel", lambda: pytest.fail("the model given must be used"))
    assert row(evaluate([indicator(SHARE)], data(_records()), [2024], model=model).table)["täljare"] == 9
    monkeypatch.undo()
    loaded: list[object] = []
    monkeypatch.setattr(engine, "load_datamodel", lambda: loaded.append(1) or model)
    evaluate([indicator(SHARE)], data(_records()), [2024])
    assert loaded == [1]


def test_threshold_bortfall_limit_and_earlier_pattern_are_passed_on() -> None:
    case_data = data(_records())
    ind = indicator(SHARE)
    # the boys' 4 utredningar, 3 with a samtal: shown at a threshold of 3, hidden at the default 5
    boys = row(evaluate([ind], case_data, [2024], threshold=3).published(), uppdelning="kön", stratum="pojke")
    assert (boys["nämnare"], boys["täljare"], boys["undertryckt"]) == (4, 3, False)
    boys = row(evaluate([ind], case_data, [2024]).published(), uppdelning="kön", stratum="pojke")
    assert (boys["nämnare"], boys["undertryckt"]) == (None, True)
    # 1 of 8 girls' answers missing: 12,5 % bortfall, above a limit of 10 %, below the default 20 %
    girls = row(evaluate([ind], case_data, [2024], threshold=3, bortfall_limit=10.0).published(), uppdelning="kön", stratum="flicka")
    assert girls["värde"] is None and girls["undertryckt_orsak"] == "för_stort_bortfall"
    girls = row(evaluate([ind], case_data, [2024], threshold=3).published(), uppdelning="kön", stratum="flicka")
    assert girls["värde"] is not None
    # a row an earlier version hid stays hidden
    carried = Pattern(rows={("test-indikator", "2024", "kön", "flicka", "")}, versions=["2024.1"])
    again = row(evaluate([ind], case_data, [2024], threshold=3, carried=carried).table, uppdelning="kön", stratum="flicka")
    assert again["undertryckt"]
