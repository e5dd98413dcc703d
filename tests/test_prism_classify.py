"""bench/prism.py without Prism: the served document and how refused calls are classified."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_prism", ROOT / "bench" / "prism.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SPEC_31 = """
openapi: 3.1.0
info: {title: Refs, version: "1"}
x-policies:
  $ref: ../elsewhere.yaml
paths:
  /pets:
    get:
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Pet"}
components:
  schemas:
    Pet:
      type: object
      properties:
        details: {$ref: /schemas/details}
        detailId: {$ref: "/schemas/details#detail_id"}
    Details:
      $id: /schemas/details
      type: object
      properties:
        id: {$anchor: detail_id, type: integer}
"""


def test_served_document_has_only_local_refs(tmp_path: Path) -> None:
    bench = _bench()
    spec = tmp_path / "refs.yaml"
    spec.write_text(SPEC_31)
    doc, dropped = bench.served_document(spec)
    pet = doc["components"]["schemas"]["Pet"]["properties"]
    assert pet["details"] == {"$ref": "#/components/schemas/Details"}
    assert pet["detailId"] == {"$ref": "#/components/schemas/Details/properties/id"}
    assert doc["x-policies"] == {}  # another file: emptied, so Prism opens nothing
    assert dropped == ["/x-policies (../elsewhere.yaml)"]
    refs = [
        v for _, n in bench._walk(doc) if isinstance(n, dict) for k, v in n.items() if k == "$ref"
    ]
    assert refs and all(r.startswith("#/") for r in refs)


def _header(violations: object) -> str:
    """An `sl-violations` header as Prism writes it (compact JSON)."""
    return json.dumps(violations, separators=(",", ":"))


def _refused(**extra: object) -> dict[str, object]:
    call: dict[str, object] = {"mode": "all", "call": "x.y", "outcome": "rejected"}
    call.update(extra)
    return call


def test_refusals_are_classified_by_cause_and_limits_counted_apart() -> None:
    bench = _bench()
    prism_422 = {
        "type": "https://stoplight.io/prism/errors#UNPROCESSABLE_ENTITY",
        "validation": [
            {
                "location": ["path", "sid"],
                "code": "pattern",
                "severity": "Error",
                "message": "must match pattern",
            }
        ],
    }
    sampler = _refused(status=422, body=prism_422)
    assert bench.classify(sampler) == "rejected"
    assert bench.cause(sampler) == "path pattern"
    wildcard = _refused(
        status=406,
        media_type="*/*",
        body={"type": "https://stoplight.io/prism/errors#NOT_ACCEPTABLE"},
    )
    assert bench.classify(wildcard) == "prism limit"
    json_406 = _refused(status=406, media_type="application/json", body=wildcard["body"])
    assert bench.classify(json_406) == "rejected"
    array = _header(
        [
            {
                "location": ["request", "body", "Tags"],
                "severity": "Error",
                "code": "type",
                "message": "Request body property Tags must be array",
            }
        ]
    )
    form = _refused(status=422, violations=array, body_media="application/x-www-form-urlencoded")
    assert bench.classify(form) == "prism limit"
    as_json = _refused(status=422, violations=array, body_media="application/json")
    assert bench.classify(as_json) == "rejected"  # a JSON array body sent wrong is the SDK's
    one_of = _header(
        [
            {
                "location": ["request", "body"],
                "severity": "Error",
                "code": "oneOf",
                "message": "must match exactly one schema",
            }
        ]
    )
    overlap = _refused(status=422, violations=one_of, note="oneOf branches overlap")
    assert bench.classify(overlap) == "spec conflict"
    assert bench.classify(_refused(status=422, violations=one_of)) == "rejected"
    row = {"operations": 3, "failures": [sampler, wildcard, overlap]}
    bench.count_kinds(row)
    assert row["all"]["rejected"] == 1 and row["all"]["prism limit"] == 1
    assert row["all"]["spec conflict"] == 1 and row["all"]["ok"] == 0


def _type_error(where: list[str], message: str) -> str:
    return _header([{"location": ["request", *where], "severity": "Error", "code": "type",
                     "message": message}])  # fmt: skip


def test_form_bodies_prism_cannot_read_or_no_form_fits() -> None:
    bench = _bench()
    multipart = "multipart/form-data"
    # An object property sent as a JSON part: Prism reads every part as text.
    part = _type_error(["body", "attributes"], "Request body property attributes must be object")
    assert bench.classify(_refused(status=422, violations=part, body_media=multipart)) == (
        "prism limit"
    )
    # The same refusal of a JSON body is the SDK's (a JSON object is sent as one).
    assert bench.classify(_refused(status=422, violations=part, body_media="application/json")) == (
        "rejected"
    )
    # A url-encoded object field is text by OpenAPI's rules unless its encoding says otherwise:
    # not a Prism limit.
    form = "application/x-www-form-urlencoded"
    assert bench.classify(_refused(status=422, violations=part, body_media=form)) == "rejected"
    # The whole form refused for its type: the schema is no object (one file, a list).
    whole = _type_error(["body"], "Request body must be string")
    assert bench.classify(_refused(status=422, violations=whole, body_media=multipart)) == (
        "spec conflict"
    )
    assert bench.classify(_refused(status=422, violations=whole, body_media="text/plain")) == (
        "rejected"
    )


def test_form_field_prism_drops_is_a_limit_only_when_noted() -> None:
    bench = _bench()
    said = "Request body must have required property 'grant_type'"
    missing = _header([{"location": ["request", "body"], "severity": "Error", "code": "required",
                        "message": said}])  # fmt: skip
    form = "application/x-www-form-urlencoded"
    noted = _refused(status=422, violations=missing, body_media=form,
                     note="required property not among properties")  # fmt: skip
    assert bench.classify(noted) == "prism limit"
    assert bench.classify(_refused(status=422, violations=missing, body_media=form)) == "rejected"
    as_json = {**noted, "body_media": "application/json"}  # Prism reads JSON whole: judged
    assert bench.classify(as_json) == "rejected"


def test_request_warnings_alone_are_no_rejection() -> None:
    bench = _bench()
    said = "Query param sort is deprecated"
    deprecated = _header([{"location": ["request", "query", "sort"], "severity": "Warning",
                           "code": "deprecated", "message": said}])  # fmt: skip
    assert bench.classify(_refused(violations=deprecated)) == "ok"  # answered 200
    error = deprecated.replace('"Warning"', '"Error"')
    assert bench.classify(_refused(violations=error)) == "rejected"


def test_invalid_http_from_prism_is_its_error() -> None:
    bench = _bench()
    broken = {"mode": "all", "call": "x.y", "outcome": "error",
              "error": "APIConnectionError: Connection error (RemoteProtocolError)."}  # fmt: skip
    assert bench.classify(broken) == "prism error"
    other = {**broken, "error": "TypeError: Object of type bytes is not JSON serializable"}
    assert bench.classify(other) == "error"


def test_query_path_keys_are_served_apart_with_their_pairs_required() -> None:
    bench = _bench()
    ok = {"200": {"description": "ok"}}
    doc = {"openapi": "3.0.3", "paths": {
        "/v1/files": {"get": {"responses": ok}},
        "/v1/files?beta=true": {"get": {"parameters": [{"name": "limit", "in": "query"}],
                                        "responses": ok}},
    }}  # fmt: skip
    main, beta = bench.split_query_paths(doc)
    assert list(main["paths"]) == ["/v1/files"]
    assert beta is not None and list(beta["paths"]) == ["/v1/files"]
    params = beta["paths"]["/v1/files"]["get"]["parameters"]
    assert params[-1] == {"name": "beta", "in": "query", "required": True,
                          "schema": {"type": "string", "enum": ["true"]}}  # fmt: skip
    assert doc["paths"]["/v1/files?beta=true"]["get"]["parameters"] == [params[0]]  # a copy
    assert bench.split_query_paths(main) == (main, None)


def test_repeated_parts_read_as_one_with_the_errors_that_follow() -> None:
    bench = _bench()

    def error(where: str, code: str, message: str) -> dict[str, object]:
        return {"location": ["request", "body", where], "severity": "Error", "code": code,
                "message": message}  # fmt: skip

    nullable_list = [
        error("files", "type", "Request body property files must be array"),
        error("files", "anyOf", "Request body property files must match a schema in anyOf"),
        error("files", "enum", "Request body property files must be equal to one of the allowed"),
    ]
    multipart = "multipart/form-data"
    call = _refused(status=422, violations=_header(nullable_list), body_media=multipart)
    assert bench.classify(call) == "prism limit"
    elsewhere = [*nullable_list, error("name", "enum", "Request body property name must be ...")]
    call = _refused(status=422, violations=_header(elsewhere), body_media=multipart)
    assert bench.classify(call) == "rejected"  # another property's refusal is judged


def test_prism_dying_mid_answer_is_its_error() -> None:
    bench = _bench()
    died = {"mode": "required", "call": "x.y", "outcome": "error",
            "error": "APIConnectionError: Connection error (ReadError)."}  # fmt: skip
    assert bench.classify(died) == "prism error"


def test_an_sdk_that_does_not_import_has_no_ok_call() -> None:
    bench = _bench()
    row = {"operations": 4, "failures": [
        {"mode": "required", "call": "(import)", "outcome": "error", "error": "MRO"}]}  # fmt: skip
    bench.count_kinds(row)
    assert row["required"]["ok"] == row["all"]["ok"] == 0
    assert row["required"]["error"] == row["all"]["error"] == 4
