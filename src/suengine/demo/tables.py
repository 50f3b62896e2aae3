"""The demo municipality's aggregate tables and its deliberately bad rows.

Aggregates: population per år/kön/ålder 0–20 (SCB style), personnel per year (OJ B1/B1a/B1b,
one year answered with 999 = "cannot answer"), the OJ survey answers (G2/G2a/G3/G3a/B12/B12b,
socialjour) and the user survey. The bad rows give the quality report something real to show;
`BAD_ROWS` documents them and the tests check each one is reported.
"""

from __future__ import annotations

import datetime as dt
import math
from random import Random

from suengine.demo.cases import YEARS, Demo

GIRLS = ["Alva", "Elsa", "Maja", "Wilma", "Ebba", "Astrid", "Saga", "Agnes", "Selma", "Alice", "Vera", "Freja", "Signe", "Stella", "Ella", "Nora"]
BOYS = ["William", "Hugo", "Liam", "Noah", "Lucas", "Oliver", "Elias", "Alexander", "Adam", "Vincent", "Arvid", "Leo", "Melvin", "Ture", "Nils", "Love"]
SURNAMES = ["Lindqvist", "Bergström", "Sandberg", "Holmgren", "Åkesson", "Forsberg", "Nyström", "Ekholm", "Lundgren", "Hedlund",
            "Öberg", "Sjöberg", "Wikström", "Blom", "Dahlgren", "Fransson", "Isaksson", "Mårtensson", "Strand", "Törnqvist"]
NAMES = (GIRLS, BOYS, SURNAMES)

BAD_ROWS = {
    "aktualiseringar.csv": ["okänd orsakskod X9 (3 rader)", "fel kontrollsiffra i personnummer", "kopierad rad",
                            "barn som saknas i barn.csv", "omöjligt datum 2023-02-30 i FB klar"],
    "utredningar.csv": ["avslutad före inledd"],
    "insatser.xlsx": ["okänd insatskod ÖVX", "utredningsnummer som inte finns", "planerat slutdatum efter uttagsdatum (2 rader)"],
    "skattningar.csv": ["värde 12 på säkerhetsskalan 0–10"],
    "barn.csv": ["samma barn två gånger"],
}

G2_AREAS = ["Missbruks- och beroendevård för vuxna", "Ekonomiskt bistånd", "Våld i nära relationer", "Stöd till personer med funktionsnedsättning"]
G3_AREAS = ["Skola", "Förskola", "Barn- och ungdomspsykiatri", "Primärvård", "Polis"]
QUESTIONS = ["F1", "F2", "F3", "F4", "F5"]


def population(rng: Random) -> list[dict]:
    rows = []
    for year in YEARS:
        for sex, share in (("kvinnor", 0.486), ("män", 0.514)):
            for age in range(21):
                base = 450 + 5 * min(age, 12) - 4 * max(0, age - 14) + 12 * math.sin(age + year)
                count = round(base * share * 2 * (1 + 0.007 * (year - 2021)) + rng.randint(-12, 12))
                rows.append({"region": "9999 Exempelby", "ålder": age, "kön": sex, "år": year, "Folkmängd": count})
    return rows


def personnel(rng: Random) -> list[dict]:
    rows = []
    for year in YEARS:
        b1 = round(21 + (year - 2021) * 0.8 + rng.uniform(-1, 1), 1)
        b1a = round(b1 * rng.uniform(0.82, 0.92), 1)
        parts = [rng.uniform(0.05, 0.15), rng.uniform(0.15, 0.25), rng.uniform(0.2, 0.3)]
        under1, one2, three5 = (round(b1a * p, 1) for p in parts)
        unknown = 1.0 if year == 2022 else 0.0
        over5 = round(b1a - under1 - one2 - three5 - unknown, 1)
        row = {"Mätdatum": dt.date(year, 2, 1), "B1 Handläggare": b1, "B1a Socionomexamen": b1a, "B1b under 1 år": under1,
               "B1b 1-2 år": one2, "B1b 3-5 år": three5, "B1b över 5 år": over5, "B1b vet ej": unknown,
               "Konsulter": round(rng.choice([0, 0, 1, 2, 2.5]), 1)}
        if year == 2023:  # the municipality could not answer the experience questions that year
            row.update({k: 999 for k in row if k.startswith("B1b")})
        rows.append(row)
    return rows


def survey(rng: Random) -> list[dict]:
    rows = []
    for index, year in enumerate(YEARS):
        measured = dt.date(year, 3, 1)
        for area in G2_AREAS:
            answer = "Ja" if rng.random() < 0.45 + 0.1 * index else rng.choice(["Nej", "Nej", "Nej, behövs inte"])
            rows.append({"Mätdatum": measured, "Område": area, "G2": answer, "G2a": (rng.choice(["Ja", "Nej"]) if answer == "Ja" else None)})
        for area in G3_AREAS:
            answer = "Ja" if rng.random() < 0.5 + 0.1 * index else "Nej"
            rows.append({"Mätdatum": measured, "Område": area, "G3": answer, "G3a": (rng.choice(["Ja", "Ja", "Nej"]) if answer == "Ja" else None)})
        rows.append({"Mätdatum": measured, "Område": "Hela verksamheten", "B12": "Delvis" if index < 3 else "Ja",
                     "B12b": "Nej" if index < 2 else "Delvis", "Socialjour": "Ja"})
    return rows


def user_survey(rng: Random) -> list[dict]:
    rows = []
    for year in YEARS:
        for respondent in range(rng.randint(110, 150)):
            answered = dt.date(year, 10, 1) + dt.timedelta(days=rng.randrange(45))
            for question in QUESTIONS:
                good = 0.70 + (0.08 if question == "F1" else 0) - (0.1 if question == "F4" else 0)
                roll = rng.random()
                answer = "Instämmer helt" if roll < good * 0.6 else "Instämmer delvis" if roll < good else "Vet ej" if roll > 0.94 else "Instämmer inte"
                rows.append({"Svarsnr": f"{year}-{respondent + 1:04d}-{question}", "Svarsdatum": answered, "Fråga": question, "Svar": answer})
    return rows


def inject_bad_rows(demo: Demo, rng: Random) -> None:
    """Plant the problems listed in BAD_ROWS, in rows whose loss does not cascade."""
    akt = demo.aktualisering
    quiet = [r for r in akt if r["Beslut utredning"] == "N"]
    for row in rng.sample(quiet, 3):
        row["Orsak"] = "X9"
    wrong_check, copied = rng.sample([r for r in quiet if r["Orsak"] != "X9"], 2)
    wrong_check["Personnr"] = wrong_check["Personnr"][:-1] + str((int(wrong_check["Personnr"][-1]) + 1) % 10)
    akt.insert(akt.index(copied) + 1, dict(copied))
    counts: dict[str, int] = {}
    for collection in (demo.aktualisering, demo.utredning, demo.insats, demo.uppföljning):
        for row in collection:
            counts[row["Personnr"]] = counts.get(row["Personnr"], 0) + 1
    lonely = next(r for r in quiet if counts[r["Personnr"]] == 1 and r not in (wrong_check, copied) and r["Orsak"] != "X9")
    demo.barn[:] = [b for b in demo.barn if b["Personnummer"] != lonely["Personnr"]]
    next(r for r in akt if r["FB klar"] and r["FB klar"].year == 2023 and r["Beslut utredning"] == "N")["FB klar"] = "2023-02-30"
    closed = [u for u in demo.utredning if u["Beslut"] == "EJINS"]
    swapped = rng.choice(closed)
    swapped["Inledd"], swapped["Avslutad"] = swapped["Avslutad"], swapped["Inledd"]
    followed = {r["Insatsnr"] for r in demo.uppföljning}
    plain = [i for i in demo.insats if i["Insatsnr"] not in followed and i["Slutdatum"] is not None]
    unknown_kind, dangling = rng.sample(plain, 2)
    unknown_kind["Insatskod"] = "ÖVX"
    dangling["Utrnr"] = "UTR-2019-00999"
    for row in rng.sample([i for i in demo.insats if i["Slutdatum"] is None], 2):
        row["Slutdatum"] = dt.date(2026, 6, 30)  # a planned end date, not an actual one
    next(r for r in demo.uppföljning if r["Instrument"] == "SÄK" and r["Tidpunkt"] == "EFTER")["Värde"] = 12
    twin = rng.choice(demo.barn)
    demo.barn.insert(demo.barn.index(twin) + 1, dict(twin))
