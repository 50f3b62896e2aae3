"""Static files of the site (CSS, the script for sorting and accessibility, the theme override)."""

from __future__ import annotations

import shutil
from pathlib import Path

from suengine.render.format import STATUS_FILL
from suengine.render.site.markdown import STATUS_CLASS

ASSETS = Path(__file__).with_name("assets")
CSS = "assets/suengine.css"
JS = "assets/suengine.js"


def status_css() -> str:
    """Badge fills from format.STATUS_FILL, so the site, report and Excel share one palette."""
    rules = [f".su-status--{STATUS_CLASS[key]} {{ background-color: #{fill}; }}" for key, fill in STATUS_FILL.items()]
    rules.append(".su-status--dold { background-color: #ffffff; border-style: dashed; }")
    return "\n".join(rules) + "\n"


def write_assets(docs: Path, project: Path) -> None:
    target = docs / "assets"
    target.mkdir(parents=True, exist_ok=True)
    css = (ASSETS / "suengine.css").read_text(encoding="utf-8") + "\n/* Status fills (generated). */\n" + status_css()
    (target / "suengine.css").write_text(css, encoding="utf-8")
    shutil.copyfile(ASSETS / "suengine.js", target / "suengine.js")
    overrides = project / "overrides"
    if overrides.exists():
        shutil.rmtree(overrides)
    shutil.copytree(ASSETS / "overrides", overrides)
