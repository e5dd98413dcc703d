"""File uploads and streamed downloads (issue 23), driven against a loopback server.

Uploads: a `format: binary` property of a multipart body takes a path, bytes, a binary file
object or a `(filename, content[, content_type[, headers]])` tuple; each arrives as a file part
with a filename and a content type (the tuple's, else the `encoding` object's `contentType`,
else guessed from the filename). A raw `application/octet-stream` body takes the same values.
Files are streamed (a Content-Length from their size), a path is closed after the call, and a
retry sends the same bytes again (a file object is sought back to where it started; one that
cannot seek is not retried).

Downloads: every method has `with_streaming_response`, a context manager giving the response
with its body unread (`iter_bytes`, `iter_text`, `iter_lines`, `read`, `write_to_file`,
`parse`), closed on exit even when the block raises. tests/test_files_memory.py measures the
memory of a 200 MB download.
"""

from __future__ import annotations

import asyncio
import io
import logging
import os
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from files_helpers import FileServer, file_server, files_doc, parts, pattern_bytes
from wire_helpers import build


@pytest.fixture(scope="module")
def pkg(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return build(files_doc(), tmp_path_factory.mktemp("files"))  # the smoke test passes


def _client(pkg: ModuleType, server: FileServer, **kwargs: Any) -> Any:
    kwargs.setdefault("max_retries", 0)
    return pkg.Wire(base_url=server.url, **kwargs)


def _is_open(path: Path) -> bool:
    """`path` is open in this process (Linux; False elsewhere)."""
    fds = Path("/proc/self/fd")
    if not fds.is_dir():
        return False
    targets = set()
    for fd in fds.iterdir():
        try:
            targets.add(os.readlink(fd))
        except OSError:
            continue
    return str(path) in targets


def test_uploads_from_a_path_bytes_a_file_object_and_tuples(
    pkg: ModuleType, tmp_path: Path
) -> None:
    report = tmp_path / "report.pdf"
    report.write_bytes(b"%PDF-1.7 " * 1000)
    table = tmp_path / "table.csv"
    table.write_bytes(b"a,b\n1,2\n")
    with file_server() as server, _client(pkg, server) as c, table.open("rb") as fileobj:
        assert c.uploads.create(file=report).id == "b1"
        assert not _is_open(report), "the path's file was left open"
        assert _is_open(table)  # (the check sees open files)
        c.uploads.create(file=b"raw bytes", label="x")
        c.uploads.create(file=fileobj)
        c.uploads.create(
            file=("notes.md", b"# hi", "text/markdown"),
            # The encoding object's contentType wins over the filename's guess ...
            image=("photo.bin", io.BytesIO(b"\x89PNG")),
            # ... but `image/*` is no media type: the filename's guess is used.
            extra=[("a.png", b"A"), ("b.txt", b"B", None, {"X-Part": "2"})],
        )
    first, second, third, fourth = server.seen
    assert parts(first) == [("file", "report.pdf", "application/pdf", report.read_bytes())]
    # Streamed from the file, yet with a Content-Length (the size is known): not chunked.
    assert int(first.headers["content-length"]) == len(first.body)
    assert "transfer-encoding" not in first.headers
    assert parts(second) == [
        ("file", "upload", "application/octet-stream", b"raw bytes"),
        ("label", None, None, b"x"),
    ]
    assert parts(third) == [("file", "table.csv", "text/csv", b"a,b\n1,2\n")]
    assert parts(fourth) == [
        ("file", "notes.md", "text/markdown", b"# hi"),
        ("image", "photo.bin", "image/png", b"\x89PNG"),
        ("extra", "a.png", "image/png", b"A"),
        ("extra", "b.txt", "text/plain", b"B"),
    ]
    assert b"\r\nX-Part: 2\r\n" in fourth.body


def test_raw_octet_stream_body_from_a_file_object_and_a_path(
    pkg: ModuleType, tmp_path: Path
) -> None:
    data = os.urandom(300_000)  # several chunks
    blob = tmp_path / "blob.bin"
    blob.write_bytes(data)
    with file_server() as server, _client(pkg, server) as c:
        with blob.open("rb") as f:
            f.seek(1000)  # sent from where the file object stands
            assert c.uploads.put_blob(body=f).id == "b1"
        c.uploads.put_blob(body=blob)
        c.uploads.put_blob(body=b"small")
        reader, writer = os.pipe()  # a stream of unknown size: sent chunked
        os.write(writer, b"piped")
        os.close(writer)
        with os.fdopen(reader, "rb") as pipe:
            c.uploads.put_blob(body=pipe)
    by_file, by_path, by_bytes, by_pipe = server.seen
    assert by_file.body == data[1000:]
    assert by_file.headers["content-length"] == str(len(data) - 1000)
    assert by_file.headers["content-type"] == "application/octet-stream"
    assert by_path.body == data and by_path.headers["content-length"] == str(len(data))
    assert by_bytes.body == b"small"
    assert by_pipe.body == b"piped"
    assert by_pipe.headers.get("transfer-encoding") == "chunked"


def test_a_retried_upload_sends_the_same_bytes(pkg: ModuleType, tmp_path: Path) -> None:
    data = os.urandom(200_000)
    with file_server(fail_first=1) as server, _client(pkg, server, max_retries=1) as c:
        f = io.BytesIO(b"HEADER" + data)
        f.seek(6)
        f.name = "payload.bin"
        c.uploads.create(file=f, retries=pkg.RetryConfig(initial_delay=0.01))
    assert len(server.seen) == 2
    assert parts(server.seen[0]) == parts(server.seen[1])
    assert parts(server.seen[1]) == [("file", "payload.bin", "application/octet-stream", data)]

    with file_server(fail_first=1) as server, _client(pkg, server, max_retries=1) as c:
        blob = tmp_path / "b.bin"
        blob.write_bytes(data)
        c.uploads.put_blob(body=blob, retries=pkg.RetryConfig(initial_delay=0.01))
    assert [s.body for s in server.seen] == [data, data]


def test_a_file_object_that_cannot_seek_is_not_sent_twice(
    pkg: ModuleType, caplog: pytest.LogCaptureFixture
) -> None:
    reader, writer = os.pipe()
    os.write(writer, b"once")
    os.close(writer)
    with file_server(fail_first=5) as server, _client(pkg, server, max_retries=3) as c:
        with os.fdopen(reader, "rb") as pipe, caplog.at_level(logging.WARNING):
            with pytest.raises(pkg.APIStatusError) as info:
                c.uploads.put_blob(body=pipe)
    assert info.value.status_code == 503
    assert len(server.seen) == 1, "a retry would send an empty or truncated body"
    assert "cannot seek back" in caplog.text


def test_streaming_response_download(pkg: ModuleType, tmp_path: Path) -> None:
    size = 1_000_003
    expected = pattern_bytes(size)
    with file_server() as server, _client(pkg, server) as c:
        # A non-streamed binary result stays bytes.
        assert c.blobs.retrieve("b1", size=10) == expected[:10]
        with c.blobs.with_streaming_response.retrieve("b1", size=size) as r:
            assert r.status_code == 200
            assert r.headers["content-type"] == "application/octet-stream"
            chunks = list(r.iter_bytes(4096))
        assert r.is_closed
        assert b"".join(chunks) == expected
        assert {len(chunk) for chunk in chunks[:-1]} == {4096}
        target = tmp_path / "out.bin"
        with c.blobs.with_streaming_response.retrieve("b1", size=size) as r:
            r.write_to_file(target)
        assert target.read_bytes() == expected
        with c.blobs.with_streaming_response.retrieve("b1", size=size) as r:
            assert r.parse() == expected and r.read() == expected
        # Every method has it, JSON ones too: parse() gives the model.
        with c.blobs.with_streaming_response.meta("b1") as meta:
            assert meta.parse().id == "b1"
        with c.blobs.with_streaming_response.meta("b1") as meta:
            assert list(meta.iter_lines()) == ['{"id": "b1"}']
        with c.blobs.with_streaming_response.meta("b1") as meta:
            assert "".join(meta.iter_text(3)) == '{"id": "b1"}'
        # Closed on exit even when the block raises, before reading the body.
        with pytest.raises(RuntimeError):
            with c.blobs.with_streaming_response.retrieve("b1", size=size) as r:
                raise RuntimeError("boom")
        assert r.is_closed
    with file_server(fail_first=1) as server, _client(pkg, server) as c:
        with pytest.raises(pkg.APIStatusError):  # error statuses raise on entry
            with c.blobs.with_streaming_response.retrieve("b1", size=size):
                pytest.fail("entered the block of a 503")


def test_async_uploads_and_streamed_download(pkg: ModuleType, tmp_path: Path) -> None:
    data = os.urandom(150_000)
    blob = tmp_path / "async.png"
    blob.write_bytes(data)
    size = 500_000

    async def run(server: FileServer) -> None:
        async with pkg.AsyncWire(base_url=server.url, max_retries=1) as c:
            fast = pkg.RetryConfig(initial_delay=0.01)
            await c.uploads.create(file=blob, retries=fast)  # the first try gets a 503
            with blob.open("rb") as f:
                await c.uploads.put_blob(body=f)
            async with c.blobs.with_streaming_response.retrieve("b1", size=size) as r:
                assert r.status_code == 200
                got = b"".join([chunk async for chunk in r.aiter_bytes(8192)])
            assert r.is_closed and got == pattern_bytes(size)
            async with c.blobs.with_streaming_response.retrieve("b1", size=size) as r:
                await r.write_to_file(tmp_path / "async-out.bin")
            async with c.blobs.with_streaming_response.meta("b1") as meta:
                assert (await meta.parse()).id == "b1"
                assert [line async for line in meta.aiter_lines()] == ['{"id": "b1"}']
            async with c.blobs.with_streaming_response.meta("b1") as meta:
                assert "".join([t async for t in meta.aiter_text()]) == '{"id": "b1"}'
            with pytest.raises(RuntimeError):
                async with c.blobs.with_streaming_response.retrieve("b1", size=size) as r:
                    raise RuntimeError("boom")
            assert r.is_closed

    with file_server(fail_first=1) as server:
        asyncio.run(asyncio.wait_for(run(server), 60))
    first, second, raw = server.seen[:3]
    assert parts(first) == parts(second) == [("file", "async.png", "image/png", data)]
    assert raw.body == data and raw.headers["content-length"] == str(len(data))
    assert (tmp_path / "async-out.bin").read_bytes() == pattern_bytes(size)
