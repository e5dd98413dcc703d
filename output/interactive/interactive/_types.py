"""Shared types of the generated SDK runtime.

`Omit` / `omit` mean "argument not given" (as opposed to an explicit `None`, which is sent as
JSON null). Generated signatures use `x: int | None | Omit = omit`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import IO, Literal, TypeVar, Union, final

import httpx
from typing_extensions import TypeAlias, TypeGuard

__all__ = [
    "Body",
    "FileContent",
    "FileTypes",
    "Headers",
    "Omit",
    "Query",
    "ResponseKind",
    "Timeout",
    "is_given",
    "omit",
]

_T = TypeVar("_T")


@final
class Omit:
    """Marker type of the `omit` singleton: "this argument was not given".

    It is falsy, so `if value:` treats it like an absent value, and its repr is `omit` so
    generated signatures read naturally in `help()`.
    """

    _instance: Omit | None = None

    def __new__(cls) -> Omit:
        # A singleton, so identity checks and copies (with_options, deepcopy) stay stable.
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "omit"

    def __copy__(self) -> Omit:
        return self

    def __deepcopy__(self, memo: object) -> Omit:
        return self

    def __reduce__(self) -> str:
        return "omit"


omit = Omit()


def is_given(value: _T | Omit) -> TypeGuard[_T]:
    """True when `value` is anything but `omit` (`None` counts as given)."""
    return not isinstance(value, Omit)


# These aliases are evaluated at runtime, so they use `Union` (Python 3.9 has no `X | Y`).
Headers: TypeAlias = Mapping[str, str]
Query: TypeAlias = Mapping[str, object]
Body: TypeAlias = Mapping[str, object]
Timeout: TypeAlias = Union[float, httpx.Timeout]
ResponseKind: TypeAlias = Literal["json", "text", "bytes", "none"]

FileContent: TypeAlias = Union[bytes, IO[bytes], "os.PathLike[str]"]
FileTypes: TypeAlias = Union[
    FileContent,
    tuple[str, FileContent],
    tuple[str, FileContent, str],
]
