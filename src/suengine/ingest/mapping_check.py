"""Meaning rules for a schema-valid mapping, checked against the data model.

Each rule yields (Swedish message, path in the YAML) so the message can name the line.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from typing import Any

from suengine.casedata.datamodel import DataModel, Entity
from suengine.ingest.mapping_model import EntityMapping, Mapping, normalise_code
from suengine.ingest.read import normalise_header

Finding = tuple[str, list[Any]]
PERSONNUMMER_RULES = ("kön_från_personnummer", "födelsedatum_från_personnummer")


def _field_hint(name: str, entity: Entity) -> str:
    close = difflib.get_close_matches(name, list(entity.fields), n=1)
    return f" — menade du '{close[0]}'?" if close else f" (fält: {', '.join(entity.fields)})"


def _allowed(model: DataModel, entity: Entity, field_name: str) -> set[str] | None:
    """National codes a field accepts, or None if the field takes no codes."""
    f = entity.fields[field_name]
    if f.type == "boolesk":
        return {"ja", "nej"}
    if f.type == "kod":
        return set(model.values_of(f) or {})
    return None


def _columns(em: EntityMapping, entity: Entity) -> Iterator[Finding]:
    seen: dict[str, str] = {}
    headers: dict[str, str] = {}
    for local, target in em.columns.items():
        where = ["entiteter", em.entity, "kolumner", local]
        if target not in entity.fields:
            yield f"{em.entity}: kolumnen '{local}' pekar på fältet '{target}' som inte finns{_field_hint(target, entity)}", where
        elif target in seen:
            yield f"{em.entity}: både '{seen[target]}' och '{local}' pekar på fältet {target}", where
        seen.setdefault(target, local)
        norm = normalise_header(local)
        if norm in headers:
            yield f"{em.entity}: kolumnerna '{headers[norm]}' och '{local}' är samma rubrik", where
        headers[norm] = local
    for index, dropped in enumerate(em.dropped):
        if normalise_header(dropped) in headers:
            yield f"{em.entity}: kolumnen '{dropped}' står både under kolumner och släpp", ["entiteter", em.entity, "släpp", index]


def _codes(em: EntityMapping, entity: Entity, model: DataModel) -> Iterator[Finding]:
    for field_name, table in em.codes.items():
        where = ["entiteter", em.entity, "koder", field_name]
        if field_name not in entity.fields:
            yield f"{em.entity}: koder för fältet '{field_name}' som inte finns{_field_hint(field_name, entity)}", where
            continue
        allowed = _allowed(model, entity, field_name)
        if allowed is None:
            yield f"{em.entity}: fältet {field_name} är av typen {entity.fields[field_name].type} och har inga koder", where
            continue
        for national in table.values():
            if national is not None and national not in allowed:
                close = difflib.get_close_matches(national, sorted(allowed), n=1)
                hint = f" — menade du '{close[0]}'?" if close else f"; tillåtna: {', '.join(sorted(allowed))}"
                yield f"{em.entity}.{field_name}: '{national}' finns inte i värdemängden{hint}", where


def _derived(em: EntityMapping, entity: Entity, model: DataModel) -> Iterator[Finding]:
    for field_name, rule in em.derived.items():
        where = ["entiteter", em.entity, "härledda", field_name]
        if field_name not in entity.fields:
            yield f"{em.entity}: härlett fält '{field_name}' finns inte{_field_hint(field_name, entity)}", where
            continue
        target = entity.fields[field_name]
        if rule.rule in PERSONNUMMER_RULES:
            if "barn_id" not in em.columns.values():
                yield f"{em.entity}.{field_name}: {rule.rule} kräver en kolumn som mappas till barn_id", where
            wanted = "kön" if rule.rule == "kön_från_personnummer" else "datum"
            if (wanted == "kön" and target.value_set != "kön") or (wanted == "datum" and target.type != "datum"):
                yield f"{em.entity}.{field_name}: {rule.rule} passar inte fältets typ", where
            continue
        allowed = _allowed(model, entity, field_name)
        results = list(rule.values.values()) if rule.rule == "uppslag" else [rule.value]
        if allowed is not None:
            for value in results:
                if value not in allowed:
                    yield f"{em.entity}.{field_name}: '{value}' finns inte i värdemängden", where
        if rule.rule == "uppslag":
            if rule.source_field not in entity.fields:
                yield f"{em.entity}.{field_name}: uppslag från fältet '{rule.source_field}' som inte finns", where
            elif rule.source_field not in em.columns.values():
                yield f"{em.entity}.{field_name}: fältet {rule.source_field} mappas inte från någon kolumn", where
            else:
                source_allowed = _allowed(model, entity, rule.source_field)
                for code in rule.values:
                    if source_allowed is not None and code not in source_allowed:
                        yield f"{em.entity}.{field_name}: '{code}' är ingen kod i fältet {rule.source_field}", where


def _required(em: EntityMapping, entity: Entity) -> Iterator[Finding]:
    covered = set(em.columns.values()) | set(em.derived)
    for field_name, f in entity.fields.items():
        if f.required and field_name not in covered:
            yield (
                f"{em.entity}: det obligatoriska fältet {field_name} mappas inte från någon kolumn och härleds inte",
                ["entiteter", em.entity, "kolumner"],
            )


def _reshaping(em: EntityMapping, entity: Entity) -> Iterator[Finding]:
    """datumformat only on date fields; pivot's key columns are mapped, its question and answer columns are not."""
    for field_name in em.date_formats:
        where = ["entiteter", em.entity, "datumformat", field_name]
        if field_name not in entity.fields:
            yield f"{em.entity}: datumformat för fältet '{field_name}' som inte finns{_field_hint(field_name, entity)}", where
        elif entity.fields[field_name].type != "datum":
            yield f"{em.entity}: fältet {field_name} är av typen {entity.fields[field_name].type}, inte datum; datumformat passar inte", where
        elif field_name not in em.columns.values():
            yield f"{em.entity}: fältet {field_name} mappas inte från någon kolumn; datumformat har ingen verkan", where
    if em.pivot is None:
        return
    mapped = {normalise_header(c) for c in em.columns}
    where = ["entiteter", em.entity, "pivot"]
    for key in em.pivot.key:
        if normalise_header(key) not in mapped:
            yield f"{em.entity}: pivotens nyckelkolumn '{key}' står inte under kolumner", where
    for part in (em.pivot.column, em.pivot.value):
        if normalise_header(part) in mapped:
            yield f"{em.entity}: '{part}' pivoteras bort och kan inte också stå under kolumner; skriv frågornas namn där", where
    if normalise_header(em.pivot.column) == normalise_header(em.pivot.value):
        yield f"{em.entity}: pivotens kolumn och värde är samma kolumn '{em.pivot.column}'", where


def check_mapping(mapping: Mapping, model: DataModel) -> list[Finding]:
    findings: list[Finding] = []
    for name, em in mapping.entities.items():
        entity = model.entities.get(name)
        if entity is None:
            findings.append((f"entiteten '{name}' finns inte i datamodellen", ["entiteter", name]))
            continue
        findings += list(_columns(em, entity))
        findings += list(_codes(em, entity, model))
        findings += list(_derived(em, entity, model))
        findings += list(_required(em, entity))
        findings += list(_reshaping(em, entity))
    return findings


def code_lookup(model: DataModel, entity: Entity, field_name: str, local: dict[str, str | None]) -> dict[str, str | None]:
    """Every accepted spelling of a value → national code: local codes first, then the value
    set's own codes and labels (case-insensitive). Booleans map to 'ja'/'nej'."""
    table: dict[str, str | None] = {}
    f = entity.fields[field_name]
    if f.type == "kod":
        for code, label in (model.values_of(f) or {}).items():
            table[normalise_code(label)] = code
            table[normalise_code(code)] = code
    table.update(local)
    return table
