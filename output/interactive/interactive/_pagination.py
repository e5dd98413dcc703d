"""Pages of list operations: `SyncPage[T]`, `AsyncPage[T]` and the `AsyncPaginator[T]`.

A paginated method returns its first page. Iterating a page gives the items of that page and of
every later one, fetched on demand through the client's normal request path (retries, auth,
hooks and response validation unchanged)::

    for item in client.items.list():  # every item of every page
        ...
    page = client.items.list(limit=10)
    page.data  # this page's items
    while page.has_next_page():
        page = page.get_next_page()

How the next page is asked for is the operation's `PageInfo` (decided by the generator): a
cursor from the body, the id of the last item, an offset or page number, a next URL in the body
or the `Link` header. A walk stops with `PaginationError` when the server repeats a cursor, URL
or offset, or after `max_pages` pages (default 1000).
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Generator, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar, cast

import httpx
import pydantic

from ._exceptions import PaginationError
from ._response import APIResponse, _raw_responses, raw_response_requested
from ._types import Omit

if TYPE_CHECKING:
    from ._base_client import AsyncAPIClient, SyncAPIClient

__all__ = [
    "DEFAULT_MAX_PAGES",
    "AsyncPage",
    "AsyncPaginator",
    "PageInfo",
    "PageRequest",
    "SyncPage",
    "async_first_page",
    "sync_first_page",
]

_T = TypeVar("_T")
_PageT = TypeVar("_PageT", bound="_BasePage[Any]")

DEFAULT_MAX_PAGES = 1000

Scheme = Literal["cursor", "cursor_id", "offset", "page", "next_url", "link"]

_LINK = re.compile(r"<([^>]*)>\s*((?:;\s*[^;,]*)*)")
_REL_NEXT = re.compile(r"""(?:^|;)\s*rel\s*=\s*"?([^";]*)"?""", re.I)


class PageInfo:
    """How one operation pages (every path is a tuple of wire names; () is the body itself).

    scheme: "cursor" (send `next` as `param`), "cursor_id" (send the last item's
    `item_cursor` as `param`), "offset" (`param` += items on the page), "page" (`param` += 1),
    "next_url" (request the URL at `next`) or "link" (the `Link` header's rel="next").
    """

    __slots__ = (
        "has_more",
        "item_cursor",
        "items",
        "next",
        "param",
        "scheme",
        "start",
        "total",
        "total_pages",
    )

    def __init__(
        self,
        scheme: Scheme,
        *,
        items: Sequence[str] = (),
        param: str = "",
        next: Sequence[str] = (),
        has_more: Sequence[str] = (),
        total: Sequence[str] = (),
        total_pages: Sequence[str] = (),
        item_cursor: str = "",
        start: int = 1,
    ) -> None:
        self.scheme = scheme
        self.items = tuple(items)
        self.param = param
        self.next = tuple(next)
        self.has_more = tuple(has_more)
        self.total = tuple(total)
        self.total_pages = tuple(total_pages)
        self.item_cursor = item_cursor
        self.start = start  # the number of the first page ("page")


class PageRequest:
    """The arguments of one `client.request(...)` call, so a page can ask for the next."""

    __slots__ = ("kwargs", "method", "path")

    def __init__(self, method: str, path: str, **kwargs: Any) -> None:
        self.method = method
        self.path = path
        self.kwargs = kwargs

    @property
    def query(self) -> Mapping[str, object]:
        return cast("Mapping[str, object]", self.kwargs.get("query") or {})

    def with_query(self, name: str, value: object) -> PageRequest:
        """The same call with the query parameter `name` set to `value`."""
        return PageRequest(
            self.method,
            self.path,
            **{**self.kwargs, "query": {**self.query, name: value}},
        )

    def with_url(self, path: str, query: Mapping[str, object]) -> PageRequest:
        """The same call sent to `path` (relative to the base URL) with exactly `query`."""
        kwargs = {**self.kwargs, "query": query, "path_params": None}
        kwargs.pop("query_styles", None)
        return PageRequest(self.method, path, **kwargs)


def _field(value: object, name: str) -> object:
    """`value[name]` by wire name: a mapping key, or a pydantic field by alias (or extra)."""
    if isinstance(value, Mapping):
        return value.get(name)
    if isinstance(value, pydantic.BaseModel):
        for attr, info in type(value).model_fields.items():
            if (info.alias or attr) == name:
                return getattr(value, attr)
        return (value.model_extra or {}).get(name)
    return None


def _lookup(value: object, path: Sequence[str]) -> object:
    for name in path:
        value = _field(value, name)
        if value is None:
            return None
    return value


def _as_int(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value)
    return None


def next_link(headers: httpx.Headers) -> str | None:
    """The target of the `Link` header's rel="next" (RFC 8288), or None."""
    for header in headers.get_list("link"):
        for match in _LINK.finditer(header):
            rel = _REL_NEXT.search(match.group(2))
            if rel is not None and "next" in rel.group(1).lower().split():
                return match.group(1).strip()
    return None


class _Walk:
    """Settings shared by a first page and every page reached from it."""

    __slots__ = ("max_pages",)

    def __init__(self) -> None:
        self.max_pages = DEFAULT_MAX_PAGES


class _BasePage(Generic[_T]):
    """What sync and async pages share: this page's items and the request for the next."""

    def __init__(
        self,
        client: SyncAPIClient | AsyncAPIClient,
        info: PageInfo,
        request: PageRequest,
        raw: APIResponse[Any],
        walk: _Walk,
        number: int,
    ) -> None:
        self._client = client
        self._info = info
        self._request = request
        self._raw = raw
        self._walk = walk
        self._number = number  # 1 for the first page of the walk
        self._body: object = raw.parse()
        items = self._body if not info.items else _lookup(self._body, info.items)
        self._items: list[_T] = list(items) if isinstance(items, list) else []
        self._next: PageRequest | Literal[False] | None = False  # False: not computed
        # What asked for this page and the pages before it (cursors, URLs, offsets): a next
        # page asked for by one of them again would repeat the walk forever.
        self._seen: frozenset[str] = frozenset()
        self._next_seen: frozenset[str] = frozenset()

    @property
    def data(self) -> list[_T]:
        """The items of this page."""
        return self._items

    @property
    def response(self) -> httpx.Response:
        """The HTTP response of this page."""
        return self._raw.http_response

    @property
    def max_pages(self) -> int:
        """How many pages a walk may fetch before `PaginationError` (default 1000)."""
        return self._walk.max_pages

    @max_pages.setter
    def max_pages(self, value: int) -> None:
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValueError(f"max_pages must be an integer >= 1, got {value!r}")
        self._walk.max_pages = value

    def has_next_page(self) -> bool:
        """True when the server says there is a page after this one."""
        return self._next_request() is not None

    def _next_request(self) -> PageRequest | None:
        if self._next is False:
            self._next = self._compute_next()
        return self._next

    def _compute_next(self) -> PageRequest | None:
        info, body, request = self._info, self._body, self._request
        has_more = _lookup(body, info.has_more) if info.has_more else None
        if has_more is False:
            return None
        if info.scheme == "cursor":
            cursor = _lookup(body, info.next)
            if cursor is None or cursor == "" or isinstance(cursor, bool):
                return None
            return self._checked(
                request.with_query(info.param, cursor), "cursor", cursor
            )
        if info.scheme == "cursor_id":
            if not self._items:
                return None
            cursor = _lookup(self._items[-1], (info.item_cursor,))
            if cursor is None or cursor == "":
                return None
            return self._checked(
                request.with_query(info.param, cursor), "cursor", cursor
            )
        if info.scheme in ("next_url", "link"):
            url = (
                _lookup(body, info.next)
                if info.scheme == "next_url"
                else next_link(self.response.headers)
            )
            if not isinstance(url, str) or not url.strip():
                return None
            target = self.response.url.join(url.strip())
            return self._checked(self._url_request(target), "URL", str(target))
        if not self._items:
            return None  # an empty page ends offset and page-number walks
        current = _as_int(request.query.get(info.param))
        if info.scheme == "offset":
            offset = (current or 0) + len(self._items)
            total = _as_int(_lookup(body, info.total)) if info.total else None
            if total is not None and offset >= total:
                return None
            return self._checked(
                request.with_query(info.param, offset), "offset", offset
            )
        number = info.start if current is None else current
        pages = _as_int(_lookup(body, info.total_pages)) if info.total_pages else None
        if pages is not None and number >= pages:
            return None
        return self._checked(
            request.with_query(info.param, number + 1), "page", number + 1
        )

    def _checked(self, request: PageRequest, what: str, value: object) -> PageRequest:
        """`request`, unless the walk already asked for `value` (the server repeats)."""
        key = f"{what}:{value!r}"
        if key in self._seen:
            raise PaginationError(
                f"The server sent the same {what} again ({str(value)[:200]!r}): "
                "stopping instead of fetching the same pages forever",
                request=self.response.request,
            )
        self._next_seen = self._seen | {key}
        return request

    def _url_request(self, target: httpx.URL) -> PageRequest:
        """The request for a next-page URL, which must lie under the client's base URL
        (credentials are never sent elsewhere)."""
        base = httpx.URL(self._client.base_url)
        base_path = base.path.rstrip("/")
        same_origin = (target.scheme, target.host, target.port) == (
            base.scheme,
            base.host,
            base.port,
        )
        path = target.path
        if not same_origin or not (
            path == base_path or path.startswith(base_path + "/")
        ):
            raise PaginationError(
                f"The next-page URL {str(target)[:200]!r} is not under the base URL "
                f"{str(base)!r}: not following it",
                request=self.response.request,
            )
        query: dict[str, object] = {}
        for name, value in target.params.multi_items():
            previous = query.get(name)
            if previous is None:
                query[name] = value
            elif isinstance(previous, list):
                previous.append(value)
            else:
                query[name] = [previous, value]
        rest = path[len(base_path) :] or "/"
        return self._request.with_url(
            rest.replace("{", "%7B").replace("}", "%7D"), query
        )

    def _start_next(self) -> PageRequest:
        """The next page's request, counted against `max_pages`."""
        request = self._next_request()
        if request is None:
            raise PaginationError(
                "There is no next page: check has_next_page() first",
                request=self.response.request,
            )
        if self._number >= self._walk.max_pages:
            raise PaginationError(
                f"Stopped after max_pages={self._walk.max_pages} pages while the server "
                "still announced more (raise page.max_pages to walk further)",
                request=self.response.request,
            )
        return request

    def _remember(self) -> None:
        """Record what asked for the first page, so that the server cannot send it again."""
        info = self._info
        if info.scheme in ("next_url", "link"):
            self._seen = frozenset({f"URL:{str(self.response.url)!r}"})
            return
        value = self._request.query.get(info.param)
        if value is not None and not isinstance(value, Omit):
            what = "cursor" if info.scheme in ("cursor", "cursor_id") else info.scheme
            self._seen = frozenset({f"{what}:{value!r}"})

    def _follows(self, page: _PageT) -> _PageT:
        """`page`, fetched as the next page of this one."""
        page._seen = self._next_seen
        return page

    def __repr__(self) -> str:
        return f"<{type(self).__name__} [{len(self._items)} items]>"


class SyncPage(_BasePage[_T]):
    """One page of a list operation's results; iterating it walks every later page too."""

    _client: SyncAPIClient

    def __iter__(self) -> Iterator[_T]:
        for page in self.iter_pages():
            for item in page.data:
                yield item

    def iter_pages(self) -> Iterator[SyncPage[_T]]:
        """This page, then each next page, fetched one by one."""
        page = self
        while True:
            yield page
            if not page.has_next_page():
                return
            page = page.get_next_page()

    def get_next_page(self) -> SyncPage[_T]:
        """Fetch the page after this one; raises PaginationError when there is none."""
        request = self._start_next()
        raw = _fetch(self._client, request)
        page: SyncPage[_T] = SyncPage(
            self._client, self._info, request, raw, self._walk, self._number + 1
        )
        return self._follows(page)


class AsyncPage(_BasePage[_T]):
    """One page of a list operation's results; `async for` walks every later page too."""

    _client: AsyncAPIClient

    async def __aiter__(self) -> AsyncIterator[_T]:
        async for page in self.iter_pages():
            for item in page.data:
                yield item

    async def iter_pages(self) -> AsyncIterator[AsyncPage[_T]]:
        """This page, then each next page, fetched one by one."""
        page = self
        while True:
            yield page
            if not page.has_next_page():
                return
            page = await page.get_next_page()

    async def get_next_page(self) -> AsyncPage[_T]:
        """Fetch the page after this one; raises PaginationError when there is none."""
        request = self._start_next()
        raw = await _fetch_async(self._client, request)
        page: AsyncPage[_T] = AsyncPage(
            self._client, self._info, request, raw, self._walk, self._number + 1
        )
        return self._follows(page)


def _fetch(client: SyncAPIClient, request: PageRequest) -> APIResponse[Any]:
    with _raw_responses():
        return cast(
            "APIResponse[Any]",
            client.request(request.method, request.path, **request.kwargs),
        )


async def _fetch_async(
    client: AsyncAPIClient, request: PageRequest
) -> APIResponse[Any]:
    with _raw_responses():
        return cast(
            "APIResponse[Any]",
            await client.request(request.method, request.path, **request.kwargs),
        )


def sync_first_page(
    client: SyncAPIClient, info: PageInfo, request: PageRequest
) -> SyncPage[Any]:
    """Fetch the first page (what a paginated sync method returns). Inside a raw-response
    wrapper the result is an `APIResponse` whose `parse()` returns the page."""
    raw_wanted = raw_response_requested()
    raw = _fetch(client, request)
    page: SyncPage[Any] = SyncPage(client, info, request, raw, _Walk(), 1)
    page._remember()
    if raw_wanted:
        return cast("SyncPage[Any]", APIResponse(raw.http_response, lambda _r: page))
    return page


class AsyncPaginator(Generic[_T]):
    """What a paginated async method returns: `await` it for the first `AsyncPage`, or
    `async for` over it for every item of every page."""

    def __init__(
        self, client: AsyncAPIClient, info: PageInfo, request: PageRequest
    ) -> None:
        self._client = client
        self._info = info
        self._request = request

    async def _first(self) -> AsyncPage[_T]:
        raw_wanted = raw_response_requested()
        raw = await _fetch_async(self._client, self._request)
        page: AsyncPage[_T] = AsyncPage(
            self._client, self._info, self._request, raw, _Walk(), 1
        )
        page._remember()
        if raw_wanted:
            return cast(
                "AsyncPage[_T]", APIResponse(raw.http_response, lambda _r: page)
            )
        return page

    def __await__(self) -> Generator[Any, None, AsyncPage[_T]]:
        return self._first().__await__()

    async def __aiter__(self) -> AsyncIterator[_T]:
        page = await self._first()
        async for item in page:
            yield item


def async_first_page(
    client: AsyncAPIClient, info: PageInfo, request: PageRequest
) -> AsyncPaginator[Any]:
    """What a paginated async method returns (nothing is sent until it is awaited)."""
    return AsyncPaginator(client, info, request)
