"""The linear programmes behind the disclosure audit: the reader's knowledge as constraints, and bounds.

`Problem` collects variables (hidden cells and rests) and constraints `lo ≤ Σ a·x ≤ hi`;
`components` splits it into independent parts; `Component.plan` finds each variable's lowest
and highest value, keeping feasible solutions as witnesses so that a variable already seen t apart
needs no programme of its own; `solve_components` runs the plans of all parts in lock-step and
solves each round's programmes together as one block-diagonal programme with HiGHS through
scipy's public `scipy.optimize.milp` (one call per round, not one per programme).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Generator
from typing import Any

import numpy as np
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp

TOLERANCE = 1e-6
CHUNK = 1  # programmes of one component per round, as copies in the block-diagonal programme (more did not pay: HiGHS's time grows with the total size)
CAP = 1e7  # no count in a municipality's report comes near; a bound at the cap means unbounded


Found = tuple[float | None, np.ndarray | None]  # (optimum, point), or (None, None) when infeasible


class Problem:
    """Variables (hidden cells and rests), known cells, and linear constraints lo ≤ Σ a·x + c ≤ hi."""

    def __init__(self) -> None:
        self.cells: list[Any] = []
        self.index: dict[tuple, int] = {}
        self.known: dict[tuple, float] = {}
        self.rows: list[tuple[dict[int, float], float, float]] = []
        self.integral: set[int] = set()  # variables in constraints that need integrality

    def term(self, key: tuple, value: Any, cell: Any) -> tuple[int | None, float]:
        """(variable, 0) for a hidden cell, (None, value) for a shown one. `cell` describes a new
        variable; a callable is called only then (labels cost time on a large publication)."""
        if key in self.known:
            return None, self.known[key]
        number = _number(value)
        if number is not None:
            self.known[key] = number
            return None, number
        if key not in self.index:
            self.index[key] = len(self.cells)
            self.cells.append(cell() if callable(cell) else cell)
        return self.index[key], 0.0

    def new_rest(self, cell: Any) -> int:
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


def components(problem: Problem) -> list[tuple[list[int], list[int]]]:
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


class Component:
    """One connected set of variables: min and max of each, with witnesses to save programmes."""

    def __init__(self, problem: Problem, variables: list[int], constraint_ids: list[int]) -> None:
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

    def record(self, found: Found) -> None:
        """Count one programme and keep its point as a witness."""
        self.programmes += 1
        if found[1] is not None:
            self.seen_low = np.minimum(self.seen_low, found[1])
            self.seen_high = np.maximum(self.seen_high, found[1])

    def solve_alone(self, objective: np.ndarray) -> Found:
        """min objective·x over 0 ≤ x ≤ CAP (integers where the component needs them); (None, None) when
        infeasible, else the optimum and its point."""
        n = len(self.variables)
        result = milp(objective, constraints=LinearConstraint(self.matrix, self.lows, self.highs),
                      integrality=np.full(n, 1 if self.integral else 0), bounds=Bounds(0, CAP))
        if result.status != 0 or result.x is None:
            return None, None
        return float(result.fun), np.asarray(result.x)

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

    def _unproven(self, threshold: list[int]) -> list[int]:
        return [i for i in range(len(self.variables)) if self.seen_high[i] - self.seen_low[i] < threshold[i]]

    def plan(self, threshold: list[int]) -> Generator[np.ndarray, list[Found], dict[int, tuple[float, float]]]:
        """Each variable's (low, high): yields the objectives it needs minimised next (one per row),
        receives for each its (optimum, point), or (None, None) when infeasible, and returns the
        intervals (`solve_components` drives it)."""
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
        # Two spreading programmes give witnesses for many variables at once; then the sum of those not yet
        # proven wide is maximised while that proves more of them (one programme instead of one each).
        yield np.stack([-np.ones(n), np.ones(n)])
        unproven = self._unproven(threshold)
        while len(unproven) > 1:
            yield -np.eye(n)[unproven].sum(axis=0, keepdims=True)
            left = self._unproven(threshold)
            if len(left) == len(unproven):
                break
            unproven = left
        out: dict[int, tuple[float, float]] = {}
        pending: list[tuple[int, float]] = []
        # Maximise each variable not yet proven wide, CHUNK at a time; every optimum is a witness for the rest.
        todo = list(range(n))
        while todo:
            chunk = [i for i in todo if self.seen_high[i] - self.seen_low[i] < threshold[i]][:CHUNK]
            if not chunk:
                break
            todo = todo[todo.index(chunk[-1]) + 1:]
            answers = yield -np.eye(n)[chunk]
            pending += [(i, math.inf if high is None or -high >= CAP / 2 else -high) for i, (high, _) in zip(chunk, answers)]
        lows = [(i, high) for i, high in pending if not (self.seen_high[i] - self.seen_low[i] >= threshold[i] and not math.isinf(high))]
        for start in range(0, len(lows), CHUNK):
            chunk = lows[start:start + CHUNK]
            answers = yield np.eye(n)[[i for i, _ in chunk]]
            for (i, high), (low, _) in zip(chunk, answers):
                out[i] = (0.0 if low is None else low, high)
        for i in range(n):  # proven at least t wide by two feasible solutions (not the full interval)
            out.setdefault(i, (float(self.seen_low[i]), math.inf if self.seen_high[i] >= CAP / 2 else float(self.seen_high[i])))
        return out


def solve_components(parts: list[tuple[Component, list[int]]]) -> list[dict[int, tuple[float, float]]]:
    """The intervals of every component (with its thresholds), all driven in lock-step.

    In each round the pending programme of every linear component is solved together as one
    block-diagonal programme: the objective is a sum of the components' objectives over disjoint
    variables, so its optimum restricted to a component is that component's optimum. One call to
    HiGHS (scipy's public `milp`) per round instead of one per programme. Components that need
    integers, and a round that is infeasible as a whole, are solved one by one."""
    results: list[dict[int, tuple[float, float]]] = [{} for _ in parts]
    running: list[tuple[int, Component, Generator, np.ndarray]] = []

    def advance(k: int, component: Component, plan: Generator, found: list[Found] | None) -> None:
        try:
            objectives = next(plan) if found is None else plan.send(found)
        except StopIteration as stop:
            results[k] = stop.value
            return
        running.append((k, component, plan, objectives))

    for k, (component, threshold) in enumerate(parts):
        advance(k, component, component.plan(threshold), None)
    while running:
        batch, running = running, []
        programmes = [(component, objective) for _, component, _, objectives in batch for objective in objectives]
        linear = [p for p in programmes if not p[0].integral]
        solved = iter(_solve_together(linear))
        for k, component, plan, objectives in batch:
            answers = [component.solve_alone(o) if component.integral else next(solved) for o in objectives]
            for answer in answers:
                component.record(answer)
            advance(k, component, plan, answers)
    return results


def _solve_together(programmes: list[tuple[Component, np.ndarray]]) -> list[Found]:
    """min objective·x of each (component, objective), solved as one block-diagonal programme (a
    component may appear more than once: its copies share nothing)."""
    if len(programmes) <= 1:
        return [component.solve_alone(objective) for component, objective in programmes]
    matrix = sparse.block_diag([component.matrix for component, _ in programmes], format="csr")
    lows = np.concatenate([component.lows for component, _ in programmes])
    highs = np.concatenate([component.highs for component, _ in programmes])
    result = milp(np.concatenate([o for _, o in programmes]), constraints=LinearConstraint(matrix, lows, highs), bounds=Bounds(0, CAP))
    if result.status != 0 or result.x is None:  # one part infeasible (a table edited by hand): one by one
        return [component.solve_alone(objective) for component, objective in programmes]
    out: list[Found] = []
    start = 0
    for component, objective in programmes:
        x = np.asarray(result.x[start:start + len(component.variables)])
        out.append((float(objective @ x), x))
        start += len(component.variables)
    return out


def _number(value: Any) -> float | None:
    if value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number
