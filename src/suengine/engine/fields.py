"""Resolve the field names written in indicators to columns of concrete tables.

The rules are those of docs/indikatorformat.md: a field is looked up on the `poster`
entity; a dotted name (`utredning.huvudorsak`, `barn.kön`, `utredning.aktualisering.huvudorsak`)
follows the entity's declared relations, one per step (a path never returns to an entity it
has passed; it may open with the entity's own name); an undotted name missing on a child-level entity is taken from `barn`;
`ålder` is the child's age in whole years at the indicator's age date; and `periodens_start`
and `periodens_slut` are the first and last day of the reporting period the record is
evaluated for (columns of the period table, see `suengine.engine.query`). Every relation
used becomes one LEFT JOIN on the related entity's key, so a record is never duplicated
and never lost by a lookup.
"""

from __future__ import annotations

from suengine.casedata.datamodel import DataModel, Entity, Field
from suengine.engine import expr as e
from suengine.errors import SuengineError

AGE_FIELD = "ålder"
CHILD_ENTITY = "barn"
CHILD_KEY = "barn_id"
_AGE = Field(name=AGE_FIELD, type="heltal", description="Barnets ålder i hela år.")
PERIOD_ALIAS = "_p"  # the period table joined to the records when a plan needs it
PERIOD_CODE, PERIOD_START, PERIOD_END = "_kod", "_start", "_slut"
PERIOD_FIELDS = {
    "periodens_start": Field(name="periodens_start", type="datum", description="Redovisningsperiodens första dag."),
    "periodens_slut": Field(name="periodens_slut", type="datum", description="Redovisningsperiodens sista dag."),
}
_PERIOD_COLUMNS = {"periodens_start": PERIOD_START, "periodens_slut": PERIOD_END}


class FieldError(SuengineError):
    """A field that the data model does not have (the definitions check should have caught it)."""


class FieldResolver:
    """Resolves field paths on one entity (table alias) and collects the joins they need."""

    def __init__(self, model: DataModel, entity: str, alias: str, age_date: str | None = None) -> None:
        if entity not in model.entities:
            raise FieldError(f"okänd entitet '{entity}' i datamodellen")
        self.model = model
        self.entity: Entity = model.entities[entity]
        self.alias = alias
        self.age_date = age_date
        self._joins: dict[tuple[str, ...], e.Join] = {}

    @property
    def source(self) -> e.Source:
        return e.Source(self.entity.name, self.alias, tuple(self._joins.values()))

    def _join(self, path: tuple[str, ...], left_alias: str, left_column: str, target: Entity) -> str:
        if path not in self._joins:
            if len(target.key) != 1:
                raise FieldError(f"entiteten '{target.name}' har sammansatt nyckel och kan inte slås upp via relation")
            alias = f"{self.alias}.{'.'.join(path)}"
            self._joins[path] = e.Join(target.name, alias, left_alias, left_column, target.key[0])
        return self._joins[path].alias

    def attach(self, name: str, table: str, left: e.Column, right_column: str) -> str:
        """Left-join a derived table (e.g. a CTE) on a resolved column; returns its alias."""
        alias = f"{self.alias}.{name}"
        self._joins[(name,)] = e.Join(table, alias, left.alias or self.alias, left.name, right_column)
        return alias

    def resolve(self, path: str) -> tuple[e.Expr, Field]:
        """The expression for a field path and its data-model field (for the literal's type)."""
        if path == AGE_FIELD:
            return self._age()
        if path in PERIOD_FIELDS:
            return e.Column(PERIOD_ALIAS, _PERIOD_COLUMNS[path]), PERIOD_FIELDS[path]
        parts = path.split(".")
        if len(parts) > 1 and parts[0] == self.entity.name and parts[0] not in self.entity.relations:
            parts = parts[1:]  # `insats.utredning.…` on insats records: the record itself
        entity, alias, walked = self.entity, self.alias, ()
        seen = {self.entity.name}
        for relation_name in parts[:-1]:
            relation = entity.relations.get(relation_name)
            if relation is None:
                raise FieldError(f"entiteten '{entity.name}' har ingen relation '{relation_name}' (i fältet '{path}')")
            target = self.model.entities[relation.entity]
            if target.name in seen:
                raise FieldError(f"sökvägen '{path}' går i cirkel via '{target.name}'")
            seen.add(target.name)
            walked = (*walked, relation_name)
            alias = self._join(walked, alias, relation.field, target)
            entity = target
        name = parts[-1]
        if name == AGE_FIELD:  # `barn.ålder`, `utredning.ålder`, `insats.ålder`: the record's child's age
            return self._age()
        if name in entity.fields:
            return e.Column(alias, name), entity.fields[name]
        if len(parts) == 1 and self._has_child(entity) and name in self.model.entities[CHILD_ENTITY].fields:
            child = self.model.entities[CHILD_ENTITY]
            child_alias = self._join((CHILD_ENTITY,), alias, CHILD_KEY, child)
            return e.Column(child_alias, name), child.fields[name]
        raise FieldError(f"fältet '{path}' finns inte på '{self.entity.name}' eller på barnet")

    def _has_child(self, entity: Entity) -> bool:
        return entity.name != CHILD_ENTITY and entity.child_level and CHILD_KEY in entity.fields

    def _age(self) -> tuple[e.Expr, Field]:
        if self.age_date is None:
            raise FieldError(f"ålder kan inte räknas på '{self.entity.name}' utan åldersdatum")
        birth, _ = self.resolve("födelsedatum")
        at, _ = self.resolve(self.age_date)
        return e.AgeYears(birth, at), _AGE

    def child_id(self) -> e.Expr:
        """The record's pseudonymous child id (for `relaterad` and counting children)."""
        if CHILD_KEY not in self.entity.fields:
            raise FieldError(f"'{self.entity.name}' har inget barn_id; kan inte räkna barn eller söka relaterade poster")
        return e.Column(self.alias, CHILD_KEY)
