"""A published site with two versions and the demo's site, both served over http on localhost, and
a fresh page of the session's headless Chromium (`browser`, tests/conftest.py) for each test.

The two-version site is generated and built once per session from the hand-built results table:
version 2024-1 from the rows up to 2024 (published without an ändringslogg, as `suengine site`
does), then version 2025-1 from all rows with an ändringslogg, published side by side with
versions.json as Material's version selector expects. The demo site is the whole catalogue
evaluated on the bundled demo delivery, for what needs every indicator (search, raw codes, phones).
"""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlparse

import pandas as pd
import pytest

from suengine.definitions.model import Indicator
from suengine.render.excel import write_workbook
from suengine.render.report.versions import CHANGE_VERSION, Changelog, DefinitionChange
from suengine.render.site import Downloads, SiteOptions, VersionEntry, build_site, publish_version, write_site

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

DATES = {"2024-1": ("2025-02-03", "2025-01-31"), "2025-1": ("2026-02-02", "2026-01-31")}  # publicerad, uttagsdatum
COMMENT = "Handläggningstiderna har kortats efter att en extra utredare anställdes under våren."


def small_pdf(path: Path) -> Path:
    """A real one-page PDF standing in for the report (the privacy scan reads PDF text)."""
    import matplotlib.pyplot as plt

    figure = plt.figure(figsize=(2, 1))
    figure.text(0.1, 0.5, "Årsrapport")
    figure.savefig(path, format="pdf", metadata={"CreationDate": None})
    plt.close(figure)
    return path


@dataclass(frozen=True)
class PublishedSite:
    root: Path  # the publication folder with versions.json and one folder per version
    project: Path  # the generated MkDocs project of the current version
    html: Path  # the current version's built HTML (root / "2025-1")
    workbook: Path
    comment: str  # the staff commentary shown on utredning-inom-4-manader's page
    dates: dict[str, tuple[str, str]]  # version → (publicerad, uttagsdatum)


def _quality_folder(base: Path) -> Path:
    """Ingest's two quality files, in the shape `suengine ingest --ut` writes them."""
    folder = base / "kvalitet"
    folder.mkdir()
    (folder / "kvalitet_sammanfattning.csv").write_text(
        "avsnitt,entitet,fil,fält,kod,mått,värde\n"
        "leverans,,,,,kommun,Exempelkommun\n"
        "leverans,,,,,uttagsdatum,2026-01-31\n"
        "entitet,utredning,,,,rader_lästa,620\n"
        "entitet,utredning,,,,rader_godkända,614\n"
        "entitet,utredning,,,,rader_avvisade,6\n"
        "bortfall,utredning,,slut,,antal_saknas,12\n"
        "bortfall,utredning,,slut,,andel_saknas,0.021\n"
        "okänd_kod,aktualisering,,huvudorsak,X9,antal,3\n",
        encoding="utf-8",
    )
    (folder / "problem.csv").write_text(
        "fil,rad,entitet,kolumn,fält,värde,orsakskod,nivå,åtgärd,meddelande\n"
        "utredningar.csv,17,utredning,Avslut,slut,2024-13-01,ogiltigt_datum,varning,värdet sätts som saknat,Ogiltigt datum 2024-13-01\n"
        "utredningar.csv,44,utredning,Avslut,slut,2024-02-30,ogiltigt_datum,varning,värdet sätts som saknat,Ogiltigt datum 2024-02-30\n"
        "utredningar.csv,90,utredning,Start,start,,saknas,varning,raden avvisas,Obligatoriskt värde saknas\n",
        encoding="utf-8",
    )
    return folder


def _comments_folder(base: Path) -> Path:
    folder = base / "kommentarer" / "2025"
    folder.mkdir(parents=True)
    (folder / "utredning-inom-4-manader.md").write_text(f"# Analys\n\n{COMMENT}\n", encoding="utf-8")
    return folder.parent


@pytest.fixture(scope="session")
def published_site(tmp_path_factory: pytest.TempPathFactory, results_table: pd.DataFrame, indicators: list[Indicator]) -> PublishedSite:
    base = tmp_path_factory.mktemp("webb")
    root = base / "publicerat"
    quality, comments = _quality_folder(base), _comments_folder(base)
    earlier = results_table[results_table["period"] != "2025"]
    published, extracted = DATES["2024-1"]
    first = write_site(earlier, indicators, base / "projekt-2024", SiteOptions(version="2024-1", version_title="Årsrapport 2024"))
    publish_version(build_site(first), root, "2024-1", "Årsrapport 2024", published=published, extraction_date=extracted)

    workbook = write_workbook(results_table, indicators, base / "filer" / "su-resultat.xlsx", quality_dir=quality)
    report = small_pdf(base / "filer" / "su-rapport.pdf")
    changed = DefinitionChange("ateraktualisering-inom-2-ar", "Andel barn som återaktualiserats", CHANGE_VERSION, 1, 2)
    published = DATES["2025-1"][0]  # the uttagsdatum comes from the quality summary
    options = SiteOptions(
        version="2025-1", version_title="Årsrapport 2025",
        earlier_versions=(VersionEntry("2024-1", "Årsrapport 2024", *DATES["2024-1"]),),
        downloads=Downloads(report_pdf=report, excel=workbook),
        quality_dir=quality, comments_dir=comments, published=published,
        changelog=Changelog(previous="2024-1", changes=[changed]),
    )
    project = base / "projekt-2025"
    html = publish_version(build_site(write_site(results_table, indicators, project, options)), root, "2025-1", "Årsrapport 2025",
                           published=published, extraction_date=DATES["2025-1"][1])
    return PublishedSite(root=root, project=project, html=html, workbook=workbook, comment=COMMENT, dates=DATES)


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - signature of the base class
        pass


def _serve(folder: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def site_url(published_site: PublishedSite) -> Iterator[str]:
    yield from _serve(published_site.root)


@dataclass(frozen=True)
class DemoSite:
    root: Path  # publication folder: versions.json and 2025.1/
    html: Path  # root / "2025.1"
    indicators: list[Indicator]  # the whole catalogue


DEMO_VERSION = "2025.1"


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> DemoSite:
    """The catalogue on the demo delivery (ingest → evaluate → site), published as version 2025.1."""
    from suengine.definitions import load_definitions
    from suengine.engine import evaluate
    from suengine.ingest import ingest_delivery
    from suengine.resources import project_root

    base = tmp_path_factory.mktemp("demowebb")
    delivery = ingest_delivery(project_root() / "demo" / "leverans-2026-01", key=b"nyckel-som-bara-finns-i-webbtesterna")
    quality = base / "kvalitet"
    quality.mkdir()
    delivery.summary.to_csv(quality / "kvalitet_sammanfattning.csv", index=False)
    delivery.problems.to_csv(quality / "problem.csv", index=False)
    loaded = load_definitions(project_root() / "indicators")
    assert loaded.ok, [i.format() for i in loaded.issues]
    results = evaluate(loaded.indicators, delivery.case_data, years=[2021, 2022, 2023, 2024, 2025]).published()
    options = SiteOptions(municipality="Exempelby kommun", committee="Barn- och utbildningsnämnden", version=DEMO_VERSION,
                          version_title=f"Årsrapport 2025 (version {DEMO_VERSION})", quality_dir=quality,
                          changelog=Changelog(previous=None))
    html = build_site(write_site(results, loaded.indicators, base / "projekt", options))
    root = base / "publicerat"
    target = publish_version(html, root, DEMO_VERSION, options.version_title, extraction_date="2026-01-31")
    return DemoSite(root=root, html=target, indicators=loaded.indicators)


@pytest.fixture(scope="session")
def demo_url(demo_site: DemoSite) -> Iterator[str]:
    yield from _serve(demo_site.root)


@pytest.fixture()
def page(browser, site_url: str) -> Iterator[object]:
    """A fresh page; a request to another host, a script error or a failed request fails the test."""
    context = browser.new_context(locale="sv-SE")
    foreign: list[str] = []

    def guard(route) -> None:
        url = urlparse(route.request.url)
        if url.hostname in ("127.0.0.1", "localhost") or url.scheme == "file":
            route.continue_()
        else:
            foreign.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(f"skriptfel: {error}"))
    page.on("response", lambda response: response.status >= 400 and errors.append(f"HTTP {response.status}: {response.url}"))
    try:
        yield page
        assert not foreign, f"sidan försökte hämta från andra värdar: {foreign}"
        assert not errors, f"fel i sidan: {errors}"
    finally:
        context.close()
