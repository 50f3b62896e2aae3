"""Test cases fit the data model: known entities and fields, values in their value sets,
key and required fields present, and expectations that name real strata and categories."""

from __future__ import annotations

import re
from typing import Any

from suengine.casedata.datamodel import Entity, Field
from suengine.definitions.context import Context, lookup
from suengine.definitions.rules_conditions import as_date, is_number
from suengine.definitions.rules_indicator import possible_categories
from suengine.definitions.issues import Issue, suggest
from suengine.definitions.model import Indicator

_PERIOD = {"år": r"\d{4}", "tertial": r"\d{4}-T[1-3]", "kvartal": r"\d{4}-K[1-4]"}
_PERIOD_EXAMPLE = {"år": "2024", "tertial": "2024-T1", "kvartal": "2024-K3"}


def check_test_cases(ind: Indicator, ctx: Context) -> list[Issue]:
    issues: list[Issue] = []
    for index, case in enumerate(ctx.raw(("testfall",)) or ()):
        path = ("testfall", index)
        period = str(case.get("period"))
        if not re.fullmatch(_PERIOD[ind.period_type], period):
            issues.append(
                ctx.issue(
                    path + ("period",),
                    f"period '{period}' passar inte periodtyp {ind.period_type}; skriv t.ex. {_PERIOD_EXAMPLE[ind.period_type]}",
                )
            )
        for entity_name, rows in (case.get("data") or {}).items():
            entity = ctx.model.entities.get(entity_name)
            where = path + ("data", entity_name)
            if entity is None:
                issues.append(ctx.issue(where, f"okänd entitet '{entity_name}'", suggest(entity_name, ctx.model.entities)))
                continue
            issues += _check_rows(ctx, entity, rows or [], where)
        issues += _check_expected(ind, ctx, case.get("förväntat") or {}, path + ("förväntat",))
    return issues


def _check_rows(ctx: Context, entity: Entity, rows: list[dict[str, Any]], path: tuple) -> list[Issue]:
    issues: list[Issue] = []
    keys_seen: dict[tuple, int] = {}
    for number, row in enumerate(rows):
        where = path + (number,)
        for name, value in row.items():
            field = entity.fields.get(name)
            if field is None:
                issues.append(ctx.issue(where + (name,), f"okänt fält '{name}' på {entity.name}", suggest(name, entity.fields)))
            elif value is not None:
                problem = _value_problem(ctx, field, value)
                if problem:
                    issues.append(ctx.issue(where + (name,), problem[0], problem[1]))
        missing = [f for f in entity.key if row.get(f) is None]
        missing += [n for n, f in entity.fields.items() if f.required and row.get(n) is None and n not in missing]
        for name in missing:
            kind = "nyckelfältet" if name in entity.key else "det obligatoriska fältet"
            issues.append(ctx.issue(where, f"posten i {entity.name} saknar {kind} '{name}'"))
        key = tuple(row.get(f) for f in entity.key)
        if all(k is not None for k in key):
            if key in keys_seen:
                shown = ", ".join(str(k) for k in key)
                issues.append(ctx.issue(where, f"två poster i {entity.name} har samma nyckel ({shown})"))
            keys_seen.setdefault(key, number)
    return issues


def _value_problem(ctx: Context, field: Field, value: Any) -> tuple[str, str | None] | None:
    name, kind = field.name, field.type
    if kind == "kod":
        codes = ctx.model.values_of(field) or {}
        if value not in codes:
            listing = ", ".join(list(codes)[:25]) + (", …" if len(codes) > 25 else "")
            return f"'{value}' finns inte i värdemängden {field.value_set} för fältet '{name}' (tillåtna: {listing})", suggest(str(value), codes)
    elif kind == "datum" and as_date(value) is None:
        return f"fältet '{name}' är ett datum, men '{value}' är inget datum (ÅÅÅÅ-MM-DD)", None
    elif kind == "boolesk" and not isinstance(value, bool):
        return f"fältet '{name}' är ja/nej: skriv true eller false, inte '{value}'", None
    elif kind in ("heltal", "decimal"):
        if not is_number(value) or (kind == "heltal" and isinstance(value, float) and not value.is_integer()):
            return f"fältet '{name}' är {'ett heltal' if kind == 'heltal' else 'ett tal'}, men '{value}' är det inte", None
        if value in field.missing_codes:
            return None
        if field.minimum is not None and value < field.minimum or field.maximum is not None and value > field.maximum:
            return f"värdet {value} ligger utanför fältet '{name}':s intervall {field.minimum}–{field.maximum}", None
    elif kind in ("id", "text") and (isinstance(value, bool) or not isinstance(value, (str, int))):
        return f"fältet '{name}' är av typen {kind}, men '{value}' passar inte", None
    return None


def _strata_values(ind: Indicator, ctx: Context) -> dict[str, list[str] | None] | None:
    """Breakdown name -> the values its strata can have (None when any value can occur).

    None when a breakdown is itself broken; that is reported once, by the breakdown rule."""
    look = lookup(ctx, ind.records)
    found: dict[str, list[str] | None] = {}
    for breakdown in ind.breakdowns:
        field = look.resolve(breakdown.field) if look else None
        if field is None:
            return None
        if breakdown.groups:
            found[breakdown.name] = [g.label for g in breakdown.groups]
            continue
        codes = ctx.model.values_of(field) if field else None
        found[breakdown.name] = list(codes) if codes is not None else (["true", "false"] if field and field.type == "boolesk" else None)
    return found


def _check_expected(ind: Indicator, ctx: Context, expected: dict[str, Any], path: tuple) -> list[Issue]:
    issues: list[Issue] = []
    categories = possible_categories(ind, ctx)
    blocks = [(path, expected)] + [(path + ("strata", i), s) for i, s in enumerate(expected.get("strata") or ())]
    for where, block in blocks:
        if "kategori" in block:
            if ind.scoring.kind == "förändring":
                # Steps of the change (e.g. "2", "-1.5"): any number, so only the form is checked.
                for name in block["kategori"]:
                    if not _is_number(str(name)):
                        issues.append(ctx.issue(where + ("kategori", name), f"förändringens kategorier är steg (tal), inte '{name}'"))
            elif categories is None:
                issues.append(ctx.issue(where + ("kategori",), "förväntat kategori kräver beräkning typ kategori, fördelning eller förändring"))
            else:
                for name in block["kategori"]:
                    if str(name) not in categories:
                        message = f"kategorin '{name}' kan aldrig förekomma (möjliga: {', '.join(categories)})"
                        issues.append(ctx.issue(where + ("kategori", name), message, suggest(str(name), categories)))
    strata = _strata_values(ind, ctx)
    if strata is None:
        return issues
    for index, stratum in enumerate(expected.get("strata") or ()):
        where = path + ("strata", index)
        name = str(stratum.get("uppdelning"))
        if name not in strata:
            known = ", ".join(strata) or "inga"
            issues.append(ctx.issue(where + ("uppdelning",), f"okänd uppdelning '{name}' (indikatorns uppdelningar: {known})", suggest(name, strata)))
            continue
        value = stratum.get("värde")
        text = ("true" if value else "false") if isinstance(value, bool) else str(value)
        allowed = strata[name]
        if allowed is not None and text not in allowed:
            issues.append(ctx.issue(where + ("värde",), f"'{text}' är inget stratum i uppdelningen {name} (möjliga: {', '.join(allowed)})", suggest(text, allowed)))
    return issues


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
