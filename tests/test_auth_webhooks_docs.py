"""The README's OAuth2 client-credentials paragraph and "Webhooks" section (issue 23): every
Python program of the README runs against a loopback server that plays the token endpoint and
the API (each call carries a token the snippet's client fetched with its id and secret), and
the webhook receiver of the README accepts a payload signed with the secret the test sets and
rejects a tampered one. An API without OAuth2 or webhooks shows neither."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from docs_helpers import _RUNNER, Block, code_blocks
from sdk_helpers import Recorded, Reply, json_reply, serve

from generator.config import Overrides
from generator.pipeline import GenerateRequest, generate

KEY = b"docs-webhook-key-0123456789abcdef"
SECRET = "whsec_" + base64.b64encode(KEY).decode()
CLIENT_ID, CLIENT_SECRET = "docs-id", "docs-secret"
OK = {"type": "object", "properties": {"ok": {"type": "boolean"}}}
REPLY = {"200": {"description": "ok", "content": {"application/json": {"schema": OK}}}}


def _spec(oauth: bool, webhooks: bool) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {"title": "Relay", "version": "1"},
        "servers": [{"url": "http://api.test/v1"}],
        "paths": {
            "/items": {
                "get": {
                    "operationId": "listItems",
                    "x-fern-sdk-method-name": "list",
                    "tags": ["items"],
                    "responses": REPLY,
                }
            }
        },
        "components": {
            "schemas": {
                "OrderCreated": {
                    "type": "object",
                    "required": ["type", "order_id"],
                    "properties": {
                        "type": {"type": "string", "enum": ["order.created"]},
                        "order_id": {"type": "integer"},
                    },
                }
            }
        },
    }
    if oauth:
        doc["components"]["securitySchemes"] = {
            "OAuth": {
                "type": "oauth2",
                "flows": {
                    "clientCredentials": {"tokenUrl": "oauth/token", "scopes": {"read": "read"}}
                },
            }
        }
        doc["security"] = [{"OAuth": ["read"]}]
    if webhooks:
        ref = {"$ref": "#/components/schemas/OrderCreated"}
        doc["webhooks"] = {
            "order.created": {
                "post": {
                    "requestBody": {"content": {"application/json": {"schema": ref}}},
                    "responses": {"200": {"description": "ok"}},
                }
            }
        }
    return doc


def _readme(tmp: Path, doc: dict[str, Any], package: str, signing: str = "") -> Path:
    tmp.mkdir(parents=True, exist_ok=True)
    spec = tmp / "spec.yaml"
    spec.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    out = tmp / "sdk"
    generate(
        GenerateRequest(
            spec=str(spec),
            out_dir=out,
            name="Relay",
            package=package,
            overrides=Overrides(webhook_signing=signing),
        )
    )
    return out


@pytest.fixture(scope="module")
def sdk(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("authhooks")
    return _readme(tmp, _spec(True, True), "relay", "standard-webhooks")


def _section(readme: str, heading: str) -> str:
    start = readme.index(f"\n## {heading}\n")
    return readme[start : readme.index("\n## ", start + 1)]


def _sign(body: bytes, key: bytes = KEY) -> dict[str, str]:
    ts = str(int(time.time()))
    mac = hmac.new(key, f"msg_1.{ts}.".encode() + body, hashlib.sha256).digest()
    return {
        "webhook-id": "msg_1",
        "webhook-timestamp": ts,
        "webhook-signature": "v1," + base64.b64encode(mac).decode(),
    }


def test_sections_are_there(sdk: Path) -> None:
    readme = (sdk / "README.md").read_text(encoding="utf-8")
    auth = _section(readme, "Authentication")
    assert "* `client_id=`: the OAuth2 client id. Defaults to `RELAY_CLIENT_ID`." in auth
    assert "fetches an access token from oauth/token (relative to the base URL)" in auth
    assert "60 s before it expires and once after a 401" in auth
    assert "webhook_secret" not in auth  # never sent: documented under Webhooks
    [snippet] = [b for b in code_blocks(auth) if b.lang == "python"]
    assert 'client_id=os.environ["RELAY_CLIENT_ID"]' in snippet.code
    assert 'client_secret=os.environ["RELAY_CLIENT_SECRET"]' in snippet.code
    hooks = _section(readme, "Webhooks")
    assert "* [Webhooks](#webhooks)" in readme
    assert "`UnknownWebhookEvent`" in hooks and "`WebhookVerificationError`" in hooks
    assert "`RELAY_WEBHOOK_SECRET`" in hooks
    [receiver] = [b for b in code_blocks(hooks) if b.lang == "python"]
    assert "client.webhooks.unwrap(body, headers)" in receiver.code


def test_an_api_without_oauth_or_webhooks_shows_neither(tmp_path: Path) -> None:
    out = _readme(tmp_path, _spec(False, False), "plainrelay")
    readme = (out / "README.md").read_text(encoding="utf-8")
    assert "OAuth" not in readme and "client_id" not in readme
    assert "## Webhooks" not in readme and "(#webhooks)" not in readme
    assert "webhooks.unwrap" not in readme


def test_unsigned_webhooks_have_no_verification_text(tmp_path: Path) -> None:
    out = _readme(tmp_path, _spec(False, True), "plainhooks")
    hooks = _section((out / "README.md").read_text(encoding="utf-8"), "Webhooks")
    assert "WebhookVerificationError" not in hooks and "WEBHOOK_SECRET" not in hooks
    assert "client.webhooks.unwrap(body, headers)" in hooks


# Appended to the README's receiver: a signed payload, a tampered one, an unknown event type.
_DRIVE = """
import json as _json
for _body, _headers in _json.loads({cases!r}):
    print("status", handle_webhook(_body.encode(), _headers))
"""


def test_every_readme_program_runs_with_tokens_and_signatures(sdk: Path, tmp_path: Path) -> None:
    readme = (sdk / "README.md").read_text(encoding="utf-8")
    blocks: list[Block] = [b for b in code_blocks(readme) if b.lang == "python"]
    hooks_start = readme.index("\n## Webhooks\n")
    receiver = next(i for i, b in enumerate(blocks) if "handle_webhook" in b.code)
    assert readme.index(blocks[receiver].code) > hooks_start
    tokens: dict[int, int] = {}
    calls: dict[int, list[str]] = {}

    def handle(rec: Recorded) -> Reply:
        m = re.match(r"^/s(\d+)(/.*)$", rec.path)
        assert m is not None, rec.path
        i, path = int(m.group(1)), m.group(2)
        headers = {k.lower(): v for k, v in rec.headers.items()}
        if path == "/oauth/token":
            pair = base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
            assert rec.method == "POST" and headers.get("authorization") == f"Basic {pair}"
            assert b"grant_type=client_credentials" in rec.body
            tokens[i] = tokens.get(i, 0) + 1
            return json_reply(200, {"access_token": f"tok{i}", "expires_in": 3600})
        calls.setdefault(i, []).append(f"{rec.method} {path} {headers.get('authorization')}")
        return json_reply(200, {"ok": True})

    order = json.dumps({"type": "order.created", "order_id": 7}).encode()
    unknown = b'{"type": "order.refunded", "order_id": 7}'
    cases = [
        (order.decode(), _sign(order)),
        (order.decode(), _sign(order, key=b"someone else's key")),
        (unknown.decode(), _sign(unknown)),
    ]
    with serve(handle) as server:
        jobs = []
        for i, b in enumerate(blocks):
            code = b.code + (_DRIVE.format(cases=json.dumps(cases)) if i == receiver else "")
            env = {
                "RELAY_BASE_URL": f"{server.url}/s{i}",
                "RELAY_CLIENT_ID": CLIENT_ID,
                "RELAY_CLIENT_SECRET": CLIENT_SECRET,
                "RELAY_WEBHOOK_SECRET": SECRET,
            }
            jobs.append({"name": f"README.md:{b.line}", "code": code, "env": env})
        jobs_file, results_file = tmp_path / "jobs.json", tmp_path / "results.json"
        jobs_file.write_text(json.dumps(jobs), encoding="utf-8")
        env = {k: v for k, v in os.environ.items() if not k.startswith("RELAY_")}
        env["PYTHONPATH"] = str(sdk)
        proc = subprocess.run(
            [sys.executable, "-c", _RUNNER, str(jobs_file), str(results_file)],
            capture_output=True, text=True, env=env, timeout=120, cwd=tmp_path,
        )  # fmt: skip
    assert proc.returncode == 0, proc.stdout + proc.stderr
    results = json.loads(results_file.read_text(encoding="utf-8"))
    failures = []
    for i, (b, result) in enumerate(zip(blocks, results, strict=True)):
        where = f"README.md:{b.line}"
        if not result["ok"] or not result["output"].strip():
            failures.append(f"{where}: {result['output'][-1500:]}")
        elif i == receiver:
            if i in calls or i in tokens:
                failures.append(f"{where}: the receiver sent requests")
        elif b.marker is not None:
            # One token fetched with the id and secret, sent on the one call.
            if tokens.get(i) != 1 or calls.get(i) != [f"GET /items Bearer tok{i}"]:
                failures.append(f"{where}: tokens {tokens.get(i)}, calls {calls.get(i)}")
    assert not failures, "\n\n".join(failures)
    out = results[receiver]["output"]
    assert re.findall(r"status (\d+)", out) == ["200", "400", "200"], out
    assert "order_id=7" in out and "rejected: No webhook signature matches" in out
    assert "an event this SDK does not know: order.refunded" in out
