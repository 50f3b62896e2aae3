"""Sammanfattning: status counts, what improved or worsened, three observations chosen by a fixed rule.

The rule for observations (also printed in the method chapter, `OBSERVATION_RULE`): among the
indicators, take first those whose status worsened since the previous period (most steps first),
then those that are röd, then those whose status improved, then those without a value for the
report year, then those whose definition changed; within a group, in report order. At most three.
Status changes count only when both periods have a shown value under the same definition version.
"""

from __future__ import annotations

from dataclasses import dataclass

from suengine.definitions.model import Indicator
from suengine.render.format import STATUS_MEANING, SYMBOL_LEGEND, is_follow_up_pending, is_missing, latest_complete_text
from suengine.render.report import markdown as md
from suengine.render.report.chapters.indicator import anchor, status_cell
from suengine.render.report.chapters.comparison import relative_paragraph
from suengine.render.report.context import ReportContext
from suengine.render.presentation import HIDDEN, STATUS_ORDER, status_counts, status_summary
from suengine.render.report.data import compare, reason_text, shown_status, suppressed, value_cell

RANK = {"röd": 0, "gul": 1, "grön": 2}

OBSERVATION_RULE = (
    "De tre iakttagelserna i sammanfattningen väljs med en fast regel, inte för hand: först indikatorer vars "
    "status har försämrats sedan föregående år (flest steg först), sedan indikatorer med röd status, sedan "
    "indikatorer vars status har förbättrats, sedan indikatorer som saknar redovisat värde för rapportåret och "
    "sist indikatorer vars definition har ändrats. Inom varje grupp gäller rapportens ordning. En statusförändring "
    "räknas bara när båda åren har ett redovisat värde enligt samma version av definitionen."
)


@dataclass(frozen=True)
class Assessment:
    indicator: Indicator
    period: str | None
    status: str  # shown status for the latest period
    previous_period: str | None
    previous_status: str | None  # None when there is nothing comparable
    value: str
    previous_value: str
    no_value_reason: str

    @property
    def steps(self) -> int:
        """Positive when the status improved, negative when it worsened, 0 otherwise."""
        if self.previous_status not in RANK or self.status not in RANK:
            return 0
        return RANK[self.status] - RANK[self.previous_status]  # type: ignore[index]


def assess(context: ReportContext, indicator: Indicator) -> Assessment:
    data = context.results_for(indicator)
    period = data.latest_period(context.year)
    row = data.total(period)
    previous_period = data.previous_period(period) if period else None
    previous = data.total(previous_period)
    comparison = compare(data, row)
    previous_status = None
    if previous is not None and row is not None and int(previous.get("version", 0)) == int(row.get("version", 0)):
        status = shown_status(previous)
        previous_status = status if status in RANK and not suppressed(previous) else None
    no_value = ""
    if row is None:
        no_value = "uppgift saknas"
    elif suppressed(row) or is_missing(row.get("värde")):
        no_value = reason_text(row) or "uppgift saknas"
        done = data.latest_complete(context.year) if is_follow_up_pending(row) else None
        if done is not None:
            no_value += f"; {latest_complete_text(value_cell(done[1]), done[0])}"
    return Assessment(indicator, period, shown_status(row), previous_period, previous_status, value_cell(row),
                      comparison.previous_value, no_value)


def _name(indicator: Indicator) -> str:
    return f"[{md.escape(indicator.short_name)}](#{anchor(indicator)})"


def observation(context: ReportContext, item: Assessment) -> str:
    name = _name(item.indicator)
    if item.steps < 0 or item.steps > 0:
        verb = "försämrats" if item.steps < 0 else "förbättrats"
        return (f"{name} har {verb} från {md.status_text(item.previous_status)} ({item.previous_period}: "
                f"{item.previous_value}) till {md.status_span(item.status)} ({item.period}: {item.value}).")
    if item.status == "röd":
        return (f"{name} är ett utvecklingsområde: {md.status_span(item.status)} med {item.value} {item.period}. "
                f"{md.escape(item.indicator.target.text)}")
    if item.no_value_reason:
        return f"{name} har inget redovisat värde för {context.year} ({item.no_value_reason})."
    change = context.changelog.change_for(item.indicator.id)
    version = f" (version {change.old_version} → {change.new_version})" if change else ""
    return f"{name} har en ändrad definition{version} och är inte jämförbar med tidigare år."


def observations(context: ReportContext, assessments: list[Assessment]) -> list[str]:
    groups: list[list[Assessment]] = [
        sorted([a for a in assessments if a.steps < 0], key=lambda a: a.steps),
        [a for a in assessments if a.steps == 0 and a.status == "röd"],
        [a for a in assessments if a.steps > 0],
        [a for a in assessments if a.no_value_reason],
        [a for a in assessments if context.not_comparable(a.indicator) and a.steps == 0 and a.status != "röd"
         and not a.no_value_reason],
    ]
    chosen: list[Assessment] = []
    for group in groups:
        for item in group:
            if item not in chosen and len(chosen) < 3:
                chosen.append(item)
    return [observation(context, item) for item in chosen]


def legend() -> str:
    rows = [[symbol, text] for symbol, text in SYMBOL_LEGEND]
    body = md.table(["Tecken", "Betydelse"], rows, "ll")
    body += ("\nStatus visas alltid med symbol och text, inte bara med färg: "
             + ", ".join(f"{md.status_text(s)} = {STATUS_MEANING[s]}" for s in STATUS_ORDER) + ".\n")
    return md.callout("note", "Teckenförklaring", body)


def chapter(context: ReportContext) -> str:
    indicators = [i for area in context.areas().values() for i in area]
    assessments = [assess(context, i) for i in indicators]
    goals = [a for a in assessments if a.indicator.target.kind != "relativ"]  # relative colours are counted apart
    counts = status_counts(context.results_for(a.indicator).total(a.period) for a in goals)
    parts = [md.heading(1, "Sammanfattning", "sammanfattning")]
    parts.append(
        f"Rapporten redovisar den systematiska uppföljningen inom barn och familj för {context.year} "
        f"(rapportversion {context.version}). Den omfattar {len(indicators)} indikatorer i "
        f"{len(context.areas())} indikatorområden. Analysen av föregående år redovisas för nämnden senast i april.\n"
    )
    parts.append(md.heading(2, f"Status {context.year}", "status"))
    rows = [[md.status_span(s), STATUS_MEANING[s], str(counts[s])] for s in STATUS_ORDER]
    if counts[HIDDEN]:
        rows.append(["..", "värdet redovisas inte (sekretess, bortfall eller pågående uppföljning)", str(counts[HIDDEN])])
    rows.append(["**Summa**", "", f"**{len(goals)}**"])
    parts.append(md.table(["Status", "Betydelse", "Antal indikatorer"], rows, "llr"))
    parts.append(
        f"Av {len(goals)} indikatorer är {status_summary(counts)}. Ej färgsatta är bakgrundsmått och "
        "mängdstatistik utan målvärde samt indikatorer som saknar ett värde för året; ej redovisade är indikatorer "
        "vars värde inte får visas.\n"
    )
    parts.append(relative_paragraph(context))

    parts.append(md.heading(2, f"Förändring sedan {context.year - 1}", "forandring"))
    better = [a for a in assessments if a.steps > 0]
    worse = [a for a in assessments if a.steps < 0]
    changed = [a for a in assessments if context.not_comparable(a.indicator)]
    parts.append("**Förbättrats:** " + (", ".join(
        f"{_name(a.indicator)} ({md.status_text(a.previous_status)} → {md.status_text(a.status)})" for a in better)
        or "ingen indikator har fått bättre status") + ".\n")
    parts.append("**Försämrats:** " + (", ".join(
        f"{_name(a.indicator)} ({md.status_text(a.previous_status)} → {md.status_text(a.status)})" for a in worse)
        or "ingen indikator har fått sämre status") + ".\n")
    if changed:
        parts.append("**Ej jämförbara med tidigare år (ändrad definition):** "
                     + ", ".join(_name(a.indicator) for a in changed) + ".\n")

    parts.append(md.heading(2, "Tre viktiga iakttagelser", "iakttagelser"))
    found = observations(context, assessments)
    if found:
        parts.append("".join(f"{n}. {text}\n" for n, text in enumerate(found, start=1)))
    else:
        parts.append("Ingen indikator uppfyller villkoren för en iakttagelse i år.\n")
    parts.append("Iakttagelserna väljs med en fast regel som beskrivs i kapitlet [Metod och definitioner](#metod).\n")

    parts.append(md.heading(2, "Alla indikatorer", "oversikt"))
    overview = []
    for item in assessments:
        data = context.results_for(item.indicator)
        row = data.total(item.period)
        comparison = compare(data, row)
        overview.append([_name(item.indicator), item.value, status_cell(row), comparison.previous_value,
                         comparison.change])
    # the status box never breaks; a value or a change may break between its number and a long unit
    parts.append(md.table(["Indikator", str(context.year), "Status", str(context.year - 1), "Förändring"], overview, "lrlrr",
                          nowrap=(2,)))
    parts.append(legend())
    return "\n".join(parts)
