"""File uploads sent without reading the whole file into memory.

An upload value (`FileTypes`) is bytes, a binary file object, a path (`os.PathLike`), or a tuple
`(filename, content[, content_type[, headers]])`. A path is opened when the request is sent and
closed once its bytes are out; a file object is read in chunks from its current position, and a
retry seeks it back there. A file object that cannot seek is sent once: a retry is refused (the
call raises its error instead of sending a truncated body again).

`UploadBody` is a request body made of in-memory pieces and file sources (a multipart body, or a
raw `application/octet-stream` body); the client passes it to httpx as an iterator, with a
`Content-Length` when every size is known (else chunked).
"""

from __future__ import annotations

import io
import mimetypes
import os
from collections.abc import AsyncIterator, Iterator, Mapping
from typing import IO, Any, Union, cast

from typing_extensions import TypeAlias

from ._types import FileContent, FileTypes

__all__ = [
    "CHUNK_SIZE",
    "FileContent",
    "FileSource",
    "FileTypes",
    "UploadBody",
    "disposition_value",
    "file_part",
    "file_source",
    "is_file_content",
    "is_upload",
]

# Bytes read from a file per chunk sent.
CHUNK_SIZE = 64 * 1024

# A private table: the built-in types only, so a guess does not depend on the machine's
# /etc/mime.types.
_MIME = mimetypes.MimeTypes()

DEFAULT_FILENAME = "upload"
DEFAULT_CONTENT_TYPE = "application/octet-stream"


def is_file_content(value: object) -> bool:
    """bytes, a path or a file object (anything with `read`)."""
    if isinstance(value, (bytes, bytearray, memoryview, os.PathLike)):
        return True
    return callable(getattr(value, "read", None))


def is_upload(value: object) -> bool:
    """A file argument: file content, or a (filename, content[, type[, headers]]) tuple."""
    if isinstance(value, tuple):
        return (
            2 <= len(value) <= 4
            and (value[0] is None or isinstance(value[0], str))
            and is_file_content(value[1])
        )
    return is_file_content(value)


class FileSource:
    """The bytes of one upload: in memory, a path, or a file object.

    `size()` is the number of bytes `chunks()` yields (None when unknown: a file object that
    cannot seek, or a text file); `chunks()` may be called once per attempt.
    """

    def __init__(self, content: object) -> None:
        self._data: bytes | None = None
        self._path: str | None = None
        self._file: IO[Any] | None = None
        self._start: int | None = None  # where a seekable file object's upload starts
        self._size: int | None = None
        self._used = False  # a file object's bytes were read at least once
        if isinstance(content, (bytes, bytearray, memoryview)):
            self._data = bytes(content)
        elif isinstance(content, os.PathLike):
            self._path = os.fspath(cast("os.PathLike[str]", content))
        elif callable(getattr(content, "read", None)):
            self._file = cast("IO[Any]", content)
            if not isinstance(content, io.TextIOBase) and _seekable(self._file):
                self._start = self._file.tell()
                end = self._file.seek(0, os.SEEK_END)
                self._file.seek(self._start)
                self._size = max(end - self._start, 0)
        else:
            raise TypeError(
                f"unsupported file value {type(content).__name__}: pass bytes, a binary file "
                "object, a path, or a (filename, content[, content_type[, headers]]) tuple"
            )

    @property
    def in_memory(self) -> bool:
        """The content is bytes given by the caller (nothing to stream)."""
        return self._data is not None

    def read_all(self) -> bytes:
        """The in-memory content (`in_memory` only)."""
        assert self._data is not None
        return self._data

    @property
    def name(self) -> str | None:
        """The file's base name (a path's, or a file object's `name`), if it has one."""
        if self._path is not None:
            return os.path.basename(self._path)
        name = getattr(self._file, "name", None)
        if isinstance(name, (str, os.PathLike)):
            return os.path.basename(os.fspath(name)) or None
        return None

    def size(self) -> int | None:
        if self._data is not None:
            return len(self._data)
        if self._path is not None:
            return os.stat(self._path).st_size
        return self._size

    def resendable(self) -> bool:
        """True when `chunks()` can give the same bytes again (a retry can send them)."""
        return self._file is None or self._start is not None or not self._used

    def chunks(self, size: int | None) -> Iterator[bytes]:
        """The bytes, in chunks of at most CHUNK_SIZE; exactly `size` of them when given."""
        if self._data is not None:
            yield self._data
            return
        if self._path is not None:
            with open(self._path, "rb") as f:
                yield from _read(f, size)
            return
        assert self._file is not None
        if self._start is not None:
            self._file.seek(self._start)
        elif self._used:
            raise ValueError(
                "this upload's file object cannot seek back to where it started, so it "
                "cannot be sent again; pass a seekable file, a path or bytes"
            )
        self._used = True
        yield from _read(self._file, size)


def _seekable(f: IO[Any]) -> bool:
    try:
        return bool(f.seekable()) if hasattr(f, "seekable") else False
    except (OSError, ValueError):
        return False


def _read(f: IO[Any], size: int | None) -> Iterator[bytes]:
    left = size
    while left is None or left > 0:
        chunk = f.read(CHUNK_SIZE if left is None else min(CHUNK_SIZE, left))
        if not chunk:
            break
        if isinstance(chunk, str):
            chunk = chunk.encode("utf-8")  # a text file: sent as UTF-8
        if left is not None:
            left -= len(chunk)
        yield bytes(chunk)
    if left:
        # Fewer bytes than the Content-Length announced: the file shrank while being sent.
        raise ValueError(f"the upload's file ended {left} bytes before its size")


def file_source(content: object) -> FileSource:
    """The source of a raw body (`content=`): bytes, a file object or a path."""
    return FileSource(content)


def _header(text: str, what: str) -> str:
    if "\r" in text or "\n" in text:
        raise ValueError(f"a multipart {what} must not contain CR or LF: {text!r}")
    return text


def disposition_value(text: str) -> str:
    # As browsers (and httpx) quote multipart names: `"`, CR and LF percent-encoded.
    return text.replace('"', "%22").replace("\r", "%0D").replace("\n", "%0A")


def _concrete(media: str | None) -> str | None:
    """A declared part media type usable as a Content-Type (not a list or a wildcard)."""
    if not media or "," in media or "*" in media:
        return None
    return media.strip()


def file_part(
    name: str, value: FileTypes, declared_type: str | None = None
) -> tuple[bytes, FileSource]:
    """(part head, source) of one file part of a multipart body.

    The filename is the tuple's, else the path's or file object's base name, else "upload".
    The content type is the tuple's, else the spec's `encoding.<field>.contentType` (when it is
    one media type), else guessed from the filename, else application/octet-stream.
    """
    filename: str | None = DEFAULT_FILENAME
    content_type: str | None = None
    headers: Mapping[str, str] = {}
    if isinstance(value, tuple):
        if not 2 <= len(value) <= 4:
            raise TypeError(
                "a file tuple is (filename, content[, content_type[, headers]])"
            )
        filename, content = value[0], value[1]
        if len(value) >= 3:
            content_type = value[2]
        if len(value) == 4:
            headers = value[3]
        source = FileSource(content)
    else:
        source = FileSource(value)
        filename = source.name or DEFAULT_FILENAME
    if content_type is None:
        content_type = _concrete(declared_type)
    if content_type is None and filename:
        content_type = _MIME.guess_type(filename, strict=False)[0]
    disposition = f'form-data; name="{disposition_value(name)}"'
    if filename is not None:
        disposition += f'; filename="{disposition_value(filename)}"'
    lines = [f"Content-Disposition: {disposition}"]
    lines.append(
        f"Content-Type: {_header(content_type or DEFAULT_CONTENT_TYPE, 'type')}"
    )
    for key, text in headers.items():
        if key.lower() in ("content-disposition", "content-type"):
            continue
        lines.append(f"{_header(key, 'header name')}: {_header(text, 'header value')}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("utf-8"), source


Piece: TypeAlias = Union[bytes, FileSource]


class UploadBody:
    """A request body of bytes and file sources, streamed; sent again by each retry.

    Iterating it (httpx does, once per attempt) yields the pieces in order, reading each file
    in CHUNK_SIZE chunks; `length()` is the total size (None: sent chunked).
    """

    def __init__(self, pieces: list[Piece]) -> None:
        self._pieces = pieces
        self._sizes: list[int | None] = []

    def length(self) -> int | None:
        """The body's size for this attempt (a path is measured again), or None."""
        self._sizes = [
            len(p) if isinstance(p, bytes) else p.size() for p in self._pieces
        ]
        if any(s is None for s in self._sizes):
            return None
        return sum(cast("list[int]", self._sizes))

    def resendable(self) -> bool:
        """False when a file object that cannot seek was already read."""
        return all(isinstance(p, bytes) or p.resendable() for p in self._pieces)

    def __iter__(self) -> Iterator[bytes]:
        sizes = self._sizes or [None] * len(self._pieces)
        for index, piece in enumerate(self._pieces):
            if isinstance(piece, bytes):
                if piece:
                    yield piece
            else:
                yield from piece.chunks(sizes[index])

    def async_view(self) -> AsyncUploadBody:
        """The same body as an async iterable (for httpx.AsyncClient)."""
        return AsyncUploadBody(self)


class AsyncUploadBody:
    """An `UploadBody` as an async iterable (files are read in chunks, synchronously)."""

    def __init__(self, body: UploadBody) -> None:
        self._body = body

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for chunk in self._body:
            yield chunk
