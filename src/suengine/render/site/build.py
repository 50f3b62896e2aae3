"""Build a generated project with MkDocs (strict), and publish versions side by side.

Published layout (what Material's version selector expects, the same as `mike` writes, without git):

    <root>/versions.json        [{"version": "2025-1", "title": "…", "aliases": ["senaste"]}, …] newest first,
                                with "publicerad", "uttagsdatum" and "andringslogg" for the archive page
    <root>/index.html           redirects to the newest version
    <root>/<version>/…          one complete built site per version, never changed afterwards
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
from pathlib import Path

from suengine.errors import SuengineError
from suengine.render.site.archive import CHANGELOG_HTML
from suengine.render.site.config import LATEST_ALIAS
from suengine.render.site.options import VersionEntry

VERSIONS_FILE = "versions.json"


class SiteBuildError(SuengineError):
    """MkDocs refused the generated site (in strict mode every warning is an error)."""


def build_site(config_file: Path, site_dir: Path | None = None, strict: bool = True) -> Path:
    """Run `mkdocs build` in-process on `config_file`; returns the folder with the HTML."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, MkDocsException

    overrides = {"site_dir": str(site_dir)} if site_dir is not None else {}
    warnings: list[str] = []

    class _Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.levelno >= logging.WARNING:
                warnings.append(record.getMessage())

    handler = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        config = load_config(str(config_file), strict=strict, **overrides)
        build(config)
    except (Abort, MkDocsException) as exc:
        detail = "; ".join(warnings) or str(exc)
        raise SiteBuildError(f"webbplatsen kunde inte byggas ({config_file}): {detail}") from exc
    finally:
        logger.removeHandler(handler)
    site = Path(config["site_dir"])
    _inline_search_index(site)
    return site


def _inline_search_index(site: Path) -> None:
    """Material loads search/search_index.js instead of fetching the JSON when a page is opened from
    disk (file://); write it as Material's offline plugin would (that plugin also adds a script from
    another host, which we do not want)."""
    index = site / "search" / "search_index.json"
    if index.is_file():
        (site / "search" / "search_index.js").write_text("var __index = " + index.read_text(encoding="utf-8"), encoding="utf-8")


def read_versions(root: Path) -> list[VersionEntry]:
    """Published versions under `root`, newest first (empty when nothing is published yet)."""
    path = root / VERSIONS_FILE
    if not path.is_file():
        return []
    return [VersionEntry(str(item["version"]), str(item.get("title") or item["version"]), str(item.get("publicerad") or ""),
                         str(item.get("uttagsdatum") or ""), bool(item.get("andringslogg")))
            for item in json.loads(path.read_text(encoding="utf-8"))]


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current


def normal_modes(tree: Path) -> None:
    """Give a tree the modes a plain `mkdir`/`open` would (0755/0644 under the usual umask):
    temporary folders and files are created 0700/0600, and a web server running as another
    user must be able to read what is published."""
    mask = _umask()
    for path in [tree, *tree.rglob("*")]:
        if path.is_symlink():
            continue
        path.chmod((0o777 if path.is_dir() else 0o666) & ~mask)


def _write_atomic(path: Path, content: str) -> None:
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, delete=False, suffix=".tmp") as handle:
        handle.write(content)
    temporary = Path(handle.name)
    temporary.chmod(0o666 & ~_umask())
    temporary.replace(path)


def _redirect(version: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="sv">
<head>
<meta charset="utf-8">
<title>Systematisk uppföljning – senaste versionen</title>
<meta http-equiv="refresh" content="0; url={version}/index.html">
</head>
<body>
<main><p>Den senaste versionen finns på <a href="{version}/index.html">{version}</a>.</p></main>
</body>
</html>
"""


def _listing(entries: list[VersionEntry]) -> str:
    def item(entry: VersionEntry, newest: bool) -> dict[str, object]:
        facts = {"publicerad": entry.published, "uttagsdatum": entry.extraction_date, "andringslogg": entry.changelog}
        return {"version": entry.version, "title": entry.title, "aliases": [LATEST_ALIAS] if newest else [],
                **{key: value for key, value in facts.items() if value}}

    return json.dumps([item(e, i == 0) for i, e in enumerate(entries)], ensure_ascii=False, indent=2) + "\n"


def _entry(built: Path, version: str, title: str, published: str, extraction_date: str) -> VersionEntry:
    return VersionEntry(version, title, published, extraction_date, (built / CHANGELOG_HTML).is_file())


def _check_label(version: str) -> None:
    if not version or "/" in version or version.startswith("."):
        raise SuengineError(f"ogiltig versionsbeteckning: {version!r}")


def assemble_site(current: Path | None, target: Path, built: Path, version: str, title: str,
                  published: str = "", extraction_date: str = "") -> Path:
    """A complete new site in `target` (which must not exist): the versions of `current`, `built` as
    `version`, index.html and, written last, versions.json. Nothing outside `target` changes, so the
    caller can swap `target` in for `current` in one step."""
    _check_label(version)
    if current is not None and current.is_dir():
        def leftovers(folder: str, names: list[str]) -> list[str]:  # staging of earlier, interrupted runs
            return [n for n in names if n.endswith(".tmp") or (Path(folder) == current and n.startswith("."))]

        shutil.copytree(current, target, ignore=leftovers)
        if (target / version).exists():
            shutil.rmtree(target / version)
    else:
        target.mkdir()
    shutil.copytree(built, target / version)
    entries = [e for e in read_versions(target) if e.version != version]
    entries.insert(0, _entry(built, version, title, published, extraction_date))
    (target / "index.html").write_text(_redirect(version), encoding="utf-8")
    (target / VERSIONS_FILE).write_text(_listing(entries), encoding="utf-8")
    normal_modes(target)
    return target / version


def publish_version(built: Path, root: Path, version: str, title: str, published: str = "", extraction_date: str = "") -> Path:
    """Copy a built site into `root/<version>/` and make it the newest version (no archive folder:
    `suengine site --publicera`; `suengine build` swaps a whole new site in with `assemble_site`)."""
    _check_label(version)
    root.mkdir(parents=True, exist_ok=True)
    target = root / version
    staging = Path(tempfile.mkdtemp(prefix=f".{version}-", dir=root))
    try:
        shutil.copytree(built, staging, dirs_exist_ok=True)
        normal_modes(staging)
        if target.exists():
            shutil.rmtree(target)
        staging.replace(target)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    entries = [e for e in read_versions(root) if e.version != version]
    entries.insert(0, _entry(built, version, title, published, extraction_date))
    _write_atomic(root / "index.html", _redirect(version))
    _write_atomic(root / VERSIONS_FILE, _listing(entries))
    return target
