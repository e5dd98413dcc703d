"""Shared types of the generated SDK runtime.

`Omit` / `omit` mean "argument not given" (as opposed to an explicit `None`, which is sent as
JSON null). Generated signatures use `x: int | None | Omit = omit`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping, Sequence
from typing import (
    IO,
    Any,
    Literal,
    Protocol,
    SupportsIndex,
    TypeVar,
    Union,
    final,
    overload,
)

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
    "SequenceNotStr",
    "Timeout",
    "is_given",
    "is_sequence",
    "omit",
]

_T = TypeVar("_T")
_T_co = TypeVar("_T_co", covariant=True)


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

# An upload: bytes, a binary file object (streamed, rewound for a retry) or a path (opened when
# the request is sent, closed after it), optionally as a tuple (filename, content[,
# content type[, extra part headers]]); see `_files`.
FileContent: TypeAlias = Union[bytes, IO[bytes], "os.PathLike[str]"]
FileTypes: TypeAlias = Union[
    FileContent,
    tuple[Union[str, None], FileContent],
    tuple[Union[str, None], FileContent, Union[str, None]],
    tuple[Union[str, None], FileContent, Union[str, None], Mapping[str, str]],
]


class SequenceNotStr(Protocol[_T_co]):
    """Any sequence but a `str` (a list, a tuple, ...), for array arguments.

    `Sequence[str]` would accept a plain string (a sequence of characters), so `"abc"` would
    be sent as `["a", "b", "c"]`; `str.__contains__` takes only a `str`, which keeps `str` out
    of this protocol. (As in openai-python.)
    """

    @overload
    def __getitem__(self, index: SupportsIndex, /) -> _T_co: ...

    @overload
    def __getitem__(self, index: slice, /) -> Sequence[_T_co]: ...

    def __contains__(self, value: object, /) -> bool: ...

    def __len__(self) -> int: ...

    def __iter__(self) -> Iterator[_T_co]: ...

    def index(self, value: Any, start: int = 0, stop: int = ..., /) -> int: ...

    def count(self, value: Any, /) -> int: ...

    def __reversed__(self) -> Iterator[_T_co]: ...


_SEQUENCE_TYPES = (list, tuple, set, frozenset)
_NOT_SEQUENCES = (str, bytes, bytearray, memoryview)


def is_sequence(value: object) -> bool:
    """True for a list, tuple, set or any other non-string sequence (an array value)."""
    if isinstance(value, _SEQUENCE_TYPES):
        return True
    return isinstance(value, Sequence) and not isinstance(value, _NOT_SEQUENCES)
