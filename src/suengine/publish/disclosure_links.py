"""Secondary suppression over the whole publication, modelled as linked tables of count cells.

A cell is one count that a results row publishes (urval, exkluderade, undantag, censurerade,
nämnare, täljare, bortfall_nämnare, bortfall_täljare), or the base of a distribution (the
`nämnare` its category rows show). Cells are linked by:

* strata: per indicator, period, category and breakdown, `total = Σ strata + rest` where the rest
  (records in no stratum) is an implicit cell ≥ 0; per column.
* categories: per stratum of a fördelning/förändring, `base = Σ categories` (every category has
  a row, 0 included), and for
  fördelning `nämnare = base + bortfall_täljare` exactly.
* equal populations: cells, or sums of cells (an andel's nämnare + bortfall_täljare is its effective
  population), of rows that count the same population (`linkage.Count`), also across indicators
  and between the total of one and a stratum of another.
* steps: the mean change of a förändring, times its base, is the sum of the steps; a mean shown
  next to hidden steps pins them down, so the mean is hidden with them.
* within a row: urval is hidden with any hidden auxiliary count (urval ≥ their sum), and when the
  shown counts pin down how many of its units are out of the effective nämnare for no published
  reason to a few values reaching into 1..t−1 (`linkage.urval_rest`); a hidden urval is hidden in
  every row of its indicator and period (nothing then bounds it from above).

Rule (the protection level): every hidden cell, and every implicit rest in 1..t−1, must stay
uncertain over at least t values — for each relation with a shown total, the hidden cells and
the rest share a known sum S = total − Σ shown members; it must be 0 (all hidden cells are 0,
which is not protected) or at least t, with at least two unknowns. When it is not, the smallest
shown member that lifts S to t is hidden as well (secondary suppression), until nothing changes.
The independent audit (`audit`) then checks the result with linear programming.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from suengine.publish.linkage import IndicatorFacts, stratum_restriction, urval_rest_leaks

COUNTS = ("urval", "exkluderade", "undantag", "censurerade", "nämnare", "täljare", "bortfall_nämnare", "bortfall_täljare")
AUXILIARY = ("exkluderade", "undantag", "censurerade", "bortfall_nämnare", "bortfall_täljare")
VALUE_FROM_TAELJARE = frozenset({"andel", "kategori", "kvot"})  # kvot: täljare = the events
CATEGORY_KINDS = frozenset({"fördelning", "förändring"})
SHARED_PENALTY = 1e9  # hide a distribution's base (which hides all its categories) only as a last resort

Key = tuple


@dataclass(frozen=True)
class Relation:
    total: Key
    members: tuple[Key, ...]
    rest: bool  # an implicit remainder ≥ 0 (else the relation is exact)
    limit: int


class Linked:
    """The cells of a list of engine rows and the relations between them."""

    def __init__(self, rows: list[dict[str, Any]], facts: dict[str, IndicatorFacts]) -> None:
        self.rows, self.facts = rows, facts
        self.value: dict[Key, float] = {}
        self.row_cells: dict[int, list[Key]] = defaultdict(list)
        self.shown_by: dict[Key, list[int]] = defaultdict(list)
        self.defining: dict[int, list[Key]] = {}
        self.relations: list[Relation] = []
        self.equal: list[list[Key]] = []
        self.step_groups: list[tuple[int, list[Key]]] = []
        self.pivots: list[Key] = []  # population counts no row shows on its own (`_equalities`)
        self.urval_group: dict[int, list[Key]] = {}  # main row → the urval cells of its indicator and period
        self.small_rests: list[Key] = []  # urval cells that pin their row's rest (`linkage.urval_rest`) small
        self._cells()
        self._relations()

    def protected(self, i: int) -> bool:
        f = self.facts.get(self.rows[i]["indikator_id"])
        return f is not None and f.protected

    def limit(self, i: int) -> int:
        return int(self.rows[i]["_gräns"])

    def _add(self, i: int, key: Key, value: Any) -> None:
        self.value[key] = float(value)
        self.row_cells[i].append(key)
        self.shown_by[key].append(i)

    def _cells(self) -> None:
        for i, r in enumerate(self.rows):
            if not self.protected(i):
                continue
            if r["_rad"] == "huvud":
                for c in COUNTS:
                    if _number(r.get(c)) is not None:
                        self._add(i, ("r", i, c), r[c])
                kind = self.facts[r["indikator_id"]].kind
                wanted = ("nämnare", "täljare") if kind in VALUE_FROM_TAELJARE else ("nämnare",)
                self.defining[i] = [("r", i, c) for c in wanted if ("r", i, c) in self.value]
            else:
                base = _base_key(r)
                self._add(i, base, r["nämnare"] or 0)
                self._add(i, ("r", i, "täljare"), r["täljare"] or 0)
                self.defining[i] = [base, ("r", i, "täljare")]

    def _relations(self) -> None:
        groups: dict[tuple, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
        mains: dict[tuple, int] = {}
        categories: dict[tuple, list[int]] = defaultdict(list)
        for i, r in enumerate(self.rows):
            if not self.protected(i):
                continue
            category = r["kategori"] if r["_rad"] != "huvud" else ""
            groups[(r["indikator_id"], r["period"], r["_rad"], category)][r["uppdelning"]].append(i)
            stratum = (r["indikator_id"], r["period"], r["uppdelning"], r["stratum"] or "")
            if r["_rad"] == "huvud":
                mains[stratum] = i
            else:
                categories[stratum].append(i)
        seen: set[Relation] = set()
        # Strata always as a sum with a rest ≥ 0: where a child can sit in two strata this is stricter
        # than the truth (the audit then uses only stratum ≤ total), never weaker.
        for by_breakdown in groups.values():
            totals = by_breakdown.get("total", [])
            if len(totals) != 1:
                continue
            t = totals[0]
            for breakdown, members in by_breakdown.items():
                if breakdown == "total":
                    continue
                for total_key in self.row_cells[t]:
                    column = _column(total_key)
                    member_keys = tuple(k for m in members for k in self.row_cells[m] if _column(k) == column)
                    relation = Relation(total_key, member_keys, True, self.limit(t))
                    if relation not in seen:
                        seen.add(relation)
                        self.relations.append(relation)
        for stratum, members in categories.items():
            base = _base_key(self.rows[members[0]])
            limit = self.limit(members[0])
            self.relations.append(Relation(base, tuple(("r", m, "täljare") for m in members), False, limit))
            main = mains.get(stratum)
            if main is None:
                continue
            kind = self.facts[stratum[0]].kind
            if kind == "fördelning" and ("r", main, "bortfall_täljare") in self.value:
                self.relations.append(Relation(("r", main, "nämnare"), (base, ("r", main, "bortfall_täljare")), False, limit))
            if kind == "förändring":
                self.step_groups.append((main, [("r", m, "täljare") for m in members]))
        self._equalities()
        by_period: dict[tuple, list[Key]] = defaultdict(list)
        for i in mains.values():
            if ("r", i, "urval") in self.value:
                by_period[(self.rows[i]["indikator_id"], self.rows[i]["period"])].append(("r", i, "urval"))
        self.urval_group = {cell[1]: cells for cells in by_period.values() for cell in cells}
        self.small_rests = [("r", i, "urval") for i in self.urval_group if self._rest_leaks(i)]

    def _rest_leaks(self, i: int) -> bool:
        """Whether row i's counts pin its urval rest (`linkage.urval_rest`) to fewer than t values reaching
        into 1..t−1: its urval is then hidden from the start, like a count of 1..t−1."""
        counts = {k[2]: self.value[k] for k in self.row_cells[i] if k[0] == "r"}
        return urval_rest_leaks(self.facts[self.rows[i]["indikator_id"]], counts, self.limit(i)) is not None

    def _equalities(self) -> None:
        """Rows (of any indicators) that count the same population (`linkage.Count`): equal sums of cells.

        Single cells that are equal are hidden together (`equal`); a sum of cells equal to a single
        cell, or to another sum (then through an unpublished pivot cell), is a relation without rest."""
        by_population: dict[tuple, list[tuple[Key, ...]]] = defaultdict(list)
        for i, r in enumerate(self.rows):
            if r["_rad"] != "huvud" or not self.protected(i):
                continue
            f = self.facts[r["indikator_id"]]
            own = stratum_restriction(f, r["uppdelning"], r["stratum"] or "")
            for count in f.counts:
                cells = tuple(("r", i, column) for column in count.columns)
                if all(k in self.value for k in cells):
                    by_population[(count.key, count.restriction | ({own} if own else set()), r["period"])].append(cells)
        limit = {k: self.limit(rows[0]) for k, rows in self.shown_by.items()}
        for group_key, members in by_population.items():
            members = list(dict.fromkeys(members))
            if len(members) < 2:
                continue
            singles = [m[0] for m in members if len(m) == 1]
            strictest = max(limit[k] for m in members for k in m)
            for k in (k for m in members for k in m):
                limit[k] = strictest
            if len(singles) > 1:
                self.equal.append(singles)
            sums = [m for m in members if len(m) > 1]
            if not sums:
                continue
            pivot = singles[0] if singles else ("pop", group_key)
            if not singles:  # a count no row publishes on its own: hidden from the start
                self.value[pivot] = sum(self.value[k] for k in sums[0])
                self.pivots.append(pivot)
                limit[pivot] = strictest
            self.relations.extend(Relation(pivot, m, False, strictest) for m in sums)
        # A cell shared with a stricter indicator (higher minsta_antal) is protected at its level.
        self.relations = [Relation(r.total, r.members, r.rest, max(limit[k] for k in (r.total, *r.members))) for r in self.relations]


def _base_key(r: dict[str, Any]) -> Key:
    return ("bas", r["indikator_id"], r["period"], r["uppdelning"], r["stratum"] or "")


def _column(key: Key) -> str:
    return "bas" if key[0] == "bas" else key[2]


def _number(value: Any) -> float | None:
    if value is None or value != value:
        return None
    return float(value)


class Protection:
    """The decided hidden cells of a `Linked` table and the rules that grow them."""

    def __init__(self, linked: Linked) -> None:
        self.linked = linked
        self.hidden: set[Key] = set(linked.pivots) | set(linked.small_rests)
        self.hidden_rows: set[int] = set()

    def hide(self, keys: Iterable[Key]) -> bool:
        new = [k for k in keys if k not in self.hidden]
        self.hidden.update(new)
        return bool(new)

    def hide_row(self, i: int) -> bool:
        if i in self.hidden_rows:
            return False
        self.hidden_rows.add(i)
        own = [k for k in self.linked.row_cells[i] if k[0] == "r"]
        self.hide(own)
        base = [k for k in self.linked.row_cells[i] if k[0] == "bas"]
        for b in base:  # a base is hidden when no row shows it any more
            if all(j in self.hidden_rows for j in self.linked.shown_by[b]):
                self.hide([b])
        return True

    def _propagate(self) -> bool:
        changed = False
        linked = self.linked
        for i, defining in linked.defining.items():
            if i not in self.hidden_rows and any(k in self.hidden for k in defining):
                changed |= self.hide_row(i)
        for cells in linked.equal:
            if any(k in self.hidden for k in cells) and not all(k in self.hidden for k in cells):
                changed |= self.hide(cells)
        for main, steps in linked.step_groups:
            if main not in self.hidden_rows and any(k in self.hidden for k in steps):
                changed |= self.hide_row(main)
        for i, cells in linked.row_cells.items():
            urval = ("r", i, "urval")
            if urval not in linked.value or i in self.hidden_rows:
                continue
            if urval not in self.hidden and any(k[0] == "r" and k[2] in AUXILIARY and k in self.hidden for k in cells):
                changed |= self.hide([urval])
            if urval in self.hidden:
                # urval has no upper bound but its strata's total: hidden beside a shown value, it is hidden in
                # every row of its indicator and period, so none is pinned and what it protects (a hidden
                # bortfall, the rest of `linkage.urval_rest`) stays unknown even where other rows bound it
                # from below (urval ≥ E)
                changed |= self.hide(linked.urval_group.get(i, []))
        return changed

    def _repair(self, relation: Relation) -> Key | None:
        """The cell to hide so that `relation` protects its hidden cells, or None when it already does."""
        value, hidden = self.linked.value, self.hidden
        t = relation.limit
        hidden_members = [m for m in relation.members if m in hidden]
        shown_members = [m for m in relation.members if m not in hidden]
        if relation.total in hidden:
            if not hidden_members and relation.total[0] == "pop":
                return None  # an unpublished pivot: the sum of shown cells, each 0 or at least t
            if not hidden_members:  # the shown members give the total (a rest is often pinned to 0 elsewhere)
                return _cheapest(shown_members, value, 1)
            # The total may be pinned by another relation: then its hidden members protect each other.
            hidden_sum = sum(value[m] for m in hidden_members)
            if not hidden_members or hidden_sum <= 0 or (len(hidden_members) >= 2 and hidden_sum >= t):
                return None
            return _cheapest(shown_members, value, max(0.0, t - hidden_sum))
        if not relation.rest and relation.total[0] == "r" and all(m[0] == "bas" for m in shown_members):
            shown_members = []  # rather hide the row with the total than a whole distribution
        known = value[relation.total] - sum(value[m] for m in shown_members)
        hidden_sum = sum(value[m] for m in hidden_members)
        rest = known - hidden_sum if relation.rest else 0.0
        # The rest may be pinned by other relations (e.g. 0 when no record lacks kön), so hidden members
        # are protected only by each other: at least two of them, together at least t. A small rest needs
        # hidden members that, with it, reach t.
        members_ok = not hidden_members or hidden_sum <= 0 or (len(hidden_members) >= 2 and hidden_sum >= t)
        rest_ok = not (relation.rest and 0 < rest < t) or (hidden_members and known >= t)
        if members_ok and rest_ok:
            return None
        need = max(0.0, t - (hidden_sum if not members_ok else known))
        candidate = _cheapest(shown_members, value, need)
        return candidate if candidate is not None else relation.total

    def run(self, max_rounds: int = 200) -> None:
        for _ in range(max_rounds):
            changed = False
            while self._propagate():
                changed = True
            for relation in self.linked.relations:
                extra = self._repair(relation)
                if extra is not None:
                    self.hide([extra])
                    changed = True
            if not changed:
                return


def _cheapest(candidates: list[Key], value: dict[Key, float], need: float) -> Key | None:
    """The shown cell whose hiding costs least and lifts the unknown sum by at least `need`
    (else the largest); a distribution's base only as a last resort."""
    if not candidates:
        return None

    def cost(k: Key) -> tuple:
        return (SHARED_PENALTY if k[0] == "bas" else 0) + value[k], str(k)

    enough = [k for k in candidates if value[k] >= need]
    if enough:
        return min(enough, key=cost)
    return max(candidates, key=lambda k: (value[k] - (SHARED_PENALTY if k[0] == "bas" else 0), str(k)))
