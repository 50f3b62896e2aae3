"""The archive page: every published version, newest first, linked across version folders."""

from __future__ import annotations

from suengine.render.site.markdown import attr
from suengine.render.site.options import SiteOptions


def archive_page(options: SiteOptions) -> str:
    # Versions are sibling folders (<publicering>/<version>/); this page is <version>/arkiv.html.
    rows = [
        f'<tr><td><a href="../{attr(options.version)}/index.html" aria-current="page">{attr(options.version_title)}</a></td>'
        f"<td>{attr(options.version)}</td><td>Den här versionen</td></tr>"
    ]
    for entry in options.earlier_versions:
        rows.append(
            f'<tr><td><a href="../{attr(entry.version)}/index.html">{attr(entry.title)}</a></td>'
            f"<td>{attr(entry.version)}</td><td>Tidigare version</td></tr>"
        )
    body = "\n".join(rows)
    earlier = (
        "Tidigare versioner finns kvar oförändrade, så att det alltid går att se vad nämnden fick vid ett visst tillfälle."
        if options.earlier_versions
        else "Det finns inga tidigare publicerade versioner ännu."
    )
    return f"""# Arkiv

Varje dataleverans ger en ny version av rapporten och webbplatsen. {earlier}
Du kan också byta version med versionsväljaren överst på sidan.

<table>
<caption>Publicerade versioner, nyaste först</caption>
<thead><tr><th scope="col">Version</th><th scope="col">Beteckning</th><th scope="col">Anmärkning</th></tr></thead>
<tbody>
{body}
</tbody>
</table>

Ändrade indikatordefinitioner mellan versionerna redovisas i rapportens ändringslogg; värden från olika
definitionsversioner är inte jämförbara.
"""
