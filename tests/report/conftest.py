"""Report builds shared by the tests in this folder: rendered for real on the no-Quarto path.

`report` is built once per session from the hand-built results table (tests/conftest.py), with
commentary for one indicator and a delivered quality summary; `report_again` is a second build of
the same inputs and version label in another folder, for the reproducibility tests. `demo_report`
is the whole chain on the demo delivery (ingest → evaluate → `suengine report`), built once for the
end-to-end and the committee report tests.
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
from report_inputs import DEMO, EPOCH, KEY, VERSION, YEAR, write_inputs


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


@pytest.fixture(scope="session")
def demo_report(tmp_path_factory: pytest.TempPathFactory):
    """(the version folder, the evaluated results, the number of indicators) of `suengine report` on the demo."""
    from suengine.cli import main
    from suengine.definitions import load_definitions
    from suengine.engine import evaluate
    from suengine.ingest import ingest_delivery
    from suengine.publish.results import write_csv
    from suengine.resources import project_root

    base = tmp_path_factory.mktemp("demo")
    delivery = ingest_delivery(DEMO, key=KEY)
    quality = base / "kvalitet"
    quality.mkdir()
    delivery.summary.to_csv(quality / "kvalitet_sammanfattning.csv", index=False)
    delivery.problems.to_csv(quality / "problem.csv", index=False)
    indicators = project_root() / "indicators"
    loaded = load_definitions(indicators)
    assert loaded.ok, [i.format() for i in loaded.issues]
    results = evaluate(loaded.indicators, delivery.case_data, years=[2021, 2022, 2023, 2024, 2025])
    write_csv(results.published(), base / "resultat" / "resultat.csv", header_comment="demo")
    project = base / "projekt"  # suengine.yml names the kommun and the nämnd for the cover
    project.mkdir()
    (project / "suengine.yml").write_text("kommun: Exempelby kommun\nnämnd: Socialnämnden\n", encoding="utf-8")
    code = main(["report", "--resultat", str(base / "resultat"), "--år", "2025", "--indikatorer", str(indicators),
                 "--kvalitet", str(quality), "--ut", str(base / "build"), "--projekt", str(project)])
    assert code == 0
    return base / "build" / "2025.1", results, len(loaded.indicators)
