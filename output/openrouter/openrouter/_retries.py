"""The retry policy shared by the sync and async clients.

`RetryConfig` is what callers pass (`retries=` on the client, in `with_options` and per call);
`RetryPolicy` is the resolved policy a client or a call runs with (every value concrete).
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable
from dataclasses import dataclass, field

import httpx

__all__ = [
    "DEFAULT_MAX_RETRIES",
    "INITIAL_RETRY_DELAY",
    "MAX_RETRY_DELAY",
    "RetryConfig",
    "RetryPolicy",
]

DEFAULT_MAX_RETRIES = 2
INITIAL_RETRY_DELAY = 0.5
MAX_RETRY_DELAY = 8.0
# Statuses retried when `retry_statuses` is not set, besides every 5xx.
_RETRYABLE_STATUSES = frozenset({408, 409, 429})


def _check_count(value: object, what: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{what} must be an integer >= 0, got {value!r}")


def _check_seconds(
    value: object, what: str, *, low: float = 0.0, high: float = math.inf
) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"{what} must be a number, got {value!r}")
    if not low <= value <= high or math.isnan(value) or math.isinf(value):
        raise ValueError(f"{what} must be between {low} and {high}, got {value!r}")


@dataclass(frozen=True)
class RetryConfig:
    """How failed requests are retried. Times are in seconds; `None` means "the client's value".

    Attributes:
        max_retries: retries after the first attempt (0 disables retries).
        initial_delay: the wait before the first retry (default 0.5 s).
        max_delay: the longest wait between two attempts (default 8 s).
        backoff_factor: each wait is the previous one times this factor.
        jitter: each wait is shortened by a random fraction in [0, jitter).
        retry_connection_errors: retry connection errors and timeouts.
        retry_statuses: the HTTP statuses retried (default: 408, 409, 429 and every 5xx).
            A response's `x-should-retry: true/false` header overrides this.

    A `Retry-After` (or `retry-after-ms`) up to 60 s sent by the server replaces the computed
    wait.
    """

    max_retries: int | None = None
    initial_delay: float | None = None
    max_delay: float | None = None
    backoff_factor: float = 2.0
    jitter: float = 0.25
    retry_connection_errors: bool = True
    retry_statuses: frozenset[int] | None = field(default=None)

    def __post_init__(self) -> None:
        if self.max_retries is not None:
            _check_count(self.max_retries, "max_retries")
        if self.initial_delay is not None:
            _check_seconds(self.initial_delay, "initial_delay")
        if self.max_delay is not None:
            _check_seconds(self.max_delay, "max_delay")
        _check_seconds(self.backoff_factor, "backoff_factor", low=1.0)
        _check_seconds(self.jitter, "jitter", high=1.0)
        if not isinstance(self.retry_connection_errors, bool):
            raise TypeError("retry_connection_errors must be a bool")
        if self.retry_statuses is not None:
            statuses: Iterable[object] = self.retry_statuses
            if isinstance(statuses, (str, bytes)) or not isinstance(statuses, Iterable):
                raise TypeError(
                    "retry_statuses must be a collection of HTTP status codes"
                )
            codes = frozenset(statuses)
            for code in codes:
                if (
                    isinstance(code, bool)
                    or not isinstance(code, int)
                    or not 100 <= code <= 599
                ):
                    raise ValueError(
                        f"retry_statuses: {code!r} is not an HTTP status code"
                    )
            # A list or set given by the caller is stored as a frozenset (hashable, immutable).
            object.__setattr__(self, "retry_statuses", codes)


class RetryPolicy:
    """A resolved retry policy: every value concrete. Immutable; `merged` returns a new one."""

    __slots__ = (
        "backoff_factor",
        "initial_delay",
        "jitter",
        "max_delay",
        "max_retries",
        "retry_connection_errors",
        "retry_statuses",
    )

    def __init__(
        self,
        *,
        max_retries: int = DEFAULT_MAX_RETRIES,
        initial_delay: float = INITIAL_RETRY_DELAY,
        max_delay: float = MAX_RETRY_DELAY,
        backoff_factor: float = 2.0,
        jitter: float = 0.25,
        retry_connection_errors: bool = True,
        retry_statuses: frozenset[int] | None = None,
    ) -> None:
        _check_count(max_retries, "max_retries")
        self.max_retries = max_retries
        self.initial_delay = float(initial_delay)
        self.max_delay = float(max_delay)
        self.backoff_factor = float(backoff_factor)
        self.jitter = float(jitter)
        self.retry_connection_errors = retry_connection_errors
        self.retry_statuses = retry_statuses

    def merged(self, config: RetryConfig | None) -> RetryPolicy:
        """This policy with the values `config` sets (its `None` values keep this policy's)."""
        if config is None:
            return self
        if not isinstance(config, RetryConfig):
            raise TypeError(
                f"retries must be a RetryConfig, got {type(config).__name__}"
            )
        return RetryPolicy(
            max_retries=(
                self.max_retries if config.max_retries is None else config.max_retries
            ),
            initial_delay=(
                self.initial_delay
                if config.initial_delay is None
                else config.initial_delay
            ),
            max_delay=self.max_delay if config.max_delay is None else config.max_delay,
            backoff_factor=config.backoff_factor,
            jitter=config.jitter,
            retry_connection_errors=config.retry_connection_errors,
            retry_statuses=(
                self.retry_statuses
                if config.retry_statuses is None
                else config.retry_statuses
            ),
        )

    def with_max_retries(self, max_retries: int) -> RetryPolicy:
        """This policy with another number of retries."""
        if max_retries == self.max_retries:
            return self
        return self.merged(
            RetryConfig(
                max_retries=max_retries,
                backoff_factor=self.backoff_factor,
                jitter=self.jitter,
                retry_connection_errors=self.retry_connection_errors,
            )
        )

    def as_config(self) -> RetryConfig:
        """The policy as a RetryConfig (every field set)."""
        return RetryConfig(
            max_retries=self.max_retries,
            initial_delay=self.initial_delay,
            max_delay=self.max_delay,
            backoff_factor=self.backoff_factor,
            jitter=self.jitter,
            retry_connection_errors=self.retry_connection_errors,
            retry_statuses=self.retry_statuses,
        )

    def backoff(self, retries_taken: int) -> float:
        """The wait before retry number `retries_taken + 1`:
        min(initial_delay * backoff_factor**n, max_delay), shortened by up to `jitter`.
        """
        try:
            delay = self.initial_delay * self.backoff_factor**retries_taken
        except OverflowError:
            delay = self.max_delay
        delay = min(delay, self.max_delay)
        return delay * (1.0 - self.jitter * random.random())

    def retries_status(self, response: httpx.Response) -> bool:
        """Whether an error response is worth another attempt."""
        override = response.headers.get("x-should-retry")
        if override is not None:
            override = override.strip().lower()
            if override == "true":
                return True
            if override == "false":
                return False
        status = response.status_code
        if self.retry_statuses is not None:
            return status in self.retry_statuses
        return status in _RETRYABLE_STATUSES or status >= 500

    def __repr__(self) -> str:
        return f"RetryPolicy({self.as_config()!r})"


DEFAULT_RETRY_POLICY = RetryPolicy()
