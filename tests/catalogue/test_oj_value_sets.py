"""Indicators that mirror an Öppna jämförelser question list OJ's alternatives one to one.

Each test reads the OJ guide itself (seed 001, "Öppna jämförelser 2018 – Metodbeskrivning") and compares
its answer alternatives and areas, in order, with the data model's value sets and the indicator's urval.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pytest
import yaml

from suengine.casedata.datamodel import load_datamodel
from suengine.resources import project_root


@lru_cache(maxsize=1)
def guide() -> str:
    found = sorted((project_root().parent / "shared" / "seeds").glob("001_*.txt"))
    if not found:
        pytest.skip("OJ-guiden (shared/seeds/001_*.txt) finns inte bredvid projektet")
    return found[0].read_text(encoding="utf-8")


def _joined(lines: list[str]) -> str:
    text = "\n".join(line.rstrip() for line in lines)
    text = re.sub(r"-\n", "", text)  # hyphenation at line ends: "ak-\ntuellt"
    return re.sub(r"\s+", " ", text).strip()


def alternatives(question: str) -> list[str]:
    """The answer alternatives of the first 'Svarsalternativ' after the question's text."""
    text = guide()
    start = text.index(question)
    at = text.index("Svarsalternativ", start)
    lines = text[text.index(":", at) + 1 :].splitlines()
    taken: list[str] = []
    for index, line in enumerate(lines):
        taken.append(line)
        following = lines[index + 1].strip() if index + 1 < len(lines) else ""
        if line.rstrip().endswith(".") or re.match(r"^(\(|Följdfråga|Beräkning|Om |Definitioner)", following):
            break
    return [part.strip() for part in re.split(r"/(?=[A-ZÅÄÖ])", _joined(taken).rstrip(". "))]


def numbered_list(heading: str) -> list[str]:
    """'1. Primärvård', '2. Tandvård' … following a heading in the guide."""
    text = guide()
    items: list[str] = []
    for line in text[text.index(heading) + len(heading) :].splitlines()[1:]:
        match = re.match(r"^\s*\d+\.\s+(.+?)\s*$", line)
        if match:
            items.append(match.group(1))
        elif line.strip() and items:
            break
    return items


def labels(value_set: str) -> list[str]:
    return list(load_datamodel().value_sets[value_set].values.values())


def field_labels(field: str) -> list[str]:
    model = load_datamodel()
    return labels(model.entities["enkätsvar"].fields[field].value_set or "")


def urval_areas(indicator: str) -> list[str]:
    path = next((project_root() / "indicators").glob(f"*/{indicator}.yml"))
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    codes = raw["populationer"]["urval"]["villkor"]["en_av"]
    values = load_datamodel().value_sets["samverkansområde"].values
    return [values[c] for c in codes]


def assert_mirrors(ours: list[str], oj: list[str]) -> None:
    """One to one and in order: OJ's alternative i is our label i, possibly followed by OJ's explanation."""
    assert len(ours) == len(oj), (ours, oj)
    for label, alternative in zip(ours, oj):
        assert alternative == label or alternative.startswith(label + ","), (label, alternative)


def test_parsing_the_guide() -> None:
    """The helpers read what the guide says (guards the tests below against reading nothing)."""
    assert alternatives("(G) 1. Har ni den 1 februari 2018 jourverksamhet") == ["Ja", "Nej"]
    assert numbered_list("Aktuell rutin för samordning med")[:2] == ["Ekonomiskt bistånd", "Missbruk"]


def test_samordning_g2_mirrors_oj() -> None:
    assert_mirrors(urval_areas("samordning-g2"), numbered_list("Aktuell rutin för samordning med"))
    assert_mirrors(field_labels("g2"), alternatives("(G)2. Har ni den 1 februari 2018 skriftliga"))
    assert_mirrors(field_labels("g2a"), alternatives("(G)2 a. Har ni någon gång"))


def test_samverkan_g3_mirrors_oj() -> None:
    actors = numbered_list("Indikatornamn Aktuell överenskommelse om samverkan i enskilda ärenden med")
    assert len(actors) == 12
    assert_mirrors(urval_areas("samverkan-g3"), actors)
    assert_mirrors(field_labels("g3"), alternatives("(G)3. Har ni den 1 februari 2018 skriftliga"))
    assert_mirrors(field_labels("g3a"), alternatives("(G)3 a. Har ni någon gång"))


def test_socialjour_g1_mirrors_oj() -> None:
    assert_mirrors(field_labels("socialjour"), alternatives("(G) 1. Har ni den 1 februari 2018 jourverksamhet"))


def test_systematisk_uppfoljning_b12_mirrors_oj() -> None:
    assert_mirrors(field_labels("b12"), alternatives("(B)12. Har ni någon gång under perioden"))
    assert_mirrors(field_labels("b12b"), alternatives("(B) 12 b. Har ni använt sammanställningen"))


def test_every_area_code_is_distinct() -> None:
    """Two OJ areas never share one code (LSS barn and LSS vuxen were once one 'funktionsnedsättning')."""
    values = load_datamodel().value_sets["samverkansområde"].values
    assert len(set(values.values())) == len(values)
    assert {"lss_barn", "lss_vuxen"} <= set(values)
