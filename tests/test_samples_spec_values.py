"""Spec-valid request values (generator/spec_values.py, generator/regex_example.py).

Each sampled value is checked against its schema by ajv, the validator Prism itself uses (run
with Node from Prism's install), so the check is independent of our own `SpecValues.valid`.
Without Node and ajv those checks fall back to `re`/plain assertions only where stated.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from generator.pipeline import GenerateRequest, build_files
from generator.python import package_view, safe_model_names
from generator.python.smoke import build_plan
from generator.regex_example import example
from generator.spec_values import SpecValues

ROOT = Path(__file__).resolve().parent.parent

AJV = r"""
const path = require("path");
const root = process.argv[1];
const Ajv = require(path.join(root, "ajv"));
const addFormats = require(path.join(root, "ajv-formats"));
const cases = JSON.parse(require("fs").readFileSync(0, "utf8"));
const ajv = new Ajv({strict: false, allErrors: true, discriminator: true});
addFormats(ajv);
const out = cases.map(([schema, value]) => {
  const validate = ajv.compile(schema);
  return validate(value) ? null : ajv.errorsText(validate.errors);
});
console.log(JSON.stringify(out));
"""


def _node_modules() -> Path | None:
    for candidate in (ROOT / ".ci-node" / "node_modules", Path("/work/node/node_modules")):
        if (candidate / "ajv").is_dir() and (candidate / "ajv-formats").is_dir():
            return candidate
    return None


def ajv_errors(cases: list[tuple[dict[str, Any], object]]) -> list[str | None]:
    """ajv's verdict per (schema, value): None when valid, else its error text."""
    modules = _node_modules()
    if modules is None or shutil.which("node") is None:
        pytest.skip("Node.js with ajv (Prism's install) is needed for the independent check")
    done = subprocess.run(
        ["node", "-e", AJV, str(modules)],
        input=json.dumps(cases),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    result: list[str | None] = json.loads(done.stdout)
    return result


def doc_with(schemas: dict[str, Any]) -> dict[str, Any]:
    return {"openapi": "3.0.3", "components": {"schemas": schemas}}


# One schema per construct; all in JSON Schema draft-07 spelling (what ajv reads as is).
CASES: dict[str, dict[str, Any]] = {
    "pattern sid": {"type": "string", "pattern": "^AC[0-9a-fA-F]{32}$"},
    "pattern mac": {"type": "string", "pattern": "^([0-9A-Fa-f]{2}[:-]?){5}([0-9A-Fa-f]{2})$"},
    "pattern semver": {"type": "string", "pattern": r"^\d+\.\d+\.\d+$"},
    "pattern with lengths": {"type": "string", "pattern": "^[a-z]+$", "minLength": 12},
    "pattern alternation": {"type": "string", "pattern": "^(cat|dog)-[0-9]{3}$"},
    "date-time": {"type": "string", "format": "date-time"},
    "date": {"type": "string", "format": "date"},
    "time": {"type": "string", "format": "time"},
    "uuid": {"type": "string", "format": "uuid"},
    "email": {"type": "string", "format": "email"},
    "uri": {"type": "string", "format": "uri"},
    "ipv4": {"type": "string", "format": "ipv4"},
    "ipv6": {"type": "string", "format": "ipv6"},
    "byte": {"type": "string", "format": "byte"},
    "hostname": {"type": "string", "format": "hostname"},
    "minLength": {"type": "string", "minLength": 40},
    "maxLength": {"type": "string", "maxLength": 2},
    "integer bounds": {"type": "integer", "minimum": 5, "maximum": 10},
    "integer below one": {"type": "integer", "maximum": -3},
    "number exclusive": {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1},
    "multipleOf": {"type": "integer", "minimum": 10, "multipleOf": 7},
    "number multipleOf": {"type": "number", "minimum": 0.3, "multipleOf": 0.25},
    "enum": {"type": "string", "enum": ["on", "off"]},
    "const": {"const": "fixed"},
    "array bounds": {
        "type": "array",
        "items": {"type": "string", "enum": ["a", "b", "c"]},
        "minItems": 3,
        "uniqueItems": True,
    },
    "unique strings": {
        "type": "array",
        "items": {"type": "string"},
        "minItems": 2,
        "uniqueItems": True,
    },
    "no items": {"type": "array", "items": {"type": "integer"}, "maxItems": 0},
    "nested required": {
        "type": "object",
        "required": ["outer"],
        "properties": {
            "outer": {
                "type": "object",
                "required": ["inner"],
                "properties": {
                    "inner": {
                        "type": "object",
                        "required": ["leaf"],
                        "properties": {"leaf": {"type": "integer", "minimum": 3}},
                    }
                },
            }
        },
    },
    "closed object": {
        "type": "object",
        "additionalProperties": False,
        "required": ["a"],
        "properties": {"a": {"type": "string", "minLength": 3}},
    },
    "minProperties": {
        "type": "object",
        "minProperties": 2,
        "additionalProperties": {"type": "integer"},
    },
    "closed minProperties": {
        "type": "object",
        "additionalProperties": False,
        "minProperties": 2,
        "properties": {"a": {"type": "boolean"}, "b": {"type": "integer"}},
    },
    "allOf": {
        "allOf": [
            {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}}},
            {
                "type": "object",
                "required": ["age"],
                "properties": {"age": {"type": "integer", "minimum": 18}},
            },
        ]
    },
    "oneOf needs a distinguishing property": {
        "oneOf": [
            {
                "type": "object",
                "required": ["a"],
                "properties": {"a": {"type": "string"}, "c": {"type": "string"}},
            },
            {
                "type": "object",
                "required": ["a"],
                "properties": {"a": {"type": "string"}, "c": {"type": "integer"}},
            },
        ]
    },
    "oneOf of overlapping strings": {
        "oneOf": [{"type": "string"}, {"type": "string", "format": "uuid"}],
    },
    "oneOf of numbers": {"oneOf": [{"type": "number"}, {"type": "integer"}]},
    # "Exactly one of url or id": all fields would break the `not`; a branch's own fields don't.
    "anyOf of required names beside a not": {
        "type": "object",
        "additionalProperties": False,
        "properties": {"url": {"type": "string"}, "id": {"type": "string"}},
        "anyOf": [{"required": ["url"]}, {"required": ["id"]}],
        "not": {"required": ["url", "id"]},
    },
}


@pytest.fixture(scope="module")
def verdicts() -> dict[str, tuple[object, str | None]]:
    """Per case: the sampled value and ajv's verdict (one Node run for all cases)."""
    values = {
        name: SpecValues(doc_with({})).value(schema, "field") for name, schema in CASES.items()
    }
    errors = ajv_errors([(CASES[name], value) for name, value in values.items()])
    return {name: (values[name], error) for name, error in zip(values, errors, strict=True)}


@pytest.mark.parametrize("name", sorted(CASES))
def test_sampled_value_validates_against_its_schema(
    name: str, verdicts: dict[str, tuple[object, str | None]]
) -> None:
    value, error = verdicts[name]
    assert SpecValues(doc_with({})).valid(value, CASES[name]), value
    assert error is None, (value, error)


def test_all_fields_values_validate_too() -> None:
    cases = []
    for schema in CASES.values():
        cases.append((schema, SpecValues(doc_with({}), all_fields=True).value(schema)))
    errors = ajv_errors(cases)
    assert [(c, e) for c, e in zip(cases, errors, strict=True) if e] == []


def test_ref_discriminator_and_read_only() -> None:
    schemas = {
        "Cat": {"type": "object", "required": ["kind", "id", "lives"],
                "properties": {"kind": {"type": "string"},
                               "id": {"type": "string", "readOnly": True},
                               "lives": {"type": "integer", "minimum": 1, "maximum": 9}}},
        "Dog": {"type": "object", "required": ["kind", "bark"],
                "properties": {"kind": {"type": "string"}, "bark": {"type": "boolean"}}},
        "Pet": {"oneOf": [{"$ref": "#/components/schemas/Cat"},
                          {"$ref": "#/components/schemas/Dog"}],
                "discriminator": {"propertyName": "kind",
                                  "mapping": {"cat": "#/components/schemas/Cat",
                                              "dog": "#/components/schemas/Dog"}}},
    }  # fmt: skip
    values = SpecValues(doc_with(schemas))
    value = values.value({"$ref": "#/components/schemas/Pet"})
    assert isinstance(value, dict)
    assert value["kind"] == "cat"  # the tag the mapping gives the chosen variant
    assert "id" not in value  # read-only: a server's to send
    assert 1 <= value["lives"] <= 9
    # Without `id` the Cat is still valid for a request: ajv sees the schema minus readOnly.
    request_cat = json.loads(json.dumps(schemas["Cat"]))
    request_cat["required"].remove("id")
    (error,) = ajv_errors([(request_cat, value)])
    assert error is None, error


def test_schemas_no_value_satisfies_are_reported() -> None:
    values = SpecValues(doc_with({}))
    closed = {"type": "object", "additionalProperties": False, "required": ["ghost"],
              "properties": {"real": {"type": "string"}}}  # fmt: skip
    assert "ghost" not in values.value(closed)  # type: ignore[operator]
    wrong_enum = {"type": "string", "enum": [1, 2]}
    values.value(wrong_enum)
    overlapping = {"oneOf": [{"type": "object"}, {"type": "object", "properties": {}}]}
    values.value(overlapping)
    branch_a = {"type": "object", "required": ["a"], "properties": {"a": {"type": "string"}}}
    branch_b = {"type": "object", "required": ["b"], "properties": {"b": {"type": "integer"}}}
    closed_branches = {"additionalProperties": False, "oneOf": [branch_a, branch_b]}
    values.value(closed_branches)
    tagged = {"additionalProperties": False, "properties": {"type": {"type": "string"}},
              "oneOf": [branch_a, branch_b]}  # fmt: skip
    values.value(tagged)  # `type` is listed, `a` and `b` are not: still no valid object
    a_string = {"a": {"type": "string"}}
    open_required = {"type": "object", "required": ["extra"], "properties": a_string}
    assert values.value(open_required) == {"extra": "extra"}  # allowed: a string, and noted
    assert values.conflicts == [
        "required property not allowed by additionalProperties: false",
        "enum values do not fit the schema",
        "oneOf branches overlap",
        "additionalProperties: false beside oneOf forbids the branches' properties",
        "additionalProperties: false beside oneOf forbids the branches' properties",
        "required property not among properties",
    ]


def test_openapi30_exclusive_bounds_and_nullable() -> None:
    values = SpecValues(doc_with({}))
    bounded = {"type": "integer", "minimum": 0, "exclusiveMinimum": True, "maximum": 1}
    assert values.value(bounded) == 1
    below = {"type": "number", "maximum": 0, "exclusiveMaximum": True}
    assert values.value(below) < 0
    assert values.valid(None, {"type": "string", "nullable": True})
    assert not values.valid(0, bounded)


def test_spec_example_used_only_when_it_fits() -> None:
    values = SpecValues(doc_with({}))
    good = {"type": "string", "pattern": "^[A-Z]{3}$", "example": "EUR"}
    bad = {"type": "string", "pattern": "^[A-Z]{3}$", "example": "euro"}
    assert values.value(good) == "EUR"
    assert re.fullmatch("[A-Z]{3}", str(values.value(bad)))


@pytest.mark.parametrize(
    "pattern",
    [r"^[a-f0-9]{64}$", r"^v\d+(\.\d+)?$", r"^[^/]+/[^/]+$", r"^(?<year>\d{4})-\d{2}$",
     r"^\w+@\w+\.com$", r"^(a|b|c){2,4}x?$", r"^\s*\S+\s*$", r"[A-Z][a-z]+"],
)  # fmt: skip
def test_regex_example_matches(pattern: str) -> None:
    text = example(pattern)
    assert text is not None
    assert re.search(pattern.replace("(?<", "(?P<"), text)


def test_regex_example_respects_lengths_or_gives_up() -> None:
    text = example("^[a-z]+$", 10, 12)
    assert text is not None and 10 <= len(text) <= 12
    assert example("^[a-z]{64}$", 0, 10) is None  # impossible: the caller keeps a placeholder
    assert example("(?<=a)b") is None  # a look-behind is not produced


SPEC = """
openapi: 3.0.3
info: {title: Values, version: "1"}
paths:
  /accounts/{sid}:
    parameters:
      - {name: sid, in: path, required: true, schema: {type: string, pattern: "^AC[0-9a-f]{8}$"}}
    post:
      operationId: updateAccount
      parameters:
        - {name: limit, in: query, schema: {type: integer, minimum: 10, maximum: 20}}
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [owner]
              properties:
                owner:
                  type: object
                  required: [email]
                  properties:
                    email: {type: string, format: email}
                    id: {type: string, readOnly: true}
                tier: {type: string, minLength: 5}
      responses:
        "200": {description: ok}
"""


def test_plan_takes_values_from_the_spec(tmp_path: Path) -> None:
    spec = tmp_path / "values.yaml"
    spec.write_text(SPEC)
    request = GenerateRequest(spec=str(spec), out_dir=tmp_path / "sdk", name="Values",
                              package="values_sdk", smoke=False)  # fmt: skip
    result = build_files(request)
    assert result.api is not None and result.options is not None
    import yaml

    doc = yaml.safe_load(SPEC)
    api = safe_model_names(result.api)
    view = package_view(result.api, result.options)
    required = build_plan(api, view, doc=doc)
    full = build_plan(api, view, doc=doc, all_args=True)
    (call,) = required["calls"]  # type: ignore[index]
    assert re.fullmatch("AC[0-9a-f]{8}", call["positional"][0])
    owner = call["args"]["owner"]
    assert "@" in owner["email"] and "id" not in owner
    assert "limit" not in call["args"] and "tier" not in call["args"]
    (call,) = full["calls"]  # type: ignore[index]
    assert 10 <= call["args"]["limit"] <= 20
    assert len(call["args"]["tier"]) >= 5
