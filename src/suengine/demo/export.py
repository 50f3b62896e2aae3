"""Writers: CaseData from the simulation → a source system's export files, by running its mapping backwards.

Every column the mapping knows is written from CaseData: field → the mapping's column name,
national code → one of the mapping's local codes (drawn evenly where several map to the same
code, so every local code is exercised), the value set's label where the mapping has no code
table. Columns that ingest drops (names, addresses, handläggare, free-text notes) are filled in
here, as an export has them. `plant_bad_rows` adds the deliberate problems listed in BAD_ROWS, so
the data-quality chapter has something to show; every one is reported by ingest (tests).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from suengine.casedata.datamodel import DataModel, load_datamodel
from suengine.demo.export_format import SYSTEMS, Backwards, ExportFile, System, backwards
from suengine.demo.flow import Simulation
from suengine.demo.people import LAST_DAY, MISSING, age, day
from suengine.ingest.personnummer import make_personnummer

GIRLS = ["Alva", "Elsa", "Maja", "Wilma", "Ebba", "Astrid", "Saga", "Agnes", "Selma", "Alice", "Vera", "Freja", "Signe", "Stella", "Ella", "Nora"]
BOYS = ["William", "Hugo", "Liam", "Noah", "Lucas", "Oliver", "Elias", "Alexander", "Adam", "Vincent", "Arvid", "Leo", "Melvin", "Ture", "Nils", "Love"]
SURNAMES = np.array(["Lindqvist", "Bergström", "Sandberg", "Holmgren", "Åkesson", "Forsberg", "Nyström", "Ekholm", "Lundgren", "Hedlund",
                     "Öberg", "Sjöberg", "Wikström", "Blom", "Dahlgren", "Fransson", "Isaksson", "Mårtensson", "Strand", "Törnqvist"], dtype=object)
STREETS = np.array(["Storgatan", "Skolvägen", "Björkvägen", "Ängsgatan", "Kyrkvägen"], dtype=object)
BAD_ROWS = {
    "aktualisering": ["okänd orsakskod X9 (3 rader)", "fel kontrollsiffra i personnummer", "kopierad rad",
                      "barn som saknas i barnfilen", "omöjligt datum 2023-02-30 i förhandsbedömningens slutdatum"],
    "utredning": ["avslutad före inledd"],
    "insats": ["okänd insatskod ÖVX", "utredningsnummer som inte finns", "planerat slutdatum efter uttagsdatum (2 rader)"],
    "uppföljning": ["värde 12 på säkerhetsskalan 0–10"],
    "barn": ["samma barn två gånger"],
}

_ISO = np.datetime_as_string(np.arange(0, LAST_DAY).astype("datetime64[D]")).astype(object)
_COMPACT = np.array([text.replace("-", "") for text in _ISO], dtype=object)
_CLOCK = np.array([f" {8 + m // 60:02d}:{m % 60:02d}" for m in range(9 * 60)], dtype=object)


def day_numbers(values: pd.Series) -> np.ndarray:
    """datetime64 column → day numbers, MISSING for NaT."""
    raw = values.to_numpy(dtype="datetime64[ns]")
    return np.where(np.isnat(raw), MISSING, raw.astype("datetime64[D]").astype(np.int64))


def _text(days: np.ndarray, table: np.ndarray, missing: str = "") -> np.ndarray:
    out = np.full(len(days), missing, dtype=object)
    known = days != MISSING
    out[known] = table[days[known]]
    return out


def _comma(values: np.ndarray) -> np.ndarray:
    """Decimals as Swedish exports write them: 3, 3,5, 21,4."""
    unique = {v: (f"{v:.0f}" if float(v).is_integer() else f"{v:.2f}".rstrip("0")).replace(".", ",") for v in set(values.tolist())}
    return np.array([unique[v] for v in values.tolist()], dtype=object)


def _personnummer_forms(digits: np.ndarray) -> dict[str, np.ndarray]:
    ten = np.array([f"{d[2:8]}-{d[8:]}" for d in digits], dtype=object)
    dash = np.array([f"{d[:8]}-{d[8:]}" for d in digits], dtype=object)
    # about one in twenty as a 10-digit number, as when records were typed in by hand
    mixed = np.where(np.array([int(d[4:8]) % 20 == 0 for d in digits], dtype=bool), ten, dash)
    return {"pnr12": digits.astype(object), "pnr10": ten, "pnr12dash": dash, "pnrmixed": mixed}


class Writer:
    """Builds one system's files from one simulation; `files` holds column → values per file."""

    def __init__(self, simulation: Simulation, system: System, seed: int, model: DataModel | None = None) -> None:
        self.sim, self.system, self.model = simulation, system, model or load_datamodel()
        self.rng = np.random.default_rng(seed + 1)
        self.back = backwards(system.name)
        barn = simulation.case_data.tables["barn"]
        self.barn_index = pd.Index(barn["barn_id"].to_numpy(dtype=object))
        self.pnr = _personnummer_forms(simulation.personnummer)
        girl = (barn["kön"] == "flicka").fillna(False).to_numpy(dtype=bool)
        names = self.rng.integers(0, 16, len(barn))
        self.first = np.where(girl, np.array(GIRLS, dtype=object)[names], np.array(BOYS, dtype=object)[names])
        self.surname = SURNAMES[self.rng.integers(0, len(SURNAMES), len(barn))]
        self.short = simulation.scale.kommun.removesuffix(" kommun")

    def build(self, bad_rows: bool = True) -> dict[str, dict[str, np.ndarray]]:
        files = {f.name: self.columns(f) for f in self.system.files}
        if bad_rows:
            plant_bad_rows(self, files)
        return files

    def file_for(self, entity: str) -> ExportFile:
        return next(f for f in self.system.files if f.entity == entity)

    def column_for(self, entity: str, field_name: str) -> str:
        return next(c for c, f in self.back[entity].columns.items() if f == field_name)

    def columns(self, spec: ExportFile) -> dict[str, np.ndarray]:
        table = self.sim.case_data.tables[spec.entity]
        back = self.back[spec.entity]
        out = {}
        for name in spec.columns:
            field_name = back.columns.get(name)
            if field_name is None:
                out[name] = self.noise(name, spec, table)
            else:
                out[name] = self.values(spec, name, field_name, table[field_name], back)
        return out

    def values(self, spec: ExportFile, name: str, field_name: str, values: pd.Series, back: Backwards) -> np.ndarray:
        kind = self.model.entities[spec.entity].fields[field_name].type
        fmt = spec.formats.get(name)
        missing = back.missing.get(field_name, spec.missing)
        if field_name == "barn_id":
            rows = self.barn_index.get_indexer(values.to_numpy(dtype=object))
            return self.pnr[fmt or self.system.personnummer][rows]
        if kind == "datum":
            days = day_numbers(values)
            if spec.sheet:
                return days
            if fmt == "stamp":
                stamps = _text(days, _ISO, missing)
                return np.where(days == MISSING, stamps, stamps + _CLOCK[self.rng.integers(0, len(_CLOCK), len(days))])
            return _text(days, _COMPACT if fmt == "compact" else _ISO, missing)
        known = values.notna().to_numpy(dtype=bool)
        if kind in ("id", "text"):
            return np.where(known, values.to_numpy(dtype=object, na_value=""), missing).astype(object)
        if kind in ("heltal", "decimal"):
            numbers = values.to_numpy(dtype=float, na_value=np.nan)
            if spec.sheet:
                return numbers
            out = np.full(len(values), missing, dtype=object)
            out[known] = _comma(numbers[known]) if kind == "decimal" else numbers[known].astype(np.int64).astype(str)
            return out
        if kind == "boolesk":
            national = np.where(values.fillna(False).to_numpy(dtype=bool), "ja", "nej").astype(object)
        else:
            national = values.to_numpy(dtype=object, na_value=None)
        out = np.full(len(values), missing, dtype=object)
        table = back.codes.get(field_name)
        labels = self.model.values_of(self.model.entities[spec.entity].fields[field_name]) or {}
        for code in pd.unique(national[known]):
            rows = np.flatnonzero(known & (national == code))
            if table is not None:
                local = np.array(table[code], dtype=object)
                out[rows] = local[self.rng.integers(0, len(local), len(rows))]
            elif kind == "boolesk":
                out[rows] = "Ja" if code == "ja" else "Nej"
            else:
                out[rows] = labels.get(code, code)
        return out

    def noise(self, name: str, spec: ExportFile, table: pd.DataFrame) -> np.ndarray:
        """A column ingest drops: names, addresses, handläggare, notes, utförare."""
        n, rng = len(table), self.rng
        child = self.barn_index.get_indexer(table["barn_id"].to_numpy(dtype=object)) if "barn_id" in table else None
        if name == "Namn":
            return self.surname + ", " + self.first
        if name in ("Förnamn", "Efternamn"):
            return self.first if name == "Förnamn" else self.surname
        if name in ("Adress", "Postadress"):
            return STREETS[rng.integers(0, len(STREETS), n)] + " " + rng.integers(1, 61, n).astype(str).astype(object)
        if name == "Telefon":
            return np.array([f"070-000 {number:04d}" for number in rng.integers(0, 10_000, n).tolist()], dtype=object)
        if name == "Folkbokförd kommun":
            return np.full(n, self.short, dtype=object)
        if name == "region":
            return np.full(n, f"9999 {self.short}", dtype=object)
        if name in ("Handläggare", "Ansvarig handläggare", "Beslutsfattare"):
            suffix = " (handl.)" if spec.entity in ("aktualisering", "utredning") and name == "Handläggare" else ""
            return SURNAMES[rng.integers(0, len(SURNAMES), n)] + suffix
        if name in ("Anteckning", "Fritext"):
            out = np.full(n, "", dtype=object)
            noted = np.flatnonzero(rng.random(n) < 0.08)
            out[noted] = "Samtal med vårdnadshavare till " + self.first[child[noted]]
            return out
        if name == "Utförare":
            own = (table["insatstyp"] == "öppenvård_intern").fillna(False).to_numpy(dtype=bool)
            return np.where(own, f"{self.short} familjebehandling", "Extern utförare AB").astype(object)
        return np.full(n, "", dtype=object)


def _insert_copy(columns: dict[str, np.ndarray], row: int) -> None:
    """A copied row right after the original (as when an export repeats a line)."""
    for name, values in columns.items():
        columns[name] = np.insert(values, row + 1, values[row])


def plant_bad_rows(writer: Writer, files: dict[str, dict[str, np.ndarray]]) -> None:
    """BAD_ROWS, one of each (three X9 codes, two planned end dates), in rows whose loss does not
    cascade to other files."""
    rng, tables = writer.rng, writer.sim.case_data.tables
    col = writer.column_for

    akt_table = tables["aktualisering"]
    akt = files[writer.file_for("aktualisering").name]
    quiet = np.flatnonzero((akt_table["inleda_utredning"] == False).fillna(False).to_numpy(dtype=bool))  # noqa: E712
    x9, (wrong_check, copied, lonely) = (picked := rng.choice(quiet, 6, replace=False))[:3], picked[3:].tolist()
    akt[col("aktualisering", "huvudorsak")][x9] = "X9"
    pnr = col("aktualisering", "barn_id")
    number = akt[pnr][wrong_check]
    akt[pnr][wrong_check] = number[:-1] + str((int(number[-1]) + 1) % 10)
    # a child missing from the barn file: a fictional number (födelsenummer 000) no child has
    on = day(akt_table["datum"].iloc[lonely].date())
    free = writer.sim.numbers.free_birth_days()
    free = free[(free <= on) & (age(free, np.full(len(free), on)) < 18)]
    birth = dt.date(1970, 1, 1) + dt.timedelta(days=int(free[-1])) if len(free) else dt.date(1997, 6, 1)
    digits = make_personnummer(birth, 0).digits
    akt[pnr][lonely] = _personnummer_forms(np.array([digits], dtype=object))[
        writer.file_for("aktualisering").formats.get(pnr, writer.system.personnummer)][0]
    taken = {*x9.tolist(), wrong_check, copied, lonely}
    fb = akt_table["förhandsbedömning_klar"].dt.year.to_numpy(dtype=float, na_value=np.nan)
    impossible = next(i for i in quiet.tolist() if i not in taken and fb[i] == 2023)
    akt[col("aktualisering", "förhandsbedömning_klar")][impossible] = "2023-02-30"
    _insert_copy(akt, int(copied))

    utr = files[writer.file_for("utredning").name]
    swapped = rng.choice(np.flatnonzero((tables["utredning"]["beslut"] == "ingen_insats").fillna(False).to_numpy(dtype=bool)))
    start, end = col("utredning", "start"), col("utredning", "slut")
    utr[start][swapped], utr[end][swapped] = utr[end][swapped], utr[start][swapped]

    ins_table = tables["insats"]
    ins = files[writer.file_for("insats").name]
    followed = ins_table["insats_id"].isin(tables["uppföljning"]["insats_id"]).to_numpy(dtype=bool)
    ended = ins_table["slut"].notna().to_numpy(dtype=bool)
    unknown_kind, dangling = rng.choice(np.flatnonzero(~followed & ended), 2, replace=False)
    ins[col("insats", "insatstyp")][unknown_kind] = "ÖVX"
    ins[col("insats", "utredning_id")][dangling] = "UTR-2019-00999"
    ins[col("insats", "slut")][rng.choice(np.flatnonzero(~ended), 2, replace=False)] = day(dt.date(2026, 6, 30))  # planned, not actual

    sk_table = tables["uppföljning"]
    sk = files[writer.file_for("uppföljning").name]
    after = ((sk_table["instrument"] == "säkerhetsskala") & (sk_table["tidpunkt"] == "efter")).fillna(False).to_numpy(dtype=bool)
    sk[col("uppföljning", "värde")][np.flatnonzero(after)[0]] = "12"

    barn = files[writer.file_for("barn").name]
    _insert_copy(barn, int(rng.integers(0, len(tables["barn"]))))


def export_files(simulation: Simulation, system: str = "treserva", seed: int = 20260131, bad_rows: bool = True) -> dict[str, dict[str, np.ndarray]]:
    """File name → column → values, for `system` (treserva | lifecare)."""
    return Writer(simulation, SYSTEMS[system], seed).build(bad_rows)
