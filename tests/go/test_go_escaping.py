"""Spec strings cannot break out of Go literals or comments; names never make invalid Go."""

from __future__ import annotations

import json
import re
from pathlib import Path

from go_support import generate_module, require_go, run_go

from generator.go import smoke_go
from generator.go.escape import comment_lines, go_str
from generator.go.view import default_package

EVIL = 'x" + panic("pwned") + "\n*/ func init() { panic(1) } /*\u2028// \x00`\\'


def test_go_str_is_ascii_and_escapes_everything() -> None:
    assert go_str('a"b\\c\n\t`') == '"a\\"b\\\\c\\n\\t\\x60"'
    assert go_str("é😀\u2028\x00\x7f") == '"\\u00e9\\U0001f600\\u2028\\x00\\x7f"'
    assert go_str("\ud800") == '"\\ufffd"'  # a lone surrogate is not a Go code point
    assert all(0x20 <= ord(c) < 0x7F for c in go_str(EVIL))


def test_comment_lines_never_hold_a_line_break() -> None:
    lines = comment_lines("a\r\nb\rc\u2028d\u0085e */ f\x00g\u202eh")
    assert lines == ["a", "b", "c", "d", "e * / fgh"]


def test_default_package() -> None:
    assert default_package("github.com/acme/openrouter-go") == "openroutergo"
    assert default_package("example.com/sdk/v2") == "sdk"
    assert default_package("example.com/go") == "gosdk"
    assert default_package("example.com/123") == "sdk123"


def _hostile_spec() -> dict[str, object]:
    item = {
        "type": "object",
        "description": EVIL,
        "required": ["type", "func", "a,b"],
        "properties": {
            "type": {"type": "string", "enum": ["a", EVIL, "A"]},
            "func": {"type": "integer", "description": EVIL},
            "a,b": {"type": "string"},
            'q"uote': {"type": ["string", "null"]},
            "`tick`": {"type": "boolean"},
            "Type": {"type": "string"},
            "MarshalJSON": {"type": "string"},
            "self": {"$ref": "#/components/schemas/Item"},
            "parent": {"anyOf": [{"$ref": "#/components/schemas/Item"}, {"type": "null"}]},
        },
        "additionalProperties": {"type": "integer"},
    }
    return {
        "openapi": "3.0.3",
        "info": {"title": EVIL, "version": "1", "description": EVIL},
        "servers": [{"url": "https://example.com/" + "%22"}],
        "paths": {
            "/items/{id}/{range}": {
                "get": {
                    "operationId": "getItem",
                    "summary": EVIL,
                    "tags": ["func"],
                    "parameters": [
                        {
                            "name": "id",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string"},
                        },
                        {
                            "name": "range",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "integer"},
                        },
                        {
                            "name": EVIL,
                            "in": "query",
                            "schema": {"type": "array", "items": {"type": "string"}},
                        },
                        # Header names must be HTTP tokens (normalize refuses others), so the
                        # payload rides in the description; backquote and single quote are tokens.
                        {
                            "name": "X-`q'|~",
                            "in": "header",
                            "description": EVIL,
                            "schema": {"type": "string"},
                        },
                    ],
                    "responses": {
                        "200": {
                            "description": EVIL,
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Item"}
                                }
                            },
                        },
                        "404": {
                            "description": EVIL,
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Item"}
                                }
                            },
                        },
                    },
                }
            }
        },
        "components": {"schemas": {"Item": item, "Nullable": {"type": "string"}}},
    }


def test_hostile_spec_builds(tmp_path: Path) -> None:
    require_go()
    spec = tmp_path / "evil.json"
    spec.write_text(json.dumps(_hostile_spec()), encoding="utf-8")
    out = tmp_path / "module"
    files = generate_module(spec, out, name="Evil", module="example.com/evil")
    text = "\n".join(v for k, v in files.items() if k.endswith(".go"))
    # Outside string literals and comments, no spec text is left.
    code = re.sub(r'"(?:[^"\\\n]|\\.)*"|`[^`]*`|//[^\n]*', '""', text)
    assert "pwned" not in code and "panic(1)" not in code
    fmt = run_go(["fmt", "./..."], out)
    assert fmt.returncode == 0 and not fmt.stdout.strip(), fmt.stdout + fmt.stderr
    smoke_go(out)
