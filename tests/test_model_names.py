"""Model names a person would choose (issue 16): tagged union variants, titles, hoisted numbered
variants, dotted schema keys, shared enums named after their property, no filler docstrings."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from sdk_helpers import import_package

from generator import ir
from generator.build_ir import build_api
from generator.diagnostics import Diagnostics
from generator.model_names import enum_names, enum_uses, fit
from generator.normalize import normalize
from generator.pipeline import GenerateRequest, generate

OK = {"200": {"description": "ok", "content": {"application/json": {"schema": {}}}}}


def spec(schemas: dict[str, Any], paths: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": "Names", "version": "1"},
        "paths": paths or {"/things": {"get": {"operationId": "listThings", "responses": OK}}},
        "components": {"schemas": schemas},
    }


def build(doc: dict[str, Any]) -> ir.Api:
    doc = copy.deepcopy(doc)
    diags = Diagnostics(file="spec.json")
    normalize(doc, diags)
    api = build_api(doc, diags)
    assert not diags.has_errors, diags.items
    return api


def names(doc: dict[str, Any]) -> list[str]:
    return [s.name for s in build(doc).schemas]


def tagged(tag: str, key: str = "type", **extra: Any) -> dict[str, Any]:
    return {"type": "object", "required": [key], "properties": {key: {"const": tag}}, **extra}


def test_inline_variants_take_their_tag_or_title_never_an_index() -> None:
    union = {
        "oneOf": [
            tagged("text"),
            {"type": "object", "properties": {"type": {"enum": ["json_object"]}}},
            {"type": "object", "title": "grammar rule", "properties": {"g": {"type": "string"}}},
        ]
    }
    doc = spec({"Box": {"type": "object", "properties": {"format": union}}})
    found = names(doc)
    assert "BoxFormatText" in found and "BoxFormatJsonObject" in found
    assert "GrammarRule" in found  # a titled inline object is named by its title
    assert not any(n[-1].isdigit() for n in found), found


def test_components_numbered_as_their_unions_variants_are_named_by_tag() -> None:
    schemas = {
        "Reply": {"oneOf": [{"$ref": f"#/components/schemas/Reply{i}"} for i in range(3)]},
        "Reply0": tagged("text"),
        "Reply1": tagged("json_object"),
        "Reply2": {"type": "object", "properties": {"n": {"type": "integer"}}},  # no tag
        "Other7": tagged("python"),  # not a variant of `Other`: keeps its key
    }
    assert names(spec(schemas)) == ["Reply", "ReplyText", "ReplyJsonObject", "Reply2", "Other7"]
    # A name another component already has is not taken.
    schemas["ReplyText"] = {"type": "object", "properties": {"x": {"type": "string"}}}
    assert names(spec(schemas))[:3] == ["Reply", "Reply0", "ReplyJsonObject"]


def test_long_variant_names_drop_the_same_leading_words_and_fit_40() -> None:
    long = "CompletionCreateParamsResponseFormat"
    assert fit(long, ["Text", "JsonObject"]) == [
        "CreateParamsResponseFormatText",
        "CreateParamsResponseFormatJsonObject",
    ]
    schemas = {
        long: {"oneOf": [{"$ref": f"#/components/schemas/{long}{i}"} for i in range(2)]},
        f"{long}0": tagged("text"),
        f"{long}1": tagged("json_object"),
    }
    found = names(spec(schemas))
    assert found[1:] == ["CreateParamsResponseFormatText", "CreateParamsResponseFormatJsonObject"]
    assert all(len(n) <= 40 for n in found)


def test_dotted_keys_keep_their_last_part_and_grow_on_collision() -> None:
    obj = {"type": "object", "properties": {"a": {"type": "string"}}}
    schemas = {
        "io.k8s.api.core.v1.Pod": obj,
        "io.k8s.api.core.v1.Status": obj,
        "io.k8s.api.policy.v1.Status": obj,
        "io.k8s.api.core.v1.Event": obj,
        "Event": obj,
    }
    assert names(spec(schemas)) == ["Pod", "CoreV1Status", "PolicyV1Status", "CoreV1Event", "Event"]
    # Deterministic: the same keys in another order give the same names.
    reordered = dict(reversed(list(schemas.items())))
    assert sorted(names(spec(reordered))) == sorted(names(spec(schemas)))


def test_refs_to_dotted_keys_use_the_short_name() -> None:
    schemas = {
        "io.k8s.api.core.v1.PodList": {
            "type": "object",
            "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/io.k8s.api.core.v1.Pod"}}},  # noqa: E501
        },
        "io.k8s.api.core.v1.Pod": {"type": "object", "properties": {"a": {"type": "string"}}},
    }  # fmt: skip
    api = build(spec(schemas))
    pod_list = next(s for s in api.schemas if s.name == "PodList")
    assert isinstance(pod_list, ir.ObjectModel)
    assert pod_list.fields[0].type == ir.ArrayOf(ir.Ref("Pod"))


def _direction(values: list[str]) -> dict[str, Any]:
    return {"name": "direction", "in": "query", "schema": {"type": "string", "enum": values}}


def test_shared_enum_is_named_after_its_property_owner_only_on_collision() -> None:
    asc = _direction(["asc", "desc"])
    paths = {
        "/a": {"get": {"operationId": "listAdvisories", "parameters": [asc], "responses": OK}},
        "/b": {"get": {"operationId": "listPulls", "parameters": [asc], "responses": OK}},
    }
    api = build(spec({}, paths))
    found = enum_names(enum_uses(api), [s.name for s in api.schemas])
    assert list(found.values()) == ["Direction"]
    # Another enum under the same property: the one more places use keeps the bare name.
    up = _direction(["up", "down"])
    paths["/c"] = {"get": {"operationId": "listMoves", "parameters": [up], "responses": OK}}
    api = build(spec({}, paths))
    found = enum_names(enum_uses(api), [s.name for s in api.schemas])
    assert sorted(found.values()) == ["Direction", "ListMovesDirection"]
    # A model with the bare name: every enum takes its owner's prefix.
    obj = {"type": "object", "properties": {"a": {"type": "string"}}}
    api = build(spec({"Direction": obj}, paths))
    found = enum_names(enum_uses(api), [s.name for s in api.schemas])
    assert sorted(found.values()) == ["ListAdvisoriesDirection", "ListMovesDirection"]


def test_generated_models_have_no_filler_docstrings(tmp_path: Path) -> None:
    schemas = {
        "Plain": {"type": "object", "properties": {"a": {"type": "string"}}},
        "Said": {"type": "object", "description": "Has words.", "properties": {"a": {}}},
    }
    paths = {"/p": {"get": {"operationId": "getPlain", "responses": {"200": {
        "description": "ok",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Plain"}}},
    }}}}}  # fmt: skip
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(spec(schemas, paths)))
    out = tmp_path / "sdk"
    generate(GenerateRequest(spec=str(path), out_dir=out, name="Names", package="names"))
    source = (out / "names" / "models.py").read_text()
    assert 'object."""' not in source and '"""Has words."""' in source
    models = import_package(out, "names").models
    assert models.Plain.__doc__ is None or "object" not in models.Plain.__doc__


def test_names_are_deterministic() -> None:
    union = {"oneOf": [tagged("a"), tagged("b"), {"title": "c", "type": "object",
                                                    "properties": {"x": {}}}]}  # fmt: skip
    doc = spec({"io.x.v1.U": {"type": "object", "properties": {"u": union}}})
    assert names(doc) == names(doc)


def test_a_trailing_version_part_is_not_the_name() -> None:
    obj = {"type": "object", "properties": {"a": {"type": "string"}}}
    assert names(spec({"com.shop.Pet.v2": obj, "com.shop.Order": obj})) == ["PetV2", "Order"]
