"""Typed event streams generated from small specs: each way a spec types its events (issue 17).

Constructs: a `oneOf` event union with a discriminator on `type` and a terminal event named by
`x-stream-end`; a union of envelopes (`event` a one-value enum, `data` the payload); hyphenated
tags with the terminal event set in the config (`overrides.stream_end`); an OpenAPI 3.2
`itemSchema` with dotted names and an undeclared end (the connection closing ends it); one
envelope whose `data` is a plain model; a declared sentinel. The fixtures are written from
each format's public description. SDKs are driven for real over a loopback server.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from sdk_helpers import Recorded, Reply, import_package, serve

from generator.config import Overrides
from generator.pipeline import GenerateRequest, generate


def obj(props: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    return {"type": "object", "properties": props, "required": required or list(props)}


def tag(value: str) -> dict[str, Any]:
    return {"type": "string", "enum": [value]}


def spec(
    event_stream: dict[str, Any], schemas: dict[str, Any], version: str = "3.1.0"
) -> dict[str, Any]:
    return {
        "openapi": version,
        "info": {"title": "Events", "version": "1"},
        "paths": {
            "/messages": {
                "post": {
                    "operationId": "createMessage",
                    "tags": ["messages"],
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {"schema": obj({"prompt": {"type": "string"}})}
                        },
                    },
                    "responses": {
                        "200": {
                            "description": "events",
                            "content": {"text/event-stream": event_stream},
                        }
                    },
                }
            }
        },
        "components": {"schemas": schemas},
    }


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


# --- the specs ----------------------------------------------------------------------------

UNDERSCORE = spec(
    {
        "schema": {
            "oneOf": [ref("MessageStart"), ref("ContentDelta"), ref("MessageStop"), ref("Ping")],
            "discriminator": {
                "propertyName": "type",
                "mapping": {
                    "message_start": "#/components/schemas/MessageStart",
                    "content_block_delta": "#/components/schemas/ContentDelta",
                    "message_stop": "#/components/schemas/MessageStop",
                    "ping": "#/components/schemas/Ping",
                },
            },
        },
        "x-stream-end": "message_stop",
    },
    {
        "MessageStart": obj({"type": tag("message_start"), "id": {"type": "string"}}),
        "ContentDelta": obj(
            {
                "type": tag("content_block_delta"),
                "index": {"type": "integer"},
                "text": {"type": "string"},
            }
        ),
        "MessageStop": obj({"type": tag("message_stop")}),
        "Ping": obj({"type": tag("ping")}),
    },
)

ENVELOPE = spec(
    {
        "schema": {"oneOf": [ref("StartEnvelope"), ref("DeltaEnvelope"), ref("EndEnvelope")]},
        "x-stream-end": ["end"],
    },
    {
        "StartEnvelope": obj({"event": tag("start"), "data": ref("Started")}),
        "DeltaEnvelope": obj(
            {"event": tag("delta"), "data": ref("Delta"), "id": {"type": "string"}},
            ["event", "data"],
        ),
        "EndEnvelope": obj({"event": tag("end"), "data": ref("Ended")}),
        "Started": obj({"id": {"type": "string"}}),
        "Delta": obj({"text": {"type": "string"}}),
        "Ended": obj({"reason": {"type": "string"}}),
    },
)

HYPHEN = spec(
    {
        "schema": {
            "oneOf": [ref("MessageStartEvent"), ref("ContentDeltaEvent"), ref("MessageEndEvent")],
            "discriminator": {"propertyName": "type"},
        }
    },
    {
        "MessageStartEvent": obj({"type": tag("message-start"), "id": {"type": "string"}}),
        "ContentDeltaEvent": obj({"type": tag("content-delta"), "text": {"type": "string"}}),
        "MessageEndEvent": obj({"type": tag("message-end"), "reason": {"type": "string"}}),
    },
)

DOTTED = spec(
    {
        "itemSchema": {
            "oneOf": [ref("Created"), ref("TextDelta"), ref("Completed")],
            "discriminator": {"propertyName": "type"},
        }
    },
    {
        "Created": obj({"type": tag("response.created"), "sequence_number": {"type": "integer"}}),
        "TextDelta": obj({"type": tag("response.output_text.delta"), "delta": {"type": "string"}}),
        "Completed": obj(
            {"type": tag("response.completed"), "sequence_number": {"type": "integer"}}
        ),
    },
    version="3.2.0",
)

PLAIN_ENVELOPE = spec(
    {"schema": ref("Envelope"), "x-speakeasy-sse-sentinel": "[END]"},
    {
        "Envelope": obj({"event": {"type": "string"}, "data": ref("Chunk")}, ["data"]),
        "Chunk": obj({"text": {"type": "string"}}),
    },
)

SPECS: dict[str, tuple[dict[str, Any], Overrides]] = {
    "underscore": (UNDERSCORE, Overrides()),
    "envelope": (ENVELOPE, Overrides()),
    "hyphen": (HYPHEN, Overrides(stream_end={"createMessage": ("message-end",)})),
    "dotted": (DOTTED, Overrides()),
    "plain_envelope": (PLAIN_ENVELOPE, Overrides()),
}


@pytest.fixture(scope="module")
def sdks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = {}
    for key, (doc, overrides) in SPECS.items():
        root = tmp_path_factory.mktemp(key)
        path = root / "spec.yaml"
        path.write_text(yaml.safe_dump(doc))
        request = GenerateRequest(
            spec=str(path),
            out_dir=root / "sdk",
            name="Events",
            package=f"ev_{key}",
            overrides=overrides,
            smoke=True,  # the generated smoke test runs each typed stream too
        )
        generate(request)
        out[key] = root / "sdk"
    return out


# --- the wire fixtures ----------------------------------------------------------------------


def ev(name: str | None, data: object) -> str:
    head = f"event: {name}\n" if name is not None else ""
    return head + "data: " + (data if isinstance(data, str) else json.dumps(data)) + "\n\n"


ANTHROPIC_STYLE = [
    ev("message_start", {"type": "message_start", "id": "m1"}),
    ev("ping", {"type": "ping"}),
    ev("content_block_delta", {"type": "content_block_delta", "index": 0, "text": "Hi"}),
    ": keep-alive comment\n\n",
    ev("content_block_delta", {"type": "content_block_delta", "index": 0, "text": " there"}),
    ev("message_delta", {"type": "message_delta", "usage": {"output_tokens": 2}}),
    ev("message_stop", {"type": "message_stop"}),
]
ENVELOPE_WIRE = [
    ev("start", {"id": "s1"}),
    'event: delta\nid: 7\ndata: {"text": "a"}\n\n',
    ev("delta", {"text": "b"}),
    ev("end", {"reason": "done"}),
]
HYPHEN_WIRE = [
    ev("message-start", {"type": "message-start", "id": "c1"}),
    ev("content-delta", {"type": "content-delta", "text": "x"}),
    ev("content-delta", {"type": "content-delta", "text": "y"}),
    ev("message-end", {"type": "message-end", "reason": "COMPLETE"}),
]
DOTTED_WIRE = [
    ev("response.created", {"type": "response.created", "sequence_number": 0}),
    ev("response.output_text.delta", {"type": "response.output_text.delta", "delta": "o"}),
    ev("response.output_text.delta", {"type": "response.output_text.delta", "delta": "k"}),
    ev("response.completed", {"type": "response.completed", "sequence_number": 3}),
]


def stream(sdk_root: Path, key: str, wire: list[str], *, splits: int = 1) -> list[Any]:
    """Call createMessage against a loopback server sending `wire`; events or the error."""
    sdk = import_package(sdk_root, f"ev_{key}")
    body = "".join(wire).encode()

    def handler(rec: Recorded) -> Reply:
        return 200, {"content-type": "text/event-stream", "x-request-id": "r1"}, body

    out: list[Any] = []
    with serve(handler) as server, sdk.Events(base_url=server.url) as client:
        try:
            with client.messages.create(prompt="p") as s:
                assert s.response.status_code == 200
                assert s.response.headers["x-request-id"] == "r1"
                for item in s:
                    out.append(item)
        except sdk.APIError as e:
            out.append(e)
    return out


def names(items: list[Any]) -> list[str]:
    return [type(i).__name__ for i in items]


def test_discriminated_union_named_events_end_on_the_declared_terminal_event(
    sdks: dict[str, Path],
) -> None:
    items = stream(sdks["underscore"], "underscore", [*ANTHROPIC_STYLE, ev("ping", {})])
    assert names(items) == [
        "MessageStart",
        "Ping",
        "ContentDelta",
        "ContentDelta",
        "UnknownEvent",
        "MessageStop",
    ]
    assert items[4].event == "message_delta" and items[4].type == "unknown"
    assert "".join(i.text for i in items if i.type == "content_block_delta") == "Hi there"


def test_truncation_before_the_terminal_event_raises(sdks: dict[str, Path]) -> None:
    items = stream(sdks["underscore"], "underscore", ANTHROPIC_STYLE[:-1])
    assert type(items[-1]).__name__ == "APIConnectionError"
    assert "message_stop" in str(items[-1])


def test_error_event_mid_stream_raises_the_stream_error(sdks: dict[str, Path]) -> None:
    error = {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}
    items = stream(sdks["underscore"], "underscore", [*ANTHROPIC_STYLE[:3], ev("error", error)])
    assert type(items[-1]).__name__ == "APIStreamError"
    assert items[-1].code == "overloaded_error" and str(items[-1]) == "Overloaded"


def test_envelopes_are_unwrapped_by_event_name(sdks: dict[str, Path]) -> None:
    items = stream(sdks["envelope"], "envelope", ENVELOPE_WIRE)
    assert names(items) == ["Started", "Delta", "Delta", "Ended"]
    truncated = stream(sdks["envelope"], "envelope", ENVELOPE_WIRE[:-1])
    assert type(truncated[-1]).__name__ == "APIConnectionError"


def test_hyphenated_names_end_on_the_configured_event(sdks: dict[str, Path]) -> None:
    items = stream(sdks["hyphen"], "hyphen", [*HYPHEN_WIRE, ev("content-delta", {"x": 1})])
    assert names(items) == [
        "MessageStartEvent",
        "ContentDeltaEvent",
        "ContentDeltaEvent",
        "MessageEndEvent",
    ]
    truncated = stream(sdks["hyphen"], "hyphen", HYPHEN_WIRE[:-1])
    assert "message-end" in str(truncated[-1])


def test_dotted_names_from_an_openapi_3_2_item_schema(sdks: dict[str, Path]) -> None:
    wire = [
        *DOTTED_WIRE[:3],
        ev("response.new_kind", {"type": "response.new_kind"}),
        DOTTED_WIRE[3],
    ]
    items = stream(sdks["dotted"], "dotted", wire)
    assert names(items) == ["Created", "TextDelta", "TextDelta", "UnknownEvent", "Completed"]
    # No terminal event is declared: the connection closing normally ends the stream.
    assert names(stream(sdks["dotted"], "dotted", DOTTED_WIRE[:2])) == ["Created", "TextDelta"]


def test_a_plain_envelope_streams_its_data_type_until_the_declared_sentinel(
    sdks: dict[str, Path],
) -> None:
    wire = [ev("chunk", {"text": "a"}), ev(None, {"text": "b"}), "data: [END]\n\n"]
    items = stream(sdks["plain_envelope"], "plain_envelope", wire)
    assert names(items) == ["Chunk", "Chunk"]
    truncated = stream(sdks["plain_envelope"], "plain_envelope", wire[:-1])
    assert type(truncated[-1]).__name__ == "APIConnectionError"


NARROWING = """
from ev_underscore import Events

def texts() -> str:
    out = ""
    with Events() as client:
        for event in client.messages.create(prompt="p"):
            match event.type:
                case "content_block_delta":
                    out += event.text
                case "message_start":
                    out += event.id
                case "unknown":
                    out += str(event.event)
                case _:
                    pass
    return out

def wrong() -> None:
    with Events() as client:
        for event in client.messages.create(prompt="p"):
            if event.type == "message_start":
                print(event.text)
"""


@pytest.mark.slow
def test_mypy_strict_narrows_events_by_type(sdks: dict[str, Path], tmp_path: Path) -> None:
    program = tmp_path / "program.py"
    program.write_text(NARROWING)
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--python-version", "3.11", str(program)],
        cwd=sdks["underscore"],
        capture_output=True,
        text=True,
        timeout=600,
        env={"MYPYPATH": str(sdks["underscore"]), "PATH": "/usr/bin:/bin"},
    )
    errors = [line for line in result.stdout.splitlines() if ": error:" in line]
    # The only error: `.text` on the narrowed MessageStart (line 23 of the program).
    assert len(errors) == 1, result.stdout
    assert ':23: error: "MessageStart" has no attribute "text"' in errors[0], result.stdout


# --- the end rule (plan.py) and its inputs -----------------------------------------------------


def _streaming(**kw: Any) -> Any:
    from generator import ir

    base: dict[str, Any] = {
        "kind": "sse",
        "event_type": ir.Prim("any"),
        "sentinel": None,
        "always": True,
    }
    base.update(kw)
    return ir.Operation("op", "op", "post", "/x", streaming=ir.Streaming(**base))


def test_the_end_rule_in_order_sentinel_then_events_then_done_for_flag_then_close() -> None:
    from generator.plan import stream_end

    assert stream_end(_streaming(sentinel="<END>", end_events=("stop",))).sentinel == "<END>"
    by_event = stream_end(_streaming(end_events=("stop",)))
    assert (by_event.kind, by_event.events, by_event.truncation_detected) == (
        "event",
        ("stop",),
        True,
    )
    flag = stream_end(_streaming(kind="flag", sentinel=None, always=False, flag_field="stream"))
    assert (flag.kind, flag.sentinel) == ("sentinel", "[DONE]")
    close = stream_end(_streaming())
    assert close.kind == "close" and not close.truncation_detected


def test_config_stream_end_accepts_a_name_or_a_list_and_refuses_others() -> None:
    from generator.config import ConfigError, parse_overrides

    parsed = parse_overrides({"stream_end": {"a": "stop", "b": ["x", "y"]}}, "gen.yaml")
    assert parsed.stream_end == {"a": ("stop",), "b": ("x", "y")}
    assert parsed.as_dict()["stream_end"] == {"a": ["stop"], "b": ["x", "y"]}
    for bad in ({"a": 3}, {"a": []}, {"a": [""]}, ["a"]):
        with pytest.raises(ConfigError, match="stream_end"):
            parse_overrides({"stream_end": bad}, "gen.yaml")


def test_stream_end_override_naming_an_undeclared_event_is_an_error(tmp_path: Path) -> None:
    from generator.diagnostics import GenerationError

    path = tmp_path / "spec.yaml"
    path.write_text(yaml.safe_dump(HYPHEN))
    request = GenerateRequest(
        spec=str(path),
        out_dir=tmp_path / "sdk",
        name="Events",
        overrides=Overrides(stream_end={"createMessage": ("message-stop",)}),
        smoke=False,
    )
    with pytest.raises(GenerationError) as info:
        generate(request)
    text = " ".join(d.message + " " + d.hint for d in info.value.diagnostics.items)
    assert "has no event 'message-stop'" in text and "did you mean" in text


def test_openapi_3_2_is_accepted_and_4_is_not() -> None:
    from generator.diagnostics import Diagnostics
    from generator.normalize import version

    for v, ok in (("3.2.0", True), ("3.2", True), ("4.0.0", False)):
        diags = Diagnostics()
        version.apply({"openapi": v, "info": {"title": "t", "version": "1"}, "paths": {}}, diags)
        assert diags.has_errors is not ok, v


def test_fern_streaming_extension_declares_a_typed_flag_stream() -> None:
    from generator import ir
    from generator.build_ir import build_api
    from generator.diagnostics import Diagnostics
    from generator.plan import plan_operation

    doc = spec({"schema": {"type": "string"}}, dict(HYPHEN["components"]["schemas"]))
    op = doc["paths"]["/messages"]["post"]
    op["requestBody"]["content"]["application/json"]["schema"]["properties"]["stream"] = {
        "type": "boolean"
    }
    op["responses"] = {
        "200": {
            "description": "ok",
            "content": {"application/json": {"schema": obj({"text": {"type": "string"}})}},
        }
    }
    union = HYPHEN["paths"]["/messages"]["post"]["responses"]["200"]["content"][
        "text/event-stream"
    ]["schema"]
    op["x-fern-streaming"] = {
        "format": "sse",
        "terminator": "[DONE]",
        "stream-condition": "$request.stream",
        "response-stream": union,
    }
    api = build_api(doc, Diagnostics())
    operation = api.resources[0].operations[0]
    s = operation.streaming
    assert s is not None and s.flag_field == "stream" and not s.always
    assert [e.name for e in s.events] == ["message-start", "content-delta", "message-end"]
    assert all(e.by == "tag" for e in s.events) and isinstance(s.events[0].type, ir.Ref)
    # The terminator is where to stop, not a required marker: the connection close ends it.
    assert plan_operation(api, operation).end.kind == "close"


def test_an_envelope_whose_data_is_a_tagged_union_is_that_union() -> None:
    from generator.build_ir import build_api
    from generator.diagnostics import Diagnostics

    schemas = dict(UNDERSCORE["components"]["schemas"])
    union = UNDERSCORE["paths"]["/messages"]["post"]["responses"]["200"]["content"][
        "text/event-stream"
    ]["schema"]
    schemas["Events"] = union
    schemas["Envelope"] = obj({"event": {"type": "string"}, "data": ref("Events")})
    api = build_api(spec({"schema": ref("Envelope")}, schemas), Diagnostics())
    s = api.resources[0].operations[0].streaming
    assert s is not None and s.tag == "type"
    assert [(e.name, e.by) for e in s.events] == [
        ("message_start", "tag"),
        ("content_block_delta", "tag"),
        ("message_stop", "tag"),
        ("ping", "tag"),
    ]


def test_async_typed_stream_with_response(sdks: dict[str, Path]) -> None:
    import asyncio

    sdk = import_package(sdks["hyphen"], "ev_hyphen")
    body = "".join(HYPHEN_WIRE).encode()

    async def main(url: str) -> list[str]:
        async with sdk.AsyncEvents(base_url=url) as client:
            stream = await client.messages.create(prompt="p")
            assert stream.response.status_code == 200
            return [type(e).__name__ async for e in stream]

    with serve(lambda r: (200, {"content-type": "text/event-stream"}, body)) as server:
        got = asyncio.run(main(server.url))
    assert got == ["MessageStartEvent", "ContentDeltaEvent", "ContentDeltaEvent", "MessageEndEvent"]


@pytest.mark.slow
def test_go_event_stream_takes_the_end_rule_from_the_plan(tmp_path: Path) -> None:
    """Go builds (the generate smoke runs go vet and go build) with the terminal event."""
    sys.path.insert(0, str(Path(__file__).resolve().parent / "go"))
    from go_support import require_go

    require_go()
    path = tmp_path / "spec.yaml"
    path.write_text(yaml.safe_dump(HYPHEN))
    out = tmp_path / "go"
    generate(
        GenerateRequest(
            spec=str(path),
            out_dir=out,
            name="Events",
            package="events",
            lang="go",
            module="example.com/events",
            overrides=SPECS["hyphen"][1],
        )
    )
    assert '.Ends("type", "message-end")' in (out / "messages.go").read_text()
