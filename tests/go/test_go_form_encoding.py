"""Form bodies follow the spec's `encoding` object (OpenAPI Encoding Object: `style: deepObject`,
`style: form` with and without `explode`, `pipeDelimited`, and the default), in Go (issue 21).

The cases are tests/go/testdata/form_cases.json: a Stripe-shaped spec of our own and, per case,
the call's arguments and the decoded pairs the server must get. The Go SDK posts each case to a
loopback server (httptest, 127.0.0.1) and checks the pairs itself; tests/test_wire_form_styles.py
runs the same table through the Python SDK, sync and async.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from urllib.parse import parse_qs

import pytest
from click.testing import CliRunner
from go_support import load_api, require_go, run_go

from generator import plan
from generator.cli import main

pytestmark = pytest.mark.slow
TESTDATA = Path(__file__).resolve().parent / "testdata"
TABLE = json.loads((TESTDATA / "form_cases.json").read_text(encoding="utf-8"))


def _grouped(pairs: list[list[str]]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for key, value in pairs:
        out.setdefault(key, []).append(value)
    return out


def test_the_plan_carries_the_declared_encodings(tmp_path: Path) -> None:
    (tmp_path / "ledger.json").write_text(json.dumps(TABLE["spec"]))
    api = load_api(tmp_path / "ledger.json")[0]
    op = api.resources[0].operations[0]
    styles = {
        name: (style, explode) for name, style, explode in plan.plan_operation(api, op).form_styles
    }
    encoding = TABLE["spec"]["paths"]["/v1/customers"]["post"]["requestBody"]["content"][
        "application/x-www-form-urlencoded"
    ]["encoding"]
    assert styles == {name: (e["style"], e["explode"]) for name, e in encoding.items()}


def test_go_form_bodies_follow_the_declared_encodings(tmp_path: Path) -> None:
    require_go()
    (tmp_path / "ledger.json").write_text(json.dumps(TABLE["spec"]))
    out = tmp_path / "out-go"
    result = CliRunner().invoke(
        main,
        [
            "generate",
            str(tmp_path / "ledger.json"),
            "--lang",
            "go",
            "--name",
            "Ledger",
            "-o",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    shutil.copy(TESTDATA / "form_encoding_test.go.txt", out / "form_encoding_test.go")
    shutil.copy(TESTDATA / "form_cases.json", out / "form_cases.json")
    proc = run_go(["test", "-count=1", "-v", "-run", "TestFormEncodings", "."], out)
    assert proc.returncode == 0, proc.stdout[-6000:] + proc.stderr[-2000:]
    got = {
        line.split(" ", 2)[1]: parse_qs(line.split(" ", 2)[2], keep_blank_values=True)
        for line in proc.stdout.splitlines()
        if line.startswith("CASE ")
    }
    assert got == {case["name"]: _grouped(case["expect"]) for case in TABLE["cases"]}
