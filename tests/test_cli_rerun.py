"""A rerun of `gen generate` with nothing changed (issue 19): one line saying so,
nothing with -q."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main

SPEC = Path(__file__).resolve().parent.parent / "specs" / "interactive-completions.json"


def _gen(*args: str | Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr if result.stderr_bytes else ""


def test_up_to_date_rerun_says_nothing_written_once_and_quiet_says_nothing(tmp_path: Path) -> None:
    args = ("generate", SPEC, "-o", tmp_path / "o", "--name", "Interactive", "--no-smoke")
    code, _, err = _gen(*args)
    assert code == 0, err
    code, out, err = _gen(*args)
    assert code == 0, err
    assert err.count("nothing written") == 1, err
    assert [line for line in err.splitlines() if "up to date" in line] == [
        f"gen: {tmp_path / 'o'}: up to date (spec, options and generator unchanged);"
        " nothing written"
    ], err
    code, out, err = _gen(*args, "-q")
    assert (code, out, err) == (0, "", ""), (out, err)


def test_gen_check_with_no_arguments_passes_on_this_checkout(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The root gen.yaml's targets (the committed goldens) are current, as .ci/run checks."""
    monkeypatch.chdir(Path(__file__).resolve().parent.parent)
    code, out, err = _gen("check")
    assert code == 0, out + err
    assert "up to date" in out + err
