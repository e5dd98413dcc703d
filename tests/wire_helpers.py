"""Helpers of the wire tests (tests/test_wire_*.py): generate a small spec's SDK (with its smoke
test, which must pass), import it, and record what it sends through an httpx.MockTransport."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
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


def build(doc: Any, tmp: Path, *, smoke: bool = True) -> ModuleType:
    """Generate the SDK of `doc` (package `wire`, client `Wire`) and import it."""
    spec_file = tmp / "spec.yaml"
    spec_file.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    out = tmp / "sdk"
    generate(
        GenerateRequest(spec=str(spec_file), out_dir=out, name="Wire", package="wire", smoke=smoke)
    )
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
