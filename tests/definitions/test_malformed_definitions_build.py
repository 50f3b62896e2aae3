"""`suengine build` with a malformed indicator definition: exit 1, a Swedish message naming the file and
line, no traceback, nothing published. The located variants of test_broken_variants plus cases of their
own (anchors and aliases, broken YAML, wrong types and values)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from suengine.cli import main

from .test_broken_variants import CATEGORY_VARIANTS, VARIANTS
from .yaml_fixtures import BASE, CATEGORY_BASE, changed, line_of

# name: (old, new, needle: text on the line the message must name)
OWN = {
    "alias-bomb": ("mått: Andel", "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                   "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\nmått: Andel", "a: &a"),
    "alias som pekar på sig själv": ("mått: Andel", "x: &x [*x]\nmått: Andel", "x: &x"),
    "alias utan ankare": ("bas: utredning", "bas: *utredning", "bas: *utredning"),
    "sammanslagningsnyckel": ("  täljare:\n", "  täljare:\n    <<: *urval\n", "<<: *urval"),
    "ankare på en text": ("namn: Andel", "namn: &namn Andel", "namn: &namn"),
    "kontrolltecken": ("namn: Andel", "namn: Andel\x07", "namn: Andel"),
    "citattecken som aldrig stängs": ("namn: Andel utredningar som avslutats inom fyra månader", 'namn: "Andel utredningar', 'namn: "Andel'),
    "klammer som aldrig stängs": ("villkor: {fält: utredningstyp, är: barnavård}", "villkor: {fält: utredningstyp, är: barnavård", "villkor: {fält: utredningstyp"),
    "version som text": ("version: 1", "version: ett", "version: ett"),
    "bas utan värde": ("bas: utredning", "bas:", "bas:"),
    "namn som tom text": ("namn: Andel utredningar som avslutats inom fyra månader", 'namn: ""', 'namn: ""'),
    "okänd riktning": ("riktning: högre_är_bättre", "riktning: uppåt", "riktning: uppåt"),
    "uppdelningar som inte är en lista": ("uppdelningar:\n  - fält: kön\n", "uppdelningar: kön\n", "uppdelningar: kön"),
    "tröskel som text": ("grön: 90", "grön: nittio", "grön: nittio"),
    "nyckel som är en lista": ("perioddatum: slut\n", "perioddatum: slut\n[a, b]: 1\n", "[a, b]: 1"),
    "okänt kvalitetsområde": ("kvalitetsområde: tillgänglighet", "kvalitetsområde: snabbhet", "kvalitetsområde: snabbhet"),
    "okänd indikatortyp": ("typ: process", "typ: processs", "typ: processs"),
    "okänd operator i villkor": ("{fält: utredningstyp, är: barnavård}", "{fält: utredningstyp, liknar: barnavård}", "liknar"),
    "testfall med period som text": ("period: 2024", "period: tjugotjugofyra", "period: tjugotjugofyra"),
    "dubblerad nyckel i population": ("    beskrivning: Utredningar som var klara inom fyra månader.\n",
                                      "    beskrivning: Utredningar som var klara inom fyra månader.\n    beskrivning: igen\n", "beskrivning: igen"),
    "tomt villkor": ("villkor: {fält: utredningstyp, är: barnavård}", "villkor: {}", "villkor: {}"),
    "negativ tröskel": ("gul: 75", "gul: -5", "gul: -5"),
}

CASES: dict[str, tuple[str, str | bytes, int]] = {}
for variant in VARIANTS:
    if variant.line is not None:
        CASES[f"variant: {variant.name}"] = ("testindikator.yml", variant.text, variant.line)
for name, old, new, _message, needle in CATEGORY_VARIANTS:
    text = changed(CATEGORY_BASE, old, new)
    CASES[f"kategori: {name}"] = ("kategoriindikator.yml", text, line_of(text, needle))
for name, (old, new, needle) in OWN.items():
    text = changed(BASE, old, new)
    CASES[name] = ("testindikator.yml", text, line_of(text, needle))


def test_there_are_at_least_sixty_malformed_definitions() -> None:
    assert len(CASES) >= 60


@pytest.mark.parametrize("name", list(CASES))
def test_a_malformed_definition_stops_the_build(name: str, tmp_path: Path, capsys) -> None:
    file, text, line = CASES[name]
    folder = tmp_path / "indikatorer"
    folder.mkdir()
    (folder / file).write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    out = tmp_path / "build"
    code = main(["build", str(tmp_path / "leverans"), "--indikatorer", str(folder), "--ut", str(out)])
    captured = capsys.readouterr()
    assert code == 1
    assert "Fel:" in captured.err and "Traceback" not in captured.out + captured.err
    assert re.search(rf"{re.escape(file)} rad {line}\b", captured.err), captured.err
    assert not out.exists()
