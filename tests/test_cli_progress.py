"""Off a terminal (stderr a pipe), `gen generate` prints a line at least every 5 s, with the real
heartbeat interval, timed as the lines arrive (issue 19); a stage is slowed to 12 s."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "specs" / "interactive-completions.json"
SLOWED = """
import sys, time
from generator.target import get_target
cls = type(get_target("python"))
real = cls.format
def slowed(self, *args, **kwargs):
    time.sleep(12)
    return real(self, *args, **kwargs)
cls.format = slowed
from generator.cli import main
sys.argv = ["gen", *sys.argv[1:]]
main()
"""


def test_a_line_at_least_every_5_seconds_off_a_terminal(tmp_path: Path) -> None:
    args = ["generate", str(SPEC), "-o", str(tmp_path / "o"), "--name", "Interactive", "--no-smoke"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    start = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, "-c", SLOWED, *args], stderr=subprocess.PIPE, text=True, env=env
    )
    assert proc.stderr is not None
    arrivals, lines = [], []
    for line in proc.stderr:  # ends when the process closes stderr
        arrivals.append(time.monotonic() - start)
        lines.append(line.rstrip())
    assert proc.wait(timeout=120) == 0, lines
    assert any("still running" in line for line in lines), lines
    assert arrivals[-1] >= 12, arrivals  # the slowed stage ran
    # a gap of at most 5 s between lines (a line is due 1 s early, slack for a loaded machine)
    gaps = [b - a for a, b in itertools.pairwise(arrivals)]
    assert max(gaps) <= 5.0, list(zip(gaps, lines[1:], strict=True))
