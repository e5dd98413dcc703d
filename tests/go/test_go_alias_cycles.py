"""Schemas that are aliases of each other through arrays and maps (`Forest: [Grove]`,
`Grove: {additionalProperties: Forest}`) are Go defined types, not aliases, which Go rejects
as "invalid recursive type" (issue 21)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from go_support import require_go

from generator.cli import main

pytestmark = pytest.mark.slow
SPEC = {
    "openapi": "3.0.3",
    "info": {"title": "Tree", "version": "1"},
    "servers": [{"url": "http://127.0.0.1:1"}],
    "paths": {
        "/t": {
            "get": {
                "operationId": "getTree",
                "tags": ["trees"],
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Forest"}}
                        },
                    }
                },
            }
        }
    },
    "components": {
        "schemas": {
            "Forest": {"type": "array", "items": {"$ref": "#/components/schemas/Grove"}},
            "Grove": {
                "type": "object",
                "additionalProperties": {"$ref": "#/components/schemas/Forest"},
            },
            "Nested": {"type": "array", "items": {"$ref": "#/components/schemas/Nested"}},
        }
    },
}


def test_alias_cycles_become_defined_types_and_build(tmp_path: Path) -> None:
    require_go()
    (tmp_path / "tree.json").write_text(json.dumps(SPEC))
    out = tmp_path / "out"
    args = ["generate", str(tmp_path / "tree.json"), "--lang", "go", "--name", "Tree"]
    result = CliRunner().invoke(main, [*args, "-o", str(out)])  # the smoke test: vet + build
    assert result.exit_code == 0, result.output
    models = (out / "models" / "components" / "models.go").read_text()
    assert "type Forest []Grove" in models and "type Grove map[string]Forest" in models
    assert "type Nested []Nested" in models
