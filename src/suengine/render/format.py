"""Swedish number formatting and the symbols of Swedish official statistics.

Every renderer (report, site, Excel) formats values through these functions so a figure
reads the same everywhere: decimal comma, space as thousands separator, `32 %`, and
`..` / `–` / `.` where no figure may or can be shown.
"""

from __future__ import annotations

import math
from typing import Any

NBSP = "\u00a0"

SYMBOL_SUPPRESSED = ".."  # sekretess / för få
SYMBOL_MISSING = "–"  # uppgift saknas (bortfall, tom nämnare)
SYMBOL_NOT_APPLICABLE = "."  # ej tillämpligt
SYMBOL_BORTFALL = "(b)"  # för stort internt bortfall
SYMBOL_FOLLOW_UP = "(u)"  # uppföljningstiden har inte gått ut

SYMBOL_LEGEND = (
    (SYMBOL_SUPPRESSED, "För få observationer för att redovisas (sekretess, röjandekontroll)."),
    (SYMBOL_MISSING, "Uppgift saknas (t.ex. inga ärenden i nämnaren, eller uppgiften levererades inte)."),
    (SYMBOL_BORTFALL, "För stort bortfall: uppgiften saknas för för många ärenden för att värdet ska redovisas."),
    (SYMBOL_FOLLOW_UP, "Uppföljningstiden har inte gått ut för alla ärenden, så värdet redovisas inte ännu."),
    (SYMBOL_NOT_APPLICABLE, "Ej tillämpligt."),
)

STATUS_TEXT = {"grön": "Grön", "gul": "Gul", "röd": "Röd", "ingen": "Ej färgsatt"}
STATUS_SYMBOL = {"grön": "●", "gul": "◐", "röd": "○", "ingen": "–"}
STATUS_MEANING = {
    "grön": "önskvärt resultat",
    "gul": "delvis önskvärt resultat",
    "röd": "utvecklingsområde",
    "ingen": "inget målvärde",
}
# One palette for PDF, DOCX, HTML, site, workbook and charts: a light fill per status with dark text on
# it (WCAG AA, at least 4.5:1, tests/report/test_palette.py), and a darker edge for a box's outline
# (at least 3:1 against white, WCAG 1.4.11 for graphics). Text is never white on a status colour.
STATUS_FILL = {"grön": "C6EFCE", "gul": "FFEB9C", "röd": "FFC7CE", "ingen": "F2F2F2"}
TEXT_ON_FILL = "#1a1a1a"
STATUS_COLOUR = {"grön": "#1b7837", "gul": "#8a6500", "röd": "#b2182b", "ingen": "#6b6b6b"}  # edges, not text

MISSING_REASON_TEXT = {
    "tom_nämnare": "inga ärenden i nämnaren",
    "bortfall": "uppgift saknas (bortfall)",
    "ologiskt": "ologiskt svar, redovisas inte",
    "ej_levererad": "uppgift saknas: uppgiften levererades inte",
    "utanför_leveransen": "uppgift saknas: perioden ingår inte i leveransen",
}
SUPPRESSION_REASON_TEXT = {
    "för_få": "för få observationer",
    "sekundär": "dolt för att ett annat dolt värde inte ska kunna räknas fram",
    "för_stort_bortfall": "för stort bortfall",
    "uppföljningstid_ej_passerad": "uppföljningstiden har inte gått ut",
}
WITHHELD_SYMBOL = {"för_stort_bortfall": SYMBOL_BORTFALL, "uppföljningstid_ej_passerad": SYMBOL_FOLLOW_UP}


ANSWER_TEXT = {"ja": "Ja", "delvis": "Delvis", "nej": "Nej", "ej_aktuellt": "Ej aktuellt"}


def with_answers(frame: Any) -> Any:
    """Results with a kategori indicator's single answer (e.g. the municipality's Ja) moved to `svar`.

    The engine reports one answer as the main row's `kategori`; renderers look main rows up by an
    empty `kategori`, so such a row gets `kategori` '' and its answer in `svar` (a copy is returned).
    """
    out = frame.copy()
    out["svar"] = ""
    if out.empty:
        return out
    keys = list(zip(out["indikator_id"], out["period"], out["uppdelning"], out["stratum"]))
    has_main = {k for k, c in zip(keys, out["kategori"]) if str(c) == ""}
    answer = [str(c) != "" and k not in has_main for k, c in zip(keys, out["kategori"])]
    out.loc[answer, "svar"] = out.loc[answer, "kategori"]
    out.loc[answer, "kategori"] = ""
    return out


def is_missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        return bool(math.isnan(float(value)))
    except (TypeError, ValueError):
        return str(value).strip() in ("", "<NA>", "NaT")  # also pandas' NA and NaT


def format_number(value: float, decimals: int = 0, nbsp: bool = True) -> str:
    """`1234.5` → `1 234,5` (non-breaking space as thousands separator by default)."""
    text = f"{float(value):,.{decimals}f}"
    sep = NBSP if nbsp else " "
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", sep)


def unit_suffix(unit: str) -> str:
    """What follows a value of `unit`: '%', 'kr', 'kr per vårddygn', 'dagar', 'per 1 000', '' for a count.

    The one rule for units (suengine.render.presentation uses it for values, changes and the
    workbook's number formats): kronor are abbreviated after a number, every other unit is written out."""
    if unit == "procent":
        return "%"
    if unit == "kronor":
        return "kr"
    if unit.startswith("kronor per "):  # a ratio of sums, e.g. kostnad per vårddygn
        return "kr per " + unit.split(" per ", 1)[1]
    if unit in ("dagar", "steg", "månader") or unit.startswith("per"):
        return unit
    return ""


def value_decimals(unit: str) -> int:
    """Decimals of a shown value: shares, counts and kronor whole; days, steps, rates and other units one."""
    if unit in ("procent", "antal", "kronor") or unit.startswith("kronor per "):
        return 0
    return 1


def format_value(value: Any, unit: str, nbsp: bool = True) -> str:
    """Format a result value with its unit (`unit_suffix`), or `–` when there is none."""
    if is_missing(value):
        return SYMBOL_MISSING
    text = format_number(value, value_decimals(unit), nbsp)
    suffix = unit_suffix(unit)
    return f"{text}{NBSP if nbsp else ' '}{suffix}" if suffix else text


def format_interval(low: Any, high: Any, nbsp: bool = True) -> str:
    if is_missing(low) or is_missing(high):
        return ""
    sep = NBSP if nbsp else " "
    return f"{format_number(low, 0, nbsp)}–{format_number(high, 0, nbsp)}{sep}%"


def breakdown_bortfall_text(rows: dict[str, dict[str, Any] | None]) -> str:
    """'kön 6; åldersgrupp 0': per breakdown, the units in no stratum (`..` when too few to show), or '–'."""
    parts = []
    for dimension, row in rows.items():
        if row is None:
            continue
        value = row.get("bortfall_uppdelning")
        shown = SYMBOL_SUPPRESSED if is_missing(value) else format_number(value, 0, nbsp=False)
        parts.append(f"{dimension} {shown}")
    return "; ".join(parts) or SYMBOL_NOT_APPLICABLE


def is_follow_up_pending(row: dict[str, Any] | None) -> bool:
    """The value waits for its cohort's follow-up window (reason `uppföljningstid_ej_passerad`)."""
    return row is not None and str(row.get("undertryckt_orsak") or "") == "uppföljningstid_ej_passerad"


def latest_complete_text(value_text: str, period: str) -> str:
    """The figure brought forward for an indicator whose latest cohort is still followed up."""
    return f"senaste år med hela uppföljningstiden: {value_text} för {period}"


def withheld_symbol(row: dict[str, Any]) -> str:
    """The symbol of a withheld row: `..` for disclosure, `(b)` för stort bortfall, `(u)` unfinished follow-up."""
    return WITHHELD_SYMBOL.get(str(row.get("undertryckt_orsak") or ""), SYMBOL_SUPPRESSED)


def bortfall_text(row: dict[str, Any]) -> str:
    """'bortfall 12 %' beside a shown value ('' when there is no share to show)."""
    share = row.get("bortfall_andel")
    if _truthy(row.get("undertryckt")) or is_missing(share) or row.get("svar"):
        return ""
    return f"bortfall {format_number(share, 0, nbsp=False)} %"


def published_value(row: dict[str, Any], nbsp: bool = True) -> str:
    """The text a reader may see for one results row: the value, `..`, `(b)`, `(u)` or `–`."""
    if _truthy(row.get("undertryckt")):
        return withheld_symbol(row)
    answer = str(row.get("svar") or "")
    if answer and not is_missing(answer):
        return ANSWER_TEXT.get(answer, answer.replace("_", " "))
    return format_value(row.get("värde"), str(row.get("enhet") or ""), nbsp)


def published_reason(row: dict[str, Any]) -> str:
    """Why a value is not shown, in plain Swedish ('' when it is shown)."""
    if _truthy(row.get("undertryckt")):
        return SUPPRESSION_REASON_TEXT.get(str(row.get("undertryckt_orsak") or "för_få"), "för få observationer")
    reason = row.get("värde_saknas")
    if not is_missing(reason):
        text = MISSING_REASON_TEXT.get(str(reason), str(reason))
        rule = row.get("ologiskt_regel")  # the indicator's ologiskt_om rule (definition text, not case data)
        return f"{text} ({rule})" if str(reason) == "ologiskt" and not is_missing(rule) and str(rule) else text
    return ""


def status_label(status: Any) -> str:
    key = str(status) if not is_missing(status) else "ingen"
    return f"{STATUS_SYMBOL.get(key, '–')} {STATUS_TEXT.get(key, key)}"


def _truthy(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1", "ja", "sant")
    if is_missing(value):
        return False
    return bool(value)


def unknown_code_counts(codes: Any) -> list[dict[str, str]]:
    """Rows with unknown codes per entity and variable — never the codes, which are delivery text."""
    totals: dict[tuple[str, str], int] = {}
    for r in codes.to_dict("records"):
        key = (str(r["entitet"]), str(r["fält"]))
        totals[key] = totals.get(key, 0) + int(float(r["värde"] or 0))
    return [{"entitet": e, "fält": f, "värde": str(n)} for (e, f), n in totals.items()]
