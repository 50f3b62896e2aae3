"""Skips with a stated reason, and the ones CI may not take.

A browser test skips when chromium is missing on a developer's machine, but CI installs chromium
(`make chromium`, as root) and sets SUENGINE_KRAV_WEBBLASARE=1 (`.ci/run`): there a missing
browser fails the run instead of silently skipping the accessibility and interaction tests.
"""

from __future__ import annotations

import os
from typing import NoReturn

import pytest

REQUIRE_BROWSER = "SUENGINE_KRAV_WEBBLASARE"


def browser_missing(reason: str) -> NoReturn:
    """Skip with `reason`, or fail when this run requires the browser tests (CI)."""
    if os.environ.get(REQUIRE_BROWSER, "").strip() not in ("", "0"):
        pytest.fail(f"{reason}; {REQUIRE_BROWSER} är satt, så webbläsartesterna får inte hoppas över", pytrace=False)
    pytest.skip(reason)
