"""A small JSON Schema validator for docs/output.schema.json (jsonschema is not a dependency).

It knows the keywords that schema uses: type, enum, const, required, properties,
additionalProperties (false), items, minimum, $ref (local), allOf and if/then. A keyword it
does not know is an error, so the schema cannot silently outgrow the check.
"""

from __future__ import annotations

from typing import Any

KNOWN = {
    "$schema", "$id", "$defs", "title", "description", "type", "enum", "const", "required",
    "properties", "additionalProperties", "items", "minimum", "$ref", "allOf", "if", "then",
}  # fmt: skip
TYPES: dict[str, Any] = {
    "object": dict, "array": list, "string": str, "boolean": bool, "null": type(None),
    "integer": int, "number": (int, float),
}  # fmt: skip


def errors(value: Any, schema: dict[str, Any], root: dict[str, Any], at: str = "") -> list[str]:
    """Every way `value` fails `schema` (empty when it is valid)."""
    unknown = set(schema) - KNOWN
    if unknown:
        return [f"{at}: unsupported keywords {sorted(unknown)}"]
    found: list[str] = []
    if "$ref" in schema:
        target: Any = root
        for part in schema["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        found += errors(value, target, root, at)
    if "type" in schema:
        names = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not any(
            isinstance(value, TYPES[n])
            and not (n in ("integer", "number") and value is True)
            and not (n in ("integer", "number") and value is False)
            for n in names
        ):
            return [*found, f"{at}: {value!r:.60} is not {names}"]
    if "enum" in schema and value not in schema["enum"]:
        found.append(f"{at}: {value!r:.60} not in {schema['enum']}")
    if "const" in schema and value != schema["const"]:
        found.append(f"{at}: {value!r:.60} != {schema['const']!r}")
    if "minimum" in schema and isinstance(value, int | float) and value < schema["minimum"]:
        found.append(f"{at}: {value} < {schema['minimum']}")
    if isinstance(value, dict):
        for key in schema.get("required", []):
            if key not in value:
                found.append(f"{at}: missing {key!r}")
        props = schema.get("properties", {})
        for key, item in value.items():
            if key in props:
                found += errors(item, props[key], root, f"{at}/{key}")
            elif schema.get("additionalProperties") is False:
                found.append(f"{at}: unexpected {key!r}")
    if isinstance(value, list) and "items" in schema:
        for index, item in enumerate(value):
            found += errors(item, schema["items"], root, f"{at}/{index}")
    for sub in schema.get("allOf", []):
        found += errors(value, sub, root, at)
    if "if" in schema and not errors(value, schema["if"], root, at):
        found += errors(value, schema.get("then", {}), root, at)
    return found


def validate(value: Any, schema: dict[str, Any]) -> None:
    """Raise AssertionError listing every violation."""
    problems = errors(value, schema, schema)
    assert not problems, "\n".join(problems[:20])
