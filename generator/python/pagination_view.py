"""What the Python templates show of a paginated operation (generator/pagination.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..markdown import md_cell
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
    plan: Pagination  # the target-neutral facts


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
        plan=p,
    )


def _md(path: tuple[str, ...] | str) -> str:
    """A wire name or path for Markdown prose: a code span when it is plain, else escaped."""
    text = ".".join(path) if isinstance(path, tuple) else path
    return f"`{text}`" if re.fullmatch(r"[A-Za-z0-9_.\-]{1,80}", text) else md_cell(text, 80)


def describe(p: Pagination) -> str:
    """One Markdown sentence: how the SDK asks for the next page of this operation."""
    ends = f"; {_md(p.has_more)} false ends the walk" if p.has_more else ""
    if p.scheme == "cursor":
        return (f"Pages by cursor: the response's {_md(p.next)} is sent as the query parameter "
                f"{_md(p.param)} to get the next page{ends}.")  # fmt: skip
    if p.scheme == "cursor_id":
        return (f"Pages by cursor: the {_md(p.item_cursor)} of a page's last item is sent as "
                f"{_md(p.param)} to get the next page{ends}.")  # fmt: skip
    if p.scheme == "offset":
        total = f" or reaching {_md(p.total)}" if p.total else ""
        return (f"Pages by offset: {_md(p.param)} advances by the number of items received; an "
                f"empty page{total} ends the walk.")  # fmt: skip
    if p.scheme == "page":
        last = f" or reaching {_md(p.total_pages)}" if p.total_pages else ""
        return (f"Pages by number: {_md(p.param)} counts up from {p.start}; an empty "
                f"page{last} ends the walk.")  # fmt: skip
    where = f"the response's {_md(p.next)}" if p.scheme == "next_url" else (
        'the `Link` response header (`rel="next"`)')  # fmt: skip
    return (f"Pages by URL: the next page is the URL in {where}, followed only when it lies "
            "under the client's base URL.")  # fmt: skip
