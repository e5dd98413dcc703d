"""Fern's enum items: `{type: stringLiteral, value: x}` and `{value: x}` become `x`.

Both are legal JSON Schema (an enum may list objects), but beside `type: string` nothing can
match them, so every generator fed them raw builds enums that reject every valid value.
"""

from __future__ import annotations

from typing import Any

from ..diagnostics import Diagnostics, pointer_join
from .walk import iter_schemas


def apply(doc: dict[str, Any], diags: Diagnostics) -> None:
    """Unwrap object-shaped enum items on string/number schemas."""
    for pointer, schema in iter_schemas(doc):
        items = schema.get("enum")
        if not isinstance(items, list) or not items:
            continue
        if not all(_is_wrapped(item) for item in items):
            continue
        if schema.get("type") == "object":
            continue  # an object enum really lists objects
        schema["enum"] = [item["value"] for item in items]
        shown = ", ".join(repr(v) for v in schema["enum"][:5])
        diags.quirk(
            f"enum items written as objects ({{value: ...}}); read as the values {shown}",
            pointer_join(pointer, "enum"),
        )
    _const_items(doc)


def _is_wrapped(item: Any) -> bool:
    if not isinstance(item, dict) or "value" not in item:
        return False
    extra = set(item) - {"value", "type", "name", "description", "casing"}
    return not extra and not isinstance(item["value"], (dict, list))


def _const_items(doc: dict[str, Any]) -> None:
    """A `const` is a one-item enum from here on: one representation for both."""
    for _pointer, schema in iter_schemas(doc):
        if "const" in schema and "enum" not in schema:
            schema["enum"] = [schema["const"]]
