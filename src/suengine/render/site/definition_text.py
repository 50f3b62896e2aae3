"""An indicator definition in plain Swedish: populations, measure and target (site and Excel)."""

from __future__ import annotations

from suengine.conditions import describe
from suengine.model import Indicator, Population
from suengine.render.format import format_value

POPULATION_LABEL = {
    "urval": "Urval",
    "nämnare": "Nämnare",
    "exkludering": "Exkludering",
    "undantag": "Undantag",
    "täljare": "Täljare",
}
POPULATION_ROLE = {
    "urval": "de poster som ingår",
    "nämnare": "delmängd av urvalet",
    "exkludering": "tas alltid bort ur nämnaren",
    "undantag": "tas bort ur nämnaren om de inte finns i täljaren",
    "täljare": "delmängd av den återstående nämnaren",
}
KIND_TEXT = {
    "struktur": "strukturindikator",
    "process": "processindikator",
    "resultat": "resultatindikator",
    "bakgrundsmått": "bakgrundsmått",
}


def population_text(population: Population) -> str:
    """Description and, when there is one, the condition in words."""
    parts = [population.description.strip()]
    if population.condition is not None:
        parts.append(f"Villkor: {describe(population.condition)}.")
    if population.sum_fields:
        parts.append("Summa av " + ", ".join(f.replace("_", " ") for f in population.sum_fields) + ".")
    return " ".join(p for p in parts if p)


def populations(indicator: Indicator) -> list[tuple[str, str, str]]:
    """(label, role, text) per population in set-algebra order; nämnare defaults to the urval."""
    rows = []
    for name in ("urval", "nämnare", "exkludering", "undantag", "täljare"):
        population = indicator.population(name)
        if population is None:
            if name == "nämnare" and indicator.scoring.kind == "andel":
                rows.append((POPULATION_LABEL[name], POPULATION_ROLE[name], "Samma som urvalet."))
            continue
        rows.append((POPULATION_LABEL[name], POPULATION_ROLE[name], population_text(population)))
    return rows


def population_or_none(indicator: Indicator, name: str) -> str:
    population = indicator.population(name)
    if population is None:
        return "Samma som urvalet." if name == "nämnare" else ""
    return population_text(population)


def scoring_text(indicator: Indicator) -> str:
    scoring = indicator.scoring
    if scoring.kind == "andel":
        return "Andel: täljaren delad med nämnaren, i procent, med 95 % konfidensintervall (Wilson)."
    if scoring.kind == "kvot":
        text = f"Antal per {format_value(scoring.per or 1000, 'antal', nbsp=False)} invånare"
        if scoring.population_ages:
            low, high = scoring.population_ages
            text += f" {low}–{high} år"
        return text + "."
    if scoring.kind == "antal":
        return "Antal."
    if scoring.kind in ("medel", "median"):
        word = "Medelvärde" if scoring.kind == "medel" else "Median"
        spec = scoring.value
        if spec and spec.field:
            return f"{word} av {spec.field.replace('_', ' ')}."
        if spec and spec.start and spec.end:
            return f"{word} av tiden från {spec.start.replace('_', ' ')} till {spec.end.replace('_', ' ')} i {spec.unit}."
        return f"{word}."
    if scoring.kind == "förändring":
        return "Genomsnittlig förändring mellan två mätningar (före och efter) för samma insats."
    if scoring.kind == "fördelning":
        field = (scoring.category_field or "").replace("_", " ")
        return f"Fördelning per {field}: antal och andel i varje kategori."
    if scoring.kind == "kategori":
        return "Kategori (ja, delvis, nej, ej aktuellt) enligt regler; andelen ja bland dem som inte är ej aktuella."
    return scoring.kind


def target_text(indicator: Indicator, unit: str) -> str:
    """The target and its thresholds in words, e.g. `Grön: minst 90 %. Gul: minst 75 %. Röd: under 75 %.`"""
    target = indicator.target
    lead = target.text.strip()
    if target.kind == "tröskel" and target.green is not None and target.yellow is not None:
        green, yellow = format_value(target.green, unit, nbsp=False), format_value(target.yellow, unit, nbsp=False)
        if target.direction == "lägre_är_bättre":
            rule = f"Grön: högst {green}. Gul: högst {yellow}. Röd: över {yellow}. Lägre värde är bättre."
        else:
            rule = f"Grön: minst {green}. Gul: minst {yellow}. Röd: under {yellow}. Högre värde är bättre."
        return f"{lead} {rule}".strip()
    if target.kind == "kategori" and target.colours:
        rule = " ".join(f"{category.replace('_', ' ').capitalize()}: {colour}." for category, colour in target.colours)
        return f"{lead} {rule}".strip()
    return lead or "Inget målvärde; färgläggs inte."
