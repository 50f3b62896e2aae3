"""Kör indikatorernas inbyggda testfall och visa godkänt/underkänt per testfall.

Varje testfall (nyckeln testfall i indikatorfilen) har några små påhittade poster och de
antal som ska hamna i varje population och stratum. Kommandot beräknar testfallets period
med motorn och jämför: urval, nämnare, exkluderade, undantag, täljare, bortfall (nämnare +
täljare, eller bortfall_nämnare/bortfall_täljare var för sig), censurerade, värde,
värde_saknas, kategori (en kategori, eller antal per kategori) och strata. Röjandekontroll
gäller inte här: testfallen jämför de interna värdena. Avslutas med 1 om något testfall
är underkänt.

Exempel:
  suengine test
  suengine test indicators/handlaggning/utredning-inom-4-manader.yml
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
from pathlib import Path
from typing import Any

from suengine.casedata.tables import case_data_from_records
from suengine.casedata.datamodel import DataModel, load_datamodel
from suengine.engine import Session, evaluate_indicator
from suengine.engine.loading import load_indicators
from suengine.engine.periods import parse_period
from suengine.errors import SuengineError
from suengine.definitions.model import Indicator, TestCase
from suengine.project.context import add_project_argument, describe_source, indicator_source, open_project

COUNT_KEYS = ("urval", "nämnare", "exkluderade", "undantag", "täljare", "censurerade", "bortfall_nämnare", "bortfall_täljare")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", nargs="?", type=Path, help="mapp eller fil med indikatorer (standard: projektets indikatorer enligt suengine.yml)")
    add_project_argument(parser)


def _tolerance(expected: float) -> float:
    """Half a unit of the last decimal written: `32` accepts 31.5–32.5, `32.26` accepts ±0.005."""
    text = repr(float(expected))
    decimals = 0 if text.endswith(".0") else len(text.split(".")[1]) if "." in text and "e" not in text else 6
    return 0.5 * 10 ** (-decimals) + 1e-9


def _same(expected: Any, actual: Any) -> bool:
    missing = actual is None or (isinstance(actual, float) and math.isnan(actual))
    if expected is None:
        return missing
    if missing:
        return False
    if isinstance(expected, bool) or isinstance(expected, str):
        return expected == actual
    return abs(float(actual) - float(expected)) <= _tolerance(float(expected))


def _show(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "inget värde"
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)


def _compare(expected: dict[str, Any], row: dict[str, Any], categories: dict[str, Any], where: str) -> list[str]:
    problems = []
    for key, want in expected.items():
        if key == "strata":
            continue
        if key == "bortfall":
            got: Any = (row.get("bortfall_nämnare") or 0) + (row.get("bortfall_täljare") or 0)
        elif key == "kategori" and isinstance(want, dict):
            for category, count in want.items():
                if not _same(count, categories.get(str(category), 0)):
                    problems.append(f"{where}kategori {category}: väntat {count}, fick {_show(categories.get(str(category), 0))}")
            continue
        else:
            got = row.get(key)
        if key == "värde_saknas" and want is None:
            want = ""
        if not _same(want, got):
            problems.append(f"{where}{key}: väntat {_show(want)}, fick {_show(got)}")
    return problems


def run_case(indicator: Indicator, case: TestCase, model: DataModel) -> list[str]:
    """Differences between a test case's expectations and what the engine computes (empty = pass)."""
    period = parse_period(case.period)
    extraction = case.extraction_date or period.end + dt.timedelta(days=1)
    try:
        data = case_data_from_records(model, case.data, extraction)
    except (ValueError, TypeError, KeyError) as exc:
        return [f"testdata kan inte läsas: {exc}"]
    with Session(data, model) as session:
        rows = [r for r in evaluate_indicator(session, indicator, [period.year]) if r["period"] == period.label]
    if not rows:
        return [f"perioden {case.period} passar inte indikatorns periodtyp ({indicator.period_type})"]
    mains = {(r["uppdelning"], r["stratum"]): r for r in rows if r["_rad"] == "huvud"}
    categories_by_stratum: dict[tuple[str, str], dict[str, Any]] = {}
    for r in rows:
        if r["_rad"] == "kategori":
            categories_by_stratum.setdefault((r["uppdelning"], r["stratum"]), {})[r["kategori"]] = r["täljare"]
    for key, main in mains.items():
        categories_by_stratum.setdefault(key, {}).update(main.get("_kategorier", {}) if indicator.scoring.kind == "kategori" else {})
    total = mains[("total", "")]
    problems = _compare(case.expected, total, categories_by_stratum[("total", "")], "")
    for entry in case.expected.get("strata") or ():
        key = (str(entry.get("uppdelning")), str(entry.get("värde")))
        if key not in mains:
            problems.append(f"stratum {key[0]}={key[1]} finns inte i resultatet")
            continue
        # In a stratum entry, `värde` names the stratum (as in docs/indikatorformat.md).
        problems += _compare({k: v for k, v in entry.items() if k not in ("värde", "uppdelning")}, mains[key], categories_by_stratum.get(key, {}), f"{key[0]}={key[1]}: ")
    return problems


def run(args: argparse.Namespace) -> int:
    config = open_project(args)
    source = indicator_source(args.path, config, "SÖKVÄG")
    model = load_datamodel()
    indicators = load_indicators(source)
    if not indicators:
        raise SuengineError(f"inga indikatorer i '{args.path or describe_source(source, config)}'")
    if args.path is None:
        print(describe_source(source, config))
    passed = failed = 0
    for indicator in indicators:
        if not indicator.tests:
            print(f"– {indicator.id}: inga testfall")
        for case in indicator.tests:
            problems = run_case(indicator, case, model)
            if problems:
                failed += 1
                print(f"✗ {indicator.id}: {case.name}")
                for problem in problems:
                    print(f"    {problem}")
            else:
                passed += 1
                print(f"✓ {indicator.id}: {case.name}")
    print(f"{passed + failed} testfall: {passed} godkända, {failed} underkända.")
    return 1 if failed else 0
