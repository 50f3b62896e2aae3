"""The privacy gate finds identifiers in every output format and small published counts."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from suengine.publish.privacy import check_published_counts, find_personnummer, scan_outputs

# Fictional but well-formed (valid Luhn) personnummer.
VALID = "20120315-2382"


def _luhn_check_digit(nine: str) -> int:
    total = 0
    for i, ch in enumerate(nine):
        n = int(ch) * (2 if i % 2 == 0 else 1)
        total += n - 9 if n > 9 else n
    return (10 - total % 10) % 10


def test_fixture_number_is_luhn_valid():
    digits = VALID.replace("-", "")[2:]
    assert _luhn_check_digit(digits[:9]) == int(digits[9])


@pytest.mark.parametrize(
    "text",
    [VALID, VALID.replace("-", ""), VALID[2:], VALID[2:].replace("-", "+"), "barn 120315-2382 i text"],
)
def test_finds_personnummer_in_all_written_forms(text):
    assert find_personnummer(text)


@pytest.mark.parametrize(
    "text",
    [
        "20120315-2383",  # wrong check digit
        "20121315-2386",  # month 13
        "sha256: 9f2c120315238244ab",  # digits inside a hex digest
        "1234567890123",  # a long number, not a personnummer
        "2024-01-31",
    ],
)
def test_ignores_what_is_not_a_personnummer(text):
    assert find_personnummer(text) == []


def test_samordningsnummer_is_found():
    # day 15 + 60 = 75
    nine = "1203752" + "38"
    number = nine[:6] + "-" + nine[6:] + str(_luhn_check_digit(nine))
    assert find_personnummer(number)


def test_scan_outputs_reads_text_xlsx_and_docx(tmp_path):
    (tmp_path / "ok.html").write_text("<p>32 % av 120 barn</p>", encoding="utf-8")
    (tmp_path / "sida").mkdir()
    (tmp_path / "sida" / "läcka.md").write_text("rad ett\nbarn " + VALID + "\n", encoding="utf-8")
    with zipfile.ZipFile(tmp_path / "bok.xlsx", "w") as archive:
        archive.writestr("xl/sharedStrings.xml", f"<sst><si><t>{VALID}</t></si></sst>")
    (tmp_path / "bild.png").write_bytes(b"\x89PNG" + VALID.encode())
    findings = scan_outputs(tmp_path)
    places = sorted((f.path.split("/")[-1], f.where) for f in findings)
    assert places == [("bok.xlsx", "xl/sharedStrings.xml, rad 1"), ("läcka.md", "rad 2")]
    assert all("XXXX" in f.reason and VALID not in f.reason for f in findings)


def test_published_counts_below_threshold_are_found():
    results = pd.DataFrame(
        [
            {"indikator_id": "a", "period": "2024", "uppdelning": "total", "stratum": "", "täljare": 12, "nämnare": 40, "undertryckt": False},
            {"indikator_id": "a", "period": "2024", "uppdelning": "kön", "stratum": "flicka", "täljare": 3, "nämnare": 9, "undertryckt": True},
            {"indikator_id": "a", "period": "2024", "uppdelning": "kön", "stratum": "pojke", "täljare": 9, "nämnare": 4, "undertryckt": False},
            {"indikator_id": "b", "period": "2024", "uppdelning": "total", "stratum": "", "täljare": 0, "nämnare": 0, "undertryckt": False},
        ]
    )
    findings = check_published_counts(results, threshold=5)
    assert [f.where for f in findings] == ["a 2024 kön=pojke"]
    assert "nämnare" in findings[0].reason


def test_indicators_about_no_child_are_exempt_from_the_count_check():
    results = pd.DataFrame(
        [{"indikator_id": "enkät", "period": "2024", "uppdelning": "total", "stratum": "", "täljare": 1, "nämnare": 1, "undertryckt": False}]
    )
    assert check_published_counts(results, threshold=5, exempt=["enkät"]) == []
    assert len(check_published_counts(results, threshold=5)) == 2


def test_an_indicators_own_threshold_is_respected():
    results = pd.DataFrame(
        [{"indikator_id": "liten", "period": "2024", "uppdelning": "total", "stratum": "", "täljare": 3, "nämnare": 30, "undertryckt": False}]
    )
    assert check_published_counts(results, threshold=5, thresholds={"liten": 3}) == []
    assert [f.reason for f in check_published_counts(results, threshold=5)] == ["täljare under gränsen 5 publiceras"]


def _typst_pdf(source: Path, pdf: Path) -> None:
    """Typst in a process of its own: its compiler hangs in a forked child of a process that has
    already compiled once, which is how mutmut runs each mutant (every mutant reaching this test
    then counted as a timeout)."""
    compile_it = "import sys, typst; typst.compile(sys.argv[1], output=sys.argv[2])"
    subprocess.run([sys.executable, "-c", compile_it, str(source), str(pdf)], check=True, timeout=60)


def test_personnummer_in_a_rendered_pdf_is_found_with_its_page(tmp_path):
    source = tmp_path / "rapport.typ"
    source.write_text(f"= Rapport\n\nInget här.\n#pagebreak()\nBarn {VALID} nämns.\n", encoding="utf-8")
    pdf = tmp_path / "rapport.pdf"
    _typst_pdf(source, pdf)
    source.unlink()
    findings = scan_outputs(tmp_path)
    assert [f.where.split(",")[0] for f in findings] == ["sida 2"]


def _line_by_line(text: str) -> list[tuple[int, str]]:
    """The straightforward scan the whole-text pass must agree with: each line on its own."""
    return [(n, hit) for n, line in enumerate(text.splitlines(), start=1) for hit in find_personnummer(line)]


def test_whole_text_scan_finds_what_a_line_by_line_scan_finds_on_the_same_lines(tmp_path):
    import random

    rng = random.Random(5)
    pieces = [VALID, VALID[2:], VALID.replace("-", ""), "120315 - 2382", "120315", "2382", "x", " ", "-", "ab12",
              "\n", "\r\n", "\r", "\x0b", "\u2028", "\x85", "20120315", "0", "9", "\u00a0", "\u202f", "å", "+",
              "١٢٠٣١٥", "٢٣٨٢", "٢٠", "\t", "–", "\u2009", "\u3000", "\x1f"]
    for case in range(300):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 40)))
        if case % 3 == 0:  # so that runs are also glued to letters and start the file
            text = rng.choice(["", "a", "Z"]) + text + rng.choice(["", "b", "9"])
        folder = tmp_path / f"c{case}"  # one folder per case: each scan reads one file
        folder.mkdir()
        path = folder / "t.txt"
        path.write_text(text, encoding="utf-8", newline="")
        found = [(int(f.where.split()[-1]), f.reason) for f in scan_outputs(folder)]
        expected = [(n, f"personnummerliknande sträng {hit[:-4]}XXXX") for n, hit in _line_by_line(text)]
        assert found == expected, repr(text)


def test_parquet_files_are_scanned_cell_by_cell(tmp_path):
    import duckdb

    with duckdb.connect() as connection:
        connection.execute(
            "COPY (SELECT * FROM (VALUES ('a1', 7, NULL), ('b2', 8, '2024-01-31'), ('c3', 9, 'ringde om barn ' || ?), "
            "('d4', 1203152382, NULL)) AS t(id, antal, anteckning)) TO ? (FORMAT parquet)",
            [VALID[2:], str(tmp_path / "läcka.parquet")],
        )
        connection.execute("COPY (SELECT 'a1' AS id, DATE '2024-01-31' AS datum) TO ? (FORMAT parquet)", [str(tmp_path / "ren.parquet")])
    findings = scan_outputs(tmp_path)
    assert sorted((f.path.split("/")[-1], f.where) for f in findings) == [("läcka.parquet", "kolumn antal"), ("läcka.parquet", "kolumn anteckning")]
    assert all("XXXX" in f.reason and VALID[2:] not in f.reason for f in findings)


def test_parquet_scan_finds_what_a_value_by_value_scan_finds(tmp_path):
    """DuckDB only picks the cells to check; its looser pattern must let through every cell the
    real pattern matches in (glued to letters, hexadecimal runs like pseudonyms, 6+4 and 8+4 digits)."""
    import random

    import duckdb

    rng = random.Random(7)
    pieces = [VALID, VALID[2:], VALID.replace("-", ""), "120315 - 2382", "120315", "2382", "x", "b", " ", "-", "+",
              "ab12", "20120315", "0", "9", "\u00a0", "\u202f", "å", "\t", "|", "1203152382", "c4f0",
              "١٢٠٣١٥", "٢٣٨٢", "٢٠", "\u2009", "\u3000", "\x1f"]
    values = [rng.choice(["", "a", "Z", "7", "-"]) + "".join(rng.choice(pieces) for _ in range(rng.randint(0, 8)))
              + rng.choice(["", "b", "9", " "]) for _ in range(2000)]
    path = tmp_path / "slump.parquet"
    with duckdb.connect() as connection:
        connection.execute("CREATE TABLE t (id BIGINT, v VARCHAR)")
        connection.executemany("INSERT INTO t VALUES (?, ?)", list(enumerate(values)))
        connection.execute("COPY t TO ? (FORMAT parquet)", [str(path)])
    found = sorted(f.reason for f in scan_outputs(tmp_path))
    expected = sorted(f"personnummerliknande sträng {hit[:-4]}XXXX" for value in values for hit in find_personnummer(value))
    assert found == expected and len(expected) > 100


def test_office_parts_are_scanned_for_personnummer_and_free_text_between_their_tags(tmp_path):
    from suengine.publish.privacy import FreeText

    with zipfile.ZipFile(tmp_path / "bok.xlsx", "w") as archive:
        archive.writestr("xl/worksheets/sheet1.xml", f'<row r="1"><c><is><t>Alva</t></is></c><c><is><t>Testsson</t></is></c></row>\n'
                                                     f"<row><c><is><t>barn {VALID}</t></is></c></row>")
        archive.writestr("xl/styles.xml", '<font name="Alva"/><numFmt code="120315"/><numFmt code="2382"/>')
    found = sorted((f.where, f.reason.split(" ")[0]) for f in scan_outputs(tmp_path, FreeText(["Alva Testsson"])))
    assert found == [("xl/worksheets/sheet1.xml, rad 1", "text"), ("xl/worksheets/sheet1.xml, rad 2", "personnummerliknande")]


def test_published_counts_without_a_suppression_flag_or_a_taljare_column() -> None:
    """A table without `undertryckt` is all shown (nothing may be taken as hidden by default), a
    missing `täljare` column does not stop the `nämnare` check, `"1"` marks a hidden row, and each
    finding names the file kind, the row and the column."""
    results = pd.DataFrame([{"indikator_id": "a", "period": "2024", "uppdelning": "total", "stratum": "", "nämnare": "3"},
                            {"indikator_id": "a", "period": "2024", "uppdelning": "kön", "stratum": "flicka", "nämnare": "2"}])
    assert [f.message() for f in check_published_counts(results, threshold=5)] == [
        "resultat (a 2024 total=): nämnare under gränsen 5 publiceras",
        "resultat (a 2024 kön=flicka): nämnare under gränsen 5 publiceras"]
    results["undertryckt"] = ["1", "False"]
    assert [f.message() for f in check_published_counts(results, threshold=5)] == [
        "resultat (a 2024 kön=flicka): nämnare under gränsen 5 publiceras"]


# --- what counts as a personnummer -------------------------------------------------------------------


def _number(yymmdd: str, serial: str = "238") -> str:
    """A number with a valid check digit over the date part `yymmdd` as written (even an impossible date)."""
    return f"{yymmdd}-{serial}{_luhn_check_digit(yymmdd + serial)}"


@pytest.mark.parametrize(
    ("yymmdd", "found"),
    [("120101", True), ("121231", True), ("121010", True), ("120131", True), ("120361", True), ("120391", True),
     ("121301", False), ("120001", False), ("120100", False), ("120132", False), ("120160", False), ("120192", False)],
)
def test_the_date_part_at_every_edge(yymmdd, found):
    """Months 1–12, days 1–31, samordningsnummer day 61–91 (day + 60); the check digit is valid in every case."""
    assert bool(find_personnummer(_number(yymmdd))) is found
    assert bool(find_personnummer("20" + _number(yymmdd))) is found


def test_the_check_digit_of_a_doubled_five():
    """A 5 in a doubled place gives 10, counted as 1 + 0: two of them in the serial number. By hand:
    1·2 + 2 + 0·2 + 3 + 1·2 + 5 + (1 + 0) + 2 + (1 + 0) = 18, check digit 2 (with 10 counted as 10: 36, 4)."""
    assert find_personnummer("120315-5252") == ["120315-5252"]
    assert find_personnummer("120315-5254") == []


def test_every_whitespace_ingest_accepts_around_the_separator_is_found():
    """ingest.personnummer reads `\\s*` around the separator: every Unicode space (thin, em, ideographic,
    U+001F …) — the scan finds all of them that do not break the line, in text and in files."""
    import datetime as dt

    from suengine.ingest.personnummer import parse_personnummer
    from suengine.publish.privacy import scan_file

    spaces = [c for c in map(chr, range(0x3001)) if c.isspace()]
    assert len(spaces) == 29
    for space in spaces:
        text = f"120315{space}-{space}2382"
        assert parse_personnummer(text, dt.date(2024, 1, 1)).digits == "201203152382"
        breaks_the_line = len(f"a{space}b".splitlines()) > 1
        assert bool(find_personnummer(text)) is not breaks_the_line, repr(space)
        assert bool(find_personnummer(f"120315{space * 2}2382")) is not breaks_the_line, repr(space)


def test_a_number_beginning_inside_a_match_that_is_none_is_found():
    """The look-arounds are ASCII, so digits of other scripts may stand next to a number: a match that
    is not a valid number is tried again one character on (and only there: each start is tried)."""
    assert find_personnummer("٢٠١٢٠٣١٥٢٣٨٢") == ["١٢٠٣١٥٢٣٨٢"]  # ٢٠١٢٠٣ ١٥٢٣ first: month 12, day 03, bad check digit
    assert find_personnummer("٣١٢٠٣١٥٢٣٨٢") == ["١٢٠٣١٥٢٣٨٢"]  # ٣١٢٠٣١ ٥٢٣٨ first: month 20
    assert find_personnummer("3" + "١٢٠٣١٥٢٣٨٢") == []  # glued to an ASCII digit


def test_digits_of_other_scripts_are_found_in_text_and_parquet_files(tmp_path):
    """Python's `\\d` reads every script's digits, as ingest does; so must DuckDB's pre-selection of cells."""
    import duckdb

    arabic = "١٢٠٣١٥-٢٣٨٢"  # 120315-2382 in Arabic-Indic digits
    values = [arabic, "120315\u2009-\u20092382", "120315\u3000+2382", "120315\x1f2382", "a1203152382", "٢٠١٢٠٣١٥٢٣٨٢"]
    (tmp_path / "text.txt").write_text("\n".join(values), encoding="utf-8")
    with duckdb.connect() as connection:
        connection.execute("CREATE TABLE t (v VARCHAR)")
        connection.executemany("INSERT INTO t VALUES (?)", [[v] for v in values])
        connection.execute("COPY t TO ? (FORMAT parquet)", [str(tmp_path / "tabell.parquet")])
    masked = ["١٢٠٣١٥-XXXX", "120315\u2009-\u2009XXXX", "120315\u3000+XXXX", "120315\x1fXXXX", "١٢٠٣١٥XXXX"]
    findings = scan_outputs(tmp_path)
    assert sorted(f.reason for f in findings if f.path.endswith(".parquet")) == sorted(f"personnummerliknande sträng {m}" for m in masked)
    assert [(f.where, f.reason) for f in findings if f.path.endswith(".txt")] == [
        (f"rad {n}", f"personnummerliknande sträng {m}") for n, m in zip((1, 2, 3, 4, 6), masked)]


# --- free text -----------------------------------------------------------------------------------------


def test_free_text_values_searched_and_not():
    """Values of at least 4 letters with a letter in them are searched; shorter ones and numbers are not."""
    from suengine.publish.privacy import FreeText

    assert not FreeText(["Bo", "Ali", "2024", "12 345", "", "  "])
    assert FreeText(["Alva"]).find("ALVA ringde") == [1]
    assert FreeText(["Bo Ek"]).find("bo ek") == [2]  # two words of four letters together
    assert FreeText(["A1 b2"]).find("a1 B2") == [2]


def test_free_text_finds_whole_word_sequences_and_says_how_long():
    from suengine.publish.privacy import FreeText

    free = FreeText(["Alva Testsson", "Testsson"])
    assert free.find("Alva  TESTSSON ringde") == [2, 1]
    assert free.find("Alvarsson Testssons") == []
    assert free.may_occur("hej TESTSSON") and free.may_occur("alva")
    assert not free.may_occur("Alvarsson ringde") and not free.may_occur("")
    assert not FreeText().may_occur("Alva Testsson")


def test_free_text_digest_depends_on_the_values_only():
    from suengine.publish.privacy import FreeText

    assert FreeText(["Alva Testsson", "Bo Exempel"]).digest() == FreeText(["bo exempel", "Alva  Testsson"]).digest()
    assert FreeText(["Alva Testsson"]).digest() != FreeText(["Alva Exempel"]).digest()
    assert "alva" not in FreeText(["Alva Testsson"]).digest()


def test_a_text_file_names_each_finding_with_its_file_and_line_in_order(tmp_path):
    from suengine.publish.privacy import FreeText

    path = tmp_path / "rapport.txt"
    path.write_text(f"Inget\nbarn {VALID}\nAlva Testsson ringde\r\nalva testsson igen, {VALID[2:]}\n", encoding="utf-8")
    found = [(f.path, f.where, f.reason) for f in scan_outputs(tmp_path, FreeText(["Alva Testsson"]))]
    free = "text ur leveransens namn- eller fritextkolumner"
    assert found == [(str(path), "rad 2", "personnummerliknande sträng 20120315-XXXX"), (str(path), "rad 3", free),
                     (str(path), "rad 4", "personnummerliknande sträng 120315-XXXX"), (str(path), "rad 4", free)]


def test_text_that_is_not_utf8_is_still_scanned(tmp_path):
    """Bytes that are not UTF-8 (here Latin-1: å, ö) next to and before a number become U+FFFD, not an error."""
    from suengine.publish.privacy import FreeText

    (tmp_path / "latin1.csv").write_bytes("Åsa;Öberg\n\n".encode("latin-1") + b"\xe5" + VALID.encode() + b"\xf6;Alva Testsson\n")
    found = [(f.where, f.reason.split(" ")[0]) for f in scan_outputs(tmp_path, FreeText(["Alva Testsson"]))]
    assert found == [("rad 3", "personnummerliknande"), ("rad 3", "text")]


def test_the_files_read_and_the_binary_files_skipped(tmp_path):
    """Known text suffixes are read even with a NUL byte; any other file unless a NUL byte is in its
    first 4 096 bytes (a binary format); images and fonts never."""
    (tmp_path / "a.csv").write_bytes(b"x\x00y\n" + VALID.encode())
    (tmp_path / "b.log").write_bytes(VALID.encode())
    (tmp_path / "c.bin").write_bytes(b"\x00" + VALID.encode())
    (tmp_path / "d.bin").write_bytes(b"x" * 4095 + b"\x00" + VALID.encode())
    (tmp_path / "e.bin").write_bytes(b"x" * 4096 + b"\x00" + VALID.encode())
    (tmp_path / "f.woff2").write_bytes(VALID.encode())
    assert sorted(f.path.rsplit("/", 1)[1] for f in scan_outputs(tmp_path)) == ["a.csv", "b.log", "e.bin"]


def test_the_pdf_text_is_scanned_line_by_line_in_order():
    """What the PDF scan runs on every page's text: each hit with the page's line, in line order."""
    from suengine.publish.privacy import FreeText, _scan_text

    text = f"Alva Testsson\n\n{VALID} och {VALID[2:]}\u2028alva testsson"
    found = [(f.path, f.where, f.reason) for f in _scan_text(Path("r.pdf"), text, "sida 3, rad", FreeText(["Alva Testsson"]))]
    free = "text ur leveransens namn- eller fritextkolumner"
    assert found == [("r.pdf", "sida 3, rad 1", free), ("r.pdf", "sida 3, rad 3", "personnummerliknande sträng 20120315-XXXX"),
                     ("r.pdf", "sida 3, rad 3", "personnummerliknande sträng 120315-XXXX"), ("r.pdf", "sida 3, rad 4", free)]


# --- PDF -------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def two_pdfs(tmp_path_factory):
    """Page 1 names Alva Testsson on its line 2 (line 1 is the heading), page 2 has VALID on its line 2;
    the other PDF only a heading."""
    folder = tmp_path_factory.mktemp("pdf")
    (folder / "a.typ").write_text(f"= Rapport\n\nAlva Testsson ringde.\n#pagebreak()\nInget.\n\nBarn {VALID} nämns.\n", encoding="utf-8")
    (folder / "b.typ").write_text("= Tom\n", encoding="utf-8")
    _typst_pdf(folder / "a.typ", folder / "a.pdf")
    _typst_pdf(folder / "b.typ", folder / "b.pdf")
    return folder / "a.pdf", folder / "b.pdf"


_IN_A = [("sida 1, rad 2", "text ur leveransens namn- eller fritextkolumner"), ("sida 2, rad 2", "personnummerliknande sträng 20120315-XXXX")]


def _found(path, free_text=None):
    from suengine.publish.privacy import scan_file

    findings = scan_file(path, free_text)
    assert all(f.path == str(path) for f in findings)
    return [(f.where, f.reason) for f in findings]


def test_a_pdf_is_scanned_for_each_content_and_each_free_text(two_pdfs, monkeypatch):
    from suengine.publish import privacy
    from suengine.publish.privacy import FreeText

    monkeypatch.setattr(privacy, "_PDF_TEXT_FINDINGS", {})
    a, b = two_pdfs
    assert _found(a) == _IN_A[1:]
    assert _found(b) == []
    assert _found(a, FreeText(["Alva Testsson"])) == _IN_A
    assert _found(a, FreeText(["Bo Exempel"])) == _IN_A[1:]
    for _ in range(20):  # new objects, often at an address just freed: each is looked up by its values
        assert _found(a, FreeText(["Bo Exempel"])) == _IN_A[1:]
        assert _found(a, FreeText(["Alva Testsson"])) == _IN_A


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler's pdftotext is not installed")
def test_pdftotext_reads_the_pdf_when_installed(two_pdfs, monkeypatch):
    import pypdf

    from suengine.publish import privacy
    from suengine.publish.privacy import FreeText

    monkeypatch.setattr(privacy, "_PDF_TEXT_FINDINGS", {})
    monkeypatch.setattr(pypdf, "PdfReader", None)  # not used
    assert _found(two_pdfs[0], FreeText(["Alva Testsson"])) == _IN_A


@pytest.mark.parametrize("pdftotext", [None, "/bin/false"])
def test_pypdf_reads_the_pdf_without_a_working_pdftotext(two_pdfs, monkeypatch, pdftotext):
    from suengine.publish import privacy
    from suengine.publish.privacy import FreeText

    if pdftotext and not Path(pdftotext).exists():
        pytest.skip(f"no {pdftotext}")
    monkeypatch.setattr(privacy, "_PDF_TEXT_FINDINGS", {})
    monkeypatch.setattr(shutil, "which", lambda name: pdftotext)
    assert _found(two_pdfs[0], FreeText(["Alva Testsson"])) == _IN_A


# --- Parquet ---------------------------------------------------------------------------------------------


def test_parquet_free_text_is_found_by_column_and_odd_names_are_quoted(tmp_path):
    """Free text in any column, one finding per distinct value; a path with ' and a column with " in its name."""
    import duckdb

    from suengine.publish.privacy import FreeText

    folder = tmp_path / "o'hara"
    folder.mkdir()
    with duckdb.connect() as connection:
        values = "VALUES ('a1', 'Alva Testsson ringde', 'Alvarsson'), ('b2', NULL, 'alva testsson'), ('c3', 'Alva Testsson ringde', ?)"
        columns = 'id, "anteckning ""fri""", namn'
        connection.execute(f"COPY (SELECT * FROM ({values}) AS t({columns})) TO ? (FORMAT parquet)", [VALID, str(folder / "t.parquet")])
    found = sorted((f.path, f.where, f.reason) for f in scan_outputs(folder, FreeText(["Alva Testsson"])))
    path, free = str(folder / "t.parquet"), "text ur leveransens namn- eller fritextkolumner"
    assert found == [(path, 'kolumn anteckning "fri"', free), (path, "kolumn namn", "personnummerliknande sträng 20120315-XXXX"),
                     (path, "kolumn namn", free)]
    assert [f.where for f in scan_outputs(folder)] == ["kolumn namn"]


# --- Office files ----------------------------------------------------------------------------------------


def _office(path, parts):
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in parts.items():
            archive.writestr(name, text)


def test_office_attribute_values_are_scanned(tmp_path):
    """A hyperlink's target (a .rels part holds nothing else), an image's description, a sheet's name."""
    from suengine.publish.privacy import FreeText

    _office(tmp_path / "rapport.docx", {
        "word/_rels/document.xml.rels": f'<?xml version="1.0"?>\n<Relationships><Relationship Id="rId9" Target="https://x.se/?barn={VALID}"/></Relationships>',
        "word/document.xml": '<w:body><w:p><w:r><w:t>Text</w:t></w:r><wp:docPr id="1" descr="Alva Testsson i diagrammet"/></w:p></w:body>',
        "[Content_Types].xml": '<Types><Default Extension="xml" ContentType="application/xml"/></Types>',
    })
    _office(tmp_path / "bok.xlsx", {"xl/workbook.xml": "<workbook><sheets><sheet name='Alva Testsson' sheetId='1'/></sheets></workbook>"})
    found = [(f.path.rsplit("/", 1)[1], f.where, f.reason.split(" ")[0]) for f in scan_outputs(tmp_path, FreeText(["Alva Testsson"]))]
    assert found == [("bok.xlsx", "xl/workbook.xml, rad 1", "text"), ("rapport.docx", "word/_rels/document.xml.rels, rad 2", "personnummerliknande"),
                     ("rapport.docx", "word/document.xml, rad 1", "text")]
    assert [f.where for f in scan_outputs(tmp_path)] == ["word/_rels/document.xml.rels, rad 2"]


def test_office_text_split_over_tags_and_values_next_to_it_are_each_found_once(tmp_path):
    """A number split over two cells (tags with attributes between its parts) is found as before, once, also
    where a value in the same part holds one; values never join each other; lines are those of the text
    between the tags (a tag is one space, also where it or a value in it spans lines); a raw '>' inside a
    value does not end it (the number after it is found both as text and as the value's: once)."""
    cells = '<c r="A1" t="inlineStr"><is><t>120315</t></is></c><c r="B1" t="inlineStr"><is><t>-2382</t></is></c>'
    sheet = (f'<row r="1"\n spans="1:2">{cells}</row>\n<row r="2"><c r="A2" t="s" x="\u2028{VALID}"/></row>\n'
             f'<row r="3"><c r="A3" code="120315"/><c code="2382"/><c s="a > {VALID[2:]}"/></row>')
    _office(tmp_path / "bok.xlsx", {"xl/worksheets/sheet1.xml": sheet, "xl/worksheets/sheet2.xml": "<ren/>"})
    found = [(f.where, f.reason) for f in scan_outputs(tmp_path)]
    assert found == [("xl/worksheets/sheet1.xml, rad 1", "personnummerliknande sträng 120315      -XXXX"),  # six tags between
                     ("xl/worksheets/sheet1.xml, rad 2", "personnummerliknande sträng 20120315-XXXX"),
                     ("xl/worksheets/sheet1.xml, rad 3", "personnummerliknande sträng 120315-XXXX")]


# --- the published counts --------------------------------------------------------------------------------


def test_a_shown_count_that_is_not_a_number_is_no_small_count():
    results = pd.DataFrame([{"indikator_id": "a", "period": "2024", "uppdelning": "total", "stratum": "", "täljare": "", "nämnare": "..", "undertryckt": False},
                            {"indikator_id": "a", "period": "2024", "uppdelning": "kön", "stratum": "pojke", "täljare": "–", "nämnare": "2", "undertryckt": False}])
    assert [f.message() for f in check_published_counts(results, threshold=5)] == ["resultat (a 2024 kön=pojke): nämnare under gränsen 5 publiceras"]


def test_office_free_text_split_over_runs_next_to_a_value_or_in_bytes_that_are_not_utf8(tmp_path):
    """A name split over two runs with attributes between (as Word writes it) is found in the text, also
    when the part holds a free-text word in a value too; a name half in the text and half in a value
    is read with the tag as a space; a part with bytes that are not UTF-8 is still read."""
    from suengine.publish.privacy import FreeText

    _office(tmp_path / "rapport.docx", {
        "word/document.xml": '<w:p><w:r><w:t>Alva</w:t></w:r><w:r w:rsidR="00AB12"><w:t>Testsson</w:t></w:r></w:p>\n'
                             '<w:p w:title="Alva"/>\n<w:p><w:t>Alva</w:t><w:bookmarkStart w:name="Testsson"/></w:p>\n'
                             '<w:p><w:bookmarkStart w:name="Alva"/>Testsson</w:p>',
        "word/footer1.xml": b'<w:ftr w:x="\xe5">\n<w:t>\xf6 Alva Testsson</w:t></w:ftr>',
    })
    found = [f.where for f in scan_outputs(tmp_path, FreeText(["Alva Testsson"]))]
    assert found == ["word/document.xml, rad 1", "word/document.xml, rad 3", "word/document.xml, rad 4", "word/footer1.xml, rad 2"]
