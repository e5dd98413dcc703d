"""gen.yaml's client defaults (`retries`, `timeout`) are what the generated README and the client's
docstring state (issue 19), and the runtime defaults (2, 600 s) when gen.yaml sets none."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main

SPEC = Path(__file__).resolve().parent.parent / "specs" / "interactive-completions.json"


@pytest.mark.parametrize("overrides,retries,timeout", [("{retries: 3, timeout: 30}", "3", "30"),
                                                       ("{}", "2", "600")])  # fmt: skip
def test_readme_and_docstring_state_the_configured_defaults(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, overrides: str, retries: str, timeout: str
) -> None:
    shutil.copy(SPEC, tmp_path / "spec.json")
    (tmp_path / "gen.yaml").write_text(
        f"targets:\n  - spec: spec.json\n    output: sdk\n    name: Shop\n"
        f"    overrides: {overrides}\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["generate", "--no-smoke", "-q"])
    assert result.exit_code == 0, result.output
    readme = (tmp_path / "sdk" / "README.md").read_text(encoding="utf-8")
    assert f"retried automatically, **{retries} times** by default" in readme
    assert f"The default timeout is **{timeout} s** per attempt" in readme
    assert f"(the client's: {retries})" in readme
    client = (tmp_path / "sdk" / "shop" / "_client.py").read_text(encoding="utf-8")
    assert f"per attempt; default {timeout} s, 5 s to connect" in client
    assert f"408, 409, 429, 5xx);\n                default {retries}." in client
