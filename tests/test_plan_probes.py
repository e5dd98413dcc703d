"""Probe specs for the call plan (generator/plan.py): Python and Go give the same answer.

One small spec holds one operation per plan decision: body kinds (JSON, form object, form
map, a form and a multipart body whose schema is not an object, raw bytes), result kinds (model,
a `*/*` and an `application/*` response with a structured schema, text, bytes, none), stream
modes (a boolean body flag, always), the security selection (a declared but unused scheme takes
no credential) and the default server (the first absolute http(s) server, variables filled in).
Both SDKs call every operation against one loopback server; the requests it saw and the values
the calls returned must be the same for both.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from sdk_helpers import Recorded, Reply, import_package, serve

from generator.go import go_env
from generator.names import snake
from generator.pipeline import GenerateRequest, generate

_OK = {"description": "ok"}
_EMPTY = {"204": {"description": "done"}}


def _named(op: str) -> dict[str, str]:
    """One resource `probe`, methods named after their operationId (the plan is under test,
    not the names)."""
    return {"x-fern-sdk-group-name": "probe",
            "x-fern-sdk-method-name": snake(op)}  # fmt: skip


def _post(op: str, media: str, schema: dict[str, Any], responses: Any = None) -> Any:
    body = {"required": True, "content": {media: {"schema": schema}}}
    return {"post": {"operationId": op, "tags": ["probe"], **_named(op), "requestBody": body,
                     "responses": responses or _EMPTY}}  # fmt: skip


def _get(op: str, media: str, schema: dict[str, Any]) -> Any:
    responses = {"200": {**_OK, "content": {media: {"schema": schema}}}}
    return {"get": {"operationId": op, "tags": ["probe"], **_named(op), "responses": responses}}


def probe_spec(port: int) -> dict[str, Any]:
    thing = {"$ref": "#/components/schemas/Thing"}
    json_thing = {"200": {**_OK, "content": {"application/json": {"schema": thing}}}}
    pair = {"type": "object", "properties": {"count": {"type": "integer"},
                                             "name": {"type": "string"}}}  # fmt: skip
    strings = {"type": "array", "items": {"type": "string"}}
    strings_map = {"type": "object", "additionalProperties": {"type": "string"}}
    binary = {"type": "string", "format": "binary"}
    sse = {"200": {**_OK, "content": {"text/event-stream": {"schema": thing}}}}
    return {
        "openapi": "3.0.3",
        "info": {"title": "Probe", "version": "1"},
        "servers": [
            {"url": "/relative"},  # not absolute: skipped by both
            {
                "url": "http://127.0.0.1:{port}/{base}",
                "variables": {"port": {"default": str(port)}, "base": {"default": "v1"}},
            },
            {"url": "http://127.0.0.1:1/never"},
        ],
        "security": [{"keyA": []}],
        "components": {
            "securitySchemes": {
                "keyA": {"type": "apiKey", "in": "header", "name": "X-Key-A"},
                "keyB": {"type": "apiKey", "in": "header", "name": "X-Key-B"},  # unused
            },
            "schemas": {
                "Thing": {
                    "type": "object",
                    "properties": {"id": {"type": "integer"}, "label": {"type": "string"}},
                },
                "Ask": {
                    "type": "object",
                    "required": ["prompt"],
                    "properties": {"prompt": {"type": "string"}, "stream": {"type": "boolean"}},
                },
            },
        },
        "paths": {
            "/form-list": _post("sendFormList", "application/x-www-form-urlencoded", strings),
            "/form-object": _post("sendFormObject", "application/x-www-form-urlencoded", pair),
            "/form-map": _post("sendFormMap", "application/x-www-form-urlencoded", strings_map),
            "/multipart-list": _post("sendMultipartList", "multipart/form-data", strings),
            "/json": _post("sendJson", "application/json", pair, json_thing),
            "/raw": _post("sendRaw", "application/octet-stream", binary),
            "/wildcard": _get("getWildcard", "*/*", thing),
            "/app-wildcard": _get(
                "getAppWildcard", "application/*", {"type": "array", "items": {"type": "integer"}}
            ),
            "/text": _get("getText", "text/plain", {"type": "string"}),
            "/bytes": _get("getBytes", "application/octet-stream", binary),
            "/none": {
                "delete": {"operationId": "deleteNone", "tags": ["probe"], **_named("deleteNone"), "responses": _EMPTY}
            },
            "/ask": _post(
                "ask", "application/json", {"$ref": "#/components/schemas/Ask"}, json_thing
            ),
            "/events": {"get": {"operationId": "events", "tags": ["probe"], **_named("events"), "responses": sse}},
        },
    }


def _sse(*events: str) -> Reply:
    body = "".join(f"data: {e}\n\n" for e in events).encode()
    return 200, {"content-type": "text/event-stream"}, body


def _json(payload: object) -> Reply:
    return 200, {"content-type": "application/json"}, json.dumps(payload).encode()


def _answer(rec: Recorded) -> Reply:
    path = rec.path.removeprefix("/v1")
    if path == "/json":
        return _json({"id": 1, "label": "json"})
    if path == "/wildcard":
        return _json({"id": 2, "label": "wild"})
    if path == "/app-wildcard":
        return _json([1, 2, 3])
    if path == "/text":
        return 200, {"content-type": "text/plain"}, b"hello"
    if path == "/bytes":
        return 200, {"content-type": "application/octet-stream"}, b"\x00\x01bin"
    if path == "/ask":
        if json.loads(rec.body).get("stream") is True:
            return _sse('{"id": 3, "label": "a"}', '{"id": 4, "label": "b"}', "[DONE]")
        return _json({"id": 5, "label": "ask"})
    if path == "/events":
        return _sse('{"id": 6, "label": "e"}', '{"id": 7, "label": "f"}')
    return 204, {}, b""


def _seen(rec: Recorded) -> dict[str, object]:
    """What the plan decides about a request: where it went, how the body was encoded,
    which credentials came with it."""
    media = rec.headers.get("content-type", "").split(";")[0].strip()
    body: object = rec.body.decode("latin-1")
    if media == "application/json":
        body = json.loads(rec.body)
    return {
        "method": rec.method,
        "path": rec.path,
        "content_type": media,
        "body": body,
        "x-key-a": rec.headers.get("x-key-a"),
        "x-key-b": rec.headers.get("x-key-b"),
    }


def _python_calls(root: Path) -> list[dict[str, object]]:
    pkg = import_package(root, "probe")
    client = pkg.Probe(api_key="k")  # no base URL: the plan's default server
    p = client.probe

    def model(value: Any) -> object:
        return value.model_dump(mode="json", exclude_none=True)

    out: list[tuple[str, object]] = [
        ("send_form_list", p.send_form_list(body=b"a=1&a=2")),
        ("send_form_object", p.send_form_object(count=2, name="x")),
        ("send_form_map", p.send_form_map(body={"a": "1", "b": "2"})),
        ("send_multipart_list", p.send_multipart_list(body=b"--raw--")),
        ("send_json", model(p.send_json(count=3, name="y"))),
        ("send_raw", p.send_raw(body=b"\x00raw")),
        ("get_wildcard", model(p.get_wildcard())),
        ("get_app_wildcard", p.get_app_wildcard()),
        ("get_text", p.get_text()),
        ("get_bytes", p.get_bytes().hex()),
        ("delete_none", p.delete_none()),
        ("ask", model(p.ask(prompt="p"))),
        ("ask_stream", [model(c) for c in p.ask(prompt="p", stream=True)]),
        ("events", [model(e) for e in p.events()]),
    ]
    client.close()
    return [{"call": call, "result": result} for call, result in out]


_GO_PROGRAM = """package main

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"

	probe "example.com/probe"
	"example.com/probe/models/components"
	"example.com/probe/stream"
)

func emit(call string, v any, err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, call, err)
		os.Exit(1)
	}
	line, _ := json.Marshal(map[string]any{"call": call, "result": v})
	fmt.Println(string(line))
}

type event struct {
	ID    any `json:"id,omitempty"`
	Label any `json:"label,omitempty"`
}

func chunks(s *stream.EventStream[components.ThingChunk], err error) ([]event, error) {
	if err != nil {
		return nil, err
	}
	defer s.Close()
	out := []event{}
	for s.Next() {
		c := s.Current()
		id, _ := c.ID.Get()
		label, _ := c.Label.Get()
		out = append(out, event{id, label})
	}
	return out, s.Err()
}

func things(s *stream.EventStream[components.Thing], err error) ([]components.Thing, error) {
	if err != nil {
		return nil, err
	}
	defer s.Close()
	out := []components.Thing{}
	for s.Next() {
		out = append(out, s.Current())
	}
	return out, s.Err()
}

func main() {
	ctx := context.Background()
	p := probe.New(probe.WithSecurity("k")).Probe
	emit("send_form_list", nil, p.SendFormList(ctx, []byte("a=1&a=2")))
	emit("send_form_object", nil, p.SendFormObject(ctx, components.SendFormObjectBody{
		Count: probe.Int64(2), Name: probe.String("x")}))
	emit("send_form_map", nil, p.SendFormMap(ctx, map[string]string{"a": "1", "b": "2"}))
	emit("send_multipart_list", nil, p.SendMultipartList(ctx, []byte("--raw--")))
	thing, err := p.SendJSON(ctx, components.SendJSONBody{
		Count: probe.Int64(3), Name: probe.String("y")})
	emit("send_json", thing, err)
	raw := components.File{FileName: "f", Content: []byte("\\x00raw")}
	emit("send_raw", nil, p.SendRaw(ctx, raw))
	wild, err := p.GetWildcard(ctx)
	emit("get_wildcard", wild, err)
	numbers, err := p.GetAppWildcard(ctx)
	emit("get_app_wildcard", numbers, err)
	text, err := p.GetText(ctx)
	emit("get_text", text, err)
	var data []byte
	body, err := p.GetBytes(ctx) // an io.ReadCloser, read as it arrives
	if err == nil {
		data, err = io.ReadAll(body)
		body.Close()
	}
	emit("get_bytes", hex.EncodeToString(data), err)
	emit("delete_none", nil, p.DeleteNone(ctx))
	answer, err := p.Ask(ctx, components.Ask{Prompt: "p"})
	emit("ask", answer, err)
	streamed, err := chunks(p.AskStream(ctx, components.Ask{Prompt: "p"}))
	emit("ask_stream", streamed, err)
	events, err := things(p.Events(ctx))
	emit("events", events, err)
}
"""


def _go_calls(root: Path) -> list[dict[str, object]]:
    main = root / "cmd" / "probe" / "main.go"
    main.parent.mkdir(parents=True)
    main.write_text(_GO_PROGRAM, encoding="utf-8")
    env = {**go_env(), "NO_PROXY": "127.0.0.1", "HTTP_PROXY": "", "HTTPS_PROXY": ""}
    proc = subprocess.run(
        ["go", "run", "./cmd/probe"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return [json.loads(line) for line in proc.stdout.splitlines()]


def _require_go() -> None:
    if shutil.which("go") is None:
        if os.environ.get("GEN_REQUIRE_GO") == "1":
            pytest.fail("Go toolchain not found (GEN_REQUIRE_GO=1)")
        pytest.skip("Go toolchain not found")


def _generate(tmp_path: Path, port: int, lang: str) -> Path:
    spec = tmp_path / "probe.yaml"
    spec.write_text(yaml.safe_dump(probe_spec(port), sort_keys=False), encoding="utf-8")
    out = tmp_path / lang
    request = GenerateRequest(spec=str(spec), out_dir=out, name="Probe", package="probe",
                              lang=lang, module="example.com/probe", smoke=False)  # fmt: skip
    generate(request)
    return out


def test_python_and_go_agree_on_every_plan_decision(tmp_path: Path) -> None:
    _require_go()
    with serve(_answer) as server:
        port = int(server.url.rsplit(":", 1)[1])
        py_root = _generate(tmp_path, port, "python")
        go_root = _generate(tmp_path, port, "go")
        py_results = _python_calls(py_root)
        py_seen = [_seen(r) for r in server.requests]
        server.requests.clear()
        go_results = _go_calls(go_root)
        go_seen = [_seen(r) for r in server.requests]
    sys.modules.pop("probe", None)
    # What Python does is the reference; spelled out so a change in both shows too.
    assert py_seen[0]["content_type"] == "application/x-www-form-urlencoded"
    assert py_seen[0]["body"] == "a=1&a=2"  # a form body that is not an object: raw bytes
    assert py_seen[1]["body"] == "count=2&name=x"
    assert py_seen[2]["body"] == "a=1&b=2"  # a map: form fields
    assert py_seen[3] == {**py_seen[3], "content_type": "multipart/form-data", "body": "--raw--"}
    assert py_seen[4]["body"] == {"count": 3, "name": "y"}
    assert py_seen[11]["body"] == {"prompt": "p"}
    assert py_seen[12]["body"] == {"prompt": "p", "stream": True}
    assert all(s["path"].startswith("/v1/") for s in py_seen)  # the spec's server, filled in
    assert all(s["x-key-a"] == "k" and s["x-key-b"] is None for s in py_seen)
    results = {r["call"]: r["result"] for r in py_results}
    assert results["get_wildcard"] == {"id": 2, "label": "wild"}  # `*/*`: parsed as the model
    assert results["get_app_wildcard"] == [1, 2, 3]
    assert results["get_text"] == "hello"
    assert results["get_bytes"] == "000162696e"
    assert results["ask_stream"] == [{"id": 3, "label": "a"}, {"id": 4, "label": "b"}]
    assert results["events"] == [{"id": 6, "label": "e"}, {"id": 7, "label": "f"}]
    # Go gives the same answer on the wire and in the values.
    assert go_seen == py_seen
    assert go_results == py_results
