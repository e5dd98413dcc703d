"""The project's own CI check: the committed SDKs in output/ are current and untouched."""

from __future__ import annotations

import subprocess
import sys

from sdk_helpers import ROOT


def test_gen_check_on_output() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "generator", "check", "output/openrouter", "output/interactive"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr + result.stdout
