"""Generated SDKs for small inline specs: auth schemes, option-name collisions, redaction (issue 3),
and constructs real specs use (issue 6). Each test generates, imports and calls the SDK."""

from __future__ import annotations

import base64
import json
import logging
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from generator.pipeline import GenerateRequest, generate
from sdk_helpers import import_package


def build(tmp_path: Path, spec: dict[str, Any], package: str, name: str = "Acme") -> Any:
    path = tmp_path / f"{package}.yaml"
    path.write_text(yaml.safe_dump(spec, sort_keys=False))
    out = tmp_path / package
    generate(GenerateRequest(spec=str(path), out_dir=out, name=name, package=package,
                             base_url="https://api.acme.test/v2"))  # fmt: skip
    return import_package(out, package)


class Recorder:
    def __init__(self, reply: Any = None, status: int = 200) -> None:
        self.requests: list[httpx.Request] = []
        self.reply = {"ok": True} if reply is None else reply
        self.status = status

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return httpx.Response(self.status, json=self.reply)

    def client(self) -> httpx.Client:
        return httpx.Client(transport=httpx.MockTransport(self))


OK = {"200": {"description": "ok", "content": {"application/json": {"schema": {
    "type": "object", "properties": {"ok": {"type": "boolean"}}}}}}}  # fmt: skip

AUTH_SPEC: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Acme", "version": "1"},
    "security": [{"headerKey": [], "queryKey": [], "basic": []}],
    "components": {
        "securitySchemes": {
            "headerKey": {"type": "apiKey", "in": "header", "name": "X-Api-Key"},
            "queryKey": {"type": "apiKey", "in": "query", "name": "key"},
            "basic": {"type": "http", "scheme": "basic"},
        }
    },
    "paths": {
        "/jobs": {
            "post": {
                "operationId": "createJob",
                "tags": ["jobs"],
                "parameters": [{"name": "stream", "in": "query", "schema": {"type": "string"}}],
                "requestBody": {"required": True, "content": {"application/json": {"schema": {
                    "type": "object", "required": ["timeout"], "properties": {
                        "timeout": {"type": "integer"}, "max_retries": {"type": "integer"},
                        "class": {"type": "string"}}}}}},  # fmt: skip
                "responses": {**OK, "500": {"description": "boom"}},
            }
        }
    },
}


def test_several_schemes_and_option_name_collisions(tmp_path: Path) -> None:
    sdk = build(tmp_path, AUTH_SPEC, "acme_auth")
    rec = Recorder()
    client = sdk.Acme(api_key="hk-secret", query_key="qk-secret",
                      username="ann", password="pw-secret", http_client=rec.client())  # fmt: skip
    client.jobs.create(timeout_=30, max_retries_=4, class_="gold", stream_="s", timeout=5)
    (req,) = rec.requests
    assert req.url.path == "/v2/jobs"
    assert req.url.params["key"] == "qk-secret"
    assert req.url.params["stream"] == "s"
    assert req.headers["x-api-key"] == "hk-secret"
    assert req.headers["authorization"] == "Basic " + base64.b64encode(b"ann:pw-secret").decode()
    # API fields named like per-call options get a trailing `_` and keep their wire names.
    assert json.loads(req.content) == {"timeout": 30, "max_retries": 4, "class": "gold"}


def test_credentials_never_leak(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    sdk = build(tmp_path, AUTH_SPEC, "acme_redact")
    secrets = ["hk-secret", "qk-secret", "pw-secret", base64.b64encode(b"ann:pw-secret").decode()]
    rec = Recorder({"error": {"message": "nope"}}, status=500)
    client = sdk.Acme(api_key="hk-secret", query_key="qk-secret",
                      username="ann", password="pw-secret", http_client=rec.client(),
                      max_retries=1)  # fmt: skip
    client._sleep = lambda seconds: None  # no real waiting between attempts
    with caplog.at_level(logging.DEBUG):
        with pytest.raises(sdk.InternalServerError) as info:
            client.jobs.create(timeout_=1)
    exposed = [caplog.text, repr(client), str(info.value), repr(info.value)]
    exposed += [repr(a) for a in info.value.args]
    exposed += [str(info.value.request.url), repr(dict(info.value.request.headers))]
    text = "\n".join(exposed)
    assert "[REDACTED]" in caplog.text
    assert "Retrying" in caplog.text or "retry" in caplog.text.lower()
    for secret in secrets:
        assert secret not in text
    assert len(rec.requests) == 2


def test_optional_security_and_env_credentials(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = json.loads(json.dumps(AUTH_SPEC))
    spec["security"] = [{"headerKey": []}, {}]  # `{}`: anonymous calls are allowed too
    spec["components"]["securitySchemes"] = {
        "headerKey": AUTH_SPEC["components"]["securitySchemes"]["headerKey"]
    }
    sdk = build(tmp_path, spec, "acme_optional")
    monkeypatch.delenv("ACME_OPTIONAL_API_KEY", raising=False)
    rec = Recorder()
    sdk.Acme(http_client=rec.client()).jobs.create(timeout_=1)  # no key: fine
    assert "x-api-key" not in rec.requests[0].headers
    monkeypatch.setenv("ACME_OPTIONAL_API_KEY", "from-env")
    sdk.Acme(http_client=rec.client()).jobs.create(timeout_=1)
    assert rec.requests[1].headers["x-api-key"] == "from-env"


CONSTRUCTS: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "Shapes", "version": "1"},
    "paths": {
        "/shapes/{shape_id}": {
            "get": {
                "operationId": "getShape",
                "tags": ["shapes"],
                "parameters": [
                    {"name": "shape_id", "in": "path", "required": True, "schema": {"type": "string"}},
                    {"name": "tags", "in": "query", "schema": {"type": "array", "items": {"type": "string"}}},
                    {"name": "X-Trace", "in": "header", "schema": {"type": "string"}},
                ],
                "responses": {"200": {"description": "ok", "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/Shape"}}}}},
            }
        },
        "/report": {
            "get": {"operationId": "getReport", "tags": ["shapes"], "responses": {"200": {
                "description": "csv", "content": {"text/csv": {"schema": {"type": "string"}}}}}},
        },
    },
    "components": {"schemas": {
        "Circle": {"type": "object", "required": ["kind", "radius"], "properties": {
            "kind": {"const": "circle"}, "radius": {"type": "number"}}},
        "Square": {"type": "object", "required": ["kind", "side"], "properties": {
            "kind": {"const": "square"}, "side": {"type": "number"},
            "created": {"type": "string", "format": "date-time"}}},
        "Shape": {"oneOf": [{"$ref": "#/components/schemas/Circle"}, {"$ref": "#/components/schemas/Square"}]},
        "JsonNode": {"type": "object", "properties": {"object": {"type": "string"},
                     "int": {"type": "integer"}, "count": {"type": "integer"}}},
        "Tree": {"type": "object", "properties": {"children": {"type": "array", "items": {"$ref": "#/components/schemas/Tree"}},
                 "color": {"type": "string", "enum": ["red", "green"]}}},
    }},
}  # fmt: skip


def test_discriminated_union_formats_and_parameters(tmp_path: Path) -> None:
    sdk = build(tmp_path, CONSTRUCTS, "shapes_sdk", name="Shapes")
    rec = Recorder({"kind": "square", "side": 2, "created": "2024-05-01T10:00:00Z", "extra": 1})
    client = sdk.Shapes(http_client=rec.client())
    shape = client.shapes.retrieve("a/b c", tags=["x", "y"], x_trace="t-1")
    req = rec.requests[0]
    assert req.url.raw_path == b"/v2/shapes/a%2Fb%20c?tags=x&tags=y"
    assert req.headers["x-trace"] == "t-1"
    assert type(shape) is sdk.models.Square
    assert shape.created.year == 2024
    assert shape.model_extra == {"extra": 1}  # unknown fields are kept


def test_open_enums_recursive_models_and_text(tmp_path: Path) -> None:
    sdk = build(tmp_path, CONSTRUCTS, "shapes_sdk2", name="Shapes")
    tree = sdk.models.Tree.model_validate({"color": "blue", "children": [{"color": "red"}]})
    assert tree.color == "blue"  # an unknown enum value is kept as a string
    assert tree.children is not None and tree.children[0].color == "red"

    def csv(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, text="a,b\n1,2\n", headers={"content-type": "text/csv"})

    client = sdk.Shapes(http_client=httpx.Client(transport=httpx.MockTransport(csv)))
    assert client.report.retrieve() == "a,b\n1,2\n"  # GET /report: the tree names it


def test_unknown_union_variant_is_kept_raw(tmp_path: Path) -> None:
    sdk = build(tmp_path, CONSTRUCTS, "shapes_sdk3", name="Shapes")
    from pydantic import TypeAdapter, ValidationError

    adapter = TypeAdapter(sdk.models.Shape)
    assert type(adapter.validate_python({"kind": "circle", "radius": 1})) is sdk.models.Circle
    # A kind this SDK does not know yet arrives as its raw payload, documented as a dict.
    raw = {"kind": "hexagon", "side": 3}
    assert adapter.validate_python(raw) == raw
    with pytest.raises(ValidationError):  # a known kind is still validated strictly
        adapter.validate_python({"kind": "square"})


def test_server_variables_become_constructor_arguments(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = json.loads(json.dumps(CONSTRUCTS))
    spec["servers"] = [{"url": "https://{region}.shapes.test/{version}", "variables": {
        "region": {"default": "eu"}, "version": {"default": "v1", "enum": ["v1", "v2"]}}}]  # fmt: skip
    path = tmp_path / "vars.yaml"
    path.write_text(yaml.safe_dump(spec))
    generate(GenerateRequest(spec=str(path), out_dir=tmp_path / "out", name="Shapes",
                             package="shapes_vars"))  # fmt: skip
    sdk = import_package(tmp_path / "out", "shapes_vars")
    monkeypatch.delenv("SHAPES_VARS_BASE_URL", raising=False)
    assert sdk.Shapes().base_url == "https://eu.shapes.test/v1"
    client = sdk.Shapes(region="us", version="v2")
    assert client.base_url == "https://us.shapes.test/v2"
    assert client.with_options(max_retries=1).base_url == "https://us.shapes.test/v2"
    assert sdk.Shapes(base_url="http://127.0.0.1:1").base_url == "http://127.0.0.1:1"


def test_no_auth_and_a_resource_named_like_the_client_type_check(tmp_path: Path) -> None:
    import subprocess
    import sys

    path = tmp_path / "plain.yaml"
    path.write_text(yaml.safe_dump(CONSTRUCTS))  # no security, resource `shapes`
    generate(GenerateRequest(spec=str(path), out_dir=tmp_path / "out", name="Shapes",
                             package="shapes_plain", base_url="https://x.test"))  # fmt: skip
    result = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-incremental",
                             "shapes_plain"], cwd=tmp_path / "out", capture_output=True,
                            text=True, timeout=600)  # fmt: skip
    assert result.returncode == 0, result.stdout
    sdk = import_package(tmp_path / "out", "shapes_plain")
    assert sdk.Shapes is not sdk._client.Shapes.__mro__[1]  # the client, not the resource
    assert hasattr(sdk.Shapes(), "shapes")
    # `int` is renamed (a later field's annotation needs the builtin); `object` is not.
    node = sdk.models.JsonNode.model_validate({"object": "node", "int": 1, "count": 2})
    assert (node.object, node.int_, node.count) == ("node", 1, 2)
    assert node.model_dump(by_alias=True, exclude_unset=True) == {
        "object": "node",
        "int": 1,
        "count": 2,
    }
