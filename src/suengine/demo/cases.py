"""Simulated case flow for the demo municipality "Exempelby kommun" (about 40 000 inhabitants).

One seeded random generator, chronological: aktualisering → förhandsbedömning → (≈35 %)
utredning, mostly 60–120 days, some beyond four months → (≈40 %) insats → skattningar.
A closed insats may be followed by a new aktualisering for the same child within 24 months
(återaktualisering), usually with the same huvudorsak. Rows use Treserva's column names and the
municipality's local codes (see mappings/treserva.yml), with dates as `datetime.date`.

Personnummer are fictional by construction: födelsenummer 000 is never assigned by
Skatteverket, so no generated number can belong to a real person (they all look female to a
kön-from-personnummer rule, which is why the demo also delivers a Kön column).
"""

from __future__ import annotations

import datetime as dt
import heapq
from dataclasses import dataclass, field
from random import Random

from suengine.ingest.personnummer import make_personnummer

YEARS = (2021, 2022, 2023, 2024, 2025)
EXTRACTION = dt.date(2026, 1, 31)
PERIOD_END = dt.date(2025, 12, 31)
AKT_PER_YEAR = {2021: 1380, 2022: 1410, 2023: 1440, 2024: 1460, 2025: 1490}  # plus återaktualiseringar ≈ 1 500
# The export holds cases active during the period with their history, so the simulation (and the
# files) start half a year early: placements and utredningar running into 2021 are then present.
HISTORY_START, HISTORY_AKT = dt.date(2020, 7, 1), 680

ORSAK = {"11": 12, "12": 12, "13": 2, "14": 1, "21": 18, "22": 7, "23": 8, "24": 6, "31": 12, "32": 3, "33": 5, "34": 7, "35": 3, "41": 1, "42": 0.5, "51": 2, "99": 1.5}
ANMALARE = {"POL": 30, "SKO": 21, "FSK": 4, "SJV": 7, "BVC": 2, "BUP": 2, "TDV": 0.5, "SOC": 9, "AKO": 3, "BRN": 2, "VH": 6, "ANH": 4, "IDO": 0.5, "ANO": 3, "ÖVR": 6}
AGE_WEIGHTS = [5, 4, 4, 4, 4, 5, 5, 5, 5, 5, 5, 6, 6, 8, 10, 11, 11, 9, 2, 1, 1]  # ages 0–20
VIOLENCE = {"11", "12"}
TEEN_TROUBLE = {"31", "32", "33"}
DAILY_COST = {"ÖVI": (200, 300), "ÖVE": (900, 1600), "KP": (80, 140), "FHK": (1900, 2600), "FHE": (550, 800), "NÄT": (550, 700),
              "HVB": (4500, 7500), "SIS": (4600, 5200), "STB": (1800, 2600), "VÖF": (0, 0), "UMS": (0, 0), "SAS": (0, 0)}
DURATION = {"ÖVI": (90, 300), "ÖVE": (120, 365), "KP": (180, 730), "FHK": (180, 1000), "FHE": (365, 1500), "NÄT": (365, 1500),
            "HVB": (60, 400), "SIS": (60, 300), "STB": (90, 500), "VÖF": (0, 0), "UMS": (60, 200), "SAS": (14, 90)}
PLACEMENTS = {"FHK", "FHE", "NÄT", "HVB", "SIS", "STB"}


@dataclass
class Child:
    pnr: str  # 12 digits
    name: str
    sex: str  # "K" / "M"
    birth: dt.date
    last_contact: dt.date


@dataclass
class Demo:
    barn: list[dict] = field(default_factory=list)
    aktualisering: list[dict] = field(default_factory=list)
    utredning: list[dict] = field(default_factory=list)
    insats: list[dict] = field(default_factory=list)
    uppföljning: list[dict] = field(default_factory=list)


def pick(rng: Random, weights: dict[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _age(birth: dt.date, on: dt.date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


class CaseSimulation:
    def __init__(self, rng: Random, names: tuple[list[str], list[str], list[str]]) -> None:
        self.rng, self.names = rng, names
        self.demo = Demo()
        self.children: list[Child] = []
        self.used_birth: set[tuple[dt.date, bool]] = set()
        self.queue: list[tuple[dt.date, int, Child | None, str | None]] = []
        self.seq = 0
        self.counters = {"akt": 0, "utr": 0, "ins": 0, "sk": 0}

    def schedule(self, when: dt.date, child: Child | None = None, orsak: str | None = None) -> None:
        if when <= PERIOD_END:
            self.seq += 1
            heapq.heappush(self.queue, (when, self.seq, child, orsak))

    def _next_id(self, kind: str, prefix: str, year: int) -> str:
        self.counters[kind] += 1
        return f"{prefix}-{year}-{self.counters[kind]:05d}"

    def new_child(self, on: dt.date) -> Child:
        rng = self.rng
        age = rng.choices(range(21), weights=AGE_WEIGHTS)[0]
        coordination = rng.random() < 0.02
        # Födelsenummer 000 gives one number per day: find a free day within the drawn age year
        # (as Skatteverket moves the date when a day's numbers run out), else the nearest free day.
        for _ in range(60):
            birth = on - dt.timedelta(days=int((age + rng.random()) * 365.2425))
            if (birth, coordination) not in self.used_birth and _age(birth, on) == age:
                break
        else:
            for step in range(1, 20000):
                if (birth, coordination) not in self.used_birth and birth <= on and _age(birth, on) <= 20:
                    break
                birth += dt.timedelta(days=step if step % 2 else -step)
        self.used_birth.add((birth, coordination))
        sex = "K" if rng.random() < 0.47 else "M"
        first = rng.choice(self.names[0] if sex == "K" else self.names[1])
        child = Child(make_personnummer(birth, 0, coordination).digits, f"{rng.choice(self.names[2])}, {first}", sex, birth, on)
        self.children.append(child)
        return child

    def existing_child(self, on: dt.date) -> Child | None:
        """A child known from the last few years and still under 18 (a few tries, then none)."""
        pool = self.children[-900:]
        for _ in range(12 if pool else 0):
            child = self.rng.choice(pool)
            if (on - child.last_contact).days < 3 * 365 and _age(child.birth, on) < 18:
                return child
        return None

    def run(self) -> Demo:
        for _ in range(HISTORY_AKT):
            self.schedule(HISTORY_START + dt.timedelta(days=self.rng.randrange(184)))
        for year in YEARS:
            start = dt.date(year, 1, 1)
            for _ in range(AKT_PER_YEAR[year]):
                self.schedule(start + dt.timedelta(days=self.rng.randrange(365)))
        while self.queue:
            when, _, child, orsak = heapq.heappop(self.queue)
            if child is None and self.rng.random() < 0.30:
                child = self.existing_child(when)
            self.aktualisering(when, child or self.new_child(when), orsak)
        return self.demo

    def aktualisering(self, on: dt.date, child: Child, orsak: str | None) -> None:
        rng = self.rng
        child.last_contact = on
        orsak = orsak or pick(rng, ORSAK)
        family_law = orsak == "51"
        akt_id = self._next_id("akt", "AKT", on.year)
        fb_days = rng.randint(1, 14) if rng.random() < 0.88 else rng.randint(15, 40)
        fb = on + dt.timedelta(days=fb_days)
        open_fb = fb > EXTRACTION
        p_utr = 0.30 + (0.12 if orsak in VIOLENCE | {"13", "21"} else 0) - (0.12 if orsak in {"35", "99", "41"} else 0)
        inleda = None if open_fb else rng.random() < (0.5 if family_law else p_utr)
        prio = "1" if orsak in VIOLENCE | {"13", "14"} and rng.random() < 0.35 else rng.choice("2233")
        anm = "POL" if orsak == "33" and rng.random() < 0.7 else pick(rng, ANMALARE)
        self.demo.aktualisering.append({
            "Aktnr": akt_id, "Personnr": child.pnr, "Inkom": dt.datetime.combine(on, dt.time(8 + rng.randrange(9), rng.randrange(60))),
            "Akttyp": "ANS" if family_law else rng.choices(["ANM", "ANS", "ÖVR"], [86, 7, 7])[0],
            "Anmälare": None if rng.random() < 0.03 else anm, "Orsak": None if rng.random() < 0.02 else orsak,
            "Enhet": "FR" if family_law else "MOTT", "FB klar": None if open_fb else fb,
            "Beslut utredning": None if inleda is None else ("J" if inleda else "N"),
            "Prio": None if rng.random() < 0.04 else prio, "Handläggare": rng.choice(self.names[2]) + " (handl.)",
            "Anteckning": f"Samtal med vårdnadshavare till {child.name.split(', ')[1]}" if rng.random() < 0.08 else None,
        })
        if inleda:
            self.utredning(fb + dt.timedelta(days=rng.randint(0, 3)), child, akt_id, orsak, family_law)

    def utredning(self, start: dt.date, child: Child, akt_id: str, orsak: str, family_law: bool) -> None:
        rng = self.rng
        if start > EXTRACTION:
            return
        long = rng.random() < 0.12
        days = rng.randint(123, 210) if long else max(30, min(121, int(rng.gauss(92, 18))))
        slut = start + dt.timedelta(days=days)
        ended = slut <= EXTRACTION
        avslut = pick(rng, {"BESL": 90, "FLYTT": 5, "ÅTERT": 3, "ANN": 2}) if ended else None
        beslut = pick(rng, {"BEV": 44, "EJINS": 46, "LVU": 3, "YTTR": 4, "ÖVERL": 3}) if avslut == "BESL" else None
        if family_law and beslut == "LVU":
            beslut = "BEV"
        utr_id = self._next_id("utr", "UTR", start.year)
        samtal = rng.choices(["J", "N", None], [62, 28, 10])[0]
        self.demo.utredning.append({
            "Utrnr": utr_id, "Aktnr": akt_id, "Personnr": child.pnr,
            "Utredningstyp": ("VBU" if rng.random() < 0.93 else "FADER") if family_law else "BARN",
            "Inledd": start, "Avslutad": slut if ended else None,
            "Förlängd": ("J" if rng.random() < 0.8 else "N") if days > 121 else ("J" if rng.random() < 0.03 else "N"),
            "Orsak": orsak if rng.random() < 0.9 else pick(rng, ORSAK), "Enhet": "FR" if family_law else rng.choice(["BOU1", "BOU2"]),
            "Enskilt samtal": samtal, "Träffat enskilt": "J" if samtal == "J" else rng.choices(["J", "N", None], [40, 50, 10])[0],
            "Beslut": beslut, "Avslutsorsak": avslut, "Handläggare": rng.choice(self.names[2]) + " (handl.)",
        })
        if beslut in ("BEV", "LVU"):
            begin = slut + dt.timedelta(days=rng.randint(0, 30))
            kind = self.insats_kind(child, begin, orsak, family_law, beslut == "LVU")
            self.insats(begin, child, utr_id, orsak, kind)
            if not family_law and rng.random() < 0.10:
                self.insats(begin + dt.timedelta(days=rng.randint(0, 60)), child, utr_id, orsak, "KP")

    def insats_kind(self, child: Child, on: dt.date, orsak: str, family_law: bool, lvu: bool) -> str:
        rng, age = self.rng, _age(child.birth, on)
        if family_law:
            return "UMS" if rng.random() < 0.6 else "SAS"
        if lvu:
            return pick(rng, {"SIS": 30, "HVB": 40, "FHK": 30} if age >= 13 else {"HVB": 20, "FHK": 60, "FHE": 20})
        if age >= 13 and orsak in TEEN_TROUBLE:
            return pick(rng, {"ÖVE": 30, "ÖVI": 30, "HVB": 13, "SIS": 4, "STB": 6 if age >= 16 else 0, "KP": 10, "FHK": 7})
        return pick(rng, {"ÖVI": 55, "ÖVE": 12, "KP": 13, "FHK": 9, "FHE": 4, "NÄT": 5, "VÖF": 1 if age < 15 else 0, "HVB": 1})

    def insats(self, start: dt.date, child: Child, utr_id: str, orsak: str, kind: str) -> None:
        rng = self.rng
        if start > EXTRACTION:
            return
        low, high = DURATION[kind]
        slut = start + dt.timedelta(days=rng.randint(low, high))
        ended = slut <= EXTRACTION
        metod = None
        if kind == "ÖVI":
            metod = ("TB" if rng.random() < 0.75 else "FB") if orsak in VIOLENCE else pick(rng, {"FB": 60, "FST": 25, "ANN": 15})
        elif kind == "ÖVE":
            metod = pick(rng, {"MST": 35, "FFT": 35, "FB": 20, "ANN": 10})
        days = ((slut if ended else EXTRACTION) - start).days + 1
        cost_low, cost_high = DAILY_COST[kind]
        cost = round(days * rng.randint(cost_low, cost_high) * (1 if kind != "VÖF" else 0), 2) if kind not in ("UMS", "SAS") else None
        review = start + dt.timedelta(days=rng.randint(150, 185))
        ins_id = self._next_id("ins", "INS", start.year)
        self.demo.insats.append({
            "Insatsnr": ins_id, "Utrnr": utr_id, "Personnr": child.pnr, "Insatskod": kind, "Metod": metod, "Orsak": orsak,
            "Startdatum": start, "Slutdatum": slut if ended else None, "Kostnad": cost,
            "Första övervägande": review if kind in PLACEMENTS and review <= EXTRACTION and rng.random() < 0.85 else None,
            "Samtal placerat barn": rng.randint(0, 8) if kind in PLACEMENTS else None,
            "Utförare": "Exempelby familjebehandling" if kind == "ÖVI" else "Extern utförare AB", "Handläggare": rng.choice(self.names[2]),
        })
        if metod == "TB" or kind in ("ÖVI", "ÖVE"):
            self.skattningar(ins_id, child, start, slut if ended else None, metod == "TB")
        again = slut + dt.timedelta(days=int(30 + 700 * rng.random() ** 1.5))
        if ended and kind not in ("UMS", "SAS") and _age(child.birth, again) < 18 and rng.random() < 0.38:
            self.schedule(again, child, orsak if rng.random() < 0.8 else None)

    def skattningar(self, ins_id: str, child: Child, start: dt.date, slut: dt.date | None, safety: bool) -> None:
        rng = self.rng

        def row(instrument: str, when: str, on: dt.date, value: float | None, goal: str | None) -> None:
            self.counters["sk"] += 1
            self.demo.uppföljning.append({
                "Skattnr": f"SK-{self.counters['sk']:06d}", "Insatsnr": ins_id, "Personnr": child.pnr, "Instrument": instrument,
                "Tidpunkt": when, "Datum": on, "Värde": value, "Måluppfyllelse": goal,
                "Barnet deltog": "J" if rng.random() < 0.34 else "N", "Kommentar": None,
            })

        if safety:
            before = max(0.0, min(10.0, round(rng.gauss(3.5, 1.6) * 2) / 2))
            if rng.random() < 0.95:
                row("SÄK", "FÖRE", start, before, None)
            if slut is not None and rng.random() < 0.8:
                row("SÄK", "EFTER", slut, max(0.0, min(10.0, before + round(rng.gauss(2.4, 1.8)))), None)
        elif slut is not None and rng.random() < 0.7:
            row("MÅL", "EFTER", slut, None, pick(rng, {"1": 38, "2": 30, "3": 22, "4": 10}))

    def barn_rows(self) -> list[dict]:
        rows = []
        for child in sorted(self.children, key=lambda c: c.pnr):
            street = self.rng.choice(["Storgatan", "Skolvägen", "Björkvägen", "Ängsgatan", "Kyrkvägen"])
            rows.append({"Personnummer": child.pnr, "Namn": child.name, "Kön": child.sex, "Adress": f"{street} {self.rng.randint(1, 60)}",
                         "Folkbokförd kommun": "Exempelby"})
        return rows
