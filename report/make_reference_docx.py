"""Regenerate report/reference.docx: pandoc's default reference document, restyled.

Run once after changing the look (needs the `test` extra for python-docx):

    .venv/bin/python report/make_reference_docx.py

The result is committed; rendering only reads it. The look: Arial throughout, dark blue
headings (chapters start on a new page), a table style with thin grey rules and a shaded header row, A4 with 2,5 cm margins,
and a "Faktaruta" paragraph style (shaded, blue rule on the left) used for callouts.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import pypandoc
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

ACCENT = RGBColor(0x1F, 0x38, 0x64)
TEXT = RGBColor(0x1A, 0x1A, 0x1A)
FONT = "Arial"
OUT = Path(__file__).resolve().parent / "reference.docx"


def _set_font(style, size: float | None = None, bold: bool | None = None, colour: RGBColor | None = None) -> None:
    font = style.font
    font.name = FONT
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
        if fonts.get(qn(attr)) is not None:
            del fonts.attrib[qn(attr)]
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    if colour is not None:
        font.color.rgb = colour


def _shade(ppr, fill: str) -> None:
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    ppr.append(shd)


def _left_rule(ppr, colour: str) -> None:
    borders = OxmlElement("w:pBdr")
    left = OxmlElement("w:left")
    for key, value in (("w:val", "single"), ("w:sz", "18"), ("w:space", "8"), ("w:color", colour)):
        left.set(qn(key), value)
    borders.append(left)
    ppr.append(borders)


def _table_borders(style) -> None:
    tblpr = style.element.find(qn("w:tblPr"))
    if tblpr is None:
        tblpr = OxmlElement("w:tblPr")
        style.element.append(tblpr)
    old = tblpr.find(qn("w:tblBorders"))
    if old is not None:
        tblpr.remove(old)
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "bottom", "insideH"):
        element = OxmlElement(f"w:{edge}")
        for key, value in (("w:val", "single"), ("w:sz", "4"), ("w:space", "0"), ("w:color", "A6A6A6")):
            element.set(qn(key), value)
        borders.append(element)
    tblpr.append(borders)


class _Styles:
    """Look styles up by their displayed name (python-docx maps some built-in names, e.g. Caption)."""

    def __init__(self, doc) -> None:
        self.doc = doc

    def __getitem__(self, name: str):
        for style in self.doc.styles:
            if style.name == name:
                return style
        raise KeyError(name)

    def __iter__(self):
        return iter(self.doc.styles)

    def add_style(self, name: str, kind):
        return self.doc.styles.add_style(name, kind)


def restyle(path: Path) -> None:
    doc = Document(str(path))
    styles = _Styles(doc)
    for name in ("Normal", "Body Text", "First Paragraph", "Compact", "Block Text", "Caption",
                 "Table Caption", "Image Caption", "Footnote Text"):
        _set_font(styles[name], colour=TEXT)
    _set_font(styles["Normal"], size=11)
    _set_font(styles["Title"], size=24, bold=True, colour=ACCENT)
    _set_font(styles["Subtitle"], size=14, colour=RGBColor(0x55, 0x55, 0x55))
    for level, size in ((1, 18), (2, 14), (3, 12), (4, 11)):
        _set_font(styles[f"Heading {level}"], size=size, bold=True, colour=ACCENT)
    styles["Heading 1"].paragraph_format.page_break_before = True  # each chapter on a new page
    _set_font(styles["Image Caption"], size=9.5, colour=RGBColor(0x55, 0x55, 0x55))
    _table_borders(styles["Table"])

    if "Faktaruta" not in [s.name for s in styles]:
        box = styles.add_style("Faktaruta", WD_STYLE_TYPE.PARAGRAPH)
        box.base_style = styles["Body Text"]
        _set_font(box, size=10.5, colour=TEXT)
        ppr = box.element.get_or_add_pPr()
        _shade(ppr, "F4F6F9")
        _left_rule(ppr, "0072B2")
        box.paragraph_format.left_indent = Cm(0.3)

    for section in doc.sections:
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Cm(2.5))
    doc.core_properties.author = "suengine"
    doc.save(str(path))


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        default = Path(tmp) / "default.docx"
        subprocess.run(
            [pypandoc.get_pandoc_path(), "-o", str(default), "--print-default-data-file", "reference.docx"],
            check=True,
        )
        restyle(default)
        OUT.write_bytes(default.read_bytes())
    print(f"Skrev {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
