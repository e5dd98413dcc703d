"""`generator.overrides` on hand-built IR: renames, skips, streaming, client defaults, and the
target's reserved names (issue 13: an override naming a model like a runtime class is refused)."""

from __future__ import annotations

import pytest

from generator import ir
from generator.config import Overrides
from generator.diagnostics import Diagnostics
from generator.overrides import apply_overrides, rename_models

THING = ir.ObjectModel("Thing", (ir.Field("id", ir.Prim("string"), True),))
HOLDER = ir.ObjectModel(
    "Holder",
    (
        ir.Field("thing", ir.Ref("Thing"), True),
        ir.Field("things", ir.ArrayOf(ir.Nullable(ir.Ref("Thing"))), False),
    ),
)
GET = ir.Operation(
    id="getThing",
    name="get",
    http_method="get",
    path="/things/{id}",
    success=ir.Response("200", "application/json", ir.Ref("Thing")),
)
CREATE = ir.Operation(
    id="createThing",
    name="create",
    http_method="post",
    path="/things",
    body=ir.Body(
        "application/json",
        ir.Ref("Holder"),
        True,
        fields=(ir.Field("stream", ir.Prim("boolean"), False),),
    ),
    success=ir.Response("200", "application/json", ir.Ref("Thing")),
)
API = ir.Api(
    title="Things",
    version="1",
    resources=(ir.Resource("things", operations=(GET, CREATE)),),
    schemas=(THING, HOLDER),
)


def apply(
    overrides: Overrides, reserved: frozenset[str] = frozenset()
) -> tuple[ir.Api, Diagnostics]:
    diags = Diagnostics(file="gen.yaml")
    return apply_overrides(API, overrides, diags, reserved, "python"), diags


def messages(diags: Diagnostics) -> list[str]:
    return [d.message for d in diags.errors]


def test_no_overrides_is_the_same_api() -> None:
    out, diags = apply(Overrides())
    assert out is API and not diags.items


def test_a_model_rename_reaches_every_reference() -> None:
    out, diags = apply(Overrides(models={"Thing": "Item"}))
    assert not diags.items
    assert [s.name for s in out.schemas] == ["Item", "Holder"]
    holder = out.schemas[1]
    assert isinstance(holder, ir.ObjectModel)
    assert holder.fields[0].type == ir.Ref("Item")
    assert holder.fields[1].type == ir.ArrayOf(ir.Nullable(ir.Ref("Item")))
    ops = out.resources[0].operations
    assert all(op.success is not None and op.success.type == ir.Ref("Item") for op in ops)


def test_a_rename_to_a_reserved_name_is_refused_naming_the_override() -> None:
    out, diags = apply(Overrides(models={"Thing": "Omit"}), frozenset({"Omit", "Stream"}))
    assert out.schemas == API.schemas  # nothing renamed
    [message] = messages(diags)
    assert "overrides.models: 'Thing' -> 'Omit'" in message and "python" in message
    assert diags.errors[0].hint == "pick another name, e.g. 'OmitModel'"


def test_a_reserved_name_of_another_target_is_allowed() -> None:
    out, diags = apply(Overrides(models={"Thing": "Omit"}), frozenset({"Stream"}))
    assert not diags.items and out.schemas[0].name == "Omit"


@pytest.mark.parametrize(
    ("models", "expected"),
    [
        ({"Nope": "X"}, "no model is named 'Nope'"),
        ({"Thing": "lower"}, "'lower' is not a valid class name"),
        ({"Thing": "Holder"}, "two models would be named 'Holder'"),
    ],
)
def test_invalid_model_renames(models: dict[str, str], expected: str) -> None:
    out, diags = apply(Overrides(models=models))
    assert any(expected in m for m in messages(diags)), messages(diags)


def test_method_renames_skips_and_unknown_ids() -> None:
    out, diags = apply(Overrides(methods={"getThing": "fetchOne"}, skip=("createThing",)))
    assert not diags.items
    assert [op.name for op in out.resources[0].operations] == ["fetch_one"]
    _, diags = apply(Overrides(methods={"getThnig": "x"}))
    assert diags.errors[0].hint == "did you mean 'getThing'?"


def test_two_methods_with_one_name_are_refused() -> None:
    _, diags = apply(Overrides(methods={"getThing": "create"}))
    assert "two methods of resource 'things' are named 'create'" in messages(diags)[0]


def test_skipping_every_operation_drops_the_resource() -> None:
    out, _ = apply(Overrides(skip=("getThing", "createThing")))
    assert out.resources == ()


def test_stream_on_uses_the_boolean_flag_field_when_there_is_one() -> None:
    out, diags = apply(Overrides(stream={"createThing": True, "getThing": True}))
    assert not diags.items
    get, create = out.resources[0].operations
    assert create.streaming == ir.Streaming("flag", ir.Ref("Thing"), "[DONE]", always=False, flag_field="stream")
    assert get.streaming == ir.Streaming("sse", ir.Ref("Thing"), None, True)
    off, _ = apply(Overrides(stream={"createThing": False}))
    assert off.resources[0].operations[1].streaming is None


def test_client_defaults_are_typed() -> None:
    out, _ = apply(Overrides(retries=3, timeout=30.0))
    assert out.client_defaults == ir.ClientDefaults(max_retries=3, timeout=30.0)
    out, _ = apply(Overrides(timeout=2.5))
    assert out.client_defaults == ir.ClientDefaults(max_retries=None, timeout=2.5)


def test_rename_models_rewrites_discriminator_mappings() -> None:
    union = ir.UnionModel(
        "Pet",
        ir.UnionOf(
            (ir.Ref("Thing"),), ir.Discriminator("kind", (("thing", "Thing"),), inferred=False)
        ),
    )
    api = ir.Api(title="t", version="1", schemas=(THING, union))
    out = rename_models(api, {"Thing": "Omit_"})
    pet = out.schemas[1]
    assert isinstance(pet, ir.UnionModel)
    assert pet.union.variants == (ir.Ref("Omit_"),)
    assert pet.union.discriminator is not None
    assert pet.union.discriminator.mapping == (("thing", "Omit_"),)
    assert rename_models(api, {}) is api
