"""Indicator definitions as plain frozen dataclasses. They know nothing of pandas or SQL.

`indicator_from_dict` turns one schema-valid YAML mapping into an `Indicator`; shape errors
are the schema's job (see `suengine.definitions`), so this module trusts its input.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from suengine.definitions.conditions import Condition, Duration, parse_condition, parse_duration

POPULATION_ORDER = ("urval", "nämnare", "exkludering", "undantag", "täljare")


@dataclass(frozen=True)
class Population:
    name: str  # one of POPULATION_ORDER
    description: str
    condition: Condition | None = None
    sum_fields: tuple[str, ...] = ()  # for aggregate sources: sum these fields instead of counting


@dataclass(frozen=True)
class AgeGroup:
    label: str
    low: int
    high: int


@dataclass(frozen=True)
class Breakdown:
    field: str
    name: str  # dimension name shown in results (e.g. "kön", "åldersgrupp")
    groups: tuple[AgeGroup, ...] = ()  # numeric bands; empty = the field's own values


@dataclass(frozen=True)
class Target:
    kind: str  # "tröskel" | "kategori" | "ingen" | "relativ"
    text: str = ""
    direction: str | None = None  # "högre_är_bättre" | "lägre_är_bättre"
    green: float | None = None
    yellow: float | None = None
    colours: tuple[tuple[str, str], ...] = ()  # (kategori, färg) for kind "kategori"


@dataclass(frozen=True)
class ValueSpec:
    """The numeric value a measure is taken of: a field, the time between two dates, or the days
    of the interval [start, end) that fall inside the reporting period (`in_period`; a missing
    end means still ongoing at the extraction date)."""

    field: str | None = None
    start: str | None = None
    end: str | None = None
    unit: str = "dagar"
    in_period: bool = False


@dataclass(frozen=True)
class CategoryRule:
    category: str
    condition: Condition


@dataclass(frozen=True)
class Scoring:
    kind: str  # andel | kvot | antal | summa | medel | median | förändring | fördelning | kategori
    per: int | None = None  # kvot
    population_ages: tuple[int, int] | None = None  # kvot
    population_sexes: tuple[str, ...] = ()  # kvot
    value: ValueSpec | None = None  # medel/median/summa, and fördelning over numeric groups
    divisor: ValueSpec | None = None  # summa: Σ value / Σ divisor (e.g. kronor per vårddygn)
    category_field: str | None = None  # fördelning
    categories: tuple[str, ...] = ()  # fördelning: the codes reported, in order (empty = the value set)
    groups: tuple[AgeGroup, ...] = ()  # fördelning over `value`: numeric bands
    rules: tuple[CategoryRule, ...] = ()  # kategori
    otherwise: str | None = None  # kategori
    # förändring
    change_entity: str | None = None
    change_link: str | None = None
    instrument: str | None = None
    change_value: str | None = None
    before: str | None = None
    after: str | None = None


@dataclass(frozen=True)
class FollowUpWindow:
    anchor: str
    length: Duration


@dataclass(frozen=True)
class LegalReference:
    law: str
    chapter: str | None = None
    section: str | None = None
    text: str = ""


@dataclass(frozen=True)
class ConsistencyRule:
    """An `ologiskt_om` rule: when a record meets the condition its answers contradict each other,
    and the value of every period and stratum it belongs to is withheld (`ologiskt`)."""

    name: str
    condition: Condition


@dataclass(frozen=True)
class TestCase:
    name: str
    period: str
    data: dict[str, tuple[dict[str, Any], ...]]
    expected: dict[str, Any]
    extraction_date: dt.date | None = None


@dataclass(frozen=True)
class Comparison:
    """`jämförelse:` a Kolada KPI to compare with, and how its definition differs from the indicator's."""

    kolada: str
    difference: str


@dataclass(frozen=True)
class Indicator:
    id: str
    version: int
    name: str
    short_name: str
    measure: str
    purpose: str
    quality_area: str
    indicator_area: str
    kind: str  # struktur | process | resultat | bakgrundsmått
    source: str
    basis: str  # the unit counted
    records: str  # the entity whose records conditions apply to
    period_date: str
    age_date: str
    populations: dict[str, Population]
    scoring: Scoring
    target: Target
    period_type: str = "år"
    ongoing_until: str | None = None  # pågår_till: the record is an interval placed in every period it overlaps
    breakdowns: tuple[Breakdown, ...] = ()
    follow_up: FollowUpWindow | None = None
    min_n: int | None = None
    missing_as_no: bool = False  # saknat_värde: räknas_som_nej — no registration means "no" (andel only)
    bortfall_limit: float | None = None  # högsta_bortfall in percent (None: the project's, default 20)
    legal: tuple[LegalReference, ...] = ()
    error_sources: str = ""
    comparability: str = ""
    tests: tuple[TestCase, ...] = ()
    consistency: tuple[ConsistencyRule, ...] = ()  # ologiskt_om
    path: str = ""  # file the definition came from
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    local_changes: tuple[str, ...] = ()  # a project's deviations from the catalogue, one sentence each
    comparison: Comparison | None = None  # jämförelse: the Kolada KPI that is the indicator's counterpart

    @property
    def counts_children(self) -> bool:
        return self.basis == "barn" and self.records != "barn"

    def population(self, name: str) -> Population | None:
        return self.populations.get(name)


def _population(name: str, raw: dict[str, Any]) -> Population:
    condition = raw.get("villkor")
    return Population(
        name=name,
        description=str(raw.get("beskrivning", "")),
        condition=parse_condition(condition) if condition is not None else None,
        sum_fields=tuple(str(f) for f in raw.get("summa", ())),
    )


def _breakdown(raw: Any) -> Breakdown:
    if isinstance(raw, str):
        return Breakdown(field=raw, name=raw)
    return Breakdown(field=str(raw["fält"]), name=str(raw.get("namn", raw["fält"])), groups=_groups(raw.get("grupper")))


def _target(raw: dict[str, Any]) -> Target:
    kind = str(raw["typ"])
    colours = tuple((str(k), str(v)) for k, v in (raw.get("färger") or {}).items())
    return Target(
        kind=kind,
        text=str(raw.get("text", "")),
        direction=raw.get("riktning"),
        green=float(raw["grön"]) if raw.get("grön") is not None else None,
        yellow=float(raw["gul"]) if raw.get("gul") is not None else None,
        colours=colours,
    )


def _value_spec(spec: Any) -> ValueSpec | None:
    if not isinstance(spec, dict):
        return None
    if "fält" in spec:
        return ValueSpec(field=str(spec["fält"]))
    if "dagar_i_perioden" in spec:
        interval = spec["dagar_i_perioden"]
        return ValueSpec(start=str(interval["från"]), end=str(interval["till"]), unit="dagar", in_period=True)
    between = spec["tid_mellan"]
    return ValueSpec(start=str(between["från"]), end=str(between["till"]), unit=str(between.get("enhet", "dagar")))


def _groups(raw: Any) -> tuple[AgeGroup, ...]:
    return tuple(AgeGroup(str(g["etikett"]), int(g["från"]), int(g["till"])) for g in raw or ())


def _scoring(raw: dict[str, Any]) -> Scoring:
    kind = str(raw["typ"])
    value = _value_spec(raw.get("värde")) if kind in ("medel", "median", "summa", "fördelning") else None
    population = raw.get("befolkning") or {}
    ages = population.get("ålder")
    return Scoring(
        kind=kind,
        per=int(raw["per"]) if "per" in raw else None,
        population_ages=(int(ages[0]), int(ages[1])) if ages else None,
        population_sexes=tuple(str(s) for s in population.get("kön", ())),
        value=value,
        divisor=_value_spec(raw.get("delat_med")) if kind == "summa" else None,
        category_field=str(raw["fält"]) if kind == "fördelning" and "fält" in raw else None,
        categories=tuple(str(c) for c in raw.get("kategorier", ())) if kind == "fördelning" else (),
        groups=_groups(raw.get("grupper")) if kind == "fördelning" else (),
        rules=tuple(CategoryRule(str(r["kategori"]), parse_condition(r["villkor"])) for r in raw.get("regler", ())),
        otherwise=str(raw["annars"]) if "annars" in raw else None,
        change_entity=raw.get("entitet"),
        change_link=raw.get("koppling"),
        instrument=raw.get("instrument"),
        change_value=str(raw["värde"]) if kind == "förändring" else None,
        before=str(raw.get("före", "före")) if kind == "förändring" else None,
        after=str(raw.get("efter", "efter")) if kind == "förändring" else None,
    )


def _as_date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _test_case(raw: dict[str, Any]) -> TestCase:
    data = {str(entity): tuple(dict(r) for r in rows or ()) for entity, rows in (raw.get("data") or {}).items()}
    return TestCase(
        name=str(raw["namn"]),
        period=str(raw["period"]),
        data=data,
        expected=dict(raw.get("förväntat") or {}),
        extraction_date=_as_date(raw.get("uttagsdatum")),
    )


def indicator_from_dict(raw: dict[str, Any], path: str = "") -> Indicator:
    """Build an `Indicator` from a schema-valid mapping."""
    records = str(raw.get("poster", raw["bas"]))
    populations = {name: _population(name, raw["populationer"][name]) for name in POPULATION_ORDER if name in raw["populationer"]}
    follow_up = raw.get("uppföljningsfönster")
    return Indicator(
        id=str(raw["id"]),
        version=int(raw["version"]),
        name=str(raw["namn"]),
        short_name=str(raw["kortnamn"]),
        measure=str(raw["mått"]),
        purpose=str(raw["syfte"]),
        quality_area=str(raw["kvalitetsområde"]),
        indicator_area=str(raw["indikatorområde"]),
        kind=str(raw["typ"]),
        source=str(raw["källa"]),
        basis=str(raw["bas"]),
        records=records,
        period_date=str(raw["perioddatum"]),
        age_date=str(raw.get("åldersdatum", raw["perioddatum"])),
        period_type=str(raw.get("periodtyp", "år")),
        ongoing_until=str(raw["pågår_till"]) if raw.get("pågår_till") else None,
        populations=populations,
        scoring=_scoring(raw["beräkning"]),
        target=_target(raw["målvärde"]),
        breakdowns=tuple(_breakdown(b) for b in raw.get("uppdelningar", ())),
        follow_up=FollowUpWindow(str(follow_up["från"]), parse_duration(follow_up["längd"])) if follow_up else None,
        min_n=int(raw["minsta_antal"]) if "minsta_antal" in raw else None,
        missing_as_no=raw.get("saknat_värde") == "räknas_som_nej",
        bortfall_limit=float(raw["högsta_bortfall"]) if "högsta_bortfall" in raw else None,
        legal=tuple(
            LegalReference(str(r["lag"]), _opt_str(r.get("kapitel")), _opt_str(r.get("paragraf")), str(r.get("text", "")))
            for r in raw.get("lagrum", ())
        ),
        error_sources=str(raw.get("felkällor", "")),
        comparability=str(raw.get("jämförbarhet", "")),
        tests=tuple(_test_case(t) for t in raw.get("testfall", ())),
        consistency=tuple(ConsistencyRule(str(r["namn"]), parse_condition(r["villkor"])) for r in raw.get("ologiskt_om", ())),
        path=path,
        raw=raw,
        comparison=Comparison(str(raw["jämförelse"]["kolada"]), str(raw["jämförelse"]["skillnad"])) if "jämförelse" in raw else None,
    )


def _opt_str(value: Any) -> str | None:
    return None if value is None else str(value)
