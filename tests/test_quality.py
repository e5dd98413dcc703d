"""The generator's own code meets the bar it sets for generated code: ruff, mypy --strict, black."""

from __future__ import annotations

import subprocess
import sys

from sdk_helpers import ROOT

TARGETS = ["generator", "templates/python/runtime"]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_ruff_check() -> None:
    result = run(sys.executable, "-m", "ruff", "check", "--no-cache", *TARGETS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict() -> None:
    result = run(sys.executable, "-m", "mypy", "--strict", "generator")
    assert result.returncode == 0, result.stdout + result.stderr


def test_black_formatted() -> None:
    result = run(sys.executable, "-m", "black", "--check", "--quiet", "generator")
    assert result.returncode == 0, result.stdout + result.stderr


def test_runtime_black_formatted_at_default_width() -> None:
    # The runtime is copied verbatim into every SDK, which is formatted at black's default width.
    result = run(sys.executable, "-m", "black", "--check", "--quiet", "-l", "88",
                 "templates/python/runtime")  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
