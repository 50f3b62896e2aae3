"""Lay out a municipality's SU project: suengine.yml, folders, editor settings with schema copies, .gitignore, README.

The project refers to the engine's indicator catalogue instead of copying it; only the
project's own parts live in it. The editor (VS Code with the YAML extension, or any client of
yaml-language-server) finds the JSON Schemas through `.vscode/settings.json`, which points at
copies in `.vscode/scheman/` — relative paths, so the project works on every machine and in git.
`update_editor_files` rewrites those copies after an upgrade (`suengine init --uppdatera`).
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from suengine.errors import SuengineError
from suengine.project.config import CONFIG_FILE, LOCAL_INDICATORS, LOCAL_MAPPINGS
from suengine.resources import project_root, schema_path

SCHEMA_FOLDER = Path(".vscode") / "scheman"
# schema file -> the project files it describes (globs as yaml-language-server reads them)
EDITOR_SCHEMAS = {
    "config.schema.json": [f"**/{CONFIG_FILE}"],
    "indicator.schema.json": [f"**/{LOCAL_INDICATORS}/**/*.yml"],
    # the language server matches globs against the file's URI, where "ä" is percent-encoded
    "datamodel-extension.schema.json": ["**/datamodell-till*gg.yml"],
    "mapping-extension.schema.json": [f"**/{LOCAL_MAPPINGS}/*.yml"],
}
FOLDERS = ("leveranser", "kommentarer", LOCAL_INDICATORS)

CONFIG_TEXT = """\
# Inställningar för kommunens SU-projekt. Sökvägar är relativa till den här filen.
# Redigeraren (VS Code med YAML-tillägget) kontrollerar filen medan du skriver.
kommun: {kommun}
nämnd: {nämnd}
källsystem: {system}          # mappningen för leveranserna: `suengine mappning beskriv {system}`
minsta_antal: 5               # gräns för röjandekontroll, aldrig under 3

# Projektet använder indikatorkatalogen som följer med suengine. Lokala val och ändringar:
# katalog:
#   utelämna: [familjeratt-aktualiseringar]
#   ändringar:
#     utredning-inom-4-manader:
#       målvärde: {{typ: tröskel, riktning: högre_är_bättre, grön: 85, gul: 70}}
#       motivering: Nämndens mål för året.
# Egna indikatorer läggs i lokala-indikatorer/, egna fält i datamodell-tillägg.yml och egna
# kolumner eller koder i mappningar/{system}.yml (se docs/lokala-tillagg.md i suengine).
"""

GITIGNORE = """\
# Dataleveranser innehåller personnummer och får aldrig hamna i git.
leveranser/
# Pseudonymnyckeln och andra hemligheter.
*.key
.env
# Publicerade versioner byggs av `suengine build` och publiceras för sig.
build/
# Diagram och beräkningar som nästa bygge kan återanvända; får tas bort när som helst.
.cache/
"""

README = """\
# Systematisk uppföljning – {kommun}

Det här är kommunens projekt för den årliga rapporten om systematisk uppföljning (SU) inom
barn och familj. Indikatorerna kommer från suengines katalog; här finns bara det som är kommunens
eget: inställningarna i `{config}`, leveranserna, verksamhetens kommentarer och eventuella lokala
indikatorer, fält och mappningar.

## Så tar ni fram en ny rapport

1. Lägg exporten från {system_name} i en ny mapp under `leveranser/`, t.ex.
   `leveranser/leverans-2026-01/`, tillsammans med filen `leverans.yml`:

   ```yaml
   kommun: {kommun}
   källsystem: {system_name}
   mappning: {system}
   uttagsdatum: 2026-01-31
   period: {{från: 2021-01-01, till: 2025-12-31}}
   ```

   Vilka filer, kolumner och koder exporten ska innehålla visar `suengine mappning beskriv {system}`.
2. Prova leveransen: `suengine mappning prova leveranser/leverans-2026-01` visar vad som läses ur
   varje kolumn, och `suengine ingest leveranser/leverans-2026-01` kontrollerar hela leveransen.
3. Bygg rapporten: `suengine build` kontrollerar indikatorerna, läser leveransen, beräknar och
   publicerar en ny version i `build/` (rapport som HTML, PDF och DOCX, Excel och webbplats).

Verksamhetens kommentarer skrivs i `kommentarer/<år>/<indikator-id>.md`. `suengine check`
kontrollerar projektets indikatorer och säger vilka som används.

## Lokala tillägg

- `lokala-indikatorer/`: egna indikatorer (samma format som katalogens).
- `datamodell-tillägg.yml`: egna fält och koder, t.ex. ett Ja/Nej-fält (typ `boolesk`).
- `mappningar/{system}.yml` med `utgår_från: {system}`: egna kolumner och lokala koder.
- `katalog:` i `{config}`: välj bort indikatorer eller ändra ett målvärde lokalt; ändringen
  redovisas som lokal avvikelse i rapportens metodkapitel.

Leveranser och pseudonymnyckeln hålls utanför git (`.gitignore`). Efter en uppgradering av
suengine: kör `suengine init --uppdatera` så att redigerarens scheman följer med.
"""


def system_names() -> dict[str, str]:
    """The engine's mappings: file stem -> the source system's name."""
    import yaml

    names = {}
    for path in sorted((project_root() / "mappings").glob("*.yml")):
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        names[path.stem] = str(raw.get("namn", path.stem))
    return names


def create_project(folder: Path, system: str, municipality: str, committee: str) -> list[str]:
    """Create the project in `folder` (absent or empty), all or nothing; the names created."""
    systems = system_names()
    if system not in systems:
        raise SuengineError(f"okänt källsystem '{system}'; välj ett av: {', '.join(systems)}")
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        if (folder / CONFIG_FILE).is_file():
            raise SuengineError(f"{folder} är redan ett projekt; uppdatera redigerarens scheman med `suengine init {folder} --uppdatera`")
        raise SuengineError(f"{folder} finns redan och är inte tom; välj en ny eller tom mapp")
    staging = folder.parent / f".{folder.name}.ny"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    try:
        write_skeleton(staging, system, municipality, committee, systems[system])
        if folder.exists():
            # an empty folder (often the working directory) stays the same folder: move the parts into it
            for part in sorted(staging.iterdir()):
                os.replace(part, folder / part.name)
        else:
            os.replace(staging, folder)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return sorted(p.name for p in folder.iterdir())


def write_skeleton(folder: Path, system: str, municipality: str, committee: str, system_name: str) -> None:
    (folder / CONFIG_FILE).write_text(CONFIG_TEXT.format(kommun=municipality, nämnd=committee, system=system), encoding="utf-8")
    for name in FOLDERS:
        (folder / name).mkdir()
    (folder / ".gitignore").write_text(GITIGNORE, encoding="utf-8")
    (folder / "README.md").write_text(
        README.format(kommun=municipality, system=system, system_name=system_name, config=CONFIG_FILE), encoding="utf-8"
    )
    update_editor_files(folder)


def update_editor_files(folder: Path) -> list[str]:
    """Copy the installed schemas into .vscode/scheman/ and map them in .vscode/settings.json; the files changed."""
    changed = []
    target = folder / SCHEMA_FOLDER
    target.mkdir(parents=True, exist_ok=True)
    for name in EDITOR_SCHEMAS:
        source = schema_path(name).read_bytes()
        copy = target / name
        if not copy.is_file() or copy.read_bytes() != source:
            copy.write_bytes(source)
            changed.append((SCHEMA_FOLDER / name).as_posix())
    settings_file = folder / ".vscode" / "settings.json"
    try:
        settings = json.loads(settings_file.read_text(encoding="utf-8")) if settings_file.is_file() else {}
    except json.JSONDecodeError as exc:
        raise SuengineError(f"{settings_file} rad {exc.lineno}: ogiltig JSON ({exc.msg}); rätta eller ta bort filen") from exc
    wanted = editor_settings()
    merged = {**settings, **{k: v for k, v in wanted.items() if k != "yaml.schemas"}}
    schemas = {k: v for k, v in (settings.get("yaml.schemas") or {}).items() if not k.startswith(f"./{SCHEMA_FOLDER.as_posix()}/")}
    merged["yaml.schemas"] = {**schemas, **wanted["yaml.schemas"]}
    if merged != settings:
        settings_file.write_text(json.dumps(merged, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        changed.append(".vscode/settings.json")
    return changed


def editor_settings() -> dict:
    return {
        "yaml.schemas": {f"./{(SCHEMA_FOLDER / name).as_posix()}": globs for name, globs in EDITOR_SCHEMAS.items()},
        "yaml.validate": True,
        "yaml.completion": True,
        "files.encoding": "utf8",
    }


def stale_editor_files(folder: Path) -> list[str]:
    """Schema copies that differ from the installed suengine's (empty when up to date or never created)."""
    target = folder / SCHEMA_FOLDER
    if not target.is_dir():
        return []
    return [name for name in EDITOR_SCHEMAS if not (target / name).is_file() or (target / name).read_bytes() != schema_path(name).read_bytes()]
