"""A municipality's own project, end to end: `init`, a local field, a mapping column, a local
indicator and a local målvärde, then `build` — without changing a single file of the engine."""

from __future__ import annotations

import hashlib
import shutil
import textwrap
from pathlib import Path

import pandas as pd
import pytest

from suengine.cli import main
from suengine.resources import project_root

ROOT = project_root()
ENGINE_PARTS = ("indicators", "datamodel", "mappings", "schemas")
DEMO = ROOT / "demo" / "leverans-2026-01"


def _engine_digest() -> dict[str, str]:
    return {
        p.relative_to(ROOT).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for part in ENGINE_PARTS for p in sorted((ROOT / part).rglob("*")) if p.is_file()
    }


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")


def _add_informed_column(delivery: Path) -> pd.Series:
    """The export gains a column 'Informerad' (J/N, some blank) in utredningar.csv, in Treserva's own encoding."""
    path = delivery / "utredningar.csv"
    frame = pd.read_csv(path, sep=";", encoding="cp1252", dtype=str, keep_default_na=False)
    frame["Informerad"] = ["J" if i % 3 else "N" for i in range(len(frame))]
    frame.loc[frame.index % 17 == 0, "Informerad"] = ""
    frame.to_csv(path, sep=";", encoding="cp1252", index=False)
    return frame["Informerad"]


@pytest.fixture(scope="module")
def own_project(tmp_path_factory):
    before = _engine_digest()
    work = tmp_path_factory.mktemp("kommun")
    project = work / "provby-su"
    assert main(["init", str(project), "--system", "treserva", "--kommun", "Provby kommun", "--nämnd", "Socialnämnden"]) == 0
    _write(project / "datamodell-tillägg.yml", """\
        entiteter:
          utredning:
            fält:
              barnet_informerat:
                typ: boolesk
                beskrivning: Barnet har fått information om beslutet i utredningen.
        """)
    _write(project / "mappningar" / "treserva.yml", """\
        utgår_från: treserva
        entiteter:
          utredning:
            kolumner:
              Informerad: barnet_informerat
            koder:
              barnet_informerat: {J: ja, N: nej}
        """)
    catalogue_text = (ROOT / "indicators" / "delaktighet" / "enskilt-samtal-utredning.yml").read_text(encoding="utf-8")
    local = (
        catalogue_text.replace("# yaml-language-server: $schema=../../schemas/indicator.schema.json\n", "")
        .replace("id: enskilt-samtal-utredning", "id: barnet-informerat-om-beslut")
        .replace("enskilt_samtal", "barnet_informerat")
        .replace("namn: Andel avslutade barnavårdsutredningar där barnet haft enskilt samtal med utredaren",
                 "namn: Andel avslutade barnavårdsutredningar där barnet informerats om beslutet")
        .replace("kortnamn: Enskilt samtal i utredning", "kortnamn: Barnet informerat om beslut")
    )
    (project / "lokala-indikatorer" / "barnet-informerat-om-beslut.yml").write_text(local, encoding="utf-8")
    with open(project / "suengine.yml", "a", encoding="utf-8") as config:
        config.write(textwrap.dedent("""\
            katalog:
              välj: [utredning-inom-4-manader, enskilt-samtal-utredning]
              ändringar:
                utredning-inom-4-manader:
                  målvärde: {typ: tröskel, riktning: högre_är_bättre, grön: 50, gul: 30, text: Minst hälften inom fyra månader.}
                  motivering: Nämndens mål för 2025 (lägre än katalogens under omorganisationen).
            """))
    shutil.copytree(DEMO, project / "leveranser" / "leverans-2026-01")
    informed = _add_informed_column(project / "leveranser" / "leverans-2026-01")
    return project, before, informed


def test_init_lays_out_a_project_the_editor_and_git_understand(tmp_path):
    project = tmp_path / "ny"
    assert main(["init", str(project), "--system", "lifecare"]) == 0
    assert {p.name for p in project.iterdir()} == {
        "suengine.yml", "leveranser", "kommentarer", "lokala-indikatorer", ".vscode", ".gitignore", "README.md"}
    assert "källsystem: lifecare" in (project / "suengine.yml").read_text(encoding="utf-8")
    assert "leveranser/" in (project / ".gitignore").read_text(encoding="utf-8").splitlines()
    readme = (project / "README.md").read_text(encoding="utf-8")
    assert "suengine build" in readme and "suengine mappning beskriv lifecare" in readme
    settings = (project / ".vscode" / "settings.json").read_text(encoding="utf-8")
    assert "file://" not in settings and str(ROOT) not in settings  # works on every machine, in git
    for schema in ("config", "indicator", "datamodel-extension", "mapping-extension"):
        copy = project / ".vscode" / "scheman" / f"{schema}.schema.json"
        assert copy.read_bytes() == (ROOT / "schemas" / f"{schema}.schema.json").read_bytes()


def test_init_in_the_empty_working_directory_keeps_that_folder(tmp_path, monkeypatch):
    here = tmp_path / "här"
    here.mkdir()
    inode = here.stat().st_ino
    monkeypatch.chdir(here)
    assert main(["init", "--system", "treserva"]) == 0
    assert here.stat().st_ino == inode and (Path.cwd() / "suengine.yml").is_file()
    assert not any(p.name.startswith(".här") for p in tmp_path.iterdir())


def test_init_refuses_a_folder_in_use_and_an_unknown_system(tmp_path, capsys):
    used = tmp_path / "använd"
    used.mkdir()
    (used / "viktig.txt").write_text("rör ej", encoding="utf-8")
    assert main(["init", str(used), "--system", "treserva"]) == 1
    assert "finns redan och är inte tom" in capsys.readouterr().err
    assert [p.name for p in used.iterdir()] == ["viktig.txt"]
    assert main(["init", str(tmp_path / "x"), "--system", "procapita"]) == 1
    assert "okänt källsystem 'procapita'; välj ett av: lifecare, treserva" in capsys.readouterr().err
    assert not (tmp_path / "x").exists()


def test_update_rewrites_stale_schema_copies_and_keeps_own_settings(tmp_path, capsys):
    project = tmp_path / "p"
    assert main(["init", str(project), "--system", "treserva"]) == 0
    settings = project / ".vscode" / "settings.json"
    settings.write_text(settings.read_text(encoding="utf-8").replace('"files.encoding"', '"editor.rulers": [100],\n  "files.encoding"'), encoding="utf-8")
    (project / ".vscode" / "scheman" / "indicator.schema.json").write_text("{}", encoding="utf-8")
    capsys.readouterr()
    assert main(["init", str(project), "--uppdatera"]) == 0
    assert ".vscode/scheman/indicator.schema.json" in capsys.readouterr().out
    assert (project / ".vscode" / "scheman" / "indicator.schema.json").read_bytes() == (ROOT / "schemas" / "indicator.schema.json").read_bytes()
    assert '"editor.rulers"' in settings.read_text(encoding="utf-8")


def test_check_says_when_the_editor_schemas_are_stale(tmp_path, monkeypatch, capsys):
    project = tmp_path / "p"
    assert main(["init", str(project), "--system", "treserva"]) == 0
    (project / ".vscode" / "scheman" / "config.schema.json").write_text("{}", encoding="utf-8")
    monkeypatch.chdir(project)
    capsys.readouterr()
    assert main(["check"]) == 0
    assert "kör `suengine init --uppdatera`" in capsys.readouterr().out


def test_argparse_speaks_swedish(capsys):
    with pytest.raises(SystemExit):
        main(["init", "--okänd"])
    err = capsys.readouterr().err
    assert "användning: suengine" in err and "fel: okända argument: --okänd" in err


def test_check_in_the_project_names_what_it_checked(own_project, monkeypatch, capsys):
    project, _, _ = own_project
    monkeypatch.chdir(project / "kommentarer")  # a folder below the project finds it too
    assert main(["check"]) == 0
    out = capsys.readouterr().out
    assert "Indikatorer: katalogen i suengine" in out and "2 valda" in out
    assert "lokala indikatorer i" in out and "(1)" in out and "1 lokal ändring" in out
    assert out.strip().endswith("3 indikatorer kontrollerade, 0 fel")


def test_a_local_field_is_checked_against_the_data_model(own_project, monkeypatch, capsys):
    project, _, _ = own_project
    text = (project / "lokala-indikatorer" / "barnet-informerat-om-beslut.yml").read_text(encoding="utf-8")
    broken = tmp = project.parent / "trasig"
    shutil.copytree(project, tmp, ignore=shutil.ignore_patterns("leveranser"))
    (broken / "lokala-indikatorer" / "barnet-informerat-om-beslut.yml").write_text(text.replace("fält: barnet_informerat", "fält: barnet_informerad"), encoding="utf-8")
    (broken / "datamodell-tillägg.yml").write_text((project / "datamodell-tillägg.yml").read_text(encoding="utf-8") + "      enskilt_samtal:\n        typ: boolesk\n        beskrivning: Dubblett.\n", encoding="utf-8")
    monkeypatch.chdir(broken)
    assert main(["check"]) == 1
    out = capsys.readouterr().out
    assert "datamodell-tillägg.yml rad 7: fältet 'enskilt_samtal' finns redan på utredning; ett befintligt fält kan inte definieras om" in out


def test_build_uses_the_local_field_mapping_indicator_and_target(own_project, monkeypatch, capsys):
    project, before, informed = own_project
    monkeypatch.setenv("SUENGINE_PSEUDONYM_KEY", "provnyckel-för-egna-projekt")
    monkeypatch.chdir(project)
    assert main(["build", "--år", "2025"]) == 0, capsys.readouterr().err
    version = project / "build" / "2025.1"
    results = pd.read_csv(version / "resultat.csv", dtype={"stratum": str})
    assert set(results["indikator_id"]) == {"utredning-inom-4-manader", "enskilt-samtal-utredning", "barnet-informerat-om-beslut"}
    local = results[(results["indikator_id"] == "barnet-informerat-om-beslut") & (results["uppdelning"] == "total")].iloc[0]
    assert local["nämnare"] > 0 and 0 < local["värde"] < 100
    assert local["bortfall_täljare"] > 0  # the blank answers are internt bortfall, never "nej"
    target = results[(results["indikator_id"] == "utredning-inom-4-manader") & (results["uppdelning"] == "total")].iloc[0]
    expected = "grön" if target["värde"] >= 50 else "gul" if target["värde"] >= 30 else "röd"
    assert target["status"] == expected
    method = "\n".join(p.read_text(encoding="utf-8") for p in (version / "quarto").rglob("*.qmd"))
    assert "Lokala avvikelser från indikatorkatalogen" in method
    assert "grön 50" in method and "Nämndens mål för 2025" in method
    assert _engine_digest() == before


def test_a_wrong_local_change_is_reported_in_suengine_yml(tmp_path, monkeypatch, capsys):
    project = tmp_path / "p"
    assert main(["init", str(project), "--system", "treserva"]) == 0
    with open(project / "suengine.yml", "a", encoding="utf-8") as config:
        config.write("katalog:\n  utelämna: [socialjourr]\n  ändringar:\n    utredning-inom-4-manader:\n      målvärde: {typ: tröskel, riktning: högre_är_bättre, grön: 60, gul: 80, text: Fel ordning.}\n")
    lines = (project / "suengine.yml").read_text(encoding="utf-8").splitlines()
    monkeypatch.chdir(project)
    capsys.readouterr()
    assert main(["check"]) == 1
    out = capsys.readouterr().out
    assert f"FEL: suengine.yml rad {lines.index('  utelämna: [socialjourr]') + 1}: 'socialjourr' finns inte i katalogen (varken som indikator-id eller mapp) — menade du 'socialjour'?" in out
    changed = [line for line in out.splitlines() if "(lokal ändring)" in line]
    assert changed and all(line.startswith(f"FEL: suengine.yml rad {lines.index('      målvärde: {typ: tröskel, riktning: högre_är_bättre, grön: 60, gul: 80, text: Fel ordning.}') + 1}") for line in changed)


def test_every_command_uses_the_projects_field_mapping_and_indicators(own_project, monkeypatch, capsys, tmp_path):
    project, _, _ = own_project
    monkeypatch.chdir(project)
    monkeypatch.setenv("SUENGINE_PSEUDONYM_KEY", "provnyckel-för-egna-projekt")
    capsys.readouterr()
    assert main(["test"]) == 0
    out = capsys.readouterr().out
    assert "✓ barnet-informerat-om-beslut:" in out and "lokala indikatorer i" in out
    assert main(["datamodell"]) == 0
    assert "barnet_informerat" in capsys.readouterr().out
    assert main(["mappning", "beskriv"]) == 0  # the project's källsystem, with its own column
    assert "| `Informerad` | barnet_informerat | boolesk |" in capsys.readouterr().out
    assert main(["mappning", "prova", "leveranser/leverans-2026-01"]) == 0
    assert "  Informerad → barnet_informerat: " in capsys.readouterr().out
    assert main(["ingest", "--ut", str(tmp_path / "inläst")]) == 0  # the newest delivery in leveranser/
    assert "barnet_informerat" in (tmp_path / "inläst" / "utredning.csv").read_text(encoding="utf-8").splitlines()[0]
    assert main(["katalog", "--ut", str(tmp_path / "katalog.md")]) == 0
    catalogue = (tmp_path / "katalog.md").read_text(encoding="utf-8")
    assert "barnet-informerat-om-beslut" in catalogue and "Minst hälften inom fyra månader." in catalogue


def test_outside_the_project_the_local_field_is_unknown(own_project, monkeypatch, capsys):
    """The project's additions belong to the project: the engine's own model never learns them."""
    project, _, _ = own_project
    monkeypatch.chdir(project.parent)
    capsys.readouterr()
    assert main(["check", str(project / "lokala-indikatorer")]) == 1
    assert "okänt fält 'barnet_informerat'" in capsys.readouterr().out


def test_a_local_mapping_must_build_on_a_known_mapping(own_project, monkeypatch, capsys, tmp_path):
    project, _, _ = own_project
    copy = tmp_path / "kopia"
    shutil.copytree(project, copy, ignore=shutil.ignore_patterns("build"))
    (copy / "mappningar" / "treserva.yml").write_text("utgår_från: treservaa\n", encoding="utf-8")
    monkeypatch.chdir(copy)
    monkeypatch.setenv("SUENGINE_PSEUDONYM_KEY", "provnyckel-för-egna-projekt")
    capsys.readouterr()
    assert main(["ingest"]) == 1
    assert "utgår_från: motorn har ingen mappning 'treservaa' (finns: lifecare, treserva)" in capsys.readouterr().err
