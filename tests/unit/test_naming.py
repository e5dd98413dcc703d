"""Method and resource names from the path's shape, operationIds and naming extensions (one
operation at a time; whole trees are in test_tree.py)."""

from __future__ import annotations

from typing import Any

import pytest

from generator.diagnostics import Diagnostics
from generator.names import words
from generator.naming import op_id_words
from generator.tree import Entry, place


def _name(method: str, path: str, op_id: str = "", op: dict[str, Any] | None = None) -> str:
    op = {**(op or {}), **({"operationId": op_id} if op_id else {})}
    placed = place([Entry(path, method, op)], {}, Diagnostics())[0]
    return ".".join([*placed.resource, placed.name])


@pytest.mark.parametrize(
    ("method", "path", "op_id", "expected"),
    [
        ("get", "/v1/widgets", "GetWidgets", "widgets.list"),
        ("post", "/v1/widgets", "PostWidgets", "widgets.create"),
        ("get", "/v1/widgets/{widget}", "GetWidgetsWidget", "widgets.retrieve"),
        ("post", "/v1/widgets/{widget}", "PostWidgetsWidget", "widgets.update"),
        ("patch", "/widgets/{id}", "", "widgets.update"),
        ("delete", "/v2/widgets/{widget}", "DeleteWidgetsWidget", "widgets.delete"),
        ("get", "/v1/shops/{shop}/side_items", "GetShopsShopSideItems", "shops.side_items.list"),
        ("post", "/jobs/{id}/cancel", "PostJobsIdCancel", "jobs.cancel"),
        ("post", "/v1/files?beta=true", "", "beta.files.create"),
        ("post", "/completions", "createCompletion", "completions.create"),
        ("post", "/pets/{id}/photo", "uploadPhoto", "pets.upload_photo"),
        ("get", "/info.0.json", "", "info_0.retrieve"),
        ("get", "/2010-04-01/Accounts/{Sid}/Calls.json", "ListCall", "accounts.calls.list"),
    ],
)
def test_shapes(method: str, path: str, op_id: str, expected: str) -> None:
    assert _name(method, path, op_id) == expected


def test_operation_id_words() -> None:
    assert words("createAPIKeyForHTTPServer2") == ["create", "api", "key", "for", "http",
                                                  "server", "2"]  # fmt: skip
    assert words("list-gadget_keys") == ["list", "gadget", "keys"]
    # A framework-made id repeats the path and the method; a glued id is split by known words.
    assert op_id_words("upload_file_v1_files_post", "post", ["v1", "files"]) == [
        "upload",
        "file",
    ]
    assert op_id_words("getshopspendlimit", "get", [], {"shops", "spend", "limit"}) == [
        "get",
        "shop",
        "spend",
        "limit",
    ]


def test_no_version_resource() -> None:
    assert _name("get", "/v1/{id}") == "default.retrieve"
    assert not _name("get", "/v10/things").startswith("v")


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
