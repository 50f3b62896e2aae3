"""Readers of Kolada reference data into the store's shape: the DDF CSV dump and the Kolada API JSON (v2 and v3).

DDF (open-numbers/ddf--kolada--dump): `datapoints--by--geo--year/ddf--datapoints--<kpi>--by--geo--year.csv`
(`geo,year,<kpi>`, kön T) and `datapoints--by--geo--gender--year/…` (`geo,gender,year,<kpi>`, gender k/m),
with titles and publication dates in `ddf--concepts.csv`. Kolada API v2 and v3 answer
`{"values": [{"kpi", "municipality", "period", "values": [{"gender", "value", "count", "status"}]}], …}`;
v2 pages with `next_page`, v3 with `next_url`. A value of null means Kolada has no value and is skipped.
Kolada's `municipality_groups` answer (a list, or `{"values": [...]}`) holds groups as
`{"id": "G…", "title": …, "members": [{"member_id", "member_title"}]}`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd

from suengine.errors import SuengineError
from suengine.reference.store import COLUMNS, GROUP_COLUMNS, area_type, normalise_area

_GENDER = {"t": "T", "k": "K", "m": "M"}


def read_ddf_concepts(folder: Path) -> pd.DataFrame:
    """KPI ids, titles, descriptions and publication dates from `ddf--concepts.csv` (measures only)."""
    path = Path(folder) / "ddf--concepts.csv"
    if not path.is_file():
        return pd.DataFrame(columns=["kpi", "titel", "beskrivning", "publicerad"])
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame = frame[frame["concept_type"] == "measure"]
    return pd.DataFrame({
        "kpi": frame["concept"].str.upper(),
        "titel": frame["name"],
        "beskrivning": frame["description"],
        "publicerad": frame.get("publication_date", ""),
    }).reset_index(drop=True)


def read_ddf_folder(folder: Path, fetched: str, kpis: set[str] | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """All datapoint files under `folder` (optionally only `kpis`) -> (values, KPI catalogue)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise SuengineError(f"mappen {folder} finns inte")
    concepts = read_ddf_concepts(folder)
    titles = dict(zip(concepts["kpi"], concepts["titel"]))
    published = dict(zip(concepts["kpi"], concepts["publicerad"]))
    frames = []
    files = sorted(folder.glob("datapoints--by--geo--year/ddf--datapoints--*--by--geo--year.csv"))
    files += sorted(folder.glob("datapoints--by--geo--gender--year/ddf--datapoints--*--by--geo--gender--year.csv"))
    for path in files:
        kpi_lower = path.name.split("--")[2]
        kpi = kpi_lower.upper()
        if kpis is not None and kpi not in kpis:
            continue
        raw = pd.read_csv(path, dtype=str, keep_default_na=False)
        missing = {"geo", "year", kpi_lower} - set(raw.columns)
        if missing:
            raise SuengineError(f"{path}: kolumnen {', '.join(sorted(missing))} saknas (väntade geo, year, {kpi_lower})")
        raw = raw[raw[kpi_lower] != ""]
        try:
            values = pd.to_numeric(raw[kpi_lower])
            years = raw["year"].astype(int)
        except ValueError as exc:
            raise SuengineError(f"{path}: ett värde eller år är inte ett tal ({exc})") from exc
        gender = raw["gender"].str.lower().map(_GENDER) if "gender" in raw.columns else "T"
        areas = raw["geo"].map(normalise_area)
        frames.append(pd.DataFrame({
            "kpi": kpi, "område": areas, "områdestyp": areas.map(area_type), "år": years, "kön": gender,
            "värde": values, "källa": f"Kolada via DDF-dump ({folder.name})", "kpi_titel": titles.get(kpi, ""),
            "hämtad": fetched, "publicerad": published.get(kpi, ""),
        }))
    values = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=COLUMNS)
    return values, concepts


def parse_api_json(payload: Any, fetched: str, titles: dict[str, str] | None = None, source: str = "Kolada API") -> pd.DataFrame:
    """One Kolada API data answer (v2 or v3) as store rows."""
    if not isinstance(payload, dict) or not isinstance(payload.get("values"), list):
        raise SuengineError(f"{source}: svaret har inte Koladas form (ett objekt med listan 'values')")
    rows = []
    titles = titles or {}
    for item in payload["values"]:
        try:
            kpi, area, year = str(item["kpi"]), normalise_area(item["municipality"]), int(item["period"])
            inner = item["values"]
        except (KeyError, TypeError, ValueError) as exc:
            raise SuengineError(f"{source}: en post saknar kpi, municipality, period eller values ({exc})") from exc
        for cell in inner:
            if cell.get("value") is None:
                continue
            rows.append({
                "kpi": kpi, "område": area, "områdestyp": area_type(area), "år": year,
                "kön": _GENDER.get(str(cell.get("gender", "T")).lower(), "T"), "värde": float(cell["value"]),
                "källa": source, "kpi_titel": titles.get(kpi, ""), "hämtad": fetched, "publicerad": "",
            })
    return pd.DataFrame(rows, columns=COLUMNS)


def next_page(payload: dict) -> str | None:
    """The URL of the next page: `next_page` (v2) or `next_url` (v3)."""
    return payload.get("next_page") or payload.get("next_url") or None


def read_api_file(path: Path, fetched: str) -> pd.DataFrame:
    try:
        payload = json.loads(Path(path).read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise SuengineError(f"{path} rad {exc.lineno}: ogiltig JSON ({exc.msg})") from exc
    return parse_api_json(payload, fetched, source=f"Kolada API ({Path(path).name})")


def parse_kpi_json(payload: Any) -> pd.DataFrame:
    """Kolada `/kpi` metadata answer -> KPI catalogue rows."""
    values = payload.get("values", []) if isinstance(payload, dict) else []
    return pd.DataFrame([
        {"kpi": str(v.get("id", "")), "titel": str(v.get("title", "")), "beskrivning": str(v.get("description", "")),
         "publicerad": str(v.get("publication_date", "") or "")}
        for v in values
    ], columns=["kpi", "titel", "beskrivning", "publicerad"])


def is_groups_json(payload: Any) -> bool:
    items = payload.get("values") if isinstance(payload, dict) else payload
    return isinstance(items, list) and bool(items) and isinstance(items[0], dict) and "members" in items[0]


def parse_groups_json(payload: Any, wanted: set[str] | None = None) -> pd.DataFrame:
    """Kolada `municipality_groups` (v2/v3, or a saved list) -> one row per group member."""
    items = payload.get("values") if isinstance(payload, dict) else payload
    if not isinstance(items, list):
        raise SuengineError("Koladas grupplista har inte formen [{id, title, members}]")
    rows = []
    for group in items:
        gid = str(group.get("id", ""))
        if not gid or (wanted is not None and gid not in wanted):
            continue
        for member in group.get("members") or []:
            rows.append({"grupp": gid, "titel": str(group.get("title", "")),
                         "medlem": normalise_area(member.get("member_id", member.get("id", ""))),
                         "medlem_namn": str(member.get("member_title", member.get("title", "")))})
    return pd.DataFrame(rows, columns=GROUP_COLUMNS)


def read_folder(folder: Path, fetched: str, kpis: set[str] | None = None,
                groups: set[str] | None = None) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Everything Kolada-shaped in `folder`: DDF datapoints, saved API answers and group lists (*.json).

    Returns (values, KPI catalogue, group members); `kpis`/`groups` limit what is kept (None: all)."""
    values, concepts = read_ddf_folder(folder, fetched, kpis)
    frames, member_frames = [values], []
    for path in sorted(Path(folder).glob("*.json")):
        try:
            payload = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise SuengineError(f"{path} rad {exc.lineno}: ogiltig JSON ({exc.msg})") from exc
        if is_groups_json(payload):
            member_frames.append(parse_groups_json(payload, groups))
        else:
            frames.append(parse_api_json(payload, fetched, source=f"Kolada API ({path.name})"))
    found = [f for f in frames if len(f)]
    values = pd.concat(found, ignore_index=True) if found else values
    if kpis is not None:
        values = values[values["kpi"].isin(kpis)]
    members = pd.concat(member_frames, ignore_index=True) if member_frames else pd.DataFrame(columns=GROUP_COLUMNS)
    return values, concepts, members
