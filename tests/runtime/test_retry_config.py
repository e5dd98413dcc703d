"""RetryConfig: per client, in with_options and per call; one policy for both clients."""

from __future__ import annotations

import dataclasses
import types
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from rt_support import Recorder, ScriptedServer, make_async, make_sync, respond, run

KINDS = ["sync", "async"]
ServerFactory = Callable[..., ScriptedServer]


def _call(rt: types.ModuleType, kind: str, rec: Recorder, *, client_kwargs: Any = None,
          **request_kwargs: Any) -> tuple[Any, list[float]]:  # fmt: skip
    """One call on a mocked client; returns (result or exception, sleeps)."""
    make = make_sync if kind == "sync" else make_async
    client, sleeps = make(rt, rec, **(client_kwargs or {}))
    try:
        result = client.request("GET", "/x", cast_to=dict, **request_kwargs)
        if kind == "async":
            result = run(result)
    except Exception as exc:  # the caller asserts on it
        return exc, sleeps
    return result, sleeps


def test_retry_config_is_frozen_and_validated(rt: types.ModuleType) -> None:
    RetryConfig = rt._retries.RetryConfig
    config = RetryConfig(max_retries=3, retry_statuses=[500, 429])  # type: ignore[arg-type]
    assert config.retry_statuses == frozenset({429, 500})
    with pytest.raises(dataclasses.FrozenInstanceError):
        config.max_retries = 4  # type: ignore[misc]
    assert hash(config) == hash(RetryConfig(max_retries=3, retry_statuses=frozenset({429, 500})))
    for bad in (
        {"max_retries": -1},
        {"max_retries": True},
        {"initial_delay": -0.1},
        {"max_delay": float("nan")},
        {"backoff_factor": 0.5},
        {"jitter": 1.5},
        {"retry_statuses": [99]},
    ):
        with pytest.raises(ValueError):
            RetryConfig(**bad)
    with pytest.raises(TypeError):
        RetryConfig(retry_statuses="500")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        RetryConfig(initial_delay="1")  # type: ignore[arg-type]


@pytest.mark.parametrize("kind", KINDS)
def test_per_call_backoff_schedule(rt: types.ModuleType, kind: str) -> None:
    rec = Recorder(httpx.Response(503))
    config = rt._retries.RetryConfig(
        max_retries=4, initial_delay=0.1, max_delay=0.5, backoff_factor=3.0, jitter=0.0
    )
    error, sleeps = _call(rt, kind, rec, options={"retries": config})
    assert isinstance(error, rt._exceptions.ServiceUnavailableError)
    assert rec.count == 5
    assert sleeps == pytest.approx([0.1, 0.3, 0.5, 0.5])


@pytest.mark.parametrize("kind", KINDS)
def test_jitter_shortens_by_at_most_the_fraction(rt: types.ModuleType, kind: str) -> None:
    rec = Recorder(httpx.Response(500))
    config = rt._retries.RetryConfig(max_retries=20, initial_delay=1.0, max_delay=1.0, jitter=0.5)
    _, sleeps = _call(rt, kind, rec, options={"retries": config})
    assert len(sleeps) == 20 and all(0.5 <= s <= 1.0 for s in sleeps)
    assert len(set(sleeps)) > 1


@pytest.mark.parametrize("kind", KINDS)
def test_retry_statuses_replace_the_default_set(rt: types.ModuleType, kind: str) -> None:
    config = rt._retries.RetryConfig(retry_statuses={418}, jitter=0.0)
    rec = Recorder(httpx.Response(418), httpx.Response(200, json={"ok": 1}))
    result, sleeps = _call(rt, kind, rec, options={"retries": config})
    assert result == {"ok": 1} and rec.count == 2 and sleeps == [0.5]
    rec = Recorder(httpx.Response(503))
    error, sleeps = _call(rt, kind, rec, options={"retries": config})
    assert isinstance(error, rt._exceptions.InternalServerError)
    assert rec.count == 1 and sleeps == []
    # x-should-retry still overrides the configured set.
    rec = Recorder(httpx.Response(503, headers={"x-should-retry": "true"}), httpx.Response(200))
    result, _ = _call(rt, kind, rec, options={"retries": config})
    assert rec.count == 2


@pytest.mark.parametrize("kind", KINDS)
def test_retry_connection_errors_off(rt: types.ModuleType, kind: str) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    rec = Recorder(refuse)
    config = rt._retries.RetryConfig(retry_connection_errors=False)
    error, sleeps = _call(rt, kind, rec, options={"retries": config})
    assert isinstance(error, rt._exceptions.APIConnectionError)
    assert rec.count == 1 and sleeps == []


@pytest.mark.parametrize("kind", KINDS)
def test_client_config_and_none_means_the_clients_value(rt: types.ModuleType, kind: str) -> None:
    RetryConfig = rt._retries.RetryConfig
    client_config = RetryConfig(max_retries=1, initial_delay=0.2, jitter=0.0)
    rec = Recorder(httpx.Response(500))
    _, sleeps = _call(rt, kind, rec, client_kwargs={"retries": client_config})
    assert rec.count == 2 and sleeps == [0.2]
    # A per-call config that leaves max_retries/initial_delay None keeps the client's.
    rec = Recorder(httpx.Response(500))
    _, sleeps = _call(
        rt, kind, rec, client_kwargs={"retries": client_config},
        options={"retries": RetryConfig(backoff_factor=1.0, jitter=0.0)},
    )  # fmt: skip
    assert rec.count == 2 and sleeps == [0.2]
    # max_retries per call keeps the client's delays.
    rec = Recorder(httpx.Response(500))
    _, sleeps = _call(rt, kind, rec, client_kwargs={"retries": client_config},
                      options={"max_retries": 2})  # fmt: skip
    assert rec.count == 3 and sleeps == [0.2, 0.4]


def test_with_options_merges_and_refuses_both(rt: types.ModuleType) -> None:
    RetryConfig = rt._retries.RetryConfig
    client = rt._base_client.SyncAPIClient(
        base_url="https://api.example.com", retries=RetryConfig(max_retries=5, initial_delay=0.2)
    )
    assert client.max_retries == 5 and client.retries.initial_delay == 0.2
    copy = client.with_options(retries=RetryConfig(max_delay=1.0))
    assert (copy.max_retries, copy.retries.initial_delay, copy.retries.max_delay) == (5, 0.2, 1.0)
    fewer = client.with_options(max_retries=1)
    assert fewer.max_retries == 1 and fewer.retries.initial_delay == 0.2
    assert fewer.with_options(retries=RetryConfig(max_retries=3)).max_retries == 3
    with pytest.raises(TypeError, match="not both"):
        client.with_options(retries=RetryConfig(), max_retries=1)
    assert client.max_retries == 5
    client.close()


def test_per_call_retries_and_max_retries_raise_type_error(rt: types.ModuleType) -> None:
    bc = rt._base_client
    with pytest.raises(TypeError, match="not both"):
        bc.make_request_options(max_retries=1, retries=rt._retries.RetryConfig())
    with pytest.raises(TypeError, match="RetryConfig"):
        bc.make_request_options(retries={"max_retries": 1})
    options = bc.make_request_options(retries=rt._retries.RetryConfig(max_retries=0))
    assert options["retries"].max_retries == 0


@pytest.mark.parametrize("kind", KINDS)
def test_retry_config_on_the_wire(
    rt: types.ModuleType, server_factory: ServerFactory, kind: str
) -> None:
    """Real sleeps against the loopback server: 3 retries, 0.05 s doubling, no jitter."""
    server = server_factory(respond(502), respond(503), respond(504), respond(200, b'{"a": 1}'))
    config = rt._retries.RetryConfig(max_retries=3, initial_delay=0.05, jitter=0.0)
    kwargs = {"base_url": server.url, "retries": config}
    if kind == "sync":
        with rt._base_client.SyncAPIClient(**kwargs) as client:
            result = client.request("GET", "/x", cast_to=dict)
    else:

        async def go() -> Any:
            async with rt._base_client.AsyncAPIClient(**kwargs) as client:
                return await client.request("GET", "/x", cast_to=dict)

        result = run(go())
    assert result == {"a": 1} and server.count == 4
    gaps = server.gaps()
    assert [s.headers["x-retry-count"] for s in server.seen] == ["0", "1", "2", "3"]
    for gap, want in zip(gaps, (0.05, 0.1, 0.2), strict=True):
        assert want * 0.9 <= gap <= want + 0.5


@pytest.mark.parametrize(
    ("status", "name"),
    [(502, "BadGatewayError"), (503, "ServiceUnavailableError"), (504, "GatewayTimeoutError"),
     (507, "InternalServerError"), (500, "InternalServerError")],
)  # fmt: skip
@pytest.mark.parametrize("kind", KINDS)
def test_5xx_classes_on_the_wire(
    rt: types.ModuleType, server_factory: ServerFactory, kind: str, status: int, name: str
) -> None:
    server = server_factory(respond(status, b'{"message": "down"}'))
    kwargs = {"base_url": server.url, "max_retries": 0}
    with pytest.raises(rt._exceptions.InternalServerError) as info:
        if kind == "sync":
            with rt._base_client.SyncAPIClient(**kwargs) as client:
                client.request("GET", "/x", cast_to=dict)
        else:

            async def go() -> None:
                async with rt._base_client.AsyncAPIClient(**kwargs) as client:
                    await client.request("GET", "/x", cast_to=dict)

            run(go())
    assert type(info.value).__name__ == name and info.value.status_code == status
    assert str(info.value) == f"Error code: {status} - down"


def test_a_client_table_of_error_classes_is_used(rt: types.ModuleType) -> None:
    exc = rt._exceptions

    class Teapot(exc.APIStatusError):  # type: ignore[name-defined,misc]
        pass

    class Busy(exc.ServiceUnavailableError):  # type: ignore[name-defined,misc]
        pass

    class Client(rt._base_client.SyncAPIClient):  # type: ignore[name-defined,misc]
        _status_errors = {**exc.STATUS_ERRORS, 418: Teapot, 503: Busy}

    for status, cls in ((418, Teapot), (503, Busy), (404, exc.NotFoundError)):
        rec = Recorder(httpx.Response(status))
        client = Client(
            base_url="https://api.example.com",
            max_retries=0,
            http_client=httpx.Client(transport=httpx.MockTransport(rec)),
        )
        with pytest.raises(exc.APIStatusError) as info:
            client.request("GET", "/x", cast_to=dict)
        assert type(info.value) is cls
