"""`--format json`: exactly one JSON object on stdout for every command, valid against
docs/output.schema.json, with the command's exit code and every diagnostic's kind (issue 19)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from schema_check import errors, validate
from sdk_helpers import ROOT
from wf_helpers import INTERACTIVE, OPENROUTER, gen_split

SCHEMA = json.loads((ROOT / "docs" / "output.schema.json").read_text())


def run_json(*args: str | Path) -> tuple[int, dict[str, Any]]:
    """Run `gen ARGS... --format json`; stdout must be one schema-valid JSON object."""
    code, stdout, _ = gen_split(*args, "--format", "json")
    assert stdout.count("\n") == 1 and stdout.endswith("\n"), stdout[:500]
    record = json.loads(stdout)
    validate(record, SCHEMA)
    assert record["exit_code"] == code
    return code, record


def test_the_validator_fails_on_a_wrong_shape() -> None:
    bad = {"schema_version": 1, "command": "check", "exit_code": 3, "diagnostics": [{}],
           "results": {"targets": [{"dir": "x"}]}, "extra": 1}  # fmt: skip
    found = "\n".join(errors(bad, SCHEMA, SCHEMA))
    assert "unexpected 'extra'" in found and "3 not in" in found
    assert "/diagnostics/0: missing 'kind'" in found and "missing 'would_change'" in found


def test_generate_then_check(tmp_path: Path) -> None:
    code, record = run_json("generate", OPENROUTER, "-o", tmp_path / "o", "--name", "OpenRouter",
                            "--no-smoke")  # fmt: skip
    assert code == 0 and record["command"] == "generate"
    (target,) = record["results"]["targets"]
    assert target["ok"] and target["operations"] == 1 and target["files"] > 10
    kinds = {d["kind"] for d in record["diagnostics"]}
    assert kinds == {"quirk"}  # the seed's repaired quirks (and notes), no problems
    code, record = run_json("check", tmp_path / "o")
    assert code == 0 and record["command"] == "check"
    assert record["results"]["targets"][0]["ok"] is True
    (tmp_path / "o" / "openrouter" / "models.py").write_text("edited\n")
    code, record = run_json("check", tmp_path / "o")
    assert code == 1 and record["results"]["targets"][0]["edited"] == ["openrouter/models.py"]


def test_generate_failures_are_one_object_too(tmp_path: Path) -> None:
    spec = tmp_path / "bad.yaml"
    spec.write_text("openapi: 3.0.3\ninfo: {title: t, version: '1'}\n")
    code, record = run_json("generate", spec, "-o", tmp_path / "o", "--name", "X")
    assert code == 1
    assert [d["level"] for d in record["diagnostics"]] == ["error"]
    assert record["results"]["targets"][0]["ok"] is False
    code, record = run_json("generate", INTERACTIVE)  # usage: no -o
    assert code == 2 and "usage error" in record["diagnostics"][0]["message"]
    code, record = run_json("check", tmp_path / "nowhere")
    assert code == 2


@pytest.mark.parametrize("fail_on", ["none", "any"])
def test_diff(fail_on: str) -> None:
    code, record = run_json("diff", OPENROUTER, INTERACTIVE, "--fail-on", fail_on)
    assert code == (0 if fail_on == "none" else 1) and record["command"] == "diff"
    assert record["results"]["changes"] and record["results"]["next_version"] == "0.2.0"


def test_normalize_puts_the_document_in_results(tmp_path: Path) -> None:
    code, record = run_json("normalize", OPENROUTER)
    assert code == 0 and record["command"] == "normalize"
    document = record["results"]["document"]
    assert document["openapi"].startswith("3.0") and "/completions" in document["paths"]
    assert any(d["kind"] == "quirk" for d in record["diagnostics"])
    out = tmp_path / "n.yaml"
    code, record = run_json("normalize", OPENROUTER, "-o", out)
    assert code == 0 and record["results"] == {"written": str(out)} and out.is_file()
