"""Synthetic case data: plausible, seeded, vectorised — for the demo folder, tests and the benchmark.

`generate(n_aktualiseringar)` builds a CaseData for five calendar years in which the usual
chain holds: aktualisering → (about 30 %) utredning → (about 8 % of aktualiseringar) insats →
uppföljning with säkerhetsskala before/after. Children recur (återaktualisering), some values
are missing (internt bortfall), recent cases are still open at the extraction date, and the
aggregate sources (befolkning, personal, enkätsvar, brukarsvar) are filled in. Everything is
drawn with numpy from one seed, so 2 million aktualiseringar take seconds, not minutes.

Nothing here is real: ids are sequence numbers and dates are random.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np
import pandas as pd

from suengine.casedata.tables import PANDAS_DTYPES, CaseData, coerce_table
from suengine.casedata.datamodel import DataModel, load_datamodel

DAY = np.timedelta64(1, "D")


def _choice(rng: np.random.Generator, values: Sequence[str], weights: Sequence[float], n: int) -> np.ndarray:
    p = np.asarray(weights, dtype=float)
    return np.asarray(values, dtype=object)[rng.choice(len(values), size=n, p=p / p.sum())]


def _ids(prefix: str, n: int) -> pd.Series:
    return pd.Series([f"{prefix}{i:07d}" for i in range(1, n + 1)], dtype=object)


def _with_missing(rng: np.random.Generator, values: np.ndarray, share: float) -> np.ndarray:
    out = values.astype(object)
    out[rng.random(len(out)) < share] = None
    return out


def _dates(days: np.ndarray) -> pd.Series:
    """numpy datetime64[D] (NaT allowed) → datetime64[ns] Series."""
    return pd.Series(days.astype("datetime64[ns]"))


def _column(kind: str, values: object, n: int) -> pd.Series:
    """One column in the CaseData dtype of its data-model type, built without per-value parsing."""
    dtype = PANDAS_DTYPES[kind]
    if values is None:
        return pd.Series(pd.NaT if kind == "datum" else None, index=range(n), dtype=dtype)
    raw = values.values if isinstance(values, pd.Series) else np.asarray(values)
    if kind == "datum":
        return pd.Series(raw.astype("datetime64[ns]"))
    if kind == "boolesk":
        missing = pd.isna(raw)
        return pd.Series(pd.arrays.BooleanArray(np.where(missing, False, raw).astype(bool), missing))
    if kind in ("heltal", "decimal"):
        missing = pd.isna(raw)
        numbers = np.where(missing, 0, raw).astype(np.int64 if kind == "heltal" else np.float64)
        array_type = pd.arrays.IntegerArray if kind == "heltal" else pd.arrays.FloatingArray
        return pd.Series(array_type(numbers, missing))
    return pd.Series(raw.astype(object), dtype=dtype)


def _frame(model: DataModel, entity: str, columns: dict) -> pd.DataFrame:
    """A table with exactly the entity's columns and CaseData dtypes (as `coerce_table` would give)."""
    n = len(next(iter(columns.values())))
    fields = model.entities[entity].fields
    return pd.DataFrame({name: _column(f.type, columns.get(name), n) for name, f in fields.items()})


def generate(
    n_aktualiseringar: int,
    years: Sequence[int] = (2021, 2022, 2023, 2024, 2025),
    seed: int = 20240531,
    extraction_date: dt.date | None = None,
    model: DataModel | None = None,
    municipality: str = "Exempelkommun",
    warm_up: bool = False,
) -> CaseData:
    """A synthetic delivery with `n_aktualiseringar` over `years` (see the module docstring).

    With `warm_up`, a fifth as many aktualiseringar more fall in the year before the first, so
    the first reported year already has utredningar and insatser that began the year before.
    """
    model = model or load_datamodel()
    rng = np.random.default_rng(seed)
    first, last = min(years), max(years)
    start_day = np.datetime64(f"{first - 1 if warm_up else first}-01-01", "D")
    end_day = np.datetime64(f"{last}-12-31", "D")
    extraction = extraction_date or dt.date(last + 1, 1, 15)
    cutoff = np.datetime64(extraction.isoformat(), "D")
    n_akt = int(n_aktualiseringar * (1 + 1 / len(years))) if warm_up else int(n_aktualiseringar)
    span = int((end_day - start_day) / DAY) + 1

    # Children: about two aktualiseringar each, some many more (återaktualisering).
    n_children = max(1, int(n_akt * 0.5))
    child_ids = _ids("b", n_children)
    births = start_day - np.timedelta64(17 * 365, "D") + rng.integers(0, int(span) + 16 * 365, n_children) * DAY
    sex = _with_missing(rng, _choice(rng, ["flicka", "pojke"], [0.49, 0.51], n_children), 0.01)
    tables = {"barn": _frame(model, "barn", {"barn_id": child_ids, "kön": sex, "födelsedatum": _dates(births)})}

    # Aktualiseringar.
    child = np.minimum((n_children * rng.random(n_akt) ** 1.4).astype(np.int64), n_children - 1)
    date = start_day + rng.integers(0, span, n_akt) * DAY
    date = np.minimum(np.maximum(date, births[child] + 30 * DAY), end_day)
    reason = _choice(
        rng,
        ["våld_mot_barnet", "bevittnat_våld", "brister_i_omsorg", "missbruk_vårdnadshavare", "psykisk_ohälsa_vårdnadshavare",
         "barnets_beteende", "kriminalitet", "psykisk_ohälsa_barn", "skolsituation", "relationsproblem", "övrigt"],
        [12, 9, 14, 9, 10, 12, 5, 8, 7, 9, 5],
        n_akt,
    )
    assessed = date + rng.geometric(1 / 9, n_akt) * DAY
    assessed = np.where(rng.random(n_akt) < 0.03, np.datetime64("NaT"), assessed)
    opened = rng.random(n_akt) < 0.30
    akt_ids = _ids("a", n_akt)
    tables["aktualisering"] = _frame(model, "aktualisering", {
        "aktualisering_id": akt_ids,
        "barn_id": child_ids.values[child],
        "datum": _dates(date),
        "typ": _choice(rng, ["anmälan", "ansökan", "övrig_information"], [80, 12, 8], n_akt),
        "uppgiftslämnare": _choice(rng, ["polis", "skola", "förskola", "hälso_och_sjukvård", "socialtjänst", "vårdnadshavare", "anhörig", "anonym", "övrig"], [30, 22, 6, 12, 8, 7, 5, 4, 6], n_akt),
        "huvudorsak": _with_missing(rng, reason, 0.02),
        "enhet": _choice(rng, ["mottagning", "bou", "familjerätt"], [85, 10, 5], n_akt),
        "förhandsbedömning_klar": _dates(assessed),
        "inleda_utredning": _with_missing(rng, opened, 0.01),
        "prio": rng.integers(1, 4, n_akt),
    })

    # Utredningar from the aktualiseringar that opened one.
    src = np.flatnonzero(opened)
    n_utr = len(src)
    u_start = np.where(np.isnat(assessed[src]), date[src] + 14 * DAY, assessed[src]) + rng.integers(0, 5, n_utr) * DAY
    duration = np.maximum(rng.gamma(4.0, 28.0, n_utr).astype(np.int64), 7)
    u_end = u_start + duration * DAY
    u_end = np.where(u_end > cutoff, np.datetime64("NaT"), u_end)
    closed = ~np.isnat(u_end)
    decision = _choice(rng, ["insats_beviljad", "ingen_insats", "överlämnad", "yttrande"], [27, 64, 5, 4], n_utr)
    decision = np.where(closed, decision, None)
    utr_ids = _ids("u", n_utr)
    tables["utredning"] = _frame(model, "utredning", {
        "utredning_id": utr_ids,
        "barn_id": child_ids.values[child[src]],
        "aktualisering_id": akt_ids.values[src],
        "utredningstyp": _choice(rng, ["barnavård", "vårdnad_boende_umgänge"], [93, 7], n_utr),
        "start": _dates(u_start),
        "slut": _dates(u_end),
        "förlängd": duration > 122,
        "huvudorsak": reason[src],
        "enhet": _choice(rng, ["bou", "mottagning"], [90, 10], n_utr),
        "enskilt_samtal": _with_missing(rng, rng.random(n_utr) < 0.72, 0.04),
        "enskilt_möte": _with_missing(rng, rng.random(n_utr) < 0.8, 0.04),
        "beslut": decision,
        "avslutsorsak": np.where(closed, "beslut_fattat", None),
    })

    # Insatser from utredningar that granted one.
    isrc = np.flatnonzero(decision == "insats_beviljad")
    n_ins = len(isrc)
    i_start = u_end[isrc] + rng.integers(0, 30, n_ins) * DAY
    i_end = i_start + rng.integers(60, 540, n_ins) * DAY
    i_end = np.where(i_end > cutoff, np.datetime64("NaT"), i_end)
    category = _choice(rng, ["öppenvård", "placering", "familjerätt"], [76, 20, 4], n_ins)
    kind = np.where(
        category == "öppenvård",
        _choice(rng, ["öppenvård_intern", "öppenvård_extern", "kontaktperson"], [60, 25, 15], n_ins),
        np.where(category == "placering", _choice(rng, ["familjehem_konsulentstött", "familjehem_eget", "nätverkshem", "hvb", "sis"], [30, 30, 15, 20, 5], n_ins), "umgängesstöd"),
    )
    name = np.where(
        np.isin(kind, ["öppenvård_intern", "öppenvård_extern"]),
        _choice(rng, ["tryggare_barn", "familjebehandling", "mst", "funktionell_familjeterapi", "föräldraskapsstöd", "annat"], [22, 40, 6, 8, 14, 10], n_ins),
        None,
    )
    cost = np.round(rng.gamma(2.0, np.where(category == "placering", 300_000, 40_000)), -2)
    ins_ids = _ids("i", n_ins)
    tables["insats"] = _frame(model, "insats", {
        "insats_id": ins_ids,
        "barn_id": child_ids.values[child[src[isrc]]],
        "utredning_id": utr_ids.values[isrc],
        "insatstyp": kind,
        "insatskategori": category,
        "insatsnamn": name,
        "huvudorsak": reason[src[isrc]],
        "start": _dates(i_start),
        "slut": _dates(i_end),
        "kostnad": _with_missing(rng, cost, 0.05),
    })
    tables["uppföljning"] = _follow_ups(rng, model, ins_ids, child_ids.values[child[src[isrc]]], category, i_start, i_end)
    tables.update(_aggregates(rng, model, years, n_children, n_akt))
    for name_, entity in model.entities.items():
        if name_ not in tables:
            tables[name_] = coerce_table(entity, pd.DataFrame())
    return CaseData(tables=tables, extraction_date=extraction, municipality=municipality, source_system="syntetiskt")


def _follow_ups(rng: np.random.Generator, model: DataModel, ins_ids: pd.Series, children: np.ndarray, category: np.ndarray, start: np.ndarray, end: np.ndarray) -> pd.DataFrame:
    """Säkerhetsskala before (most öppenvård) and after (most ended ones), and måluppfyllelse at the end."""
    open_care = np.flatnonzero(category == "öppenvård")
    before = open_care[rng.random(len(open_care)) < 0.85]
    after = open_care[(rng.random(len(open_care)) < 0.75) & ~np.isnat(end[open_care])]
    score = rng.integers(1, 7, len(ins_ids))
    step = rng.choice([-1, 0, 1, 2, 3, 4, 5], size=len(ins_ids), p=[0.05, 0.12, 0.18, 0.22, 0.2, 0.15, 0.08])
    goal = _choice(rng, ["positiv_mål_uppfyllt", "positiv_mål_ej_uppfyllt", "ingen_förändring", "negativ_förändring"], [45, 30, 18, 7], len(ins_ids))
    parts = [
        (before, "säkerhetsskala", "före", start, score, None),
        (after, "säkerhetsskala", "efter", end, np.clip(score + step, 0, 10), None),
        (after, "måluppfyllelse", "efter", end, None, goal),
    ]
    columns: dict[str, list] = {k: [] for k in ("insats_id", "barn_id", "instrument", "tidpunkt", "datum", "värde", "måluppfyllelse", "barnet_deltog")}
    for rows, instrument, when, dates, values, goals in parts:
        columns["insats_id"].append(ins_ids.values[rows])
        columns["barn_id"].append(children[rows])
        columns["instrument"].append(np.full(len(rows), instrument, dtype=object))
        columns["tidpunkt"].append(np.full(len(rows), when, dtype=object))
        columns["datum"].append(dates[rows])
        columns["värde"].append(values[rows].astype(float) if values is not None else np.full(len(rows), np.nan))
        columns["måluppfyllelse"].append(goals[rows] if goals is not None else np.full(len(rows), None, dtype=object))
        columns["barnet_deltog"].append(rng.random(len(rows)) < 0.35)
    merged = {k: np.concatenate(v) for k, v in columns.items()}
    merged["datum"] = _dates(merged["datum"])
    merged["uppföljning_id"] = _ids("f", len(merged["insats_id"]))
    return _frame(model, "uppföljning", merged)


def _aggregates(rng: np.random.Generator, model: DataModel, years: Sequence[int], n_children: int, n_akt: int) -> dict[str, pd.DataFrame]:
    """befolkning, personal (one 999 answer), enkätsvar and brukarsvar for each year."""
    years = sorted(years)
    per_cell = max(20, n_children * 3 // 40)
    grid = [(y, k, a) for y in years for k in ("flicka", "pojke") for a in range(0, 21)]
    population = pd.DataFrame(grid, columns=["år", "kön", "ålder"])
    population["antal"] = (per_cell * rng.uniform(0.9, 1.1, len(grid))).astype(int)
    staff = max(4.0, n_akt / len(years) / 60)
    personal = []
    for i, y in enumerate(years):
        b1 = round(staff * rng.uniform(0.9, 1.1), 1)
        share = rng.uniform(0.55, 0.85)
        row = {"mätdatum": f"{y}-02-01", "b1_handläggare": b1, "b1a_socionomexamen": round(b1 * 0.93, 1),
               "b1b_under_1_år": round(b1 * 0.9 * (1 - share), 1), "b1b_1_2_år": round(b1 * 0.9 * share * 0.3, 1),
               "b1b_3_5_år": round(b1 * 0.9 * share * 0.4, 1), "b1b_över_5_år": round(b1 * 0.9 * share * 0.3, 1),
               "b1b_vet_ej": 0.0, "konsulter": round(b1 * 0.1, 1)}
        if i == 1:
            row["b1b_vet_ej"] = 999  # OJ's "cannot answer": that year gets no value
        personal.append(row)
    areas = ["missbruk_vuxna", "ekonomiskt_bistånd", "våld_i_nära_relationer", "funktionsnedsättning", "skola", "barn_och_ungdomspsykiatri", "polis"]
    survey = []
    for y in years:
        for area in areas:
            survey.append({"mätdatum": f"{y}-03-31", "område": area,
                           "g2": _choice(rng, ["ja", "nej", "nej_behövs_inte"], [70, 20, 10], 1)[0],
                           "g2a": _choice(rng, ["ja", "nej", "ej_aktuellt"], [60, 30, 10], 1)[0],
                           "g3": _choice(rng, ["ja", "nej"], [75, 25], 1)[0],
                           "g3a": _choice(rng, ["ja", "nej", "ej_aktuellt"], [55, 35, 10], 1)[0],
                           "b12": _choice(rng, ["ja", "delvis", "nej"], [40, 40, 20], 1)[0],
                           "b12b": _choice(rng, ["ja", "delvis", "nej"], [30, 40, 30], 1)[0],
                           "socialjour": "ja"})
    n_answers = max(40, n_akt // 50)
    answer_days = np.datetime64(f"{years[0]}-01-01", "D") + rng.integers(0, 365 * len(years), n_answers) * DAY
    answers = {
        "svar_id": _ids("s", n_answers),
        "datum": _dates(answer_days),
        "dimension": _choice(rng, ["få_kontakt", "tydlig_information", "förståelse", "inflytande", "förbättrad_situation"], [1, 1, 1, 1, 1], n_answers),
        "positivt": _with_missing(rng, rng.random(n_answers) < 0.78, 0.03),
    }
    return {
        "befolkning": coerce_table(model.entities["befolkning"], population),
        "personal": coerce_table(model.entities["personal"], pd.DataFrame(personal)),
        "enkätsvar": coerce_table(model.entities["enkätsvar"], pd.DataFrame(survey)),
        "brukarsvar": _frame(model, "brukarsvar", answers),
    }


def main(argv: list[str] | None = None) -> int:
    """`python -m suengine.demo.synthetic UT [--aktualiseringar N] [--frö S]`: write a CSV case-data folder."""
    import argparse

    from suengine.casedata.folder import write_case_data

    parser = argparse.ArgumentParser(prog="python -m suengine.demo.synthetic", description="Skriv syntetiska ärendedata som en CSV-mapp.")
    parser.add_argument("ut", help="mapp att skriva (t.ex. demo/exempeldata)")
    parser.add_argument("--aktualiseringar", type=int, default=800)
    parser.add_argument("--år", default="2021-2025")
    parser.add_argument("--frö", type=int, default=20240531)
    args = parser.parse_args(argv)
    first, _, last = args.år.partition("-")
    years = list(range(int(first), int(last or first) + 1))
    data = generate(args.aktualiseringar, years=years, seed=args.frö, municipality="Exempelkommun", warm_up=True)
    write_case_data(data, args.ut)
    print(f"Skrev {args.ut}: " + ", ".join(f"{k} {len(v)}" for k, v in data.tables.items() if len(v)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
