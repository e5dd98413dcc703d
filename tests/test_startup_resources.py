"""Flat start-up (issue 16): a resource module imports its models for type checkers only, and
each method imports the models it evaluates (response, stream item, declared error bodies) when
it runs. So touching `client.alpha` loads no model module, the first call loads only the models
that call needs, and the call still returns the typed model (sync and async)."""

from __future__ import annotations

import ast
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sdk_helpers import Recorded, Reply, json_reply, serve

from generator.pipeline import GenerateRequest, build_files, generate
from generator.python import model_modules

PACKAGE = "lazyres"


def obj(props: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    return {"type": "object", "properties": props, "required": required or []}


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def body(media: str, schema: str, status: str = "200") -> dict[str, Any]:
    return {status: {"description": "r", "content": {media: {"schema": ref(schema)}}}}


ID = [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}]
# A parameter named like the builtin the declared error bodies' annotation uses.
OBJECT = {"name": "object", "in": "query", "schema": {"type": "string"}}

SCHEMAS: dict[str, Any] = {
    "AlphaThing": obj({"id": {"type": "string"}, "child": ref("AlphaChild")}, ["id"]),
    "AlphaChild": obj({"kind": {"type": "string", "enum": ["x", "y"]}}),
    "AlphaError": obj({"message": {"type": "string"}}, ["message"]),  # a declared error body
    "AlphaEvent": obj({"n": {"type": "integer"}}, ["n"]),  # server-sent events
    "AlphaLine": obj({"line": {"type": "string"}}, ["line"]),  # JSON Lines
    "BetaThing": obj({"note": {"type": "string"}}),
    "BetaInput": obj({"note": {"type": "string"}}),  # only in a signature
}
BETA_BODY = obj({"input": ref("BetaInput")})
PATHS: dict[str, Any] = {
    "/alpha/{id}": {"get": {
        "tags": ["alpha"], "x-fern-sdk-method-name": "fetch", "parameters": [*ID, OBJECT],
        "responses": {**body("application/json", "AlphaThing"),
                      **body("application/json", "AlphaError", "404")},
    }},
    "/alpha/{id}/events": {"get": {
        "tags": ["alpha"], "x-fern-sdk-method-name": "events", "parameters": ID,
        "responses": body("text/event-stream", "AlphaEvent"),
    }},
    "/alpha/{id}/lines": {"get": {
        "tags": ["alpha"], "x-fern-sdk-method-name": "lines", "parameters": ID,
        "responses": body("application/x-ndjson", "AlphaLine"),
    }},
    "/beta": {"post": {
        "tags": ["beta"], "x-fern-sdk-method-name": "make",
        "requestBody": {"required": True, "content": {"application/json": {"schema": BETA_BODY}}},
        "responses": body("application/json", "BetaThing"),
    }},
}  # fmt: skip
SPEC = {"openapi": "3.1.0", "info": {"title": "Lazy", "version": "1"}, "paths": PATHS,
        "components": {"schemas": SCHEMAS}}  # fmt: skip


@pytest.fixture
def split_always(monkeypatch: pytest.MonkeyPatch) -> None:
    # The layout of a large spec (models in modules) for a small one.
    monkeypatch.setattr(model_modules, "SPLIT_MIN_MODELS", 0)
    monkeypatch.setattr("generator.python.view_models.SPLIT_MIN_MODELS", 0)


def _request(tmp_path: Path) -> GenerateRequest:
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(SPEC))
    return GenerateRequest(spec=str(path), out_dir=tmp_path / "sdk", name="Lazy", package=PACKAGE)


@pytest.fixture
def sdk(tmp_path: Path, split_always: None) -> Path:
    generate(_request(tmp_path))  # with its smoke test
    return tmp_path / "sdk"


def _answer(req: Recorded) -> Reply:
    if req.path == "/alpha/missing":
        return json_reply(404, {"message": "no such alpha"})
    return json_reply(200, {"id": req.path.rsplit("/", 1)[-1], "child": {"kind": "y"}})


PROBE = """
import asyncio, sys
import {pkg}
loaded = lambda: sorted(m[len("{pkg}.models."):] for m in sys.modules
                        if m.startswith("{pkg}.models."))
client = {pkg}.Lazy(base_url={url!r}, max_retries=0)
client.alpha, client.beta, client.alpha.with_raw_response, client.alpha.with_streaming_response
print("touched", *loaded())
got = client.alpha.fetch("a1")
print("fetched", type(got).__name__, type(got.child).__name__, got.id, *loaded())
assert isinstance(got, {pkg}.models.AlphaThing), type(got)
try:
    client.alpha.fetch("missing")
except {pkg}.NotFoundError as exc:
    print("error", type(exc.error_model).__name__, exc.error_model.message)
async def run():
    async with {pkg}.AsyncLazy(base_url={url!r}, max_retries=0) as a:
        return await a.alpha.fetch("a2")
print("async", type(asyncio.run(run())).__name__)
print("end", *loaded())
"""


def _lines(sdk: Path, url: str) -> dict[str, list[str]]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE.format(pkg=PACKAGE, url=url)],
        cwd=sdk, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return {line.split()[0]: line.split()[1:] for line in result.stdout.splitlines()}


def _module_of(sdk: Path, model: str) -> str:
    models = (sdk / PACKAGE / "models").glob("_*.py")
    (home,) = [p.stem for p in models if f"class {model}(" in p.read_text()]
    return home


def test_touching_a_resource_loads_no_model_and_a_call_only_the_models_it_needs(sdk: Path) -> None:
    with serve(_answer) as server:
        out = _lines(sdk, server.url)
    assert out["touched"] == []  # resources built, their modules imported: no model yet
    thing, error, beta = (_module_of(sdk, m) for m in ("AlphaThing", "AlphaError", "BetaThing"))
    assert out["fetched"][:3] == ["AlphaThing", "AlphaChild", "a1"]  # typed, nested too
    assert thing in out["fetched"][3:] and beta not in out["fetched"][3:]
    assert out["error"] == ["AlphaError", "no", "such", "alpha"]  # the declared error body
    assert out["async"] == ["AlphaThing"]
    assert error in out["end"] and beta not in out["end"]


def test_resource_modules_import_models_only_under_type_checking(sdk: Path) -> None:
    for path in (sdk / PACKAGE / "resources").glob("*.py"):
        tree = ast.parse(path.read_text())
        for node in tree.body:  # module level, outside `if TYPE_CHECKING:`
            if isinstance(node, ast.ImportFrom):
                assert node.module != "models", (path.name, ast.unparse(node))
    code = "".join(p.read_text() for p in sorted((sdk / PACKAGE / "resources").glob("*.py")))
    # Each method imports what its body evaluates: the result, the stream item, the errors.
    assert code.count("        from ..models import AlphaError, AlphaThing\n") == 2  # and async
    assert code.count("        from ..models import AlphaEvent\n") == 2
    assert code.count("        from ..models import AlphaLine\n") == 2
    assert code.count("        from ..models import BetaThing\n") == 2
    beta = (sdk / PACKAGE / "resources" / "beta.py").read_text()
    assert "input: BetaInput | Mapping[str, object]" in beta  # a signature's model
    assert "        BetaInput,\n" in beta.split("__all__")[0]  # imported for type checkers only
    assert "import BetaInput" not in beta


def test_lazy_resources_are_mypy_strict_and_ruff_clean_and_checkers_see_the_types(
    sdk: Path,
) -> None:
    (sdk / "use.py").write_text(
        f"from {PACKAGE} import Lazy\n"
        f"from {PACKAGE}.models import AlphaThing, BetaThing\n\n"
        "client = Lazy(base_url='http://127.0.0.1:9')\n"
        "thing: AlphaThing = client.alpha.fetch('a')\n"
        "made: BetaThing = client.beta.make(input={'note': 'n'})\n"
        "wrong: BetaThing = client.alpha.fetch('a')\n"
    )
    mypy = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-incremental", "--strict", PACKAGE, "use.py"],
        cwd=sdk, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    errors = [line for line in mypy.stdout.splitlines() if ": error:" in line]
    assert len(errors) == 1 and "use.py:7" in errors[0], mypy.stdout
    (sdk / "use.py").unlink()
    ruff = shutil.which("ruff") or str(Path(sys.executable).parent / "ruff")
    result = subprocess.run(
        [ruff, "check", "--no-cache", PACKAGE], cwd=sdk, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_lazy_resource_output_is_deterministic(tmp_path: Path, split_always: None) -> None:
    assert build_files(_request(tmp_path)).files == build_files(_request(tmp_path)).files
