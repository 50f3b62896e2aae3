"""Load a YAML file and remember the line of every node, so later errors can name a line.

A path is a tuple of mapping keys (always `str`) and sequence indices (`int`), the same
shape as a JSON-Schema error's `absolute_path`. The line recorded for a mapping entry is the
line of its *key*; for a sequence item, the line where the item starts.

Nothing here raises for a bad file: wrong encoding, malformed YAML, an empty file, a top level
that is not a mapping, duplicate keys and impossible dates all become `Issue`s. Anchors and
aliases (`&namn`, `*namn`, `<<:`) are refused with the line they are on: a definition is read by
people and must say everything where it stands, and a few nested aliases would otherwise expand
into gigabytes (or, pointing at themselves, recurse without end).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from suengine.definitions.issues import Issue, error

NodePath = tuple[str | int, ...]


@dataclass(frozen=True)
class YamlDocument:
    data: dict[str, Any]
    lines: dict[NodePath, int] = field(default_factory=dict)
    file: str = ""

    def line_of(self, path: Sequence[str | int]) -> int | None:
        """The line of `path`, or of its nearest recorded ancestor."""
        key = tuple(path)
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key[:-1]
        return self.lines.get((), None)


# libyaml's parser is ~20 times faster; both keep every node's start mark.
_SafeBase: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_SafeBase):  # type: ignore[misc,valid-type]
    """SafeLoader that turns an impossible date (2024-02-30) into a located problem, not a crash."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.bad_dates: list[yaml.ScalarNode] = []

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> Any:  # type: ignore[override]
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            self.bad_dates.append(node)
            return node.value


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)

_KIND = {dict: "en mappning", list: "en lista", str: "en text", int: "ett tal", float: "ett tal", bool: "ett sanningsvärde"}

# Substrings of the messages of PyYAML's pure-Python parser and of libyaml.
_PROBLEMS = (
    ("mapping values are not allowed", "kolon på fel ställe (saknas mellanslag efter ':' eller citattecken runt texten?)"),
    ("could not find expected ':'", "förväntade ':' efter en nyckel"),
    ("cannot start any token", "ett tecken som inte får inleda ett värde (citattecken runt texten?)"),
    ("found undefined alias", "okänt alias (*namn) utan motsvarande ankare (&namn)"),
    ("expected '-' indicator", "listpunkter och nycklar blandas på samma nivå; kontrollera indraget"),
    ("expected <block end>", "fel indrag; kontrollera att nycklar på samma nivå börjar i samma kolumn"),
    ("did not find expected key", "fel indrag; kontrollera att nycklar på samma nivå börjar i samma kolumn"),
    ("found unexpected end of stream", "filen tar slut mitt i ett värde (saknas ett avslutande citattecken?)"),
    ("found unhashable key", "en nyckel måste vara en enkel text"),
    ("unknown escape character", "okänt tecken efter \\ i en text inom \"…\"; använd '…' i stället"),
    ("',' or '}'", "saknas ',' eller '}' i {…}"),
    ("',' or ']'", "saknas ',' eller ']' i […]"),
)


def _problem_text(exc: yaml.MarkedYAMLError, text: str) -> str:
    mark = exc.problem_mark
    if mark is not None:
        lines = text.splitlines()
        if mark.line < len(lines) and lines[mark.line][mark.column : mark.column + 1] == "\t":
            return "tabbtecken får inte användas för indrag; använd mellanslag"
    problem = (exc.problem or exc.context or "okänt fel").strip()
    for english, swedish in _PROBLEMS:
        if english in problem:
            return swedish
    return problem


def _decode(raw: bytes, file: str) -> tuple[str | None, list[Issue]]:
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        byte = raw[exc.start]
        return None, [
            error(
                f"filen är inte kodad som UTF-8 (byte 0x{byte:02x} går inte att läsa; sparad som Windows-1252/Latin-1?)"
                " — spara om filen som UTF-8",
                file=file,
                line=line,
            )
        ]


def _first_alias(text: str) -> tuple[str, int] | None:
    """('&namn' or '*namn', line) of the first anchor or alias, found by the scanner alone (linear)."""
    scanner = _SafeBase(text)
    try:
        while True:
            token = scanner.get_token()
            if token is None or isinstance(token, yaml.StreamEndToken):
                return None
            if isinstance(token, (yaml.AnchorToken, yaml.AliasToken)):
                sign = "&" if isinstance(token, yaml.AnchorToken) else "*"
                return f"{sign}{token.value}", token.start_mark.line + 1
    finally:
        scanner.dispose()


def load_yaml_text(text: str, file: str = "") -> tuple[YamlDocument | None, list[Issue]]:
    """Parse YAML text into a document with line numbers, or return the problems found."""
    loader: _Loader | None = None
    try:
        alias = _first_alias(text)
        if alias is not None:
            return None, [error(
                f"ankare och alias ({alias[0]}) används inte här: skriv ut värdet där det behövs, "
                "så att filen går att läsa rad för rad", file=file, line=alias[1])]
        loader = _Loader(text)
        node = loader.get_single_node()
        if node is None:
            return None, [error("filen är tom", file=file, line=1)]
        issues: list[Issue] = []
        lines: dict[NodePath, int] = {(): node.start_mark.line + 1}
        _walk(loader, node, (), lines, issues, file, set())
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or ""
        if exc.context_mark is not None and any(p in problem for p in ("end of stream", "',' or '}'", "',' or ']'")):
            mark = exc.context_mark  # where the unclosed quote or bracket opened, not where the file ended
        return None, [error(f"ogiltig YAML: {_problem_text(exc, text)}", file=file, line=mark.line + 1 if mark else None)]
    except yaml.YAMLError as exc:  # ReaderError: a control character
        position = getattr(exc, "position", None)
        line = text.count("\n", 0, position) + 1 if isinstance(position, int) else None
        return None, [error("ogiltig YAML: filen innehåller ett otillåtet tecken", file=file, line=line)]
    finally:
        if loader is not None:
            loader.dispose()
    for bad in loader.bad_dates:
        issues.append(error(f"'{bad.value}' är inget giltigt datum", file=file, line=bad.start_mark.line + 1))
    if not isinstance(data, dict):
        kind = _KIND.get(type(data), "ett enkelt värde")
        return None, [error(f"översta nivån ska vara en mappning (nyckel: värde), men är {kind}", file=file, line=lines[()])]
    return YamlDocument(data=data, lines=lines, file=file), issues


def load_yaml_file(path: Path, display: str | None = None) -> tuple[YamlDocument | None, list[Issue]]:
    """Read a YAML file as strict UTF-8; `display` is the path shown in messages."""
    file = display if display is not None else str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [error(f"kan inte läsa filen: {exc.strerror or exc}", file=file)]
    text, issues = _decode(raw, file)
    if text is None:
        return None, issues
    return load_yaml_text(text, file)


def _key_text(loader: _Loader, node: yaml.Node) -> str:
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_object(node)
        if isinstance(value, dt.date):
            return value.isoformat()
        if isinstance(value, bool):
            return "true" if value else "false"
        return str(value) if value is not None else "null"
    raise yaml.constructor.ConstructorError(
        None, None, "found unhashable key", node.start_mark
    )


def _walk(
    loader: _Loader,
    node: yaml.Node,
    path: NodePath,
    lines: dict[NodePath, int],
    issues: list[Issue],
    file: str,
    active: set[int],
) -> None:
    if id(node) in active:  # a recursive alias; nothing more to learn
        return
    active.add(id(node))
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = _key_text(loader, key_node)
            line = key_node.start_mark.line + 1
            if key in seen:
                issues.append(error(f"nyckeln '{key}' förekommer två gånger (första gången på rad {seen[key]})", file=file, line=line))
            else:
                seen[key] = line
            child = path + (key,)
            lines[child] = line
            _walk(loader, value_node, child, lines, issues, file, active)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            child = path + (index,)
            lines[child] = item.start_mark.line + 1
            _walk(loader, item, child, lines, issues, file, active)
    active.discard(id(node))


def json_view(value: Any) -> Any:
    """A JSON-compatible copy for JSON Schema: dates become ISO strings and keys become strings,
    exactly what the editor's YAML 1.2 language server sees."""
    if isinstance(value, dict):
        return {_json_key(k): json_view(v) for k, v in value.items()}
    if isinstance(value, list):
        return [json_view(v) for v in value]
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _json_key(key: Any) -> str:
    if isinstance(key, bool):
        return "true" if key else "false"
    if isinstance(key, dt.date):
        return key.isoformat()
    return "null" if key is None else str(key)
