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
    try:
        build_files(request, reporter)
    finally:
        reporter.close()  # stop its heartbeat thread
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
    (record,) = json.loads(out)["results"]["targets"]
    assert record["ok"] is False and record["edited"] == ["interactive/models.py"]


def test_a_config_language_no_target_provides_is_a_usage_error(tmp_path: Path) -> None:
    config = tmp_path / "gen.yaml"
    config.write_text(
        f"targets:\n  - {{spec: {INTERACTIVE}, output: o, name: X, language: cobol}}\n"
    )
    code, out = gen("generate", "--config", config)
    assert code == 2 and "'cobol' is not one of python, go" in out
    assert not (tmp_path / "o").exists()


def test_lang_choices_are_the_registered_targets(tmp_path: Path) -> None:
    code, out = gen("generate", INTERACTIVE, "-o", tmp_path / "o", "--name", "X", "--lang", "rust")
    assert code == 2 and "'python'" in out and "'go'" in out
    assert not (tmp_path / "o").exists()
