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
COMPARISONS = ("är", "inte_är", "en_av", "minst", "högst", "större_än", "mindre_än", "mellan")


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

    `slut` is a field of the entity; `barn.kön` goes through the entity's relation `barn`, and
    a longer path (`utredning.aktualisering.huvudorsak`) through one relation per step; the path
    may open with the entity's own name (`insats.utredning.…`). A bare name missing on a
    child-level entity is looked up on `barn`; `ålder` is derived, and so are `periodens_start`
    and `periodens_slut` (on every entity).
    """

    model: DataModel
    entity: Entity

    def walk(self, name: str) -> tuple[Entity | None, str, str | None]:
        """Follow the relations of a dotted path: (entity reached, last part, problem or None)."""
        parts = name.split(".")
        if len(parts) > 1 and parts[0] == self.entity.name:
            if parts[0] in self.entity.relations:
                return None, parts[-1], (
                    f"sökvägen '{name}' är tvetydig: '{parts[0]}' är både entiteten själv och en relation på {self.entity.name}"
                )
            parts = parts[1:]
        entity, seen = self.entity, [self.entity.name]
        for step in parts[:-1]:
            relation = entity.relations.get(step)
            if relation is None:
                names = ", ".join(entity.relations) or "inga"
                return None, parts[-1], f"{entity.name} har ingen relation '{step}' (relationer: {names}) i sökvägen '{name}'"
            if step in entity.fields and step != relation.field:
                return None, parts[-1], f"sökvägen '{name}' är tvetydig: '{step}' är både ett fält och en relation på {entity.name}"
            target = self.model.entities.get(relation.entity)
            if target is None:
                return None, parts[-1], f"relationen '{step}' på {entity.name} pekar på en okänd entitet '{relation.entity}'"
            if target.name in seen:
                chain = " → ".join([*seen, target.name])
                return None, parts[-1], f"sökvägen '{name}' går i cirkel ({chain}); ange en väg som inte återvänder"
            if len(target.key) != 1:
                return None, parts[-1], f"{target.name} har sammansatt nyckel och kan inte nås via relationen '{step}'"
            entity = target
            seen.append(target.name)
        return entity, parts[-1], None

    def resolve(self, name: str) -> Field | None:
        if "." in name:
            target, field_name, problem = self.walk(name)
            if problem is not None or target is None:
                return None
            if target is not self.entity:
                return target.fields.get(field_name)
            name = field_name
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
        """Every name `resolve` accepts in one step, for "menade du …?" suggestions."""
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
            target, field_name, problem = self.walk(name)
            if problem is not None:
                return problem, suggest(name, self.names())
            assert target is not None
            return f"okänt fält '{field_name}' på {target.name} (via {name})", suggest(field_name, target.fields)
        return f"okänt fält '{name}' på {entity}", suggest(name, self.names())


def lookup(ctx: Context, entity_name: str) -> Lookup | None:
    entity = ctx.model.entities.get(entity_name)
    return Lookup(ctx.model, entity) if entity is not None else None
