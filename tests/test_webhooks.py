"""Webhooks (a 3.1 spec's top-level `webhooks`): typed payloads, `client.webhooks.unwrap` and
Standard Webhooks signatures (`webhooks: {signing: standard-webhooks}` in the config).

Each SDK is generated from a small spec written here. Signatures are computed in the test
from the Standard Webhooks definition (HMAC-SHA256 over `{id}.{timestamp}.{body}`, keyed
with the base64-decoded `whsec_` secret), independently of the SDK's code.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml
from sdk_helpers import import_package

from generator.config import Overrides
from generator.pipeline import GenerateRequest, generate

KEY = b"0123456789abcdef0123456789abcdef"
SECRET = "whsec_" + base64.b64encode(KEY).decode()
PING = {
    "get": {
        "operationId": "ping",
        "x-fern-sdk-method-name": "ping",
        "tags": ["health"],
        "responses": {
            "200": {
                "description": "ok",
                "content": {"application/json": {"schema": {"type": "object"}}},
            }
        },
    }
}


def _hook(schema: Any, header: dict[str, Any] | None = None) -> dict[str, Any]:
    op: dict[str, Any] = {
        "requestBody": {"content": {"application/json": {"schema": schema}}},
        "responses": {"200": {"description": "ok"}},
    }
    if header is not None:
        op["parameters"] = [header]
    return {"post": op}


def _spec(webhooks: dict[str, Any], schemas: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": "Hooks", "version": "1"},
        "servers": [{"url": "http://api.test"}],
        "paths": {"/ping": PING},
        "webhooks": webhooks,
        "components": {"schemas": schemas or {}},
    }


TAGGED = _spec(
    {
        "order.created": _hook({"$ref": "#/components/schemas/OrderCreated"}),
        "order.shipped": _hook(
            {
                "type": "object",
                "required": ["type", "tracking"],
                "properties": {"type": {"const": "order.shipped"}, "tracking": {"type": "string"}},
            }
        ),
    },
    {
        "OrderCreated": {
            "type": "object",
            "required": ["type", "order_id"],
            "properties": {
                "type": {"type": "string", "enum": ["order.created"]},
                "order_id": {"type": "integer"},
            },
        }
    },
)


def _build(
    tmp: Path, doc: dict[str, Any], package: str, overrides: Overrides | None = None
) -> ModuleType:
    tmp.mkdir(parents=True, exist_ok=True)
    spec_file = tmp / "spec.yaml"
    spec_file.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    out = tmp / "sdk"
    generate(
        GenerateRequest(
            spec=str(spec_file),
            out_dir=out,
            name="Hooks",
            package=package,
            overrides=overrides or Overrides(),
        )
    )
    return import_package(out, package)


@pytest.fixture(scope="module")
def tagged(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return _build(tmp_path_factory.mktemp("tagged"), TAGGED, "hookstagged")


@pytest.fixture(scope="module")
def signed(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    overrides = Overrides(webhook_signing="standard-webhooks")
    return _build(tmp_path_factory.mktemp("signed"), TAGGED, "hookssigned", overrides)


def _sign(
    body: bytes, msg_id: str = "msg_1", stamp: int | None = None, key: bytes = KEY
) -> dict[str, str]:
    ts = str(int(time.time()) if stamp is None else stamp)
    mac = hmac.new(key, f"{msg_id}.{ts}.".encode() + body, hashlib.sha256).digest()
    return {
        "webhook-id": msg_id,
        "webhook-timestamp": ts,
        "webhook-signature": "v1," + base64.b64encode(mac).decode(),
    }


def test_typed_parsing_of_two_event_types(tagged: ModuleType) -> None:
    client = tagged.Hooks()
    created = client.webhooks.unwrap(b'{"type": "order.created", "order_id": 7}')
    assert isinstance(created, tagged.models.OrderCreated)
    assert created.order_id == 7
    shipped = client.webhooks.unwrap('{"type": "order.shipped", "tracking": "TR-1"}', {})
    assert type(shipped).__name__ != "OrderCreated"
    assert shipped.tracking == "TR-1"
    with pytest.raises(ValueError):
        client.webhooks.unwrap(b'{"type": "order.created", "order_id": "not a number"}')


def test_unknown_event_types_are_kept(tagged: ModuleType) -> None:
    client = tagged.Hooks()
    payload = {"type": "order.refunded", "order_id": 7, "extra": [1, 2]}
    event = client.webhooks.unwrap(json.dumps(payload))
    assert isinstance(event, tagged.UnknownWebhookEvent)
    assert event.type == "order.refunded"
    assert event.data == payload


def test_event_named_by_a_header_or_found_by_trying(tmp_path: Path) -> None:
    def header(name: str) -> dict[str, Any]:
        return {
            "name": "X-Event-Kind",
            "in": "header",
            "schema": {"type": "string", "enum": [name]},
        }

    a = {"type": "object", "required": ["alpha"], "properties": {"alpha": {"type": "integer"}}}
    b = {"type": "object", "required": ["beta"], "properties": {"beta": {"type": "string"}}}
    doc = _spec({"thing.a": _hook(a, header("thing.a")), "thing.b": _hook(b, header("thing.b"))})
    pkg = _build(tmp_path / "h", doc, "hooksheader")
    hooks = pkg.Hooks().webhooks
    # Both payloads would validate as either without the header (no extra fields refused).
    got = hooks.unwrap(b'{"alpha": 1, "beta": "x"}', {"x-event-kind": "thing.b"})
    assert got.beta == "x"
    got = hooks.unwrap(b'{"alpha": 1, "beta": "x"}', {"X-Event-Kind": "thing.a"})
    assert got.alpha == 1
    unknown = hooks.unwrap(b'{"gamma": 1}', {"X-Event-Kind": "thing.c"})
    assert isinstance(unknown, pkg.UnknownWebhookEvent)
    assert unknown.type == "thing.c"

    doc = _spec({"thing.a": _hook(a), "thing.b": _hook(b)})
    pkg = _build(tmp_path / "t", doc, "hookstry")
    hooks = pkg.Hooks().webhooks
    assert hooks.unwrap(b'{"beta": "y"}').beta == "y"
    assert hooks.unwrap(b'{"alpha": 3}').alpha == 3
    unknown = hooks.unwrap(b'{"gamma": 1}')
    assert isinstance(unknown, pkg.UnknownWebhookEvent)
    assert unknown.type is None


def test_a_valid_signature_passes(signed: ModuleType) -> None:
    client = signed.Hooks(webhook_secret=SECRET)
    body = b'{"type": "order.created", "order_id": 9}'
    event = client.webhooks.unwrap(body, _sign(body))
    assert event.order_id == 9
    client.webhooks.verify(body, _sign(body))
    # Header names are case-insensitive; a per-call secret wins over the client's.
    headers = {k.upper(): v for k, v in _sign(body).items()}
    signed.Hooks(webhook_secret="whsec_" + base64.b64encode(b"other").decode()).webhooks.verify(
        body, headers, secret=SECRET
    )


def test_one_matching_signature_among_several_passes(signed: ModuleType) -> None:
    body = b'{"type": "order.created", "order_id": 1}'
    headers = _sign(body)
    wrong = _sign(body, key=b"another key")["webhook-signature"]
    headers["webhook-signature"] = f"v2,abc {wrong} {headers['webhook-signature']}"
    signed.Hooks(webhook_secret=SECRET).webhooks.verify(body, headers)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda h, b: (h | {"webhook-signature": _sign(b, key=b"x")["webhook-signature"]}, b),
         "No webhook signature matches"),
        (lambda h, b: (h, b + b" "), "No webhook signature matches"),
        (lambda h, b: (h | {"webhook-id": "msg_2"}, b), "No webhook signature matches"),
        (lambda h, b: (_sign(b, stamp=int(time.time()) - 301), b), "too old"),
        (lambda h, b: (_sign(b, stamp=int(time.time()) + 301), b), "in the future"),
        (lambda h, b: ({k: v for k, v in h.items() if k != "webhook-signature"}, b),
         "Missing webhook header"),
        (lambda h, b: ({}, b), "webhook-id, webhook-timestamp, webhook-signature"),
        (lambda h, b: (h | {"webhook-timestamp": "soon"}, b), "not a number"),
        (lambda h, b: (h | {"webhook-signature": "v1"}, b), "No webhook signature matches"),
    ],
)  # fmt: skip
def test_a_wrong_stale_future_or_missing_signature_raises(
    signed: ModuleType, change: Any, message: str
) -> None:
    body = b'{"type": "order.created", "order_id": 1}'
    headers, body = change(_sign(body), body)
    client = signed.Hooks(webhook_secret=SECRET)
    with pytest.raises(signed.WebhookVerificationError, match=message) as raised:
        client.webhooks.unwrap(body, headers)
    assert SECRET not in str(raised.value)
    with pytest.raises(signed.WebhookVerificationError, match=message):
        client.webhooks.verify(body, headers)


def test_secret_from_the_environment_and_never_shown(
    signed: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    body = b'{"type": "order.shipped", "tracking": "T"}'
    with pytest.raises(signed.WebhookVerificationError, match="HOOKSSIGNED_WEBHOOK_SECRET"):
        signed.Hooks().webhooks.unwrap(body, _sign(body))
    monkeypatch.setenv("HOOKSSIGNED_WEBHOOK_SECRET", SECRET)
    client = signed.Hooks()
    assert client.webhooks.unwrap(body, _sign(body)).tracking == "T"
    assert SECRET not in repr(client)
    assert base64.b64encode(KEY).decode() not in repr(client)


def test_tolerance_is_five_minutes_both_ways(
    signed: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(signed._webhooks, "now", lambda: 1_700_000_000.0)
    body = b'{"type": "order.created", "order_id": 1}'
    hooks = signed.Hooks(webhook_secret=SECRET).webhooks
    hooks.verify(body, _sign(body, stamp=1_700_000_000 - 300))
    hooks.verify(body, _sign(body, stamp=1_700_000_000 + 300))
    with pytest.raises(signed.WebhookVerificationError):
        hooks.verify(body, _sign(body, stamp=1_700_000_000 - 301))
