"""Schema conversion: reference chains, pointers, non-schema refs, discriminator mappings."""

from __future__ import annotations

import copy

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from generator import ir
from generator.build_ir import build_api
from generator.diagnostics import Diagnostics
from generator.names import capped, capped_file, snake
from generator.normalize import normalize
from generator.pointers import pointer_part
from generator.schemas import SchemaConverter


def build(doc: dict[str, Any]) -> tuple[ir.Api, Diagnostics]:
    diags = Diagnostics(file="spec.json")
    normalize(doc, diags)
    return build_api(doc, diags), diags


def doc_with(schemas: dict[str, Any], response: Any = None) -> dict[str, Any]:
    content = {"application/json": {"schema": response or {"$ref": "#/components/schemas/S0"}}}
    return {
        "openapi": "3.0.3",
        "info": {"title": "T", "version": "1"},
        "paths": {
            "/a": {
                "get": {
                    "operationId": "getA",
                    "responses": {"200": {"description": "ok", "content": content}},
                }
            }
        },
        "components": {"schemas": schemas},
    }


def chain(n: int, link: str) -> dict[str, Any]:
    """S0 -> S1 -> ... -> Sn, each link a bare `$ref`, a one-part or a two-part allOf."""
    schemas: dict[str, Any] = {}
    for i in range(n):
        ref = {"$ref": f"#/components/schemas/S{i + 1}"}
        if link == "ref":
            schemas[f"S{i}"] = ref
        elif link == "allof1":
            schemas[f"S{i}"] = {"allOf": [ref]}
        else:
            schemas[f"S{i}"] = {"allOf": [ref, {"description": f"link {i}"}]}
    schemas[f"S{n}"] = {"type": "object", "properties": {"end": {"type": "string"}}}
    return doc_with(schemas)


@contextmanager
def counting(monkeypatch: pytest.MonkeyPatch, method: str) -> Iterator[list[int]]:
    calls = [0]
    original = getattr(SchemaConverter, method)

    def wrapper(self: SchemaConverter, *args: Any, **kwargs: Any) -> Any:
        calls[0] += 1
        return original(self, *args, **kwargs)

    monkeypatch.setattr(SchemaConverter, method, wrapper)
    yield calls


# --- chains: linear work, no recursion depth ----------------------------------------------------

LINKS = 3000  # three times Python's default recursion limit


@pytest.mark.parametrize("link", ["ref", "allof1", "allof2"])
def test_long_chains_cost_linear_work_and_no_recursion(
    link: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert sys.getrecursionlimit() < LINKS
    with counting(monkeypatch, "resolve") as calls:
        start = time.perf_counter()
        api, diags = build(chain(LINKS, link))
        elapsed = time.perf_counter() - start
    assert not diags.errors, diags.errors[:3]
    assert len(api.schemas) == LINKS + 1
    # Each link's `$ref` is resolved a bounded number of times (quadratic work was ~n^2/2).
    assert calls[0] <= 4 * LINKS, calls[0]
    assert elapsed < 30, elapsed  # minutes before the fix on 2,000 links
    last = {s.name: s for s in api.schemas}["S0"]
    if link == "allof2":  # every link is an object with the end's property
        assert isinstance(last, ir.ObjectModel)
        assert [f.name for f in last.fields] == ["end"]
    else:
        assert isinstance(last, ir.AliasModel) and last.target == ir.Ref("S1")


def test_a_long_chain_still_finds_an_alias_cycle() -> None:
    schemas: dict[str, Any] = {
        f"S{i}": {"$ref": f"#/components/schemas/S{i + 1}"} for i in range(2000)
    }
    schemas["S2000"] = {"$ref": "#/components/schemas/S1000"}
    _api, diags = build(doc_with(schemas))
    (error,) = diags.errors
    assert "cycle with no type: S1000 -> S1001" in error.message
    assert error.pointer == "/components/schemas/S1000"


def test_allof_cycle_is_reported_not_recursed() -> None:
    schemas = {
        "S0": {"allOf": [{"$ref": "#/components/schemas/S1"}], "properties": {"a": {}}},
        "S1": {"allOf": [{"$ref": "#/components/schemas/S0"}], "properties": {"b": {}}},
    }
    _api, diags = build(doc_with(schemas))
    assert diags.errors and all("a cycle" in e.message for e in diags.errors)


def test_a_chain_of_refs_into_properties_is_followed_in_a_loop() -> None:
    n = 2000
    schemas: dict[str, Any] = {
        f"S{i}": {
            "type": "object",
            "properties": {"x": {"$ref": f"#/components/schemas/S{i + 1}/properties/x"}},
        }
        for i in range(n)
    }
    schemas[f"S{n}"] = {"type": "object", "properties": {"x": {"type": "integer"}}}
    api, diags = build(doc_with(schemas))
    assert not diags.errors
    first = {s.name: s for s in api.schemas}["S0"]
    assert isinstance(first, ir.ObjectModel) and first.fields[0].type == ir.Prim("integer")


# --- a non-schema component where a schema is expected -----------------------------------------


def test_a_parameter_ref_used_as_a_schema_is_reported_at_its_pointer() -> None:
    # The tolerance step degrades it (a warning; an error under --strict) to any JSON value;
    # the IR builder, reached without that step, still refuses it as an error.
    doc = doc_with(
        {"S0": {"type": "object", "properties": {"p": {"$ref": "#/components/parameters/Limit"}}}}
    )
    doc["components"]["parameters"] = {
        "Limit": {"name": "limit", "in": "query", "schema": {"type": "integer"}}
    }
    raw = copy.deepcopy(doc)
    api, diags = build(doc)
    assert not diags.errors
    (warning,) = [d for d in diags.items if "components/parameters" in d.message]
    assert "'#/components/parameters/Limit' names an entry of components/parameters" in (
        warning.message
    )
    assert warning.pointer == "/components/schemas/S0/properties/p"
    s0 = {s.name: s for s in api.schemas}["S0"]
    assert isinstance(s0, ir.ObjectModel) and s0.fields[0].type == ir.Prim("any")
    direct = Diagnostics(file="spec.json")
    build_api(raw, direct)
    (error,) = direct.errors
    assert "names an entry of components/parameters" in error.message
    assert error.pointer == "/components/schemas/S0/properties/p"


def test_the_schema_inside_a_parameter_is_a_schema() -> None:
    doc = doc_with(
        {
            "S0": {
                "type": "object",
                "properties": {"p": {"$ref": "#/components/parameters/Limit/schema"}},
            }
        }
    )
    doc["components"]["parameters"] = {
        "Limit": {"name": "limit", "in": "query", "schema": {"type": "integer"}}
    }
    api, diags = build(doc)
    assert not diags.errors
    model = {s.name: s for s in api.schemas}["S0"]
    assert isinstance(model, ir.ObjectModel) and model.fields[0].type == ir.Prim("integer")


# --- JSON pointers: RFC 6901 and percent-encoding ----------------------------------------------


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("a~1b", "a/b"),
        ("a~0b", "a~b"),
        ("~01", "~1"),  # ~1 is decoded first: `~01` is `~` then `1`
        ("a%20b", "a b"),
        ("application~1xml;%20charset=utf-8", "application/xml; charset=utf-8"),
        ("%7E1", "/"),  # percent-decoding comes before the ~ escapes
        ("100%", "100%"),
        ("%FF", "%FF"),
    ],
)
def test_pointer_steps_are_decoded(raw: str, key: str) -> None:
    assert pointer_part(raw)[0] == key


MEDIA_REF = "#/paths/~1a/get/responses/200/content/application~1xml;%20charset=utf-8/schema"


def test_refs_with_escaped_and_percent_encoded_steps_resolve() -> None:
    media = "application/xml; charset=utf-8"
    schemas = {
        "a/b~c": {"type": "string"},
        "With Space": {"type": "integer"},
        "50%off": {"type": "boolean"},
        "S0": {
            "type": "object",
            "properties": {
                "slash": {"$ref": "#/components/schemas/a~1b~0c"},
                "space": {"$ref": "#/components/schemas/With%20Space"},
                "percent": {"$ref": "#/components/schemas/50%off"},
                "media": {"$ref": MEDIA_REF},
            },
        },
    }
    doc = doc_with(schemas)
    doc["paths"]["/a"]["get"]["responses"]["200"]["content"][media] = {"schema": {"type": "number"}}
    api, diags = build(doc)
    assert not diags.errors, diags.errors
    model = {s.name: s for s in api.schemas}["S0"]
    assert isinstance(model, ir.ObjectModel)
    types = {f.name: f.type for f in model.fields}
    names = {s.pointer.rsplit("/", 1)[-1]: s.name for s in api.schemas}
    assert types["slash"] == ir.Ref(names["a~1b~0c"])
    assert types["space"] == ir.Ref(names["With Space"])
    assert types["percent"] == ir.Ref(names["50%off"])
    assert types["media"] == ir.Prim("number")


# --- discriminator mappings --------------------------------------------------------------------


def test_a_bare_schema_name_in_a_discriminator_mapping_names_that_component() -> None:
    pet = {
        "oneOf": [{"$ref": "#/components/schemas/Dog"}, {"$ref": "#/components/schemas/Cat"}],
        "discriminator": {
            "propertyName": "kind",
            "mapping": {"dog": "Dog", "cat": "#/components/schemas/Cat"},
        },
    }
    schemas = {
        "S0": pet,
        "Dog": {
            "type": "object",
            "properties": {"kind": {"type": "string"}, "bark": {"type": "string"}},
        },
        "Cat": {
            "type": "object",
            "properties": {"kind": {"type": "string"}, "purr": {"type": "string"}},
        },
    }
    api, diags = build(doc_with(schemas))
    assert not diags.errors, diags.errors
    union = {s.name: s for s in api.schemas}["S0"]
    assert isinstance(union, ir.UnionModel) and union.union.discriminator is not None
    assert dict(union.union.discriminator.mapping) == {"dog": "Dog", "cat": "Cat"}


def test_a_mapping_to_another_document_is_never_read() -> None:
    """No other document is read on a spec's behalf; under the tolerance rule the entry is
    dropped with a warning at its pointer (an error under --strict)."""
    pet = {
        "oneOf": [{"$ref": "#/components/schemas/Dog"}, {"$ref": "#/components/schemas/Cat"}],
        "discriminator": {"propertyName": "kind", "mapping": {"dog": "dog.json"}},
    }
    schemas = {
        "S0": pet,
        "Dog": {"type": "object", "properties": {"kind": {"type": "string"}}},
        "Cat": {"type": "object", "properties": {"kind": {"type": "string"}, "x": {}}},
    }
    api, diags = build(doc_with(schemas))
    (warning,) = [w for w in diags.warnings if "dog.json" in w.message]
    assert warning.pointer == "/components/schemas/S0/discriminator/mapping/dog"
    union = {s.name: s for s in api.schemas}["S0"]
    assert isinstance(union, ir.UnionModel)
    assert union.union.discriminator is None or "dog" not in dict(union.union.discriminator.mapping)


# --- enums and names ---------------------------------------------------------------------------


def test_an_enum_of_objects_only_is_typed_by_its_type_with_a_warning() -> None:
    schemas = {"S0": {"type": "object", "enum": [{"a": 1}, {"b": 2}]}}
    api, diags = build(doc_with(schemas))
    assert not diags.errors
    (model,) = api.schemas
    assert not isinstance(model, ir.EnumModel)
    assert any(w.pointer == "/components/schemas/S0/enum" for w in diags.warnings)


def test_long_names_are_capped_deterministically() -> None:
    long = "Very" + "Long" * 80
    a, b = capped(long), capped(long + "X")
    assert len(a) == 40 and a == capped(long) and a != b
    assert a.startswith("VeryLong") and a[-9] == "_" and int(a[-8:], 16) >= 0
    assert capped("Short") == "Short"
    schemas = {long: {"type": "object", "properties": {"x": {"type": "string"}}}}
    api, _diags = build(doc_with(schemas, {"$ref": f"#/components/schemas/{long}"}))
    (model,) = api.schemas
    assert model.name == a


def test_capped_names_survive_recasing_and_file_names_keep_their_extension() -> None:
    name = capped("x" * 300)
    assert snake(name) == name  # the digest stays one word: no `_0_afa_5` splitting
    page = capped_file("R" * 300 + ".md")
    assert len(page) == 64 and page.endswith(".md") and page == capped_file("R" * 300 + ".md")
    assert capped_file("README.md") == "README.md"
