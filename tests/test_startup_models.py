"""Flat start-up (issue 16): a large spec's models split into modules by the resources that use
them, exported lazily from `pkg.models`; importing the package loads no model, a call loads only
the models its resource needs; type checkers still see every name."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sdk_helpers import import_package, json_reply, serve

from generator.pipeline import GenerateRequest, build_files, generate
from generator.python import model_modules

PACKAGE = "split"


def obj(props: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    return {"type": "object", "properties": props, "required": required or []}


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def get(op_id: str, tag: str, schema: str) -> dict[str, Any]:
    content = {"application/json": {"schema": ref(schema)}}
    return {"get": {"operationId": op_id, "tags": [tag],
                    "responses": {"200": {"description": "ok", "content": content}}}}  # fmt: skip


SCHEMAS: dict[str, Any] = {
    # Used by alpha only.
    "AlphaPage": obj({"items": {"type": "array", "items": ref("Tree")}, "kind": ref("Kind")}),
    "Kind": {"type": "string", "enum": ["a", "b"]},
    # A cycle that both resources reach: Tree -> Branch -> Tree.
    "Tree": obj(
        {"name": {"type": "string"}, "branches": {"type": "array", "items": ref("Branch")}}
    ),
    "Branch": obj({"tree": ref("Tree"), "shade": {"oneOf": [ref("Leaf"), ref("Bud")]}}),
    "Leaf": obj({"type": {"const": "leaf"}}, ["type"]),
    "Bud": obj({"type": {"const": "bud"}}, ["type"]),
    # Used by beta only, and refers to the shared cycle.
    "BetaPage": obj({"root": ref("Tree"), "note": {"type": "string"}}, ["root"]),
    # No resource uses these.
    "Orphan": obj({"friend": ref("OrphanFriend")}),
    "OrphanFriend": obj({"x": {"type": "integer"}}),
}  # fmt: skip
SPEC = {
    "openapi": "3.1.0",
    "info": {"title": "Split", "version": "1"},
    "paths": {"/alpha": get("getAlpha", "alpha", "AlphaPage"), "/beta": get("getBeta", "beta", "BetaPage")},  # noqa: E501
    "components": {"schemas": SCHEMAS},
}  # fmt: skip


@pytest.fixture
def split_always(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(model_modules, "SPLIT_MIN_MODELS", 0)
    monkeypatch.setattr("generator.python.view_models.SPLIT_MIN_MODELS", 0)


def _request(tmp_path: Path) -> GenerateRequest:
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(SPEC))
    return GenerateRequest(spec=str(path), out_dir=tmp_path / "sdk", name="Split", package=PACKAGE)


@pytest.fixture
def sdk(tmp_path: Path, split_always: None) -> Path:
    out = tmp_path / "sdk"
    generate(_request(tmp_path))  # with its smoke test
    return out


def test_models_are_split_by_the_resources_that_use_them(sdk: Path) -> None:
    models = sdk / PACKAGE / "models"
    assert not (sdk / PACKAGE / "models.py").exists()
    files = sorted(p.name for p in models.glob("*.py"))
    assert "_alpha.py" in files and "_beta.py" in files and "__init__.py" in files
    alpha = (models / "_alpha.py").read_text()
    assert "class AlphaPage(" in alpha and "Kind = " in alpha and "class Tree(" not in alpha
    # The cycle is in one module (no forward reference across modules), imported by both.
    home = next(p for p in models.glob("_*.py") if "class Tree(" in p.read_text())
    assert "class Branch(" in home.read_text()
    assert f"from .{home.stem} import Tree" in alpha
    assert f"from .{home.stem} import Tree" in (models / "_beta.py").read_text()


def _run(code: str, root: Path) -> str:
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_importing_the_package_loads_no_model_module_and_a_call_only_its_own(sdk: Path) -> None:
    page = {
        "items": [{"name": "t", "branches": [{"tree": {"name": "u"}, "shade": {"type": "bud"}}]}]
    }
    with serve(lambda r: json_reply(200, page)) as server:
        code = f"""
import sys
import {PACKAGE}
loaded = lambda: sorted(m for m in sys.modules if m.startswith("{PACKAGE}.models."))
assert loaded() == [], loaded()
client = {PACKAGE}.Split(base_url={server.url!r})
assert loaded() == [], loaded()
# The resource's one method, whatever the naming rules call it.
names = vars(type(client.alpha))
(name,) = [n for n in names if not n.startswith("_") and not n.startswith("with_")]
result = getattr(client.alpha, name)()
print(type(result.items[0].branches[0].shade).__name__, " ".join(loaded()))
"""
        out = _run(code, sdk)
    shade, *modules = out.split()
    assert shade == "Bud"
    assert f"{PACKAGE}.models._alpha" in modules
    assert f"{PACKAGE}.models._beta" not in modules
    assert not any("orphan" in m for m in modules)


def test_every_name_imports_from_models_including_a_cycle_and_unused_ones(sdk: Path) -> None:
    models = import_package(sdk, PACKAGE).models
    from_models = __import__(f"{PACKAGE}.models", fromlist=["Branch", "Orphan"])
    tree = from_models.Branch.model_validate({"tree": {"name": "a", "branches": []}}).tree
    assert tree is not None and tree.name == "a"
    assert models.Orphan(friend=models.OrphanFriend(x=1)).friend.x == 1
    assert set(models.__all__) >= set(SCHEMAS) and set(dir(models)) >= set(SCHEMAS)
    with pytest.raises(AttributeError):
        _ = models.NoSuchModel


def test_split_sdk_is_mypy_strict_and_ruff_clean_and_checkers_see_every_name(sdk: Path) -> None:
    (sdk / "use.py").write_text(
        f"from {PACKAGE}.models import Branch, Orphan, Tree\n\n"
        "tree: Tree = Branch(tree=Tree(name='a')).tree or Tree()\n"
        "orphan: Orphan = Orphan()\n"
        f"from {PACKAGE}.models import NoSuchModel  # noqa: E402\n"
    )
    mypy = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-incremental", "--strict", PACKAGE, "use.py"],
        cwd=sdk, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    errors = [line for line in mypy.stdout.splitlines() if ": error:" in line]
    assert len(errors) == 1 and "use.py:5" in errors[0] and "NoSuchModel" in errors[0], mypy.stdout
    (sdk / "use.py").unlink()
    ruff = shutil.which("ruff") or str(Path(sys.executable).parent / "ruff")
    result = subprocess.run(
        [ruff, "check", "--no-cache", PACKAGE], cwd=sdk, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_split_is_deterministic(tmp_path: Path, split_always: None) -> None:
    first = build_files(_request(tmp_path)).files
    second = build_files(_request(tmp_path)).files
    assert first == second
    assert any(p.startswith(f"{PACKAGE}/models/_") for p in first)


def test_small_specs_keep_one_models_module(tmp_path: Path) -> None:
    files = build_files(_request(tmp_path)).files
    assert f"{PACKAGE}/models.py" in files
    assert not any(p.startswith(f"{PACKAGE}/models/") for p in files)


def test_unused_models_are_packed_by_connected_set() -> None:
    from generator import ir

    def model(name: str, *refs: str) -> ir.ObjectModel:
        fields = tuple(ir.Field(r.lower(), ir.Ref(r), False) for r in refs)
        return ir.ObjectModel(name, fields)

    schemas = [model("A", "B"), model("B"), model("C"), model("Used", "Shared"), model("Shared")]
    groups = model_modules.model_modules(schemas, {"res": ["Used"]})
    assert groups == [("_a", ["A", "B", "C"]), ("_res", ["Used", "Shared"])]
