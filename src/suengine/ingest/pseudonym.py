"""Keyed pseudonyms: the only place where identifiers are turned into ids.

barn_id = "b" + the first 16 hex digits of HMAC-SHA-256(key, "barn:" + 12-digit personnummer).
Case numbers used as record ids get the same treatment with their entity as namespace
(`"utredning:" + number` → "u…"), so an insats that names its utredning by case number still
points to the right (pseudonymous) utredning.

Why a key and not a plain hash: the personnummer space is small (a few million plausible
numbers), so an unkeyed hash could be reversed by trying them all. With the key kept outside
every output and the repository, the pseudonyms reveal nothing; with the *same* key, the same
child gets the same pseudonym in every delivery, so återaktualisering across years works.

Where the key comes from, first match wins:
1. the environment variable SUENGINE_PSEUDONYM_KEY (its text, at least 16 characters);
2. the key file named by SUENGINE_KEY_FILE, or ~/.config/suengine/pseudonym.key. The file
   holds the key as text (64 hex digits); it is created on first use with mode 0600 and a
   message on stderr, because losing it means new pseudonyms for everybody.
The text of the file and of the variable are used the same way, so either can replace the other.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import stat
import sys
from collections.abc import Callable
from pathlib import Path

from suengine.errors import SuengineError

KEY_ENV = "SUENGINE_PSEUDONYM_KEY"
KEY_FILE_ENV = "SUENGINE_KEY_FILE"
DEFAULT_KEY_FILE = Path("~/.config/suengine/pseudonym.key")
MIN_KEY_LENGTH = 16
DIGEST_CHARS = 16
# Pseudonyms remembered per namespace: every child (a few hundred thousand in the whole country) is
# hashed once however many tables name it, while millions of case numbers are hashed again where
# another table names them, instead of keeping every number and pseudonym in memory.
CACHE_LIMIT = 500_000

# Prefix of each kind of id; unknown namespaces use their first letter.
PREFIXES = {"barn": "b", "aktualisering": "a", "utredning": "u", "insats": "i", "uppföljning": "f", "svar": "s"}


def _stderr(message: str) -> None:
    print(message, file=sys.stderr)


def key_file_path() -> Path:
    return Path(os.environ.get(KEY_FILE_ENV) or DEFAULT_KEY_FILE).expanduser()


def _create_key_file(path: Path, notify: Callable[[str], None]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(secrets.token_bytes(32).hex() + "\n")
    notify(
        f"Ny pseudonymnyckel skapad i {path} (läsbar bara för dig). Spara en säkerhetskopia på ett säkert ställe: "
        "utan samma nyckel får samma barn nya pseudonymer i nästa leverans. Lägg aldrig nyckeln i git eller i utdata."
    )


def load_key(notify: Callable[[str], None] = _stderr) -> bytes:
    """The pseudonymisation key; creates the key file on first use."""
    text = os.environ.get(KEY_ENV)
    if text is not None:
        text = text.strip()
        if len(text) < MIN_KEY_LENGTH:
            raise SuengineError(f"Nyckeln i {KEY_ENV} är för kort: den ska vara minst {MIN_KEY_LENGTH} tecken.")
        return text.encode("utf-8")
    path = key_file_path()
    if not path.exists():
        try:
            _create_key_file(path, notify)
        except FileExistsError:
            pass  # another process created it a moment ago
        except OSError as exc:
            raise SuengineError(f"Kan inte skapa nyckelfilen {path}: {exc.strerror or exc}") from None
    try:
        text = path.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError) as exc:
        raise SuengineError(f"Kan inte läsa nyckelfilen {path}: {getattr(exc, 'strerror', None) or exc}") from None
    if len(text) < MIN_KEY_LENGTH:
        raise SuengineError(f"Nyckelfilen {path} är tom eller för kort (minst {MIN_KEY_LENGTH} tecken).")
    if path.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        notify(f"Varning: nyckelfilen {path} kan läsas av andra användare; ändra med: chmod 600 {path}")
    return text.encode("utf-8")


class Pseudonymizer:
    """HMAC-SHA-256 pseudonyms; the key stays inside this object and is never printed."""

    def __init__(self, key: bytes) -> None:
        self._key = key
        self._cache: dict[str, dict[str, str]] = {}  # namespace -> value -> pseudonym (at most CACHE_LIMIT)
        # HMAC (RFC 2104) with the key's inner and outer hash states computed once: the same
        # digest as hmac.new(key, message, sha256), a third of the time per message
        block = key if len(key) <= 64 else hashlib.sha256(key).digest()
        block = block.ljust(64, b"\0")
        self._inner = hashlib.sha256(bytes(b ^ 0x36 for b in block))
        self._outer = hashlib.sha256(bytes(b ^ 0x5C for b in block))

    def __repr__(self) -> str:
        return "Pseudonymizer(<nyckel dold>)"

    def pseudonym(self, namespace: str, value: str) -> str:
        return self.pseudonyms(namespace, [value])[0]

    def pseudonyms(self, namespace: str, values: list[str]) -> list[str]:
        """One pseudonym per value; a value is hashed once per Pseudonymizer while its namespace has room (CACHE_LIMIT)."""
        cache = self._cache.setdefault(namespace, {})
        room = CACHE_LIMIT - len(cache)
        prefix, head, inner, outer = PREFIXES.get(namespace, namespace[:1]), f"{namespace}:", self._inner, self._outer
        out = []
        for value in values:  # once per distinct id: millions in a national delivery
            known = cache.get(value)
            if known is None:
                first = inner.copy()
                first.update((head + value).encode("utf-8"))
                second = outer.copy()
                second.update(first.digest())
                known = prefix + second.hexdigest()[:DIGEST_CHARS]
                if room > 0:
                    cache[value] = known
                    room -= 1
            out.append(known)
        return out

    def child(self, personnummer_digits: str) -> str:
        return self.pseudonym("barn", personnummer_digits)

    def children(self, personnummer_digits: list[str]) -> list[str]:
        return self.pseudonyms("barn", personnummer_digits)

    def record(self, field_name: str, case_number: str) -> str:
        """A record id from a case number; the namespace is the entity the id field names."""
        return self.records(field_name, [case_number])[0]

    def records(self, field_name: str, case_numbers: list[str]) -> list[str]:
        namespace = field_name[: -len("_id")] if field_name.endswith("_id") else field_name
        # whitespace runs count as one space; a printable text (whose only whitespace is " ") without
        # double spaces and with none at its ends has none to fold. Checked on all numbers joined
        # first: a national file's numbers are all of that kind.
        joined = "|".join(case_numbers)
        if not (joined.isprintable() and "  " not in joined and " |" not in joined and "| " not in joined
                and joined == joined.strip()):
            case_numbers = [c if c.isprintable() and "  " not in c and c == c.strip() else " ".join(c.split()) for c in case_numbers]
        return self.pseudonyms(namespace, case_numbers)
