"""The findings page of the nämnd report: plain Swedish sentences chosen by fixed rules, each number traceable.

Rules (printed in the Bilaga's method chapter as `FINDINGS_RULE`, docs/rapport.md):
1. Indicators with status röd for the report year (report order), at most three.
2. The largest year-on-year changes that the change test calls real ("säker förändring",
   suengine.engine.change): shares ranked by percentage points, counts and rates by relative
   change; at most three. A change "inom slumpens marginal" is never called a change.
3. Complete-cohort outcomes: for indicators with a follow-up window, the latest period whose value
   is shown, told as "X av Y barn …, flickor …, pojkar …" when both kön strata are shown; at most two.
Each sentence keeps the rows its numbers came from (`Finding.sources`), so a test can recompute them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from suengine.definitions.model import Indicator
from suengine.engine.change import SAKER, assess_change
from suengine.render.format import format_number, format_value, is_missing
from suengine.render.report.context import ReportContext
from suengine.render.report.data import IndicatorResults, Row, shown_number, shown_status, suppressed

FINDINGS_RULE = (
    "Iakttagelserna på rapportens första sida väljs med fasta regler, inte för hand: (1) indikatorer med röd status "
    "för rapportåret, högst tre; (2) de största förändringarna sedan föregående år som är säkra förändringar enligt "
    "testet nedan (andelar efter antal procentenheter, antal och kvoter efter relativ förändring), högst tre – en "
    "förändring inom slumpens marginal kallas aldrig en förändring; (3) utfall för hela uppföljda kohorter: för "
    "indikatorer med uppföljningstid det senaste året med redovisat värde, med antal och andel för flickor och pojkar "
    "när båda kan redovisas, högst två."
)
CHANGE_RULE = (
    "En förändring sedan föregående år kallas säker när den är större än slumpen rimligen kan ge: för andelar när "
    "95 % konfidensintervallet för skillnaden mellan två andelar (Newcombes metod med Wilsonintervall) inte "
    "innehåller noll, för antal och kvoter när ett exakt Poissontest ger p < 0,05. Medianer, medelvärden och summor "
    "testas inte. Annars står det att förändringen är inom slumpens marginal."
)
BASIS_PLURAL = {"barn": "barn", "utredning": "utredningar", "insats": "insatser", "aktualisering": "aktualiseringar",
                "uppföljning": "uppföljningar", "brukarsvar": "svar", "personal": "anställda", "enkätsvar": "svar"}
SEX_PLURAL = {"flicka": "flickor", "pojke": "pojkar", "Flicka": "flickor", "Pojke": "pojkar"}


@dataclass(frozen=True)
class Source:
    """One stated number: which row and column of the results table it comes from, and how it was written."""

    indicator_id: str
    period: str
    dimension: str
    stratum: str
    column: str
    text: str


@dataclass
class Finding:
    rule: str  # "röd" | "förändring" | "kohort"
    indicator: Indicator
    text: str
    sources: list[Source] = field(default_factory=list)


def _source(row: Row, column: str, text: str) -> Source:
    return Source(str(row["indikator_id"]), str(row["period"]), str(row["uppdelning"]), str(row["stratum"]), column, text)


def _value(row: Row) -> str:
    return format_value(row["värde"], str(row.get("enhet") or ""))


def _count(row: Row, column: str) -> str:
    return format_number(float(row[column]), 0)


def red(context: ReportContext, indicator: Indicator, data: IndicatorResults) -> Finding | None:
    period = data.latest_period(context.year)
    row = data.total(period)
    if row is None or shown_status(row) != "röd":
        return None
    value = _value(row)
    text = f"{indicator.short_name}: {value} {period}"
    target = indicator.target
    if target.kind == "tröskel" and target.green is not None:
        word = "minst" if target.direction == "högre_är_bättre" else "högst"
        text += f" där målet är {word} {format_value(target.green, str(row.get('enhet') or ''))}"
    return Finding("röd", indicator, text + " – ett utvecklingsområde (röd).", [_source(row, "värde", value)])


def change(context: ReportContext, indicator: Indicator, data: IndicatorResults) -> tuple[float, Finding] | None:
    period = data.latest_period(context.year)
    row = data.total(period)
    previous = data.previous_row(row) if row is not None else None
    if row is None or previous is None or suppressed(row) or suppressed(previous):
        return None
    if int(row.get("version", 0)) != int(previous.get("version", 0)):
        return None
    now, before = shown_number(row), shown_number(previous)
    if now is None or before is None or now == before:
        return None
    unit = str(row.get("enhet") or "")
    test = assess_change(unit, row, previous)
    if test is None or test.verdict != SAKER:
        return None
    size = abs(now - before) if unit == "procent" else abs(now - before) / max(abs(before), 1e-9) * 100
    noun = "en ökning" if now > before else "en minskning"
    new, old = _value(row), _value(previous)
    text = (f"{indicator.short_name}: {new} {period} mot {old} {previous['period']}, {noun} som är större än slumpen "
            "rimligen kan ge (säker förändring).")
    return size, Finding("förändring", indicator, text, [_source(previous, "värde", old), _source(row, "värde", new)])


def _shown_share(row: Row | None) -> bool:
    return (row is not None and not suppressed(row) and str(row.get("enhet")) == "procent"
            and not any(is_missing(row.get(c)) for c in ("värde", "täljare", "nämnare")))


def cohort(context: ReportContext, indicator: Indicator, data: IndicatorResults) -> Finding | None:
    if indicator.follow_up is None:
        return None
    for period in reversed(data.periods(context.year)):
        row = data.total(period)
        censored = row.get("censurerade") if row is not None else None
        if not _shown_share(row) or (not is_missing(censored) and float(censored) > 0):
            continue
        noun = BASIS_PLURAL.get(indicator.basis, "ärenden")
        share = _value(row)
        k, n = _count(row, "täljare"), _count(row, "nämnare")
        text = f"{indicator.short_name}: {k} av {n} {noun} ({share}) {period}"
        sources = [_source(row, "täljare", k), _source(row, "nämnare", n), _source(row, "värde", share)]
        strata = [r for r in data.strata(period, "kön") if _shown_share(r)]
        if len(strata) == 2 and len(data.strata(period, "kön")) == 2:
            parts = []
            for stratum in strata:
                sk, sn, sv = _count(stratum, "täljare"), _count(stratum, "nämnare"), _value(stratum)
                parts.append(f"{SEX_PLURAL.get(str(stratum['stratum']), str(stratum['stratum']).lower())} {sk} av {sn} ({sv})")
                sources += [_source(stratum, "täljare", sk), _source(stratum, "nämnare", sn), _source(stratum, "värde", sv)]
            text += "; " + ", ".join(parts)
        return Finding("kohort", indicator, text + ".", sources)
    return None


def findings(context: ReportContext, indicators: list[Indicator]) -> list[Finding]:
    """All findings in reading order: red indicators, real changes, complete cohorts."""
    reds = [f for i in indicators if (f := red(context, i, context.results_for(i))) is not None][:3]
    changes = [c for i in indicators if (c := change(context, i, context.results_for(i))) is not None]
    changes.sort(key=lambda item: -item[0])
    cohorts = [f for i in indicators if (f := cohort(context, i, context.results_for(i))) is not None][:2]
    return reds + [f for _, f in changes[:3]] + cohorts
