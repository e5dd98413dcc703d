"""Form bodies follow the spec's `encoding` object (OpenAPI Encoding Object: `style: deepObject`
and `style: form` with or without `explode`), in Go and by the Python runtime's rules (issue 21).

The Go SDK posts to a loopback server (httptest, 127.0.0.1) and the raw bodies are compared
with what the Python runtime's `_qs.encode_query` makes of the same values under the same
styles, which the call plan (generator/plan.py `form_styles`) takes from the spec.
"""

from __future__ import annotations

import importlib
import json
import shutil
import sys
from pathlib import Path
from urllib.parse import parse_qsl

import pytest
from click.testing import CliRunner
from go_support import load_api, require_go, run_go

from generator import plan
from generator.cli import main

pytestmark = pytest.mark.slow
TESTDATA = Path(__file__).resolve().parent / "testdata"


def _obj(props: dict[str, object]) -> dict[str, object]:
    return {"type": "object", "properties": props}


STR = {"type": "string"}
STRS = {"type": "array", "items": STR}
SPEC = {
    "openapi": "3.0.3",
    "info": {"title": "Ledger", "version": "1"},
    "servers": [{"url": "http://127.0.0.1:1"}],
    "paths": {
        "/v1/customers": {
            "post": {
                "operationId": "createCustomer",
                "tags": ["customers"],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/x-www-form-urlencoded": {
                            "schema": {
                                "type": "object",
                                "required": ["name"],
                                "properties": {
                                    "name": STR,
                                    "address": _obj(
                                        {
                                            "city": STR,
                                            "line1": STR,
                                            "geo": _obj(
                                                {
                                                    "lat": {"type": "number"},
                                                    "lng": {"type": "number"},
                                                }
                                            ),
                                            "lines": STRS,
                                        }
                                    ),
                                    "expand": STRS,
                                    "tags": STRS,
                                    "ids": {"type": "array", "items": {"type": "integer"}},
                                    "metadata": {"type": "object", "additionalProperties": STR},
                                    "shipping": _obj({"carrier": STR, "phone": STR}),
                                    "plain": _obj({"k": STR}),
                                },
                            },
                            "encoding": {
                                "address": {"style": "deepObject", "explode": True},
                                "expand": {"style": "deepObject", "explode": True},
                                "tags": {"style": "form", "explode": False},
                                "ids": {"style": "form"},
                                "metadata": {"style": "deepObject", "explode": True},
                                "shipping": {"style": "form", "explode": False},
                            },
                        }
                    },
                },
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {"application/json": {"schema": _obj({"id": STR})}},
                    }
                },
            }
        }
    },
}

# The values each Go case sends (the same literals as form_encoding_test.go.txt), in field order.
CASES: dict[str, dict[str, object]] = {
    "nested": {
        "name": "Ada",
        "address": {"city": "Berlin", "line1": "Main 1", "geo": {"lat": 52.5}, "lines": ["a", "b"]},
    },
    "arrays": {"name": "Bo", "expand": ["tax", "customer"], "tags": ["x", "y"], "ids": [1, 2]},
    "explode": {
        "name": "Cy",
        "metadata": {"a": "1", "b": "2"},
        "shipping": {"carrier": "DHL", "phone": "1"},
        "plain": {"k": "v"},
    },
}


def _write(tmp_path: Path, language: str) -> Path:
    (tmp_path / "ledger.json").write_text(json.dumps(SPEC))
    out = tmp_path / f"out-{language}"
    result = CliRunner().invoke(
        main,
        [
            "generate",
            str(tmp_path / "ledger.json"),
            "--lang",
            language,
            "--name",
            "Ledger",
            "-o",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    return out


def _python_pairs(tmp_path: Path) -> dict[str, list[tuple[str, str]]]:
    """What the Python runtime's rules make of each case, with the plan's styles."""
    (tmp_path / "ledger.json").write_text(json.dumps(SPEC))
    api = load_api(tmp_path / "ledger.json")[0]
    op = api.resources[0].operations[0]
    styles = {
        name: (style, explode) for name, style, explode in plan.plan_operation(api, op).form_styles
    }
    assert styles == {
        "address": ("deepObject", True),
        "expand": ("deepObject", True),
        "ids": ("form", True),
        "metadata": ("deepObject", True),
        "shipping": ("form", False),
        "tags": ("form", False),
    }
    out = _write(tmp_path, "python")
    sys.path.insert(0, str(out / "src") if (out / "src").is_dir() else str(out))
    try:
        package = next(p.name for p in (out / "src").iterdir() if (p / "_qs.py").exists())
    except (StopIteration, FileNotFoundError):
        package = next(p.parent.name for p in out.rglob("_qs.py"))
    qs = importlib.import_module(f"{package}._qs")
    expected: dict[str, list[tuple[str, str]]] = {}
    for case, values in CASES.items():
        pairs: list[tuple[str, str]] = []
        for name, value in values.items():
            if name == "expand":
                # deepObject leaves arrays undefined; both targets send `name[]` per item.
                pairs += [(f"{name}[]", str(v)) for v in value]  # type: ignore[attr-defined]
            elif name in styles:
                pairs += qs.encode_query({name: value}, styles)
            elif isinstance(value, dict):
                pairs.append((name, json.dumps(value, separators=(",", ":"))))
            else:
                pairs += qs.encode_query({name: value})
        expected[case] = pairs
    return expected


def test_go_form_bodies_follow_the_declared_encodings(tmp_path: Path) -> None:
    require_go()
    expected = _python_pairs(tmp_path)
    assert expected["nested"][1:] == [
        ("address[city]", "Berlin"),
        ("address[line1]", "Main 1"),
        ("address[geo][lat]", "52.5"),
        ("address[lines]", "a"),
        ("address[lines]", "b"),
    ]
    assert ("shipping", "carrier,DHL,phone,1") in expected["explode"]
    out = _write(tmp_path, "go")
    shutil.copy(TESTDATA / "form_encoding_test.go.txt", out / "form_encoding_test.go")
    proc = run_go(["test", "-count=1", "-v", "-run", "TestFormEncodings", "."], out)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    got = {
        line.split(" ", 2)[1]: parse_qsl(line.split(" ", 2)[2], keep_blank_values=True)
        for line in proc.stdout.splitlines()
        if line.startswith("CASE ")
    }
    assert got == expected
