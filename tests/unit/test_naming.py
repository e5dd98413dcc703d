"""Method and resource names from the path's shape, operationIds and naming extensions."""

from __future__ import annotations

from typing import Any

import pytest

from generator.naming import method_name, resource_name


def _name(method: str, path: str, op_id: str = "", op: dict[str, Any] | None = None) -> str:
    op = op or {}
    resource, _ = resource_name(op, path)
    return f"{resource}.{method_name(op, op_id, method, path, resource)}"


@pytest.mark.parametrize(
    ("method", "path", "op_id", "expected"),
    [
        ("get", "/v1/widgets", "GetWidgets", "widgets.list"),
        ("post", "/v1/widgets", "PostWidgets", "widgets.create"),
        ("get", "/v1/widgets/{widget}", "GetWidgetsWidget", "widgets.retrieve"),
        ("post", "/v1/widgets/{widget}", "PostWidgetsWidget", "widgets.update"),
        ("patch", "/widgets/{id}", "", "widgets.update"),
        ("delete", "/v2/widgets/{widget}", "DeleteWidgetsWidget", "widgets.delete"),
        ("get", "/v1/shops/{shop}/side_items", "GetShopsShopSideItems", "shops.list_side_items"),
        (
            "get",
            "/v1/shops/{shop}/side_items/{id}",
            "GetShopsSideItemsId",
            "shops.retrieve_side_item",
        ),
        ("post", "/jobs/{id}/cancel", "PostJobsIdCancel", "jobs.cancel"),
        ("get", "/v1/widgets/search", "GetWidgetsSearch", "widgets.search"),
        ("post", "/v1/files?beta=true", "", "files.create_beta"),
        ("post", "/completions", "createCompletion", "completions.create"),
        ("post", "/pets/{id}/photo", "uploadPhoto", "pets.upload_photo"),
        ("get", "/info.0.json", "", "info_0.list"),
    ],
)
def test_shapes(method: str, path: str, op_id: str, expected: str) -> None:
    assert _name(method, path, op_id) == expected


def test_operation_id_words_without_the_resource_words() -> None:
    op = {"tags": ["Gadget Keys"]}
    assert _name("post", "/a/{x}/{y}", "createGadgetAPIKeyForOwner", op) == (
        "gadget_keys.create_api_for_owner"
    )
    assert _name("get", "/a/{x}/{y}", "list-gadget-keys_for_owner", op) == (
        "gadget_keys.list_for_owner"
    )


def test_no_version_resource() -> None:
    assert resource_name({}, "/v1/{id}")[0] == "default"
    assert not _name("get", "/v10/things").startswith("v_")


def test_extensions() -> None:
    op = {"x-speakeasy-group": "ledger", "x-speakeasy-name-override": "fetchAll"}
    assert _name("get", "/v1/widgets", "x", op) == "ledger.fetch_all"
    op = {"x-fern-sdk-group-name": ["shops", "side_items"], "x-fern-sdk-method-name": "get"}
    assert _name("get", "/v1/widgets", "x", op) == "shops_side_items.get"
    both = {"x-fern-sdk-method-name": "fern", "x-speakeasy-name-override": "speak"}
    assert _name("get", "/w", "", both) == "w.fern"


def test_shape_below_a_parent_uses_the_operation_id() -> None:
    op = {"tags": ["tasks"]}
    assert _name("get", "/orgs/{org}/tasks", "tasks/list-org-tasks", op) == "tasks.list_org"
    assert _name("get", "/tasks/{id}", "tasks/get", op) == "tasks.retrieve"


def test_literal_runs_and_the_length_cap() -> None:
    path = "/v1/helpers/bank/outbound_moves/{move}/return"
    assert _name("post", path, "PostHelpersBankOutboundMovesMoveReturn") == (
        "helpers.return_outbound_move"
    )
    long_id = "createOrUpdateTheVeryLongOrganizationCustomPropertyDefinitionsNow"
    name = _name("put", "/a/{x}/{y}", long_id, {"tags": ["props"]}).split(".")[1]
    assert len(name) <= 40 and name.startswith("create_") and name.endswith("_now")


def test_inline_union_variants_are_named_by_their_tag_or_title() -> None:
    from generator.schemas import _variant_hints

    variants = [
        {"type": "object", "properties": {"type": {"const": "plain_text"}}},
        {"type": "object", "properties": {"type": {"enum": ["json_object"]}}},
        {"type": "object", "title": "grammar rule", "properties": {"g": {"type": "string"}}},
        {"type": "object", "properties": {"g": {"type": "string"}}},
        {"$ref": "#/components/schemas/Other"},
    ]
    assert _variant_hints(variants, "Format") == [
        "FormatPlainText",
        "FormatJsonObject",
        "FormatGrammarRule",
        "Format3",
        "Format4",
    ]
    same = [{"properties": {"t": {"const": "a"}}}, {"properties": {"t": {"const": "a"}}}]
    assert _variant_hints(same, "U") == ["U0", "U1"]
