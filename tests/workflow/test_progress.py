"""Progress everywhere (issue 19): off a terminal, a line per stage with its time and a line at
least every HEARTBEAT_SECONDS during a long stage; nothing with --quiet or --format json."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from wf_helpers import INTERACTIVE, gen_split

import generator.cli as cli
from generator.target import get_target


def slow_format(monkeypatch: pytest.MonkeyPatch, seconds: float) -> None:
    target = get_target("python")
    real = type(target).format

    def slowed(self: object, *args: object, **kwargs: object) -> object:
        time.sleep(seconds)
        return real(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(type(target), "format", slowed)


def test_a_slow_stage_prints_a_line_every_interval(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli, "HEARTBEAT_SECONDS", 0.4)
    slow_format(monkeypatch, 1.5)
    code, _, err = gen_split("generate", INTERACTIVE, "-o", tmp_path / "o", "--name",
                             "Interactive", "--no-smoke")  # fmt: skip
    assert code == 0, err
    stamps = [float(t) for t in re.findall(r"^gen: .*\((\d+\.\d) s\)$", err, re.M)]
    for stage in ("load", "normalize", "model", "render", "write"):
        assert re.search(rf"^gen: {stage}\b.*\(\d+\.\d s\)$", err, re.M), err
    assert "render: still running" in err  # the slowed stage (format runs inside render's line)
    assert all(b - a <= 0.4 + 0.6 for a, b in zip(stamps, stamps[1:])), stamps
    assert stamps == sorted(stamps)


@pytest.mark.parametrize("flag", ["--quiet", "--format=json"])
def test_no_progress_lines_when_quiet_or_json(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, flag: str
) -> None:
    monkeypatch.setattr(cli, "HEARTBEAT_SECONDS", 0.2)
    slow_format(monkeypatch, 0.6)
    code, _, err = gen_split("generate", INTERACTIVE, "-o", tmp_path / "o", "--name",
                             "Interactive", "--no-smoke", flag)  # fmt: skip
    assert code == 0 and "still running" not in err and "gen: load" not in err
