"""A footer with kommun, version and page numbers in the DOCX, added after pandoc or Quarto wrote it.

pandoc's DOCX writer has no footer of its own and a footer in reference.docx could not name the
kommun or the version, so the finished file gets one: a footer part (`word/footer-suengine.xml`)
with the text and Word's PAGE and NUMPAGES fields ("Exempelby kommun · Rapport till nämnden ·
version 2025.1 · sida 3 av 12"), a relationship to it, its content type, and a reference from
every section. The archive's other entries and their timestamps are kept, so two builds of the same
delivery stay byte-identical.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from suengine.errors import SuengineError

FOOTER_PART = "word/footer-suengine.xml"
FOOTER_ID = "rIdSuengineFooter"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
FOOTER_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer"
FOOTER_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"
_SECTION = re.compile(r"<w:sectPr(\s[^>]*)?(/?)>")


def _run(text: str) -> str:
    return f'<w:r><w:rPr><w:sz w:val="18"/></w:rPr><w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def _field(name: str) -> str:
    """A Word field (PAGE, NUMPAGES) with '1' shown until Word updates it."""
    return (f'<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> {name} </w:instrText></w:r>'
            f'<w:r><w:fldChar w:fldCharType="separate"/></w:r>{_run("1")}<w:r><w:fldChar w:fldCharType="end"/></w:r>')


def footer_xml(text: str) -> str:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:ftr xmlns:w="{W}" xmlns:r="{R}"><w:p>'
            '<w:pPr><w:jc w:val="center"/></w:pPr>'
            f'{_run(text + " · sida ")}{_field("PAGE")}{_run(" av ")}{_field("NUMPAGES")}</w:p></w:ftr>')


def _with_reference(document: str) -> str:
    """Every <w:sectPr> starts with a reference to the footer (the xmlns:r prefix is pandoc's)."""
    reference = f'<w:footerReference w:type="default" r:id="{FOOTER_ID}"/>'

    def add(match: re.Match[str]) -> str:
        attributes = match.group(1) or ""
        if match.group(2):  # <w:sectPr/>
            return f"<w:sectPr{attributes}>{reference}</w:sectPr>"
        return f"<w:sectPr{attributes}>{reference}"

    if 'xmlns:r="' not in document[:2000]:
        document = document.replace("<w:document ", f'<w:document xmlns:r="{R}" ', 1)
    if not _SECTION.search(document):
        document = document.replace("</w:body>", f"<w:sectPr>{reference}</w:sectPr></w:body>", 1)
        return document
    return _SECTION.sub(add, document)


def add_footer(path: Path, text: str) -> None:
    """Give the DOCX at `path` a footer with `text` and page numbers (in place)."""
    try:
        with zipfile.ZipFile(path) as archive:
            entries = [(info, archive.read(info.filename)) for info in archive.infolist()]
    except (OSError, zipfile.BadZipFile) as exc:
        raise SuengineError(f"{path.name}: kan inte lägga till sidfoten ({exc})") from exc
    names = {info.filename for info, _ in entries}
    if FOOTER_PART in names or "word/document.xml" not in names:
        return
    out: list[tuple[zipfile.ZipInfo, bytes]] = []
    template = None
    for info, data in entries:
        if info.filename == "word/document.xml":
            data = _with_reference(data.decode("utf-8")).encode("utf-8")
            template = info
        elif info.filename == "word/_rels/document.xml.rels":
            relation = f'<Relationship Id="{FOOTER_ID}" Type="{FOOTER_TYPE}" Target="footer-suengine.xml"/>'
            data = data.decode("utf-8").replace("</Relationships>", relation + "</Relationships>", 1).encode("utf-8")
        elif info.filename == "[Content_Types].xml":
            override = f'<Override PartName="/{FOOTER_PART}" ContentType="{FOOTER_CONTENT_TYPE}"/>'
            data = data.decode("utf-8").replace("</Types>", override + "</Types>", 1).encode("utf-8")
        out.append((info, data))
    assert template is not None
    footer = zipfile.ZipInfo(FOOTER_PART, date_time=template.date_time)
    footer.compress_type = zipfile.ZIP_DEFLATED
    footer.external_attr = template.external_attr
    out.append((footer, footer_xml(text).encode("utf-8")))
    temporary = path.with_name(path.name + ".tmp")
    with zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in out:
            archive.writestr(info, data)
    temporary.replace(path)
