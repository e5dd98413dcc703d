"""Raw responses: `APIResponse[R]` and the wrappers that make a method return one.

`to_raw_response_wrapper(client.items.get)` returns a function with the same parameters that
returns `APIResponse[Item]` instead of `Item`: the caller can read status and headers and still
call `.parse()` to get the `Item`. The wrapper sets a context variable that `request()` reads,
so resource methods need no extra parameter.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Generic, TypeVar, cast

import httpx
from typing_extensions import ParamSpec

__all__ = [
    "APIResponse",
    "async_to_raw_response_wrapper",
    "raw_response_requested",
    "to_raw_response_wrapper",
]

_P = ParamSpec("_P")
_R = TypeVar("_R")

_RAW_RESPONSE: ContextVar[bool] = ContextVar("_RAW_RESPONSE", default=False)

_UNSET: Any = object()


def raw_response_requested() -> bool:
    """True inside a call made through a raw-response wrapper (read by `request()`)."""
    return _RAW_RESPONSE.get()


@contextmanager
def _raw_responses() -> Iterator[None]:
    token = _RAW_RESPONSE.set(True)
    try:
        yield
    finally:
        _RAW_RESPONSE.reset(token)


class APIResponse(Generic[_R]):
    """A successful HTTP response plus the means to parse it into the declared type `R`.

    Error statuses are still raised as `APIStatusError`; this object only exists for 2xx.
    """

    http_response: httpx.Response

    def __init__(
        self, http_response: httpx.Response, parser: Callable[[httpx.Response], _R]
    ) -> None:
        self.http_response = http_response
        self._parser = parser
        self._parsed: _R = _UNSET

    @property
    def status_code(self) -> int:
        """The HTTP status code."""
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        """The response headers."""
        return self.http_response.headers

    @property
    def url(self) -> httpx.URL:
        """The final request URL (may contain credential query parameters: do not log it)."""
        return self.http_response.url

    @property
    def content(self) -> bytes:
        """The body as bytes."""
        return self.http_response.content

    @property
    def text(self) -> str:
        """The body decoded as text."""
        return self.http_response.text

    def json(self) -> Any:
        """The body parsed as JSON, without validation."""
        return json.loads(self.http_response.content)

    def parse(self) -> _R:
        """The body parsed into the declared type, validated like a normal call (cached)."""
        if self._parsed is _UNSET:
            self._parsed = self._parser(self.http_response)
        return self._parsed

    def __repr__(self) -> str:
        return f"<APIResponse [{self.status_code}]>"


def to_raw_response_wrapper(func: Callable[_P, _R]) -> Callable[_P, APIResponse[_R]]:
    """Wrap a sync resource method so that it returns `APIResponse[R]` instead of `R`."""

    @functools.wraps(func)
    def wrapped(*args: _P.args, **kwargs: _P.kwargs) -> APIResponse[_R]:
        with _raw_responses():
            return cast("APIResponse[_R]", func(*args, **kwargs))

    return wrapped


def async_to_raw_response_wrapper(
    func: Callable[_P, Awaitable[_R]],
) -> Callable[_P, Awaitable[APIResponse[_R]]]:
    """Wrap an async resource method so that it returns `APIResponse[R]` instead of `R`."""

    @functools.wraps(func)
    async def wrapped(*args: _P.args, **kwargs: _P.kwargs) -> APIResponse[_R]:
        with _raw_responses():
            return cast("APIResponse[_R]", await func(*args, **kwargs))

    return wrapped
