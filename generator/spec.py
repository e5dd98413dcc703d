"""The raw OpenAPI document's shape: the HTTP methods of a path item, every operation and every
schema object with its JSON pointer. Used by normalize/, the merger and the IR builder alike."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .diagnostics import pointer_join

# The operation keys of a path item (OpenAPI 3.x), in the order operations are read.
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_SCHEMA_LISTS = ("allOf", "oneOf", "anyOf", "prefixItems")
_SCHEMA_SINGLES = ("items", "not", "additionalProperties", "contains", "if", "then", "else")
_SCHEMA_MAPS = ("properties", "patternProperties", "$defs", "definitions")


def iter_operations(doc: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """Yield (path, method, operation) for every operation object under `paths`."""
    paths = doc.get("paths")
    if not isinstance(paths, dict):
        return
    for path, item in paths.items():
        if not isinstance(item, dict):
            continue
        for method in HTTP_METHODS:
            op = item.get(method)
            if isinstance(op, dict):
                yield str(path), method, op


def iter_schemas(doc: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Yield (pointer, schema) for every schema object reachable in the document, once each."""
    seen: set[int] = set()
    stack: list[tuple[str, Any]] = list(reversed(list(_roots(doc))))
    while stack:
        pointer, schema = stack.pop()
        if not isinstance(schema, dict) or id(schema) in seen:
            continue
        seen.add(id(schema))
        yield pointer, schema
        children: list[tuple[str, Any]] = []
        for key in _SCHEMA_LISTS:
            value = schema.get(key)
            if isinstance(value, list):
                children.extend((pointer_join(pointer, key, i), v) for i, v in enumerate(value))
        for key in _SCHEMA_SINGLES:
            value = schema.get(key)
            if isinstance(value, dict):
                children.append((pointer_join(pointer, key), value))
            elif key == "items" and isinstance(value, list):  # draft-4 tuple items
                children.extend((pointer_join(pointer, key, i), v) for i, v in enumerate(value))
        for key in _SCHEMA_MAPS:
            value = schema.get(key)
            if isinstance(value, dict):
                children.extend((pointer_join(pointer, key, k), v) for k, v in value.items())
        stack.extend(reversed(children))


def _roots(doc: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    components = doc.get("components")
    if isinstance(components, dict):
        for section in ("schemas",):
            entries = components.get(section)
            if isinstance(entries, dict):
                for name, schema in entries.items():
                    yield pointer_join("/components", section, name), schema
        for section in ("parameters", "headers"):
            entries = components.get(section)
            if isinstance(entries, dict):
                for name, item in entries.items():
                    yield from _param_schemas(pointer_join("/components", section, name), item)
        for section in ("requestBodies", "responses"):
            entries = components.get(section)
            if isinstance(entries, dict):
                for name, item in entries.items():
                    yield from _content_schemas(pointer_join("/components", section, name), item)
    # `webhooks` (3.1) are path items too: their payload schemas are normalized alike.
    for section in ("paths", "webhooks"):
        yield from _path_schemas(section, doc.get(section))


def _path_schemas(section: str, paths: Any) -> Iterator[tuple[str, Any]]:
    if not isinstance(paths, dict):
        return
    for path, item in paths.items():
        if not isinstance(item, dict):
            continue
        base = pointer_join("/" + section, path)
        for i, param in enumerate(item.get("parameters") or []):
            yield from _param_schemas(pointer_join(base, "parameters", i), param)
        for method in HTTP_METHODS:
            op = item.get(method)
            if not isinstance(op, dict):
                continue
            op_ptr = pointer_join(base, method)
            params = op.get("parameters")
            for i, param in enumerate(params if isinstance(params, list) else []):
                yield from _param_schemas(pointer_join(op_ptr, "parameters", i), param)
            yield from _content_schemas(pointer_join(op_ptr, "requestBody"), op.get("requestBody"))
            responses = op.get("responses")
            if isinstance(responses, dict):
                for status, response in responses.items():
                    yield from _content_schemas(pointer_join(op_ptr, "responses", status), response)


def _param_schemas(pointer: str, param: Any) -> Iterator[tuple[str, Any]]:
    if isinstance(param, dict):
        if isinstance(param.get("schema"), dict):
            yield pointer_join(pointer, "schema"), param["schema"]
        yield from _content_schemas(pointer, param)


def _content_schemas(pointer: str, holder: Any) -> Iterator[tuple[str, Any]]:
    if not isinstance(holder, dict):
        return
    content = holder.get("content")
    if isinstance(content, dict):
        for media, body in content.items():
            if isinstance(body, dict):
                for key in ("schema", "itemSchema"):
                    if isinstance(body.get(key), dict):
                        yield pointer_join(pointer, "content", media, key), body[key]
    headers = holder.get("headers")
    if isinstance(headers, dict):
        for name, header in headers.items():
            yield from _param_schemas(pointer_join(pointer, "headers", name), header)
