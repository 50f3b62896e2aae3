"""The project's `referens/` store: one CSV of reference values with provenance per value, plus the KPI catalogue.

`referens/värden.csv` holds one row per KPI, area, year and kön with its provenance (källa, KPI-titel,
hämtdatum, publiceringsdatum). `referens/kpi.csv` holds KPI ids and titles, and `referens/grupper.csv`
Kolada's municipality groups (one row per member: grupp, titel, medlem, medlem_namn). Plain CSV so that pandas
reads it without extra dependencies; writes go through a temporary file and a rename, so a failed
import never leaves a half-written store.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pandas as pd

STORE_FOLDER = "referens"
VALUES_FILE = "värden.csv"
KPI_FILE = "kpi.csv"
GROUPS_FILE = "grupper.csv"
GROUP_COLUMNS = ["grupp", "titel", "medlem", "medlem_namn"]

# områdestyp: kommun, län, riket, grupp
COLUMNS = ["kpi", "område", "områdestyp", "år", "kön", "värde", "källa", "kpi_titel", "hämtad", "publicerad"]
KEY = ["kpi", "område", "år", "kön"]
KPI_COLUMNS = ["kpi", "titel", "beskrivning", "publicerad"]


def area_type(code: str) -> str:
    """Kolada area code -> områdestyp: 0000/0 riket, 2 digits or 00NN län, G… grupp, else kommun."""
    code = str(code)
    if code in ("0", "0000"):
        return "riket"
    if code.startswith("G"):
        return "grupp"
    if len(code) == 2 or (len(code) == 4 and code.startswith("00")):
        return "län"
    return "kommun"


def normalise_area(code: str) -> str:
    """One spelling per area: riket `0000`, län `00NN`, kommun 4 digits with leading zeros."""
    code = str(code).strip()
    if code.startswith("G"):
        return code
    if code == "0":
        return "0000"
    if len(code) == 2:
        return "00" + code
    return code.zfill(4)


def empty_values() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="object") for c in COLUMNS})


def _frame(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.reindex(columns=COLUMNS).copy()
    out["år"] = out["år"].astype(int)
    out["värde"] = pd.to_numeric(out["värde"], errors="coerce")
    for col in ("kpi", "område", "områdestyp", "kön", "källa", "kpi_titel", "hämtad", "publicerad"):
        out[col] = out[col].fillna("").astype(str)
    return out


def read_values(root: Path) -> pd.DataFrame:
    """The store's values (empty when there is no store yet)."""
    path = Path(root) / STORE_FOLDER / VALUES_FILE
    if not path.is_file():
        return empty_values()
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame = frame.replace({"värde": {"": None}})
    return _frame(frame)


def read_kpis(root: Path) -> pd.DataFrame:
    path = Path(root) / STORE_FOLDER / KPI_FILE
    if not path.is_file():
        return pd.DataFrame(columns=KPI_COLUMNS)
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def _atomic_write(frame: pd.DataFrame, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".csv")
    os.close(fd)
    try:
        frame.to_csv(tmp, index=False, encoding="utf-8")
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; the store is an ordinary project file
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def merge_values(root: Path, new: pd.DataFrame) -> pd.DataFrame:
    """Add `new` to the store; a newer row for the same KPI, area, year and kön replaces the old one."""
    combined = pd.concat([read_values(root), _frame(new)], ignore_index=True)
    combined = combined.drop_duplicates(subset=KEY, keep="last").sort_values(KEY, kind="stable").reset_index(drop=True)
    _atomic_write(combined, Path(root) / STORE_FOLDER / VALUES_FILE)
    return combined


def merge_kpis(root: Path, new: pd.DataFrame) -> pd.DataFrame:
    combined = pd.concat([read_kpis(root), new.reindex(columns=KPI_COLUMNS).fillna("")], ignore_index=True)
    combined = combined.drop_duplicates(subset=["kpi"], keep="last").sort_values("kpi").reset_index(drop=True)
    _atomic_write(combined, Path(root) / STORE_FOLDER / KPI_FILE)
    return combined


def read_groups(root: Path) -> pd.DataFrame:
    """Kolada groups and their members (empty when none have been read)."""
    path = Path(root) / STORE_FOLDER / GROUPS_FILE
    if not path.is_file():
        return pd.DataFrame(columns=GROUP_COLUMNS)
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def merge_groups(root: Path, new: pd.DataFrame) -> pd.DataFrame:
    """Add groups; a group read again replaces all its earlier member rows."""
    old = read_groups(root)
    new = new.reindex(columns=GROUP_COLUMNS).fillna("").astype(str)
    combined = pd.concat([old[~old["grupp"].isin(set(new["grupp"]))], new], ignore_index=True)
    combined = combined.drop_duplicates(subset=["grupp", "medlem"]).sort_values(["grupp", "medlem"]).reset_index(drop=True)
    _atomic_write(combined, Path(root) / STORE_FOLDER / GROUPS_FILE)
    return combined
