"""Plain Swedish for every code a reader could see: strata, categories and dimensions through the data model's labels.

The results table carries codes (`flicka`, `våld_mot_barnet`, `4.5`); readers see labels
(`Flicka`, `Våld mot barnet`, `4,5`). Every renderer (report, site, workbook) calls `apply` on
the table it was handed, so the three show the same words. A code is looked up, in order, in:
the indicator's own age groups or category groups (their `etikett`), the value set of the field
the breakdown or distribution is over, the value sets of the fields the indicator's category rules
test, and finally every value set of the data model. Numbers are written the Swedish way
(`4.5` → `4,5`). `suengine check` fails on a category code no value set names (rules_indicator.check_labels).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd

from suengine.casedata.datamodel import DataModel, load_datamodel
from suengine.definitions.model import Indicator
from suengine.render.format import format_number

DIMENSION_TITLES = {
    "total": "Totalt",
    "kön": "Kön",
    "åldersgrupp": "Åldersgrupp",
    "åldersgrupp (OJ)": "Åldersgrupp (som i Öppna jämförelser)",
    "ålder": "Ålder",
    "enhet": "Enhet",
    "typ": "Typ av aktualisering",
    "dimension": "Fråga i brukarundersökningen",
}
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
_CODE = re.compile(r"^[a-zåäö0-9]+(_[a-zåäö0-9]+)+$")


def humanise(code: str) -> str:
    """The last resort for a code without a label: words, not underscores; idempotent."""
    text = code.replace("_", " ").strip()
    return text[:1].upper() + text[1:] if text else text


def looks_like_code(text: str) -> bool:
    """`våld_mot_barnet`, `b1b_under_1_år`: lowercase words joined by underscores."""
    return bool(_CODE.match(text))


def number_label(code: str) -> str | None:
    if not _NUMBER.match(code):
        return None
    value = float(code)
    return format_number(value, 0 if value.is_integer() else 1)


def dimension_title(name: str) -> str:
    return DIMENSION_TITLES.get(name, humanise(name))


KATEGORI_VALUE_SET = "oj_redovisning"  # the labels of a kategori indicator's result categories


@dataclass
class Labeller:
    """Labels per indicator: {(indicator id, 'stratum' | 'kategori', dimension): {code: label}}."""

    model: DataModel
    indicators: dict[str, Indicator] = field(default_factory=dict)

    def _field_values(self, indicator: Indicator, name: str | None) -> dict[str, str]:
        if not name:
            return {}
        entities = [indicator.records] + [e for e in self.model.entities if e != indicator.records]
        for entity in entities:
            spec = self.model.entities.get(entity)
            found = spec.fields.get(name) if spec else None
            if found is not None and found.value_set:
                return dict(self.model.value_sets[found.value_set].values)
        return {}

    def _rule_fields(self, indicator: Indicator) -> list[str]:
        names: list[str] = []

        def walk(node: object) -> None:
            if isinstance(node, dict):
                if isinstance(node.get("fält"), str):
                    names.append(node["fält"])
                for value in node.values():
                    walk(value)
            elif isinstance(node, list):
                for value in node:
                    walk(value)

        walk((indicator.raw.get("beräkning") or {}).get("regler"))
        return names

    def _all_values(self) -> dict[str, str]:
        merged: dict[str, str] = {}
        for value_set in self.model.value_sets.values():
            for code, label in value_set.values.items():
                merged.setdefault(code, label)
        return merged

    def lookup(self, indicator_id: str, column: str, dimension: str, code: str) -> str | None:
        """The label of one code, or None when nothing names it."""
        if code == "":
            return ""
        number = number_label(code)
        if number is not None:
            return number
        indicator = self.indicators.get(indicator_id)
        tables: list[dict[str, str]] = []
        if indicator is not None:
            if column == "stratum":
                for breakdown in indicator.breakdowns:
                    if breakdown.name == dimension:
                        tables.append({g.label: g.label for g in breakdown.groups})
                        tables.append(self._field_values(indicator, breakdown.field))
            else:
                scoring = indicator.scoring
                if scoring.kind == "kategori" and KATEGORI_VALUE_SET in self.model.value_sets:
                    # OJ's answers (Ja/Delvis/Nej/Ej aktuellt), not the labels of the survey question the rules read
                    tables.append(dict(self.model.value_sets[KATEGORI_VALUE_SET].values))
                tables.append({g.label: g.label for g in scoring.groups})
                tables.append(self._field_values(indicator, scoring.category_field))
                for name in self._rule_fields(indicator):
                    tables.append(self._field_values(indicator, name))
        else:
            tables.append(self._field_values_any(dimension))
        tables.append(self._all_values())
        for table in tables:
            if code in table:
                return table[code]
        return None

    def _field_values_any(self, name: str) -> dict[str, str]:
        for entity in self.model.entities.values():
            found = entity.fields.get(name)
            if found is not None and found.value_set:
                return dict(self.model.value_sets[found.value_set].values)
        return {}

    def label(self, indicator_id: str, column: str, dimension: str, code: str) -> str:
        found = self.lookup(indicator_id, column, dimension, code)
        return found if found is not None else humanise(code)


def labeller(indicators: Iterable[Indicator], model: DataModel | None = None) -> Labeller:
    return Labeller(model or load_datamodel(), {i.id: i for i in indicators})


def apply(results: pd.DataFrame, indicators: Iterable[Indicator], model: DataModel | None = None) -> pd.DataFrame:
    """A copy of the results table with `stratum` and `kategori` as labels (codes stay in the published files)."""
    names = labeller(indicators, model)
    out = results.copy()
    cache: dict[tuple[str, str, str, str], str] = {}

    def relabel(column: str) -> list[str]:
        values = []
        for ident, dimension, code in zip(out["indikator_id"], out["uppdelning"], out[column]):
            code = "" if pd.isna(code) else str(code)
            key = (str(ident), column, str(dimension), code)
            if key not in cache:
                cache[key] = names.label(*key)
            values.append(cache[key])
        return values

    for column in ("stratum", "kategori"):
        if column in out.columns:
            out[column] = relabel(column)
    return out

