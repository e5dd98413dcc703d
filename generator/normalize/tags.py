"""Nested tag lists (`tags: [[subpackage_x]]`) are flattened to `tags: [subpackage_x]`."""

from __future__ import annotations

from typing import Any

from ..diagnostics import Diagnostics, pointer_join
from ..spec import iter_operations


def apply(doc: dict[str, Any], diags: Diagnostics) -> None:
    """Flatten nested tag lists and drop tags that are not strings."""
    for path, method, op in iter_operations(doc):
        if "tags" not in op:
            continue
        pointer = pointer_join("/paths", path, method, "tags")
        tags = op["tags"]
        if not isinstance(tags, list):
            diags.warning("`tags` is not a list; ignored", pointer)
            op["tags"] = []
            continue
        flat = list(_flatten(tags))
        if flat != tags:
            diags.quirk(f"nested tag list flattened to {flat!r}", pointer)
            op["tags"] = flat


def _flatten(tags: list[Any]) -> Any:
    for tag in tags:
        if isinstance(tag, list):
            yield from _flatten(tag)
        elif isinstance(tag, str):
            yield tag
