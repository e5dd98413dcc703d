"""What a call returns follows the success body's media type.

JSON Lines (`application/x-ndjson`, `application/jsonl`, `application/x-jsonl`) is a stream of
typed items, one per line (a schema declared as the array of all lines is read as its items);
`text/*` is `str` even with a schema (`text/csv`); other non-JSON media are `bytes`. The smoke
test (which `build` runs) expects the same.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from wire_helpers import build, client, ok, recorder, spec

from generator.names import snake

ROW = {"type": "object", "required": ["id"], "properties": {"id": {"type": "integer"},
                                                           "name": {"type": "string"}}}  # fmt: skip


def _get(op: str, media: str, schema: Any) -> Any:
    return {
        "get": {
            "operationId": op,
            "tags": ["export"],
            "x-fern-sdk-group-name": "export",
            "x-fern-sdk-method-name": snake(op).removeprefix("export_"),
            "responses": ok(media, schema),
        }
    }


def _doc() -> Any:
    row = {"$ref": "#/components/schemas/Row"}
    return spec(
        {
            "/ndjson": _get("exportNdjson", "application/x-ndjson", row),
            "/jsonl": _get("exportJsonl", "application/jsonl", {"type": "array", "items": row}),
            "/xjsonl": _get("exportXJsonl", "application/x-jsonl; charset=utf-8", row),
            "/csv": _get("exportCsv", "text/csv", row),
            "/xml": _get("exportXml", "application/xml", row),
        },
        {"Row": ROW},
    )


def _lines(*rows: Any, media: str = "application/x-ndjson") -> httpx.Response:
    text = "\n".join(json.dumps(r) for r in rows) + "\n\n"
    return httpx.Response(200, content=text.encode(), headers={"content-type": media})


@pytest.mark.parametrize("method", ["ndjson", "jsonl", "x_jsonl"])
def test_json_lines_are_a_stream_of_typed_items(tmp_path: Path, method: str) -> None:
    pkg = build(_doc(), tmp_path)  # the smoke test passes
    seen, handle = recorder(_lines({"id": 1, "name": "a"}, {"id": 2}))
    rows = list(getattr(client(pkg, handle).export, method)())
    assert [type(r) for r in rows] == [pkg.models.Row, pkg.models.Row]
    assert [(r.id, r.name) for r in rows] == [(1, "a"), (2, None)]
    assert "json" in seen[0].headers["accept"]

    # A line that does not match the item type is a validation error, not a silent skip.
    _, bad = recorder(_lines({"id": "not a number"}))
    with pytest.raises(pkg.APIResponseValidationError):
        list(getattr(client(pkg, bad).export, method)())


def test_json_lines_async(tmp_path: Path) -> None:
    pkg = build(_doc(), tmp_path, lint=False)

    async def main() -> list[Any]:
        def handle(request: httpx.Request) -> httpx.Response:
            return _lines({"id": 7}, {"id": 8})

        http = httpx.AsyncClient(transport=httpx.MockTransport(handle))
        async with pkg.AsyncWire(base_url="http://wire.test", http_client=http) as c:
            return [row.id async for row in await c.export.ndjson()]

    assert asyncio.run(main()) == [7, 8]


def test_text_is_str_and_other_media_bytes(tmp_path: Path) -> None:
    pkg = build(_doc(), tmp_path)
    csv = httpx.Response(200, content=b"id,name\n1,a\n", headers={"content-type": "text/csv"})
    _, handle = recorder(csv)
    assert client(pkg, handle).export.csv() == "id,name\n1,a\n"
    xml = httpx.Response(200, content=b"<row id='1'/>", headers={"content-type": "application/xml"})
    _, handle = recorder(xml)
    assert client(pkg, handle).export.xml() == b"<row id='1'/>"
