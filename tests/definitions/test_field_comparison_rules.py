"""`check` on field-to-field comparisons, sums and relation paths: types must match, paths must be clear."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from suengine.casedata.datamodel import Relation, load_datamodel
from suengine.definitions import LoadResult
from suengine.definitions.context import Lookup

from .yaml_fixtures import BASE, changed, line_of

NUMERATOR = "    villkor:\n      tid_mellan: {från: start, till: slut, högst: {månader: 4}}\n"


def _errors(text: str, write: Callable[..., Path], check: Callable[[Path], LoadResult]) -> list[tuple[str, int | None]]:
    result = check(write("testindikator.yml", text))
    return [(i.message, i.line) for i in result.issues if i.is_error]


VALID = [
    "{fält: start, högst: {fält: slut}}",
    "{fält: start, inte_är: {fält: slut}}",
    "{fält: huvudorsak, är: {fält: aktualisering.huvudorsak}}",
    "{fält: huvudorsak, är: {fält: utredning.aktualisering.huvudorsak}}",
    "{fält: huvudorsak, inte_är: bevittnat_våld}",
    "{fält: kön, är: {fält: barn.kön}}",
    "{inte: {fält: start, större_än: {fält: aktualisering.datum}}}",
]


@pytest.mark.parametrize("condition", VALID)
def test_valid_field_comparisons(condition: str, write: Callable[..., Path], check: Callable[[Path], LoadResult]) -> None:
    assert _errors(changed(BASE, NUMERATOR, f"    villkor: {condition}\n"), write, check) == []


INVALID = [
    ("olika typer", "{fält: start, högst: {fält: huvudorsak}}", "'start' (datum) och 'huvudorsak' (kod) har olika typer"),
    ("olika värdemängder", "{fält: huvudorsak, är: {fält: enhet}}", "har olika värdemängder (huvudorsak, enhet)"),
    ("ordning på koder", "{fält: huvudorsak, minst: {fält: aktualisering.huvudorsak}}", "operatorn 'minst' passar bara tal och datum"),
    ("summa av datum", "{summa: [start, slut], högst: {fält: slut}}", "fältet 'start' är av typen datum, men här krävs heltal eller decimal"),
    ("summa mot fast värde", "{summa: [start], högst: 3}", "villkor.högst ska vara en mappning"),
    ("okänt fält via två relationer", "{fält: huvudorsak, är: {fält: aktualisering.barn.orsak}}", "okänt fält 'orsak' på barn"),
    ("okänd relation i sökvägen", "{fält: start, är: {fält: aktualisering.insats.start}}", "aktualisering har ingen relation 'insats'"),
    ("en_av med fält", "{fält: huvudorsak, en_av: [{fält: enhet}]}", "en_av"),
    ("fel kod i inte_är", "{fält: huvudorsak, inte_är: bevitnat_våld}", "'bevitnat_våld' finns inte i värdemängden huvudorsak"),
]


@pytest.mark.parametrize("name,condition,message", INVALID, ids=[c[0] for c in INVALID])
def test_invalid_field_comparisons(
    name: str, condition: str, message: str, write: Callable[..., Path], check: Callable[[Path], LoadResult]
) -> None:
    text = changed(BASE, NUMERATOR, f"    villkor: {condition}\n")
    errors = _errors(text, write, check)
    assert errors, name
    assert any(message in m for m, _ in errors), errors
    # Located: the error points at the condition's line in the file.
    assert all(line == line_of(text, "villkor:", 2) for _, line in errors), errors


def test_cyclic_and_ambiguous_paths_are_refused() -> None:
    model = load_datamodel()
    aktualisering = model.entities["aktualisering"]
    # A model where aktualisering points back at the utredning it led to: utredning → aktualisering → utredning.
    looped = replace(aktualisering, relations={**aktualisering.relations, "utredning": Relation("utredning", "aktualisering_id", "utredning")})
    model = replace(model, entities={**model.entities, "aktualisering": looped})
    look = Lookup(model, model.entities["utredning"])
    assert look.resolve("aktualisering.utredning.slut") is None
    message, _ = look.unknown("aktualisering.utredning.slut")
    assert "går i cirkel (utredning → aktualisering → utredning)" in message
    # The own entity's name is a harmless prefix ...
    assert look.resolve("utredning.aktualisering.datum") is aktualisering.fields["datum"]
    # ... unless a relation has the same name.
    barn = model.entities["barn"]
    odd = replace(barn, relations={"barn": Relation("barn", "barn_id", "barn")})
    model = replace(model, entities={**model.entities, "barn": odd})
    message, _ = Lookup(model, odd).unknown("barn.kön")
    assert "tvetydig" in message
