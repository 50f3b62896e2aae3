"""Markdown in the subset that Quarto and plain pandoc render alike.

Only: headings, paragraphs, lists, pipe tables, images with `{width=… fig-alt="…"}`, bracketed
spans with a class, and fenced-div callouts. No cross-references (`@fig-…`), no raw HTML.
Every text that comes from a definition, a data file or a commentary goes through `escape`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from suengine.render.format import STATUS_MEANING, STATUS_SYMBOL, STATUS_TEXT

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|@$~^])")
STATUS_CLASS = {"grön": "gron", "gul": "gul", "röd": "rod", "ingen": "ingen"}


_SPACES = re.compile(r"[ \t\n\r\f\v]+")  # every white space but the no-break space
_THOUSANDS = re.compile(r"(?<![\d,])(\d{1,3}) (?=\d{3}(?!\d))")  # "1 000": a number's groups never part


def escape(text: object) -> str:
    """Plain text → Markdown that prints exactly that text (one line); a no-break space stays one, and
    the space between a number's digit groups ("per 1 000 barn") becomes one, so no line breaks there."""
    flat = _SPACES.sub(" ", str(text)).strip()
    flat = _THOUSANDS.sub("\\1\u00a0", flat)
    return _SPECIAL.sub(r"\\\1", flat)


def attribute(text: str) -> str:
    """A value for a `key="…"` attribute: one line, no double quotes."""
    return " ".join(text.split()).replace('"', "'").replace("\\", "/")


def heading(level: int, text: str, identifier: str | None = None) -> str:
    suffix = f" {{#{identifier}}}" if identifier else ""
    return f"{'#' * level} {escape(text)}{suffix}\n"


# A table row spans the text width: about 80 characters of table text in the PDF (A4, 1,25 in margins,
# 9,5 pt Libertinus Serif at up to 5 pt a character, 5 pt cell padding a side) and more in the DOCX.
TABLE_CHARS = 80
PANDOC_COLUMNS = 72  # a pipe table with a longer source line is laid out by its dash counts
_SPAN_ATTRIBUTES = re.compile(r"\]\{[^}]*\}")
_LINK_TARGET = re.compile(r"\]\([^)]*\)")  # a link's target is not printed
_WORD_BREAK = re.compile(r"[ \t\n\r\f\v]+")  # not the no-break space: "12 %" stays together


def _plain(cell: str) -> str:
    """The text a cell prints: no span attributes, no brackets, no escapes."""
    text = _LINK_TARGET.sub("]", _SPAN_ATTRIBUTES.sub("]", cell))
    text = re.sub(r"(?<!\\)[\[\]]", "", text)
    return re.sub(r"\\(.)", r"\1", text)


def _longest_word(cell: str) -> int:
    return max((len(word) for word in _WORD_BREAK.split(_plain(cell))), default=0)


NOWRAP_PADDING = 2  # a status box's inset (3 pt a side) on top of the cell padding


def column_dashes(
    headers: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[int] | None, nowrap: Sequence[int] = ()
) -> list[int]:
    """Dash counts that pandoc turns into relative column widths (of the full text width).

    Every column gets at least its longest unbreakable word (+2 for the cell padding), so that no
    header or value runs into its neighbour ("95 % KINämnare"); a column in `nowrap` gets its longest
    cell whole (a status box, a value), so it never breaks inside; what is left of TABLE_CHARS goes to
    the columns by `widths`, or, without widths, to the columns whose text is longer than that.
    """
    columns = [[headers[i]] + [row[i] for row in rows if i < len(row)] for i in range(len(headers))]
    need = [max(3, max(_longest_word(c) for c in column) + 2) for column in columns]
    for i in nowrap:
        whole = max((len(_plain(c)) for c in columns[i][1:]), default=0) + 2 + NOWRAP_PADDING
        need[i] = max(need[i], whole)
    if widths:
        weights = [float(w) for w in widths]
    else:
        weights = [float(max(0, min(40, max(len(_plain(c)) for c in column) + 2) - n)) for column, n in zip(columns, need)]
    spare = TABLE_CHARS - sum(need)
    if spare <= 0 or sum(weights) == 0:
        return need
    shares = [spare * w / sum(weights) for w in weights]
    return [n + int(round(share)) for n, share in zip(need, shares)]


def table(
    headers: Sequence[str], rows: Sequence[Sequence[str]], align: str | None = None, widths: Sequence[int] | None = None,
    nowrap: Sequence[int] = (),
) -> str:
    """A pipe table; cells are Markdown already (escape text before). `align`: one of l/r/c per column.

    A table with `widths` (relative, e.g. (1, 3)), or with a row longer than pandoc's 72 columns,
    spans the text width with columns sized by `column_dashes`; a short table without widths keeps
    its natural column widths. Quarto and pandoc read the dash counts alike. Columns in `nowrap` are
    as wide as their longest cell (see `column_dashes`).
    """
    align = align or "l" + "r" * (len(headers) - 1)
    body = [[_WORD_BREAK.sub(" ", str(c)).strip() or " " for c in row] for row in rows]  # keeps no-break spaces
    lines = ["| " + " | ".join(headers) + " |"] + ["| " + " | ".join(cells) + " |" for cells in body]
    if widths or nowrap or max(len(line) for line in lines) > PANDOC_COLUMNS:
        dashes = column_dashes(headers, body, widths, nowrap)
    else:
        dashes = [3] * len(headers)

    def mark(kind: str, count: int) -> str:
        line = "-" * count
        return {"l": ":" + line, "r": line + ":", "c": ":" + line + ":"}[kind]

    lines.insert(1, "|" + "|".join(mark(a, n) for a, n in zip(align, dashes)) + "|")
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


def bullet_list(items: Sequence[str]) -> str:
    return "".join(f"- {item}\n" for item in items)
