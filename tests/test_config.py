"""suengine.yml: defaults, paths relative to the file, located errors, and flags before the file."""

from __future__ import annotations

import argparse
import textwrap
from pathlib import Path

import pytest

from suengine.commands.build import request_from
from suengine.project.config import load_config
from suengine.definitions.indicator_set import IndicatorSet
from suengine.errors import SuengineError
from suengine.resources import project_root


def _write(folder: Path, text: str) -> Path:
    path = folder / "suengine.yml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def _args(**given) -> argparse.Namespace:
    values = dict(leverans=None, konfig=None, ut=None, indikatorer=None, years=None, kommentarer=None, minsta_antal=None)
    values.update(given)
    return argparse.Namespace(**values)


def test_without_a_file_everything_has_a_default(tmp_path):
    config = load_config(cwd=tmp_path)
    assert config.file is None
    assert (config.out, config.deliveries, config.threshold) == (tmp_path.resolve() / "build", tmp_path.resolve() / "leveranser", 5)


def test_paths_are_relative_to_the_file_not_the_working_directory(tmp_path):
    project = tmp_path / "projekt"
    project.mkdir()
    path = _write(project, """\
        kommun: Exempelby kommun
        indikatorer: definitioner
        ut: ../publicerat
        minsta_antal: 4
        """)
    config = load_config(path, cwd=tmp_path)
    assert config.indicators == (project / "definitioner").resolve()
    assert config.out == (tmp_path / "publicerat").resolve()
    assert (config.threshold, config.municipality) == (4, "Exempelby kommun")


def test_unknown_key_is_named_with_its_line(tmp_path):
    path = _write(tmp_path, """\
        kommun: Exempelby kommun
        minsta_antall: 5
        """)
    with pytest.raises(SuengineError) as error:
        load_config(path)
    assert f"{path} rad 2: okänd nyckel 'minsta_antall'" in str(error.value)


def test_threshold_below_three_is_refused_with_its_line(tmp_path):
    path = _write(tmp_path, "kommun: X\nminsta_antal: 2\n")
    with pytest.raises(SuengineError) as error:
        load_config(path)
    assert f"{path} rad 2: 'minsta_antal' måste vara minst 3" in str(error.value)


def test_malformed_yaml_is_a_located_error_not_a_traceback(tmp_path):
    path = _write(tmp_path, "kommun: [oavslutad\n")
    with pytest.raises(SuengineError) as error:
        load_config(path)
    assert str(path) in str(error.value)


def test_flags_go_before_the_file_and_a_project_uses_the_catalogue(tmp_path):
    path = _write(tmp_path, "minsta_antal: 7\nut: ut\n")
    config = load_config(path)
    request = request_from(_args(minsta_antal=9), config)
    assert request.threshold == 9
    assert request.out == (tmp_path / "ut").resolve()
    assert isinstance(request.indicators, IndicatorSet) and request.indicators.catalogue == project_root() / "indicators"


def test_outside_a_project_nothing_falls_back_to_the_engines_indicators(tmp_path, monkeypatch):
    empty = tmp_path / "tom"
    empty.mkdir()
    monkeypatch.chdir(empty)
    with pytest.raises(SuengineError, match="(?s)inget SU-projekt.*suengine init"):
        request_from(_args(), load_config(cwd=empty))
    with pytest.raises(SuengineError, match="ingen mapp indicators/"):
        request_from(_args(leverans=tmp_path / "leverans"), load_config(cwd=empty))
    (empty / "indicators").mkdir()
    assert request_from(_args(leverans=tmp_path / "leverans"), load_config(cwd=empty)).indicators == Path("indicators")


def test_an_own_indicator_set_and_catalogue_choices_do_not_mix(tmp_path):
    path = _write(tmp_path, """\
        indikatorer: definitioner
        katalog:
          utelämna: [socialjour]
        """)
    with pytest.raises(SuengineError) as error:
        load_config(path)
    assert f"{path} rad 2: 'katalog' gäller motorns katalog och kan inte kombineras med 'indikatorer'" in str(error.value)
