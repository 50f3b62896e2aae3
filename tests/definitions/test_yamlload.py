"""The YAML loader keeps every node's line and turns every bad file into an Issue."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest

from suengine.definitions.yamlload import json_view, load_yaml_file, load_yaml_text

DOC = textwrap.dedent(
    """\
    # kommentar
    id: x
    populationer:
      täljare:
        beskrivning: Täljaren.
        villkor:
          alla:
            - {fält: kön, är: flicka}
            - fält: start
              minst: 2024-01-31
    lista: [a, b]
    """
)


def test_lines_of_keys_and_items() -> None:
    doc, issues = load_yaml_text(DOC, "x.yml")
    assert issues == [] and doc is not None
    assert doc.line_of(()) == 2
    assert doc.line_of(("id",)) == 2
    assert doc.line_of(("populationer", "täljare", "villkor")) == 6
    assert doc.line_of(("populationer", "täljare", "villkor", "alla", 0, "fält")) == 8
    assert doc.line_of(("populationer", "täljare", "villkor", "alla", 1)) == 9
    assert doc.line_of(("populationer", "täljare", "villkor", "alla", 1, "minst")) == 10
    assert doc.line_of(("lista", 1)) == 11


def test_unknown_path_falls_back_to_nearest_ancestor() -> None:
    doc, _ = load_yaml_text(DOC)
    assert doc is not None
    assert doc.line_of(("populationer", "täljare", "finns-inte", 3)) == 4


def test_dates_load_as_dates() -> None:
    doc, _ = load_yaml_text(DOC)
    assert doc is not None
    assert doc.data["populationer"]["täljare"]["villkor"]["alla"][1]["minst"] == dt.date(2024, 1, 31)


def test_json_view_is_what_the_editor_sees() -> None:
    doc, _ = load_yaml_text("a: 2024-01-31\n2024: x\nb: [2024-02-29]\nc: true\n")
    assert doc is not None
    assert json_view(doc.data) == {"a": "2024-01-31", "2024": "x", "b": ["2024-02-29"], "c": True}


def test_duplicate_key_is_an_issue_with_both_lines() -> None:
    doc, issues = load_yaml_text("a: 1\nb:\n  c: 1\n  c: 2\n", "x.yml")
    assert doc is not None
    assert [(i.level, i.line, i.message) for i in issues] == [
        ("fel", 4, "nyckeln 'c' förekommer två gånger (första gången på rad 3)")
    ]


def test_duplicate_key_in_flow_mapping() -> None:
    _, issues = load_yaml_text("a: {x: 1, x: 2}\n")
    assert [i.line for i in issues] == [1]


@pytest.mark.parametrize(
    "text,line,message",
    [
        ("a: b: c\n", 1, "ogiltig YAML: kolon på fel ställe"),
        ("a:\n\t- b\n", 2, "tabbtecken"),
        ("a: [1, 2\n", 1, "saknas ',' eller ']'"),  # the line where it opens, not where the file ends
        ("a: {x: 1\n", 1, "saknas ',' eller '}'"),
        ("x: 1\na: 'abc\nb: 2\nc: 3\n", 2, "saknas ett avslutande citattecken"),
        ("a:\n  - b\n c: 1\n", 3, "fel indrag"),
        ("a: *x\n", 1, "ankare och alias (*x) används inte"),
        ("a: 1\nx: &x [*x]\n", 2, "ankare och alias (&x) används inte"),
        ("a: \x07\n", 1, "otillåtet tecken"),
        ("", 1, "filen är tom"),
        ("# bara en kommentar\n", 1, "filen är tom"),
        ("- a\n- b\n", 1, "översta nivån ska vara en mappning (nyckel: värde), men är en lista"),
        ("bara text\n", 1, "men är en text"),
        ("a: 2024-02-30\n", 1, "'2024-02-30' är inget giltigt datum"),
        ("? [a, b]\n: 1\n", 1, "en nyckel måste vara en enkel text"),
    ],
)
def test_bad_yaml_becomes_an_issue(text: str, line: int, message: str) -> None:
    _, issues = load_yaml_text(text, "x.yml")
    assert len(issues) == 1
    assert issues[0].line == line and issues[0].file == "x.yml" and issues[0].is_error
    assert message in issues[0].message


def test_windows_1252_file_is_located(tmp_path: Path) -> None:
    path = tmp_path / "x.yml"
    path.write_bytes("id: x\nnamn: Förhandsbedömning\n".encode("cp1252"))
    doc, issues = load_yaml_file(path, "x.yml")
    assert doc is None
    assert [(i.line, i.file) for i in issues] == [(2, "x.yml")]
    assert "0xf6" in issues[0].message and "UTF-8" in issues[0].message


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "x.yml"
    path.write_bytes("id: å\n".encode("utf-8-sig"))
    doc, issues = load_yaml_file(path)
    assert issues == [] and doc is not None and doc.data == {"id": "å"}


def test_missing_file_is_an_issue(tmp_path: Path) -> None:
    doc, issues = load_yaml_file(tmp_path / "saknas.yml", "saknas.yml")
    assert doc is None and issues[0].file == "saknas.yml" and "kan inte läsa filen" in issues[0].message


def test_anchors_aliases_and_merge_keys_are_refused_at_their_line() -> None:
    doc, issues = load_yaml_text("namn: x\nbas: &b {x: 1}\nanvänd:\n  <<: *b\n  y: 2\n", "x.yml")
    assert doc is None and [i.line for i in issues] == [2]


def test_an_alias_bomb_is_refused_at_once() -> None:
    import time

    levels = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 12):  # 9**12 nodes if expanded
        prev, name = chr(96 + i), chr(97 + i)
        levels.append(f"{name}: &{name} [{', '.join(['*' + prev] * 9)}]")
    started = time.perf_counter()
    doc, issues = load_yaml_text("\n".join(levels) + "\n", "bomb.yml")
    assert doc is None and issues[0].line == 1 and "ankare och alias" in issues[0].message
    assert time.perf_counter() - started < 5
