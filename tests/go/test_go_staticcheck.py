"""`staticcheck -checks all` is clean on the Go SDK of small specs of our own that have what set
it off before (issue 21): deprecated parameters (`deprecated: true`, and a description that
starts "Deprecated:", which Go tools read the same way) that the SDK must still send (SA1019),
models that use none of the runtime's union or additional-property helpers (U1000), and an
API description, which used to come before "Package x ..." (ST1000).

The module path has a dot on purpose: staticcheck treats a dotless path as the standard
library and does not report SA1019 there."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from go_support import generate_module, require_staticcheck

from generator.go import go_env

pytestmark = pytest.mark.slow
OK = {
    "200": {
        "description": "ok",
        "content": {
            "application/json": {
                "schema": {"type": "object", "properties": {"id": {"type": "string"}}}
            }
        },
    }
}
SPEC = {
    "openapi": "3.0.3",
    "info": {"title": "Dep", "version": "1", "description": "Search things."},
    "servers": [{"url": "http://127.0.0.1:1"}],
    "components": {
        "parameters": {
            "sort": {
                "name": "sort",
                "in": "query",
                "deprecated": True,
                "schema": {"type": "string", "enum": ["a", "b"]},
            }
        }
    },
    "paths": {
        "/search/{scope}": {
            "get": {
                "operationId": "searchCode",
                "tags": ["search"],
                "parameters": [
                    {"name": "scope", "in": "path", "required": True, "schema": {"type": "string"}},
                    {"name": "q", "in": "query", "required": True, "schema": {"type": "string"}},
                    {"$ref": "#/components/parameters/sort"},
                    {
                        "name": "order",
                        "in": "query",
                        "description": "Deprecated: use sort. The order.",
                        "schema": {"type": "string"},
                    },
                    {
                        "name": "X-Old",
                        "in": "header",
                        "deprecated": True,
                        "schema": {"type": "string"},
                    },
                ],
                "responses": OK,
            }
        }
    },
}


def test_staticcheck_all_is_clean(tmp_path: Path) -> None:
    binary = require_staticcheck()
    (tmp_path / "dep.json").write_text(json.dumps(SPEC))
    out = tmp_path / "out"
    files = generate_module(tmp_path / "dep.json", out, name="Dep", module="example.com/dep")
    assert files["sdk.go"].index("// Package dep ") < files["sdk.go"].index("// Search things.")
    assert "models/components/json_union.go" not in files  # no union: its helpers are not written
    proc = subprocess.run(
        [binary, "-checks", "all", "./..."],
        cwd=out,
        env=go_env(),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert proc.returncode == 0 and not proc.stdout.strip(), proc.stdout + proc.stderr
    resource = next(text for rel, text in files.items() if "request.Sort" in text)
    assert resource.count("//lint:ignore SA1019") == 3  # sort, order, X-Old: one read each
