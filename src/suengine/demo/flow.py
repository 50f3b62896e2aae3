"""The one simulation of the case flow: seeded, vectorised, calibrated per scale; it produces CaseData.

Chronological per child: aktualisering → förhandsbedömning (1–14 days, 12 % 15–40) → utredning
(≈ 35 % in Exempelby: 30 % plus 12 points for violence, sexual abuse and neglect, minus 12 for
school, economy and other; family law 50 %), mostly 60–120 days, 12 % 123–210 → beslut → insats
(type by age, orsak and LVU; a kontaktperson on top for 10 %) → skattningar (säkerhetsskala
before/after for Tryggare barn, måluppfyllelse at the end of other öppenvård). A closed insats is
followed by a new aktualisering for the same child within about two years in 38 % of cases
(återaktualisering), 80 % with the same orsak; 30 % of drawn aktualiseringar concern a child
known from the last three years.

The whole period is drawn a generation at a time: every drawn aktualisering first, then the
återaktualiseringar their insatser lead to, and so on until none falls in the period. So two
million aktualiseringar take seconds. Codes are the data model's national codes; the writers in
`export` turn them into a source system's local codes by running its mapping backwards.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from suengine.casedata.datamodel import DataModel, load_datamodel
from suengine.casedata.tables import CaseData, coerce_table
from suengine.demo.aggregates import aggregates
from suengine.demo.frames import codes_of, dates_of, frame
from suengine.demo.people import (
    EXTRACTION, EXTRACTION_DAY, FIRST_BIRTH_DAY, HISTORY_DAY, MISSING, PERIOD_END_DAY, YEARS, Children, Numbers, age, concat, day, new_children,
)
from suengine.ingest.personnummer import make_personnummer

ORSAK = {"våld_mot_barnet": 12, "bevittnat_våld": 12, "sexuella_övergrepp": 2, "hedersrelaterat": 1, "brister_i_omsorg": 18,
         "missbruk_vårdnadshavare": 7, "psykisk_ohälsa_vårdnadshavare": 8, "relationsproblem": 6, "barnets_beteende": 12,
         "barnets_missbruk": 3, "kriminalitet": 5, "psykisk_ohälsa_barn": 7, "skolsituation": 3, "ekonomi_boende": 1,
         "ensamkommande": 0.5, "vårdnad_boende_umgänge": 2, "övrigt": 1.5}
UPPGIFTSLÄMNARE = {"polis": 30, "skola": 21, "förskola": 4, "hälso_och_sjukvård": 11, "tandvård": 0.5, "socialtjänst": 9,
                   "annan_kommun": 3, "barnet_självt": 2, "vårdnadshavare": 6, "anhörig": 4, "ideell_organisation": 0.5, "anonym": 3, "övrig": 6}
VIOLENCE = ("våld_mot_barnet", "bevittnat_våld")
MORE_UTR = (*VIOLENCE, "sexuella_övergrepp", "brister_i_omsorg")
LESS_UTR = ("skolsituation", "övrigt", "ekonomi_boende")
URGENT = (*VIOLENCE, "sexuella_övergrepp", "hedersrelaterat")
TEEN_TROUBLE = ("barnets_beteende", "barnets_missbruk", "kriminalitet")
FAMILY_LAW = "vårdnad_boende_umgänge"
BESLUT = ["insats_beviljad", "ingen_insats", "ansökan_lvu", "yttrande", "överlämnad"]
AVSLUT = {"beslut_fattat": 90, "flyttat": 5, "återtagen_ansökan": 3, "annat": 2}
# insatstyp: (daily cost low, high), (duration days low, high)
KINDS = {"öppenvård_intern": ((200, 300), (90, 300)), "öppenvård_extern": ((900, 1600), (120, 365)),
         "kontaktperson": ((80, 140), (180, 730)), "familjehem_konsulentstött": ((1900, 2600), (180, 1000)),
         "familjehem_eget": ((550, 800), (365, 1500)), "nätverkshem": ((550, 700), (365, 1500)), "hvb": ((4500, 7500), (60, 400)),
         "sis": ((4600, 5200), (60, 300)), "stödboende": ((1800, 2600), (90, 500)), "vårdnadsöverflyttning": ((0, 0), (0, 0)),
         "umgängesstöd": ((0, 0), (60, 200)), "samarbetssamtal": ((0, 0), (14, 90))}
CATEGORY = {**dict.fromkeys(list(KINDS)[:3], "öppenvård"), **dict.fromkeys(list(KINDS)[3:10], "placering"),
            "umgängesstöd": "familjerätt", "samarbetssamtal": "familjerätt"}
PLACEMENTS = [k for k, c in CATEGORY.items() if c == "placering" and k != "vårdnadsöverflyttning"]
METOD = ["tryggare_barn", "familjebehandling", "föräldraskapsstöd", "annat", "mst", "funktionell_familjeterapi"]
MÅL = ["positiv_mål_uppfyllt", "positiv_mål_ej_uppfyllt", "ingen_förändring", "negativ_förändring"]

O = {code: i for i, code in enumerate(ORSAK)}
K = {kind: i for i, kind in enumerate(KINDS)}
ORSAK_P = np.array(list(ORSAK.values())) / sum(ORSAK.values())
ANM_P = np.array(list(UPPGIFTSLÄMNARE.values())) / sum(UPPGIFTSLÄMNARE.values())
EXEMPELBY = {2021: 1380, 2022: 1410, 2023: 1440, 2024: 1460, 2025: 1490}  # drawn; återaktualiseringar come on top ≈ 1 500


@dataclass(frozen=True)
class Scale:
    """One size of fictional municipality, and its calibration."""

    name: str
    kommun: str
    inhabitants: str
    per_year: int  # documented yearly aktualiseringar, återaktualiseringar included (about)
    base: dict[int, int]  # drawn aktualiseringar per year (återaktualiseringar come on top)
    history: int  # drawn in the second half of 2020
    size: float = 1.0  # population, personnel, user survey and the window of known children, relative to Exempelby
    utr_factor: float = 1.0  # × p(inleda utredning)
    beviljad: float = 44  # weight of insats_beviljad among closed utredningar (ingen_insats 46, lvu 3, yttrande 4, överlämnad 3)


def _molndal(factor: float) -> dict[int, int]:
    return {year: round(count * factor) for year, count in {2021: 2690, 2022: 2720, 2023: 2750, 2024: 2780, 2025: 2810}.items()}


# Mölndal's seed figures (≈ 2 800 aktualiseringar, 870 utredningar and 220 new insatser a year) take
# fewer utredningar per aktualisering (× 0.9) and fewer insatser per utredning (15 parts, not 44).
_M = {"history": 1345, "utr_factor": 0.9, "beviljad": 15}
SCALES: dict[str, Scale] = {
    "exempelby": Scale("exempelby", "Exempelby kommun", "ca 40 000", 1_500, EXEMPELBY, 680),
    "mölndal": Scale("mölndal", "Exempelkommun", "ca 70 000", 2_800, _molndal(1), **_M, size=2750 / 1436),
    "stockholm": Scale("stockholm", "Exempelstad", "ca 1 000 000", 30_000, _molndal(30_000 / 2_800),
                       **{**_M, "history": round(1345 * 30_000 / 2_800)}, size=2750 * 30_000 / 2_800 / 1436),
    "riket": Scale("riket", "Exempelriket", "ca 10 500 000", 400_000, _molndal(400_000 / 2_800),
                   **{**_M, "history": round(1345 * 400_000 / 2_800)}, size=2750 * 400_000 / 2_800 / 1436),
}


def scale_for(per_year: int, kommun: str = "Exempelkommun") -> Scale:
    """Exempelby's calibration at another volume (about `per_year` aktualiseringar a year)."""
    factor = per_year / 1_500
    return Scale("syntetisk", kommun, "", per_year, {y: max(1, round(c * factor)) for y, c in EXEMPELBY.items()},
                 max(1, round(680 * factor)), size=max(factor, 0.01))


@dataclass
class Simulation:
    """The simulated delivery: CaseData (national codes, source ids) and what only an export holds."""

    scale: Scale
    case_data: CaseData
    personnummer: np.ndarray  # 12 digits per row of case_data.tables["barn"]
    numbers: Numbers = field(repr=False)


def _pick(rng: np.random.Generator, n: int, weights: dict[str, float] | list[float]) -> np.ndarray:
    p = np.array(list(weights.values()) if isinstance(weights, dict) else weights, dtype=float)
    return rng.choice(len(p), size=n, p=p / p.sum())


def _pick_rows(rng: np.random.Generator, weights: np.ndarray) -> np.ndarray:
    """Index per row from a (rows × choices) weight matrix."""
    cdf = np.cumsum(weights, axis=1)
    cdf /= cdf[:, -1:]
    return (rng.random(len(weights))[:, None] >= cdf).sum(axis=1)


def _of(codes: tuple[str, ...] | list[str], table: dict[str, int] = O) -> np.ndarray:
    return np.array([table[c] for c in codes])


def _first_arrivals(rng: np.random.Generator, scale: Scale) -> tuple[np.ndarray, np.ndarray, Children, Numbers]:
    """The drawn (not återaktualiserade) aktualiseringar in date order, with their children."""
    days = [HISTORY_DAY + rng.integers(0, 184, scale.history)]
    for year in YEARS:
        days.append(day(dt.date(year, 1, 1)) + rng.integers(0, 365, scale.base[year]))
    on = np.sort(np.concatenate(days), kind="stable")
    n = len(on)
    reuse = rng.random(n) < 0.30
    numbers = Numbers()
    fresh = np.flatnonzero(~reuse)
    pool = new_children(rng, numbers, on[fresh], 0)
    child = np.full(n, -1, dtype=np.int64)
    child[fresh] = np.arange(len(fresh))
    # a known child: one of the last children met, seen less than three years ago and under 18
    tries = np.flatnonzero(reuse)
    known = np.searchsorted(fresh, tries)  # children created before each try
    window = max(1, round(900 * scale.size))
    for _ in range(12):
        has = known > 0
        pick = known - 1 - (rng.random(len(tries)) * np.minimum(window, np.maximum(known, 1))).astype(np.int64)
        pick = np.where(has, pick, 0)
        ok = has & (on[tries] - pool.created[pick] < 3 * 365) & (age(pool.birth[pick], on[tries]) < 18)
        child[tries[ok]] = pick[ok]
        tries, known = tries[~ok], known[~ok]
        if not tries.size:
            break
    if tries.size:
        extra = new_children(rng, numbers, on[tries], len(fresh))
        child[tries] = len(fresh) + np.arange(len(tries))
        pool = concat([pool, extra])
    return on, child, pool, numbers


def _generation(rng: np.random.Generator, scale: Scale, on: np.ndarray, child: np.ndarray, orsak: np.ndarray,
                children: Children) -> tuple[dict[str, dict[str, np.ndarray]], tuple]:
    """One generation of aktualiseringar → utredningar → insatser → skattningar, and the
    återaktualiseringar it leads to (date, child, orsak) as the next generation."""
    n = len(on)
    orsak = np.where(orsak >= 0, orsak, rng.choice(len(ORSAK_P), size=n, p=ORSAK_P))
    family = orsak == O[FAMILY_LAW]
    fb = on + np.where(rng.random(n) < 0.88, rng.integers(1, 15, n), rng.integers(15, 41, n))
    open_fb = fb > EXTRACTION_DAY
    p_utr = 0.30 + 0.12 * np.isin(orsak, _of(MORE_UTR)) - 0.12 * np.isin(orsak, _of(LESS_UTR))
    inleda = rng.random(n) < np.where(family, 0.5, p_utr) * scale.utr_factor
    urgent = np.isin(orsak, _of(URGENT)) & (rng.random(n) < 0.35)
    prio = np.where(urgent, 1, np.array([2, 2, 3, 3])[rng.integers(0, 4, n)])
    anm = np.where((orsak == O["kriminalitet"]) & (rng.random(n) < 0.7), 0, rng.choice(len(ANM_P), size=n, p=ANM_P))
    akt = {
        "on": on, "child": child, "typ": np.where(family, 1, _pick(rng, n, [86, 7, 7])),
        "anm": np.where(rng.random(n) < 0.03, -1, anm), "orsak": np.where(rng.random(n) < 0.02, -1, orsak), "family": family,
        "fb": np.where(open_fb, MISSING, fb), "inleda": np.where(open_fb, -1, inleda.astype(np.int64)),
        "prio": np.where(rng.random(n) < 0.04, -1, prio),
    }
    a = np.flatnonzero(~open_fb & inleda)
    start = fb[a] + rng.integers(0, 4, len(a))
    a, start = a[start <= EXTRACTION_DAY], start[start <= EXTRACTION_DAY]
    m = len(a)
    u_family, u_orsak = family[a], orsak[a]
    long = rng.random(m) < 0.12
    days = np.where(long, rng.integers(123, 211, m), np.clip(np.trunc(rng.normal(92, 18, m)).astype(np.int64), 30, 121))
    slut = start + days
    ended = slut <= EXTRACTION_DAY
    avslut = np.where(ended, _pick(rng, m, AVSLUT), -1)
    beslut = np.where(avslut == 0, _pick(rng, m, [scale.beviljad, 46, 3, 4, 3]), -1)
    beslut = np.where(u_family & (beslut == 2), 0, beslut)  # family law never applies for LVU
    samtal = _pick(rng, m, [62, 28, 10])  # ja, nej, missing
    utr = {
        "akt": a, "child": child[a], "akt_orsak": u_orsak, "start": start, "slut": np.where(ended, slut, MISSING),
        "typ": np.where(u_family, np.where(rng.random(m) < 0.93, 1, 2), 0),
        "förlängd": np.where(days > 121, rng.random(m) < 0.8, rng.random(m) < 0.03),
        "orsak": np.where(rng.random(m) < 0.9, u_orsak, rng.choice(len(ORSAK_P), size=m, p=ORSAK_P)),
        "family": u_family, "samtal": samtal, "möte": np.where(samtal == 0, 0, _pick(rng, m, [40, 50, 10])),
        "beslut": beslut, "avslut": avslut,
    }
    granted = np.flatnonzero((beslut == 0) | (beslut == 2))
    begin = slut[granted] + rng.integers(0, 31, len(granted))
    kind = _insats_kind(rng, children.birth[child[a[granted]]], begin, u_orsak[granted], u_family[granted], beslut[granted] == 2)
    extra = np.flatnonzero(~u_family[granted] & (rng.random(len(granted)) < 0.10))  # a kontaktperson too
    ins_utr = np.concatenate([granted, granted[extra]])
    ins_start = np.concatenate([begin, begin[extra] + rng.integers(0, 61, len(extra))])
    ins_kind = np.concatenate([kind, np.full(len(extra), K["kontaktperson"])])
    ins_sub = np.concatenate([np.zeros(len(granted), np.int64), np.ones(len(extra), np.int64)])
    keep = ins_start <= EXTRACTION_DAY
    ins, sk, again = _insatser(rng, ins_utr[keep], ins_start[keep], ins_kind[keep], ins_sub[keep], utr, children)
    return {"akt": akt, "utr": utr, "ins": ins, "sk": sk}, again


def _insats_kind(rng: np.random.Generator, birth: np.ndarray, on: np.ndarray, orsak: np.ndarray, family: np.ndarray,
                 lvu: np.ndarray) -> np.ndarray:
    years = age(birth, on)
    weights = np.zeros((len(on), len(KINDS)))

    def put(rows: np.ndarray, table: dict[str, np.ndarray | float]) -> None:
        for kind, weight in table.items():
            weights[rows, K[kind]] = weight if np.isscalar(weight) else weight[rows]

    teen = years >= 13
    trouble = teen & np.isin(orsak, _of(TEEN_TROUBLE))
    put(family, {"umgängesstöd": 60, "samarbetssamtal": 40})
    put(~family & lvu & teen, {"sis": 30, "hvb": 40, "familjehem_konsulentstött": 30})
    put(~family & lvu & ~teen, {"hvb": 20, "familjehem_konsulentstött": 60, "familjehem_eget": 20})
    put(~family & ~lvu & trouble, {"öppenvård_extern": 30, "öppenvård_intern": 30, "hvb": 13, "sis": 4,
                                   "stödboende": np.where(years >= 16, 6.0, 0.0), "kontaktperson": 10, "familjehem_konsulentstött": 7})
    put(~family & ~lvu & ~trouble, {"öppenvård_intern": 55, "öppenvård_extern": 12, "kontaktperson": 13, "familjehem_konsulentstött": 9,
                                    "familjehem_eget": 4, "nätverkshem": 5, "vårdnadsöverflyttning": np.where(years < 15, 1.0, 0.0), "hvb": 1})
    return _pick_rows(rng, weights)


def _insatser(rng: np.random.Generator, utr_row: np.ndarray, start: np.ndarray, kind: np.ndarray, sub: np.ndarray,
              utr: dict[str, np.ndarray], children: Children) -> tuple[dict, dict, tuple]:
    n = len(start)
    spec = np.array([[*cost, *length] for cost, length in KINDS.values()])[kind]
    slut = start + rng.integers(spec[:, 2], spec[:, 3] + 1)
    ended = slut <= EXTRACTION_DAY
    orsak = utr["akt_orsak"][utr_row]  # the aktualisering's orsak, not the utredning's
    child = utr["child"][utr_row]
    violence = np.isin(orsak, _of(VIOLENCE))
    ovi, ove = kind == K["öppenvård_intern"], kind == K["öppenvård_extern"]
    metod = np.full(n, -1)
    metod = np.where(ovi & violence, np.where(rng.random(n) < 0.75, 0, 1), metod)
    metod = np.where(ovi & ~violence, np.array([1, 2, 3])[_pick(rng, n, [60, 25, 15])], metod)
    metod = np.where(ove, np.array([4, 5, 1, 3])[_pick(rng, n, [35, 35, 20, 10])], metod)
    days = np.where(ended, slut, EXTRACTION_DAY) - start + 1
    cost = (days * rng.integers(spec[:, 0], spec[:, 1] + 1)).astype(float)
    family_kind = np.isin(kind, _of(["umgängesstöd", "samarbetssamtal"], K))
    placement = np.isin(kind, _of(PLACEMENTS, K))
    review = start + rng.integers(150, 186, n)
    ins = {
        "utr": utr_row, "sub": sub, "child": child, "kind": kind, "metod": metod, "orsak": orsak, "start": start,
        "slut": np.where(ended, slut, MISSING), "cost": np.where(family_kind, np.nan, cost),
        "review": np.where(placement & (review <= EXTRACTION_DAY) & (rng.random(n) < 0.85), review, MISSING),
        "samtal": np.where(placement, rng.integers(0, 9, n), -1),
    }
    # skattningar: säkerhetsskala before/after for Tryggare barn, måluppfyllelse for other öppenvård
    safety = metod == 0
    followed = np.flatnonzero(safety | ovi | ove)
    s_safe, s_end = safety[followed], ins["slut"][followed]
    before = np.clip(np.round(rng.normal(3.5, 1.6, len(followed)) * 2) / 2, 0, 10)
    after = np.clip(before + np.round(rng.normal(2.4, 1.8, len(followed))), 0, 10)
    has_before = s_safe & (rng.random(len(followed)) < 0.95)
    has_after = (s_end != MISSING) & np.where(s_safe, rng.random(len(followed)) < 0.8, rng.random(len(followed)) < 0.7)
    goal = _pick(rng, len(followed), [38, 30, 22, 10])
    rows_before, rows_after = followed[has_before], followed[has_after]
    s_ins = np.concatenate([rows_before, rows_after])
    sk = {
        "ins": s_ins, "sub": np.concatenate([np.zeros(len(rows_before), np.int64), np.ones(len(rows_after), np.int64)]),
        "child": child[s_ins], "safety": safety[s_ins],
        "date": np.concatenate([start[rows_before], ins["slut"][rows_after]]),
        "value": np.concatenate([before[has_before], np.where(s_safe[has_after], after[has_after], np.nan)]),
        "goal": np.concatenate([np.full(len(rows_before), -1), np.where(s_safe[has_after], -1, goal[has_after])]),
        "deltog": rng.random(len(s_ins)) < 0.34,
    }
    # återaktualisering: a closed insats may be followed by a new aktualisering within ~2 years
    again = slut + (30 + 700 * rng.random(n) ** 1.5).astype(np.int64)
    comes = ended & ~family_kind & (age(children.birth[child], again) < 18) & (rng.random(n) < 0.38) & (again <= PERIOD_END_DAY)
    same = rng.random(n) < 0.8
    return ins, sk, (again[comes], child[comes], np.where(same, orsak, -1)[comes])


def _combine(generations: list[dict[str, dict[str, np.ndarray]]]) -> dict[str, dict[str, np.ndarray]]:
    """All generations in one table each: aktualiseringar by date (drawn before återaktualiserade),
    everything else in the order it was created, i.e. by its aktualisering."""
    offsets = {"akt": 0, "utr": 0, "ins": 0}
    parts: dict[str, list[dict[str, np.ndarray]]] = {"akt": [], "utr": [], "ins": [], "sk": []}
    for number, g in enumerate(generations):
        parts["akt"].append(dict(g["akt"], gen=np.full(len(g["akt"]["on"]), number), seq=np.arange(len(g["akt"]["on"]))))
        parts["utr"].append(dict(g["utr"], akt=g["utr"]["akt"] + offsets["akt"]))
        parts["ins"].append(dict(g["ins"], utr=g["ins"]["utr"] + offsets["utr"]))
        parts["sk"].append(dict(g["sk"], ins=g["sk"]["ins"] + offsets["ins"]))
        offsets = {"akt": offsets["akt"] + len(g["akt"]["on"]), "utr": offsets["utr"] + len(g["utr"]["akt"]),
                   "ins": offsets["ins"] + len(g["ins"]["utr"])}
    t = {name: {key: np.concatenate([c[key] for c in chunks]) for key in chunks[0]} for name, chunks in parts.items()}

    def rank(order: np.ndarray) -> np.ndarray:
        out = np.empty_like(order)
        out[order] = np.arange(len(order))
        return out

    akt_order = np.lexsort((t["akt"]["seq"], t["akt"]["gen"], t["akt"]["on"]))
    akt_rank = rank(akt_order)
    utr_order = np.argsort(akt_rank[t["utr"]["akt"]], kind="stable")
    utr_rank = rank(utr_order)
    ins_order = np.lexsort((t["ins"]["sub"], utr_rank[t["ins"]["utr"]]))
    ins_rank = rank(ins_order)
    sk_order = np.lexsort((t["sk"]["sub"], ins_rank[t["sk"]["ins"]]))
    t["utr"]["akt"] = akt_rank[t["utr"]["akt"]]
    t["ins"]["utr"] = utr_rank[t["ins"]["utr"]]
    t["sk"]["ins"] = ins_rank[t["sk"]["ins"]]
    for name, order in (("akt", akt_order), ("utr", utr_order), ("ins", ins_order), ("sk", sk_order)):
        t[name] = {key: values[order] for key, values in t[name].items()}
    return t


def _ids(prefix: str, days: np.ndarray, width: int) -> np.ndarray:
    """PREFIX-year-number, numbered through the whole delivery (as Treserva's case numbers)."""
    years = pd.Series(days.astype("datetime64[D]")).dt.year.tolist()
    return np.array([f"{prefix}-{y}-{n:0{width}d}" for y, n in zip(years, range(1, len(days) + 1))], dtype=object)


def simulate(scale: Scale | str = "exempelby", seed: int = 20260131, model: DataModel | None = None) -> Simulation:
    """The whole case flow of `scale` as CaseData (see the module docstring)."""
    scale = SCALES[scale] if isinstance(scale, str) else scale
    model = model or load_datamodel()
    rng = np.random.default_rng(seed)
    on, child, children, numbers = _first_arrivals(rng, scale)
    orsak = np.full(len(on), -1)
    generations = []
    while len(on):
        generation, (on, child, orsak) = _generation(rng, scale, on, child, orsak, children)
        generations.append(generation)
    t = _combine(generations)
    # a child is known to the export by its personnummer: children who share one are one child
    used, owner, barn_of_child = np.unique(children.slot, return_index=True, return_inverse=True)  # owner: first child with the number
    width = max(5, len(str(len(t["akt"]["on"]))))
    barn_id = np.array([f"b{i:07d}" for i in range(1, len(used) + 1)], dtype=object)
    birth = used // 2 + FIRST_BIRTH_DAY
    personnummer = np.array([make_personnummer(dt.date(1970, 1, 1) + dt.timedelta(days=int(b)), 0, bool(s % 2)).digits
                             for b, s in zip(birth.tolist(), used.tolist())], dtype=object)
    akt, utr, ins, sk = t["akt"], t["utr"], t["ins"], t["sk"]
    bid = lambda rows: barn_id[barn_of_child[rows]]  # noqa: E731
    akt_id, utr_id = _ids("AKT", akt["on"], width), _ids("UTR", utr["start"], width)
    ins_id = _ids("INS", ins["start"], width)
    tables = {
        "barn": frame(model, "barn", {"barn_id": barn_id, "kön": np.where(children.girl[owner], "flicka", "pojke"),
                                      "födelsedatum": dates_of(birth)}),
        "aktualisering": frame(model, "aktualisering", {
            "aktualisering_id": akt_id, "barn_id": bid(akt["child"]), "datum": dates_of(akt["on"]),
            "typ": codes_of(akt["typ"], ["anmälan", "ansökan", "övrig_information"]), "uppgiftslämnare": codes_of(akt["anm"], list(UPPGIFTSLÄMNARE)),
            "huvudorsak": codes_of(akt["orsak"], list(ORSAK)), "enhet": np.where(akt["family"], "familjerätt", "mottagning"),
            "förhandsbedömning_klar": dates_of(akt["fb"]), "inleda_utredning": codes_of(akt["inleda"], [False, True]),
            "prio": np.where(akt["prio"] < 0, None, akt["prio"])}),
        "utredning": frame(model, "utredning", {
            "utredning_id": utr_id, "barn_id": bid(utr["child"]), "aktualisering_id": akt_id[utr["akt"]],
            "utredningstyp": codes_of(utr["typ"], ["barnavård", "vårdnad_boende_umgänge", "faderskap_föräldraskap"]),
            "start": dates_of(utr["start"]), "slut": dates_of(utr["slut"]), "förlängd": utr["förlängd"],
            "huvudorsak": codes_of(utr["orsak"], list(ORSAK)), "enhet": np.where(utr["family"], "familjerätt", "bou"),
            "enskilt_samtal": codes_of(utr["samtal"], [True, False]), "enskilt_möte": codes_of(utr["möte"], [True, False]),
            "beslut": codes_of(utr["beslut"], BESLUT), "avslutsorsak": codes_of(utr["avslut"], list(AVSLUT))}),
        "insats": frame(model, "insats", {
            "insats_id": ins_id, "barn_id": bid(ins["child"]), "utredning_id": utr_id[ins["utr"]],
            "insatstyp": codes_of(ins["kind"], list(KINDS)), "insatskategori": codes_of(ins["kind"], list(CATEGORY.values())),
            "insatsnamn": codes_of(ins["metod"], METOD), "huvudorsak": codes_of(ins["orsak"], list(ORSAK)),
            "start": dates_of(ins["start"]), "slut": dates_of(ins["slut"]), "kostnad": ins["cost"],
            "första_övervägande": dates_of(ins["review"]), "samtal_med_barnet": np.where(ins["samtal"] < 0, None, ins["samtal"])}),
        "uppföljning": frame(model, "uppföljning", {
            "uppföljning_id": np.array([f"SK-{i:0{max(6, width)}d}" for i in range(1, len(sk["ins"]) + 1)], dtype=object),
            "barn_id": bid(sk["child"]), "insats_id": ins_id[sk["ins"]],
            "instrument": np.where(sk["safety"], "säkerhetsskala", "måluppfyllelse"),
            "tidpunkt": np.where(sk["sub"] == 1, "efter", "före"), "datum": dates_of(sk["date"]),
            "värde": sk["value"], "måluppfyllelse": codes_of(sk["goal"], MÅL), "barnet_deltog": sk["deltog"]}),
    }
    tables.update(aggregates(model, rng, scale.size))
    for name, entity in model.entities.items():
        tables.setdefault(name, coerce_table(entity, pd.DataFrame()))
    data = CaseData(tables=tables, extraction_date=EXTRACTION, municipality=scale.kommun, source_system="simulerad")
    return Simulation(scale, data, personnummer, numbers)


def generate(n_aktualiseringar: int, seed: int = 20240531, municipality: str = "Exempelkommun") -> CaseData:
    """CaseData with about `n_aktualiseringar` over 2021–2025 (and history from mid-2020), Exempelby's calibration."""
    return simulate(scale_for(max(1, n_aktualiseringar // len(YEARS)), municipality), seed).case_data


