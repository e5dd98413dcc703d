"""Three spellings of "may be null" become one: `nullable: true` on the schema.

OpenAPI 3.0 writes `nullable: true`; 3.1 writes `type: [x, 'null']` or a `{type: 'null'}`
branch in `oneOf`/`anyOf`; some specs put `null` into `enum`. These are standard constructs, not
repairs, so they are recorded as notes, not warnings.
"""

from __future__ import annotations

from typing import Any

from ..diagnostics import Diagnostics
from ..spec import iter_schemas

_PER_TYPE_KEYS = {
    "array": ("items", "minItems", "maxItems", "uniqueItems", "prefixItems"),
    "object": ("properties", "required", "additionalProperties", "patternProperties"),
}


def apply(doc: dict[str, Any], diags: Diagnostics) -> None:
    """Rewrite every schema's null spelling into `nullable: true`."""
    for pointer, schema in list(iter_schemas(doc)):
        if schema.pop("x-nullable", False) is True:
            schema["nullable"] = True
        if schema.get("nullable") is False:
            del schema["nullable"]
        types = schema.get("type")
        if isinstance(types, list):
            _type_list(schema, types)
            diags.note("type list rewritten as nullable/oneOf", pointer)
        for key in ("oneOf", "anyOf"):
            variants = schema.get(key)
            if isinstance(variants, list) and any(_is_null(v) for v in variants):
                schema[key] = [v for v in variants if not _is_null(v)]
                schema["nullable"] = True
                diags.note(f"null branch of {key} rewritten as nullable", pointer)
        values = schema.get("enum")
        if isinstance(values, list) and None in values:
            schema["enum"] = [v for v in values if v is not None]
            schema["nullable"] = True
            if not schema["enum"]:
                del schema["enum"]
                schema["type"] = "null"


def _is_null(schema: Any) -> bool:
    if not isinstance(schema, dict):
        return False
    if schema.get("type") == "null" or schema.get("type") == ["null"]:
        return True
    return schema.get("enum") == [None]


def _type_list(schema: dict[str, Any], types: list[Any]) -> None:
    real = [t for t in types if t != "null" and isinstance(t, str)]
    if "null" in types:
        schema["nullable"] = True
    if not real:
        schema["type"] = "null"
        return
    if len(real) == 1:
        schema["type"] = real[0]
        return
    del schema["type"]
    branches = []
    for name in real:
        branch: dict[str, Any] = {"type": name}
        for key in _PER_TYPE_KEYS.get(name, ()):
            if key in schema:
                branch[key] = schema[key]
        branches.append(branch)
    for keys in _PER_TYPE_KEYS.values():
        for key in keys:
            schema.pop(key, None)
    schema["anyOf"] = branches + list(schema.get("anyOf") or [])
