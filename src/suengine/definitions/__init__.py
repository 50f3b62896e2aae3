"""Indicator definitions: load YAML with line numbers, validate shape (JSON Schema) and meaning
(against the data model), and build `suengine.definitions.model.Indicator`s.

    result = load_definitions("indicators")
    for issue in result.issues:
        print(issue)          # FEL: indicators/x.yml rad 12 (x): okänt fält 'slutdatun' — menade du 'slutdatum'?
    result.indicators         # the indicators without errors
"""

from __future__ import annotations

from suengine.definitions.datamodel_checks import DataModelResult, load_checked_datamodel
from suengine.definitions.loader import LoadResult, find_indicator_files, load_definitions

__all__ = ["DataModelResult", "LoadResult", "find_indicator_files", "load_checked_datamodel", "load_definitions"]
