"""OAuth2 client credentials (an `oauth2` scheme with a `clientCredentials` flow).

Each SDK is generated from a small spec written here and driven through an httpx.MockTransport
that plays both the token endpoint and the API, so the token requests are seen too.
"""

from __future__ import annotations

import asyncio
import base64
import json
import logging
import threading
import time
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import parse_qs

import httpx
import pytest
import yaml
from sdk_helpers import import_package

from generator.config import Overrides
from generator.pipeline import GenerateRequest, generate

SECRET = "s3cr3t-Value/+="
CLIENT_ID = "client-7"
OK = {"type": "object", "properties": {"ok": {"type": "boolean"}}}
RESPONSES = {"200": {"description": "ok", "content": {"application/json": {"schema": OK}}}}


def _spec(token_url: str = "/oauth/token", **extra: Any) -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": "Probe", "version": "1"},
        "servers": [{"url": "http://api.test/v1"}],
        "components": {
            "securitySchemes": {
                "OAuth": {
                    "type": "oauth2",
                    "flows": {
                        "clientCredentials": {
                            "tokenUrl": token_url,
                            "scopes": {"read": "read things", "write": "write things"},
                        }
                    },
                }
            }
        },
        "security": [{"OAuth": ["read"]}],
        "paths": {
            "/items": {
                "get": {
                    "operationId": "listItems",
                    "x-fern-sdk-method-name": "list",
                    "tags": ["items"],
                    "responses": RESPONSES,
                },
                "post": {
                    "operationId": "createItem",
                    "x-fern-sdk-method-name": "create",
                    "tags": ["items"],
                    "security": [{"OAuth": ["read", "write"]}],
                    "responses": RESPONSES,
                },
            },
            "/health": {
                "get": {
                    "operationId": "getHealth",
                    "x-fern-sdk-method-name": "check",
                    "tags": ["health"],
                    "security": [],
                    "responses": RESPONSES,
                }
            },
        },
        **extra,
    }


def _build(
    tmp: Path, doc: dict[str, Any], overrides: Overrides | None = None, package: str = "oauthsdk"
) -> ModuleType:
    spec_file = tmp / "spec.yaml"
    spec_file.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    out = tmp / "sdk"
    generate(
        GenerateRequest(
            spec=str(spec_file),
            out_dir=out,
            name="Probe",
            package=package,
            overrides=overrides or Overrides(),
        )
    )
    return import_package(out, package)


@pytest.fixture(scope="module")
def pkg(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return _build(tmp_path_factory.mktemp("oauth"), _spec())


class Server:
    """Plays the token endpoint (POST /oauth/token) and the API; records every request."""

    def __init__(self, expires_in: int | None = 3600, token_delay: float = 0.0) -> None:
        self.expires_in = expires_in
        self.token_delay = token_delay
        self.token_requests: list[httpx.Request] = []
        self.api_requests: list[httpx.Request] = []
        self.rejected: set[str] = set()  # tokens the API answers 401 to
        self.token_status = 200
        self.token_body: dict[str, Any] | None = None
        self.lock = threading.Lock()

    def _token(self, request: httpx.Request) -> httpx.Response:
        with self.lock:
            self.token_requests.append(request)
            n = len(self.token_requests)
        if self.token_body is not None:
            return httpx.Response(self.token_status, json=self.token_body)
        body: dict[str, Any] = {"access_token": f"tok-{n}", "token_type": "Bearer"}
        if self.expires_in is not None:
            body["expires_in"] = self.expires_in
        return httpx.Response(200, json=body)

    def _api(self, request: httpx.Request) -> httpx.Response:
        with self.lock:
            self.api_requests.append(request)
        auth = request.headers.get("authorization", "")
        if request.url.path == "/v1/health":
            return httpx.Response(200, json={"ok": True})
        if not auth.startswith("Bearer tok-") or auth[len("Bearer ") :] in self.rejected:
            return httpx.Response(401, json={"error": "unauthorized"})
        return httpx.Response(200, json={"ok": True})

    def handle(self, request: httpx.Request) -> httpx.Response:
        request.read()
        if request.url.path == "/oauth/token":
            if self.token_delay:
                time.sleep(self.token_delay)
            return self._token(request)
        return self._api(request)

    async def ahandle(self, request: httpx.Request) -> httpx.Response:
        await request.aread()
        if request.url.path == "/oauth/token":
            if self.token_delay:
                await asyncio.sleep(self.token_delay)
            return self._token(request)
        return self._api(request)


def _client(pkg: ModuleType, server: Server, **kwargs: Any) -> Any:
    http = httpx.Client(transport=httpx.MockTransport(server.handle))
    return pkg.Probe(
        client_id=CLIENT_ID, client_secret=SECRET, http_client=http, max_retries=0, **kwargs
    )


def _form(request: httpx.Request) -> dict[str, list[str]]:
    return parse_qs(request.content.decode("ascii"))


def test_one_token_fetch_for_many_calls_and_one_per_scope_set(pkg: ModuleType) -> None:
    server = Server()
    client = _client(pkg, server)
    for _ in range(5):
        assert client.items.list().ok is True
    assert len(server.token_requests) == 1
    token_request = server.token_requests[0]
    # The relative tokenUrl resolves against the server URL.
    assert str(token_request.url) == "http://api.test/oauth/token"
    assert token_request.method == "POST"
    assert token_request.headers["content-type"] == "application/x-www-form-urlencoded"
    assert _form(token_request) == {"grant_type": ["client_credentials"], "scope": ["read"]}
    # RFC 6749 section 2.3.1: HTTP basic with the form-urlencoded id and secret.
    basic = base64.b64decode(token_request.headers["authorization"].split(" ", 1)[1]).decode()
    assert basic == "client-7:s3cr3t-Value%2F%2B%3D"
    assert all(r.headers["authorization"] == "Bearer tok-1" for r in server.api_requests)

    client.items.create()  # another scope set: its own token
    client.items.create()
    client.items.list()
    assert len(server.token_requests) == 2
    assert _form(server.token_requests[1])["scope"] == ["read write"]
    assert server.api_requests[-2].headers["authorization"] == "Bearer tok-2"
    assert server.api_requests[-1].headers["authorization"] == "Bearer tok-1"

    client.health.check()  # `security: []`: no token, no fetch
    assert "authorization" not in server.api_requests[-1].headers
    assert len(server.token_requests) == 2


def test_refresh_60_seconds_before_expiry(pkg: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    clock = [1000.0]
    monkeypatch.setattr(pkg._oauth, "now", lambda: clock[0])
    server = Server(expires_in=300)
    client = _client(pkg, server)
    client.items.list()
    clock[0] += 239  # 61 s left: still used
    client.items.list()
    assert len(server.token_requests) == 1
    clock[0] += 2  # 59 s left: replaced
    client.items.list()
    assert len(server.token_requests) == 2
    assert server.api_requests[-1].headers["authorization"] == "Bearer tok-2"


def test_refresh_once_after_a_401(pkg: ModuleType) -> None:
    server = Server(expires_in=None)  # no expiry declared: kept until refused
    client = _client(pkg, server)
    client.items.list()
    server.rejected.add("tok-1")  # revoked on the server
    assert client.items.list().ok is True
    assert len(server.token_requests) == 2
    assert [r.headers["authorization"] for r in server.api_requests] == [
        "Bearer tok-1",
        "Bearer tok-1",
        "Bearer tok-2",
    ]
    # A 401 with a fresh token too: one refresh only, then the error.
    server.rejected.update({"tok-2", "tok-3"})
    with pytest.raises(pkg.AuthenticationError):
        client.items.list()
    assert len(server.token_requests) == 3
    assert len(server.api_requests) == 5


def test_concurrent_threads_share_one_fetch(pkg: ModuleType) -> None:
    server = Server(token_delay=0.1)
    client = _client(pkg, server)
    errors: list[BaseException] = []

    def call() -> None:
        try:
            client.items.list()
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=call) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=10)
    assert not errors
    assert len(server.token_requests) == 1
    assert len(server.api_requests) == 8


def test_concurrent_async_calls_share_one_fetch(pkg: ModuleType) -> None:
    server = Server(token_delay=0.05)

    async def run() -> None:
        http = httpx.AsyncClient(transport=httpx.MockTransport(server.ahandle))
        async with pkg.AsyncProbe(
            client_id=CLIENT_ID, client_secret=SECRET, http_client=http, max_retries=0
        ) as client:
            results = await asyncio.wait_for(
                asyncio.gather(*(client.items.list() for _ in range(8))), timeout=10
            )
            assert all(r.ok for r in results)
            server.rejected.add("tok-1")
            await client.items.create()  # another scope set
            await client.items.list()  # 401, then a new token
        await http.aclose()

    asyncio.run(run())
    assert len(server.token_requests) == 3
    assert server.api_requests[-1].headers["authorization"] == "Bearer tok-3"


def test_the_secret_never_leaks(pkg: ModuleType, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    server = Server()
    client = _client(pkg, server)
    basic = base64.b64encode(f"{CLIENT_ID}:s3cr3t-Value%2F%2B%3D".encode()).decode()
    client.items.list()
    server.rejected.update({"tok-1", "tok-2"})
    with pytest.raises(pkg.AuthenticationError) as api_error:
        client.items.list()
    # The token endpoint refuses, echoing the secret in its description.
    server.token_status = 401
    server.token_body = {"error": "invalid_client", "error_description": f"bad secret {SECRET}"}
    with pytest.raises(pkg.OAuthTokenError) as token_error:
        client.items.create()
    assert token_error.value.status_code == 401
    assert token_error.value.error == "invalid_client"
    assert "invalid_client" in str(token_error.value)
    texts = [
        caplog.text,
        repr(client),
        repr(client._auth),
        str(api_error.value),
        repr(api_error.value),
        str(api_error.value.request.headers),
        str(token_error.value),
        repr(token_error.value),
        str(token_error.value.request.headers),
    ]
    for text in texts:
        assert SECRET not in text
        assert basic not in text
    assert "tok-" not in str(api_error.value.request.headers)
    assert "[REDACTED]" in repr(client._auth)


def test_token_endpoint_without_a_token_is_a_clear_error(pkg: ModuleType) -> None:
    server = Server()
    server.token_body = {"token_type": "Bearer"}
    client = _client(pkg, server)
    with pytest.raises(pkg.OAuthTokenError, match="sent no access_token"):
        client.items.list()
    assert not server.api_requests


def test_missing_credentials_name_both_settings(pkg: ModuleType) -> None:
    with pytest.raises(pkg.ProbeError, match=r"client_secret=.*OAUTHSDK_CLIENT_SECRET"):
        pkg.Probe(client_id=CLIENT_ID)


def test_credentials_from_the_environment_and_with_options(
    pkg: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OAUTHSDK_CLIENT_ID", "env-id")
    monkeypatch.setenv("OAUTHSDK_CLIENT_SECRET", "env-secret")
    server = Server()
    http = httpx.Client(transport=httpx.MockTransport(server.handle))
    client = pkg.Probe(http_client=http, max_retries=0)
    client.items.list()
    basic = base64.b64decode(server.token_requests[0].headers["authorization"][6:]).decode()
    assert basic == "env-id:env-secret"
    client.with_options(client_secret="other").items.list()
    basic = base64.b64decode(server.token_requests[1].headers["authorization"][6:]).decode()
    assert basic == "env-id:other"


def test_client_auth_in_the_body_and_an_absolute_token_url(tmp_path: Path) -> None:
    doc = _spec("https://auth.test/oauth/token")
    pkg = _build(tmp_path, doc, Overrides(oauth_client_auth="body"), package="oauthbody")
    server = Server()
    _client(pkg, server).items.list()
    token_request = server.token_requests[0]
    assert str(token_request.url) == "https://auth.test/oauth/token"
    assert "authorization" not in token_request.headers
    assert _form(token_request) == {
        "grant_type": ["client_credentials"],
        "scope": ["read"],
        "client_id": [CLIENT_ID],
        "client_secret": [SECRET],
    }


def test_swagger2_application_flow_and_two_schemes(tmp_path: Path) -> None:
    doc = {
        "swagger": "2.0",
        "info": {"title": "Probe", "version": "1"},
        "host": "api.test",
        "basePath": "/v1",
        "schemes": ["http"],
        "securityDefinitions": {
            "OAuth": {
                "type": "oauth2",
                "flow": "application",
                "tokenUrl": "http://api.test/oauth/token",
                "scopes": {"read": "r"},
            },
            "PartnerOAuth": {
                "type": "oauth2",
                "flow": "application",
                "tokenUrl": "http://api.test/partner/token",
                "scopes": {},
            },
        },
        "security": [{"OAuth": ["read"]}],
        "paths": {
            "/items": {
                "get": {
                    "operationId": "listItems",
                    "x-fern-sdk-method-name": "list",
                    "tags": ["items"],
                    "responses": {"200": {"description": "ok", "schema": OK}},
                }
            },
            "/partner": {
                "get": {
                    "operationId": "getPartner",
                    "x-fern-sdk-method-name": "fetch",
                    "tags": ["partner"],
                    "security": [{"PartnerOAuth": []}],
                    "responses": {"200": {"description": "ok", "schema": OK}},
                }
            },
        },
    }
    pkg = _build(tmp_path, doc, package="oauthtwo")
    seen: list[httpx.Request] = []

    def handle(request: httpx.Request) -> httpx.Response:
        request.read()
        seen.append(request)
        if request.url.path.endswith("/token"):
            name = request.url.path.split("/")[1]
            return httpx.Response(200, json={"access_token": f"tok-{name}"})
        return httpx.Response(200, json={"ok": True})

    client = pkg.Probe(
        client_id="a",
        client_secret="b",
        partner_client_id="c",
        partner_client_secret="d",
        http_client=httpx.Client(transport=httpx.MockTransport(handle)),
    )
    client.items.list()
    client.partner.fetch()
    assert [str(r.url) for r in seen] == [
        "http://api.test/oauth/token",
        "http://api.test/v1/items",
        "http://api.test/partner/token",
        "http://api.test/v1/partner",
    ]
    assert seen[1].headers["authorization"] == "Bearer tok-oauth"
    assert seen[3].headers["authorization"] == "Bearer tok-partner"
    assert "scope" not in _form(seen[2])


def test_manifest_round_trip_of_the_config_keys() -> None:
    from generator.config import ConfigError, parse_config

    raw = {
        "targets": [
            {
                "spec": "a.yaml",
                "output": "out",
                "name": "A",
                "oauth": {"client_auth": "body"},
                "webhooks": {"signing": "standard-webhooks"},
            }
        ]
    }
    target = parse_config(raw, Path("/tmp/gen.yaml")).targets[0]
    assert target.overrides.oauth_client_auth == "body"
    assert target.overrides.webhook_signing == "standard-webhooks"
    assert json.loads(json.dumps(target.overrides.as_dict())) == {
        "oauth": {"client_auth": "body"},
        "webhooks": {"signing": "standard-webhooks"},
    }
    raw["targets"][0]["webhooks"] = {"signing": "hmac"}
    with pytest.raises(ConfigError, match=r"`webhooks` must be \{signing: standard-webhooks\}"):
        parse_config(raw, Path("/tmp/gen.yaml"))


def test_the_token_endpoint_declared_as_an_operation_under_its_own_scheme(tmp_path: Path) -> None:
    # The spec lists `POST /oauth/token` (a JSON body) as an operation, under the global
    # OAuth2 requirement: the client fetches a token (a form request) before calling it. The
    # smoke test must answer that fetch with a token, not with the
    # operation's own canned body.
    doc = _spec()
    doc["servers"] = [{"url": "http://api.test"}]  # the token URL is then the operation's path
    token_body = {"type": "object", "required": ["grant_type"],
                  "properties": {"grant_type": {"type": "string"}}}  # fmt: skip
    token_answer = {"type": "object", "properties": {"token_type": {"type": "string"}}}
    doc["paths"] = {
        "/oauth/token": {
            "post": {
                "operationId": "getToken",
                "x-fern-sdk-group-name": "auth",
                "x-fern-sdk-method-name": "token",
                "requestBody": {"content": {"application/json": {"schema": token_body}}},
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {"application/json": {"schema": token_answer}},
                    }
                },
            }
        },
        **doc["paths"],
    }  # fmt: skip  (called first: no token is cached yet)
    spec_file = tmp_path / "spec.yaml"
    spec_file.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    out = tmp_path / "sdk"
    generate(GenerateRequest(spec=str(spec_file), out_dir=out, name="Probe",
                             package="oauthtokenop", smoke=True))  # fmt: skip
    assert hasattr(import_package(out, "oauthtokenop").Probe, "auth")
