"""Report builds shared by the tests in this folder: rendered for real on the no-Quarto path.

`report` is built once per session from the hand-built results table (tests/conftest.py), with
commentary for one indicator and a delivered quality summary; `report_again` is a second build of
the same inputs and version label in another folder, for the reproducibility tests.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

from suengine.definitions.model import Indicator
from suengine.render.report import BuildResult, ReportRequest, build_report

from report_helpers import write_indicators

YEAR = 2025
VERSION = "2025.1"
EPOCH = "1767225600"  # 2026-01-01T00:00:00Z

COMMENTARY = """\
# Analys

Andelen utredningar som blir klara i tid har ökat. Vi har infört veckovisa ärendegenomgångar.

## Åtgärder

- Fortsätta ärendegenomgångarna under 2026.
"""

QUALITY_SUMMARY = """\
avsnitt,entitet,fil,fält,kod,mått,värde
leverans,,,,,kommun,Exempelby kommun
leverans,,,,,uttagsdatum,2026-01-31
entitet,barn,,,,rader_lästa,1204
entitet,barn,,,,rader_godkända,1200
entitet,barn,,,,rader_avvisade,4
entitet,utredning,,,,rader_lästa,980
entitet,utredning,,,,rader_godkända,975
entitet,utredning,,,,rader_avvisade,5
bortfall,utredning,,start,,antal_saknas,0
bortfall,utredning,,start,,andel_saknas,0.0
bortfall,utredning,,beslut,,antal_saknas,31
bortfall,utredning,,beslut,,andel_saknas,0.0318
okänd_kod,utredning,,enhet,BoU-X,antal,1
problem,,,,ogiltigt_datum,varning,2
"""

PROBLEMS = """\
fil,rad,entitet,kolumn,fält,värde,orsakskod,nivå,åtgärd,meddelande
utredning.csv,17,utredning,Startdatum,start,2024-13-01,ogiltigt_datum,varning,raden avvisas,ogiltigt datum
utredning.csv,18,utredning,Startdatum,start,31/02/2024,ogiltigt_datum,varning,raden avvisas,ogiltigt datum
utredning.csv,40,utredning,Enhet,enhet,BoU-X,okänd_kod,varning,värdet sätts som saknat,okänd kod
"""


@dataclass
class Built:
    result: BuildResult
    folder: Path
    inputs: Path

    def path(self, fmt: str) -> Path:
        return self.result.outputs[fmt]

    @property
    def project(self) -> Path:
        return self.folder / "quarto"


def write_inputs(base: Path) -> tuple[Path, Path]:
    commentary = base / "kommentarer" / str(YEAR)
    commentary.mkdir(parents=True)
    (commentary / "utredning-inom-4-manader.md").write_text(COMMENTARY, encoding="utf-8")
    (commentary / "okand-indikator.md").write_text("Hör inte hit.\n", encoding="utf-8")
    quality = base / "kvalitet"
    quality.mkdir()
    (quality / "kvalitet_sammanfattning.csv").write_text(QUALITY_SUMMARY, encoding="utf-8")
    (quality / "problem.csv").write_text(PROBLEMS, encoding="utf-8")
    return base / "kommentarer", quality


@pytest.fixture(scope="session")
def source_date_epoch() -> Iterator[str]:
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    yield EPOCH
    if before is None:
        os.environ.pop("SOURCE_DATE_EPOCH", None)
    else:
        os.environ["SOURCE_DATE_EPOCH"] = before


def _build(base: Path, results: pd.DataFrame, indicators: list[Indicator],
           formats: tuple[str, ...] = ("html", "pdf", "docx")) -> Built:
    commentary, quality = write_inputs(base)
    defined = write_indicators(indicators, base / "indicators")
    request = ReportRequest(results=results, year=YEAR, indicators=defined, out=base / "build", quality=quality,
                            commentary=commentary, version=VERSION, formats=formats)
    result = build_report(request)
    return Built(result, result.folder, base)


@pytest.fixture(scope="session")
def report(tmp_path_factory: pytest.TempPathFactory, results_table: pd.DataFrame, indicators: list[Indicator],
           source_date_epoch: str) -> Built:
    return _build(tmp_path_factory.mktemp("rapport"), results_table, indicators)


@pytest.fixture(scope="session")
def report_again(tmp_path_factory: pytest.TempPathFactory, results_table: pd.DataFrame, indicators: list[Indicator],
                 source_date_epoch: str) -> Built:
    return _build(tmp_path_factory.mktemp("rapport-igen"), results_table, indicators, formats=("html",))
