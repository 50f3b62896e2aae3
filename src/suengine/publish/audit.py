"""An audit of a published results table, independent of the suppression code: can a hidden count be recovered?

It reads only what a reader has — the published table (resultat.csv/json) and the indicator
definitions — and rebuilds, on its own, the additive relations a reader can use:

* strata: per indicator, period, category, breakdown and count column, `total = Σ strata + rest`
  with an unknown rest ≥ 0 when the strata are disjoint (`linkage`), else `stratum ≤ total`; the
  rest of the effective nämnare (`IndicatorFacts.effective`: for an andel nämnare + bortfall_täljare)
  is known where `bortfall_uppdelning` shows it;
* distributions: `base = Σ categories` per stratum (every category has a row); for fördelning also
  `nämnare = base + bortfall_täljare`; for förändring the shown mean (rounded to 4 decimals)
  times the base equals Σ step × count (an integer programme: steps are not unimodular);
* equal populations (`linkage.Count`): rows of any indicators that count the same units have equal
  sums of cells (an andel's nämnare + bortfall_täljare is its effective population), also the total
  of an indicator restricted to one stratum and that stratum of another; and every count ≥ 0;
* within a row: urval = E + u + R, where u counts the units out of the effective nämnare for a
  published reason (exkluderade, undantag, censurerade, bortfall_nämnare) and the rest R those out
  of it for none (`_urval_rests`; `linkage.urval_rest` for what one row tells).

For every hidden count cell and every rest it finds the lowest and highest value consistent
with everything published (linear programming with HiGHS through `scipy.optimize`). Feasible
solutions found on the way are kept as witnesses: a cell whose witnesses already lie t apart
needs no programme of its own, which keeps the audit to seconds.

Rule (the protection level, as Tau-Argus' protection interval): a hidden cell or a rest *leaks*
when its feasible interval is narrower than t and reaches into 1..t−1 — the reader learns that a
count is small, or which small count it is. A hidden count pinned to 0, or known to be at least t,
singles out nobody.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from suengine.publish.audit_lp import TOLERANCE, Component, Problem, components, solve_components
from suengine.publish.linkage import REASONS, IndicatorFacts, stratum_restriction

COUNT_COLUMNS = ("urval", "exkluderade", "undantag", "censurerade", "nämnare", "täljare", "bortfall_nämnare", "bortfall_täljare")
SHARE_KINDS = frozenset({"andel", "kategori", "kvot"})  # kinds with a täljare count
DISTRIBUTIONS = frozenset({"fördelning", "förändring"})
ROUNDING = 0.5e-4  # the published tables round values to four decimals


@dataclass(frozen=True)
class Cell:
    label: str  # e.g. "utredning-inom-4-manader 2023 åldersgrupp=(rest) nämnare"
    threshold: int
    rest: bool = False


@dataclass
class Interval:
    cell: Cell
    low: float
    high: float

    @property
    def width(self) -> float:
        return self.high - self.low

    def leaks(self) -> bool:
        t = self.cell.threshold
        if self.high < 0.5:
            return False  # known to be 0: zero is published anyway
        return self.width < t - TOLERANCE and self.low < t - 0.5 and self.high >= 0.5


@dataclass
class AuditReport:
    hidden_cells: int = 0
    rests: int = 0
    programmes: int = 0
    leaks: list[Interval] = field(default_factory=list)
    smallest: Interval | None = None
    hidden_rows: int = 0
    threshold: int = 5

    @property
    def ok(self) -> bool:
        return not self.leaks

    def summary(self) -> str:
        """Swedish, one paragraph: for the build log and the method chapter."""
        smallest = "–" if self.smallest is None else _fmt(self.smallest.width)
        text = (
            f"Granskningen räknade för {self.hidden_cells} dolda antal i {self.hidden_rows} dolda rader, och för "
            f"{self.rests} underförstådda rester (total minus visade grupper), ut det lägsta och högsta värde som går "
            f"ihop med allt som publiceras ({self.programmes} linjära program). Minsta intervall: {smallest}."
        )
        if self.leaks:
            text += f" {len(self.leaks)} värden kan räknas fram för snävt."
        else:
            text += f" Inget dolt värde kan ringas in snävare än gränsen {self.threshold}."
        return text


def _fmt(width: float) -> str:
    return "obegränsat" if math.isinf(width) else f"{width:g}".replace(".", ",")


def _number(value: Any) -> float | None:
    if value is None or value is pd.NA:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def _text(value: Any) -> str:
    return "" if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)) else str(value)


def _hidden(row: dict[str, Any]) -> bool:
    return str(row.get("undertryckt")).strip().lower() in ("true", "1")


def build_problem(table: pd.DataFrame, facts: dict[str, IndicatorFacts]) -> tuple[Problem, int]:
    """The reader's knowledge as a linear system over the published `table`."""
    problem = Problem()
    rows = [{k: v for k, v in r.items()} for r in table.to_dict("records")]
    groups: dict[tuple, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    strata_main: dict[tuple, dict] = {}
    strata_categories: dict[tuple, list[dict]] = defaultdict(list)
    hidden_rows = 0
    for r in rows:
        f = facts.get(_text(r["indikator_id"]))
        if f is None or not f.protected:
            continue
        r["_stratum"] = (f.id, _text(r["period"]), _text(r["uppdelning"]), _text(r.get("stratum")))
        r["_dold"] = _hidden(r)
        hidden_rows += r["_dold"]
        category = _text(r.get("kategori")) if f.kind in DISTRIBUTIONS else ""
        r["_kat"] = category
        stratum = r["_stratum"]
        groups[(f.id, stratum[1], category)][stratum[2]].append(r)
        if category:
            strata_categories[stratum].append(r)
        else:
            strata_main[stratum] = r

    def cell(r: dict, column: str, threshold: int) -> Any:
        def make() -> Cell:
            indicator, period, uppdelning, stratum = r["_stratum"]
            place = "total" if uppdelning == "total" else f"{uppdelning}={stratum}"
            kat = f" [{r['_kat']}]" if r.get("_kat") else ""
            return Cell(f"{indicator} {period} {place}{kat} {column}", threshold)
        return make

    def cell_term(r: dict, column: str) -> tuple[int | None, float] | None:
        stratum = r["_stratum"]
        f = facts[stratum[0]]
        if r.get("_kat"):
            if column == "nämnare":
                return problem.term(("bas", *stratum), None if r["_dold"] else r.get("nämnare"), cell(r, "bas", f.threshold))
            if column != "täljare":
                return None
        elif column == "täljare" and f.kind not in SHARE_KINDS:
            return None
        value = r.get(column)
        if r["_dold"] or _number(value) is None:
            value = None
        return problem.term(("cell", stratum, r["_kat"], column), value, cell(r, column, f.threshold))

    columns_main = COUNT_COLUMNS
    columns_category = ("nämnare", "täljare")
    for (indicator, period, category), by_breakdown in groups.items():
        f = facts[indicator]
        totals = by_breakdown.get("total", [])
        if len(totals) != 1:
            continue
        total = totals[0]
        for breakdown, members in by_breakdown.items():
            if breakdown == "total":
                continue
            rests: dict[str, int] = {}
            for column in columns_category if category else columns_main:
                t_term = cell_term(total, column)
                if t_term is None:
                    continue
                m_terms = [x for x in (cell_term(m, column) for m in members) if x is not None]
                if f.disjoint.get(breakdown, True):
                    rest = problem.new_rest(Cell(f"{indicator} {period} {breakdown}=(rest){f' [{category}]' if category else ''} {column}", f.threshold, rest=True))
                    terms = [(*t_term, 1.0)] + [(*m, -1.0) for m in m_terms] + [(rest, 0.0, -1.0)]
                    problem.constrain(terms, 0.0, 0.0)
                    rests[column] = rest
                else:
                    for m in m_terms:
                        problem.constrain([(*t_term, 1.0), (*m, -1.0)], 0.0, math.inf)
            shown_rest = None if category or not f.effective else _published_rest(members)
            if shown_rest is not None and all(c in rests for c in f.effective):
                # bortfall_uppdelning publishes the rest of the effective nämnare (an andel's nämnare + bortfall)
                problem.constrain([(rests[c], 0.0, 1.0) for c in f.effective], shown_rest, shown_rest)
    for stratum, members in strata_categories.items():
        f = facts[stratum[0]]
        base = cell_term(members[0], "nämnare")
        counts = [cell_term(m, "täljare") for m in members]
        # Every category is published as a row (0 included), so the categories add up to the base exactly.
        problem.constrain([(*base, 1.0)] + [(*c, -1.0) for c in counts], 0.0, 0.0)
        main = strata_main.get(stratum)
        if main is None:
            continue
        if f.kind == "fördelning":
            n, missing = cell_term(main, "nämnare"), cell_term(main, "bortfall_täljare")
            problem.constrain([(*n, 1.0), (*base, -1.0), (*missing, -1.0)], 0.0, 0.0)
        mean = None if _hidden(main) else _number(main.get("värde"))
        steps = [_number(m.get("_kat")) for m in members]
        if f.kind == "förändring" and mean is not None and all(s is not None for s in steps):
            weighted = [(*c, float(s)) for c, s in zip(counts, steps)]
            problem.constrain(weighted + [(*base, -(mean + ROUNDING))], -math.inf, 0.0)
            problem.constrain(weighted + [(*base, -(mean - ROUNDING))], 0.0, math.inf)
            problem.integral.update(v for v, _ in counts + [base] if v is not None)
    _equal_populations(problem, rows, facts, cell_term)
    _urval_rests(problem, strata_main, facts, cell_term)
    return problem, hidden_rows


def _published_rest(members: list[dict]) -> float | None:
    """The units in no stratum of a breakdown, when a row of it shows them (`bortfall_uppdelning`)."""
    for m in members:
        value = _number(m.get("bortfall_uppdelning"))
        if value is not None:
            return value
    return None


def _urval_rests(problem: Problem, mains: dict[tuple, dict], facts: dict[str, IndicatorFacts], cell_term: Any) -> None:
    """Per main row, the urval's units out of the effective nämnare E for no published reason: a rest
    R ≥ 0 with urval = E + u + R, where u (units out for a published reason) is at most exkluderade +
    undantag + censurerade + bortfall_nämnare, and at least the sum of the first three when each unit
    is in one state, else at least each of them (`linkage.urval_rest`)."""
    for stratum, r in mains.items():
        f = facts[stratum[0]]
        if not f.urval_effective:
            continue
        urval = cell_term(r, "urval")
        inside = [cell_term(r, c) for c in f.urval_effective]
        reasons = [cell_term(r, c) for c in REASONS]
        missing = cell_term(r, "bortfall_nämnare")
        if any(t is None for t in (urval, missing, *inside, *reasons)):
            continue
        indicator, period, uppdelning, value = stratum
        place = "total" if uppdelning == "total" else f"{uppdelning}={value}"
        rest = problem.new_rest(Cell(f"{indicator} {period} {place} urval utan angiven orsak", f.threshold, rest=True))
        outside = [(*urval, 1.0)] + [(*t, -1.0) for t in inside] + [(rest, 0.0, -1.0)]  # = u
        problem.constrain(outside + [(*t, -1.0) for t in (*reasons, missing)], -math.inf, 0.0)
        if f.units_are_records:
            problem.constrain(outside + [(*t, -1.0) for t in reasons], 0.0, math.inf)
        else:
            for t in reasons:
                problem.constrain(outside + [(*t, -1.0)], 0.0, math.inf)


def _equal_populations(problem: Problem, rows: list[dict], facts: dict[str, IndicatorFacts], cell_term: Any) -> None:
    """Rows that count the same population (`linkage.Count`, restrictions and stratum included) have
    equal sums of their cells: Σ cells of each row − Σ cells of the first = 0."""
    by_population: dict[tuple, list[list]] = defaultdict(list)
    for r in rows:
        f = facts.get(_text(r["indikator_id"]))
        if f is None or not f.protected or r.get("_kat"):
            continue
        _, period, uppdelning, stratum = r["_stratum"]
        own = stratum_restriction(f, uppdelning, stratum)
        for count in f.counts:
            terms = [cell_term(r, column) for column in count.columns]
            if any(t is None for t in terms):
                continue
            key = (count.key, frozenset(count.restriction | ({own} if own else set())), period)
            by_population[key].append(terms)
    for members in by_population.values():
        first = members[0]
        for other in members[1:]:
            problem.constrain([(*t, 1.0) for t in other] + [(*t, -1.0) for t in first], 0.0, 0.0)


def audit(table: pd.DataFrame, facts: dict[str, IndicatorFacts], threshold: int = 5) -> AuditReport:
    """Every hidden count and rest of the published `table` with its feasible interval; leaks listed."""
    problem, hidden_rows = build_problem(table, facts)
    report = AuditReport(hidden_rows=hidden_rows, threshold=threshold)
    report.hidden_cells = sum(1 for c in problem.cells if not c.rest)
    report.rests = sum(1 for c in problem.cells if c.rest)
    parts = [Component(problem, variables, constraint_ids) for variables, constraint_ids in components(problem)]
    solved = solve_components([(c, [problem.cells[v].threshold for v in c.variables]) for c in parts])
    for component, found in zip(parts, solved):
        variables = component.variables
        report.programmes += component.programmes
        for i, (low, high) in found.items():
            cell = problem.cells[variables[i]]
            interval = Interval(cell, _rounded(low), _rounded(high))
            if interval.leaks():
                report.leaks.append(interval)
            could_be_small = interval.high >= 0.5 and interval.low < cell.threshold - 0.5
            if not cell.rest and could_be_small and (report.smallest is None or interval.width < report.smallest.width):
                report.smallest = interval
    report.leaks.sort(key=lambda x: x.cell.label)
    return report


def _rounded(x: float) -> float:
    return x if math.isinf(x) else round(x, 6)


def check_versions(table: pd.DataFrame, earlier: dict[str, pd.DataFrame]) -> list[str]:
    """Values a new version shows that an earlier published version of the same year hid (Swedish messages).

    Written apart from `earlier.pattern_of`: it compares the two tables cell by cell."""
    def key(r: dict) -> tuple:
        return tuple(_text(r.get(c)) for c in ("indikator_id", "period", "uppdelning", "stratum", "kategori"))

    new = {key(r): r for r in table.to_dict("records")}
    problems = []
    for version, old_table in earlier.items():
        for old in old_table.to_dict("records"):
            current = new.get(key(old))
            if current is None or _hidden(current):
                continue
            place = " ".join(x for x in key(old) if x)
            if _hidden(old):
                problems.append(f"{place}: dolt i version {version} men visas nu")
                continue
            for column in COUNT_COLUMNS:
                if _number(old.get(column)) is None and _number(current.get(column)) is not None:
                    problems.append(f"{place}: {column} dolt i version {version} men visas nu")
    return problems
