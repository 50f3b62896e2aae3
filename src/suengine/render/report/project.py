"""Write the generated Quarto project: `_quarto.yml`, `index.qmd` and one `.qmd` file per chapter.

The report is one document: `index.qmd` holds the summary and pulls in the other chapters with
Quarto's include shortcode, so every format is a single file (a self-contained HTML page, one
PDF, one DOCX). Without Quarto, `combined_markdown` resolves the includes itself and hands
pandoc the same text. Images carry no extension; each format picks SVG or PNG through
`default-image-extension`.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from suengine.render import chart_cache
from suengine.render.report.chapters import analysis, committee, indicator, method, quality, summary
from suengine.render.report.context import FIGURE_FOLDER, ReportContext, area_title, slug
from suengine.resources import project_root

MAIN_FILE = "index.qmd"
CONFIG_FILE = "_quarto.yml"
OUTPUT_DIR = "_utdata"
MAIN_FONT = "Libertinus Serif"  # bundled with typst, so the PDF looks the same on every machine
REGION = "SE"  # with lang "sv": the PDF's language is sv-SE (typst's default region would make it sv-US)
PDF_STANDARD = "ua-1"  # PDF/UA-1: tagged, titled, and typst refuses an image without alt text
FAKTARUTA_FILTER = "filters/faktaruta.lua"  # DOCX callouts in the reference document's Faktaruta style
STATUS_FILTER = "filters/status.lua"  # status colours on both paths
TEMPLATE_FILES = ("reference.docx", "filters/suengine.lua", FAKTARUTA_FILTER, STATUS_FILTER, "templates/rapport.html",
                  "templates/rapport-typst.typ")
_INCLUDE = re.compile(r"^\{\{<\s*include\s+(\S+)\s*>\}\}\s*$")


def templates_dir() -> Path:
    """The committed templates, filters and reference.docx (the repository's `report/` folder)."""
    return project_root() / "report"


@dataclass
class Project:
    folder: Path
    config: dict[str, Any]
    chapters: list[str] = field(default_factory=list)  # file names, in reading order

    @property
    def metadata(self) -> dict[str, Any]:
        return {k: self.config[k] for k in ("title", "subtitle", "date", "lang", "toc-title") if k in self.config}


COMMITTEE_TITLE = "Rapport till nämnden"
APPENDIX_TITLE = "Bilaga: resultat per indikator, datakvalitet och metod"


def quarto_config(context: ReportContext, committee_report: bool = False) -> dict[str, Any]:
    """`_quarto.yml`, following the Quarto 1.10 documentation (report/README.md says what was run).

    The pandoc path reads the same values (backends.render_pdf), so both paths agree on them. The short report
    to the nämnd (`committee_report`) has a cover date and no table of contents.
    """
    where = ", ".join(p for p in (context.municipality, context.committee) if p)
    if committee_report:
        title, subtitle = f"{COMMITTEE_TITLE}: {context.title}", f"{where + ' · ' if where else ''}version {context.version}"
    else:
        title, subtitle = context.title, f"{APPENDIX_TITLE}, version {context.version}"
    return {
        "project": {"type": "default", "render": [MAIN_FILE], "output-dir": OUTPUT_DIR},
        "title": title,
        "subtitle": subtitle,
        **({"date": context.report_date} if committee_report and context.report_date else {}),
        "lang": "sv",
        # the DOCX footer (docx_footer.add_footer, on both paths): kommun, which document, version; page numbers
        "suengine-footer": " · ".join(p for p in (context.municipality, COMMITTEE_TITLE if committee_report else "Bilaga",
                                                  f"version {context.version}") if p),
        "filters": [STATUS_FILTER],
        "toc": not committee_report,
        "toc-depth": 2,
        "toc-title": "Innehåll",
        # no icon in any callout: in DOCX Quarto's icon is a picture whose description is its install path
        "callout-icon": False,
        "format": {
            # no "Andra format" links: the files are renamed to su-rapport-<version>.* after rendering
            "html": {"embed-resources": True, "default-image-extension": "svg", "format-links": False},
            "typst": {"papersize": "a4", "mainfont": MAIN_FONT, "region": REGION, "pdf-standard": PDF_STANDARD,
                      "default-image-extension": "svg", "include-before-body": "templates/rapport-typst.typ"},
            "docx": {"reference-doc": "reference.docx", "default-image-extension": "png",
                     "filters": [{"path": FAKTARUTA_FILTER, "at": "pre-ast"}, STATUS_FILTER]},
        },
    }


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8", newline="\n")


def _copy_templates(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    source = templates_dir()
    for name in TEMPLATE_FILES:
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source / name, target)


def write_committee_project(context: ReportContext, folder: Path) -> Project:
    """The short report to the nämnd, a project of its own beside the Bilaga's (one index.qmd, no figures)."""
    _copy_templates(folder)
    (folder / FIGURE_FOLDER).mkdir(exist_ok=True)  # no figures, but the same layout as the Bilaga's project
    project = Project(folder, quarto_config(context, committee_report=True))
    _write(folder / CONFIG_FILE, yaml.safe_dump(project.config, allow_unicode=True, sort_keys=False))
    _write(folder / MAIN_FILE, committee.document(context))
    project.chapters = [MAIN_FILE]
    return project


def write_project(context: ReportContext) -> Project:
    """The Bilaga's Quarto project; its charts are drawn side by side (`chart_cache.batch`) while the text is written."""
    folder = context.project_dir
    _copy_templates(folder)
    context.figure_dir.mkdir(exist_ok=True)

    project = Project(folder, quarto_config(context))
    _write(folder / CONFIG_FILE, yaml.safe_dump(project.config, allow_unicode=True, sort_keys=False))

    chapters: list[tuple[str, str]] = []
    with chart_cache.batch():  # every figure file is written when the block ends
        for area, indicators in context.areas().items():
            chapters.append((f"_omrade-{slug(area)}.qmd", indicator.area_chapter(context, area, indicators, area_title(area))))
        chapters.append(("_analys.qmd", analysis.chapter(context)))
        chapters.append(("_datakvalitet.qmd", quality.chapter(context)))
        chapters.append(("_metod.qmd", method.chapter(context)))
        main = summary.chapter(context)
    for name, text in chapters:
        _write(folder / name, text)
    includes = "".join(f"\n{{{{< include {name} >}}}}\n" for name, _ in chapters)
    _write(folder / MAIN_FILE, main + includes)
    project.chapters = [MAIN_FILE] + [name for name, _ in chapters]
    return project


def combined_markdown(project: Project) -> str:
    """The whole report as one pandoc Markdown text: front matter plus index.qmd with includes resolved."""
    front = yaml.safe_dump(project.metadata, allow_unicode=True, sort_keys=False)
    lines = []
    for line in (project.folder / MAIN_FILE).read_text(encoding="utf-8").splitlines():
        match = _INCLUDE.match(line)
        lines.append((project.folder / match.group(1)).read_text(encoding="utf-8") if match else line)
    return f"---\n{front}---\n\n" + "\n".join(lines) + "\n"
