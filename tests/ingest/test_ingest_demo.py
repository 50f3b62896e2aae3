"""The bundled demo delivery: equal to its generator, plausible, and clean through the CLI."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from ingest_helpers import TEST_KEY, text_of

from suengine.ingest import IngestResult, ingest_delivery
from suengine.demo.delivery import demo_files
from suengine.publish.privacy import find_personnummer
from suengine.resources import project_root

DEMO = project_root() / "demo" / "leverans-2026-01"


@pytest.fixture(scope="module")
def demo_result() -> IngestResult:
    previous = os.environ.get("SUENGINE_PSEUDONYM_KEY")
    os.environ["SUENGINE_PSEUDONYM_KEY"] = TEST_KEY
    try:
        return ingest_delivery(DEMO)
    finally:
        if previous is None:
            del os.environ["SUENGINE_PSEUDONYM_KEY"]
        else:
            os.environ["SUENGINE_PSEUDONYM_KEY"] = previous


def test_committed_demo_equals_generator_output() -> None:
    generated = demo_files()
    committed = {p.name: p.read_bytes() for p in DEMO.iterdir() if p.is_file() and not p.name.startswith(".")}
    assert sorted(committed) == sorted(generated)
    for name, content in generated.items():
        assert committed[name] == content, f"{name} skiljer sig: kör python -m suengine.demo.delivery {DEMO.relative_to(project_root())}"
    assert sum(len(c) for c in generated.values()) < 3_000_000


def test_planted_problems_are_all_reported(demo_result: IngestResult) -> None:
    problems = demo_result.problems
    found = set(map(tuple, problems[problems["nivå"] == "varning"][["fil", "orsakskod"]].values.tolist()))
    assert found == {
        ("aktualiseringar.csv", "okänd_kod"), ("aktualiseringar.csv", "ogiltigt_personnummer"), ("aktualiseringar.csv", "dubblett"),
        ("aktualiseringar.csv", "bruten_relation"), ("aktualiseringar.csv", "ogiltigt_datum"), ("utredningar.csv", "slut_före_start"),
        ("insatser.xlsx", "okänd_kod"), ("insatser.xlsx", "bruten_relation"), ("insatser.xlsx", "datum_efter_uttag"),
        ("skattningar.csv", "utanför_intervall"), ("barn.csv", "dubblett"),
    }
    assert (problems["nivå"] != "fel").all()
    rejected = demo_result.summary[demo_result.summary["mått"] == "rader_avvisade"]["värde"].astype(int).sum()
    assert rejected == 7


def test_formats_detected_per_file(demo_result: IngestResult) -> None:
    s = demo_result.summary
    encodings = dict(zip(s[s["mått"] == "kodning"]["fil"], s[s["mått"] == "kodning"]["värde"]))
    assert encodings["barn.csv"] == "Windows-1252" and encodings["aktualiseringar.csv"] == "UTF-8 med BOM"
    assert encodings["befolkning.csv"] == "UTF-8"
    assert s[(s["fil"] == "befolkning.csv") & (s["mått"] == "avgränsare")]["värde"].iloc[0] == "komma (,)"
    assert s[(s["fil"] == "insatser.xlsx") & (s["mått"] == "blad")]["värde"].iloc[0] == "Insatser"


def test_demo_is_plausible(demo_result: IngestResult) -> None:
    t = demo_result.case_data.tables
    akt, utr, ins, upp, barn = t["aktualisering"], t["utredning"], t["insats"], t["uppföljning"], t["barn"]
    per_year = akt[akt["datum"].dt.year.between(2021, 2025)].groupby(akt["datum"].dt.year).size()
    assert per_year.between(1300, 1700).all() and len(per_year) == 5
    assert 0.30 <= akt["inleda_utredning"].mean() <= 0.40
    days = (utr["slut"] - utr["start"]).dt.days.dropna()
    assert 0.75 <= days.between(60, 122).mean() and 0.05 <= (days > 122).mean() <= 0.2
    assert 0.35 <= utr["beslut"].isin(["insats_beviljad", "ansökan_lvu"]).mean() <= 0.5
    assert {"öppenvård_intern", "öppenvård_extern", "familjehem_konsulentstött", "familjehem_eget", "nätverkshem", "hvb", "sis"} <= set(ins["insatstyp"])
    paid = ins["insatstyp"].isin(["familjehem_konsulentstött", "familjehem_eget", "nätverkshem", "hvb", "sis", "stödboende"])
    assert ins.loc[paid, "kostnad"].gt(0).all() and (ins.loc[paid, "insatskategori"] == "placering").all()
    safety = upp[upp["instrument"] == "säkerhetsskala"].groupby("tidpunkt")["värde"].mean()
    assert safety["efter"] > safety["före"] + 1.5
    assert (akt["barn_id"].value_counts() > 1).mean() > 0.2  # återaktualiseringar
    assert set(barn["kön"].dropna()) == {"flicka", "pojke"}
    assert len(t["befolkning"]) == 5 * 2 * 21 and t["befolkning"]["ålder"].max() == 20
    personal = t["personal"].set_index(t["personal"]["mätdatum"].dt.year)
    assert personal.loc[2023, "b1b_1_2_år"] is pd.NA and personal.loc[2024, "b1_handläggare"] > 0
    assert {"ja", "nej"} <= set(t["enkätsvar"]["g2"].dropna()) and set(t["enkätsvar"]["b12"].dropna()) == {"ja", "nej"}


def _identifiers() -> tuple[set[str], set[str]]:
    with open(DEMO / "barn.csv", encoding="cp1252", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    numbers = {r["Personnummer"].replace("-", "") for r in rows}
    names = {part.strip() for r in rows for part in r["Namn"].split(",")}
    return numbers, names


def test_cli_on_the_demo_delivery(tmp_path: Path) -> None:
    out = tmp_path / "ut"
    run = subprocess.run([sys.executable, "-m", "suengine", "ingest", str(DEMO), "--ut", str(out)],
                         capture_output=True, text=True, env=os.environ.copy(), timeout=120)
    assert run.returncode == 0, run.stderr
    assert "barn.csv → barn: Windows-1252, semikolon (;), 5" in run.stderr
    assert "insatser.xlsx → insats: XLSX, blad 'Insatser'" in run.stderr
    lines = run.stdout.splitlines()
    assert lines[0] == "Leverans: Exempelby kommun, Treserva (mappning treserva), uttagsdatum 2026-01-31"
    for expected in ("Avvisade rader totalt: 7", "  aktualisering.huvudorsak 'X9': 3 rader", "  insats.insatstyp 'ÖVX': 1 rader", "Leveransen godkänd."):
        assert expected in lines
    numbers, names = _identifiers()
    written = [p for p in out.rglob("*") if p.is_file()]
    assert {"barn.parquet", "aktualisering.parquet", "barn.csv"} <= {p.name for p in written}
    for path in written:
        text = text_of(path)
        assert not find_personnummer(text), path
        assert TEST_KEY not in text
        words = set(text.replace(",", " ").replace(";", " ").split())
        assert not words & names, (path, words & names)
        assert not any(n in text or n[2:] in text for n in list(numbers)[:400]), path
    assert not find_personnummer(run.stdout + run.stderr)


def test_cli_on_a_broken_delivery(tmp_path: Path) -> None:
    broken = tmp_path / "trasig"
    broken.mkdir()
    for path in (DEMO / name for name in ("leverans.yml", "barn.csv", "aktualiseringar.csv", "utredningar.csv")):
        data = path.read_bytes()
        if path.name == "aktualiseringar.csv":
            data = data.replace("Inkom;".encode(), "Inkommen;".encode(), 1)
        (broken / path.name).write_bytes(data)
    run = subprocess.run([sys.executable, "-m", "suengine", "ingest", str(broken), "--ut", str(tmp_path / "ut")],
                         capture_output=True, text=True, env=os.environ.copy(), timeout=120)
    assert run.returncode == 1
    assert "Fel: Leveransen stoppades: 1 problem måste rättas först." in run.stderr
    assert "aktualiseringar.csv, rad 1, kolumn 'Inkom', fält datum: Kolumnen 'Inkom' saknas i aktualiseringar.csv" in run.stderr
    assert "Traceback" not in run.stderr and not (tmp_path / "ut").exists()
