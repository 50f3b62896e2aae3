"""`suengine mappning`: the export format per source system without reading YAML, and a dry run of a delivery."""

from __future__ import annotations

import re

from suengine.cli import main
from suengine.resources import project_root

ROOT = project_root()


def test_generated_page_matches_the_mappings(tmp_path):
    target = tmp_path / "mappningar.md"
    assert main(["mappning", "beskriv", "--ut", str(target)]) == 0
    assert target.read_text(encoding="utf-8") == (ROOT / "docs" / "mappningar.md").read_text(encoding="utf-8"), \
        "docs/mappningar.md är inaktuell: kör `suengine mappning beskriv --ut docs/mappningar.md`"


def test_describe_lists_files_columns_and_local_codes(capsys):
    assert main(["mappning", "beskriv", "treserva"]) == 0
    out = capsys.readouterr().out
    assert "Filer: `utredningar*.csv`, `utredningar*.xlsx`" in out
    assert "| `Enskilt samtal` | enskilt_samtal | boolesk |" in out
    assert "`anm` → anmälan" in out
    assert "Läses aldrig (släpps direkt): `Namn`, `Adress`, `Vårdnadshavare`." in out


def test_trial_reports_per_column_without_showing_values(capsys):
    assert main(["mappning", "prova", str(ROOT / "demo" / "leverans-2026-01")]) == 0
    out = capsys.readouterr().out
    assert "barn.csv → barn (Windows-1252, semikolon (;)" in out
    assert "  Namn: släpps (läses aldrig)" in out
    assert "  Folkbokförd kommun: ingen kolumn i mappningen, läses inte" in out
    assert "Personnummer → barn_id: " in out
    assert not re.search(r"\d{6,8}[-+]?\d{4}", out)  # no personnummer-like value reaches the output


def test_the_committed_page_says_what_the_treserva_export_holds():
    """Issue 20: the generated page checked for content, written out by hand from mappings/treserva.yml,
    not only for being as fresh as the generator's output."""
    page = (ROOT / "docs" / "mappningar.md").read_text(encoding="utf-8")
    treserva = page.split("## Treserva (`treserva`)", 1)[1]
    barn = treserva.split("### barn (krävs)", 1)[1].split("\n### ", 1)[0]
    assert "Filer: `barn*.csv`, `barn*.xlsx`" in barn
    assert "| `Personnummer` | barn_id | id | ja |  |" in barn
    assert "| `Kön` | kön | kod |  | `k` → flicka, `m` → pojke, `f` → flicka, `p` → pojke |" in barn
    assert "Läses aldrig (släpps direkt): `Namn`, `Adress`, `Vårdnadshavare`." in barn
    assert "Räknas fram när kolumnen saknas eller är tom: födelsedatum (födelsedatum från personnummer)." in barn
    aktualisering = treserva.split("### aktualisering", 1)[1].split("\n### ", 1)[0]
    assert "| `Akttyp` | typ | kod |  | `anm` → anmälan, `ans` → ansökan, `övr` → övrig_information |" in aktualisering
    assert "| `Inkom` | datum | datum | ja |  |" in aktualisering
