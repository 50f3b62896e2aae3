"""Shared fixtures: a hand-built results table (docs/resultat.md) and the indicators behind it.

The table is written by hand, not by the engine, so renderer tests do not depend on it. It holds
three indicators over 2021–2025 with breakdowns, one suppressed stratum (flickor 2025: 3 of 7 =
42,857 %, för få) with its secondary partner (pojkar 2025), one missing value (2023) and every
status. `SUPPRESSED_TEXTS` lists how the hidden figures would look if they leaked.
`machine_paths_in` finds absolute paths of the build machine in published files. `browser` is the
one headless Chromium of the test session (the site's and the report's browser tests share it: two
Playwright sync sessions cannot be open at once, whichever order or worker runs the tests).
"""

from __future__ import annotations

import math
import re
import shutil
import sys
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from scheduling import make_scheduler, rank
from skips import browser_missing

from suengine.definitions.model import Indicator, indicator_from_dict
from suengine.resources import project_root

YEARS = ("2021", "2022", "2023", "2024", "2025")


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """`make test` runs on every core: one module (or tests/report/, tests/site/) per work unit (tests/scheduling.py)."""
    return make_scheduler(config, log)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """On an xdist worker, the slowest units first (a stable sort: the order within a unit is kept)."""
    if hasattr(config, "workerinput"):
        items.sort(key=lambda item: rank(item.nodeid))


@pytest.fixture(autouse=True)
def _no_project_left_active():
    """A command run inside a test project switches on its data-model extension and mappings; later tests start clean."""
    yield
    from suengine.casedata.datamodel import use_extensions
    from suengine.ingest.mapping import use_local_mappings

    use_extensions([])
    use_local_mappings([])

# Every way the hidden numbers of the suppressed strata could be printed. None of them may appear in
# any published file (the counts 3 and 7 are too common to search for; the tests look at the rows instead).
SUPPRESSED_TEXTS = (
    "42,9", "42.9", "42,857", "42.857", "43 %", "43\u00a0%", "43%",  # flickor 2025: 3 of 7
    "95,7", "95.7", "95,699", "95.699",  # pojkar 2025 (secondary): 89 of 93
    "15,82", "15.82", "74,95", "74.95", "16–75",  # flickor's interval
    "89,45", "89.45", "98,31", "98.31", "89–98",  # pojkar's interval
)

RESULT_COLUMNS = (
    "indikator_id", "version", "period", "period_start", "period_slut", "uppdelning", "stratum", "kategori",
    "urval", "exkluderade", "undantag", "censurerade", "nämnare", "täljare", "bortfall_nämnare",
    "bortfall_täljare", "värde", "enhet", "ki_låg", "ki_hög", "värde_saknas", "status", "undertryckt",
    "undertryckt_orsak", "föregående_värde", "förändring",
)


def wilson(successes: float, n: float, z: float = 1.959964) -> tuple[float, float]:
    p = successes / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    return 100 * (centre - half), 100 * (centre + half)


def _status(value: float | None, green: float | None, yellow: float | None, higher_is_better: bool) -> str:
    if value is None or green is None or yellow is None:
        return "ingen"
    if higher_is_better:
        return "grön" if value >= green else "gul" if value >= yellow else "röd"
    return "grön" if value <= green else "gul" if value <= yellow else "röd"


def _row(indicator: str, version: int, period: str, dimension: str, stratum: str, unit: str, **values: Any) -> dict[str, Any]:
    row: dict[str, Any] = {column: None for column in RESULT_COLUMNS}
    row.update(
        indikator_id=indicator, version=version, period=period, period_start=f"{period}-01-01",
        period_slut=f"{period}-12-31", uppdelning=dimension, stratum=stratum, kategori="", enhet=unit,
        exkluderade=0, undantag=0, censurerade=0, bortfall_nämnare=0, bortfall_täljare=0,
        värde_saknas="", status="ingen", undertryckt=False, undertryckt_orsak="",
    )
    row.update(values)
    return row


def _share_rows(
    indicator: str, versions: dict[str, int], dimension: str, stratum: str,
    counts: dict[str, tuple[int, int] | None], target: tuple[float, float, bool],
    suppressed: dict[str, str] | None = None,
) -> list[dict[str, Any]]:
    rows = []
    for period in YEARS:
        pair = counts.get(period)
        if pair is None:
            rows.append(_row(indicator, versions[period], period, dimension, stratum, "procent",
                             urval=0, nämnare=None, täljare=None, värde=None, värde_saknas="bortfall"))
            continue
        numerator, denominator = pair
        value = 100 * numerator / denominator
        low, high = wilson(numerator, denominator)
        reason = (suppressed or {}).get(period, "")
        rows.append(_row(
            indicator, versions[period], period, dimension, stratum, "procent",
            urval=denominator + 2, exkluderade=2, nämnare=denominator, täljare=numerator, värde=value,
            ki_låg=low, ki_hög=high, bortfall_nämnare=1 if stratum == "" else 0,
            status=_status(value, *target), undertryckt=bool(reason), undertryckt_orsak=reason,
        ))
    _chain(rows)
    return rows


def _chain(rows: list[dict[str, Any]]) -> None:
    """föregående_värde and förändring, as the engine fills them (internal values, not masked)."""
    previous = None
    for row in rows:
        row["föregående_värde"] = previous
        if previous is not None and row["värde"] is not None:
            row["förändring"] = row["värde"] - previous
        previous = row["värde"]


def _results_rows() -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    v1 = dict.fromkeys(YEARS, 1)
    target_4m = (90.0, 75.0, True)
    rows += _share_rows("utredning-inom-4-manader", v1, "total", "",
                        {"2021": (94, 120), "2022": (102, 120), "2023": None, "2024": (88, 100), "2025": (92, 100)}, target_4m)
    rows += _share_rows("utredning-inom-4-manader", v1, "kön", "flicka",
                        {"2021": (45, 58), "2022": (50, 60), "2023": None, "2024": (40, 46), "2025": (3, 7)}, target_4m,
                        suppressed={"2025": "för_få"})
    rows += _share_rows("utredning-inom-4-manader", v1, "kön", "pojke",
                        {"2021": (49, 62), "2022": (52, 60), "2023": None, "2024": (48, 54), "2025": (89, 93)}, target_4m,
                        suppressed={"2025": "sekundär"})
    rows += _share_rows("utredning-inom-4-manader", v1, "åldersgrupp", "0–12 år",
                        {"2021": (50, 64), "2022": (55, 64), "2023": None, "2024": (47, 52), "2025": (50, 55)}, target_4m)
    rows += _share_rows("utredning-inom-4-manader", v1, "åldersgrupp", "13–20 år",
                        {"2021": (44, 56), "2022": (47, 56), "2023": None, "2024": (41, 48), "2025": (42, 45)}, target_4m)

    versions = {"2021": 1, "2022": 1, "2023": 1, "2024": 2, "2025": 2}
    target_re = (15.0, 25.0, False)
    rows += _share_rows("ateraktualisering-inom-2-ar", versions, "total", "",
                        {"2021": (30, 100), "2022": (27, 100), "2023": (24, 100), "2024": (20, 100), "2025": (14, 100)}, target_re)
    rows += _share_rows("ateraktualisering-inom-2-ar", versions, "kön", "flicka",
                        {"2021": (14, 48), "2022": (12, 47), "2023": (11, 50), "2024": (9, 49), "2025": (6, 45)}, target_re)
    rows += _share_rows("ateraktualisering-inom-2-ar", versions, "kön", "pojke",
                        {"2021": (16, 52), "2022": (15, 53), "2023": (13, 50), "2024": (11, 51), "2025": (8, 55)}, target_re)

    placed = []
    for period, count, rate in zip(YEARS, (57, 60, 55, 56, 53), (4.1, 4.3, 3.9, 4.0, 3.8)):
        placed.append(_row("placerade-barn-per-1000", 1, period, "total", "", "per 1 000",
                           urval=count, nämnare=count, värde=rate, status="ingen"))
    _chain(placed)
    rows += placed
    return rows


@pytest.fixture(scope="session")
def suppressed_texts() -> tuple[str, ...]:
    return SUPPRESSED_TEXTS


@pytest.fixture(scope="session")
def results_table() -> pd.DataFrame:
    """The hand-built results table, typed as the engine writes it."""
    frame = pd.DataFrame(_results_rows(), columns=list(RESULT_COLUMNS))
    frame["undertryckt"] = frame["undertryckt"].astype(bool)
    for column in ("värde", "ki_låg", "ki_hög", "nämnare", "täljare", "föregående_värde", "förändring"):
        frame[column] = pd.to_numeric(frame[column])
    return frame


INDICATOR_DEFINITIONS: tuple[dict[str, Any], ...] = (
    {
        "id": "utredning-inom-4-manader", "version": 1,
        "namn": "Andel utredningar som avslutats inom fyra månader", "kortnamn": "Utredning inom 4 mån",
        "mått": "Andel av de barnavårdsutredningar som avslutades under perioden där utredningstiden var högst fyra kalendermånader.",
        "syfte": "En utredning ska vara slutförd inom fyra månader (11 kap. 2 § SoL).",
        "kvalitetsområde": "tillgänglighet", "indikatorområde": "handläggning", "typ": "process",
        "källa": "Verksamhetssystemet, utredningar.", "felkällor": "Fel startdatum.",
        "jämförbarhet": "Version 1. Jämförbar över åren.",
        "bas": "utredning", "perioddatum": "slut",
        "populationer": {
            "urval": {"beskrivning": "Barnavårdsutredningar som avslutades under perioden.",
                      "villkor": {"fält": "utredningstyp", "är": "barnavård"}},
            "exkludering": {"beskrivning": "Utredningar som avslutades utan beslut.",
                            "villkor": {"fält": "avslutsorsak", "är": "ej_aktuellt"}},
            "täljare": {"beskrivning": "Utredningar som avslutades inom fyra månader.",
                        "villkor": {"tid_mellan": {"från": "start", "till": "slut", "högst": {"månader": 4}}}},
        },
        "beräkning": {"typ": "andel"},
        "uppdelningar": ["kön", {"fält": "ålder", "namn": "åldersgrupp",
                                 "grupper": [{"etikett": "0–12 år", "från": 0, "till": 12},
                                             {"etikett": "13–20 år", "från": 13, "till": 20}]}],
        "målvärde": {"typ": "tröskel", "riktning": "högre_är_bättre", "grön": 90, "gul": 75,
                     "text": "Minst 90 procent av utredningarna ska vara klara inom fyra månader."},
        "testfall": [],
    },
    {
        "id": "ateraktualisering-inom-2-ar", "version": 2,
        "namn": "Andel barn som återaktualiserats inom två år efter avslutad insats",
        "kortnamn": "Återaktualisering inom 2 år",
        "mått": "Andel barn med avslutad insats som aktualiserades igen med samma huvudorsak inom 24 månader.",
        "syfte": "Visar om insatserna ger varaktig effekt.",
        "kvalitetsområde": "kunskapsbaserad", "indikatorområde": "uppföljning", "typ": "resultat",
        "källa": "Verksamhetssystemet, insatser och aktualiseringar.",
        "jämförbarhet": "Version 2 från 2024: samma huvudorsak krävs. Ej jämförbar med åren före 2024.",
        "bas": "barn", "poster": "insats", "perioddatum": "slut",
        "uppföljningsfönster": {"från": "slut", "längd": {"månader": 24}},
        "populationer": {
            "urval": {"beskrivning": "Barn vars insats avslutades under perioden."},
            "täljare": {"beskrivning": "Barn som återaktualiserades med samma huvudorsak inom 24 månader.",
                        "villkor": {"relaterad": {"entitet": "aktualisering", "datumfält": "datum", "från": "slut",
                                                  "inom": {"månader": 24}, "samma_värde": ["huvudorsak"]}}},
        },
        "beräkning": {"typ": "andel"},
        "uppdelningar": ["kön"],
        "målvärde": {"typ": "tröskel", "riktning": "lägre_är_bättre", "grön": 15, "gul": 25,
                     "text": "Högst 15 procent ska återaktualiseras."},
        "testfall": [],
    },
    {
        "id": "placerade-barn-per-1000", "version": 1,
        "namn": "Placerade barn per 1 000 invånare 0–17 år", "kortnamn": "Placerade barn per 1 000",
        "mått": "Antal barn med pågående placering per 1 000 invånare 0–17 år.",
        "syfte": "Bakgrundsmått för att förstå verksamhetens volym.",
        "kvalitetsområde": "effektivitet", "indikatorområde": "uppföljning", "typ": "bakgrundsmått",
        "källa": "Verksamhetssystemet och SCB:s befolkningsstatistik.",
        "bas": "barn", "poster": "insats", "perioddatum": "start",
        "populationer": {"urval": {"beskrivning": "Barn med placering under perioden.",
                                   "villkor": {"fält": "insatstyp", "en_av": ["hvb", "familjehem"]}}},
        "beräkning": {"typ": "kvot", "per": 1000, "befolkning": {"ålder": [0, 17]}},
        "målvärde": {"typ": "ingen", "text": "Bakgrundsmått, färgläggs inte."},
        "testfall": [],
    },
)


@pytest.fixture(scope="session")
def indicators() -> list[Indicator]:
    return [indicator_from_dict(raw, path=f"indicators/{raw['indikatorområde']}/{raw['id']}.yml") for raw in INDICATOR_DEFINITIONS]


# --- paths of the build machine in published files ------------------------------------------------

_ZIPPED = (".docx", ".xlsx")


def _published_texts(folder: Path) -> Iterator[tuple[str, str]]:
    """(name, text) of every file under `folder`; DOCX and XLSX are opened and every part read."""
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        name = path.relative_to(folder).as_posix()
        if path.suffix.lower() in _ZIPPED:
            with zipfile.ZipFile(path) as archive:
                for member in archive.namelist():
                    yield f"{name}!{member}", archive.read(member).decode("utf-8", errors="replace")
        else:
            yield name, path.read_bytes().decode("utf-8", errors="replace")


def build_machine_paths(extra: Iterable[Path | str] = ()) -> list[str]:
    """Absolute paths of this machine that a published file must never hold: the repository, the
    Python environment, $HOME, the temporary folder of this test run, and `extra` (e.g. a build's cwd)."""
    candidates = [project_root(), Path(sys.prefix), Path.home(), *[Path(p) for p in extra]]
    paths = {str(p.resolve()) for p in candidates} | {str(p) for p in candidates}
    return sorted(p for p in paths if p not in ("/", ""))


def find_machine_paths(folder: Path, extra: Iterable[Path | str] = ()) -> list[str]:
    """`file: path` for every occurrence of a build-machine path in the files under `folder`."""
    patterns = {p: re.compile(re.escape(p) + r"(?![\w.-])") for p in build_machine_paths(extra)}
    return [f"{name}: {path}" for name, text in _published_texts(folder)
            for path, pattern in patterns.items() if pattern.search(text)]


@pytest.fixture(scope="session")
def machine_paths_in(tmp_path_factory: pytest.TempPathFactory):
    """`machine_paths_in(folder, extra=())`: the build-machine paths (this test run's temporary
    folder included) found in the published files under `folder`; empty when there are none."""
    def find(folder: Path, extra: Iterable[Path | str] = ()) -> list[str]:
        return find_machine_paths(folder, [*extra, tmp_path_factory.getbasetemp()])
    return find


# --- the one headless Chromium of the session ---------------------------------------------------------

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's chromium under Playwright; skips (or fails where SUENGINE_KRAV_WEBBLASARE is set) when missing."""
    if not CHROMIUM.exists() and shutil.which("chromium") is None:
        browser_missing("Chromium saknas (/usr/bin/chromium): installera Debian-paketet chromium, `make test` gör det som root")
    from playwright.sync_api import sync_playwright

    executable = CHROMIUM if CHROMIUM.exists() else Path(shutil.which("chromium") or "")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(executable), args=CHROMIUM_ARGS)
        try:
            yield instance
        finally:
            instance.close()
