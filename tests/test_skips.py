"""CI fails, not skips, when the browser is missing (tests/skips.py)."""

from __future__ import annotations

import pytest

from skips import REQUIRE_BROWSER, browser_missing


def test_a_missing_browser_skips_on_a_developer_machine(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(REQUIRE_BROWSER, raising=False)
    with pytest.raises(pytest.skip.Exception, match="Chromium saknas"):
        browser_missing("Chromium saknas")


def test_a_missing_browser_fails_where_the_browser_is_required(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(REQUIRE_BROWSER, "1")
    with pytest.raises(pytest.fail.Exception, match="får inte hoppas över"):
        browser_missing("Chromium saknas")


def test_ci_requires_the_browser() -> None:
    from pathlib import Path

    script = (Path(__file__).parents[1] / ".ci" / "run").read_text(encoding="utf-8")
    assert f"export {REQUIRE_BROWSER}=1" in script and script.index(REQUIRE_BROWSER) < script.index("make test")
