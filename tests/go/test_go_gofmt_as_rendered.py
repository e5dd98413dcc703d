"""Go files are gofmt-clean as rendered (issue 19), so a machine without Go writes and checks
the same bytes as one with it: every file rendered with gofmt out of the way equals gofmt's
output, for the seeds and a spec of our own with the constructs gofmt rearranges (struct
columns with tags and comments, const blocks, imports, doc comments with headings, indented
text and blank runs, long one-line functions); `gen check` on the committed Go golden passes
without a Go toolchain on PATH."""

from __future__ import annotations

import difflib
import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from go_support import ROOT, SPECS, load_api, require_go

from generator.cli import main
from generator.go import _options, render_module
from generator.go.emit import gofmt_files
from generator.go.layout import layout
from generator.target import RenderOptions

LONG = "ThisIsAVeryLongSchemaNameThatPushesEveryOneLineMethodPastOneHundredCharacters"
DOC = (
    "Lists the widgets.\n\n\n\nOverview of the results\n\nEach widget has an id.\n"
    "    indented like code\n  - a list item\n\n# A Markdown heading\n\ntrailing   \n\n"
)
OWN_SPEC = {
    "openapi": "3.0.3",
    "info": {"title": "Layout probe", "version": "1", "description": DOC},
    "components": {
        "schemas": {
            LONG: {
                "type": "object",
                "description": DOC,
                "required": ["id"],
                "properties": {
                    "id": {"type": "string", "description": "The id."},
                    "a_much_longer_field_name": {"type": "integer"},
                    "x": {"type": "array", "items": {"type": "number"}},
                    "when": {"type": "string", "format": "date-time"},
                    "nested": {"type": "object", "properties": {"deep": {"type": "boolean"}}},
                    "kind": {"type": "string", "enum": ["a", "bbbbbbbbbbbbbbbbbbbb", "c-d"]},
                },
            },
            "Pick": {
                "oneOf": [{"$ref": f"#/components/schemas/{LONG}"}, {"type": "string"}],
            },
        }
    },
    "paths": {
        "/widgets": {
            "get": {
                "operationId": "listWidgets",
                "description": DOC,
                "parameters": [
                    {"name": "limit", "in": "query", "schema": {"type": "integer"}},
                    {"name": "a_long_query_parameter", "in": "query", "schema": {"type": "string"}},
                ],
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Pick"}}
                        },
                    },
                    "404": {"description": "Not found\n\n\nat all  "},
                },
            },
            "delete": {"operationId": "deleteWidgets", "responses": {"204": {"description": "x"}}},
        }
    },
}


def _rendered(spec: Path, name: str) -> dict[str, str]:
    api, _ = load_api(spec)
    options = RenderOptions(
        name=name, package="", version="0.1.0", base_url="https://api.example.test",
        module="example.com/layout-go", spec_file=spec.name, spec_sha256="0" * 64,
    )  # fmt: skip
    _, files = render_module(api, _options(api, options))
    return files


@pytest.mark.parametrize(
    "spec", ["openrouter-completions.yaml", "interactive-completions.json", "own"]
)
def test_every_go_file_is_gofmt_clean_as_rendered(spec: str, tmp_path: Path) -> None:
    require_go()
    if spec == "own":
        path = tmp_path / "probe.json"
        path.write_text(json.dumps(OWN_SPEC), encoding="utf-8")
    else:
        path = SPECS / spec
    files = _rendered(path, "Probe")
    go_files = [p for p in files if p.endswith(".go")]
    assert len(go_files) > 5
    formatted = gofmt_files(files)
    diffs = [
        "".join(difflib.unified_diff(files[p].splitlines(True), formatted[p].splitlines(True), p))
        for p in go_files
        if files[p] != formatted[p]
    ]
    assert not diffs, "\n".join(diffs)[:4000]


def test_layout_keeps_gofmt_output_as_it_is() -> None:
    """On files gofmt already wrote (the Go runtime, the committed golden), layout is a no-op."""
    require_go()
    paths = sorted((ROOT / "templates" / "go" / "runtime").rglob("*.go"))
    paths += sorted((ROOT / "output" / "openrouter-go").rglob("*.go"))
    changed = [p for p in paths if layout(p.read_text(encoding="utf-8")) != p.read_text("utf-8")]
    assert paths and not changed, changed


def test_gen_check_on_the_go_golden_needs_no_go_toolchain(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    require_go()
    work = tmp_path / "repo"
    shutil.copytree(ROOT / "output" / "openrouter-go", work / "output" / "openrouter-go")
    shutil.copytree(ROOT / "specs", work / "specs")
    target = [t for t in (ROOT / "gen.yaml").read_text().split("  - spec:") if "language: go" in t]
    (work / "gen.yaml").write_text("targets:\n  - spec:" + target[0], encoding="utf-8")
    bare = tmp_path / "bin"  # a PATH with no go and no gofmt
    bare.mkdir()
    monkeypatch.setenv("PATH", str(bare))
    monkeypatch.chdir(work)
    assert shutil.which("gofmt") is None
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 0, result.output
    assert "up to date" in result.output
    assert os.environ["PATH"] == str(bare)
