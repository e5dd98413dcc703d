"""The tolerance rule (docs/design.md, "Tolerance"), both sides.

A spec with a broken piece still gives an SDK: one warning per piece naming its JSON pointer, the
piece degraded, exit 0; `--strict` turns the same warnings into a refusal with nothing written.
Refused outright: an unreadable document, one that is not OpenAPI, one without `paths` or
`webhooks`, and one that keeps no operation once the broken pieces are gone.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
from click.testing import CliRunner
from sdk_helpers import import_package

from generator.cli import main
from generator.diagnostics import Diagnostics
from generator.normalize import tolerance

OK = {"200": {"description": "ok", "content": {"application/json": {"schema": {
    "$ref": "#/components/schemas/Box"}}}}}  # fmt: skip


def _spec(paths: dict[str, Any], schemas: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "openapi": "3.0.3",
        "info": {"title": "Tolerant", "version": "1"},
        "paths": paths,
        "components": {"schemas": schemas or {"Box": {"type": "object", "properties": {
            "id": {"type": "string"}}}}},
    }  # fmt: skip


def _write(tmp_path: Path, doc: dict[str, Any] | str, name: str = "spec.json") -> Path:
    spec = tmp_path / name
    spec.write_text(doc if isinstance(doc, str) else json.dumps(doc, indent=1))
    return spec


def _generate(spec: Path, out: Path, *extra: str) -> tuple[int, str]:
    result = CliRunner().invoke(
        main, ["generate", str(spec), "-o", str(out), "--name", "Tolerant", *extra]
    )
    return result.exit_code, result.output  # stdout and stderr, interleaved


def _warnings(out: str) -> list[str]:
    return [line for line in out.splitlines() if ": warning: " in line]


# --- degraded, exit 0 --------------------------------------------------------------------------


def test_a_dangling_ref_in_one_schema_types_it_as_any_json_value(tmp_path: Path) -> None:
    doc = _spec(
        {"/boxes": {"get": {"operationId": "listBoxes", "responses": OK}}},
        {"Box": {"type": "object", "required": ["id"], "properties": {
            "id": {"type": "string"}, "label": {"$ref": "#/components/schemas/Gone"}}}},
    )  # fmt: skip
    out_dir = tmp_path / "sdk"
    code, out = _generate(_write(tmp_path, doc), out_dir)  # with the smoke test
    assert code == 0, out
    warned = _warnings(out)
    assert len(warned) == 1, out
    assert "'#/components/schemas/Gone' points to nothing" in warned[0]
    assert "[/components/schemas/Box/properties/label]" in warned[0]
    pkg = import_package(out_dir, "tolerant")

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"id": "b1", "label": {"any": ["json", 1, None]}})

    http = httpx.Client(transport=httpx.MockTransport(answer))
    with pkg.Tolerant(base_url="http://t.test", http_client=http, max_retries=0) as client:
        names = [n for n in dir(client.boxes) if not n.startswith(("_", "with_"))]
        assert len(names) == 1, names  # the one operation, whatever the naming rule calls it
        box = getattr(client.boxes, names[0])()
    assert box.id == "b1"
    assert box.label == {"any": ["json", 1, None]}  # any JSON value is accepted


def test_a_discriminator_entry_naming_nothing_is_dropped(tmp_path: Path) -> None:
    schemas = {
        "Box": {"oneOf": [{"$ref": "#/components/schemas/Cube"},
                          {"$ref": "#/components/schemas/Tube"}],
                "discriminator": {"propertyName": "shape", "mapping": {
                    "cube": "#/components/schemas/Cube", "tube": "#/components/schemas/Tube",
                    "cone": "#/components/schemas/Cone", "ball": "Ball"}}},
        "Cube": {"type": "object", "required": ["shape"], "properties": {
            "shape": {"type": "string"}, "side": {"type": "number"}}},
        "Tube": {"type": "object", "required": ["shape"], "properties": {
            "shape": {"type": "string"}, "length": {"type": "number"}}},
    }  # fmt: skip
    doc = _spec({"/boxes": {"get": {"operationId": "getBox", "responses": OK}}}, schemas)
    out_dir = tmp_path / "sdk"
    code, out = _generate(_write(tmp_path, doc), out_dir, "--no-smoke")
    assert code == 0, out
    warned = _warnings(out)
    assert len(warned) == 2, out
    assert any("entry 'cone' names nothing" in w and "/mapping/cone]" in w for w in warned)
    assert any("entry 'ball' names nothing" in w and "/mapping/ball]" in w for w in warned)
    models = import_package(out_dir, "tolerant").models
    cube = models.Cube.model_validate({"shape": "cube", "side": 2})
    assert cube.side == 2


def test_path_items_and_operations_of_the_wrong_shape_are_skipped(tmp_path: Path) -> None:
    doc = _spec({
        "/a": {"get": {"operationId": "getA", "responses": OK}},
        "/b": 42,
        "/c": {"get": ["list"], "post": {"operationId": "postC", "responses": OK}},
    })  # fmt: skip
    out_dir = tmp_path / "sdk"
    code, out = _generate(_write(tmp_path, doc), out_dir, "--no-smoke")
    assert code == 0, out
    warned = _warnings(out)
    assert len(warned) == 2, out
    assert "path item is a number, not a mapping; skipped [/paths/~1b]" in warned[0]
    assert "operation is a list, not a mapping; skipped [/paths/~1c/get]" in warned[1]
    pkg = import_package(out_dir, "tolerant")
    assert hasattr(pkg.Tolerant, "a") and hasattr(pkg.Tolerant, "c")


def test_an_unsupported_construct_in_one_operation_skips_that_operation(tmp_path: Path) -> None:
    bad_header = {"name": "X Bad Header", "in": "header", "schema": {"type": "string"}}
    doc = _spec({
        "/ok": {"get": {"operationId": "fine", "responses": OK}},
        "/bad": {"get": {"operationId": "broken", "parameters": [bad_header], "responses": OK}},
    })  # fmt: skip
    out_dir = tmp_path / "sdk"
    code, out = _generate(_write(tmp_path, doc), out_dir, "--no-smoke")
    assert code == 0, out
    warned = _warnings(out)
    assert len(warned) == 1, out
    assert "the operation is skipped" in warned[0]
    assert "[/paths/~1bad/get/parameters/0/name]" in warned[0]
    pkg = import_package(out_dir, "tolerant")
    assert hasattr(pkg.Tolerant, "ok") and not hasattr(pkg.Tolerant, "bad")


def test_dangling_refs_outside_schemas_drop_their_entry() -> None:
    doc = _spec({"/a": {
        "parameters": [{"$ref": "#/components/parameters/Gone"}],
        "get": {"operationId": "getA", "requestBody": {"$ref": "#/components/requestBodies/X"},
                "responses": {**OK, "default": {"$ref": "#/components/responses/Nope"}}},
    }})  # fmt: skip
    diags = Diagnostics()
    tolerance.apply(doc, diags)
    item = doc["paths"]["/a"]
    assert item["parameters"] == []
    assert "requestBody" not in item["get"]
    assert set(item["get"]["responses"]) == {"200"}
    assert sorted(d.pointer for d in diags.warnings) == [
        "/paths/~1a/get/requestBody",
        "/paths/~1a/get/responses/default",
        "/paths/~1a/parameters/0",
    ]


def test_a_ref_left_dangling_by_a_drop_is_degraded_too() -> None:
    doc = _spec({"/a": {"get": {"operationId": "getA", "responses": OK,
                                "parameters": [{"$ref": "#/components/parameters/P"}]}}})
    doc["components"]["parameters"] = {"P": {"$ref": "#/components/parameters/Gone"}}
    diags = Diagnostics()
    tolerance.apply(doc, diags)
    assert doc["paths"]["/a"]["get"]["parameters"] == []
    assert doc["components"]["parameters"] == {}
    assert [d.pointer for d in diags.warnings] == [
        "/components/parameters/P", "/paths/~1a/get/parameters/0"]  # fmt: skip


def test_refs_inside_examples_and_extensions_are_data_not_references() -> None:
    doc = _spec({"/a": {"get": {"operationId": "getA", "responses": OK}}}, {
        "Box": {"type": "object", "example": {"$ref": "#/nowhere"},
                "x-note": {"$ref": "#/nowhere"}, "default": {"$ref": "#/nowhere"},
                "properties": {"default": {"type": "string"}}},
    })  # fmt: skip
    diags = Diagnostics()
    tolerance.apply(doc, diags)
    assert not diags.items
    assert doc["components"]["schemas"]["Box"]["example"] == {"$ref": "#/nowhere"}


def test_a_percent_encoded_ref_is_read_as_a_uri_fragment() -> None:
    doc = _spec({"/a": {"get": {"operationId": "getA", "responses": {"200": {
        "description": "ok", "content": {"text/plain; charset=utf-8": {"schema": {
            "type": "string"}}}}, "201": {"description": "ok", "content": {"text/plain": {
                "schema": {"$ref": "#/paths/~1a/get/responses/200/content/"
                           "text~1plain;%20charset=utf-8/schema"}}}}}}}})  # fmt: skip
    diags = Diagnostics()
    tolerance.apply(doc, diags)
    assert not diags.warnings
    ref = doc["paths"]["/a"]["get"]["responses"]["201"]["content"]["text/plain"]["schema"]
    assert ref["$ref"].endswith("text~1plain; charset=utf-8/schema")


def test_a_schema_ref_to_a_non_schema_component_types_it_as_any_json_value(
    tmp_path: Path,
) -> None:
    # `{$ref: '#/components/responses/Problem'}` where a schema is expected (a property).
    doc = _spec(
        {"/boxes": {"get": {"operationId": "listBoxes", "responses": OK}}},
        {"Box": {"type": "object", "properties": {
            "id": {"type": "string"}, "err": {"$ref": "#/components/responses/Problem"}}}},
    )  # fmt: skip
    doc["components"]["responses"] = {"Problem": {"description": "a response, not a schema"}}
    out_dir = tmp_path / "sdk"
    code, out = _generate(_write(tmp_path, doc), out_dir)  # with the smoke test
    assert code == 0, out
    warned = _warnings(out)
    assert len(warned) == 1, out
    assert "names an entry of components/responses where a schema is expected" in warned[0]
    assert "[/components/schemas/Box/properties/err]" in warned[0]
    code, out = _generate(_write(tmp_path, doc), tmp_path / "strict", "--strict", "--no-smoke")
    assert code == 1 and "components/responses" in out and not (tmp_path / "strict").exists()


def test_a_security_scheme_with_an_unsendable_header_name_is_dropped(tmp_path: Path) -> None:
    doc = _spec({"/boxes": {"get": {"operationId": "listBoxes", "responses": OK}}})
    doc["components"]["securitySchemes"] = {
        "Good": {"type": "http", "scheme": "bearer"},
        "Bad": {"type": "apiKey", "in": "header", "name": "Vendor API Key"},
    }
    doc["security"] = [{"Bad": []}, {"Good": []}]
    out_dir = tmp_path / "sdk"
    code, out = _generate(_write(tmp_path, doc), out_dir, "--no-smoke")
    assert code == 0, out
    warned = _warnings(out)
    assert len(warned) == 1 and "the security scheme is dropped" in warned[0], out
    assert "[/components/securitySchemes/Bad/name]" in warned[0]
    pkg = import_package(out_dir, "tolerant")
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"id": "b1"})

    http = httpx.Client(transport=httpx.MockTransport(answer))
    with pkg.Tolerant(api_key="k", base_url="http://t.test", http_client=http) as client:
        names = [n for n in dir(client.boxes) if not n.startswith(("_", "with_"))]
        getattr(client.boxes, names[0])()
    assert seen[0].headers["authorization"] == "Bearer k"  # the scheme that can be sent
    code, out = _generate(_write(tmp_path, doc), tmp_path / "strict", "--strict", "--no-smoke")
    assert code == 1 and "Vendor API Key" in out and not (tmp_path / "strict").exists()


# --- --strict: the same pieces refuse ----------------------------------------------------------


def test_strict_refuses_what_tolerance_degrades_and_writes_nothing(tmp_path: Path) -> None:
    doc = _spec(
        {"/a": {"get": {"operationId": "getA", "responses": OK}}, "/b": 42},
        {"Box": {"type": "object", "properties": {"x": {"$ref": "#/components/schemas/No"}}}},
    )
    out_dir = tmp_path / "sdk"
    code, out = _generate(_write(tmp_path, doc), out_dir, "--strict", "--no-smoke")
    assert code == 1, out
    assert "points to nothing" in out and "[/paths/~1b]" in out
    assert "Traceback" not in out
    assert not out_dir.exists()


# --- refused -----------------------------------------------------------------------------------


def test_a_spec_that_keeps_no_operation_is_refused(tmp_path: Path) -> None:
    doc = _spec({"/b": 42, "/c": {"get": ["list"]}})
    out_dir = tmp_path / "sdk"
    code, out = _generate(_write(tmp_path, doc), out_dir, "--no-smoke")
    assert code == 1, out
    assert "no operation is left after skipping the broken ones" in out
    assert len(_warnings(out)) == 2  # each skipped piece is still named
    assert not out_dir.exists()


def test_a_spec_with_no_operation_at_all_is_refused(tmp_path: Path) -> None:
    code, out = _generate(_write(tmp_path, _spec({})), tmp_path / "sdk", "--no-smoke")
    assert code == 1 and "the spec declares no operation" in out
    assert not (tmp_path / "sdk").exists()


def test_neither_paths_nor_webhooks_is_refused(tmp_path: Path) -> None:
    doc = {"openapi": "3.1.0", "info": {"title": "T", "version": "1"}}
    code, out = _generate(_write(tmp_path, doc), tmp_path / "sdk", "--no-smoke")
    assert code == 1 and "has no `paths`" in out


def test_unreadable_and_non_openapi_documents_are_refused(tmp_path: Path) -> None:
    for name, text in (("broken.json", '{"openapi": '), ("other.yaml", "name: not an api\n")):
        code, out = _generate(_write(tmp_path, text, name), tmp_path / "sdk", "--no-smoke")
        assert code == 1, out
        assert "Traceback" not in out
        assert not (tmp_path / "sdk").exists()
