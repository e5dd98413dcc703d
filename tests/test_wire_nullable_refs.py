"""Responses that are valid but were rejected by the SDK (found by Prism on real specs).

Two OpenAPI constructs:
- a `$ref` to an object component that is itself nullable (3.0 `nullable: true`) admits `null`
  wherever the reference is used, not only as a property: as an array item, a map value and a
  union branch, and an `allOf` of it with parts that constrain nothing;
- an `allOf` over scalar parts only (a type plus bare keywords such as `nullable: false` or
  `maxLength`) is that scalar, not an object model;
- an `allOf` of a reference and parts that only describe (`{description: ...}`) is the
  reference (a string enum stays the enum);
- `additionalProperties` beside a scalar `type` (`type: string`) makes no map;
- draft 4's tuple form `items: [A, B]`: an item is any of the positions' types, and without
  `type: array` a value that is not an array is valid too;
- a bodiless success declared beside one with a body (`200` with JSON plus `204`), or a `204`
  declared *with* content (RFC 9110: a 204 never carries content): the empty answer returns
  `None`, and the method's return type says so.
"""

from __future__ import annotations

import asyncio
import inspect
from typing import Any

import httpx
import pytest
from wire_helpers import build, client, ok, recorder, spec

NULLABLE_REF = {"$ref": "#/components/schemas/Kernel"}
KERNEL = {
    "type": "object",
    "nullable": True,
    "required": ["name"],
    "properties": {"name": {"type": "string"}},
}


def _op(op_id: str, responses: dict[str, Any], **more: Any) -> dict[str, Any]:
    names = {"x-fern-sdk-group-name": "things", "x-fern-sdk-method-name": op_id}
    return {"operationId": op_id, **names, "responses": responses, **more}


def _doc() -> Any:
    holder = {
        "type": "object",
        "required": ["one", "items", "by_name"],
        "properties": {
            "one": NULLABLE_REF,
            "items": {"type": "array", "items": NULLABLE_REF},
            "by_name": {"type": "object", "additionalProperties": NULLABLE_REF},
            "either": {"oneOf": [NULLABLE_REF, {"type": "integer"}]},
            "seq": {"allOf": [{"type": "string", "nullable": True}, {"nullable": False}]},
            "short": {"allOf": [{"maxLength": 8}, {"type": "string"}]},
            "window": {"allOf": [NULLABLE_REF, {"description": "described"}]},
            "text": {"type": "string", "nullable": True, "additionalProperties": True},
            "steps": {"allOf": [{"type": "array", "items": {"type": "integer"}}, {}]},
            "mode": {"allOf": [{"$ref": "#/components/schemas/Mode"}, {"description": "d"}]},
            "bot": {"items": [{"type": "string"}, {"type": "null"}]},
            "stamps": {"type": "array", "items": [{"type": "integer"}, {"type": "null"}]},
        },
    }
    thing = {"type": "object", "properties": {"name": {"type": "string"}}}
    thing_ref = {"$ref": "#/components/schemas/Thing"}
    maybe = {**ok("application/json", thing_ref), "204": {"description": "nothing changed"}}
    bodiless = ok("application/json", thing_ref, status="204")
    item_id = {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
    paths = {
        "/holder": {
            "get": _op("holder", ok("application/json", {"$ref": "#/components/schemas/Holder"}))
        },
        "/things/{id}": {
            "parameters": [item_id],
            "patch": _op("patch", maybe),
            "put": _op("replace", bodiless),  # a 204 declared with content it cannot carry
        },
    }
    mode = {"type": "string", "enum": ["fast", "slow"]}
    schemas = {"Kernel": KERNEL, "Holder": holder, "Thing": thing, "Mode": mode}
    return spec(paths, schemas, openapi="3.0.3")


@pytest.fixture(scope="module")
def pkg(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return build(_doc(), tmp_path_factory.mktemp("nullable_refs"))


def test_a_nullable_component_admits_null_as_item_map_value_and_branch(pkg: Any) -> None:
    payload = {
        "one": None,
        "items": [None, {"name": "k"}],
        "by_name": {"a": None, "b": {"name": "b"}},
        "either": None,
        "seq": "3",
        "short": "abc",
        "window": None,
        "mode": "fast",
        "text": "plain",
        "steps": [1, 2],
    }
    _, handle = recorder(httpx.Response(200, json=payload))
    holder = client(pkg, handle).things.holder()
    assert holder.one is None
    assert holder.items[0] is None and holder.items[1].name == "k"
    assert holder.by_name["a"] is None and holder.by_name["b"].name == "b"
    assert holder.either is None
    assert holder.seq == "3" and holder.short == "abc"
    assert holder.window is None
    assert holder.text == "plain"  # additionalProperties beside type: string makes no map
    assert holder.steps == [1, 2]  # allOf: [{type: array}, {}] is the array
    assert holder.mode == "fast"  # the enum (a Literal), not an object model of one part
    # The component stays a model class (not an alias of Optional).
    assert inspect.isclass(pkg.models.Kernel)


@pytest.mark.parametrize("bot", ["B1", None, ["B1", None]])
def test_tuple_items_accept_each_position_and_a_bare_value_without_type(pkg: Any, bot: Any) -> None:
    payload = {"one": None, "items": [], "by_name": {}, "bot": bot, "stamps": [1, None]}
    _, handle = recorder(httpx.Response(200, json=payload))
    holder = client(pkg, handle).things.holder()
    assert holder.bot == bot and holder.stamps == [1, None]


def test_tuple_items_with_type_array_refuse_a_bare_value(pkg: Any) -> None:
    payload = {"one": None, "items": [], "by_name": {}, "stamps": 5}
    _, handle = recorder(httpx.Response(200, json=payload))
    with pytest.raises(pkg.APIResponseValidationError):
        client(pkg, handle).things.holder()


def test_a_204_beside_a_200_returns_none_and_is_typed_optional(pkg: Any) -> None:
    things = client(pkg, recorder(httpx.Response(204))[1]).things
    assert things.patch("t1") is None
    _, handle = recorder(httpx.Response(200, json={"name": "n"}))
    assert client(pkg, handle).things.patch("t1").name == "n"
    hint = inspect.signature(type(things).patch).return_annotation
    assert "None" in str(hint) and "Thing" in str(hint)


def test_a_204_declared_with_content_returns_none(pkg: Any) -> None:
    things = client(pkg, recorder(httpx.Response(204))[1]).things
    assert things.replace("t1") is None
    assert inspect.signature(type(things).replace).return_annotation in (None, "None")


def test_an_empty_200_where_a_model_is_declared_is_still_an_error(pkg: Any) -> None:
    _, handle = recorder(httpx.Response(200, content=b""))
    with pytest.raises(pkg.APIResponseValidationError):
        client(pkg, handle).things.holder()


def test_async_twin_returns_none_on_204(pkg: Any) -> None:
    async def call() -> object:
        transport = httpx.MockTransport(lambda request: httpx.Response(204))
        http = httpx.AsyncClient(transport=transport)
        async with pkg.AsyncWire(base_url="http://wire.test", max_retries=0, http_client=http) as c:
            return await c.things.patch("t1")

    assert asyncio.run(call()) is None
