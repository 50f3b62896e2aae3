"""Turn the generated project into HTML, PDF and DOCX: with Quarto when it is installed, else pandoc + typst.

Quarto cannot be installed on our machines (its installer downloads from GitHub), so the
pandoc path is the one that runs and is tested here:
  * HTML: pandoc (from the pypandoc-binary wheel) with our template (one <main>, lang="sv"),
    every resource embedded;
  * DOCX: pandoc with report/reference.docx;
  * PDF: pandoc → typst source → the typst wheel, A4, tagged as PDF/UA-1 (typst then refuses an
    image without alt text), with warnings on; a font warning (an unknown font that would fall
    back silently) fails the build.
The Lua filter report/filters/suengine.lua does for pandoc what Quarto does itself (callouts, fig-alt);
report/filters/faktaruta.lua gives DOCX callouts the Faktaruta style on both paths.

With Quarto, `quarto render --to <format>` runs in the project folder; its stderr is read after
every run and treated like pandoc's (a font warning or a missing resource fails the build), the
output `_utdata/index.<ext>` is moved to its published name, and Quarto's leftovers (`_utdata/`,
`.quarto/`, the `.gitignore` it writes) are removed so that they are never published.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from suengine.errors import SuengineError
from suengine.render.report.docx_footer import add_footer
from suengine.render.report.project import FAKTARUTA_FILTER, MAIN_FONT, OUTPUT_DIR, STATUS_FILTER, Project, combined_markdown

FORMATS = ("html", "pdf", "docx")
FILTER = "filters/suengine.lua"
QUARTO_FORMATS = {"html": "html", "pdf": "typst", "docx": "docx"}
# what `quarto render` leaves in the project folder besides our sources
QUARTO_LEFTOVERS = (OUTPUT_DIR, ".quarto", ".gitignore", "index_files")
_WARNING_LINE = re.compile(r"^\s*\[?(warn|warning)\b", re.IGNORECASE)
_IMG_WITHOUT_ALT = re.compile(r"<img\b(?![^>]*\balt=)([^>]*?)\baria-label=\"([^\"]*)\"")


def quarto_path() -> str | None:
    return shutil.which("quarto")


def pandoc_path() -> str:
    try:
        import pypandoc
    except ImportError as exc:  # pragma: no cover - a dependency
        raise SuengineError("pypandoc-binary saknas; installera projektet på nytt (pip install -e .)") from exc
    return pypandoc.get_pandoc_path()


# The time written into PDF and DOCX metadata when SOURCE_DATE_EPOCH is not set: the delivery's
# uttagsdatum (set by `document_time`), so two builds of the same delivery give the same bytes.
_DOCUMENT_EPOCH: ContextVar[int | None] = ContextVar("document_epoch", default=None)


@contextmanager
def document_time(epoch: int | None) -> Iterator[None]:
    token = _DOCUMENT_EPOCH.set(epoch)
    try:
        yield
    finally:
        _DOCUMENT_EPOCH.reset(token)


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("LC_ALL", "C.UTF-8")
    if "SOURCE_DATE_EPOCH" not in env and _DOCUMENT_EPOCH.get() is not None:
        env["SOURCE_DATE_EPOCH"] = str(_DOCUMENT_EPOCH.get())  # pandoc: docProps/core.xml dates, zip times
    return env


def _pandoc(project: Project, args: list[str], text: str, filters: tuple[str, ...] = ()) -> list[str]:
    """Run pandoc in the project folder; a missing image is an error, other warnings are kept."""
    lua = [arg for name in (FILTER, STATUS_FILTER, *filters) for arg in ("--lua-filter", name)]
    command = [pandoc_path(), "--from", "markdown", *lua, "--resource-path", ".", *args]
    result = subprocess.run(command, input=text.encode("utf-8"), cwd=project.folder, capture_output=True, env=_env())
    message = result.stderr.decode("utf-8", errors="replace").strip()
    if result.returncode != 0:
        raise SuengineError(f"pandoc misslyckades ({' '.join(args[:2])}): {message}")
    if "Could not" in message:
        raise SuengineError(f"pandoc hittade inte allt innehåll ({' '.join(args[:2])}): {message}")
    return [line for line in message.splitlines() if line.strip()]


def _toc(project: Project) -> list[str]:
    """A table of contents when the project's config asks for one (the Bilaga does, the short nämnd report not)."""
    return ["--toc", f"--toc-depth={project.config.get('toc-depth', 2)}"] if project.config.get("toc", True) else []


def ensure_img_alt(html: str) -> str:
    """pandoc gives embedded SVG images aria-label instead of alt; give them alt as well."""
    return _IMG_WITHOUT_ALT.sub(lambda m: f'<img{m.group(1)}alt="{m.group(2)}" aria-label="{m.group(2)}"', html)


def render_html(project: Project, target: Path) -> list[str]:
    warnings = _pandoc(project, ["--to", "html5", "--standalone", "--embed-resources", "--template", "templates/rapport.html",
                      "--default-image-extension=svg", *_toc(project), "--output", str(target.resolve())],
            combined_markdown(project))
    target.write_text(ensure_img_alt(target.read_text(encoding="utf-8")), encoding="utf-8", newline="\n")
    return warnings


def render_docx(project: Project, target: Path) -> list[str]:
    return _pandoc(project, ["--to", "docx", "--reference-doc", "reference.docx", "--default-image-extension=png", *_toc(project),
                      "--output", str(target.resolve())], combined_markdown(project),
                   filters=(FAKTARUTA_FILTER,))


def render_pdf(project: Project, target: Path) -> list[str]:
    import typst

    source = (project.folder / "rapport.typ").resolve()
    typst_config = project.config["format"]["typst"]  # the same region and PDF standard as with Quarto
    pandoc_warnings = _pandoc(project, ["--to", "typst", "--standalone", "-V", "papersize=a4", "-V", f"region={typst_config['region']}",
                      "-V", f"mainfont={MAIN_FONT}",
                      "--include-before-body", "templates/rapport-typst.typ", "--default-image-extension=svg", *_toc(project),
                      "--output", source.name], combined_markdown(project))
    try:
        _, warnings = typst.compile_with_warnings(str(source), output=str(target.resolve()), root=str(project.folder.resolve()),
                                                  ignore_system_fonts=True, timestamp=_timestamp(),
                                                  pdf_standards=typst_config["pdf-standard"])
    except Exception as exc:  # typst.TypstError carries the diagnostics
        raise SuengineError(f"typst kunde inte skapa PDF:en: {exc}") from exc
    messages = [str(getattr(w, "message", w)) for w in warnings or []]
    _refuse_font_fallback(messages, target)
    return pandoc_warnings + [f"typst: {m}" for m in messages]


def _refuse_font_fallback(warnings: list[str], target: Path) -> None:
    """A font warning means typst used another font than the one asked for: fail, publish nothing."""
    font_problems = [m for m in warnings if "font" in m.lower()]
    if font_problems:
        target.unlink(missing_ok=True)
        raise SuengineError("typst saknar typsnitt (texten skulle ha fått ett annat typsnitt): " + "; ".join(font_problems))


def _timestamp() -> int | None:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    return int(epoch) if epoch else _DOCUMENT_EPOCH.get()


def quarto_warnings(stderr: str) -> list[str]:
    """The warning lines in Quarto's stderr: its own (`WARNING (…)`), pandoc's (`[WARNING] …`) and typst's (`warning: …`)."""
    return [line.strip() for line in stderr.splitlines() if _WARNING_LINE.match(line)]


def remove_quarto_leftovers(project: Project) -> None:
    """Quarto's output folder (a copy of every figure), its `.quarto/` scratch and the `.gitignore` it writes."""
    for name in QUARTO_LEFTOVERS:
        path = project.folder / name
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        elif path.exists() or path.is_symlink():
            path.unlink()


def render_with_quarto(project: Project, target: Path, fmt: str) -> list[str]:
    quarto = quarto_path()
    if quarto is None:
        raise SuengineError("quarto finns inte i PATH")
    to = QUARTO_FORMATS[fmt]
    try:
        result = subprocess.run([quarto, "render", "--to", to], cwd=project.folder, capture_output=True, env=_env())
        message = result.stderr.decode("utf-8", errors="replace").strip()
        if result.returncode != 0:
            raise SuengineError(f"quarto render --to {to} misslyckades: {message}")
        warnings = quarto_warnings(message)
        missing = [w for w in warnings if "Could not" in w]
        if missing:
            raise SuengineError(f"quarto hittade inte allt innehåll (--to {to}): " + "; ".join(missing))
        _refuse_font_fallback(warnings, target)
        produced = project.folder / OUTPUT_DIR / f"index.{fmt}"
        if not produced.is_file():
            raise SuengineError(f"quarto render --to {to} skapade inte {OUTPUT_DIR}/index.{fmt}")
        shutil.move(str(produced), target)
    finally:
        remove_quarto_leftovers(project)
    return [f"quarto: {w}" for w in warnings]


RENDERERS: dict[str, Callable[[Project, Path], list[str]]] = {"html": render_html, "pdf": render_pdf, "docx": render_docx}


def engine_name(use_quarto: bool) -> str:
    """The renderer and its version, for the manifest: `quarto 1.10.18` or `pandoc 3.x + typst 0.y`."""
    if use_quarto:
        return f"quarto {quarto_version()}"
    import typst  # noqa: F401
    from importlib.metadata import version

    return f"pandoc {_pandoc_version()} + typst {version('typst')}"


def quarto_version() -> str:
    """`quarto --version` (e.g. 1.10.18); a Quarto that cannot say its version is not used."""
    quarto = quarto_path()
    if quarto is None:
        raise SuengineError("quarto finns inte i PATH")
    result = subprocess.run([quarto, "--version"], capture_output=True, env=_env())
    version = result.stdout.decode("utf-8", errors="replace").strip().splitlines()
    if result.returncode != 0 or not version:
        message = result.stderr.decode("utf-8", errors="replace").strip()
        raise SuengineError(f"quarto --version misslyckades ({quarto}): {message or 'inget svar'}")
    return version[0].strip()


def _pandoc_version() -> str:
    import pypandoc

    return str(pypandoc.get_pandoc_version())


def render(project: Project, fmt: str, target: Path, use_quarto: bool) -> list[str]:
    """Render one format to `target`; returns warnings worth showing. A DOCX gets its footer with page numbers."""
    warnings = render_with_quarto(project, target, fmt) if use_quarto else RENDERERS[fmt](project, target)
    if fmt == "docx" and project.config.get("suengine-footer"):
        add_footer(target, str(project.config["suengine-footer"]))
    return warnings
