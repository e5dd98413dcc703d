"""OAuth2 client credentials (RFC 6749 section 4.4): fetch, cache and refresh access tokens.

The generated client gives `AuthConfig(oauth={scheme: ClientCredentials(...)})`; the client
then asks a `TokenSource` (`AsyncTokenSource`) for each call's token. Tokens are fetched
through the client's own `http_client` (so a proxy or a test's transport sees the token
request too), cached per scope set, refreshed `REFRESH_MARGIN` seconds before they expire and
once when a call is answered 401. Concurrent calls share one fetch (a lock per client).

The client secret is never shown: not in `repr`, not in logs, not in exception messages.
"""

from __future__ import annotations

import asyncio
import base64
import json
import threading
import time
from collections.abc import Callable
from urllib.parse import quote_plus, urlencode, urljoin

import httpx

from ._exceptions import OAuthTokenError
from ._logs import REDACTED, logger

__all__ = [
    "REFRESH_MARGIN",
    "AsyncTokenSource",
    "ClientCredentials",
    "TokenSource",
    "client_credentials",
]

# A token is replaced this many seconds before its `expires_in` runs out (at most half of its
# lifetime, for very short-lived tokens).
REFRESH_MARGIN = 60.0

# The clock token expiry is measured with (tests replace it; never wall-clock time).
now: Callable[[], float] = time.monotonic

Scopes = tuple[str, ...]


class ClientCredentials:
    """One client-credentials scheme: where to get tokens, the client id and secret, and the
    tokens fetched so far (one per scope set).

    `client_auth`: "basic" sends the id and secret as HTTP basic credentials (RFC 6749 section
    2.3.1, the default every server must accept); "body" sends them as `client_id` and
    `client_secret` form fields.
    """

    __slots__ = ("_secret", "_tokens", "client_auth", "client_id", "token_url")

    def __init__(
        self,
        token_url: str,
        client_id: str,
        client_secret: str,
        *,
        client_auth: str = "basic",
    ) -> None:
        if client_auth not in ("basic", "body"):
            raise ValueError("client_auth must be 'basic' or 'body'")
        self.token_url = token_url
        self.client_id = client_id
        self._secret = client_secret
        self.client_auth = client_auth
        # scopes -> (access token, monotonic time to replace it at; None: until a 401)
        self._tokens: dict[Scopes, tuple[str, float | None]] = {}

    def __repr__(self) -> str:
        return (
            f"ClientCredentials(token_url={self.token_url!r}, "
            f"client_id={self.client_id!r}, client_secret='{REDACTED}')"
        )

    def cached(self, scopes: Scopes) -> str | None:
        """The cached token for `scopes` while it is fresh, else None."""
        entry = self._tokens.get(scopes)
        if entry is None:
            return None
        token, refresh_at = entry
        if refresh_at is not None and now() >= refresh_at:
            return None
        return token

    def token_url_for(self, base_url: str) -> str:
        """The token URL; a relative one is resolved against the server URL."""
        return urljoin(base_url.rstrip("/") + "/", self.token_url)

    def build_request(
        self,
        client: httpx.Client | httpx.AsyncClient,
        base_url: str,
        scopes: Scopes,
        timeout: httpx.Timeout,
    ) -> httpx.Request:
        """The token request: a form POST with `grant_type=client_credentials`."""
        form = [("grant_type", "client_credentials")]
        if scopes:
            form.append(("scope", " ".join(scopes)))
        headers = {
            "Accept": "application/json",
            "Content-Type": "application/x-www-form-urlencoded",
        }
        if self.client_auth == "body":
            form += [("client_id", self.client_id), ("client_secret", self._secret)]
        else:
            # RFC 6749 section 2.3.1: both form-urlencoded first, then HTTP basic.
            pair = f"{quote_plus(self.client_id)}:{quote_plus(self._secret)}"
            headers["Authorization"] = (
                "Basic " + base64.b64encode(pair.encode()).decode()
            )
        url = self.token_url_for(base_url)
        logger.debug(
            "Requesting an OAuth2 token: POST %s scope=%r", url, " ".join(scopes)
        )
        try:
            return client.build_request(
                "POST",
                url,
                content=urlencode(form).encode("ascii"),
                headers=headers,
                timeout=timeout,
            )
        except httpx.InvalidURL as exc:
            raise OAuthTokenError(f"Invalid OAuth2 token URL: {exc}") from None

    def store(self, scopes: Scopes, response: httpx.Response) -> str:
        """Keep the token of a token endpoint's `response`; OAuthTokenError when it has none."""
        url = str(response.request.url)
        try:
            body = json.loads(response.content) if response.content else {}
        except ValueError:
            body = {}
        body = body if isinstance(body, dict) else {}
        if not response.is_success:
            error = body.get("error") if isinstance(body.get("error"), str) else ""
            text = str(error or "")
            description = body.get("error_description")
            if isinstance(description, str) and description:
                text = f"{text}: {description}" if text else description
            raise self._error(
                f"OAuth2 token request to {url} failed with HTTP {response.status_code}"
                + (f" ({text})" if text else ""),
                response.request,
                response.status_code,
                str(error or ""),
            )
        token = body.get("access_token")
        if not isinstance(token, str) or not token:
            raise self._error(
                f"OAuth2 token endpoint {url} sent no access_token",
                response.request,
                response.status_code,
                "",
            )
        expires_in = body.get("expires_in")
        refresh_at = None
        if isinstance(expires_in, (int, float)) and not isinstance(expires_in, bool):
            lifetime = max(float(expires_in), 0.0)
            refresh_at = now() + lifetime - min(REFRESH_MARGIN, lifetime / 2)
        self._tokens[scopes] = (token, refresh_at)
        return token

    def connection_error(
        self, request: httpx.Request, exc: Exception
    ) -> OAuthTokenError:
        return self._error(
            f"OAuth2 token request to {request.url} failed: {type(exc).__name__}: {exc}",
            request,
            None,
            "",
        )

    def _error(
        self, message: str, request: httpx.Request, status: int | None, error: str
    ) -> OAuthTokenError:
        # The server may echo what it was sent: never let the secret through.
        for secret in {self._secret, quote_plus(self._secret)}:
            if secret:
                message = message.replace(secret, REDACTED)
        redacted = httpx.Request(request.method, request.url)
        return OAuthTokenError(
            message, request=redacted, status_code=status, error=error[:200]
        )


def client_credentials(
    token_url: str,
    client_id: str | None,
    client_secret: str | None,
    *,
    client_auth: str = "basic",
) -> ClientCredentials | None:
    """The scheme's credentials, None when the id or the secret is not set."""
    if not client_id or not client_secret:
        return None
    return ClientCredentials(
        token_url, client_id, client_secret, client_auth=client_auth
    )


class TokenSource:
    """Tokens of one client-credentials scheme for a synchronous client."""

    def __init__(
        self,
        credentials: ClientCredentials,
        client: httpx.Client,
        base_url: str,
        timeout: httpx.Timeout,
    ) -> None:
        self._credentials = credentials
        self._client = client
        self._base_url = base_url
        self._timeout = timeout
        self._lock = threading.Lock()

    def token(self, scopes: Scopes, stale: str | None = None) -> str:
        """A fresh token for `scopes`; `stale`: a token the server refused (401), replaced
        unless another call replaced it already."""
        credentials = self._credentials
        found = credentials.cached(scopes)
        if found is not None and stale is None:
            return found
        with self._lock:
            found = credentials.cached(scopes)
            if found is not None and found != stale:
                return found
            request = credentials.build_request(
                self._client, self._base_url, scopes, self._timeout
            )
            try:
                response = self._client.send(request)
            except httpx.TransportError as exc:
                raise credentials.connection_error(request, exc) from None
            return credentials.store(scopes, response)


class AsyncTokenSource:
    """Tokens of one client-credentials scheme for an asynchronous client."""

    def __init__(
        self,
        credentials: ClientCredentials,
        client: httpx.AsyncClient,
        base_url: str,
        timeout: httpx.Timeout,
    ) -> None:
        self._credentials = credentials
        self._client = client
        self._base_url = base_url
        self._timeout = timeout
        self._lock = asyncio.Lock()

    async def token(self, scopes: Scopes, stale: str | None = None) -> str:
        """A fresh token for `scopes`; `stale`: a token the server refused (401), replaced
        unless another call replaced it already."""
        credentials = self._credentials
        found = credentials.cached(scopes)
        if found is not None and stale is None:
            return found
        async with self._lock:
            found = credentials.cached(scopes)
            if found is not None and found != stale:
                return found
            request = credentials.build_request(
                self._client, self._base_url, scopes, self._timeout
            )
            try:
                response = await self._client.send(request)
            except httpx.TransportError as exc:
                raise credentials.connection_error(request, exc) from None
            return credentials.store(scopes, response)
