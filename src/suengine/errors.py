"""Exceptions that the CLI turns into a Swedish `Fel: …` message and a non-zero exit."""

from __future__ import annotations


class SuengineError(Exception):
    """A problem the user can fix; the message is Swedish and names file, line and field."""

    exit_code = 1
