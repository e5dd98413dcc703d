"""The exception classes: hierarchy, fields, one-line str, no header leaks."""

from __future__ import annotations

import types

import httpx
import pytest


def test_hierarchy(rt: types.ModuleType) -> None:
    e = rt._exceptions
    for name in (
        "BadRequestError",
        "AuthenticationError",
        "PermissionDeniedError",
        "NotFoundError",
        "ConflictError",
        "UnprocessableEntityError",
        "RateLimitError",
        "InternalServerError",
    ):
        assert issubclass(getattr(e, name), e.APIStatusError)
    assert issubclass(e.APIStatusError, e.APIError)
    assert issubclass(e.APITimeoutError, e.APIConnectionError)
    assert issubclass(e.APIConnectionError, e.APIError)
    assert issubclass(e.APIResponseValidationError, e.APIError)
    assert issubclass(e.APIStreamError, e.APIError)
    assert issubclass(e.APIError, rt._config.SDKError)


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
        (502, "BadGatewayError"),
        (503, "ServiceUnavailableError"),
        (504, "GatewayTimeoutError"),
        (507, "InternalServerError"),
        (402, "APIStatusError"),
    ],
)
def test_status_error_class(rt: types.ModuleType, status: int, name: str) -> None:
    assert rt._exceptions.status_error_class(status).__name__ == name


def test_status_error_fields_and_str(rt: types.ModuleType) -> None:
    request = httpx.Request(
        "GET", "https://x.test/a", headers={"Authorization": "Bearer zzz"}
    )
    response = httpx.Response(
        404, json={"message": "m"}, headers={"x-request-id": "rid"}, request=request
    )
    err = rt._exceptions.NotFoundError(
        "Error code: 404 - m",
        response=response,
        body={"message": "m"},
        text='{"message":"m"}',
    )
    assert str(err) == "Error code: 404 - m"
    assert repr(err) == "NotFoundError('Error code: 404 - m')"
    assert err.args == ("Error code: 404 - m",)
    assert (
        err.status_code == 404 and err.request_id == "rid" and err.retry_after is None
    )
    assert "zzz" not in str(err) + repr(err)


def test_connection_errors_default_messages(rt: types.ModuleType) -> None:
    assert str(rt._exceptions.APIConnectionError()) == "Connection error."
    assert str(rt._exceptions.APITimeoutError()) == "Request timed out."


def test_stream_error_fields(rt: types.ModuleType) -> None:
    err = rt._exceptions.APIStreamError("overloaded", code=529, payload={"error": {}})
    assert err.code == 529 and err.payload == {"error": {}} and err.request is None
    assert str(err) == "overloaded"


def test_validation_error_fields(rt: types.ModuleType) -> None:
    response = httpx.Response(200, text="<html>")
    err = rt._exceptions.APIResponseValidationError(
        "bad", response=response, body_start="<html>"
    )
    assert (
        err.status_code == 200
        and err.body_start == "<html>"
        and err.response is response
    )


def test_errors_carry_redacted_request(rt: types.ModuleType) -> None:
    from rt_support import Recorder, make_sync

    auth = rt._base_client.AuthConfig(
        headers={"Authorization": "Bearer sk-live"}, query={"key": "qsecret"}
    )
    client, _ = make_sync(rt, Recorder(httpx.Response(401)), auth=auth)
    with pytest.raises(rt._exceptions.AuthenticationError) as info:
        client.request("GET", "/x", cast_to=dict)
    err = info.value
    assert err.request.headers["authorization"] == "[REDACTED]"
    assert "qsecret" not in str(err.request.url) and "qsecret" not in repr(err.request)
    assert err.response.request is err.request
    assert "sk-live" not in str(err.response.request.headers)
