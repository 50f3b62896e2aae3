"""The simulated municipality's aggregate sources as CaseData: befolkning, personal, OJ enkätsvar, brukarsvar.

Population per år/kön/ålder 0–20 (SCB style), personnel per year (OJ B1/B1a/B1b; 2023's
experience questions unanswered, which the export writes as OJ's 999), the OJ survey answers
(G2/G2a/G3/G3a/B12/B12b, socialjour) and the user survey, all scaled with the municipality.
"""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd

from suengine.casedata.datamodel import DataModel
from suengine.demo.frames import frame
from suengine.demo.people import YEARS

# OJ's own areas (G2) and some of its external actors (G3); the data model mirrors OJ one to one.
G2_AREAS = ["ekonomiskt_bistånd", "missbruk", "socialpsykiatri", "lss_barn", "lss_vuxen"]
G3_AREAS = ["skola", "förskola", "barn_och_ungdomspsykiatri", "primärvård", "polisen"]
DIMENSIONS = {"F1": "få_kontakt", "F2": "tydlig_information", "F3": "förståelse", "F4": "inflytande", "F5": "förbättrad_situation"}


def population(rng: np.random.Generator, size: float) -> pd.DataFrame:
    rows = []
    for year in YEARS:
        for sex, share in (("flicka", 0.486), ("pojke", 0.514)):
            for age in range(21):
                base = 450 + 5 * min(age, 12) - 4 * max(0, age - 14) + 12 * math.sin(age + year)
                count = round(base * share * 2 * (1 + 0.007 * (year - 2021)) * size + int(rng.integers(-12, 13)) * math.sqrt(size))
                rows.append({"år": year, "kön": sex, "ålder": age, "antal": max(0, count)})
    return pd.DataFrame(rows)


def personnel(rng: np.random.Generator, size: float) -> pd.DataFrame:
    rows = []
    for year in YEARS:
        b1 = round((21 + (year - 2021) * 0.8 + rng.uniform(-1, 1)) * size, 1)
        b1a = round(b1 * rng.uniform(0.82, 0.92), 1)
        under1, one2, three5 = (round(b1a * p, 1) for p in (rng.uniform(0.05, 0.15), rng.uniform(0.15, 0.25), rng.uniform(0.2, 0.3)))
        unknown = round(size, 1) if year == 2022 else 0.0
        row = {"mätdatum": np.datetime64(dt.date(year, 2, 1)), "b1_handläggare": b1, "b1a_socionomexamen": b1a,
               "b1b_under_1_år": under1, "b1b_1_2_år": one2, "b1b_3_5_år": three5,
               "b1b_över_5_år": round(b1a - under1 - one2 - three5 - unknown, 1), "b1b_vet_ej": unknown,
               "konsulter": round(float(rng.choice([0, 0, 1, 2, 2.5])) * size, 1)}
        if year == 2023:  # the municipality could not answer the experience questions that year
            row.update({k: None for k in row if k.startswith("b1b")})
        rows.append(row)
    return pd.DataFrame(rows)


def survey(rng: np.random.Generator) -> pd.DataFrame:
    rows = []
    for index, year in enumerate(YEARS):
        measured = np.datetime64(dt.date(year, 3, 1))
        for area in G2_AREAS:
            answer = "ja" if rng.random() < 0.45 + 0.1 * index else str(rng.choice(["nej", "nej", "nej_behövs_inte"]))
            rows.append({"mätdatum": measured, "område": area, "g2": answer, "g2a": str(rng.choice(["ja", "nej"])) if answer == "ja" else None})
        for area in G3_AREAS:
            answer = "ja" if rng.random() < 0.5 + 0.1 * index else "nej"
            rows.append({"mätdatum": measured, "område": area, "g3": answer, "g3a": str(rng.choice(["ja", "ja", "nej"])) if answer == "ja" else None})
        compiled = index >= 2  # B12: results compiled at group level from the third year (B12b only then)
        used = "nej" if not compiled else "nej_beslut_fattat" if index < 4 else "ja"
        rows.append({"mätdatum": measured, "område": "hela_verksamheten", "b12": "ja" if compiled else "nej",
                     "b12b": used, "socialjour": "ja"})
    return pd.DataFrame(rows)


def user_survey(rng: np.random.Generator, size: float) -> dict[str, np.ndarray]:
    parts = []
    for year in YEARS:
        n = max(1, round(int(rng.integers(110, 151)) * size))
        width = max(4, len(str(n)))
        answered = (np.datetime64(dt.date(year, 10, 1)) + rng.integers(0, 45, n)).astype("datetime64[D]")
        respondent = np.repeat(np.arange(1, n + 1), len(DIMENSIONS))
        question = np.tile(np.array(list(DIMENSIONS), dtype=object), n)
        good = 0.70 + 0.08 * (question == "F1") - 0.1 * (question == "F4")
        roll = rng.random(len(question))
        positive = np.where(roll < good, True, np.where(roll > 0.94, None, False))
        parts.append({
            "svar_id": np.array([f"{year}-{r:0{width}d}-{q}" for r, q in zip(respondent.tolist(), question)], dtype=object),
            "datum": np.repeat(answered, len(DIMENSIONS)), "dimension": np.array([DIMENSIONS[q] for q in question], dtype=object),
            "positivt": positive,
        })
    return {name: np.concatenate([p[name] for p in parts]) for name in parts[0]}


def aggregates(model: DataModel, rng: np.random.Generator, size: float) -> dict[str, pd.DataFrame]:
    def table(entity: str, data: pd.DataFrame) -> pd.DataFrame:
        return frame(model, entity, {name: data[name].to_numpy() for name in data.columns})

    return {
        "befolkning": table("befolkning", population(rng, size)),
        "personal": table("personal", personnel(rng, size)),
        "enkätsvar": table("enkätsvar", survey(rng)),
        "brukarsvar": frame(model, "brukarsvar", user_survey(rng, size)),
    }
