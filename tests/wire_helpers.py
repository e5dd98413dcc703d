"""Helpers of the wire tests (tests/test_wire_*.py): generate a small spec's SDK (with its smoke
test, which must pass), import it, and record what it sends through an httpx.MockTransport."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest
import yaml
from sdk_helpers import import_package

from generator.pipeline import GenerateRequest, generate


def spec(paths: dict[str, Any], schemas: dict[str, Any] | None = None, **extra: Any) -> Any:
    """An OpenAPI 3.1 document with `paths` and component `schemas`."""
    return {
        "openapi": "3.1.0",
        "info": {"title": "Wire", "version": "1"},
        "servers": [{"url": "http://127.0.0.1:4010"}],
        "paths": paths,
        "components": {"schemas": schemas or {}},
        **extra,
    }


def ok(media: str, schema: Any, status: str = "200") -> dict[str, Any]:
    """A responses object with one success body."""
    return {status: {"description": "ok", "content": {media: {"schema": schema}}}}


def ruff_check(root: Path) -> None:
    """The generated package is clean under its own ruff config."""
    ruff = shutil.which("ruff") or str(Path(sys.executable).parent / "ruff")
    result = subprocess.run(
        [ruff, "check", "--no-cache", "wire"], cwd=root, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def build(doc: Any, tmp: Path, *, smoke: bool = True, lint: bool = True) -> ModuleType:
    """Generate the SDK of `doc` (package `wire`, client `Wire`), check it with ruff, and
    import it."""
    spec_file = tmp / "spec.yaml"
    spec_file.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    out = tmp / "sdk"
    generate(
        GenerateRequest(spec=str(spec_file), out_dir=out, name="Wire", package="wire", smoke=smoke)
    )
    if lint:
        ruff_check(out)
    return import_package(out, "wire")


Handler = Callable[[httpx.Request], httpx.Response]


def client(pkg: ModuleType, handler: Handler, **kwargs: Any) -> Any:
    """A `Wire` client whose requests go to `handler` (no network)."""
    http = httpx.Client(transport=httpx.MockTransport(handler))
    return pkg.Wire(base_url="http://wire.test", http_client=http, max_retries=0, **kwargs)


def recorder(
    reply: httpx.Response | None = None,
) -> tuple[list[httpx.Request], Handler]:
    """A handler that records each request (its body read) and answers `reply` (default {})."""
    seen: list[httpx.Request] = []

    def handle(request: httpx.Request) -> httpx.Response:
        request.read()
        seen.append(request)
        if reply is not None:
            return reply
        return httpx.Response(200, json={})

    return seen, handle


def json_response(payload: Any, media: str = "application/json") -> httpx.Response:
    return httpx.Response(
        200, content=json.dumps(payload).encode(), headers={"content-type": media}
    )


PRISM = Path(os.environ.get("PRISM_BIN", "/work/node/node_modules/.bin/prism"))
PRISM_START_TIMEOUT = 120


@contextmanager
def prism(doc: Any, tmp: Path) -> Iterator[tuple[str, Path]]:
    """`prism mock` serving `doc` on 127.0.0.1: (base URL, its log); skips without Prism."""
    if not PRISM.is_file() or shutil.which("node") is None:
        if os.environ.get("CI"):
            pytest.fail("Prism is not installed; CI must run the Prism checks")
        pytest.skip("Prism is not installed (set PRISM_BIN)")
    spec_file = tmp / "prism-spec.json"
    spec_file.write_text(json.dumps(doc), encoding="utf-8")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    log = tmp / "prism.log"
    with log.open("w") as sink:
        proc = subprocess.Popen(
            [str(PRISM), "mock", "-h", "127.0.0.1", "-p", str(port), str(spec_file)],
            stdout=sink,
            stderr=subprocess.STDOUT,
            cwd=tmp,
        )
    try:
        deadline = time.monotonic() + PRISM_START_TIMEOUT
        while "is listening" not in log.read_text(errors="replace"):
            if proc.poll() is not None:
                pytest.fail(f"prism exited with {proc.returncode}:\n{log.read_text()}")
            if time.monotonic() > deadline:
                pytest.fail(f"prism did not start in {PRISM_START_TIMEOUT} s")
            time.sleep(0.2)
        yield f"http://127.0.0.1:{port}", log
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
