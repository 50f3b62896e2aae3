"""Rapport till nämnden: cover, findings, coloured status table, volumes, the verksamhet's analysis, "om siffrorna".

A short document (at most 12 A4 pages for the whole catalogue, counted in a test) for a politician
reading in ten minutes; everything else is in the Bilaga. The analysis follows the steps of
Socialstyrelsen's guide (seed 002, steg 6): vad vi ser, varför, vad vi gör, vem, när vi följer upp.
Commentary headings are matched to those steps by name (`STEP_NAMES`); staff write the text.
"""

from __future__ import annotations

import re

from suengine.definitions.model import Indicator
from suengine.render.format import NBSP, STATUS_MEANING, SYMBOL_LEGEND, SYMBOL_NOT_APPLICABLE
from suengine.render.presentation import VERDICT_CHANCE, VERDICT_SURE
from suengine.render.report import markdown as md
from suengine.render.report.chapters.comparison import relative_paragraph
from suengine.render.report.chapters.indicator import status_cell
from suengine.render.report.context import ReportContext
from suengine.render.report.data import change_verdict, compare, value_cell
from suengine.render.report.findings import CHANGE_RULE, findings

PAGE_BREAK = '\n```{=typst}\n#pagebreak()\n```\n\n```{=openxml}\n<w:p><w:r><w:br w:type="page"/></w:r></w:p>\n```\n'
STEPS = ("Vad vi ser", "Varför", "Vad vi gör", "Vem ansvarar", "När vi följer upp")
STEP_NAMES = {
    "vad vi ser": 0, "analys": 0, "resultat": 0, "iakttagelse": 0,
    "varför": 1, "orsak": 1, "orsaker": 1, "förklaring": 1,
    "vad vi gör": 2, "åtgärder": 2, "åtgärd": 2,
    "vem": 3, "vem ansvarar": 3, "ansvar": 3, "ansvarig": 3,
    "när vi följer upp": 4, "uppföljning": 4, "när": 4,
}
VOLUME_KINDS = ("antal", "kvot", "summa", "median", "medel")
_HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*#*\s*$")


def steps(text: str) -> list[str]:
    """Commentary Markdown → one flat text per step ('' when the staff wrote nothing for it).

    Paragraph lines are joined with spaces; a list item ends with a full stop so items read as sentences."""
    found: list[list[str]] = [[] for _ in STEPS]
    current = 0
    for line in text.splitlines():
        heading = _HEADING.match(line)
        if heading:
            current = STEP_NAMES.get(heading.group(1).strip().lower().rstrip(":?"), current)
            continue
        stripped = line.strip()
        if stripped.startswith(("- ", "* ")):
            item = stripped[2:].strip()
            found[current].append(item if item.endswith((".", "!", "?")) else item + ".")
        elif stripped:
            found[current].append(stripped)
    return [" ".join(lines) for lines in found]


def cover(context: ReportContext) -> str:
    """The cover's facts; a kommun or nämnd suengine.yml does not name is left out rather than shown as '–'."""
    facts = [("Kommun", context.municipality), ("Nämnd", context.committee), ("Rapportår", str(context.year)),
             ("Version", context.version), ("Datum", context.report_date),
             ("Uttagsdatum", context.extraction_date or "anges inte i leveransen")]
    rows = [[name, md.escape(value)] for name, value in facts if value]
    text = md.table(["Uppgift", " "], rows, "ll", widths=(1, 3))
    text += ("\nRapporten sammanfattar den systematiska uppföljningen av barn och familj för nämnden. Alla resultat, "
             "diagram, definitioner och uppgifter om datakvalitet finns i bilagan (resultat per indikator, datakvalitet "
             "och metod) till samma version.\n")
    return text + PAGE_BREAK


def findings_page(context: ReportContext, indicators: list[Indicator]) -> str:
    parts = [md.heading(1, f"Det viktigaste {context.year}", "viktigast")]
    found = findings(context, indicators)
    if found:
        parts.append(md.bullet_list([md.escape(f.text) for f in found]))
    else:
        parts.append("Inga indikatorer är röda, och ingen förändring sedan föregående år är större än slumpen.\n")
    parts.append("*Iakttagelserna väljs med fasta regler, inte för hand (se bilagans metodkapitel).* " + md.escape(CHANGE_RULE) + "\n")
    return "\n".join(parts)


def _keep(text: str) -> str:
    return text.replace(" ", NBSP)


def change_cell(change: str, verdict: str) -> str:
    """'+2,1 procentenheter, inom slumpens marginal': the change and its verdict, each kept on one line, so
    the cell breaks between them and nowhere else."""
    if verdict in (VERDICT_SURE, VERDICT_CHANCE):
        return f"{_keep(change)}, {_keep(verdict)}"
    return _keep(change)


def _comparison_cells(context: ReportContext, indicator: Indicator) -> tuple[str, str, str]:
    data = context.results_for(indicator)
    row = data.total(data.latest_period(context.year))
    comparison = compare(data, row)
    # an OJ answer (Ja/Delvis/Nej) is not a share of many: no test of chance applies
    verdict = SYMBOL_NOT_APPLICABLE if indicator.scoring.kind == "kategori" else change_verdict(data, row)
    return value_cell(row), comparison.previous_value, change_cell(comparison.change, verdict)


CHANGE_NOTE = ("Förändringen sedan föregående år står med sin bedömning: *säker förändring* när den är större än "
               "slumpen rimligen kan ge, annars *inom slumpens marginal*.\n")


def status_table(context: ReportContext, indicators: list[Indicator]) -> str:
    targeted = [i for i in indicators if i.target.kind not in ("ingen", "relativ")]  # relative colours: their own line
    parts = [md.heading(1, "Indikatorer med målvärde", "malvarden")]
    if not targeted:
        return parts[0] + "Ingen indikator har ett målvärde.\n"
    rows = []
    for indicator in targeted:
        data = context.results_for(indicator)
        row = data.total(data.latest_period(context.year))
        value, previous, change = _comparison_cells(context, indicator)
        rows.append([md.escape(indicator.short_name), status_cell(row), previous, value, change])
    parts.append(md.table(["Indikator", "Status", str(context.year - 1), str(context.year), f"Förändring sedan {context.year - 1}"],
                          rows, "llrrl", widths=(6, 1, 1, 1, 1), nowrap=(1, 2, 3)))
    parts.append(CHANGE_NOTE)
    parts.append("Status: " + "; ".join(f"{md.status_span(s)} {STATUS_MEANING[s]}" for s in ("grön", "gul", "röd")) + ".\n")
    parts.append(relative_paragraph(context))
    return "\n".join(parts)


def volume_table(context: ReportContext, indicators: list[Indicator]) -> str:
    volumes = [i for i in indicators if i.target.kind == "ingen" and i.scoring.kind in VOLUME_KINDS]
    parts = [md.heading(1, "Mängdstatistik", "mangd")]
    rows = []
    for indicator in volumes:
        value, previous, change = _comparison_cells(context, indicator)
        rows.append([md.escape(indicator.short_name), previous, value, change])
    parts.append(md.table(["Mått", str(context.year - 1), str(context.year), f"Förändring sedan {context.year - 1}"], rows,
                          "lrrl", widths=(6, 2, 2, 1)))
    return "\n".join(parts)


def analysis(context: ReportContext, indicators: list[Indicator]) -> str:
    parts = [md.heading(1, "Verksamhetens analys och åtgärder", "analys")]
    commentary = context.commentary
    if commentary.introduction:
        intro = " ".join(line.strip() for line in commentary.introduction.splitlines() if line.strip() and not line.startswith("#"))
        parts.append(md.escape(intro) + "\n")
    written = [i for i in indicators if i.id in commentary.texts]
    for indicator in written:
        parts.append(md.heading(2, indicator.short_name))
        rows = [[f"**{name}**", md.escape(text) or "–"] for name, text in zip(STEPS, steps(commentary.texts[indicator.id]))]
        parts.append(md.table(["Steg", "Verksamhetens svar"], rows, "ll", widths=(2, 7)))
    if not written and not commentary.introduction:
        parts.append(f"Verksamheten har inte lämnat någon analys för {context.year}.\n")
    return "\n".join(parts)


def about_numbers(context: ReportContext) -> str:
    symbols = " ".join(f"**{md.escape(symbol)}** {md.escape(text.rstrip('.').lower())}." for symbol, text in SYMBOL_LEGEND)
    body = (
        "Siffrorna kommer från verksamhetssystemet vid uttagsdatum och räknas på samma sätt varje år. Uppgifter som saknas "
        "i ett ärende (internt bortfall) räknas inte med i andelarna; hur stort bortfallet är redovisas per indikator i "
        f"bilagan. Ett värde som bygger på färre än {context.min_n} barn eller ärenden visas inte, så att ingen enskild "
        f"kan pekas ut. Tecken i tabellerna: {symbols} Status visas alltid med både symbol, text och färg.\n"
    )
    return md.callout("note", "Om siffrorna", body)


def document(context: ReportContext) -> str:
    indicators = [i for area in context.areas().values() for i in area]
    return "\n".join([cover(context), findings_page(context, indicators), about_numbers(context), PAGE_BREAK,
                      status_table(context, indicators), volume_table(context, indicators), PAGE_BREAK,
                      analysis(context, indicators)])
