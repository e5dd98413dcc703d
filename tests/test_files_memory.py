"""A 200 MB download streamed through `with_streaming_response` in flat memory (issue 23).

A subprocess (so that its peak RSS is its own) downloads 200 MB from a loopback server of this
test, through `write_to_file` and through `iter_bytes`, sync and async, and reports its peak
RSS growth (`resource.getrusage(...).ru_maxrss`) over a warmed-up baseline. The growth must stay
far below the size; a 200 MB upload from a file is measured the same way.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
from files_helpers import file_server, files_doc, pattern_bytes
from wire_helpers import build

SIZE = 200 * 1024 * 1024
MAX_GROWTH_MB = 30

# Run in the subprocess: argv = sdk root, base URL, size, output dir, mode.
SCRIPT = r"""
import asyncio, hashlib, json, os, pathlib, resource, sys, time
sys.path.insert(0, sys.argv[1])
import wire

url, size, out, mode = sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]

def rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux

def sync_run(c):
    c.blobs.retrieve("warm", size=1 << 20)  # warm up: imports, pools, one 1 MB body
    with c.blobs.with_streaming_response.retrieve("warm", size=1 << 20) as r:
        r.read()
    base = rss_mb()
    results = {}
    t = time.monotonic()
    with c.blobs.with_streaming_response.retrieve("b", size=size) as r:
        r.write_to_file(os.path.join(out, "down.bin"))
    results["write_to_file"] = (time.monotonic() - t, rss_mb() - base)
    t = time.monotonic()
    digest = hashlib.sha256()
    with c.blobs.with_streaming_response.retrieve("b", size=size) as r:
        for chunk in r.iter_bytes(1 << 16):
            digest.update(chunk)
    results["iter_bytes"] = (time.monotonic() - t, rss_mb() - base)
    t = time.monotonic()
    c.uploads.put_blob(body=pathlib.Path(out, "down.bin"))
    results["upload_raw_path"] = (time.monotonic() - t, rss_mb() - base)
    t = time.monotonic()
    c.uploads.create(file=pathlib.Path(out, "down.bin"))
    results["upload_multipart_path"] = (time.monotonic() - t, rss_mb() - base)
    # The control: a normal call reads the whole body into memory (the measure sees it).
    t = time.monotonic()
    assert len(c.blobs.retrieve("b", size=size, max_response_bytes=None)) == size
    results["control_read_whole"] = (time.monotonic() - t, rss_mb() - base)
    return results, digest.hexdigest()

async def async_run(c):
    await c.blobs.retrieve("warm", size=1 << 20)
    async with c.blobs.with_streaming_response.retrieve("warm", size=1 << 20) as r:
        await r.read()
    base = rss_mb()
    results = {}
    t = time.monotonic()
    async with c.blobs.with_streaming_response.retrieve("b", size=size) as r:
        await r.write_to_file(os.path.join(out, "down.bin"))
    results["write_to_file"] = (time.monotonic() - t, rss_mb() - base)
    t = time.monotonic()
    digest = hashlib.sha256()
    async with c.blobs.with_streaming_response.retrieve("b", size=size) as r:
        async for chunk in r.aiter_bytes(1 << 16):
            digest.update(chunk)
    results["iter_bytes"] = (time.monotonic() - t, rss_mb() - base)
    t = time.monotonic()
    with open(os.path.join(out, "down.bin"), "rb") as f:
        await c.uploads.put_blob(body=f)
    results["upload_raw_file_object"] = (time.monotonic() - t, rss_mb() - base)
    t = time.monotonic()
    with open(os.path.join(out, "down.bin"), "rb") as f:
        await c.uploads.create(file=f)
    results["upload_multipart_file_object"] = (time.monotonic() - t, rss_mb() - base)
    return results, digest.hexdigest()

if mode == "sync":
    with wire.Wire(base_url=url, max_retries=0) as c:
        results, digest = sync_run(c)
else:
    async def main():
        async with wire.AsyncWire(base_url=url, max_retries=0) as c:
            return await async_run(c)
    results, digest = asyncio.run(main())
with open(os.path.join(out, "down.bin"), "rb") as f:
    file_digest = hashlib.file_digest(f, "sha256").hexdigest() if hasattr(hashlib, "file_digest") else ""
print(json.dumps({"results": results, "digest": digest, "file_digest": file_digest}))
"""


@pytest.fixture(scope="module")
def pkg_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("files-memory")
    pkg: ModuleType = build(files_doc(), tmp, smoke=False, lint=False)
    assert pkg.__file__ is not None
    return Path(pkg.__file__).parent.parent


def _expected_digest(size: int) -> str:
    digest = hashlib.sha256()
    block = pattern_bytes(1 << 20)
    for _ in range(size // len(block)):
        digest.update(block)
    return digest.hexdigest()


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_200_mb_download_streams_in_flat_memory(
    pkg_root: Path, tmp_path: Path, mode: str
) -> None:
    with file_server(keep_bodies=False) as server:
        result = subprocess.run(
            [sys.executable, "-c", SCRIPT, str(pkg_root), server.url, str(SIZE), str(tmp_path),
             mode],
            capture_output=True, text=True, timeout=600,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr[-3000:]
        uploads = [s for s in server.seen if s.method in ("PUT", "POST")]
    report = json.loads(result.stdout)
    expected = _expected_digest(SIZE)
    assert report["digest"] == expected
    if report["file_digest"]:
        assert report["file_digest"] == expected
    assert (tmp_path / "down.bin").stat().st_size == SIZE
    raw, multipart = uploads
    assert raw.size == SIZE and raw.headers["content-length"] == str(SIZE)
    assert SIZE < multipart.size == int(multipart.headers["content-length"]) < SIZE + 1000
    print(f"\n{mode}: " + ", ".join(
        f"{name} {seconds:.2f} s, +{growth:.1f} MB"
        for name, (seconds, growth) in report["results"].items()
    ))  # fmt: skip
    results = report["results"]
    control = results.pop("control_read_whole", None)
    if control is not None:  # the measure sees a body read whole
        # At least half of it: on a machine short of memory, part of a whole-body read can be
        # out of RSS when it is sampled (seen once at +138 MB); still far above MAX_GROWTH_MB.
        assert control[1] > SIZE / 2**20 * 0.5, control
    for name, (_seconds, growth) in results.items():
        assert growth < MAX_GROWTH_MB, f"{name}: peak RSS grew {growth:.1f} MB for 200 MB"
