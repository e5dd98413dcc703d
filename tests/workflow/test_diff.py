"""`gen diff`: each change classed breaking, additive or compatible; semver proposal (issue 5)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from wf_helpers import INTERACTIVE, OPENROUTER, gen

from generator.build_ir import build_api
from generator.diff import ApiDiff, Change, diff_apis
from generator.pipeline import load_document

CASES = Path(__file__).resolve().parent / "diff_cases"


def changes(case: str) -> list[tuple[str, str, str, str]]:
    """(level, action, kind, where) of every change in a case, via `gen diff --format json`."""
    code, out = gen("diff", CASES / case / "old.yaml", CASES / case / "new.yaml", "--format",
                    "json", "--fail-on", "none", "-q")  # fmt: skip
    assert code == 0, out
    record = json.loads(out)["results"]
    return sorted((c["level"], c["action"], c["kind"], c["where"]) for c in record["changes"])


def test_removing_a_request_field_is_breaking() -> None:
    assert changes("remove_request_field") == [
        ("breaking", "removed", "request field", "orders.create(suffix)")
    ]


def test_a_new_required_parameter_is_breaking() -> None:
    assert changes("add_required_parameter") == [
        ("breaking", "added", "parameter", "orders.list(store)")
    ]


def test_a_new_optional_field_is_not_breaking() -> None:
    assert changes("add_optional_field") == [
        ("additive", "added", "request field", "orders.create(gift_wrap)")
    ]


def test_enum_values_depend_on_direction() -> None:
    assert changes("enum_values") == [
        ("additive", "added", "enum value", "orders.create(color)"),  # black accepted
        ("breaking", "removed", "enum value", "orders.create(color)"),  # blue refused
        ("compatible", "added", "enum value", "orders.list[](status)"),  # enums are open
        ("compatible", "removed", "enum value", "orders.list[](status)"),
    ]


def test_types_and_response_fields() -> None:
    assert changes("types_and_response_fields") == [
        ("breaking", "changed", "type", "orders.create(quantity)"),  # number -> integer
        ("breaking", "changed", "type", "orders.list[](total)"),  # may now be null
        ("breaking", "removed", "response field", "orders.list[](note)"),
    ]


def test_operations_servers_and_auth() -> None:
    assert changes("operations_servers_auth") == [
        ("additive", "added", "auth", "apiKey"),
        ("additive", "added", "operation", "orders.retrieve"),
        ("additive", "added", "server", "https://api.shop.test/v2"),
        ("breaking", "removed", "operation", "orders.list"),
        ("compatible", "changed", "server", "default base URL"),
        ("compatible", "removed", "server", "https://api.shop.test/v1"),
    ]


def test_descriptions_are_no_change() -> None:
    assert changes("no_change_but_spelling") == []


@pytest.mark.parametrize(
    "case, fail_on, code",
    [
        ("remove_request_field", "breaking", 1),
        ("remove_request_field", "none", 0),
        ("add_optional_field", "breaking", 0),
        ("add_optional_field", "any", 1),
        ("no_change_but_spelling", "any", 0),
    ],
)
def test_fail_on(case: str, fail_on: str, code: int) -> None:
    got, out = gen("diff", CASES / case / "old.yaml", CASES / case / "new.yaml",
                   "--fail-on", fail_on)  # fmt: skip
    assert got == code, out


def test_text_output_and_version_from_a_manifest(tmp_path: Path) -> None:
    sdk = tmp_path / "sdk"
    sdk.mkdir()
    (sdk / ".sdkforge-manifest.json").write_text(json.dumps({"options": {"version": "1.4.2"}}))
    case = CASES / "remove_request_field"
    code, out = gen("diff", case / "old.yaml", case / "new.yaml", "--sdk", sdk)
    assert code == 1
    assert "BREAKING" in out and "removed" in out and "orders.create(suffix)" in out
    assert "next version: 2.0.0 (from 1.4.2)" in out


def test_seed_specs_against_each_other() -> None:
    code, out = gen("diff", OPENROUTER, INTERACTIVE, "--format", "json", "-q")
    assert code == 0, out  # nothing breaking from OpenRouter's spec to Interactive's
    record = json.loads(out)["results"]
    found = {(c["level"], c["action"], c["kind"], c["where"]) for c in record["changes"]}
    assert ("additive", "added", "server", "https://app.interactive.ai/api/v1") in found
    assert ("additive", "added", "model", "models.ErrorResponse") in found
    assert record["next_version"] == "0.2.0"
    code, out = gen("diff", INTERACTIVE, OPENROUTER)
    assert code == 1  # the other way, a model class disappears
    assert "BREAKING   removed  model" in out


def _api(spec: Path) -> object:
    loaded = load_document([str(spec)])
    return build_api(loaded.doc, loaded.diagnostics)


def test_a_spec_against_itself_is_empty() -> None:
    api = _api(OPENROUTER)
    assert diff_apis(api, api).changes == []  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "levels, current, proposed",
    [
        (["breaking"], "0.3.1", "0.4.0"),
        (["breaking", "additive"], "1.3.1", "2.0.0"),
        (["additive"], "1.3.1", "1.4.0"),
        (["compatible"], "1.3.1", "1.3.2"),
        ([], "1.3.1", "1.3.1"),  # nothing changed: no bump
        (["additive"], "v2.0.0-rc.1", "2.1.0"),
    ],
)
def test_semver_proposal(levels: list[str], current: str, proposed: str) -> None:
    diff = ApiDiff([Change("added", "x", "y", "z", level) for level in levels])  # type: ignore[arg-type]
    assert diff.next_version(current) == proposed


def test_bad_version_is_a_usage_error() -> None:
    case = CASES / "add_optional_field"
    code, out = gen("diff", case / "old.yaml", case / "new.yaml", "--from-version", "one")
    assert code == 2 and "MAJOR.MINOR.PATCH" in out


def test_spec_errors_exit_1(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("openapi: 3.0.3\ninfo: {title: t, version: '1'}\n")
    code, out = gen("diff", bad, CASES / "add_optional_field" / "new.yaml")
    assert code == 1 and "no `paths`" in out


def test_no_change_proposes_no_version_bump() -> None:
    code, out = gen("diff", OPENROUTER, OPENROUTER, "--from-version", "1.2.3")
    assert code == 0 and "no version bump (1.2.3 stays)" in out and "1.2.4" not in out
    code, out = gen("diff", OPENROUTER, OPENROUTER, "--format", "json", "--from-version", "1.2.3")
    assert json.loads(out)["results"]["next_version"] == "1.2.3"


def test_a_change_reached_twice_is_listed_once() -> None:
    from generator.diff import _Differ
    from generator.ir import Api

    differ = _Differ(Api(title="t", version="1"), Api(title="t", version="1"))
    for _ in range(2):
        differ.add("removed", "response field", "a.get(y)", "field 'y' removed", "breaking")
    assert len(differ.out) == 1


def _spec(tmp_path: Path, name: str, paths: dict[str, object]) -> Path:
    doc = {"openapi": "3.1.0", "info": {"title": "Shop", "version": "1"}, "paths": paths}
    path = tmp_path / name
    path.write_text(json.dumps(doc))
    return path


def test_a_method_rename_and_a_resource_move_are_breaking(tmp_path: Path) -> None:
    # OpenAPI: the naming extensions x-speakeasy-name-override (a method rename) and
    # x-speakeasy-group (a resource move) change only the SDK surface, not the wire.
    ok = {"200": {"description": "ok"}}
    old = _spec(tmp_path, "old.json", {
        "/orders": {"get": {"operationId": "listOrders", "responses": ok}},
        "/orders/{id}/parts": {"get": {"operationId": "listParts", "responses": ok}},
    })  # fmt: skip
    new = _spec(tmp_path, "new.json", {
        "/orders": {"get": {"operationId": "listOrders", "x-speakeasy-name-override": "all",
                            "responses": ok}},
        "/orders/{id}/parts": {"get": {"operationId": "listParts", "x-speakeasy-group": "parts",
                                       "responses": ok}},
    })  # fmt: skip
    code, out = gen("diff", old, new, "--from-version", "1.4.2")
    assert code == 1, out
    assert "GET /orders is now orders.all (was orders.list)" in out
    assert "GET /orders/{id}/parts is now parts.list (was orders.parts.list)" in out
    assert "2 breaking" in out and "next version: 2.0.0 (from 1.4.2)" in out
    code, out = gen("diff", old, new, "--format", "json", "--from-version", "1.4.2", "-q")
    record = json.loads(out)["results"]
    assert record["next_version"] == "2.0.0"
    assert sorted((c["level"], c["where"]) for c in record["changes"]) == [
        ("breaking", "orders.all"), ("breaking", "parts.list")]  # fmt: skip
