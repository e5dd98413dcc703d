"""The call plan (generator/plan.py) on hand-built IR: one decision per test."""

from __future__ import annotations

import ast
import dataclasses
from collections.abc import Callable
from pathlib import Path

import pytest

from generator import ir
from generator.overrides import apply_overrides
from generator.plan import (
    auth_required,
    default_server,
    is_json,
    operation_security,
    plan_operation,
    server_url_with_defaults,
    used_schemes,
)

ROOT = Path(__file__).resolve().parent.parent.parent
THING = ir.ObjectModel("Thing", (ir.Field("id", ir.Prim("integer"), False),))
ASK = ir.ObjectModel(
    "Ask",
    (
        ir.Field("prompt", ir.Prim("string"), True),
        ir.Field("stream", ir.Nullable(ir.Prim("boolean")), False),
    ),
)
MAP = ir.AliasModel("Attributes", ir.MapOf(ir.Prim("string")))


def api_of(*ops: ir.Operation, **fields: object) -> ir.Api:
    resource = ir.Resource("things", operations=ops)
    return ir.Api("T", "1", resources=(resource,), schemas=(THING, ASK, MAP), **fields)  # type: ignore[arg-type]


def op(**fields: object) -> ir.Operation:
    return ir.Operation("op", "op", "post", "/x", **fields)  # type: ignore[arg-type]


def body(media: str, t: ir.TypeExpr, flattened: bool = False) -> ir.Body:
    fields = None
    if flattened and isinstance(t, ir.Ref):
        fields = THING.fields if t.name == "Thing" else ASK.fields
    return ir.Body(media, t, True, fields=fields)


def ok(media: str, t: ir.TypeExpr | None) -> ir.Response:
    return ir.Response("200", media, t)


# --- the media-type classifier agrees with the runtime's ---------------------------------------


def _runtime_is_json() -> Callable[[str], bool]:
    """The runtime's own `_is_json_content_type`, compiled from its source alone."""
    source = (ROOT / "templates/python/runtime/_base_client.py").read_text(encoding="utf-8")
    tree = ast.parse(source)
    fn = next(
        n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "_is_json_content_type"
    )
    namespace: dict[str, object] = {}
    exec(compile(ast.Module([fn], []), "_base_client.py", "exec"), namespace)
    found = namespace["_is_json_content_type"]
    assert callable(found)
    return found  # type: ignore[return-value]


MEDIA_TYPES = {
    "application/json": True,
    "application/problem+json": True,
    "application/vnd.github.v3+json": True,
    "application/json; charset=utf-8": True,
    "Application/JSON": True,
    "*/*": False,
    "application/*": False,
    "text/plain": False,
    "text/csv": False,
    "text/json": False,
    "application/x-ndjson": False,
    "application/jsonl": False,
    "application/octet-stream": False,
    "multipart/form-data": False,
    "application/x-www-form-urlencoded": False,
    "text/event-stream": False,
    "": False,
}


@pytest.mark.parametrize("media", sorted(MEDIA_TYPES))
def test_plan_and_runtime_classify_json_alike(media: str) -> None:
    assert is_json(media) is MEDIA_TYPES[media]
    assert _runtime_is_json()(media) is MEDIA_TYPES[media]


# --- body ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("request_body", "kind"),
    [
        (None, "none"),
        (body("application/json", ir.Ref("Thing"), flattened=True), "json"),
        (body("application/vnd.api+json", ir.ArrayOf(ir.Prim("string"))), "json"),
        (body("application/x-www-form-urlencoded", ir.Ref("Thing"), flattened=True), "form"),
        (body("application/x-www-form-urlencoded", ir.Ref("Attributes")), "form"),
        (body("application/x-www-form-urlencoded", ir.ArrayOf(ir.Prim("string"))), "raw"),
        (body("multipart/form-data; boundary=x", ir.Ref("Thing"), flattened=True), "multipart"),
        (body("multipart/form-data", ir.Prim("binary")), "raw"),
        (body("application/octet-stream", ir.Prim("binary")), "raw"),
        (body("application/xml", ir.Ref("Thing")), "raw"),
        # `*/*` with a structured schema is JSON (as a response is read), bytes stay raw.
        (body("*/*", ir.Ref("Thing")), "json"),
        (body("*/*", ir.ArrayOf(ir.Prim("string"))), "json"),
        (body("*/*", ir.Prim("binary")), "raw"),
    ],
)
def test_body_kind(request_body: ir.Body | None, kind: str) -> None:
    o = op(body=request_body)
    plan = plan_operation(api_of(o), o)
    assert plan.body == kind
    sent = request_body.media_type if request_body else ""
    if sent == "*/*" and kind == "json":
        sent = "application/json"  # a wildcard names no type to send: JSON's own
    assert plan.content_type == sent


# --- result -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("success", "kind"),
    [
        (None, "none"),
        (ir.Response("204", "", None), "none"),
        (ok("application/json", ir.Ref("Thing")), "model"),
        (ok("application/hal+json", ir.Prim("string")), "model"),
        (ok("*/*", ir.Ref("Thing")), "model"),
        (ok("application/*", ir.ArrayOf(ir.Prim("integer"))), "model"),
        (ok("*/*", ir.Prim("string")), "text"),
        (ok("application/*", ir.Prim("binary")), "bytes"),
        (ok("text/csv", ir.Prim("binary")), "text"),
        (ok("text/plain", ir.Prim("string")), "text"),
        (ok("application/pdf", ir.Prim("binary")), "bytes"),
        (ok("application/json", None), "bytes"),  # declared JSON without a schema
    ],
)
def test_result_kind(success: ir.Response | None, kind: str) -> None:
    o = op(success=success)
    plan = plan_operation(api_of(o), o)
    assert plan.result == kind and plan.response == kind


@pytest.mark.parametrize("media", ["application/x-ndjson", "application/jsonl",
                                   "application/x-jsonl; charset=utf-8"])  # fmt: skip
def test_json_lines_are_a_line_stream(media: str) -> None:
    o = op(success=ok(media, ir.Ref("Thing")))
    plan = plan_operation(api_of(o), o)
    # The result is a stream of items; the body read whole (a target without line streams) is
    # bytes; `stream` is about event streams.
    assert (plan.lines, plan.result, plan.response, plan.stream) == (True, "stream", "bytes", "none")


# --- streaming -----------------------------------------------------------------------------------


def test_no_streaming() -> None:
    o = op(success=ok("application/json", ir.Ref("Thing")))
    plan = plan_operation(api_of(o), o)
    assert (plan.stream, plan.flag_field) == ("none", None)


def test_flag_stream_drops_the_flag_from_the_arguments() -> None:
    streaming = ir.Streaming("flag", ir.Ref("Thing"), "[DONE]", False, flag_field="stream")
    o = op(body=body("application/json", ir.Ref("Ask"), flattened=True), streaming=streaming,
           success=ok("application/json", ir.Ref("Thing")))  # fmt: skip
    plan = plan_operation(api_of(o), o)
    assert (plan.stream, plan.flag_field, plan.result) == ("flag", "stream", "model")
    assert [f.name for f in plan.body_fields] == ["prompt"]


def test_an_event_stream_chosen_by_a_flag_is_a_flag_stream() -> None:
    streaming = ir.Streaming("sse", ir.Ref("Thing"), None, False, flag_field="stream")
    o = op(body=body("application/json", ir.Ref("Ask"), flattened=True), streaming=streaming,
           success=ok("application/json", ir.Ref("Thing")))  # fmt: skip
    assert plan_operation(api_of(o), o).stream == "flag"


def test_a_stream_without_a_flag_field_always_streams() -> None:
    for streaming in (
        ir.Streaming("sse", ir.Ref("Thing"), None, True),
        ir.Streaming("flag", ir.Ref("Thing"), "[DONE]", False),  # no field named: no flag
    ):
        o = op(streaming=streaming, success=ok("application/json", ir.Ref("Thing")))
        plan = plan_operation(api_of(o), o)
        assert (plan.stream, plan.result, plan.response) == ("always", "stream", "model")


def test_the_stream_override_records_the_flag_field() -> None:
    o = op(body=body("application/json", ir.Ref("Ask"), flattened=True),
           success=ok("application/json", ir.Ref("Thing")))  # fmt: skip
    from generator.config import Overrides
    from generator.diagnostics import Diagnostics

    api = apply_overrides(api_of(o), Overrides(stream={"op": True}), Diagnostics())
    streamed = api.resources[0].operations[0]
    assert streamed.streaming is not None and streamed.streaming.flag_field == "stream"
    assert plan_operation(api, streamed).stream == "flag"


# --- security ------------------------------------------------------------------------------------

KEY_A = ir.SecurityScheme("keyA", "api_key", param_name="X-A")
KEY_B = ir.SecurityScheme("keyB", "api_key", param_name="X-B")
BASIC = ir.SecurityScheme("basic", "basic")


def test_only_schemes_some_requirement_names_take_credentials() -> None:
    o = op()
    api = api_of(o, security_schemes=(KEY_A, KEY_B), security=(("keyA",),))
    assert used_schemes(api) == (KEY_A,)
    assert operation_security(api, o) == (("keyA",),)
    assert auth_required(api)


def test_without_requirements_every_declared_scheme_is_usable() -> None:
    o = op()
    api = api_of(o, security_schemes=(KEY_A, BASIC))
    assert used_schemes(api) == (KEY_A, BASIC)
    assert operation_security(api, o) == (("keyA",), ("basic",))
    assert not auth_required(api)


def test_an_operation_requirement_wins_and_may_be_empty() -> None:
    public = dataclasses.replace(op(), id="public", security=((),))
    own = dataclasses.replace(op(), id="own", security=(("keyB",),))
    api = api_of(public, own, security_schemes=(KEY_A, KEY_B), security=(("keyA",),))
    assert plan_operation(api, public).security == ((),)
    assert plan_operation(api, own).security == (("keyB",),)
    assert used_schemes(api) == (KEY_A, KEY_B)
    assert not auth_required(api)  # one operation is public


# --- default server ------------------------------------------------------------------------------


def test_default_server_is_the_first_absolute_http_server() -> None:
    servers = (
        ir.Server("/relative"),
        ir.Server(
            "https://{region}.example.test/v1",
            variables=(ir.ServerVariable("region", "eu"), ir.ServerVariable("unused", "x")),
        ),
        ir.Server("https://other.example.test"),
    )
    server = default_server(api_of(op(), servers=servers), "")
    assert server is not None and server.from_spec
    assert server.url == "https://{region}.example.test/v1"
    assert [v.name for v in server.variables] == ["region"]
    assert server_url_with_defaults(server) == "https://eu.example.test/v1"


def test_base_url_option_wins_and_no_server_gives_none() -> None:
    api = api_of(op(), servers=(ir.Server("https://api.example.test"),))
    given = default_server(api, "http://127.0.0.1:9")
    assert given is not None and (given.url, given.from_spec) == ("http://127.0.0.1:9", False)
    assert default_server(api_of(op(), servers=(ir.Server("/v1"),)), "") is None


# --- the wire name of the flag lives where the IR is built -------------------------------------

# Files outside this change's reach that still spell the flag's wire name (to be removed by
# their owners): the docs builder looks the flag field up by name.
_NOT_YET: set[str] = set()


def _looks_up_stream(node: ast.AST) -> bool:
    """`x == "stream"`, `x != "stream"` or `x.get("stream")`: a field found by its name."""
    if isinstance(node, ast.Compare):
        operands = [node.left, *node.comparators]
        return any(isinstance(o, ast.Constant) and o.value == "stream" for o in operands)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        first = node.args[0] if node.args else None
        return isinstance(first, ast.Constant) and first.value == "stream"
    return False


def test_the_stream_field_name_is_spelled_only_where_the_ir_is_built() -> None:
    found = set()
    for path in sorted((ROOT / "generator").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if any(_looks_up_stream(n) for n in ast.walk(tree)):
            found.add(path.relative_to(ROOT).as_posix())
    for path in sorted((ROOT / "templates").rglob("*.jinja")):
        if '"stream":' in path.read_text(encoding="utf-8"):  # a body key spelled out
            found.add(path.relative_to(ROOT).as_posix())
    # build_ir names the flag; config reads its own `stream:` overrides key.
    allowed = {"generator/build_ir.py", "generator/config.py"}
    assert found - _NOT_YET <= allowed, sorted(found - _NOT_YET - allowed)
    assert "STREAM_FLAG" in (ROOT / "generator/build_ir.py").read_text(encoding="utf-8")


# --- imports are collected from the types and constructs, not from printed text ---------------


def test_python_annotations_record_what_they_need() -> None:
    from generator.python.types import Annotations

    schemas: dict[str, ir.Schema] = {"Thing": THING, "Attributes": MAP}
    ann = Annotations(schemas, "")
    ann.param(ir.ArrayOf(ir.Ref("Thing")))
    ann.result(ir.Prim("string", "date-time"))
    assert ann.refs == {"Thing"}
    # `SequenceNotStr[Thing | Mapping[str, object]]` as an argument (any sequence, any mapping)
    assert ann.uses == {"SequenceNotStr", "Mapping", "_dt"}
    ann = Annotations(schemas, "")
    assert ann.param(ir.Ref("Attributes")) == "Mapping[str, str]"  # spelled out: no model import
    assert ann.refs == set() and ann.uses == {"Mapping"}


def test_go_import_block_orders_standard_then_module_packages() -> None:
    from generator.go.emit import import_block

    block = import_block({"stream", "fmt", "components", "context"}, "example.com/m")
    assert block == (
        'import (\n\t"context"\n\t"fmt"\n\n'
        '\t"example.com/m/models/components"\n\t"example.com/m/stream"\n)'
    )
    assert import_block(set(), "example.com/m") == ""
    with pytest.raises(ValueError, match="unknown Go packages"):
        import_block({"os"}, "example.com/m")
