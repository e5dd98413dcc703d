"""Failure classes the directory bench found (bench/results/directory.md), each fixed at its root.

One small spec of our own carries one construct per class; the SDK is generated with its smoke
test (which must pass) and ruff, then driven through an httpx.MockTransport:

- a request body with a non-JSON, non-form media type (`application/xml`) whose schema is an
  object: the caller passes the encoded bytes (`body=`), sent with the declared content type
  (it was an internal error: the template read the missing whole-body argument);
- a model named `<Tag>Resource` next to a model named `<Tag>`: the resource class takes another
  suffix instead of shadowing the model in its module;
- a model named like a Python builtin (`RuntimeError`) used by a field before its class is
  defined: the model is renamed, so the field is not typed as the builtin;
- a path parameter whose value holds `/` (an enum value `requests/count`): one percent-encoded
  segment on the wire, and the smoke test's mock matches the raw path;
- a required field whose `$ref` names a nullable object component (3.1 `type: [object, 'null']`,
  3.0 `nullable: true`): the field accepts null.
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest
from wire_helpers import build, client, json_response, ok, recorder, spec

from generator.python.view import export_sorted, import_sorted

_DONE = {"204": {"description": "done"}}


def _doc() -> Any:
    note = {"$ref": "#/components/schemas/Note"}
    return spec(
        {
            "/notes": {
                "post": {
                    "operationId": "createNote",
                    "x-fern-sdk-method-name": "create",
                    "tags": ["notes"],
                    "x-fern-sdk-group-name": "notes",
                    "requestBody": {
                        "required": True,
                        "content": {"application/xml": {"schema": note}},
                    },
                    "responses": _DONE,
                },
                "put": {
                    "operationId": "replaceNote",
                    "x-fern-sdk-method-name": "update",
                    "tags": ["notes"],
                    "x-fern-sdk-group-name": "notes",
                    "requestBody": {"content": {"text/plain": {"schema": note}}},
                    "responses": _DONE,
                },
            },
            "/settings": {
                "get": {
                    "operationId": "getSettings",
                    "x-fern-sdk-method-name": "get",
                    "tags": ["diagnostic_settings"],
                    "x-fern-sdk-group-name": "diagnostic_settings",
                    "responses": ok(
                        "application/json",
                        {"$ref": "#/components/schemas/DiagnosticSettingsResource"},
                    ),
                }
            },
            "/report": {
                "get": {
                    "operationId": "getReport",
                    "x-fern-sdk-method-name": "get",
                    "tags": ["reports"],
                    "x-fern-sdk-group-name": "reports",
                    "responses": ok("application/json", {"$ref": "#/components/schemas/Report"}),
                }
            },
            "/metrics/{metricId}": {
                "get": {
                    "operationId": "getMetric",
                    "x-fern-sdk-method-name": "retrieve",
                    "tags": ["metrics"],
                    "x-fern-sdk-group-name": "metrics",
                    "parameters": [
                        {
                            "name": "metricId",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string", "enum": ["requests/count"]},
                        }
                    ],
                    "responses": _DONE,
                }
            },
        },
        {
            "Note": {"type": "object", "properties": {"text": {"type": "string"}}},
            "DiagnosticSettings": {"type": "object", "properties": {"on": {"type": "boolean"}}},
            "DiagnosticSettingsResource": {
                "type": "object",
                "properties": {"settings": {"$ref": "#/components/schemas/DiagnosticSettings"}},
            },
            # `Report` comes first: its field names `RuntimeError` before that class exists.
            "Report": {
                "type": "object",
                "required": ["owner", "legacy"],
                "properties": {
                    "failure": {"$ref": "#/components/schemas/RuntimeError"},
                    "owner": {"$ref": "#/components/schemas/Owner"},
                    "legacy": {"$ref": "#/components/schemas/LegacyOwner"},
                },
            },
            "RuntimeError": {"type": "object", "properties": {"code": {"type": "integer"}}},
            "Owner": {"type": ["object", "null"], "properties": {"name": {"type": "string"}}},
            "LegacyOwner": {
                "type": "object",
                "nullable": True,
                "properties": {"name": {"type": "string"}},
            },
        },
    )


@pytest.fixture(scope="module")
def pkg(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return build(_doc(), tmp_path_factory.mktemp("classes"))  # smoke test and ruff pass


def test_object_schema_under_a_non_json_media_type_is_sent_as_given_bytes(pkg: ModuleType) -> None:
    seen, handle = recorder(httpx.Response(204))
    notes = client(pkg, handle).notes
    notes.create(body=b"<note><text>hi</text></note>")
    notes.update(body=b"plain words")
    notes.update()  # optional body: nothing sent
    assert [r.content for r in seen] == [b"<note><text>hi</text></note>", b"plain words", b""]
    assert seen[0].headers["content-type"] == "application/xml"
    assert seen[1].headers["content-type"] == "text/plain"
    with pytest.raises(TypeError):
        notes.create(text="hi")  # no per-property arguments for a body the caller encodes


def test_resource_class_does_not_shadow_a_model_named_like_it(pkg: ModuleType) -> None:
    reply = json_response({"settings": {"on": True}})
    got = client(pkg, lambda _request: reply).diagnostic_settings.get()
    assert isinstance(got, pkg.models.DiagnosticSettingsResource)
    assert isinstance(got.settings, pkg.models.DiagnosticSettings)
    assert got.settings.on is True


def test_a_model_named_like_a_builtin_is_renamed(pkg: ModuleType) -> None:
    reply = json_response({"failure": {"code": 7}, "owner": None, "legacy": None})
    report = client(pkg, lambda _request: reply).reports.get()
    assert not isinstance(report.failure, BaseException)
    assert report.failure.code == 7
    assert type(report.failure).__name__ != "RuntimeError"


def test_required_ref_to_a_nullable_object_accepts_null(pkg: ModuleType) -> None:
    reply = json_response({"owner": None, "legacy": None})
    report = client(pkg, lambda _request: reply).reports.get()
    assert report.owner is None and report.legacy is None
    reply = json_response({"owner": {"name": "a"}, "legacy": {"name": "b"}})
    report = client(pkg, lambda _request: reply).reports.get()
    assert (report.owner.name, report.legacy.name) == ("a", "b")
    with pytest.raises(pkg.APIResponseValidationError):  # still required: absent is not null
        client(pkg, lambda _request: json_response({})).reports.get()


def test_path_parameter_holding_a_slash_is_one_encoded_segment(pkg: ModuleType) -> None:
    seen, handle = recorder(httpx.Response(204))
    client(pkg, handle).metrics.retrieve("requests/count")
    assert seen[0].url.raw_path == b"/metrics/requests%2Fcount"


def test_models_module_without_classes_is_ruff_clean(tmp_path: Path) -> None:
    # Only an enum and an alias: models.py imports no base class it does not use (F401).
    doc = spec(
        {
            "/state": {
                "get": {
                    "operationId": "getState",
                    "x-fern-sdk-method-name": "list",
                    "tags": ["state"],
                    "x-fern-sdk-group-name": "state",
                    "responses": ok("application/json", {"$ref": "#/components/schemas/State"}),
                }
            }
        },
        {
            "State": {"type": "string", "enum": ["on", "off"]},
            "Tags": {"type": "array", "items": {"type": "string"}},
        },
    )
    pkg = build(doc, tmp_path)  # ruff-checked
    got = client(pkg, lambda _request: json_response("on")).state.list()
    assert got == "on"


def test_export_and_import_order_is_ruffs_natural_order(tmp_path: Path) -> None:
    # Capped names end in `_` + 8 hex digits; a digit run with a leading zero (`_0153e30b`)
    # sorts digit by digit in ruff's natural order (RUF022 for `__all__`, I001 for imports).
    names = [f"Name_{hashlib.sha256(str(i).encode()).hexdigest()[:8]}" for i in range(200)]
    names += ["Item1", "Item01", "Item001", "Item10", "Item2", "Item0", "Item00a", "ITEM", "item2"]
    exported = "".join(f'    "{n}",\n' for n in export_sorted(names))
    imported = "".join(f"    {n},\n" for n in import_sorted(names))
    module = tmp_path / "order.py"
    module.write_text(f"from os import (  # noqa: F401\n{imported})\n\n__all__ = [\n{exported}]\n")
    ruff = shutil.which("ruff") or str(Path(sys.executable).parent / "ruff")
    result = subprocess.run(
        [ruff, "check", "--no-cache", "--isolated", "--select", "RUF022,I001", str(module)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout


def test_a_5xx_status_without_a_runtime_class_subclasses_internal_server_error(
    tmp_path: Path,
) -> None:
    # A declared 596 (no runtime class): its class derives from InternalServerError alone;
    # (APIStatusError, InternalServerError) has no consistent MRO, so the package did not import.
    # With 414 (URITooLongError) next to 422, `__all__` is in case-sensitive order (RUF022).
    failed = {"description": "failed", "content": {"application/json": {"schema": {
        "type": "object", "properties": {"reason": {"type": "string"}}}}}}  # fmt: skip
    doc = spec({"/jobs": {"post": {"operationId": "createJob", "tags": ["jobs"],
                                  "responses": {**_DONE, "596": failed, "414": failed}}}})  # fmt: skip
    pkg = build(doc, tmp_path)
    reply = httpx.Response(596, json={"reason": "busy"})
    with pytest.raises(pkg.InternalServerError) as caught:
        client(pkg, lambda _request: reply).jobs.create()
    assert type(caught.value).__name__ != "InternalServerError"
    assert caught.value.status_code == 596


def test_a_wire_name_l_is_not_an_ambiguous_identifier(tmp_path: Path) -> None:
    # A property `L` and a query parameter `l` (a list, in one vendor's attribute encoding):
    # `l` is refused by ruff's E741, so both become `l_` and keep their wire names.
    value = {"type": "object", "properties": {"L": {"type": "array", "items": {"type": "string"}}}}
    doc = spec(
        {
            "/values": {
                "get": {
                    "operationId": "listValues",
                    "x-fern-sdk-method-name": "list",
                    "tags": ["values"],
                    "x-fern-sdk-group-name": "values",
                    "parameters": [{"name": "l", "in": "query", "schema": {"type": "string"}}],
                    "responses": ok("application/json", {"$ref": "#/components/schemas/Value"}),
                }
            }
        },
        {"Value": value},
    )
    pkg = build(doc, tmp_path)  # ruff-checked: no E741
    seen, handle = recorder(json_response({"L": ["a", "b"]}))
    got = client(pkg, handle).values.list(l_="x")
    assert got.l_ == ["a", "b"]
    assert seen[0].url.params["l"] == "x"


def test_an_argument_named_like_a_builtin_the_method_body_uses_is_escaped(tmp_path: Path) -> None:
    # A query parameter `object` returning a map of any values: the body's
    # `cast_to=typing.Dict[str, object]` read the argument instead of the builtin (pydantic:
    # "Unable to generate pydantic-core schema for omit"). The argument is `object_`.
    any_map = {"type": "object", "additionalProperties": True}
    doc = spec(
        {
            "/tags": {
                "get": {
                    "operationId": "listTags",
                    "x-fern-sdk-method-name": "list",
                    "x-fern-sdk-group-name": "tags",
                    "parameters": [
                        {"name": "object", "in": "query", "schema": {"type": "string"}},
                        {"name": "str", "in": "query", "schema": {"type": "string"}},
                    ],
                    "responses": ok("application/json", {"type": "array", "items": any_map}),
                }
            }
        }
    )
    pkg = build(doc, tmp_path)  # the smoke test calls it with required arguments only
    seen, handle = recorder(json_response([{"a": 1}]))
    tags = client(pkg, handle).tags
    assert tags.list() == [{"a": 1}]
    assert tags.list(object_="invoice", str_="s") == [{"a": 1}]
    assert seen[1].url.params.multi_items() == [("object", "invoice"), ("str", "s")]


def test_a_body_offered_as_json_and_multipart_with_a_file_field_is_sent_as_multipart(
    tmp_path: Path,
) -> None:
    # JSON cannot carry raw bytes: the smoke test failed with "bytes is not JSON serializable".
    upload = {"type": "object", "required": ["picture"], "properties": {
        "picture": {"type": "string", "format": "binary"}, "caption": {"type": "string"}}}  # fmt: skip
    ref = {"$ref": "#/components/schemas/Upload"}
    body = {
        "content": {"application/json": {"schema": ref}, "multipart/form-data": {"schema": ref}}
    }
    doc = spec(
        {
            "/pictures": {
                "post": {
                    "operationId": "uploadPicture",
                    "x-fern-sdk-method-name": "create",
                    "x-fern-sdk-group-name": "pictures",
                    "requestBody": body,
                    "responses": ok("application/json", {"type": "object"}),
                }
            }
        },
        {"Upload": upload},
    )
    pkg = build(doc, tmp_path)
    seen, handle = recorder(json_response({}))
    client(pkg, handle).pictures.create(picture=b"\x89PNG", caption="me")
    sent = seen[0]
    assert sent.headers["content-type"].startswith("multipart/form-data; boundary=")
    assert b'name="picture"; filename=' in sent.content and b"\x89PNG" in sent.content
    assert b'name="caption"' in sent.content


def test_a_file_field_in_a_json_only_body_is_sent_base64_encoded(tmp_path: Path) -> None:
    # Only `application/json` is offered: the content goes base64-encoded (JSON has no bytes),
    # from bytes, a file object or a (filename, content) tuple, with a warning at generation.
    upload = {"type": "object", "required": ["file"], "properties": {
        "file": {"type": "string", "format": "binary"}, "note": {"type": "string"}}}  # fmt: skip
    body = {"content": {"application/json": {"schema": upload}}}
    doc = spec(
        {
            "/media": {
                "post": {
                    "operationId": "uploadMedia",
                    "x-fern-sdk-method-name": "create",
                    "x-fern-sdk-group-name": "media",
                    "requestBody": body,
                    "responses": ok("application/json", {"type": "object"}),
                }
            }
        }
    )
    pkg = build(doc, tmp_path)
    seen, handle = recorder(json_response({}))
    media = client(pkg, handle).media
    media.create(file=b"\x00\xff", note="n")
    media.create(file=io.BytesIO(b"\x00\xff"))
    media.create(file=("a.bin", b"\x00\xff"))
    for request in seen:
        assert request.headers["content-type"] == "application/json"
        assert json.loads(request.content)["file"] == "AP8="
    assert json.loads(seen[0].content)["note"] == "n"
