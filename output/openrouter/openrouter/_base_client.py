"""HTTP machinery shared by every generated client: request building, retries, errors, parsing.

The generated `_client.py` subclasses `SyncAPIClient` / `AsyncAPIClient`; see `SyncAPIClient`
for how a subclass implements `__init__` and `with_options`.
"""

from __future__ import annotations

import asyncio
import base64
import email.utils
import json
import logging
import math
import os
import re
import sys
import time
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar, cast, overload
from urllib.parse import quote, urlencode

import httpx
from typing_extensions import Self, TypedDict

from ._config import (
    DEFAULT_BASE_URL,
    ENV_PREFIX,
    IDEMPOTENCY_HEADER,
    USER_AGENT,
    SDKError,
)
from ._exceptions import (
    STATUS_ERRORS,
    APIConnectionError,
    APIResponseTooLargeError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    ClientClosedError,
    RequestValidationError,
    status_error_class,
)
from ._files import (
    FileSource,
    UploadBody,
    disposition_value,
    file_part,
    file_source,
    is_upload,
)
from ._logs import (
    body_logging_enabled,
    install_httpx_redaction,
    logger,
    redact_body,
    redact_headers,
    redact_url,
    setup_logging,
)
from ._models import admits_none, to_wire, validate_as
from ._oauth import AsyncTokenSource, ClientCredentials, TokenSource
from ._qs import encode_form, encode_query, format_scalar
from ._response import (
    APIResponse,
    AsyncStreamedAPIResponse,
    StreamedAPIResponse,
    raw_response_requested,
    streamed_response_requested,
)
from ._retries import (
    DEFAULT_MAX_RETRIES,
    DEFAULT_RETRY_POLICY,
    INITIAL_RETRY_DELAY,
    MAX_RETRY_DELAY,
    RetryConfig,
    RetryPolicy,
)
from ._types import FileTypes, Omit, ResponseKind, Timeout, omit

if TYPE_CHECKING:
    from ._streaming import AsyncStream, Stream

__all__ = [
    "DEFAULT_MAX_RESPONSE_BYTES",
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "INITIAL_RETRY_DELAY",
    "MAX_RETRY_AFTER",
    "MAX_RETRY_DELAY",
    "RETRY_COUNT_HEADER",
    "AsyncAPIClient",
    "AuthConfig",
    "BaseClient",
    "RequestOptions",
    "SyncAPIClient",
    "basic_auth_header",
    "make_request_options",
    "resolve_base_url",
    "resolve_credential",
]

_T = TypeVar("_T")
_StreamT = TypeVar("_StreamT")
_HttpxClientT = TypeVar("_HttpxClientT", bound="httpx.Client | httpx.AsyncClient")

DEFAULT_TIMEOUT = httpx.Timeout(600.0, connect=5.0)
# A non-streamed response body larger than this (100 MiB) raises APIResponseTooLargeError.
DEFAULT_MAX_RESPONSE_BYTES = 104_857_600
# A Retry-After above this is not waited for: the error is raised at once with `retry_after` set.
MAX_RETRY_AFTER = 60.0
RETRY_COUNT_HEADER = "X-Retry-Count"
_RETRY_COUNT_KEY = RETRY_COUNT_HEADER.lower()
# httpx's default keep-alive pool (20). Keeping more idle connections costs CPU on every
# request: httpcore's pool checks each idle connection's socket when it assigns a request
# (measured at 50 in flight: keep-alive 100 cost 2.2x the CPU per call of keep-alive 20).
DEFAULT_CONNECTION_LIMITS = httpx.Limits(
    max_connections=1000, max_keepalive_connections=20
)
MAX_REDIRECTS = 20

_PATH_PARAM = re.compile(r"\{([^{}]+)\}")
# One encoder for every JSON body: json.dumps with non-default options builds a new one per
# call.
_JSON_ENCODER = json.JSONEncoder(
    separators=(",", ":"), ensure_ascii=False, allow_nan=False
)
# RFC 6265 cookie-octet*, optionally in double quotes.
_COOKIE_VALUE = re.compile(
    r'[\x21\x23-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]*|"[\x21\x23-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]*"'
)
# Characters that would end a header line (response splitting) or that HTTP forbids.
_BAD_HEADER_VALUE = re.compile(r"[\r\n\x00]")
_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


# --------------------------------------------------------------------------------------------
# Configuration helpers used by the generated client's __init__
# --------------------------------------------------------------------------------------------


class AuthConfig:
    """Credentials to send with every request. Every value is a secret.

    Names listed here are redacted in logs, in `repr(client)` and in the requests attached to
    exceptions. Entries whose value is None are dropped (an optional credential not set).
    """

    __slots__ = ("cookies", "headers", "oauth", "query", "schemes")

    def __init__(
        self,
        *,
        headers: Mapping[str, str | None] | None = None,
        query: Mapping[str, str | None] | None = None,
        cookies: Mapping[str, str | None] | None = None,
        schemes: Mapping[str, AuthConfig] | None = None,
        oauth: Mapping[str, ClientCredentials | None] | None = None,
    ) -> None:
        self.headers: dict[str, str] = {
            k: v for k, v in (headers or {}).items() if v is not None
        }
        self.query: dict[str, str] = {
            k: v for k, v in (query or {}).items() if v is not None
        }
        self.cookies: dict[str, str] = {
            k: v for k, v in (cookies or {}).items() if v is not None
        }
        # Several schemes: each operation sends those its requirement names (`select`); the
        # flat maps above then hold every scheme's names, for redaction.
        # OAuth2 client credentials by scheme name: the call's token is fetched (_oauth.py).
        self.oauth: dict[str, ClientCredentials] = {
            k: v for k, v in (oauth or {}).items() if v is not None
        }
        self.schemes: dict[str, AuthConfig] = dict(schemes or {})
        for part in self.schemes.values():
            for name, credentials in part.oauth.items():
                self.oauth.setdefault(name, credentials)
            for mine, theirs in (
                (self.headers, part.headers),
                (self.query, part.query),
                (self.cookies, part.cookies),
            ):
                for k, v in theirs.items():
                    mine.setdefault(k, v)

    def select(self, security: Sequence[Sequence[str]] | None) -> AuthConfig:
        """The credentials one call sends. `security`: its requirement's alternatives, each a
        list of scheme names; the first alternative whose credentials are all set wins (an
        empty one sends nothing). None: every credential (one scheme)."""
        if security is None:
            return self
        if not self.schemes:
            return self if any(security) else AuthConfig()
        for alternative in security:
            parts = [self.schemes.get(name) or AuthConfig() for name in alternative]
            if all(p.headers or p.query or p.cookies or p.oauth for p in parts):
                chosen = AuthConfig()
                for p in parts:
                    chosen.oauth.update(p.oauth)
                    chosen.headers.update(p.headers)
                    chosen.query.update(p.query)
                    chosen.cookies.update(p.cookies)
                return chosen
        return AuthConfig()

    def __repr__(self) -> str:
        def names(d: Mapping[str, str]) -> str:
            return "{" + ", ".join(f"{k!r}: '[REDACTED]'" for k in d) + "}"

        return (
            f"AuthConfig(headers={names(self.headers)}, query={names(self.query)}, "
            f"cookies={names(self.cookies)}, oauth={list(self.oauth.values())!r})"
        )


def resolve_credential(
    value: str | Omit | None, *, arg: str, env: str, required: bool
) -> str | None:
    """The credential given as argument `arg`, else the environment variable `env`.

    Raises SDKError naming both when `required` and neither is set; returns None otherwise.
    An empty string counts as "not set".
    """
    if isinstance(value, str) and value:
        return value
    from_env = os.environ.get(env)
    if from_env:
        return from_env
    if required:
        raise SDKError(
            f"Missing credential: pass `{arg}=` or set the {env} environment variable"
        )
    return None


def resolve_base_url(value: str | Omit | None) -> str:
    """The base URL: the argument, else `<ENV_PREFIX>BASE_URL`, else the spec's default.

    Raises SDKError when none is set or the URL is not http(s).
    """
    env = f"{ENV_PREFIX}BASE_URL"
    url = (
        value
        if isinstance(value, str) and value
        else os.environ.get(env) or DEFAULT_BASE_URL
    )
    if not url:
        raise SDKError(
            f"No base URL: this API declares no server, so pass `base_url=` or set the {env} "
            "environment variable"
        )
    if not url.startswith(("http://", "https://")):
        raise RequestValidationError(
            f"Invalid base URL {url!r}: it must start with http:// or https://"
        )
    return url  # fully checked by the client once server variables are filled in


def basic_auth_header(username: str, password: str) -> str:
    """The `Authorization` header value for HTTP basic auth."""
    token = base64.b64encode(f"{username}:{password}".encode()).decode("ascii")
    return f"Basic {token}"


class RequestOptions(TypedDict, total=False):
    """Per-call overrides, built by generated methods with `make_request_options`."""

    extra_headers: Mapping[str, object]
    extra_query: Mapping[str, object]
    extra_body: Mapping[str, object]
    timeout: Timeout
    max_retries: int
    retries: RetryConfig
    stream_idle_timeout: float
    max_response_bytes: int | None
    security: Sequence[Sequence[str]]
    scopes: Mapping[str, Sequence[str]]


def make_request_options(
    *,
    extra_headers: Mapping[str, object] | None = None,
    extra_query: Mapping[str, object] | None = None,
    extra_body: Mapping[str, object] | None = None,
    timeout: Timeout | Omit | None = omit,
    max_retries: int | Omit | None = omit,
    retries: RetryConfig | Omit | None = omit,
    stream_idle_timeout: float | Omit | None = omit,
    max_response_bytes: int | Omit | None = omit,
    security: Sequence[Sequence[str]] | None = None,
    scopes: Mapping[str, Sequence[str]] | None = None,
) -> RequestOptions:
    """Collect the per-call keyword arguments, leaving out those that are `omit` or None
    (`max_response_bytes=None` is kept: it lifts the limit).

    Raises TypeError when both `retries` and `max_retries` are given.
    """
    options: RequestOptions = {}
    if extra_headers is not None:
        options["extra_headers"] = extra_headers
    if extra_query is not None:
        options["extra_query"] = extra_query
    if extra_body is not None:
        options["extra_body"] = extra_body
    if timeout is not None and not isinstance(timeout, Omit):
        options["timeout"] = timeout
    if max_retries is not None and not isinstance(max_retries, Omit):
        options["max_retries"] = max_retries
    if retries is not None and not isinstance(retries, Omit):
        if "max_retries" in options:
            raise TypeError(
                "pass either retries= or max_retries=, not both "
                "(RetryConfig(max_retries=...) sets the count)"
            )
        if not isinstance(retries, RetryConfig):
            raise TypeError(
                f"retries must be a RetryConfig, got {type(retries).__name__}"
            )
        options["retries"] = retries
    if not isinstance(max_response_bytes, Omit):
        options["max_response_bytes"] = _check_limit(max_response_bytes)
    if stream_idle_timeout is not None and not isinstance(stream_idle_timeout, Omit):
        options["stream_idle_timeout"] = stream_idle_timeout
    if security is not None:
        options["security"] = security
    if scopes is not None:
        options["scopes"] = scopes  # OAuth2 scopes by scheme name
    return options


def _coerce_timeout(value: object, what: str = "timeout") -> httpx.Timeout:
    # None would disable every timeout and let a hung server block forever, so it is refused.
    if value is None:
        raise TypeError(
            f"{what}=None is not allowed: pass a number of seconds or httpx.Timeout"
        )
    if isinstance(value, httpx.Timeout):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if not value > 0 or math.isinf(value):
            raise ValueError(
                f"{what} must be a positive number of seconds, got {value!r}"
            )
        return httpx.Timeout(float(value))
    raise TypeError(
        f"{what} must be a number of seconds or httpx.Timeout, got {value!r}"
    )


def _check_max_retries(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"max_retries must be an integer >= 0, got {value!r}")
    return value


def _check_limit(value: object) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(
            f"max_response_bytes must be an integer >= 0 or None, got {value!r}"
        )
    return value


def _check_header_value(name: str, value: str) -> str:
    if _BAD_HEADER_VALUE.search(value):
        raise RequestValidationError(
            f"Header {name!r}: the value contains CR, LF or NUL, which HTTP forbids"
        )
    return value


def _check_base_url(url: str) -> str:
    """`url` when it is an absolute http(s) URL with a host; raises RequestValidationError."""
    if not url.isprintable() or any(c.isspace() for c in url):
        raise RequestValidationError(
            f"Invalid base URL {url!r}: it contains whitespace or control characters"
        )
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, ValueError, TypeError) as exc:
        raise RequestValidationError(f"Invalid base URL {url!r}: {exc}") from None
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise RequestValidationError(
            f"Invalid base URL {url!r}: it must be http:// or https:// with a host"
        )
    return url


# --------------------------------------------------------------------------------------------
# Request preparation
# --------------------------------------------------------------------------------------------


class _Plan:
    """Everything needed to (re)send one call; built once, reused by every retry."""

    __slots__ = (
        "cast_to",
        "content",
        "data",
        "error_models",
        "files",
        "headers",
        "max_response_bytes",
        "method",
        "oauth",
        "params",
        "response_kind",
        "retry",
        "stream",
        "timeout",
        "url",
    )

    def __init__(
        self,
        *,
        method: str,
        url: str,
        params: list[tuple[str, str]],
        headers: dict[str, tuple[str, str]],
        content: bytes | UploadBody | None,
        data: dict[str, list[str]] | None,
        files: list[tuple[str, Any]] | None,
        timeout: httpx.Timeout,
        retry: RetryPolicy,
        max_response_bytes: int | None,
        stream: bool,
        cast_to: object,
        response_kind: ResponseKind,
        error_models: Mapping[str, object] | None,
        oauth: tuple[tuple[str, tuple[str, ...]], ...] = (),
    ) -> None:
        self.oauth = oauth  # (scheme, scopes) of each OAuth2 token the call sends
        self.method = method
        self.url = url
        self.params = params
        self.headers = headers
        self.content = content
        self.data = data
        self.files = files
        self.timeout = timeout
        self.retry = retry
        self.max_response_bytes = max_response_bytes
        self.stream = stream
        self.cast_to = cast_to
        self.response_kind = response_kind
        self.error_models = error_models


def _header_value(name: str, value: object) -> str:
    return _check_header_value(name, format_scalar(value))


def _absent(value: object) -> bool:
    return value is None or isinstance(value, Omit)


def _multipart_body(
    fields: Mapping[str, object], part_types: Mapping[str, str] | None = None
) -> tuple[bytes | UploadBody, str]:
    """(body, content type) of a multipart/form-data request.

    Each upload (bytes, a file object, a path, a tuple) is a file part with a filename (see
    `_files.file_part`; `part_types` are the spec's `encoding.<field>.contentType`); an object
    or a list of objects is a JSON part (`application/json`, the OpenAPI default for object
    properties); a list repeats its field; other values are text parts. Without a file object
    or path the body is bytes; with one it is an `UploadBody`, streamed, that each retry sends
    again (a file object is sought back to its start).
    """
    boundary = uuid.uuid4().hex
    out: list[bytes | FileSource] = []
    for name, value in fields.items():
        if _absent(value):
            continue
        items = list(value) if isinstance(value, list) else [value]
        for item in items:
            if _absent(item):
                continue
            delimiter = f"--{boundary}\r\n".encode("ascii")
            if is_upload(item):
                file_head, source = file_part(
                    str(name), cast("FileTypes", item), (part_types or {}).get(name)
                )
                out += [delimiter + file_head, source, b"\r\n"]
                continue
            disposition = f'form-data; name="{disposition_value(str(name))}"'
            part_type: str | None = None
            if isinstance(item, (dict, list, tuple)) or hasattr(item, "model_dump"):
                content = _JSON_ENCODER.encode(to_wire(item)).encode("utf-8")
                part_type = "application/json"
            else:
                content = format_scalar(item).encode("utf-8")
            head = f"Content-Disposition: {disposition}\r\n"
            if part_type:
                head += f"Content-Type: {part_type}\r\n"
            out.append(delimiter + head.encode("utf-8") + b"\r\n" + content + b"\r\n")
    out.append(f"--{boundary}--\r\n".encode("ascii"))
    content_type = f"multipart/form-data; boundary={boundary}"
    if all(isinstance(p, bytes) or p.in_memory for p in out):
        return (
            b"".join(p if isinstance(p, bytes) else p.read_all() for p in out),
            content_type,
        )
    return UploadBody(out), content_type


def _parse_retry_after(headers: httpx.Headers) -> float | None:
    """Seconds the server asked us to wait (`retry-after-ms`, then `Retry-After`), or None."""
    ms = headers.get("retry-after-ms")
    if ms is not None:
        try:
            value = float(ms) / 1000
        except ValueError:
            value = math.nan
        if math.isfinite(value):
            return value
    header = headers.get("retry-after")
    if header is None:
        return None
    try:
        value = float(header)
    except ValueError:
        parsed = email.utils.parsedate_tz(header)
        if parsed is None:
            return None
        value = email.utils.mktime_tz(parsed) - time.time()
    return value if math.isfinite(value) else None


def _server_message(body: object, text: str) -> str:
    """The human-readable message of an error response, on one line."""
    message: object = None
    if isinstance(body, dict):
        error = body.get("error")
        if isinstance(error, dict) and isinstance(error.get("message"), str):
            message = error["message"]
        elif isinstance(body.get("message"), str):
            message = body["message"]
        elif body.get("detail") is not None:
            detail = body["detail"]
            message = detail if isinstance(detail, str) else json.dumps(detail)
        elif isinstance(error, str):
            message = error
    if not isinstance(message, str):
        message = text[:200]
    return " ".join(message.split())


def _header_items(headers: httpx.Headers) -> list[tuple[str, str]]:
    # `.raw` keeps the names' original case, which reads better in logs than `multi_items()`.
    return [(k.decode("latin-1"), v.decode("latin-1")) for k, v in headers.raw]


def _body_start(response: httpx.Response) -> str:
    return response.content[:800].decode("utf-8", "replace")[:200]


def _is_json_content_type(content_type: str) -> bool:
    mime = content_type.split(";", 1)[0].strip().lower()
    return mime == "application/json" or mime.endswith("+json")


# --------------------------------------------------------------------------------------------
# The shared client base
# --------------------------------------------------------------------------------------------


class BaseClient(Generic[_HttpxClientT]):
    """State and logic shared by the sync and async clients (everything but I/O)."""

    _client: _HttpxClientT
    _owns_client: bool
    _closed: bool = False
    # Status -> exception class; a generated client replaces it with its own classes.
    _status_errors: ClassVar[Mapping[int, type[APIStatusError]]] = STATUS_ERRORS

    def __init__(
        self,
        *,
        base_url: str,
        auth: AuthConfig,
        timeout: Timeout | Omit,
        max_retries: int,
        retries: RetryConfig | None,
        default_headers: Mapping[str, str] | None,
        default_query: Mapping[str, object] | None,
        strict_response_validation: bool,
        stream_idle_timeout: float | None,
        max_response_bytes: int | None,
        log_bodies: bool,
    ) -> None:
        setup_logging()
        self._base_url = _check_base_url(base_url).rstrip("/")
        self._auth = auth
        self._timeout = (
            DEFAULT_TIMEOUT if isinstance(timeout, Omit) else _coerce_timeout(timeout)
        )
        policy = DEFAULT_RETRY_POLICY.with_max_retries(_check_max_retries(max_retries))
        self._retry_policy = policy.merged(retries)
        self._max_response_bytes = _check_limit(max_response_bytes)
        for name, value in (default_headers or {}).items():
            _check_header_value(name, value)
        for name, value in auth.headers.items():
            _check_header_value(name, value)
        self._default_headers = dict(default_headers or {})
        self._default_query = dict(default_query or {})
        self._strict_response_validation = strict_response_validation
        if stream_idle_timeout is not None:
            _coerce_timeout(stream_idle_timeout, "stream_idle_timeout")
        self._stream_idle_timeout = stream_idle_timeout
        self._log_bodies = log_bodies
        self._user_agent = (
            f"{USER_AGENT} python/{sys.version_info.major}.{sys.version_info.minor}"
        )
        self._secret_headers = {n.lower() for n in auth.headers}
        if auth.oauth:
            self._secret_headers.add("authorization")
        install_httpx_redaction(auth.query)

    # -- public read-only configuration -------------------------------------------------------

    @property
    def base_url(self) -> str:
        """The base URL every path is joined to."""
        return self._base_url

    @property
    def timeout(self) -> httpx.Timeout:
        """The default timeout of every call."""
        return self._timeout

    @property
    def max_retries(self) -> int:
        """The default number of retries of every call."""
        return self._retry_policy.max_retries

    @property
    def retries(self) -> RetryConfig:
        """The default retry policy of every call (every field set)."""
        return self._retry_policy.as_config()

    @property
    def max_response_bytes(self) -> int | None:
        """The largest non-streamed response body read, in bytes (None: no limit)."""
        return self._max_response_bytes

    def __repr__(self) -> str:
        # Never show credentials: only non-secret configuration.
        return (
            f"<{type(self).__name__} base_url={redact_url(self._base_url, ())!r} "
            f"max_retries={self.max_retries} timeout={self._timeout!r}>"
        )

    # -- copies ---------------------------------------------------------------------------------

    def _copy_kwargs(self) -> dict[str, Any]:
        """The keyword arguments that rebuild this client's configuration (see `copy`)."""
        return {
            "base_url": self._base_url,
            "auth": self._auth,
            "timeout": self._timeout,
            "max_retries": self._retry_policy.max_retries,
            "retries": self._retry_policy.as_config(),
            "default_headers": self._default_headers,
            "default_query": self._default_query,
            "http_client": self._client,
            "strict_response_validation": self._strict_response_validation,
            "stream_idle_timeout": self._stream_idle_timeout,
            "max_response_bytes": self._max_response_bytes,
        }

    def copy(self, **overrides: Any) -> Self:
        """A new client like this one with some `__init__` arguments replaced.

        `omit` values are ignored. The copy shares this client's connection pool (it is passed
        as `http_client`, so the copy never closes it). Subclasses whose `__init__` differs
        override `_copy_kwargs` (see `SyncAPIClient`).
        """
        given = {k: v for k, v in overrides.items() if not isinstance(v, Omit)}
        kwargs = self._copy_kwargs()
        retries = given.pop("retries", None)
        if retries is not None:
            if "max_retries" in given:
                raise TypeError("pass either retries= or max_retries=, not both")
            # The new config's None values keep this client's.
            policy = self._retry_policy.merged(retries)
            given["max_retries"] = policy.max_retries
            given["retries"] = policy.as_config()
        elif "max_retries" in given:
            # An explicit count replaces the one the config carries.
            kwargs["retries"] = replace(kwargs["retries"], max_retries=None)
        kwargs.update(given)
        new = type(self)(**kwargs)
        new._log_bodies = self._log_bodies
        return new

    def with_options(self, *args: Any, **kwargs: Any) -> Self:
        """A configured copy sharing the connection pool. Generated clients override this with
        the typed keyword arguments of their `__init__`; all it has to do is call `copy`.
        """
        if args:
            raise TypeError("with_options() takes keyword arguments only")
        return self.copy(**kwargs)

    # -- building requests ---------------------------------------------------------------------

    def _build_url(self, path: str, path_params: Mapping[str, object] | None) -> str:
        if "{" not in path:
            return self._base_url + (path if path.startswith("/") else "/" + path)
        params = path_params or {}

        def substitute(match: re.Match[str]) -> str:
            name = match.group(1)
            if name not in params or _absent(params[name]):
                raise ValueError(f"Missing value for path parameter {name!r}")
            text = format_scalar(params[name])
            if text == "":
                raise ValueError(f"Path parameter {name!r} must not be an empty string")
            # "." and ".." would be removed by URL normalisation and change the target.
            if text in (".", ".."):
                return text.replace(".", "%2E")
            return quote(text, safe="")

        expanded = _PATH_PARAM.sub(substitute, path)
        if not expanded.startswith("/"):
            expanded = "/" + expanded
        return self._base_url + expanded

    def _plan(
        self,
        method: str,
        path: str,
        *,
        cast_to: object,
        path_params: Mapping[str, object] | None,
        query: Mapping[str, object] | None,
        query_styles: Mapping[str, tuple[str, bool]] | None,
        headers: Mapping[str, object] | None,
        cookies: Mapping[str, object] | None,
        json_body: object,
        form_body: Mapping[str, object] | None,
        files: Mapping[str, object] | None,
        content: object,
        content_type: str | None,
        response_kind: ResponseKind,
        error_models: Mapping[str, object] | None,
        stream: bool,
        options: RequestOptions | None,
        part_types: Mapping[str, str] | None = None,
        form_styles: Mapping[str, tuple[str, bool]] | None = None,
    ) -> _Plan:
        opts: RequestOptions = options or {}
        auth = self._auth.select(opts.get("security"))
        method = method.upper()
        url = self._build_url(path, path_params)

        # Query: client defaults, then the operation's, then credentials, then extra_query.
        # Later sources replace earlier parameters of the same name.
        params = encode_query(self._default_query)
        for source in (
            encode_query(query or {}, query_styles),
            list(auth.query.items()),
            encode_query(opts.get("extra_query") or {}),
        ):
            names = {name for name, _ in source}
            params = [p for p in params if p[0] not in names] + source

        # Headers: base, client defaults, operation, credentials, extra_headers (last, and a
        # None/omit value there removes the header).
        accept = "application/json" if response_kind == "json" else "*/*"
        if stream:
            accept = "text/event-stream"
        # Lower-cased name -> (name as given, value): case-insensitive like httpx.Headers, the
        # last spelling wins, and httpx builds its own Headers from it only once.
        hdrs: dict[str, tuple[str, str]] = {
            "accept": ("Accept", accept),
            "user-agent": ("User-Agent", self._user_agent),
        }
        for key, value in self._default_headers.items():
            hdrs[key.lower()] = (key, value)
        if headers:
            for key, given in headers.items():
                if not _absent(given):
                    hdrs[key.lower()] = (key, _header_value(key, given))
        for key, value in auth.headers.items():
            hdrs[key.lower()] = (key, value)
        cookie_pairs = [
            (k, format_scalar(v)) for k, v in (cookies or {}).items() if not _absent(v)
        ]
        cookie_pairs += list(auth.cookies.items())
        if cookie_pairs:
            for name, text in cookie_pairs:
                if not _COOKIE_VALUE.fullmatch(text):
                    # Encoding it silently would change the value the server sees; sending it
                    # as is could plant a second cookie ("a; admin=true").
                    raise RequestValidationError(
                        f"Cookie {name!r}: the value has characters RFC 6265 does not allow "
                        "in a cookie (space, quote, comma, semicolon, backslash, controls or "
                        "non-ASCII)"
                    )
            hdrs["cookie"] = ("Cookie", "; ".join(f"{k}={v}" for k, v in cookie_pairs))

        # Body.
        extra_body = opts.get("extra_body")
        body: bytes | UploadBody | None = None
        data: dict[str, list[str]] | None = None
        file_entries: list[tuple[str, Any]] | None = None
        if files is not None:
            # multipart/form-data, encoded here even without a file (httpx would fall back to
            # a url-encoded form) and with JSON parts for objects.
            body, multipart_type = _multipart_body(
                {**(form_body or {}), **files, **(extra_body or {})}, part_types
            )
            hdrs["content-type"] = ("Content-Type", multipart_type)
        elif form_body is not None:
            # The spec's `encoding` styles (deepObject, form with or without explode).
            fields = cast(
                "Mapping[str, object]", to_wire({**form_body, **(extra_body or {})})
            )
            body = urlencode(encode_form(fields, form_styles)).encode("ascii")
            hdrs["content-type"] = ("Content-Type", "application/x-www-form-urlencoded")
        elif not isinstance(json_body, Omit) or extra_body:
            wire = None if isinstance(json_body, Omit) else to_wire(json_body)
            if extra_body:
                if wire is None:
                    wire = {}
                if not isinstance(wire, dict):
                    raise TypeError(
                        "extra_body can only be merged into a JSON object body"
                    )
                wire.update(cast("dict[str, object]", to_wire(extra_body)))
            body = _JSON_ENCODER.encode(wire).encode("utf-8")
            # The declared JSON media type (`application/merge-patch+json`...), else plain JSON.
            hdrs["content-type"] = ("Content-Type", content_type or "application/json")
        elif content is not None:
            # A raw body: bytes as given; a file object or a path is streamed.
            raw_body = file_source(
                content.encode("utf-8") if isinstance(content, str) else content
            )
            body = raw_body.read_all() if raw_body.in_memory else UploadBody([raw_body])
            hdrs["content-type"] = (
                "Content-Type",
                content_type or "application/octet-stream",
            )

        if (
            IDEMPOTENCY_HEADER
            and method != "GET"
            and IDEMPOTENCY_HEADER.lower() not in hdrs
        ):
            # One key per call, reused by every retry, so the server can deduplicate.
            hdrs[IDEMPOTENCY_HEADER.lower()] = (IDEMPOTENCY_HEADER, str(uuid.uuid4()))

        extra_headers = opts.get("extra_headers")
        if extra_headers:
            for name, extra in extra_headers.items():
                if _absent(extra):
                    hdrs.pop(name.lower(), None)
                else:
                    hdrs[name.lower()] = (name, _header_value(name, extra))

        timeout = (
            _coerce_timeout(opts["timeout"]) if "timeout" in opts else self._timeout
        )
        if stream:
            # httpx's read timeout bounds each socket read: for a stream it is an idle timeout.
            idle = opts.get("stream_idle_timeout", self._stream_idle_timeout)
            if idle is not None:
                _coerce_timeout(idle, "stream_idle_timeout")
                timeout = httpx.Timeout(
                    connect=timeout.connect,
                    read=idle,
                    write=timeout.write,
                    pool=timeout.pool,
                )
        retry = self._retry_policy
        if "max_retries" in opts:
            retry = retry.with_max_retries(_check_max_retries(opts["max_retries"]))
        if "retries" in opts:
            retry = retry.merged(opts["retries"])
        return _Plan(
            method=method,
            url=url,
            params=params,
            headers=hdrs,
            content=body,
            data=data,
            files=file_entries,
            timeout=timeout,
            retry=retry,
            max_response_bytes=opts.get("max_response_bytes", self._max_response_bytes),
            stream=stream,
            cast_to=cast_to,
            response_kind=response_kind,
            error_models=error_models,
            oauth=tuple(
                (name, tuple((opts.get("scopes") or {}).get(name, ())))
                for name in auth.oauth
            ),
        )

    def _build_request(self, plan: _Plan, retries_taken: int) -> httpx.Request:
        if self._closed or self._client.is_closed:
            raise ClientClosedError()
        headers = {
            name: value
            for key, (name, value) in plan.headers.items()
            if key != _RETRY_COUNT_KEY
        }
        headers[RETRY_COUNT_HEADER] = str(retries_taken)
        content: Any = plan.content
        if isinstance(content, UploadBody):
            # Streamed from the files; chunked when a size is unknown (httpx's default).
            length = content.length()
            if length is not None:
                headers["Content-Length"] = str(length)
            if isinstance(self._client, httpx.AsyncClient):
                content = content.async_view()
        try:
            return self._client.build_request(
                plan.method,
                plan.url,
                # list is invariant: list[tuple[str, str]] is not httpx's
                # list[tuple[str, Primitive]]. None rather than []: httpx re-parses the whole
                # URL to merge even empty params.
                params=(
                    cast("list[tuple[str, Any]]", plan.params) if plan.params else None
                ),
                headers=headers,
                content=content,
                data=plan.data,
                files=plan.files,
                timeout=plan.timeout,
            )
        except httpx.InvalidURL as exc:
            raise RequestValidationError(f"Invalid request URL: {exc}") from None

    def _redirect_request(
        self, request: httpx.Request, response: httpx.Response
    ) -> httpx.Request | None:
        """The follow-up request of a redirect, or None when `response` is not one.

        Redirects are followed here rather than by httpx so that *every* credential (custom API
        key headers, cookies, query keys), not only `Authorization`, is dropped when the
        redirect leaves the original origin.
        """
        location = response.headers.get("location")
        if response.status_code not in _REDIRECT_STATUSES or not location:
            return None
        url = request.url.join(location)
        if url.scheme not in ("http", "https"):
            return None
        method = request.method
        if response.status_code == 303 and method != "HEAD":
            method = "GET"
        if response.status_code in (301, 302) and method == "POST":
            method = "GET"
        headers = httpx.Headers(request.headers)
        del headers["Host"]
        same_origin = (
            url.host == request.url.host
            and url.port == request.url.port
            and (
                url.scheme == request.url.scheme
                or (request.url.scheme == "http" and url.scheme == "https")
            )
        )
        if not same_origin:
            for name in list(headers.keys()):
                if name.lower() in self._secret_headers or name.lower() in {
                    "authorization",
                    "proxy-authorization",
                    "cookie",
                    "x-api-key",
                    "api-key",
                }:
                    del headers[name]
            for name in self._auth.query:
                url = url.copy_remove_param(name)
        stream = request.stream
        if method != request.method:
            stream = httpx.ByteStream(b"")
            for name in ("Content-Type", "Content-Length", "Transfer-Encoding"):
                if name in headers:
                    del headers[name]
        return httpx.Request(
            method, url, headers=headers, stream=stream, extensions=request.extensions
        )

    # -- logging -----------------------------------------------------------------------------

    def _redacted_url(self, url: httpx.URL) -> str:
        return redact_url(url, self._auth.query)

    def _redact_request(self, request: httpx.Request) -> httpx.Request:
        """A copy of `request` safe to attach to an exception: credentials redacted, no body."""
        return httpx.Request(
            request.method,
            self._redacted_url(request.url),
            headers=redact_headers(
                _header_items(request.headers), self._secret_headers
            ),
        )

    def _log_request(self, request: httpx.Request) -> None:
        if not logger.isEnabledFor(logging.DEBUG):
            return
        logger.debug(
            "Sending HTTP Request: %s %s",
            request.method,
            self._redacted_url(request.url),
        )
        logger.debug(
            "Request headers: %s",
            redact_headers(_header_items(request.headers), self._secret_headers),
        )
        if body_logging_enabled(self._log_bodies):
            content = (
                request.content if isinstance(request.stream, httpx.ByteStream) else b""
            )
            if content:
                logger.debug("Request body: %s", redact_body(content))

    def _log_response(
        self, request: httpx.Request, response: httpx.Response, started: float
    ) -> None:
        if not logger.isEnabledFor(logging.INFO):
            return
        logger.info(
            'HTTP Request: %s %s "%d %s" (%.0f ms)',
            request.method,
            self._redacted_url(request.url),
            response.status_code,
            response.reason_phrase,
            (time.monotonic() - started) * 1000,
        )
        if logger.isEnabledFor(logging.DEBUG):
            logger.debug(
                "Response headers: %s",
                redact_headers(_header_items(response.headers), self._secret_headers),
            )
            if body_logging_enabled(self._log_bodies) and response.is_stream_consumed:
                logger.debug("Response body: %s", redact_body(response.content))

    def _log_retry(self, request: httpx.Request, delay: float, reason: str) -> None:
        logger.info(
            "Retrying request to %s in %.2f seconds (%s)",
            request.url.path,
            delay,
            reason,
        )

    # -- retry decisions ---------------------------------------------------------------------

    def _backoff(self, retries_taken: int) -> float:
        """The client's backoff: min(0.5 * 2**n, 8) shortened by up to 25% by default."""
        return self._retry_policy.backoff(retries_taken)

    def _connection_retry_delay(
        self,
        plan: _Plan,
        retries_taken: int,
        exc: httpx.TransportError,
        request: httpx.Request,
    ) -> float:
        """Seconds to wait before retrying after a transport error; raises when giving up."""
        policy = plan.retry
        retryable = policy.retry_connection_errors and not isinstance(
            exc, (httpx.UnsupportedProtocol, httpx.LocalProtocolError)
        )
        if (
            retryable
            and retries_taken < policy.max_retries
            and self._can_resend(plan, request)
        ):
            delay = policy.backoff(retries_taken)
            self._log_retry(request, delay, f"{type(exc).__name__}")
            return delay
        redacted = self._redact_request(request)
        if isinstance(exc, httpx.LocalProtocolError):
            # The request itself is invalid (h11 refused to write it): sending it again
            # cannot help.
            raise RequestValidationError(
                f"The request could not be sent as given ({type(exc).__name__}).",
                request=redacted,
            ) from exc
        if isinstance(exc, httpx.TimeoutException):
            raise APITimeoutError(request=redacted) from exc
        # Only the exception type: some httpx messages may contain proxy URLs.
        raise APIConnectionError(
            f"Connection error ({type(exc).__name__}).", request=redacted
        ) from exc

    def _status_retry_delay(
        self,
        plan: _Plan,
        retries_taken: int,
        response: httpx.Response,
        request: httpx.Request,
    ) -> float:
        """Seconds to wait before retrying after an error status; raises when giving up."""
        retry_after = _parse_retry_after(response.headers)
        policy = plan.retry
        if (
            retries_taken < policy.max_retries
            and policy.retries_status(response)
            and self._can_resend(plan, request)
        ):
            if retry_after is not None and retry_after > MAX_RETRY_AFTER:
                # Waiting minutes inside a call helps nobody: fail fast and say how long.
                raise self._make_status_error(response, plan, request, retry_after)
            if retry_after is not None and retry_after > 0:
                delay = retry_after
            else:
                delay = policy.backoff(retries_taken)
            self._log_retry(request, delay, f"status {response.status_code}")
            return delay
        raise self._make_status_error(response, plan, request, retry_after)

    def _can_resend(self, plan: _Plan, request: httpx.Request) -> bool:
        """False (and a warning logged) when the body is a file object that cannot seek back
        to its start after being read: a retry would send something else, so there is none.
        """
        if not isinstance(plan.content, UploadBody) or plan.content.resendable():
            return True
        logger.warning(
            "Not retrying the request to %s: its upload is a file object that cannot seek "
            "back to its start (pass a seekable file, a path or bytes to allow retries)",
            request.url.path,
        )
        return False

    def _should_retry(self, response: httpx.Response) -> bool:
        return self._retry_policy.retries_status(response)

    def _too_large(
        self, plan: _Plan, response: httpx.Response, request: httpx.Request
    ) -> APIResponseTooLargeError:
        limit = plan.max_response_bytes or 0
        return APIResponseTooLargeError(
            f"The response body is larger than max_response_bytes ({limit} bytes); "
            "pass max_response_bytes= (None: no limit) or stream the response",
            limit=limit,
            status_code=response.status_code,
            request=self._redact_request(request),
        )

    @staticmethod
    def _declared_too_large(response: httpx.Response, limit: int) -> bool:
        length = response.headers.get("content-length")
        return length is not None and length.isdigit() and int(length) > limit

    # -- responses -----------------------------------------------------------------------------

    def _make_status_error(
        self,
        response: httpx.Response,
        plan: _Plan,
        request: httpx.Request,
        retry_after: float | None,
    ) -> APIStatusError:
        text = response.text
        try:
            body: object = json.loads(response.content)
        except ValueError:
            body = None
        message = _server_message(body, text)
        summary = f"Error code: {response.status_code}" + (
            f" - {message}" if message else ""
        )
        redacted = self._redact_request(request)
        # The response keeps a reference to the request it answers: point it at the redacted one.
        response.request = redacted
        return status_error_class(response.status_code, self._status_errors)(
            summary,
            response=response,
            body=body,
            text=text,
            error_model=self._parse_error_model(response, plan.error_models),
            retry_after=(
                retry_after if retry_after is not None and retry_after > 0 else None
            ),
            request=redacted,
        )

    @staticmethod
    def _parse_error_model(
        response: httpx.Response, error_models: Mapping[str, object] | None
    ) -> object:
        if not error_models:
            return None
        status = response.status_code
        for key in (str(status), f"{status // 100}XX", f"{status // 100}xx", "default"):
            if key in error_models:
                try:
                    return validate_as(error_models[key], response.content, strict=True)
                except (
                    Exception
                ):  # a body that does not match its declared type is not fatal
                    return None
        return None

    def _validation_error(
        self, response: httpx.Response, message: str
    ) -> APIResponseValidationError:
        redacted = self._redact_request(response.request)
        response.request = redacted
        return APIResponseValidationError(
            message,
            response=response,
            body_start=_body_start(response),
            request=redacted,
        )

    def _parse_response(
        self, response: httpx.Response, *, cast_to: object, response_kind: ResponseKind
    ) -> Any:
        """The body of a successful response as the declared type.

        Raises APIResponseValidationError when a JSON body was promised and the response is not
        JSON or does not match `cast_to`: a caller must never get a `str` where a model was
        declared.
        """
        if response_kind == "none" or cast_to is None or cast_to is type(None):
            return None
        if response_kind == "text":
            return response.text
        if response_kind == "bytes":
            return response.content
        status = response.status_code
        content_type = response.headers.get("content-type", "")
        if content_type and not _is_json_content_type(content_type):
            raise self._validation_error(
                response,
                f"Expected a JSON response but got content-type {content_type.split(';')[0]!r} "
                f"(status {status})",
            )
        if not response.content.strip():
            if cast_to is object or cast_to is Any or admits_none(cast_to):
                return None  # e.g. the 204 an operation declares beside its 200
            raise self._validation_error(
                response, f"Expected a JSON body but got none (status {status})"
            )
        try:
            return validate_as(
                cast_to, response.content, strict=self._strict_response_validation
            )
        except ValueError as exc:
            kind = type(exc).__name__
            detail = " ".join(str(exc).split())[:300]
            raise self._validation_error(
                response,
                f"Response body does not match {getattr(cast_to, '__name__', repr(cast_to))} "
                f"(status {status}, {kind}): {detail}",
            ) from exc

    def _success(
        self,
        plan: _Plan,
        response: httpx.Response,
        *,
        raw: bool,
        stream_cls: Any,
        stream_sentinel: str | None,
        streamed: bool = False,
    ) -> Any:
        def parse(resp: httpx.Response) -> Any:
            if stream_cls is not None:
                return stream_cls(
                    cast_to=plan.cast_to,
                    response=resp,
                    client=self,
                    sentinel=stream_sentinel,
                    strict=self._strict_response_validation,
                )
            return self._parse_response(
                resp, cast_to=plan.cast_to, response_kind=plan.response_kind
            )

        if streamed:
            # `with_streaming_response`: the body is read by the caller (or by `parse()`).
            cls = (
                AsyncStreamedAPIResponse
                if isinstance(self._client, httpx.AsyncClient)
                else StreamedAPIResponse
            )
            return cls(response, parse, read_before_parse=stream_cls is None)
        if raw:
            return APIResponse(response, parse)
        return parse(response)


_TRANSPORT_ERRORS = (httpx.TransportError,)


class SyncAPIClient(BaseClient[httpx.Client]):
    """Base of the generated synchronous client.

    One connection pool per client. An `http_client` passed by the caller is used as is and is
    never closed by `close()`; a pool created here is.

    A generated subclass adds its credentials and delegates the rest::

        class Client(SyncAPIClient):
            def __init__(self, *, api_key: str | None = None, base_url: str | None = None,
                         timeout: Timeout | Omit = omit, max_retries: int = DEFAULT_MAX_RETRIES,
                         default_headers: Mapping[str, str] | None = None,
                         default_query: Mapping[str, object] | None = None,
                         http_client: httpx.Client | None = None,
                         strict_response_validation: bool = True,
                         stream_idle_timeout: float | None = None) -> None:
                self.api_key = resolve_credential(
                    api_key, arg="api_key", env="OPENROUTER_API_KEY", required=True)
                super().__init__(
                    base_url=resolve_base_url(base_url),
                    auth=AuthConfig(headers={"Authorization": f"Bearer {self.api_key}"}),
                    timeout=timeout, max_retries=max_retries, default_headers=default_headers,
                    default_query=default_query, http_client=http_client,
                    strict_response_validation=strict_response_validation,
                    stream_idle_timeout=stream_idle_timeout)

            def _copy_kwargs(self) -> dict[str, Any]:
                kwargs = super()._copy_kwargs()
                del kwargs["auth"]  # rebuilt by __init__ from api_key
                kwargs["api_key"] = self.api_key
                return kwargs

            def with_options(self, *, api_key: str | Omit = omit, timeout: Timeout | Omit = omit,
                             max_retries: int | Omit = omit, ...) -> Self:
                return self.copy(api_key=api_key, timeout=timeout, max_retries=max_retries, ...)
    """

    def __init__(
        self,
        *,
        base_url: str,
        auth: AuthConfig | None = None,
        timeout: Timeout | Omit = omit,
        max_retries: int = DEFAULT_MAX_RETRIES,
        retries: RetryConfig | None = None,
        default_headers: Mapping[str, str] | None = None,
        default_query: Mapping[str, object] | None = None,
        http_client: httpx.Client | None = None,
        strict_response_validation: bool = True,
        stream_idle_timeout: float | None = None,
        max_response_bytes: int | None = DEFAULT_MAX_RESPONSE_BYTES,
        log_bodies: bool = False,
    ) -> None:
        if isinstance(timeout, Omit) and isinstance(http_client, httpx.Client):
            timeout = http_client.timeout  # the caller's client keeps its own timeout
        super().__init__(
            base_url=base_url,
            auth=auth or AuthConfig(),
            timeout=timeout,
            max_retries=max_retries,
            retries=retries,
            default_headers=default_headers,
            default_query=default_query,
            strict_response_validation=strict_response_validation,
            stream_idle_timeout=stream_idle_timeout,
            max_response_bytes=max_response_bytes,
            log_bodies=log_bodies,
        )
        if http_client is not None and not isinstance(http_client, httpx.Client):
            raise TypeError(
                f"http_client must be an httpx.Client, got {type(http_client)!r}"
            )
        self._owns_client = http_client is None
        self._client = http_client or httpx.Client(
            timeout=self._timeout,
            limits=DEFAULT_CONNECTION_LIMITS,
            follow_redirects=False,
        )
        self._token_sources = {
            name: TokenSource(c, self._client, self._base_url, self._timeout)
            for name, c in self._auth.oauth.items()
        }

    @property
    def is_closed(self) -> bool:
        """True once the connection pool is closed."""
        return self._client.is_closed

    def close(self) -> None:
        """Close the connection pool, unless it was passed in by the caller.

        Calls made after `close()` raise ClientClosedError.
        """
        self._closed = True
        if self._owns_client:
            self._client.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _authorize(self, plan: _Plan, *, refresh: bool) -> None:
        """Put the call's OAuth2 access token in its headers; `refresh`: the server refused
        the one sent (401), so get a new one."""
        for name, scopes in plan.oauth:
            sent = plan.headers.get("authorization", ("", ""))[1]
            stale = sent.removeprefix("Bearer ") if refresh else None
            token = self._token_sources[name].token(scopes, stale)
            plan.headers["authorization"] = ("Authorization", f"Bearer {token}")

    def _sleep(self, seconds: float) -> None:
        """Wait between attempts (a method so tests can replace it)."""
        time.sleep(seconds)

    def _read(
        self, plan: _Plan, response: httpx.Response, request: httpx.Request
    ) -> None:
        """Read the body of `response`, at most `plan.max_response_bytes` of it."""
        limit = plan.max_response_bytes
        if limit is None:
            response.read()
            return
        if self._declared_too_large(response, limit):
            response.close()
            raise self._too_large(plan, response, request)
        chunks = []
        size = 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > limit:
                response.close()
                raise self._too_large(plan, response, request)
            chunks.append(chunk)
        # What httpx's Response.read() does once the body is in.
        response._content = b"".join(chunks)

    def _send(self, request: httpx.Request) -> httpx.Response:
        """Send `request` (following redirects); the body is left unread."""
        for _ in range(MAX_REDIRECTS):
            response = self._client.send(request, stream=True, follow_redirects=False)
            follow_up = self._redirect_request(request, response)
            if follow_up is None:
                return response
            response.close()
            request = follow_up
        return self._client.send(request, stream=True, follow_redirects=False)

    @overload
    def request(
        self,
        method: str,
        path: str,
        *,
        cast_to: type[_T] | object,
        path_params: Mapping[str, object] | None = ...,
        query: Mapping[str, object] | None = ...,
        query_styles: Mapping[str, tuple[str, bool]] | None = ...,
        headers: Mapping[str, object] | None = ...,
        cookies: Mapping[str, object] | None = ...,
        json_body: object = ...,
        form_body: Mapping[str, object] | None = ...,
        files: Mapping[str, object] | None = ...,
        content: object = ...,
        content_type: str | None = ...,
        response_kind: ResponseKind = ...,
        error_models: Mapping[str, object] | None = ...,
        part_types: Mapping[str, str] | None = ...,
        form_styles: Mapping[str, tuple[str, bool]] | None = ...,
        stream_cls: None = ...,
        stream_sentinel: str | None = ...,
        options: RequestOptions | None = ...,
    ) -> _T: ...

    @overload
    def request(
        self,
        method: str,
        path: str,
        *,
        cast_to: object,
        path_params: Mapping[str, object] | None = ...,
        query: Mapping[str, object] | None = ...,
        query_styles: Mapping[str, tuple[str, bool]] | None = ...,
        headers: Mapping[str, object] | None = ...,
        cookies: Mapping[str, object] | None = ...,
        json_body: object = ...,
        form_body: Mapping[str, object] | None = ...,
        files: Mapping[str, object] | None = ...,
        content: object = ...,
        content_type: str | None = ...,
        response_kind: ResponseKind = ...,
        error_models: Mapping[str, object] | None = ...,
        part_types: Mapping[str, str] | None = ...,
        form_styles: Mapping[str, tuple[str, bool]] | None = ...,
        stream_cls: type[_StreamT],
        stream_sentinel: str | None = ...,
        options: RequestOptions | None = ...,
    ) -> _StreamT: ...

    def request(
        self,
        method: str,
        path: str,
        *,
        cast_to: object,
        path_params: Mapping[str, object] | None = None,
        query: Mapping[str, object] | None = None,
        query_styles: Mapping[str, tuple[str, bool]] | None = None,
        headers: Mapping[str, object] | None = None,
        cookies: Mapping[str, object] | None = None,
        json_body: object = omit,
        form_body: Mapping[str, object] | None = None,
        files: Mapping[str, object] | None = None,
        content: object = None,
        content_type: str | None = None,
        response_kind: ResponseKind = "json",
        error_models: Mapping[str, object] | None = None,
        part_types: Mapping[str, str] | None = None,
        form_styles: Mapping[str, tuple[str, bool]] | None = None,
        stream_cls: type[Stream[Any]] | type[Any] | None = None,
        stream_sentinel: str | None = None,
        options: RequestOptions | None = None,
    ) -> Any:
        """Send one API call, with retries, and return the parsed response.

        Returns `cast_to` built from the body (per `response_kind`), a `stream_cls` instance for
        streaming calls, an `APIResponse` inside a raw-response wrapper, or a
        `StreamedAPIResponse` (body unread) inside a streamed-response wrapper. Raises the
        `_exceptions` classes: APIStatusError subclasses for error statuses,
        APIConnectionError / APITimeoutError, APIResponseValidationError.
        """
        raw = raw_response_requested()
        streamed = streamed_response_requested()
        plan = self._plan(
            method,
            path,
            cast_to=cast_to,
            path_params=path_params,
            query=query,
            query_styles=query_styles,
            headers=headers,
            cookies=cookies,
            json_body=json_body,
            form_body=form_body,
            files=files,
            content=content,
            content_type=content_type,
            response_kind=response_kind,
            error_models=error_models,
            stream=stream_cls is not None,
            options=options,
            part_types=part_types,
            form_styles=form_styles,
        )
        retries_taken = 0
        # OAuth2: the call's token, and one new token (no retry counted) after a 401.
        reauthorized = not plan.oauth
        self._authorize(plan, refresh=False)
        while True:
            request = self._build_request(plan, retries_taken)
            self._log_request(request)
            started = time.monotonic()
            try:
                response = self._send(request)
                if not (plan.stream or streamed) or not response.is_success:
                    # An error body is read even for a stream: the exception needs it.
                    self._read(plan, response, request)
            except _TRANSPORT_ERRORS as exc:
                delay = self._connection_retry_delay(plan, retries_taken, exc, request)
                self._sleep(delay)
                retries_taken += 1
                continue
            self._log_response(request, response, started)
            if response.is_success:
                return self._success(
                    plan,
                    response,
                    raw=raw,
                    streamed=streamed,
                    stream_cls=stream_cls,
                    stream_sentinel=stream_sentinel,
                )
            if response.status_code == 401 and not reauthorized:
                reauthorized = True
                response.close()
                self._authorize(plan, refresh=True)
                continue
            try:
                delay = self._status_retry_delay(plan, retries_taken, response, request)
            finally:
                response.close()
            self._sleep(delay)
            retries_taken += 1


class AsyncAPIClient(BaseClient[httpx.AsyncClient]):
    """Base of the generated asynchronous client; the async twin of `SyncAPIClient`.

    `await client.close()` (alias `aclose()`) or `async with` closes the pool it created.
    """

    def __init__(
        self,
        *,
        base_url: str,
        auth: AuthConfig | None = None,
        timeout: Timeout | Omit = omit,
        max_retries: int = DEFAULT_MAX_RETRIES,
        retries: RetryConfig | None = None,
        default_headers: Mapping[str, str] | None = None,
        default_query: Mapping[str, object] | None = None,
        http_client: httpx.AsyncClient | None = None,
        strict_response_validation: bool = True,
        stream_idle_timeout: float | None = None,
        max_response_bytes: int | None = DEFAULT_MAX_RESPONSE_BYTES,
        log_bodies: bool = False,
    ) -> None:
        if isinstance(timeout, Omit) and isinstance(http_client, httpx.AsyncClient):
            timeout = http_client.timeout  # the caller's client keeps its own timeout
        super().__init__(
            base_url=base_url,
            auth=auth or AuthConfig(),
            timeout=timeout,
            max_retries=max_retries,
            retries=retries,
            default_headers=default_headers,
            default_query=default_query,
            strict_response_validation=strict_response_validation,
            stream_idle_timeout=stream_idle_timeout,
            max_response_bytes=max_response_bytes,
            log_bodies=log_bodies,
        )
        if http_client is not None and not isinstance(http_client, httpx.AsyncClient):
            raise TypeError(
                f"http_client must be an httpx.AsyncClient, got {type(http_client)!r}"
            )
        self._owns_client = http_client is None
        self._client = http_client or httpx.AsyncClient(
            timeout=self._timeout,
            limits=DEFAULT_CONNECTION_LIMITS,
            follow_redirects=False,
        )
        self._token_sources = {
            name: AsyncTokenSource(c, self._client, self._base_url, self._timeout)
            for name, c in self._auth.oauth.items()
        }

    @property
    def is_closed(self) -> bool:
        """True once the connection pool is closed."""
        return self._client.is_closed

    async def close(self) -> None:
        """Close the connection pool, unless it was passed in by the caller.

        Calls made after `close()` raise ClientClosedError.
        """
        self._closed = True
        if self._owns_client:
            await self._client.aclose()

    async def aclose(self) -> None:
        """Alias of `close()`."""
        await self.close()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    async def _authorize(self, plan: _Plan, *, refresh: bool) -> None:
        """Put the call's OAuth2 access token in its headers; `refresh`: the server refused
        the one sent (401), so get a new one."""
        for name, scopes in plan.oauth:
            sent = plan.headers.get("authorization", ("", ""))[1]
            stale = sent.removeprefix("Bearer ") if refresh else None
            token = await self._token_sources[name].token(scopes, stale)
            plan.headers["authorization"] = ("Authorization", f"Bearer {token}")

    async def _sleep(self, seconds: float) -> None:
        """Wait between attempts (a method so tests can replace it)."""
        await asyncio.sleep(seconds)

    async def _read(
        self, plan: _Plan, response: httpx.Response, request: httpx.Request
    ) -> None:
        """Read the body of `response`, at most `plan.max_response_bytes` of it."""
        limit = plan.max_response_bytes
        if limit is None:
            await response.aread()
            return
        if self._declared_too_large(response, limit):
            await response.aclose()
            raise self._too_large(plan, response, request)
        chunks = []
        size = 0
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            if size > limit:
                await response.aclose()
                raise self._too_large(plan, response, request)
            chunks.append(chunk)
        # What httpx's Response.read() does once the body is in.
        response._content = b"".join(chunks)

    async def _send(self, request: httpx.Request) -> httpx.Response:
        """Send `request` (following redirects); the body is left unread."""
        for _ in range(MAX_REDIRECTS):
            response = await self._client.send(
                request, stream=True, follow_redirects=False
            )
            follow_up = self._redirect_request(request, response)
            if follow_up is None:
                return response
            await response.aclose()
            request = follow_up
        return await self._client.send(request, stream=True, follow_redirects=False)

    @overload
    async def request(
        self,
        method: str,
        path: str,
        *,
        cast_to: type[_T] | object,
        path_params: Mapping[str, object] | None = ...,
        query: Mapping[str, object] | None = ...,
        query_styles: Mapping[str, tuple[str, bool]] | None = ...,
        headers: Mapping[str, object] | None = ...,
        cookies: Mapping[str, object] | None = ...,
        json_body: object = ...,
        form_body: Mapping[str, object] | None = ...,
        files: Mapping[str, object] | None = ...,
        content: object = ...,
        content_type: str | None = ...,
        response_kind: ResponseKind = ...,
        error_models: Mapping[str, object] | None = ...,
        part_types: Mapping[str, str] | None = ...,
        form_styles: Mapping[str, tuple[str, bool]] | None = ...,
        stream_cls: None = ...,
        stream_sentinel: str | None = ...,
        options: RequestOptions | None = ...,
    ) -> _T: ...

    @overload
    async def request(
        self,
        method: str,
        path: str,
        *,
        cast_to: object,
        path_params: Mapping[str, object] | None = ...,
        query: Mapping[str, object] | None = ...,
        query_styles: Mapping[str, tuple[str, bool]] | None = ...,
        headers: Mapping[str, object] | None = ...,
        cookies: Mapping[str, object] | None = ...,
        json_body: object = ...,
        form_body: Mapping[str, object] | None = ...,
        files: Mapping[str, object] | None = ...,
        content: object = ...,
        content_type: str | None = ...,
        response_kind: ResponseKind = ...,
        error_models: Mapping[str, object] | None = ...,
        part_types: Mapping[str, str] | None = ...,
        form_styles: Mapping[str, tuple[str, bool]] | None = ...,
        stream_cls: type[_StreamT],
        stream_sentinel: str | None = ...,
        options: RequestOptions | None = ...,
    ) -> _StreamT: ...

    async def request(
        self,
        method: str,
        path: str,
        *,
        cast_to: object,
        path_params: Mapping[str, object] | None = None,
        query: Mapping[str, object] | None = None,
        query_styles: Mapping[str, tuple[str, bool]] | None = None,
        headers: Mapping[str, object] | None = None,
        cookies: Mapping[str, object] | None = None,
        json_body: object = omit,
        form_body: Mapping[str, object] | None = None,
        files: Mapping[str, object] | None = None,
        content: object = None,
        content_type: str | None = None,
        response_kind: ResponseKind = "json",
        error_models: Mapping[str, object] | None = None,
        part_types: Mapping[str, str] | None = None,
        form_styles: Mapping[str, tuple[str, bool]] | None = None,
        stream_cls: type[AsyncStream[Any]] | type[Any] | None = None,
        stream_sentinel: str | None = None,
        options: RequestOptions | None = None,
    ) -> Any:
        """Send one API call, with retries, and return the parsed response (see
        `SyncAPIClient.request`)."""
        raw = raw_response_requested()
        streamed = streamed_response_requested()
        plan = self._plan(
            method,
            path,
            cast_to=cast_to,
            path_params=path_params,
            query=query,
            query_styles=query_styles,
            headers=headers,
            cookies=cookies,
            json_body=json_body,
            form_body=form_body,
            files=files,
            content=content,
            content_type=content_type,
            response_kind=response_kind,
            error_models=error_models,
            stream=stream_cls is not None,
            options=options,
            part_types=part_types,
            form_styles=form_styles,
        )
        retries_taken = 0
        # OAuth2: the call's token, and one new token (no retry counted) after a 401.
        reauthorized = not plan.oauth
        await self._authorize(plan, refresh=False)
        while True:
            request = self._build_request(plan, retries_taken)
            self._log_request(request)
            started = time.monotonic()
            try:
                response = await self._send(request)
                if not (plan.stream or streamed) or not response.is_success:
                    # An error body is read even for a stream: the exception needs it.
                    await self._read(plan, response, request)
            except _TRANSPORT_ERRORS as exc:
                delay = self._connection_retry_delay(plan, retries_taken, exc, request)
                await self._sleep(delay)
                retries_taken += 1
                continue
            self._log_response(request, response, started)
            if response.is_success:
                return self._success(
                    plan,
                    response,
                    raw=raw,
                    streamed=streamed,
                    stream_cls=stream_cls,
                    stream_sentinel=stream_sentinel,
                )
            if response.status_code == 401 and not reauthorized:
                reauthorized = True
                await response.aclose()
                await self._authorize(plan, refresh=True)
                continue
            try:
                delay = self._status_retry_delay(plan, retries_taken, response, request)
            finally:
                await response.aclose()
            await self._sleep(delay)
            retries_taken += 1
