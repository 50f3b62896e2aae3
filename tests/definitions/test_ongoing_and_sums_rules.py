"""Form and meaning checks for `pågår_till`, the period's dates, `summa` and the two new forms of
`fördelning` (listed codes, numeric groups)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from suengine.definitions import LoadResult

from .yaml_fixtures import BASE, changed

ANTAL = "  täljare:\n    beskrivning: Utredningar som var klara inom fyra månader.\n    villkor:\n      tid_mellan: {från: start, till: slut, högst: {månader: 4}}\n"
TARGET = "målvärde:\n  typ: tröskel\n  riktning: högre_är_bättre\n  grön: 90\n  gul: 75\n  text: Minst 90 procent ska vara klara inom fyra månader.\n"
EXPECTED = "    förväntat:\n      nämnare: 1\n      täljare: 1\n"


def _as(text: str, scoring: str) -> str:
    """BASE turned into a non-andel indicator with the given beräkning block."""
    text = changed(text, ANTAL, "")
    text = changed(text, "beräkning:\n  typ: andel\n", scoring)
    text = changed(text, TARGET, "målvärde:\n  typ: ingen\n  text: Mängdstatistik.\n")
    return changed(text, EXPECTED, "    förväntat:\n      nämnare: 1\n")


def errors_of(result: LoadResult) -> list[str]:
    return [i.message for i in result.issues if i.is_error]


def test_ongoing_indicator_with_the_period_end_is_accepted(write: Callable[..., Path], check: Callable[[Path], LoadResult]) -> None:
    text = changed(BASE, "perioddatum: slut\nåldersdatum: start\n", "perioddatum: start\npågår_till: slut\nåldersdatum: periodens_slut\n")
    text = changed(text, "    villkor: {fält: utredningstyp, är: barnavård}\n",
                   "    villkor:\n      någon:\n        - {saknas: slut}\n        - {tid_mellan: {från: periodens_slut, till: slut, större_än: {dagar: 0}}}\n")
    text = _as(text, "beräkning:\n  typ: antal\n")
    result = check(write("testindikator.yml", text))
    assert errors_of(result) == []


def test_ongoing_until_must_be_a_date_field_of_the_records(write: Callable[..., Path], check: Callable[[Path], LoadResult]) -> None:
    text = changed(BASE, "perioddatum: slut\n", "perioddatum: start\npågår_till: förlängd\n")
    assert any("'förlängd' är inget datumfält" in m for m in errors_of(check(write("testindikator.yml", text))))
    text = changed(BASE, "perioddatum: slut\n", "perioddatum: start\npågår_till: periodens_slut\n")
    assert any("okänt fält 'periodens_slut'" in m for m in errors_of(check(write("testindikator.yml", text))))


def test_sum_with_days_in_the_period_and_a_divisor(write: Callable[..., Path], check: Callable[[Path], LoadResult]) -> None:
    scoring = ("beräkning:\n  typ: summa\n  värde: {dagar_i_perioden: {från: start, till: slut}}\n"
               "  delat_med: {tid_mellan: {från: start, till: slut}}\n")
    assert errors_of(check(write("testindikator.yml", _as(BASE, scoring)))) == []
    wrong = scoring.replace("dagar_i_perioden: {från: start", "dagar_i_perioden: {från: förlängd")
    assert any("fältet 'förlängd' är av typen ja/nej" in m for m in errors_of(check(write("testindikator.yml", _as(BASE, wrong)))))
    unknown_key = "beräkning:\n  typ: antal\n  delat_med: {fält: start}\n"
    assert errors_of(check(write("testindikator.yml", _as(BASE, unknown_key))))


def test_distribution_over_listed_codes_checks_the_codes(write: Callable[..., Path], check: Callable[[Path], LoadResult]) -> None:
    good = "beräkning:\n  typ: fördelning\n  fält: beslut\n  kategorier: [insats_beviljad, ingen_insats]\n"
    assert errors_of(check(write("testindikator.yml", _as(BASE, good)))) == []
    bad = good.replace("ingen_insats]", "ingen_insatts]")
    messages = errors_of(check(write("testindikator.yml", _as(BASE, bad))))
    assert any("'ingen_insatts' finns inte i värdemängden utredningsbeslut" in m for m in messages)


def test_distribution_over_groups_needs_a_value_and_non_overlapping_groups(write: Callable[..., Path], check: Callable[[Path], LoadResult]) -> None:
    good = ("beräkning:\n  typ: fördelning\n  värde: {tid_mellan: {från: start, till: slut}}\n"
            "  grupper:\n    - {etikett: kort, från: 0, till: 60}\n    - {etikett: lång, från: 61, till: 1000}\n")
    assert errors_of(check(write("testindikator.yml", _as(BASE, good)))) == []
    overlapping = good.replace("från: 61", "från: 60")
    assert any("överlappar" in m for m in errors_of(check(write("testindikator.yml", _as(BASE, overlapping)))))
    both = good + "  fält: beslut\n"
    assert any("antingen med fält" in m for m in errors_of(check(write("testindikator.yml", _as(BASE, both)))))


def test_expected_steps_of_a_change(write: Callable[..., Path], check: Callable[[Path], LoadResult]) -> None:
    """förändring reports a distribution of steps, so test cases may pin it; a step is a number."""
    text = changed(BASE, "bas: utredning\nperioddatum: slut\nåldersdatum: start\n", "bas: insats\nperioddatum: slut\n")
    text = changed(text, "    villkor: {fält: utredningstyp, är: barnavård}\n", "    villkor: {fält: insatskategori, är: öppenvård}\n")
    scoring = ("beräkning:\n  typ: förändring\n  entitet: uppföljning\n  koppling: insats_id\n  instrument: säkerhetsskala\n"
               "  värde: värde\n")
    text = _as(text, scoring)
    text = text.replace("          utredning:\n            - {utredning_id: u1, barn_id: b1, utredningstyp: barnavård, start: 2024-01-31, slut: 2024-05-31}\n",
                        "          insats:\n            - {insats_id: i1, barn_id: b1, insatstyp: hvb, insatskategori: öppenvård, start: 2024-01-31, slut: 2024-05-31}\n")
    good = changed(text, "      nämnare: 1\n", "      nämnare: 1\n      kategori: {\"2\": 0, \"-1.5\": 0}\n")
    assert errors_of(check(write("testindikator.yml", good))) == []
    bad = changed(text, "      nämnare: 1\n", "      nämnare: 1\n      kategori: {ja: 1}\n")
    assert any("förändringens kategorier är steg (tal), inte 'ja'" in m for m in errors_of(check(write("testindikator.yml", bad))))


def test_format_doc_mentions_the_value_forms_and_scoring_keys() -> None:
    """Every form of a value and every key a scoring type allows is in docs/indikatorformat.md."""
    import json

    from suengine.resources import project_root

    root = project_root()
    doc = (root / "docs" / "indikatorformat.md").read_text(encoding="utf-8")
    schema = json.loads((root / "schemas" / "indicator.schema.json").read_text(encoding="utf-8"))
    for form in schema["$defs"]["mätvärde"]["properties"]:
        assert f"{form}:" in doc, form
    for branch in schema["$defs"]["beräkning"]["allOf"]:
        for key in branch["then"].get("properties", {}):
            assert f"`{key}" in doc or f"{key}:" in doc, key
    for name in ("periodens_start", "periodens_slut"):
        assert f"`{name}`" in doc
