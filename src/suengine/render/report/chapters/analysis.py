"""Analys och åtgärder: the staff's own commentary, printed as written; what is missing is listed.

Commentary is Markdown in `kommentarer/<år>/<indikator-id>.md` (see docs/kommentarer.md). Its
headings are moved down below the indicator's heading so the report's outline stays intact.
Nothing is ever written in the staff's place.
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


def chapter(context: ReportContext) -> str:
    commentary = context.commentary
    indicators = [i for area in context.areas().values() for i in area]
    parts = [md.heading(1, "Analys och åtgärder", "analys")]
    parts.append(
        "Kapitlet återger verksamhetens egen analys av resultaten och de åtgärder som planeras. Texterna skrivs av "
        f"verksamheten i mappen för kommentarer (`{context.year}/<indikator-id>.md`) och återges oförändrade.\n"
    )
    if commentary.introduction:
        parts.append(md.heading(2, "Övergripande analys", "analys-oversikt"))
        parts.append(demote(commentary.introduction, 2))
    with_text = [i for i in indicators if i.id in commentary.texts]
    for indicator in with_text:
        parts.append(md.heading(2, indicator.short_name, f"analys-{anchor(indicator)}"))
        parts.append(f"Resultat och diagram: [{md.escape(indicator.short_name)}](#{anchor(indicator)}).\n")
        parts.append(demote(commentary.texts[indicator.id], 2))
    missing = [i for i in indicators if i.id not in commentary.texts]
    parts.append(md.heading(2, "Kommentar saknas", "kommentar-saknas"))
    if not missing:
        parts.append(f"Alla indikatorer har en kommentar för {context.year}.\n")
    else:
        if commentary.folder is None:
            parts.append("Ingen mapp med kommentarer angavs när rapporten byggdes. ")
        parts.append(f"För följande indikatorer har verksamheten inte lämnat någon kommentar för {context.year}; "
                     "rapporten innehåller därför ingen analys av dem:\n")
        parts.append(md.bullet_list([f"{md.escape(i.short_name)} ({md.escape(i.id)})" for i in missing]))
    if commentary.unknown:
        parts.append("\nFöljande kommentarsfiler hör inte till någon indikator i rapporten och har inte tagits med: "
                     + ", ".join(md.escape(name) for name in commentary.unknown) + ".\n")
    return "\n".join(parts)
