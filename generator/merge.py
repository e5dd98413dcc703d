"""Several spec files as one API: merge normalized fragments into one document.

Per-endpoint exports (one page per endpoint, each with its own copy of the shared components)
are merged before the IR is built. Identical definitions merge silently; a path operation or a
component defined differently in two files is an error naming both places; for tags, security
schemes, servers and the default security requirement the first file wins, with a warning.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from .diagnostics import Diagnostic, Diagnostics, Kind, Level, pointer_join
from .spec import HTTP_METHODS

# Component sections whose entries conflict with an error: these shape the generated code.
# securitySchemes is handled apart (first wins with a warning, like servers and tags).


@dataclass
class Fragment:
    """One loaded and normalized spec file."""

    path: str  # as given
    doc: dict[str, Any]  # the normalized document
    positions: dict[str, tuple[int, int]] = field(default_factory=dict)  # pointer -> (line, col)


@dataclass
class OriginDiagnostics(Diagnostics):
    """Diagnostics on a merged document: each pointer is reported in the file it came from."""

    origins: dict[str, Fragment] = field(default_factory=dict)  # pointer prefix -> fragment

    def _add(
        self, level: Level, message: str, pointer: str, hint: str, kind: Kind = Kind.PROBLEM
    ) -> None:
        fragment = self._origin(pointer)
        if fragment is None:
            super()._add(level, message, pointer, hint, kind)
            return
        line, column = _locate(fragment.positions, pointer)
        self.items.append(
            Diagnostic(level, message, fragment.path, pointer, line, column, hint, kind)
        )

    def _origin(self, pointer: str) -> Fragment | None:
        probe = pointer
        while probe:
            if probe in self.origins:
                return self.origins[probe]
            probe = probe.rsplit("/", 1)[0]
        return self.origins.get("")


def _locate(positions: dict[str, tuple[int, int]], pointer: str) -> tuple[int | None, int | None]:
    probe = pointer
    while True:
        if probe in positions:
            return positions[probe]
        if not probe:
            return None, None
        probe = probe.rsplit("/", 1)[0]


def _where(fragment: Fragment, pointer: str) -> str:
    line, column = _locate(fragment.positions, pointer)
    place = fragment.path + (f":{line}" if line is not None else "")
    place += f":{column}" if line is not None and column is not None else ""
    return f"{place} [{pointer}]"


def merge_fragments(fragments: list[Fragment], diags: OriginDiagnostics) -> dict[str, Any]:
    """One document from `fragments` (in order); conflicts are recorded in `diags`."""
    first = fragments[0]
    merged: dict[str, Any] = copy.deepcopy(first.doc)
    diags.origins[""] = first
    _record_origins(merged, first, diags)
    for fragment in fragments[1:]:
        _merge_one(merged, fragment, diags)
    return merged


def _record_origins(doc: dict[str, Any], fragment: Fragment, diags: OriginDiagnostics) -> None:
    for path, _item in (doc.get("paths") or {}).items():
        diags.origins.setdefault(pointer_join("/paths", path), fragment)
    for section, entries in (doc.get("components") or {}).items():
        if isinstance(entries, dict):
            for name in entries:
                diags.origins.setdefault(pointer_join("/components", section, name), fragment)


def _merge_one(merged: dict[str, Any], fragment: Fragment, diags: OriginDiagnostics) -> None:
    doc = fragment.doc
    if str(doc.get("openapi", ""))[:3] != str(merged.get("openapi", ""))[:3]:
        diags.warning(
            f"{fragment.path} is OpenAPI {doc.get('openapi')}, the first file "
            f"{merged.get('openapi')}; read as {merged.get('openapi')}",
            "/openapi",
        )
    _merge_paths(merged, fragment, diags)
    _merge_components(merged, fragment, diags)
    _merge_tags(merged, fragment, diags)
    for key in ("servers", "security"):
        if key not in doc:
            continue
        if key not in merged:
            merged[key] = copy.deepcopy(doc[key])
        elif merged[key] != doc[key]:
            diags.warning(
                f"`{key}` differs from the one in {_where(diags.origins[''], '/' + key)}; "
                f"the first wins ({fragment.path} ignored)",
                "/" + key,
            )
    for key, value in doc.items():  # anything else (x- extensions, externalDocs): first wins
        if key not in merged and key not in ("paths", "components", "tags"):
            merged[key] = copy.deepcopy(value)


def _merge_paths(merged: dict[str, Any], fragment: Fragment, diags: OriginDiagnostics) -> None:
    paths = merged.setdefault("paths", {})
    for path, item in (fragment.doc.get("paths") or {}).items():
        pointer = pointer_join("/paths", path)
        if path not in paths:
            paths[path] = copy.deepcopy(item)
            diags.origins[pointer] = fragment
            continue
        target = paths[path]
        if not isinstance(item, dict) or not isinstance(target, dict):
            if item != target:
                _conflict(diags, fragment, pointer, f"path {path!r}")
            continue
        for key, value in item.items():
            key_ptr = pointer_join(pointer, key)
            if key not in target:
                target[key] = copy.deepcopy(value)
                diags.origins[key_ptr] = fragment
            elif target[key] != value:
                what = f"operation {key.upper()} {path}" if key in HTTP_METHODS else key_ptr
                _conflict(diags, fragment, key_ptr, what)


def _merge_components(merged: dict[str, Any], fragment: Fragment, diags: OriginDiagnostics) -> None:
    components = fragment.doc.get("components") or {}
    if not isinstance(components, dict):
        return
    target = merged.setdefault("components", {})
    for section, entries in components.items():
        if not isinstance(entries, dict):
            continue
        into = target.setdefault(section, {})
        for name, value in entries.items():
            pointer = pointer_join("/components", section, name)
            if name not in into:
                into[name] = copy.deepcopy(value)
                diags.origins[pointer] = fragment
            elif into[name] != value:
                if section == "securitySchemes":
                    diags.warning(
                        f"security scheme {name!r} differs from the one in "
                        f"{_where(diags.origins.get(pointer, diags.origins['']), pointer)}; "
                        f"the first wins ({_where(fragment, pointer)} ignored)",
                        pointer,
                    )
                else:
                    _conflict(diags, fragment, pointer, f"component {section}/{name}")


def _merge_tags(merged: dict[str, Any], fragment: Fragment, diags: OriginDiagnostics) -> None:
    tags = fragment.doc.get("tags")
    if not isinstance(tags, list):
        return
    target = merged.setdefault("tags", [])
    by_name = {t.get("name"): t for t in target if isinstance(t, dict)}
    for index, tag in enumerate(tags):
        if not isinstance(tag, dict):
            continue
        known = by_name.get(tag.get("name"))
        if known is None:
            target.append(copy.deepcopy(tag))
            by_name[tag.get("name")] = tag
        elif known != tag:
            diags.warning(
                f"tag {tag.get('name')!r} is described differently in "
                f"{_where(fragment, pointer_join('/tags', index))}; the first wins",
                "/tags",
            )


def _conflict(diags: OriginDiagnostics, fragment: Fragment, pointer: str, what: str) -> None:
    first = diags.origins.get(pointer) or diags._origin(pointer) or diags.origins[""]
    line, column = _locate(fragment.positions, pointer)
    diags.items.append(
        Diagnostic(
            Level.ERROR,
            f"{what} conflicts with its definition in {_where(first, pointer)}",
            fragment.path,
            pointer,
            line,
            column,
            "make the two definitions identical, or rename one",
        )
    )
