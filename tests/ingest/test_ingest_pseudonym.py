"""Keyed pseudonyms: stable with the same key, different with another, key handling."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from ingest_helpers import TEST_KEY, pnr

from suengine.errors import SuengineError
from suengine.ingest.pseudonym import Pseudonymizer, load_key


def test_key_from_environment() -> None:
    assert load_key() == TEST_KEY.encode()


def test_too_short_key_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SUENGINE_PSEUDONYM_KEY", "kort")
    with pytest.raises(SuengineError, match="för kort"):
        load_key()


def test_key_file_is_created_once_with_mode_600(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("SUENGINE_PSEUDONYM_KEY")
    path = tmp_path / "sub" / "pseudonym.key"
    monkeypatch.setenv("SUENGINE_KEY_FILE", str(path))
    messages: list[str] = []
    first = load_key(messages.append)
    assert path.exists()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(messages) == 1 and "Ny pseudonymnyckel skapad" in messages[0] and str(path) in messages[0]
    assert first.decode() not in messages[0]
    assert load_key(messages.append) == first
    assert len(messages) == 1  # no second message
    # the file's text works as the environment variable, so either can replace the other
    monkeypatch.setenv("SUENGINE_PSEUDONYM_KEY", path.read_text().strip())
    assert load_key() == first


def test_readable_key_file_gives_a_warning(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("SUENGINE_PSEUDONYM_KEY")
    path = tmp_path / "pseudonym.key"
    path.write_text("0123456789abcdef0123456789abcdef\n")
    os.chmod(path, 0o644)
    monkeypatch.setenv("SUENGINE_KEY_FILE", str(path))
    messages: list[str] = []
    load_key(messages.append)
    assert any("chmod 600" in m for m in messages)


def test_default_key_file_is_in_home_config(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from suengine.ingest.pseudonym import key_file_path

    monkeypatch.delenv("SUENGINE_KEY_FILE")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert key_file_path() == tmp_path / ".config" / "suengine" / "pseudonym.key"


def test_same_child_same_pseudonym_and_another_key_differs() -> None:
    child = pnr(2014, 3, 1)
    first, again, other = Pseudonymizer(b"k" * 32), Pseudonymizer(b"k" * 32), Pseudonymizer(b"x" * 32)
    assert first.child(child) == again.child(child)
    assert first.child(child) != other.child(child)
    assert first.child(child).startswith("b") and len(first.child(child)) == 17
    assert child not in first.child(child) and "k" * 16 not in repr(first)


def test_case_numbers_are_namespaced_by_entity() -> None:
    p = Pseudonymizer(b"k" * 32)
    assert p.record("utredning_id", "2024-17") == p.record("utredning_id", " 2024-17 ")
    assert p.record("utredning_id", "2024-17").startswith("u")
    assert p.record("insats_id", "2024-17").startswith("i")
    assert p.record("utredning_id", "2024-17")[1:] != p.record("insats_id", "2024-17")[1:]
