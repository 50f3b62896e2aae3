"""The archive page (every published version with its dates and ändringslogg, newest first) and the
page Ändringslogg of this version (the indicator definitions that changed since the previous one)."""

from __future__ import annotations

from suengine.definitions.model import Indicator
from suengine.render.format import SYMBOL_MISSING
from suengine.render.report.versions import CHANGE_NEW, CHANGE_REMOVED, CHANGE_TEXT, CHANGE_TEXTS, CHANGE_VERSION, Changelog
from suengine.render.site.markdown import attr, table, text
from suengine.render.site.options import SiteOptions, VersionEntry

CHANGELOG_PAGE = "andringslogg.md"
CHANGELOG_HTML = "andringslogg.html"
_KIND = {CHANGE_NEW: "Ny indikator", CHANGE_REMOVED: "Borttagen", CHANGE_VERSION: "Ny definitionsversion",
         CHANGE_TEXT: "Ändrad text, samma version"}


def _date(value: str) -> str:
    return attr(value) if value else SYMBOL_MISSING


def _row(entry: VersionEntry, note: str, current: bool) -> str:
    folder = f"../{attr(entry.version)}/"
    mark = ' aria-current="page"' if current else ""
    log = f'<a href="{folder}{CHANGELOG_HTML}">Ändringslogg<span class="su-visually-hidden">, {attr(entry.title)}</span></a>' \
        if entry.changelog else SYMBOL_MISSING
    # data-label names each cell when a phone stacks the columns (suengine.css, .su-archive)
    cells = [("Version", f'<a href="{folder}index.html"{mark}>{attr(entry.title)}</a>'), ("Beteckning", attr(entry.version)),
             ("Publicerad", _date(entry.published)), ("Uttagsdatum", _date(entry.extraction_date)),
             ("Ändringslogg", log), ("Anmärkning", note)]
    return "<tr>" + "".join(f'<td data-label="{name}">{value}</td>' for name, value in cells) + "</tr>"


def archive_page(options: SiteOptions, extraction_date: str = "") -> str:
    """`extraction_date`: this version's uttagsdatum when `options` has none (from the quality summary)."""
    # Versions are sibling folders (<publicering>/<version>/); this page is <version>/arkiv.html.
    this = VersionEntry(options.version, options.version_title, options.published,
                        options.extraction_date or extraction_date, options.changelog is not None)
    rows = [_row(this, "Den här versionen", True)]
    rows += [_row(entry, "Tidigare version", False) for entry in options.earlier_versions]
    body = "\n".join(rows)
    earlier = (
        "Tidigare versioner finns kvar oförändrade, så att det alltid går att se vad nämnden fick vid ett visst tillfälle."
        if options.earlier_versions
        else "Det finns inga tidigare publicerade versioner ännu."
    )
    return f"""# Arkiv

Varje dataleverans ger en ny version av rapporten och webbplatsen. {earlier}
Du kan också byta version med versionsväljaren överst på sidan; den öppnar samma sida i den andra
versionen när sidan finns där.

<div class="su-archive">
<table>
<caption>Publicerade versioner, nyaste först</caption>
<thead><tr><th scope="col">Version</th><th scope="col">Beteckning</th><th scope="col">Publicerad</th><th scope="col">Uttagsdatum</th><th scope="col">Ändringslogg</th><th scope="col">Anmärkning</th></tr></thead>
<tbody>
{body}
</tbody>
</table>
</div>

*Publicerad* är dagen versionen byggdes och publicerades, *uttagsdatum* dagen data togs ut ur
verksamhetssystemet. Ändringsloggen visar vilka indikatordefinitioner som ändrats sedan versionen före;
värden från olika definitionsversioner är inte jämförbara. `{SYMBOL_MISSING}` betyder att uppgiften saknas
för versionen.
"""


def changelog_page(log: Changelog, options: SiteOptions, indicators: list[Indicator], page_of: dict[str, str]) -> str:
    """Ändringslogg: the changed definitions, by name (linked when the indicator is on this site)."""
    names = {indicator.id: indicator.name for indicator in indicators}
    intro = f"# Ändringslogg\n\nIndikatordefinitioner i {text(options.version_title)}"
    if log.previous is None:
        return intro + " – det här är den första publicerade versionen, så det finns ingen tidigare version att jämföra med.\n"
    if not log.changes:
        return intro + f": inga definitioner har ändrats sedan version {text(log.previous)}.\n"
    rows = []
    for change in log.changes:
        name = text(names.get(change.indicator_id) or change.name)
        if change.indicator_id in page_of:
            name = f"[{name}]({page_of[change.indicator_id]})"
        kind = _KIND.get(change.kind, change.kind.capitalize())
        if change.kind == CHANGE_VERSION:
            kind += f" ({change.old_version} → {change.new_version})"
        rows.append([name, text(kind), text(CHANGE_TEXTS.get(change.kind, ""))])
    return (intro + f", jämfört med version {text(log.previous)}:\n\n"
            + table(["Indikator", "Ändring", "Vad det betyder"], rows) + "\n"
            + "Värden från olika definitionsversioner av samma indikator är inte jämförbara.\n")
