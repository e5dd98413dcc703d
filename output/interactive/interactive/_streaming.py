"""Server-sent events: an incremental WHATWG decoder and typed `Stream` / `AsyncStream`.

The decoder follows the "event stream interpretation" of the WHATWG HTML standard
(https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation).
The stream classes add the SDK rules on top of it: a `[DONE]` sentinel ends the stream,
error payloads raise `APIStreamError`, transport failures become typed errors and a body
that ends without its sentinel is reported as truncated instead of ending silently.

A stream of typed events (`EventTypes`) validates each event into the model its event name
(SSE `event:` field) or its payload's tag names, yields events it has no model for as
`UnknownEvent`, skips untyped keep-alives and ends on a terminal event.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import (
    AsyncGenerator,
    AsyncIterator,
    Callable,
    Generator,
    Iterable,
    Iterator,
    Mapping,
)
from typing import TYPE_CHECKING, Any, Generic, Literal, NamedTuple, Optional, TypeVar

import httpx
import pydantic
from typing_extensions import Self

from ._exceptions import (
    APIConnectionError,
    APIResponseValidationError,
    APIStreamError,
    APITimeoutError,
)
from ._logs import logger
from ._models import BaseModel, construct_type, type_adapter

if TYPE_CHECKING:
    from types import TracebackType

__all__ = [
    "AsyncJSONLStream",
    "AsyncStream",
    "EventTypes",
    "JSONLStream",
    "SSEDecoder",
    "ServerSentEvent",
    "Stream",
    "UnknownEvent",
]

T = TypeVar("T")

# Always accepted as an end marker, even for streams declared without a sentinel: it can never
# be valid JSON, so treating it as "end" can only turn a certain validation error into success.
_DONE = "[DONE]"
# Keep-alive event names, skipped unless the stream's event types name them.
_KEEPALIVE = frozenset({"ping", "keepalive", "keep-alive", "heartbeat"})
# How much of an offending event is kept in error messages and `body_start` (as for bodies).
_BODY_START = 200


class ServerSentEvent(NamedTuple):
    """One dispatched server-sent event (an immutable named tuple).

    `event` is the value of the last `event:` field, or None when the event had none (the
    WHATWG type "message"). `data` is the event's `data:` lines joined with "\\n". `id` and
    `retry` are the stream's last event ID and reconnection time as of this event: per the
    standard they persist across events until a later field changes them.
    """

    event: str | None = None
    data: str = ""
    id: str | None = None
    retry: int | None = None

    def json(self) -> Any:
        """Parse `data` as JSON."""
        return json.loads(self.data)


# tuple.__new__ is a C call; ServerSentEvent(...) would run a Python-level __new__ per event.
_new_tuple = tuple.__new__


class SSEDecoder:
    """Incremental WHATWG event-stream decoder: feed it bytes, get complete events back.

    Chunks may be cut anywhere, including inside a CRLF pair or a multi-byte UTF-8
    character. Invalid UTF-8 is replaced by U+FFFD, never raised. Only the current line and
    the current event are buffered, so memory is constant for any stream length. The event
    still pending when the stream ends is discarded, as the standard requires; `finish()`
    reports whether there was one.
    """

    __slots__ = (
        "_data",
        "_event",
        "_partial",
        "_pending_cr",
        "_started",
        "_tail",
        "last_event_id",
        "retry",
    )

    def __init__(self) -> None:
        self._tail = b""  # an incomplete UTF-8 sequence at the end of the last chunk
        self._started = False  # the BOM is only stripped from the very first character
        self._pending_cr = (
            False  # last chunk ended in CR: a leading LF now belongs to it
        )
        self._partial: list[str] = []  # pieces of the current unterminated line
        self._data: list[str] = []  # data lines of the current event
        self._event = ""
        self.last_event_id = ""
        self.retry: int | None = None

    def _decode_slow(self, chunk: bytes) -> str:
        # A character cut at the chunk end, or invalid bytes: decode exactly like codecs'
        # incremental UTF-8 decoder: replace invalid sequences, keep an incomplete final
        # one for the next chunk.
        chunk = self._tail + chunk
        text, consumed = codecs.utf_8_decode(chunk, "replace", False)
        self._tail = chunk[consumed:]
        return text

    def feed(self, chunk: bytes) -> list[ServerSentEvent]:
        """Decode one chunk and return the events it completed (often none or one)."""
        if self._tail:
            text = self._decode_slow(chunk)
        else:
            try:
                # Strict bytes.decode is one C call: the common case costs nothing extra.
                text = chunk.decode("utf-8")
            except UnicodeDecodeError:
                text = self._decode_slow(chunk)
        if not text:
            return []
        if not self._started:
            self._started = True
            if text[0] == "\ufeff":
                text = text[1:]
                if not text:
                    return []
        if self._pending_cr:
            self._pending_cr = False
            if text[0] == "\n":
                # The second half of a CRLF split across chunks: that line already ended.
                text = text[1:]
                if not text:
                    return []
        if (
            text[-2:] == "\n\n"
            and text[:6] == "data: "
            and not self._data
            and not self._partial
            and text.find("\n", 6) == len(text) - 2
            and "\r" not in text
        ):
            # Fast path for the typical chunk, exactly one `data: <json>\n\n` event: the
            # same result as the general path below, without splitting and a line loop.
            event = _new_tuple(
                ServerSentEvent,
                (
                    self._event or None,
                    text[6:-2],
                    self.last_event_id or None,
                    self.retry,
                ),
            )
            self._event = ""
            return [event]
        # A trailing CR is a complete line end, but the next chunk may start with its LF.
        self._pending_cr = text[-1] == "\r"
        # Normalising to LF and splitting whole chunks runs in C; str.splitlines() would also
        # split on \v, \f, \x1c-\x1e, \x85, U+2028 and U+2029, which are not SSE line ends.
        if "\r" in text:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        lines = text.split("\n")
        rest = lines.pop()
        if not lines:
            # No line end in this chunk: collect pieces and join once (no quadratic concat).
            self._partial.append(rest)
            return []
        if self._partial:
            self._partial.append(lines[0])
            lines[0] = "".join(self._partial)
            self._partial = []
        if rest:
            self._partial.append(rest)
        return self._process(lines)

    def _process(self, lines: list[str]) -> list[ServerSentEvent]:
        events: list[ServerSentEvent] = []
        data = self._data
        for line in lines:
            if not line:
                # Blank line: dispatch, unless the event has no data lines at all (then the
                # event type is reset and nothing is dispatched, e.g. `event: ping\n\n`).
                if data:
                    events.append(
                        _new_tuple(
                            ServerSentEvent,
                            (
                                self._event or None,
                                "\n".join(data),
                                self.last_event_id or None,
                                self.retry,
                            ),
                        )
                    )
                    data.clear()
                self._event = ""
                continue
            # The common case first, before the general field parse below.
            if line[:6] == "data: ":
                data.append(line[6:])
                continue
            colon = line.find(":")
            if colon == 0:
                continue  # comment, e.g. ": OPENROUTER PROCESSING"
            if colon < 0:
                name = line
                value = ""
            else:
                name = line[:colon]
                value = line[colon + 1 :]
                if value[:1] == " ":
                    value = value[1:]
            if name == "data":
                data.append(value)
            elif name == "event":
                self._event = value
            elif name == "id":
                if "\0" not in value:
                    self.last_event_id = value
            elif name == "retry":
                if value.isascii() and value.isdigit():
                    self.retry = int(value)
            # Any other field name is ignored, as the standard requires.
        return events

    def finish(self) -> bool:
        """End of stream: discard the pending event; True if one had been started."""
        # Bytes of a truncated UTF-8 sequence count as a started line too.
        pending = bool(self._data or self._partial or self._event or self._tail)
        self._tail = b""
        self._data = []
        self._partial = []
        self._event = ""
        return pending

    def iter_events(self, chunks: Iterable[bytes]) -> Iterator[ServerSentEvent]:
        """Decode a whole byte stream; the unterminated event at the end is discarded."""
        for chunk in chunks:
            yield from self.feed(chunk)
        self.finish()

    async def aiter_events(
        self, chunks: AsyncIterator[bytes]
    ) -> AsyncIterator[ServerSentEvent]:
        """Async counterpart of `iter_events`."""
        async for chunk in chunks:
            for event in self.feed(chunk):
                yield event
        self.finish()


# --- validation -------------------------------------------------------------------------

_Parser = Callable[[str], Any]


def _make_parser(cast_to: object, strict: bool) -> _Parser:
    if not strict:
        # Same meaning as for plain responses (`validate_as(strict=False)`): parse the JSON,
        # build models without validation; data that is not JSON still raises ValueError.
        def lenient(data: str) -> Any:
            return construct_type(json.loads(data), cast_to)

        return lenient
    if isinstance(cast_to, type) and issubclass(cast_to, pydantic.BaseModel):
        # Straight from the JSON text to the model in one pass (pydantic-core), no json.loads.
        return cast_to.model_validate_json
    return type_adapter(cast_to).validate_json


class UnknownEvent(BaseModel):
    """An event this SDK has no type for, e.g. a new event from a newer server.

    `type` is always "unknown" (so `match event.type` tells it from the typed events);
    `event` is the server's name for the event (the SSE `event:` field, else the payload's
    tag); `data` is the payload, parsed as JSON when it is JSON, else the text.
    """

    # Optional[...], not `X | None`: pydantic evaluates these annotations, on Python 3.9 too.
    type: Literal["unknown"] = "unknown"
    event: Optional[str] = None
    data: Any = None


class EventTypes:
    """How a stream of typed events maps each event onto a model (built by generated code).

    `by_event`: SSE event name -> type of its data. `by_type`: value of the payload's `tag`
    property -> type, for events without a known name. `default`: the type of unnamed
    (`message`) events without a known tag. `end`: event names or tags after which the stream
    is complete (a body that ends before one is truncated). `errors`: names or tags whose
    payload is an error, raised as `APIStreamError`.
    """

    __slots__ = ("by_event", "by_type", "default", "end", "errors", "tag")

    def __init__(
        self,
        *,
        by_event: Mapping[str, object] | None = None,
        by_type: Mapping[str, object] | None = None,
        tag: str = "type",
        default: object = None,
        end: Iterable[str] = (),
        errors: Iterable[str] = ("error",),
    ) -> None:
        self.by_event = dict(by_event or {})
        self.by_type = dict(by_type or {})
        self.tag = tag
        self.default = default
        self.end = frozenset(end)
        self.errors = frozenset(errors)


# --- the stream rules shared by Stream and AsyncStream ----------------------------------


_SKIP: Any = object()  # "this event yields nothing"
_END: Any = object()  # "the sentinel arrived"


def _is_error_payload(obj: object) -> bool:
    if not isinstance(obj, dict):
        return False
    error = obj.get("error")
    return isinstance(error, (dict, str)) or obj.get("object") == "error"


def _stream_error(payload: object, data: str, request: httpx.Request) -> APIStreamError:
    code: object = None
    message: object = None
    if isinstance(payload, dict):
        error = payload.get("error")
        if isinstance(error, dict):
            code = error.get("code", error.get("type"))
            message = error.get("message")
        elif isinstance(error, str):
            message = error
            code = payload.get("code")
        else:  # {"object": "error", "message": ..., "code": ...} (vLLM) or bare event: error
            code = payload.get("code", payload.get("type"))
            message = payload.get("message")
    if not isinstance(message, str) or not message.strip():
        message = data[:_BODY_START]
    return APIStreamError(
        " ".join(message.split()) or "error event in stream",  # str(err) is one line
        request=request,
        code=code if code is None or isinstance(code, (str, int)) else str(code),
        payload=payload,
    )


def _loads_or_text(data: str) -> object:
    try:
        return json.loads(data)
    except ValueError:
        return data


def _one_line(exc: ValueError) -> str:
    if isinstance(exc, pydantic.ValidationError):
        errors = exc.errors(include_url=False, include_input=False)
        if errors:
            first = errors[0]
            loc = ".".join(str(part) for part in first["loc"]) or "(root)"
            more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
            return f"{loc}: {first['msg']}{more}"
    return " ".join(str(exc).split())


class _EventHandler(Generic[T]):
    """The per-event rules, kept apart from the stream objects on purpose.

    The iterating generator references this object, never the `Stream` itself: with no
    reference cycle, dropping the last reference to an abandoned stream (`break` out of
    `for chunk in client.create(...)`) finalises the generator at once, and its `finally`
    closes the connection without waiting for the cyclic garbage collector.
    """

    __slots__ = (
        "by_event",
        "by_type",
        "count",
        "done",
        "parse",
        "response",
        "sentinel",
        "types",
        "validate",
    )

    def __init__(
        self,
        cast_to: object,
        response: httpx.Response,
        sentinel: str | None,
        strict: bool,
    ) -> None:
        self.response = response
        self.sentinel = sentinel
        self.count = 0  # values yielded so far, for error messages
        self.done = False  # a terminal event was yielded: the stream is complete
        self.types = cast_to if isinstance(cast_to, EventTypes) else None
        self.by_event: dict[str, _Parser] = {}
        self.by_type: dict[str, _Parser] = {}
        if self.types is not None:
            types = self.types
            self.by_event = {
                k: _make_parser(t, strict) for k, t in types.by_event.items()
            }
            self.by_type = {
                k: _make_parser(t, strict) for k, t in types.by_type.items()
            }
            cast_to = types.default
        self.parse = _make_parser(cast_to, strict)
        # Events of other types are yielded only when they really fit the declared type,
        # checked by validation even when strict=False: building without validation accepts
        # anything, so a `{}` keep-alive would come out as a bogus chunk.
        self.validate = self.parse if strict else _make_parser(cast_to, True)

    @property
    def expects_end(self) -> bool:
        """True when the stream has a known end signal, so an early end is a truncation."""
        return self.sentinel is not None or bool(self.types and self.types.end)

    def handle_typed(self, sse: ServerSentEvent) -> Any:
        """`handle` for a stream of typed events (`EventTypes`)."""
        types = self.types
        assert types is not None
        data = sse.data
        stripped = data.strip()
        name = sse.event
        if stripped == _DONE or (stripped and stripped == self.sentinel):
            return _END
        if not stripped:
            if name is not None and name in types.end:
                return _END  # a terminal event without data
            return _SKIP
        if name is not None and name in types.errors:
            raise _stream_error(_loads_or_text(data), data, self.response.request)
        parse = self.by_event.get(name) if name is not None else None
        tag: object = None
        if parse is None:
            payload = _loads_or_text(data)
            if isinstance(payload, dict):
                tag = payload.get(types.tag)
            if isinstance(tag, str):
                if tag in types.errors:
                    raise _stream_error(payload, data, self.response.request)
                parse = self.by_type.get(tag)
            if parse is None:
                if _is_error_payload(payload):
                    raise _stream_error(payload, data, self.response.request)
                if (name is None or name == "message") and types.default is not None:
                    parse = self.parse
                else:
                    known = name if name is not None else tag
                    if isinstance(known, str) and known in _KEEPALIVE:
                        return _SKIP
                    self.count += 1
                    return UnknownEvent(
                        event=known if isinstance(known, str) else None, data=payload
                    )
        try:
            value = parse(data)
        except ValueError as exc:
            raise APIResponseValidationError(
                f"stream event {self.count} ({name or tag or 'message'}) does not match "
                f"its declared type: {_one_line(exc)}",
                response=self.response,
                body_start=data[:_BODY_START],
                request=self.response.request,
            ) from exc
        self.count += 1
        if name in types.end or (isinstance(tag, str) and tag in types.end):
            self.done = True
        elif name is None and types.end:
            # An event known by name carries its tag in the payload only when unnamed.
            found = getattr(value, types.tag, None)
            if isinstance(found, str) and found in types.end:
                self.done = True
        return value

    def handle(self, sse: ServerSentEvent) -> T:
        """Turn one event into a value, `_SKIP` or `_END`; raise for error events."""
        data = sse.data
        stripped = (
            data.strip()
        )  # the same object, not a copy, when there is nothing to strip
        if not stripped:
            return _SKIP  # type: ignore[no-any-return]
        if stripped == _DONE or stripped == self.sentinel:
            return _END  # type: ignore[no-any-return]
        event = sse.event
        if event == "error":
            try:
                payload: object = json.loads(data)
            except ValueError:
                payload = data
            raise _stream_error(payload, data, self.response.request)
        # Cheap substring test first: a key or value "error" must appear literally in the
        # JSON text, so ordinary chunks are never parsed twice.
        if '"error"' in data:
            try:
                payload = json.loads(data)
            except ValueError:
                payload = None
            if _is_error_payload(payload):
                raise _stream_error(payload, data, self.response.request)
        if event is None or event == "message":
            try:
                value = self.parse(data)
            except ValueError as exc:  # pydantic.ValidationError and JSONDecodeError
                raise APIResponseValidationError(
                    f"stream event {self.count} does not match the declared type: "
                    f"{_one_line(exc)}",
                    response=self.response,
                    body_start=data[:_BODY_START],
                    request=self.response.request,
                ) from exc
        else:
            try:
                value = self.validate(data)
            except ValueError:
                # e.g. `event: ping` with `data: {}`: a keep-alive must not end the stream.
                logger.debug(
                    "skipping %r event that does not match the declared type", event
                )
                return _SKIP  # type: ignore[no-any-return]
        self.count += 1
        return value  # type: ignore[no-any-return]

    def transport_error(self, exc: httpx.HTTPError) -> APIConnectionError:
        request = self.response.request
        if isinstance(exc, httpx.TimeoutException):
            # The client sets the read timeout to the stream idle timeout, so a read timeout
            # here means the server went quiet, not that the whole stream took too long.
            timeout = request.extensions.get("timeout")
            seconds = timeout.get("read") if isinstance(timeout, dict) else None
            after = (
                f"{seconds:g} seconds"
                if isinstance(seconds, (int, float))
                else "too long"
            )
            return APITimeoutError(
                f"stream idle: no data received for {after} "
                f"(after {self.count} events): {type(exc).__name__}",
                request=request,
            )
        detail = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        return APIConnectionError(
            f"stream interrupted after {self.count} events: {detail}", request=request
        )

    def truncated(self, mid_event: bool) -> APIConnectionError:
        where = "in the middle of an event" if mid_event else "between events"
        if self.sentinel is not None:
            signal = self.sentinel
        else:
            assert self.types is not None
            signal = " or ".join(sorted(self.types.end))
        return APIConnectionError(
            f"stream ended before {signal}: truncated {where} after {self.count} events",
            request=self.response.request,
        )


def _iter_sync(rules: _EventHandler[T]) -> Generator[T, None, None]:
    response = rules.response
    decoder = SSEDecoder()
    handle = rules.handle if rules.types is None else rules.handle_typed
    try:
        try:
            for chunk in response.iter_bytes():
                for sse in decoder.feed(chunk):
                    value = handle(sse)
                    if value is _SKIP:
                        continue
                    if value is _END:
                        return  # the rest of the body is left unread; finally closes
                    yield value
                    if rules.done:
                        return
        except httpx.HTTPError as exc:
            raise rules.transport_error(exc) from exc
        mid_event = decoder.finish()
        if rules.expects_end:
            raise rules.truncated(mid_event)
    finally:
        response.close()


async def _iter_async(rules: _EventHandler[T]) -> AsyncGenerator[T, None]:
    response = rules.response
    decoder = SSEDecoder()
    handle = rules.handle if rules.types is None else rules.handle_typed
    try:
        try:
            async for chunk in response.aiter_bytes():
                for sse in decoder.feed(chunk):
                    value = handle(sse)
                    if value is _SKIP:
                        continue
                    if value is _END:
                        return
                    yield value
                    if rules.done:
                        return
        except httpx.HTTPError as exc:
            raise rules.transport_error(exc) from exc
        mid_event = decoder.finish()
        if rules.expects_end:
            raise rules.truncated(mid_event)
    finally:
        await response.aclose()


class Stream(Generic[T]):
    """A synchronous stream of `T`, one per server-sent event.

    Iterate it (once) to get the values. Use it as a context manager or call `close()` to
    release the connection early; a `break` out of `for x in client.method(...)` releases it
    too, as soon as the stream is no longer referenced. `response` is the underlying
    `httpx.Response` (status, headers).

    Raises, while iterating: `APIStreamError` for an error event, `APIResponseValidationError`
    for a message that does not match `cast_to`, `APITimeoutError` when no data arrives
    within the read timeout, `APIConnectionError` when the connection fails or the body ends
    before `sentinel`.
    """

    response: httpx.Response

    def __init__(
        self,
        *,
        cast_to: type[T] | object,
        response: httpx.Response,
        client: object,
        sentinel: str | None,
        strict: bool = True,
    ) -> None:
        self.response = response
        self._client = client
        self._iterator = _iter_sync(
            _EventHandler[T](cast_to, response, sentinel, strict)
        )

    def __iter__(self) -> Iterator[T]:
        return self._iterator

    def __next__(self) -> T:
        return self._iterator.__next__()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Stop the stream and release the connection; safe to call more than once."""
        self._iterator.close()
        self.response.close()


class AsyncStream(Generic[T]):
    """An asynchronous stream of `T`, one per server-sent event.

    `response` must have been opened in streaming mode (`await client.send(request,
    stream=True)`). Use `async for` to get the values, `async with` or `await close()` /
    `await aclose()` to release the connection early. Errors are those of `Stream`.
    """

    response: httpx.Response

    def __init__(
        self,
        *,
        cast_to: type[T] | object,
        response: httpx.Response,
        client: object,
        sentinel: str | None,
        strict: bool = True,
    ) -> None:
        self.response = response
        self._client = client
        self._iterator = _iter_async(
            _EventHandler[T](cast_to, response, sentinel, strict)
        )

    def __aiter__(self) -> AsyncIterator[T]:
        return self._iterator

    async def __anext__(self) -> T:
        return await self._iterator.__anext__()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    async def close(self) -> None:
        """Stop the stream and release the connection; safe to call more than once."""
        await self._iterator.aclose()
        await self.response.aclose()

    async def aclose(self) -> None:
        """Alias of `close()`, for `contextlib.aclosing` and similar helpers."""
        await self.close()


# --------------------------------------------------------------------------------------------
# JSON Lines (`application/x-ndjson`, `application/jsonl`, ...): one JSON value per line
# --------------------------------------------------------------------------------------------


def _iter_lines_sync(rules: _EventHandler[T]) -> Generator[T, None, None]:
    response = rules.response
    handle = rules.handle
    try:
        try:
            for line in response.iter_lines():
                value = handle(ServerSentEvent(data=line))
                if value is _SKIP:
                    continue
                if value is _END:
                    return
                yield value
        except httpx.HTTPError as exc:
            raise rules.transport_error(exc) from exc
    finally:
        response.close()


async def _iter_lines_async(rules: _EventHandler[T]) -> AsyncGenerator[T, None]:
    response = rules.response
    handle = rules.handle
    try:
        try:
            async for line in response.aiter_lines():
                value = handle(ServerSentEvent(data=line))
                if value is _SKIP:
                    continue
                if value is _END:
                    return
                yield value
        except httpx.HTTPError as exc:
            raise rules.transport_error(exc) from exc
    finally:
        await response.aclose()


class JSONLStream(Stream[T]):
    """A synchronous stream of `T`, one per line of a JSON Lines body; blank lines are
    skipped. Used like `Stream` (iterate once, `close()`, context manager); the same errors.
    """

    def __init__(
        self,
        *,
        cast_to: type[T] | object,
        response: httpx.Response,
        client: object,
        sentinel: str | None,
        strict: bool = True,
    ) -> None:
        self.response = response
        self._client = client
        self._iterator = _iter_lines_sync(
            _EventHandler[T](cast_to, response, sentinel, strict)
        )


class AsyncJSONLStream(AsyncStream[T]):
    """An asynchronous stream of `T`, one per line of a JSON Lines body (see `JSONLStream`)."""

    def __init__(
        self,
        *,
        cast_to: type[T] | object,
        response: httpx.Response,
        client: object,
        sentinel: str | None,
        strict: bool = True,
    ) -> None:
        self.response = response
        self._client = client
        self._iterator = _iter_lines_async(
            _EventHandler[T](cast_to, response, sentinel, strict)
        )
