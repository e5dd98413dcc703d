"""Stream / AsyncStream over httpx.MockTransport: the SDK rules on top of the SSE decoder.

Every test runs twice, with `Stream` on a sync client and `AsyncStream` on an async one.
"""

from __future__ import annotations

import asyncio
import gzip
import importlib
import json
import tracemalloc
from collections.abc import AsyncIterator, Iterable, Iterator
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

import httpx
import pydantic
import pytest

try:
    from helpers import build_runtime_package
except ImportError:  # tests/runtime imported as a package
    from .helpers import build_runtime_package  # type: ignore[no-redef]


class Choice(pydantic.BaseModel):
    index: int = 0
    delta: dict[str, Any] = {}
    finish_reason: str | None = None


class Chunk(pydantic.BaseModel):
    id: str
    choices: list[Choice] = []


@pytest.fixture(scope="module")
def rt(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return build_runtime_package(tmp_path_factory.mktemp("rt"), name="stream_mock_pkg")


@pytest.fixture(scope="module")
def streaming(rt: ModuleType) -> ModuleType:
    return importlib.import_module(f"{rt.__name__}._streaming")


@pytest.fixture(scope="module")
def exc(rt: ModuleType) -> ModuleType:
    return importlib.import_module(f"{rt.__name__}._exceptions")


@pytest.fixture(params=["sync", "async"])
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def chunk(i: int, finish: str | None = None, **extra: Any) -> bytes:
    body = {
        "id": f"c{i}",
        "choices": [{"index": 0, "delta": {"content": str(i)}}],
        **extra,
    }
    if finish is not None:
        body["choices"][0]["finish_reason"] = finish
    return b"data: " + json.dumps(body).encode() + b"\n\n"


DONE = b"data: [DONE]\n\n"


class Body(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A response body that records how far it was read and whether it was closed."""

    def __init__(self, chunks: Iterable[bytes], error: Exception | None = None) -> None:
        self.chunks = chunks
        self.error = error
        self.sent = 0
        self.closed = False

    def __iter__(self) -> Iterator[bytes]:
        for c in self.chunks:
            self.sent += 1
            yield c
        if self.error is not None:
            raise self.error

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for c in self.__iter__():
            yield c

    def close(self) -> None:
        self.closed = True

    async def aclose(self) -> None:
        self.closed = True


@dataclass
class Result:
    items: list[Any] = field(default_factory=list)
    error: BaseException | None = None
    body: Body | None = None
    stream: Any = None


def run(
    streaming: ModuleType,
    mode: str,
    chunks: Iterable[bytes],
    *,
    cast_to: Any = Chunk,
    sentinel: str | None = "[DONE]",
    strict: bool = True,
    error: Exception | None = None,
    take: int | None = None,
    use_with: bool = False,
    headers: dict[str, str] | None = None,
    timeout: httpx.Timeout | None = None,
) -> Result:
    """Stream `chunks` through Stream/AsyncStream; stop after `take` items if given."""
    res = Result(body=Body(chunks, error))

    def handler(request: httpx.Request) -> httpx.Response:
        assert res.body is not None
        all_headers = {"content-type": "text/event-stream", **(headers or {})}
        return httpx.Response(200, headers=all_headers, stream=res.body)

    transport = httpx.MockTransport(handler)
    kwargs: dict[str, Any] = {
        "transport": transport,
        "timeout": timeout or httpx.Timeout(5.0),
    }
    common = {"cast_to": cast_to, "sentinel": sentinel, "strict": strict}

    if mode == "sync":
        with httpx.Client(**kwargs) as client:
            response = client.send(client.build_request("POST", "https://api.test/x"), stream=True)
            res.stream = streaming.Stream(response=response, client=client, **common)
            try:
                if use_with:
                    with res.stream as s:
                        for item in s:
                            res.items.append(item)
                            if take is not None and len(res.items) >= take:
                                break
                else:
                    for item in res.stream:
                        res.items.append(item)
                        if take is not None and len(res.items) >= take:
                            break
            except Exception as e:
                res.error = e
        return res

    async def main() -> None:
        async with httpx.AsyncClient(**kwargs) as client:
            request = client.build_request("POST", "https://api.test/x")
            response = await client.send(request, stream=True)
            res.stream = streaming.AsyncStream(response=response, client=client, **common)
            try:
                if use_with:
                    async with res.stream as s:
                        async for item in s:
                            res.items.append(item)
                            if take is not None and len(res.items) >= take:
                                break
                else:
                    async for item in res.stream:
                        res.items.append(item)
                        if take is not None and len(res.items) >= take:
                            break
            except Exception as e:
                res.error = e

    asyncio.run(main())
    return res


def ok(res: Result) -> list[Any]:
    if res.error is not None:
        raise res.error
    return res.items


# --- sentinel ---------------------------------------------------------------------------


def test_chunks_are_typed_and_done_ends_the_stream(streaming: ModuleType, mode: str) -> None:
    res = run(streaming, mode, [chunk(0), chunk(1), chunk(2, "stop"), DONE, b"data: nope\n\n"])
    items = ok(res)
    assert [c.id for c in items] == ["c0", "c1", "c2"]
    assert all(isinstance(c, Chunk) for c in items)
    assert [c.choices[0].finish_reason for c in items] == [None, None, "stop"]
    assert res.body is not None and res.body.closed
    assert res.body.sent == 4  # nothing after [DONE] was read


def test_done_with_surrounding_whitespace(streaming: ModuleType, mode: str) -> None:
    items = ok(run(streaming, mode, [chunk(0), b"data:  [DONE] \n\n", chunk(1)]))
    assert [c.id for c in items] == ["c0"]


def test_done_in_one_chunk_with_everything(streaming: ModuleType, mode: str) -> None:
    raw = b"".join([chunk(0), chunk(1), DONE, chunk(2)])
    assert [c.id for c in ok(run(streaming, mode, [raw]))] == ["c0", "c1"]


def test_custom_sentinel(streaming: ModuleType, mode: str) -> None:
    items = ok(run(streaming, mode, [chunk(0), b"data: END\n\n", chunk(1)], sentinel="END"))
    assert [c.id for c in items] == ["c0"]


def test_done_ends_a_stream_without_sentinel_too(streaming: ModuleType, mode: str) -> None:
    items = ok(run(streaming, mode, [chunk(0), DONE, chunk(1)], sentinel=None))
    assert [c.id for c in items] == ["c0"]


# --- skipped events ---------------------------------------------------------------------


def test_empty_comment_and_dataless_events_are_skipped(streaming: ModuleType, mode: str) -> None:
    chunks = [
        b": OPENROUTER PROCESSING\n\n",
        b"event: ping\n\n",
        b"data: \n\n",
        b"data:   \n\n",
        b"id: 4\n\n\n",
        chunk(0),
        b"\xef\xbb\xbf\n",  # a BOM mid-stream is not stripped: an unknown field, ignored
        DONE,
    ]
    assert [c.id for c in ok(run(streaming, mode, chunks))] == ["c0"]


def test_other_event_types_are_parsed_or_skipped(streaming: ModuleType, mode: str) -> None:
    chunks = [
        b"event: ping\ndata: {}\n\n",  # does not fit Chunk: skipped, not fatal
        b"event: ping\ndata: not json\n\n",
        b'event: delta\ndata: {"id": "typed"}\n\n',  # fits: yielded
        b'event: message\ndata: {"id": "m"}\n\n',
        chunk(0),
        DONE,
    ]
    assert [c.id for c in ok(run(streaming, mode, chunks))] == ["typed", "m", "c0"]


# --- error events -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "code", "message"),
    [
        (
            b'data: {"error": {"code": 502, "message": "overloaded"}}\n\n',
            502,
            "overloaded",
        ),
        (
            b'data: {"error": {"type": "server_error", "message": "m"}}\n\n',
            "server_error",
            "m",
        ),
        (b'data: {"error": "boom", "code": "E1"}\n\n', "E1", "boom"),
        (
            b'data: {"object": "error", "message": "bad", "type": "BadRequest", "code": 400}\n\n',
            400,
            "bad",
        ),
        (b'event: error\ndata: {"message": "ev", "code": "x"}\n\n', "x", "ev"),
        (b"event: error\ndata: plain text failure\n\n", None, "plain text failure"),
        (
            b'id: 1\ndata: {"id": "c9", "choices": [], "error": {"message": "late"}}\n\n',
            None,
            "late",
        ),
    ],
    ids=[
        "error-object",
        "error-type",
        "error-string",
        "vllm",
        "event-json",
        "event-text",
        "mixed",
    ],
)
def test_error_event_mid_stream(
    streaming: ModuleType,
    exc: ModuleType,
    mode: str,
    raw: bytes,
    code: object,
    message: str,
) -> None:
    res = run(streaming, mode, [chunk(0), chunk(1), raw, chunk(2), DONE])
    assert [c.id for c in res.items] == ["c0", "c1"]
    assert isinstance(res.error, exc.APIStreamError)
    assert res.error.code == code
    assert res.error.message == message
    assert str(res.error) == message
    if raw.startswith(b"data:") or b"{" in raw:
        assert isinstance(res.error.payload, dict)
    else:
        assert res.error.payload == "plain text failure"
    assert res.error.request is not None
    assert res.body is not None and res.body.closed


def test_error_key_that_is_null_or_inside_content_is_not_an_error(
    streaming: ModuleType, mode: str
) -> None:
    chunks = [
        chunk(0, error=None),
        b'data: {"id": "c1", "choices": [{"delta": {"content": "\\"error\\": 1"}}]}\n\n',
        b'data: {"id": "c2", "choices": [], "meta": {"error": "nested, not top-level"}}\n\n',
        DONE,
    ]
    assert [c.id for c in ok(run(streaming, mode, chunks))] == ["c0", "c1", "c2"]


# --- truncation -------------------------------------------------------------------------


def test_truncated_between_events_with_sentinel(
    streaming: ModuleType, exc: ModuleType, mode: str
) -> None:
    res = run(streaming, mode, [chunk(0), chunk(1)])
    assert [c.id for c in res.items] == ["c0", "c1"]
    assert type(res.error) is exc.APIConnectionError
    assert "stream ended before [DONE]: truncated" in str(res.error)
    assert "between events" in str(res.error)


def test_truncated_mid_event_with_sentinel(
    streaming: ModuleType, exc: ModuleType, mode: str
) -> None:
    res = run(streaming, mode, [chunk(0), b'data: {"id": "c1", "cho'])
    assert [c.id for c in res.items] == ["c0"]
    assert type(res.error) is exc.APIConnectionError
    assert "truncated in the middle of an event" in str(res.error)


def test_without_sentinel_end_of_body_ends_the_stream(streaming: ModuleType, mode: str) -> None:
    res = run(streaming, mode, [chunk(0), chunk(1), b"data: partial"], sentinel=None)
    assert [c.id for c in ok(res)] == ["c0", "c1"]
    assert res.body is not None and res.body.closed


# --- early exit closes the response -----------------------------------------------------


def endless() -> Iterator[bytes]:
    for i in range(100_000):  # bounded, but far more than any test reads
        yield chunk(i)


def test_break_inside_with_block_closes_response(streaming: ModuleType, mode: str) -> None:
    res = run(streaming, mode, endless(), take=3, use_with=True)
    assert [c.id for c in ok(res)] == ["c0", "c1", "c2"]
    assert res.body is not None and res.body.closed
    assert res.body.sent < 10


def test_close_is_idempotent_and_works_before_iterating(streaming: ModuleType) -> None:
    body = Body(endless())
    client = httpx.Client(transport=httpx.MockTransport(lambda r: httpx.Response(200, stream=body)))
    response = client.send(client.build_request("GET", "https://api.test/"), stream=True)
    stream = streaming.Stream(cast_to=Chunk, response=response, client=client, sentinel="[DONE]")
    stream.close()
    stream.close()
    assert body.closed and body.sent == 0
    assert list(stream) == []


def test_break_without_reference_closes_response(streaming: ModuleType) -> None:
    # No with-block and no variable: dropping the last reference to the stream after `break`
    # finalises its generator, whose finally closes the response.
    body = Body(endless())
    client = httpx.Client(transport=httpx.MockTransport(lambda r: httpx.Response(200, stream=body)))
    response = client.send(client.build_request("GET", "https://api.test/"), stream=True)
    for c in streaming.Stream(cast_to=Chunk, response=response, client=client, sentinel=None):
        assert c.id == "c0"
        break
    assert body.closed


def test_async_close_and_aclose(streaming: ModuleType) -> None:
    async def main() -> None:
        body = Body(endless())
        transport = httpx.MockTransport(lambda r: httpx.Response(200, stream=body))
        async with httpx.AsyncClient(transport=transport) as client:
            response = await client.send(
                client.build_request("GET", "https://a.test/"), stream=True
            )
            stream = streaming.AsyncStream(
                cast_to=Chunk, response=response, client=client, sentinel=None
            )
            assert (await stream.__anext__()).id == "c0"
            await stream.aclose()
            await stream.close()
            assert body.closed
            assert [c async for c in stream] == []

    asyncio.run(main())


# --- validation -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        b'data: {"choices": []}\n\n',
        b"data: {not json\n\n",
        b'data: {"id": "x", "choices": 5}\n\n',
    ],
    ids=["missing-field", "invalid-json", "wrong-type"],
)
def test_validation_failure(streaming: ModuleType, exc: ModuleType, mode: str, raw: bytes) -> None:
    res = run(streaming, mode, [chunk(0), raw, chunk(1), DONE])
    assert [c.id for c in res.items] == ["c0"]
    err = res.error
    assert isinstance(err, exc.APIResponseValidationError)
    assert err.body_start == raw[6:-2].decode()
    assert err.status_code == 200
    assert "\n" not in str(err)
    assert isinstance(err.__cause__, ValueError)
    assert res.body is not None and res.body.closed


def test_strict_false_builds_without_validation(
    streaming: ModuleType, exc: ModuleType, mode: str
) -> None:
    raw = b'data: {"id": 123, "choices": [{"finish_reason": 7, "extra": true}], "x": 1}\n\n'
    items = ok(run(streaming, mode, [raw, DONE], strict=False))
    (item,) = items
    assert isinstance(item, Chunk)
    assert item.id == 123  # kept as sent: no validation, no coercion
    assert isinstance(item.choices[0], Choice)
    assert item.choices[0].finish_reason == 7
    # Events of other types must still fit the type: keep-alives are not bogus chunks.
    chunks = [
        b"event: ping\ndata: {}\n\n",
        b'event: delta\ndata: {"id": "d"}\n\n',
        DONE,
    ]
    assert [c.id for c in ok(run(streaming, mode, chunks, strict=False))] == ["d"]
    # Still JSON-parsed: not JSON at all is an error even when lenient.
    res = run(streaming, mode, [b"data: {oops\n\n", DONE], strict=False)
    assert isinstance(res.error, exc.APIResponseValidationError)


def test_non_model_cast_to(streaming: ModuleType, mode: str) -> None:
    chunks = [b'data: {"a": 1}\n\n', b'data: {"b": 2}\n\n', DONE]
    assert ok(run(streaming, mode, chunks, cast_to=dict[str, int])) == [
        {"a": 1},
        {"b": 2},
    ]
    assert ok(run(streaming, mode, [b"data: [1, 2]\n\n", DONE], cast_to=list[int])) == [[1, 2]]


# --- transport errors -------------------------------------------------------------------


@pytest.mark.parametrize(
    "error",
    [
        httpx.ReadError("connection reset"),
        httpx.RemoteProtocolError("incomplete chunked read"),
    ],
)
def test_transport_errors_become_connection_errors(
    streaming: ModuleType, exc: ModuleType, mode: str, error: Exception
) -> None:
    res = run(streaming, mode, [chunk(0), b'data: {"id": "c1"'], error=error)
    assert [c.id for c in res.items] == ["c0"]
    assert type(res.error) is exc.APIConnectionError
    assert res.error.__cause__ is error
    assert type(error).__name__ in str(res.error)
    assert res.body is not None and res.body.closed


def test_read_timeout_becomes_idle_timeout(
    streaming: ModuleType, exc: ModuleType, mode: str
) -> None:
    error = httpx.ReadTimeout("timed out")
    res = run(streaming, mode, [chunk(0)], error=error, timeout=httpx.Timeout(30.0, read=0.5))
    assert [c.id for c in res.items] == ["c0"]
    assert isinstance(res.error, exc.APITimeoutError)
    assert "no data received for 0.5 seconds" in str(res.error)
    assert res.error.__cause__ is error


# --- response, encodings, memory --------------------------------------------------------


def test_response_exposes_status_and_headers(streaming: ModuleType, mode: str) -> None:
    res = run(streaming, mode, [chunk(0), DONE], headers={"x-request-id": "req_1"})
    ok(res)
    assert res.stream.response.status_code == 200
    assert res.stream.response.headers["x-request-id"] == "req_1"


def test_gzip_encoded_stream(streaming: ModuleType, mode: str) -> None:
    raw = gzip.compress(b"".join(chunk(i) for i in range(50)) + DONE)
    pieces = [raw[i : i + 13] for i in range(0, len(raw), 13)]
    res = run(streaming, mode, pieces, headers={"content-encoding": "gzip"})
    assert [c.id for c in ok(res)] == [f"c{i}" for i in range(50)]


def test_constant_memory(streaming: ModuleType) -> None:
    def peak(n: int) -> int:
        def chunks() -> Iterator[bytes]:
            # Values repeat: pydantic-core keeps a bounded cache of recently seen short
            # strings, which would otherwise show up as (bounded) growth.
            for i in range(n):
                yield chunk(i % 100)
            yield DONE

        body = Body(chunks())
        transport = httpx.MockTransport(lambda r: httpx.Response(200, stream=body))
        with httpx.Client(transport=transport) as client:
            response = client.send(client.build_request("GET", "https://a.test/"), stream=True)
            stream = streaming.Stream(
                cast_to=Chunk, response=response, client=client, sentinel="[DONE]"
            )
            tracemalloc.start()
            try:
                count = sum(1 for _ in stream)
                assert count == n
                return tracemalloc.get_traced_memory()[1]
            finally:
                tracemalloc.stop()

    # Ten times the events, (nearly) the same peak: nothing accumulates per event.
    small, large = peak(1_000), peak(10_000)
    assert large < small * 1.5 + 64_000, (small, large)
