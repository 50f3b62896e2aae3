"""What a semantic rule needs: the data model, the document's line map and a way to report."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from suengine.casedata.datamodel import DataModel, Entity, Field
from suengine.definitions.issues import ERROR, WARNING, Issue, suggest
from suengine.definitions.yamlload import YamlDocument

AGE = Field(name="ålder", type="heltal", description="Barnets ålder i hela år vid åldersdatum (härleds ur barn.födelsedatum).")
# Derived dates of every record: the first and last day of the period it is evaluated for.
PERIOD_FIELDS = {
    "periodens_start": Field(name="periodens_start", type="datum", description="Redovisningsperiodens första dag."),
    "periodens_slut": Field(name="periodens_slut", type="datum", description="Redovisningsperiodens sista dag."),
}
COMPARISONS = ("är", "en_av", "minst", "högst", "större_än", "mindre_än", "mellan")


@dataclass(frozen=True)
class Context:
    model: DataModel
    doc: YamlDocument
    indicator: str | None = None
    source: Path | None = None  # the file on disk
    root: Path | None = None  # the folder being checked, when a folder is checked

    def issue(self, path: Sequence[str | int], message: str, suggestion: str | None = None, level: str = ERROR) -> Issue:
        return Issue(level, message, self.doc.file, self.doc.line_of(path), self.indicator, suggestion)

    def warn(self, path: Sequence[str | int], message: str, suggestion: str | None = None) -> Issue:
        return self.issue(path, message, suggestion, WARNING)

    def raw(self, path: Sequence[str | int]) -> Any:
        node: Any = self.doc.data
        for part in path:
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                return None
        return node


@dataclass(frozen=True)
class Lookup:
    """Resolves field names as conditions see them on the records of one entity.

    `slut` is a field of the entity; `barn.kön` goes through the entity's relation `barn`;
    a bare name missing on a child-level entity is looked up on `barn`; `ålder` is derived, and
    so are `periodens_start` and `periodens_slut` (on every entity).
    """

    model: DataModel
    entity: Entity

    def resolve(self, name: str) -> Field | None:
        if "." in name:
            relation_name, field_name = name.split(".", 1)
            relation = self.entity.relations.get(relation_name)
            target = self.model.entities.get(relation.entity) if relation else None
            return target.fields.get(field_name) if target else None
        if name in self.entity.fields:
            return self.entity.fields[name]
        if name in PERIOD_FIELDS:
            return PERIOD_FIELDS[name]
        if self.entity.child_level and name == "ålder":
            return AGE
        barn = self.model.entities.get("barn")
        if self.entity.child_level and barn is not None:
            return barn.fields.get(name)
        return None

    def names(self) -> list[str]:
        """Every name `resolve` accepts, for "menade du …?" suggestions."""
        found = list(self.entity.fields) + list(PERIOD_FIELDS)
        barn = self.model.entities.get("barn")
        if self.entity.child_level:
            found.append("ålder")
            if barn is not None:
                found += [f for f in barn.fields if f not in found]
        for relation in self.entity.relations.values():
            target = self.model.entities.get(relation.entity)
            if target is not None:
                found += [f"{relation.name}.{f}" for f in target.fields]
        return found

    def unknown(self, name: str) -> tuple[str, str | None]:
        """A message and a suggestion for a name that does not resolve."""
        entity = self.entity.name
        if "." in name:
            relation_name, field_name = name.split(".", 1)
            relation = self.entity.relations.get(relation_name)
            if relation is None:
                names = ", ".join(self.entity.relations) or "inga"
                return (
                    f"{entity} har ingen relation '{relation_name}' (relationer: {names})",
                    suggest(name, self.names()),
                )
            target = self.model.entities[relation.entity]
            return f"okänt fält '{field_name}' på {target.name} (via {name})", suggest(field_name, target.fields)
        return f"okänt fält '{name}' på {entity}", suggest(name, self.names())


def lookup(ctx: Context, entity_name: str) -> Lookup | None:
    entity = ctx.model.entities.get(entity_name)
    return Lookup(ctx.model, entity) if entity is not None else None
