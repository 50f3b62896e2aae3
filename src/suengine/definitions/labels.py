"""Words for readers instead of field names and codes: `aktualisering.datum` → "dagen då aktualiseringen kom in".

A date field is named by its description in the data model ("Datum då utredningen inleddes." →
"dagen då utredningen inleddes"); another field by its name in words, with the related record's
owner in front when the condition follows a relation (`barn.kön` → "barnets kön"). A code becomes
its label in the value set, in lower case ("anmälan" → "anmälan", `ej_aktuellt` → "ej aktuellt").
Texts meant for readers (katalog, explain) use these; the method chapter keeps precise terms.
"""

from __future__ import annotations

from typing import Any

from suengine.casedata.datamodel import DataModel, Entity, Field

# The definite genitive of each entity ("aktualiseringens datum"); other names get "för <namn>".
GENITIVE = {
    "barn": "barnets",
    "aktualisering": "aktualiseringens",
    "utredning": "utredningens",
    "insats": "insatsens",
    "uppföljning": "uppföljningens",
    "brukarsvar": "brukarsvarets",
    "befolkning": "befolkningens",
    "personal": "personalens",
    "enkätsvar": "enkätsvarets",
}
# The definite singular ("utredningen"), used when describing a child's records.
DEFINITE_PLURAL = {
    "aktualisering": "aktualiseringar",
    "utredning": "utredningar",
    "insats": "insatser",
    "uppföljning": "uppföljningar",
    "brukarsvar": "svar i brukarundersökningen",
}


def words(name: str) -> str:
    return name.replace("_", " ")


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[1:2].islower() or len(text) == 1 else text


class Labels:
    """Labels for the fields and codes of one indicator's records."""

    def __init__(self, model: DataModel | None, records: str) -> None:
        self.model = model
        self.records = records

    def _resolve(self, path: str) -> tuple[Entity | None, Field | None, str | None]:
        if self.model is None:
            return None, None, None
        entity = self.model.entities.get(self.records)
        via = None
        parts = path.split(".")
        for step in parts[:-1]:
            if entity is None:
                return None, None, None
            relation = entity.relations.get(step)
            entity = self.model.entities.get(relation.entity if relation else step)
            via = step
        if entity is None:
            return None, None, via
        return entity, entity.fields.get(parts[-1]), via

    def field(self, path: str) -> str:
        entity, f, via = self._resolve(path)
        name = words(path.split(".")[-1])
        if f is not None and f.type == "datum" and f.description:
            first = f.description.split(";")[0].split(". ")[0].rstrip(".").strip()
            if first.startswith("Datum då "):
                return "dagen då " + first[len("Datum då "):]
            if len(first) <= 50:
                return _lower_first(first)
        if via is not None and entity is not None:
            return f"{GENITIVE.get(entity.name, f'för {entity.name}')} {name}"
        return name

    def value(self, path: str, value: Any) -> str:
        if value is True:
            return "ja"
        if value is False:
            return "nej"
        _, f, _ = self._resolve(path)
        if f is not None and self.model is not None and f.value_set:
            label = (self.model.values_of(f) or {}).get(str(value))
            if label:
                return _lower_first(label)
        return words(str(value))


def any_record_sentence(basis: str, records: str, has_numerator: bool) -> str:
    """The rule for counting children among records, in one sentence for readers."""
    plural = DEFINITE_PLURAL.get(records, words(records))
    child = "Ett barn" if basis == "barn" else f"En {words(basis)}"
    own = "barnets" if basis == "barn" else f"{GENITIVE.get(basis, basis)}"
    text = f"{child} räknas en gång per period, även om det finns flera {plural}: i nämnaren om minst en av {own} {plural} hör dit"
    if has_numerator:
        text += ", och i täljaren om minst en av dem också uppfyller täljarens villkor"
    return text + "."
