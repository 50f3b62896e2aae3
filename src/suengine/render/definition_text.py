"""An indicator definition in plain Swedish: populations, measure, breakdowns and target.

One wording for every renderer (report, site, Excel, catalogue); renderers escape it for their format.
"""

from __future__ import annotations

import re

from suengine.casedata.datamodel import load_datamodel
from suengine.definitions.conditions import describe
from suengine.definitions.labels import Labels
from suengine.definitions.model import Indicator, LegalReference, Population, ValueSpec
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


def _labels(indicator: Indicator | None) -> Labels | None:
    """Field and code labels for the indicator's records (the project's data model, with its local fields)."""
    return Labels(load_datamodel(), indicator.records) if indicator is not None else None


def population_text(population: Population, indicator: Indicator | None = None) -> str:
    """Description and, when there is one, the condition in words (with labels when the indicator is given)."""
    parts = [population.description.strip()]
    if population.condition is not None:
        parts.append(f"Villkor: {plain_codes(describe(population.condition, _labels(indicator)))}.")
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
        rows.append((POPULATION_LABEL[name], POPULATION_ROLE[name], population_text(population, indicator)))
    return rows


def consistency_text(indicator: Indicator) -> str:
    """The ologiskt_om rules in words ('' when there are none)."""
    if not indicator.consistency:
        return ""
    rules = "; ".join(rule.name for rule in indicator.consistency)  # each rule's namn is its reader text
    return f"Värdet redovisas inte (ologiskt svar) när ett svar uppfyller en av reglerna: {rules}."


def population_or_none(indicator: Indicator, name: str) -> str:
    population = indicator.population(name)
    if population is None:
        return "Samma som urvalet." if name == "nämnare" else ""
    return population_text(population, indicator)


def _in_sentence(label: str) -> str:
    """A label inside a sentence: first letter lower-case, abbreviations kept ("Hem för vård eller boende (HVB)")."""
    first = label.split(" ", 1)[0]
    if sum(ch.isupper() for ch in first) > 1:  # "BBIC", "SiS": an abbreviation first
        return label
    return label[:1].lower() + label[1:]


def scoring_text(indicator: Indicator, precise: bool = False) -> str:
    """How the value is computed, and when it is withheld as ologiskt. Readers get "antal i nämnaren";
    the method chapter (`precise`) keeps "den effektiva nämnaren" (the nämnare after exkludering,
    undantag and internt bortfall)."""
    text = " ".join(t for t in (_scoring_text(indicator), consistency_text(indicator)) if t)
    if precise:
        return text
    return (text.replace("täljaren delad med den effektiva nämnaren", "antalet i täljaren delat med antalet i nämnaren")
            .replace("i den effektiva nämnaren", "i nämnaren").replace("den effektiva nämnaren", "nämnaren"))


def _scoring_text(indicator: Indicator) -> str:
    scoring = indicator.scoring
    labels = _labels(indicator)
    if scoring.kind == "andel":
        return "Andel i procent: täljaren delad med den effektiva nämnaren, med 95 % konfidensintervall (Wilson)."
    if scoring.kind == "kvot":
        text = f"Antal i den effektiva nämnaren per {format_value(scoring.per or 1000, 'antal', nbsp=False)} invånare"
        if scoring.population_ages:
            text += f" {scoring.population_ages[0]}–{scoring.population_ages[1]} år"
        if scoring.population_sexes:
            text += f" ({', '.join(scoring.population_sexes)})"
        return text + " enligt befolkningsstatistiken för periodens år."
    if scoring.kind == "antal":
        return "Antal i den effektiva nämnaren."
    if scoring.kind in ("medel", "median") and scoring.value is not None:
        what = "Medelvärde" if scoring.kind == "medel" else "Median"
        return f"{what} av {_value_text(scoring.value, labels)} i den effektiva nämnaren; poster utan värde räknas som internt bortfall."
    if scoring.kind == "summa" and scoring.value is not None:
        if scoring.divisor is not None:
            return (f"Summan av {_value_text(scoring.value, labels)} delad med summan av {_value_text(scoring.divisor, labels)}, "
                    "över poster i den effektiva nämnaren som har båda värdena.")
        return f"Summan av {_value_text(scoring.value, labels)} i den effektiva nämnaren; poster utan värde räknas som internt bortfall."
    if scoring.kind == "förändring":
        return (f"Parade mätningar ({scoring.instrument or 'skattning'}) före och efter: medelförändring i steg "
                "och fördelning av steg. Bara poster med båda mätningarna räknas.")
    if scoring.kind == "fördelning" and scoring.groups:
        groups = ", ".join(g.label for g in scoring.groups)
        return f"Antal och andel per grupp av {_value_text(scoring.value, labels)}: {groups}."
    if scoring.kind == "fördelning" and scoring.categories:
        codes = ", ".join(_in_sentence(category_label(c)) for c in scoring.categories)
        return f"Antal och andel per {str(scoring.category_field).replace('_', ' ')}: {codes}."
    if scoring.kind == "fördelning":
        return f"Antal och andel per kategori av {str(scoring.category_field).replace('_', ' ')}."
    if scoring.kind == "kategori":
        rules = "; ".join(f"{category_label(r.category)}: {plain_codes(describe(r.condition, labels))}" for r in scoring.rules)
        otherwise = f"; annars {category_label(scoring.otherwise)}" if scoring.otherwise else ""
        return (f"Varje post får den första kategori vars regel uppfylls ({rules}{otherwise}). "
                "Värdet är andelen ja bland poster som inte är ej aktuella.")
    return scoring.kind


def _value_text(spec: ValueSpec | None, labels: Labels | None = None) -> str:
    """The numeric value a measure is taken of, in words."""
    def name(field: object) -> str:
        return labels.field(str(field)) if labels is not None else str(field).replace("_", " ")

    if spec is None:
        return "värdet"
    if spec.field:
        return name(spec.field) if labels is not None else f"fältet {spec.field.replace('_', ' ')}"
    start, end = name(spec.start), name(spec.end)
    if spec.in_period:
        return f"dagarna från {start} till {end} som ligger i perioden"
    return f"tiden från {start} till {end} i {spec.unit}"


def period_text(indicator: Indicator) -> str:
    """How a record is placed in a reporting period: by one date, or as an interval in every period it overlaps."""
    name = Labels(load_datamodel(), indicator.records).field
    date = name(indicator.period_date)
    if indicator.ongoing_until:
        until = name(indicator.ongoing_until)
        return (f"Posten räknas i varje period som tiden från {date} till {until} överlappar; "
                f"saknas {until} pågår posten fortfarande")
    if date.startswith("dagen då "):
        return f"Posten räknas i den period då {date[len('dagen då '):]}"
    return f"Posten räknas i den period som innehåller {date}"


def breakdown_text(indicator: Indicator) -> str:
    parts = []
    for breakdown in indicator.breakdowns:
        if breakdown.groups:
            parts.append(f"{breakdown.name} ({', '.join(g.label for g in breakdown.groups)})")
        else:
            parts.append(breakdown.name)
    return ", ".join(parts) if parts else "Ingen uppdelning."


_CODE_WORD = re.compile(r"\b[a-zåäö0-9]+(?:_[a-zåäö0-9]+)+\b")


def plain_codes(text: str) -> str:
    """A condition described with codes (`g2 är nej_behövs_inte`) → with the data model's labels in quotes."""
    return _CODE_WORD.sub(lambda m: f"”{category_label(m.group(0))}”", text)


def category_label(code: str) -> str:
    from suengine.render.labels import labeller  # local: labels loads the data model once per call

    return labeller([]).label("", "kategori", "", code)


RELATIVE_RULE = ("Relativ färg: grön för den bästa fjärdedelen av alla kommuner i Koladas nyckeltal samma år, röd för "
                 "den sämsta, annars gul; bara år som Kolada har.")


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
        rule = " ".join(f"{category_label(category)}: {colour}." for category, colour in target.colours)
        return f"{lead} {rule}".strip()
    if target.kind == "relativ":
        return f"{lead} {RELATIVE_RULE} {'Lägre' if target.direction == 'lägre_är_bättre' else 'Högre'} värde är bättre.".strip()
    return lead or "Inget målvärde; färgläggs inte."


_INTERNAL_NOTE = re.compile(r"\s*\((?:hänvisningen ska granskas|att granska|granskas mot|todo|fixme)[^)]*\)", re.IGNORECASE)


def reader_text(text: str) -> str:
    """A definition's text as a reader may see it: internal review notes in parentheses removed."""
    return _INTERNAL_NOTE.sub("", text).strip()


def legal_reference(ref: LegalReference) -> str:
    """`SoL (2001:453) 3 kap. 3 § – Insatser … ska vara av god kvalitet`, without internal notes or a trailing full stop."""
    where = " ".join(p for p in (ref.law, f"{ref.chapter} kap." if ref.chapter else "", f"{ref.section} §" if ref.section else "") if p)
    text = reader_text(ref.text).rstrip(" .;")
    return f"{where} – {text}" if text else where


def legal_text(indicator: Indicator) -> str:
    return "; ".join(legal_reference(ref) for ref in indicator.legal) + ("." if indicator.legal else "")
