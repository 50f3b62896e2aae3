"""The evaluation engine: indicator definitions + CaseData → the results table.

Each indicator is compiled once into an expression tree (`expr`), rendered as one DuckDB
SQL statement (`sql`, `query`) over the delivery's pandas tables registered once per run
(`run.Session`), and its counts are turned into values (`measures`). Targets, disclosure
control and the previous period's value are added by `suengine.results`.

    from suengine.engine import evaluate
    results = evaluate(indicators, case_data, years=[2024, 2025])
    results.table          # internal, every value
    results.published()    # what may be published
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from suengine.casedata import CaseData
from suengine.datamodel import DataModel, load_datamodel
from suengine.disclosure import DEFAULT_THRESHOLD
from suengine.engine.run import Session, evaluate_indicator, record_states
from suengine.model import Indicator
from suengine.results import Results, build_results

__all__ = ["Session", "evaluate", "evaluate_indicator", "record_states"]


def evaluate(
    indicators: Sequence[Indicator],
    data: CaseData,
    years: Sequence[int],
    *,
    model: DataModel | None = None,
    threshold: int = DEFAULT_THRESHOLD,
    progress: Callable[[Indicator, int], None] | None = None,
    session: Session | None = None,
) -> Results:
    """Evaluate every indicator for the given calendar years (all its periods in each year)."""
    model = model or load_datamodel()
    own = session is None
    session = session or Session(data, model)
    rows = []
    try:
        for indicator in indicators:
            produced = evaluate_indicator(session, indicator, list(years))
            rows.extend(produced)
            if progress is not None:
                progress(indicator, len(produced))
    finally:
        if own:
            session.close()
    return build_results(rows, list(indicators), threshold)
