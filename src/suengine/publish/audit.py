"""An audit of a published results table, independent of the suppression code: can a hidden count be recovered?

It reads only what a reader has — the published table (resultat.csv/json) and the indicator
definitions — and rebuilds, on its own, the additive relations a reader can use:

* strata: per indicator, period, category, breakdown and count column, `total = Σ strata + rest`
  with an unknown rest ≥ 0 when the strata are disjoint (`linkage`), else `stratum ≤ total`; the
  rest of the nämnare is known where `bortfall_uppdelning` shows it;
* distributions: `base = Σ categories` per stratum (every category has a row); for fördelning also
  `nämnare = base + bortfall_täljare`; for förändring the shown mean (rounded to 4 decimals)
  times the base equals Σ step × count (an integer programme: steps are not unimodular);
* equal populations across indicators (`linkage`), and every count ≥ 0.

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

import numpy as np
import pandas as pd
from scipy.optimize import Bounds, LinearConstraint, linprog, milp

from suengine.publish.linkage import IndicatorFacts

COUNT_COLUMNS = ("urval", "exkluderade", "undantag", "censurerade", "nämnare", "täljare", "bortfall_nämnare", "bortfall_täljare")
SHARE_KINDS = frozenset({"andel", "kategori", "kvot"})  # kinds with a täljare count
DISTRIBUTIONS = frozenset({"fördelning", "förändring"})
ROUNDING = 0.5e-4  # the published tables round values to four decimals
TOLERANCE = 1e-6
CAP = 1e7  # no count in a municipality's report comes near; a bound at the cap means unbounded


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


class _Problem:
    """Variables (hidden cells and rests), known cells, and linear constraints lo ≤ Σ a·x + c ≤ hi."""

    def __init__(self) -> None:
        self.cells: list[Cell] = []
        self.index: dict[tuple, int] = {}
        self.known: dict[tuple, float] = {}
        self.rows: list[tuple[dict[int, float], float, float]] = []
        self.integral: set[int] = set()  # variables in constraints that need integrality

    def term(self, key: tuple, value: Any, cell: Cell) -> tuple[int | None, float]:
        """(variable, 0) for a hidden cell, (None, value) for a shown one."""
        if key in self.known:
            return None, self.known[key]
        number = _number(value)
        if number is not None:
            self.known[key] = number
            return None, number
        if key not in self.index:
            self.index[key] = len(self.cells)
            self.cells.append(cell)
        return self.index[key], 0.0

    def new_rest(self, cell: Cell) -> int:
        self.cells.append(cell)
        return len(self.cells) - 1

    def constrain(self, terms: list[tuple[int | None, float, float]], low: float, high: float) -> None:
        """terms: (variable or None, constant, coefficient); keeps lo ≤ Σ ≤ hi when it has a variable."""
        coeffs: dict[int, float] = defaultdict(float)
        constant = 0.0
        for var, value, coef in terms:
            if var is None:
                constant += coef * value
            else:
                coeffs[var] += coef
        coeffs = {v: c for v, c in coeffs.items() if c != 0}
        if coeffs:
            self.rows.append((coeffs, low - constant, high - constant))


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


def build_problem(table: pd.DataFrame, facts: dict[str, IndicatorFacts]) -> tuple[_Problem, int]:
    """The reader's knowledge as a linear system over the published `table`."""
    problem = _Problem()
    rows = [{k: v for k, v in r.items()} for r in table.to_dict("records")]
    groups: dict[tuple, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    strata_main: dict[tuple, dict] = {}
    strata_categories: dict[tuple, list[dict]] = defaultdict(list)
    hidden_rows = 0
    for r in rows:
        f = facts.get(_text(r["indikator_id"]))
        if f is None or not f.protected:
            continue
        hidden_rows += _hidden(r)
        category = _text(r.get("kategori")) if f.kind in DISTRIBUTIONS else ""
        r["_kat"] = category
        key = (f.id, _text(r["period"]), category)
        groups[key][_text(r["uppdelning"])].append(r)
        stratum = (f.id, _text(r["period"]), _text(r["uppdelning"]), _text(r.get("stratum")))
        if category:
            strata_categories[stratum].append(r)
        else:
            strata_main[stratum] = r

    def label(r: dict, column: str) -> str:
        place = "total" if _text(r["uppdelning"]) == "total" else f"{_text(r['uppdelning'])}={_text(r.get('stratum'))}"
        kat = f" [{r['_kat']}]" if r.get("_kat") else ""
        return f"{_text(r['indikator_id'])} {_text(r['period'])} {place}{kat} {column}"

    def cell_term(r: dict, column: str) -> tuple[int | None, float] | None:
        f = facts[_text(r["indikator_id"])]
        stratum = (_text(r["indikator_id"]), _text(r["period"]), _text(r["uppdelning"]), _text(r.get("stratum")))
        if r.get("_kat"):
            if column == "nämnare":
                return problem.term(("bas", *stratum), None if _hidden(r) else r.get("nämnare"), Cell(label(r, "bas"), f.threshold))
            if column != "täljare":
                return None
        elif column == "täljare" and f.kind not in SHARE_KINDS:
            return None
        value = r.get(column)
        if _hidden(r) or _number(value) is None:
            value = None
        return problem.term(("cell", stratum, r["_kat"], column), value, Cell(label(r, column), f.threshold))

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
            for column in columns_category if category else columns_main:
                t_term = cell_term(total, column)
                if t_term is None:
                    continue
                m_terms = [x for x in (cell_term(m, column) for m in members) if x is not None]
                if f.disjoint.get(breakdown, True):
                    rest = problem.new_rest(Cell(f"{indicator} {period} {breakdown}=(rest){f' [{category}]' if category else ''} {column}", f.threshold, rest=True))
                    terms = [(*t_term, 1.0)] + [(*m, -1.0) for m in m_terms] + [(rest, 0.0, -1.0)]
                    problem.constrain(terms, 0.0, 0.0)
                    shown_rest = _published_rest(members) if column == "nämnare" and not category else None
                    if shown_rest is not None:  # bortfall_uppdelning publishes the rest of the nämnare
                        problem.constrain([(rest, 0.0, 1.0)], shown_rest, shown_rest)
                else:
                    for m in m_terms:
                        problem.constrain([(*t_term, 1.0), (*m, -1.0)], 0.0, math.inf)
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
    return problem, hidden_rows


def _published_rest(members: list[dict]) -> float | None:
    """The units in no stratum of a breakdown, when a row of it shows them (`bortfall_uppdelning`)."""
    for m in members:
        value = _number(m.get("bortfall_uppdelning"))
        if value is not None:
            return value
    return None


def _equal_populations(problem: _Problem, rows: list[dict], facts: dict[str, IndicatorFacts], cell_term: Any) -> None:
    by_population: dict[tuple, list] = defaultdict(list)
    for r in rows:
        f = facts.get(_text(r["indikator_id"]))
        if f is None or not f.protected or r.get("_kat"):
            continue
        breakdown = _text(r["uppdelning"])
        breakdown = "" if breakdown == "total" else f.breakdown_keys.get(breakdown, breakdown)
        for column, key in (("urval", f.urval_key), ("nämnare", f.naemnare_key)):
            if key is not None:
                term = cell_term(r, column)
                if term is not None:
                    by_population[(column, key, _text(r["period"]), breakdown, _text(r.get("stratum")))].append(term)
    for terms in by_population.values():
        for other in terms[1:]:
            problem.constrain([(*terms[0], 1.0), (*other, -1.0)], 0.0, 0.0)


def _components(problem: _Problem) -> list[tuple[list[int], list[int]]]:
    parent = list(range(len(problem.cells)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for coeffs, _, _ in problem.rows:
        first, *others = coeffs
        for v in others:
            parent[find(v)] = find(first)
    variables: dict[int, list[int]] = defaultdict(list)
    for v in range(len(problem.cells)):
        variables[find(v)].append(v)
    constraints: dict[int, list[int]] = defaultdict(list)
    for i, (coeffs, _, _) in enumerate(problem.rows):
        constraints[find(next(iter(coeffs)))].append(i)
    return [(vs, constraints.get(root, [])) for root, vs in variables.items()]


class _Component:
    """One connected set of variables: min and max of each, with witnesses to save programmes."""

    def __init__(self, problem: _Problem, variables: list[int], constraint_ids: list[int]) -> None:
        self.variables = variables
        self.local = {v: i for i, v in enumerate(variables)}
        data, rows, cols, lows, highs = [], [], [], [], []
        for r, ci in enumerate(constraint_ids):
            coeffs, low, high = problem.rows[ci]
            for v, c in coeffs.items():
                rows.append(r)
                cols.append(self.local[v])
                data.append(c)
            lows.append(low)
            highs.append(high)
        n = len(variables)
        self.matrix = None
        if constraint_ids:  # dense: components are small (one indicator and period, or a few linked ones)
            self.matrix = np.zeros((len(constraint_ids), n))
            np.add.at(self.matrix, (np.array(rows, dtype=int), np.array(cols, dtype=int)), data)
        self.lows, self.highs = np.array(lows, dtype=float), np.array(highs, dtype=float)
        self.integral = any(v in problem.integral for v in variables)
        self.programmes = 0
        self.seen_low = np.full(n, math.inf)
        self.seen_high = np.full(n, -math.inf)

    def _solve(self, objective: np.ndarray) -> tuple[float | None, np.ndarray | None]:
        """min objective·x over 0 ≤ x ≤ CAP; (None, None) when infeasible, else the optimum and its point."""
        self.programmes += 1
        n = len(self.variables)
        if self.integral:
            result = milp(objective, constraints=LinearConstraint(self.matrix, self.lows, self.highs),
                          integrality=np.ones(n), bounds=Bounds(0, CAP))
            found = (float(result.fun), result.x) if result.status == 0 and result.x is not None else (None, None)
        elif _fast_highs() is not None:
            found = self._solve_highs(objective)
        else:
            a_ub, b_ub, a_eq, b_eq = self._split()
            result = linprog(objective, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq, bounds=(0, CAP), method="highs")
            found = (float(result.fun), result.x) if result.status == 0 and result.x is not None else (None, None)
        if found[1] is not None:
            self.seen_low = np.minimum(self.seen_low, found[1])
            self.seen_high = np.maximum(self.seen_high, found[1])
        return found

    def _solve_highs(self, objective: np.ndarray) -> tuple[float | None, np.ndarray | None]:
        """The same programme through one HiGHS model per component, re-solved with a new objective
        (scipy's bundled HiGHS; linprog builds the model anew for every call, 15 times slower)."""
        core = _fast_highs()
        n = len(self.variables)
        if not hasattr(self, "_highs"):
            highs = core._Highs()
            highs.setOptionValue("output_flag", False)
            highs.addVars(n, np.zeros(n), np.full(n, CAP))
            infinity = highs.getInfinity()
            for r, row in enumerate(self.matrix):
                columns = np.nonzero(row)[0].astype(np.int32)
                low = self.lows[r] if np.isfinite(self.lows[r]) else -infinity
                high = self.highs[r] if np.isfinite(self.highs[r]) else infinity
                highs.addRow(low, high, len(columns), columns, row[columns])
            self._highs = highs
        highs = self._highs
        highs.changeColsCost(n, np.arange(n, dtype=np.int32), objective.astype(float))
        highs.run()
        if highs.modelStatusToString(highs.getModelStatus()) != "Optimal":
            return None, None
        return float(highs.getInfo().objective_function_value), np.array(highs.getSolution().col_value)

    def _single(self) -> tuple[float, float]:
        """One variable: its bounds straight from the constraints, no programme needed."""
        low, high = 0.0, math.inf
        for a, lo, hi in zip(self.matrix[:, 0], self.lows, self.highs):
            bounds = sorted((lo / a, hi / a))
            low, high = max(low, bounds[0]), min(high, bounds[1])
        if self.integral:
            low, high = math.ceil(low - TOLERANCE), math.floor(high + TOLERANCE)
        return low, high

    def _one_equation(self) -> dict[int, tuple[float, float]]:
        """Σ a·x = c over x ≥ 0, solved by hand: the common case of one relation with hidden cells."""
        a = self.matrix[0]
        c = self.lows[0]
        out = {}
        for j, aj in enumerate(a):
            sign = 1.0 if aj > 0 else -1.0
            others = np.delete(a, j) * sign
            value = c * sign / abs(aj)
            high = math.inf if (others < 0).any() else value
            low = 0.0 if (others > 0).any() else max(0.0, value)
            out[j] = (low, high)
        return out

    def _propagated_highs(self, rounds: int = 20) -> np.ndarray:
        """Upper bounds implied by each constraint and the others' bounds (valid, possibly loose)."""
        dense = self.matrix
        high = np.full(dense.shape[1], CAP)
        for _ in range(rounds):
            before = high.copy()
            for row, hi, lo in zip(dense, self.highs, self.lows):
                for sign, bound in ((1.0, hi), (-1.0, -lo)):
                    if not np.isfinite(bound):
                        continue
                    coef = sign * row
                    negative = np.where(coef < 0, coef * high, 0.0).sum()  # least the other terms can add
                    for j in np.nonzero(coef > 0)[0]:
                        rest = negative  # x_j ≤ (bound − min of the others) / a_j, others ≥ 0
                        high[j] = min(high[j], (bound - rest) / coef[j])
            if np.allclose(before, high):
                break
        return high

    def intervals(self, threshold: list[int]) -> dict[int, tuple[float, float]]:
        n = len(self.variables)
        if self.matrix is None:
            return {i: (0.0, math.inf) for i in range(n)}
        if n == 1:
            return {0: self._single()}
        if self.matrix.shape[0] == 1 and self.lows[0] == self.highs[0] and not self.integral:
            return self._one_equation()
        outer_high = self._propagated_highs()
        zero = outer_high < 0.5  # pinned to 0 by the constraints: no programme needed
        self.seen_low[zero] = 0.0
        self.seen_high[zero] = 0.0
        if zero.all():
            return {i: (0.0, 0.0) for i in range(n)}
        # Two spreading programmes give witnesses for many variables at once.
        self._solve(-np.ones(n))
        self._solve(np.ones(n))
        out: dict[int, tuple[float, float]] = {}
        pending = []
        for i in range(n):  # maximise each variable not yet proven wide; its optimum is a witness for the rest
            if self.seen_high[i] - self.seen_low[i] >= threshold[i]:
                continue
            unit = np.zeros(n)
            unit[i] = -1.0
            high, _ = self._solve(unit)
            pending.append((i, math.inf if high is None or -high >= CAP / 2 else -high))
        for i, high in pending:
            if self.seen_high[i] - self.seen_low[i] >= threshold[i] and not math.isinf(high):
                continue
            unit = np.zeros(n)
            unit[i] = 1.0
            low, _ = self._solve(unit)
            out[i] = (0.0 if low is None else low, high)
        for i in range(n):  # proven at least t wide by two feasible solutions (not the full interval)
            out.setdefault(i, (float(self.seen_low[i]), math.inf if self.seen_high[i] >= CAP / 2 else float(self.seen_high[i])))
        return out


def _fast_highs() -> Any:
    """scipy's bundled HiGHS module when this scipy has it (1.15 and later), else None (then linprog)."""
    try:
        from scipy.optimize._highspy import _core
    except ImportError:
        return None
    return _core if hasattr(_core, "_Highs") else None


def audit(table: pd.DataFrame, facts: dict[str, IndicatorFacts], threshold: int = 5) -> AuditReport:
    """Every hidden count and rest of the published `table` with its feasible interval; leaks listed."""
    problem, hidden_rows = build_problem(table, facts)
    report = AuditReport(hidden_rows=hidden_rows, threshold=threshold)
    report.hidden_cells = sum(1 for c in problem.cells if not c.rest)
    report.rests = sum(1 for c in problem.cells if c.rest)
    for variables, constraint_ids in _components(problem):
        component = _Component(problem, variables, constraint_ids)
        found = component.intervals([problem.cells[v].threshold for v in variables])
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
