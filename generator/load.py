"""Read a spec file (YAML or JSON, chosen by content) into plain Python data, safely.

Spec text is untrusted: YAML is composed with the safe loader, aliases are counted and expanded
under a budget (a "billion laughs" document fails fast instead of exhausting memory), nesting depth
is capped, alias cycles are refused, and mapping keys become strings. For YAML, the line and column
of every node is recorded by JSON pointer so diagnostics can point into the file.
"""

from __future__ import annotations

import json
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
    def __init__(self, message: str, pointer: str = "", line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.pointer = pointer
        self.line = line


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
    try:
        _check_depth(data)
    except _LoadFailed as exc:
        diags.error(exc.message, exc.pointer)
        return None
    return LoadedSpec(path, raw, data)


def _reject_constant(name: str) -> None:
    raise ValueError(f"{name} is not valid JSON")


def _check_depth(data: Any) -> None:
    stack: list[tuple[Any, int, str]] = [(data, 0, "")]
    while stack:
        node, depth, pointer = stack.pop()
        if depth > MAX_DEPTH:
            raise _LoadFailed(f"document nests deeper than {MAX_DEPTH} levels", pointer)
        if isinstance(node, dict):
            stack.extend((v, depth + 1, pointer_join(pointer, k)) for k, v in node.items())
        elif isinstance(node, list):
            stack.extend((v, depth + 1, pointer_join(pointer, i)) for i, v in enumerate(node))


def _load_yaml(raw: bytes, text: str, path: str, diags: Diagnostics) -> LoadedSpec | None:
    try:
        root = yaml.compose(text, Loader=_Loader)
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
            diags.positions[exc.pointer] = (exc.line, 1)
        diags.error(exc.message, exc.pointer)
        return None
    for pointer, message in builder.warnings:
        diags.positions.update(builder.positions)
        diags.warning(message, pointer)
    return LoadedSpec(path, raw, data, builder.positions)


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
            raise _LoadFailed(f"document nests deeper than {MAX_DEPTH} levels", pointer)
        self._nodes += 1
        if self._nodes > MAX_NODES:
            raise _LoadFailed(
                f"document expands to more than {MAX_NODES} nodes (YAML alias bomb?)", pointer
            )
        key = id(node)
        if key in path:
            raise _LoadFailed(
                "YAML alias refers to one of its own ancestors (a cycle)",
                pointer,
                node.start_mark.line + 1,
            )
        if key in self._seen and not isinstance(node, yaml.ScalarNode):
            self._aliases += 1
            if self._aliases > MAX_ALIASES:
                raise _LoadFailed(f"more than {MAX_ALIASES} YAML alias uses", pointer)
        self._seen.add(key)
        self.positions[pointer] = (node.start_mark.line + 1, node.start_mark.column + 1)
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
