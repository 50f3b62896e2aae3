"""Comparison values per indicator and year: own value beside riket and Kolada's groups, with the relative colour.

Pure functions over plain data (the store's values, the groups' members, the own published values), so the
report, the site and the workbook show the same figures. The rules:

* A group's value is its own row in the store when Kolada gave one (API), otherwise the **unweighted mean of
  its members' values**, as Kolada's "(ovägt medel)" groups are defined (the DDF dump has no group rows).
* Only a year Kolada has is compared: the table lists the report's years, and a year without a Kolada value
  says so; the latest year Kolada has (up to the report year) is named, never shown as if it were another.
* The relative colour (quartile among all kommuner, `relative.quartile_colour`) needs a direction and Kolada's
  values for **the same year**; the own value is placed among the other kommuner (the kommun's own Kolada
  value is left out, so it is not counted twice). Otherwise `reason` says why there is none.
* Jämfört med riket: the own interval decides (`relative.compare_with_riket`), for the same year only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

from suengine.reference.relative import HIGHER, LOWER, compare_with_riket, quartile_colour

RIKET = "0000"


@dataclass(frozen=True)
class Area:
    """One comparison column: riket or a Kolada group (with its members when known)."""

    code: str
    title: str
    members: tuple[str, ...] = ()


@dataclass(frozen=True)
class Setting:
    """Whose comparisons: the Kolada kommun code standing for the project's kommun, and the columns."""

    municipality: str
    name: str = ""
    areas: tuple[Area, ...] = (Area(RIKET, "Riket"),)
    note: str = ""  # e.g. "Exempelby är påhittad; jämförelsegrupperna är Motalas" (shown with every table)


@dataclass(frozen=True)
class Spec:
    """What an indicator needs compared: its Kolada KPI, the stated difference and the direction of a relativ target."""

    indicator_id: str
    kpi: str
    difference: str
    direction: str | None = None  # högre_är_bättre | lägre_är_bättre for målvärde typ relativ, else None


@dataclass(frozen=True)
class Own:
    """The project's own published total for one year (None when not published)."""

    value: float | None
    low: float | None = None
    high: float | None = None


@dataclass(frozen=True)
class YearRow:
    year: int
    own: float | None
    areas: tuple[float | None, ...]  # one per Setting.areas
    members: tuple[int, ...]  # kommuner with a value behind each group mean (0 for a value Kolada gave)
    kommuner: int  # kommuner with a value that year (the quartile's n without the own kommun)
    relative: str | None  # grön | gul | röd, or None
    versus_riket: str | None  # högre än riket | lägre än riket | ingen säker skillnad | None
    reason: str = ""  # why there is no relative colour ('' when there is one)


@dataclass(frozen=True)
class IndicatorComparison:
    indicator_id: str
    kpi: str
    kpi_title: str
    difference: str
    source: str  # "Kolada (Kolada via DDF-dump …), hämtad 2024-08-30"
    columns: tuple[str, ...]
    rows: tuple[YearRow, ...]  # the report's years, oldest first
    report_year: int
    latest_year: int | None  # the latest year ≤ report year that Kolada has for this KPI
    relative_target: bool
    note: str = ""

    @property
    def report_row(self) -> YearRow | None:
        return next((r for r in self.rows if r.year == self.report_year), None)

    def year_text(self) -> str:
        """Which Kolada year the comparison is, said plainly."""
        if self.latest_year is None:
            return f"Kolada har inga värden för {self.kpi} till och med {self.report_year} i referensdata."
        if self.latest_year == self.report_year:
            return f"Jämförelseår: {self.report_year} (samma år som rapporten)."
        return (f"Senaste jämförelseår i Kolada: {self.latest_year}. Rapportåret {self.report_year} finns ännu inte i "
                "referensdata, så rapportårets värde jämförs inte.")


@dataclass(frozen=True)
class Comparisons:
    setting: Setting
    by_indicator: Mapping[str, IndicatorComparison] = field(default_factory=dict)


def _number(value: object) -> float | None:
    if value is None or value is pd.NA:
        return None
    number = float(value)  # type: ignore[arg-type]
    return None if number != number else number


def area_value(year_values: Mapping[str, float], area: Area) -> tuple[float | None, int]:
    """(value, members behind it): the area's own row, else the unweighted mean of its members with a value."""
    if area.code in year_values:
        return year_values[area.code], 0
    present = [year_values[m] for m in area.members if m in year_values]
    if not present:
        return None, 0
    return sum(present) / len(present), len(present)


def _kpi_values(values: pd.DataFrame, kpi: str) -> dict[int, dict[str, float]]:
    rows = values[(values["kpi"] == kpi) & (values["kön"] == "T")]
    out: dict[int, dict[str, float]] = {}
    for area, year, value in zip(rows["område"], rows["år"], rows["värde"]):
        number = _number(value)
        if number is not None:
            out.setdefault(int(year), {})[str(area)] = number
    return out


def _source(values: pd.DataFrame, kpi: str) -> tuple[str, str]:
    rows = values[values["kpi"] == kpi]
    if rows.empty:
        return "", ""
    sources = sorted(set(rows["källa"]) - {""})
    fetched = sorted(set(rows["hämtad"]) - {""})
    title = next((t for t in rows["kpi_titel"] if t), "")
    text = ", ".join(sources) if sources and all(s.startswith("Kolada") for s in sources) else \
        "Kolada" + (f" ({', '.join(sources)})" if sources else "")
    text += f", hämtad {fetched[-1]}" if fetched else ""
    return text, title


def _relative(direction: str | None, own: float | None, others: Mapping[str, float], same_year: bool,
              latest: int | None) -> tuple[str | None, str]:
    if direction is None:
        return None, "ingen relativ färg: indikatorns målvärde är inte av typen relativ"
    if not same_year:
        where = f"Koladas senaste år i referensdata är {latest}" if latest else "Kolada har inga värden i referensdata"
        return None, f"ingen relativ färg: {where}, och ett värde jämförs bara med samma års kommuner"
    if own is None:
        return None, "ingen relativ färg: inget eget värde publiceras för året"
    colour = quartile_colour(own, [*others.values(), own], HIGHER if direction == "högre_är_bättre" else LOWER)
    if colour is None:
        return None, "ingen relativ färg: för få kommuner med värde, eller alla lika"
    return colour, ""


def compare(spec: Spec, values: pd.DataFrame, setting: Setting, own: Mapping[int, Own], years: Sequence[int],
            titles: Mapping[str, str] | None = None) -> IndicatorComparison:
    """The comparison of one indicator for the report's `years` (the last is the report year)."""
    by_year = _kpi_values(values, spec.kpi)
    report_year = max(years)
    latest = max((y for y in by_year if y <= report_year), default=None)
    source, title = _source(values, spec.kpi)
    rows = []
    for year in sorted(years):
        year_values = by_year.get(year, {})
        found = [area_value(year_values, a) for a in setting.areas]
        others = {k: v for k, v in year_values.items() if len(k) == 4 and not k.startswith("00") and k != setting.municipality}
        mine = own.get(year, Own(None))
        colour, reason = _relative(spec.direction, mine.value, others, bool(others), latest)
        riket = next((v for a, (v, _) in zip(setting.areas, found) if a.code == RIKET), None)
        rows.append(YearRow(
            year=year, own=mine.value, areas=tuple(v for v, _ in found), members=tuple(n for _, n in found),
            kommuner=len(others), relative=colour, reason=reason,
            versus_riket=compare_with_riket(mine.low, mine.high, riket) if year_values else None,
        ))
    return IndicatorComparison(
        indicator_id=spec.indicator_id, kpi=spec.kpi, kpi_title=title or (titles or {}).get(spec.kpi, ""),
        difference=spec.difference, source=source or "Kolada", columns=tuple(a.title for a in setting.areas),
        rows=tuple(rows), report_year=report_year, latest_year=latest, relative_target=spec.direction is not None,
        note=setting.note,
    )


def setting_from(raw: Mapping[str, object], groups: pd.DataFrame) -> Setting:
    """The `jämförelse:` block of suengine.yml with the groups' titles and members from `referens/grupper.csv`."""
    code = str(raw.get("kommun", "")).zfill(4)
    areas = [Area(RIKET, "Riket")]
    for gid in raw.get("grupper") or ():  # type: ignore[union-attr]
        rows = groups[groups["grupp"] == str(gid)]
        title = next((t for t in rows["titel"] if t), str(gid))
        areas.append(Area(str(gid), title, tuple(rows["medlem"])))
    return Setting(municipality=code, name=str(raw.get("namn", "")), areas=tuple(areas), note=str(raw.get("text", "")))
