"""Each normalize step repairs one quirk and reports it with its JSON pointer."""

from __future__ import annotations

from typing import Any

from generator.diagnostics import Diagnostics, Level
from generator.normalize import normalize


def spec(schemas: dict[str, Any], paths: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": paths or {},
        "components": {"schemas": schemas},
    }


def run(doc: dict[str, Any]) -> Diagnostics:
    diags = Diagnostics(file="spec.yaml")
    normalize(doc, diags)
    return diags


def test_fern_string_literal_enum_items_are_unwrapped() -> None:
    doc = spec({"F": {"type": "string", "enum": [{"type": "stringLiteral", "value": "text"}]}})
    diags = run(doc)
    assert doc["components"]["schemas"]["F"]["enum"] == ["text"]
    (warning,) = diags.warnings
    assert warning.pointer == "/components/schemas/F/enum"


def test_value_enum_items_are_unwrapped() -> None:
    doc = spec({"R": {"type": "string", "enum": [{"value": "stop"}, {"value": "length"}]}})
    run(doc)
    assert doc["components"]["schemas"]["R"]["enum"] == ["stop", "length"]


def test_real_object_enums_are_left_alone() -> None:
    items = [{"value": 1, "other": 2}]
    doc = spec({"O": {"type": "object", "enum": items}})
    diags = run(doc)
    assert doc["components"]["schemas"]["O"]["enum"] == items
    assert not diags.warnings


def test_three_nullable_spellings_become_one() -> None:
    doc = spec(
        {
            "A": {"type": "string", "nullable": True},
            "B": {"type": ["integer", "null"]},
            "C": {"oneOf": [{"$ref": "#/components/schemas/A"}, {"type": "null"}]},
            "D": {"type": "string", "enum": ["x", None]},
        }
    )
    diags = run(doc)
    schemas = doc["components"]["schemas"]
    assert schemas["A"] == {"type": "string", "nullable": True}
    assert schemas["B"] == {"type": "integer", "nullable": True}
    assert schemas["C"] == {"oneOf": [{"$ref": "#/components/schemas/A"}], "nullable": True}
    assert schemas["D"] == {"type": "string", "enum": ["x"], "nullable": True}
    assert not diags.warnings  # standard constructs: notes, not warnings
    assert {d.pointer for d in diags.items if d.level is Level.NOTE} >= {
        "/components/schemas/B",
        "/components/schemas/C",
    }


def test_multi_type_list_becomes_any_of() -> None:
    doc = spec({"M": {"type": ["string", "array"], "items": {"type": "integer"}}})
    run(doc)
    assert doc["components"]["schemas"]["M"] == {
        "anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "integer"}}]
    }


def test_nested_tags_are_flattened() -> None:
    doc = spec({}, {"/x": {"get": {"tags": [["subpackage_x"], "y"], "responses": {}}}})
    diags = run(doc)
    assert doc["paths"]["/x"]["get"]["tags"] == ["subpackage_x", "y"]
    assert diags.warnings[0].pointer == "/paths/~1x/get/tags"


def test_authorization_header_becomes_bearer_auth() -> None:
    op = {
        "parameters": [{"name": "Authorization", "in": "header", "required": True}],
        "responses": {},
    }
    doc = spec({}, {"/x": {"post": op}})
    diags = run(doc)
    assert op["parameters"] == []
    assert op["security"] == [{"bearerAuth": []}]
    assert doc["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    assert diags.warnings[0].pointer == "/paths/~1x/post/parameters/0"


def test_openapi_version_read_as_number_gets_a_hint() -> None:
    doc = spec({})
    doc["openapi"] = 3.0
    diags = run(doc)
    assert doc["openapi"] == "3.0.0"
    assert "quote it" in diags.warnings[0].hint


def test_unsupported_versions_are_errors() -> None:
    for bad in ({"openapi": "4.0.0", "paths": {}}, {"swaggerVersion": "1.2"}, {"info": {}}):
        diags = run(dict(bad))
        assert diags.has_errors, bad


def test_line_numbers_come_from_the_yaml_source(tmp_path: Any) -> None:
    from generator.load import load_spec

    path = tmp_path / "s.yaml"
    path.write_text(
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n"
        "    F:\n      type: string\n      enum:\n        - value: a\n"
    )
    diags = Diagnostics(file=str(path))
    loaded = load_spec(str(path), diags)
    assert loaded is not None
    diags.positions = loaded.positions
    normalize(loaded.data, diags)
    (warning,) = diags.warnings
    assert (warning.line, warning.column) == (9, 9)
    assert warning.format().startswith(f"{path}:9:9: warning: ")


def test_value_enum_items_with_other_keys_are_unwrapped() -> None:
    items = [
        {"value": "active", "docs": "In use"},
        {"value": "gone", "docs": "Deleted", "name": "GONE", "availability": "beta"},
    ]
    doc = spec({"S": {"type": "string", "enum": items}, "U": {"enum": [{"value": 1, "docs": "x"}]}})
    diags = run(doc)
    assert doc["components"]["schemas"]["S"]["enum"] == ["active", "gone"]
    assert doc["components"]["schemas"]["U"]["enum"] == [1]
    assert [w.pointer for w in diags.warnings] == [
        "/components/schemas/S/enum",
        "/components/schemas/U/enum",
    ]


def test_untyped_enum_of_objects_with_unknown_keys_is_left_alone() -> None:
    items = [{"value": 1, "unit": "kg"}]
    doc = spec({"S": {"enum": items}})
    run(doc)
    assert doc["components"]["schemas"]["S"]["enum"] == items
