"""Hostile-but-valid constructs, driven end to end: recursive type aliases, very long names,
long reference chains, enum items with documentation, unusable server URLs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sdk_helpers import import_package, json_reply, serve

from generator.diagnostics import Diagnostics
from generator.pipeline import GenerateRequest, build_files, generate


def _write(tmp_path: Path, doc: dict[str, Any]) -> str:
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return str(path)


def _doc(paths: dict[str, Any], schemas: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "openapi": "3.0.3",
        "info": {"title": "T", "version": "1"},
        "paths": paths,
        "components": {"schemas": schemas or {}},
    }


def _get(schema: dict[str, Any], operation_id: str = "getTree") -> dict[str, Any]:
    content = {"application/json": {"schema": schema}}
    return {
        "get": {
            "operationId": operation_id,
            "responses": {"200": {"description": "ok", "content": content}},
        }
    }


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


RECURSIVE = {
    # A JSON value: a union whose array and object arms hold itself.
    "Value": {
        "oneOf": [
            {"type": "string"},
            {"type": "number"},
            {"type": "array", "items": _ref("Value")},
            {"type": "object", "additionalProperties": _ref("Value")},
        ]
    },
    "Nest": {"type": "array", "items": _ref("Nest")},  # an array of itself
    "Forest": {"type": "object", "additionalProperties": _ref("Grove")},  # two aliases,
    "Grove": {"type": "array", "items": _ref("Forest")},  # each using the other
    "Holder": {
        "type": "object",
        "properties": {"value": _ref("Value"), "nest": _ref("Nest"), "forest": _ref("Forest")},
    },
}

NESTED = {
    "value": {"a": [1, "x", {"b": ["y", {"c": 2}]}]},
    "nest": [[[]], [[[], []]]],
    "forest": {"north": [{"deep": [{}]}]},
}


def test_recursive_aliases_import_validate_and_type_check(tmp_path: Path) -> None:
    out = tmp_path / "out"
    doc = _doc({"/tree": _get(_ref("Holder"))}, RECURSIVE)
    generate(GenerateRequest(spec=_write(tmp_path, doc), out_dir=out, name="Rec", package="rec"))
    models = (out / "rec" / "models.py").read_text()
    assert 'TypeAliasType("Nest", List["Nest"])' in models
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "rec"],
        cwd=out,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout
    sdk = import_package(out, "rec")
    holder = sdk.models.Holder.model_validate(NESTED)
    assert holder.value == NESTED["value"] and holder.nest == NESTED["nest"]
    assert holder.forest == NESTED["forest"]
    with pytest.raises(ValueError):
        sdk.models.Holder.model_validate({"nest": [[1]]})  # an array of arrays, never a number
    with serve(lambda _request: json_reply(200, NESTED)) as server:
        answer = sdk.Rec(base_url=server.url).tree.retrieve()  # GET /tree: one tree
    assert isinstance(answer, sdk.models.Holder) and answer.nest == NESTED["nest"]


def test_a_300_character_tag_and_operation_id_make_short_names(tmp_path: Path) -> None:
    tag, op_id, schema = "t" * 300, "o" * 300, "M" * 300
    doc = _doc(
        {"/a": {"get": {**_get(_ref(schema), op_id)["get"], "x-fern-sdk-group-name": tag,
                        "x-fern-sdk-method-name": op_id}}},
        {schema: {"type": "object", "properties": {"p": {"type": "string"}}}},
    )
    out = tmp_path / "out"
    generate(GenerateRequest(spec=_write(tmp_path, doc), out_dir=out, name="Long", package="lng"))
    files = [p for p in out.rglob("*") if p.is_file()]
    assert max(len(p.name) for p in files) <= 64
    (module,) = [p for p in (out / "lng" / "resources").glob("t*.py")]
    assert len(module.stem) == 40 and module.stem.startswith("t" * 31 + "_")
    sdk = import_package(out, "lng")
    resource = getattr(sdk.Long(base_url="http://127.0.0.1:1"), module.stem)
    methods = [m for m in dir(resource) if m.startswith("o")]
    assert [len(m) for m in methods] == [40]
    model = [n for n in sdk.models.__all__ if n.startswith("M")]
    assert [len(n) for n in model] == [40]
    # Deterministic: the same spec gives the same names.
    again = tmp_path / "again"
    generate(GenerateRequest(spec=_write(tmp_path, doc), out_dir=again, name="Long", package="lng"))
    assert sorted(p.name for p in again.rglob("*.py")) == sorted(p.name for p in out.rglob("*.py"))


def _chain(links: int, link: str) -> dict[str, Any]:
    schemas: dict[str, Any] = {}
    for i in range(links):
        ref = _ref(f"S{i + 1}")
        schemas[f"S{i}"] = ref if link == "ref" else {"allOf": [ref, {"description": "x"}]}
    schemas[f"S{links}"] = {"type": "object", "properties": {"end": {"type": "string"}}}
    return _doc({"/a": _get(_ref("S0"))}, schemas)


@pytest.mark.parametrize("link", ["ref", "allOf"])
def test_a_2000_link_chain_generates(tmp_path: Path, link: str) -> None:
    spec = _write(tmp_path, _chain(2000, link))
    result = build_files(GenerateRequest(spec=spec, out_dir=tmp_path / "o", name="C"))
    assert not result.diagnostics.errors
    # 2001 models: the models are a package of modules (python/model_modules.py).
    models = "".join(t for f, t in result.files.items() if f.startswith("c/models/"))
    assert "class S2000(BaseModel)" in models


def test_a_500_link_chain_passes_the_smoke_test(tmp_path: Path) -> None:
    spec = _write(tmp_path, _chain(500, "ref"))
    generate(GenerateRequest(spec=spec, out_dir=tmp_path / "o", name="C"))
    assert (tmp_path / "o" / "c" / "models" / "__init__.py").exists()


def test_enum_items_with_docs_generate_a_literal(tmp_path: Path) -> None:
    status = {"type": "string", "enum": [{"value": "active", "docs": "In use"}, {"value": "gone"}]}
    doc = _doc({"/a": _get(_ref("Status"))}, {"Status": status})
    out = tmp_path / "out"
    generate(GenerateRequest(spec=_write(tmp_path, doc), out_dir=out, name="E", package="enm"))
    sdk = import_package(out, "enm")
    assert sdk.models.Status.__args__ == ("active", "gone")


@pytest.mark.parametrize("url", ["javascript:alert(1)", "file:///etc/passwd", "ftp://x.test/"])
def test_unusable_server_urls_warn_with_their_pointer(tmp_path: Path, url: str) -> None:
    doc = _doc({"/a": _get({"type": "string"})})
    doc["servers"] = [{"url": "https://api.test/v1"}, {"url": url}]
    result = build_files(
        GenerateRequest(spec=_write(tmp_path, doc), out_dir=tmp_path / "o", name="S")
    )
    diags: Diagnostics = result.diagnostics
    (warning,) = [d for d in diags.warnings if "server URL" in d.message]
    assert warning.pointer == "/servers/1/url"
    assert url.split(":")[0] in warning.message
    assert "javascript" not in result.files["s/_client.py"]
