"""Stage outcomes a rebuild reuses — the disclosure audit, the workbook, the privacy gate's clean files —
are used only when every input is the same, and then give exactly what computing again gives."""

from __future__ import annotations

import dataclasses
import random
import shutil

import pandas as pd
import pytest

from suengine import cache, reuse
from suengine.cache import COMPUTED, FROM_CACHE, StageCache
from suengine.definitions import load_definitions
from suengine.engine import evaluate
from suengine.ingest import ingest_delivery
from suengine.publish import integrity
from suengine.publish.checker import Rules
from suengine.publish.privacy import FreeText, find_personnummer
from suengine.render.excel import WorkbookOptions, workbook_bytes
from suengine.resources import project_root

ROOT = project_root()
KEY = b"testnyckel-for-ateranvandning"
SOME = ("utredning-inom-4-manader", "aktualiseringar-antal", "placeringsform", "brukarupplevelse", "utredningstid-median")


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """Published results of a few demo indicators, their definitions, and the delivery's quality files."""
    delivery = ingest_delivery(ROOT / "demo" / "leverans-2026-01", key=KEY)
    indicators = [i for i in load_definitions(ROOT / "indicators").indicators if i.id in SOME]
    results = evaluate(indicators, delivery.case_data, years=[2021, 2022, 2023, 2024, 2025])
    quality = tmp_path_factory.mktemp("kvalitet")
    delivery.summary.to_csv(quality / "kvalitet_sammanfattning.csv", index=False)
    delivery.problems.to_csv(quality / "problem.csv", index=False)
    return results, results.published(), indicators, quality


# --- keys -----------------------------------------------------------------------------------------------


def test_a_content_digest_sees_every_cell_of_a_large_table_and_refuses_what_it_cannot_hash() -> None:
    one = pd.DataFrame({"a": range(5000), "b": ["x"] * 5000})
    two = one.copy()
    two.loc[2500, "b"] = "y"
    assert repr(one) == repr(two)  # repr abbreviates: a key made of it would mix the two up
    assert cache.content_digest(one) != cache.content_digest(two)
    assert cache.content_digest({"t": one, "n": 1}) == cache.content_digest({"t": one.copy(), "n": 1})
    assert cache.content_digest({"t": one, "n": 1}) != cache.content_digest({"t": one, "n": 2})
    assert cache.content_digest({1, 2, 3}) == cache.content_digest({3, 2, 1})
    assert cache.content_digest([object()]) is None
    assert cache.key_of(["x", cache.content_digest(object())]) is None  # no key: the stage is computed, not reused


def test_the_audit_key_changes_with_each_of_its_inputs(demo) -> None:
    results, published, _, _ = demo
    base = reuse.audit_key(results, published, 5)
    assert base is not None and base == reuse.audit_key(results, published.copy(), 5)
    changed = published.copy()
    changed.loc[changed.index[0], "undertryckt"] = not bool(changed.loc[changed.index[0], "undertryckt"])
    facts = dataclasses.replace(results, facts={k: dataclasses.replace(v, threshold=v.threshold + 1) for k, v in results.facts.items()})
    table = results.table.copy()
    table.loc[table.index[0], "täljare"] = 1
    others = [
        reuse.audit_key(results, changed, 5),  # what is published
        reuse.audit_key(results, published, 6),  # the threshold
        reuse.audit_key(facts, published, 5),  # what links the cells
        reuse.audit_key(dataclasses.replace(results, table=table), published, 5),  # the results before protection
    ]
    assert len({base, *others}) == 5


def test_each_earlier_version_is_compared_unless_the_same_table_passed_before(demo, tmp_path) -> None:
    from suengine.publish.audit import check_versions

    _, published, _, _ = demo
    store, compared = StageCache(tmp_path / "cache"), []

    def check(new, earlier):
        compared.append(list(earlier))
        return check_versions(new, earlier)

    same = published.copy()
    assert reuse.version_problems(published, {"2025.1": same}, store, check) == []
    assert reuse.version_problems(published, {"2025.1": same, "2025.2": same.copy()}, store, check) == []
    assert compared == [["2025.1"]]  # 2025.2 has the same table as 2025.1: compared already
    hid = published.copy()
    shown = hid.index[~hid["undertryckt"].astype(bool)][0]
    hid.loc[shown, "undertryckt"] = True  # an earlier version hid what is shown now
    for _ in range(2):
        problems = reuse.version_problems(published, {"2025.1": same, "2025.3": hid}, store, check)
        assert problems and all("dolt i version 2025.3" in p for p in problems)
    assert compared[1:] == [["2025.3"], ["2025.3"]]  # problems are never kept: compared, and found, every time


def test_the_workbook_key_changes_with_its_inputs_but_not_with_the_version_title(demo, tmp_path) -> None:
    _, published, indicators, quality = demo
    options = WorkbookOptions(municipality="Exempelby", version_title="Årsrapport 2025 (version 2025.1)")
    base = reuse.workbook_key(published, indicators, quality, options)
    assert base == reuse.workbook_key(published, indicators, quality, dataclasses.replace(options, version_title="Årsrapport 2025 (version 2025.7)"))
    other_quality = tmp_path / "kvalitet"
    shutil.copytree(quality, other_quality)
    (other_quality / "problem.csv").write_text("fält,orsak\nx,y\n", encoding="utf-8")
    changed = published.copy()
    changed.loc[changed.index[0], "värde"] = 123.0
    others = [
        reuse.workbook_key(changed, indicators, quality, options),
        reuse.workbook_key(published, indicators[1:], quality, options),
        reuse.workbook_key(published, indicators, other_quality, options),
        reuse.workbook_key(published, indicators, quality, dataclasses.replace(options, municipality="Annanby")),
        reuse.workbook_key(published, indicators, quality, dataclasses.replace(options, min_count=6)),
    ]
    assert len({base, *others}) == 6


def test_what_earlier_versions_hid_is_the_union_of_the_kept_parts(demo, tmp_path) -> None:
    from suengine.publish.earlier import pattern_of

    _, published, _, _ = demo
    other = published.copy()
    shown = other.index[~other["undertryckt"].astype(bool)][:3]
    other.loc[shown, "undertryckt"] = True
    other.loc[other.index[-1], "täljare"] = None
    earlier = {"2025.1": published, "2025.2": other, "2025.3": published.copy()}
    store = StageCache(tmp_path / "cache")
    for _ in range(2):  # computed, then from the cache
        kept = reuse.carried_pattern(earlier, store, pattern_of)
        whole = pattern_of(earlier)
        assert (kept.rows, kept.cells, kept.versions) == (whole.rows, whole.cells, whole.versions)
    assert store.log[reuse.PATTERN] == FROM_CACHE
    assert not reuse.carried_pattern({}, store, pattern_of)


# --- the workbook -------------------------------------------------------------------------------------


def test_a_kept_workbook_with_the_title_put_in_is_byte_identical_to_one_written_anew(demo, tmp_path) -> None:
    _, published, indicators, quality = demo
    store = StageCache(tmp_path / "cache")
    for number, title in enumerate(["Årsrapport 2025 (version 2025.1)", "Årsrapport 2025 (version 2025.12)", "Utkast – 2025"]):
        options = WorkbookOptions(municipality="Exempelby", version_title=title)
        path = tmp_path / f"bok-{number}.xlsx"
        reused = reuse.write_workbook(published, indicators, path, quality, options, store)
        assert reused == (number > 0)
        assert store.log[reuse.WORKBOOK] == (FROM_CACHE if number else COMPUTED)
        assert path.read_bytes() == workbook_bytes(published, indicators, quality, options)
    # a title XML would escape is never put in: the workbook is written anew, and is still right
    odd = WorkbookOptions(municipality="Exempelby", version_title="Rapport <utkast> & test")
    reuse.write_workbook(published, indicators, tmp_path / "udda.xlsx", quality, odd, store)
    assert store.log[reuse.WORKBOOK] == COMPUTED
    assert (tmp_path / "udda.xlsx").read_bytes() == workbook_bytes(published, indicators, quality, odd)
    # a definition whose text holds the placeholder: never replaced there, the workbook is written anew
    named = [dataclasses.replace(indicators[0], name=f"Indikator {reuse.TITLE_PLACEHOLDER}"), *indicators[1:]]
    assert not reuse.write_workbook(published, named, tmp_path / "namn.xlsx", quality, options, store)
    assert (tmp_path / "namn.xlsx").read_bytes() == workbook_bytes(published, named, quality, options)


def test_a_workbook_with_other_inputs_is_written_anew(demo, tmp_path) -> None:
    _, published, indicators, quality = demo
    store = StageCache(tmp_path / "cache")
    options = WorkbookOptions(municipality="Exempelby", version_title="Årsrapport 2025 (version 2025.1)")
    reuse.write_workbook(published, indicators, tmp_path / "a.xlsx", quality, options, store)
    changed = published.copy()
    shown = changed.index[changed["värde"].notna()][0]
    changed.loc[shown, "värde"] = float(changed.loc[shown, "värde"]) + 1
    assert not reuse.write_workbook(changed, indicators, tmp_path / "b.xlsx", quality, options, store)
    assert (tmp_path / "b.xlsx").read_bytes() == workbook_bytes(changed, indicators, quality, options)
    assert (tmp_path / "b.xlsx").read_bytes() != (tmp_path / "a.xlsx").read_bytes()


# --- the audit -------------------------------------------------------------------------------------------


def test_only_an_audit_that_passed_is_kept(tmp_path) -> None:
    store = StageCache(tmp_path / "cache")
    runs: list[str] = []

    def passing() -> str:
        runs.append("körd")
        return "Granskningen fann inget."

    def stopping() -> str:
        runs.append("stoppad")
        raise RuntimeError("stopp")

    assert reuse.audited("k1", store, passing) == ("Granskningen fann inget.", False)
    assert reuse.audited("k1", store, passing) == ("Granskningen fann inget.", True)
    assert runs == ["körd"]
    for _ in range(2):
        with pytest.raises(RuntimeError):
            reuse.audited("k2", store, stopping)
    assert runs == ["körd", "stoppad", "stoppad"]  # a stopping audit runs, and stops the build, every time
    assert reuse.audited(None, store, passing)[1] is False  # no key: always run


# --- the privacy gate ------------------------------------------------------------------------------------


PERSONNUMMER = "19121212-1212"


def _folder(tmp_path):
    folder = tmp_path / "version"
    (folder / "webb").mkdir(parents=True)
    (folder / "webb" / "index.html").write_text("<p>Välkommen</p>\n", encoding="utf-8")
    (folder / "anteckning.md").write_text("Inga siffror här.\n", encoding="utf-8")
    (folder / "resultat.csv").write_text("indikator_id,period,undertryckt,täljare\na,2025,False,12\n", encoding="utf-8")
    return folder


def _published() -> pd.DataFrame:
    return pd.DataFrame({"indikator_id": ["a"], "period": ["2025"], "undertryckt": [False], "täljare": [12]})


def test_the_privacy_gate_skips_only_files_found_clean_with_the_same_rules_and_free_text(tmp_path) -> None:
    assert find_personnummer(PERSONNUMMER)
    folder, store, rules, free = _folder(tmp_path), StageCache(tmp_path / "cache"), Rules(threshold=5), FreeText(["Alva Testsson"])
    first = integrity.check_outputs(folder, _published(), rules, free, store)
    assert (first.findings, first.files, first.skipped) == ([], 3, 0)
    again = integrity.check_outputs(folder, _published(), rules, free, store)
    assert (again.findings, again.skipped) == ([], 3)
    # a changed file is read again, and what it now holds is found
    (folder / "anteckning.md").write_text(f"Ringer {PERSONNUMMER} i morgon.\n", encoding="utf-8")
    changed = integrity.check_outputs(folder, _published(), rules, free, store)
    assert changed.skipped == 2 and [f.path for f in changed.findings] == [str(folder / "anteckning.md")]
    # a finding is never kept: found again on the next build
    assert len(integrity.check_outputs(folder, _published(), rules, free, store).findings) == 1
    (folder / "anteckning.md").write_text("Alva Testsson ringer.\n", encoding="utf-8")
    assert integrity.check_outputs(folder, _published(), rules, FreeText(["Bo Exempel"]), store).skipped == 0  # other free text: all again
    found = integrity.check_outputs(folder, _published(), rules, free, store)
    assert found.skipped == 2 and "fritext" in found.findings[0].reason
    (folder / "anteckning.md").write_text("Inga siffror här.\n", encoding="utf-8")
    assert integrity.check_outputs(folder, _published(), rules, free, store).skipped == 3
    # other rules: everything is checked again, and a count now under the threshold is found in the file and the table
    stricter = integrity.check_outputs(folder, _published(), Rules(threshold=15), free, store)
    assert stricter.skipped == 0 and {f.path for f in stricter.findings} == {"resultat.csv", "resultat"}


def test_a_clean_file_under_another_name_is_checked_again(tmp_path) -> None:
    """The name decides how a file is read (resultat.csv is checked as a results table), so it is part of the key."""
    folder, store, rules = _folder(tmp_path), StageCache(tmp_path / "cache"), Rules(threshold=5)
    small = "indikator_id,period,undertryckt,täljare\na,2025,False,2\n"
    (folder / "tabell.csv").write_text(small, encoding="utf-8")
    assert integrity.check_outputs(folder, _published(), rules, FreeText(), store).findings == []  # any csv: no count rule
    (folder / "resultat.csv").write_text(small, encoding="utf-8")
    found = integrity.check_outputs(folder, _published(), rules, FreeText(), store).findings
    assert [f.path for f in found] == ["resultat.csv"]


def test_the_free_text_filter_never_hides_a_hit() -> None:
    rng = random.Random(7)
    words = ["Alva", "alva", "ALVA", "Testsson", "Bo", "och", "Exempel", "Åsa", "Öberg", "a1", "_"]
    breaks = ["\n", "\r\n", "\u2028", "\x0c", "\x85", " ", "  ", ", ", "-"]
    free = FreeText(["Alva Testsson", "Åsa Öberg", "Exempel Exempelsson"])
    for _ in range(3000):
        text = "".join(rng.choice(words) + rng.choice(breaks) for _ in range(rng.randint(0, 12)))
        hits = [hit for line in text.splitlines() for hit in free.find(line)]
        if not free.may_occur(text):
            assert hits == []
    assert not FreeText().may_occur("Alva Testsson")


def test_a_file_published_twice_is_read_once_but_a_finding_names_both_copies(tmp_path) -> None:
    folder, rules = _folder(tmp_path), Rules(threshold=5)
    (folder / "webb" / "filer").mkdir()
    for place in (folder, folder / "webb" / "filer"):
        (place / "lista.md").write_text(f"Barn {PERSONNUMMER}\n", encoding="utf-8")
    found = integrity.check_outputs(folder, _published(), rules, FreeText(), StageCache(tmp_path / "cache")).findings
    assert sorted(f.path for f in found) == sorted(str(p / "lista.md") for p in (folder, folder / "webb" / "filer"))


def _workbook(path, underlag_täljare: int, title: str) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Resultat"
    book.active.append([title])
    sheet = book.create_sheet("Underlag")
    sheet.append(["Id", "Värde", "KI låg", "KI hög", "Täljare", "Nämnare"])
    sheet.append(["a", "40,0", "", "", underlag_täljare, 30])
    book.save(path)


def test_a_workbook_is_checked_sheet_by_sheet_and_only_changed_sheets_are_read_again(tmp_path, monkeypatch) -> None:
    from suengine.publish import checker

    read: list[str] = []
    original = checker._check_underlag
    monkeypatch.setattr(checker, "_check_underlag", lambda rows, rules, source: read.append(source) or original(rows, rules, source))
    folder, store, rules = _folder(tmp_path), StageCache(tmp_path / "cache"), Rules(threshold=5)
    _workbook(folder / "su-resultat.xlsx", 12, "Version 2025.1")
    assert integrity.check_outputs(folder, _published(), rules, FreeText(), store).findings == []
    assert len(read) == 1
    _workbook(folder / "su-resultat.xlsx", 12, "Version 2025.2")  # only the first sheet changed
    again = integrity.check_outputs(folder, _published(), rules, FreeText(), store)
    assert again.findings == [] and again.skipped == 3 and len(read) == 1  # Underlag not read again
    _workbook(folder / "su-resultat.xlsx", 2, "Version 2025.3")  # Underlag now shows a small count
    found = integrity.check_outputs(folder, _published(), rules, FreeText(), store).findings
    assert len(read) == 2 and [f.path for f in found] == ["su-resultat.xlsx (Underlag)"]
