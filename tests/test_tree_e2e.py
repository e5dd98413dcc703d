"""The resource tree end to end: a nested resource called with positional path arguments over
loopback HTTP (sync and async), resource modules imported on first access only."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path
from typing import Any

from sdk_helpers import Recorded, Reply, json_reply, serve
from wire_helpers import build, ok, spec

_THING = {"type": "object", "properties": {"id": {"type": "string"}, "of": {"type": "string"}}}


def _doc() -> Any:
    path_params = [
        # Declared out of path order: the signature follows the path.
        {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}},
        {"name": "account", "in": "path", "required": True, "schema": {"type": "string"}},
        {"name": "expand", "in": "query", "schema": {"type": "string"}},
    ]
    return spec(
        {
            "/v1/accounts": {"get": {"responses": ok("application/json", _THING)}},
            "/v1/accounts/{account}/external_accounts/{id}": {
                "get": {"parameters": path_params, "responses": ok("application/json", _THING)}
            },
            "/v1/jobs/{job}/cancel": {
                "post": {
                    "parameters": [
                        {
                            "name": "job",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string"},
                        }
                    ],
                    "responses": ok("application/json", _THING),
                }
            },
        }
    )


def _answer(req: Recorded) -> Reply:
    return json_reply(200, {"id": req.path, "of": req.query})


def test_nested_resource_with_positional_path_args(tmp_path: Path) -> None:
    pkg = build(_doc(), tmp_path)
    with serve(_answer) as server:
        with pkg.Wire(base_url=server.url, max_retries=0) as c:
            got = c.accounts.external_accounts.retrieve("acct 1", "ba_2", expand="x")
            assert got.id == "/v1/accounts/acct%201/external_accounts/ba_2"
            assert got.of == "expand=x"
            by_name = c.accounts.external_accounts.retrieve(account="a", id="b")
            assert by_name.id == "/v1/accounts/a/external_accounts/b"
            assert c.jobs.cancel("j1").id == "/v1/jobs/j1/cancel"
            assert c.accounts.external_accounts is c.accounts.external_accounts  # built once

        async def run() -> list[str]:
            async with pkg.AsyncWire(base_url=server.url, max_retries=0) as a:
                first = await a.accounts.external_accounts.retrieve("x", "y")
                raw = await a.accounts.external_accounts.with_raw_response.retrieve("x", "z")
                return [first.id, raw.parse().id]

        assert asyncio.run(run()) == [
            "/v1/accounts/x/external_accounts/y",
            "/v1/accounts/x/external_accounts/z",
        ]
    assert [r.method for r in server.requests] == ["GET", "GET", "POST", "GET", "GET"]


def test_resource_modules_load_on_first_access(tmp_path: Path) -> None:
    build(_doc(), tmp_path)
    probe = (
        "import sys, wire\n"
        "c = wire.Wire(base_url='http://127.0.0.1:9')\n"
        "loaded = lambda: sorted(m for m in sys.modules if m.startswith('wire.resources.'))\n"
        "print(loaded())\n"
        "c.accounts\n"
        "print(loaded())\n"
        "c.accounts.external_accounts\n"
        "print(loaded())\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=tmp_path / "sdk",
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines == [
        "[]",
        "['wire.resources.accounts']",
        "['wire.resources.accounts', 'wire.resources.accounts_external_accounts']",
    ]


def test_tree_names_reach_the_python_sdk_as_spelled(tmp_path: Path) -> None:
    # OpenAPI: path segments with digits (`oauth2`, `1-clicks`), a server-made token in a
    # segment, and PUT + PATCH of one item. The Python target keeps the tree's names
    # (`oauth2`, not `oauth_2`), and each call goes to its own path and HTTP method.
    item = [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}]
    reply = ok("application/json", _THING)
    doc = spec(
        {
            "/v2/oauth2/token": {"post": {"responses": reply}},
            "/v2/1-clicks": {"get": {"responses": reply}},
            "/v2/labels/securityLabel-6VMVochwUWo": {"get": {"responses": reply}},
            "/v2/gizmos/{id}": {
                "put": {"parameters": item, "responses": reply},
                "patch": {"parameters": item, "responses": reply},
            },
        }
    )
    pkg = build(doc, tmp_path)
    with serve(lambda req: json_reply(200, {"id": req.path, "of": req.method})) as server:
        with pkg.Wire(base_url=server.url, max_retries=0) as c:
            calls = [
                c.oauth2.token.create(),
                c.one_clicks.list(),
                c.labels.security_label.retrieve(),
                c.gizmos.update("g1"),
                c.gizmos.patch("g1"),
            ]
    assert [(r.id, r.of) for r in calls] == [
        ("/v2/oauth2/token", "POST"),
        ("/v2/1-clicks", "GET"),
        ("/v2/labels/securityLabel-6VMVochwUWo", "GET"),
        ("/v2/gizmos/g1", "PUT"),
        ("/v2/gizmos/g1", "PATCH"),
    ]
    modules = sorted(p.stem for p in (tmp_path / "sdk" / "wire" / "resources").glob("*.py"))
    assert "oauth2_token" in modules and "one_clicks" in modules
