"""Semantic rules for one indicator: each a small function returning a list of issues."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from typing import Any

from suengine.definitions.context import AGE, PERIOD_FIELDS, Context, Lookup, lookup
from suengine.definitions.rules_conditions import check_condition, field_at
from suengine.definitions.issues import Issue, suggest
from suengine.definitions.model import Indicator

Rule = Callable[[Indicator, Context], list[Issue]]
NUMERIC = ("heltal", "decimal")


def check_basis(ind: Indicator, ctx: Context) -> list[Issue]:
    issues = []
    for key, name in (("bas", ind.basis), ("poster", ind.records)):
        if name not in ctx.model.entities:
            issues.append(ctx.issue((key,), f"okänd entitet '{name}'", suggest(name, ctx.model.entities)))
    if issues or ind.basis == ind.records:
        return issues
    where = ("poster",)
    if ind.basis != "barn":
        return [
            ctx.issue(
                where,
                f"bas {ind.basis} med poster {ind.records} går inte: när poster skiljer sig från bas måste bas vara barn "
                "(unika barn bland posterna)",
            )
        ]
    if not ctx.model.entities[ind.records].child_level:
        return [ctx.issue(where, f"bas barn räknar unika barn, men {ind.records} är inte på barnnivå (saknar barn_id)")]
    return []


def _records(ctx: Context, ind: Indicator) -> Lookup | None:
    return lookup(ctx, ind.records)


def check_dates(ind: Indicator, ctx: Context) -> list[Issue]:
    """perioddatum, pågår_till, åldersdatum and the follow-up anchor are date fields on the records
    themselves (åldersdatum may also be periodens_start or periodens_slut)."""
    entity = ctx.model.entities.get(ind.records)
    if entity is None:
        return []
    issues = []
    dates = [name for name, f in entity.fields.items() if f.type == "datum"]
    for path in (("perioddatum",), ("pågår_till",), ("åldersdatum",), ("uppföljningsfönster", "från")):
        name = ctx.raw(path)
        if name is None or (path == ("åldersdatum",) and name in PERIOD_FIELDS):
            continue
        field = entity.fields.get(str(name))
        if field is None:
            issues.append(ctx.issue(path, f"okänt fält '{name}' på {entity.name}", suggest(str(name), dates)))
        elif field.type != "datum":
            issues.append(ctx.issue(path, f"'{name}' är inget datumfält (datumfält på {entity.name}: {', '.join(dates)})"))
    if ctx.raw(("åldersdatum",)) is not None and not entity.child_level:
        issues.append(ctx.warn(("åldersdatum",), f"åldersdatum har ingen verkan: {entity.name} är inte på barnnivå"))
    return issues


def check_populations(ind: Indicator, ctx: Context) -> list[Issue]:
    look = _records(ctx, ind)
    if look is None:
        return []
    issues: list[Issue] = []
    populations = ctx.raw(("populationer",)) or {}
    for name, spec in populations.items():
        if "villkor" in spec:
            issues += check_condition(ctx, look, spec["villkor"], ("populationer", name, "villkor"))
        for index, field_name in enumerate(spec.get("summa") or ()):
            path = ("populationer", name, "summa", index)
            if field_name not in look.entity.fields:
                issues.append(ctx.issue(path, f"okänt fält '{field_name}' på {look.entity.name}", suggest(field_name, look.entity.fields)))
            else:
                issues += field_at(ctx, look, field_name, path, NUMERIC)[1]
    for index, rule in enumerate(ctx.raw(("ologiskt_om",)) or ()):
        if isinstance(rule, dict) and "villkor" in rule:
            issues += check_condition(ctx, look, rule["villkor"], ("ologiskt_om", index, "villkor"))
    summed = {name for name, spec in populations.items() if "summa" in spec}
    if summed and summed != {"nämnare", "täljare"}:
        missing = ({"nämnare", "täljare"} - summed).pop()
        issues.append(
            ctx.issue(("populationer", missing), f"täljare och nämnare ska båda vara summor av fält (summa: […]), annars går de inte att jämföra")
        )
    return issues


def check_scoring(ind: Indicator, ctx: Context) -> list[Issue]:
    look = _records(ctx, ind)
    raw = ctx.raw(("beräkning",)) or {}
    kind = raw.get("typ")
    issues: list[Issue] = []
    if look is None:
        return issues
    if kind == "kvot":
        ages = (raw.get("befolkning") or {}).get("ålder") or [0, 0]
        if ages[0] > ages[1]:
            issues.append(ctx.issue(("beräkning", "befolkning", "ålder"), f"åldersintervallet [{ages[0]}, {ages[1]}] är baklänges"))
        codes = ctx.model.value_sets.get("kön")
        for index, sex in enumerate((raw.get("befolkning") or {}).get("kön") or ()):
            if codes is not None and sex not in codes.values:
                issues.append(ctx.issue(("beräkning", "befolkning", "kön", index), f"'{sex}' finns inte i värdemängden kön", suggest(sex, codes.values)))
        if "befolkning" not in ctx.model.entities:
            issues.append(ctx.issue(("beräkning",), "kvot kräver entiteten befolkning i datamodellen"))
    elif kind in ("medel", "median", "summa"):
        issues += _check_value(ctx, look, raw.get("värde"), ("beräkning", "värde"))
        if kind == "summa" and "delat_med" in raw:
            issues += _check_value(ctx, look, raw.get("delat_med"), ("beräkning", "delat_med"))
    elif kind == "fördelning" and "värde" in raw:
        issues += _check_value(ctx, look, raw.get("värde"), ("beräkning", "värde"))
        issues += _check_groups(ctx, ind.scoring.groups, ("beräkning",))
    elif kind == "fördelning":
        wanted = ("kod",) if raw.get("kategorier") else ("kod", "boolesk")
        field, found = field_at(ctx, look, raw.get("fält"), ("beräkning", "fält"), wanted)
        issues += found
        codes = ctx.model.values_of(field) if field is not None and not found else None
        for index, code in enumerate(raw.get("kategorier") or ()):
            if codes is not None and code not in codes:
                message = f"'{code}' finns inte i värdemängden {field.value_set} för fältet '{raw.get('fält')}'"
                issues.append(ctx.issue(("beräkning", "kategorier", index), message, suggest(str(code), codes)))
    elif kind == "kategori":
        for index, rule in enumerate(raw.get("regler") or ()):
            issues += check_condition(ctx, look, rule.get("villkor"), ("beräkning", "regler", index, "villkor"))
    elif kind == "förändring":
        issues += _check_change(ctx, raw)
    return issues


def _check_value(ctx: Context, look: Lookup, spec: Any, path: tuple) -> list[Issue]:
    """A value spec: a numeric field, or two date fields (tid_mellan, dagar_i_perioden)."""
    if not isinstance(spec, dict):
        return []
    if "fält" in spec:
        return field_at(ctx, look, spec["fält"], path + ("fält",), NUMERIC)[1]
    issues: list[Issue] = []
    for form in ("tid_mellan", "dagar_i_perioden"):
        for end in ("från", "till"):
            if end in (spec.get(form) or {}):
                issues += field_at(ctx, look, spec[form][end], path + (form, end), ("datum",))[1]
    return issues


def _check_change(ctx: Context, raw: dict) -> list[Issue]:
    name = str(raw.get("entitet"))
    measured = lookup(ctx, name)
    if measured is None:
        return [ctx.issue(("beräkning", "entitet"), f"okänd entitet '{name}'", suggest(name, ctx.model.entities))]
    issues = field_at(ctx, measured, raw.get("koppling"), ("beräkning", "koppling"), ("id",))[1]
    issues += field_at(ctx, measured, raw.get("värde"), ("beräkning", "värde"), NUMERIC)[1]
    for key, field_name in (("instrument", "instrument"), ("före", "tidpunkt"), ("efter", "tidpunkt")):
        field = measured.entity.fields.get(field_name)
        codes = ctx.model.values_of(field) if field else None
        value = raw.get(key, key)
        if field is not None and codes is not None and value not in codes:
            issues.append(ctx.issue(("beräkning", key), f"'{value}' finns inte i värdemängden {field.value_set}", suggest(value, codes)))
    return issues


def check_breakdowns(ind: Indicator, ctx: Context) -> list[Issue]:
    look = _records(ctx, ind)
    if look is None:
        return []
    issues: list[Issue] = []
    seen: set[str] = set()
    for index, breakdown in enumerate(ind.breakdowns):
        path = ("uppdelningar", index)
        if breakdown.name in seen:
            issues.append(ctx.issue(path, f"två uppdelningar heter '{breakdown.name}'; ge den ena ett eget namn"))
        seen.add(breakdown.name)
        field, found = field_at(ctx, look, breakdown.field, path + ("fält",))
        issues += found
        if field is None:
            continue
        if breakdown.groups:
            if field.type not in NUMERIC and field is not AGE:
                issues.append(ctx.issue(path + ("grupper",), f"grupper kräver ett numeriskt fält, men '{breakdown.field}' är av typen {field.type}"))
            issues += _check_groups(ctx, breakdown.groups, path)
        elif field.type not in ("kod", "boolesk", "heltal"):
            issues.append(ctx.issue(path + ("fält",), f"uppdelning på '{breakdown.field}' av typen {field.type} kräver grupper"))
    return issues


def _check_groups(ctx: Context, groups: tuple, path: tuple) -> list[Issue]:
    issues = []
    for index, group in enumerate(groups):
        if group.low > group.high:
            issues.append(ctx.issue(path + ("grupper", index), f"gruppen '{group.label}' har från ({group.low}) större än till ({group.high})"))
    ordered = sorted(enumerate(groups), key=lambda item: item[1].low)
    for (_, first), (index, second) in zip(ordered, ordered[1:]):
        if second.low <= first.high:
            issues.append(ctx.issue(path + ("grupper", index), f"grupperna '{first.label}' och '{second.label}' överlappar"))
    labels = [g.label for g in groups]
    if len(set(labels)) != len(labels):
        issues.append(ctx.issue(path + ("grupper",), "två grupper har samma etikett"))
    return issues


def possible_categories(ind: Indicator, ctx: Context) -> list[str] | None:
    """The categories a kategori/fördelning indicator can produce, or None for other types."""
    scoring = ind.scoring
    if scoring.kind == "kategori":
        found = [rule.category for rule in scoring.rules] + ([scoring.otherwise] if scoring.otherwise else [])
        return list(dict.fromkeys(found))
    if scoring.kind == "fördelning" and scoring.groups:
        return [g.label for g in scoring.groups]
    if scoring.kind == "fördelning" and scoring.categories:
        return list(scoring.categories)
    if scoring.kind == "fördelning" and scoring.category_field:
        look = _records(ctx, ind)
        field = look.resolve(scoring.category_field) if look else None
        if field is not None and field.type == "boolesk":
            return ["true", "false"]
        codes = ctx.model.values_of(field) if field else None
        return list(codes) if codes is not None else None
    return None


def check_target(ind: Indicator, ctx: Context) -> list[Issue]:
    target = ind.target
    issues: list[Issue] = []
    if ind.kind == "bakgrundsmått" and target.kind != "ingen":
        issues.append(ctx.issue(("målvärde", "typ"), "ett bakgrundsmått färgläggs inte; använd målvärde typ: ingen"))
    if target.kind == "tröskel" and target.green is not None and target.yellow is not None:
        higher = target.direction == "högre_är_bättre"
        if (higher and target.green < target.yellow) or (not higher and target.green > target.yellow):
            relation = "minst" if higher else "högst"
            issues.append(
                ctx.issue(
                    ("målvärde", "gul"),
                    f"trösklarna är inte monotona: med {target.direction} ska grön ({target.green:g}) vara {relation} gul ({target.yellow:g})",
                )
            )
        if ind.scoring.kind == "andel":
            for key, value in (("grön", target.green), ("gul", target.yellow)):
                if not 0 <= value <= 100:
                    issues.append(ctx.issue(("målvärde", key), f"en andel är 0–100 procent; tröskeln {value:g} kan inte nås"))
    if target.kind == "kategori":
        categories = possible_categories(ind, ctx)
        if categories is None:
            issues.append(ctx.issue(("målvärde", "typ"), "målvärde typ kategori kräver beräkning typ kategori eller fördelning"))
        else:
            for category, _ in target.colours:
                if category not in categories:
                    message = f"färg för kategorin '{category}', som aldrig kan förekomma (möjliga: {', '.join(categories)})"
                    issues.append(ctx.issue(("målvärde", "färger", category), message, suggest(category, categories)))
    return issues


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def check_location(ind: Indicator, ctx: Context) -> list[Issue]:
    """The file is called <id>.yml and lies in the folder of its indikatorområde (warnings)."""
    if ctx.source is None:
        return []
    issues = []
    if ctx.source.stem != ind.id:
        issues.append(ctx.warn(("id",), f"id '{ind.id}' stämmer inte med filnamnet {ctx.source.name}; döp filen till {ind.id}.yml"))
    folder = ctx.source.parent
    if ctx.root is not None and folder != ctx.root and _ascii(ind.indicator_area) != folder.name:
        issues.append(
            ctx.warn(("indikatorområde",), f"indikatorområde '{ind.indicator_area}' stämmer inte med mappen {folder.name}/")
        )
    return issues


def check_labels(ind: Indicator, ctx: Context) -> list[Issue]:
    """Every category a kategori indicator can report has a Swedish label in the data model (readers never see codes)."""
    if ind.scoring.kind != "kategori":
        return []
    labelled = {code for value_set in ctx.model.value_sets.values() for code in value_set.values}
    issues = []
    for index, rule in enumerate(ind.scoring.rules):
        if rule.category not in labelled:
            issues.append(ctx.issue(("beräkning", "regler", index, "kategori"),
                                    f"kategorin '{rule.category}' har ingen etikett: lägg till koden med en svensk etikett "
                                    "i en värdemängd i datamodellen (datamodel/datamodel.yml)"))
    if ind.scoring.otherwise and ind.scoring.otherwise not in labelled:
        issues.append(ctx.issue(("beräkning", "annars"),
                                f"kategorin '{ind.scoring.otherwise}' har ingen etikett: lägg till koden med en svensk etikett "
                                "i en värdemängd i datamodellen (datamodel/datamodel.yml)"))
    return issues


RULES: tuple[Rule, ...] = (check_basis, check_dates, check_populations, check_scoring, check_breakdowns, check_target, check_location,
                           check_labels)
