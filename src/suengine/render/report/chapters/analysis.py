"""Analys och åtgärder: the staff's own commentary, printed as written; what is missing is listed.

Commentary is Markdown in `kommentarer/<år>/<indikator-id>.md` (see docs/kommentarer.md). Its
headings are moved down below the indicator's heading so the report's outline stays intact.
Nothing is ever written in the staff's place. Which indicators lack a commentary is staff
business: `missing_commentary` lists them for the build log, never for the nämnd.
"""

from __future__ import annotations

import re

from suengine.render.report import markdown as md
from suengine.render.report.chapters.indicator import anchor
from suengine.render.report.context import ReportContext

_HEADING = re.compile(r"^(#{1,6})(\s)")
_FENCE = re.compile(r"^(```|~~~)")


def demote(text: str, levels: int) -> str:
    """Move Markdown ATX headings down `levels` steps (at most to level 6), outside code fences."""
    out, fenced = [], False
    for line in text.splitlines():
        if _FENCE.match(line):
            fenced = not fenced
        elif not fenced:
            line = _HEADING.sub(lambda m: "#" * min(6, len(m.group(1)) + levels) + m.group(2), line)
        out.append(line)
    return "\n".join(out).strip() + "\n"


def missing_commentary(context: ReportContext) -> list[str]:
    """Build-log lines: indicators without commentary and commentary files that match no indicator."""
    commentary = context.commentary
    indicators = [i for area in context.areas().values() for i in area]
    lines = []
    missing = [i.id for i in indicators if i.id not in commentary.texts]
    if missing:
        where = f"{commentary.folder}" if commentary.folder is not None else "ingen mapp för kommentarer angavs"
        lines.append(f"Kommentar saknas för {len(missing)} indikatorer ({where}): {', '.join(missing)}")
    if commentary.unknown:
        lines.append("Kommentarsfiler som inte hör till någon indikator i rapporten: " + ", ".join(commentary.unknown))
    return lines


def chapter(context: ReportContext) -> str:
    commentary = context.commentary
    indicators = [i for area in context.areas().values() for i in area]
    parts = [md.heading(1, "Analys och åtgärder", "analys")]
    parts.append(
        "Kapitlet återger verksamhetens egen analys av resultaten och de åtgärder som planeras, oförändrad.\n"
    )
    if commentary.introduction:
        parts.append(md.heading(2, "Övergripande analys", "analys-oversikt"))
        parts.append(demote(commentary.introduction, 2))
    with_text = [i for i in indicators if i.id in commentary.texts]
    for indicator in with_text:
        parts.append(md.heading(2, indicator.short_name, f"analys-{anchor(indicator)}"))
        parts.append(f"Resultat och diagram: [{md.escape(indicator.short_name)}](#{anchor(indicator)}).\n")
        parts.append(demote(commentary.texts[indicator.id], 2))
    if not with_text and not commentary.introduction:
        parts.append(f"Verksamheten har inte lämnat någon analys för {context.year}.\n")
    return "\n".join(parts)
