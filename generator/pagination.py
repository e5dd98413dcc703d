"""Pagination: how a list operation asks for its next page, decided once for every target.

A scheme is recognised only from a request parameter and a response field (or header) that
belong together, never from one of them alone (a `limit` parameter is not pagination):

- `cursor`: a response field `next_<x>` (or `cursor`, `next_token`) gives the value of the
  query parameter `<x>` (`next_cursor` → `cursor`, `next_page_token` → `page_token`,
  `meta.next_page` → `page`); a boolean `has_more` field, when present, ends the walk too.
- `cursor_id`: a boolean `has_more` field plus a `starting_after` / `after` parameter: the id of
  the page's last item is the next cursor.
- `next_url`: a `next` (`next_url`, `links.next`, ...) string field plus a paging parameter.
- `link`: the `Link` response header's rel="next", for a response that declares a `Link`
  header, or an array response with a `page` / `per_page` parameter.
- `offset`: `offset` (or `skip`) plus a page-size parameter; the next offset is the current one
  plus the items received; ends on an empty page or at a `total` field.
- `page`: `page` plus a page-size parameter (or a `total_pages` field); ends on an empty page
  or at `total_pages`.

`x-speakeasy-pagination`, `x-fern-pagination` and the config (`overrides.pagination`) win over
detection. Only query parameters select pages (a cursor sent in a request body is not paged).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import Any, Literal

from . import ir
from .graph import resolve_alias

Scheme = Literal["cursor", "cursor_id", "offset", "page", "next_url", "link"]
SCHEMES: tuple[Scheme, ...] = ("cursor", "cursor_id", "offset", "page", "next_url", "link")
CONFIG_KEYS = ("scheme", "param", "items", "next", "has_more", "total", "total_pages",
               "item_cursor", "start")  # fmt: skip
LINK_HINT = "link-header"
SPEAKEASY = "x-speakeasy-pagination"
FERN = "x-fern-pagination"

_HAS_MORE = frozenset({"has_more", "has_next", "has_next_page", "more"})
_SIZE = frozenset({"limit", "per_page", "page_size", "size", "count", "max_results", "top",
                   "take", "max_items", "pagesize", "max"})  # fmt: skip
_PAGE = frozenset({"page", "page_number", "page_num", "page_no"})
_OFFSET = frozenset({"offset", "skip", "start"})
_CURSOR_ID = ("starting_after", "after")
_SAME_NAME = frozenset({"cursor", "next_token", "page_token", "continuation_token", "marker"})
_NEXT_URL = frozenset({"next", "next_url", "next_link", "next_page_url", "next_page", "next_href"})
_TOTAL = frozenset({"total", "total_count", "total_results", "total_items", "total_entries"})
_TOTAL_PAGES = frozenset({"total_pages", "page_count", "num_pages", "last_page", "pages"})
_ITEM_NAMES = ("data", "items", "results", "entries", "records", "values", "elements")
_MAX_DEPTH = 3


@dataclass(frozen=True)
class Pagination:
    """How one operation pages; paths are tuples of wire names inside the response body."""

    scheme: Scheme
    items: tuple[str, ...]  # where the page's items are; () = the body is the array
    item_type: ir.TypeExpr  # the type of one item
    param: str = ""  # query parameter that selects the page (cursor, offset, page number)
    limit_param: str = ""  # query parameter of the page size, when there is one
    next: tuple[str, ...] = ()  # the next cursor ("cursor") or next URL ("next_url")
    has_more: tuple[str, ...] = ()  # a boolean field: false on the last page
    total: tuple[str, ...] = ()  # total number of items ("offset")
    total_pages: tuple[str, ...] = ()  # number of pages ("page")
    item_cursor: str = ""  # field of the last item sent as the cursor ("cursor_id")
    start: int = 1  # number of the first page ("page")
    source: str = "detected"  # detected | x-speakeasy-pagination | x-fern-pagination | config


# --- hints the spec carries outside the IR's types -----------------------------------------


def spec_hint(op: dict[str, Any], resolve: Callable[[str], Any]) -> tuple[str, ...]:
    """`(extension name, JSON text)` of a pagination extension of the operation object, else
    `(LINK_HINT,)` when its first 2xx response declares a `Link` header, else ()."""
    for key in (SPEAKEASY, FERN):
        if isinstance(op.get(key), dict):
            return key, json.dumps(op[key], sort_keys=True, default=str)
    responses = op.get("responses")
    if not isinstance(responses, dict):
        return ()
    for status in sorted(str(s) for s in responses):
        if not status.startswith("2"):
            continue
        response = responses.get(status, responses.get(int(status) if status.isdigit() else 0))
        if isinstance(response, dict) and isinstance(response.get("$ref"), str):
            response = resolve(response["$ref"])
        headers = response.get("headers") if isinstance(response, dict) else None
        if isinstance(headers, dict) and any(str(k).lower() == "link" for k in headers):
            return (LINK_HINT,)
        return ()
    return ()


# --- the detector ----------------------------------------------------------------------------


def detect(api: ir.Api, op: ir.Operation) -> Pagination | None:
    """The pagination of `op`, or None when it returns one page."""
    return explain(api, op)[0]


def explain(api: ir.Api, op: ir.Operation) -> tuple[Pagination | None, str]:
    """(pagination, problem): the problem says why a declared pagination (extension or
    config) could not be used; it is "" otherwise."""
    source = op.paging[0] if op.paging else ""
    declared = source in (SPEAKEASY, FERN, "config")
    if op.streaming is not None or op.success is None or op.success.type is None:
        return None, "the operation has no JSON success body" if declared else ""
    ctx = _Context(api, op)
    if declared:
        try:
            raw = json.loads(op.paging[1])
        except (IndexError, ValueError):
            return None, "unreadable pagination hint"
        if source == "config" and raw is None:
            return None, ""  # `pagination: {op: none}` turns detection off
        found = {SPEAKEASY: _speakeasy, FERN: _fern, "config": _config}[source](ctx, raw)
        if isinstance(found, Pagination):
            return replace(found, source=source), ""
        if source == "config":
            return None, found
    return _detected(ctx), ""


class _Context:
    """The parameters and response fields of one operation, by normalised name."""

    def __init__(self, api: ir.Api, op: ir.Operation) -> None:
        self.op = op
        self.schemas = {s.name: s for s in api.schemas}
        self.params = {_norm(p.name): p for p in op.params if p.location == "query"}
        assert op.success is not None and op.success.type is not None
        self.body = op.success.type
        self.root = resolve_alias(self.body, self.schemas)
        self.fields = list(_walk_fields(self.root, self.schemas, (), 0, set()))
        self.items = _items(self.root, self.schemas)

    def param(self, names: frozenset[str] | tuple[str, ...]) -> str:
        """Wire name of the first query parameter with one of `names`, else ""."""
        for name in names if isinstance(names, tuple) else sorted(names):
            if name in self.params:
                return self.params[name].name
        return ""

    def field(
        self, names: frozenset[str], kinds: tuple[str, ...], depth: int = 1
    ) -> tuple[str, ...]:
        """Path of the shallowest response field named one of `names` whose type is a
        primitive of one of `kinds`, at most `depth` levels down; () if none."""
        for path, t in self.fields:
            if len(path) <= depth and _norm(path[-1]) in names and _prim(t, self.schemas) in kinds:
                return path
        return ()

    def type_at(self, path: tuple[str, ...]) -> ir.TypeExpr | None:
        t: ir.TypeExpr | None = self.root
        for name in path:
            fields = _object_fields(t, self.schemas) if t is not None else None
            found = next((f for f in fields or () if f.name == name), None)
            if found is None:
                return None
            t = resolve_alias(found.type, self.schemas)
        return t


def _detected(ctx: _Context) -> Pagination | None:
    if ctx.items is None:
        return None
    items, item_type = ctx.items
    size = ctx.param(_SIZE)
    has_more = ctx.field(_HAS_MORE, ("boolean",))
    base = Pagination("cursor", items, item_type, limit_param=size, has_more=has_more)
    # A next cursor in the body names the parameter it is sent as.
    for path, t in ctx.fields:
        name = _norm(path[-1])
        if _prim(t, ctx.schemas) not in ("string", "integer"):
            continue
        target = name[5:] if name.startswith("next_") else name if name in _SAME_NAME else ""
        if target and target in ctx.params and target not in _SIZE:
            return replace(base, param=ctx.params[target].name, next=path)
    after = ctx.param(_CURSOR_ID)
    if after and has_more and _has_id(item_type, ctx.schemas):
        return replace(base, scheme="cursor_id", param=after, item_cursor="id")
    paging = size or ctx.param(_PAGE | _OFFSET | _SAME_NAME | frozenset(_CURSOR_ID))
    next_url = ctx.field(_NEXT_URL, ("string",), depth=2)
    if next_url and paging:
        return replace(base, scheme="next_url", next=next_url)
    page = ctx.param(_PAGE)
    array_body = not items
    if (ctx.op.paging == (LINK_HINT,) and paging) or (
        array_body and (page or ctx.param(frozenset({"per_page"})))
    ):
        return replace(base, scheme="link")
    total = ctx.field(_TOTAL, ("integer",), depth=2)
    offset = ctx.param(_OFFSET)
    if offset and size:
        return replace(base, scheme="offset", param=offset, total=total)
    total_pages = ctx.field(_TOTAL_PAGES, ("integer",), depth=2)
    if page and (size or total_pages):
        start = ctx.params[_norm(page)].default
        first = start if isinstance(start, int) and not isinstance(start, bool) else 1
        return replace(base, scheme="page", param=page, total_pages=total_pages, start=first)
    return None


# --- declared pagination -----------------------------------------------------------------------


def _json_path(value: Any) -> tuple[str, ...] | None:
    """`$response.a.b`, `$.a.b`, `a.b` → ("a", "b"); `$` → (); None when not a path."""
    if not isinstance(value, str):
        return None
    text = re.sub(r"^\$(response|request)?(\.body)?", "", value.strip()).lstrip(".")
    text = re.sub(r"\[['\"]([^'\"]+)['\"]\]", r".\1", text).strip(".")
    return tuple(p for p in text.split(".") if p) if text else ()


def _request_param(ctx: _Context, value: Any) -> str:
    path = _json_path(value)
    if not path:
        return ""
    param = ctx.params.get(_norm(path[-1]))
    return param.name if param is not None else ""


def _with_items(
    ctx: _Context, path: tuple[str, ...] | None
) -> tuple[tuple[str, ...], ir.TypeExpr] | str:
    if path is None:
        if ctx.items is None:
            return "the success body has no array of items; name it with `items`"
        return ctx.items
    t = ctx.type_at(path)
    if isinstance(t, ir.ArrayOf):
        return path, t.items
    return f"`items`: the success body has no array at {'.'.join(path) or '(the body)'}"


def _speakeasy(ctx: _Context, raw: Any) -> Pagination | str:
    if not isinstance(raw, dict):
        return "not a mapping"
    outputs: dict[str, Any] = raw["outputs"] if isinstance(raw.get("outputs"), dict) else {}
    inputs = [i for i in raw.get("inputs") or [] if isinstance(i, dict)]
    results = outputs.get("results")
    items = _with_items(ctx, _json_path(results) if results is not None else None)
    if isinstance(items, str):
        return items
    by_type = {str(i.get("type")): str(i.get("name") or "") for i in inputs}
    kind = raw.get("type")
    base = Pagination("cursor", items[0], items[1], limit_param=by_type.get("limit", ""))
    if kind == "url":
        return replace(
            base, scheme="next_url", next=_json_path(outputs.get("nextUrl")) or ("next",)
        )
    if kind == "cursor" and by_type.get("cursor"):
        nxt = str(outputs.get("nextCursor") or "")
        last = re.fullmatch(r".*\[-1\]\.([A-Za-z0-9_]+)", nxt)
        if last:
            return replace(base, scheme="cursor_id", param=by_type["cursor"], item_cursor=last[1])
        return replace(base, param=by_type["cursor"], next=_json_path(nxt) or ())
    if kind == "offsetLimit" and (by_type.get("offset") or by_type.get("page")):
        pages = _json_path(outputs.get("numPages")) or ()
        if by_type.get("page"):
            return replace(base, scheme="page", param=by_type["page"], total_pages=pages)
        return replace(base, scheme="offset", param=by_type["offset"])
    return f"unsupported type {kind!r}"


def _fern(ctx: _Context, raw: Any) -> Pagination | str:
    if not isinstance(raw, dict):
        return "not a mapping"
    items = _with_items(ctx, _json_path(raw.get("results")) if "results" in raw else None)
    if isinstance(items, str):
        return items
    base = Pagination("cursor", items[0], items[1],
                      has_more=_json_path(raw.get("has-next-page")) or ())  # fmt: skip
    if "cursor" in raw and _request_param(ctx, raw["cursor"]):
        return replace(base, param=_request_param(ctx, raw["cursor"]),
                       next=_json_path(raw.get("next_cursor")) or ())  # fmt: skip
    if "offset" in raw and _request_param(ctx, raw["offset"]):
        param = _request_param(ctx, raw["offset"])
        if "step" in raw:
            return replace(
                base, scheme="offset", param=param, limit_param=_request_param(ctx, raw["step"])
            )
        return replace(base, scheme="page", param=param)
    for key in ("next_uri", "next_path", "next"):
        if key in raw:
            return replace(base, scheme="next_url", next=_json_path(raw[key]) or ())
    return "no `cursor`, `offset` or `next_uri` naming a query parameter"


def _config(ctx: _Context, raw: Any) -> Pagination | str:
    if not isinstance(raw, dict):
        return "expected a mapping"
    scheme = raw.get("scheme")
    if scheme not in SCHEMES:
        return f"`scheme` must be one of {', '.join(SCHEMES)}"
    items = _with_items(ctx, _json_path(raw["items"]) if "items" in raw else None)
    if isinstance(items, str):
        return items
    param = str(raw.get("param") or "")
    if scheme in ("cursor", "cursor_id", "offset", "page"):
        if not param:
            return f"scheme {scheme!r} needs `param`, the query parameter that selects a page"
        if _norm(param) not in ctx.params:
            return f"`param`: the operation has no query parameter {param!r}"
        param = ctx.params[_norm(param)].name
    nxt = _json_path(raw.get("next")) or ()
    if scheme in ("cursor", "next_url") and not nxt:
        return f"scheme {scheme!r} needs `next`, the response field of the next cursor or URL"
    start = raw.get("start", 1)
    return Pagination(
        scheme, items[0], items[1], param=param, limit_param=ctx.param(_SIZE), next=nxt,
        has_more=_json_path(raw.get("has_more")) or (), total=_json_path(raw.get("total")) or (),
        total_pages=_json_path(raw.get("total_pages")) or (),
        item_cursor=str(raw.get("item_cursor") or ("id" if scheme == "cursor_id" else "")),
        start=start if isinstance(start, int) else 1,
    )  # fmt: skip


# --- types ------------------------------------------------------------------------------------


def _norm(name: str) -> str:
    """`pageToken`, `page-token`, `PAGE_TOKEN` → `page_token`."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).replace("-", "_").lower()


def _object_fields(t: ir.TypeExpr, schemas: dict[str, ir.Schema]) -> tuple[ir.Field, ...] | None:
    t = resolve_alias(t, schemas)
    if isinstance(t, ir.Ref):
        model = schemas.get(t.name)
        if isinstance(model, ir.ObjectModel):
            return model.fields
    return None


def _walk_fields(
    t: ir.TypeExpr, schemas: dict[str, ir.Schema], path: tuple[str, ...], depth: int,
    seen: set[str],
) -> Iterator[tuple[tuple[str, ...], ir.TypeExpr]]:  # fmt: skip
    """Every (path, type) of the object fields of `t`, breadth first, `_MAX_DEPTH` deep."""
    level: list[tuple[tuple[str, ...], ir.TypeExpr]] = [(path, t)]
    for _ in range(_MAX_DEPTH):
        below: list[tuple[tuple[str, ...], ir.TypeExpr]] = []
        for prefix, parent in level:
            key = parent.name if isinstance(parent, ir.Ref) else ""
            if key in seen:
                continue
            if key:
                seen.add(key)
            for f in _object_fields(parent, schemas) or ():
                yield (*prefix, f.name), f.type
                below.append(((*prefix, f.name), resolve_alias(f.type, schemas)))
        level = below


def _prim(t: ir.TypeExpr, schemas: dict[str, ir.Schema]) -> str:
    t = resolve_alias(t, schemas)
    return t.kind if isinstance(t, ir.Prim) else ""


def _items(
    t: ir.TypeExpr, schemas: dict[str, ir.Schema]
) -> tuple[tuple[str, ...], ir.TypeExpr] | None:
    """Where the items are: the body itself when it is an array, else its one array property
    (or, among several, the one called `data`, `items`, `results`, ...)."""
    if isinstance(t, ir.ArrayOf):
        return (), t.items
    arrays = [
        f
        for f in _object_fields(t, schemas) or ()
        if isinstance(resolve_alias(f.type, schemas), ir.ArrayOf)
    ]
    if len(arrays) > 1:
        arrays = [f for f in arrays if _norm(f.name) in _ITEM_NAMES][:1]
    if len(arrays) != 1:
        return None
    array = resolve_alias(arrays[0].type, schemas)
    assert isinstance(array, ir.ArrayOf)
    return (arrays[0].name,), array.items


def _has_id(t: ir.TypeExpr, schemas: dict[str, ir.Schema]) -> bool:
    """True when every item is an object with an `id` field (a union: every variant)."""
    t = resolve_alias(t, schemas)
    variants: tuple[ir.TypeExpr, ...] = (t,)
    if isinstance(t, ir.Ref) and isinstance(schemas.get(t.name), ir.UnionModel):
        union = schemas[t.name]
        assert isinstance(union, ir.UnionModel)
        variants = union.union.variants
    elif isinstance(t, ir.UnionOf):
        variants = t.variants
    return all(
        any(f.name == "id" for f in _object_fields(v, schemas) or ()) for v in variants
    ) and bool(variants)


def counts(api: ir.Api) -> dict[str, int]:
    """How many operations of `api` page with each scheme (for reports)."""
    out: dict[str, int] = {}
    for resource in api.resources:
        for op in resource.operations:
            found = detect(api, op)
            if found is not None:
                out[found.scheme] = out.get(found.scheme, 0) + 1
    return dict(sorted(out.items()))
