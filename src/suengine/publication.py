"""Publish a staged version and a staged site together, or not at all, surviving kill -9.

Everything a build publishes is first written beside what is published, in hidden staging
entries of the output folder (same file system, so renames are atomic):

    <ut>/.bygge-<token>/            scratch: the rendered version folder `<version>/`, the site project
    <ut>/.bygge-<token>-webb/       the complete new website: the current one plus the new version,
                                    index.html, and versions.json written last

Publishing then writes a journal `<ut>/.publicering.json` (the commit point), renames the version
folder into place, swaps the new website for `<ut>/webb` (one `renameat2(RENAME_EXCHANGE)` on Linux,
else two renames) and removes the journal. The next run, before anything else, completes a
publication whose journal exists (every piece it needs was staged before the journal was written)
and removes every staging entry without one. A failure before the journal changes nothing
published; an OS error during the renames is undone in the same run.

`SUENGINE_TEST_AVBRYT=<punkt>` makes the process exit at once (like kill -9) at a named point;
only the tests set it.
"""

from __future__ import annotations

import ctypes
import json
import os
import secrets
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from suengine.errors import SuengineError, os_error_message

JOURNAL = ".publicering.json"
PREFIX = ".bygge-"
SITE = "webb"
VERSIONS_FILE = "versions.json"
MANIFEST = "manifest.json"
CRASH_POINTS = ("staging", "journal", "version", "webb")
_CRASH_ENV = "SUENGINE_TEST_AVBRYT"


def crash_point(name: str) -> None:
    """Exit at once without cleanup when the tests ask for it at this point."""
    if os.environ.get(_CRASH_ENV) == name:
        os._exit(137)


@dataclass(frozen=True)
class Staging:
    out: Path
    token: str

    @property
    def scratch(self) -> Path:
        return self.out / f"{PREFIX}{self.token}"

    @property
    def site(self) -> Path:
        return self.out / f"{PREFIX}{self.token}-{SITE}"

    @property
    def old_site(self) -> Path:
        return self.out / f"{PREFIX}{self.token}-gammal"

    def version(self, label: str) -> Path:
        return self.scratch / label


def start(out: Path) -> Staging:
    """Recover what an interrupted run left, then make a fresh scratch folder."""
    out.mkdir(parents=True, exist_ok=True)
    recover(out)
    staging = Staging(out, secrets.token_hex(6))
    staging.scratch.mkdir()
    return staging


def discard(staging: Staging) -> None:
    """Remove a staging that was not committed (nothing published changes)."""
    if not (staging.out / JOURNAL).exists():
        for path in (staging.scratch, staging.site, staging.old_site):
            shutil.rmtree(path, ignore_errors=True)


def _newest(site: Path) -> str | None:
    try:
        listing = json.loads((site / VERSIONS_FILE).read_text(encoding="utf-8"))
        return str(listing[0]["version"]) if listing else None
    except (OSError, ValueError, LookupError, TypeError):
        return None


def _exchange(a: Path, b: Path) -> bool:
    """Swap two directories in one step (Linux renameat2); False when the system cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    err = ctypes.get_errno()
    if err in (22, 38, 95):  # EINVAL, ENOSYS, EOPNOTSUPP: the file system cannot exchange
        return False
    raise OSError(err, os.strerror(err), str(a), None, str(b))


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _write_journal(out: Path, record: dict[str, str]) -> None:
    temporary = out / f"{JOURNAL}.tmp"
    with open(temporary, "w", encoding="utf-8") as handle:
        json.dump(record, handle)
        handle.flush()
        os.fsync(handle.fileno())
    temporary.replace(out / JOURNAL)
    _fsync_dir(out)


def _complete(out: Path, staging: Staging, version: str) -> None:
    """Bring the journalled publication to its end; every step may already have been done."""
    staged_version, final = staging.version(version), out / version
    if staged_version.exists() and not final.exists():
        staged_version.rename(final)
    crash_point("version")
    current = out / SITE
    if _newest(current) != version and staging.site.exists():
        if not current.exists():
            staging.site.rename(current)
        elif not _exchange(staging.site, current):
            current.rename(staging.old_site)
            staging.site.rename(current)
    crash_point("webb")
    (out / JOURNAL).unlink(missing_ok=True)
    _fsync_dir(out)


def _undo(out: Path, staging: Staging, version: str) -> None:
    """Put back what `_complete` moved, after an OS error in this run."""
    current, final = out / SITE, out / version
    if _newest(current) == version:
        if staging.old_site.exists():  # swapped with two renames
            current.rename(staging.site)
            staging.old_site.rename(current)
        elif staging.site.exists():  # swapped in one exchange: the old site is in staging.site
            _exchange(staging.site, current)
    elif not current.exists() and staging.old_site.exists():
        staging.old_site.rename(current)
    if final.exists() and not staging.version(version).exists():
        final.rename(staging.version(version))
    (out / JOURNAL).unlink(missing_ok=True)


def recover(out: Path, say: Callable[[str], None] = lambda _m: None) -> None:
    """Complete an interrupted publication, then remove every staging entry left behind."""
    journal = out / JOURNAL
    if journal.exists():
        try:
            record = json.loads(journal.read_text(encoding="utf-8"))
            staging, version = Staging(out, str(record["token"])), str(record["version"])
        except (OSError, ValueError, LookupError, TypeError) as exc:
            raise SuengineError(f"{journal}: publiceringsjournalen går inte att läsa ({exc}); "
                                "kontrollera mappen och ta bort filen för hand") from None
        say(f"Slutför publiceringen av version {version} som avbröts förra gången")
        try:
            _complete(out, staging, version)
        except OSError as exc:
            raise SuengineError(os_error_message(exc, "kunde inte slutföra den avbrutna publiceringen")) from None
    for leftover in out.glob(f"{PREFIX}*"):
        if leftover.is_dir() and not leftover.is_symlink():
            shutil.rmtree(leftover, ignore_errors=True)
        else:
            leftover.unlink(missing_ok=True)
    (out / f"{JOURNAL}.tmp").unlink(missing_ok=True)


def commit(staging: Staging, version: str) -> Path:
    """Make the staged version and site the published ones in one step; returns `<ut>/<version>`."""
    out = staging.out
    final = out / version
    if final.exists():
        raise SuengineError(f"{final} finns redan; en publicerad version skrivs aldrig över")
    if not staging.version(version).is_dir() or not (staging.version(version) / MANIFEST).is_file():
        raise SuengineError(f"{staging.version(version)}: versionen är inte färdigbyggd; inget publiceras")
    if _newest(staging.site) != version:
        raise SuengineError(f"{staging.site}: webbplatsen är inte färdigbyggd; inget publiceras")
    crash_point("staging")
    try:
        _write_journal(out, {"version": version, "token": staging.token})
    except OSError as exc:
        (out / f"{JOURNAL}.tmp").unlink(missing_ok=True)
        raise SuengineError(os_error_message(exc, "kunde inte publicera")) from None
    crash_point("journal")
    try:
        _complete(out, staging, version)
    except OSError as exc:
        try:
            _undo(out, staging, version)
        except OSError:
            raise SuengineError(os_error_message(exc, "publiceringen avbröts") +
                                "; nästa körning slutför den (publiceringsjournalen finns kvar)") from None
        raise SuengineError(os_error_message(exc, "kunde inte publicera") + "; inget publicerat har ändrats") from None
    for path in (staging.scratch, staging.site, staging.old_site):
        shutil.rmtree(path, ignore_errors=True)
    return final
