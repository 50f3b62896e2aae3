"""The inputs of the report builds in this folder: year, version label, staff commentary and a
delivered quality summary, and the bundled demo delivery with the key its pseudonyms are made with. A module of its own (not conftest.py) so that test modules can import it
whichever other conftest.py a run collects first (tests/report and tests/site run together)."""

from __future__ import annotations

from pathlib import Path

from suengine.resources import project_root

DEMO = project_root() / "demo" / "leverans-2026-01"
KEY = b"testnyckel-som-bara-finns-i-rapporttesterna"

YEAR = 2025
VERSION = "2025.1"
EPOCH = "1767225600"  # 2026-01-01T00:00:00Z

COMMENTARY = """\
# Analys

Andelen utredningar som blir klara i tid har ökat. Vi har infört veckovisa ärendegenomgångar.

## Åtgärder

- Fortsätta ärendegenomgångarna under 2026.
"""

QUALITY_SUMMARY = """\
avsnitt,entitet,fil,fält,kod,mått,värde
leverans,,,,,kommun,Exempelby kommun
leverans,,,,,uttagsdatum,2026-01-31
entitet,barn,,,,rader_lästa,1204
entitet,barn,,,,rader_godkända,1200
entitet,barn,,,,rader_avvisade,4
entitet,utredning,,,,rader_lästa,980
entitet,utredning,,,,rader_godkända,975
entitet,utredning,,,,rader_avvisade,5
bortfall,utredning,,start,,antal_saknas,0
bortfall,utredning,,start,,andel_saknas,0.0
bortfall,utredning,,beslut,,antal_saknas,31
bortfall,utredning,,beslut,,andel_saknas,0.0318
okänd_kod,utredning,,enhet,BoU-X,antal,1
problem,,,,ogiltigt_datum,varning,2
"""

PROBLEMS = """\
fil,rad,entitet,kolumn,fält,värde,orsakskod,nivå,åtgärd,meddelande
utredning.csv,17,utredning,Startdatum,start,2024-13-01,ogiltigt_datum,varning,raden avvisas,ogiltigt datum
utredning.csv,18,utredning,Startdatum,start,31/02/2024,ogiltigt_datum,varning,raden avvisas,ogiltigt datum
utredning.csv,40,utredning,Enhet,enhet,BoU-X,okänd_kod,varning,värdet sätts som saknat,okänd kod
"""



def write_inputs(base: Path) -> tuple[Path, Path]:
    commentary = base / "kommentarer" / str(YEAR)
    commentary.mkdir(parents=True)
    (commentary / "utredning-inom-4-manader.md").write_text(COMMENTARY, encoding="utf-8")
    (commentary / "okand-indikator.md").write_text("Hör inte hit.\n", encoding="utf-8")
    quality = base / "kvalitet"
    quality.mkdir()
    (quality / "kvalitet_sammanfattning.csv").write_text(QUALITY_SUMMARY, encoding="utf-8")
    (quality / "problem.csv").write_text(PROBLEMS, encoding="utf-8")
    return base / "kommentarer", quality
