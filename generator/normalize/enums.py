"""Fern's enum items: `{type: stringLiteral, value: x}` and `{value: x, docs: ...}` become `x`.

Both are legal JSON Schema (an enum may list objects), but beside `type: string` nothing can
match them, so every generator fed them raw builds enums that reject every valid value.
"""

from __future__ import annotations

from typing import Any

from ..diagnostics import Diagnostics, pointer_join
from ..spec import iter_schemas


def apply(doc: dict[str, Any], diags: Diagnostics) -> None:
    """Unwrap object-shaped enum items on string/number schemas."""
    for pointer, schema in iter_schemas(doc):
        items = schema.get("enum")
        if not isinstance(items, list) or not items:
            continue
        kind = schema.get("type")
        if kind == "object":
            continue  # an object enum really lists objects
        if not all(_is_wrapped(item, kind in _SCALAR_TYPES) for item in items):
            continue
        schema["enum"] = [item["value"] for item in items]
        shown = ", ".join(repr(v) for v in schema["enum"][:5])
        diags.quirk(
            f"enum items written as objects ({{value: ...}}); read as the values {shown}",
            pointer_join(pointer, "enum"),
        )
    _const_items(doc)


_SCALAR_TYPES = ("string", "integer", "number", "boolean")
# Keys Fern and similar exports put beside `value` (documentation, display names, casing).
_ITEM_KEYS = frozenset(
    {"value", "type", "name", "description", "casing", "docs", "documentation", "displayName",
     "display-name", "availability", "deprecated", "summary", "title"}
)  # fmt: skip


def _is_wrapped(item: Any, scalar_schema: bool) -> bool:
    """`{value: x, ...}`: beside a scalar `type` any other keys are documentation (an object
    cannot be a string); without a type, only the keys such exports are known to write."""
    if not isinstance(item, dict) or "value" not in item:
        return False
    if isinstance(item["value"], (dict, list)):
        return False
    return scalar_schema or set(item) <= _ITEM_KEYS


def _const_items(doc: dict[str, Any]) -> None:
    """A `const` is a one-item enum from here on: one representation for both."""
    for _pointer, schema in iter_schemas(doc):
        if "const" in schema and "enum" not in schema:
            schema["enum"] = [schema["const"]]
