"""Small builders for engine tests: an indicator from a few lines of YAML, case data from records."""

from __future__ import annotations

import datetime as dt
import textwrap
from typing import Any

import pandas as pd
import yaml

from suengine.casedata.tables import CaseData, case_data_from_records
from suengine.casedata.datamodel import load_datamodel
from suengine.engine import evaluate
from suengine.definitions.model import Indicator, indicator_from_dict
from suengine.publish.results import Results

BASE = """
id: test-indikator
version: 1
namn: Testindikator
kortnamn: Test
mått: m
syfte: s
kvalitetsområde: tillgänglighet
indikatorområde: test
typ: process
källa: test
målvärde: {typ: tröskel, riktning: högre_är_bättre, grön: 90, gul: 75}
testfall: []
"""


def indicator(body: str, **overrides: Any) -> Indicator:
    """An indicator from the common header plus `body` (dedented YAML)."""
    raw = yaml.safe_load(BASE)
    raw.update(yaml.safe_load(textwrap.dedent(body)))
    raw.update(overrides)
    return indicator_from_dict(raw, "<test>")


def data(records: dict[str, list[dict[str, Any]]], extraction: dt.date = dt.date(2030, 1, 1)) -> CaseData:
    return case_data_from_records(load_datamodel(), records, extraction)


def run(ind: Indicator | list[Indicator], case_data: CaseData, years: list[int] | int = 2024, threshold: int = 5) -> Results:
    inds = ind if isinstance(ind, list) else [ind]
    return evaluate(inds, case_data, [years] if isinstance(years, int) else years, threshold=threshold)


def row(table: pd.DataFrame, period: str = "2024", uppdelning: str = "total", stratum: str = "", kategori: str | None = "") -> dict[str, Any]:
    """The single result row for one period/stratum/category (kategori=None: the main row whatever its label)."""
    hit = table[(table["period"] == period) & (table["uppdelning"] == uppdelning) & (table["stratum"] == stratum)]
    if kategori is not None:
        hit = hit[hit["kategori"] == kategori]
    assert len(hit) >= 1, f"ingen rad för {period} {uppdelning}={stratum} {kategori}"
    values = hit.iloc[0].to_dict()
    return {k: (None if v is pd.NA or (isinstance(v, float) and v != v) else v) for k, v in values.items()}


def children(*specs: tuple[str, str | None, str]) -> list[dict[str, Any]]:
    """barn rows from (barn_id, kön, födelsedatum)."""
    return [{"barn_id": b, "kön": k, "födelsedatum": f} for b, k, f in specs]


# The smallest andel: utredningar with an enskilt samtal, by kön (the engine tests' common example).
SHARE = """
bas: utredning
perioddatum: slut
populationer:
  urval: {beskrivning: u}
  täljare: {beskrivning: t, villkor: {fält: enskilt_samtal, är: true}}
beräkning: {typ: andel}
uppdelningar: [{fält: kön}]
"""

# The populations' algebra in full: an urval, an exkludering, an undantag and a täljare.
SAMTAL = """
bas: utredning
perioddatum: slut
populationer:
  urval: {beskrivning: Avslutade barnavårdsutredningar, villkor: {fält: utredningstyp, är: barnavård}}
  exkludering: {beskrivning: Barnet har flyttat, villkor: {fält: avslutsorsak, är: flyttat}}
  undantag: {beskrivning: Ingen insats beviljades, villkor: {fält: beslut, är: ingen_insats}}
  täljare: {beskrivning: Barnet har haft enskilt samtal, villkor: {fält: enskilt_samtal, är: true}}
beräkning: {typ: andel}
uppdelningar: [{fält: kön}]
"""

# Återaktualisering within 24 months after an insats ended: the follow-up window the engine tests share.
FOLLOW_UP = """
bas: insats
perioddatum: slut
uppföljningsfönster: {från: slut, längd: {månader: 24}}
populationer:
  urval: {beskrivning: Avslutade insatser}
  täljare:
    beskrivning: Återaktualiserad
    villkor: {relaterad: {entitet: aktualisering, datumfält: datum, från: slut, inom: {månader: 24}}}
beräkning: {typ: andel}
"""
