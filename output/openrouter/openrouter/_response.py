"""Raw and streamed responses, and the wrappers that make a method return one.

`to_raw_response_wrapper(client.items.get)` returns a function with the same parameters that
returns `APIResponse[Item]` instead of `Item`: the caller can read status and headers and still
call `.parse()` to get the `Item`. The wrapper sets a context variable that `request()` reads,
so resource methods need no extra parameter.

`to_streamed_response_wrapper(client.files.download)` (`with_streaming_response`) returns a
function whose call is a context manager: entering it sends the request and gives a
`StreamedAPIResponse` whose body is not read yet (`iter_bytes()`, `write_to_file()`, ...: in
constant memory); leaving it closes the connection, also when the block raises.
"""

from __future__ import annotations

import functools
import json
import os
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from types import TracebackType
from typing import Any, Generic, TypeVar, Union, cast

import httpx
from typing_extensions import ParamSpec

__all__ = [
    "APIResponse",
    "AsyncResponseContextManager",
    "AsyncStreamedAPIResponse",
    "ResponseContextManager",
    "StreamedAPIResponse",
    "async_to_raw_response_wrapper",
    "async_to_streamed_response_wrapper",
    "raw_response_requested",
    "streamed_response_requested",
    "to_raw_response_wrapper",
    "to_streamed_response_wrapper",
]

_P = ParamSpec("_P")
_R = TypeVar("_R")

_RAW_RESPONSE: ContextVar[bool] = ContextVar("_RAW_RESPONSE", default=False)
_STREAMED_RESPONSE: ContextVar[bool] = ContextVar("_STREAMED_RESPONSE", default=False)

StrPath = Union[str, "os.PathLike[str]"]

_UNSET: Any = object()


def raw_response_requested() -> bool:
    """True inside a call made through a raw-response wrapper (read by `request()`)."""
    return _RAW_RESPONSE.get()


def streamed_response_requested() -> bool:
    """True inside a call made through a streamed-response wrapper: `request()` leaves the
    body of a success unread and returns a `StreamedAPIResponse`."""
    return _STREAMED_RESPONSE.get()


@contextmanager
def _raw_responses() -> Iterator[None]:
    token = _RAW_RESPONSE.set(True)
    try:
        yield
    finally:
        _RAW_RESPONSE.reset(token)


@contextmanager
def _streamed_responses() -> Iterator[None]:
    token = _STREAMED_RESPONSE.set(True)
    try:
        yield
    finally:
        _STREAMED_RESPONSE.reset(token)


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


class _StreamedBase(Generic[_R]):
    http_response: httpx.Response

    def __init__(
        self,
        http_response: httpx.Response,
        parser: Callable[[httpx.Response], _R],
        *,
        read_before_parse: bool = True,
    ) -> None:
        self.http_response = http_response
        self._parser = parser
        self._read_before_parse = read_before_parse
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
    def is_closed(self) -> bool:
        """True once the connection is released (the body read, or `close()`)."""
        return self.http_response.is_closed

    def __repr__(self) -> str:
        return f"<{type(self).__name__} [{self.status_code}]>"


class StreamedAPIResponse(_StreamedBase[_R]):
    """A successful response whose body is read only as the caller iterates it.

    Given by `with client.x.with_streaming_response.method(...) as response:`; the body is
    streamed in constant memory by `iter_bytes()`, `iter_text()`, `iter_lines()` or
    `write_to_file()`, or read whole by `read()` / `parse()`. Error statuses are still raised
    as `APIStatusError` when the block is entered.
    """

    def iter_bytes(self, chunk_size: int | None = None) -> Iterator[bytes]:
        """The (decoded) body in chunks of `chunk_size` bytes (None: as they arrive)."""
        for chunk in self.http_response.iter_bytes(chunk_size):
            yield chunk

    def iter_text(self, chunk_size: int | None = None) -> Iterator[str]:
        """The body decoded as text, in chunks."""
        for chunk in self.http_response.iter_text(chunk_size):
            yield chunk

    def iter_lines(self) -> Iterator[str]:
        """The body decoded as text, line by line (without line endings)."""
        for line in self.http_response.iter_lines():
            yield line

    def read(self) -> bytes:
        """The whole body as bytes (read into memory)."""
        return self.http_response.read()

    def write_to_file(self, file: StrPath) -> None:
        """Stream the body into the file at `file` (created or truncated), chunk by chunk."""
        with open(file, "wb") as f:
            for chunk in self.iter_bytes():
                f.write(chunk)

    def parse(self) -> _R:
        """The body read and parsed into the declared type, as a normal call returns it."""
        if self._parsed is _UNSET:
            if self._read_before_parse:
                self.read()
            self._parsed = self._parser(self.http_response)
        return self._parsed

    def close(self) -> None:
        """Release the connection (the rest of the body is discarded)."""
        self.http_response.close()


class AsyncStreamedAPIResponse(_StreamedBase[_R]):
    """The async twin of `StreamedAPIResponse` (`aiter_bytes()`, `await write_to_file()`)."""

    async def aiter_bytes(self, chunk_size: int | None = None) -> AsyncIterator[bytes]:
        """The (decoded) body in chunks of `chunk_size` bytes (None: as they arrive)."""
        async for chunk in self.http_response.aiter_bytes(chunk_size):
            yield chunk

    async def aiter_text(self, chunk_size: int | None = None) -> AsyncIterator[str]:
        """The body decoded as text, in chunks."""
        async for chunk in self.http_response.aiter_text(chunk_size):
            yield chunk

    async def aiter_lines(self) -> AsyncIterator[str]:
        """The body decoded as text, line by line (without line endings)."""
        async for line in self.http_response.aiter_lines():
            yield line

    async def read(self) -> bytes:
        """The whole body as bytes (read into memory)."""
        return await self.http_response.aread()

    async def write_to_file(self, file: StrPath) -> None:
        """Stream the body into the file at `file` (created or truncated), chunk by chunk.

        The file is written with blocking writes of one chunk each.
        """
        with open(file, "wb") as f:
            async for chunk in self.aiter_bytes():
                f.write(chunk)

    async def parse(self) -> _R:
        """The body read and parsed into the declared type, as a normal call returns it."""
        if self._parsed is _UNSET:
            if self._read_before_parse:
                await self.read()
            self._parsed = self._parser(self.http_response)
        return self._parsed

    async def close(self) -> None:
        """Release the connection (the rest of the body is discarded)."""
        await self.http_response.aclose()


class ResponseContextManager(Generic[_R]):
    """`with ...: ` around one streamed call: sends it on entry, closes it on exit."""

    def __init__(self, send: Callable[[], StreamedAPIResponse[_R]]) -> None:
        self._send = send
        self._response: StreamedAPIResponse[_R] | None = None

    def __enter__(self) -> StreamedAPIResponse[_R]:
        with _streamed_responses():
            self._response = self._send()
        return self._response

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._response is not None:
            self._response.close()


class AsyncResponseContextManager(Generic[_R]):
    """`async with ...:` around one streamed call: sends it on entry, closes it on exit."""

    def __init__(
        self, send: Callable[[], Awaitable[AsyncStreamedAPIResponse[_R]]]
    ) -> None:
        self._send = send
        self._response: AsyncStreamedAPIResponse[_R] | None = None

    async def __aenter__(self) -> AsyncStreamedAPIResponse[_R]:
        with _streamed_responses():
            self._response = await self._send()
        return self._response

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._response is not None:
            await self._response.close()


def to_streamed_response_wrapper(
    func: Callable[_P, _R],
) -> Callable[_P, ResponseContextManager[_R]]:
    """Wrap a sync resource method so that a call is a context manager giving a
    `StreamedAPIResponse[R]` (the request is sent when the block is entered)."""

    @functools.wraps(func)
    def wrapped(*args: _P.args, **kwargs: _P.kwargs) -> ResponseContextManager[_R]:
        return ResponseContextManager(
            lambda: cast("StreamedAPIResponse[_R]", func(*args, **kwargs))
        )

    return wrapped


def async_to_streamed_response_wrapper(
    func: Callable[_P, Awaitable[_R]],
) -> Callable[_P, AsyncResponseContextManager[_R]]:
    """Wrap an async resource method so that a call is an async context manager giving an
    `AsyncStreamedAPIResponse[R]` (the request is sent when the block is entered)."""

    @functools.wraps(func)
    def wrapped(*args: _P.args, **kwargs: _P.kwargs) -> AsyncResponseContextManager[_R]:
        async def send() -> AsyncStreamedAPIResponse[_R]:
            return cast("AsyncStreamedAPIResponse[_R]", await func(*args, **kwargs))

        return AsyncResponseContextManager(send)

    return wrapped
