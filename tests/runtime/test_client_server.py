"""Sync and async clients against a real scripted HTTP server on 127.0.0.1 (fault injection).

These tests use real sleeps and real sockets; waits are kept short (timeouts of 0.3-0.5 s).
"""

from __future__ import annotations

import base64
import logging
import time
import types
from collections.abc import Callable
from typing import Any

import pytest
from rt_support import ScriptedServer, Step, drop, respond, run

KINDS = ["sync", "async"]
ServerFactory = Callable[..., ScriptedServer]


def call(
    rt: types.ModuleType,
    kind: str,
    server: ScriptedServer,
    *,
    client_kwargs: dict[str, Any] | None = None,
    method: str = "GET",
    path: str = "/x",
    cast_to: object = dict,
    **request_kwargs: Any,
) -> Any:
    """Make one call with a fresh client of the given kind (pool created and closed here)."""
    kwargs = {"base_url": server.url + "/api", **(client_kwargs or {})}
    if kind == "sync":
        with rt._base_client.SyncAPIClient(**kwargs) as client:
            return client.request(method, path, cast_to=cast_to, **request_kwargs)

    async def go() -> Any:
        async with rt._base_client.AsyncAPIClient(**kwargs) as client:
            return await client.request(method, path, cast_to=cast_to, **request_kwargs)

    return run(go())


@pytest.mark.parametrize("kind", KINDS)
def test_429_retry_after_then_ok(
    rt: types.ModuleType, server_factory: ServerFactory, kind: str
) -> None:
    server = server_factory(
        respond(429, headers={"Retry-After": "1"}), respond(200, b'{"ok": 1}')
    )
    assert call(rt, kind, server) == {"ok": 1}
    assert server.count == 2
    assert 0.95 <= server.gaps()[0] <= 2.0
    assert server.seen[0].target == "/api/x"


@pytest.mark.parametrize("kind", KINDS)
def test_503_twice_then_ok(
    rt: types.ModuleType, server_factory: ServerFactory, kind: str
) -> None:
    server = server_factory(respond(503), respond(503), respond(200, b"[1]"))
    assert call(rt, kind, server, cast_to=list) == [1]
    assert server.count == 3
    gap1, gap2 = server.gaps()
    assert 0.35 <= gap1 <= 1.0 and 0.7 <= gap2 <= 1.5


@pytest.mark.parametrize("kind", KINDS)
def test_503_forever(
    rt: types.ModuleType, server_factory: ServerFactory, kind: str
) -> None:
    server = server_factory(respond(503, b'{"error": {"message": "overloaded"}}'))
    with pytest.raises(rt._exceptions.InternalServerError) as info:
        call(rt, kind, server)
    assert str(info.value) == "Error code: 503 - overloaded"
    assert server.count == 3
    assert [s.headers["x-retry-count"] for s in server.seen] == ["0", "1", "2"]


@pytest.mark.parametrize("kind", KINDS)
def test_429_long_retry_after(
    rt: types.ModuleType, server_factory: ServerFactory, kind: str
) -> None:
    server = server_factory(respond(429, headers={"Retry-After": "3600"}))
    started = time.monotonic()
    with pytest.raises(rt._exceptions.RateLimitError) as info:
        call(rt, kind, server)
    assert time.monotonic() - started < 1.0
    assert info.value.retry_after == 3600 and server.count == 1


@pytest.mark.parametrize("kind", KINDS)
def test_connection_dropped(
    rt: types.ModuleType, server_factory: ServerFactory, kind: str
) -> None:
    server = server_factory(drop(), respond(200, b'{"after": "drop"}'))
    assert call(rt, kind, server) == {"after": "drop"}
    assert server.count == 2
    server = server_factory(drop())
    with pytest.raises(rt._exceptions.APIConnectionError) as info:
        call(rt, kind, server)
    assert not isinstance(info.value, rt._exceptions.APITimeoutError)
    assert server.count == 3


@pytest.mark.parametrize("kind", KINDS)
def test_slow_server_no_retries(
    rt: types.ModuleType, server_factory: ServerFactory, kind: str
) -> None:
    server = server_factory(respond(200, delay=3.0))
    started = time.monotonic()
    with pytest.raises(rt._exceptions.APITimeoutError):
        call(rt, kind, server, client_kwargs={"timeout": 0.4, "max_retries": 0})
    assert time.monotonic() - started < 0.4 + 1.0
    assert server.count == 1


@pytest.mark.parametrize("kind", KINDS)
def test_slow_server_default_retries(
    rt: types.ModuleType, server_factory: ServerFactory, kind: str
) -> None:
    server = server_factory(respond(200, delay=3.0))
    started = time.monotonic()
    with pytest.raises(rt._exceptions.APITimeoutError):
        call(rt, kind, server, options={"timeout": 0.3})
    elapsed = time.monotonic() - started
    assert server.count == 3
    assert 3 * 0.3 + 0.375 + 0.75 <= elapsed < 3 * 0.3 + 1.5 + 1.5


@pytest.mark.parametrize("kind", KINDS)
def test_html_502(
    rt: types.ModuleType, server_factory: ServerFactory, kind: str
) -> None:
    page = b"<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>"
    server = server_factory(respond(502, page, headers={"Content-Type": "text/html"}))
    with pytest.raises(rt._exceptions.InternalServerError) as info:
        call(rt, kind, server, client_kwargs={"max_retries": 0})
    assert info.value.text == page.decode() and info.value.body is None
    assert str(info.value) == "Error code: 502 - " + page.decode()
    assert server.count == 1


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(
    "step",
    [
        respond(200, b'{"truncated": '),
        respond(200, b"<html>ok</html>", headers={"Content-Type": "text/html"}),
    ],
    ids=["invalid-json", "html"],
)
def test_200_not_json(
    rt: types.ModuleType, server_factory: ServerFactory, kind: str, step: Step
) -> None:
    server = server_factory(step)
    with pytest.raises(rt._exceptions.APIResponseValidationError) as info:
        call(rt, kind, server)
    assert info.value.status_code == 200 and info.value.body_start == step.body.decode()
    assert server.count == 1


@pytest.mark.parametrize("kind", KINDS)
def test_401(rt: types.ModuleType, server_factory: ServerFactory, kind: str) -> None:
    server = server_factory(respond(401, b'{"error": {"message": "bad key"}}'))
    with pytest.raises(rt._exceptions.AuthenticationError, match="bad key"):
        call(rt, kind, server)
    assert server.count == 1


@pytest.mark.parametrize("kind", KINDS)
def test_post_json_and_idempotency(
    rt_idem: types.ModuleType, server_factory: ServerFactory, kind: str
) -> None:
    server = server_factory(respond(500), respond(200, b'{"id": 1}'))
    assert call(rt_idem, kind, server, method="POST", json_body={"a": 1}) == {"id": 1}
    keys = {s.headers["idempotency-key"] for s in server.seen}
    assert server.count == 2 and len(keys) == 1


# ------------------------------------------------------------------------------------------
# Secrets never leak: logs (every logger, DEBUG), exceptions, repr(client)
# ------------------------------------------------------------------------------------------

API_KEY = "hdr-key-7f3a9c"
QUERY_KEY = "qry-key-51d0e2"
PASSWORD = "pw-very-secret-88"
BASIC = base64.b64encode(f"alice:{PASSWORD}".encode()).decode()


def _exception_texts(err: BaseException) -> list[str]:
    texts = [str(err), repr(err), repr(err.args)]
    for attr in ("request", "response"):
        value = getattr(err, attr, None)
        if value is not None:
            texts += [str(value), repr(value)]
    request = getattr(err, "request", None)
    if request is not None:
        texts += [str(request.url), repr(dict(request.headers))]
    response = getattr(err, "response", None)
    if response is not None:
        texts += [str(response.request.url), repr(dict(response.request.headers))]
    if err.__cause__ is not None:
        texts += [str(err.__cause__), repr(err.__cause__)]
    return texts


@pytest.mark.parametrize("kind", KINDS)
def test_secrets_redacted_everywhere(
    rt: types.ModuleType,
    server_factory: ServerFactory,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
    kind: str,
) -> None:
    monkeypatch.setenv("TESTSDK_LOG_BODIES", "1")
    bc = rt._base_client
    auth = bc.AuthConfig(
        headers={
            "X-Api-Key": API_KEY,
            "Authorization": bc.basic_auth_header("alice", PASSWORD),
        },
        query={"api_key": QUERY_KEY},
    )
    kwargs = {"auth": auth, "timeout": 0.5}
    texts: list[str] = []
    scenarios = [
        (server_factory(respond(503), respond(401, b'{"message": "denied"}')), {}),
        (server_factory(drop()), {"max_retries": 1}),
        (
            server_factory(respond(200, b"<p>", headers={"Content-Type": "text/html"})),
            {},
        ),
        (server_factory(respond(200, delay=2.0)), {"max_retries": 0}),
    ]
    with caplog.at_level(logging.DEBUG):
        for server, extra in scenarios:
            with pytest.raises(rt._exceptions.APIError) as info:
                call(
                    rt,
                    kind,
                    server,
                    client_kwargs={**kwargs, **extra},
                    method="POST",
                    json_body={"password": PASSWORD, "prompt": "hello"},
                )
            texts += _exception_texts(info.value)
        client = bc.SyncAPIClient(base_url=scenarios[0][0].url, auth=auth)
        texts += [repr(client), repr(auth), repr(client.with_options(max_retries=0))]
        client.close()
    # Every server saw the real credentials (redaction must not break authentication).
    first = scenarios[0][0].seen[0]
    assert (
        first.headers["x-api-key"] == API_KEY and f"api_key={QUERY_KEY}" in first.target
    )
    assert first.headers["authorization"] == f"Basic {BASIC}"

    log_text = "\n".join(
        f"{r.name} {r.levelname} {r.getMessage()}" for r in caplog.records
    )
    assert "Retrying request to /api/x in " in log_text and "[REDACTED]" in log_text
    assert any(
        r.name == "httpx" for r in caplog.records
    )  # httpx's own lines were captured
    assert '"prompt": "hello"' in log_text  # bodies were logged (LOG_BODIES=1), masked
    everything = log_text + "\n".join(texts)
    for secret in (API_KEY, QUERY_KEY, PASSWORD, BASIC):
        assert secret not in everything
