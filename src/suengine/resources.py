"""Where the bundled data model, schemas and demo data live.

The project is installed editable (`pip install -e .`), so these are the repository's own
top-level folders; SUENGINE_HOME overrides the root for unusual layouts.
"""

from __future__ import annotations

import os
from pathlib import Path


def project_root() -> Path:
    override = os.environ.get("SUENGINE_HOME")
    if override:
        return Path(override)
    return Path(__file__).resolve().parents[2]


def schema_path(name: str) -> Path:
    return project_root() / "schemas" / name


def datamodel_path() -> Path:
    return project_root() / "datamodel" / "datamodel.yml"
