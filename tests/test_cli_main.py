"""The top-level CLI: every command is documented and listed without importing the others."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

from suengine.cli import COMMANDS, command_summary, main


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_listed_summary_matches_the_commands_docstring(name):
    module_name, summary = COMMANDS[name]
    module = importlib.import_module(f"suengine.commands.{module_name}")
    assert summary == command_summary(module)
    assert "Exempel" in (module.__doc__ or ""), f"{name}: --help saknar exempel"


def test_help_lists_every_command(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    for name in COMMANDS:
        assert name in out


def test_no_command_prints_help_and_exits_2(capsys):
    assert main([]) == 2
    assert "KOMMANDO" in capsys.readouterr().out


def test_running_a_light_command_does_not_import_the_renderers():
    code = "import sys; from suengine.cli import build_parser; build_parser('check'); print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_is_mentioned_in_the_readme(name):
    from suengine.resources import project_root

    readme = (project_root() / "README.md").read_text(encoding="utf-8")
    assert f"suengine {name}" in readme, f"README.md nämner inte `suengine {name}`"


_IMPORTED = """
import sys
from suengine.cli import main
try:
    code = main({argv!r})
except SystemExit as exc:
    code = exc.code
heavy = sorted(m for m in sys.modules if m.startswith("suengine.commands.") or m.split(".")[0] in
               ("pandas", "matplotlib", "duckdb", "numpy", "typst", "pypandoc"))
print("EXIT", code)
print("IMPORTED", *heavy)
"""


def _imported_after(argv: list[str]) -> tuple[str, list[str]]:
    result = subprocess.run([sys.executable, "-c", _IMPORTED.format(argv=argv)], capture_output=True, text=True,
                            check=True)
    lines = {line.split()[0]: line.split()[1:] for line in result.stdout.splitlines() if line.startswith(("EXIT", "IMPORTED"))}
    return lines["EXIT"][0], lines["IMPORTED"]


@pytest.mark.parametrize("argv", [["--help"], ["--version"], []])
def test_help_and_version_import_no_command_module(argv):
    """`suengine --help` / `--version` answer from COMMANDS alone: no command, pandas or matplotlib."""
    code, modules = _imported_after(argv)
    assert code == ("2" if not argv else "0")
    assert modules == []


def test_a_commands_help_imports_that_command_only():
    code, modules = _imported_after(["check", "--help"])
    assert code == "0"
    assert [m for m in modules if m.startswith("suengine.commands.")] == ["suengine.commands.check"]
