"""Exceptions raised by the generated SDK.

Every class derives from the package's `SDKError` (defined in the generated `_config.py`), so
callers can catch everything from this SDK with one `except`.

Secrets: exceptions keep the request for debugging, but the client hands them a *redacted* copy
(credential headers and query values replaced by `[REDACTED]`), and `str()`/`repr()` never show
headers.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

import httpx

from ._config import SDKError

__all__ = [
    "STATUS_ERRORS",
    "APIConnectionError",
    "APIError",
    "APIResponseTooLargeError",
    "APIResponseValidationError",
    "APIStatusError",
    "APIStreamError",
    "APITimeoutError",
    "AuthenticationError",
    "BadGatewayError",
    "BadRequestError",
    "ClientClosedError",
    "ConflictError",
    "GatewayTimeoutError",
    "InternalServerError",
    "NotFoundError",
    "OAuthTokenError",
    "PaginationError",
    "PermissionDeniedError",
    "RateLimitError",
    "RequestValidationError",
    "ServiceUnavailableError",
    "UnprocessableEntityError",
    "WebhookVerificationError",
    "status_error_class",
]


class APIError(SDKError):
    """Base class of every error that involves an HTTP request.

    Attributes:
        message: the one-line description, also `str(err)`.
        request: the (redacted) request, when there was one.
    """

    message: str
    request: httpx.Request | None

    def __init__(self, message: str, *, request: httpx.Request | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.request = request

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message!r})"


class APIStatusError(APIError):
    """The server answered with a non-2xx status.

    Attributes:
        status_code: the HTTP status.
        headers: the response headers.
        body: the response body parsed as JSON, or None when it is not JSON.
        text: the response body as text (HTML error pages are kept here).
        request_id: the `x-request-id` / `request-id` response header, if any.
        response: the `httpx.Response`.
        error_model: the body parsed into the error type the API declares for this status, or
            None (no declared type, or the body did not match it).
        retry_after: the delay in seconds the server asked for (`retry-after-ms` /
            `Retry-After`), or None.
    """

    status_code: int
    headers: httpx.Headers
    body: object
    text: str
    request_id: str | None
    response: httpx.Response
    error_model: object
    retry_after: float | None

    def __init__(
        self,
        message: str,
        *,
        response: httpx.Response,
        body: object = None,
        text: str = "",
        error_model: object = None,
        retry_after: float | None = None,
        request: httpx.Request | None = None,
    ) -> None:
        super().__init__(message, request=request)
        self.response = response
        self.status_code = response.status_code
        self.headers = response.headers
        self.body = body
        self.text = text
        self.error_model = error_model
        self.retry_after = retry_after
        self.request_id = response.headers.get("x-request-id") or response.headers.get(
            "request-id"
        )


class BadRequestError(APIStatusError):
    """HTTP 400."""


class AuthenticationError(APIStatusError):
    """HTTP 401."""


class PermissionDeniedError(APIStatusError):
    """HTTP 403."""


class NotFoundError(APIStatusError):
    """HTTP 404."""


class ConflictError(APIStatusError):
    """HTTP 409."""


class UnprocessableEntityError(APIStatusError):
    """HTTP 422."""


class RateLimitError(APIStatusError):
    """HTTP 429."""


class InternalServerError(APIStatusError):
    """HTTP 500, and every 5xx status without a class of its own."""


class BadGatewayError(InternalServerError):
    """HTTP 502."""


class ServiceUnavailableError(InternalServerError):
    """HTTP 503."""


class GatewayTimeoutError(InternalServerError):
    """HTTP 504."""


class RequestValidationError(APIError, ValueError):
    """The request cannot be sent as given; raised before sending, never retried.

    Raised for a header value with CR, LF or NUL, a cookie value outside RFC 6265, or an
    invalid base URL.
    """


class ClientClosedError(APIError):
    """A call was made on a client after `close()` (or on a closed `http_client`)."""

    def __init__(
        self,
        message: str = "The client is closed: create a new client to send requests.",
        *,
        request: httpx.Request | None = None,
    ) -> None:
        super().__init__(message, request=request)


class PaginationError(APIError):
    """A walk across pages stopped: the server repeated a cursor, URL or offset, sent a
    next-page URL outside the base URL, or the walk reached `max_pages`; also raised by
    `get_next_page()` on the last page."""


class APIResponseTooLargeError(APIError):
    """A response body is larger than `max_response_bytes`; the rest was not read.

    Attributes:
        limit: the limit in bytes.
        status_code: the HTTP status of the response.
    """

    limit: int
    status_code: int

    def __init__(
        self,
        message: str,
        *,
        limit: int,
        status_code: int,
        request: httpx.Request | None = None,
    ) -> None:
        super().__init__(message, request=request)
        self.limit = limit
        self.status_code = status_code


class APIConnectionError(APIError):
    """The request could not be sent or the response not received (DNS, refused, reset...)."""

    def __init__(
        self,
        message: str = "Connection error.",
        *,
        request: httpx.Request | None = None,
    ) -> None:
        super().__init__(message, request=request)


class APITimeoutError(APIConnectionError):
    """The request timed out (connect, read, write or pool timeout)."""

    def __init__(
        self,
        message: str = "Request timed out.",
        *,
        request: httpx.Request | None = None,
    ) -> None:
        super().__init__(message, request=request)


class APIResponseValidationError(APIError):
    """A 2xx response did not have the promised shape.

    Raised for a non-JSON content type where JSON was expected, invalid JSON or UTF-8, or a body
    that fails validation against the declared type.

    Attributes:
        status_code: the HTTP status.
        body_start: the first 200 characters of the body.
        response: the `httpx.Response`.
    """

    status_code: int
    body_start: str
    response: httpx.Response

    def __init__(
        self,
        message: str,
        *,
        response: httpx.Response,
        body_start: str,
        request: httpx.Request | None = None,
    ) -> None:
        super().__init__(message, request=request)
        self.response = response
        self.status_code = response.status_code
        self.body_start = body_start


class APIStreamError(APIError):
    """The server reported an error inside a stream (after a 2xx status).

    Attributes:
        code: the error code the server sent (status number or string), if any.
        payload: the decoded error event.
    """

    code: object
    payload: object

    def __init__(
        self,
        message: str,
        *,
        request: httpx.Request | None = None,
        code: object = None,
        payload: object = None,
    ) -> None:
        super().__init__(message, request=request)
        self.code = code
        self.payload = payload


STATUS_ERRORS: Final[Mapping[int, type[APIStatusError]]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
    500: InternalServerError,
    502: BadGatewayError,
    503: ServiceUnavailableError,
    504: GatewayTimeoutError,
}


class OAuthTokenError(APIError):
    """The OAuth2 token endpoint refused the client credentials or sent no usable token.

    Attributes:
        status_code: the token endpoint's HTTP status (None: it could not be reached).
        error: the OAuth2 `error` code the endpoint sent ("invalid_client", ...), or "".

    The message never contains the client secret.
    """

    status_code: int | None
    error: str

    def __init__(
        self,
        message: str,
        *,
        request: httpx.Request | None = None,
        status_code: int | None = None,
        error: str = "",
    ) -> None:
        super().__init__(message, request=request)
        self.status_code = status_code
        self.error = error


class WebhookVerificationError(SDKError):
    """A webhook's signature is missing, malformed, wrong, or its timestamp is out of range."""


def status_error_class(
    status_code: int, table: Mapping[int, type[APIStatusError]] | None = None
) -> type[APIStatusError]:
    """The exception class for an HTTP status: `table`'s (default: the standard classes), else
    the 500 class for any 5xx, else APIStatusError."""
    classes = STATUS_ERRORS if table is None else table
    found = classes.get(status_code)
    if found is not None:
        return found
    if status_code >= 500:
        return classes.get(500, InternalServerError)
    return APIStatusError
