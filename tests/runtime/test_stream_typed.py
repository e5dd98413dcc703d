"""Typed event streams (`EventTypes`): named events, tags, envelopes, end events, errors.

The fixtures are written from the public descriptions of each wire format (named events with a
terminal event and no sentinel; hyphenated names; dotted names; an event union told apart by
the payload's `type`), not copied from any SDK. Each is also fed split at every byte boundary.
"""

from __future__ import annotations

import importlib
import json
from types import ModuleType
from typing import Any, Literal

import httpx
import pydantic
import pytest

try:
    from test_stream_mock import Result, run
except ImportError:  # tests/runtime imported as a package
    from .test_stream_mock import Result, run  # type: ignore[no-redef]


class Start(pydantic.BaseModel):
    type: Literal["start"]
    id: str


class Delta(pydantic.BaseModel):
    type: Literal["delta"]
    index: int
    text: str


class Stop(pydantic.BaseModel):
    type: Literal["stop"]


class Ping(pydantic.BaseModel):
    type: Literal["ping"]


@pytest.fixture(scope="module")
def streaming(rt: ModuleType) -> ModuleType:
    return importlib.import_module(f"{rt.__name__}._streaming")


@pytest.fixture(scope="module")
def exc(rt: ModuleType) -> ModuleType:
    return importlib.import_module(f"{rt.__name__}._exceptions")


@pytest.fixture(params=["sync", "async"])
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def sse(event: str | None, data: Any, crlf: bool = False) -> bytes:
    text = data if isinstance(data, str) else json.dumps(data)
    lines = ([f"event: {event}"] if event is not None else []) + [f"data: {text}", "", ""]
    return ("\r\n" if crlf else "\n").join(lines).encode()


def named(streaming: ModuleType, *, end: tuple[str, ...] = ("stop",)) -> Any:
    return streaming.EventTypes(by_event={"start": Start, "delta": Delta, "stop": Stop}, end=end)


NAMED = [
    sse("start", {"type": "start", "id": "m1"}),
    b": a comment is skipped\n\n",
    sse("ping", {"type": "ping"}),
    sse("delta", {"type": "delta", "index": 0, "text": "Hel"}),
    sse("delta", {"type": "delta", "index": 0, "text": "lo \u00e9\u4e16"}, crlf=True),
    sse("stop", {"type": "stop"}),
]


def texts(items: list[Any]) -> str:
    return "".join(i.text for i in items if getattr(i, "type", None) == "delta")


def test_named_events_are_typed_and_end_on_the_terminal_event(
    streaming: ModuleType, mode: str
) -> None:
    res = run(
        streaming,
        mode,
        [*NAMED, sse("delta", {"late": 1})],
        cast_to=named(streaming),
        sentinel=None,
    )
    assert res.error is None, res.error
    assert [type(i).__name__ for i in res.items] == ["Start", "Delta", "Delta", "Stop"]
    assert texts(res.items) == "Hello \u00e9\u4e16"
    assert res.body is not None and res.body.closed


def test_truncation_before_the_terminal_event_raises(
    streaming: ModuleType, exc: ModuleType, mode: str
) -> None:
    res = run(streaming, mode, NAMED[:-1], cast_to=named(streaming), sentinel=None)
    assert isinstance(res.error, exc.APIConnectionError)
    assert "stop" in str(res.error) and "truncated" in str(res.error)
    # Mid-event truncation too.
    res = run(
        streaming,
        mode,
        [*NAMED[:-1], b"event: stop\ndata: {"],
        cast_to=named(streaming),
        sentinel=None,
    )
    assert isinstance(res.error, exc.APIConnectionError)
    assert "in the middle of an event" in str(res.error)


def test_without_an_end_event_a_normal_close_ends_the_stream(
    streaming: ModuleType, mode: str
) -> None:
    res = run(streaming, mode, NAMED[:-1], cast_to=named(streaming, end=()), sentinel=None)
    assert res.error is None
    assert len(res.items) == 3


def test_done_always_ends_and_a_declared_sentinel_ends(streaming: ModuleType, mode: str) -> None:
    res = run(
        streaming,
        mode,
        [*NAMED[:2], b"data: [DONE]\n\n", NAMED[3]],
        cast_to=named(streaming),
        sentinel=None,
    )
    assert res.error is None and len(res.items) == 1
    res = run(
        streaming,
        mode,
        [*NAMED[:2], b"data: <<END>>\n\n", NAMED[3]],
        cast_to=named(streaming, end=()),
        sentinel="<<END>>",
    )
    assert res.error is None and len(res.items) == 1


def test_unknown_events_arrive_as_unknown_event(streaming: ModuleType, mode: str) -> None:
    chunks = [
        NAMED[0],
        sse("citation", {"type": "citation", "url": "https://x.test"}),
        sse("note", "not json"),
        sse(None, {"type": "brand_new", "n": 1}),
        NAMED[-1],
    ]
    res = run(streaming, mode, chunks, cast_to=named(streaming), sentinel=None)
    assert res.error is None, res.error
    unknown = [i for i in res.items if isinstance(i, streaming.UnknownEvent)]
    assert [(u.type, u.event) for u in unknown] == [
        ("unknown", "citation"),
        ("unknown", "note"),
        ("unknown", "brand_new"),
    ]
    assert unknown[0].data == {"type": "citation", "url": "https://x.test"}
    assert unknown[1].data == "not json"


def test_a_typed_ping_is_yielded(streaming: ModuleType, mode: str) -> None:
    types = streaming.EventTypes(by_event={"ping": Ping, "stop": Stop}, end=("stop",))
    res = run(
        streaming, mode, [sse("ping", {"type": "ping"}), NAMED[-1]], cast_to=types, sentinel=None
    )
    assert [type(i).__name__ for i in res.items] == ["Ping", "Stop"]


def test_error_event_raises_with_the_apis_type_and_message(
    streaming: ModuleType, exc: ModuleType, mode: str
) -> None:
    error = {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}
    res = run(
        streaming,
        mode,
        [*NAMED[:3], sse("error", error), NAMED[-1]],
        cast_to=named(streaming),
        sentinel=None,
    )
    assert isinstance(res.error, exc.APIStreamError)
    assert res.error.code == "overloaded_error"
    assert str(res.error) == "Overloaded"
    assert len(res.items) == 1
    # A payload tagged as the error, on an unnamed event, with top-level code and message.
    flat = {"type": "error", "code": "server_error", "message": "went wrong"}
    res = run(streaming, mode, [sse(None, flat)], cast_to=named(streaming), sentinel=None)
    assert isinstance(res.error, exc.APIStreamError)
    assert (res.error.code, str(res.error)) == ("server_error", "went wrong")


def test_tagged_union_without_event_names(streaming: ModuleType, mode: str) -> None:
    types = streaming.EventTypes(
        by_type={"start": Start, "delta": Delta, "stop": Stop}, end=("stop",)
    )
    chunks = [
        sse(None, {"type": "start", "id": "a"}),
        sse(None, {"type": "delta", "index": 1, "text": "x"}),
        sse(None, {"type": "stop"}),
    ]
    res = run(
        streaming,
        mode,
        [*chunks, sse(None, {"type": "start", "id": "b"})],
        cast_to=types,
        sentinel=None,
    )
    assert res.error is None
    assert [type(i).__name__ for i in res.items] == ["Start", "Delta", "Stop"]


def test_a_typed_event_that_does_not_match_raises_validation_error(
    streaming: ModuleType, exc: ModuleType, mode: str
) -> None:
    res = run(
        streaming,
        mode,
        [sse("delta", {"type": "delta", "index": "x"})],
        cast_to=named(streaming),
        sentinel=None,
    )
    assert isinstance(res.error, exc.APIResponseValidationError)
    assert "delta" in str(res.error)


def test_lenient_mode_builds_typed_events(streaming: ModuleType, mode: str) -> None:
    res = run(streaming, mode, NAMED, cast_to=named(streaming), sentinel=None, strict=False)
    assert res.error is None
    assert [type(i).__name__ for i in res.items] == ["Start", "Delta", "Delta", "Stop"]


def test_response_status_and_headers_on_the_stream(streaming: ModuleType, mode: str) -> None:
    res: Result = run(
        streaming,
        mode,
        NAMED,
        cast_to=named(streaming),
        sentinel=None,
        headers={"request-id": "r-1"},
    )
    assert res.stream.response.status_code == 200
    assert res.stream.response.headers["request-id"] == "r-1"


# --- every byte boundary -------------------------------------------------------------------

ERROR_BODY = [*NAMED[:2], sse("error", {"type": "error", "error": {"type": "x", "message": "m"}})]
UNKNOWN_BODY = [NAMED[0], sse("newer", {"type": "newer"}), NAMED[-1]]


def outcome(
    streaming: ModuleType, client: httpx.Client, body: bytes, split: int, types: Any = None
) -> str:
    parts = [body[:split], body[split:]] if split else [body]
    request = client.build_request("POST", "https://api.test/x")
    client._transport = httpx.MockTransport(
        lambda r: httpx.Response(
            200,
            headers={"content-type": "text/event-stream"},
            stream=httpx.ByteStream(b"") if not parts else _Chunks(parts),
        )
    )
    response = client.send(request, stream=True)
    out = []
    try:
        for item in streaming.Stream(
            cast_to=types or named(streaming), response=response, client=client, sentinel=None
        ):
            out.append(f"{type(item).__name__}:{getattr(item, 'text', '')}")
    except Exception as e:
        out.append(type(e).__name__)
    return "|".join(out)


class _Chunks(httpx.SyncByteStream):
    def __init__(self, parts: list[bytes]) -> None:
        self.parts = parts

    def __iter__(self) -> Any:
        return iter(self.parts)


class HyStart(pydantic.BaseModel):
    type: Literal["message-start"]


class HyDelta(pydantic.BaseModel):
    type: Literal["content-delta"]
    text: str


class HyEnd(pydantic.BaseModel):
    type: Literal["message-end"]


class DotCreated(pydantic.BaseModel):
    type: Literal["response.created"]


class DotDelta(pydantic.BaseModel):
    type: Literal["response.output_text.delta"]
    text: str


class DotDone(pydantic.BaseModel):
    type: Literal["response.completed"]


HYPHEN = [
    sse("message-start", {"type": "message-start"}),
    sse("content-delta", {"type": "content-delta", "text": "a\u00e9"}),
    sse("citation-start", {"type": "citation-start"}),
    sse("content-delta", {"type": "content-delta", "text": "b"}, crlf=True),
    sse("message-end", {"type": "message-end"}),
]
DOTTED = [
    sse("response.created", {"type": "response.created"}),
    b": comment\n\n",
    sse("response.output_text.delta", {"type": "response.output_text.delta", "text": "x"}),
    sse(None, {"type": "response.output_text.delta", "text": "y"}),
    sse("response.completed", {"type": "response.completed"}),
]


@pytest.mark.parametrize(
    ("body", "end"),
    [
        (HYPHEN, "message-end"),
        (HYPHEN[:-1], "message-end"),
        (DOTTED, "response.completed"),
        (DOTTED[:-1], "response.completed"),
    ],
    ids=["hyphen", "hyphen-truncated", "dotted", "dotted-truncated"],
)
def test_tagged_streams_give_the_same_events_at_every_byte_boundary(
    streaming: ModuleType, body: list[bytes], end: str
) -> None:
    by_type = {
        "message-start": HyStart,
        "content-delta": HyDelta,
        "message-end": HyEnd,
        "response.created": DotCreated,
        "response.output_text.delta": DotDelta,
        "response.completed": DotDone,
    }
    types = streaming.EventTypes(by_type=by_type, end=(end,))
    data = b"".join(body)
    with httpx.Client() as client:
        whole = outcome(streaming, client, data, 0, types)
        assert whole.endswith("APIConnectionError") == (
            body[-1] is not HYPHEN[-1] and body[-1] is not DOTTED[-1]
        )
        if body[0] is HYPHEN[0]:
            assert whole.startswith("HyStart:|HyDelta:a\u00e9|UnknownEvent:|HyDelta:b"), whole
        for split in range(1, len(data)):
            assert outcome(streaming, client, data, split, types) == whole, split


@pytest.mark.parametrize(
    "body",
    [NAMED, NAMED[:-1], ERROR_BODY, UNKNOWN_BODY],
    ids=["complete", "truncated", "error", "unknown"],
)
def test_every_byte_boundary_gives_the_same_events(
    streaming: ModuleType, body: list[bytes]
) -> None:
    data = b"".join(body)
    with httpx.Client() as client:
        whole = outcome(streaming, client, data, 0)
        assert whole.count(":") >= 1
        for split in range(1, len(data)):
            assert outcome(streaming, client, data, split) == whole, split
