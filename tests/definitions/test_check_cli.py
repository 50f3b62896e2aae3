"""`suengine check` as a user runs it: exact output and exit codes."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from suengine.cli import main
from suengine.commands.check import summary
from suengine.resources import project_root
from .yaml_fixtures import BASE, changed, line_of, run_cli

INDICATOR_FILES = sorted((project_root() / "indicators").rglob("*.yml"))


def test_check_passes_on_the_project_indicators() -> None:
    done = run_cli("check", cwd=project_root())
    assert done.stdout == (
        f"Indikatorer: indicators/ i arbetskatalogen {project_root()} (inget projekt)\n"
        f"{len(INDICATOR_FILES)} indikatorer kontrollerade, 0 fel\n"
    )
    assert done.returncode == 0, done.stderr


def test_outside_any_project_check_is_an_error_not_the_engines_set(tmp_path: Path) -> None:
    done = run_cli("check", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stdout == ""
    assert "Fel: här finns inget SU-projekt: ingen suengine.yml" in done.stderr
    assert "suengine init" in done.stderr


def test_unknown_field_exact_output(write: Callable[..., Path], tmp_path: Path) -> None:
    text = changed(BASE, "{fält: utredningstyp, är: barnavård}", "{fält: utredningstypp, är: barnavård}")
    write("testindikator.yml", text)
    done = run_cli("check", "testindikator.yml", cwd=tmp_path)
    assert done.stdout == textwrap.dedent(
        f"""\
        FEL: testindikator.yml rad {line_of(text, "utredningstypp")} (testindikator): okänt fält 'utredningstypp' på utredning — menade du 'utredningstyp'?
        1 indikator kontrollerad, 1 fel
        """
    )
    assert done.returncode == 1
    assert done.stderr == ""


def test_wrong_encoding_exact_output(write: Callable[..., Path], tmp_path: Path) -> None:
    write("testindikator.yml", BASE.encode("cp1252"))
    done = run_cli("check", "testindikator.yml", cwd=tmp_path)
    assert done.stdout == (
        f"FEL: testindikator.yml rad {line_of(BASE, 'namn: Andel')}: filen är inte kodad som UTF-8 (byte 0xe5 går inte att "
        "läsa; sparad som Windows-1252/Latin-1?) — spara om filen som UTF-8\n"
        "1 indikator kontrollerad, 1 fel\n"
    )
    assert done.returncode == 1


def run(args: list[str], capsys: pytest.CaptureFixture[str], cwd: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    monkeypatch.chdir(cwd)
    code = main(args)
    return code, capsys.readouterr().out


def test_duplicate_id_exact_output(write: Callable[..., Path], tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    write("indikatorer/a/testindikator.yml", BASE)
    write("indikatorer/b/testindikator.yml", BASE)
    code, out = run(["check", "indikatorer"], capsys, tmp_path, monkeypatch)
    assert out == textwrap.dedent(
        """\
        FEL: indikatorer/a/testindikator.yml rad 2 (testindikator): id 'testindikator' används också i indikatorer/b/testindikator.yml rad 2
        VARNING: indikatorer/a/testindikator.yml rad 9 (testindikator): indikatorområde 'handläggning' stämmer inte med mappen a/
        FEL: indikatorer/b/testindikator.yml rad 2 (testindikator): id 'testindikator' används också i indikatorer/a/testindikator.yml rad 2
        VARNING: indikatorer/b/testindikator.yml rad 9 (testindikator): indikatorområde 'handläggning' stämmer inte med mappen b/
        2 indikatorer kontrollerade, 2 fel, 2 varningar
        """
    )
    assert code == 1


def test_malformed_yaml_and_empty_file_exact_output(
    write: Callable[..., Path], tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    write("ind/testindikator.yml", changed(BASE, "bas: utredning", "bas: utredning: insats"))
    write("ind/tom.yml", "\n")
    write("ind/lista.yml", "- a\n- b\n")
    code, out = run(["check", "ind"], capsys, tmp_path, monkeypatch)
    assert out == textwrap.dedent(
        f"""\
        FEL: ind/lista.yml rad 1: översta nivån ska vara en mappning (nyckel: värde), men är en lista
        FEL: ind/testindikator.yml rad {line_of(BASE, "bas:")}: ogiltig YAML: kolon på fel ställe (saknas mellanslag efter ':' eller citattecken runt texten?)
        FEL: ind/tom.yml rad 1: filen är tom
        3 indikatorer kontrollerade, 3 fel
        """
    )
    assert code == 1


def test_warning_only_exits_zero(write: Callable[..., Path], tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    write("annat-namn.yml", BASE)
    code, out = run(["check", "annat-namn.yml"], capsys, tmp_path, monkeypatch)
    assert out == textwrap.dedent(
        """\
        VARNING: annat-namn.yml rad 2 (testindikator): id 'testindikator' stämmer inte med filnamnet annat-namn.yml; döp filen till testindikator.yml
        1 indikator kontrollerad, 0 fel, 1 varning
        """
    )
    assert code == 0


def test_clean_single_file(write: Callable[..., Path], tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    write("testindikator.yml", BASE)
    assert run(["check", "testindikator.yml"], capsys, tmp_path, monkeypatch) == (0, "1 indikator kontrollerad, 0 fel\n")


def test_missing_path(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    assert run(["check", "finns-inte"], capsys, tmp_path, monkeypatch) == (
        1,
        "FEL: sökvägen finns-inte finns inte\n0 indikatorer kontrollerade, 1 fel\n",
    )


def test_help_has_an_example(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["check", "--help"])
    out = capsys.readouterr().out
    assert "Exempel:" in out and "suengine check indicators/" in out and "indikatorer kontrollerade" in out


@pytest.mark.parametrize(
    "files,errors,warnings,text",
    [
        (6, 0, 0, "6 indikatorer kontrollerade, 0 fel"),
        (1, 1, 0, "1 indikator kontrollerad, 1 fel"),
        (12, 2, 1, "12 indikatorer kontrollerade, 2 fel, 1 varning"),
        (2, 0, 3, "2 indikatorer kontrollerade, 0 fel, 3 varningar"),
    ],
)
def test_summary_line(files: int, errors: int, warnings: int, text: str) -> None:
    assert summary(files, errors, warnings) == text
