"""AsyncAPIClient over httpx.MockTransport: the async twin of the sync request loop."""

from __future__ import annotations

import io
import json
import types
from typing import Any

import httpx
import pytest
from rt_support import BASE_URL, Recorder, make_async, run


def test_async_request_and_retries(rt: types.ModuleType) -> None:
    rec = Recorder(
        httpx.Response(503), httpx.Response(429), httpx.Response(200, json={"a": 1})
    )
    client, sleeps = make_async(rt, rec)
    assert run(client.request("GET", "/x", cast_to=dict)) == {"a": 1}
    assert rec.count == 3 and len(sleeps) == 2
    assert [r.headers["x-retry-count"] for r in rec.requests] == ["0", "1", "2"]


def test_async_status_error_and_long_retry_after(rt: types.ModuleType) -> None:
    rec = Recorder(
        httpx.Response(
            429, json={"message": "slow down"}, headers={"retry-after": "61"}
        )
    )
    client, sleeps = make_async(rt, rec)
    with pytest.raises(rt._exceptions.RateLimitError) as info:
        run(client.request("GET", "/x", cast_to=dict))
    assert (
        info.value.retry_after == 61.0
        and str(info.value) == "Error code: 429 - slow down"
    )
    assert rec.count == 1 and sleeps == []


def test_async_connection_and_timeout_errors(rt: types.ModuleType) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    def slow(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectTimeout("timed out", request=request)

    rec = Recorder(refuse)
    client, _ = make_async(rt, rec)
    with pytest.raises(rt._exceptions.APIConnectionError):
        run(client.request("GET", "/x", cast_to=dict))
    assert rec.count == 3
    rec = Recorder(slow)
    client, _ = make_async(rt, rec, max_retries=0)
    with pytest.raises(rt._exceptions.APITimeoutError):
        run(client.request("GET", "/x", cast_to=dict))
    assert rec.count == 1


def test_async_body_query_headers(rt: types.ModuleType) -> None:
    rec = Recorder()
    client, _ = make_async(rt, rec, default_headers={"X-D": "1"})
    run(
        client.request(
            "POST",
            "/items/{id}",
            cast_to=object,
            path_params={"id": "a b"},
            query={"q": [1, 2], "n": None},
            json_body={"k": rt._types.omit, "v": None},
            options={"extra_headers": {"X-E": "2"}, "extra_body": {"x": 1}},
        )
    )
    request = rec.requests[0]
    assert request.url.raw_path == b"/v1/items/a%20b?q=1&q=2"
    assert json.loads(request.content) == {"v": None, "x": 1}
    assert request.headers["x-d"] == "1" and request.headers["x-e"] == "2"


def test_async_multipart_retry(rt: types.ModuleType) -> None:
    rec = Recorder(httpx.Response(500), httpx.Response(200, json={}))
    client, _ = make_async(rt, rec)
    run(
        client.request(
            "POST", "/u", cast_to=object, files={"f": io.BytesIO(b"payload")}
        )
    )
    assert rec.count == 2 and all(b"payload" in r.content for r in rec.requests)


def test_async_validation_error(rt: types.ModuleType) -> None:
    rec = Recorder(
        httpx.Response(200, text="<html/>", headers={"content-type": "text/html"})
    )
    client, _ = make_async(rt, rec)
    with pytest.raises(rt._exceptions.APIResponseValidationError) as info:
        run(client.request("GET", "/x", cast_to=dict))
    assert info.value.body_start == "<html/>"


def test_async_raw_response_wrapper(rt: types.ModuleType) -> None:
    rec = Recorder(httpx.Response(200, json={"id": 1}, headers={"x-request-id": "abc"}))
    client, _ = make_async(rt, rec)

    async def get() -> dict[str, Any]:
        return await client.request("GET", "/x", cast_to=dict)  # type: ignore[no-any-return]

    raw = run(rt._response.async_to_raw_response_wrapper(get)())
    assert isinstance(raw, rt._response.APIResponse)
    assert raw.headers["x-request-id"] == "abc" and raw.parse() == {"id": 1}
    assert run(get()) == {"id": 1}


class FakeAsyncStream:
    def __init__(self, **kwargs: Any) -> None:
        self.kwargs = kwargs


def test_async_stream_cls(rt: types.ModuleType) -> None:
    rec = Recorder(httpx.Response(502), httpx.Response(200, content=b"data: 1\n\n"))
    client, sleeps = make_async(rt, rec, stream_idle_timeout=2.5)
    stream = run(client.request("GET", "/s", cast_to=int, stream_cls=FakeAsyncStream))
    assert isinstance(stream, FakeAsyncStream) and stream.kwargs["client"] is client
    assert rec.count == 2 and len(sleeps) == 1
    assert rec.requests[0].extensions["timeout"]["read"] == 2.5


def test_async_close_semantics(rt: types.ModuleType) -> None:
    AsyncAPIClient = rt._base_client.AsyncAPIClient

    async def scenario() -> None:
        async with AsyncAPIClient(base_url=BASE_URL) as client:
            assert not client.is_closed
        assert client.is_closed
        other = AsyncAPIClient(base_url=BASE_URL)
        await other.aclose()
        assert other.is_closed
        mine = httpx.AsyncClient()
        async with AsyncAPIClient(base_url=BASE_URL, http_client=mine) as borrowed:
            copy = borrowed.with_options(max_retries=0)
            assert copy._client is mine
        await copy.close()
        assert not mine.is_closed
        await mine.aclose()

    run(scenario())


def test_async_rejects_sync_http_client(rt: types.ModuleType) -> None:
    with pytest.raises(TypeError, match="AsyncClient"):
        rt._base_client.AsyncAPIClient(base_url=BASE_URL, http_client=httpx.Client())
