"""Metod och definitioner: generated from the YAML definitions, plus how to read the figures."""

from __future__ import annotations

from suengine.definitions.model import Indicator, Population
from suengine.render import definition_text as plain
from suengine.definitions.missing import missing_value_text
from suengine.render.format import SYMBOL_LEGEND
from suengine.render.definition_text import legal_text
from suengine.render.report import markdown as md
from suengine.render.report.chapters.indicator import target_text
from suengine.render.report.chapters.summary import OBSERVATION_RULE
from suengine.render.report.context import ReportContext, slug
from suengine.render.report.findings import CHANGE_RULE, FINDINGS_RULE
from suengine.render.report.versions import CHANGE_TEXTS, CHANGE_VERSION

KIND_TEXT = {
    "struktur": "Strukturindikator (förutsättningar i verksamheten)",
    "process": "Processindikator (hur arbetet utförs)",
    "resultat": "Resultatindikator (vad arbetet leder till)",
    "bakgrundsmått": "Bakgrundsmått (ger sammanhang, färgsätts inte)",
}
POPULATION_TITLES = (
    ("urval", "Urval"),
    ("nämnare", "Nämnare"),
    ("exkludering", "Exkludering (tas alltid bort ur nämnaren)"),
    ("undantag", "Undantag (tas bort ur nämnaren om posten inte är i täljaren)"),
    ("täljare", "Täljare"),
)


def population_text(population: Population, indicator: Indicator | None = None) -> str:
    return md.escape(plain.population_text(population, indicator))


def scoring_text(indicator: Indicator) -> str:
    return md.escape(plain.scoring_text(indicator, precise=True))


def breakdown_text(indicator: Indicator) -> str:
    return md.escape(plain.breakdown_text(indicator))


def definition_table(context: ReportContext, indicator: Indicator) -> str:
    records = indicator.records.replace("_", " ")
    counted = f"{indicator.basis.replace('_', ' ')}"
    if indicator.counts_children:
        counted = f"unika barn bland posterna i {records}"
    rows: list[tuple[str, str]] = [
        ("Id och version", f"{md.escape(indicator.id)}, version {indicator.version}"),
        ("Mått", md.escape(indicator.measure)),
        ("Syfte", md.escape(indicator.purpose)),
        ("Typ", md.escape(KIND_TEXT.get(indicator.kind, indicator.kind))),
        ("Kvalitetsområde", md.escape(indicator.quality_area.replace("_", " "))),
        ("Det som räknas", md.escape(counted)),
        ("Period", md.escape(f"{plain.period_text(indicator)}; ålder räknas "
                             f"vid {indicator.age_date.replace('_', ' ')}. Periodtyp: {indicator.period_type}.")),
    ]
    if indicator.follow_up is not None:
        rows.append(("Uppföljningsfönster", md.escape(
            f"{indicator.follow_up.length.describe()} från {indicator.follow_up.anchor.replace('_', ' ')}. Poster vars "
            "fönster inte har passerat uttagsdatum räknas som censurerade och ingår inte i nämnaren.")))
    for key, title in POPULATION_TITLES:
        population = indicator.population(key)
        if population is not None:
            rows.append((title, population_text(population, indicator)))
    rows += [
        ("Beräkning", scoring_text(indicator)),
        ("Saknade värden", md.escape(missing_value_text(indicator, context.bortfall_limit))),
        ("Uppdelningar", breakdown_text(indicator)),
        ("Målvärde", target_text(indicator, "procent" if indicator.scoring.kind == "andel" else "")),
        ("Minsta antal för redovisning", str(indicator.min_n or context.min_n)),
        ("Källa", md.escape(indicator.source)),
    ]
    if indicator.error_sources:
        rows.append(("Felkällor", md.escape(indicator.error_sources)))
    rows.append(("Jämförbarhet", md.escape(indicator.comparability) if indicator.comparability else "Inget angivet."))
    if indicator.legal:
        rows.append(("Lagrum", md.escape(legal_text(indicator))))
    return md.table(["Egenskap", "Beskrivning"], [list(r) for r in rows], "ll", widths=(1, 3))


def changes_section(context: ReportContext) -> str:
    log = context.changelog
    parts = [md.heading(2, "Ändringar i definitionerna sedan föregående version", "andringar")]
    if log.previous is None:
        parts.append("Det här är den första publicerade versionen; det finns ingen tidigare version att jämföra med.\n")
        return "\n".join(parts)
    if not log.changes:
        parts.append(f"Inga indikatordefinitioner har ändrats sedan rapportversion {log.previous}.\n")
        return "\n".join(parts)
    rows = []
    for change in log.changes:
        versions = f"{change.old_version} → {change.new_version}" if change.kind == CHANGE_VERSION else (
            str(change.new_version or change.old_version or ""))
        comparable = "Nej, ej jämförbar med tidigare år" if change.kind == CHANGE_VERSION else "."
        rows.append([md.escape(change.name or change.indicator_id), md.escape(change.kind), versions, comparable,
                     md.escape(CHANGE_TEXTS[change.kind])])
    parts.append(f"Jämfört med rapportversion {log.previous}:\n")
    parts.append(md.table(["Indikator", "Ändring", "Version", "Jämförbar", "Förklaring"], rows, "lllll", widths=(2, 1, 1, 1, 3)))
    return "\n".join(parts)


def local_deviations_section(context: ReportContext) -> str:
    """The municipality's own changes to catalogue definitions (suengine.yml `katalog: ändringar`)."""
    changed = [i for group in context.areas().values() for i in group if i.local_changes]
    if not changed:
        return ""
    parts = [md.heading(2, "Lokala avvikelser från indikatorkatalogen", "lokala-avvikelser")]
    parts.append(
        "Kommunen har ändrat följande värden i katalogens definitioner. Resultaten beräknas som i katalogen, men "
        "status (och för minsta antal även vilka värden som redovisas) följer kommunens egna värden; jämför därför "
        "status med försiktighet mot andra kommuner.\n"
    )
    rows = [[md.escape(i.name), md.escape(" ".join(i.local_changes))] for i in changed]
    parts.append(md.table(["Indikator", "Lokal ändring"], rows, "ll", widths=(1, 3)))
    return "\n".join(parts)


def chapter(context: ReportContext) -> str:
    parts = [md.heading(1, "Metod och definitioner", "metod")]
    parts.append(md.heading(2, "Så läses resultaten", "las-resultaten"))
    parts.append(
        "**Status.** Varje indikator med ett målvärde får status grön (önskvärt resultat), gul (delvis önskvärt) "
        "eller röd (utvecklingsområde) efter trösklarna i definitionen och riktningen (om högre eller lägre värde är "
        "bättre). Bakgrundsmått och mängdstatistik färgsätts inte. Status visas alltid med symbol och text, aldrig "
        "bara med färg.\n"
    )
    parts.append(
        f"**Röjandekontroll.** Ingen enskild person ska kunna identifieras i rapporten. Ett antal mellan 1 och "
        f"{context.min_n - 1} redovisas inte (gränsen är {context.min_n}, eller indikatorns eget minsta antal, aldrig under 3), "
        "inte heller ett värde som bygger på färre ärenden. Det gäller också antal som går att räkna fram: totalen minus "
        "de visade grupperna (till exempel barn utan uppgift om kön eller ålder), bortfall och exkluderade, kategorier i "
        "en fördelning, och samma grupp i två indikatorer. Andra värden döljs också (sekundär röjandekontroll) så att "
        f"varje dolt antal bara kan ringas in till ett spann som är minst {context.min_n} brett. Visade och dolda värden "
        "granskas sedan av ett separat program som för varje dolt antal räknar ut lägsta och högsta möjliga värde "
        "utifrån allt som publiceras; bygget stoppas om något spann är för smalt. En ny version av samma år döljer "
        "allt som tidigare versioner av året dolde. För ett dolt värde döljs även konfidensintervall, täljare, nämnare, "
        "bortfall och jämförelsen med föregående år.\n"
    )
    if context.audit_summary:
        parts.append(f"**Granskning av denna version.** {context.audit_summary}\n")
    parts.append(
        "**Konfidensintervall.** För andelar anges ett 95-procentigt konfidensintervall enligt Wilsons metod. "
        "Intervallet visar hur mycket andelen kan variera av slumpskäl: med få ärenden blir intervallet brett, och "
        "en förändring mellan två år som ryms inom intervallen bör tolkas försiktigt. Wilsons metod ger rimliga "
        "intervall även när andelen ligger nära 0 eller 100 procent.\n"
    )
    parts.append(
        "**Jämförbarhet.** När en definition ändras får den en ny version. Resultat som beräknats med olika versioner "
        "jämförs inte; de markeras som ej jämförbara med tidigare år och förändringen redovisas inte.\n"
    )
    parts.append(f"**Iakttagelser.** {OBSERVATION_RULE}\n")
    parts.append(f"**Rapport till nämnden.** {md.escape(FINDINGS_RULE)}\n")
    parts.append(f"**Säker förändring.** {md.escape(CHANGE_RULE)}\n")
    parts.append(md.table(["Tecken", "Betydelse"], [[s, t] for s, t in SYMBOL_LEGEND], "ll"))
    parts.append(changes_section(context))
    deviations = local_deviations_section(context)
    if deviations:
        parts.append(deviations)
    parts.append(md.heading(2, "Indikatorernas definitioner", "definitioner"))
    for indicators in context.areas().values():
        for indicator in indicators:
            parts.append(md.heading(3, indicator.name, f"def-{slug(indicator.id)}"))
            parts.append(definition_table(context, indicator))
    return "\n".join(parts)
