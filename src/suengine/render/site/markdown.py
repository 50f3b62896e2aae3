"""Small helpers for writing MkDocs Markdown safely: escaping, tables, admonitions, slugs."""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Sequence

from suengine.render.format import STATUS_SYMBOL, STATUS_TEXT

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|#])")
_ASCII = str.maketrans({"å": "a", "ä": "a", "ö": "o", "Å": "a", "Ä": "a", "Ö": "o", "é": "e", "ü": "u"})
STATUS_CLASS = {"grön": "gron", "gul": "gul", "röd": "rod", "ingen": "ingen"}
STATUS_RANK = {"röd": 1, "gul": 2, "grön": 3, "ingen": 4}


def text(value: object) -> str:
    """Plain text for Markdown: HTML-escaped, Markdown syntax neutralised, one line."""
    escaped = html.escape(" ".join(str(value).split()), quote=False)
    return _MD_SPECIAL.sub(r"\\\1", escaped)


def attr(value: object) -> str:
    return html.escape(str(value), quote=True)


def slug(value: str) -> str:
    """ASCII file-name part: `åldersgrupp` → `aldersgrupp`."""
    ascii_text = unicodedata.normalize("NFKD", value.translate(_ASCII)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "x"


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], align: Sequence[str] | None = None) -> str:
    """A pipe table; cells are used as given (escape with `text` first), alignment `l`/`r`."""
    align = align or ["l"] * len(headers)
    rule = ["---:" if a == "r" else "---" for a in align]
    lines = ["| " + " | ".join(headers) + " |", "| " + " | ".join(rule) + " |"]
    lines += ["| " + " | ".join(cell if cell else " " for cell in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def admonition(kind: str, title: str, body: str) -> str:
    lines = body.strip().splitlines() or [""]
    return f'!!! {kind} "{title}"\n' + "\n".join(f"    {line}" if line else "" for line in lines) + "\n"


def status_badge(status: str | None) -> str:
    """Status as text and symbol on a light fill: colour is never the only signal."""
    if status is None:
        return '<span class="su-status su-status--dold" data-sort="5">.. Ej redovisad</span>'
    key = status if status in STATUS_CLASS else "ingen"
    return (
        f'<span class="su-status su-status--{STATUS_CLASS[key]}" data-sort="{STATUS_RANK[key]}">'
        f"{STATUS_SYMBOL[key]} {STATUS_TEXT[key]}</span>"
    )


def status_count_pill(status: str, count: int, word: str) -> str:
    """One count of the start page's status line: the status's symbol and fill, the number in bold."""
    if status not in STATUS_CLASS:  # a hidden value
        return f'<span class="su-status su-status--dold">.. <strong>{count}</strong> {html.escape(word)}</span>'
    return (f'<span class="su-status su-status--{STATUS_CLASS[status]}">{STATUS_SYMBOL[status]} '
            f"<strong>{count}</strong> {html.escape(word)}</span>")
