"""Generate an SDK for every spec in ../shared/specs and check each one (issue 6).

For each spec: `gen generate` (which runs the smoke test: every operation called against a mock
transport), then import every module of the package, then `mypy --strict` on it (a time-out is
shown as such). Prints a Markdown table; `--out FILE` also writes it.

    python bench/corpus.py [--only NAME ...] [--mypy-timeout 900] [--out bench/results/corpus.md]

Not part of CI: on two cores the whole run takes tens of minutes.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPECS = ROOT.parent / "shared" / "specs"

IMPORT_ALL = r"""
import importlib, pkgutil, sys
sys.path.insert(0, sys.argv[1])
pkg = importlib.import_module(sys.argv[2])
count = 0
for info in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + "."):
    importlib.import_module(info.name)
    count += 1
import pydantic
models = importlib.import_module(sys.argv[2] + ".models")
for name in models.__all__:
    obj = getattr(models, name)
    if isinstance(obj, type) and issubclass(obj, pydantic.BaseModel):
        obj.model_rebuild()  # resolves every forward reference: a dangling name fails here
print(count)
"""


def _child_peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def run_one(spec: Path, work: Path, mypy_timeout: int) -> dict[str, object]:
    name = "Corpus"
    package = "sdk_" + re.sub(r"[^a-z0-9]", "_", spec.stem.lower())
    out = work / package
    row: dict[str, object] = {"spec": spec.name, "size_kb": spec.stat().st_size // 1024}
    start = time.perf_counter()
    before = _child_peak_mb()
    proc = subprocess.run(
        [sys.executable, "-m", "generator", "generate", str(spec), "-o", str(out), "--name", name,
         "--package", package, "--base-url", "https://api.example.com", "--format", "json"],
        capture_output=True, text=True, timeout=3600,
    )  # fmt: skip
    row["seconds"] = round(time.perf_counter() - start, 1)
    row["peak_mb"] = round(max(_child_peak_mb(), before))
    records = []
    for line in proc.stderr.splitlines():
        if line.startswith("{"):
            try:
                records.append(json.loads(line))
            except ValueError:
                pass
    row["warnings"] = sum(1 for r in records if r.get("level") == "warning")
    summary = re.search(r"(\d+) operations, (\d+) models", proc.stderr + proc.stdout)
    row["operations"] = int(summary.group(1)) if summary else ""
    row["models"] = int(summary.group(2)) if summary else ""
    if proc.returncode != 0:
        tail = [ln for ln in proc.stderr.splitlines() if ln.strip()][-3:]
        row.update(generate=f"exit {proc.returncode}", error=" / ".join(tail)[:300])
        row.update(imports="-", smoke="-", mypy="-")
        return row
    row["generate"] = "ok"
    row["smoke"] = "ok"  # generate fails when the smoke test fails
    imp = subprocess.run([sys.executable, "-c", IMPORT_ALL, str(out), package],
                         capture_output=True, text=True, timeout=900)  # fmt: skip
    row["imports"] = "ok" if imp.returncode == 0 else "FAIL: " + imp.stderr.strip()[-200:]
    if mypy_timeout <= 0:
        row["mypy"] = "skipped"
        return row
    try:
        res = subprocess.run(
            [sys.executable, "-m", "mypy", "--strict", "--no-incremental", package],
            cwd=out, capture_output=True, text=True, timeout=mypy_timeout,
        )  # fmt: skip
        found = re.search(r"Found (\d+) errors?", res.stdout)
        row["mypy"] = int(found.group(1)) if found else (0 if res.returncode == 0 else "crash")
        if found:
            row["mypy_first"] = next(
                (ln for ln in res.stdout.splitlines() if ": error:" in ln), ""
            )[:200]
    except subprocess.TimeoutExpired:
        row["mypy"] = f"time-out ({mypy_timeout} s)"
    return row


COLUMNS = ["spec", "size_kb", "operations", "models", "seconds", "peak_mb", "warnings",
           "generate", "imports", "smoke", "mypy"]  # fmt: skip


def table(rows: list[dict[str, object]]) -> str:
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    for row in rows:
        lines.append("| " + " | ".join(str(row.get(c, "")) for c in COLUMNS) + " |")
    notes = [f"- {r['spec']}: {r['error']}" for r in rows if r.get("error")]
    notes += [f"- {r['spec']}: mypy: {r['mypy_first']}" for r in rows if r.get("mypy_first")]
    ok = sum(1 for r in rows if r.get("generate") == "ok" and r.get("imports") == "ok")
    clean = sum(1 for r in rows if r.get("mypy") == 0)
    head = f"{ok}/{len(rows)} generate, import and pass smoke; {clean}/{len(rows)} mypy-clean.\n\n"
    return head + "\n".join(lines) + ("\n\n" + "\n".join(notes) if notes else "") + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", default=None, help="spec file names (substring)")
    parser.add_argument("--mypy-timeout", type=int, default=900)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    specs = sorted(p for p in SPECS.iterdir() if p.suffix in (".json", ".yaml", ".yml"))
    if args.only:
        specs = [p for p in specs if any(o in p.name for o in args.only)]
    rows = []
    with tempfile.TemporaryDirectory(prefix="sdkforge-corpus-") as tmp:
        for spec in specs:
            row = run_one(spec, Path(tmp), args.mypy_timeout)
            rows.append(row)
            print(json.dumps(row), flush=True)
    text = table(rows)
    print(text)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        header = (
            f"# Corpus run\n\nEvery spec in ../shared/specs, `python bench/corpus.py` "
            f"(mypy time-out {args.mypy_timeout} s), on this project's 2-core machine.\n\n"
        )
        args.out.write_text(header + text)


if __name__ == "__main__":
    os.environ.setdefault("PYTHONDONTWRITEBYTECODE", "1")
    main()
