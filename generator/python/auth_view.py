"""The Python client's credential arguments (plan.credential_names, oauth.client_credentials),
as the client template shows them."""

from __future__ import annotations

from dataclasses import dataclass

from .. import ir
from ..oauth import client_credentials
from ..plan import CallPlan, auth_required, credential_names, used_schemes
from .escape import py_str
from .idents import py_ident


@dataclass
class AuthView:
    ident: str  # constructor argument
    env: str  # environment variable
    # bearer | basic_user | basic_password | api_key | oauth_id | oauth_secret | webhook_secret
    kind: str
    location: str  # header | query | cookie; "oauth" (a fetched token); "none" (not sent)
    wire: str  # py_str of the header/query/cookie name
    scheme: str  # scheme name
    required: bool = False  # the client raises when it is not set
    secret: str = ""  # oauth_id: the ident of the scheme's client secret
    token_url: str = ""  # oauth_id: py_str of the token URL
    client_auth: str = ""  # oauth_id: py_str of how the token endpoint takes the secret


def build_auth(api: ir.Api, env_prefix: str) -> list[AuthView]:
    """The client's credential arguments, basic first as in the spec; OAuth2 client-credentials
    schemes take an id and a secret; a signed-webhooks API adds `webhook_secret`."""
    names = credential_names(api)
    oauth = {c.scheme: c for c in client_credentials(api, used_schemes(api))}
    views: list[AuthView] = []
    for scheme in used_schemes(api):
        if scheme.kind == "basic":
            if any(v.ident == "username" for v in views):
                continue  # a second basic scheme shares the client's username and password
            for ident, kind in (("username", "basic_user"), ("password", "basic_password")):
                views.append(
                    AuthView(
                        ident,
                        env_prefix + ident.upper(),
                        kind,
                        "header",
                        py_str("Authorization"),
                        scheme.name,
                    )
                )
            continue
        if scheme.name in oauth:
            cc = oauth[scheme.name]
            ident, secret = py_ident(cc.id_arg), py_ident(cc.secret_arg)
            common = (py_str("Authorization"), scheme.name)
            views.append(
                AuthView(
                    ident,
                    env_prefix + ident.upper(),
                    "oauth_id",
                    "oauth",
                    *common,
                    secret=secret,
                    token_url=py_str(cc.token_url),
                    client_auth=py_str(api.oauth_client_auth),
                )
            )
            views.append(
                AuthView(secret, env_prefix + secret.upper(), "oauth_secret", "oauth", *common)
            )
            continue
        ident = py_ident(names[scheme.name])
        env = env_prefix + ident.upper()
        wire = "Authorization" if scheme.kind == "bearer" else scheme.param_name
        views.append(AuthView(ident, env, scheme.kind, scheme.location, py_str(wire), scheme.name))
    # One scheme (one credential, or a pair) needed by every call: the client requires it.
    if views and auth_required(api) and len({v.scheme for v in views}) == 1:
        for v in views:
            v.required = True
    if api.webhooks and api.webhook_signing:
        ident = "webhook_secret"
        views.append(
            AuthView(ident, env_prefix + ident.upper(), "webhook_secret", "none", "''", "")
        )
    return views


def auth_schemes(api: ir.Api, auth: list[AuthView]) -> list[tuple[str, list[AuthView]]]:
    """Credentials grouped by scheme, when the client holds several (each operation then sends
    those its requirement names); [] for one scheme (every call sends it)."""
    schemes = used_schemes(api)
    if len(schemes) < 2:
        return []
    basic = [a for a in auth if a.kind.startswith("basic")]
    out = []
    for scheme in schemes:
        views = basic if scheme.kind == "basic" else [a for a in auth if a.scheme == scheme.name]
        out.append((py_str(scheme.name), views))
    return out


def oauth_scopes_literal(plan: CallPlan) -> str:
    """The `scopes=` literal a method passes (`{"Scheme": ["read"]}`), "" when it has none."""
    if not plan.scopes:
        return ""
    items = (f"{py_str(n)}: [{', '.join(map(py_str, s))}]" for n, s in plan.scopes)
    return "{" + ", ".join(items) + "}"


def feature_exports(api: ir.Api, auth: list[AuthView]) -> list[str]:
    """Names the package root exports for the features this API uses (OAuth2 client
    credentials, webhooks)."""
    names = []
    if any(a.kind == "oauth_id" for a in auth):
        names.append("OAuthTokenError")
    if api.webhooks:
        names.append("UnknownWebhookEvent")
        if api.webhook_signing:
            names.append("WebhookVerificationError")
    return names
