"""Reproduce Mölndal's ISU figures (seed 004) from synthetic records built to match them.

2019: 31 children whose insats Tryggare barn ended (14 flickor, 17 pojkar); 10 återaktualiserade
within two years with the same concern (våld) — 32 % in total, 4 flickor (29 %), 6 pojkar (35 %).
The records add the traps a real register has: other reasons, recurrences too late or too early,
and a child with two insatser who must be counted once. "Same concern" is the huvudorsak of the
aktualisering that led to the insats (insats → utredning → aktualisering).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from engine.helpers import data, row, run
from suengine.definitions.model import indicator_from_dict

INDICATOR = Path(__file__).resolve().parents[2] / "indicators" / "resultat" / "ateraktualisering-24-man-samma-orsak-efter-insats.yml"


def _molndal_records() -> dict[str, list[dict]]:
    barn, insats, akt, utr = [], [], [], []
    for i in range(31):
        girl = i < 14
        child = f"b{i:02d}"
        barn.append({"barn_id": child, "kön": "flicka" if girl else "pojke", "födelsedatum": dt.date(2012, 1 + i % 12, 1 + i % 28)})
        reason = "våld_mot_barnet" if i % 3 else "bevittnat_våld"
        end = dt.date(2019, 1 + i % 12, 10 + i % 15)
        # The report that started it all, and the utredning it led to.
        akt.append({"aktualisering_id": f"o{i:02d}", "barn_id": child, "typ": "anmälan", "datum": dt.date(2018, 5, 1), "huvudorsak": reason})
        utr.append({"utredning_id": f"u{i:02d}", "barn_id": child, "aktualisering_id": f"o{i:02d}", "utredningstyp": "barnavård",
                    "start": dt.date(2018, 5, 10), "slut": dt.date(2018, 8, 20), "beslut": "insats_beviljad"})
        insats.append({"insats_id": f"i{i:02d}", "barn_id": child, "utredning_id": f"u{i:02d}", "insatstyp": "öppenvård_intern", "insatskategori": "öppenvård",
                       "insatsnamn": "tryggare_barn", "huvudorsak": reason, "start": dt.date(2018, 9, 1), "slut": end})
        recurs = (i < 4) or (14 <= i < 20)  # 4 girls, 6 boys
        if recurs:
            akt.append({"aktualisering_id": f"a{i:02d}", "barn_id": child, "typ": "anmälan", "datum": end + dt.timedelta(days=200 + 20 * i), "huvudorsak": reason})
        elif i % 4 == 0:  # a new report, but for another reason
            akt.append({"aktualisering_id": f"x{i:02d}", "barn_id": child, "typ": "anmälan", "datum": end + dt.timedelta(days=90), "huvudorsak": "skolsituation"})
        elif i % 4 == 1:  # same reason, but after more than 24 months
            akt.append({"aktualisering_id": f"y{i:02d}", "barn_id": child, "typ": "anmälan", "datum": dt.date(end.year + 2, end.month, end.day) + dt.timedelta(days=1), "huvudorsak": reason})
        elif i % 4 == 2:  # same reason, but the report that led to the insats
            akt.append({"aktualisering_id": f"z{i:02d}", "barn_id": child, "typ": "anmälan", "datum": dt.date(2018, 6, 1), "huvudorsak": reason})
    # A recurring girl had a second Tryggare barn in 2019: still one child in the nämnare and täljare.
    insats.append({"insats_id": "i99", "barn_id": "b00", "utredning_id": "u00", "insatstyp": "öppenvård_intern", "insatskategori": "öppenvård",
                   "insatsnamn": "tryggare_barn", "huvudorsak": "våld_mot_barnet", "start": dt.date(2019, 2, 1), "slut": dt.date(2019, 11, 30)})
    # An insats that ended in 2018 and one in 2020 are outside the period.
    insats.append({"insats_id": "i98", "barn_id": "b30", "utredning_id": "u30", "insatstyp": "öppenvård_intern", "insatskategori": "öppenvård",
                   "huvudorsak": "våld_mot_barnet", "start": dt.date(2018, 1, 1), "slut": dt.date(2018, 12, 31)})
    return {"barn": barn, "insats": insats, "utredning": utr, "aktualisering": akt}


def test_molndal_2019() -> None:
    ind = indicator_from_dict(yaml.safe_load(INDICATOR.read_text(encoding="utf-8")), str(INDICATOR))
    table = run(ind, data(_molndal_records(), extraction=dt.date(2022, 6, 1)), 2019).table
    total = row(table, "2019")
    girls = row(table, "2019", "kön", "flicka")
    boys = row(table, "2019", "kön", "pojke")
    assert (total["nämnare"], total["täljare"], total["censurerade"]) == (31, 10, 0)
    assert (girls["nämnare"], girls["täljare"]) == (14, 4)
    assert (boys["nämnare"], boys["täljare"]) == (17, 6)
    assert (round(total["värde"]), round(girls["värde"]), round(boys["värde"])) == (32, 29, 35)
    assert total["status"] == "röd"  # 32 % is above the 30 % yellow limit when lower is better


def test_molndal_recent_year_is_censored() -> None:
    ind = indicator_from_dict(yaml.safe_load(INDICATOR.read_text(encoding="utf-8")), str(INDICATOR))
    table = run(ind, data(_molndal_records(), extraction=dt.date(2021, 6, 1)), 2019).table
    total = row(table, "2019")
    assert total["nämnare"] < 31 and total["censurerade"] > 0
    assert total["nämnare"] + total["censurerade"] == 31
