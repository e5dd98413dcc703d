"""A binary response (`application/octet-stream`) is an io.ReadCloser read as it arrives, not
a []byte buffered whole under the call's timeout; a binary request body can come from an
io.Reader (components.File.Reader), read once so a retry resends the same bytes (issue 21)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from go_support import require_go, run_go

from generator.cli import main

pytestmark = pytest.mark.slow
TESTDATA = Path(__file__).resolve().parent / "testdata"
BINARY = {"type": "string", "format": "binary"}
SPEC = {
    "openapi": "3.0.3",
    "info": {"title": "Blobs", "version": "1"},
    "servers": [{"url": "http://127.0.0.1:1"}],
    "paths": {
        "/blobs/{id}": {
            "get": {
                "operationId": "getBlob",
                "tags": ["blobs"],
                "parameters": [
                    {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
                ],
                "responses": {
                    "200": {
                        "description": "the bytes",
                        "content": {"application/octet-stream": {"schema": BINARY}},
                    }
                },
            },
            "put": {
                "operationId": "putBlob",
                "tags": ["blobs"],
                "parameters": [
                    {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
                ],
                "requestBody": {
                    "required": True,
                    "content": {"application/octet-stream": {"schema": BINARY}},
                },
                "responses": {"204": {"description": "stored"}},
            },
        }
    },
}


def test_go_download_is_a_stream(tmp_path: Path) -> None:
    require_go()
    (tmp_path / "blobs.json").write_text(json.dumps(SPEC))
    out = tmp_path / "out"
    args = ["generate", str(tmp_path / "blobs.json"), "--lang", "go", "--name", "Blobs"]
    result = CliRunner().invoke(main, [*args, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "(io.ReadCloser, error)" in (out / "blobs.go").read_text()
    shutil.copy(TESTDATA / "download_test.go.txt", out / "download_test.go")
    proc = run_go(["test", "-count=1", "-v", "."], out)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    assert "--- PASS: TestDownloadStreams" in proc.stdout
    assert "--- PASS: TestUploadFromReader" in proc.stdout
