"""Reporting periods in SQL: the integer period code of a date (labels and order live in `suengine.definitions.periods`)."""

from __future__ import annotations

from suengine.definitions.periods import MONTHS_PER_PART, PERIOD_TYPES, Period, parse_period, parse_years, periods_for_years
from suengine.engine import expr as e

__all__ = ["PERIOD_TYPES", "Period", "parse_period", "parse_years", "period_code_expr", "periods_for_years"]


def period_code_expr(date: e.Expr, kind: str) -> e.Expr:
    """SQL-side integer period code of a date (see `Period.code`)."""
    year = e.DatePart("year", date)
    if kind == "år":
        return year
    zero_based_month = e.Arithmetic("-", e.DatePart("month", date), e.Literal(1))
    part = e.Arithmetic("+", e.Arithmetic("//", zero_based_month, e.Literal(MONTHS_PER_PART[kind])), e.Literal(1))
    return e.Arithmetic("+", e.Arithmetic("*", year, e.Literal(10)), part)
