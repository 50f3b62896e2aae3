"""Plausibility gates a build must pass before anything is published, and the warnings it records.

A delivery can be readable and still wrong: a barn file with only its header makes every other
row a broken relation, and the engine then computes a report full of zeros. These checks look at
the ingest counts, the case data and the results before any file is written:

| kontroll            | stoppar när                                               | åsidosätts med          |
|---------------------|-----------------------------------------------------------|-------------------------|
| `bortfall`          | mer än gränsen (standard 5 %) av en entitets rader avvisas | `--tillåt-bortfall`     |
| `tom_entitet`       | en levererad entitet har inga godkända rader               | `--tillåt-tom-entitet`  |
| `framtida_uttag`    | uttagsdatum ligger efter dagens datum                      | (går inte att åsidosätta) |
| `år_utan_data`      | ett redovisat år har inga händelser alls i leveransen      | `--tillåt-år-utan-data` |
| `hopp` (varning)    | en total ändras kraftigt mot föregående version av samma år | (varnar bara)           |

Overridden stops and warnings are listed in the version's manifest.json (`kontroller`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import pandas as pd

from suengine.errors import SuengineError

REJECTED = "bortfall"
EMPTY = "tom_entitet"
FUTURE = "framtida_uttag"
NO_DATA = "år_utan_data"
JUMP = "hopp"
FLAGS = {REJECTED: "--tillåt-bortfall", EMPTY: "--tillåt-tom-entitet", NO_DATA: "--tillåt-år-utan-data"}
OVERRIDABLE = tuple(FLAGS)
DEFAULT_MAX_REJECTED_PERCENT = 5.0
JUMP_POINTS = 20.0  # procentenheter, for shares
JUMP_RELATIVE = 0.5  # for counts, rates and sums: half the earlier value


@dataclass(frozen=True)
class Finding:
    check: str
    message: str  # Swedish


@dataclass
class Outcome:
    """What the gates found: stops that were overridden and warnings, for the manifest."""

    overridden: list[Finding] = field(default_factory=list)
    warnings: list[Finding] = field(default_factory=list)
    allowed: tuple[str, ...] = ()

    def manifest(self) -> dict[str, object]:
        return {
            "tillåtna": list(self.allowed),
            "åsidosatta": [{"kontroll": f.check, "meddelande": f.message} for f in self.overridden],
            "varningar": [{"kontroll": f.check, "meddelande": f.message} for f in self.warnings],
        }


def _percent(share: float) -> str:
    return f"{share * 100:.1f}".replace(".", ",") + " %"


def _number(value: float) -> str:
    return f"{value:.4g}".replace(".", ",")


def entity_counts(summary: pd.DataFrame) -> dict[str, tuple[int, int]]:
    """(rows read, rows accepted) per entity from the ingest quality summary."""
    rows = summary[summary["avsnitt"] == "entitet"]
    counts: dict[str, dict[str, int]] = {}
    for _, row in rows.iterrows():
        counts.setdefault(str(row["entitet"]), {})[str(row["mått"])] = int(str(row["värde"]) or 0)
    return {name: (c.get("rader_lästa", 0), c.get("rader_godkända", 0)) for name, c in counts.items()}


def delivered_entities(summary: pd.DataFrame) -> dict[str, list[str]]:
    """Entities that at least one delivered file was read for, with those files."""
    files: dict[str, list[str]] = {}
    for _, row in summary[summary["avsnitt"] == "fil"].iterrows():
        names = files.setdefault(str(row["entitet"]), [])
        if str(row["fil"]) not in names:
            names.append(str(row["fil"]))
    return files


def _examples(problems: pd.DataFrame | None, entity: str, limit: int = 3) -> str:
    """The first rejected rows of an entity, as 'fil rad N: meddelande' lines."""
    if problems is None or problems.empty:
        return ""
    rows = problems[(problems["entitet"] == entity) & (problems["åtgärd"] == "raden avvisas")].head(limit)
    lines = [f"\n      {r['fil']} rad {r['rad']}: {r['meddelande']}" for _, r in rows.iterrows()]
    return "".join(lines)


def rejected_shares(counts: Mapping[str, tuple[int, int]], limit_percent: float, problems: pd.DataFrame | None = None) -> list[Finding]:
    found = []
    for name, (read, accepted) in counts.items():
        if read and accepted and (read - accepted) / read * 100 > limit_percent:
            found.append(Finding(REJECTED, (
                f"{read - accepted} av {read} rader i {name} avvisades ({_percent((read - accepted) / read)}); gränsen är "
                f"{str(limit_percent).replace('.', ',').removesuffix(',0')} %. Rätta leveransen (se problem.csv), eller "
                "bygg med --tillåt-bortfall om bortfallet är känt och ska redovisas" + _examples(problems, name))))
    return found


def empty_entities(counts: Mapping[str, tuple[int, int]], delivered: Mapping[str, list[str]], problems: pd.DataFrame | None = None) -> list[Finding]:
    found = []
    for name in sorted(delivered):
        read, accepted = counts.get(name, (0, 0))
        if accepted == 0:
            why = "filen har bara en rubrikrad" if read == 0 else f"alla {read} rader avvisades"
            found.append(Finding(EMPTY, (
                f"{name} ({', '.join(delivered[name])}) levererades men har inga godkända rader ({why}); en rapport byggd på den blir fel. "
                "Rätta leveransen, eller bygg med --tillåt-tom-entitet om entiteten ska vara tom" + _examples(problems, name))))
    return found


def future_extraction(extraction: dt.date, today: dt.date) -> list[Finding]:
    if extraction > today:
        return [Finding(FUTURE, f"uttagsdatum {extraction.isoformat()} i leverans.yml ligger efter dagens datum "
                                f"{today.isoformat()}; rätta uttagsdatum")]
    return []


def years_with_events(tables: Mapping[str, pd.DataFrame]) -> set[int]:
    """Calendar years in which any date of any table falls (birth dates are no events)."""
    years: set[int] = set()
    for frame in tables.values():
        for name, column in frame.items():
            if name != "födelsedatum" and pd.api.types.is_datetime64_any_dtype(column):
                years.update(int(y) for y in column.dt.year.dropna().unique())
    return years


def years_without_data(years: Iterable[int], tables: Mapping[str, pd.DataFrame]) -> list[Finding]:
    present = years_with_events(tables)
    missing = [y for y in years if y not in present]
    if not missing:
        return []
    listed = ", ".join(str(y) for y in missing)
    return [Finding(NO_DATA, (
        f"leveransen har inga händelser alls under {listed}, men rapporten redovisar {'det året' if len(missing) == 1 else 'de åren'}; "
        "välj år med --år, rätta leveransens period, eller bygg med --tillåt-år-utan-data"))]


def _totals(frame: pd.DataFrame) -> dict[tuple[str, str], tuple[float, str]]:
    if frame is None or frame.empty:
        return {}
    out: dict[tuple[str, str], tuple[float, str]] = {}
    for row in frame.to_dict("records"):
        if str(row.get("uppdelning") or "total") != "total" or str(row.get("stratum") or "") or str(row.get("kategori") or ""):
            continue
        if str(row.get("undertryckt", "")).strip().lower() in ("true", "1", "ja"):
            continue
        value = pd.to_numeric(row.get("värde"), errors="coerce")
        if pd.isna(value):
            continue
        out[(str(row["indikator_id"]), str(row["period"]))] = (float(value), str(row.get("enhet") or ""))
    return out


def jumps(new: pd.DataFrame, previous: pd.DataFrame | None, previous_version: str) -> list[Finding]:
    """Totals that moved implausibly since the previous version of the same report year (a warning)."""
    if previous is None:
        return []
    before = _totals(previous)
    found = []
    for key, (value, unit) in sorted(_totals(new).items()):
        if key not in before:
            continue
        old = before[key][0]
        if unit == "procent":
            implausible = abs(value - old) > JUMP_POINTS
        else:
            implausible = abs(value - old) > JUMP_RELATIVE * max(abs(old), 1.0)
        if implausible:
            indicator, period = key
            found.append(Finding(JUMP, (
                f"{indicator} {period}: {_number(old)} i version {previous_version} men {_number(value)} nu; "
                "kontrollera att leveranserna är jämförbara")))
    return found


def check(stops: list[Finding], warnings: list[Finding], allowed: Iterable[str] = ()) -> Outcome:
    """Raise a SuengineError listing every stop not allowed; else the outcome for the manifest."""
    allowed = tuple(sorted(set(allowed)))
    unknown = [a for a in allowed if a not in OVERRIDABLE]
    if unknown:
        raise SuengineError(f"okänd kontroll att tillåta: {', '.join(unknown)}")
    blocking = [f for f in stops if f.check not in allowed]
    if blocking:
        raise SuengineError(
            "leveransen klarade inte rimlighetskontrollen; inget publiceras:\n" + "\n".join(f"  - {f.message}" for f in blocking))
    return Outcome(overridden=[f for f in stops if f.check in allowed], warnings=list(warnings), allowed=allowed)
