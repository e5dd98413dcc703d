"""The one example chooser (generator/samples.py): spec example, then default, then the first
enum value, then a placeholder; JSON values that each target spells as its own literals;
bounded on hostile chains."""

from __future__ import annotations

import json
import time

import pytest

from generator import ir
from generator.python.snippets import py_value
from generator.samples import (
    MAX_EXAMPLE_CHARS,
    MISSING,
    Examples,
    Placeholder,
    Sampler,
    conforms,
)

STR = ir.Prim("string")
INT = ir.Prim("integer")


def field(name: str, t: ir.TypeExpr, required: bool = True, **kw: object) -> ir.Field:
    return ir.Field(name=name, type=t, required=required, **kw)  # type: ignore[arg-type]


def test_example_then_default_then_enum_then_placeholder() -> None:
    ex = Examples({})
    assert ex.value(STR, "name", "spec", "dflt") == "spec"
    assert ex.value(STR, "name", 5, "dflt") == "dflt"  # the example does not fit the type
    assert ex.value(STR, "name", MISSING, "dflt") == "dflt"
    assert ex.value(ir.EnumOf(("b", "a")), "mode") == "b"
    made = ex.value(STR, "name")
    assert made == "<name>" and type(made) is Placeholder
    assert ex.value(STR, "not a word!") == "<value>"
    assert ex.value(STR, "script") == "<value>"  # never spells a raw-text HTML tag
    assert ex.value(ir.Prim("string", "date-time"), "at") == "2024-01-01T00:00:00Z"
    assert ex.value(INT, "n") == 1 and ex.value(ir.Prim("number"), "x") == 1.0
    assert ex.value(ir.Prim("boolean"), "b") is True
    assert ex.value(ir.Nullable(INT), "n", None) == 1  # None is no example
    assert ex.value(ir.Prim("integer"), "n", True) == 1  # a bool is not an integer


def test_long_examples_are_replaced() -> None:
    ex = Examples({})
    assert ex.value(STR, "s", "x" * (MAX_EXAMPLE_CHARS + 10)) == "<s>"
    # The target measures the value as it will print it.
    assert Examples({}, size=lambda v: 10_000).value(STR, "s", "short") == "<s>"


def test_models_containers_and_unions() -> None:
    schemas: dict[str, ir.Schema] = {
        "Pet": ir.ObjectModel(
            name="Pet",
            fields=(
                field("name", STR, example="Rex", has_example=True),
                field("id", INT, read_only=True),
                field("tag", STR, required=False, default="t", has_default=True),
                field("kind", ir.Ref("Kind")),
            ),
        ),
        "Kind": ir.EnumModel(name="Kind", values=("dog", "cat")),
        "Alias": ir.AliasModel(name="Alias", target=ir.ArrayOf(ir.Ref("Pet"))),
    }
    ex = Examples(schemas)
    assert ex.value(ir.Ref("Pet"), "pet") == {"name": "Rex", "kind": "dog"}
    assert ex.value(ir.Ref("Alias")) == [{"name": "Rex", "kind": "dog"}]
    assert ex.value(ir.MapOf(INT)) == {"key": 1}
    union = ir.UnionOf((ir.Prim("null"), ir.Ref("Kind")))
    assert ex.value(union) == "dog"  # the first variant that is not null
    # A server's answer keeps required read-only fields; all_fields adds optional ones.
    assert Sampler(schemas).sample(ir.Ref("Pet")) == {
        "name": "Rex",
        "id": 1,
        "kind": "dog",
    }
    assert Sampler(schemas, all_fields=True).sample(ir.Ref("Pet"))["tag"] == "t"  # type: ignore[index]
    assert conforms({"name": "x", "id": 2, "kind": "cat"}, ir.Ref("Pet"), schemas)
    assert not conforms({"name": "x", "id": 2, "kind": "cow"}, ir.Ref("Pet"), schemas)
    assert not conforms({"id": 2, "kind": "cat"}, ir.Ref("Pet"), schemas)  # `name` is required


def test_json_only_values_load_as_their_type() -> None:
    when = ir.Prim("string", "date-time")
    schemas: dict[str, ir.Schema] = {
        "Ev": ir.ObjectModel(
            name="Ev", fields=(field("at", when), field("file", ir.Prim("binary")))
        )
    }
    sampled = Sampler(schemas).sample(ir.Ref("Ev"))
    assert sampled == {"at": "2024-01-01T00:00:00Z", "file": "binary"}
    json.dumps(sampled)
    # A spec example of a formatted string is not trusted to parse (docs show it, a server
    # answer does not use it), also inside a larger example.
    assert Examples({}).value(when, "at", "yesterday") == "yesterday"
    assert Examples({}, json_only=True).value(when, "at", "yesterday") == "2024-01-01T00:00:00Z"
    assert Sampler(schemas).examples.value(ir.Ref("Ev"), "ev", {"at": "now", "file": 1}) == sampled


def test_python_spells_placeholders_plainly_and_spec_text_safely() -> None:
    assert py_value(Placeholder("<name>")) == '"<name>"'
    assert py_value("<script>`") == '"\\x3cscript\\x3e\\x60"'
    assert py_value({"a": [True, None, 1.0]}) == '{"a": [True, None, 1.0]}'
    assert py_value(Examples({}).value(ir.Prim("binary"), "f")) == 'b"file contents"'


def _alias_chain(n: int) -> dict[str, ir.Schema]:
    # What build_ir makes of `S<i>: {allOf: [{$ref: S<i+1>}]}`: one alias per link.
    schemas: dict[str, ir.Schema] = {
        f"S{i}": ir.AliasModel(name=f"S{i}", target=ir.Ref(f"S{i + 1}")) for i in range(n)
    }
    schemas[f"S{n}"] = ir.ObjectModel(name=f"S{n}", fields=(field("x", STR),))
    return schemas


def _object_chain(n: int) -> dict[str, ir.Schema]:
    # Each model requires the next one (allOf-merged objects that nest).
    schemas: dict[str, ir.Schema] = {
        f"O{i}": ir.ObjectModel(name=f"O{i}", fields=(field("next", ir.Ref(f"O{i + 1}")),))
        for i in range(n)
    }
    schemas[f"O{n}"] = ir.ObjectModel(name=f"O{n}", fields=(field("x", STR),))
    return schemas


@pytest.mark.parametrize("chain", [_alias_chain, _object_chain])
def test_a_chain_of_2000_links_ends_quickly(chain: object) -> None:
    schemas = chain(2000)  # type: ignore[operator]
    root = ir.Ref(next(iter(schemas)))
    start = time.perf_counter()
    for choose in (
        Examples(schemas),
        Examples(schemas, for_response=True),
        Examples(schemas, all_fields=True, json_only=True),
    ):
        json.dumps(choose.value(root, "root"))
    Sampler(schemas).sample(root)
    deep = {"x": "y"}
    for _ in range(2000):
        deep = {"next": deep}
    assert not conforms(deep, root, schemas)  # too deep to vouch for: not used
    assert time.perf_counter() - start < 2


def test_short_chains_still_reach_the_model() -> None:
    schemas = _alias_chain(20)
    assert Examples(schemas).value(ir.Ref("S0")) == {"x": "<x>"}
