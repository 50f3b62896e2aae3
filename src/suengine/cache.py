"""What one build computed that the next build may reuse, keyed by the hashes of its inputs.

`suengine build` keeps stage results in the project's `.cache/` (beside `diagram/`, see
`render/chart_cache.py`). The evaluation is keyed by

- the case data after ingest (every table's content, so the delivery, the mappings, the
  datamodel extension and the ingest code are all in it), the uttagsdatum and what was delivered,
- the indicator definitions as loaded (the catalogue with the project's changes and local indicators),
- the years, the disclosure threshold and the bortfall limit,
- the code that evaluates and protects (`CODE_PACKAGES`) and the engine version.

Equal keys mean the same results, so a rebuild after a commentary change evaluates nothing and
renders from the stored results; any change to one of these inputs computes anew. What earlier
versions of the same year hid is carried into a new version: stored results are reused only
when they hide all of it already (`reuse_results`). Later stages keep their outcome the same way
(`reuse.py`: the disclosure audit, the workbook; `publish/integrity.py`: the files the privacy
gate found clean), each keyed by `content_digest` of everything it reads and the source of the
code that produces it. The delivery is read and checked every time; the published version is
always a complete new folder.

The folder holds aggregated, *unprotected* results (every count before disclosure control) —
less than the deliveries in `leveranser/` beside it, but not for publishing: it stays in the
project, is gitignored (`suengine init`), and may be deleted at any time (then everything is
computed again). An entry that cannot be read is computed again; entries are written under a
temporary name and renamed. Only the newest `KEEP` entries per stage are kept.
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import os
import pickle
import secrets
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from suengine import __version__

FOLDER = "steg"
KEEP = 4  # entries per stage (one per recent set of inputs)
CODE_PACKAGES = ("engine", "publish", "definitions", "casedata")  # decide the results from case data and definitions
FROM_CACHE = "från cachen"
COMPUTED = "beräknat"


@lru_cache(maxsize=1)
def code_version() -> str:
    """Engine version and the source of every module that turns case data and definitions into results."""
    root = Path(__file__).resolve().parent
    digest = hashlib.sha256(__version__.encode())
    for package in CODE_PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def frame_digest(frame: Any) -> str | None:
    """A content hash of a pandas table (values, index, column names and types); None for anything else."""
    import pandas as pd

    if not isinstance(frame, pd.DataFrame):
        return None
    digest = hashlib.sha256(repr([(str(c), str(t)) for c, t in frame.dtypes.items()]).encode())
    try:
        digest.update(pd.util.hash_pandas_object(frame, index=True).to_numpy().tobytes())
    except TypeError:  # unhashable cells (lists, dicts): their text is their content
        digest.update(frame.to_csv().encode("utf-8"))
    return digest.hexdigest()


def key_of(parts: Iterable[object]) -> str | None:
    """The key of a stage from its inputs (text, numbers, tuples, table digests); None when one could not be hashed."""
    listed = list(parts)
    if any(p is None for p in listed):
        return None
    return hashlib.sha256(repr(listed).encode("utf-8")).hexdigest()


@lru_cache(maxsize=None)
def source_digest(*parts: str) -> str:
    """The engine version and the source of the given packages or modules (paths under `suengine/`, e.g.
    `render` or `publish/privacy.py`): a stage's outcome is only reused when the code that made it is the same."""
    root = Path(__file__).resolve().parent
    digest = hashlib.sha256(__version__.encode())
    for part in parts:
        path = root / part
        for file in sorted(path.rglob("*.py")) if path.is_dir() else [path]:
            digest.update(file.relative_to(root).as_posix().encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()


def content_digest(value: object) -> str | None:
    """A hash of a stage input: tables by content (`frame_digest`), dataclasses, mappings and sequences
    part by part, sets in sorted order, plain values by their repr; None for anything else (then the
    stage is not reused). Unlike repr(), a large table is never abbreviated."""
    digest = hashlib.sha256()

    def walk(item: object) -> bool:
        import dataclasses

        import pandas as pd

        if isinstance(item, pd.DataFrame):
            found = frame_digest(item)
            digest.update(b"F" + (found or "").encode())
            return found is not None
        if isinstance(item, pd.Series):
            return walk(item.to_frame())
        if dataclasses.is_dataclass(item) and not isinstance(item, type):
            digest.update(b"D" + type(item).__qualname__.encode())
            return all(walk(f.name) and walk(getattr(item, f.name)) for f in dataclasses.fields(item))
        if isinstance(item, Mapping):
            digest.update(b"M%d" % len(item))
            return all(walk(k) and walk(v) for k, v in item.items())
        if isinstance(item, (list, tuple)):
            digest.update(b"L%d" % len(item))
            return all(walk(v) for v in item)
        if isinstance(item, (set, frozenset)):
            parts = [content_digest(v) for v in item]
            digest.update(b"S" + repr(sorted(p or "" for p in parts)).encode())
            return None not in parts
        if item is None or isinstance(item, (str, int, float, bool, bytes, Path, dt.date, enum.Enum)):
            digest.update(b"V" + repr(item).encode("utf-8", "surrogatepass"))
            return True
        return False

    return digest.hexdigest() if walk(value) else None


@dataclass
class StageCache:
    """Stage results by (stage, key) in `folder`; without a folder nothing is kept and nothing found."""

    folder: Path | None
    log: dict[str, str] = field(default_factory=dict)  # stage → FROM_CACHE or COMPUTED, for the log and the tests

    def get(self, stage: str, key: str | None) -> Any | None:
        if self.folder is None or key is None:
            return None
        path = self.folder / FOLDER / stage / f"{key}.pickle"
        try:
            with open(path, "rb") as handle:
                value = pickle.load(handle)  # our own folder, written by put below
        except Exception:  # noqa: BLE001 - missing, partial, or from another pandas: compute again
            return None
        os.utime(path)  # recently used: kept by the pruning below
        self.log[stage] = FROM_CACHE
        return value

    def put(self, stage: str, key: str | None, value: Any) -> None:
        """Keep a computed result; a folder that cannot be written only costs the computation next time."""
        self.log[stage] = COMPUTED
        if self.folder is None or key is None:
            return
        folder = self.folder / FOLDER / stage
        temporary = folder / f".{key}.{secrets.token_hex(4)}.tmp"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            with open(temporary, "wb") as handle:
                pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, folder / f"{key}.pickle")
            entries = sorted(folder.glob("*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
            for old in entries[KEEP:]:
                old.unlink(missing_ok=True)
        except OSError:
            pass
        finally:
            temporary.unlink(missing_ok=True)


def evaluation_key(data: Any, model: Any, indicators: list[Any], years: list[int], threshold: int,
                   bortfall_limit: float) -> str | None:
    """The key of the evaluation (see the module docstring); None when the case data cannot be hashed."""
    delivered = None if data.delivered is None else sorted((k, sorted(v)) for k, v in data.delivered.items())
    return key_of([
        "beräkning", code_version(), repr(model), repr(indicators), tuple(years), threshold, bortfall_limit,
        str(data.extraction_date), data.municipality, data.source_system, sorted(data.metadata.items()), repr(delivered),
        *[(name, frame_digest(table)) for name, table in sorted(data.tables.items())],
    ])


def stored_results(results: Any, pattern_of: Callable[[dict[str, Any]], Any]) -> tuple[Any, Any]:
    """What is kept of an evaluation: the results, and what their published form hides (`earlier.Pattern`)."""
    return results, pattern_of({"": results.published()})


def reuse_results(stored: Any, carried: Any) -> Any | None:
    """Stored results, when they already hide everything earlier versions of the year hid (`carried`).

    Carrying hides those rows and cells before disclosure control runs; when the stored results
    hide them already, carrying them changes nothing, so the stored results are what evaluating
    again would give (the tests compare the two). Otherwise None: evaluate again."""
    if not isinstance(stored, tuple) or len(stored) != 2:
        return None
    results, hides = stored
    if not carried:
        return results
    rows_ok = carried.rows <= hides.rows
    cells_ok = all(key in hides.rows or (key, column) in hides.cells for key, column in carried.cells)
    return results if rows_ok and cells_ok else None
