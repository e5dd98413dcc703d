"""Read a spec file (YAML or JSON, chosen by content) into plain Python data, safely.

Spec text is untrusted: YAML is composed with the safe loader, aliases are counted and expanded
under a budget (a "billion laughs" document fails fast instead of exhausting memory), nesting depth
is capped, alias cycles are refused, and mapping keys become strings. For YAML, the line and column
of every node is recorded by JSON pointer so diagnostics can point into the file.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .diagnostics import Diagnostics, pointer_join

MAX_BYTES = 64 * 1024 * 1024  # larger than any public spec we know (GitHub's is 13 MB)
MAX_DEPTH = 200  # real specs nest < 40 levels; deeper is an attack or a generator bug
MAX_NODES = 20_000_000  # nodes built after alias expansion
MAX_ALIASES = 10_000  # alias uses; real specs use few or none

try:  # libyaml is ~10x faster on multi-megabyte specs; the pure loader is the fallback
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader


@dataclass
class LoadedSpec:
    """A spec file read into memory."""

    path: str  # as given by the user
    raw: bytes  # the exact bytes read, for hashing
    data: Any  # the document as dicts, lists and scalars
    positions: dict[str, tuple[int, int]] = field(default_factory=dict)  # pointer -> (line, col)


class _LoadFailed(Exception):
    def __init__(
        self, message: str, pointer: str = "", line: int | None = None, column: int = 1
    ) -> None:
        super().__init__(message)
        self.message = message
        self.pointer = pointer
        self.line = line
        self.column = column


def load_spec(path: str, diags: Diagnostics) -> LoadedSpec | None:
    """Read `path`; on failure record a diagnostic and return None."""
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        diags.error(f"spec file not found: {path}", hint="check the path")
        return None
    except OSError as exc:
        diags.error(f"cannot read spec file {path}: {exc.strerror}")
        return None
    return load_bytes(raw, path, diags)


def load_bytes(raw: bytes, path: str, diags: Diagnostics) -> LoadedSpec | None:
    """Parse spec bytes; JSON when the text starts with `{` or `[`, else YAML."""
    if len(raw) > MAX_BYTES:
        diags.error(f"spec is {len(raw)} bytes; the limit is {MAX_BYTES}")
        return None
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        diags.positions[""] = (line, 1)
        diags.error(
            f"spec is not valid UTF-8 (byte {exc.start}: {raw[exc.start:exc.start + 1]!r})",
            hint="re-save the file as UTF-8",
        )
        return None
    if not text.strip():
        diags.error("spec file is empty")
        return None
    if "\x00" in text:
        diags.error("spec contains a NUL character; it is not a text file")
        return None
    stripped = text.lstrip()
    if stripped[:1] in "{[":
        return _load_json(raw, text, path, diags)
    return _load_yaml(raw, text, path, diags)


def _load_json(raw: bytes, text: str, path: str, diags: Diagnostics) -> LoadedSpec | None:
    try:
        data = json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        diags.positions[""] = (exc.lineno, exc.colno)
        diags.error(f"invalid JSON: {exc.msg}")
        return None
    except ValueError as exc:
        diags.error(f"invalid JSON: {exc}")
        return None
    except RecursionError:
        diags.error(f"JSON nests deeper than the parser allows (limit {MAX_DEPTH})")
        return None
    positions = JsonPositions(text)
    diags.positions = positions
    try:
        _check_depth(data)
    except _LoadFailed as exc:
        diags.error(exc.message, exc.pointer)
        return None
    if _SURROGATE_ESCAPE.search(text):
        for pointer in _replace_lone_surrogates(data):
            diags.warning(
                "string holds a lone UTF-16 surrogate escape; replaced with U+FFFD", pointer
            )
    return LoadedSpec(path, raw, data, positions)


_SURROGATE_ESCAPE = re.compile(r"\\[uU][dD][89a-fA-F]")


def _fix_text(text: str) -> str:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return text


def _replace_lone_surrogates(data: Any) -> list[str]:
    """Join surrogate pairs and replace lone surrogates (legal in JSON and YAML escapes, not in
    UTF-8 files) in keys and strings; return the pointers of the strings that held lone ones."""
    fixed: list[str] = []
    stack: list[tuple[Any, str]] = [(data, "")]
    while stack:
        node, pointer = stack.pop()
        if isinstance(node, dict):
            for key in list(node):
                value = node[key]
                name = _fix_text(key)
                if name != key:
                    del node[key]
                    node[name] = value
                child = pointer_join(pointer, name)
                if _lone(key, name):
                    fixed.append(child)
                if isinstance(value, str):
                    node[name] = _fix_text(value)
                    if _lone(value, node[name]):
                        fixed.append(child)
                else:
                    stack.append((value, child))
        elif isinstance(node, list):
            for index, value in enumerate(node):
                child = pointer_join(pointer, index)
                if isinstance(value, str):
                    node[index] = _fix_text(value)
                    if _lone(value, node[index]):
                        fixed.append(child)
                else:
                    stack.append((value, child))
    return fixed


def _lone(text: str, repaired: str) -> bool:
    """True when repairing `text` replaced a lone surrogate (a joined pair adds no U+FFFD)."""
    return repaired.count("\ufffd") > text.count("\ufffd")


class JsonPositions(dict[str, tuple[int, int]]):
    """Line and column of JSON pointers, found on demand by scanning the source text.

    JSON parsing records no positions (that would slow down every load for the rare error);
    a diagnostic that asks for a pointer gets it located here, and the answer is cached.
    """

    def __init__(self, text: str) -> None:
        super().__init__()
        self._text = text
        self._missing: set[str] = set()

    def __contains__(self, pointer: object) -> bool:
        if not isinstance(pointer, str):
            return False
        if dict.__contains__(self, pointer):
            return True
        if pointer in self._missing:
            return False
        found = _json_offset(self._text, pointer)
        if found is None:
            self._missing.add(pointer)
            return False
        line = self._text.count("\n", 0, found) + 1
        column = found - (self._text.rfind("\n", 0, found) + 1) + 1
        self[pointer] = (line, column)
        return True


_WS = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


def _json_offset(text: str, pointer: str) -> int | None:
    """Offset of the value at `pointer` in JSON `text` (the last one for duplicate keys)."""
    parts = [p.replace("~1", "/").replace("~0", "~") for p in pointer.split("/")[1:]]
    pos = _WS.match(text, 0).end()  # type: ignore[union-attr]
    try:
        for part in parts:
            pos = _child_offset(text, pos, part)
            if pos < 0:
                return None
    except (ValueError, IndexError):
        return None
    return pos


def _skip_ws(text: str, pos: int) -> int:
    return _WS.match(text, pos).end()  # type: ignore[union-attr]


def _child_offset(text: str, pos: int, part: str) -> int:
    opener = text[pos]
    if opener not in "{[":
        return -1
    found = -1
    index = 0
    pos = _skip_ws(text, pos + 1)
    closer = "}" if opener == "{" else "]"
    if text[pos] == closer:
        return -1
    while True:
        if opener == "{":
            key, pos = _DECODER.raw_decode(text, pos)
            pos = _skip_ws(text, pos)
            if text[pos] != ":":
                return -1
            pos = _skip_ws(text, pos + 1)
            if key == part:
                found = pos  # keep looking: the last duplicate wins, as in json.loads
        else:
            if str(index) == part:
                return pos
            index += 1
        _value, pos = _DECODER.raw_decode(text, pos)
        pos = _skip_ws(text, pos)
        if text[pos] == ",":
            pos = _skip_ws(text, pos + 1)
            continue
        return found


def _reject_constant(name: str) -> None:
    raise ValueError(f"{name} is not valid JSON")


def _short(pointer: str) -> str:
    """A pointer cut to its first 40 steps, so a depth error stays readable."""
    parts = pointer.split("/")
    return pointer if len(parts) <= 41 else "/".join(parts[:41]) + "/..."


def _check_depth(data: Any) -> None:
    stack: list[tuple[Any, int, str]] = [(data, 0, "")]
    while stack:
        node, depth, pointer = stack.pop()
        if depth > MAX_DEPTH:
            raise _LoadFailed(f"document nests deeper than {MAX_DEPTH} levels", _short(pointer))
        if isinstance(node, dict):
            stack.extend((v, depth + 1, pointer_join(pointer, k)) for k, v in node.items())
        elif isinstance(node, list):
            stack.extend((v, depth + 1, pointer_join(pointer, i)) for i, v in enumerate(node))


def _load_yaml(raw: bytes, text: str, path: str, diags: Diagnostics) -> LoadedSpec | None:
    loader = _Loader
    try:
        try:
            root = yaml.compose(text, Loader=loader)
        except yaml.MarkedYAMLError as exc:
            # libyaml refuses `"\ud800"` (and even surrogate pairs); the pure loader reads them
            # as the JSON parser does, and they are repaired below.
            if "Unicode character escape" not in str(exc.problem) or loader is yaml.SafeLoader:
                raise
            loader = yaml.SafeLoader
            root = yaml.compose(text, Loader=loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        if mark is not None:
            diags.positions[""] = (mark.line + 1, mark.column + 1)
        diags.error(f"invalid YAML: {exc.problem or exc.context}")
        return None
    except yaml.YAMLError as exc:
        diags.error(f"invalid YAML: {exc}")
        return None
    except RecursionError:
        diags.error(f"YAML nests deeper than the parser allows (limit {MAX_DEPTH})")
        return None
    if root is None:
        diags.error("spec file holds no document")
        return None
    builder = _YamlBuilder()
    try:
        data = builder.build(root)
    except _LoadFailed as exc:
        if exc.line is not None:
            diags.positions[exc.pointer] = (exc.line, exc.column)
        diags.error(exc.message, exc.pointer)
        return None
    if loader is yaml.SafeLoader and loader is not _Loader:
        builder.warnings.extend(
            (pointer, "string holds a lone UTF-16 surrogate escape; replaced with U+FFFD")
            for pointer in _replace_lone_surrogates(data)
        )
    for pointer, message in builder.warnings:
        diags.positions.update(builder.positions)
        diags.warning(message, pointer)
    return LoadedSpec(path, raw, data, builder.positions)


_YAML_TAG_PREFIX = "tag:yaml.org,2002:"
_STANDARD_TAGS = frozenset(
    {"str", "int", "float", "bool", "null", "map", "seq", "timestamp", "binary", "merge",
     "omap", "set", "pairs", "value"}
)  # fmt: skip


class _YamlBuilder:
    """Turns a composed YAML node graph into plain data with an explicit stack."""

    def __init__(self) -> None:
        self.positions: dict[str, tuple[int, int]] = {}
        self.warnings: list[tuple[str, str]] = []
        self._constructor = yaml.SafeLoader("")
        self._nodes = 0
        self._seen: set[int] = set()
        self._aliases = 0

    def build(self, root: yaml.Node) -> Any:
        return self._build(root, "", 0, frozenset())

    def _build(self, node: yaml.Node, pointer: str, depth: int, path: frozenset[int]) -> Any:
        if depth > MAX_DEPTH:
            raise _LoadFailed(
                f"document nests deeper than {MAX_DEPTH} levels",
                _short(pointer),
                node.start_mark.line + 1,
                node.start_mark.column + 1,
            )
        self._nodes += 1
        if self._nodes > MAX_NODES:
            raise _LoadFailed(
                f"document expands to more than {MAX_NODES} nodes (YAML alias bomb?)",
                pointer,
                node.start_mark.line + 1,
                node.start_mark.column + 1,
            )
        key = id(node)
        if key in path:
            raise _LoadFailed(
                "YAML alias refers to one of its own ancestors (a cycle)",
                pointer,
                node.start_mark.line + 1,
                node.start_mark.column + 1,
            )
        if key in self._seen and not isinstance(node, yaml.ScalarNode):
            self._aliases += 1
            if self._aliases > MAX_ALIASES:
                raise _LoadFailed(
                    f"more than {MAX_ALIASES} YAML alias uses (an alias bomb?)",
                    pointer,
                    node.start_mark.line + 1,
                    node.start_mark.column + 1,
                )
        self._seen.add(key)
        self.positions[pointer] = (node.start_mark.line + 1, node.start_mark.column + 1)
        self._check_tag(node, pointer)
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node)
        inner = path | {key}
        if isinstance(node, yaml.SequenceNode):
            return [
                self._build(item, pointer_join(pointer, i), depth + 1, inner)
                for i, item in enumerate(node.value)
            ]
        if isinstance(node, yaml.MappingNode):
            result: dict[str, Any] = {}
            for key_node, value_node in self._pairs(node, pointer):
                name = self._key(key_node)
                child = pointer_join(pointer, name)
                if name in result:
                    self.warnings.append((child, f"duplicate key {name!r}; the last one wins"))
                result[name] = self._build(value_node, child, depth + 1, inner)
            return result
        raise _LoadFailed(f"unsupported YAML node {type(node).__name__}", pointer)

    def _check_tag(self, node: yaml.Node, pointer: str) -> None:
        tag = str(node.tag or "")
        if tag.startswith(_YAML_TAG_PREFIX) and tag[len(_YAML_TAG_PREFIX) :] in _STANDARD_TAGS:
            return
        line = node.start_mark.line + 1
        if "python/" in tag:
            raise _LoadFailed(
                f"YAML tag {tag!r} asks for a Python object; a spec is data, tags like this are "
                "refused",
                pointer,
                line,
                node.start_mark.column + 1,
            )
        self.warnings.append(
            (pointer, f"unknown YAML tag {tag!r} ignored; the plain value is used")
        )

    def _pairs(self, node: yaml.MappingNode, pointer: str) -> list[tuple[yaml.Node, yaml.Node]]:
        pairs: list[tuple[yaml.Node, yaml.Node]] = []
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                merged = (
                    value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
                )
                for source in merged:
                    if not isinstance(source, yaml.MappingNode):
                        raise _LoadFailed("YAML merge key needs a mapping", pointer)
                    pairs.extend(self._pairs(source, pointer))
            else:
                pairs.append((key_node, value_node))
        return pairs

    def _key(self, node: yaml.Node) -> str:
        if isinstance(node, yaml.ScalarNode):
            value = self._scalar(node)
            if isinstance(value, bool):
                return str(node.value)  # `on:`/`yes:` keys keep their spelling
            return value if isinstance(value, str) else str(node.value)
        raise _LoadFailed("mapping keys must be plain scalars", "")

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        tag = node.tag
        if tag in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:binary"):
            return node.value  # dates stay text: a spec means the string it shows
        if tag == "tag:yaml.org,2002:str":
            return node.value
        try:
            return self._constructor.construct_object(node, deep=True)
        except yaml.YAMLError:
            return node.value
