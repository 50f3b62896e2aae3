"""The Quarto path through our own code, with a stand-in `quarto` on PATH (Quarto cannot be installed here).

The stand-in is a small Python script written by the test. Like Quarto 1.10 it answers
`--version`, and for `render --to <format>` it reads `_quarto.yml` in its working folder, writes
`_utdata/index.<ext>` (a real HTML page, PDF or DOCX), copies the figures into `_utdata/`, leaves
`.quarto/` scratch and a `.gitignore` behind and prints progress and, when told to, warnings on
stderr. Every call is recorded, so the tests see what suengine asked Quarto to do and what it
published afterwards: renamed files, warnings handled like the pandoc path's, no leftovers, and
the Quarto version in the manifest.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import docx
import pandas as pd
import pytest
import yaml
from pypdf import PdfReader

from suengine.definitions.model import Indicator
from suengine.errors import SuengineError
from suengine.render.report import ReportRequest, build_report

FAKE_VERSION = "1.10.18"

FAKE_QUARTO = '''#!{python}
"""Stand-in for Quarto in suengine's tests: records its calls and writes files as Quarto names them."""
import json, os, shutil, sys
from pathlib import Path

args = sys.argv[1:]
cwd = Path.cwd()
entry = {{"args": args, "cwd": str(cwd)}}
if (cwd / "_quarto.yml").is_file():
    entry["config"] = (cwd / "_quarto.yml").read_text(encoding="utf-8")
with open(os.environ["FAKE_QUARTO_LOG"], "a", encoding="utf-8") as log:
    log.write(json.dumps(entry) + "\\n")
if args == ["--version"]:
    print(os.environ.get("FAKE_QUARTO_VERSION", "{version}"))
    sys.exit(0)
if args[:1] != ["render"] or "--to" not in args:
    print("ERROR: unknown command", file=sys.stderr)
    sys.exit(1)
to = args[args.index("--to") + 1]
ext = {{"html": "html", "typst": "pdf", "docx": "docx"}}[to]
print("pandoc\\n  to: " + to + "\\n  output-file: index." + ext + "\\n", file=sys.stderr)
print(os.environ.get("FAKE_QUARTO_STDERR_" + to.upper(), ""), file=sys.stderr)
code = int(os.environ.get("FAKE_QUARTO_EXIT_" + to.upper(), "0"))
if code:
    sys.exit(code)
out = cwd / "_utdata"
out.mkdir(exist_ok=True)
shutil.copytree(cwd / "figurer", out / "figurer", dirs_exist_ok=True)
(cwd / ".quarto" / "xref").mkdir(parents=True, exist_ok=True)
(cwd / ".quarto" / "xref" / "INDEX").write_text("{{}}", encoding="utf-8")
if not (cwd / ".gitignore").exists():
    (cwd / ".gitignore").write_text("/.quarto/\\n", encoding="utf-8")
target = out / ("index." + ext)
if ext == "html":
    target.write_text("<!DOCTYPE html><html lang=\\"sv\\"><head><title>Rapport</title></head>"
                      "<body><main><h1>Sammanfattning</h1></main></body></html>", encoding="utf-8")
elif ext == "pdf":
    from pypdf import PdfWriter
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({{"/Title": "Rapport från Quarto"}})
    writer.write(str(target))
else:
    import docx
    document = docx.Document()
    document.add_paragraph("Rapport från Quarto")
    document.save(str(target))
print("Output created: _utdata/index." + ext, file=sys.stderr)
'''


@dataclass
class FakeQuarto:
    log: Path
    monkeypatch: pytest.MonkeyPatch

    def calls(self) -> list[dict]:
        if not self.log.is_file():
            return []
        return [json.loads(line) for line in self.log.read_text(encoding="utf-8").splitlines()]

    def renders(self) -> list[dict]:
        return [c for c in self.calls() if c["args"][:1] == ["render"]]

    def stderr(self, to: str, text: str) -> None:
        self.monkeypatch.setenv(f"FAKE_QUARTO_STDERR_{to.upper()}", text)

    def exit_code(self, to: str, code: int) -> None:
        self.monkeypatch.setenv(f"FAKE_QUARTO_EXIT_{to.upper()}", str(code))


def _install(base: Path, monkeypatch: pytest.MonkeyPatch) -> FakeQuarto:
    bin_dir = base / "bin"
    bin_dir.mkdir()
    script = bin_dir / "quarto"
    script.write_text(FAKE_QUARTO.format(python=sys.executable, version=FAKE_VERSION), encoding="utf-8")
    script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    log = base / "quarto-anrop.jsonl"
    monkeypatch.setenv("FAKE_QUARTO_LOG", str(log))
    return FakeQuarto(log, monkeypatch)


@pytest.fixture
def fake_quarto(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> FakeQuarto:
    return _install(tmp_path, monkeypatch)


def _build(out: Path, results: pd.DataFrame, indicators: list[Indicator], **kwargs):
    return build_report(ReportRequest(results=results, year=2025, indicators=indicators, out=out, version="2025.1",
                                      **kwargs))


@pytest.fixture(scope="module")
def quarto_build(tmp_path_factory, results_table, indicators):
    """One build with Quarto on PATH (chosen automatically), a harmless warning on the HTML run."""
    base = tmp_path_factory.mktemp("quarto")
    with pytest.MonkeyPatch.context() as monkeypatch:
        fake = _install(base, monkeypatch)
        fake.stderr("html", "WARNING (quarto): okänd nyckel i ett kodblock")
        result = _build(base / "build", results_table, indicators)
    return result, fake


def test_quarto_renders_each_format_in_the_generated_project(quarto_build) -> None:
    result, fake = quarto_build
    renders = fake.renders()
    # each format of the Bilaga (quarto/), then of the nämnd report (quarto-namnd/)
    assert [(Path(c["cwd"]).name, c["args"]) for c in renders] == [
        (folder, ["render", "--to", fmt]) for fmt in ("html", "typst", "docx") for folder in ("quarto", "quarto-namnd")]
    for call in renders:
        folder = Path(call["cwd"])
        assert folder.parent.name.startswith(".2025.1.bygge-")  # rendered before publishing
        config = yaml.safe_load(call["config"])
        assert config["format"]["html"]["format-links"] is False
        assert config["format"]["typst"]["pdf-standard"] == "ua-1"


def test_quarto_outputs_are_published_under_the_versioned_names(quarto_build) -> None:
    result, _ = quarto_build
    assert {fmt: path.name for fmt, path in result.outputs.items()} == {
        "html": "su-rapport-2025.1.html", "pdf": "su-rapport-2025.1.pdf", "docx": "su-rapport-2025.1.docx"}
    assert "<main>" in result.outputs["html"].read_text(encoding="utf-8")
    assert PdfReader(str(result.outputs["pdf"])).metadata.title == "Rapport från Quarto"
    assert docx.Document(str(result.outputs["docx"])).paragraphs[0].text == "Rapport från Quarto"


def test_quarto_leftovers_are_not_published(quarto_build) -> None:
    result, _ = quarto_build
    project = result.folder / "quarto"
    assert (project / "index.qmd").is_file() and (project / "figurer").is_dir()
    for leftover in ("_utdata", ".quarto", ".gitignore", "index_files"):
        assert not (project / leftover).exists(), leftover
    assert not list(project.glob("index.*[!d]"))  # only index.qmd, no index.html/pdf/docx
    assert sorted(p.name for p in result.folder.iterdir()) == [
        "andringslogg.md", "manifest.json", "quarto", "quarto-namnd", "su-namndrapport-2025.1.docx",
        "su-namndrapport-2025.1.html", "su-namndrapport-2025.1.pdf", "su-rapport-2025.1.docx", "su-rapport-2025.1.html",
        "su-rapport-2025.1.pdf"]
    assert not (result.folder / "quarto-namnd" / "_utdata").exists()


def test_the_manifest_records_the_quarto_version(quarto_build) -> None:
    result, fake = quarto_build
    manifest = json.loads((result.folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["renderare"] == result.renderer == f"quarto {FAKE_VERSION}"
    assert ["--version"] in [c["args"] for c in fake.calls()]


def test_quarto_warnings_are_read_and_shown(quarto_build) -> None:
    result, _ = quarto_build
    assert "quarto: WARNING (quarto): okänd nyckel i ett kodblock" in result.warnings
    assert not any("Output created" in w or "output-file" in w for w in result.warnings)  # progress is not a warning


def test_a_font_warning_from_quarto_fails_the_build_and_publishes_nothing(fake_quarto, tmp_path, results_table,
                                                                          indicators) -> None:
    """Quarto exits 0 when typst falls back to another font; the build stops as on the pandoc path."""
    fake_quarto.stderr("typst", "warning: unknown font family: arial\n   ┌─ index.typ:41:1\n")
    out = tmp_path / "build"
    with pytest.raises(SuengineError, match="typsnitt.*unknown font family: arial"):
        _build(out, results_table, indicators)
    assert list(out.iterdir()) == []
    assert [c["args"][-1] for c in fake_quarto.renders()] == ["html", "html", "typst"]  # stopped at the first PDF, before DOCX


def test_a_missing_resource_reported_by_quarto_fails_the_build(fake_quarto, tmp_path, results_table,
                                                               indicators) -> None:
    fake_quarto.stderr("docx", "[WARNING] Could not fetch resource figurer/saknas.png: replacing image with description")
    out = tmp_path / "build"
    with pytest.raises(SuengineError, match="hittade inte allt innehåll.*figurer/saknas.png"):
        _build(out, results_table, indicators)
    assert list(out.iterdir()) == []


def test_a_failing_quarto_is_reported_with_its_message(fake_quarto, tmp_path, results_table, indicators) -> None:
    fake_quarto.stderr("html", "ERROR: Validation of YAML front matter failed.")
    fake_quarto.exit_code("html", 1)
    out = tmp_path / "build"
    with pytest.raises(SuengineError, match="(?s)quarto render --to html misslyckades: .*Validation of YAML"):
        _build(out, results_table, indicators)
    assert list(out.iterdir()) == []


def test_the_pandoc_path_is_used_when_asked_even_with_quarto_on_path(fake_quarto, tmp_path, results_table,
                                                                     indicators) -> None:
    result = _build(tmp_path / "build", results_table, indicators, formats=("html",), use_quarto=False)
    assert result.renderer.startswith("pandoc ")
    assert fake_quarto.calls() == []


def test_published_quarto_build_holds_no_path_of_the_build_machine(quarto_build, machine_paths_in) -> None:
    result, _ = quarto_build
    assert machine_paths_in(result.folder) == []
