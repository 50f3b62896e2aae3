"""Field paths (`suengine.engine.fields`): relations followed one step at a time, the child's own
fields, age, the period's days — each resolved to the right column, and each lookup a LEFT JOIN that
never loses or duplicates a record. Through the engine where the result is a count.
"""

from __future__ import annotations

import dataclasses

import pytest

from engine.helpers import children, data, indicator, row, run
from suengine.casedata.datamodel import Relation, load_datamodel
from suengine.definitions.context import Lookup
from suengine.engine import expr as e
from suengine.engine.fields import PERIOD_ALIAS, PERIOD_END, PERIOD_START, FieldError, FieldResolver

INSATS = """
bas: insats
perioddatum: slut
populationer:
  urval: {beskrivning: u}
  täljare: {beskrivning: t, villkor: %s}
beräkning: {typ: andel}
"""


def _records() -> dict:
    """Four insatser: i1 → u1 → a1 (bevittnat_våld), i2 → u2 → a2 (missbruk), i3 → u3 without an
    aktualisering, i4 without an utredning. The insatser's own huvudorsak is the other way round."""
    insats = [
        {"insats_id": f"i{n}", "barn_id": child, "insatstyp": "öppenvård_intern", "insatskategori": "öppenvård",
         "start": "2024-01-01", "slut": "2024-06-01", "utredning_id": link, "huvudorsak": own}
        for n, child, link, own in ((1, "b1", "u1", "missbruk_förälder"), (2, "b2", "u2", "bevittnat_våld"),
                                    (3, "b2", "u3", "bevittnat_våld"), (4, "b1", None, "bevittnat_våld"))
    ]
    utredning = [
        {"utredning_id": "u1", "barn_id": "b1", "aktualisering_id": "a1", "start": "2023-10-01", "slut": "2023-12-01", "huvudorsak": "fysiskt_våld"},
        {"utredning_id": "u2", "barn_id": "b2", "aktualisering_id": "a2", "start": "2023-10-01", "slut": "2023-12-01", "huvudorsak": "fysiskt_våld"},
        {"utredning_id": "u3", "barn_id": "b2", "start": "2023-10-01", "slut": "2023-12-01", "huvudorsak": "missbruk_förälder"},
    ]
    aktualisering = [
        {"aktualisering_id": "a1", "barn_id": "b1", "datum": "2023-09-01", "huvudorsak": "bevittnat_våld"},
        {"aktualisering_id": "a2", "barn_id": "b2", "datum": "2023-09-01", "huvudorsak": "missbruk_förälder"},
    ]
    return {"barn": children(("b1", "flicka", "2010-06-02"), ("b2", "pojke", "2016-06-01")),
            "insats": insats, "utredning": utredning, "aktualisering": aktualisering}


def _counts(condition: str) -> tuple[int, int, int]:
    total = row(run(indicator(INSATS % condition), data(_records())).table)
    return total["täljare"], total["nämnare"], total["bortfall_täljare"]


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        # the insats's own field
        ("{fält: huvudorsak, är: bevittnat_våld}", (3, 4, 0)),
        # one step: the utredning's field (i4 has none: unknown)
        ("{fält: utredning.huvudorsak, är: fysiskt_våld}", (2, 3, 1)),
        # two steps: the aktualisering behind the utredning (i3 and i4 have none)
        ("{fält: utredning.aktualisering.huvudorsak, är: bevittnat_våld}", (1, 2, 2)),
        # a path may open with the entity's own name
        ("{fält: insats.utredning.aktualisering.huvudorsak, är: bevittnat_våld}", (1, 2, 2)),
        ("{fält: insats.huvudorsak, är: bevittnat_våld}", (3, 4, 0)),
        # a field the insats lacks comes from the child; so does an explicit barn.
        ("{fält: kön, är: flicka}", (2, 4, 0)),
        ("{fält: barn.kön, är: pojke}", (2, 4, 0)),
        # ålder at the age date (slut 1 June 2024): b1 turned 14 on 2 June, b2 8 on 1 June
        ("{fält: ålder, är: 13}", (2, 4, 0)),
        ("{fält: ålder, är: 8}", (2, 4, 0)),
        ("{fält: barn.ålder, minst: 8}", (4, 4, 0)),
        # the entity's own name before ålder is still the record's child's age (the definitions accept it)
        ("{fält: insats.ålder, är: 13}", (2, 4, 0)),
        # periodens_start / periodens_slut: the period's own first and last day
        ("{fält: start, är: {fält: periodens_start}}", (4, 4, 0)),
        ("{fält: slut, mindre_än: {fält: periodens_slut}}", (4, 4, 0)),
        ("{fält: slut, är: {fält: periodens_slut}}", (0, 4, 0)),
    ],
)
def test_paths_through_the_engine(condition: str, expected: tuple[int, int, int]) -> None:
    assert _counts(condition) == expected


def test_age_at_an_explicit_age_date() -> None:
    ind = indicator(INSATS % "{fält: ålder, mindre_än: 10}", åldersdatum="slut")
    total = row(run(ind, data(_records())).table)
    assert (total["täljare"], total["nämnare"]) == (2, 4)


def test_one_join_per_relation_path() -> None:
    model = load_datamodel()
    r = FieldResolver(model, "insats", "t", age_date="slut")
    a, _ = r.resolve("utredning.huvudorsak")
    b, _ = r.resolve("utredning.start")
    c, field = r.resolve("utredning.aktualisering.huvudorsak")
    assert a == e.Column("t.utredning", "huvudorsak") and b == e.Column("t.utredning", "start")
    assert c == e.Column("t.utredning.aktualisering", "huvudorsak") and field.value_set == "huvudorsak"
    r.resolve("kön")
    r.resolve("barn.födelsedatum")  # the explicit path is its own join (alias t.barn, as the implicit one)
    assert r.source == e.Source("insats", "t", (
        e.Join("utredning", "t.utredning", "t", "utredning_id", "utredning_id"),
        e.Join("aktualisering", "t.utredning.aktualisering", "t.utredning", "aktualisering_id", "aktualisering_id"),
        e.Join("barn", "t.barn", "t", "barn_id", "barn_id"),
    ))
    age, age_field = r.resolve("ålder")
    assert age == e.AgeYears(e.Column("t.barn", "födelsedatum"), e.Column("t", "slut")) and age_field.type == "heltal"
    assert r.resolve("utredning.ålder")[0] == age  # ålder is always the record's child's, at the age date
    assert r.resolve("insats.ålder")[0] == age
    assert r.resolve("periodens_start")[0] == e.Column(PERIOD_ALIAS, PERIOD_START)
    assert r.resolve("periodens_slut")[0] == e.Column(PERIOD_ALIAS, PERIOD_END)
    assert r.resolve("periodens_slut")[1].type == "datum"
    assert r.child_id() == e.Column("t", "barn_id")
    derived = r.attach("_par", "_par", e.Column("t", "insats_id"), "insats_id")
    assert derived == "t._par" and r.source.joins[-1] == e.Join("_par", "t._par", "t", "insats_id", "insats_id")
    # a derived table joined on a looked-up column joins to that column's table; an unqualified one to the record
    r.attach("_u", "_u", e.Column("t.utredning", "utredning_id"), "utredning_id")
    assert r.source.joins[-1] == e.Join("_u", "t._u", "t.utredning", "utredning_id", "utredning_id")
    r.attach("_c", "_c", e.Column(None, "insats_id"), "insats_id")
    assert r.source.joins[-1] == e.Join("_c", "t._c", "t", "insats_id", "insats_id")


@pytest.mark.parametrize("entity", ["barn", "aktualisering", "utredning", "insats", "uppföljning"])
def test_the_engine_resolves_age_wherever_the_definitions_accept_it(entity: str) -> None:
    """`ålder` and `<entitet>.ålder` pass the definitions check on every child-level entity, so the engine
    must resolve both (it refused `insats.ålder` before)."""
    model = load_datamodel()
    resolver = FieldResolver(model, entity, "t", age_date="periodens_slut")
    for path in ("ålder", f"{entity}.ålder"):
        assert Lookup(model, model.entities[entity]).resolve(path) is not None
        age, field = resolver.resolve(path)
        assert isinstance(age, e.AgeYears) and age.at == e.Column(PERIOD_ALIAS, PERIOD_END) and field.type == "heltal"


def test_the_child_entity_reads_its_own_fields() -> None:
    model = load_datamodel()
    r = FieldResolver(model, "barn", "t", age_date="födelsedatum")
    assert r.resolve("kön")[0] == e.Column("t", "kön") and r.source.joins == ()
    assert r.resolve("ålder")[0] == e.AgeYears(e.Column("t", "födelsedatum"), e.Column("t", "födelsedatum"))
    with pytest.raises(FieldError, match="fältet 'huvudorsak' finns inte på 'barn' eller på barnet"):
        r.resolve("huvudorsak")


@pytest.mark.parametrize(
    ("entity", "path", "message"),
    [
        ("insats", "aktualisering.huvudorsak", "entiteten 'insats' har ingen relation 'aktualisering' (i fältet 'aktualisering.huvudorsak')"),
        ("insats", "utredning.insats.slut", "entiteten 'utredning' har ingen relation 'insats'"),
        ("utredning", "aktualisering.barn.barn.kön", "entiteten 'barn' har ingen relation 'barn'"),
        ("insats", "finns_inte", "fältet 'finns_inte' finns inte på 'insats' eller på barnet"),
        ("insats", "utredning.finns_inte", "fältet 'utredning.finns_inte' finns inte på 'insats'"),
        ("personal", "kön", "fältet 'kön' finns inte på 'personal' eller på barnet"),  # not child-level
        ("insats", "ålder", "ålder kan inte räknas på 'insats' utan åldersdatum"),
        ("insats", "insats", "fältet 'insats' finns inte på 'insats' eller på barnet"),  # the entity's name alone
    ],
)
def test_unknown_paths_are_refused(entity: str, path: str, message: str) -> None:
    with pytest.raises(FieldError, match=message.replace("(", r"\(").replace(")", r"\)")):
        FieldResolver(load_datamodel(), entity, "t").resolve(path)


def test_a_path_that_returns_to_an_entity_is_refused() -> None:
    model = load_datamodel()
    # give aktualisering a relation back to utredning: utredning → aktualisering → utredning
    akt = model.entities["aktualisering"]
    back = dataclasses.replace(akt, relations={**akt.relations, "utredning": Relation("utredning", "aktualisering_id", "utredning")})
    circular = dataclasses.replace(model, entities={**model.entities, "aktualisering": back})
    with pytest.raises(FieldError, match="sökvägen 'aktualisering.utredning.start' går i cirkel via 'utredning'"):
        FieldResolver(circular, "utredning", "t").resolve("aktualisering.utredning.start")
    # also a circle that does not pass the record's own entity: insats → utredning → aktualisering → utredning
    with pytest.raises(FieldError, match="sökvägen 'utredning.aktualisering.utredning.start' går i cirkel via 'utredning'"):
        FieldResolver(circular, "insats", "t").resolve("utredning.aktualisering.utredning.start")
    # a relation to an entity with a composite key cannot be looked up
    composite = dataclasses.replace(akt, relations={**akt.relations, "befolkning": Relation("befolkning", "prio", "befolkning")})
    model2 = dataclasses.replace(model, entities={**model.entities, "aktualisering": composite})
    with pytest.raises(FieldError, match="entiteten 'befolkning' har sammansatt nyckel"):
        FieldResolver(model2, "aktualisering", "t").resolve("befolkning.antal")


def test_unknown_entity_and_missing_child_id() -> None:
    model = load_datamodel()
    with pytest.raises(FieldError, match="okänd entitet 'finns_inte' i datamodellen"):
        FieldResolver(model, "finns_inte", "t")
    with pytest.raises(FieldError, match="'personal' har inget barn_id"):
        FieldResolver(model, "personal", "t").child_id()


def test_only_child_level_entities_read_the_childs_fields() -> None:
    """A bare name missing on the entity is taken from `barn` only on child-level entities, even if an
    entity on another level happens to have a barn_id column."""
    model = load_datamodel()
    personal = model.entities["personal"]
    with_id = dataclasses.replace(personal, fields={**personal.fields, "barn_id": model.entities["insats"].fields["barn_id"]})
    changed = dataclasses.replace(model, entities={**model.entities, "personal": with_id})
    resolver = FieldResolver(changed, "personal", "t")
    assert resolver.child_id() == e.Column("t", "barn_id")
    with pytest.raises(FieldError, match="fältet 'kön' finns inte på 'personal' eller på barnet"):
        resolver.resolve("kön")
