"""Targets own their names (issue 13): the IR is not named around Python's runtime, the Python
target renames a model that would shadow one of its own names, and an override asking for such
a name is refused with an error naming it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from sdk_helpers import import_package, json_reply, serve
from wf_helpers import gen

from generator.build_ir import build_api
from generator.diagnostics import Diagnostics
from generator.normalize import normalize

RUNTIME_NAMES = ("Omit", "Stream", "BaseModel", "Field")


def _spec() -> dict[str, object]:
    """Schemas named like the runtime's classes, referenced from an operation and each other."""
    schemas: dict[str, object] = {
        name: {
            "type": "object",
            "required": ["id"],
            "properties": {
                "id": {"type": "string"},
                "next": {"$ref": f"#/components/schemas/{name}"},
            },
        }
        for name in RUNTIME_NAMES
    }
    schemas["Thing"] = {
        "type": "object",
        "required": ["omit"],
        "properties": {
            "omit": {"$ref": "#/components/schemas/Omit"},
            "stream": {"type": "array", "items": {"$ref": "#/components/schemas/Stream"}},
        },
    }
    return {
        "openapi": "3.0.3",
        "info": {"title": "Reserved", "version": "1"},
        "paths": {
            "/things": {
                "post": {
                    "operationId": "createThing",
                    "tags": ["things"],
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/BaseModel"}
                            }
                        },
                    },
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Thing"}
                                }
                            },
                        }
                    },
                }
            }
        },
        "components": {"schemas": schemas},
    }


@pytest.fixture()
def spec(tmp_path: Path) -> Path:
    path = tmp_path / "reserved.json"
    path.write_text(json.dumps(_spec()))
    return path


def test_the_ir_keeps_the_spec_names(spec: Path) -> None:
    doc = json.loads(spec.read_text())
    diags = Diagnostics(file=str(spec))
    normalize(doc, diags)
    api = build_api(doc, diags)
    assert {s.name for s in api.schemas} >= {*RUNTIME_NAMES, "Thing"}


def test_an_override_to_a_runtime_name_is_refused(tmp_path: Path, spec: Path) -> None:
    doc = json.loads(spec.read_text())
    del doc["components"]["schemas"]["Omit"]
    doc["components"]["schemas"]["Thing"]["properties"]["omit"] = {"type": "string"}
    spec.write_text(json.dumps(doc))
    config = tmp_path / "gen.yaml"
    config.write_text(
        f"targets:\n  - spec: {spec}\n    output: out\n    name: Reserved\n"
        "    overrides: {models: {Thing: Omit}}\n"
    )
    code, out = gen("generate", "--config", config)
    assert code == 1, out
    assert "overrides.models: 'Thing' -> 'Omit'" in out and "python" in out
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
def test_models_named_like_runtime_classes_still_work(tmp_path: Path, spec: Path) -> None:
    out = tmp_path / "sdk"
    code, text = gen("generate", spec, "-o", out, "--name", "Reserved")  # smoke test included
    assert code == 0, text
    models = (out / "reserved" / "models.py").read_text()
    for name in RUNTIME_NAMES:
        assert f"class {name}Model(" in models
    assert (out / "docs" / "models" / "OmitModel.md").is_file()
    mypy = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-incremental", "--strict", "reserved"],
        cwd=out, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert mypy.returncode == 0, mypy.stdout + mypy.stderr

    reply = {"omit": {"id": "o"}, "stream": [{"id": "s1"}, {"id": "s2"}]}
    with serve(lambda rec: json_reply(200, reply)) as server:
        module = import_package(out, "reserved")
        client = module.Reserved(base_url=server.url)
        thing = client.things.create(id="b")
        assert type(thing).__name__ == "Thing"
        assert type(thing.omit).__name__ == "OmitModel" and thing.omit.id == "o"
        assert [s.id for s in thing.stream] == ["s1", "s2"]
        assert json.loads(server.requests[0].body) == {"id": "b"}
