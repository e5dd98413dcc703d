"""Nested tag lists (`tags: [[subpackage_x]]`) are flattened to `tags: [subpackage_x]`."""

from __future__ import annotations

from typing import Any

from ..diagnostics import Diagnostics, pointer_join
from .walk import _HTTP_METHODS


def apply(doc: dict[str, Any], diags: Diagnostics) -> None:
    """Flatten nested tag lists and drop tags that are not strings."""
    paths = doc.get("paths")
    if not isinstance(paths, dict):
        return
    for path, item in paths.items():
        if not isinstance(item, dict):
            continue
        for method in _HTTP_METHODS:
            op = item.get(method)
            if not isinstance(op, dict) or "tags" not in op:
                continue
            pointer = pointer_join("/paths", path, method, "tags")
            tags = op["tags"]
            if not isinstance(tags, list):
                diags.warning("`tags` is not a list; ignored", pointer)
                op["tags"] = []
                continue
            flat = list(_flatten(tags))
            if flat != tags:
                diags.warning(f"nested tag list flattened to {flat!r}", pointer)
                op["tags"] = flat


def _flatten(tags: list[Any]) -> Any:
    for tag in tags:
        if isinstance(tag, list):
            yield from _flatten(tag)
        elif isinstance(tag, str):
            yield tag
