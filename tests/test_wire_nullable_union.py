"""A nullable union property is `A | B | None`, not a model class of its own.

The spellings: `oneOf: [A, B, {type: 'null'}]`, `anyOf` with a null branch, `const: null` as
the branch, 3.0's `nullable: true` beside `oneOf` (also with `type: object`), a type list
`[object, 'null']` beside `oneOf`, and a component union with a null branch referenced from a
property. Every valid value (either variant or null) is accepted in a response.
"""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import Any

import httpx
from wire_helpers import build, client, ok, recorder, spec

CAT = {"$ref": "#/components/schemas/Cat"}
DOG = {"$ref": "#/components/schemas/Dog"}
FORMS: dict[str, Any] = {
    "one_of": {"oneOf": [CAT, DOG, {"type": "null"}]},
    "any_of": {"anyOf": [CAT, DOG, {"type": "null"}]},
    "const_null": {"oneOf": [CAT, DOG, {"const": None}]},
    "nullable": {"nullable": True, "oneOf": [CAT, DOG]},
    "nullable_object": {"type": "object", "nullable": True, "oneOf": [CAT, DOG]},
    "type_list": {"type": ["object", "null"], "oneOf": [CAT, DOG]},
    "component": {"$ref": "#/components/schemas/Pet"},
}


def _doc() -> Any:
    holder = {"type": "object", "properties": FORMS}
    schemas = {
        "Cat": {"type": "object", "required": ["meow"], "properties": {"meow": {"type": "string"}}},
        "Dog": {"type": "object", "required": ["bark"], "properties": {"bark": {"type": "string"}}},
        "Pet": {"oneOf": [CAT, DOG, {"type": "null"}]},
        "Holder": holder,
    }
    get = {"operationId": "getHolder", "tags": ["holders"], "x-fern-sdk-group-name": "holders",
           "x-fern-sdk-method-name": "get",
           "responses": ok("application/json", {"$ref": "#/components/schemas/Holder"})}  # fmt: skip
    return spec({"/holder": {"get": get}}, schemas)


def test_nullable_unions_accept_each_variant_and_null(tmp_path: Path) -> None:
    pkg = build(_doc(), tmp_path)
    models = pkg.models
    # No class was made for a union: only the declared objects are models.
    classes = {n for n, v in vars(models).items() if inspect.isclass(v)
               and issubclass(v, pkg._models.BaseModel) and v.__module__ == models.__name__}  # fmt: skip
    assert classes == {"Cat", "Dog", "Holder"}
    for payload, expected in (({"meow": "m"}, models.Cat), ({"bark": "b"}, models.Dog),
                              (None, type(None))):  # fmt: skip
        _, handle = recorder(httpx.Response(200, json={name: payload for name in FORMS}))
        holder = client(pkg, handle).holders.get()
        for name in FORMS:
            assert type(getattr(holder, name)) is expected, (name, payload)


def test_annotation_is_the_union_with_none(tmp_path: Path) -> None:
    build(_doc(), tmp_path, lint=False, smoke=False)
    source = (tmp_path / "sdk" / "wire" / "models.py").read_text()
    for form in FORMS:
        line = next(line for line in source.splitlines() if line.strip().startswith(form + ":"))
        want = "Optional[Pet]" if form == "component" else "Optional[Union[Cat, Dog]]"
        assert want in line, line
    assert "Pet = Optional[Union[Cat, Dog]]" in source
