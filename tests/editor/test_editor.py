"""The editor works where staff edit: the real yaml-language-server (as VS Code's YAML extension runs it) reports
nothing on any catalogue file or a fresh `suengine init` project, and reports each schema-level mistake."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from suengine.cli import main
from suengine.resources import project_root

from .lsp import LanguageServer, available

ROOT = project_root()
CATALOGUE = sorted((ROOT / "indicators").rglob("*.yml"))
pytestmark = pytest.mark.skipif(available() is not None, reason=str(available()))


def _settings(flat: dict) -> dict:
    """VS Code's flat settings ("yaml.schemas") as the language server receives them."""
    nested: dict = {}
    for key, value in flat.items():
        section, _, name = key.partition(".")
        nested.setdefault(section, {})[name] = value
    nested.setdefault("yaml", {}).update({"validate": True, "schemaStore": {"enable": False}})
    return nested


@pytest.fixture(scope="module")
def engine_server():
    server = LanguageServer(ROOT, _settings({}))
    yield server
    server.close()


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    folder = tmp_path_factory.mktemp("redigerare") / "mitt-su"
    assert main(["init", str(folder), "--system", "treserva"]) == 0
    catalogue_file = (ROOT / "indicators" / "delaktighet" / "enskilt-samtal-utredning.yml").read_text(encoding="utf-8")
    (folder / "lokala-indikatorer" / "egen.yml").write_text(catalogue_file.split("\n", 1)[1].replace("enskilt-samtal-utredning", "egen"), encoding="utf-8")
    (folder / "datamodell-tillägg.yml").write_text(
        "entiteter:\n  utredning:\n    fält:\n      barnet_informerat: {typ: boolesk, beskrivning: Barnet har informerats.}\n", encoding="utf-8")
    with open(folder / "suengine.yml", "a", encoding="utf-8") as config:  # a local målvärde, as in tests/project
        config.write("katalog:\n  ändringar:\n    utredning-inom-4-manader:\n"
                     "      målvärde: {typ: tröskel, riktning: högre_är_bättre, grön: 50, gul: 30, text: Lokalt mål.}\n"
                     "      motivering: Nämndens mål.\n")
    (folder / "mappningar").mkdir()
    (folder / "mappningar" / "treserva.yml").write_text(
        "utgår_från: treserva\nentiteter:\n  utredning:\n    kolumner: {Informerad: barnet_informerat}\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def project_server(project):
    settings = json.loads((project / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    server = LanguageServer(project, _settings(settings))
    yield server
    server.close()


def _messages(diagnostics: list[dict]) -> list[str]:
    return [f"rad {d['range']['start']['line'] + 1}: {d['message']}" for d in diagnostics]


def test_every_catalogue_file_is_clean_in_the_editor(engine_server):
    problems = {p.relative_to(ROOT).as_posix(): _messages(engine_server.diagnose(p)) for p in CATALOGUE}
    assert {k: v for k, v in problems.items() if v} == {}


@pytest.mark.parametrize("name", ["suengine.yml", "lokala-indikatorer/egen.yml", "datamodell-tillägg.yml", "mappningar/treserva.yml"])
def test_a_fresh_project_is_clean_in_the_editor(project, project_server, name):
    assert _messages(project_server.diagnose(project / name)) == []


@pytest.mark.parametrize(("name", "old", "new", "expected"), [
    ("suengine.yml", "minsta_antal: 5", "minsta_antall: 5", "minsta_antall"),
    ("suengine.yml", "minsta_antal: 5", "minsta_antal: 2", "2"),
    ("lokala-indikatorer/egen.yml", "typ: andel", "typ: andelar", "andelar"),
    ("lokala-indikatorer/egen.yml", "kortnamn:", "kortnam:", "kortnam"),
    ("datamodell-tillägg.yml", "typ: boolesk", "typ: ja_nej", "ja_nej"),
    ("mappningar/treserva.yml", "utgår_från: treserva", "utgår_från: Treserva!", "Treserva"),
])
def test_each_schema_level_mistake_is_shown_where_it_is(project, project_server, tmp_path, name, old, new, expected):
    original = (project / name).read_text(encoding="utf-8")
    assert old in original
    broken = project / name
    broken.write_text(original.replace(old, new, 1), encoding="utf-8")
    try:
        found = project_server.diagnose(broken)
    finally:
        broken.write_text(original, encoding="utf-8")
    line = next(i for i, text in enumerate(original.replace(old, new, 1).splitlines()) if new in text)
    assert found, f"ingen diagnos för {new!r} i {name}"
    assert any(d["range"]["start"]["line"] == line for d in found), _messages(found)
