"""How the demo writes a Treserva-style export: columns, encodings, separators and value formats per file."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable

FIXED_TIME = (2026, 1, 31, 6, 0, 0)

Formatter = Callable[[object], str]


def _date(value: object) -> str:
    return value.isoformat() if isinstance(value, dt.date) else ("" if value is None else str(value))


def _stamp(value: object) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if isinstance(value, dt.datetime) else _date(value)


def _compact(value: object) -> str:
    return value.strftime("%Y%m%d") if isinstance(value, dt.date) else ("" if value is None else str(value))


def comma(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return (f"{value:.0f}" if value.is_integer() else f"{value:.2f}".rstrip("0")).replace(".", ",")
    return str(value)


def _pnr10(value: object) -> str:
    text = str(value)
    return f"{text[2:8]}-{text[8:]}"


def _pnr12(value: object) -> str:
    text = str(value)
    # about one in twenty rows as a 10-digit number, as when records were typed in by hand
    return _pnr10(text) if int(text[4:8]) % 20 == 0 else f"{text[:8]}-{text[8:]}"


def plain(value: object) -> str:
    return "" if value is None else str(value)


# file name, rows key, columns, encoding, separator, formatters, trailing empty rows, trailing empty column
CSV_FILES: list[tuple[str, str, list[str], str, str, dict[str, Formatter], int, bool]] = [
    ("barn.csv", "barn", ["Personnummer", "Namn", "Kön", "Adress", "Folkbokförd kommun"], "cp1252", ";", {"Personnummer": _pnr12}, 0, False),
    ("aktualiseringar.csv", "aktualisering",
     ["Aktnr", "Personnr", "Inkom", "Akttyp", "Anmälare", "Orsak", "Enhet", "FB klar", "Beslut utredning", "Prio", "Handläggare", "Anteckning"],
     "utf-8-sig", ";", {"Personnr": _pnr10, "Inkom": _stamp, "FB klar": _compact}, 3, False),
    ("utredningar.csv", "utredning",
     ["Utrnr", "Aktnr", "Personnr", "Utredningstyp", "Inledd", "Avslutad", "Förlängd", "Orsak", "Enhet", "Enskilt samtal",
      "Träffat enskilt", "Beslut", "Avslutsorsak", "Handläggare"],
     "cp1252", ";", {"Inledd": _date, "Avslutad": _date}, 0, True),
    ("skattningar.csv", "uppföljning",
     ["Skattnr", "Insatsnr", "Personnr", "Instrument", "Tidpunkt", "Datum", "Värde", "Måluppfyllelse", "Barnet deltog", "Kommentar"],
     "utf-8-sig", ";", {"Personnr": _pnr10, "Datum": _date, "Värde": comma}, 0, False),
    ("brukarenkat.csv", "brukarsvar", ["Svarsnr", "Svarsdatum", "Fråga", "Svar"], "cp1252", ";", {"Svarsdatum": _date}, 0, False),
    ("befolkning.csv", "befolkning", ["region", "ålder", "kön", "år", "Folkmängd"], "utf-8", ",", {}, 0, False),
    ("personal.csv", "personal",
     ["Mätdatum", "B1 Handläggare", "B1a Socionomexamen", "B1b under 1 år", "B1b 1-2 år", "B1b 3-5 år", "B1b över 5 år", "B1b vet ej", "Konsulter"],
     "cp1252", ";", {"Mätdatum": _date, **{k: comma for k in ("B1 Handläggare", "B1a Socionomexamen", "B1b under 1 år", "B1b 1-2 år",
                                                                   "B1b 3-5 år", "B1b över 5 år", "B1b vet ej", "Konsulter")}}, 0, False),
    ("oj_enkat.csv", "enkätsvar", ["Mätdatum", "Område", "G2", "G2a", "G3", "G3a", "B12", "B12b", "Socialjour"], "cp1252", ";", {"Mätdatum": _date}, 0, False),
]
INSATS_COLUMNS = ["Insatsnr", "Utrnr", "Personnr", "Insatskod", "Metod", "Orsak", "Startdatum", "Slutdatum", "Kostnad",
                  "Första övervägande", "Samtal placerat barn", "Utförare", "Handläggare"]


def deterministic_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed entry times and fixed document dates, so equal input → equal bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                stamp = dt.datetime(*FIXED_TIME).strftime("%Y-%m-%dT%H:%M:%SZ").encode()
                content = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>" + stamp, content)
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, content)
    return out.getvalue()
