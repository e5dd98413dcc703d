"""What `gen` prints: stage lines on a terminal, nothing with --quiet; --lang go wiring (issues 5
and 7)."""

from __future__ import annotations

from pathlib import Path

import pytest
from wf_helpers import INTERACTIVE, gen

from generator.cli import PROGRESS_BAR_MIN_ITEMS, TerminalReporter
from generator.pipeline import GenerateRequest, build_files


def test_quiet_success_prints_nothing(tmp_path: Path) -> None:
    code, out = gen("generate", INTERACTIVE, "-o", tmp_path / "o", "--name", "Interactive",
                    "--no-smoke", "--quiet")  # fmt: skip
    assert code == 0 and out == ""
    code, out = gen("check", tmp_path / "o", "--quiet")
    assert code == 0 and out == ""


def test_stage_lines_and_counts_on_a_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    reporter = TerminalReporter(enabled=True)
    request = GenerateRequest(spec=str(INTERACTIVE), out_dir=Path("unused"), name="Interactive")
    build_files(request, reporter)
    err = capsys.readouterr().err
    for stage in ("load", "normalize", "model", "render"):
        assert f"gen: {stage}" in err
    assert "1 operations" in err and "models" in err


def test_silent_when_not_a_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    reporter = TerminalReporter(enabled=False)
    reporter.stage("load", "x")
    items = list(range(PROGRESS_BAR_MIN_ITEMS * 2))
    assert list(reporter.iterate("format", items)) == items
    assert capsys.readouterr().err == ""


def test_progress_bar_on_many_items(capsys: pytest.CaptureFixture[str]) -> None:
    items = list(range(PROGRESS_BAR_MIN_ITEMS * 2))
    assert list(TerminalReporter(enabled=True).iterate("format", items)) == items
    assert list(TerminalReporter(enabled=True).iterate("format", items[:3])) == items[:3]


def test_json_check_output(tmp_path: Path) -> None:
    import json

    code, _ = gen("generate", INTERACTIVE, "-o", tmp_path / "o", "--name", "Interactive",
                  "--no-smoke", "-q")  # fmt: skip
    assert code == 0
    (tmp_path / "o" / "interactive" / "models.py").write_text("edited\n")
    code, out = gen("check", tmp_path / "o", "--format", "json")
    assert code == 1
    record = json.loads(out.strip().splitlines()[-1])
    assert record["ok"] is False and record["edited"] == ["interactive/models.py"]


def test_lang_go_without_the_go_target_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib

    real_import_module = importlib.import_module

    def no_go(name: str, package: str | None = None) -> object:
        if name in ("generator.go", ".go"):
            raise ModuleNotFoundError(f"No module named {name!r}", name="generator.go")
        return real_import_module(name, package)

    monkeypatch.setattr(importlib, "import_module", no_go)
    code, out = gen("generate", INTERACTIVE, "-o", tmp_path / "o", "--name", "X", "--lang", "go")
    assert code == 2 and "Go target is not available" in out
    assert not (tmp_path / "o").exists()
