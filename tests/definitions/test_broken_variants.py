"""Each broken variant of a valid indicator gives exactly one error, on the right line, with the
indicator id and a clear Swedish message."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from suengine.definitions import LoadResult
from .yaml_fixtures import BASE, CATEGORY_BASE, changed, line_of


@dataclass(frozen=True)
class Variant:
    name: str
    text: str | bytes
    message: str  # a substring of the expected message
    line: int | None
    indicator: str | None = "testindikator"
    suggestion: str | None = None


def _variant(name: str, old: str, new: str, message: str, needle: str, suggestion: str | None = None, occurrence: int = 1) -> Variant:
    text = changed(BASE, old, new)
    return Variant(name, text, message, line_of(text, needle, occurrence), suggestion=suggestion)


VARIANTS = [
    _variant("okänd nyckel", "perioddatum: slut\n", "perioddatum: slut\nslutdatun: x\n", "okänd nyckel 'slutdatun'", "slutdatun"),
    _variant(
        "felstavad nyckel i population",
        "    beskrivning: Barnavårdsutredningar",
        "    beskrivnig: Barnavårdsutredningar",
        "okänd nyckel 'beskrivnig' i populationer.urval",
        "beskrivnig",
        "beskrivning",
    ),
    _variant(
        "okänt fält",
        "{fält: utredningstyp, är: barnavård}",
        "{fält: utredningstypp, är: barnavård}",
        "okänt fält 'utredningstypp' på utredning",
        "utredningstypp",
        "utredningstyp",
    ),
    _variant(
        "värde utanför värdemängden",
        "är: barnavård}",
        "är: barnvård}",
        "'barnvård' finns inte i värdemängden utredningstyp",
        "barnvård",
        "barnavård",
    ),
    _variant(
        "operator som inte passar typen",
        "{fält: utredningstyp, är: barnavård}",
        "{fält: utredningstyp, minst: 2}",
        "operatorn 'minst' passar inte fältet 'utredningstyp' av typen kod",
        "minst: 2",
    ),
    _variant(
        "ja i stället för true på ett booleskt fält",
        "{fält: utredningstyp, är: barnavård}",
        "{fält: förlängd, är: ja}",
        "fältet 'förlängd' är ja/nej: skriv true eller false",
        "förlängd",
    ),
    _variant("trösklar inte monotona", "grön: 90", "grön: 70", "trösklarna är inte monotona", "gul: 75"),
    _variant("bas saknas", "bas: utredning\n", "", "obligatorisk nyckel 'bas' saknas", "id: testindikator"),
    _variant("nyckel som inte hör till beräkningstypen", "  typ: andel\n", "  typ: andel\n  per: 1000\n", "nyckeln 'per' hör inte till beräkning med typ 'andel'", "per: 1000"),
    _variant("felstavad beräkningstyp", "  typ: andel\n", "  typ: andell\n", "'andell' är inget tillåtet värde för beräkning.typ", "typ: andell", "andel"),
    _variant("täljare utan andel", "  typ: andel\n", "  typ: antal\n", "täljare används bara när beräkning.typ är andel", "  täljare:"),
    _variant(
        "täljare som motsäger nämnaren",
        "tid_mellan: {från: start, till: slut, högst: {månader: 4}}",
        "{fält: utredningstyp, är: adoption}",
        "täljaren kan aldrig uppfyllas inom nämnaren: villkoret på 'utredningstyp' motsäger urval",
        "villkor:",
        occurrence=2,
    ),
    _variant(
        "okänd entitet i relaterad",
        "tid_mellan: {från: start, till: slut, högst: {månader: 4}}",
        "relaterad: {entitet: aktualiseringar, datumfält: datum, från: slut, inom: {månader: 24}}",
        "okänd entitet 'aktualiseringar'",
        "relaterad:",
        "aktualisering",
    ),
    _variant(
        "relaterad entitet som inte är på barnnivå",
        "tid_mellan: {från: start, till: slut, högst: {månader: 4}}",
        "relaterad: {entitet: personal, datumfält: mätdatum, från: slut, inom: {månader: 24}}",
        "relaterad kräver en entitet på barnnivå",
        "relaterad:",
    ),
    _variant(
        "tid_mellan med ett fält som inte är datum",
        "till: slut, högst",
        "till: enhet, högst",
        "fältet 'enhet' är av typen kod, men här krävs datum",
        "till: enhet",
    ),
    _variant(
        "två operatorer i ett villkor",
        "{fält: utredningstyp, är: barnavård}",
        "{fält: utredningstyp, är: barnavård, en_av: [adoption]}",
        "har flera operatorer ('är' och 'en_av')",
        "en_av: [adoption]",
    ),
    _variant("tidslängd med två enheter", "högst: {månader: 4}", "högst: {månader: 4, dagar: 2}", "en tidslängd anges med exakt en av dagar och månader", "högst:"),
    _variant("okänt fält i uppdelning", "  - fält: kön\n", "  - fält: könn\n", "okänt fält 'könn' på utredning", "fält: könn", "kön"),
    _variant(
        "bas och poster som inte går ihop",
        "bas: utredning\n",
        "bas: insats\nposter: utredning\n",
        "bas insats med poster utredning går inte",
        "poster: utredning",
    ),
    _variant("perioddatum som inte är datum", "perioddatum: slut", "perioddatum: enhet", "'enhet' är inget datumfält", "perioddatum"),
    _variant(
        "testfall med okänt fält",
        "start: 2024-01-31, slut: 2024-05-31}",
        "start: 2024-01-31, slutdatum: 2024-05-31}",
        "okänt fält 'slutdatum' på utredning",
        "slutdatum:",
        "slut",
    ),
    _variant("testfall med kod utanför värdemängden", "kön: flicka, födelsedatum", "kön: flika, födelsedatum", "'flika' finns inte i värdemängden kön", "flika", "flicka"),
    _variant("testfall utan nyckelfält", "{utredning_id: u1, barn_id: b1,", "{barn_id: b1,", "posten i utredning saknar nyckelfältet 'utredning_id'", "{barn_id: b1, utredningstyp"),
    _variant("testfall med okänd entitet", "      utredning:\n", "      utredningar:\n", "okänd entitet 'utredningar' i testfall.data", "utredningar:", "utredning"),
    _variant("testfall med okänd uppdelning", "{uppdelning: kön,", "{uppdelning: könn,", "okänd uppdelning 'könn'", "könn", "kön"),
    _variant("omöjligt datum", "start: 2024-01-31", "start: 2024-02-30", "'2024-02-30' är inget giltigt datum", "2024-02-30"),
    _variant("dubblerad nyckel", "version: 1\n", "version: 1\nversion: 2\n", "nyckeln 'version' förekommer två gånger (första gången på rad 3)", "version: 2"),
    _variant("för långt kortnamn", "kortnamn: Utredning inom 4 mån", "kortnamn: " + "x" * 61, "kortnamn får vara högst 60 tecken", "kortnamn"),
    Variant("ogiltigt id", changed(BASE, "id: testindikator", "id: Test_indikator"), "id får bara innehålla gemener", 2, "Test_indikator"),
    Variant("felaktig YAML", changed(BASE, "bas: utredning", "bas: utredning: insats"), "ogiltig YAML: kolon på fel ställe", line_of(BASE, "bas: utredning"), None),
    Variant("tabb i indrag", changed(BASE, "  urval:", "\turval:"), "tabbtecken", line_of(BASE, "  urval:"), None),
    Variant("fel teckenkodning", BASE.encode("cp1252"), "inte kodad som UTF-8", line_of(BASE, "namn: Andel"), None),
    Variant("tom fil", "", "filen är tom", 1, None),
    Variant("bara kommentarer", "# yaml-language-server: $schema=../../schemas/indicator.schema.json\n", "filen är tom", 1, None),
    Variant("lista på översta nivån", "- id: testindikator\n- namn: x\n", "översta nivån ska vara en mappning (nyckel: värde), men är en lista", 1, None),
]


@pytest.mark.parametrize("variant", VARIANTS, ids=lambda v: v.name)
def test_broken_variant_is_located(variant: Variant, write: Callable[..., Path], check: Callable[[Path], LoadResult]) -> None:
    path = write("testindikator.yml", variant.text)
    result = check(path)
    errors = [i for i in result.issues if i.is_error]
    assert len(errors) == 1, "\n".join(map(str, result.issues))
    issue = errors[0]
    assert variant.message in issue.message, issue.format()
    assert issue.file.endswith("testindikator.yml")
    assert issue.line == variant.line, issue.format()
    assert issue.indicator == variant.indicator
    if variant.suggestion:
        assert issue.suggestion == variant.suggestion
    assert result.indicators == []


def test_enough_variants() -> None:
    assert len(VARIANTS) >= 15


def test_base_is_clean(write: Callable[..., Path], check: Callable[[Path], LoadResult]) -> None:
    result = check(write("testindikator.yml", BASE))
    assert result.issues == []
    assert [i.id for i in result.indicators] == ["testindikator"]


def test_duplicate_id_is_reported_in_both_files(write: Callable[..., Path], check: Callable[[Path], LoadResult], tmp_path: Path) -> None:
    write("a/testindikator.yml", BASE)
    write("b/kopia.yml", BASE)
    result = check(tmp_path)
    duplicates = [i for i in result.issues if "används också i" in i.message]
    assert len(duplicates) == 2
    first, second = sorted(duplicates, key=lambda i: i.file)
    assert first.file.endswith("a/testindikator.yml") and "b/kopia.yml rad 2" in first.message
    assert second.file.endswith("b/kopia.yml") and "a/testindikator.yml rad 2" in second.message
    assert first.line == second.line == line_of(BASE, "id: testindikator")
    assert result.indicators == []


def test_id_that_differs_from_file_name_is_a_warning(write: Callable[..., Path], check: Callable[[Path], LoadResult]) -> None:
    result = check(write("annat-namn.yml", BASE))
    assert [(i.level, i.line) for i in result.issues] == [("varning", 2)]
    assert "döp filen till testindikator.yml" in result.issues[0].message
    assert result.ok and len(result.indicators) == 1


def test_folder_must_match_indicator_area(write: Callable[..., Path], check: Callable[[Path], LoadResult], tmp_path: Path) -> None:
    write("handlaggning/testindikator.yml", BASE)
    write("fel/annan.yml", changed(BASE, "id: testindikator", "id: annan"))
    result = check(tmp_path)
    assert [(i.level, i.file.rsplit("/", 2)[-2]) for i in result.issues] == [("varning", "fel")]
    assert "stämmer inte med mappen fel/" in result.issues[0].message


def test_all_problems_are_reported_together(write: Callable[..., Path], check: Callable[[Path], LoadResult], tmp_path: Path) -> None:
    text = changed(BASE, "{fält: utredningstyp, är: barnavård}", "{fält: utredningstypp, är: barnavård}")
    text = changed(text, "  - fält: kön\n", "  - fält: könn\n")
    text = changed(text, "kön: flicka, födelsedatum", "kön: flika, födelsedatum")
    write("testindikator.yml", text)
    write("tom.yml", "")
    result = check(tmp_path)
    assert result.errors == 4
    assert [i.line for i in result.issues if i.file.endswith("testindikator.yml")] == sorted(
        [line_of(text, "utredningstypp"), line_of(text, "könn"), line_of(text, "flika")]
    )


def test_yaml_extension_is_noticed(write: Callable[..., Path], check: Callable[[Path], LoadResult], tmp_path: Path) -> None:
    write("testindikator.yaml", BASE)
    result = check(tmp_path)
    assert [i.level for i in result.issues] == ["varning"]
    assert "ändelsen .yml" in result.issues[0].message


CATEGORY_VARIANTS = [
    ("färg för kategori som inte kan förekomma", "färger: {ja: grön, nej: röd}", "färger: {ja: grön, delvis: gul, nej: röd}", "färg för kategorin 'delvis', som aldrig kan förekomma", "färger"),
    ("förväntad kategori som inte kan förekomma", "kategori: {ja: 1, nej: 0}", "kategori: {ja: 1, nje: 0}", "kategorin 'nje' kan aldrig förekomma", "kategori: {ja: 1"),
    ("okänd kategori i regel", "  - kategori: ja", "  - kategori: jaa", "'jaa' är inget tillåtet värde", "kategori: jaa"),
    ("kod utanför värdemängden i regel", "{fält: g2, är: ja}", "{fält: g2, är: delvis}", "'delvis' finns inte i värdemängden enkätsvar_samordning", "fält: g2"),
    ("fält som inte finns på en aggregerad entitet", "{fält: g2, är: ja}", "{fält: kön, är: flicka}", "okänt fält 'kön' på enkätsvar", "fält: kön"),
]


@pytest.mark.parametrize("name,old,new,message,needle", CATEGORY_VARIANTS, ids=[v[0] for v in CATEGORY_VARIANTS])
def test_category_variants(name: str, old: str, new: str, message: str, needle: str, write: Callable[..., Path], check: Callable[[Path], LoadResult]) -> None:
    assert check(write("kategoriindikator.yml", CATEGORY_BASE)).issues == []
    text = changed(CATEGORY_BASE, old, new)
    result = check(write("kategoriindikator.yml", text))
    errors = [i for i in result.issues if i.is_error]
    assert len(errors) == 1, "\n".join(map(str, result.issues))
    assert message in errors[0].message
    assert errors[0].line == line_of(text, needle)
    assert errors[0].indicator == "kategoriindikator"


def test_a_category_without_a_label_in_the_data_model_fails_the_check(write: Callable[..., Path]) -> None:
    """Readers see labels, never codes: a category code that no value set names cannot be published."""
    import dataclasses

    from suengine.casedata.datamodel import load_datamodel
    from suengine.definitions import load_definitions

    model = load_datamodel()
    stripped = {name: dataclasses.replace(vs, values={c: l for c, l in vs.values.items() if c != "nej"})
                for name, vs in model.value_sets.items()}
    path = write("kategoriindikator.yml", CATEGORY_BASE)
    assert load_definitions(path, datamodel=model).issues == []
    errors = [i for i in load_definitions(path, datamodel=dataclasses.replace(model, value_sets=stripped)).issues if i.is_error]
    assert any("kategorin 'nej' har ingen etikett" in e.message for e in errors), [e.message for e in errors]
