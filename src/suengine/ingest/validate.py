"""Checks across rows and entities: duplicate keys, broken relations, dates before the child's birth.

Entities are checked parents first (barn, then aktualisering, utredning, insats, …), so a row
whose parent was rejected is rejected too, and the message says the parent may have been
rejected. For duplicates the first occurrence is kept and later ones are dropped.
"""

from __future__ import annotations

import pandas as pd

from suengine.casedata.datamodel import DataModel
from suengine.ingest.problems import ACTION_DROP, HIDDEN, ProblemLog
from suengine.ingest.transform import ROW_COLUMNS


def parent_order(model: DataModel) -> list[str]:
    """Entity names with every relation's target before its source (data-model order otherwise)."""
    done: list[str] = []

    def visit(name: str, stack: tuple[str, ...]) -> None:
        if name in done or name in stack:
            return
        for relation in model.entities[name].relations.values():
            if relation.entity != name:
                visit(relation.entity, stack + (name,))
        done.append(name)

    for name in model.entities:
        visit(name, ())
    return done


def _where(frame: pd.DataFrame, index: object, entity: str, column: str = "") -> dict[str, object]:
    return {"file": str(frame.at[index, "_fil"]), "row": int(frame.at[index, "_rad"]), "entity": entity, "column": column}


def drop_duplicates(
    frame: pd.DataFrame, entity: str, key: tuple[str, ...], log: ProblemLog, column_of: dict[str, str] | None = None
) -> pd.DataFrame:
    if frame.empty or not set(key) <= set(frame.columns):
        return frame
    # only rows whose key occurs more than once can be duplicates or copies: compare those alone
    single = frame[key[0]] if len(key) == 1 else None
    if single is not None and set(map(type, single.to_numpy(dtype=object))) == {str}:
        shared = single.duplicated(keep=False)  # texts only (ids): the same as compared as strings, without a copy
    else:
        shared = frame[list(key)].astype("string").fillna("\x00").duplicated(keep=False)
    if not shared.any():
        return frame
    dropped = _duplicates(frame[shared.to_numpy()], entity, key, log, column_of)
    return frame[~frame.index.isin(dropped)]


def _duplicates(
    frame: pd.DataFrame, entity: str, key: tuple[str, ...], log: ProblemLog, column_of: dict[str, str] | None
) -> pd.Index:
    """Log the duplicates among rows that share keys; the index of the rows to drop."""
    fields = [c for c in frame.columns if c not in ROW_COLUMNS]
    comparable = frame[fields].astype("string").fillna("\x00")
    first_key = comparable.groupby(list(key), sort=False).ngroup()
    first_row = frame.groupby(first_key.values, sort=False)["_rad"].transform("first")
    first_file = frame.groupby(first_key.values, sort=False)["_fil"].transform("first")
    same_key = comparable.duplicated(subset=list(key), keep="first")
    identical = comparable.duplicated(keep="first")
    for index in frame.index[same_key]:
        place = f"rad {first_row[index]}" + ("" if first_file[index] == frame.at[index, "_fil"] else f" i {first_file[index]}")
        if identical[index]:
            message = f"Raden är en kopia av {place}; kopian avvisas."
        else:
            names = ", ".join(key)
            message = f"Samma nyckel ({names}) som {place} men andra värden; raden avvisas och den första behålls."
        shown = HIDDEN if any(k.endswith("_id") for k in key) else "/".join(str(frame.at[index, k]) for k in key)
        column = (column_of or {}).get(key[0], "") if len(key) == 1 else ""
        log.warn("dubblett", message, ACTION_DROP, field=key[0] if len(key) == 1 else "", value=shown, **_where(frame, index, entity, column))
    return frame.index[same_key]


def drop_broken_relations(
    frame: pd.DataFrame,
    entity: str,
    model: DataModel,
    accepted: dict[str, pd.DataFrame],
    log: ProblemLog,
    column_of: dict[str, str] | None = None,
) -> pd.DataFrame:
    """Drop rows whose relation field names a record that is not among the accepted ones."""
    keep = pd.Series(True, index=frame.index)
    for relation in model.entities[entity].relations.values():
        if relation.field not in frame.columns or frame.empty:
            continue
        target = accepted.get(relation.entity)
        target_key = model.entities[relation.entity].key[0]
        known = target[target_key].dropna().to_numpy(dtype=object) if target is not None and target_key in target else []
        values = frame[relation.field]
        broken = values.notna() & ~values.isin(known)
        for index in frame.index[broken & keep]:
            log.warn(
                "bruten_relation",
                f"Posten i {relation.entity} som {relation.field} pekar på finns inte i leveransen eller har avvisats; raden avvisas.",
                ACTION_DROP,
                field=relation.field,
                value=HIDDEN,
                **_where(frame, index, entity, (column_of or {}).get(relation.field, "")),
            )
        keep &= ~broken
    return frame[keep]


def drop_before_birth(
    frame: pd.DataFrame,
    entity: str,
    model: DataModel,
    accepted: dict[str, pd.DataFrame],
    log: ProblemLog,
    column_of: dict[str, str] | None = None,
) -> pd.DataFrame:
    """Drop rows with a date before the birth date of the child they are about (a mistyped date or id)."""
    barn = accepted.get("barn")
    if frame.empty or entity == "barn" or barn is None or "födelsedatum" not in barn:
        return frame
    relation = next((r for r in model.entities[entity].relations.values() if r.entity == "barn"), None)
    if relation is None or relation.field not in frame:
        return frame
    births = dict(zip(barn[model.entities["barn"].key[0]], barn["födelsedatum"]))
    birth = pd.to_datetime(frame[relation.field].map(births), errors="coerce")
    keep = pd.Series(True, index=frame.index)
    for name, f in model.entities[entity].fields.items():
        if f.type != "datum" or name not in frame:
            continue
        early = (pd.to_datetime(frame[name], errors="coerce") < birth) & keep  # missing dates compare False
        for index in frame.index[early]:
            value = frame.at[index, name]
            log.warn(
                "före_födelse",
                f"{name} ({value.isoformat()}) ligger före barnets födelsedatum; raden avvisas.",
                ACTION_DROP,
                field=name,
                value=value.isoformat(),
                **_where(frame, index, entity, (column_of or {}).get(name, "")),
            )
        keep &= ~early
    return frame[keep]
