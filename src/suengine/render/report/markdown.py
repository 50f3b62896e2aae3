"""Markdown in the subset that Quarto and plain pandoc render alike.

Only: headings, paragraphs, lists, pipe tables, images with `{width=… fig-alt="…"}`, bracketed
spans with a class, and fenced-div callouts. No cross-references (`@fig-…`), no raw HTML.
Every text that comes from a definition, a data file or a commentary goes through `escape`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from suengine.render.format import NBSP, STATUS_MEANING, STATUS_SYMBOL, STATUS_TEXT, format_number, is_missing

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|@$~^])")
STATUS_CLASS = {"grön": "gron", "gul": "gul", "röd": "rod", "ingen": "ingen"}
MINUS = "\u2212"


def escape(text: object) -> str:
    """Plain text → Markdown that prints exactly that text (one line)."""
    flat = " ".join(str(text).split())
    return _SPECIAL.sub(r"\\\1", flat)


def attribute(text: str) -> str:
    """A value for a `key="…"` attribute: one line, no double quotes."""
    return " ".join(text.split()).replace('"', "'").replace("\\", "/")


def heading(level: int, text: str, identifier: str | None = None) -> str:
    suffix = f" {{#{identifier}}}" if identifier else ""
    return f"{'#' * level} {escape(text)}{suffix}\n"


def table(
    headers: Sequence[str], rows: Sequence[Sequence[str]], align: str | None = None, widths: Sequence[int] | None = None
) -> str:
    """A pipe table; cells are Markdown already (escape text before). `align`: one of l/r/c per column.

    `widths` (relative, e.g. (1, 3)) sets the dash counts, which pandoc and Quarto use as column widths
    when a row is longer than a line.
    """
    align = align or "l" + "r" * (len(headers) - 1)
    dashes = [max(3, 4 * w) for w in widths] if widths else [3] * len(headers)

    def mark(kind: str, count: int) -> str:
        line = "-" * count
        return {"l": ":" + line, "r": line + ":", "c": ":" + line + ":"}[kind]

    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join(mark(a, n) for a, n in zip(align, dashes)) + "|"]
    for row in rows:
        cells = [" ".join(str(c).split()) or " " for c in row]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def callout(kind: str, title: str, body: str) -> str:
    """`kind`: note, tip, important, warning. Quarto renders it natively; the Lua filter otherwise."""
    return f'::: {{.callout-{kind} title="{attribute(title)}"}}\n{body.strip()}\n:::\n'


def figure(stem: str, caption: str, alt: str, width: str = "100%") -> str:
    """An image without extension: each format picks SVG or PNG via default-image-extension."""
    return f'![{escape(caption)}]({stem}){{width="{width}" fig-alt="{attribute(alt)}"}}\n'


def status_text(status: object) -> str:
    key = status if isinstance(status, str) and status in STATUS_TEXT else "ingen"
    return f"{STATUS_SYMBOL[key]} {STATUS_TEXT[key]}"


def status_span(status: object, meaning: bool = False) -> str:
    """Symbol and text, coloured in HTML through a class: colour is never the only signal."""
    key = status if isinstance(status, str) and status in STATUS_TEXT else "ingen"
    text = status_text(key)
    if meaning:
        text += f" – {STATUS_MEANING[key]}"
    return f"[{escape(text)}]{{.status .status-{STATUS_CLASS[key]}}}"


def signed(value: object, unit: str) -> str:
    """A change with its sign and unit: `+3 procentenheter`, `−0,2 per 1 000`."""
    if is_missing(value):
        return ""
    number = float(value)  # type: ignore[arg-type]
    # one decimal for percentage points, so 88 % → 87 % reads as −1,6 and not as a rounded −2
    decimals = 0 if unit in ("antal", "kronor") else 1
    text = format_number(abs(number), decimals)
    if text.strip("0,") == "":
        sign = "±"
    else:
        sign = "+" if number > 0 else MINUS
    units = {"procent": "procentenheter", "antal": "", "kronor": "kr"}
    label = units.get(unit, unit)
    return f"{sign}{text}{NBSP + label if label else ''}"


def bullet_list(items: Sequence[str]) -> str:
    return "".join(f"- {item}\n" for item in items)
