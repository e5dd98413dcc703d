"""Generator bugs found by the hostile-input work, fixed since: each test failed before its fix
and now guards against the bug coming back."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from generator.pipeline import GenerateRequest, build_files, generate


def _spec(tmp_path: Path, doc: dict[str, object]) -> str:
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return str(path)


def _doc(**extra: object) -> dict[str, object]:
    doc: dict[str, object] = {
        "openapi": "3.0.3",
        "info": {"title": "T", "version": "1"},
        "paths": {"/a": {"get": {"responses": {"200": {"description": "ok"}}}}},
    }
    doc.update(extra)
    return doc


def test_emoji_title_makes_valid_pyproject(tmp_path: Path) -> None:
    doc = _doc(info={"title": "Rocket \U0001f680", "version": "1"})
    result = build_files(GenerateRequest(_spec(tmp_path, doc), tmp_path / "o", "Rocket"))
    data = tomllib.loads(result.files["pyproject.toml"])
    assert "\U0001f680" in data["project"]["description"]


def test_model_named_properties_import_without_warnings(tmp_path: Path) -> None:
    schema = {"type": "object", "properties": {"model_dump": {"type": "string"}}}
    doc = _doc(components={"schemas": {"Thing": schema}})
    out = tmp_path / "o"
    generate(GenerateRequest(_spec(tmp_path, doc), out, "Things", smoke=False))
    result = subprocess.run(
        [sys.executable, "-W", "error", "-c", "import things.models"],
        cwd=out,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr[-2000:]


def test_smoke_with_path_param_and_body_field_of_the_same_name(tmp_path: Path) -> None:
    body = {"type": "object", "properties": {"id": {"type": "string"}}}
    doc = _doc(
        paths={
            "/things/{id}": {
                "post": {
                    "parameters": [
                        {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
                    ],
                    "requestBody": {"content": {"application/json": {"schema": body}}},
                    "responses": {"200": {"description": "ok"}},
                }
            }
        }
    )
    generate(GenerateRequest(_spec(tmp_path, doc), tmp_path / "o", "Things"))


def test_diagnostics_escape_control_characters(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from generator.cli import main

    doc = _doc(components={"schemas": {"A\x1b]0;pwned\x07\r": {"$ref": "#/nope"}}})
    # A dangling ref is a warning under the tolerance rule; --strict keeps it an error (exit 1).
    result = CliRunner().invoke(
        main,
        ["generate", _spec(tmp_path, doc), "-o", str(tmp_path / "o"), "--name", "X", "--strict"],
    )
    assert result.exit_code == 1
    assert "\x1b" not in result.output and "\r" not in result.output
