"""Hämta och läs in jämförelsevärden från Kolada (riket, länet, kommunen, grupper) till projektets referens/-mapp.

`suengine referens hämta --kommun KOD` hämtar de Kolada-nyckeltal som indikatorerna nämner
(`jämförelse: {kolada: …}`) för kommunen, dess län, riket och de grupper som anges med --grupp,
sparar varje svar i referens/cache/ och lägger värdena i referens/värden.csv med källa, KPI-titel
och hämtdatum per värde. Utan nätverk används sparade svar; finns inget sparat svar avbryts
kommandot med ett tydligt meddelande och referens/ lämnas orörd. --offline använder bara cachen.

`suengine referens läs MAPP` läser Koladas data i DDF-format (open-numbers/ddf--kolada--dump:
datapoints--by--geo--year/ och datapoints--by--geo--gender--year/ med ddf--concepts.csv) eller
sparade API-svar (*.json) ur MAPP, och Koladas grupplista (municipality_groups.json) med gruppernas
medlemmar till referens/grupper.csv.

Exempel:
  suengine referens hämta --kommun 0180 --grupp G36449
  suengine referens hämta --kommun 0180 --offline
  suengine referens läs ../shared/reference/kolada-ddf-dump
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from suengine.errors import SuengineError
from suengine.project.context import add_project_argument, open_project


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ÅTGÄRD", required=True)
    fetch = sub.add_parser("hämta", help="hämta nyckeltalen från Koladas API (eller ur cachen utan nätverk)")
    fetch.add_argument("--kommun", required=True, metavar="KOD", help="kommunkoden, fyra siffror (t.ex. 0180)")
    fetch.add_argument("--grupp", action="append", default=[], metavar="ID", help="en Kolada-grupp (G…), t.ex. Liknande kommuner IFO; kan upprepas")
    fetch.add_argument("--kpi", action="append", default=[], metavar="ID", help="ett nyckeltal (standard: de som indikatorerna nämner); kan upprepas")
    fetch.add_argument("--år", action="append", type=int, default=[], dest="years", metavar="ÅR", help="bara detta år; kan upprepas")
    fetch.add_argument("--url", default=None, help="Koladas API-adress (standard: https://api.kolada.se/v3)")
    fetch.add_argument("--alla-kommuner", action="store_true", dest="all_municipalities",
                       help="hämta också alla kommuners värden för åren i --år (behövs för målvärde typ relativ: kvartiler bland alla kommuner)")
    fetch.add_argument("--offline", action="store_true", help="använd bara sparade svar i referens/cache/")
    add_project_argument(fetch)
    read = sub.add_parser("läs", help="läs Koladas data ur en mapp (DDF-dump eller sparade API-svar)")
    read.add_argument("folder", type=Path, metavar="MAPP")
    read.add_argument("--kpi", action="append", default=[], metavar="ID", help="bara detta nyckeltal; kan upprepas")
    read.add_argument("--grupp", action="append", default=[], metavar="ID",
                      help="ur en grupplista (municipality_groups.json): bara denna grupp (standard: grupperna under jämförelse: i suengine.yml, annars alla); kan upprepas")
    add_project_argument(read)


def indicator_kpis(config) -> list[str]:
    """The Kolada KPIs the project's indicators name in `jämförelse:`."""
    from suengine.definitions import load_definitions
    from suengine.project.context import indicator_source

    loaded = load_definitions(indicator_source(None, config, "SÖKVÄG"))
    return sorted({ind.comparison.kolada for ind in loaded.indicators if ind.comparison is not None})


def run(args: argparse.Namespace) -> int:
    config = open_project(args)
    root = config.root
    from suengine.reference import store

    if args.action == "läs":
        return _read(root, args, config)
    from suengine.reference.fetch import DEFAULT_BASE_URL, areas_for, fetch, fetch_groups

    kpis = [k.upper() for k in args.kpi] or indicator_kpis(config)
    if not kpis:
        raise SuengineError("inga nyckeltal att hämta: ingen indikator har `jämförelse: {kolada: …}` (ange --kpi)")
    catalogue = store.read_kpis(root)
    titles = dict(zip(catalogue["kpi"], catalogue["titel"]))
    base_url = args.url or DEFAULT_BASE_URL
    result = fetch(root, kpis, areas_for(args.kommun, args.grupp), base_url=base_url, years=args.years or None,
                   offline=args.offline, titles=titles, all_municipalities=args.all_municipalities)
    members = fetch_groups(root, args.grupp, base_url=base_url, offline=args.offline)
    store.merge_values(root, result.values)
    print(f"{len(result.values)} värden för {len(kpis)} nyckeltal sparade i {store.STORE_FOLDER}/{store.VALUES_FILE}")
    if len(members):
        store.merge_groups(root, members)
        print(f"{members['grupp'].nunique()} grupper med {len(members)} medlemmar sparade i "
              f"{store.STORE_FOLDER}/{store.GROUPS_FILE}")
    if result.from_cache:
        print(f"Utan nätverk: {', '.join(result.from_cache)} lästes ur sparade svar (se hämtdatum per värde).")
    return 0


def _read(root: Path, args: argparse.Namespace, config=None) -> int:
    from suengine.reference import store
    from suengine.reference.readers import read_folder

    today = dt.date.today().isoformat()
    wanted = {k.upper() for k in args.kpi} or None
    groups = set(args.grupp) or set((config.comparison if config is not None else {}).get("grupper") or ()) or None
    values, concepts, members = read_folder(args.folder, today, wanted, groups)
    if values.empty and members.empty:
        raise SuengineError(f"{args.folder}: inga Kolada-värden hittades (väntade DDF-filer datapoints--by--geo--year/… eller *.json)")
    if len(concepts):
        store.merge_kpis(root, concepts)
    if len(values):
        store.merge_values(root, values)
    if len(members):
        store.merge_groups(root, members)
    print(f"{len(values)} värden för {values['kpi'].nunique()} nyckeltal och {members['grupp'].nunique()} grupper lästa ur "
          f"{args.folder} till {store.STORE_FOLDER}/")
    return 0
