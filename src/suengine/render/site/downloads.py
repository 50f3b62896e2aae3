"""The downloads page: the report, the results table and the workbook, copied into the site."""

from __future__ import annotations

import shutil
from pathlib import Path

from suengine.render.format import format_number
from suengine.render.site.markdown import text
from suengine.render.site.options import Downloads

FILE_DIR = "filer"


def _size(path: Path) -> str:
    size = path.stat().st_size
    if size >= 1024 * 1024:
        return f"{format_number(size / (1024 * 1024), 1)} MB"
    return f"{format_number(max(size / 1024, 0.1), 1)} kB"


def downloads_page(downloads: Downloads, docs: Path) -> str:
    lines = [
        "# Nedladdningar\n",
        "Samma resultat som på webbplatsen, för sammanträdeshandlingar och egna analyser. "
        "Dolda värden (`..`) är dolda även i filerna.\n",
    ]
    items = downloads.items()
    if not items:
        lines.append("Inga filer har bifogats den här versionen.\n")
        return "\n".join(lines)
    target = docs / FILE_DIR
    target.mkdir(parents=True, exist_ok=True)
    for label, source in items:
        if not source.is_file():
            raise FileNotFoundError(f"filen för nedladdning finns inte: {source}")
        shutil.copyfile(source, target / source.name)
        suffix = source.suffix.lstrip(".").upper()
        lines.append(f"- [{text(label)}]({FILE_DIR}/{source.name}) ({text(suffix)}, {text(_size(source))})")
    lines.append("")
    return "\n".join(lines)
