"""SyncAPIClient over httpx.MockTransport: request building, retries, errors, parsing."""

from __future__ import annotations

import datetime as dt
import email.utils
import io
import json
import logging
import sys
import time
import types
import uuid
from pathlib import Path
from typing import Any

import httpx
import pydantic
import pytest
from rt_support import BASE_URL, Recorder, make_sync

# ------------------------------------------------------------------------------------------
# URL, path and query
# ------------------------------------------------------------------------------------------


def test_base_path_kept_and_no_double_slash(rt: types.ModuleType) -> None:
    rec = Recorder()
    for base in ("https://h.test/api/v1", "https://h.test/api/v1/"):
        client, _ = make_sync(rt, rec, base_url=base)
        client.request("GET", "/items", cast_to=object)
        client.request("GET", "items", cast_to=object)
    assert {str(r.url) for r in rec.requests} == {"https://h.test/api/v1/items"}


def test_path_params_escaped(rt: types.ModuleType) -> None:
    rec = Recorder()
    client, _ = make_sync(rt, rec)
    client.request(
        "GET",
        "/items/{id}/sub/{name}",
        cast_to=object,
        path_params={"id": "a/b?c#d", "name": 7},
    )
    assert rec.requests[0].url.raw_path == b"/v1/items/a%2Fb%3Fc%23d/sub/7"


def test_path_param_dot_segments_do_not_escape(rt: types.ModuleType) -> None:
    rec = Recorder()
    client, _ = make_sync(rt, rec)
    client.request("GET", "/items/{id}", cast_to=object, path_params={"id": ".."})
    assert rec.requests[0].url.raw_path == b"/v1/items/%2E%2E"


@pytest.mark.parametrize("value", ["", None])
def test_empty_path_param_names_parameter(rt: types.ModuleType, value: object) -> None:
    rec = Recorder()
    client, _ = make_sync(rt, rec)
    with pytest.raises(ValueError, match="item_id"):
        client.request(
            "GET", "/items/{item_id}", cast_to=object, path_params={"item_id": value}
        )
    assert rec.count == 0


def test_query_serialisation(rt: types.ModuleType) -> None:
    rec = Recorder()
    client, _ = make_sync(rt, rec, default_query={"dq": "1", "a": "default"})
    client.request(
        "GET",
        "/q",
        cast_to=object,
        query={
            "a": [1, 2],
            "flag": True,
            "off": False,
            "none": None,
            "omitted": rt._types.omit,
            "when": dt.date(2024, 1, 2),
        },
        options={"extra_query": {"x": "y", "flag": "override"}},
    )
    assert rec.requests[0].url.params.multi_items() == [
        ("dq", "1"),
        ("a", "1"),
        ("a", "2"),
        ("off", "false"),
        ("when", "2024-01-02"),
        ("x", "y"),
        ("flag", "override"),
    ]


def test_query_styles(rt: types.ModuleType) -> None:
    rec = Recorder()
    client, _ = make_sync(rt, rec)
    client.request(
        "GET",
        "/q",
        cast_to=object,
        query={"ids": [1, 2], "filter": {"a": 1}},
        query_styles={"ids": ("pipeDelimited", False), "filter": ("deepObject", True)},
    )
    assert rec.requests[0].url.params.multi_items() == [
        ("ids", "1|2"),
        ("filter[a]", "1"),
    ]


# ------------------------------------------------------------------------------------------
# Headers
# ------------------------------------------------------------------------------------------


def test_headers_merge_order(rt: types.ModuleType) -> None:
    rec = Recorder()
    auth = rt._base_client.AuthConfig(headers={"X-Api-Key": "k-secret"})
    client, _ = make_sync(
        rt, rec, auth=auth, default_headers={"X-Default": "d", "X-Override": "default"}
    )
    client.request(
        "GET",
        "/h",
        cast_to=object,
        headers={"X-Op": 5, "X-Bool": True, "X-Omit": rt._types.omit, "X-None": None},
        options={
            "extra_headers": {"X-Override": "extra", "X-Default": None, "X-New": "n"}
        },
    )
    h = rec.requests[0].headers
    assert h["x-api-key"] == "k-secret"
    assert h["x-op"] == "5" and h["x-bool"] == "true"
    assert "x-omit" not in h and "x-none" not in h
    assert h["x-override"] == "extra" and h["x-new"] == "n"
    assert "x-default" not in h
    major, minor = sys.version_info[:2]
    assert h["user-agent"] == f"{rt._config.PACKAGE_NAME}/0.1.0 python/{major}.{minor}"
    assert h["x-retry-count"] == "0"


def test_header_names_are_case_insensitive(rt: types.ModuleType) -> None:
    # The plan keeps headers in a plain dict keyed by lower-cased name: every override and
    # removal must still match names whatever their spelling, with one line per header.
    rec = Recorder()
    auth = rt._base_client.AuthConfig(headers={"x-api-key": "k-secret"})
    client, _ = make_sync(rt, rec, auth=auth, default_headers={"X-Default": "d"})
    client.request(
        "POST",
        "/h",
        cast_to=object,
        json_body={"a": 1},
        headers={"X-API-KEY": "op", "x-op": "1"},
        options={
            "extra_headers": {
                "x-default": None,
                "X-OP": "extra",
                "content-TYPE": "application/merge-patch+json",
                "x-retry-count": "99",
                "accept": "text/plain",
            }
        },
    )
    request = rec.requests[0]
    pairs = [(k.lower(), v) for k, v in request.headers.multi_items()]
    names = [k for k, _ in pairs]
    assert len(names) == len(set(names)), pairs
    h = request.headers
    assert h["x-api-key"] == "k-secret"  # credentials win over operation headers
    assert "x-default" not in h
    assert h["x-op"] == "extra"
    assert h["content-type"] == "application/merge-patch+json"
    assert h["accept"] == "text/plain"
    assert h["x-retry-count"] == "0"  # the SDK's own count, not the caller's
    assert request.content == b'{"a":1}'


def test_json_body_encoding(rt: types.ModuleType) -> None:
    rec = Recorder()
    client, _ = make_sync(rt, rec)
    client.request("POST", "/j", cast_to=object, json_body={"t": "é\u2028", "n": [1, 2.5]})
    assert rec.requests[0].content == '{"t":"é\u2028","n":[1,2.5]}'.encode()
    with pytest.raises(ValueError):
        client.request("POST", "/j", cast_to=object, json_body={"x": float("nan")})


def test_extra_header_omit_removes_user_agent(rt: types.ModuleType) -> None:
    rec = Recorder()
    client, _ = make_sync(rt, rec)
    client.request(
        "GET",
        "/h",
        cast_to=object,
        options={"extra_headers": {"User-Agent": rt._types.omit}},
    )
    assert rec.requests[0].headers.get("user-agent") in (
        None,
        "python-httpx/" + httpx.__version__,
    )
    assert "python/" not in rec.requests[0].headers.get("user-agent", "")


def test_cookies_and_auth_cookies(rt: types.ModuleType) -> None:
    rec = Recorder()
    auth = rt._base_client.AuthConfig(cookies={"session": "s3cret"})
    client, _ = make_sync(rt, rec, auth=auth)
    client.request("GET", "/c", cast_to=object, cookies={"pref": "dark", "gone": None})
    assert rec.requests[0].headers["cookie"] == "pref=dark; session=s3cret"


def test_auth_query(rt: types.ModuleType) -> None:
    rec = Recorder()
    auth = rt._base_client.AuthConfig(query={"api_key": "q-secret"})
    client, _ = make_sync(rt, rec, auth=auth)
    client.request("GET", "/a", cast_to=object, query={"api_key": "not-this", "b": 1})
    assert rec.requests[0].url.params.multi_items() == [
        ("b", "1"),
        ("api_key", "q-secret"),
    ]


def test_idempotency_key_same_across_retries(rt_idem: types.ModuleType) -> None:
    rec = Recorder(
        httpx.Response(503), httpx.Response(503), httpx.Response(200, json={})
    )
    client, _ = make_sync(rt_idem, rec)
    client.request("POST", "/p", cast_to=object, json_body={})
    keys = [r.headers["idempotency-key"] for r in rec.requests]
    assert len(keys) == 3 and len(set(keys)) == 1
    uuid.UUID(keys[0])
    assert [r.headers["x-retry-count"] for r in rec.requests] == ["0", "1", "2"]
    client.request("POST", "/p", cast_to=object, json_body={})
    assert rec.requests[-1].headers["idempotency-key"] != keys[0]
    client.request("GET", "/g", cast_to=object)
    assert "idempotency-key" not in rec.requests[-1].headers


def test_no_idempotency_header_without_config(rt: types.ModuleType) -> None:
    rec = Recorder()
    client, _ = make_sync(rt, rec)
    client.request("POST", "/p", cast_to=object, json_body={})
    assert "idempotency-key" not in rec.requests[0].headers


# ------------------------------------------------------------------------------------------
# Bodies
# ------------------------------------------------------------------------------------------


def test_json_body_to_wire_and_extra_body(rt: types.ModuleType) -> None:
    class Inner(rt._models.BaseModel):  # type: ignore[name-defined,misc]
        max_tokens: int | None = pydantic.Field(default=None, alias="maxTokens")
        unset: int | None = None

    rec = Recorder()
    client, _ = make_sync(rt, rec)
    client.request(
        "POST",
        "/j",
        cast_to=object,
        json_body={
            "a": 1,
            "skip": rt._types.omit,
            "null": None,
            "inner": Inner(max_tokens=5),
            "when": dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.UTC),
            "id": uuid.UUID(int=1),
            "nested": [{"x": rt._types.omit, "y": 2}],
        },
        options={"extra_body": {"extra": True}},
    )
    request = rec.requests[0]
    assert request.headers["content-type"] == "application/json"
    assert json.loads(request.content) == {
        "a": 1,
        "null": None,
        "inner": {"maxTokens": 5},
        "when": "2024-01-02T03:04:05+00:00",
        "id": "00000000-0000-0000-0000-000000000001",
        "nested": [{"y": 2}],
        "extra": True,
    }


def test_extra_body_alone(rt: types.ModuleType) -> None:
    rec = Recorder()
    client, _ = make_sync(rt, rec)
    client.request("POST", "/j", cast_to=object, options={"extra_body": {"k": "v"}})
    assert json.loads(rec.requests[0].content) == {"k": "v"}


def test_form_body(rt: types.ModuleType) -> None:
    rec = Recorder()
    client, _ = make_sync(rt, rec)
    client.request(
        "POST",
        "/f",
        cast_to=object,
        form_body={"a": "x y", "b": [1, 2], "c": None, "d": True},
    )
    request = rec.requests[0]
    assert request.headers["content-type"] == "application/x-www-form-urlencoded"
    assert request.content == b"a=x+y&b=1&b=2&d=true"


def test_multipart_files(rt: types.ModuleType, tmp_path: Path) -> None:
    path = tmp_path / "doc.txt"
    path.write_bytes(b"from-path")
    rec = Recorder()
    client, _ = make_sync(rt, rec)
    client.request(
        "POST",
        "/upload",
        cast_to=object,
        form_body={"purpose": "test"},
        files={
            "raw": b"raw-bytes",
            "fobj": io.BytesIO(b"file-object"),
            "path": path,
            "tuple2": ("t2.bin", b"tuple-two"),
            "tuple3": ("t3.json", io.BytesIO(b"{}"), "application/json"),
        },
    )
    request = rec.requests[0]
    assert request.headers["content-type"].startswith("multipart/form-data; boundary=")
    body = request.content
    for needle in (
        b'name="purpose"\r\n\r\ntest',
        b"raw-bytes",
        b"file-object",
        b'filename="doc.txt"',
        b"from-path",
        b'filename="t2.bin"',
        b'filename="t3.json"\r\nContent-Type: application/json',
    ):
        assert needle in body


def test_multipart_retry_resends_file_object(rt: types.ModuleType) -> None:
    rec = Recorder(httpx.Response(503), httpx.Response(200, json={}))
    client, _ = make_sync(rt, rec)
    client.request(
        "POST", "/upload", cast_to=object, files={"f": io.BytesIO(b"only-once")}
    )
    assert rec.count == 2
    assert all(b"only-once" in r.content for r in rec.requests)


def test_raw_content(rt: types.ModuleType) -> None:
    rec = Recorder()
    client, _ = make_sync(rt, rec)
    client.request(
        "PUT", "/bin", cast_to=object, content=b"\x00\x01", content_type="image/png"
    )
    assert rec.requests[0].content == b"\x00\x01"
    assert rec.requests[0].headers["content-type"] == "image/png"


# ------------------------------------------------------------------------------------------
# Timeouts
# ------------------------------------------------------------------------------------------


def test_default_timeout(rt: types.ModuleType) -> None:
    client = rt._base_client.SyncAPIClient(base_url=BASE_URL)
    assert client.timeout == httpx.Timeout(600.0, connect=5.0)
    assert client._client.timeout == httpx.Timeout(600.0, connect=5.0)
    client.close()


def test_own_http_client_keeps_its_timeout(rt: types.ModuleType) -> None:
    # The caller's httpx.Client(timeout=1) is not overridden by the SDK's 600 s default...
    rec = Recorder()
    client, _ = make_sync(rt, rec)  # httpx.Client(transport=...): httpx's default 5 s
    client.request("GET", "/t", cast_to=object)
    assert rec.requests[0].extensions["timeout"] == dict.fromkeys(
        ("connect", "read", "write", "pool"), 5.0
    )
    own = httpx.Client(transport=httpx.MockTransport(rec), timeout=1)
    client = rt._base_client.SyncAPIClient(base_url=BASE_URL, http_client=own)
    client.request("GET", "/t", cast_to=object)
    assert rec.requests[-1].extensions["timeout"]["read"] == 1.0
    # ... unless timeout= is passed.
    client = rt._base_client.SyncAPIClient(base_url=BASE_URL, http_client=own, timeout=9)
    client.request("GET", "/t", cast_to=object)
    assert rec.requests[-1].extensions["timeout"]["read"] == 9.0


def test_client_and_call_timeouts(rt: types.ModuleType) -> None:
    rec = Recorder()
    client, _ = make_sync(rt, rec, timeout=12.5)
    client.request("GET", "/t", cast_to=object)
    client.request(
        "GET", "/t", cast_to=object, options={"timeout": httpx.Timeout(3, read=7)}
    )
    assert rec.requests[0].extensions["timeout"]["read"] == 12.5
    assert rec.requests[1].extensions["timeout"]["read"] == 7
    assert rec.requests[1].extensions["timeout"]["connect"] == 3


def test_timeout_none_refused(rt: types.ModuleType) -> None:
    rec = Recorder()
    with pytest.raises(TypeError, match="timeout=None"):
        make_sync(rt, rec, timeout=None)
    client, _ = make_sync(rt, rec)
    with pytest.raises(TypeError, match="timeout=None"):
        client.request("GET", "/t", cast_to=object, options={"timeout": None})
    assert rec.count == 0


def test_make_request_options_drops_omit_and_none(rt: types.ModuleType) -> None:
    bc = rt._base_client
    omit = rt._types.omit
    assert (
        bc.make_request_options(timeout=omit, max_retries=None, extra_headers=None)
        == {}
    )
    assert bc.make_request_options(
        extra_headers={"a": "b"}, timeout=3.0, max_retries=0, stream_idle_timeout=1.5
    ) == {
        "extra_headers": {"a": "b"},
        "timeout": 3.0,
        "max_retries": 0,
        "stream_idle_timeout": 1.5,
    }


class FakeStream:
    """Stands in for _streaming.Stream: records the constructor arguments."""

    def __init__(self, **kwargs: Any) -> None:
        self.kwargs = kwargs


def test_stream_call_uses_idle_timeout_and_stream_cls(rt: types.ModuleType) -> None:
    rec = Recorder(
        httpx.Response(503, json={"error": {"message": "busy"}}),
        httpx.Response(
            200, content=b"data: {}\n\n", headers={"content-type": "text/event-stream"}
        ),
    )
    client, sleeps = make_sync(rt, rec, timeout=30.0, stream_idle_timeout=4.0)
    stream = client.request(
        "POST", "/s", cast_to=dict, stream_cls=FakeStream, stream_sentinel="[DONE]"
    )
    assert isinstance(stream, FakeStream)
    assert stream.kwargs["client"] is client
    assert stream.kwargs["sentinel"] == "[DONE]" and stream.kwargs["cast_to"] is dict
    assert stream.kwargs["strict"] is True
    assert stream.kwargs["response"].status_code == 200
    assert rec.count == 2 and len(sleeps) == 1  # the 503 was retried before any event
    timeouts = [r.extensions["timeout"] for r in rec.requests]
    assert all(t["read"] == 4.0 and t["connect"] == 30.0 for t in timeouts)
    assert rec.requests[0].headers["accept"] == "text/event-stream"
    client.request(
        "POST",
        "/s",
        cast_to=dict,
        stream_cls=FakeStream,
        options={"stream_idle_timeout": 0.5},
    )
    assert rec.requests[-1].extensions["timeout"]["read"] == 0.5


def test_stream_idle_defaults_to_read_timeout(rt: types.ModuleType) -> None:
    rec = Recorder(httpx.Response(200, content=b""))
    client, _ = make_sync(rt, rec, timeout=httpx.Timeout(9, read=11))
    client.request("GET", "/s", cast_to=dict, stream_cls=FakeStream)
    assert rec.requests[0].extensions["timeout"]["read"] == 11


def test_stream_error_status_raises(rt: types.ModuleType) -> None:
    rec = Recorder(httpx.Response(400, json={"message": "bad stream"}))
    client, _ = make_sync(rt, rec)
    with pytest.raises(rt._exceptions.BadRequestError, match="bad stream"):
        client.request("GET", "/s", cast_to=dict, stream_cls=FakeStream)


# ------------------------------------------------------------------------------------------
# Retries
# ------------------------------------------------------------------------------------------


def test_retry_then_success_with_backoff(rt: types.ModuleType) -> None:
    rec = Recorder(
        httpx.Response(503), httpx.Response(500), httpx.Response(200, json={"ok": 1})
    )
    client, sleeps = make_sync(rt, rec)
    assert client.request("GET", "/r", cast_to=dict) == {"ok": 1}
    assert rec.count == 3
    assert 0.375 <= sleeps[0] <= 0.5 and 0.75 <= sleeps[1] <= 1.0
    assert [r.headers["x-retry-count"] for r in rec.requests] == ["0", "1", "2"]


def test_backoff_caps_at_8s(rt: types.ModuleType) -> None:
    client, _ = make_sync(rt, Recorder())
    for n in range(10):
        delay = client._backoff(n)
        cap = min(0.5 * 2**n, 8.0)
        assert 0.75 * cap <= delay <= cap


@pytest.mark.parametrize("status", [408, 409, 429, 500, 502, 503, 504, 599])
def test_retryable_statuses(rt: types.ModuleType, status: int) -> None:
    rec = Recorder(httpx.Response(status))
    client, sleeps = make_sync(rt, rec)
    with pytest.raises(rt._exceptions.APIStatusError) as info:
        client.request("GET", "/r", cast_to=object)
    assert info.value.status_code == status
    assert rec.count == 3 and len(sleeps) == 2


@pytest.mark.parametrize("status", [400, 401, 403, 404, 422, 418])
def test_non_retryable_statuses(rt: types.ModuleType, status: int) -> None:
    rec = Recorder(httpx.Response(status))
    client, sleeps = make_sync(rt, rec)
    with pytest.raises(rt._exceptions.APIStatusError):
        client.request("GET", "/r", cast_to=object)
    assert rec.count == 1 and sleeps == []


def test_x_should_retry_overrides(rt: types.ModuleType) -> None:
    rec = Recorder(httpx.Response(503, headers={"x-should-retry": "false"}))
    client, _ = make_sync(rt, rec)
    with pytest.raises(rt._exceptions.InternalServerError):
        client.request("GET", "/r", cast_to=object)
    assert rec.count == 1
    rec = Recorder(
        httpx.Response(400, headers={"x-should-retry": "true"}), httpx.Response(200)
    )
    client, _ = make_sync(rt, rec)
    client.request("GET", "/r", cast_to=object)
    assert rec.count == 2


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"retry-after-ms": "250"}, 0.25),
        ({"retry-after-ms": "250", "retry-after": "5"}, 0.25),
        ({"retry-after": "2"}, 2.0),
        ({"retry-after": "1.5"}, 1.5),
        ({"retry-after": "60"}, 60.0),
    ],
)
def test_retry_after_honoured(
    rt: types.ModuleType, headers: dict[str, str], expected: float
) -> None:
    rec = Recorder(httpx.Response(429, headers=headers), httpx.Response(200))
    client, sleeps = make_sync(rt, rec)
    client.request("GET", "/r", cast_to=object)
    assert sleeps == [expected]


def test_retry_after_http_date(rt: types.ModuleType) -> None:
    date = email.utils.formatdate(time.time() + 10, usegmt=True)
    rec = Recorder(
        httpx.Response(429, headers={"retry-after": date}), httpx.Response(200)
    )
    client, sleeps = make_sync(rt, rec)
    client.request("GET", "/r", cast_to=object)
    assert 8.0 <= sleeps[0] <= 10.0


@pytest.mark.parametrize("value", ["0", "-3", "soon", "nan"])
def test_retry_after_invalid_uses_backoff(rt: types.ModuleType, value: str) -> None:
    rec = Recorder(
        httpx.Response(429, headers={"retry-after": value}), httpx.Response(200)
    )
    client, sleeps = make_sync(rt, rec)
    client.request("GET", "/r", cast_to=object)
    assert 0.375 <= sleeps[0] <= 0.5


@pytest.mark.parametrize(
    ("status", "error"), [(429, "RateLimitError"), (503, "ServiceUnavailableError")]
)
def test_long_retry_after_raises_at_once(
    rt: types.ModuleType, status: int, error: str
) -> None:
    rec = Recorder(httpx.Response(status, headers={"retry-after": "3600"}))
    client, sleeps = make_sync(rt, rec)
    with pytest.raises(getattr(rt._exceptions, error)) as info:
        client.request("GET", "/r", cast_to=object)
    assert info.value.retry_after == 3600.0
    assert rec.count == 1 and sleeps == []


def test_retry_after_set_on_final_error(rt: types.ModuleType) -> None:
    rec = Recorder(httpx.Response(429, headers={"retry-after-ms": "1500"}))
    client, sleeps = make_sync(rt, rec, max_retries=1)
    with pytest.raises(rt._exceptions.RateLimitError) as info:
        client.request("GET", "/r", cast_to=object)
    assert info.value.retry_after == 1.5 and sleeps == [1.5] and rec.count == 2


def test_max_retries_per_client_and_call(rt: types.ModuleType) -> None:
    rec = Recorder(httpx.Response(500))
    client, _ = make_sync(rt, rec, max_retries=0)
    with pytest.raises(rt._exceptions.InternalServerError):
        client.request("GET", "/r", cast_to=object)
    assert rec.count == 1
    with pytest.raises(rt._exceptions.InternalServerError):
        client.request("GET", "/r", cast_to=object, options={"max_retries": 4})
    assert rec.count == 1 + 5


def test_invalid_max_retries(rt: types.ModuleType) -> None:
    with pytest.raises(ValueError, match="max_retries"):
        make_sync(rt, Recorder(), max_retries=-1)


def test_connection_error_retried_then_raised(rt: types.ModuleType) -> None:
    def fail(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("[Errno 111] Connection refused", request=request)

    rec = Recorder(fail)
    client, sleeps = make_sync(rt, rec)
    with pytest.raises(rt._exceptions.APIConnectionError) as info:
        client.request("GET", "/r", cast_to=object)
    assert not isinstance(info.value, rt._exceptions.APITimeoutError)
    assert isinstance(info.value.__cause__, httpx.ConnectError)
    assert rec.count == 3 and len(sleeps) == 2


def test_timeout_retried_then_api_timeout_error(rt: types.ModuleType) -> None:
    def slow(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("timed out", request=request)

    rec = Recorder(slow, slow, httpx.Response(200, json=[1]))
    client, _ = make_sync(rt, rec)
    assert client.request("GET", "/r", cast_to=list) == [1]
    rec = Recorder(slow)
    client, _ = make_sync(rt, rec, max_retries=1)
    with pytest.raises(rt._exceptions.APITimeoutError):
        client.request("GET", "/r", cast_to=object)
    assert rec.count == 2


# ------------------------------------------------------------------------------------------
# Errors
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "name"),
    [
        (400, "BadRequestError"),
        (401, "AuthenticationError"),
        (403, "PermissionDeniedError"),
        (404, "NotFoundError"),
        (409, "ConflictError"),
        (422, "UnprocessableEntityError"),
        (429, "RateLimitError"),
        (500, "InternalServerError"),
        (503, "ServiceUnavailableError"),
        (507, "InternalServerError"),
        (418, "APIStatusError"),
        (302, "APIStatusError"),
    ],
)
def test_status_error_mapping(rt: types.ModuleType, status: int, name: str) -> None:
    rec = Recorder(httpx.Response(status, json={"error": {"message": "nope"}}))
    client, _ = make_sync(rt, rec, max_retries=0)
    with pytest.raises(rt._exceptions.APIStatusError) as info:
        client.request("GET", "/e", cast_to=object)
    assert type(info.value).__name__ == name
    assert str(info.value) == f"Error code: {status} - nope"
    assert info.value.body == {"error": {"message": "nope"}}
    assert isinstance(info.value, rt._config.SDKError)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"error": {"message": "from error.message"}}, "from error.message"),
        ({"message": "top level"}, "top level"),
        ({"detail": "fastapi"}, "fastapi"),
        ({"error": "plain string"}, "plain string"),
        ({"detail": [{"loc": ["x"]}]}, '[{"loc": ["x"]}]'),
    ],
)
def test_error_message_extraction(
    rt: types.ModuleType, body: object, message: str
) -> None:
    rec = Recorder(httpx.Response(400, json=body))
    client, _ = make_sync(rt, rec)
    with pytest.raises(rt._exceptions.BadRequestError) as info:
        client.request("GET", "/e", cast_to=object)
    assert str(info.value) == f"Error code: 400 - {message}"


def test_error_html_page(rt: types.ModuleType) -> None:
    html = "<html>\n<body>\n<h1>502 Bad Gateway</h1>" + "x" * 500 + "</body></html>"
    rec = Recorder(
        httpx.Response(502, text=html, headers={"content-type": "text/html"})
    )
    client, _ = make_sync(rt, rec, max_retries=0)
    with pytest.raises(rt._exceptions.InternalServerError) as info:
        client.request("GET", "/e", cast_to=object)
    err = info.value
    assert err.text == html and err.body is None
    assert str(err).startswith(
        "Error code: 502 - <html> <body> <h1>502 Bad Gateway</h1>"
    )
    assert "\n" not in str(err) and len(str(err)) <= len("Error code: 502 - ") + 200


def test_error_request_id_and_fields(rt: types.ModuleType) -> None:
    rec = Recorder(
        httpx.Response(404, json={"message": "gone"}, headers={"x-request-id": "r-1"})
    )
    client, _ = make_sync(rt, rec)
    with pytest.raises(rt._exceptions.NotFoundError) as info:
        client.request("GET", "/e", cast_to=object)
    err = info.value
    assert err.request_id == "r-1" and err.status_code == 404
    assert err.response.status_code == 404 and err.headers["x-request-id"] == "r-1"
    assert (
        err.request.url.path == "/v1/e"
        and err.retry_after is None
        and err.error_model is None
    )
    rec = Recorder(httpx.Response(404, headers={"request-id": "r-2"}))
    client, _ = make_sync(rt, rec)
    with pytest.raises(rt._exceptions.NotFoundError) as info:
        client.request("GET", "/e", cast_to=object)
    assert info.value.request_id == "r-2" and str(info.value) == "Error code: 404"


def test_error_models(rt: types.ModuleType) -> None:
    class Problem(pydantic.BaseModel):
        code: int
        message: str

    class Fallback(pydantic.BaseModel):
        reason: str

    models = {"404": Problem, "4XX": Fallback, "default": dict}
    cases = [
        (404, {"code": 7, "message": "m"}, Problem(code=7, message="m")),
        (404, {"unexpected": True}, None),
        (400, {"reason": "r"}, Fallback(reason="r")),
        (500, {"any": 1}, {"any": 1}),
    ]
    for status, body, expected in cases:
        rec = Recorder(httpx.Response(status, json=body))
        client, _ = make_sync(rt, rec, max_retries=0)
        with pytest.raises(rt._exceptions.APIStatusError) as info:
            client.request("GET", "/e", cast_to=object, error_models=models)
        assert info.value.error_model == expected
    rec = Recorder(httpx.Response(400, text="<html>"))
    client, _ = make_sync(rt, rec)
    with pytest.raises(rt._exceptions.BadRequestError) as info:
        client.request("GET", "/e", cast_to=object, error_models=models)
    assert info.value.error_model is None


# ------------------------------------------------------------------------------------------
# Response parsing
# ------------------------------------------------------------------------------------------


def test_json_into_model(rt: types.ModuleType) -> None:
    class Item(rt._models.BaseModel):  # type: ignore[name-defined,misc]
        id: int
        name: str

    rec = Recorder(httpx.Response(200, json={"id": 1, "name": "a", "extra": "kept"}))
    client, _ = make_sync(rt, rec)
    item = client.request("GET", "/i", cast_to=Item)
    assert isinstance(item, Item) and item.id == 1 and item.extra == "kept"
    rec = Recorder(httpx.Response(200, json=[{"id": 1, "name": "a"}]))
    client, _ = make_sync(rt, rec)
    items = client.request("GET", "/i", cast_to=list[Item])
    assert items == [Item(id=1, name="a")]


def test_validation_failure_is_typed(rt: types.ModuleType) -> None:
    class Item(rt._models.BaseModel):  # type: ignore[name-defined,misc]
        id: int

    E = rt._exceptions.APIResponseValidationError
    bad = [
        httpx.Response(200, json={"id": "not-an-int"}),
        httpx.Response(
            200, content=b'{"id": 1', headers={"content-type": "application/json"}
        ),
        httpx.Response(
            200, content=b'{"id": "\xff"}', headers={"content-type": "application/json"}
        ),
        httpx.Response(
            200, text="<html>hi</html>", headers={"content-type": "text/html"}
        ),
        httpx.Response(200, content=b"", headers={"content-type": "application/json"}),
    ]
    for response in bad:
        client, _ = make_sync(rt, Recorder(response))
        with pytest.raises(E) as info:
            client.request("GET", "/i", cast_to=Item)
        err = info.value
        assert err.status_code == 200
        assert err.body_start == response.content[:200].decode("utf-8", "replace")
        assert "\n" not in str(err)
        assert not isinstance(err, json.JSONDecodeError)


def test_html_never_returned_as_str(rt: types.ModuleType) -> None:
    rec = Recorder(
        httpx.Response(200, text="<p>x</p>", headers={"content-type": "text/html"})
    )
    client, _ = make_sync(rt, rec)
    with pytest.raises(rt._exceptions.APIResponseValidationError, match="text/html"):
        client.request("GET", "/i", cast_to=str)


def test_non_strict_builds_without_validation(rt: types.ModuleType) -> None:
    class Inner(rt._models.BaseModel):  # type: ignore[name-defined,misc]
        value: int

    class Outer(rt._models.BaseModel):  # type: ignore[name-defined,misc]
        inner: Inner
        items: list[Inner]
        label: str = pydantic.Field(alias="Label")

    body = {
        "inner": {"value": "not-int"},
        "items": [{"value": 2}],
        "Label": 5,
        "more": 1,
    }
    rec = Recorder(httpx.Response(200, json=body))
    client, _ = make_sync(rt, rec, strict_response_validation=False)
    out = client.request("GET", "/o", cast_to=Outer)
    assert isinstance(out.inner, Inner) and out.inner.value == "not-int"
    assert isinstance(out.items[0], Inner) and out.items[0].value == 2
    assert out.label == 5 and out.more == 1
    rec = Recorder(
        httpx.Response(
            200, content=b"{bad", headers={"content-type": "application/json"}
        )
    )
    client, _ = make_sync(rt, rec, strict_response_validation=False)
    with pytest.raises(rt._exceptions.APIResponseValidationError):
        client.request("GET", "/o", cast_to=Outer)


def test_response_kinds(rt: types.ModuleType) -> None:
    rec = Recorder(
        httpx.Response(200, content=b"\x89PNG", headers={"content-type": "image/png"})
    )
    client, _ = make_sync(rt, rec)
    assert (
        client.request("GET", "/b", cast_to=bytes, response_kind="bytes") == b"\x89PNG"
    )
    rec = Recorder(
        httpx.Response(200, text="plain", headers={"content-type": "text/plain"})
    )
    client, _ = make_sync(rt, rec)
    assert client.request("GET", "/t", cast_to=str, response_kind="text") == "plain"
    rec = Recorder(httpx.Response(204))
    client, _ = make_sync(rt, rec)
    assert (
        client.request("DELETE", "/n", cast_to=type(None), response_kind="none") is None
    )
    assert client.request("DELETE", "/n", cast_to=None) is None
    assert client.request("DELETE", "/n", cast_to=object) is None


def test_json_content_type_variants(rt: types.ModuleType) -> None:
    for ctype in ("application/json; charset=utf-8", "application/problem+json", ""):
        headers = {"content-type": ctype} if ctype else {}
        rec = Recorder(httpx.Response(200, content=b'{"a": 1}', headers=headers))
        client, _ = make_sync(rt, rec)
        assert client.request("GET", "/j", cast_to=dict) == {"a": 1}


# ------------------------------------------------------------------------------------------
# Raw responses
# ------------------------------------------------------------------------------------------


def test_raw_response_wrapper(rt: types.ModuleType) -> None:
    class Item(rt._models.BaseModel):  # type: ignore[name-defined,misc]
        id: int

    rec = Recorder(httpx.Response(201, json={"id": 3}, headers={"x-ratelimit": "9"}))
    client, _ = make_sync(rt, rec)

    def get_item(item_id: int) -> Item:
        return client.request(
            "GET", "/items/{id}", cast_to=Item, path_params={"id": item_id}
        )  # type: ignore[no-any-return]

    raw = rt._response.to_raw_response_wrapper(get_item)(3)
    assert isinstance(raw, rt._response.APIResponse)
    assert raw.status_code == 201 and raw.headers["x-ratelimit"] == "9"
    assert (
        raw.json() == {"id": 3}
        and raw.text == '{"id":3}'
        and raw.content == b'{"id":3}'
    )
    assert raw.parse() == Item(id=3) and raw.parse() is raw.parse()
    assert raw.http_response.status_code == 201
    # Outside the wrapper, the same call parses as usual.
    assert get_item(3) == Item(id=3)


def test_raw_response_parse_validates(rt: types.ModuleType) -> None:
    rec = Recorder(
        httpx.Response(200, text="<html>", headers={"content-type": "text/html"})
    )
    client, _ = make_sync(rt, rec)
    raw = rt._response.to_raw_response_wrapper(client.request)(
        "GET", "/x", cast_to=dict
    )
    assert raw.text == "<html>"
    with pytest.raises(rt._exceptions.APIResponseValidationError):
        raw.parse()


def test_raw_response_still_raises_status_errors(rt: types.ModuleType) -> None:
    rec = Recorder(httpx.Response(404))
    client, _ = make_sync(rt, rec)
    with pytest.raises(rt._exceptions.NotFoundError):
        rt._response.to_raw_response_wrapper(client.request)("GET", "/x", cast_to=dict)


# ------------------------------------------------------------------------------------------
# Client lifecycle, copies, configuration helpers
# ------------------------------------------------------------------------------------------


def test_owned_pool_closed_and_passed_pool_untouched(rt: types.ModuleType) -> None:
    SyncAPIClient = rt._base_client.SyncAPIClient
    with SyncAPIClient(base_url=BASE_URL) as client:
        assert not client.is_closed
    assert client.is_closed
    mine = httpx.Client()
    with SyncAPIClient(base_url=BASE_URL, http_client=mine) as client:
        pass
    client.close()
    assert not mine.is_closed
    mine.close()


def test_with_options_shares_pool(rt: types.ModuleType) -> None:
    rec = Recorder(httpx.Response(500))
    client, _ = make_sync(rt, rec, max_retries=0)
    copy = client.with_options(max_retries=1, timeout=3.0, default_headers={"X-C": "1"})
    copy._sleep = lambda seconds: None
    assert copy._client is client._client and copy.max_retries == 1
    assert copy.timeout == httpx.Timeout(3.0) and client.max_retries == 0
    with pytest.raises(rt._exceptions.InternalServerError):
        copy.request("GET", "/x", cast_to=object)
    assert rec.count == 2 and rec.requests[0].headers["x-c"] == "1"
    copy.close()
    assert not client.is_closed
    unchanged = client.with_options(max_retries=rt._types.omit)
    assert unchanged.max_retries == 0
    with pytest.raises(TypeError):
        client.with_options(1)


def test_subclass_copy_hook(
    rt: types.ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    bc = rt._base_client

    class Client(bc.SyncAPIClient):  # type: ignore[name-defined,misc]
        def __init__(
            self,
            *,
            api_key: str | None = None,
            base_url: str | None = None,
            max_retries: int = 2,
            http_client: httpx.Client | None = None,
            timeout: Any = rt._types.omit,
            default_headers: Any = None,
            default_query: Any = None,
            strict_response_validation: bool = True,
            stream_idle_timeout: float | None = None,
            retries: Any = None,
            max_response_bytes: int | None = 1000,
        ) -> None:
            self.api_key = bc.resolve_credential(
                api_key, arg="api_key", env="TESTSDK_API_KEY", required=True
            )
            super().__init__(
                base_url=bc.resolve_base_url(base_url),
                auth=bc.AuthConfig(headers={"Authorization": f"Bearer {self.api_key}"}),
                timeout=timeout,
                max_retries=max_retries,
                default_headers=default_headers,
                default_query=default_query,
                http_client=http_client,
                strict_response_validation=strict_response_validation,
                stream_idle_timeout=stream_idle_timeout,
                retries=retries,
                max_response_bytes=max_response_bytes,
            )

        def _copy_kwargs(self) -> dict[str, Any]:
            kwargs = super()._copy_kwargs()
            del kwargs["auth"]
            kwargs["api_key"] = self.api_key
            return kwargs

        def with_options(
            self, *, api_key: Any = rt._types.omit, max_retries: Any = rt._types.omit
        ) -> Any:
            return self.copy(api_key=api_key, max_retries=max_retries)

    with pytest.raises(
        rt._config.SDKError, match=r"pass `api_key=` or set the TESTSDK_API_KEY"
    ):
        Client()
    monkeypatch.setenv("TESTSDK_API_KEY", "env-key")
    client = Client()
    assert (
        client.api_key == "env-key" and client.base_url == "https://api.example.com/v1"
    )
    other = client.with_options(api_key="other", max_retries=0)
    assert (
        isinstance(other, Client)
        and other.api_key == "other"
        and other.max_retries == 0
    )
    assert (
        other._client is client._client
        and other._auth.headers["Authorization"] == "Bearer other"
    )
    client.close()


def test_resolve_credential(
    rt: types.ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    resolve = rt._base_client.resolve_credential
    assert resolve("given", arg="api_key", env="TESTSDK_KEY", required=True) == "given"
    assert resolve(None, arg="api_key", env="TESTSDK_KEY", required=False) is None
    with pytest.raises(rt._config.SDKError) as info:
        resolve(None, arg="api_key", env="TESTSDK_KEY", required=True)
    assert "`api_key=`" in str(info.value) and "TESTSDK_KEY" in str(info.value)
    monkeypatch.setenv("TESTSDK_KEY", "from-env")
    assert resolve(None, arg="api_key", env="TESTSDK_KEY", required=True) == "from-env"
    assert (
        resolve("arg-wins", arg="api_key", env="TESTSDK_KEY", required=True)
        == "arg-wins"
    )


def test_resolve_base_url(
    rt: types.ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    resolve = rt._base_client.resolve_base_url
    assert resolve(None) == "https://api.example.com/v1"
    monkeypatch.setenv("TESTSDK_BASE_URL", "http://env.test/x")
    assert resolve(None) == "http://env.test/x"
    assert resolve("https://arg.test") == "https://arg.test"
    with pytest.raises(rt._config.SDKError, match="http"):
        resolve("ftp://nope")
    from helpers import build_runtime_package

    nodefault = build_runtime_package(tmp_path, "nodefault", default_base_url=None)
    monkeypatch.delenv("TESTSDK_BASE_URL")
    with pytest.raises(nodefault._config.SDKError, match="TESTSDK_BASE_URL"):
        nodefault._base_client.resolve_base_url(None)


def test_repr_hides_credentials(rt: types.ModuleType) -> None:
    auth = rt._base_client.AuthConfig(
        headers={"Authorization": "Bearer sk-123"},
        query={"key": "q-456"},
        cookies={"c": "c-789"},
    )
    client, _ = make_sync(rt, Recorder(), auth=auth)
    text = repr(client) + repr(auth)
    assert "sk-123" not in text and "q-456" not in text and "c-789" not in text
    assert "api.example.com" in repr(client) and "[REDACTED]" in repr(auth)


def test_basic_auth_header(rt: types.ModuleType) -> None:
    assert rt._base_client.basic_auth_header("user", "pass") == "Basic dXNlcjpwYXNz"


def test_cross_origin_redirect_drops_credentials(rt: types.ModuleType) -> None:
    auth = rt._base_client.AuthConfig(
        headers={"X-Custom-Key": "hk"}, query={"key": "qk"}, cookies={"sid": "ck"}
    )

    def route(request: httpx.Request) -> httpx.Response:
        if request.url.host == "api.example.com" and request.url.path == "/v1/same":
            return httpx.Response(307, headers={"location": "/v1/moved"})
        if request.url.host == "api.example.com" and request.url.path == "/v1/away":
            return httpx.Response(
                302, headers={"location": "https://evil.test/x?key=qk"}
            )
        return httpx.Response(200, json={})

    rec = Recorder(route)
    client, _ = make_sync(rt, rec, auth=auth)
    client.request("GET", "/same", cast_to=object)
    moved = rec.requests[1]
    assert moved.url.path == "/v1/moved" and moved.headers["x-custom-key"] == "hk"
    client.request("GET", "/away", cast_to=object)
    evil = rec.requests[3]
    assert evil.url.host == "evil.test"
    assert "x-custom-key" not in evil.headers and "cookie" not in evil.headers
    assert "qk" not in str(evil.url)


def test_post_303_becomes_get(rt: types.ModuleType) -> None:
    def route(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/v1/create":
            return httpx.Response(303, headers={"location": "/v1/result"})
        return httpx.Response(200, json={"done": True})

    rec = Recorder(route)
    client, _ = make_sync(rt, rec)
    assert client.request("POST", "/create", cast_to=dict, json_body={"a": 1}) == {
        "done": True
    }
    assert rec.requests[1].method == "GET" and rec.requests[1].content == b""


# ------------------------------------------------------------------------------------------
# Logging
# ------------------------------------------------------------------------------------------


def test_logs_request_retry_and_redaction(
    rt: types.ModuleType, caplog: pytest.LogCaptureFixture
) -> None:
    auth = rt._base_client.AuthConfig(
        headers={"X-Custom-Key": "hdr-secret"}, query={"token": "qry-secret"}
    )
    rec = Recorder(httpx.Response(503), httpx.Response(200, json={"ok": True}))
    client, _ = make_sync(rt, rec, auth=auth, log_bodies=True)
    with caplog.at_level(logging.DEBUG):
        client.request(
            "POST",
            "/x",
            cast_to=object,
            json_body={"password": "pw-secret", "name": "visible"},
        )
    text = caplog.text
    assert (
        "hdr-secret" not in text
        and "qry-secret" not in text
        and "pw-secret" not in text
    )
    assert "Retrying request to /v1/x in 0." in text and "status 503" in text
    assert "token=[REDACTED]" in text and "'X-Custom-Key': '[REDACTED]'" in text
    assert '"password": "[REDACTED]"' in text and '"name": "visible"' in text
    assert '"503 Service Unavailable"' in text and " ms)" in text
    assert all(
        r.name == rt._config.PACKAGE_NAME
        for r in caplog.records
        if "Retrying" in r.message
    )


def test_bodies_not_logged_by_default(
    rt: types.ModuleType,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rec = Recorder(httpx.Response(200, json={"answer": "resp-body"}))
    client, _ = make_sync(rt, rec)
    with caplog.at_level(logging.DEBUG):
        client.request("POST", "/x", cast_to=object, json_body={"q": "req-body"})
    assert "req-body" not in caplog.text and "resp-body" not in caplog.text
    monkeypatch.setenv("TESTSDK_LOG_BODIES", "1")
    caplog.clear()
    with caplog.at_level(logging.DEBUG):
        client.request("POST", "/x", cast_to=object, json_body={"q": "req-body"})
    assert "req-body" in caplog.text and "resp-body" in caplog.text


def test_env_log_setup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from helpers import build_runtime_package

    monkeypatch.setenv("TESTSDK_LOG", "debug")
    pkg = build_runtime_package(tmp_path, "logsetup")
    logger = logging.getLogger(pkg._config.PACKAGE_NAME)
    assert logger.level == logging.NOTSET
    pkg._logs.setup_logging()
    assert logger.level == logging.DEBUG and len(logger.handlers) == 1
    pkg._logs.setup_logging()
    assert len(logger.handlers) == 1
    logger.handlers.clear()
