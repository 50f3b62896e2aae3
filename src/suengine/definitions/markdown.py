"""The data model as a Markdown page (docs/datamodell.md), generated so it never drifts."""

from __future__ import annotations

from suengine.casedata.datamodel import DataModel, Entity, Field

_TYPE_TEXT = {
    "id": "id",
    "kod": "kod",
    "datum": "datum",
    "heltal": "heltal",
    "decimal": "decimaltal",
    "boolesk": "ja/nej",
    "text": "text",
}


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _number(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def _notes(f: Field) -> str:
    notes = []
    if f.value_set:
        notes.append(f"värdemängd `{f.value_set}`")
    if f.minimum is not None or f.maximum is not None:
        low = _number(f.minimum) if f.minimum is not None else ""
        high = _number(f.maximum) if f.maximum is not None else ""
        notes.append(f"{low}–{high}")
    if f.missing_codes:
        notes.append("bortfallskod " + ", ".join(_number(c) for c in f.missing_codes))
    return "; ".join(notes)


def _entity(model: DataModel, entity: Entity) -> list[str]:
    key = ", ".join(f"`{k}`" for k in entity.key)
    lines = [
        f"### {entity.name}",
        "",
        _cell(entity.description),
        "",
        f"Nyckel: {key}. På barnnivå: {'ja' if entity.child_level else 'nej'}.",
        "",
        "| fält | typ | obligatorisk | värden | beskrivning |",
        "|---|---|---|---|---|",
    ]
    for f in entity.fields.values():
        required = "ja" if f.required else ""
        lines.append(f"| `{f.name}` | {_TYPE_TEXT[f.type]} | {required} | {_notes(f)} | {_cell(f.description)} |")
    if entity.relations:
        lines += ["", "| relation | via fält | till entitet |", "|---|---|---|"]
        for relation in entity.relations.values():
            lines.append(f"| `{relation.name}` | `{relation.field}` | {relation.entity} |")
    if entity.child_level and entity.name != "barn" and "barn" in model.entities:
        lines += [
            "",
            "I villkor nås också barnets fält (t.ex. `kön`) och den härledda `ålder` "
            "(hela år vid indikatorns åldersdatum).",
        ]
    return lines + [""]


def datamodel_markdown(model: DataModel) -> str:
    lines = [
        "# Datamodellen",
        "",
        "<!-- Genererad av `suengine datamodell --ut docs/datamodell.md` ur datamodel/datamodel.yml; ändra inte för hand. -->",
        "",
        f"Datamodellens version: {model.version}. Den beskriver tabellerna i en dataleverans "
        "(entiteter), deras fält och de tillåtna koderna (värdemängder). Fält och koder skrivs "
        "som här i indikatorernas villkor.",
        "",
        "## Entiteter",
        "",
        "| entitet | nyckel | barnnivå | beskrivning |",
        "|---|---|---|---|",
    ]
    for entity in model.entities.values():
        key = ", ".join(f"`{k}`" for k in entity.key)
        lines.append(f"| {entity.name} | {key} | {'ja' if entity.child_level else 'nej'} | {_cell(entity.description)} |")
    lines.append("")
    for entity in model.entities.values():
        lines += _entity(model, entity)
    lines += ["## Värdemängder", ""]
    for value_set in model.value_sets.values():
        lines += [f"### {value_set.name}", "", _cell(value_set.description), "", "| kod | betydelse |", "|---|---|"]
        lines += [f"| `{code}` | {_cell(label)} |" for code, label in value_set.values.items()]
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"
