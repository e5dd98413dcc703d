"""Requests refused before sending (CR/LF headers, RFC 6265 cookies, bad base URLs), calls
after close(), and the response size cap; sync and async, against the loopback server."""

from __future__ import annotations

import types
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from rt_support import BASE_URL, Recorder, ScriptedServer, make_async, make_sync, respond, run

KINDS = ["sync", "async"]
ServerFactory = Callable[..., ScriptedServer]


def call(rt: types.ModuleType, kind: str, server: ScriptedServer, *,
         client_kwargs: dict[str, Any] | None = None, **request_kwargs: Any) -> Any:  # fmt: skip
    kwargs = {"base_url": server.url, **(client_kwargs or {})}
    request_kwargs.setdefault("cast_to", dict)
    if kind == "sync":
        with rt._base_client.SyncAPIClient(**kwargs) as client:
            client._sleep = lambda s: pytest.fail("a refused request was retried")
            return client.request("GET", "/x", **request_kwargs)

    async def go() -> Any:
        async with rt._base_client.AsyncAPIClient(**kwargs) as client:
            return await client.request("GET", "/x", **request_kwargs)

    return run(go())


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(
    "where",
    [
        {"headers": {"X-Trace": "a\r\nX-Admin: 1"}},
        {"headers": {"X-Trace": "a\nb"}},
        {"options": {"extra_headers": {"X-Trace": "a\rb"}}},
        {"headers": {"X-Trace": "nul\x00"}},
    ],
)
def test_crlf_in_a_header_value_is_refused_at_once(
    rt: types.ModuleType, server_factory: ServerFactory, kind: str, where: dict[str, Any]
) -> None:
    server = server_factory(respond(200))
    with pytest.raises(rt._exceptions.RequestValidationError) as info:
        call(rt, kind, server, **where)
    assert isinstance(info.value, ValueError) and isinstance(info.value, rt._exceptions.APIError)
    assert "X-Trace" in str(info.value)
    assert server.count == 0


def test_crlf_in_default_or_credential_headers_is_refused_at_creation(
    rt: types.ModuleType,
) -> None:
    bc = rt._base_client
    with pytest.raises(rt._exceptions.RequestValidationError):
        bc.SyncAPIClient(base_url=BASE_URL, default_headers={"X-A": "1\r\n2"})
    with pytest.raises(rt._exceptions.RequestValidationError):
        bc.AsyncAPIClient(
            base_url=BASE_URL, auth=bc.AuthConfig(headers={"Authorization": "Bearer k\n"})
        )


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("value", ["abc; admin=true", "a b", 'say "hi"', "a,b", "back\\slash",
                                   "caf\u00e9", "tab\t"])  # fmt: skip
def test_cookie_values_outside_rfc6265_are_refused(
    rt: types.ModuleType, server_factory: ServerFactory, kind: str, value: str
) -> None:
    server = server_factory(respond(200))
    with pytest.raises(rt._exceptions.RequestValidationError, match="session"):
        call(rt, kind, server, cookies={"session": value})
    assert server.count == 0


@pytest.mark.parametrize("kind", KINDS)
def test_valid_cookie_values_are_sent(
    rt: types.ModuleType, server_factory: ServerFactory, kind: str
) -> None:
    server = server_factory(respond(200))
    call(rt, kind, server, cookies={"session": "abc-123_~!#$%&'()*+./:<=>?@[]^`{|}", "q": '"x"'})
    assert server.seen[0].headers["cookie"] == (
        "session=abc-123_~!#$%&'()*+./:<=>?@[]^`{|}; q=\"x\""
    )


@pytest.mark.parametrize(
    "url",
    ["https://api.example.com\r\nX-Evil: 1", "https://api.example.com/a b", "ftp://files.test",
     "https://", "not a url", "http://exa\x00mple.com"],
)  # fmt: skip
def test_invalid_base_urls(rt: types.ModuleType, url: str) -> None:
    bc = rt._base_client
    for cls in (bc.SyncAPIClient, bc.AsyncAPIClient):
        with pytest.raises(rt._exceptions.RequestValidationError, match="Invalid base URL"):
            cls(base_url=url)
    assert issubclass(rt._exceptions.RequestValidationError, rt._config.SDKError)


def test_a_server_url_template_is_checked_once_filled_in(rt: types.ModuleType) -> None:
    """`resolve_base_url` returns the spec's URL with its `{variables}`: the client checks the
    URL after the generated constructor has filled them in."""
    bc = rt._base_client
    template = "http://127.0.0.1:{port}/{base}"
    assert bc.resolve_base_url(template) == template
    with pytest.raises(rt._exceptions.RequestValidationError, match="Invalid base URL"):
        bc.SyncAPIClient(base_url=template)
    bc.SyncAPIClient(base_url=template.replace("{port}", "8080").replace("{base}", "v1")).close()


@pytest.mark.parametrize("kind", KINDS)
def test_calls_after_close_raise_client_closed(
    rt: types.ModuleType, server_factory: ServerFactory, kind: str
) -> None:
    server = server_factory(respond(200))
    bc = rt._base_client
    if kind == "sync":
        client = bc.SyncAPIClient(base_url=server.url)
        client.request("GET", "/x", cast_to=dict)
        copy = client.with_options(max_retries=0)
        client.close()
        for c in (client, copy):  # the copy shares the closed pool
            with pytest.raises(rt._exceptions.ClientClosedError):
                c.request("GET", "/x", cast_to=dict)
        # A client over the caller's pool: close() does not close the pool, but the client is
        # closed all the same.
        own = httpx.Client()
        mine = bc.SyncAPIClient(base_url=server.url, http_client=own)
        mine.close()
        assert not own.is_closed
        with pytest.raises(rt._exceptions.ClientClosedError):
            mine.request("GET", "/x", cast_to=dict)
        own.close()
    else:

        async def go() -> None:
            client = bc.AsyncAPIClient(base_url=server.url)
            await client.request("GET", "/x", cast_to=dict)
            await client.close()
            with pytest.raises(rt._exceptions.ClientClosedError):
                await client.request("GET", "/x", cast_to=dict)
            own = httpx.AsyncClient()
            await own.aclose()
            with pytest.raises(rt._exceptions.ClientClosedError):
                await bc.AsyncAPIClient(base_url=server.url, http_client=own).request(
                    "GET", "/x", cast_to=dict
                )

        run(go())
    assert server.count == 1
    assert issubclass(rt._exceptions.ClientClosedError, rt._exceptions.APIError)


@pytest.mark.parametrize("kind", KINDS)
def test_body_over_max_response_bytes(
    rt: types.ModuleType, server_factory: ServerFactory, kind: str
) -> None:
    body = b'{"a": "' + b"x" * 5000 + b'"}'
    server = server_factory(respond(200, body))
    with pytest.raises(rt._exceptions.APIResponseTooLargeError) as info:
        call(rt, kind, server, client_kwargs={"max_response_bytes": 1000})
    assert info.value.limit == 1000 and info.value.status_code == 200
    assert server.count == 1  # not retried
    # Per call: a larger limit, or None (no limit).
    for limit in (10_000, None):
        result = call(rt, kind, server, client_kwargs={"max_response_bytes": 1000},
                      options={"max_response_bytes": limit})  # fmt: skip
        assert len(result["a"]) == 5000
    # An error body counts too.
    server = server_factory(respond(500, body))
    with pytest.raises(rt._exceptions.APIResponseTooLargeError):
        call(rt, kind, server, client_kwargs={"max_response_bytes": 100, "max_retries": 0})


def _counting_stream(chunks: int, size: int, sent: list[int]) -> Iterator[bytes]:
    for _ in range(chunks):
        sent.append(size)
        yield b"x" * size


@pytest.mark.parametrize("kind", KINDS)
def test_undeclared_length_stops_reading_at_the_limit(rt: types.ModuleType, kind: str) -> None:
    """No Content-Length (chunked or compressed): reading stops at the first chunk over."""
    sent: list[int] = []

    def reply(request: httpx.Request) -> httpx.Response:
        if kind == "sync":
            return httpx.Response(200, content=_counting_stream(1000, 1000, sent))

        async def chunks() -> Any:
            for chunk in _counting_stream(1000, 1000, sent):
                yield chunk

        return httpx.Response(200, content=chunks())

    make = make_sync if kind == "sync" else make_async
    if kind == "sync":
        client, _ = make(rt, Recorder(reply), max_response_bytes=10_500)
        with pytest.raises(rt._exceptions.APIResponseTooLargeError):
            client.request("GET", "/x", cast_to=bytes, response_kind="bytes")
    else:

        async def handler(request: httpx.Request) -> httpx.Response:
            return reply(request)

        client = rt._base_client.AsyncAPIClient(
            base_url=BASE_URL,
            max_response_bytes=10_500,
            http_client=httpx.AsyncClient(transport=httpx.MockTransport(handler)),
        )
        with pytest.raises(rt._exceptions.APIResponseTooLargeError):
            run(client.request("GET", "/x", cast_to=bytes, response_kind="bytes"))
    assert len(sent) == 11  # not the 1000 chunks on offer


def test_default_limit_is_100_mib(rt: types.ModuleType) -> None:
    client = rt._base_client.SyncAPIClient(base_url=BASE_URL)
    assert client.max_response_bytes == 104_857_600
    assert client.with_options(max_response_bytes=None).max_response_bytes is None
    with pytest.raises(ValueError):
        rt._base_client.SyncAPIClient(base_url=BASE_URL, max_response_bytes=-1)
    client.close()


@pytest.mark.parametrize("kind", KINDS)
def test_streams_are_exempt_from_the_limit(
    rt: types.ModuleType, server_factory: ServerFactory, kind: str
) -> None:
    events = b"".join(b'data: {"i": %d, "pad": "%s"}\n\n' % (i, b"x" * 200) for i in range(50))
    server = server_factory(
        respond(200, events + b"data: [DONE]\n\n", headers={"Content-Type": "text/event-stream"})
    )
    kwargs = {"base_url": server.url, "max_response_bytes": 1000}
    if kind == "sync":
        with rt._base_client.SyncAPIClient(**kwargs) as client:
            stream = client.request(
                "GET", "/x", cast_to=dict, stream_cls=rt._streaming.Stream, stream_sentinel="[DONE]"
            )
            items = [item["i"] for item in stream]
    else:

        async def go() -> list[int]:
            async with rt._base_client.AsyncAPIClient(**kwargs) as client:
                stream = await client.request(
                    "GET", "/x", cast_to=dict, stream_cls=rt._streaming.AsyncStream,
                    stream_sentinel="[DONE]",
                )  # fmt: skip
                return [item["i"] async for item in stream]

        items = run(go())
    assert items == list(range(50)) and len(events) > 10_000
