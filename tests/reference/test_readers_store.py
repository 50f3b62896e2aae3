"""Readers of Kolada's DDF dump and API JSON (v2, v3) and the referens/ store with provenance per value."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from suengine.errors import SuengineError
from suengine.reference import store
from suengine.reference.readers import parse_api_json, read_api_file, read_ddf_folder

FIXTURES = Path(__file__).parent / "fixtures"


def test_ddf_folder_reads_totals_and_kon_with_provenance():
    values, concepts = read_ddf_folder(FIXTURES / "ddf", "2026-11-29")
    n = values[values["kpi"] == "N33802"]
    riket = n[(n["område"] == "0000") & (n["år"] == 2022)].set_index("kön")["värde"]
    assert riket.to_dict() == pytest.approx({"T": 1.300669, "K": 1.260917, "M": 1.33815})
    assert set(n["områdestyp"]) == {"riket", "kommun"}
    assert "0181" not in set(n["område"])  # empty value = no value in Kolada
    row = n.iloc[0]
    assert row["kpi_titel"].startswith("Invånare 0-20 år som var föremål")
    assert row["hämtad"] == "2026-11-29" and row["källa"].startswith("Kolada via DDF")
    assert set(concepts["kpi"]) == {"N33802", "U33401"}


def test_ddf_filter_on_kpi_and_missing_folder():
    values, _ = read_ddf_folder(FIXTURES / "ddf", "2026-11-29", {"U33401"})
    assert values.empty
    with pytest.raises(SuengineError, match="finns inte"):
        read_ddf_folder(FIXTURES / "saknas", "2026-11-29")


def test_api_v2_file_keeps_gender_and_area_types():
    values = read_api_file(FIXTURES / "api" / "v2-N33816.json", "2026-11-01")
    own = values[values["område"] == "0180"].set_index("kön")["värde"].to_dict()
    assert own == {"K": 2.1, "M": 2.6, "T": 2.35}
    assert values[values["område"] == "0000"]["områdestyp"].tolist() == ["riket"]


def test_api_v3_skips_null_values_and_reads_lan():
    values = read_api_file(FIXTURES / "api" / "v3-U33401.json", "2026-11-01")
    assert sorted(values["område"]) == ["0001", "0180"]  # the group's null value is not a value
    assert values.set_index("område").loc["0001", "områdestyp"] == "län"


def test_api_answer_of_wrong_shape_is_a_swedish_error(tmp_path):
    with pytest.raises(SuengineError, match="Koladas form"):
        parse_api_json({"data": []}, "2026-11-01")
    bad = tmp_path / "x.json"
    bad.write_text('{"values": [', encoding="utf-8")
    with pytest.raises(SuengineError, match="ogiltig JSON"):
        read_api_file(bad, "2026-11-01")


def test_store_merge_replaces_same_key_and_keeps_others(tmp_path):
    first = read_api_file(FIXTURES / "api" / "v2-N33816.json", "2026-01-01")
    store.merge_values(tmp_path, first)
    newer = first[(first["område"] == "0000")].copy()
    newer["värde"], newer["hämtad"] = 3.5, "2026-02-01"
    merged = store.merge_values(tmp_path, newer)
    assert len(merged) == len(first)
    back = store.read_values(tmp_path)
    riket = back[back["område"] == "0000"].iloc[0]
    assert (riket["värde"], riket["hämtad"]) == (3.5, "2026-02-01")
    assert back[back["område"] == "0180"]["hämtad"].unique().tolist() == ["2026-01-01"]
    assert not list((tmp_path / "referens").glob(".tmp-*"))
    mode = (tmp_path / "referens" / store.VALUES_FILE).stat().st_mode & 0o777
    assert mode & 0o044 == 0o044 or os.umask(os.umask(0)) & 0o044  # readable like any file the project writes


def test_kolada_groups_json_in_v3_form_or_as_a_saved_list(tmp_path):
    from suengine.reference.readers import is_groups_json, parse_groups_json

    payload = __import__("json").loads((FIXTURES / "groups" / "municipality_groups.json").read_text(encoding="utf-8"))
    assert is_groups_json(payload) and is_groups_json(payload["values"]) and not is_groups_json({"values": []})
    members = parse_groups_json(payload)
    assert list(members.itertuples(index=False, name=None))[:2] == [
        ("G36592", "Liknande kommuner IFO, Motala, 2022", "0563", "Valdemarsvik"),
        ("G36592", "Liknande kommuner IFO, Motala, 2022", "1082", "Karlshamn")]
    assert set(parse_groups_json(payload["values"], {"G33615"})["grupp"]) == {"G33615"}


def test_groups_store_replaces_a_group_read_again(tmp_path):
    from suengine.reference.readers import parse_groups_json

    payload = __import__("json").loads((FIXTURES / "groups" / "municipality_groups.json").read_text(encoding="utf-8"))
    store.merge_groups(tmp_path, parse_groups_json(payload))
    smaller = parse_groups_json(payload, {"G36592"}).iloc[:1]
    merged = store.merge_groups(tmp_path, smaller)
    assert list(merged[merged["grupp"] == "G36592"]["medlem"]) == ["0563"]  # the old member list is replaced
    assert list(store.read_groups(tmp_path)[store.read_groups(tmp_path)["grupp"] == "G33615"]["medlem"]) == ["0583"]


def test_read_folder_takes_ddf_api_answers_and_group_lists_together(tmp_path):
    import shutil

    from suengine.reference.readers import read_folder

    folder = tmp_path / "kolada"
    shutil.copytree(FIXTURES / "ddf", folder)
    shutil.copy(FIXTURES / "groups" / "municipality_groups.json", folder)
    shutil.copy(FIXTURES / "api" / "v3-U33401.json", folder)
    values, concepts, members = read_folder(folder, "2024-08-30", groups={"G36592"})
    assert {"N33802", "U33401"} <= set(values["kpi"])
    assert set(members["grupp"]) == {"G36592"} and len(members) == 2
    assert set(values["hämtad"]) == {"2024-08-30"}
