"""The start page: every indicator's latest status in one sortable table, status as symbol and text."""

from __future__ import annotations

from suengine.definitions.model import Indicator
from suengine.render.format import is_follow_up_pending, latest_complete_text
from suengine.render.format import STATUS_MEANING, SYMBOL_LEGEND, SYMBOL_MISSING, format_value
from suengine.render.comparison import relative_summary
from suengine.render.site.markdown import status_badge, status_count_pill, table, text
from suengine.render.site.options import SiteOptions
from suengine.render.presentation import STATUS_ORDER, join_phrases, status_counts, status_parts
from suengine.render.site.published import IndicatorResults


def area_label(area: str) -> str:
    words = area.replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def by_area(indicators: list[Indicator]) -> list[tuple[str, list[Indicator]]]:
    """Indicators grouped by indikatorområde, in order of first appearance."""
    groups: dict[str, list[Indicator]] = {}
    for indicator in indicators:
        groups.setdefault(indicator.indicator_area, []).append(indicator)
    return list(groups.items())


def target_short(indicator: Indicator, unit: str) -> str:
    target = indicator.target
    if target.kind == "tröskel" and target.green is not None:
        sign = "≤" if target.direction == "lägre_är_bättre" else "≥"
        return f"{sign} {format_value(target.green, unit)}"
    if target.kind == "kategori":
        return "Ja"
    return SYMBOL_MISSING


def page_path(indicator: Indicator) -> str:
    return f"indikatorer/{indicator.id}.md"


# suengine.css hides columns 2–3 (Område, Period) and 6–7 (Förändring, Mål) on narrow screens, so
# that Indikator, Värde and Status stay in view on a phone (tests/site/test_phone.py).
def overview_page(indicators: list[Indicator], results: dict[str, IndicatorResults], options: SiteOptions) -> str:
    heads = []
    rows = []
    latest_periods = set()
    for area, members in by_area(indicators):
        for indicator in members:
            data = results[indicator.id]
            head = data.headline()
            unit = data.unit()
            if head is None:
                value, status, change, period, reason = SYMBOL_MISSING, "ingen", SYMBOL_MISSING, SYMBOL_MISSING, "inga resultat"
                heads.append(None)
            else:
                latest_periods.add(head.period)
                value, period, reason = head.value_text, head.period, head.reason
                status = head.status
                change = head.change_text
                if indicator.target.kind != "relativ":  # relative colours are counted apart (below)
                    heads.append(head.row)
            value_cell = text(value) + (f" ({text(reason)})" if reason else "")
            if head is not None and is_follow_up_pending(head.row) and (done := data.latest_complete()) is not None:
                value_cell += f"; {text(latest_complete_text(done.value_text, done.period))}"
            rows.append([
                f"[{text(indicator.short_name)}]({page_path(indicator)})",
                text(area_label(area)),
                text(period),
                value_cell,
                status_badge(status if head is not None else "ingen"),
                text(change),
                text(target_short(indicator, unit)),
            ])
    periods = ", ".join(sorted(latest_periods)) or SYMBOL_MISSING
    # the same counts and words as the report's summary (presentation.status_summary), dressed as pills
    summary = join_phrases([status_count_pill(*part) for part in status_parts(status_counts(heads))])
    relative = relative_summary(options.comparisons, int(max(latest_periods)[:4])) if latest_periods else ""
    relative_line = f"\n{text(relative)}\n" if relative else ""  # Kolada's relative colours, counted apart
    legend = "\n".join(
        f"- {status_badge(key)} {text(STATUS_MEANING[key])}" for key in STATUS_ORDER
    ) + "\n" + "\n".join(f"- `{symbol}` {text(meaning)}" for symbol, meaning in SYMBOL_LEGEND)
    return f"""---
hide:
  - toc
---

# {text(options.site_name)}

Resultat från den systematiska uppföljningen av den sociala barn- och ungdomsvården, för
{text(options.committee)}. Version: **{text(options.version_title)}**. Senaste period: **{text(periods)}**.

## Översikt

<p class="su-status-line">Status för den senaste perioden ({len(indicators)} indikatorer): {summary}.</p>
{relative_line}
<div class="su-sortable su-overview" markdown>

{table(["Indikator", "Område", "Period", "Värde", "Status", "Förändring", "Mål"], rows, ["l", "l", "l", "r", "l", "r", "r"])}
</div>

<p class="su-narrow-note">På en smal skärm visar tabellen bara indikator, värde och status; förändring och
mål står på varje indikators sida.</p>

*Förändring* är skillnaden mot föregående period, *Mål* gränsen för grön status. Du kan sortera tabellen
genom att välja en kolumnrubrik. Välj en indikator för definition, utveckling över tid, uppdelningar och
datakvalitet.

### Teckenförklaring

{legend}

Läs också om [metoden](metod.md), [datakvaliteten](datakvalitet.md), [filer att ladda ned](nedladdningar.md)
och [tidigare versioner](arkiv.md).
"""
