"""Inline YAML fixtures and helpers shared by the definition tests."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from suengine.resources import project_root

BASE = textwrap.dedent(
    """\
    # yaml-language-server: $schema=../../schemas/indicator.schema.json
    id: testindikator
    version: 1
    namn: Andel utredningar som avslutats inom fyra månader
    kortnamn: Utredning inom 4 mån
    mått: Andel avslutade barnavårdsutredningar som tog högst fyra kalendermånader.
    syfte: Utredningen ska vara klar inom fyra månader (11 kap. 2 § SoL).
    kvalitetsområde: tillgänglighet
    indikatorområde: handläggning
    typ: process
    källa: Verksamhetssystemet.
    bas: utredning
    perioddatum: slut
    åldersdatum: start
    populationer:
      urval:
        beskrivning: Barnavårdsutredningar som avslutades under perioden.
        villkor: {fält: utredningstyp, är: barnavård}
      täljare:
        beskrivning: Utredningar som var klara inom fyra månader.
        villkor:
          tid_mellan: {från: start, till: slut, högst: {månader: 4}}
    beräkning:
      typ: andel
    uppdelningar:
      - fält: kön
    målvärde:
      typ: tröskel
      riktning: högre_är_bättre
      grön: 90
      gul: 75
      text: Minst 90 procent ska vara klara inom fyra månader.
    testfall:
      - namn: En utredning klar i tid
        period: 2024
        data:
          barn:
            - {barn_id: b1, kön: flicka, födelsedatum: 2014-03-01}
          utredning:
            - {utredning_id: u1, barn_id: b1, utredningstyp: barnavård, start: 2024-01-31, slut: 2024-05-31}
        förväntat:
          nämnare: 1
          täljare: 1
          strata:
            - {uppdelning: kön, värde: flicka, nämnare: 1, täljare: 1}
      - namn: En utredning en dag för sen
        period: 2024
        data:
          barn:
            - {barn_id: b1, kön: flicka, födelsedatum: 2014-03-01}
          utredning:
            - {utredning_id: u1, barn_id: b1, utredningstyp: barnavård, start: 2024-01-31, slut: 2024-06-01}
        förväntat: {nämnare: 1, täljare: 0}
    lagrum:
      - {lag: SoL (2001:453), kapitel: 11, paragraf: 2, text: Utredningen ska bedrivas skyndsamt och vara klar inom fyra månader.}
    """
)

CATEGORY_BASE = textwrap.dedent(
    """\
    id: kategoriindikator
    version: 1
    namn: Aktuell rutin för samordning
    kortnamn: Rutin för samordning
    mått: Kommunen har en aktuell rutin för samordning som följts upp.
    syfte: Samordning i enskilda ärenden (3 kap. 5 § SoL).
    kvalitetsområde: helhetssyn_och_samordning
    indikatorområde: samordning
    typ: struktur
    källa: Öppna jämförelser, fråga G2 och G2a.
    bas: enkätsvar
    perioddatum: mätdatum
    populationer:
      urval:
        beskrivning: Kommunens svar under perioden.
    beräkning:
      typ: kategori
      regler:
        - kategori: ja
          villkor: {fält: g2, är: ja}
      annars: nej
    målvärde:
      typ: kategori
      färger: {ja: grön, nej: röd}
      text: Ja är önskvärt.
    testfall:
      - namn: Ett ja
        period: 2024
        data:
          enkätsvar:
            - {mätdatum: 2024-02-01, område: missbruk, g2: ja}
        förväntat:
          kategori: {ja: 1, nej: 0}
      - namn: Ett nej
        period: 2024
        data:
          enkätsvar:
            - {mätdatum: 2024-02-01, område: missbruk, g2: nej}
        förväntat:
          kategori: {ja: 0, nej: 1}
    lagrum:
      - {lag: SoL (2001:453), kapitel: 3, paragraf: 5, text: Samordning i enskilda ärenden.}
    """
)


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """1-based line of the `occurrence`-th line containing `needle`."""
    seen = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            seen += 1
            if seen == occurrence:
                return number
    raise AssertionError(f"{needle!r} finns inte i texten")


def changed(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SUENGINE_HOME": str(project_root()), "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "suengine", *args], cwd=cwd, capture_output=True, text=True, encoding="utf-8", env=env
    )
