"""`engine/loading.py`: the indicators the engine's commands run, validated as `check` validates them, and
the plain-YAML fallback. Called in-process (the CLI tests reach it only through the whole catalogue)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import suengine.definitions
from suengine.engine.loading import load_indicators
from suengine.errors import SuengineError

CATALOGUE = Path(__file__).resolve().parents[2] / "indicators"
TWO = {"maluppfyllelse": CATALOGUE / "resultat" / "maluppfyllelse.yml",
       "ateraktualisering-24-man-efter-utredning": CATALOGUE / "resultat" / "ateraktualisering-24-man-efter-utredning.yml"}


def _folder(tmp_path: Path) -> Path:
    """The two indicators in files named against their ids' order, one in a subfolder."""
    folder = tmp_path / "indikatorer"
    (folder / "under").mkdir(parents=True)
    shutil.copy(TWO["maluppfyllelse"], folder / "a.yml")
    shutil.copy(TWO["ateraktualisering-24-man-efter-utredning"], folder / "under" / "b.yml")
    return folder


@pytest.fixture(params=["validated", "plain"])
def way(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Both ways of loading: through `load_definitions`, and the fallback when it cannot be imported."""
    if request.param == "plain":
        monkeypatch.delattr(suengine.definitions, "load_definitions")
    return str(request.param)


def test_a_folder_is_read_with_its_subfolders_sorted_by_id(tmp_path: Path, way: str) -> None:
    folder = _folder(tmp_path)
    (folder / "inte-en-indikator.txt").write_text("id: nej\n", encoding="utf-8")
    (folder / "mapp.yml").mkdir()  # a folder named like a file is not read
    expected = ["ateraktualisering-24-man-efter-utredning", "maluppfyllelse"]
    assert [i.id for i in load_indicators(folder)] == expected
    assert [i.id for i in load_indicators(str(folder))] == expected
    assert [i.id for i in load_indicators(folder / "a.yml")] == ["maluppfyllelse"]
    if way == "plain":  # each indicator knows the file it came from
        assert [i.path for i in load_indicators(folder)] == [str(folder / "under" / "b.yml"), str(folder / "a.yml")]


def test_a_path_that_does_not_exist(tmp_path: Path, way: str) -> None:
    with pytest.raises(SuengineError) as caught:
        load_indicators(tmp_path / "saknas")
    text = str(caught.value)
    if way == "plain":
        assert text == f"hittar inte indikatorer i '{tmp_path / 'saknas'}'"
    else:
        assert text.startswith("indikatordefinitionerna har fel (se `suengine check`):\n") and "saknas finns inte" in text


def test_an_indicator_with_an_error_stops_the_command(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    text = (folder / "a.yml").read_text(encoding="utf-8").replace("fält: måluppfyllelse", "fält: målupfyllelse")
    (folder / "a.yml").write_text(text, encoding="utf-8")
    with pytest.raises(SuengineError) as caught:
        load_indicators(folder)
    lines = str(caught.value).splitlines()
    assert lines[0] == "indikatordefinitionerna har fel (se `suengine check`):"
    assert len(lines) >= 2 and all("a.yml" in line for line in lines[1:]) and "målupfyllelse" in lines[1]


def test_a_warning_does_not_stop_the_command(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    (folder / "gammal.yaml").write_text("id: gammal\n", encoding="utf-8")  # warned about, not read
    assert [i.id for i in load_indicators(folder)] == ["ateraktualisering-24-man-efter-utredning", "maluppfyllelse"]


@pytest.mark.parametrize("content", ["id: [trasig", "- en lista\n", "id: bara-ett-id\n"])
def test_the_fallback_names_the_file_it_cannot_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: str) -> None:
    monkeypatch.delattr(suengine.definitions, "load_definitions")
    folder = _folder(tmp_path)
    (folder / "c.yml").write_text(content, encoding="utf-8")
    with pytest.raises(SuengineError) as caught:
        load_indicators(folder)
    text = str(caught.value)
    assert text.startswith(f"{folder / 'c.yml'}: kan inte läsa indikatorn (") and text.endswith("); kör `suengine check`")
    assert caught.value.__cause__ is not None


def test_every_error_of_every_file_on_a_line_of_its_own(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    for path in (folder / "a.yml", folder / "under" / "b.yml"):
        path.write_text(path.read_text(encoding="utf-8").replace("\nbas: ", "\nbas: x", 1), encoding="utf-8")
    with pytest.raises(SuengineError) as caught:
        load_indicators(folder)
    lines = str(caught.value).splitlines()
    assert len(lines) == 3 and all(line.startswith("FEL: ") for line in lines[1:])
    assert "a.yml" in lines[1] and "'xuppföljning'" in lines[1] and "b.yml" in lines[2] and "'xbarn'" in lines[2]
