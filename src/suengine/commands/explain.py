"""Förklara hur en indikator räknades: antal i varje population och stratum, i klartext.

Visar för en period urval, censurerade, exkluderade, undantag, antal i nämnaren, täljare och
internt bortfall, värdet med konfidensintervall och status, samt samma siffror per stratum.
Med --intern FIL skrivs en CSV över vilka (pseudonymiserade) poster som hamnade i vilken
population. Den filen är INTERN och får aldrig publiceras.

Exempel:
  suengine explain utredning-inom-4-manader --period 2025 --data demo/exempeldata
  suengine explain utredning-inom-4-manader --period 2025 --data demo/exempeldata --intern granskning.csv
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import pandas as pd

from suengine.definitions import conditions
from suengine.definitions.labels import Labels, any_record_sentence
from suengine.casedata.folder import read_case_data
from suengine.casedata.datamodel import load_datamodel
from suengine.publish.disclosure import DEFAULT_THRESHOLD
from suengine.engine import Session, evaluate, evaluate_indicator, record_states
from suengine.engine.loading import load_indicators
from suengine.engine.periods import parse_period, periods_for_years
from suengine.errors import SuengineError
from suengine.definitions.model import Indicator
from suengine.render.format import format_number
from suengine.project.context import add_project_argument, describe_source, indicator_source, open_project

INTERNAL_HEADER = "INTERNT – får inte publiceras. Pseudonymiserade poster per population, för granskning inom förvaltningen."
STATE_COLUMNS = {
    "s_urval": "urval",
    "s_cens": "censurerad",
    "s_exkl": "exkluderad",
    "s_und": "undantag",
    "s_eff": "nämnare",
    "s_bn": "bortfall_nämnare",
    "s_talj": "täljare",
    "s_bt": "bortfall_täljare",
}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id", help="indikatorns id")
    parser.add_argument("--period", required=True, help="period, t.ex. 2025, 2025-T1 eller 2025-K3")
    parser.add_argument("--data", required=True, type=Path, help="mapp med ärendedata (CSV-filer och leverans.yml)")
    parser.add_argument("--indikatorer", type=Path, help="mapp med indikatorer (standard: projektets indikatorer enligt suengine.yml)")
    parser.add_argument("--minsta-antal", type=int, default=DEFAULT_THRESHOLD, help="gräns för röjandekontroll")
    parser.add_argument("--intern", type=Path, metavar="FIL", help="skriv en INTERN CSV över vilka poster som hamnade var")
    add_project_argument(parser)


def _number(value: Any, decimals: int = 0) -> str:
    if value is None or pd.isna(value):
        return "–"
    return format_number(float(value), decimals, nbsp=False)


def _value(row: dict[str, Any]) -> str:
    if row["värde"] is None or pd.isna(row["värde"]):
        reasons = {"tom_nämnare": "inget värde: nämnaren är tom", "bortfall": "inget värde: uppgift saknas", "ologiskt": "inget värde: ologiskt svar"}
        text = reasons.get(row["värde_saknas"], "inget värde")
        rules = row.get("ologiskt_regel")
        return f"{text} ({rules})" if isinstance(rules, str) and rules else text
    unit = row["enhet"]
    text = f"{_number(row['värde'], 1)} {'%' if unit == 'procent' else unit}"
    if not pd.isna(row["ki_låg"]):
        text += f" (95 % KI {_number(row['ki_låg'], 1)}–{_number(row['ki_hög'], 1)})"
    return text


def _find(indicators: list[Indicator], ident: str) -> Indicator:
    for indicator in indicators:
        if indicator.id == ident:
            return indicator
    raise SuengineError(f"okänd indikator '{ident}' (finns: {', '.join(i.id for i in indicators)})")


def _describe(indicator: Indicator, name: str) -> str:
    population = indicator.population(name)
    if population is None:
        return ""
    text = population.description.strip()
    if population.condition is not None:
        text += f"\n      villkor: {conditions.describe(population.condition, Labels(load_datamodel(), indicator.records))}"
    if population.sum_fields:
        text += f"\n      summa av: {', '.join(population.sum_fields)}"
    return text


def _totals(indicator: Indicator, r: dict[str, Any], unit: str) -> list[str]:
    name = Labels(load_datamodel(), indicator.records).field
    placed = (f"tiden från {name(indicator.period_date)} till {name(indicator.ongoing_until)} överlappar perioden" if indicator.ongoing_until
              else f"{name(indicator.period_date)} inom perioden")
    lines = [f"  Urval – {_describe(indicator, 'urval')}", f"      {placed} → {_number(r['urval'])} {unit}"]
    if indicator.population("nämnare") is not None:
        lines.append(f"  Nämnare – {_describe(indicator, 'nämnare')}")
    if indicator.follow_up is not None:
        f = indicator.follow_up
        lines.append(f"  Censurerade (uppföljningsfönstret {f.length.describe()} från {f.anchor} har inte passerat uttagsdatum): {_number(r['censurerade'])}")
    if indicator.population("exkludering") is not None:
        lines.append(f"  Exkludering – {_describe(indicator, 'exkludering')}\n      → {_number(r['exkluderade'])} borttagna")
    if indicator.population("undantag") is not None:
        lines.append(f"  Undantag – {_describe(indicator, 'undantag')}\n      → {_number(r['undantag'])} borttagna (bara de som inte är i täljaren)")
    if indicator.scoring.kind == "kvot":
        lines.append(f"  Täljare (händelserna): {_number(r['täljare'])}")
        lines.append(f"  Nämnare (befolkningen som kvoten räknas på): {_number(r['nämnare'])} invånare")
    else:
        lines.append(f"  Antal i nämnaren: {_number(r['nämnare'], 2 if indicator.population('nämnare') and indicator.population('nämnare').sum_fields else 0)}")
    if indicator.population("täljare") is not None:
        lines.append(f"  Täljare – {_describe(indicator, 'täljare')}\n      → {_number(r['täljare'], 2 if indicator.population('täljare').sum_fields else 0)}")
    lines.append(f"  Internt bortfall: {_number(r['bortfall_nämnare'])} i nämnaren (villkor okänt), {_number(r['bortfall_täljare'])} i täljaren/värdet")
    return lines


def _strata(indicator: Indicator, table: pd.DataFrame, total: dict[str, Any]) -> list[str]:
    lines = []
    for breakdown in indicator.breakdowns:
        rows = table[(table["uppdelning"] == breakdown.name) & (table["kategori"] == "")]
        lines.append(f"  {breakdown.name}:")
        for r in rows.to_dict("records"):
            hidden = f"  [döljs vid publicering: {r['undertryckt_orsak'].replace('_', ' ')}]" if r["undertryckt"] else ""
            lines.append(
                f"    {r['stratum']:<16} urval {_number(r['urval']):>6}  nämnare {_number(r['nämnare']):>6}  "
                f"täljare {_number(r['täljare']):>6}  {_value(r)}{hidden}"
            )
        counted = 0 if pd.isna(total["nämnare"]) else int(total["nämnare"])
        outside = counted - int(rows["nämnare"].fillna(0).sum()) if indicator.scoring.kind != "kategori" else 0
        if outside > 0 and indicator.basis == indicator.records:
            lines.append(f"    ({outside} i nämnaren saknar {breakdown.field} och räknas bara i totalen)")
    return lines


def run(args: argparse.Namespace) -> int:
    config = open_project(args)
    model = load_datamodel()
    indicator = _find(load_indicators(indicator_source(args.indikatorer, config, "--indikatorer")), args.id)
    data = read_case_data(args.data, model)
    wanted = parse_period(args.period)
    periods = [p for p in periods_for_years([wanted.year], indicator.period_type) if wanted.kind == "år" or p == wanted]
    session = Session(data, model)
    try:
        results = evaluate([indicator], data, [wanted.year], model=model, threshold=args.minsta_antal, session=session)
        raw = evaluate_indicator(session, indicator, [wanted.year]) if indicator.scoring.kind == "kategori" else []
        unit = f"unika {indicator.basis}" if indicator.basis != indicator.records else f"poster i {indicator.records}"
        name = Labels(model, indicator.records).field
        counted = f" {any_record_sentence(indicator.basis, indicator.records, indicator.population('täljare') is not None)}" if indicator.basis != indicator.records else ""
        print(f"{indicator.name}\n  id {indicator.id}, version {indicator.version}. Räknar {unit}.{counted} Perioden avgörs av {f'tiden från {name(indicator.period_date)} till {name(indicator.ongoing_until)}' if indicator.ongoing_until else name(indicator.period_date)}; åldern räknas vid {name(indicator.age_date)}.")
        print(f"  Data: {data.municipality or args.data}, uttagsdatum {data.extraction_date.isoformat()}.")
        for period in periods:
            table = results.table[results.table["period"] == period.label]
            total = table[(table["uppdelning"] == "total")].to_dict("records")[0]
            print(f"\nPeriod {period.label} ({period.start.isoformat()}–{period.end.isoformat()})")
            print("\n".join(_totals(indicator, total, unit)))
            category = f", kategori {total['kategori']}" if total["kategori"] else ""
            print(f"  Värde: {_value(total)}{category}. Status: {total['status']}.")
            if total["undertryckt"]:
                print(f"  Värdet döljs vid publicering ({total['undertryckt_orsak'].replace('_', ' ')}).")
            if indicator.scoring.kind == "kategori":
                counts = next(r["_kategorier"] for r in raw if r["period"] == period.label and r["uppdelning"] == "total")
                order = list(dict.fromkeys([*(rule.category for rule in indicator.scoring.rules), indicator.scoring.otherwise or ""]))
                print("  Kategorier: " + ", ".join(f"{c} {counts.get(c, 0)}" for c in order if c))
            categories = table[(table["uppdelning"] == "total") & (table["kategori"] != "") & (indicator.scoring.kind != "kategori")]
            if len(categories):
                print("  Fördelning: " + ", ".join(f"{c['kategori']} {_number(c['täljare'])}" for c in categories.to_dict("records")))
            if indicator.breakdowns:
                print("Per stratum")
                print("\n".join(_strata(indicator, table, total)))
        if args.intern:
            _write_internal(session, indicator, periods, args.intern)
    finally:
        session.close()
    return 0


def _write_internal(session: Session, indicator: Indicator, periods: list, path: Path) -> None:
    states = record_states(session, indicator, periods)
    labels = {p.code: p.label for p in periods}
    out = states.rename(columns={"_key": "post_id", "_barn": "barn_id", "_period": "period", **STATE_COLUMNS})
    out["period"] = out["period"].map(labels)
    for column in STATE_COLUMNS.values():
        out[column] = out[column].map({True: "ja", False: ""})
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"# {INTERNAL_HEADER}\n" + out.to_csv(index=False, lineterminator="\n"), encoding="utf-8")
    print(f"\nSkrev {path} ({len(out)} poster). INTERNT – får inte publiceras.")
