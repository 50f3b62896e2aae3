"""Mappings: the shipped ones are valid, and mistakes get a Swedish message with a line number."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from suengine.casedata.datamodel import load_datamodel
from suengine.ingest.mapping import load_mapping, mappings_dir
from suengine.ingest.problems import ProblemLog
from suengine.resources import schema_path

MODEL = load_datamodel()
BASE = """\
    system: test
    namn: Test
    entiteter:
      barn:
        filer: ["barn*.csv"]
        kolumner:
          Personnummer: barn_id
"""


def _load(tmp_path: Path, text: str) -> tuple[object, list[tuple[int | None, str]]]:
    path = tmp_path / "test.yml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    log = ProblemLog()
    mapping = load_mapping(path, MODEL, log)
    return mapping, [(p.row, p.message) for p in log.problems]


@pytest.mark.parametrize("name", ["treserva", "lifecare"])
def test_shipped_mappings_are_valid(name: str) -> None:
    log = ProblemLog()
    mapping = load_mapping(mappings_dir() / f"{name}.yml", MODEL, log)
    assert log.problems == [] and mapping is not None and mapping.system == name
    assert "barn" in mapping.entities


def test_schema_names_every_entity_of_the_data_model() -> None:
    schema = json.loads(schema_path("mapping.schema.json").read_text(encoding="utf-8"))
    assert list(schema["properties"]["entiteter"]["properties"]) == list(MODEL.entities)


def test_codes_keep_the_text_written(tmp_path: Path) -> None:
    mapping, problems = _load(tmp_path, BASE + """\
          Kön: kön
        koder:
          kön: {01: flicka, 02: pojke, No: flicka}
    """)
    assert problems == []
    assert mapping.entities["barn"].codes["kön"] == {"01": "flicka", "02": "pojke", "no": "flicka"}


def test_unknown_key_names_line_and_suggests(tmp_path: Path) -> None:
    _, problems = _load(tmp_path, BASE.replace("kolumner:", "kolumer:"))
    assert sorted(problems) == [
        (4, "entiteter → barn: nyckeln 'kolumner' saknas"),
        (6, "entiteter → barn: okänd nyckel 'kolumer' (menade du 'kolumner'?); tillåtna nycklar är filer, blad, kolumner, koder, härledda, släpp, pivot, datumformat"),
    ]


def test_rule_keys_that_do_not_belong(tmp_path: Path) -> None:
    _, problems = _load(tmp_path, BASE + """\
        härledda:
          kön: {regel: kön_från_personnummer, värde: flicka}
    """)
    assert problems == [(9, "entiteter → barn → härledda → kön: nyckeln 'värde' hör inte till regeln kön_från_personnummer")]


def test_meaning_rules(tmp_path: Path) -> None:
    _, problems = _load(tmp_path, BASE + """\
          Kön: kön
          Födelse: födelsedag
          Kön2: kön
        koder:
          kön: {K: flicka, M: pojk}
      insats:
        filer: ["insatser*.csv"]
        kolumner:
          Nr: insats_id
          Personnr: barn_id
          Start: start
          Typ: insatstyp
    """)
    messages = [m for _, m in problems]
    assert "barn: kolumnen 'Födelse' pekar på fältet 'födelsedag' som inte finns — menade du 'födelsedatum'?" in messages
    assert "barn: både 'Kön' och 'Kön2' pekar på fältet kön" in messages
    assert "barn.kön: 'pojk' finns inte i värdemängden — menade du 'pojke'?" in messages
    assert "insats: det obligatoriska fältet insatskategori mappas inte från någon kolumn och härleds inte" in messages
    assert all(line is not None for line, _ in problems)


def test_every_reason_code_is_documented() -> None:
    from suengine.ingest.problems import REASONS
    from suengine.resources import project_root

    readme = (project_root() / "mappings" / "README.md").read_text(encoding="utf-8")
    for code, meaning in REASONS.items():
        assert f"| `{code}` | {meaning} |" in readme, code
