"""Which project a command runs in: find suengine.yml, switch on its local data model and mappings, choose its indicators.

Every command calls `open_project(args)` first. Inside a project (suengine.yml in the working
directory or a folder above it, or `--projekt MAPP`), the project's `datamodell-tillägg.yml` and
`mappningar/` take effect for every later step, and `indicator_source` gives the project's
indicators: the engine's catalogue by reference with the project's selection and changes, plus
`lokala-indikatorer/`. Outside any project, a command needs its paths given explicitly (or a
folder `indicators/` in the working directory); it never falls back silently to the engine's set.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from suengine import __version__
from suengine.casedata.datamodel import use_extensions
from suengine.definitions.indicator_set import OVERRIDABLE, IndicatorSet, Override
from suengine.definitions.paths import display_path
from suengine.errors import SuengineError
from suengine.ingest.mapping import use_local_mappings
from suengine.project.config import CONFIG_FILE, Config, find_config, load_config
from suengine.resources import project_root

NO_PROJECT = (
    "här finns inget SU-projekt: ingen {config} i {cwd} eller någon mapp ovanför{extra}.\n"
    "Skapa ett projekt med `suengine init MAPP --system treserva` och kör kommandot i projektmappen,"
    " ange projektet med --projekt MAPP, eller ange {what} uttryckligen."
)


def add_project_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--projekt", metavar="MAPP", type=Path, dest="project",
                        help=f"projektmappen med {CONFIG_FILE} (standard: arbetskatalogen eller närmaste mapp ovanför)")


def open_project(args: argparse.Namespace | None = None, *, config_file: Path | None = None) -> Config:
    """The project's configuration (file None outside any project), with its local parts switched on."""
    folder = getattr(args, "project", None) if args is not None else None
    explicit = config_file or getattr(args, "konfig", None)
    if folder is not None:
        if not (folder / CONFIG_FILE).is_file():
            raise SuengineError(f"{folder}: ingen {CONFIG_FILE} här; skapa projektet med `suengine init {folder}`")
        explicit = folder / CONFIG_FILE
    file = explicit or find_config()
    config = load_config(file) if file is not None else load_config(cwd=Path.cwd())
    activate(config)
    return config


def activate(config: Config) -> None:
    """Make the project's data-model extension and mappings part of everything that follows."""
    extension = config.datamodel_extension
    use_extensions([extension] if extension is not None and extension.is_file() else [])
    use_local_mappings([config.mappings] if config.mappings is not None and config.mappings.is_dir() else [])


def catalogue_path() -> Path:
    return project_root() / "indicators"


def indicator_set(config: Config) -> IndicatorSet:
    """The engine's catalogue with the project's selection, changes and local indicators."""
    raw = config.catalogue
    overrides = {
        str(ident): Override(str(ident), {k: v for k, v in spec.items() if k in OVERRIDABLE}, str(spec.get("motivering", "")))
        for ident, spec in (raw.get("ändringar") or {}).items()
    }
    return IndicatorSet(
        catalogue=catalogue_path(),
        local=config.local_indicators,
        select=tuple(str(x) for x in raw.get("välj") or ()),
        drop=tuple(str(x) for x in raw.get("utelämna") or ()),
        overrides=overrides,
        config_file=display_path(config.file) if config.file else "",
        lines=config.lines,
        catalogue_label=f"katalogen i suengine {__version__}",
    )


def indicator_source(explicit: Path | None, config: Config, what: str = "indikatorerna (SÖKVÄG eller --indikatorer)") -> Path | IndicatorSet:
    """Explicit path first, then the project, then ./indicators; otherwise a clear error."""
    if explicit is not None:
        return Path(explicit)
    if config.file is not None:
        return config.indicators if config.own_indicators else indicator_set(config)
    local = Path("indicators")
    if local.is_dir():
        return local
    raise SuengineError(NO_PROJECT.format(config=CONFIG_FILE, cwd=Path.cwd(), what=what, extra=", och ingen mapp indicators/"))


def describe_source(source: Path | IndicatorSet, config: Config | None = None) -> str:
    """One line saying which definitions a command used."""
    if isinstance(source, IndicatorSet):
        return source.describe()
    if config is not None and config.file is not None and config.own_indicators:
        return f"Indikatorer: {display_path(Path(source))} enligt {display_path(config.file)}"
    if config is not None and config.file is None and Path(source) == Path("indicators"):
        return f"Indikatorer: indicators/ i arbetskatalogen {Path.cwd()} (inget projekt)"
    return f"Indikatorer: {display_path(Path(source))}"


def delivery_argument(args: argparse.Namespace, config: Config) -> Path:
    """LEVERANS as given, or the project's folder of deliveries; outside a project it must be given."""
    if getattr(args, "leverans", None) is not None:
        return Path(args.leverans)
    if config.file is None:
        raise SuengineError(NO_PROJECT.format(config=CONFIG_FILE, cwd=Path.cwd(), what="LEVERANS", extra=""))
    return config.deliveries
