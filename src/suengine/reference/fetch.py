"""Fetch reference values from Kolada's API with a cache in `referens/cache/`, and work offline from that cache.

Every answer is saved unchanged as JSON in the cache before it is read, so a later run without
network reads the same answers. Network errors become one clear Swedish message; nothing in the
store changes when a fetch fails half-way (the store is written once, after all answers are read).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from suengine.errors import SuengineError
from suengine.reference.readers import next_page, parse_api_json, parse_groups_json
from suengine.reference.store import COLUMNS, GROUP_COLUMNS, STORE_FOLDER

DEFAULT_BASE_URL = "https://api.kolada.se/v3"
TIMEOUT_SECONDS = 5
CACHE_FOLDER = "cache"
MAX_PAGES = 50


class OfflineError(SuengineError):
    """Kolada could not be reached and the cache has no answer."""


@dataclass
class FetchResult:
    values: pd.DataFrame
    from_network: list[str] = field(default_factory=list)
    from_cache: list[str] = field(default_factory=list)


def areas_for(municipality: str, groups: Iterable[str] = ()) -> list[str]:
    """The kommun, its län (`00` + the kommun code's first two digits), riket and the groups."""
    code = str(municipality).zfill(4)
    if not (code.isdigit() and len(code) == 4):
        raise SuengineError(f"kommunkoden '{municipality}' ska vara fyra siffror, t.ex. 0180")
    return [code, "00" + code[:2], "0000", *[str(g) for g in groups]]


def data_url(base: str, kpi: str, areas: list[str], years: list[int] | None = None) -> str:
    url = f"{base.rstrip('/')}/data/kpi/{kpi}/municipality/{','.join(areas)}"
    if years:
        url += "/year/" + ",".join(str(y) for y in years)
    return url


def all_municipalities_url(base: str, kpi: str, years: list[int]) -> str:
    """Every kommun's, län's and riket's values of `kpi` for `years` (what quartiles among all kommuner need)."""
    return f"{base.rstrip('/')}/data/kpi/{kpi}/year/{','.join(str(y) for y in years)}"


def group_url(base: str, group: str) -> str:
    """One of Kolada's kommungrupper (`municipality_groups`) with its members."""
    return f"{base.rstrip('/')}/municipality_groups/{group}"


def _cache_path(root: Path, url: str) -> Path:
    """The cache file of one answer, keyed on the URL's path and query (not the host: a mirror shares it)."""
    parts = urllib.parse.urlsplit(url)
    digest = hashlib.sha256(f"{parts.path}?{parts.query}".encode("utf-8")).hexdigest()[:20]
    return Path(root) / STORE_FOLDER / CACHE_FOLDER / f"{digest}.json"


def _get(url: str, timeout: float) -> dict:
    request = urllib.request.Request(url, headers={"Accept": "application/json", "User-Agent": "suengine"})
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (https/http only, URL built here)
        return json.loads(response.read().decode("utf-8"))


def fetch_pages(root: Path, url: str, *, offline: bool = False, timeout: float = TIMEOUT_SECONDS) -> tuple[list[tuple[dict, str]], bool]:
    """All pages of one answer with their fetch date, from the network (cached) or the cache; (pages, from_network)."""
    pages, from_network, current = [], False, url
    for _ in range(MAX_PAGES):
        cached = _cache_path(root, current)
        payload, fetched = None, dt.date.today().isoformat()
        if not offline:
            try:
                payload = _get(current, timeout)
                from_network = True
                cached.parent.mkdir(parents=True, exist_ok=True)
                cached.write_text(json.dumps({"url": current, "hämtad": fetched, "svar": payload},
                                             ensure_ascii=False), encoding="utf-8")
            except (urllib.error.URLError, TimeoutError, OSError, json.JSONDecodeError):
                payload, offline = None, True  # once unreachable, read the remaining pages from the cache too
        if payload is None:
            if not cached.is_file():
                raise OfflineError(
                    f"kunde inte nå Kolada ({current}) och det finns inget sparat svar i {cached.parent}. "
                    "Kontrollera nätverket och försök igen, eller läs in Koladas data från en mapp med "
                    "`suengine referens läs MAPP`."
                )
            saved = json.loads(cached.read_text(encoding="utf-8"))
            payload, fetched = saved["svar"], saved["hämtad"]
        pages.append((payload, fetched))
        current = next_page(payload)
        if not current:
            break
    return pages, from_network


def fetch(root: Path, kpis: Iterable[str], areas: list[str], *, base_url: str = DEFAULT_BASE_URL,
          years: list[int] | None = None, offline: bool = False, timeout: float = TIMEOUT_SECONDS,
          titles: dict[str, str] | None = None, all_municipalities: bool = False) -> FetchResult:
    """Values of `kpis` for `areas`, from Kolada or the cache; raises OfflineError before changing anything.

    With `all_municipalities` (and `years`), every kommun's values of those years are fetched as well:
    the quartiles of `målvärde: {typ: relativ}` are taken among all kommuner."""
    if all_municipalities and not years:
        raise SuengineError("alla kommuners värden hämtas per år: ange vilka år med --år")
    result = FetchResult(pd.DataFrame(columns=COLUMNS))
    frames = []
    version = "v3" if "/v3" in base_url else "v2" if "/v2" in base_url else "API"
    for kpi in sorted(set(kpis)):
        urls = [data_url(base_url, kpi, areas, years)]
        if all_municipalities:
            urls.append(all_municipalities_url(base_url, kpi, years))
        networked_any = False
        for url in urls:
            pages, networked = fetch_pages(root, url, offline=offline, timeout=timeout)
            networked_any |= networked
            for page, fetched in pages:
                frames.append(parse_api_json(page, fetched, titles, source=f"Kolada API {version}"))
        (result.from_network if networked_any else result.from_cache).append(kpi)
    if frames:
        values = pd.concat(frames, ignore_index=True)
        result.values = values.drop_duplicates(subset=["kpi", "område", "år", "kön"], keep="first").reset_index(drop=True)
    return result


def fetch_groups(root: Path, groups: Iterable[str], *, base_url: str = DEFAULT_BASE_URL, offline: bool = False,
                 timeout: float = TIMEOUT_SECONDS) -> pd.DataFrame:
    """The members of Kolada's kommungrupper `groups` (one row per member), from Kolada or the cache."""
    frames = [pd.DataFrame(columns=GROUP_COLUMNS)]
    for group in sorted(set(groups)):
        pages, _ = fetch_pages(root, group_url(base_url, group), offline=offline, timeout=timeout)
        frames.extend(parse_groups_json(page) for page, _ in pages)
    return pd.concat(frames, ignore_index=True)
