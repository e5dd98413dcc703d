"""The intermediate model: names, unions, discriminators, streaming, stability of class names."""

from __future__ import annotations

from typing import Any

from generator import ir
from generator.build_ir import build_api
from generator.diagnostics import Diagnostics
from generator.normalize import normalize


def build(doc: dict[str, Any]) -> tuple[ir.Api, Diagnostics]:
    diags = Diagnostics(file="spec.yaml")
    normalize(doc, diags)
    return build_api(doc, diags), diags


def doc_with(schemas: dict[str, Any], paths: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "openapi": "3.0.3",
        "info": {"title": "T", "version": "1"},
        "paths": paths or {},
        "components": {"schemas": schemas},
    }


def names(api: ir.Api) -> list[str]:
    return [s.name for s in api.schemas]


def test_inline_objects_are_named_parent_property() -> None:
    api, _ = build(
        doc_with({"User": {"type": "object", "properties": {"home_address": {
            "type": "object", "properties": {"city": {"type": "string"}}}}}})  # fmt: skip
    )
    assert sorted(names(api)) == ["User", "UserHomeAddress"]


def test_adding_a_schema_never_renames_an_existing_class() -> None:
    base = {
        "Pet": {"type": "object", "properties": {"tag": {"type": "object", "properties": {
            "v": {"type": "string"}}}}},  # fmt: skip
        "pet_kind": {"type": "string", "enum": ["a"]},
    }
    before, _ = build(doc_with(dict(base)))
    # A new component whose name collides with the inline class `PetTag` and another that
    # collides case-insensitively with nothing but sorts first.
    after, _ = build(doc_with({"PetTag": {"type": "string"}, "AAA": {"type": "integer"}, **base}))
    kept = set(names(before)) - {"PetTag"}
    assert kept <= set(names(after))
    assert "PetTag" in names(after)  # the component keeps its own name; the inline one moves


def test_operation_names_drop_the_resource_noun() -> None:
    op = {"operationId": "create-completions", "tags": [["subpackage_completions"]],
          "responses": {"200": {"description": "ok"}}}  # fmt: skip
    api, _ = build(doc_with({}, {"/completions": {"post": op}}))
    (resource,) = api.resources
    assert resource.name == "completions"
    assert resource.operations[0].name == "create"


def test_operations_without_id_are_named_from_method_and_path() -> None:
    ok = {"responses": {"200": {"description": "ok"}}}
    api, _ = build(doc_with({}, {"/users": {"get": ok, "post": ok}, "/users/{id}": {"get": ok}}))
    (resource,) = api.resources
    assert [o.name for o in resource.operations] == ["list", "create", "retrieve"]


def test_duplicate_method_names_are_disambiguated_with_a_warning() -> None:
    # Two operations the `x` group names `get` (the group extension puts both in one resource).
    op = {"x-speakeasy-group": "x", "x-speakeasy-name-override": "get", "responses": {}}
    api, diags = build(doc_with({}, {"/a": {"get": dict(op)}, "/b": {"get": dict(op)}}))
    assert [o.name for o in api.resources[0].operations] == ["get", "retrieve_b"]
    assert any("retrieve_b" in w.message for w in diags.warnings)


def test_discriminator_inferred_from_single_value_enums() -> None:
    schemas = {
        "A": {"type": "object", "properties": {"kind": {"type": "string", "enum": ["a"]}}},
        "B": {"type": "object", "properties": {"kind": {"type": "string", "enum": ["b"]}}},
        "AB": {"oneOf": [{"$ref": "#/components/schemas/A"}, {"$ref": "#/components/schemas/B"}]},
    }
    api, _ = build(doc_with(schemas))
    union = next(s for s in api.schemas if s.name == "AB")
    assert isinstance(union, ir.UnionModel)
    assert union.union.discriminator == ir.Discriminator(
        "kind", (("a", "A"), ("b", "B")), inferred=True
    )


def test_declared_discriminator_with_mapping_pins_variant_tags() -> None:
    schemas = {
        "Cat": {"type": "object", "properties": {"pet_type": {"type": "string"}}},
        "Dog": {"type": "object", "properties": {"pet_type": {"type": "string"}}},
        "Pet": {
            "oneOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Dog"}],
            "discriminator": {"propertyName": "pet_type", "mapping": {"kitty": "#/components/schemas/Cat"}},
        },
    }  # fmt: skip
    api, _ = build(doc_with(schemas))
    by_name = {s.name: s for s in api.schemas}
    pet = by_name["Pet"]
    assert isinstance(pet, ir.UnionModel) and pet.union.discriminator is not None
    assert pet.union.discriminator.mapping == (("kitty", "Cat"), ("Dog", "Dog"))
    cat = by_name["Cat"]
    assert isinstance(cat, ir.ObjectModel)
    assert cat.fields[0].type == ir.EnumOf(("kitty",))
    assert not cat.fields[0].required  # as declared: a Cat on its own may omit the tag


def test_stream_flag_makes_a_chunk_model() -> None:
    schemas = {
        "Req": {"type": "object", "properties": {"stream": {"type": "boolean"}}},
        "Res": {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}}},
    }
    op = {
        "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Req"}}}},
        "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Res"}}}}},
    }  # fmt: skip
    api, _ = build(doc_with(schemas, {"/x": {"post": op}}))
    streaming = api.resources[0].operations[0].streaming
    assert streaming == ir.Streaming(
        "flag", ir.Ref("ResChunk"), "[DONE]", always=False, flag_field="stream"
    )
    chunk = next(s for s in api.schemas if s.name == "ResChunk")
    assert isinstance(chunk, ir.ObjectModel) and chunk.chunk_of == "Res"
    assert chunk.fields[0].required is False
    assert chunk.fields[0].type == ir.Nullable(ir.Prim("string"))


def test_declared_event_stream_is_detected() -> None:
    op = {"responses": {"200": {"description": "ok", "content": {"text/event-stream": {
        "schema": {"type": "object", "properties": {"delta": {"type": "string"}}}}}}}}  # fmt: skip
    api, _ = build(doc_with({}, {"/events": {"get": op}}))
    streaming = api.resources[0].operations[0].streaming
    assert streaming is not None and streaming.kind == "sse" and streaming.always


def test_cycle_of_bare_references_is_an_error() -> None:
    schemas = {"A": {"$ref": "#/components/schemas/B"}, "B": {"$ref": "#/components/schemas/A"}}
    _, diags = build(doc_with(schemas))
    assert diags.has_errors
    assert "cycle" in diags.errors[0].message


def test_recursive_object_is_fine() -> None:
    schemas = {"Node": {"type": "object", "properties": {
        "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}}}}}  # fmt: skip
    api, diags = build(doc_with(schemas))
    assert not diags.has_errors
    node = api.schemas[0]
    assert isinstance(node, ir.ObjectModel)
    assert node.fields[0].type == ir.ArrayOf(ir.Ref("Node"))


def test_remote_refs_are_refused() -> None:
    schemas = {"A": {"$ref": "https://example.com/schema.json"}, "B": {"$ref": "other.yaml#/X"}}
    _, diags = build(doc_with(schemas))
    messages = [e.message for e in diags.errors]
    assert len(messages) == 2 and all("not followed" in m for m in messages)


def _sse_with_flag(flag_type: str) -> dict[str, Any]:
    """An operation declaring JSON and an event stream, with a `stream` body field."""
    schemas = {
        "Req": {"type": "object", "properties": {"stream": {"type": flag_type}}},
        "Res": {"type": "object", "properties": {"id": {"type": "string"}}},
    }
    res = {"schema": {"$ref": "#/components/schemas/Res"}}
    op = {
        "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Req"}}}},
        "responses": {"200": {"description": "ok", "content": {"application/json": res, "text/event-stream": res}}},
    }  # fmt: skip
    return doc_with(schemas, {"/x": {"post": op}})


def test_event_stream_chosen_by_a_boolean_field_carries_its_wire_name() -> None:
    api, _ = build(_sse_with_flag("boolean"))
    streaming = api.resources[0].operations[0].streaming
    assert streaming is not None and streaming.kind == "sse" and not streaming.always
    assert streaming.flag_field == "stream"


def test_a_stream_field_that_is_not_boolean_is_no_flag() -> None:
    api, _ = build(_sse_with_flag("string"))
    # JSON and an event stream with nothing to choose between them: generated as JSON.
    assert api.resources[0].operations[0].streaming is None
