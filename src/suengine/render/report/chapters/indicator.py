"""One indicator's section in its area chapter: latest value, trend, breakdowns, target, bortfall."""

from __future__ import annotations

from suengine.definitions.model import Indicator
from suengine.render.definition_text import RELATIVE_RULE, category_label
from suengine.render.labels import dimension_title
from suengine.render.format import (
    SYMBOL_MISSING,
    SYMBOL_NOT_APPLICABLE,
    bortfall_text,
    format_value,
    is_missing,
    withheld_symbol,
)
from suengine.render.charts import has_values
from suengine.render.report import figures
from suengine.render.report import markdown as md
from suengine.render.report.chapters.comparison import comparison_section
from suengine.render.report.context import ReportContext, slug
from suengine.render.report.data import (
    IndicatorResults,
    Row,
    change_verdict,
    compare,
    count_cell,
    interval_cell,
    reason_text,
    shown_number,
    shown_status,
    suppressed,
    value_cell,
)
from suengine.render.report.versions import CHANGE_VERSION
from suengine.render.presentation import change_sentence, count_headers

DIRECTION_TEXT = {"högre_är_bättre": "Ett högre värde är bättre.", "lägre_är_bättre": "Ett lägre värde är bättre."}


def anchor(indicator: Indicator) -> str:
    return f"ind-{slug(indicator.id)}"


def status_cell(row: Row | None) -> str:
    if row is None:
        return SYMBOL_MISSING
    if suppressed(row):
        return withheld_symbol(row)
    if is_missing(row.get("värde")):
        return SYMBOL_MISSING
    return md.status_span(shown_status(row))


def target_text(indicator: Indicator, unit: str) -> str:
    target = indicator.target
    parts = [md.escape(target.text)] if target.text else []
    if target.kind == "tröskel" and target.green is not None and target.yellow is not None:
        better = "minst" if target.direction == "högre_är_bättre" else "högst"
        parts.append(
            f"Grön vid {better} {format_value(target.green, unit)}, gul vid {better} {format_value(target.yellow, unit)}, "
            "annars röd."
        )
    elif target.kind == "kategori" and target.colours:
        parts.append("Färg efter svar: " + ", ".join(f"{md.escape(category_label(k))} = {md.escape(v)}" for k, v in target.colours) + ".")
    elif target.kind == "relativ":
        parts.append(md.escape(RELATIVE_RULE))
    elif target.kind == "ingen" and not target.text:
        parts.append("Indikatorn färgsätts inte.")
    if target.direction in DIRECTION_TEXT:
        parts.append(DIRECTION_TEXT[target.direction])
    return " ".join(p for p in parts if p)


def comparability_notes(context: ReportContext, indicator: Indicator, data: IndicatorResults, periods: list[str]) -> str:
    """'Ej jämförbar med tidigare år' when the definition changed, in the results or since the last report."""
    notes = []
    change = context.changelog.change_for(indicator.id)
    if change is not None and change.kind == CHANGE_VERSION:
        notes.append(
            f"Definitionen har ändrats sedan rapportversion {context.changelog.previous} (version {change.old_version} → "
            f"{change.new_version}). Jämför inte resultaten med tidigare publicerade rapporter."
        )
    versions = data.versions(periods)
    latest = versions.get(periods[-1]) if periods else None
    older = [p for p, v in versions.items() if latest is not None and v != latest]
    if older:
        notes.append(
            f"Resultaten för {', '.join(older)} beräknades med en tidigare version av definitionen och är inte jämförbara "
            f"med resultaten enligt version {latest}; förändringen mellan versionerna redovisas inte."
        )
    if not notes:
        return ""
    if indicator.comparability:
        notes.append(md.escape(indicator.comparability))
    return md.callout("warning", "Ej jämförbar med tidigare år", " ".join(notes)) + "\n"


def headline(indicator: Indicator, data: IndicatorResults, period: str | None) -> str:
    row = data.total(period)
    if period is None or row is None:
        return f"Det finns inget resultat för {md.escape(indicator.short_name)} för rapportåret.\n"
    value = value_cell(row)
    text = f"**Resultat {period}: {value}**"
    reason = reason_text(row)
    if reason:
        text += f" ({reason})"
    elif str(row.get("enhet")) == "procent" and not is_missing(row.get("ki_låg")):
        text += f" (95 % konfidensintervall {interval_cell(row)})"
    if bortfall_text(row):
        text += f", internt {bortfall_text(row)}"
    text += f". Status: {status_cell(row)}."
    censored = row.get("censurerade")
    if not suppressed(row) and not is_missing(censored) and float(censored) > 0:
        text += (f" {count_cell(row, 'censurerade')} poster hölls utanför nämnaren eftersom uppföljningstiden ännu inte "
                 "har gått ut.")
    comparison = compare(data, row)
    previous = data.previous_period(period)
    if previous is not None:
        if comparison.comparable:
            change = change_sentence(comparison.change, change_verdict(data, row))
            text += f" Jämfört med {previous} ({comparison.previous_value}): {change}."
        else:
            text += f" Jämförelse med {previous}: {comparison.change} ({comparison.note})."
    return text + "\n"


def trend_table(indicator: Indicator, data: IndicatorResults, periods: list[str]) -> str:
    latest_version = data.versions(periods).get(periods[-1])
    totals = [r for p in periods if (r := data.total(p)) is not None]
    percent = any(str(r.get("enhet")) == "procent" for r in totals)
    with_interval = any(suppressed(r) or not is_missing(r.get("ki_låg")) for r in totals)
    coloured = indicator.target.kind == "tröskel" or any(shown_status(r) != "ingen" for r in totals)
    columns: list[tuple[str, str, int]] = [("Period", "l", 2), ("Värde", "r", 3)]
    columns += [("95 % KI", "r", 4)] if with_interval else []
    numerator, denominator = count_headers(indicator)
    with_numerator = percent or indicator.scoring.kind == "kvot"
    columns += ([(numerator, "r", 2)] if with_numerator else []) + [(denominator, "r", 2)]
    columns += [("Status", "l", 3)] if coloured else []
    columns += [("Förändring", "r", 4), ("Anmärkning", "l", 5)]
    rows = []
    for period in periods:
        row = data.total(period)
        comparison = compare(data, row)
        notes = [n for n in (reason_text(row), bortfall_text(row) if row is not None else "") if n]
        if row is not None and latest_version is not None and int(row.get("version", 0)) != latest_version:
            notes.append(f"version {int(row['version'])}, ej jämförbar med version {latest_version}")
        elif comparison.change == SYMBOL_NOT_APPLICABLE:
            notes.append("förändringen redovisas inte: definitionen har ändrats")
        cells = [period, value_cell(row)] + ([interval_cell(row)] if with_interval else [])
        cells += ([count_cell(row, "täljare")] if with_numerator else []) + [count_cell(row, "nämnare")]
        cells += [status_cell(row)] if coloured else []
        cells += [comparison.change, "; ".join(notes)]
        rows.append(cells)
    return md.table([c for c, _, _ in columns], rows, "".join(a for _, a, _ in columns), [w for _, _, w in columns])


def breakdown_table(indicator: Indicator, data: IndicatorResults, period: str, dimension: str) -> str:
    strata = data.strata(period, dimension)
    percent = any(str(r.get("enhet")) == "procent" for r in strata)
    rate = any(str(r.get("enhet")).startswith("per ") for r in strata)  # a kvot: events over inhabitants
    numerator, denominator = count_headers(indicator)
    with_numerator = percent or rate
    with_interval = any(suppressed(r) or not is_missing(r.get("ki_låg")) for r in strata)
    title = dimension_title(dimension)
    headers = [md.escape(title), "Värde"] + (["95 % KI"] if with_interval else []) + (
        [numerator] if with_numerator else []) + [denominator] + ["Anmärkning"]
    rows = []
    for row in strata:
        cells = [md.escape(row["stratum"]), value_cell(row)] + ([interval_cell(row)] if with_interval else [])
        cells += ([count_cell(row, "täljare")] if with_numerator else []) + [count_cell(row, "nämnare")]
        cells.append("; ".join(n for n in (reason_text(row), bortfall_text(row)) if n))
        rows.append(cells)
    return md.table(headers, rows, "l" + "r" * (len(headers) - 2) + "l", [3] + [2] * (len(headers) - 2) + [6])


def category_table(data: IndicatorResults, period: str) -> str:
    rows = [[md.escape(r["kategori"]), value_cell(r), count_cell(r, "täljare"), reason_text(r)] for r in data.categories(period)]
    return md.table(["Kategori", "Värde", "Antal", "Anmärkning"], rows, "lrrl")


def bortfall_table(row: Row | None, follow_up: bool) -> str:
    items = [
        ("Urval", "urval"),
        ("Exkluderade ur nämnaren", "exkluderade"),
        ("Undantagna ur nämnaren", "undantag"),
        ("Internt bortfall, nämnare (uppgift saknas för villkoren)", "bortfall_nämnare"),
        ("Internt bortfall, täljare (uppgift saknas i nämnaren)", "bortfall_täljare"),
    ]
    if follow_up:
        items.append(("Censurerade (uppföljningstiden har inte gått ut)", "censurerade"))
    return md.table(["Poster", "Antal"], [[label, count_cell(row, column)] for label, column in items], "lr")


def section(context: ReportContext, indicator: Indicator) -> str:
    data = context.results_for(indicator)
    periods = data.periods(context.year)
    latest = data.latest_period(context.year)
    parts = [md.heading(2, indicator.short_name, anchor(indicator)), f"*{md.escape(indicator.measure)}*\n"]
    if periods:
        parts.append(comparability_notes(context, indicator, data, periods))
    parts.append(headline(indicator, data, latest))
    unit = figures.unit_of(data, periods) if periods else ""
    parts.append(f"**Målvärde:** {target_text(indicator, unit)}\n")
    if not periods:
        parts.append(f"Resultattabellen har inga rader för indikatorn för {context.year - 4}–{context.year}.\n")
        return "\n".join(p for p in parts if p)

    parts.append(md.heading(3, f"Utveckling {periods[0]}–{periods[-1]}" if len(periods) > 1 else f"Resultat {periods[0]}"))
    parts.append(trend_table(indicator, data, periods))
    if has_values(figures.trend_points(data, periods)):
        stem, chart = figures.trend(indicator, data, periods, context.figure_dir)
        caption = f"{indicator.short_name} per period"
        if figures.target_line(indicator) is not None:
            caption += "; streckad linje visar gränsen för grön"
        parts.append(md.figure(stem, caption, chart.alt, "90%"))
    else:
        parts.append("Inget värde kan redovisas för perioderna, därför visas inget diagram.\n")
    parts.append(comparison_section(context, indicator))

    if latest is not None:
        for dimension in data.dimensions(latest):
            title = dimension_title(dimension)
            parts.append(md.heading(3, f"{title} {latest}"))
            parts.append(breakdown_table(indicator, data, latest, dimension))
            if not any(shown_number(r) is not None for r in data.strata(latest, dimension)):
                parts.append("Inget värde i uppdelningen kan redovisas, därför visas inget diagram.\n")
                continue
            stem, chart = figures.breakdown(indicator, data, latest, dimension, context.figure_dir)
            parts.append(md.figure(stem, f"{indicator.short_name} efter {dimension_title(dimension).lower()}, {latest}", chart.alt, "80%"))
        if data.categories(latest):
            parts.append(md.heading(3, f"Fördelning {latest}"))
            parts.append(category_table(data, latest))
            if has_values(figures.category_points(data, latest)):
                stem, chart = figures.categories(indicator, data, latest, context.figure_dir)
                parts.append(md.figure(stem, f"{indicator.short_name} per kategori, {latest}", chart.alt, "80%"))
            else:
                parts.append("Inget värde i fördelningen kan redovisas, därför visas inget diagram.\n")
        parts.append(md.heading(3, f"Bortfall {latest}"))
        parts.append(bortfall_table(data.total(latest), indicator.follow_up is not None))
    return "\n".join(p for p in parts if p)


def area_chapter(context: ReportContext, area: str, indicators: list[Indicator], title: str) -> str:
    parts = [md.heading(1, title, f"omrade-{slug(area)}")]
    names = ", ".join(md.escape(i.short_name) for i in indicators)
    parts.append(f"Kapitlet redovisar {len(indicators)} {'indikator' if len(indicators) == 1 else 'indikatorer'} "
                 f"inom området {md.escape(title.lower())}: {names}.\n")
    for indicator in indicators:
        parts.append(section(context, indicator))
    return "\n".join(parts)
