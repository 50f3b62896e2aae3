"""The method page: how values, intervals, colours and suppression work, and the symbols used."""

from __future__ import annotations

from suengine.definitions.model import Indicator
from suengine.render.format import STATUS_MEANING, SYMBOL_LEGEND
from suengine.render.definition_text import population_or_none
from suengine.render.site.markdown import status_badge, table, text
from suengine.render.site.overview import by_area, page_path


def method_page(indicators: list[Indicator], min_count: int) -> str:
    symbols = table(["Symbol", "Betydelse"], [[f"`{symbol}`", text(meaning)] for symbol, meaning in SYMBOL_LEGEND])
    statuses = table(
        ["Status", "Betydelse"],
        [[status_badge(key), text(STATUS_MEANING[key])] for key in ("grön", "gul", "röd", "ingen")],
    )
    definitions = []
    for _area, members in by_area(indicators):
        for indicator in members:
            definitions.append([
                f"[{text(indicator.short_name)}]({page_path(indicator)})",
                text(population_or_none(indicator, "täljare")) or ".",
                text(population_or_none(indicator, "nämnare")) or ".",
                text(population_or_none(indicator, "exkludering")) or ".",
            ])
    return f"""# Metod

## Hur värdena tas fram

Varje indikator är definierad i en egen fil med urval, nämnare, eventuella exkluderingar och undantag,
och täljare. Värdena beräknas ur verksamhetssystemets dataleverans med samma program varje år, så
att åren går att jämföra så länge definitionen är densamma. Ändras en definition får den en ny
version, och värden från olika versioner markeras som ej jämförbara.

- **Andel** är täljaren delad med nämnaren, i procent.
- **Konfidensintervall:** för andelar anges ett 95 % konfidensintervall enligt Wilsons metod. Det
  visar hur mycket andelen kan variera av slumpen när antalet ärenden är litet; ju färre ärenden,
  desto bredare intervall.
- **Internt bortfall** är poster där en uppgift saknas så att det inte går att avgöra om posten hör
  till nämnaren eller täljaren. De räknas inte in, och antalet redovisas.
- **Uppföljningsfönster:** när en indikator följer upp något inom en viss tid (till exempel
  återaktualisering inom två år) räknas en post först när hela tiden har passerat.

## Färger och status

Indikatorer med målvärde får status grön, gul eller röd efter målvärdets gränser. Status visas
alltid med symbol och text, aldrig bara med färg. Bakgrundsmått och mängdstatistik färgläggs inte.

{statuses}
## Skydd mot röjande av uppgifter

Värden som bygger på få personer kan göra det möjligt att känna igen enskilda barn. Därför redovisas
inte antal mellan 1 och {min_count - 1}, och inte andelar vars nämnare är mindre än {min_count}
(primär röjandekontroll). Det gäller också antal som går att räkna fram: totalen minus de visade
grupperna (barn utan uppgift om kön eller ålder), bortfall, kategorier i en fördelning och samma grupp
i två indikatorer. När ett värde döljs döljs också andra värden så att det dolda bara kan ringas in
till ett spann som är minst {min_count} brett (sekundär röjandekontroll). Ett separat program räknar
före publiceringen ut lägsta och högsta möjliga värde för varje dolt antal och stoppar bygget om
något spann är för smalt; en ny version av samma år döljer allt som tidigare versioner dolde.
Ett dolt värde visas som `..` med orsaken, och det ingår varken i tabeller, diagram, intervall eller
antal.

## Symboler

{symbols}
## Definitioner i korthet

Fullständiga definitioner finns på varje indikators sida.

{table(["Indikator", "Täljare", "Nämnare", "Exkludering"], definitions)}"""
