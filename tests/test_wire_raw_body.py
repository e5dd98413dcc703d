"""A whole-body argument (`body=`) reaches the request as given.

The constructs: a JSON body whose schema is not an object with properties (an array, a string,
a union, a map, an object whose every property is read-only), a `+json` media type (sent as
declared), and a body passed whole that also carries the boolean stream flag (the flag is
merged into the caller's body instead of replacing it).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
from wire_helpers import build, client, prism, recorder, spec

from generator.names import snake

_DONE = {"204": {"description": "done"}}


def _post(op: str, schema: Any, media: str = "application/json", **extra: Any) -> Any:
    body = {"required": True, "content": {media: {"schema": schema}}}
    return {"post": {"operationId": op, "tags": ["raw"], "x-fern-sdk-group-name": "raw",
                     "x-fern-sdk-method-name": snake(op),
                     "requestBody": body,
                     "responses": extra.get("responses", _DONE)}}  # fmt: skip


def _doc() -> Any:
    ask = {"$ref": "#/components/schemas/Ask"}
    answer = {"$ref": "#/components/schemas/Answer"}
    both = {"200": {"description": "ok", "content": {
        "application/json": {"schema": answer}, "text/event-stream": {"schema": answer}}}}  # fmt: skip
    return spec(
        {
            "/array": _post("sendArray", {"type": "array", "items": {"type": "string"}}),
            "/string": _post("sendString", {"type": "string"}),
            "/union": _post("sendUnion", {"oneOf": [{"type": "integer"}, {"type": "array",
                            "items": {"type": "integer"}}]}),  # fmt: skip
            "/map": _post("sendMap", {"type": "object", "additionalProperties": {"type": "integer"}}),
            "/ro": _post("sendReadOnly", {"$ref": "#/components/schemas/Stamp"}),
            "/patch": _post("sendPatch", {"type": "object", "additionalProperties": True},
                            media="application/merge-patch+json"),  # fmt: skip
            "/ask": _post("ask", ask, responses=both),
        },
        {
            "Stamp": {"type": "object", "properties": {"id": {"type": "string", "readOnly": True}}},
            "Ask": {"type": "object", "required": ["prompt"], "additionalProperties": True,
                    "properties": {"prompt": {"type": "string"}, "stream": {"type": "boolean"}}},
            "Answer": {"type": "object", "properties": {"text": {"type": "string"}}},
        },
    )  # fmt: skip


def test_whole_body_reaches_the_request(tmp_path: Path) -> None:
    pkg = build(_doc(), tmp_path)  # the smoke test passes
    seen, handle = recorder(httpx.Response(204))
    raw = client(pkg, handle).raw
    raw.send_array(body=["a", "b"])
    raw.send_string(body="hello")
    raw.send_union(body=[1, 2])
    raw.send_map(body={"a": 1})
    raw.send_read_only(body={"note": "x"})
    raw.send_patch(body={"name": None})
    bodies = [json.loads(r.content) for r in seen]
    assert bodies == [["a", "b"], "hello", [1, 2], {"a": 1}, {"note": "x"}, {"name": None}]
    types = [r.headers["content-type"] for r in seen]
    assert types == ["application/json"] * 5 + ["application/merge-patch+json"]


def test_whole_body_with_the_stream_flag(tmp_path: Path) -> None:
    pkg = build(_doc(), tmp_path)
    seen, handle = recorder(httpx.Response(200, json={"text": "hi"}))
    raw = client(pkg, handle).raw
    answer = raw.ask(body={"prompt": "p", "temperature": 0.5})
    assert answer.text == "hi"
    assert json.loads(seen[0].content) == {"prompt": "p", "temperature": 0.5}
    model = pkg.models.Ask(prompt="q")
    raw.ask(body=model, stream=False)
    assert json.loads(seen[1].content) == {"prompt": "q", "stream": False}

    stream_seen, stream_handle = recorder(
        httpx.Response(200, content=b'data: {"text": "a"}\n\ndata: [DONE]\n\n',
                       headers={"content-type": "text/event-stream"})  # fmt: skip
    )
    events = list(client(pkg, stream_handle).raw.ask(body={"prompt": "s"}, stream=True))
    assert [e.text for e in events] == ["a"]
    assert json.loads(stream_seen[0].content) == {"prompt": "s", "stream": True}


def test_prism_accepts_the_whole_bodies(tmp_path: Path) -> None:
    doc = _doc()
    pkg = build(doc, tmp_path, smoke=False, lint=False)
    with prism(doc, tmp_path) as (url, _log):
        http = httpx.Client(timeout=60)
        with pkg.Wire(base_url=url, http_client=http, max_retries=0) as c:
            c.raw.send_array(body=["a", "b"])
            c.raw.send_string(body="hello")
            c.raw.send_union(body=[1, 2])
            c.raw.send_map(body={"a": 1})
            c.raw.ask(body={"prompt": "p", "temperature": 0.5})
        # The judge judges: an empty object where an array is declared is refused.
        refused = http.post(url + "/array", json={})
        http.close()
        assert refused.status_code in (400, 422), refused.text
