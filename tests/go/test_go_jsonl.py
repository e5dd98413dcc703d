"""A JSON Lines response (`application/x-ndjson`, `application/jsonl`) is a typed line stream in
Go, `*stream.LineStream[T]` read as it arrives, not a buffered `io.ReadCloser` (issue 21). A
schema declared as the array of all lines is read as its items, as in the Python SDK."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from go_support import require_go, run_go

from generator.cli import main

pytestmark = pytest.mark.slow
TESTDATA = Path(__file__).resolve().parent / "testdata"
ROW = {
    "type": "object",
    "required": ["id"],
    "properties": {"id": {"type": "string"}, "n": {"type": "integer"}},
}
EVENT = {"type": "object", "properties": {"kind": {"type": "string"}}}


def _lines(media: str, schema: object) -> dict[str, object]:
    return {"200": {"description": "ok", "content": {media: {"schema": schema}}}}


SPEC = {
    "openapi": "3.0.3",
    "info": {"title": "Feed", "version": "1"},
    "servers": [{"url": "http://127.0.0.1:1"}],
    "paths": {
        "/rows": {
            "get": {
                "operationId": "listRows",
                "tags": ["rows"],
                "responses": _lines("application/x-ndjson", {"type": "array", "items": ROW}),
            }
        },
        "/events": {
            "get": {
                "operationId": "listEvents",
                "tags": ["events"],
                "responses": _lines("application/jsonl", EVENT),
            }
        },
    },
}


def _method(out: Path, item: str) -> tuple[str, str]:
    """(resource type, method) of the method returning a line stream of `components.<item>`."""
    pattern = re.compile(
        r"^func \(r \*(\w+)\) ([A-Z]\w*)\(ctx context\.Context, opts \.\.\.Option\) "
        rf"\(\*stream\.LineStream\[components\.{item}\], error\)",
        re.M,
    )
    found = [m.groups() for p in sorted(out.glob("*.go")) for m in pattern.finditer(p.read_text())]
    assert len(found) == 1, found
    return found[0]


def test_go_json_lines_responses_are_typed_streams(tmp_path: Path) -> None:
    require_go()
    (tmp_path / "feed.json").write_text(json.dumps(SPEC))
    out = tmp_path / "out"
    args = [
        "generate",
        str(tmp_path / "feed.json"),
        "--lang",
        "go",
        "--name",
        "Feed",
        "-o",
        str(out),
    ]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    models = (out / "models" / "components" / "models.go").read_text()
    row = re.search(r"^type (\w+) struct \{\n\tID +string", models, re.M)
    event = re.search(r"^type (\w+) struct \{\n\tKind +\*string", models, re.M)
    assert row and event, models[:3000]
    rows_type, rows_method = _method(out, row.group(1))
    events_type, events_method = _method(out, event.group(1))
    program = (TESTDATA / "jsonl_test.go.txt").read_text(encoding="utf-8")
    for old, new in (
        ("ROWS_TYPE", rows_type),
        ("ROWS_METHOD", rows_method),
        ("EVENTS_TYPE", events_type),
        ("EVENTS_METHOD", events_method),
    ):
        program = program.replace(old, new)
    (out / "jsonl_test.go").write_text(program, encoding="utf-8")
    proc = run_go(["test", "-count=1", "-run", "TestJSONLines", "."], out)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
