"""gen.yaml's `retries` and `timeout` reach the Go client too (issue 13: typed client defaults
in the IR, read by both targets)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from go_support import require_go, run_go

from generator.cli import main

pytestmark = pytest.mark.slow
TESTDATA = Path(__file__).resolve().parent / "testdata"

SPEC = {
    "openapi": "3.0.3",
    "info": {"title": "Probe", "version": "1"},
    "paths": {
        "/pets": {
            "get": {
                "operationId": "listPets",
                "tags": ["pets"],
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "properties": {"n": {"type": "integer"}},
                                }
                            }
                        },
                    }
                },
            }
        }
    },
}


def _generate(tmp_path: Path, overrides: str) -> Path:
    (tmp_path / "probe.json").write_text(json.dumps(SPEC))
    (tmp_path / "gen.yaml").write_text(
        "targets:\n  - spec: probe.json\n    output: out\n    name: Probe\n    language: go\n"
        f"    overrides: {overrides}\n"
    )
    result = CliRunner().invoke(main, ["generate", "--config", str(tmp_path / "gen.yaml")])
    assert result.exit_code == 0, result.output
    return tmp_path / "out"


def test_go_client_honours_retries_and_timeout(tmp_path: Path) -> None:
    require_go()
    out = _generate(tmp_path, "{retries: 3, timeout: 30}")
    shutil.copy(TESTDATA / "client_defaults_test.go.txt", out / "defaults_test.go")
    proc = run_go(["test", "-count=1", "-v", "."], out)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    assert proc.stdout.count("--- PASS") == 2, proc.stdout


def test_go_client_without_overrides_keeps_the_runtime_defaults(tmp_path: Path) -> None:
    out = _generate(tmp_path, "{}")
    sdk = (out / "sdk.go").read_text()
    assert "sdkrt.DefaultRetryConfig()" in sdk and "sdkrt.DefaultTimeout" in sdk


def test_a_fractional_timeout_is_kept_to_the_millisecond(tmp_path: Path) -> None:
    out = _generate(tmp_path, "{timeout: 1.5, retries: 0}")
    sdk = (out / "sdk.go").read_text()
    assert "1500 * time.Millisecond" in sdk
    assert "sdkrt.RetryConfig{MaxRetries: 0}" in sdk
