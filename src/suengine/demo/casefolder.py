"""`python -m suengine.demo.casefolder UT`: the simulated case flow written as a CSV case-data folder (demo/exempeldata)."""

from __future__ import annotations

import argparse

from suengine.casedata.folder import write_case_data
from suengine.demo.flow import generate


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m suengine.demo.casefolder",
                                     description="Skriv simulerade ärendedata (2021–2025, historik från andra halvåret 2020) som en CSV-mapp.")
    parser.add_argument("ut", help="mapp att skriva (t.ex. demo/exempeldata)")
    parser.add_argument("--aktualiseringar", type=int, default=1500, help="ungefär så många aktualiseringar 2021–2025 (standard: 1500)")
    parser.add_argument("--frö", type=int, default=20240531)
    args = parser.parse_args(argv)
    data = generate(args.aktualiseringar, seed=args.frö, municipality="Exempelkommun")
    write_case_data(data, args.ut)
    print(f"Skrev {args.ut}: " + ", ".join(f"{k} {len(v)}" for k, v in data.tables.items() if len(v)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
