"""The evaluation engine: indicator definitions + CaseData → the results table.

Each indicator is compiled once into an expression tree (`expr`), rendered as one DuckDB
SQL statement (`sql`, `query`) over the delivery's pandas tables registered once per run
(`run.Session`), and its counts are turned into values (`measures`). Targets, disclosure
control and the previous period's value are added by `suengine.publish.results`.

    from suengine.engine import evaluate
    results = evaluate(indicators, case_data, years=[2024, 2025])
    results.table          # internal, every value
    results.published()    # what may be published

Populations and internt bortfall, per record (U urval, N nämnare, O follow-up window still
open at uttagsdatum, X exkludering, D undantag, T täljare; each true, false or unknown, and
combined with Kleene's and/or/not, so unknown never satisfies a population):

    effective nämnare  E = U ∧ N ∧ ¬O ∧ ¬X ∧ ¬(D ∧ ¬T)
    urval              U true                      (perioddatum in the period always applies)
    censurerade        U ∧ N true, O true
    exkluderade        U ∧ N ∧ ¬O true, X true
    undantag           U ∧ N ∧ ¬O ∧ ¬X true, D ∧ ¬T true
    nämnare            E true
    bortfall_nämnare   E unknown: the record may or may not belong to the nämnare because a value
                       needed by urval, nämnare, the window, exkludering or undantag is missing
    täljare            E true, T true
    bortfall_täljare   E true, T unknown (or, for medel/median/förändring, no value/pair;
                       for fördelning/kategori, no category)

The categories censurerade/exkluderade/undantag/nämnare/bortfall_nämnare are disjoint for a
record. When the basis is `barn` and the records another entity, a child is in a population if
any of its records is, and is counted in censurerade, exkluderade, undantag or
bortfall_nämnare only if it is not in the nämnare (in bortfall_täljare only if not in the
täljare). Means and medians are always taken over records.

Missing means unknown, never "no" (DESIGN.md): the published `nämnare` is the number the value
rests on, so for andel it is E − bortfall_täljare (unless the indicator says `saknat_värde:
räknas_som_nej`, which keeps those records in the nämnare as a no and reports no bortfall), for
medel/median/förändring the number of values or pairs. `bortfall_andel` is the internt bortfall in
percent of the records the value would rest on. `suengine.publish.results` then withholds a value
whose bortfall is above the limit (`för_stort_bortfall`, default 20 %) or whose cohort still has
censored records (`uppföljningstid_ej_passerad`); the internal table keeps the computed value.

Coverage (`coverage`): an indicator whose statement reads an entity or field the delivery did not
deliver gets no value and no counts (`ej_levererad`), and periods outside the delivery's declared
period likewise (`utanför_leveransen`) — unknown, never 0.

An empty effective nämnare gives no value (`tom_nämnare`) for every share, mean and median;
`antal`, `kvot` and `summa` report 0, because zero events is an observation (a `summa` with
`delat_med` is a ratio and gives no value).

A record is placed in the period that holds its perioddatum; with `pågår_till` it is an interval
placed in every period it overlaps (a missing end: still ongoing). Conditions and values can read
the period's first and last day (`periodens_start`, `periodens_slut`); such plans join the records
to a small table of the periods instead of computing the period from the date. For aggregate sources a
missing summed answer (bortfallskod 999) gives `bortfall` and a täljare above the nämnare
gives `ologiskt`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from suengine.casedata.tables import CaseData
from suengine.casedata.datamodel import DataModel, load_datamodel
from suengine.definitions.missing import DEFAULT_BORTFALL_LIMIT
from suengine.publish.disclosure import DEFAULT_THRESHOLD
from suengine.engine.run import Session, evaluate_indicator, prepare, record_states
from suengine.definitions.model import Indicator
from suengine.publish.earlier import Pattern
from suengine.publish.results import Results, build_results

__all__ = ["Session", "evaluate", "evaluate_indicator", "record_states"]


def evaluate(
    indicators: Sequence[Indicator],
    data: CaseData,
    years: Sequence[int],
    *,
    model: DataModel | None = None,
    threshold: int = DEFAULT_THRESHOLD,
    bortfall_limit: float = DEFAULT_BORTFALL_LIMIT,
    progress: Callable[[Indicator, int], None] | None = None,
    session: Session | None = None,
    carried: Pattern | None = None,
) -> Results:
    """Evaluate every indicator for the given calendar years (all its periods in each year)."""
    model = model or load_datamodel()
    own = session is None
    session = session or Session(data, model)
    rows = []
    try:
        prepare(session, list(indicators))
        for indicator in indicators:
            produced = evaluate_indicator(session, indicator, list(years))
            rows.extend(produced)
            if progress is not None:
                progress(indicator, len(produced))
    finally:
        if own:
            session.close()
    return build_results(rows, list(indicators), threshold, bortfall_limit, carried)
