"""A path key that carries a query string (`/files?beta=true`, which OpenAPI keeps as part of the
URL) is sent by the Go SDK as a path and query parameters, never as an escaped part of the path;
a caller's query parameter of the same name replaces the fixed pair (the shared plan's
`split_path_key`, the rule the Python SDK follows too)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from go_support import require_go, run_go

from generator.cli import main

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
LIMIT = {"name": "limit", "in": "query", "schema": {"type": "integer"}}
FILE_ID = {"name": "file_id", "in": "path", "required": True, "schema": {"type": "string"}}
MODE = {"name": "mode", "in": "query", "schema": {"type": "string"}}
SPEC = {
    "openapi": "3.0.3",
    "info": {"title": "Vault", "version": "1"},
    "servers": [{"url": "http://127.0.0.1:1"}],
    "paths": {
        "/files?beta=true": {
            "get": {
                "operationId": "listFiles",
                "tags": ["files"],
                "parameters": [LIMIT],
                "responses": OK,
            }
        },
        "/files/{file_id}/content?beta=true&mode=raw": {
            "get": {
                "operationId": "getFileContent",
                "tags": ["files"],
                "parameters": [FILE_ID, MODE],
                "responses": OK,
            }
        },
    },
}
TESTDATA = Path(__file__).resolve().parent / "testdata"


def _method(out: Path, request: str) -> tuple[str, str]:
    """(resource type, method) of the method taking `operations.<request>`."""
    pattern = re.compile(
        rf"^func \(r \*(\w+)\) ([A-Z]\w*)\(ctx context\.Context, request operations\.{request},",
        re.M,
    )
    found = [m.groups() for p in sorted(out.glob("*.go")) for m in pattern.finditer(p.read_text())]
    assert len(found) == 1, found
    return found[0]


def test_go_sends_a_path_keys_query_as_query_parameters(tmp_path: Path) -> None:
    require_go()
    (tmp_path / "vault.json").write_text(json.dumps(SPEC))
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main,
        [
            "generate",
            str(tmp_path / "vault.json"),
            "--lang",
            "go",
            "--name",
            "Vault",
            "-o",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    sources = "".join(p.read_text() for p in out.glob("*.go"))
    assert '"/files?beta=true"' not in sources and "%3F" not in sources
    list_type, list_method = _method(out, "ListFilesRequest")
    content_type, content_method = _method(out, "GetFileContentRequest")
    program = (
        (TESTDATA / "path_query_test.go.txt")
        .read_text(encoding="utf-8")
        .replace("LIST_TYPE", list_type)
        .replace("LIST_METHOD", list_method)
        .replace("CONTENT_TYPE", content_type)
        .replace("CONTENT_METHOD", content_method)
    )
    (out / "path_query_test.go").write_text(program, encoding="utf-8")
    proc = run_go(["test", "-count=1", "-run", "TestPathKeyQuery", "."], out)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
