"""Exceptions that the CLI turns into a Swedish `Fel: …` message and a non-zero exit."""

from __future__ import annotations


class SuengineError(Exception):
    """A problem the user can fix; the message is Swedish and names file, line and field."""

    exit_code = 1


_OS_ERRORS = {
    "ENOSPC": "disken är full",
    "EDQUOT": "diskkvoten är slut",
    "EACCES": "behörighet saknas",
    "EPERM": "åtgärden är inte tillåten",
    "EROFS": "filsystemet är skrivskyddat",
    "ENOENT": "filen eller mappen finns inte",
    "EEXIST": "finns redan",
    "ENOTEMPTY": "mappen är inte tom",
    "EBUSY": "används av ett annat program",
    "EIO": "in- eller utmatningsfel",
    "ENOTDIR": "en del av sökvägen är en fil, inte en mapp",
    "EISDIR": "är en mapp, inte en fil",
    "EXDEV": "ligger på ett annat filsystem",
    "EMFILE": "för många öppna filer",
}


def os_error_message(exc: OSError, doing: str) -> str:
    """`doing` (e.g. 'kunde inte publicera'), the path and the reason in Swedish, for an OSError."""
    import errno

    name = errno.errorcode.get(exc.errno or 0, "")
    reason = _OS_ERRORS.get(name) or (exc.strerror or str(exc))
    paths = [p for p in (exc.filename, exc.filename2) if p]
    where = " → ".join(str(p) for p in paths) or "(okänd sökväg)"
    return f"{doing}: {where}: {reason}"
