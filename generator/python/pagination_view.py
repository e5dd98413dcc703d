"""What the Python templates show of a paginated operation (generator/pagination.py)."""

from __future__ import annotations

from dataclasses import dataclass

from ..pagination import Pagination
from .escape import py_str
from .types import Annotations

# The package's exports of the page runtime (`from <package> import SyncPage`).
PAGE_EXPORTS = ("AsyncPage", "AsyncPaginator", "PaginationError", "SyncPage")


@dataclass
class PageView:
    """A list method that returns `SyncPage[item]` / `AsyncPaginator[item]`."""

    item: str  # annotation of one item
    info: str  # the `PageInfo(...)` expression of the operation
    scheme: str  # the scheme's name, for docs
    param: str  # wire name of the query parameter that selects a page ("" for URLs)


def _path(path: tuple[str, ...]) -> str:
    return "(" + "".join(py_str(p) + ", " for p in path).rstrip(" ") + ")"


def page_view(pagination: Pagination | None, ann: Annotations) -> PageView | None:
    """The page view of a method, None when it returns one page."""
    if pagination is None:
        return None
    p = pagination
    args = [py_str(p.scheme)]
    if p.items:
        args.append(f"items={_path(p.items)}")
    if p.param:
        args.append(f"param={py_str(p.param)}")
    for key, value in (("next", p.next), ("has_more", p.has_more), ("total", p.total),
                       ("total_pages", p.total_pages)):  # fmt: skip
        if value:
            args.append(f"{key}={_path(value)}")
    if p.item_cursor:
        args.append(f"item_cursor={py_str(p.item_cursor)}")
    if p.scheme == "page" and p.start != 1:
        args.append(f"start={p.start}")
    return PageView(
        item=ann.result(p.item_type),
        info="PageInfo(" + ", ".join(args) + ")",
        scheme=p.scheme,
        param=p.param,
    )
