"""Paginated list methods walk every page against a loopback server (issue 22).

One small spec of our own holds a list operation per scheme (generator/pagination.py): a body
cursor (`next_cursor` ↔ `cursor`), the last item's id (`has_more` + `starting_after`),
offset/limit with a total, page/per_page with total_pages, a `next` URL in the body, and the
`Link` header. The generated SDK walks them sync and async: several pages, an empty page, the
last page, a repeated cursor or URL, the max-pages guard, a next URL on another host, and pages
sent through the normal request path (credentials on every page, a retried 503).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import parse_qs

import pytest
from sdk_helpers import Recorded, Reply, Server, serve
from wire_helpers import build

from generator.names import snake

ITEMS = [{"id": f"i{n}", "n": n} for n in range(7)]
SCHEMES = ["cursor", "after", "offset", "page", "next", "link"]


def _q(name: str, kind: str = "string") -> dict[str, Any]:
    return {"name": name, "in": "query", "schema": {"type": kind}}


def _obj(props: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    return {"type": "object", "properties": props, **({"required": required} if required else {})}


def _ok(schema: dict[str, Any], headers: dict[str, Any] | None = None) -> dict[str, Any]:
    response: dict[str, Any] = {"description": "ok",
                                "content": {"application/json": {"schema": schema}}}  # fmt: skip
    if headers:
        response["headers"] = headers
    return {"200": response}


def pages_spec() -> dict[str, Any]:
    """The spec: one list operation per scheme, plus one that only takes a `limit`."""
    item = {"$ref": "#/components/schemas/Item"}
    array = {"type": "array", "items": item}
    nullable = {"type": ["string", "null"]}

    def op(op_id: str, params: list[dict[str, Any]], responses: dict[str, Any]) -> Any:
        # Named by extension: one resource `things` whatever the resource tree makes of the paths.
        name = snake(op_id)
        return {"get": {"operationId": op_id, "x-fern-sdk-group-name": "things",
                        "x-fern-sdk-method-name": name, "parameters": params,
                        "responses": responses}}  # fmt: skip

    paths = {
        "/cursor": op("listCursor", [_q("cursor"), _q("limit", "integer")],
                      _ok(_obj({"data": array, "next_cursor": nullable}, ["data"]))),
        "/after": op("listAfter", [_q("starting_after"), _q("limit", "integer")],
                     _ok(_obj({"data": array, "has_more": {"type": "boolean"}}, ["data"]))),
        "/offset": op("listOffset", [_q("offset", "integer"), _q("limit", "integer")],
                      _ok(_obj({"results": array, "total": {"type": "integer"}}, ["results"]))),
        "/page": op("listPage", [_q("page", "integer"), _q("per_page", "integer")],
                    _ok(_obj({"items": array, "total_pages": {"type": "integer"}}, ["items"]))),
        "/next": op("listNext", [_q("limit", "integer")],
                    _ok(_obj({"items": array, "next": nullable}, ["items"]))),
        "/link": op("listLink", [_q("per_page", "integer"), _q("page", "integer")],
                    _ok(array, {"Link": {"schema": {"type": "string"}}})),
        "/plain": op("listPlain", [_q("limit", "integer")], _ok(_obj({"data": array}))),
    }  # fmt: skip
    return {
        "openapi": "3.1.0",
        "info": {"title": "Pages", "version": "1"},
        "servers": [{"url": "http://127.0.0.1:4010"}],
        "security": [{"token": []}],
        "paths": paths,
        "components": {
            "schemas": {"Item": _obj({"id": {"type": "string"}, "n": {"type": "integer"}},
                                     ["id", "n"])},  # fmt: skip
            "securitySchemes": {"token": {"type": "http", "scheme": "bearer"}},
        },
    }


@pytest.fixture(scope="module")
def pkg(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return build(pages_spec(), tmp_path_factory.mktemp("pages"))


class Api:
    """The loopback server's behaviour, changed by each test."""

    def __init__(self) -> None:
        self.items = list(ITEMS)
        self.repeat = False  # the server sends the same cursor / URL every time
        self.endless = False  # every page announces another one
        self.foreign_next = False  # the next URL points at another host
        self.fail_once: set[str] = set()  # paths that answer 503 once
        self.url = ""


def _handler(api: Api) -> Callable[[Recorded], Reply]:
    def reply(body: object, headers: dict[str, str] | None = None) -> Reply:
        return (
            200,
            {"content-type": "application/json", **(headers or {})},
            json.dumps(body).encode(),
        )

    def handle(rec: Recorded) -> Reply:
        if rec.path in api.fail_once:
            api.fail_once.discard(rec.path)
            return 503, {"content-type": "application/json"}, b"{}"
        q = {k: v[0] for k, v in parse_qs(rec.query).items()}
        size = int(q.get("limit") or q.get("per_page") or 3)
        items = api.items
        if rec.path == "/cursor":
            start = int(q.get("cursor", "c0")[1:])
            chunk = items[start : start + size]
            end = start + size
            more = end < len(items) or api.endless
            nxt = "c3" if api.repeat else (f"c{end}" if more else None)
            return reply({"data": _fill(chunk, start, api), "next_cursor": nxt})
        if rec.path == "/after":
            ids = [i["id"] for i in items]
            start = ids.index(q["starting_after"]) + 1 if "starting_after" in q else 0
            chunk = items[start : start + size]
            more = start + size < len(items)
            return reply({"data": chunk, "has_more": more})
        if rec.path == "/offset":
            start = int(q.get("offset", 0))
            return reply({"results": items[start : start + size], "total": len(items)})
        if rec.path == "/page":
            page = int(q.get("page", 1))
            body: dict[str, Any] = {"items": items[(page - 1) * size : page * size]}
            if "no-total" not in rec.headers.get("x-test", ""):
                body["total_pages"] = -(-len(items) // size)
            return reply(body)
        if rec.path == "/next":
            start = int(q.get("pos", 0))
            end = start + size
            host = "http://example.invalid" if api.foreign_next else api.url
            nxt = f"{host}/next?limit={size}&pos={3 if api.repeat else end}"
            more = end < len(items) or api.endless
            return reply(
                {"items": _fill(items[start:end], start, api), "next": nxt if more else None}
            )
        if rec.path == "/link":
            page = int(q.get("page", 1))
            chunk = items[(page - 1) * size : page * size]
            headers = {}
            if page * size < len(items) or api.endless:
                target = 2 if api.repeat else page + 1
                headers["link"] = (f'<{api.url}/link?page={target}&per_page={size}>; rel="next", '
                                   f'<{api.url}/link?page=9>; rel="last"')  # fmt: skip
            return reply(_fill(chunk, (page - 1) * size, api), headers)
        if rec.path == "/plain":
            return reply({"data": items[:size]})
        return 404, {}, b"{}"

    return handle


def _fill(chunk: list[dict[str, Any]], start: int, api: Api) -> list[dict[str, Any]]:
    """An endless server still returns items past the end (made up from the position)."""
    if not api.endless or chunk:
        return chunk
    return [{"id": f"x{start}", "n": start}]


@pytest.fixture
def api() -> Iterator[tuple[Api, Server]]:
    state = Api()
    with serve(_handler(state)) as server:
        state.url = server.url
        yield state, server


def _client(pkg: ModuleType, server: Server, **kwargs: Any) -> Any:
    return pkg.Wire(api_key="tok", base_url=server.url, **{"max_retries": 0, **kwargs})


def _aclient(pkg: ModuleType, server: Server, **kwargs: Any) -> Any:
    return pkg.AsyncWire(api_key="tok", base_url=server.url, **{"max_retries": 0, **kwargs})


def _method(client: Any, scheme: str) -> Any:
    return getattr(client.things, f"list_{scheme}")


def _size(scheme: str) -> dict[str, int]:
    return {"per_page": 3} if scheme in ("page", "link") else {"limit": 3}


@pytest.mark.parametrize("scheme", SCHEMES)
def test_sync_walk_across_pages(pkg: ModuleType, api: tuple[Api, Server], scheme: str) -> None:
    state, server = api
    with _client(pkg, server) as client:
        ids = [item.id for item in _method(client, scheme)(**_size(scheme))]
        assert ids == [i["id"] for i in ITEMS]
        first = _method(client, scheme)(**_size(scheme))
        assert isinstance(first, pkg.SyncPage)
        assert [type(i).__name__ for i in first.data] == ["Item"] * 3
        assert first.response.status_code == 200
        sizes = [len(p.data) for p in first.iter_pages()]
    assert sizes == [3, 3, 1]
    # Every page went through the normal request path: credentials on each one.
    assert all(r.headers["authorization"] == "Bearer tok" for r in server.requests)
    assert len(server.requests) == 3 + 3  # the walk, then the first page and two more


@pytest.mark.parametrize("scheme", SCHEMES)
def test_async_walk_across_pages(pkg: ModuleType, api: tuple[Api, Server], scheme: str) -> None:
    state, server = api

    async def main() -> tuple[list[str], list[int]]:
        async with _aclient(pkg, server) as client:
            ids = [item.id async for item in _method(client, scheme)(**_size(scheme))]
            first = await _method(client, scheme)(**_size(scheme))
            assert isinstance(first, pkg.AsyncPage)
            sizes = [len(p.data) async for p in first.iter_pages()]
            last = first
            while last.has_next_page():
                last = await last.get_next_page()
            assert not last.has_next_page()
            with pytest.raises(pkg.PaginationError, match="no next page"):
                await last.get_next_page()
            return ids, sizes

    ids, sizes = asyncio.run(main())
    assert ids == [i["id"] for i in ITEMS]
    assert sizes == [3, 3, 1]


@pytest.mark.parametrize("scheme", SCHEMES)
def test_empty_first_page(pkg: ModuleType, api: tuple[Api, Server], scheme: str) -> None:
    state, server = api
    state.items = []
    with _client(pkg, server) as client:
        page = _method(client, scheme)(**_size(scheme))
        assert page.data == []
        assert not page.has_next_page()
        assert list(page) == []
    assert len(server.requests) == 1


def test_page_numbers_end_on_an_empty_page_without_a_total(
    pkg: ModuleType, api: tuple[Api, Server]
) -> None:
    state, server = api
    with _client(pkg, server) as client:
        page = client.things.list_page(per_page=3, extra_headers={"x-test": "no-total"})
        assert [len(p.data) for p in page.iter_pages()] == [3, 3, 1, 0]
    assert [parse_qs(r.query)["page"] for r in server.requests[1:]] == [["2"], ["3"], ["4"]]


def test_last_page_and_the_requests_sent(pkg: ModuleType, api: tuple[Api, Server]) -> None:
    state, server = api
    with _client(pkg, server) as client:
        page = client.things.list_after(limit=3)
        second = page.get_next_page()
        third = second.get_next_page()
        assert [i.id for i in third.data] == ["i6"]
        assert not third.has_next_page()
        with pytest.raises(pkg.PaginationError, match="no next page"):
            third.get_next_page()
    queries = [parse_qs(r.query) for r in server.requests]
    assert queries == [{"limit": ["3"]}, {"limit": ["3"], "starting_after": ["i2"]},
                       {"limit": ["3"], "starting_after": ["i5"]}]  # fmt: skip


@pytest.mark.parametrize("scheme", ["cursor", "next", "link"])
def test_repeated_cursor_or_url_raises(
    pkg: ModuleType, api: tuple[Api, Server], scheme: str
) -> None:
    state, server = api
    state.repeat = True
    with _client(pkg, server) as client:
        with pytest.raises(pkg.PaginationError, match="same") as err:
            list(_method(client, scheme)(**_size(scheme)))
    assert isinstance(err.value, pkg.APIError)
    assert len(server.requests) <= 3


def test_repeated_cursor_async(pkg: ModuleType, api: tuple[Api, Server]) -> None:
    state, server = api
    state.repeat = True

    async def main() -> None:
        async with _aclient(pkg, server) as client:
            with pytest.raises(pkg.PaginationError, match="same cursor"):
                async for _ in client.things.list_cursor(limit=3):
                    pass

    asyncio.run(main())


@pytest.mark.parametrize("scheme", ["cursor", "next", "link"])
def test_max_pages_guard(pkg: ModuleType, api: tuple[Api, Server], scheme: str) -> None:
    state, server = api
    state.endless = True
    with _client(pkg, server) as client:
        page = _method(client, scheme)(**_size(scheme))
        assert page.max_pages == 1000
        page.max_pages = 4
        with pytest.raises(pkg.PaginationError, match="max_pages=4"):
            for _ in page:
                pass
    assert len(server.requests) == 4
    with pytest.raises(ValueError, match="max_pages"):
        page.max_pages = 0


def test_max_pages_guard_async(pkg: ModuleType, api: tuple[Api, Server]) -> None:
    state, server = api
    state.endless = True

    async def main() -> int:
        async with _aclient(pkg, server) as client:
            page = await client.things.list_next(limit=3)
            page.max_pages = 3
            seen = 0
            with pytest.raises(pkg.PaginationError, match="max_pages=3"):
                async for _ in page.iter_pages():
                    seen += 1
            return seen

    assert asyncio.run(main()) == 3
    assert len(server.requests) == 3


def test_next_url_on_another_host_is_not_followed(pkg: ModuleType, api: tuple[Api, Server]) -> None:
    state, server = api
    state.foreign_next = True
    with _client(pkg, server) as client:
        page = client.things.list_next(limit=3)
        with pytest.raises(pkg.PaginationError, match="not under the base URL"):
            page.has_next_page()
    assert len(server.requests) == 1


def test_a_page_is_retried_like_any_call(pkg: ModuleType, api: tuple[Api, Server]) -> None:
    state, server = api
    with _client(pkg, server, max_retries=1) as client:
        page = client.things.list_offset(limit=3)
        state.fail_once.add("/offset")  # page 2 answers 503 once, then the retry succeeds
        assert [i.n for p in page.iter_pages() for i in p.data] == list(range(7))
    assert [parse_qs(r.query).get("offset") for r in server.requests] == [
        None, ["3"], ["3"], ["6"]]  # fmt: skip
    assert server.requests[2].headers["x-retry-count"] == "1"


def test_raw_response_wrapper_returns_the_first_page(
    pkg: ModuleType, api: tuple[Api, Server]
) -> None:
    state, server = api
    with _client(pkg, server) as client:
        raw = client.things.with_raw_response.list_cursor(limit=3)
        assert isinstance(raw, pkg.APIResponse)
        assert raw.status_code == 200
        page = raw.parse()
        assert isinstance(page, pkg.SyncPage)
        assert [i.id for i in page] == [i["id"] for i in ITEMS]


def test_a_method_without_pagination_returns_its_model(
    pkg: ModuleType, api: tuple[Api, Server]
) -> None:
    state, server = api
    with _client(pkg, server) as client:
        assert not isinstance(client.things.list_plain(limit=3), pkg.SyncPage)


def test_generated_module_names_the_schemes(pkg: ModuleType) -> None:
    source = Path(pkg.__file__).parent.joinpath("resources", "things.py").read_text()
    for scheme in ("cursor", "cursor_id", "offset", "page", "next_url", "link"):
        assert f'PageInfo(\n    "{scheme}"' in source or f'PageInfo("{scheme}"' in source
    assert "def list_plain" in source and "_LIST_PLAIN_PAGES" not in source
