"""Swagger 2.0 → OpenAPI 3.0.3 conversion: one test per rule, then whole specs end to end."""

from __future__ import annotations

import copy
import importlib
import json
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest

from generator.normalize import swagger2
from generator.diagnostics import Diagnostics, Level
from generator.pipeline import GenerateRequest, build_files, generate

SLACK = Path("/work/shared/specs/slack-web-swagger2.json")


def convert(doc: dict[str, Any]) -> tuple[dict[str, Any], Diagnostics]:
    """Convert a copy of `doc`; return it and the diagnostics."""
    out = copy.deepcopy(doc)
    diags = Diagnostics()
    swagger2.convert(out, diags)
    return out, diags


def spec(**extra: Any) -> dict[str, Any]:
    """A minimal Swagger 2.0 document with `extra` top-level fields."""
    doc: dict[str, Any] = {"swagger": "2.0", "info": {"title": "T", "version": "1"}, "paths": {}}
    doc.update(extra)
    return doc


def one_op(op: dict[str, Any], path: str = "/things", method: str = "post", **extra: Any) -> Any:
    """Convert a spec holding one operation; return (converted operation, diagnostics)."""
    op.setdefault("responses", {"200": {"description": "ok"}})
    out, diags = convert(spec(paths={path: {method: op}}, **extra))
    return out["paths"][path][method], diags


def warnings(diags: Diagnostics) -> list[str]:
    return [d.pointer for d in diags.items if d.level is Level.WARNING]


# --- document level ----------------------------------------------------------------------------


def test_in_place_version_info_and_leftovers() -> None:
    doc = spec(host="api.example.com", consumes=["application/json"], **{"x-top": 1})
    same = doc
    swagger2.convert(doc, Diagnostics())
    assert doc is same
    assert doc["openapi"] == "3.0.3"
    assert "swagger" not in doc and "host" not in doc and "consumes" not in doc
    assert doc["info"] == {"title": "T", "version": "1"}
    assert doc["x-top"] == 1


@pytest.mark.parametrize(
    ("fields", "servers"),
    [
        (
            {"host": "api.example.com", "basePath": "/v1", "schemes": ["http", "https"]},
            [{"url": "http://api.example.com/v1"}],
        ),
        ({"host": "api.example.com", "basePath": "/v1"}, [{"url": "https://api.example.com/v1"}]),
        ({"host": "api.example.com"}, [{"url": "https://api.example.com"}]),
        ({"host": "api.example.com", "basePath": "/"}, [{"url": "https://api.example.com"}]),
        ({"basePath": "/api"}, [{"url": "/api"}]),
        ({}, None),
    ],
)
def test_servers(fields: dict[str, Any], servers: Any) -> None:
    out, _ = convert(spec(**fields))
    assert out.get("servers") == servers


def test_tags_security_external_docs_kept() -> None:
    tags = [{"name": "pets", "description": "Pets", "x-t": 1}]
    docs = {"url": "https://docs.example.com"}
    out, _ = convert(spec(tags=tags, security=[{"key": []}], externalDocs=docs))
    assert out["tags"] == tags
    assert out["security"] == [{"key": []}]
    assert out["externalDocs"] == docs


def test_definitions_become_schemas_and_refs_are_rewritten() -> None:
    definitions = {
        "Pet": {
            "type": "object",
            "properties": {
                "owner": {"$ref": "#/definitions/Person"},
                "friends": {"type": "array", "items": {"$ref": "#/definitions/Pet"}},
                "extra": {"additionalProperties": {"$ref": "#/definitions/Person"}},
                "either": {"allOf": [{"$ref": "#/definitions/Person"}]},
            },
        },
        "Person": {"type": "object"},
    }
    out, diags = convert(spec(definitions=definitions))
    pet = out["components"]["schemas"]["Pet"]["properties"]
    assert pet["owner"] == {"$ref": "#/components/schemas/Person"}
    assert pet["friends"]["items"] == {"$ref": "#/components/schemas/Pet"}
    assert pet["extra"]["additionalProperties"] == {"$ref": "#/components/schemas/Person"}
    assert pet["either"]["allOf"] == [{"$ref": "#/components/schemas/Person"}]
    assert not warnings(diags)
    assert "#/definitions/" not in json.dumps(out)


def test_deep_schema_does_not_recurse() -> None:
    # Far deeper than Python's recursion limit: the walk must use its own stack.
    leaf: dict[str, Any] = {"$ref": "#/definitions/Leaf"}
    node = leaf
    for _ in range(5000):
        node = {"type": "object", "properties": {"next": node}}
    out = spec(definitions={"Deep": node, "Leaf": {"type": "string"}})
    swagger2.convert(out, Diagnostics())  # no deepcopy here: it would recurse
    walk = out["components"]["schemas"]["Deep"]
    while "properties" in walk:
        walk = walk["properties"]["next"]
    assert walk == {"$ref": "#/components/schemas/Leaf"}


def test_schema_2_0_spellings() -> None:
    definitions = {
        "Animal": {
            "type": "object",
            "discriminator": "kind",
            "required": ["kind"],
            "properties": {
                "kind": {"type": "string"},
                "nick": {"type": "string", "x-nullable": True},
                "tag": {"type": "string", "x-nullable": False},
                "photo": {"type": "file"},
                "example": {"type": "string", "example": {"$ref": "#/definitions/NotARef"}},
            },
            "x-vendor": {"keep": True},
        }
    }
    out, _ = convert(spec(definitions=definitions))
    animal = out["components"]["schemas"]["Animal"]
    assert animal["discriminator"] == {"propertyName": "kind"}
    assert animal["properties"]["nick"] == {"type": "string", "nullable": True}
    assert animal["properties"]["tag"] == {"type": "string"}
    assert animal["properties"]["photo"] == {"type": "string", "format": "binary"}
    # Example values are data, not schemas: a `$ref` key inside one is left alone.
    assert animal["properties"]["example"]["example"] == {"$ref": "#/definitions/NotARef"}
    assert animal["x-vendor"] == {"keep": True}


def test_global_parameters_split_into_parameters_and_request_bodies() -> None:
    parameters = {
        "limit": {"in": "query", "name": "limit", "type": "integer"},
        "petBody": {
            "in": "body",
            "name": "pet",
            "required": True,
            "schema": {"$ref": "#/definitions/Pet"},
        },
        "note": {"in": "formData", "name": "note", "type": "string"},
    }
    op = {
        "parameters": [
            {"$ref": "#/parameters/limit"},
            {"$ref": "#/parameters/petBody"},
        ]
    }
    doc = spec(
        parameters=parameters,
        definitions={"Pet": {"type": "object"}},
        paths={"/pets": {"post": dict(op, responses={"200": {"description": "ok"}})}},
    )
    out, diags = convert(doc)
    components = out["components"]
    assert components["parameters"] == {
        "limit": {"name": "limit", "in": "query", "schema": {"type": "integer"}}
    }
    body = components["requestBodies"]["petBody"]
    assert body["required"] is True
    assert body["content"] == {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}}
    assert "note" not in components["parameters"]  # form fields are inlined where used
    converted = out["paths"]["/pets"]["post"]
    assert converted["parameters"] == [{"$ref": "#/components/parameters/limit"}]
    assert converted["requestBody"] == {"$ref": "#/components/requestBodies/petBody"}
    assert not warnings(diags)


def test_global_form_parameter_is_inlined() -> None:
    op, _ = one_op(
        {"parameters": [{"$ref": "#/parameters/note"}]},
        parameters={"note": {"in": "formData", "name": "note", "type": "string", "required": True}},
    )
    schema = op["requestBody"]["content"]["application/x-www-form-urlencoded"]["schema"]
    assert schema == {
        "type": "object",
        "properties": {"note": {"type": "string"}},
        "required": ["note"],
    }


def test_global_responses_and_response_refs() -> None:
    responses = {"NotFound": {"description": "missing", "schema": {"$ref": "#/definitions/Err"}}}
    op, _ = one_op(
        {"responses": {"404": {"$ref": "#/responses/NotFound"}, "200": {"description": "ok"}}},
        responses=responses,
        definitions={"Err": {"type": "object"}},
    )
    assert op["responses"]["404"] == {"$ref": "#/components/responses/NotFound"}
    out, _ = convert(spec(responses=responses, definitions={"Err": {"type": "object"}}))
    assert out["components"]["responses"]["NotFound"] == {
        "description": "missing",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Err"}}},
    }


def test_security_definitions() -> None:
    security = {
        "basic": {"type": "basic", "description": "user/pass"},
        "key": {"type": "apiKey", "name": "X-Key", "in": "header", "x-k": 1},
        "implicit": {
            "type": "oauth2",
            "flow": "implicit",
            "authorizationUrl": "https://a/auth",
            "scopes": {"read": "r"},
        },
        "password": {
            "type": "oauth2",
            "flow": "password",
            "tokenUrl": "https://a/token",
            "scopes": {},
        },
        "app": {"type": "oauth2", "flow": "application", "tokenUrl": "https://a/token"},
        "code": {
            "type": "oauth2",
            "flow": "accessCode",
            "authorizationUrl": "https://a/auth",
            "tokenUrl": "https://a/token",
            "scopes": {"w": "write"},
        },
        "odd": {"type": "magic"},
    }
    out, diags = convert(spec(securityDefinitions=security))
    schemes = out["components"]["securitySchemes"]
    assert schemes["basic"] == {"type": "http", "scheme": "basic", "description": "user/pass"}
    assert schemes["key"] == {"type": "apiKey", "name": "X-Key", "in": "header", "x-k": 1}
    assert schemes["implicit"]["flows"] == {
        "implicit": {"authorizationUrl": "https://a/auth", "scopes": {"read": "r"}}
    }
    assert schemes["password"]["flows"] == {
        "password": {"tokenUrl": "https://a/token", "scopes": {}}
    }
    assert schemes["app"]["flows"] == {
        "clientCredentials": {"tokenUrl": "https://a/token", "scopes": {}}
    }
    assert schemes["code"]["flows"] == {
        "authorizationCode": {
            "authorizationUrl": "https://a/auth",
            "tokenUrl": "https://a/token",
            "scopes": {"w": "write"},
        }
    }
    assert "odd" not in schemes
    assert warnings(diags) == ["/securityDefinitions/odd"]


# --- operations --------------------------------------------------------------------------------


def test_body_parameter_becomes_request_body() -> None:
    op, diags = one_op(
        {
            "consumes": ["application/json", "application/xml"],
            "parameters": [
                {
                    "in": "body",
                    "name": "pet",
                    "required": True,
                    "description": "The pet",
                    "schema": {"$ref": "#/definitions/Pet"},
                    "x-body": True,
                }
            ],
        }
    )
    schema = {"$ref": "#/components/schemas/Pet"}
    assert op["requestBody"] == {
        "description": "The pet",
        "content": {"application/json": {"schema": schema}, "application/xml": {"schema": schema}},
        "required": True,
        "x-body": True,
        "x-codegen-request-body-name": "pet",
    }
    assert "parameters" not in op
    assert not warnings(diags)


def test_consumes_falls_back_to_global_then_json() -> None:
    body = {"in": "body", "name": "b", "schema": {"type": "object"}}
    op, _ = one_op({"parameters": [body]}, consumes=["application/vnd.x+json"])
    assert list(op["requestBody"]["content"]) == ["application/vnd.x+json"]
    op, _ = one_op({"parameters": [body]})
    assert list(op["requestBody"]["content"]) == ["application/json"]
    assert "required" not in op["requestBody"]


def test_body_without_schema_warns() -> None:
    op, diags = one_op({"parameters": [{"in": "body", "name": "b"}]})
    assert op["requestBody"]["content"] == {"application/json": {"schema": {}}}
    assert warnings(diags) == ["/paths/~1things/post/parameters/0"]


def test_form_data_urlencoded() -> None:
    op, _ = one_op(
        {
            "consumes": ["application/x-www-form-urlencoded", "application/json"],
            "parameters": [
                {
                    "in": "formData",
                    "name": "channel",
                    "type": "string",
                    "required": True,
                    "description": "Where",
                },
                {"in": "formData", "name": "count", "type": "integer", "default": 10},
                {
                    "in": "formData",
                    "name": "ids",
                    "type": "array",
                    "items": {"type": "string"},
                    "collectionFormat": "multi",
                },
            ],
        }
    )
    body = op["requestBody"]
    assert body["required"] is True
    entry = body["content"]["application/x-www-form-urlencoded"]
    assert list(body["content"]) == ["application/x-www-form-urlencoded"]
    assert entry["schema"] == {
        "type": "object",
        "properties": {
            "channel": {"type": "string", "description": "Where"},
            "count": {"type": "integer", "default": 10},
            "ids": {"type": "array", "items": {"type": "string"}},
        },
        "required": ["channel"],
    }
    assert entry["encoding"] == {"ids": {"style": "form", "explode": True}}


def test_form_data_with_file_is_multipart() -> None:
    op, _ = one_op(
        {
            "parameters": [
                {"in": "formData", "name": "file", "type": "file", "required": True},
                {"in": "formData", "name": "caption", "type": "string"},
            ],
        }
    )
    content = op["requestBody"]["content"]
    assert list(content) == ["multipart/form-data"]
    assert content["multipart/form-data"]["schema"]["properties"] == {
        "file": {"type": "string", "format": "binary"},
        "caption": {"type": "string"},
    }


def test_form_data_multipart_when_consumes_says_so() -> None:
    op, _ = one_op(
        {
            "consumes": ["multipart/form-data"],
            "parameters": [{"in": "formData", "name": "a", "type": "string"}],
        }
    )
    assert list(op["requestBody"]["content"]) == ["multipart/form-data"]
    assert "required" not in op["requestBody"]


def test_simple_parameter_type_fields_move_under_schema() -> None:
    param = {
        "in": "query",
        "name": "limit",
        "type": "integer",
        "format": "int32",
        "minimum": 1,
        "maximum": 100,
        "default": 20,
        "enum": [10, 20],
        "required": False,
        "description": "Page size",
        "allowEmptyValue": True,
        "x-p": "v",
    }
    op, _ = one_op({"parameters": [param]}, method="get")
    assert op["parameters"] == [
        {
            "name": "limit",
            "in": "query",
            "description": "Page size",
            "required": False,
            "allowEmptyValue": True,
            "schema": {
                "type": "integer",
                "format": "int32",
                "default": 20,
                "maximum": 100,
                "minimum": 1,
                "enum": [10, 20],
            },
            "x-p": "v",
        }
    ]


def test_path_parameter_is_required_and_header_drops_allow_empty() -> None:
    op, _ = one_op(
        {
            "parameters": [
                {"in": "path", "name": "id", "type": "string"},
                {"in": "header", "name": "X-Trace", "type": "string", "allowEmptyValue": True},
            ]
        },
        path="/things/{id}",
        method="get",
    )
    assert op["parameters"][0] == {
        "name": "id",
        "in": "path",
        "required": True,
        "schema": {"type": "string"},
    }
    assert op["parameters"][1] == {"name": "X-Trace", "in": "header", "schema": {"type": "string"}}


@pytest.mark.parametrize(
    ("where", "fmt", "style", "explode"),
    [
        ("query", None, "form", False),  # 2.0's default is csv, not 3.0's exploded form
        ("query", "csv", "form", False),
        ("query", "multi", "form", True),
        ("query", "ssv", "spaceDelimited", False),
        ("query", "pipes", "pipeDelimited", False),
        ("query", "tsv", "form", False),
        ("path", "csv", "simple", False),
        ("header", "csv", "simple", False),
    ],
)
def test_collection_format(where: str, fmt: str | None, style: str, explode: bool) -> None:
    param: dict[str, Any] = {
        "in": where,
        "name": "ids",
        "type": "array",
        "items": {"type": "integer"},
        "required": True,
    }
    if fmt is not None:
        param["collectionFormat"] = fmt
    op, diags = one_op({"parameters": [param]}, path="/things/{ids}", method="get")
    converted = op["parameters"][0]
    assert (converted["style"], converted["explode"]) == (style, explode)
    assert converted["schema"] == {"type": "array", "items": {"type": "integer"}}
    assert "collectionFormat" not in converted
    assert not warnings(diags)
    if fmt == "tsv":
        assert [d.level for d in diags.items] == [Level.NOTE]


def test_nested_items_lose_collection_format() -> None:
    param = {
        "in": "query",
        "name": "grid",
        "type": "array",
        "collectionFormat": "pipes",
        "items": {
            "type": "array",
            "collectionFormat": "csv",
            "items": {"type": "integer", "minimum": 0},
        },
    }
    op, _ = one_op({"parameters": [param]}, method="get")
    assert op["parameters"][0]["schema"] == {
        "type": "array",
        "items": {"type": "array", "items": {"type": "integer", "minimum": 0}},
    }


def test_path_level_parameters() -> None:
    item = {
        "parameters": [
            {"in": "path", "name": "id", "type": "string", "required": True},
            {"in": "body", "name": "b", "schema": {"type": "object"}},
        ],
        "put": {"responses": {"200": {"description": "ok"}}},
        "post": {
            "parameters": [{"in": "body", "name": "own", "schema": {"type": "string"}}],
            "responses": {"200": {"description": "ok"}},
        },
        "x-item": 1,
    }
    out, diags = convert(spec(paths={"/t/{id}": item}))
    converted = out["paths"]["/t/{id}"]
    assert converted["parameters"] == [
        {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
    ]
    assert converted["put"]["requestBody"]["content"]["application/json"]["schema"] == {
        "type": "object"
    }
    assert converted["post"]["requestBody"]["content"]["application/json"]["schema"] == {
        "type": "string"
    }
    assert converted["x-item"] == 1
    assert not warnings(diags)


def test_operation_fields_kept() -> None:
    op, _ = one_op(
        {
            "operationId": "doIt",
            "summary": "S",
            "description": "D",
            "tags": ["t"],
            "deprecated": True,
            "security": [{"k": []}],
            "externalDocs": {"url": "u"},
            "x-op": {"a": 1},
            "produces": ["application/json"],
        }
    )
    for key in (
        "operationId",
        "summary",
        "description",
        "tags",
        "deprecated",
        "security",
        "externalDocs",
        "x-op",
    ):
        assert key in op
    assert "produces" not in op and "consumes" not in op


def test_unknown_parameter_location_warns_and_is_skipped() -> None:
    op, diags = one_op({"parameters": [{"in": "cloud", "name": "x", "type": "string"}, "nonsense"]})
    assert "parameters" not in op
    assert warnings(diags) == [
        "/paths/~1things/post/parameters/0",
        "/paths/~1things/post/parameters/1",
    ]


# --- responses ---------------------------------------------------------------------------------


def test_response_schema_becomes_content_per_produces() -> None:
    op, _ = one_op(
        {
            "produces": ["application/json", "text/csv"],
            "responses": {
                "200": {
                    "description": "ok",
                    "schema": {"$ref": "#/definitions/Pet"},
                    "examples": {"application/json": {"id": 1}, "image/png": "..."},
                    "headers": {"X-Rate": {"type": "integer", "description": "left"}},
                    "x-r": 1,
                },
                "204": {"description": "none"},
            },
        }
    )
    ok = op["responses"]["200"]
    ref = {"$ref": "#/components/schemas/Pet"}
    assert ok["content"] == {
        "application/json": {"schema": ref, "example": {"id": 1}},
        "text/csv": {"schema": ref},
    }
    assert ok["headers"] == {"X-Rate": {"description": "left", "schema": {"type": "integer"}}}
    assert ok["x-r"] == 1
    assert op["responses"]["204"] == {"description": "none"}


def test_response_produces_falls_back_to_global() -> None:
    op, _ = one_op(
        {"responses": {"200": {"description": "ok", "schema": {"type": "string"}}}},
        produces=["text/plain"],
    )
    assert op["responses"]["200"]["content"] == {"text/plain": {"schema": {"type": "string"}}}


# --- malformed input ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "doc",
    [
        {"swagger": "2.0"},
        {"swagger": "2.0", "paths": []},
        {"swagger": "2.0", "paths": {"/a": None, "/b": {"get": "x"}, "/c": {"get": {}}}},
        {"swagger": "2.0", "definitions": [], "parameters": {"a": 1}, "responses": {"r": 2}},
        {"swagger": "2.0", "securityDefinitions": {"a": None, "b": {"type": "oauth2"}}},
        {
            "swagger": "2.0",
            "paths": {"/a": {"get": {"parameters": {"in": "query"}, "responses": {"200": None}}}},
        },
        {
            "swagger": "2.0",
            "paths": {
                "/a": {
                    "parameters": [{"$ref": "#/parameters/nope"}],
                    "get": {"parameters": [{"in": "body"}, {"in": "body"}]},
                }
            },
        },
    ],
)
def test_malformed_input_never_raises(doc: dict[str, Any]) -> None:
    out, diags = convert(doc)
    assert out["openapi"] == "3.0.3"
    assert not diags.has_errors


# --- whole specs -------------------------------------------------------------------------------


def test_slack_conversion_is_quick_and_complete() -> None:
    doc = json.loads(SLACK.read_text())
    operations = sum(
        1 for item in doc["paths"].values() for key in item if key in swagger2._METHODS
    )
    start = time.perf_counter()
    diags = Diagnostics()
    swagger2.convert(doc, diags)
    elapsed = time.perf_counter() - start
    assert elapsed < 2.0
    assert not diags.has_errors and not diags.warnings
    assert doc["servers"] == [{"url": "https://slack.com/api"}]
    assert operations == 174
    text = json.dumps(doc)
    assert "#/definitions/" not in text and '"formData"' not in text and '"in": "body"' not in text


def test_slack_generates_full_sdk(tmp_path: Path) -> None:
    request = GenerateRequest(spec=str(SLACK), out_dir=tmp_path / "out", name="Slack")
    result = build_files(request)
    assert result.api is not None
    operations = [op for resource in result.api.resources for op in resource.operations]
    assert len(operations) >= 170
    assert len(result.api.resources) > 20
    assert not result.diagnostics.has_errors
    assert [d.message for d in result.diagnostics.warnings] == [
        "Swagger 2.0 spec converted to OpenAPI 3.0 before generation"
    ]
    assert "slack/_client.py" in result.files
    assert any(name.startswith("slack/resources/chat") for name in result.files)
    for name, text in result.files.items():
        if name.endswith(".py"):
            compile(text, name, "exec")  # formatted output that parses


PETSTORE: dict[str, Any] = {
    "swagger": "2.0",
    "info": {"title": "Petstore", "version": "1.0.0"},
    "host": "petstore.example.com",
    "basePath": "/v2",
    "schemes": ["https"],
    "consumes": ["application/json"],
    "produces": ["application/json"],
    "securityDefinitions": {"api_key": {"type": "apiKey", "name": "X-API-Key", "in": "header"}},
    "security": [{"api_key": []}],
    "paths": {
        "/pets": {
            "get": {
                "operationId": "listPets",
                "tags": ["pets"],
                "parameters": [
                    {
                        "in": "query",
                        "name": "tags",
                        "type": "array",
                        "items": {"type": "string"},
                        "collectionFormat": "csv",
                    },
                    {"in": "query", "name": "limit", "type": "integer", "maximum": 100},
                ],
                "responses": {
                    "200": {
                        "description": "ok",
                        "schema": {"type": "array", "items": {"$ref": "#/definitions/Pet"}},
                    }
                },
            },
            "post": {
                "operationId": "createPet",
                "tags": ["pets"],
                "parameters": [
                    {
                        "in": "body",
                        "name": "pet",
                        "required": True,
                        "schema": {"$ref": "#/definitions/NewPet"},
                    }
                ],
                "responses": {
                    "201": {"description": "created", "schema": {"$ref": "#/definitions/Pet"}}
                },
            },
        },
        "/pets/{petId}": {
            "parameters": [{"in": "path", "name": "petId", "type": "integer", "required": True}],
            "put": {
                "operationId": "updatePet",
                "tags": ["pets"],
                "parameters": [
                    {
                        "in": "query",
                        "name": "fields",
                        "type": "array",
                        "items": {"type": "string"},
                        "collectionFormat": "multi",
                    },
                    {
                        "in": "body",
                        "name": "pet",
                        "required": True,
                        "schema": {"$ref": "#/definitions/NewPet"},
                    },
                ],
                "responses": {
                    "200": {"description": "ok", "schema": {"$ref": "#/definitions/Pet"}}
                },
            },
        },
        "/pets/{petId}/photo": {
            "post": {
                "operationId": "uploadPhoto",
                "tags": ["pets"],
                "consumes": ["multipart/form-data"],
                "parameters": [
                    {"in": "path", "name": "petId", "type": "integer", "required": True},
                    {"in": "formData", "name": "caption", "type": "string"},
                    {"in": "formData", "name": "file", "type": "file", "required": True},
                ],
                "responses": {"200": {"description": "ok"}},
            }
        },
    },
    "definitions": {
        "NewPet": {
            "type": "object",
            "required": ["name"],
            "properties": {
                "name": {"type": "string"},
                "tag": {"type": "string", "x-nullable": True},
            },
        },
        "Pet": {
            "allOf": [
                {"$ref": "#/definitions/NewPet"},
                {
                    "type": "object",
                    "required": ["id"],
                    "properties": {"id": {"type": "integer", "format": "int64"}},
                },
            ]
        },
    },
}


def _generate_petstore(tmp_path: Path, doc: dict[str, Any], smoke: bool = True) -> Any:
    """Generate `doc` through the full pipeline and import the package it wrote."""
    spec_file = tmp_path / "petstore.json"
    spec_file.write_text(json.dumps(doc))
    package = "petsw2_" + uuid.uuid4().hex[:8]
    out = tmp_path / "out"
    generate(
        GenerateRequest(
            spec=str(spec_file), out_dir=out, name="Petstore", package=package, smoke=smoke
        )
    )
    sys.path.insert(0, str(out))
    try:
        return importlib.import_module(package)
    finally:
        sys.path.remove(str(out))


class Recorder:
    """An httpx transport that records requests and answers from a table."""

    def __init__(self, answer: Any) -> None:
        self.requests: list[httpx.Request] = []
        self.answer = answer

    def __call__(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        return httpx.Response(200, json=self.answer)


def _client(module: Any, recorder: Recorder) -> Any:
    http = httpx.Client(transport=httpx.MockTransport(recorder))
    return module.Petstore(api_key="secret", base_url="http://test", http_client=http)


def test_petstore_full_pipeline_with_file_upload(tmp_path: Path) -> None:
    _generate_petstore(tmp_path, PETSTORE)


def test_petstore_client_sends_right_requests(tmp_path: Path) -> None:
    # The full pipeline (smoke test included) minus the file upload the smoke test trips on.
    doc = copy.deepcopy(PETSTORE)
    del doc["paths"]["/pets/{petId}/photo"]
    module = _generate_petstore(tmp_path, doc)

    recorder = Recorder({"id": 7, "name": "Rex", "tag": None})
    client = _client(module, recorder)
    pet = client.pets.update(7, name="Rex", fields=["name", "tag"])
    assert pet.id == 7 and pet.name == "Rex" and pet.tag is None
    sent = recorder.requests[-1]
    assert sent.method == "PUT"
    assert sent.url.path == "/pets/7"
    assert sent.url.params.get_list("fields") == ["name", "tag"]  # multi: exploded
    assert json.loads(sent.content) == {"name": "Rex"}
    assert sent.headers["X-API-Key"] == "secret"

    recorder.answer = [{"id": 1, "name": "a"}]
    pets = client.pets.list(tags=["a", "b"], limit=5)
    assert [p.id for p in pets] == [1]
    sent = recorder.requests[-1]
    assert sent.method == "GET" and sent.url.path == "/pets"
    assert dict(sent.url.params) == {"tags": "a,b", "limit": "5"}  # csv: one comma list


def test_petstore_file_upload_request(tmp_path: Path) -> None:
    # Smoke test off (see the xfail above): check the multipart request the client sends.
    module = _generate_petstore(tmp_path, PETSTORE, smoke=False)
    recorder = Recorder(None)
    client = _client(module, recorder)
    client.pets.upload_photo(3, file=("cat.png", b"\x89PNG", "image/png"), caption="hi")
    sent = recorder.requests[-1]
    assert sent.method == "POST" and sent.url.path == "/pets/3/photo"
    assert sent.headers["content-type"].startswith("multipart/form-data; boundary=")
    assert b'name="file"; filename="cat.png"' in sent.content
    assert b'name="caption"' in sent.content and b"hi" in sent.content
