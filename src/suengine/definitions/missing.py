"""The missing-value rule of an indicator in plain Swedish (katalog, indicator page, method chapter).

One text for every output, so the documented rule is the computed one (engine/measures.py):
a record whose täljare condition or value is unknown is internt bortfall, reported and left out
of the nämnare the value rests on, unless the indicator says `saknat_värde: räknas_som_nej`;
above the bortfall limit (`högsta_bortfall`, default 20 %) no value is published.
"""

from __future__ import annotations

from suengine.definitions.model import Indicator

DEFAULT_BORTFALL_LIMIT = 20.0  # percent, as Öppna jämförelser
KINDS_WITH_BORTFALL = ("andel", "medel", "median", "förändring", "fördelning", "kategori", "summa")


def bortfall_limit(indicator: Indicator, default: float = DEFAULT_BORTFALL_LIMIT) -> float:
    """The indicator's own `högsta_bortfall`, else the project's (suengine.yml), in percent."""
    return indicator.bortfall_limit if indicator.bortfall_limit is not None else default


def _number(value: float) -> str:
    return (str(int(value)) if float(value).is_integer() else f"{value:g}").replace(".", ",")


def missing_value_text(indicator: Indicator, default_limit: float = DEFAULT_BORTFALL_LIMIT) -> str:
    """How a missing value is counted and when no value is published, in plain words."""
    kind = indicator.scoring.kind
    if kind in ("antal", "kvot"):
        return ("En post räknas bara när det går att avgöra att den uppfyller villkoren. Saknas ett värde som "
                "behövs redovisas posten som bortfall och räknas inte.")
    if kind == "andel" and indicator.missing_as_no:
        text = ("Ingen registrering betyder här att det inte gjordes: en post utan uppgift ingår i nämnaren men inte "
                "i täljaren (saknat värde räknas som nej).")
    elif kind == "andel":
        text = ("Går det inte att avgöra om en post uppfyller täljarens villkor, för att en uppgift saknas, är posten "
                "internt bortfall: den redovisas som bortfall och ingår inte i nämnaren som andelen räknas på.")
    elif kind in ("fördelning", "kategori"):
        text = ("En post utan kategori är internt bortfall: den redovisas som bortfall och ingår inte i underlaget "
                "för andelarna.")
    else:
        text = ("En post utan värde är internt bortfall: den redovisas som bortfall och ingår inte i antalet som "
                "värdet räknas på.")
    limit = _number(bortfall_limit(indicator, default_limit))
    return text + f" Är det interna bortfallet större än {limit} procent redovisas inget värde (för stort bortfall)."
