"""Six representative indicators for the benchmark, each with kön × åldersgrupp breakdowns.

Written inline (not read from indicators/) so the benchmark measures the same work whatever
the catalogue holds; together they exercise every expensive construct: joins to barn, age at
a date, calendar-month windows, a related-record search (återaktualisering), counting
children, a population rate and a median.
"""

from __future__ import annotations

import textwrap

import yaml

from suengine.definitions.model import Indicator, indicator_from_dict

_COMMON = """
version: 1
kortnamn: k
mått: m
syfte: s
kvalitetsområde: tillgänglighet
indikatorområde: benchmark
typ: process
källa: syntetiska data
målvärde: {typ: tröskel, riktning: högre_är_bättre, grön: 90, gul: 75}
uppdelningar:
  - fält: kön
  - fält: ålder
    namn: åldersgrupp
    grupper:
      - {etikett: "0–12 år", från: 0, till: 12}
      - {etikett: "13–20 år", från: 13, till: 20}
testfall: []
"""

SOURCES = {
    "b-utredning-4-man": """
        namn: Utredningar avslutade inom fyra månader
        bas: utredning
        perioddatum: slut
        åldersdatum: start
        populationer:
          urval: {beskrivning: u, villkor: {fält: utredningstyp, är: barnavård}}
          täljare: {beskrivning: t, villkor: {tid_mellan: {från: start, till: slut, högst: {månader: 4}}}}
        beräkning: {typ: andel}
    """,
    "b-forhandsbedomning-14-dagar": """
        namn: Förhandsbedömningar klara inom 14 dagar
        bas: aktualisering
        perioddatum: datum
        populationer:
          urval: {beskrivning: u, villkor: {fält: typ, är: anmälan}}
          täljare: {beskrivning: t, villkor: {tid_mellan: {från: datum, till: förhandsbedömning_klar, högst: {dagar: 14}}}}
        beräkning: {typ: andel}
    """,
    "b-enskilt-samtal": """
        namn: Utredningar där barnet haft enskilt samtal
        bas: utredning
        perioddatum: slut
        åldersdatum: start
        populationer:
          urval: {beskrivning: u, villkor: {fält: utredningstyp, är: barnavård}}
          exkludering: {beskrivning: e, villkor: {fält: avslutsorsak, en_av: [flyttat, överflyttad]}}
          täljare: {beskrivning: t, villkor: {fält: enskilt_samtal, är: true}}
        beräkning: {typ: andel}
    """,
    "b-ateraktualisering-24-man": """
        namn: Barn återaktualiserade inom 24 månader med samma huvudorsak efter avslutad insats
        bas: barn
        poster: insats
        perioddatum: slut
        populationer:
          urval: {beskrivning: u, villkor: {fält: insatskategori, är: öppenvård}}
          täljare:
            beskrivning: t
            villkor:
              relaterad: {entitet: aktualisering, datumfält: datum, från: slut, inom: {månader: 24}, samma_värde: [huvudorsak]}
        uppföljningsfönster: {från: slut, längd: {månader: 24}}
        beräkning: {typ: andel}
    """,
    "b-anmalda-barn-per-1000": """
        namn: Barn som anmälts per 1 000 barn 0–17 år
        bas: barn
        poster: aktualisering
        perioddatum: datum
        populationer:
          urval: {beskrivning: u, villkor: {alla: [{fält: typ, är: anmälan}, {fält: ålder, mellan: [0, 17]}]}}
        beräkning: {typ: kvot, per: 1000, befolkning: {ålder: [0, 17], kön: [flicka, pojke]}}
        målvärde: {typ: ingen}
    """,
    "b-median-utredningstid": """
        namn: Median utredningstid i dagar
        bas: utredning
        perioddatum: slut
        åldersdatum: start
        populationer:
          urval: {beskrivning: u, villkor: {fält: utredningstyp, är: barnavård}}
        beräkning: {typ: median, värde: {tid_mellan: {från: start, till: slut, enhet: dagar}}}
        målvärde: {typ: ingen}
    """,
}


def representative() -> list[Indicator]:
    out = []
    for ident, body in SOURCES.items():
        raw = yaml.safe_load(_COMMON)
        raw.update(yaml.safe_load(textwrap.dedent(body)))
        raw["id"] = ident
        out.append(indicator_from_dict(raw, f"<benchmark:{ident}>"))
    return out
