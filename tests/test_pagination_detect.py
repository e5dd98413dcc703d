"""Which pagination scheme a list operation gets (generator/pagination.py), from small specs.

A scheme needs a request parameter and a response field (or header) that belong together:
`limit` alone, or an `after` parameter without a `has_more` field, is not pagination. The
extensions `x-speakeasy-pagination` / `x-fern-pagination` and the config's
`overrides.pagination` win over detection; a bad config value is a clear error.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from test_pagination import pages_spec

from generator.config import ConfigError, GenerateRequest, parse_overrides
from generator.diagnostics import GenerationError
from generator.pagination import Pagination
from generator.pipeline import apply_overrides, build_api, build_files, load_document
from generator.plan import plan_operation

ITEM = {"$ref": "#/components/schemas/Item"}
ARRAY = {"type": "array", "items": ITEM}


def _q(name: str, kind: str = "string", **extra: Any) -> dict[str, Any]:
    return {"name": name, "in": "query", "schema": {"type": kind, **extra}}


def _spec(params: list[dict[str, Any]], body: dict[str, Any], **op: Any) -> dict[str, Any]:
    response: dict[str, Any] = {"description": "ok",
                                "content": {"application/json": {"schema": body}}}  # fmt: skip
    if "headers" in op:
        response["headers"] = op.pop("headers")
    return {
        "openapi": "3.1.0",
        "info": {"title": "Detect", "version": "1"},
        "paths": {"/things": {"get": {"operationId": "listThings", "parameters": params,
                                      "responses": {"200": response}, **op}}},
        "components": {"schemas": {"Item": {"type": "object", "properties": {
            "id": {"type": "string"}, "name": {"type": "string"}}}}},
    }  # fmt: skip


def _obj(**props: Any) -> dict[str, Any]:
    return {"type": "object", "properties": props}


def _write(doc: dict[str, Any], tmp: Path) -> Path:
    path = tmp / "spec.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    return path


def _detect(doc: dict[str, Any], tmp: Path, overrides: Any = None) -> Pagination | None:
    loaded = load_document([str(_write(doc, tmp))])
    api = build_api(loaded.doc, loaded.diagnostics)
    if overrides is not None:
        api = apply_overrides(
            api, parse_overrides(overrides, "gen.yaml"), loaded.diagnostics, frozenset(), "python"
        )
        if loaded.diagnostics.has_errors:
            raise GenerationError(loaded.diagnostics)
    op = api.resources[0].operations[0]
    return plan_operation(api, op).pagination


def test_the_end_to_end_spec_gets_one_scheme_per_operation(tmp_path: Path) -> None:
    loaded = load_document([str(_write(pages_spec(), tmp_path))])
    api = build_api(loaded.doc, loaded.diagnostics)
    found = {
        op.id: plan_operation(api, op).pagination for r in api.resources for op in r.operations
    }
    schemes = {k: v.scheme if v else None for k, v in found.items()}
    assert schemes == {"listCursor": "cursor", "listAfter": "cursor_id", "listOffset": "offset",
                       "listPage": "page", "listNext": "next_url", "listLink": "link",
                       "listPlain": None}  # fmt: skip
    cursor = found["listCursor"]
    assert cursor is not None
    assert (cursor.param, cursor.next, cursor.items) == ("cursor", ("next_cursor",), ("data",))
    after = found["listAfter"]
    assert after is not None and (after.param, after.item_cursor) == ("starting_after", "id")
    assert after.has_more == ("has_more",)
    offset = found["listOffset"]
    assert offset is not None and (offset.param, offset.total) == ("offset", ("total",))
    page = found["listPage"]
    assert page is not None and page.total_pages == ("total_pages",)
    link = found["listLink"]
    assert link is not None and link.items == () and link.item_type.name == "Item"  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("params", "body", "op", "expected"),
    [
        # Negative cases: a parameter without a response field that belongs to it.
        ([_q("limit", "integer")], _obj(data=ARRAY), {}, None),
        ([_q("limit", "integer")], ARRAY, {}, None),
        ([_q("after")], _obj(data=ARRAY), {}, None),
        ([_q("after")], _obj(data=ARRAY, next=_obj(href={"type": "string"})), {}, None),
        ([_q("cursor")], _obj(data=ARRAY), {}, None),
        ([_q("offset", "integer")], _obj(data=ARRAY), {}, None),
        ([_q("page", "integer")], _obj(data=ARRAY), {}, None),
        # A next cursor whose parameter is not declared.
        ([_q("limit", "integer")], _obj(data=ARRAY, next_cursor={"type": "string"}), {}, None),
        # A cursor field with no array of items.
        ([_q("cursor")], _obj(next_cursor={"type": "string"}, name={"type": "string"}), {}, None),
        # Positive cases, one per construct.
        ([_q("pageToken")], _obj(items=ARRAY, nextPageToken={"type": "string"}), {}, "cursor"),
        ([_q("cursor")], _obj(results=ARRAY, meta=_obj(next_cursor={"type": "string"})), {},
         "cursor"),
        ([_q("after")], _obj(data=ARRAY, has_more={"type": "boolean"}), {}, "cursor_id"),
        ([_q("skip", "integer"), _q("top", "integer")], _obj(values=ARRAY), {}, "offset"),
        ([_q("page", "integer")], _obj(data=ARRAY, total_pages={"type": "integer"}), {}, "page"),
        ([_q("limit", "integer")], _obj(data=ARRAY, links=_obj(next={"type": "string"})), {},
         "next_url"),
        ([_q("since", "integer"), _q("per_page", "integer")], ARRAY, {}, "link"),
        ([_q("cursor")], _obj(data=ARRAY),
         {"headers": {"Link": {"schema": {"type": "string"}}}}, "link"),
    ],
)  # fmt: skip
def test_detection(
    tmp_path: Path, params: Any, body: Any, op: dict[str, Any], expected: str | None
) -> None:
    found = _detect(_spec(params, body, **op), tmp_path)
    assert (found.scheme if found else None) == expected


def test_a_single_array_property_holds_the_items(tmp_path: Path) -> None:
    body = _obj(entries=ARRAY, next_marker={"type": "string"}, count={"type": "integer"})
    found = _detect(_spec([_q("marker")], body), tmp_path)
    assert found is not None and found.items == ("entries",) and found.param == "marker"
    # Two arrays, neither called data/items/results: no items field, no pagination.
    two = _obj(a=ARRAY, b=ARRAY, next_cursor={"type": "string"})
    assert _detect(_spec([_q("cursor")], two), tmp_path) is None


def test_page_number_starts_at_the_declared_default(tmp_path: Path) -> None:
    found = _detect(_spec([_q("page", "integer", default=0), _q("per_page", "integer")],
                          _obj(data=ARRAY)), tmp_path)  # fmt: skip
    assert found is not None and found.scheme == "page" and found.start == 0


def test_speakeasy_extension_wins(tmp_path: Path) -> None:
    ext = {"type": "cursor", "inputs": [{"name": "from", "in": "parameters", "type": "cursor"}],
           "outputs": {"nextCursor": "$.data[-1].id", "results": "$.data"}}  # fmt: skip
    doc = _spec([_q("from"), _q("offset", "integer"), _q("limit", "integer")],
                _obj(data=ARRAY), **{"x-speakeasy-pagination": ext})  # fmt: skip
    found = _detect(doc, tmp_path)
    assert found is not None
    assert (found.scheme, found.param, found.item_cursor, found.source) == (
        "cursor_id", "from", "id", "x-speakeasy-pagination")  # fmt: skip
    ext = {"type": "offsetLimit", "outputs": {"results": "$.data", "numPages": "$.meta.pages"},
           "inputs": [{"name": "p", "in": "parameters", "type": "page"}]}  # fmt: skip
    found = _detect(_spec([_q("p", "integer")], _obj(data=ARRAY),
                          **{"x-speakeasy-pagination": ext}), tmp_path)  # fmt: skip
    assert found is not None and (found.scheme, found.total_pages) == ("page", ("meta", "pages"))


def test_fern_extension_wins(tmp_path: Path) -> None:
    ext = {"offset": "$request.start", "results": "$response.things", "step": "$request.size"}
    doc = _spec([_q("start", "integer"), _q("size", "integer")], _obj(things=ARRAY),
                **{"x-fern-pagination": ext})  # fmt: skip
    found = _detect(doc, tmp_path)
    assert found is not None and (found.scheme, found.param, found.items) == (
        "offset", "start", ("things",))  # fmt: skip
    ext = {"cursor": "$request.token", "next_cursor": "$response.meta.after",
           "results": "$response.data"}  # fmt: skip
    found = _detect(_spec([_q("token")], _obj(data=ARRAY, meta=_obj(after={"type": "string"})),
                          **{"x-fern-pagination": ext}), tmp_path)  # fmt: skip
    assert found is not None and (found.scheme, found.next, found.source) == (
        "cursor", ("meta", "after"), "x-fern-pagination")  # fmt: skip


def test_config_override_wins_and_can_turn_detection_off(tmp_path: Path) -> None:
    doc = _spec([_q("from"), _q("limit", "integer")], _obj(data=ARRAY, last={"type": "string"}))
    assert _detect(doc, tmp_path) is None
    config = {"pagination": {"listThings": {"scheme": "cursor", "param": "from",
                                            "next": "last", "items": "data"}}}  # fmt: skip
    found = _detect(doc, tmp_path, config)
    assert found is not None
    assert (found.scheme, found.param, found.next, found.source) == (
        "cursor", "from", ("last",), "config")  # fmt: skip
    detected = _spec([_q("cursor")], _obj(data=ARRAY, next_cursor={"type": "string"}))
    assert _detect(detected, tmp_path) is not None
    assert _detect(detected, tmp_path, {"pagination": {"listThings": "none"}}) is None


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ({"scheme": "cursors"}, "`scheme` must be one of cursor, cursor_id"),
        ({"param": "x"}, "`scheme` must be one of"),
        ({"scheme": "cursor", "nxt": "a"}, "unknown key `nxt`; did you mean `next`?"),
        ({"scheme": "page", "param": "page", "start": "1"}, "`start` must be a whole number"),
        ({"scheme": "cursor", "param": ""}, "`param` must be a non-empty string"),
        (["cursor"], "expected a mapping with `scheme`, or `none`"),
    ],
)
def test_bad_config_values_are_clear_errors(value: Any, message: str) -> None:
    with pytest.raises(ConfigError, match="gen.yaml: pagination.listThings") as err:
        parse_overrides({"pagination": {"listThings": value}}, "gen.yaml")
    assert message in str(err.value)


def test_config_naming_what_the_operation_lacks_is_an_error(tmp_path: Path) -> None:
    doc = _spec([_q("cursor")], _obj(data=ARRAY))
    for value, message in [
        ({"scheme": "cursor", "param": "from", "next": "n"}, "no query parameter 'from'"),
        ({"scheme": "cursor", "param": "cursor"}, "needs `next`"),
        ({"scheme": "offset", "param": "cursor", "items": "rows"}, "no array at rows"),
    ]:
        with pytest.raises(GenerationError) as err:
            _detect(doc, tmp_path, {"pagination": {"listThings": value}})
        text = str(err.value) + "".join(d.message for d in err.value.diagnostics.errors)
        assert "overrides.pagination: operation 'listThings'" in text and message in text
    with pytest.raises(GenerationError) as err:
        _detect(doc, tmp_path, {"pagination": {"listThing": {"scheme": "link"}}})
    assert "did you mean 'listThings'" in "".join(
        d.message + d.hint for d in err.value.diagnostics.errors
    )


def test_the_config_override_reaches_the_generated_method(tmp_path: Path) -> None:
    doc = _spec([_q("from")], _obj(data=ARRAY, last={"type": "string"}))
    overrides = parse_overrides(
        {"pagination": {"listThings": {"scheme": "cursor", "param": "from", "next": "last"}}},
        "gen.yaml",
    )
    request = GenerateRequest(spec=str(_write(doc, tmp_path)), out_dir=tmp_path / "out",
                              name="Detect", overrides=overrides)  # fmt: skip
    files = build_files(request).files
    resource = next(v for k, v in files.items() if k.endswith("resources/default.py")
                    or k.endswith("resources/things.py"))  # fmt: skip
    assert "-> SyncPage[Item]:" in resource and "-> AsyncPaginator[Item]:" in resource
    assert 'PageInfo("cursor", items=("data",), param="from", next=("last",))' in resource
