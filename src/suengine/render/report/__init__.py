"""The versioned annual SU report for the nämnd: a generated Quarto project rendered to HTML, PDF and DOCX.

`build_report(ReportRequest(...))` reads the results table (docs/resultat.md), the indicator
definitions, the delivery's quality summary and the staff's commentary, writes the Quarto
project, renders it (Quarto when installed, otherwise pandoc + typst from their wheels) and
publishes `<ut>/<version>/` atomically with a manifest and a changelog.
"""

from __future__ import annotations

from suengine.render.report.build import BuildResult, ReportRequest, build_report, output_name

__all__ = ["BuildResult", "ReportRequest", "build_report", "output_name"]
