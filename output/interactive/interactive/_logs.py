"""Logging for the generated SDK, with credential redaction.

The logger is named after the package (`PACKAGE_NAME`). Setting the environment variable
`<ENV_PREFIX>LOG` to `debug` or `info` attaches a stderr handler at that level. Request bodies
are logged only when `<ENV_PREFIX>LOG_BODIES=1` (or the client's `log_bodies=True`), with
secret-looking JSON keys masked.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterable, Mapping
from urllib.parse import parse_qsl, urlencode

import httpx

from ._config import ENV_PREFIX, PACKAGE_NAME

__all__ = [
    "REDACTED",
    "SECRET_HEADERS",
    "SECRET_KEYS",
    "body_logging_enabled",
    "install_httpx_redaction",
    "logger",
    "redact_body",
    "redact_headers",
    "redact_url",
    "setup_logging",
]

REDACTED = "[REDACTED]"

# Always treated as credentials, whatever the AuthConfig says (lower case).
SECRET_HEADERS = frozenset(
    {
        "authorization",
        "proxy-authorization",
        "cookie",
        "set-cookie",
        "x-api-key",
        "api-key",
    }
)

# JSON keys whose values are masked in logged bodies (lower case, `-` and `_` ignored).
SECRET_KEYS = frozenset(
    {
        "password",
        "secret",
        "token",
        "apikey",
        "authorization",
        "accesstoken",
        "refreshtoken",
        "clientsecret",
    }
)

logger = logging.getLogger(PACKAGE_NAME)

_configured = False


def setup_logging() -> None:
    """Attach a stderr handler when `<ENV_PREFIX>LOG` is `debug` or `info` (once per process)."""
    global _configured
    if _configured:
        return
    _configured = True
    level = {"debug": logging.DEBUG, "info": logging.INFO}.get(
        os.environ.get(f"{ENV_PREFIX}LOG", "").strip().lower()
    )
    if level is None:
        return
    handler = logging.StreamHandler()
    handler.setFormatter(
        logging.Formatter(
            "[%(asctime)s - %(name)s:%(lineno)d - %(levelname)s] %(message)s"
        )
    )
    logger.addHandler(handler)
    logger.setLevel(level)


def body_logging_enabled(flag: bool = False) -> bool:
    """True when bodies may be logged: the client flag or `<ENV_PREFIX>LOG_BODIES=1`."""
    return flag or os.environ.get(f"{ENV_PREFIX}LOG_BODIES", "").strip() == "1"


def redact_headers(
    headers: Iterable[tuple[str, str]], secret_names: Iterable[str] = ()
) -> dict[str, str]:
    """Headers as a dict with credential values replaced by `[REDACTED]`."""
    secrets = SECRET_HEADERS | {n.lower() for n in secret_names}
    return {k: REDACTED if k.lower() in secrets else v for k, v in headers}


def redact_url(url: httpx.URL | str, secret_params: Iterable[str]) -> str:
    """The URL with the values of the named query parameters (and any userinfo) redacted."""
    url = httpx.URL(url)
    secrets = {n.lower() for n in secret_params}
    if url.userinfo:
        url = url.copy_with(username=REDACTED, password=None)
    if not secrets or not url.query:
        return str(url)
    pairs = parse_qsl(url.query.decode("ascii", "replace"), keep_blank_values=True)
    redacted = [(k, REDACTED if k.lower() in secrets else v) for k, v in pairs]
    # safe="[]" keeps the marker readable instead of %5BREDACTED%5D.
    return str(url.copy_with(query=urlencode(redacted, safe="[]").encode("ascii")))


def _normalise_key(key: str) -> str:
    return key.lower().replace("-", "").replace("_", "")


def _mask(value: object) -> object:
    if isinstance(value, Mapping):
        return {
            k: REDACTED if _normalise_key(str(k)) in SECRET_KEYS else _mask(v)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_mask(v) for v in value]
    return value


def redact_body(content: bytes, limit: int = 2000) -> str:
    """A loggable view of a body: JSON with secret-looking keys masked, else a size summary."""
    try:
        parsed = json.loads(content)
    except ValueError:
        return f"<{len(content)} bytes, not JSON>"
    text = json.dumps(_mask(parsed), ensure_ascii=False)
    return text if len(text) <= limit else text[:limit] + "..."


class _HttpxUrlFilter(logging.Filter):
    """Redacts credential query parameters in the request lines that httpx itself logs.

    httpx logs `HTTP Request: GET <full URL>` at INFO, which would otherwise print a query-string
    API key.
    """

    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        if self.names and isinstance(record.args, tuple):
            record.args = tuple(
                redact_url(a, self.names) if isinstance(a, httpx.URL) else a
                for a in record.args
            )
        return True


_httpx_filter = _HttpxUrlFilter()


def install_httpx_redaction(secret_params: Iterable[str]) -> None:
    """Make the `httpx` logger redact these query parameter names (idempotent)."""
    names = {n.lower() for n in secret_params}
    if not names:
        return
    _httpx_filter.names |= names
    httpx_logger = logging.getLogger("httpx")
    if _httpx_filter not in httpx_logger.filters:
        httpx_logger.addFilter(_httpx_filter)
