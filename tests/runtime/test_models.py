"""_models (BaseModel, to_wire, validate_as, construct_type), _types and _qs."""

from __future__ import annotations

import copy
import datetime as dt
import enum
import json
import types
import uuid
from typing import Annotated, Literal, Union

import pydantic
import pytest


def test_omit_singleton(rt: types.ModuleType) -> None:
    Omit, omit = rt._types.Omit, rt._types.omit
    assert Omit() is omit and copy.deepcopy(omit) is omit and copy.copy(omit) is omit
    assert not omit and repr(omit) == "omit"
    assert rt._types.is_given(None) and not rt._types.is_given(omit)


def test_base_model_config(rt: types.ModuleType) -> None:
    class M(rt._models.BaseModel):  # type: ignore[name-defined,misc]
        max_tokens: int = pydantic.Field(alias="maxTokens")

    assert M(max_tokens=1).max_tokens == 1 and M(maxTokens=2).max_tokens == 2
    m = M.model_validate({"maxTokens": 3, "unknown": "kept"})
    assert m.unknown == "kept"  # type: ignore[attr-defined]


class Color(enum.Enum):
    RED = "red"


def test_to_wire(rt: types.ModuleType) -> None:
    class M(rt._models.BaseModel):  # type: ignore[name-defined,misc]
        a: int | None = pydantic.Field(default=None, alias="A")
        b: int | None = None
        when: dt.date | None = None

    omit = rt._types.omit
    value = {
        "m": M(a=1, when=dt.date(2024, 5, 6)),
        "list": [1, omit, {"x": omit, "y": None}],
        "tuple": (1, 2),
        "enum": Color.RED,
        "time": dt.datetime(2024, 1, 1, 12, 0),
        "uuid": uuid.UUID(int=2),
        "none": None,
        "gone": omit,
    }
    assert rt._models.to_wire(value) == {
        "m": {"A": 1, "when": "2024-05-06"},
        "list": [1, {"y": None}],
        "tuple": [1, 2],
        "enum": "red",
        "time": "2024-01-01T12:00:00",
        "uuid": "00000000-0000-0000-0000-000000000002",
        "none": None,
    }
    json.dumps(rt._models.to_wire(value))


def test_validate_as_strict(rt: types.ModuleType) -> None:
    class Item(rt._models.BaseModel):  # type: ignore[name-defined,misc]
        id: int

    validate = rt._models.validate_as
    assert validate(Item, b'{"id": 1}', strict=True) == Item(id=1)
    assert validate(list[Item], b'[{"id": 2}]', strict=True) == [Item(id=2)]
    assert validate(dict[str, int], b'{"a": 1}', strict=True) == {"a": 1}
    assert validate(object, b"[1, null]", strict=True) == [1, None]
    for bad in (b'{"id": "x"}', b"{", b'{"id": "\xff"}', b""):
        with pytest.raises(ValueError):
            validate(Item, bad, strict=True)


def test_type_adapter_cached(rt: types.ModuleType) -> None:
    ta = rt._models.type_adapter
    assert ta(list[int]) is ta(list[int])
    unhashable = Annotated[int, {"not": "hashable"}]  # type: ignore[misc]
    assert ta(unhashable).validate_python(3) == 3


def test_construct_nested_without_validation(rt: types.ModuleType) -> None:
    class Leaf(rt._models.BaseModel):  # type: ignore[name-defined,misc]
        n: int

    class Cat(rt._models.BaseModel):  # type: ignore[name-defined,misc]
        kind: Literal["cat"]
        leaf: Leaf

    class Dog(rt._models.BaseModel):  # type: ignore[name-defined,misc]
        kind: Literal["dog"]
        leaves: dict[str, Leaf]

    class Root(rt._models.BaseModel):  # type: ignore[name-defined,misc]
        pets: list[Cat | Dog]
        maybe: Leaf | None = None
        tagged: Annotated[Leaf, "meta"]
        with_default: int = 7

    data = {
        "pets": [
            {"kind": "dog", "leaves": {"a": {"n": "bad"}}},
            {"kind": "cat", "leaf": {"n": 1}},
        ],
        "maybe": None,
        "tagged": {"n": 2},
        "extra": [1],
    }
    root = rt._models.validate_as(Root, json.dumps(data).encode(), strict=False)
    assert isinstance(root, Root)
    assert isinstance(root.pets[0], Dog) and isinstance(root.pets[0].leaves["a"], Leaf)
    assert root.pets[0].leaves["a"].n == "bad"
    assert isinstance(root.pets[1], Cat) and isinstance(root.pets[1].leaf, Leaf)
    assert (
        root.maybe is None and isinstance(root.tagged, Leaf) and root.with_default == 7
    )
    assert root.extra == [1]  # type: ignore[attr-defined]
    with pytest.raises(ValueError):
        rt._models.validate_as(Root, b"not json", strict=False)


def test_construct_union_by_required_fields(rt: types.ModuleType) -> None:
    class A(rt._models.BaseModel):  # type: ignore[name-defined,misc]
        a: int

    class B(rt._models.BaseModel):  # type: ignore[name-defined,misc]
        b: int

    # typing.Union (what Python 3.9 code produces) and types.UnionType (`A | B`).
    out = rt._models.construct_type({"b": 1}, Union[A, B])  # noqa: UP007
    assert isinstance(out, B)
    assert isinstance(rt._models.construct_type({"a": 1}, A | B), A)
    assert rt._models.construct_type("x", A | str) == "x"


# ------------------------------------------------------------------------------------------
# _qs.encode_query
# ------------------------------------------------------------------------------------------


def test_encode_query_form_explode(rt: types.ModuleType) -> None:
    enc = rt._qs.encode_query
    omit = rt._types.omit
    params = {
        "a": [1, None, 2],
        "b": True,
        "c": None,
        "d": omit,
        "obj": {"x": 1, "y": None},
    }
    assert enc(params, None) == [("a", "1"), ("a", "2"), ("b", "true"), ("x", "1")]


def test_encode_query_styles(rt: types.ModuleType) -> None:
    enc = rt._qs.encode_query
    v = {"arr": ["x", "y"], "obj": {"k": "v", "n": 1}}
    assert enc(v, {"arr": ("form", False), "obj": ("form", False)}) == [
        ("arr", "x,y"),
        ("obj", "k,v,n,1"),
    ]
    assert enc({"arr": ["x", "y"]}, {"arr": ("spaceDelimited", False)}) == [
        ("arr", "x y")
    ]
    assert enc({"arr": ["x", "y"]}, {"arr": ("pipeDelimited", False)}) == [
        ("arr", "x|y")
    ]
    assert enc(
        {"f": {"a": {"b": 1}, "l": [1, 2], "z": None}}, {"f": ("deepObject", True)}
    ) == [
        ("f[a][b]", "1"),
        ("f[l]", "1"),
        ("f[l]", "2"),
    ]


def test_format_scalar(rt: types.ModuleType) -> None:
    fmt = rt._qs.format_scalar
    assert fmt(False) == "false" and fmt(1.5) == "1.5" and fmt(Color.RED) == "red"
    assert fmt(dt.date(2020, 1, 2)) == "2020-01-02"
