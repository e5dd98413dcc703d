"""Issue 7: every file in tests/bad_specs/ gets the outcome tests/bad_specs/expected.yaml states.

Broken specs: a clear `file:line:column: error: ...` message, exit code 1, no traceback, no
output directory. Hostile but valid specs: a package whose code compiles, holds no call or name
the spec planted, and imports (and smoke-tests) without running spec text.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from hostile_checks import MARKER_ENV, check_files, import_in_subprocess

from generator.cli import main

BAD = Path(__file__).resolve().parent.parent / "bad_specs"
EXPECTED: dict[str, dict[str, Any]] = yaml.safe_load((BAD / "expected.yaml").read_text())
SPEC_SUFFIXES = (".yaml", ".json")

# `file[:line[:column]]: level: message [pointer]`, then an optional indented hint line.
DIAGNOSTIC = re.compile(r"^\S.*?(:\d+(:\d+)?)?: (error|warning|note): .+$")


def _cases() -> list[Any]:
    params = []
    for name, expect in sorted(EXPECTED.items()):
        marks = []
        if "xfail" in expect:
            marks.append(pytest.mark.xfail(strict=True, reason=expect["xfail"]))
        params.append(pytest.param(name, expect, id=name, marks=marks))
    return params


def test_the_table_covers_the_corpus() -> None:
    files = {
        p.name for p in BAD.iterdir() if p.suffix in SPEC_SUFFIXES and p.name != "expected.yaml"
    }
    assert files == set(EXPECTED), files ^ set(EXPECTED)
    assert len(files) >= 40
    for name, expect in EXPECTED.items():
        assert ("exit" in expect) != bool(expect.get("clean")), name


def _run(spec: Path, out: Path, *extra: str) -> tuple[int, str]:
    result = CliRunner().invoke(
        main, ["generate", str(spec), "-o", str(out), "--name", "Hostile", *extra]
    )
    return result.exit_code, result.output


@pytest.mark.parametrize(("name", "expect"), _cases())
def test_bad_spec(
    name: str, expect: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    marker = tmp_path / "pwned-marker"
    monkeypatch.setenv(MARKER_ENV, str(marker))
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "out"
    smoke = bool(expect.get("smoke"))
    code, output = _run(BAD / name, out, *([] if smoke else ["--no-smoke"]))
    assert "Traceback" not in output, output
    assert "internal error" not in output, output
    if "exit" in expect:
        assert code == expect["exit"], output
        assert expect["message"] in output, output
        if "where" in expect:
            assert expect["where"] in output, output
        assert not out.exists(), "a failed generation created the output directory"
        problems = [line for line in output.splitlines() if not line.startswith(("  ", "gen:"))]
        assert problems, output
        for line in problems:
            assert DIAGNOSTIC.match(line), f"not a diagnostic line: {line!r}"
            assert str(BAD / name) in line
        return
    assert code == 0, output
    if "warning" in expect:
        assert expect["warning"] in output, output
    files = {
        str(p.relative_to(out)): p.read_text(encoding="utf-8")
        for p in out.rglob("*")
        if p.is_file() and not p.relative_to(out).parts[0].startswith(".sdkforge")
    }
    assert any(path.endswith("/__init__.py") for path in files)
    check_files(files)
    # Nothing written outside the output directory (traversal through names).
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
    package = next(p.split("/")[0] for p in files if p.endswith("/_client.py"))
    import_in_subprocess(out, package, "Hostile", marker)
    assert not marker.exists() and not (tmp_path / "sdkforge_pwned").exists()
