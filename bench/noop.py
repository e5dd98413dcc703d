"""The no-op rerun: `gen generate` with unchanged inputs writes nothing and costs little.

    python bench/noop.py [SPEC]     (default: ../shared/specs/github.json)

Measured in one run, each as a fresh `python -m generator` process (start-up included): a full
generation into an empty directory (smoke test off, as in bench/generate.py), then the same
command again. The rerun must write no file (every mtime kept) and cost at most 5% of the full
generation. Writes bench/results/noop.md.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SPEC = ROOT.parent / "shared" / "specs" / "github.json"
LIMIT = 0.05


def run(spec: Path, out: Path) -> float:
    args = [sys.executable, "-m", "generator", "generate", str(spec), "-o", str(out),
            "--name", "GitHub", "--no-smoke", "-q"]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    started = time.perf_counter()
    subprocess.run(args, check=True, env=env, timeout=1800)
    return time.perf_counter() - started


def mtimes(root: Path) -> dict[str, int]:
    return {str(p): p.stat().st_mtime_ns for p in root.rglob("*") if p.is_file()}


def main() -> int:
    spec = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_SPEC
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "sdk"
        full = run(spec, out)
        before = mtimes(out)
        noop = run(spec, out)
        after = mtimes(out)
    rewritten = sum(1 for p, t in after.items() if before.get(p) != t)
    ratio = noop / full
    ok = rewritten == 0 and ratio <= LIMIT
    row = (f"| {spec.name} | {len(after)} | {full:.2f} s | {noop:.2f} s | {ratio:.1%} | "
           f"{rewritten} | {'ok' if ok else 'FAIL'} |")  # fmt: skip
    text = (
        "# No-op regeneration (bench/noop.py)\n\n"
        "A full `gen generate --no-smoke` into an empty directory, then the same command again\n"
        "(unchanged spec, options and generator), each a fresh process, in one run. Limit: the\n"
        f"rerun writes nothing and costs at most {LIMIT:.0%} of the full generation.\n\n"
        "| spec | files | full | no-op rerun | ratio | files rewritten | verdict |\n"
        "|---|---|---|---|---|---|---|\n"
        f"{row}\n"
    )
    (ROOT / "bench" / "results" / "noop.md").write_text(text)
    print(row)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
