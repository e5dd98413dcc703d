"""Credentials, one rule: argument names, env variables, and what each operation sends.

Each SDK is generated from a small spec written here and driven against a loopback server.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sdk_helpers import Recorded, Reply, import_package, json_reply, serve

from generator.config import Overrides
from generator.pipeline import GenerateRequest, generate

OK = {"type": "object", "properties": {"ok": {"type": "boolean"}}}


def _op(op_id: str, security: Any = None) -> dict[str, Any]:
    op: dict[str, Any] = {
        "operationId": f"run_{op_id}",
        "tags": ["probe"],
        "x-fern-sdk-group-name": "probe",
        "x-fern-sdk-method-name": f"run_{op_id}",
        "responses": {
            "200": {"description": "ok", "content": {"application/json": {"schema": OK}}}
        },
    }
    if security is not None:
        op["security"] = security
    return op


def _spec(schemes: dict[str, Any], security: Any, paths: dict[str, Any]) -> dict[str, Any]:
    spec: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {"title": "Probe", "version": "1"},
        "servers": [{"url": "http://localhost"}],
        "paths": paths,
    }
    if schemes:
        spec["components"] = {"securitySchemes": schemes}
    if security is not None:
        spec["security"] = security
    return spec


def _generate(tmp_path: Path, spec: dict[str, Any], overrides: Overrides | None = None) -> Any:
    spec_file = tmp_path / "spec.json"
    spec_file.write_text(json.dumps(spec))
    out = tmp_path / "sdk"
    generate(
        GenerateRequest(
            spec=str(spec_file),
            out_dir=out,
            name="Probe",
            package="probe",
            overrides=overrides or Overrides(),
        )
    )
    return import_package(out, "probe")


def _ok(_: Recorded) -> Reply:
    return json_reply(200, {"ok": True})


TWO_ON_ONE_HEADER = {
    "BearerAuth": {"type": "http", "scheme": "bearer"},
    "AdminApiKeyAuth": {"type": "apiKey", "in": "header", "name": "Authorization"},
}


@pytest.fixture
def two_schemes(tmp_path: Path) -> Any:
    paths = {
        "/main": {"get": _op("main")},
        "/admin": {"get": _op("admin", [{"AdminApiKeyAuth": []}])},
        "/either": {"get": _op("either", [{"AdminApiKeyAuth": []}, {"BearerAuth": []}])},
        "/open": {"get": _op("open", [])},
    }
    return _generate(tmp_path, _spec(TWO_ON_ONE_HEADER, [{"BearerAuth": []}], paths))


def test_two_schemes_on_one_header_each_operation_sends_its_own(two_schemes: Any) -> None:
    """The default requirement's scheme is `api_key`; the other drops `auth` from its key; two
    schemes on `Authorization` never overwrite each other."""
    with serve(_ok) as server:
        client = two_schemes.Probe(
            api_key="main-key", admin_api_key="admin-key", base_url=server.url
        )
        client.probe.run_main()
        client.probe.run_admin()
        client.probe.run_either()
        client.probe.run_open()
    sent = {r.path: r.headers.get("authorization") for r in server.requests}
    assert sent == {
        "/main": "Bearer main-key",
        "/admin": "admin-key",
        "/either": "admin-key",  # the first alternative given, in the requirement's order
        "/open": None,  # `security: []`
    }


def test_either_requirement_falls_back_to_the_next_given(two_schemes: Any) -> None:
    with serve(_ok) as server:
        client = two_schemes.Probe(api_key="main-key", base_url=server.url)
        client.probe.run_either()
        client.probe.run_admin()  # its only scheme is not set: nothing is sent
    assert [r.headers.get("authorization") for r in server.requests] == [
        "Bearer main-key",
        None,
    ]


def test_env_names_follow_the_arguments(two_schemes: Any, monkeypatch: Any) -> None:
    monkeypatch.setenv("PROBE_API_KEY", "env-main")
    monkeypatch.setenv("PROBE_ADMIN_API_KEY", "env-admin")
    with serve(_ok) as server:
        client = two_schemes.Probe(base_url=server.url)
        client.probe.run_main()
        client.probe.run_admin()
        assert "env-admin" not in repr(client)
    assert [r.headers.get("authorization") for r in server.requests] == [
        "Bearer env-main",
        "env-admin",
    ]


def test_one_api_key_scheme_is_api_key(tmp_path: Path, monkeypatch: Any) -> None:
    schemes = {"ApiKeyAuth": {"type": "apiKey", "in": "header", "name": "X-Key"}}
    sdk = _generate(tmp_path, _spec(schemes, [{"ApiKeyAuth": []}], {"/a": {"get": _op("a")}}))
    monkeypatch.setenv("PROBE_API_KEY", "k1")
    with serve(_ok) as server:
        sdk.Probe(base_url=server.url).probe.run_a()
    assert server.requests[0].headers["x-key"] == "k1"


def test_basic_and_query_key(tmp_path: Path) -> None:
    schemes = {
        "basicAuth": {"type": "http", "scheme": "basic"},
        "queryKey": {"type": "apiKey", "in": "query", "name": "key"},
    }
    paths = {
        "/b": {"get": _op("b", [{"basicAuth": []}])},
        "/q": {"get": _op("q", [{"queryKey": []}])},
    }
    sdk = _generate(tmp_path, _spec(schemes, [{"queryKey": []}], paths))
    with serve(_ok) as server:
        client = sdk.Probe(username="u", password="p", api_key="qk", base_url=server.url)
        client.probe.run_b()
        client.probe.run_q()
    basic, query = server.requests
    assert basic.headers["authorization"] == "Basic dTpw" and "key=" not in basic.query
    assert query.query == "key=qk" and "authorization" not in query.headers


@pytest.mark.parametrize(
    ("auth", "header", "expected"),
    [(("bearer", ""), "authorization", "Bearer tok"), (("api_key", "X-Token"), "x-token", "tok")],
)
def test_configured_credential_for_a_spec_without_schemes(
    tmp_path: Path, auth: tuple[str, ...], header: str, expected: str
) -> None:
    sdk = _generate(tmp_path, _spec({}, None, {"/a": {"get": _op("a")}}), Overrides(auth=auth))
    with serve(_ok) as server:
        sdk.Probe(base_url=server.url).probe.run_a()  # optional: no credential, no error
        sdk.Probe(api_key="tok", base_url=server.url).probe.run_a()
    assert header not in server.requests[0].headers
    assert server.requests[1].headers[header] == expected


def test_config_auth_key_parses() -> None:
    from generator.config import ConfigError, parse_config

    raw = {"targets": [{"spec": "s.yaml", "output": "o", "name": "N", "auth": {"type": "bearer"}}]}
    assert parse_config(raw, Path("gen.yaml")).targets[0].overrides.auth == ("bearer", "")
    raw["targets"][0].pop("auth")
    raw["targets"][0]["api_key_header"] = "X-Key"
    target = parse_config(raw, Path("gen.yaml")).targets[0]
    assert target.overrides.auth == ("api_key", "X-Key")
    assert target.overrides.as_dict()["auth"] == {"type": "api_key", "header": "X-Key"}
    raw["targets"][0]["auth"] = {"type": "oauth"}
    with pytest.raises(ConfigError, match="auth"):
        parse_config(raw, Path("gen.yaml"))


def test_several_schemes_sdk_is_typed_and_lint_clean(two_schemes: Any) -> None:
    """mypy --strict on the package; ruff on the files the credential code shapes (the models
    module's import block is another issue's)."""
    import shutil
    import subprocess
    import sys

    root = Path(two_schemes.__file__).parent.parent
    mypy = [sys.executable, "-m", "mypy", "--no-incremental", "--strict", "probe"]
    result = subprocess.run(mypy, cwd=root, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    ruff = shutil.which("ruff") or str(Path(sys.executable).parent / "ruff")
    result = subprocess.run(
        [ruff, "check", "--no-cache", "probe/_client.py", "probe/resources"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
