"""The project configuration `suengine.yml`: where things are, and the disclosure threshold.

A municipality keeps its own project folder (indicators, deliveries, commentary, published
versions) apart from the engine; this file ties it together. Every key is optional, and paths
are relative to the file. Command-line options override it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from jsonschema import Draft202012Validator

from suengine.definitions.missing import DEFAULT_BORTFALL_LIMIT
from suengine.publish.disclosure import DEFAULT_THRESHOLD
from suengine.publish.plausibility import DEFAULT_MAX_REJECTED_PERCENT
from suengine.errors import SuengineError
from suengine.resources import schema_path
from suengine.definitions.yamlload import load_yaml_file

CONFIG_FILE = "suengine.yml"


LOCAL_INDICATORS = "lokala-indikatorer"
DATAMODEL_EXTENSION = "datamodell-tillägg.yml"
LOCAL_MAPPINGS = "mappningar"


@dataclass(frozen=True)
class Config:
    root: Path
    indicators: Path
    deliveries: Path
    commentary: Path
    out: Path
    threshold: int = DEFAULT_THRESHOLD
    bortfall_limit: float = DEFAULT_BORTFALL_LIMIT  # högsta_bortfall, percent
    municipality: str | None = None
    committee: str | None = None
    max_rejected_percent: float = DEFAULT_MAX_REJECTED_PERCENT
    file: Path | None = None  # None when no suengine.yml was found
    own_indicators: bool = False  # `indikatorer:` given: the project keeps a complete set instead of the catalogue
    system: str | None = None  # källsystem: the mapping its deliveries use
    local_indicators: Path | None = None
    datamodel_extension: Path | None = None
    mappings: Path | None = None
    catalogue: dict = field(default_factory=dict)  # katalog: välj / utelämna / ändringar, as written
    comparison: dict = field(default_factory=dict)  # jämförelse: kommun, namn, grupper, text (Kolada), as written
    lines: dict = field(default_factory=dict, compare=False, repr=False)  # the file's key paths -> lines


@lru_cache(maxsize=1)
def _validator() -> Draft202012Validator:
    return Draft202012Validator(json.loads(schema_path("config.schema.json").read_text(encoding="utf-8")))


def load_config(path: Path | None = None, cwd: Path | None = None) -> Config:
    """Read `path` (or ./suengine.yml when it exists); defaults for everything not given."""
    base = cwd or Path.cwd()
    file = path if path is not None else base / CONFIG_FILE
    if path is None and not file.is_file():
        return _config(base, {}, None)
    document, issues = load_yaml_file(file)
    if document is None:
        raise SuengineError("\n".join(issue.format() for issue in issues))
    problems = []
    for problem in sorted(_validator().iter_errors(document.data), key=lambda e: list(e.absolute_path)):
        where = list(problem.absolute_path)
        key = where[0] if where else (list(problem.instance)[0] if problem.validator == "additionalProperties" else "")
        line = document.line_of(where) if where else None
        if problem.validator == "additionalProperties":
            unknown = sorted(set(problem.instance) - set(problem.schema["properties"]))
            text = f"okänd nyckel {', '.join(repr(k) for k in unknown)}; tillåtna: {', '.join(problem.schema['properties'])}"
            line = document.line_of([unknown[0]]) if unknown else line
        elif problem.validator == "minimum":
            text = f"'{key}' måste vara minst {problem.validator_value}"
        else:
            text = f"'{key}': {problem.message}"
        problems.append(f"{file}{f' rad {line}' if line else ''}: {text}")
    if "indikatorer" in document.data and ("katalog" in document.data or "lokala_indikatorer" in document.data):
        other = "katalog" if "katalog" in document.data else "lokala_indikatorer"
        problems.append(f"{file} rad {document.line_of([other])}: '{other}' gäller motorns katalog och kan inte kombineras med "
                        "'indikatorer' (en egen komplett uppsättning); ta bort den ena")
    if problems:
        raise SuengineError("fel i projektets inställningar:\n" + "\n".join(problems))
    return _config(file.parent, document.data, file, document.lines)


def find_config(start: Path | None = None) -> Path | None:
    """suengine.yml in `start` (the working directory) or the nearest folder above it."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG_FILE).is_file():
            return folder / CONFIG_FILE
    return None


def _config(root: Path, raw: dict, file: Path | None, lines: dict | None = None) -> Config:
    def folder(key: str, default: str) -> Path:
        return (root / str(raw.get(key, default))).resolve()

    def optional(key: str, default: str) -> Path | None:
        """A project part that may be absent: used when configured, or when the default exists."""
        path = folder(key, default)
        return path if (key in raw or path.exists()) and file is not None else None

    return Config(
        root=root.resolve(),
        indicators=folder("indikatorer", "indicators"),
        deliveries=folder("leveranser", "leveranser"),
        commentary=folder("kommentarer", "kommentarer"),
        out=folder("ut", "build"),
        threshold=int(raw.get("minsta_antal", DEFAULT_THRESHOLD)),
        bortfall_limit=float(raw.get("högsta_bortfall", DEFAULT_BORTFALL_LIMIT)),
        municipality=raw.get("kommun"),
        committee=raw.get("nämnd"),
        max_rejected_percent=float(raw.get("största_andel_avvisade", DEFAULT_MAX_REJECTED_PERCENT)),
        file=file,
        own_indicators="indikatorer" in raw,
        system=raw.get("källsystem"),
        local_indicators=optional("lokala_indikatorer", LOCAL_INDICATORS),
        datamodel_extension=optional("datamodell_tillägg", DATAMODEL_EXTENSION),
        mappings=optional("mappningar", LOCAL_MAPPINGS),
        catalogue=dict(raw.get("katalog") or {}),
        comparison=dict(raw.get("jämförelse") or {}),
        lines=dict(lines or {}),
    )
