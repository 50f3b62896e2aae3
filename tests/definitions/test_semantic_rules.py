"""Semantic rules beyond the common broken variants: field lookup, contradictions, scoring types,
breakdowns, targets and test cases."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from suengine.casedata.datamodel import load_datamodel
from suengine.definitions import LoadResult
from suengine.definitions.context import AGE, Lookup

from .yaml_fixtures import BASE, changed, line_of

NUMERATOR = "    villkor:\n      tid_mellan: {från: start, till: slut, högst: {månader: 4}}\n"
NUMERATOR_BLOCK = "  täljare:\n    beskrivning: Utredningar som var klara inom fyra månader.\n" + NUMERATOR
SELECTION = "    villkor: {fält: utredningstyp, är: barnavård}\n"


def errors_of(result: LoadResult) -> list[str]:
    return [i.message for i in result.issues if i.is_error]


# --- field lookup ----------------------------------------------------------------------------


def test_lookup_resolves_relations_child_fields_and_age() -> None:
    model = load_datamodel()
    insats = Lookup(model, model.entities["insats"])
    assert insats.resolve("slut") is model.entities["insats"].fields["slut"]
    assert insats.resolve("barn.kön") is model.entities["barn"].fields["kön"]
    assert insats.resolve("kön") is model.entities["barn"].fields["kön"]
    assert insats.resolve("utredning.utredningstyp") is model.entities["utredning"].fields["utredningstyp"]
    assert insats.resolve("ålder") is AGE
    assert insats.resolve("aktualisering.typ") is None  # no such relation on insats
    assert insats.resolve("barn.finns_inte") is None


def test_lookup_on_aggregate_entity_has_no_child_fields() -> None:
    model = load_datamodel()
    personal = Lookup(model, model.entities["personal"])
    assert personal.resolve("b1_handläggare") is not None
    assert personal.resolve("kön") is None and personal.resolve("ålder") is None
    message, suggestion = personal.unknown("b1_handlaggare")
    assert message == "okänt fält 'b1_handlaggare' på personal" and suggestion == "b1_handläggare"


# --- täljare ⊆ nämnare -------------------------------------------------------------------------

CONTRADICTIONS = [
    ("är mot är", SELECTION, "{fält: utredningstyp, är: adoption}", "motsäger urval"),
    ("en_av som omfattar urvalet", SELECTION, "{fält: utredningstyp, en_av: [adoption, barnavård]}", None),
    (
        "inte en_av mot en_av",
        "    villkor: {fält: utredningstyp, en_av: [barnavård, adoption]}\n",
        "{inte: {fält: utredningstyp, en_av: [barnavård, adoption]}}",
        "motsäger urval",
    ),
    ("täljaren motsäger sig själv", SELECTION, "{alla: [{fält: förlängd, är: true}, {fält: förlängd, är: false}]}", "motsäger sig självt"),
    ("saknas mot en jämförelse", SELECTION, "{saknas: utredningstyp}", "motsäger urval"),
    (
        "någon av värden utanför urvalet",
        SELECTION,
        "{någon: [{fält: utredningstyp, är: adoption}, {fält: utredningstyp, är: faderskap_föräldraskap}]}",
        "motsäger urval",
    ),
    ("någon över olika fält går inte att avgöra", SELECTION, "{någon: [{fält: utredningstyp, är: adoption}, {fält: förlängd, är: true}]}", None),
    (
        "åldersintervall som inte möts",
        "    villkor: {alla: [{fält: utredningstyp, är: barnavård}, {fält: ålder, mellan: [0, 11]}]}\n",
        "{fält: ålder, minst: 12}",
        "motsäger urval",
    ),
    (
        "åldersintervall som möts i en punkt",
        "    villkor: {alla: [{fält: utredningstyp, är: barnavård}, {fält: ålder, mellan: [0, 11]}]}\n",
        "{fält: ålder, minst: 11}",
        None,
    ),
    ("datum som inte möts", SELECTION, "{alla: [{fält: start, minst: 2024-06-01}, {fält: start, mindre_än: 2024-06-01}]}", "motsäger sig självt"),
    (
        "barnets kön med och utan relation",
        "    villkor: {alla: [{fält: utredningstyp, är: barnavård}, {fält: kön, är: flicka}]}\n",
        "{fält: barn.kön, är: pojke}",
        "villkoret på 'barn.kön' motsäger urval",
    ),
    ("dubbel negation", SELECTION, "{inte: {inte: {fält: utredningstyp, är: adoption}}}", "motsäger urval"),
    (
        "saknas i urvalet mot jämförelse i täljaren",
        "    villkor: {alla: [{fält: utredningstyp, är: barnavård}, {saknas: enhet}]}\n",
        "{fält: enhet, är: bou}",
        "motsäger urval",
    ),
    ("inte av en jämförelse kräver ett värde", SELECTION, "{inte: {fält: utredningstyp, är: adoption}}", None),
]


@pytest.mark.parametrize("name,selection,numerator,message", CONTRADICTIONS, ids=[c[0] for c in CONTRADICTIONS])
def test_numerator_contradicting_denominator(
    name: str, selection: str, numerator: str, message: str | None, write: Callable[..., Path], check: Callable[[Path], LoadResult]
) -> None:
    text = changed(changed(BASE, SELECTION, selection), NUMERATOR, f"    villkor:\n      {numerator}\n")
    result = check(write("testindikator.yml", text))
    if message is None:
        assert errors_of(result) == []
        return
    assert len(errors_of(result)) == 1, errors_of(result)
    issue = next(i for i in result.issues if i.is_error)
    assert "täljaren kan aldrig uppfyllas inom nämnaren" in issue.message and message in issue.message
    assert issue.line == line_of(text, "villkor:", 2)


def test_numerator_that_only_holds_excluded_records(write: Callable[..., Path], check: Callable[[Path], LoadResult]) -> None:
    text = changed(BASE, "  täljare:\n", "  exkludering:\n    beskrivning: Förlängda.\n    villkor: {fält: förlängd, är: true}\n  täljare:\n")
    text = changed(text, NUMERATOR, "    villkor: {fält: förlängd, är: true}\n")
    assert errors_of(check(write("testindikator.yml", text))) == [
        "täljaren kan aldrig uppfyllas inom nämnaren: villkoret på 'förlängd' motsäger exkludering, så täljaren är alltid 0"
    ]


def test_denominator_that_is_always_empty(write: Callable[..., Path], check: Callable[[Path], LoadResult]) -> None:
    text = changed(BASE, "  täljare:\n", "  nämnare:\n    beskrivning: Adoptioner.\n    villkor: {fält: utredningstyp, är: adoption}\n  täljare:\n")
    result = check(write("testindikator.yml", text))
    assert errors_of(result) == ["nämnaren är alltid tom: villkoren på 'utredningstyp' i nämnare och urval motsäger varandra"]
    assert result.issues[0].line == line_of(text, "  nämnare:")


# --- other scoring types ---------------------------------------------------------------------

def _scoring(block: str, target: str | None = None) -> str:
    text = changed(BASE, NUMERATOR_BLOCK, "")
    text = changed(text, "  typ: andel\n", block)
    if target is not None:
        text = changed(text, "  typ: tröskel\n  riktning: högre_är_bättre\n  grön: 90\n  gul: 75\n", target)
    return text


KVOT = _scoring("  typ: kvot\n  per: 1000\n  befolkning: {ålder: [0, 17], kön: [flicka, pojke]}\n")
MEDEL = _scoring("  typ: medel\n  värde: {tid_mellan: {från: start, till: slut, enhet: dagar}}\n", "  typ: ingen\n")
FÖRDELNING = _scoring("  typ: fördelning\n  fält: huvudorsak\n", "  typ: ingen\n")
FÖRÄNDRING = _scoring(
    "  typ: förändring\n  entitet: uppföljning\n  koppling: insats_id\n  instrument: säkerhetsskala\n  värde: värde\n", "  typ: ingen\n"
)

SCORING_VARIANTS = [
    (KVOT, "kön: [flicka, pojke]", "kön: [flicka, pojk]", "'pojk' finns inte i värdemängden kön", "befolkning"),
    (KVOT, "ålder: [0, 17]", "ålder: [17, 0]", "åldersintervallet [17, 0] är baklänges", "befolkning"),
    (MEDEL, "från: start, till: slut, enhet", "från: enhet, till: slut, enhet", "fältet 'enhet' är av typen kod, men här krävs datum", "värde:"),
    (MEDEL, "{tid_mellan: {från: start, till: slut, enhet: dagar}}", "{fält: huvudorsak}", "fältet 'huvudorsak' är av typen kod, men här krävs heltal eller decimal", "värde:"),
    (FÖRDELNING, "  fält: huvudorsak\n", "  fält: start\n", "fältet 'start' är av typen datum, men här krävs kod eller ja/nej (boolesk)", "  fält: start"),
    (FÖRÄNDRING, "instrument: säkerhetsskala", "instrument: säkerhetskala", "'säkerhetskala' finns inte i värdemängden instrument", "instrument:"),
    (FÖRÄNDRING, "koppling: insats_id", "koppling: insats", "okänt fält 'insats' på uppföljning", "koppling:"),
    (FÖRÄNDRING, "entitet: uppföljning", "entitet: insats", "okänt fält 'värde' på insats", "  värde: värde"),
]


@pytest.mark.parametrize("base", [KVOT, MEDEL, FÖRDELNING, FÖRÄNDRING], ids=["kvot", "medel", "fördelning", "förändring"])
def test_scoring_bases_are_clean(base: str, write: Callable[..., Path], check: Callable[[Path], LoadResult]) -> None:
    assert [str(i) for i in check(write("testindikator.yml", base)).issues] == []


@pytest.mark.parametrize("base,old,new,message,needle", SCORING_VARIANTS)
def test_scoring_variants(
    base: str, old: str, new: str, message: str, needle: str, write: Callable[..., Path], check: Callable[[Path], LoadResult]
) -> None:
    text = changed(base, old, new)
    result = check(write("testindikator.yml", text))
    found = [i for i in result.issues if i.is_error and message in i.message]
    assert found, "\n".join(map(str, result.issues))
    assert found[0].line == line_of(text, needle)


# --- populations, breakdowns, targets, dates, test cases --------------------------------------

VARIANTS = [
    ("  - fält: kön\n", "  - fält: kön\n  - fält: kön\n", "två uppdelningar heter 'kön'", "  - fält: kön", 2),
    ("  - fält: kön\n", "  - fält: start\n", "uppdelning på 'start' av typen datum kräver grupper", "fält: start", 1),
    (
        "  - fält: kön\n",
        "  - fält: ålder\n    grupper:\n      - {etikett: a, från: 0, till: 12}\n      - {etikett: b, från: 12, till: 18}\n",
        "grupperna 'a' och 'b' överlappar",
        "etikett: b",
        1,
    ),
    ("  - fält: kön\n", "  - fält: enhet\n    grupper:\n      - {etikett: a, från: 0, till: 1}\n", "grupper kräver ett numeriskt fält", "grupper:", 1),
    ("  gul: 75\n", "  gul: 175\n  # \n", "en andel är 0–100 procent; tröskeln 175 kan inte nås", "gul: 175", 1),
    ("typ: process", "typ: bakgrundsmått", "ett bakgrundsmått färgläggs inte", "  typ: tröskel", 1),
    ("perioddatum: slut\n", "perioddatum: slut\nuppföljningsfönster: {från: förlängd, längd: {månader: 12}}\n", "'förlängd' är inget datumfält", "uppföljningsfönster", 1),
    ("    period: 2024\n", "    period: 2024-T1\n", "period '2024-T1' passar inte periodtyp år", "period:", 1),
    (
        "        - {utredning_id: u1, barn_id: b1, utredningstyp: barnavård, start: 2024-01-31, slut: 2024-05-31}\n",
        "        - {utredning_id: u1, barn_id: b1, utredningstyp: barnavård, start: 2024-01-31, slut: 2024-05-31}\n"
        "        - {utredning_id: u1, barn_id: b1, utredningstyp: barnavård, start: 2024-02-01}\n",
        "två poster i utredning har samma nyckel (u1)",
        "start: 2024-02-01",
        1,
    ),
    ("{barn_id: b1, kön: flicka,", "{barn_id: b1, kön: 1,", "'1' finns inte i värdemängden kön", "kön: 1", 1),
    ("slut: 2024-05-31}", "slut: 2024-05-31, förlängd: ja}", "fältet 'förlängd' är ja/nej", "förlängd: ja", 1),
    ("slut: 2024-05-31}", "slut: 31/5 2024}", "fältet 'slut' är ett datum, men '31/5 2024' är inget datum", "31/5", 1),
    ("{uppdelning: kön, värde: flicka,", "{uppdelning: kön, värde: flickor,", "'flickor' är inget stratum i uppdelningen kön", "flickor", 1),
    ("    villkor: {fält: utredningstyp, är: barnavård}\n", "    villkor: {fält: barn.könn, är: flicka}\n", "okänt fält 'könn' på barn (via barn.könn)", "barn.könn", 1),
    ("    villkor: {fält: utredningstyp, är: barnavård}\n", "    villkor: {fält: insats.slut, minst: 2024-01-01}\n", "utredning har ingen relation 'insats'", "insats.slut", 1),
    ("    villkor: {fält: utredningstyp, är: barnavård}\n", "    villkor: {fält: ålder, mellan: [18, 0]}\n", "mellan [18, 0]: det första värdet är större än det andra", "mellan", 1),
    ("    villkor: {fält: utredningstyp, är: barnavård}\n", "    villkor: {fält: start, minst: 20240101}\n", "fältet 'start' är ett datum, men '20240101' är inget datum", "minst", 1),
]


@pytest.mark.parametrize("old,new,message,needle,occurrence", VARIANTS, ids=[v[2][:40] for v in VARIANTS])
def test_semantic_variants(
    old: str, new: str, message: str, needle: str, occurrence: int, write: Callable[..., Path], check: Callable[[Path], LoadResult]
) -> None:
    text = changed(BASE, old, new)
    result = check(write("testindikator.yml", text))
    found = [i for i in result.issues if i.is_error and message in i.message]
    assert found, "\n".join(map(str, result.issues))
    assert found[0].line == line_of(text, needle, occurrence)
    assert found[0].indicator == "testindikator"


@pytest.mark.parametrize(
    "condition",
    [
        "{fält: förlängd, en_av: [true, false]}",
        "{fält: start, mellan: [2024-01-01, 2024-12-31]}",
        "{fält: barn.kön, är: flicka}",
        "{fält: ålder, högst: 17}",
        "{fält: aktualisering.typ, en_av: [anmälan, ansökan]}",
        "{saknas: barn.födelsedatum}",
    ],
)
def test_valid_conditions(condition: str, write: Callable[..., Path], check: Callable[[Path], LoadResult]) -> None:
    text = changed(BASE, NUMERATOR, f"    villkor:\n      {condition}\n")
    assert [str(i) for i in check(write("testindikator.yml", text)).issues] == []


def test_age_date_on_aggregate_entity_is_a_warning(write: Callable[..., Path], check: Callable[[Path], LoadResult]) -> None:
    from .yaml_fixtures import CATEGORY_BASE

    text = changed(CATEGORY_BASE, "perioddatum: mätdatum\n", "perioddatum: mätdatum\nåldersdatum: mätdatum\n")
    result = check(write("kategoriindikator.yml", text))
    assert [(i.level, i.line) for i in result.issues] == [("varning", line_of(text, "åldersdatum"))]


def test_sum_populations_must_both_be_sums(write: Callable[..., Path], check: Callable[[Path], LoadResult]) -> None:
    text = (Path(__file__).parents[2] / "indicators" / "kompetens" / "socionom-minst-ett-ar.yml").read_text(encoding="utf-8")
    text = changed(text, "    summa: [b1_handläggare]\n", "")
    result = check(write("socionom-minst-ett-ar.yml", text))
    assert errors_of(result) == ["täljare och nämnare ska båda vara summor av fält (summa: […]), annars går de inte att jämföra"]


def test_sum_of_a_code_field(write: Callable[..., Path], check: Callable[[Path], LoadResult]) -> None:
    text = (Path(__file__).parents[2] / "indicators" / "kompetens" / "socionom-minst-ett-ar.yml").read_text(encoding="utf-8")
    text = changed(text, "summa: [b1_handläggare]", "summa: [mätdatum]")
    assert "fältet 'mätdatum' är av typen datum, men här krävs heltal eller decimal" in errors_of(check(write("socionom-minst-ett-ar.yml", text)))
