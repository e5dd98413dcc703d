"""The tolerance rule (docs/design.md, "Tolerance"): a broken piece degrades, it does not refuse.

A real spec with one broken piece still yields an SDK. Each piece gets one warning naming its
JSON pointer and is degraded before the IR is built:

- a local `$ref` that points to nothing: in a schema position the schema becomes `{}` (any JSON
  value); anywhere else (a parameter, a response, a request body, a path item, ...) the entry is
  dropped from its container;
- a `$ref` in a schema position naming an entry of a non-schema component section
  (`#/components/parameters/Limit`, `#/components/responses/Error`): the schema becomes `{}`;
- a discriminator `mapping` entry naming nothing (no such pointer, no such component) is dropped;
- a path item or operation of the wrong shape (`/b: 42`, `get: [list]`), and parameters,
  request bodies and responses of the wrong shape inside an operation, are skipped;
- a step's error located inside one operation (wrapped with `per_operation`) skips that
  operation instead of refusing the spec.

Under `--strict` every warning is an error, so the same pieces refuse the spec. The spec is
refused when no operation is left (`require_operations`, called once the IR is built): never a
silent empty SDK.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Callable
from typing import Any

from .. import ir
from ..diagnostics import Diagnostic, Diagnostics, Level, pointer_join
from ..spec import HTTP_METHODS as _HTTP_METHODS

Step = Callable[[dict[str, Any], Diagnostics], None]

# Schema keywords whose values are data, never spec objects (`example(s)` and `x-*` anywhere).
_SCHEMA_DATA = frozenset({"default", "enum", "const"})
# Keys whose value is one schema, and keys whose value is a list or map of schemas.
_SCHEMA_SINGLE = frozenset(
    {"schema", "itemSchema", "items", "not", "additionalProperties", "contains", "if", "then",
     "else", "propertyNames", "unevaluatedItems", "unevaluatedProperties",
     "additionalItems", "contentSchema"}
)  # fmt: skip
_SCHEMA_GROUPS = frozenset(
    {"allOf", "oneOf", "anyOf", "prefixItems", "properties", "patternProperties", "$defs",
     "definitions", "dependentSchemas"}
)  # fmt: skip
_MISSING = object()
_MAX_ROUNDS = 20


def apply(doc: dict[str, Any], diags: Diagnostics) -> None:
    """Degrade every broken piece of `doc` in place, one warning each."""
    _shapes(doc, diags)
    # Dropping an entry can leave a ref to it dangling (a parameter ref to a component that was
    # itself a dangling ref): walk again until nothing is dropped. Each round drops something.
    for _ in range(_MAX_ROUNDS):
        if not _refs(doc, diags):
            break


# --- shapes ------------------------------------------------------------------------------------


def _shapes(doc: dict[str, Any], diags: Diagnostics) -> None:
    for section in ("paths", "webhooks"):
        items = doc.get(section)
        if not isinstance(items, dict):
            continue  # a `paths` that is no mapping is refused by the version step
        for key in list(items):
            pointer = pointer_join("/" + section, key)
            item = items[key]
            if not isinstance(item, dict):
                diags.warning(f"path item is {_kind(item)}, not a mapping; skipped", pointer)
                del items[key]
                continue
            _list_of_maps(item, "parameters", pointer, diags)
            for method in _HTTP_METHODS:
                if method not in item:
                    continue
                op = item[method]
                op_pointer = pointer_join(pointer, method)
                if not isinstance(op, dict):
                    diags.warning(f"operation is {_kind(op)}, not a mapping; skipped", op_pointer)
                    del item[method]
                    continue
                _operation_shapes(op, op_pointer, diags)
    components = doc.get("components")
    if isinstance(components, dict):
        for section in list(components):
            if not isinstance(components[section], dict) and not str(section).startswith("x-"):
                diags.warning(
                    f"`components.{section}` is {_kind(components[section])}, not a mapping; "
                    "ignored",
                    pointer_join("/components", section),
                )
                del components[section]
        schemes = components.get("securitySchemes")
        if isinstance(schemes, dict):
            for name in list(schemes):
                if not isinstance(schemes[name], dict):
                    diags.warning(
                        f"security scheme is {_kind(schemes[name])}, not a mapping; dropped",
                        pointer_join("/components/securitySchemes", name),
                    )
                    del schemes[name]


def _operation_shapes(op: dict[str, Any], pointer: str, diags: Diagnostics) -> None:
    _list_of_maps(op, "parameters", pointer, diags)
    body = op.get("requestBody", _MISSING)
    if body is not _MISSING and not isinstance(body, dict):
        diags.warning(
            f"request body is {_kind(body)}, not a mapping; dropped",
            pointer_join(pointer, "requestBody"),
        )
        del op["requestBody"]
    responses = op.get("responses", _MISSING)
    if responses is _MISSING:
        return
    if not isinstance(responses, dict):
        diags.warning(
            f"`responses` is {_kind(responses)}, not a mapping; dropped",
            pointer_join(pointer, "responses"),
        )
        del op["responses"]
        return
    for status in list(responses):
        if not isinstance(responses[status], dict) and not str(status).startswith("x-"):
            diags.warning(
                f"response is {_kind(responses[status])}, not a mapping; dropped",
                pointer_join(pointer, "responses", status),
            )
            del responses[status]


def _list_of_maps(holder: dict[str, Any], key: str, pointer: str, diags: Diagnostics) -> None:
    value = holder.get(key, _MISSING)
    if value is _MISSING or value is None:
        return
    where = pointer_join(pointer, key)
    if not isinstance(value, list):
        diags.warning(f"`{key}` is {_kind(value)}, not a list; ignored", where)
        del holder[key]
        return
    for index in reversed(range(len(value))):
        if not isinstance(value[index], dict):
            diags.warning(
                f"parameter is {_kind(value[index])}, not a mapping; dropped",
                pointer_join(where, index),
            )
            del value[index]


def _kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "a " + type(value).__name__


# --- references --------------------------------------------------------------------------------


def lookup(doc: Any, ref: str) -> Any:
    """The node a local `$ref` names (RFC 6901), or `_MISSING`."""
    node = doc
    if ref in ("#", "#/"):
        return node
    for raw in ref[1:].split("/")[1:]:
        part = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return _MISSING
    return node


def _refs(doc: dict[str, Any], diags: Diagnostics) -> bool:
    """Find dangling local refs and unresolvable mapping entries; degrade each.

    True when an entry was dropped (so another ref may dangle now)."""
    # (container, key, pointer, in_schema) for every dict holding a `$ref` that points to nothing
    broken: list[tuple[Any, Any, str, bool]] = []
    seen: set[int] = set()
    stack: list[tuple[Any, Any, Any, str, bool]] = [(None, None, doc, "", False)]
    while stack:
        parent, key, node, pointer, in_schema = stack.pop()
        if isinstance(node, list):
            if id(node) in seen:
                continue
            seen.add(id(node))
            for index in reversed(range(len(node))):
                stack.append((node, index, node[index], pointer_join(pointer, index), in_schema))
            continue
        if not isinstance(node, dict) or id(node) in seen:
            continue
        seen.add(id(node))
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#"):
            section = _non_schema_section(ref) if in_schema else None
            if section is not None and lookup(doc, ref) is not _MISSING:
                diags.warning(
                    f"`$ref` {ref!r} names an entry of components/{section} where a schema is "
                    "expected; the schema is typed as any JSON value",
                    pointer,
                    f"refer to a schema (#/components/schemas/...), or to {ref}/schema",
                )
                node.clear()
                continue
            if lookup(doc, ref) is _MISSING:
                fixed = _percent_decoded(doc, ref)
                if fixed is None:
                    broken.append((parent, key, pointer, in_schema))
                    continue
                node["$ref"] = fixed
                diags.note(f"`$ref` {ref!r} is percent-encoded; read as {fixed!r}", pointer)
        mapping = node.get("mapping")
        if isinstance(node.get("propertyName"), str) and isinstance(mapping, dict):
            _mapping(doc, mapping, pointer_join(pointer, "mapping"), diags)
        for child_key in reversed(list(node)):
            name = str(child_key)
            child = node[child_key]
            child_pointer = pointer_join(pointer, child_key)
            if name in ("example", "examples") or name.startswith("x-") or name == "$ref":
                if name == "examples" and isinstance(child, dict):
                    _example_refs(doc, child, child_pointer, diags)
                continue
            if in_schema:
                if name in _SCHEMA_DATA or name == "mapping":
                    continue
                if name in _SCHEMA_GROUPS:
                    _push_group(stack, child, child_pointer)
                    continue
                child_in_schema = name in _SCHEMA_SINGLE  # not `discriminator`, `xml`, ...
            else:
                if pointer == "/components" and name == "schemas":
                    _push_group(stack, child, child_pointer)
                    continue
                child_in_schema = name in ("schema", "itemSchema")
            stack.append((node, child_key, child, child_pointer, child_in_schema))
    for parent, key, pointer, in_schema in broken:
        container = parent if parent is not None else {}
        ref = container[key]["$ref"] if _has(container, key) else "?"
        if in_schema:
            diags.warning(
                f"`$ref` {ref!r} points to nothing; the schema is typed as any JSON value",
                pointer,
            )
            container[key].clear()
        else:
            diags.warning(f"`$ref` {ref!r} points to nothing; this entry is dropped", pointer)
    # Drop non-schema entries last, list items from the end, so earlier indexes stay valid.
    drops = [(p, k) for p, k, _, s in broken if not s and p is not None]
    for parent, key in sorted(drops, key=lambda pk: -pk[1] if isinstance(pk[1], int) else 0):
        if _has(parent, key):
            del parent[key]
    return bool(drops)


# Component sections that hold no schema: a `$ref` to one of their entries in a schema position
# (`{$ref: '#/components/parameters/Limit'}` as a property) is a broken piece.
_NOT_SCHEMAS = frozenset(
    {"parameters", "responses", "requestBodies", "headers", "examples", "links", "callbacks",
     "securitySchemes", "pathItems"}
)  # fmt: skip


def _non_schema_section(ref: str) -> str | None:
    parts = ref.split("/")
    if len(parts) == 4 and parts[1] == "components" and parts[2] in _NOT_SCHEMAS:
        return parts[2]
    return None


def _push_group(stack: list[tuple[Any, Any, Any, str, bool]], group: Any, pointer: str) -> None:
    """Push the members of a list or map of schemas, each in a schema position."""
    if isinstance(group, list):
        for index in reversed(range(len(group))):
            stack.append((group, index, group[index], pointer_join(pointer, index), True))
    elif isinstance(group, dict):
        for name in reversed(list(group)):
            stack.append((group, name, group[name], pointer_join(pointer, name), True))


def _has(container: Any, key: Any) -> bool:
    if isinstance(container, list):
        return isinstance(key, int) and key < len(container)
    return isinstance(container, dict) and key in container


def _percent_decoded(doc: dict[str, Any], ref: str) -> str | None:
    """A `#...` ref is a URI fragment: `%20` is a space. The decoded ref, if that resolves."""
    if "%" not in ref:
        return None
    decoded = urllib.parse.unquote(ref)
    return decoded if lookup(doc, decoded) is not _MISSING else None


def _example_refs(doc: dict[str, Any], examples: dict[str, Any], pointer: str,
                  diags: Diagnostics) -> None:  # fmt: skip
    for name in list(examples):
        item = examples[name]
        ref = item.get("$ref") if isinstance(item, dict) else None
        if isinstance(ref, str) and ref.startswith("#") and lookup(doc, ref) is _MISSING:
            diags.warning(
                f"`$ref` {ref!r} points to nothing; this example is dropped",
                pointer_join(pointer, name),
            )
            del examples[name]


def _mapping(doc: dict[str, Any], mapping: dict[str, Any], pointer: str,
             diags: Diagnostics) -> None:  # fmt: skip
    schemas = (doc.get("components") or {}).get("schemas")
    names = schemas if isinstance(schemas, dict) else {}
    for value in list(mapping):
        target = mapping[value]
        if isinstance(target, str) and target.startswith("#"):
            exists = lookup(doc, target) is not _MISSING
            if not exists and _percent_decoded(doc, target):
                mapping[value] = _percent_decoded(doc, target)
                exists = True
        elif isinstance(target, str) and "/" not in target and ":" not in target:
            exists = target in names  # a bare schema name (OpenAPI allows it)
        else:
            exists = isinstance(target, str)  # another document: refused where refs are read
        if not exists:
            diags.warning(
                f"discriminator mapping entry {value!r} names nothing ({target!r}); dropped",
                pointer_join(pointer, value),
            )
            del mapping[value]


# --- operations --------------------------------------------------------------------------------


def per_operation(step: Step) -> Step:
    """`step`, except that an error inside one operation skips that operation with a warning."""

    def guarded(doc: dict[str, Any], diags: Diagnostics) -> None:
        scratch = Diagnostics(file=diags.file, positions=diags.positions)
        step(doc, scratch)
        skipped: dict[tuple[str, str, str], str] = {}
        for item in scratch.items:
            where = _operation_of(doc, item.pointer) if item.level is Level.ERROR else None
            if where is None:
                _copy(diags, item)
            elif where not in skipped:
                skipped[where] = item.message
                what = "the operation is" if where[2] else "the operations of this path are"
                _copy(diags, Diagnostic(Level.WARNING, f"{item.message}; {what} skipped",
                                        item.file, item.pointer, item.line, item.column,
                                        item.hint))  # fmt: skip
        for section, path, method in sorted(skipped, key=lambda where: where[2] == ""):
            items = doc[section]
            if method and isinstance(items.get(path), dict):
                items[path].pop(method, None)
            elif not method:
                items.pop(path, None)  # a path-level piece: every operation of the path

    guarded.__name__ = getattr(step, "__name__", "step")
    guarded.__qualname__ = guarded.__name__
    return guarded


def _operation_of(doc: dict[str, Any], pointer: str) -> tuple[str, str, str] | None:
    """(section, path, method) of the operation `pointer` lies in; method "" for path level."""
    parts = pointer.split("/")
    if len(parts) < 3 or parts[0] != "" or parts[1] not in ("paths", "webhooks"):
        return None
    section = parts[1]
    path = parts[2].replace("~1", "/").replace("~0", "~")
    items = doc.get(section)
    if not isinstance(items, dict) or not isinstance(items.get(path), dict):
        return None
    if len(parts) >= 4 and parts[3] in _HTTP_METHODS and isinstance(items[path].get(parts[3]),
                                                                    dict):  # fmt: skip
        return section, path, parts[3]
    return section, path, ""


def _copy(diags: Diagnostics, item: Diagnostic) -> None:
    adder = {Level.ERROR: diags.error, Level.WARNING: diags.warning}.get(item.level)
    if adder is None:
        diags.note(item.message, item.pointer)
    else:
        adder(item.message, item.pointer, item.hint)


def require_operations(api: ir.Api, doc: dict[str, Any], diags: Diagnostics) -> None:
    """Refuse an API that keeps no operation once the IR is built: never a silent empty SDK.

    A 3.1 spec whose only operations are `webhooks` is not refused (it documents payloads)."""
    if diags.has_errors or any(r.operations for r in api.resources):
        return
    hooks = doc.get("webhooks")
    for item in hooks.values() if isinstance(hooks, dict) else ():
        if isinstance(item, dict) and any(isinstance(item.get(m), dict) for m in _HTTP_METHODS):
            return
    skipped = any(d.level is Level.WARNING and "skipped" in d.message for d in diags.items)
    diags.error(
        "no operation is left after skipping the broken ones" if skipped
        else "the spec declares no operation; an SDK without operations would be empty",
        "/paths" if isinstance(doc.get("paths"), dict) else "",
        "add at least one operation (e.g. `get` under a path)",
    )  # fmt: skip
