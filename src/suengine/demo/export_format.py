"""How a source system's export looks: files, columns, encodings, separators and value formats per entity.

The columns and codes come from the system's mapping (mappings/<system>.yml), read backwards:
field → the mapping's column name, national code → one of the mapping's local codes (a value set's
label where the mapping has no code table). What a mapping cannot say — file encodings, separators,
how dates and personnummer are written, columns that ingest drops — is stated here per system,
with the deliberate quirks of real exports (Treserva: Windows-1252 and UTF-8 with BOM, decimal
comma, compact dates, 10- and 12-digit personnummer, trailing empty rows and columns).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from suengine.resources import project_root

FIXED_TIME = (2026, 1, 31, 6, 0, 0)


@dataclass(frozen=True)
class ExportFile:
    name: str
    entity: str
    columns: tuple[str, ...]  # in file order; columns the mapping does not know are filled by `export.noise`
    encoding: str = "utf-8"
    separator: str = ";"
    formats: dict[str, str] = field(default_factory=dict)  # column → pnr10 | pnr12 | pnr12dash | pnrmixed | iso | stamp | compact | comma
    empty_rows: int = 0
    empty_column: bool = False
    missing: str = ""  # how a missing value is written (OJ's 999 in personal)
    sheet: str | None = None  # an XLSX workbook with this sheet


@dataclass(frozen=True)
class System:
    name: str  # the mapping's name
    title: str
    files: tuple[ExportFile, ...]
    dates: str = "iso"  # default date format
    personnummer: str = "pnr12"  # default personnummer format


INSATS_COLUMNS = ("Insatsnr", "Utrnr", "Personnr", "Insatskod", "Metod", "Orsak", "Startdatum", "Slutdatum", "Kostnad",
                  "Första övervägande", "Samtal placerat barn", "Utförare", "Handläggare")
PERSONAL_COLUMNS = ("Mätdatum", "B1 Handläggare", "B1a Socionomexamen", "B1b under 1 år", "B1b 1-2 år", "B1b 3-5 år", "B1b över 5 år",
                    "B1b vet ej", "Konsulter")
TRESERVA = System("treserva", "Treserva", (
    ExportFile("barn.csv", "barn", ("Personnummer", "Namn", "Kön", "Adress", "Folkbokförd kommun"), "cp1252",
               formats={"Personnummer": "pnrmixed"}),
    ExportFile("aktualiseringar.csv", "aktualisering", ("Aktnr", "Personnr", "Inkom", "Akttyp", "Anmälare", "Orsak", "Enhet", "FB klar",
                                                        "Beslut utredning", "Prio", "Handläggare", "Anteckning"), "utf-8-sig",
               formats={"Personnr": "pnr10", "Inkom": "stamp", "FB klar": "compact"}, empty_rows=3),
    ExportFile("utredningar.csv", "utredning", ("Utrnr", "Aktnr", "Personnr", "Utredningstyp", "Inledd", "Avslutad", "Förlängd", "Orsak",
                                                 "Enhet", "Enskilt samtal", "Träffat enskilt", "Beslut", "Avslutsorsak", "Handläggare"),
               "cp1252", empty_column=True),
    ExportFile("skattningar.csv", "uppföljning", ("Skattnr", "Insatsnr", "Personnr", "Instrument", "Tidpunkt", "Datum", "Värde",
                                                   "Måluppfyllelse", "Barnet deltog", "Kommentar"), "utf-8-sig", formats={"Personnr": "pnr10"}),
    ExportFile("brukarenkat.csv", "brukarsvar", ("Svarsnr", "Svarsdatum", "Fråga", "Svar"), "cp1252"),
    ExportFile("befolkning.csv", "befolkning", ("region", "ålder", "kön", "år", "Folkmängd"), "utf-8", ","),
    ExportFile("personal.csv", "personal", PERSONAL_COLUMNS, "cp1252", missing="999"),
    ExportFile("oj_enkat.csv", "enkätsvar", ("Mätdatum", "Område", "G2", "G2a", "G3", "G3a", "B12", "B12b", "Socialjour"), "cp1252"),
    ExportFile("insatser.xlsx", "insats", INSATS_COLUMNS, sheet="Insatser"),
))
LIFECARE = System("lifecare", "Lifecare", (
    ExportFile("klienter.csv", "barn", ("Personnummer", "Förnamn", "Efternamn", "Postadress", "Telefon"), separator=","),
    ExportFile("inkommande_arenden.csv", "aktualisering", ("Ärende-ID", "PNR", "Inkommet datum", "Ärendetyp", "Anmälarkategori",
                                                           "Orsakskod", "Organisation", "Förhandsbedömning avslutad", "Beslut om utredning",
                                                           "Prioritet", "Ansvarig handläggare", "Fritext"), separator=","),
    ExportFile("utredningar.csv", "utredning", ("Utrednings-ID", "Ärende-ID", "PNR", "Typ", "Startdatum", "Slutdatum", "Förlängning beslutad",
                                                 "Orsakskod", "Organisation", "Barnsamtal", "Barnet sett enskilt", "Utredningsbeslut",
                                                 "Avslutsorsak"), separator=","),
    ExportFile("isu_skattningar.csv", "uppföljning", ("Skattning-ID", "Beslut-ID", "PNR", "Skala", "Mättillfälle", "Datum", "Poäng",
                                                       "Måluppfyllelse", "Barnet medverkade"), "utf-8-sig", formats={"Poäng": "comma"}),
    ExportFile("befolkning.csv", "befolkning", ("År", "Kön", "Ålder", "Antal"), separator=","),
    ExportFile("beslut_insatser.xlsx", "insats", ("Beslut-ID", "Utrednings-ID", "PNR", "Insats", "Program", "Orsakskod", "Verkställd from",
                                                   "Avslutad", "Kostnad kr", "Övervägande datum", "Antal barnsamtal", "Utförare",
                                                   "Beslutsfattare"), sheet="Beslut"),
), personnummer="pnr12dash")
SYSTEMS = {system.name: system for system in (TRESERVA, LIFECARE)}


class _RawKeys(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """Mapping keys as written (`01:` stays "01"), as ingest reads them."""


def _raw_mapping(self: _RawKeys, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
    self.flatten_mapping(node)
    return {(k.value if isinstance(k, yaml.ScalarNode) else self.construct_object(k, deep=deep)): self.construct_object(v, deep=deep)
            for k, v in node.value}


_RawKeys.add_constructor("tag:yaml.org,2002:map", _raw_mapping)


@dataclass(frozen=True)
class Backwards:
    """One entity's mapping read backwards."""

    columns: dict[str, str]  # local column → field
    codes: dict[str, dict[str, list[str]]]  # field → national code → local codes (in the mapping's order)
    missing: dict[str, str]  # field → a local code the mapping reads as missing (e.g. "Vet ej")


def backwards(system: str) -> dict[str, Backwards]:
    """Entity → its mapping read backwards, from mappings/<system>.yml."""
    path = Path(project_root()) / "mappings" / f"{system}.yml"
    raw = yaml.load(path.read_text(encoding="utf-8-sig"), Loader=_RawKeys)  # noqa: S506 - a safe loader with raw keys
    out = {}
    for entity, spec in raw["entiteter"].items():
        codes: dict[str, dict[str, list[str]]] = {}
        missing: dict[str, str] = {}
        for name, table in (spec.get("koder") or {}).items():
            for local, national in table.items():
                if national is None:
                    missing.setdefault(name, str(local))
                else:
                    codes.setdefault(name, {}).setdefault(str(national), []).append(str(local))
        out[entity] = Backwards({str(k): str(v) for k, v in spec["kolumner"].items()}, codes, missing)
    return out
