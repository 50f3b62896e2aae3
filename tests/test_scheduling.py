"""The work units of `make test` (tests/scheduling.py) name files and folders that exist."""

from __future__ import annotations

from pathlib import Path

from scheduling import SHARED_FOLDERS, SLOW_FIRST, rank, unit_of

ROOT = Path(__file__).parents[1]


def test_every_unit_named_as_slow_or_shared_exists() -> None:
    for prefix in (*SLOW_FIRST, *SHARED_FOLDERS):
        path = ROOT / prefix
        assert path.is_dir() if prefix.endswith("/") else path.is_file(), prefix


def test_a_shared_folder_is_one_unit_and_slow_units_come_first() -> None:
    assert unit_of("tests/site/test_search.py::test_a[x::y]") == unit_of("tests/site/test_phone.py::test_b") == "tests/site/"
    assert unit_of("tests/test_build.py::test_a") == "tests/test_build.py"
    assert rank("tests/engine/test_disclosure_properties.py::test_random") == 0
    assert rank("tests/report/test_charts.py::test_a") < rank("tests/test_layout.py::test_a") == len(SLOW_FIRST)
