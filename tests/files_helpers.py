"""The spec and the loopback server of the file tests (tests/test_files*.py)."""

from __future__ import annotations

import email.parser
import email.policy
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from wire_helpers import ok, spec

STORED = {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}}}
CHUNK = 64 * 1024


def files_doc() -> Any:
    """Uploads (multipart with file fields, a raw octet-stream body) and downloads."""
    upload = {
        "type": "object",
        "required": ["file"],
        "properties": {
            "file": {"type": "string", "format": "binary"},
            "label": {"type": "string"},
            "image": {"type": "string", "contentMediaType": "image/png"},
            "extra": {"type": "array", "items": {"type": "string", "format": "binary"}},
        },
    }
    stored = {"$ref": "#/components/schemas/Stored"}
    binary = {"type": "string", "format": "binary"}
    return spec(
        {
            "/uploads": {"post": {
                "operationId": "createUpload", "tags": ["uploads"],
                "requestBody": {"required": True, "content": {"multipart/form-data": {
                    "schema": upload,
                    "encoding": {"image": {"contentType": "image/png"},
                                 "extra": {"contentType": "image/*"}}}}},
                "responses": ok("application/json", stored)}},
            "/blobs": {"put": {
                "operationId": "putBlob", "tags": ["uploads"],
                "x-fern-sdk-group-name": "uploads", "x-fern-sdk-method-name": "put_blob",
                "requestBody": {"required": True, "content": {
                    "application/octet-stream": {"schema": binary}}},
                "responses": ok("application/json", stored)}},
            "/blobs/{id}": {"get": {
                "operationId": "getBlob", "tags": ["blobs"],
                "parameters": [{"name": "id", "in": "path", "required": True,
                                "schema": {"type": "string"}},
                               {"name": "size", "in": "query", "schema": {"type": "integer"}}],
                "responses": ok("application/octet-stream", binary)}},
            "/blobs/{id}/meta": {"get": {
                "operationId": "getBlobMeta", "tags": ["blobs"],
                "parameters": [{"name": "id", "in": "path", "required": True,
                                "schema": {"type": "string"}}],
                "responses": ok("application/json", stored)}},
        },
        {"Stored": STORED},
    )  # fmt: skip


@dataclass
class Seen:
    """One request the server read: method, path, headers (lower-case), body."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes  # b"" when the server does not keep bodies
    size: int  # bytes read


def parts(seen: Seen) -> list[tuple[str, str | None, str | None, bytes]]:
    """(name, filename, content type, content) of each part of a multipart request."""
    ctype = seen.headers["content-type"]
    assert ctype.startswith("multipart/form-data; boundary="), ctype
    raw = b"Content-Type: " + ctype.encode() + b"\r\n\r\n" + seen.body
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(raw)
    out = []
    for part in message.iter_parts():
        params = dict(part.get_params(header="content-disposition")[1:])  # type: ignore[attr-defined]
        has_type = part.get("content-type") is not None
        out.append(
            (
                params["name"],
                params.get("filename"),
                part.get_content_type() if has_type else None,
                part.get_payload(decode=True),
            )
        )
    return out


@dataclass
class FileServer:
    """A loopback server: records uploads, answers `/blobs/<id>?size=N` with N bytes streamed
    in chunks, and fails the first `fail_first` requests with 503 (after reading them)."""

    fail_first: int = 0
    keep_bodies: bool = True
    seen: list[Seen] = field(default_factory=list)
    url: str = ""


def _pattern(size: int) -> Iterator[bytes]:
    block = bytes(range(256)) * (CHUNK // 256)
    left = size
    while left > 0:
        piece = block[: min(left, CHUNK)]
        left -= len(piece)
        yield piece


def pattern_bytes(size: int) -> bytes:
    """The body of a download of `size` bytes."""
    return b"".join(_pattern(size))


@contextmanager
def file_server(fail_first: int = 0, keep_bodies: bool = True) -> Iterator[FileServer]:
    state = FileServer(fail_first, keep_bodies)
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            pass

        def _read(self, size: int, out: bytearray) -> int:
            left = size
            while left > 0:
                piece = self.rfile.read(min(left, CHUNK))
                if not piece:
                    break
                left -= len(piece)
                if state.keep_bodies:
                    out += piece
            return size - left

        def _body(self) -> tuple[bytes, int]:
            out = bytearray()
            total = 0
            if self.headers.get("transfer-encoding", "").lower() == "chunked":
                while True:
                    size = int(self.rfile.readline().split(b";")[0].strip(), 16)
                    if size == 0:
                        self.rfile.readline()
                        return bytes(out), total
                    total += self._read(size, out)
                    self.rfile.readline()
            total = self._read(int(self.headers.get("content-length") or 0), out)
            return bytes(out), total

        def _reply(self, status: int, payload: bytes, ctype: str = "application/json") -> None:
            self.send_response(status)
            self.send_header("content-type", ctype)
            self.send_header("content-length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def _serve(self) -> None:
            body, size = self._body()
            path, _, query = self.path.partition("?")
            headers = {k.lower(): v for k, v in self.headers.items()}
            with lock:
                state.seen.append(Seen(self.command, path, headers, body, size))
                failing = len(state.seen) <= state.fail_first
            if failing:
                self._reply(503, b'{"error": "busy"}')
                return
            if self.command == "GET" and path.startswith("/blobs/") and "/meta" not in path:
                size = int(dict(p.split("=") for p in query.split("&") if p).get("size", 0))
                self.send_response(200)
                self.send_header("content-type", "application/octet-stream")
                self.send_header("content-length", str(size))
                self.end_headers()
                try:
                    for piece in _pattern(size):
                        self.wfile.write(piece)
                except (BrokenPipeError, ConnectionResetError):
                    pass
                return
            self._reply(200, b'{"id": "b1"}')

        do_GET = do_POST = do_PUT = _serve

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(
        target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    state.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)

