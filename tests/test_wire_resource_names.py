"""A resource named like a client attribute (a tag `api_key` next to the credential attribute,
`with_options`, `close`, a server variable) becomes `<name>_`, with a warning; the client's own
attribute keeps working."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
from wire_helpers import build, client, ok, recorder, spec

from generator.pipeline import GenerateRequest, build_files


def _doc() -> Any:
    thing = {"type": "object", "properties": {"id": {"type": "string"}}}
    paths = {
        f"/{tag}": {"get": {"operationId": f"list{tag.title()}", "tags": [tag],
                            "responses": ok("application/json", thing)}}
        for tag in ("api_key", "with_options", "close", "region", "items")
    }  # fmt: skip
    return spec(
        paths,
        servers=[{"url": "http://{region}.wire.test", "variables": {"region": {"default": "eu"}}}],
        security=[{"key": []}],
        components={"securitySchemes": {"key": {"type": "http", "scheme": "bearer"}}},
    )


def test_colliding_resources_are_renamed_with_a_warning(tmp_path: Path) -> None:
    doc = _doc()
    pkg = build(doc, tmp_path)  # the smoke test reaches every operation
    seen, handle = recorder(httpx.Response(200, json={"id": "1"}))
    c = client(pkg, handle, api_key="secret")
    assert c.api_key == "secret"
    assert c.region == "eu"
    for attr in ("api_key_", "with_options_", "close_", "region_", "items"):
        resource = getattr(c, attr)
        method = next(m for m in dir(resource) if m.startswith(("list", "retrieve")))
        assert getattr(resource, method)().id == "1"
    assert [r.url.path for r in seen] == ["/api_key", "/with_options", "/close", "/region",
                                          "/items"]  # fmt: skip
    assert c.with_options(timeout=3).api_key == "secret"
    c.close()

    spec_file = tmp_path / "spec.yaml"
    result = build_files(GenerateRequest(spec=str(spec_file), out_dir=tmp_path / "x",
                                         name="Wire", package="wire"))  # fmt: skip
    messages = [d.message for d in result.diagnostics.warnings]
    for name in ("api_key", "with_options", "close", "region"):
        assert any(f"resource {name!r}" in m and f"client.{name}_" in m for m in messages)
    assert not any("'items'" in m for m in messages)
