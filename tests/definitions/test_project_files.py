"""The committed project files agree with each other: indicators, schemas, data model, docs."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator

from suengine.casedata.datamodel import load_datamodel
from suengine.definitions import LoadResult, load_checked_datamodel, load_definitions
from suengine.definitions.markdown import datamodel_markdown
from suengine.resources import project_root
from suengine.definitions.yamlload import json_view
from .yaml_fixtures import BASE, changed

ROOT = project_root()
INDICATORS = sorted((ROOT / "indicators").rglob("*.yml"))
SCHEMA_LINE = "# yaml-language-server: $schema=../../schemas/indicator.schema.json"


def _schema(name: str) -> dict:
    return json.loads((ROOT / "schemas" / name).read_text(encoding="utf-8"))


def test_the_six_indicators_exist() -> None:
    names = {p.relative_to(ROOT / "indicators").as_posix() for p in INDICATORS}
    assert names >= {
        "handlaggning/utredning-inom-4-manader.yml",
        "handlaggning/forhandsbedomning-inom-14-dagar.yml",
        "delaktighet/enskilt-samtal-utredning.yml",
        "resultat/ateraktualisering-24-man-samma-orsak-efter-insats.yml",
        "kompetens/socionom-minst-ett-ar.yml",
        "samordning/samordning-g2.yml",
    }


@pytest.mark.parametrize("path", INDICATORS, ids=lambda p: p.stem)
def test_indicator_starts_with_the_schema_line(path: Path) -> None:
    assert path.read_text(encoding="utf-8").splitlines()[0] == SCHEMA_LINE


def test_project_indicators_have_no_issues() -> None:
    result = load_definitions(ROOT / "indicators")
    assert [str(i) for i in result.issues] == []
    assert len(result.indicators) == len(INDICATORS)


@pytest.mark.parametrize("path", INDICATORS, ids=lambda p: p.stem)
def test_indicator_is_complete(path: Path) -> None:
    """Texts, legal references and at least two test cases, as the issue asks."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert raw["id"] == path.stem
    assert len(raw["testfall"]) >= 2
    assert raw.get("lagrum") and "§" in raw["syfte"]
    for key in ("namn", "kortnamn", "mått", "syfte", "källa", "felkällor", "jämförbarhet"):
        assert raw.get(key), key


@pytest.mark.parametrize("path", INDICATORS, ids=lambda p: p.stem)
def test_editor_accepts_every_indicator(path: Path) -> None:
    """What VS Code's YAML extension sees (YAML 1.2: dates are strings) is valid against the plain schema."""
    instance = json_view(yaml.safe_load(path.read_text(encoding="utf-8")))
    errors = [e.message for e in Draft202012Validator(_schema("indicator.schema.json")).iter_errors(instance)]
    assert errors == []


def test_editor_accepts_the_datamodel() -> None:
    instance = json_view(yaml.safe_load((ROOT / "datamodel" / "datamodel.yml").read_text(encoding="utf-8")))
    assert [e.message for e in Draft202012Validator(_schema("datamodel.schema.json")).iter_errors(instance)] == []


SHAPE_ERRORS = [
    ("perioddatum: slut\n", "perioddatum: slut\nokänd: 1\n"),
    ("  typ: andel\n", "  typ: andel\n  per: 1000\n"),
    ("  typ: andel\n", "  typ: antal\n"),
    ("{fält: utredningstyp, är: barnavård}", "{fält: utredningstyp, är: barnavård, saknas: slut}"),
    ("{fält: utredningstyp, är: barnavård}", "{fält: utredningstyp}"),
    ("{fält: utredningstyp, är: barnavård}", "{är: barnavård}"),
    ("högst: {månader: 4}", "högst: {veckor: 4}"),
    ("  typ: tröskel\n", "  typ: tröskel\n  färger: {ja: grön}\n"),
    ("bas: utredning", "bas: utredningar"),
]


@pytest.mark.parametrize("old,new", SHAPE_ERRORS)
def test_editor_and_check_reject_the_same_shape_errors(
    old: str, new: str, write: Callable[..., Path], check: Callable[[Path], LoadResult]
) -> None:
    text = changed(BASE, old, new)
    instance = json_view(yaml.safe_load(text))
    assert list(Draft202012Validator(_schema("indicator.schema.json")).iter_errors(instance))
    assert check(write("testindikator.yml", text)).errors >= 1


def test_schema_entities_match_the_datamodel() -> None:
    """The entity list in the schema (for autocompletion) is the data model's."""
    assert _schema("indicator.schema.json")["$defs"]["entitet"]["enum"] == list(load_datamodel().entities)


def test_project_datamodel_is_clean() -> None:
    checked = load_checked_datamodel()
    assert [str(i) for i in checked.issues] == []
    assert checked.model is not None


def test_datamodel_page_is_up_to_date() -> None:
    """docs/datamodell.md is generated; regenerate with `suengine datamodell --ut docs/datamodell.md`."""
    committed = (ROOT / "docs" / "datamodell.md").read_text(encoding="utf-8")
    assert committed == datamodel_markdown(load_datamodel())


def test_committed_datamodel_page_reads_as_written_by_hand() -> None:
    """Issue 20: the committed page checked for content, not only freshness (expectations by hand)."""
    page = (ROOT / "docs" / "datamodell.md").read_text(encoding="utf-8")
    utredning = page.split("\n### utredning\n", 1)[1].split("\n### ", 1)[0]
    assert "Nyckel: `utredning_id`. På barnnivå: ja." in utredning
    for line in (
        "| `barn_id` | id | ja |  | Barnets pseudonym. |",
        "| `start` | datum | ja |  | Datum då utredningen inleddes. |",
        "| `slut` | datum |  |  | Datum då utredningen avslutades; saknas för pågående. |",
        "| `enskilt_samtal` | ja/nej |  |  | Barnet har haft enskilt samtal med handläggaren. |",
    ):
        assert line in utredning, line
    sex = page.split("\n### kön\n", 1)[1].split("\n### ", 1)[0]
    assert "| `flicka` | Flicka |" in sex and "| `pojke` | Pojke |" in sex


def test_datamodel_page_documents_every_value_set_and_relation() -> None:
    page = datamodel_markdown(load_datamodel())
    model = load_datamodel()
    for value_set in model.value_sets.values():
        assert f"### {value_set.name}" in page
        for code, label in value_set.values.items():
            assert f"| `{code}` | {label} |" in page
    for entity in model.entities.values():
        assert f"### {entity.name}" in page
        for relation in entity.relations.values():
            assert f"| `{relation.name}` | `{relation.field}` | {relation.entity} |" in page


def test_datamodel_command_writes_the_page(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from suengine.cli import main

    target = tmp_path / "datamodell.md"
    assert main(["datamodell", "--ut", str(target)]) == 0
    assert target.read_text(encoding="utf-8") == datamodel_markdown(load_datamodel())
    assert main(["datamodell"]) == 0
    assert capsys.readouterr().out.endswith(datamodel_markdown(load_datamodel()))


def test_readme_shows_the_schema_line_and_the_check_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert SCHEMA_LINE in readme
    section = readme.split("## Kontrollera indikatorer", 1)[1]
    assert "suengine check" in section and "indikatorer kontrollerade" in section


def test_format_doc_mentions_every_key() -> None:
    """Every key the schema allows at the top level and every scoring type is in docs/indikatorformat.md."""
    doc = (ROOT / "docs" / "indikatorformat.md").read_text(encoding="utf-8")
    schema = _schema("indicator.schema.json")
    for key in schema["properties"]:
        assert f"`{key}`" in doc, key
    for kind in schema["$defs"]["beräkning"]["properties"]["typ"]["enum"]:
        assert f"`{kind}`" in doc, kind
    for key in schema["$defs"]["förväntat"]["properties"]:
        assert f"`{key}`" in doc, key
