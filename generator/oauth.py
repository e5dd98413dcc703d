"""OAuth2 client credentials: which schemes the client fetches its own token for, from which
token URL, and with which scopes per operation. Target-neutral; targets render these facts.

A scheme of type `oauth2` with a `flows.clientCredentials` entry (Swagger 2.0's `flow:
application` is converted to it) that has a `tokenUrl` is a client-credentials scheme: the
client takes a client id and secret instead of a token, and fetches (and caches) a token for
the scopes each operation's security requirement lists.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from . import ir
from .names import unique, words


@dataclass(frozen=True)
class ClientCredentials:
    """One client-credentials scheme as a client takes it."""

    scheme: str  # the scheme key
    token_url: str  # as declared (may be relative to the server URL)
    id_arg: str  # snake_case argument of the client id ("client_id")
    secret_arg: str  # snake_case argument of the client secret ("client_secret")


def read_flow(scheme: dict[str, Any]) -> ir.ClientCredentialsFlow | None:
    """The clientCredentials flow of an `oauth2` scheme object, None when it has none."""
    flows = scheme.get("flows")
    flow = flows.get("clientCredentials") if isinstance(flows, dict) else None
    if not isinstance(flow, dict):
        return None
    token_url = flow.get("tokenUrl")
    if not isinstance(token_url, str) or not token_url.strip():
        return None
    scopes = flow.get("scopes")
    names = tuple(str(s) for s in scopes) if isinstance(scopes, dict) else ()
    return ir.ClientCredentialsFlow(token_url.strip(), names)


def read_scopes(raw: Any, schemes: set[str]) -> tuple[tuple[str, tuple[str, ...]], ...] | None:
    """(scheme, scopes) of a security requirement list, for the schemes in `schemes` that list
    scopes; the first alternative naming a scheme gives its scopes. None when `raw` is not a
    list (no requirement declared)."""
    if not isinstance(raw, list):
        return None
    out: dict[str, tuple[str, ...]] = {}
    for requirement in raw:
        if not isinstance(requirement, dict):
            continue
        for name, scopes in requirement.items():
            if name in schemes and name not in out and isinstance(scopes, list):
                out[str(name)] = tuple(str(s) for s in scopes)
    return tuple((k, v) for k, v in out.items() if v)


def is_client_credentials(scheme: ir.SecurityScheme) -> bool:
    return scheme.client_credentials is not None


def client_credentials(
    api: ir.Api, used: tuple[ir.SecurityScheme, ...]
) -> tuple[ClientCredentials, ...]:
    """The client-credentials schemes among `used` (plan.used_schemes), with their argument
    names: the first of the spec's default requirement (else the first declared) takes
    `client_id` / `client_secret`; each other one is prefixed with its scheme key's words
    (auth/oauth/oauth2/scheme dropped): `PartnerOAuth` -> `partner_client_id`."""
    cc = [s for s in used if s.client_credentials is not None]
    if not cc:
        return ()
    by_name = {s.name for s in cc}
    default = [n for req in api.security for n in req if n in by_name]
    first = default[0] if default else cc[0].name
    taken = {"client_id", "client_secret", "api_key", "username", "password"}
    out = []
    for scheme in sorted(cc, key=lambda s: s.name != first):
        flow = scheme.client_credentials
        assert flow is not None
        if scheme.name == first:
            prefix = ""
        else:
            text = re.sub("oauth2?", " ", scheme.name, flags=re.IGNORECASE)
            parts = [w for w in words(text) if w not in ("auth", "scheme", "credentials")]
            prefix = unique("_".join(parts) or "oauth", taken) + "_"
        out.append(
            ClientCredentials(
                scheme.name, flow.token_url, prefix + "client_id", prefix + "client_secret"
            )
        )
    order = {s.name: i for i, s in enumerate(cc)}
    return tuple(sorted(out, key=lambda c: order[c.scheme]))


def operation_scopes(api: ir.Api, op: ir.Operation) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(scheme, scopes) the operation asks client-credentials tokens for: the operation's own
    requirement when it declares one, else the API's default requirement."""
    cc = {s.name for s in api.security_schemes if s.client_credentials is not None}
    scopes = op.scopes if op.scopes is not None else api.scopes
    return tuple((name, s) for name, s in scopes if name in cc)
