"""Docs from the spec (issue 19): the example chooser reads `examples` too (schema arrays,
parameter and media-type maps; the first item) before defaults and placeholders."""

from __future__ import annotations

import json
from pathlib import Path

from wf_helpers import gen

from generator.samples import spec_example

SPEC = {
    "openapi": "3.1.0",
    "info": {"title": "Stories", "version": "1"},
    "paths": {
        "/stories": {
            "post": {
                "operationId": "createStory",
                "tags": ["stories"],
                "parameters": [
                    {"name": "lang", "in": "query", "schema": {"type": "string"},
                     "examples": {"first": {"value": "fr-CA"}, "second": {"value": "de"}}},
                ],  # fmt: skip
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": {
                        "type": "object", "required": ["prompt", "words"],
                        "properties": {
                            "prompt": {"type": "string", "examples": ["Once upon a night"]},
                            "words": {"type": "integer", "default": 3,
                                      "examples": [250, 500]},
                        },
                    }}},  # fmt: skip
                },
                "responses": {"200": {"description": "ok"}},
            }
        }
    },
}


def test_the_first_example_of_each_form() -> None:
    assert spec_example({"example": 1, "examples": [2]}) == (1, True)
    assert spec_example({"examples": [2, 3]}) == (2, True)
    assert spec_example({"examples": {"a": {"externalValue": "x"}, "b": {"value": 4}}}) == (4, True)
    assert spec_example({}, {"examples": []}) == (None, False)
    assert spec_example({}, {"example": None}) == (None, True)  # null is an example


def test_docs_show_the_spec_examples(tmp_path: Path) -> None:
    spec = tmp_path / "stories.json"
    spec.write_text(json.dumps(SPEC))
    code, out = gen("generate", spec, "-o", tmp_path / "o", "--name", "Stories", "--no-smoke")
    assert code == 0, out
    docs = "\n".join(p.read_text() for p in (tmp_path / "o").rglob("*.md"))
    assert '"Once upon a night"' in docs and "<prompt>" not in docs
    assert "words=250" in docs  # the example wins over the default
    assert '"fr-CA"' in docs
