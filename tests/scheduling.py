"""How `make test` spreads the suite over its workers (pytest-xdist, `-n auto --dist loadscope`).

A work unit is a test module, so a module's fixtures (a whole build of the demo delivery in
test_build.py and test_incremental_build.py) are built by one worker only — except under
tests/report/ and tests/site/, whose modules share session-wide builds (the report, the demo's
report, the two-version site, the demo's site) and therefore go to one worker as one unit each.

The units whose tests take longest are handed out first, so that no worker is left with one of
them while the other has finished everything else: a serial run of the suite is about 520 s of
CPU, and the property test alone about 95 s. A unit not named here keeps its place after them.
"""

from __future__ import annotations

from collections.abc import Sequence

# Units whose tests share session fixtures: each runs on one worker.
SHARED_FOLDERS = ("tests/report/", "tests/site/")

# Slowest first (CPU seconds of a serial run, November 2026): 200 random deliveries written by
# every writer (~95 s); the CI build with its rebuild (~75 s); three builds with one cache (~75 s);
# the report folder with the demo report (~45 s); the site folder with the demo site (~35 s);
# `suengine demo` (~28 s); the catalogue on the demo delivery; the editor's language server.
SLOW_FIRST = (
    "tests/engine/test_disclosure_properties.py",
    "tests/test_build.py",
    "tests/test_incremental_build.py",
    "tests/report/",
    "tests/site/",
    "tests/test_demo.py",
    "tests/catalogue/test_catalogue_demo.py",
    "tests/editor/test_editor.py",
)


def unit_of(nodeid: str) -> str:
    """The work unit of a test: its folder under SHARED_FOLDERS, else its module."""
    path = nodeid.split("::", 1)[0]
    return next((folder for folder in SHARED_FOLDERS if path.startswith(folder)), path)


def rank(nodeid: str, slow_first: Sequence[str] = SLOW_FIRST) -> int:
    """The place of a test's unit among the slow ones; every other unit after them (len(slow_first))."""
    path = nodeid.split("::", 1)[0]
    return next((place for place, prefix in enumerate(slow_first) if path.startswith(prefix)), len(slow_first))


def make_scheduler(config, log):
    """xdist's loadscope scheduling with `unit_of` as the scope and the units in collection order
    (the workers collect the slow ones first); None (xdist's own choice) for any other --dist."""
    if config.getvalue("dist") != "loadscope":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class Scheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return unit_of(nodeid)

    config.option.loadscopereorder = False  # xdist would put the units with most tests first instead
    return Scheduling(config, log)
