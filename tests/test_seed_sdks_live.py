"""Both seed SDKs driven against a real HTTP server on 127.0.0.1 (issue 2)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sdk_helpers import COMPLETION, Recorded, Reply, import_package, json_reply, serve

SDKS = [("openrouter", "OpenRouter"), ("interactive", "Interactive")]


def ok(_rec: Recorded) -> Reply:
    return json_reply(200, COMPLETION)


@pytest.mark.parametrize(("package", "name"), SDKS)
def test_request_and_response(seed_root: dict[str, Path], package: str, name: str) -> None:
    sdk = import_package(seed_root[package], package)
    with serve(ok) as server, getattr(sdk, name)(api_key="sk-test", base_url=server.url) as client:
        result = client.completions.create(
            prompt=["a", "b"],
            model="gpt-test",
            max_tokens=5,
            suffix=None,
            response_format={"type": "json_object"},
        )
    (rec,) = server.requests
    assert rec.method == "POST"
    assert rec.path == "/completions"
    assert rec.headers["authorization"] == "Bearer sk-test"
    assert rec.headers["content-type"] == "application/json"
    # Omitted arguments are absent, None is null, a union member is sent as given.
    assert rec.json() == {
        "prompt": ["a", "b"],
        "model": "gpt-test",
        "max_tokens": 5,
        "suffix": None,
        "response_format": {"type": "json_object"},
    }
    assert type(result) is sdk.models.CompletionResponse
    assert result.id == "cmpl-1"
    assert result.choices[0].text == "Hello"
    assert result.choices[0].finish_reason == "stop"
    assert result.usage is not None and result.usage.total_tokens == 4


@pytest.mark.parametrize(("package", "name"), SDKS)
def test_model_instances_and_nested_unions(
    seed_root: dict[str, Path], package: str, name: str
) -> None:
    sdk = import_package(seed_root[package], package)
    fmt = sdk.models.ResponseFormatJSONSchema(
        type="json_schema", json_schema=sdk.models.JSONSchemaConfig(name="x", schema_={"a": 1})
    )
    with serve(ok) as server, getattr(sdk, name)(api_key="k", base_url=server.url) as client:
        client.completions.create(prompt=[[1.0, 2.5]], response_format=fmt, stop="\n")
    body = server.requests[0].json()
    assert body == {
        "prompt": [[1.0, 2.5]],
        "response_format": {
            "type": "json_schema",
            "json_schema": {"name": "x", "schema": {"a": 1}},
        },
        "stop": "\n",
    }


def test_discriminated_union_parses_each_variant(seed_root: dict[str, Path]) -> None:
    sdk = import_package(seed_root["openrouter"], "openrouter")
    from pydantic import TypeAdapter

    adapter = TypeAdapter(sdk.models.CompletionCreateParamsResponseFormat)
    cases = {
        "text": sdk.models.CreateParamsResponseFormatText,
        "json_object": sdk.models.CreateParamsResponseFormatJsonObject,
        "json_schema": sdk.models.ResponseFormatJSONSchema,
        "grammar": sdk.models.ResponseFormatTextGrammar,
        "python": sdk.models.CreateParamsResponseFormatPython,
    }
    extra = {"json_schema": {"json_schema": {"name": "n"}}, "grammar": {"grammar": "g"}}
    for tag, cls in cases.items():
        value = adapter.validate_python({"type": tag, **extra.get(tag, {})})
        assert type(value) is cls


ERRORS = [
    (400, "BadRequestError"),
    (401, "AuthenticationError"),
    (404, "NotFoundError"),
    (429, "RateLimitError"),
    (500, "InternalServerError"),
    (418, "APIStatusError"),
]


@pytest.mark.parametrize(("package", "name"), SDKS)
@pytest.mark.parametrize(("status", "error_name"), ERRORS)
def test_error_statuses(
    seed_root: dict[str, Path], package: str, name: str, status: int, error_name: str
) -> None:
    sdk = import_package(seed_root[package], package)
    payload = {
        "error": {"code": "bad", "message": f"went wrong {status}", "param": "p", "type": "t"}
    }

    def fail(_rec: Recorded) -> Reply:
        return json_reply(status, payload, {"x-request-id": "req-42"})

    with serve(fail) as server, getattr(sdk, name)(api_key="k", base_url=server.url) as client:
        with pytest.raises(sdk.APIStatusError) as info:
            client.completions.create(prompt="hi", max_retries=0)
    err = info.value
    assert type(err) is getattr(sdk, error_name)
    assert isinstance(err, sdk.APIError) and isinstance(err, getattr(sdk, name + "Error"))
    assert err.status_code == status
    assert err.body == payload
    assert err.request_id == "req-42"
    assert f"went wrong {status}" in str(err) and str(status) in str(err)
    assert json.loads(err.text) == payload
    assert len(server.requests) == 1
    if package == "interactive" and status in (400, 401, 429, 500):
        # The JSON spec declares ErrorResponse for these statuses: it is parsed into the model.
        assert type(err.error_model) is sdk.models.ErrorResponse
        assert err.error_model.error.message == f"went wrong {status}"


@pytest.mark.parametrize(("package", "name"), SDKS)
def test_missing_key_names_argument_and_variable(
    seed_root: dict[str, Path], package: str, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    sdk = import_package(seed_root[package], package)
    env = package.upper() + "_API_KEY"
    monkeypatch.delenv(env, raising=False)
    with pytest.raises(getattr(sdk, name + "Error")) as info:
        getattr(sdk, name)(base_url="http://127.0.0.1:9")
    assert "api_key" in str(info.value) and env in str(info.value)


def test_key_and_base_url_from_environment(
    seed_root: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    sdk = import_package(seed_root["interactive"], "interactive")
    with serve(ok) as server:
        monkeypatch.setenv("INTERACTIVE_API_KEY", "env-key")
        monkeypatch.setenv("INTERACTIVE_BASE_URL", server.url)
        with sdk.Interactive() as client:
            client.completions.create(prompt="x")
    assert server.requests[0].headers["authorization"] == "Bearer env-key"


def test_async_client(seed_root: dict[str, Path]) -> None:
    import asyncio

    sdk = import_package(seed_root["openrouter"], "openrouter")

    async def main(url: str) -> object:
        async with sdk.AsyncOpenRouter(api_key="k", base_url=url) as client:
            return await client.completions.create(prompt="hi", n=2)

    with serve(ok) as server:
        result = asyncio.run(main(server.url))
    assert type(result) is sdk.models.CompletionResponse
    assert server.requests[0].json() == {"prompt": "hi", "n": 2}


def test_raw_response(seed_root: dict[str, Path]) -> None:
    sdk = import_package(seed_root["openrouter"], "openrouter")
    with serve(lambda r: json_reply(200, COMPLETION, {"x-extra": "1"})) as server:
        with sdk.OpenRouter(api_key="k", base_url=server.url) as client:
            raw = client.completions.with_raw_response.create(prompt="hi")
    assert raw.status_code == 200
    assert raw.headers["x-extra"] == "1"
    assert type(raw.parse()) is sdk.models.CompletionResponse


def test_root_exports(seed_root: dict[str, Path]) -> None:
    sdk = import_package(seed_root["openrouter"], "openrouter")
    names = ["OpenRouter", "AsyncOpenRouter", "OpenRouterError", "APIError", "Stream"]
    names += ["AsyncStream", "models", "APITimeoutError", "APIResponseValidationError"]
    for name in names:
        assert hasattr(sdk, name), name
    assert issubclass(sdk.APITimeoutError, sdk.APIConnectionError)
