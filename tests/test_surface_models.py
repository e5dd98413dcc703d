"""Generated models: no filler docstrings; inline union variants named by their tag."""

from __future__ import annotations

import json
from pathlib import Path

from sdk_helpers import import_package

from generator.pipeline import GenerateRequest, generate


def test_variant_names_and_no_filler_docstrings(tmp_path: Path) -> None:
    variant = {"type": "object", "required": ["kind"], "properties": {"kind": {"const": "dot"}}}
    other = {"type": "object", "required": ["kind"], "properties": {"kind": {"enum": ["dash"]}}}
    spec = {
        "openapi": "3.1.0",
        "info": {"title": "Marks", "version": "1"},
        "paths": {
            "/marks": {
                "post": {
                    "operationId": "makeMark",
                    "requestBody": {"content": {"application/json": {"schema": {
                        "type": "object", "properties": {"mark": {"oneOf": [variant, other]}}}}}},
                    "responses": {"204": {"description": "done"}},
                }
            }
        },
    }  # fmt: skip
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(spec))
    out = tmp_path / "sdk"
    generate(GenerateRequest(spec=str(path), out_dir=out, name="Marks", package="marks"))
    source = (out / "marks" / "models.py").read_text()
    assert 'object."""' not in source
    models = import_package(out, "marks").models
    assert models.MakeMarkBodyMarkDot(kind="dot").kind == "dot"
    assert models.MakeMarkBodyMarkDash(kind="dash").kind == "dash"
