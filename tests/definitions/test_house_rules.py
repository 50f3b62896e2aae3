"""`check` states the catalogue's house rules as warnings with their reason, and names what a kvot or a test code lacks."""

from __future__ import annotations

from pathlib import Path

from suengine.definitions import load_definitions
from .yaml_fixtures import BASE, changed
from .test_semantic_rules import KVOT


def _messages(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "testindikator.yml"
    path.write_text(text, encoding="utf-8")
    return [i.format() for i in load_definitions(path).issues]


def test_the_fixture_keeps_every_house_rule(tmp_path):
    assert _messages(tmp_path, BASE) == []


def test_each_broken_house_rule_is_a_warning_with_its_reason(tmp_path):
    one_case = BASE[: BASE.index("  - namn: En utredning en dag för sen")] + BASE[BASE.index("lagrum:"):]
    text = changed(one_case, "(11 kap. 2 § SoL)", "(socialtjänstlagen)")
    text = text[: text.index("lagrum:")]
    messages = _messages(tmp_path, text)
    assert all(m.startswith("VARNING:") for m in messages), messages
    joined = "\n".join(messages)
    assert "husregel: minst 2 testfall (har 1)" in joined
    assert "husregel: lagrum saknas" in joined
    assert "husregel: syftet nämner ingen paragraf (§)" in joined


def test_kvot_without_befolkning_names_what_is_missing(tmp_path):
    text = KVOT.replace("  befolkning: {ålder: [0, 17], kön: [flicka, pojke]}\n", "")
    assert any("beräkning med typ 'kvot' saknar 'befolkning'" in m for m in _messages(tmp_path, text))


def test_a_wrong_code_in_test_data_lists_the_allowed_codes(tmp_path):
    text = changed(BASE, "{barn_id: b1, kön: flicka,", "{barn_id: b1, kön: tjej,")
    assert any("'tjej' finns inte i värdemängden kön för fältet 'kön' (tillåtna: flicka, pojke)" in m for m in _messages(tmp_path, text))
