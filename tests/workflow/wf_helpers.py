"""Helpers for the regeneration-workflow tests (issue 5): run `gen`, snapshot output trees."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner
from sdk_helpers import SPECS

from generator.cli import main

FRAGMENTS = SPECS / "fragments"
INTERACTIVE = SPECS / "interactive-completions.json"
OPENROUTER = SPECS / "openrouter-completions.yaml"


def gen(*args: str | Path) -> tuple[int, str]:
    """Run `gen ARGS...` in process; the exit code and everything it printed."""
    result = CliRunner().invoke(main, [str(a) for a in args])
    return result.exit_code, result.output + (result.stderr if result.stderr_bytes else "")


def tree(root: Path) -> dict[str, bytes]:
    """Every file under `root` (caches excluded), by relative path."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


def copy_spec(source: Path, directory: Path) -> Path:
    """A copy of `source` in `directory` that a test may edit."""
    directory.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copy(source, directory / source.name))


def gen_split(*args: str | Path) -> tuple[int, str, str]:
    """Run `gen ARGS...` in process; the exit code, stdout and stderr apart."""
    result = CliRunner().invoke(main, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr if result.stderr_bytes else ""
