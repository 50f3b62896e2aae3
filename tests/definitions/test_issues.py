"""The Issue type formats a located Swedish message with an optional suggestion."""

from __future__ import annotations

from suengine.definitions.issues import Issue, count, error, suggest, warning


def test_format_with_everything() -> None:
    issue = error(
        "okänt fält 'slutdatun'",
        file="indicators/handlaggning/x.yml",
        line=12,
        indicator="utredning-inom-4-manader",
        suggestion="slutdatum",
    )
    assert issue.format() == (
        "FEL: indicators/handlaggning/x.yml rad 12 (utredning-inom-4-manader): okänt fält 'slutdatun' — menade du 'slutdatum'?"
    )
    assert str(issue) == issue.format()


def test_format_without_location_parts() -> None:
    assert warning("x", file="a.yml").format() == "VARNING: a.yml: x"
    assert error("x", file="a.yml", line=3).format() == "FEL: a.yml rad 3: x"
    assert error("x").format() == "FEL: x"
    assert Issue("fel", "x", indicator="id").format() == "FEL: (id): x"


def test_suggest_finds_near_misses_only() -> None:
    assert suggest("slutdatun", ["slutdatum", "start"]) == "slutdatum"
    assert suggest("flika", {"flicka": "Flicka", "pojke": "Pojke"}) == "flicka"
    assert suggest("helt-annat", ["slutdatum", "start"]) is None
    assert suggest("start", ["start"]) is None
    assert suggest(3, ["3"]) is None


def test_count() -> None:
    assert count([error("a"), warning("b"), error("c")]) == (2, 1)
