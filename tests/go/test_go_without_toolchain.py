"""Without a Go toolchain `--lang go` fails with exit 2 naming `--no-go-check`; with the flag
the module is written unchecked (issue 21: no silent degradation)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main

SPEC = {
    "openapi": "3.0.3",
    "info": {"title": "Probe", "version": "1"},
    "paths": {
        "/items": {
            "get": {
                "operationId": "listItems",
                "responses": {"204": {"description": "none"}},
            }
        }
    },
}


def _run(tmp_path: Path, *extra: str) -> tuple[int, str]:
    (tmp_path / "probe.json").write_text(json.dumps(SPEC))
    args = ["generate", str(tmp_path / "probe.json"), "--lang", "go", "--name", "Probe"]
    result = CliRunner().invoke(main, [*args, "-o", str(tmp_path / "out"), *extra])
    return result.exit_code, result.output


def test_missing_go_is_a_usage_error_naming_the_flag(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "no-tools"))
    code, output = _run(tmp_path)
    assert code == 2, output
    assert "--no-go-check" in output and "Go toolchain" in output
    assert not (tmp_path / "out" / "go.mod").exists()


def test_no_go_check_writes_the_module_unchecked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "no-tools"))
    code, output = _run(tmp_path, "--no-go-check")
    assert code == 0, output
    assert (tmp_path / "out" / "go.mod").is_file()


def test_ci_fails_instead_of_skipping_without_go(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from go_support import require_go

    monkeypatch.setenv("PATH", str(tmp_path / "no-tools"))
    monkeypatch.delenv("GEN_REQUIRE_GO", raising=False)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI=true"):
        require_go()
    monkeypatch.setenv("CI", "")
    with pytest.raises(pytest.skip.Exception):
        require_go()
