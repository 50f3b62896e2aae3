"""One page per indicator: latest value, trend, breakdowns, definition, target, bortfall, commentary."""

from __future__ import annotations

from pathlib import Path

from suengine.definitions.missing import missing_value_text
from suengine.definitions.model import Indicator
from suengine.render.definition_text import legal_reference
from suengine.render.labels import dimension_title
from suengine.render.charts import Point, bar_chart, has_values, trend_chart
from suengine.render.definition_text import KIND_TEXT, period_text, populations, scoring_text, target_text
from suengine.render.format import STATUS_MEANING, SYMBOL_MISSING
from suengine.render.site.comparison import comparison_section
from suengine.render.site.markdown import admonition, slug, status_badge, table, text
from suengine.render.site.options import SiteOptions
from suengine.render.site.overview import area_label
from suengine.render.presentation import change_sentence, count_headers
from suengine.render.site.published import TOTAL, IndicatorResults, Shown, small_count_text

IMAGE_DIR = "bilder"

SITE_FORMATS = ("svg",)  # the site shows SVG only


def _point(item: Shown | None, label: str) -> Point:
    if item is None:
        return Point(label=label, value=None)
    if item.row.get("svar") and item.value is not None:  # a kategori answer: a coloured box per period
        return Point(label=label, value=item.value, answer=item.value_text, status=item.status or "ingen")
    return Point(label=label, value=item.value, low=item.low, high=item.high, hidden_symbol=item.hidden_symbol)


def _chart(docs: Path, name: str) -> tuple[Path, str]:
    """Stem on disk and the link from an indicator page."""
    return docs / IMAGE_DIR / name, f"../{IMAGE_DIR}/{name}.svg"


def _figure(alt: str, link: str) -> str:
    alt_text = text(alt).replace("\\[", "(").replace("\\]", ")")
    return f'<figure class="su-figure" markdown>\n![{alt_text}]({link})\n</figure>\n'


def _headline(indicator: Indicator, head: Shown | None) -> str:
    if head is None:
        return "Det finns inga resultat för den här indikatorn ännu.\n"
    lines = [f"**Senaste värde ({text(head.period)}):** <span class=\"su-kpi\">{text(head.value_text)}</span>"]
    if head.interval_text:
        lines.append(f"95 % konfidensintervall: {text(head.interval_text)}.")
    if head.reason:
        lines.append(f"Värdet redovisas inte: {text(head.reason)}.")
    if head.bortfall:
        lines.append(f"Internt {text(head.bortfall)}.")
    status = head.status
    if head.value is None:
        meaning = " – inget värde att bedöma" if status is not None else " – döljs med värdet"
    else:
        meaning = f" – {text(STATUS_MEANING[status])}" if status in STATUS_MEANING else ""
    lines.append(f"Status: {status_badge(status)}{meaning}.")
    if head.change is not None:
        lines.append(f"Förändring sedan föregående period: {text(change_sentence(head.change_text, head.verdict))}.")
    return "\n".join(f"{line}  " for line in lines) + "\n"


def _trend(indicator: Indicator, data: IndicatorResults, docs: Path, options: SiteOptions) -> str:
    periods = data.recent_periods(options.trend_periods)
    if not periods:
        return ""
    items = [data.headline(period) for period in periods]
    unit = data.unit()
    stem, link = _chart(docs, f"{indicator.id}-trend")
    target = indicator.target.green if indicator.target.kind == "tröskel" else None
    points = [_point(item, period) for item, period in zip(items, periods)]
    if has_values(points):
        figure = _figure(trend_chart(points, unit, indicator.short_name, stem, target, formats=SITE_FORMATS).alt, link)
    else:
        figure = "Inget diagram: inget värde kan redovisas för perioderna.\n"
    latest_version = items[-1].version if items[-1] else None
    rows = []
    for period, item in zip(periods, items):
        if item is None:
            rows.append([text(period), SYMBOL_MISSING, "", "", "", "", "ingen rad i resultattabellen"])
            continue
        notes = [n for n in (item.reason, item.bortfall) if n]
        if latest_version is not None and item.version is not None and item.version != latest_version:
            notes.append(f"definitionsversion {item.version}, ej jämförbar med version {latest_version}")
        rows.append([
            text(period), text(item.value_text), text(item.interval_text), text(item.numerator_text),
            text(item.denominator_text), status_badge(item.status), text("; ".join(notes)),
        ])
    headers = ["Period", "Värde", "95 % KI", *count_headers(indicator), "Status", "Anmärkning"]
    return (
        f"## Utveckling över tid\n\n{figure}\n"
        + table(headers, rows, ["l", "r", "r", "r", "r", "l", "l"])
    )


def _breakdowns(indicator: Indicator, data: IndicatorResults, docs: Path, options: SiteOptions) -> str:
    latest = data.latest
    if latest is None or not data.dimensions:
        return ""
    periods = data.recent_periods(options.trend_periods)
    parts = [f"## Uppdelningar\n\nVärden per grupp. Diagrammen visar {text(latest)}; tabellerna de senaste åren.\n"]
    for dimension in data.dimensions:
        strata = data.strata[dimension]
        items = [data.get(latest, dimension, stratum) for stratum in strata]
        if any(item is not None and item.value is not None for item in items):
            stem, link = _chart(docs, f"{indicator.id}-{slug(dimension)}")
            chart = bar_chart(
                [_point(item, stratum) for item, stratum in zip(items, strata)], data.unit(),
                f"{indicator.short_name} efter {dimension_title(dimension).lower()}, {latest}", stem, formats=SITE_FORMATS,
            )
            figure = _figure(chart.alt, link)
        else:
            figure = f"Inget diagram: inget värde för {text(dimension)} kan redovisas för {text(latest)}.\n"
        latest_rows = []
        for stratum, item in zip(strata, items):
            if item is None:
                latest_rows.append([text(stratum), SYMBOL_MISSING, "", "", "", ""])
                continue
            latest_rows.append([
                text(stratum), text(item.value_text), text(item.interval_text), text(item.numerator_text),
                text(item.denominator_text), text("; ".join(n for n in (item.reason, item.bortfall) if n)),
            ])
        over_time = []
        for stratum in strata:
            cells = []
            for period in periods:
                item = data.get(period, dimension, stratum)
                cells.append(text(item.value_text) if item else SYMBOL_MISSING)
            over_time.append([text(stratum), *cells])
        parts.append(
            f"### {text(dimension_title(dimension))}\n\n{figure}\n"
            + table(["Grupp", "Värde", "95 % KI", *count_headers(indicator), "Anmärkning"], latest_rows, ["l", "r", "r", "r", "r", "l"])
            + f"\n{text(dimension_title(dimension))} över tid:\n\n"
            + table(["Grupp", *[text(p) for p in periods]], over_time, ["l", *["r"] * len(periods)])
        )
    return "\n".join(parts)


def _categories(data: IndicatorResults) -> str:
    latest = data.latest
    if latest is None or not data.categories:
        return ""
    rows = []
    for category in data.categories:
        item = data.get(latest, TOTAL, "", category)
        if item is not None:
            rows.append([text(category.replace("_", " ")), text(item.value_text), text(item.numerator_text), text(item.reason)])
    return f"## Fördelning per kategori ({text(latest)})\n\n" + table(["Kategori", "Värde", "Antal", "Anmärkning"], rows, ["l", "r", "r", "l"])


def _definition(indicator: Indicator) -> str:
    rows = [[text(label), text(role), text(description)] for label, role, description in populations(indicator)]
    lines = [
        "## Definition\n",
        f"{text(indicator.measure)}\n",
        f"**Varför den följs:** {text(indicator.purpose)}\n",
    ]
    for ref in indicator.legal:
        lines.append(f"- Lagrum: {text(legal_reference(ref))}")
    if indicator.legal:
        lines.append("")
    lines += [
        f"**Typ:** {text(KIND_TEXT.get(indicator.kind, indicator.kind))}. "
        f"**Kvalitetsområde:** {text(indicator.quality_area.replace('_', ' '))}. "
        f"**Räknas i:** {text(indicator.basis)} (en rad per {text(indicator.basis)}). "
        f"**Period:** {text(period_text(indicator))}.\n",
        f"**Beräkning:** {text(scoring_text(indicator))}\n",
        f"**Saknade värden:** {text(missing_value_text(indicator))}\n",
    ]
    if indicator.follow_up is not None:
        lines.append(
            f"**Uppföljningsfönster:** {text(indicator.follow_up.length.describe())} från "
            f"{text(indicator.follow_up.anchor.replace('_', ' '))}. Poster vars fönster inte hunnit passera "
            "uttagsdatum räknas inte i nämnaren ännu (censurerade).\n"
        )
    lines.append(table(["Population", "Roll", "Beskrivning"], rows))
    return "\n".join(lines)


def _quality(indicator: Indicator, head: Shown | None, options: SiteOptions) -> str:
    lines = ["## Bortfall och datakvalitet\n"]
    if head is not None and not head.suppressed:
        row, limit = head.row, options.min_count
        counts = [
            ["Internt bortfall i nämnaren (okänt om posten hör till nämnaren)", small_count_text(row.get("bortfall_nämnare"), limit)],
            ["Internt bortfall i täljaren (okänt om posten uppfyller täljaren)", small_count_text(row.get("bortfall_täljare"), limit)],
            ["Exkluderade", small_count_text(row.get("exkluderade"), limit)],
            ["Undantag", small_count_text(row.get("undantag"), limit)],
            ["Censurerade (uppföljningstiden har inte passerat)", small_count_text(row.get("censurerade"), limit)],
        ]
        lines.append(f"Gäller {text(head.period)}, totalt.\n")
        lines.append(table(["Uppgift", "Antal"], [[text(a), text(b)] for a, b in counts], ["l", "r"]))
    elif head is not None:
        lines.append("Uppgifterna om bortfall redovisas inte när värdet är dolt.\n")
    lines.append(f"**Källa:** {text(indicator.source)}\n")
    if indicator.error_sources:
        lines.append(f"**Felkällor:** {text(indicator.error_sources)}\n")
    lines.append("Se också sidan [Datakvalitet](../datakvalitet.md).\n")
    return "\n".join(lines)


def _commentary(indicator: Indicator, head: Shown | None, options: SiteOptions) -> str:
    year = (head.period if head else "")[:4]
    heading = f"## Verksamhetens kommentar{f' ({text(year)})' if year else ''}\n\n"
    path = options.comments_dir / year / f"{indicator.id}.md" if options.comments_dir and year else None
    if path is None or not path.is_file():
        return heading + "Ingen kommentar har lämnats för den här perioden.\n"
    body = path.read_text(encoding="utf-8").strip()
    # Keep the staff's headings below this section's level.
    body = "\n".join("###" + line.lstrip("#") if line.startswith("#") else line for line in body.splitlines())
    return heading + body + "\n"


def _versions(data: IndicatorResults, options: SiteOptions) -> list[int]:
    versions: list[int] = []
    for period in data.recent_periods(options.trend_periods):
        item = data.headline(period)
        if item is not None and item.version is not None and item.version not in versions:
            versions.append(item.version)
    return versions


def _comparability_warning(data: IndicatorResults, options: SiteOptions) -> str:
    versions = _versions(data, options)
    if len(versions) < 2:
        return ""
    return admonition(
        "warning",
        "Ej jämförbart över alla år",
        f"Definitionen har ändrats under perioden (versionerna {', '.join(str(v) for v in versions)}). "
        "Värden från olika versioner är inte jämförbara; se avsnittet Jämförbarhet.",
    )


def _comparability(indicator: Indicator) -> str:
    note = indicator.comparability.strip() or "Inga kända förändringar i definitionen."
    return f"## Jämförbarhet\n\nDefinitionsversion {indicator.version}. {text(note)}\n"


def indicator_page(indicator: Indicator, data: IndicatorResults, docs: Path, options: SiteOptions) -> str:
    head = data.headline()
    unit = data.unit()
    target = text(target_text(indicator, unit))
    sections = [
        f"# {text(indicator.name)}\n",
        f"*{text(area_label(indicator.indicator_area))} · {text(indicator.short_name)}*\n",
        _headline(indicator, head),
        _comparability_warning(data, options),
        _trend(indicator, data, docs, options),
        _categories(data),
        _breakdowns(indicator, data, docs, options),
        f"## Målvärde\n\n{target}\n",
        comparison_section(indicator, options, docs),
        _definition(indicator),
        _quality(indicator, head, options),
        _commentary(indicator, head, options),
        _comparability(indicator),
    ]
    return "\n".join(section for section in sections if section)
