"""The indicator catalogue as one Markdown page (docs/katalog.md), generated so it never drifts.

One section per indicator, grouped by indikatorområde: the texts of the definition, what is
counted and how a record is placed in a period, every population with its description and its
condition in plain Swedish (`suengine.definitions.conditions.describe`), how the value is computed, the
breakdowns, the target, felkällor and jämförbarhet. The page is plain CommonMark with pipe
tables, so the report (pandoc) and the site (MkDocs) can include it as it is.

    from suengine.definitions.catalogue import catalogue_markdown
    page = catalogue_markdown(indicators, load_datamodel())
"""

from __future__ import annotations

from collections.abc import Sequence

from suengine.definitions.conditions import describe
from suengine.definitions.labels import Labels, any_record_sentence
from suengine.casedata.datamodel import DataModel
from suengine.definitions.model import POPULATION_ORDER, Indicator, Population, Scoring, Target, ValueSpec
from suengine.definitions.missing import missing_value_text

HEADER = "<!-- Genererad av `suengine katalog --ut docs/katalog.md` ur indicators/; ändra inte för hand. -->"
_POPULATION_TITLE = {
    "urval": "Urval",
    "nämnare": "Nämnare",
    "exkludering": "Exkludering",
    "undantag": "Undantag",
    "täljare": "Täljare",
}
_KIND_TITLE = {"struktur": "Struktur", "process": "Process", "resultat": "Resultat", "bakgrundsmått": "Bakgrundsmått"}
_PERIOD_TYPE = {"år": "kalenderår", "tertial": "tertial", "kvartal": "kvartal"}
_CATEGORY_TITLE = {"ja": "Ja", "delvis": "Delvis", "nej": "Nej", "ej_aktuellt": "Ej aktuellt"}
_COLOUR_WORD = {"grön": "grönt", "gul": "gult", "röd": "rött"}
# The chain from inflow to results first, then the structural areas; other areas follow alphabetically.
AREA_ORDER = ("inflöde", "handläggning", "delaktighet", "insatser", "placeringar", "resultat", "familjerätt",
              "kompetens", "samordning", "struktur")


def _words(name: str) -> str:
    return name.replace("_", " ")


def _title(code: str) -> str:
    text = _words(code)
    return text[:1].upper() + text[1:]


def _plain(text: str) -> str:
    """A described condition with the codes' underscores as spaces (`ej_aktuellt` → `ej aktuellt`)."""
    return text.replace("_", " ")


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def _number(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def _value_text_with(spec: ValueSpec | None, labels: Labels | None = None) -> str:
    name = labels.field if labels is not None else _words
    if spec is None:
        return "värdet"
    if spec.field is not None:
        return name(spec.field) if labels is not None else f"fältet {_words(spec.field)}"
    if spec.in_period:
        return (f"antalet dagar från {name(spec.start or '')} till {name(spec.end or '')} som ligger i perioden "
                "(startdagen räknas men inte slutdagen; saknas slutdatum räknas dagarna till uttagsdatum)")
    return f"tiden från {name(spec.start or '')} till {name(spec.end or '')} i {spec.unit}"


def _code_labels(model: DataModel, indicator: Indicator, codes: Sequence[str]) -> str:
    entity = model.entities.get(indicator.records)
    field = entity.fields.get(indicator.scoring.category_field or "") if entity else None
    labels = model.values_of(field) if field is not None else None
    return ", ".join((labels or {}).get(c, _words(c)) for c in codes)


def scoring_text(indicator: Indicator, model: DataModel) -> str:
    """How the value is computed, in plain Swedish."""
    s: Scoring = indicator.scoring
    labels = Labels(model, indicator.records)

    def _value_text(spec: ValueSpec | None) -> str:
        return _value_text_with(spec, labels)

    if s.kind == "andel":
        summed = indicator.population("nämnare") is not None and bool(indicator.population("nämnare").sum_fields)  # type: ignore[union-attr]
        if summed:
            return "Andel i procent: summan i täljaren delad med summan i nämnaren."
        return "Andel i procent: antalet i täljaren delat med antalet i nämnaren, med 95 procents konfidensintervall (Wilson)."
    if s.kind == "kvot":
        text = f"Antal i nämnaren per {s.per or 1000:,} invånare".replace(",", " ")
        if s.population_ages:
            text += f" {s.population_ages[0]}–{s.population_ages[1]} år"
        if s.population_sexes:
            text += f" ({', '.join(s.population_sexes)})"
        return text + " enligt befolkningsstatistiken för periodens år."
    if s.kind == "antal":
        return "Antal i nämnaren."
    if s.kind == "summa":
        if s.divisor is not None:
            return (f"Summan av {_value_text(s.value)} delad med summan av {_value_text(s.divisor)}, över poster i "
                    "nämnaren som har båda värdena; poster som saknar ett värde redovisas som internt bortfall.")
        return (f"Summan av {_value_text(s.value)} i nämnaren; poster utan värde redovisas som internt "
                "bortfall. Utan poster är summan 0.")
    if s.kind in ("medel", "median"):
        what = "Medelvärdet" if s.kind == "medel" else "Medianen"
        return f"{what} av {_value_text(s.value)} i nämnaren; poster utan värde redovisas som internt bortfall."
    if s.kind == "förändring":
        return (f"Parade mätningar med {_words(s.instrument or 'skattning')} före och efter (den första före och den sista "
                "efter): medelförändringen i steg och fördelningen av steg. Bara poster med båda mätningarna räknas; "
                "de som saknar en mätning redovisas som internt bortfall.")
    if s.kind == "fördelning":
        if s.groups:
            groups = ", ".join(g.label for g in s.groups)
            return (f"Antal och andel per grupp av {_value_text(s.value)}: {groups}. Värden utanför grupperna redovisas "
                    "som internt bortfall.")
        if s.categories:
            return (f"Antal och andel per {_words(s.category_field or '')}: {_code_labels(model, indicator, s.categories)}. "
                    "Poster med en annan eller saknad kod redovisas som internt bortfall.")
        return (f"Antal och andel per {_words(s.category_field or '')} (varje kod i värdemängden). Poster utan kod "
                "redovisas som internt bortfall.")
    if s.kind == "kategori":
        rules = "; ".join(f"{_CATEGORY_TITLE.get(r.category, r.category)} när {describe(r.condition, labels)}" for r in s.rules)
        otherwise = f"; annars {_CATEGORY_TITLE.get(s.otherwise or '', s.otherwise)}" if s.otherwise else ""
        return (f"Varje svar får den första kategori vars regel uppfylls: {rules}{otherwise}. Värdet är andelen Ja bland "
                "svaren som inte är Ej aktuellt.")
    return _words(s.kind)


def target_text(indicator: Indicator) -> str:
    """The target with its colouring rule, in plain Swedish."""
    t: Target = indicator.target
    unit = " procent" if indicator.scoring.kind in ("andel", "kategori") else ""
    if t.kind == "tröskel" and t.green is not None and t.yellow is not None:
        word = "minst" if t.direction == "högre_är_bättre" else "högst"
        rule = (f"Grönt när värdet är {word} {_number(t.green)}{unit}, gult när det är {word} {_number(t.yellow)}{unit}, "
                "annars rött.")
        return f"{rule} {t.text}".strip()
    if t.kind == "kategori":
        colours = ", ".join(f"{_CATEGORY_TITLE.get(c, _words(c))} {_COLOUR_WORD.get(colour, colour)}" for c, colour in t.colours)
        return f"Färg efter kategori: {colours}. {t.text}".strip()
    if "färgläggs inte" in t.text.lower():
        return t.text
    return f"Färgläggs inte. {t.text}".strip()


_PLURAL = {
    "barn": "barn",
    "aktualisering": "aktualiseringar",
    "utredning": "utredningar",
    "insats": "insatser",
    "uppföljning": "uppföljningar",
    "brukarsvar": "svar i brukarundersökningen",
    "personal": "kommunens uppgifter om handläggare (summor av årsarbetare)",
    "enkätsvar": "kommunens svar på enkätfrågorna",
}


def _counted(indicator: Indicator) -> str:
    records = _PLURAL.get(indicator.records, _words(indicator.records))
    if indicator.basis == indicator.records:
        return f"{records[:1].upper()}{records[1:]}; varje post räknas."
    basis = _PLURAL.get(indicator.basis, _words(indicator.basis))
    return f"Unika {basis} bland {records}. " + any_record_sentence(indicator.basis, indicator.records, indicator.population("täljare") is not None)


def _placement(indicator: Indicator, model: DataModel | None = None) -> str:
    period = _PERIOD_TYPE.get(indicator.period_type, indicator.period_type)
    name = Labels(model, indicator.records).field if model is not None else _words
    if indicator.ongoing_until:
        text = (f"Posten räknas i varje {period} som tiden från {name(indicator.period_date)} till "
                f"{name(indicator.ongoing_until)} överlappar; saknas {name(indicator.ongoing_until)} pågår posten fortfarande.")
    else:
        label = name(indicator.period_date)
        when = f"då {label[len('dagen då '):]}" if label.startswith("dagen då ") else f"som innehåller {label}"
        text = f"Posten räknas i det {period} {when}."
    if indicator.follow_up is not None:
        window = indicator.follow_up
        text += (f" Uppföljningsfönster: {window.length.describe()} från {name(window.anchor)}; poster vars fönster inte "
                 "har passerat vid uttagsdatum hålls utanför nämnaren och redovisas som censurerade.")
    return text


def _population_line(population: Population, labels: Labels | None = None) -> str:
    text = _cell(population.description)
    if population.condition is not None:
        text += f" *Villkor:* {_cell(describe(population.condition, labels) if labels is not None else _plain(describe(population.condition)))}."
    if population.sum_fields:
        text += f" *Summa av:* {', '.join(_words(f) for f in population.sum_fields)}."
    return f"- **{_POPULATION_TITLE[population.name]}.** {text}"


def _breakdowns(indicator: Indicator) -> str:
    parts = []
    for b in indicator.breakdowns:
        if b.groups:
            parts.append(f"{b.name} ({', '.join(g.label for g in b.groups)})")
        else:
            parts.append(b.name)
    return "; ".join(parts) if parts else "inga (bara totalen)"


def _legal(indicator: Indicator) -> str:
    refs = []
    for ref in indicator.legal:
        where = " ".join(p for p in (f"{ref.chapter} kap." if ref.chapter else "", f"{ref.section} §" if ref.section else "") if p)
        head = f"{ref.law} {where}".strip()
        refs.append(f"{head}: {_cell(ref.text)}" if ref.text else head)
    return "<br>".join(refs) if refs else "–"


def indicator_section(indicator: Indicator, model: DataModel) -> list[str]:
    lines = [
        f"### {_cell(indicator.name)}",
        "",
        f"`{indicator.id}`, version {indicator.version}. Kortnamn: {_cell(indicator.short_name)}.",
        "",
        f"**Mått.** {_cell(indicator.measure)}",
        "",
        f"**Syfte.** {_cell(indicator.purpose)}",
        "",
        "| | |",
        "|---|---|",
        f"| Typ | {_KIND_TITLE.get(indicator.kind, indicator.kind)} |",
        f"| Kvalitetsområde | {_title(indicator.quality_area)} |",
        f"| Räknar | {_counted(indicator)} |",
        f"| Period | {_cell(_placement(indicator, model))} |",
    ]
    if indicator.breakdowns and any(b.field.split(".")[-1] == "ålder" for b in indicator.breakdowns):
        lines.append(f"| Ålder | räknas vid {_words(indicator.age_date)} |")
    lines += [
        f"| Uppdelningar | {_cell(_breakdowns(indicator))} |",
        f"| Källa | {_cell(indicator.source)} |",
        f"| Lagrum | {_legal(indicator)} |",
        "",
        "**Populationer.**",
        "",
    ]
    labels = Labels(model, indicator.records)
    lines += [_population_line(indicator.populations[name], labels) for name in POPULATION_ORDER if name in indicator.populations]
    if indicator.consistency:
        lines += ["", "**Ologiska svar.** Värdet redovisas inte (ologiskt) när ett svar i urvalet uppfyller en av reglerna:", ""]
        lines += [f"- {_cell(rule.name)}. *Villkor:* {_cell(_plain(describe(rule.condition, labels)))}." for rule in indicator.consistency]
    lines += [
        "",
        f"**Värde.** {_cell(scoring_text(indicator, model))}",
        "",
        f"**Saknade värden.** {_cell(missing_value_text(indicator))}",
        "",
        f"**Målvärde.** {_cell(target_text(indicator))}",
        "",
    ]
    if indicator.error_sources:
        lines += [f"**Felkällor.** {_cell(indicator.error_sources)}", ""]
    if indicator.comparability:
        lines += [f"**Jämförbarhet.** {_cell(indicator.comparability)}", ""]
    return lines


def catalogue_markdown(indicators: Sequence[Indicator], model: DataModel) -> str:
    """The whole catalogue: an overview table and one section per indicator, by indikatorområde."""
    by_area: dict[str, list[Indicator]] = {}
    def order(i: Indicator) -> tuple:
        area = AREA_ORDER.index(i.indicator_area) if i.indicator_area in AREA_ORDER else len(AREA_ORDER)
        return (area, i.indicator_area, i.name, i.id)

    for indicator in sorted(indicators, key=order):
        by_area.setdefault(indicator.indicator_area, []).append(indicator)
    lines = [
        "# Indikatorkatalog",
        "",
        HEADER,
        "",
        f"Katalogen beskriver de {len(indicators)} indikatorer som följs i den systematiska uppföljningen, ordnade efter "
        "indikatorområde. För varje indikator anges vad som mäts och varför, vad som räknas, hur en post placeras i en "
        "redovisningsperiod, populationerna med sina villkor i klartext, hur värdet räknas och målvärdet. Formatet "
        "beskrivs i [Indikatorformatet](indikatorformat.md).",
        "",
        "Hänvisningar till socialtjänstlagen avser SoL (2001:453), som seeds och Öppna jämförelser bygger på. En ny "
        "socialtjänstlag (2025:400) gäller från den 1 juli 2025 med nya paragrafnummer; hänvisningar som märkts "
        "\"ska granskas\" har ännu inte stämts av mot den nya lagen.",
        "",
        "## Översikt",
        "",
        "| indikatorområde | indikator | id | typ | målvärde |",
        "|---|---|---|---|---|",
    ]
    for area, members in by_area.items():
        for indicator in members:
            coloured = {"tröskel": "tröskel", "kategori": "per kategori", "ingen": "färgläggs inte"}.get(indicator.target.kind, indicator.target.kind)
            lines.append(f"| {_title(area)} | {_cell(indicator.name)} | `{indicator.id}` | "
                         f"{_KIND_TITLE.get(indicator.kind, indicator.kind)} | {coloured} |")
    for area, members in by_area.items():
        lines += ["", f"## {_title(area)}", ""]
        for indicator in members:
            lines += indicator_section(indicator, model)
    return "\n".join(lines).rstrip("\n") + "\n"
