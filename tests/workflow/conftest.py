"""Fixtures of the workflow tests: one generated project, copied for each test that edits it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from wf_helpers import INTERACTIVE, copy_spec, gen


@pytest.fixture(scope="session")
def interactive_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """specs/ (a copy of the interactive seed spec) and out/ (its SDK, no smoke test)."""
    root = tmp_path_factory.mktemp("interactive-project")
    spec = copy_spec(INTERACTIVE, root / "specs")
    code, text = gen("generate", spec, "-o", root / "out", "--name", "Interactive", "--no-smoke")
    assert code == 0, text
    return root


@pytest.fixture
def project(interactive_project: Path, tmp_path: Path) -> tuple[Path, Path]:
    """A private copy of the generated project: (spec path, output directory)."""
    shutil.copytree(interactive_project, tmp_path, dirs_exist_ok=True)
    return tmp_path / "specs" / INTERACTIVE.name, tmp_path / "out"
