"""The data model is checked like an indicator: schema first, then its meaning."""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from suengine.definitions import load_checked_datamodel, load_definitions
from suengine.resources import project_root

from .yaml_fixtures import BASE, changed, line_of

MODEL = textwrap.dedent(
    """\
    version: 1
    värdemängder:
      kön:
        beskrivning: Kön.
        värden: {flicka: Flicka, pojke: Pojke}
    entiteter:
      barn:
        beskrivning: Barn.
        barnnivå: true
        nyckel: barn_id
        fält:
          barn_id: {typ: id, obligatorisk: true, beskrivning: Id.}
          kön: {typ: kod, värdemängd: kön, beskrivning: Kön.}
      utredning:
        beskrivning: Utredning.
        barnnivå: true
        nyckel: utredning_id
        fält:
          utredning_id: {typ: id, beskrivning: Id.}
          barn_id: {typ: id, beskrivning: Barn.}
          start: {typ: datum, beskrivning: Start.}
          prio: {typ: heltal, min: 1, max: 3, beskrivning: Prio.}
        relationer:
          barn: {fält: barn_id, entitet: barn}
    """
)

VARIANTS = [
    ("värdemängd: kön,", "värdemängd: könn,", "okänd värdemängd 'könn'", "värdemängd: könn", "kön"),
    ("{fält: barn_id, entitet: barn}", "{fält: barn_id, entitet: barnen}", "relationen pekar på okänd entitet 'barnen'", "entitet: barnen", "barn"),
    ("{fält: barn_id, entitet: barn}", "{fält: barnid, entitet: barn}", "relationens fält 'barnid' finns inte på utredning", "fält: barnid", "barn_id"),
    ("nyckel: utredning_id", "nyckel: utredningid", "nyckelfältet 'utredningid' finns inte på utredning", "nyckel: utredningid", "utredning_id"),
    ("min: 1, max: 3", "min: 3, max: 1", "min (3) är större än max (1)", "prio:", None),
    ("{typ: kod, värdemängd: kön, beskrivning: Kön.}", "{typ: kod, beskrivning: Kön.}", "ett kodfält behöver en värdemängd", "kön: {typ: kod", None),
    ("start: {typ: datum,", "start: {typ: datum, värdemängd: kön,", "värdemängd används bara för fält av typ kod", "start:", None),
    ("prio: {typ: heltal, min: 1, max: 3,", "prio: {typ: text, min: 1,", "min används bara för fält av typ heltal eller decimal", "prio:", None),
    ("    beskrivning: Utredning.", "    beskrivnng: Utredning.", "okänd nyckel 'beskrivnng' i entiteter.utredning", "beskrivnng", "beskrivning"),
    ("start: {typ: datum,", "start: {typ: datm,", "'datm' är inget tillåtet värde för entiteter.utredning.fält.start.typ", "start:", "datum"),
    ("    relationer:\n      barn: {fält: barn_id, entitet: barn}\n", "", "utredning är på barnnivå men saknar en relation till barn", "  utredning:", None),
    ("    barnnivå: true\n    nyckel: barn_id", "    barnnivå: false\n    nyckel: barn_id", "datamodellen behöver entiteten barn med barnnivå: true", "entiteter:", None),
]


def test_small_model_is_clean(tmp_path: Path) -> None:
    path = tmp_path / "datamodel.yml"
    path.write_text(MODEL, encoding="utf-8")
    checked = load_checked_datamodel(path)
    assert checked.issues == [] and checked.model is not None
    assert list(checked.model.entities) == ["barn", "utredning"]


@pytest.mark.parametrize("old,new,message,needle,suggestion", VARIANTS, ids=[v[2][:40] for v in VARIANTS])
def test_broken_model(old: str, new: str, message: str, needle: str, suggestion: str | None, tmp_path: Path) -> None:
    text = changed(MODEL, old, new)
    path = tmp_path / "datamodel.yml"
    path.write_text(text, encoding="utf-8")
    checked = load_checked_datamodel(path)
    assert checked.model is None
    assert len(checked.issues) == 1, "\n".join(map(str, checked.issues))
    issue = checked.issues[0]
    assert message in issue.message
    assert issue.line == line_of(text, needle)
    assert issue.file.endswith("datamodel.yml") and issue.indicator is None
    if suggestion:
        assert issue.suggestion == suggestion


def test_broken_model_is_reported_and_indicators_still_get_shape_checks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, write: Callable[..., Path]
) -> None:
    home = tmp_path / "projekt"
    shutil.copytree(project_root() / "schemas", home / "schemas")
    (home / "datamodel").mkdir()
    (home / "datamodel" / "datamodel.yml").write_text(changed(MODEL, "värdemängd: kön,", "värdemängd: könn,"), encoding="utf-8")
    monkeypatch.setenv("SUENGINE_HOME", str(home))
    write("ind/testindikator.yml", changed(BASE, "perioddatum: slut\n", "perioddatum: slut\nokänd: 1\n"))
    result = load_definitions(tmp_path / "ind")
    assert sorted(i.message for i in result.issues) == ["okänd nyckel 'okänd'", "okänd värdemängd 'könn'"]
