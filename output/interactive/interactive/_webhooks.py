"""Webhooks: parse a received payload into its model, and check Standard Webhooks signatures.

The generated `webhooks.py` lists the API's events (`WebhookEvent`) on a `WebhookHandler`
subclass, reached as `client.webhooks`. `unwrap` picks the event by its payload's tag, else by
the header the spec names, else by trying each payload type; a payload it does not recognise
comes back as `UnknownWebhookEvent` (never an exception), so a newer server's events do not
break a receiver.

Signatures (https://www.standardwebhooks.com/): the headers `webhook-id`, `webhook-timestamp`
and `webhook-signature` (space-separated `v1,<base64>` entries); each signature is the base64
HMAC-SHA256 of `{id}.{timestamp}.{body}` keyed with the base64-decoded secret (`whsec_...`).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pydantic

from ._config import ENV_PREFIX
from ._exceptions import WebhookVerificationError
from ._models import type_adapter

__all__ = [
    "DEFAULT_TOLERANCE",
    "UnknownWebhookEvent",
    "WebhookEvent",
    "WebhookHandler",
    "verify_standard_webhook",
]

# Seconds a signed timestamp may be away from this machine's clock, either way.
DEFAULT_TOLERANCE = 300.0
_SECRET_PREFIX = "whsec_"

# The clock signatures are checked against (tests replace it).
now: Callable[[], float] = time.time


@dataclass(frozen=True)
class WebhookEvent:
    """One event of the API: its name (the `webhooks` key), payload type and how it is told
    apart: `tag` (payload property, value) or `header` (header name, value)."""

    name: str
    type: Any
    tag: tuple[str, object] | None = None
    header: tuple[str, str] | None = None


@dataclass(frozen=True)
class UnknownWebhookEvent:
    """A payload of an event this SDK does not know (a newer server): the parsed JSON as is.

    `type`: the event's tag or header value when it has one, else None.
    """

    type: object
    data: Any = field(repr=False)


def _secret_key(secret: str) -> bytes:
    text = (
        secret[len(_SECRET_PREFIX) :] if secret.startswith(_SECRET_PREFIX) else secret
    )
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise WebhookVerificationError(
            "The webhook secret is not base64 (expected `whsec_<base64>`)"
        ) from None


def _lower(headers: Mapping[str, str] | None) -> dict[str, str]:
    return {str(k).lower(): str(v) for k, v in (headers or {}).items()}


def verify_standard_webhook(
    body: bytes | str,
    headers: Mapping[str, str],
    secret: str,
    *,
    tolerance: float = DEFAULT_TOLERANCE,
) -> None:
    """Check a Standard Webhooks signature; raise WebhookVerificationError when it fails."""
    raw = body.encode("utf-8") if isinstance(body, str) else bytes(body)
    h = _lower(headers)
    names = ("webhook-id", "webhook-timestamp", "webhook-signature")
    missing = [n for n in names if not h.get(n)]
    if missing:
        raise WebhookVerificationError(
            f"Missing webhook header(s): {', '.join(missing)}"
        )
    msg_id, stamp, signatures = (h[n] for n in names)
    try:
        timestamp = int(stamp)
    except ValueError:
        raise WebhookVerificationError(
            "The webhook-timestamp header is not a number of seconds"
        ) from None
    current = now()
    if timestamp < current - tolerance:
        raise WebhookVerificationError("The webhook timestamp is too old")
    if timestamp > current + tolerance:
        raise WebhookVerificationError("The webhook timestamp is in the future")
    key = _secret_key(secret)
    signed = msg_id.encode("utf-8") + b"." + stamp.encode("ascii") + b"." + raw
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest())
    for entry in signatures.split():
        version, _, value = entry.partition(",")
        if version == "v1" and hmac.compare_digest(
            value.encode("ascii", "replace"), expected
        ):
            return
    raise WebhookVerificationError("No webhook signature matches")


class WebhookHandler:
    """`client.webhooks`: parse (and, when the API signs them, verify) webhook payloads."""

    _events: tuple[WebhookEvent, ...] = ()
    _signing: str = ""  # "standard-webhooks" or ""

    def __init__(self, client: object) -> None:
        self._client = client

    def _secret(self, secret: str | None) -> str:
        found = secret or getattr(self._client, "webhook_secret", None)
        if not found:
            raise WebhookVerificationError(
                "No webhook secret: pass `secret=`, or `webhook_secret=` to the client, or "
                f"set the {ENV_PREFIX}WEBHOOK_SECRET environment variable"
            )
        return str(found)

    def _verify(
        self, body: bytes | str, headers: Mapping[str, str], secret: str | None
    ) -> None:
        verify_standard_webhook(body, headers, self._secret(secret))

    def _unwrap(
        self, body: bytes | str, headers: Mapping[str, str] | None, secret: str | None
    ) -> Any:
        if self._signing:
            self._verify(body, headers or {}, secret)
        data = json.loads(body)
        return self._parse(data, _lower(headers))

    def _parse(self, data: Any, headers: dict[str, str]) -> Any:
        tagged = [e for e in self._events if e.tag is not None]
        if tagged and isinstance(data, dict):
            prop = tagged[0].tag[0] if tagged[0].tag else ""
            if prop in data:
                for event in tagged:
                    if event.tag is not None and data[prop] == event.tag[1]:
                        return type_adapter(event.type).validate_python(data)
                return UnknownWebhookEvent(data[prop], data)
        for event in self._events:
            if event.header is not None:
                value = headers.get(event.header[0].lower())
                if value == event.header[1]:
                    return type_adapter(event.type).validate_python(data)
        for event in self._events:
            if event.header is not None and event.header[0].lower() in headers:
                # The header names events and this one is not known.
                return UnknownWebhookEvent(headers[event.header[0].lower()], data)
        for event in self._events:
            if event.tag is None:
                try:
                    return type_adapter(event.type).validate_python(data)
                except pydantic.ValidationError:
                    continue
        return UnknownWebhookEvent(None, data)
