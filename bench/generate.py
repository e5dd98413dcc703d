"""Generation benchmark: wall time and peak memory of sdkforge against peer generators.

Run:  python bench/generate.py [--specs github.json,stripe.yaml ...] [--tools ...] [--rounds 1]
      python bench/generate.py --specs github.json --tools sdkforge --baseline c28bf42 --rounds 3
Specs are names in ../shared/specs (default: small to largest, for a size-vs-seconds table).
Each run is its own process (bounded by --timeout) under a tiny wrapper that reports the wall
time and peak RSS of that run alone (getrusage RUSAGE_CHILDREN of a fresh wrapper). Tools:

- sdkforge: generator.pipeline.build_files (load, normalize, model, render, format = black), with
  a per-stage timer (a `Reporter` subclass); then the files are written to a temp dir
  and the smoke test (generator.python.smoke.run_smoke) is timed on its own.
- openapi-python-client (its default ruff post-hooks included), in the venv --peers-venv.
- openapi-generator (Java; the jar shipped by the `openapi-generator-cli` PyPI package),
  `-g python --skip-validate-spec`; it writes unformatted code.
- datamodel-code-generator (the installed one; models only, black-formatted by DCG itself).

Rounds are interleaved (every tool on a spec, then the next spec). A failure is recorded as one
line and the run goes on. Writes bench/results/generate.jsonl and bench/results/generate.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SPECS = REPO.parent / "shared" / "specs"
RESULTS = HERE / "results"
PEERS_VENV = Path("/tmp/genpeers")
DEFAULT_SPECS = [
    "petstore3-swagger.yaml",
    "hf-tgi.json",
    "spotify.yaml",
    "apisguru-discourse.json",
    "openrouter.yaml",
    "k8s-core-v1.json",
    "digitalocean.yaml",
    "stripe.yaml",
    "apisguru-zoom.json",
    "github.json",
]
TOOLS = ["sdkforge", "openapi-python-client", "openapi-generator", "dcg"]

# Runs `argv` in a child, then prints wall seconds and the child's peak RSS (MB) as JSON.
WRAPPER = r"""
import json, resource, subprocess, sys, time
t0 = time.perf_counter()
try:
    p = subprocess.run(sys.argv[2:], capture_output=True, text=True, timeout=float(sys.argv[1]))
    rc, out, err = p.returncode, p.stdout, p.stderr
except subprocess.TimeoutExpired:
    rc, out, err = -9, "", "timeout after %s s" % sys.argv[1]
wall = time.perf_counter() - t0
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(json.dumps({"rc": rc, "wall": wall, "peak_mb": peak, "stdout": out[-20000:],
                  "stderr": err[-3000:]}))
"""

# The sdkforge child: stage times of build_files, then the smoke test on a written tree.
SDKFORGE = r"""
import json, resource, sys, tempfile, time
from pathlib import Path
def cpu():  # this process and its waited-for children (ruff), user + system
    a, b = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return a.ru_utime + a.ru_stime + b.ru_utime + b.ru_stime
t_start = time.perf_counter()
from generator.pipeline import GenerateRequest, build_files
from generator.python import package_view
from generator.python.smoke import build_plan, run_smoke
t_import = time.perf_counter()
c_import = cpu()
import generator.pipeline as pl
stages = {}
stages_cpu = {}
last = [None, time.perf_counter(), cpu()]
def mark(stage):
    now, now_cpu = time.perf_counter(), cpu()
    if last[0] is not None:
        stages[last[0]] = stages.get(last[0], 0.0) + now - last[1]
        stages_cpu[last[0]] = stages_cpu.get(last[0], 0.0) + now_cpu - last[2]
    last[0], last[1], last[2] = stage, now, now_cpu
class Timer(pl.Reporter):  # stage(name, detail) and iterate(label, items): both start a stage
    def stage(self, name, detail=""):
        mark(name)
    def iterate(self, label, items):
        mark(label)
        return items
progress = Timer()
kw = {}
if sys.argv[3] != "default":  # formatter: the pipeline's default unless named
    kw["formatter"] = sys.argv[3]
result = build_files(GenerateRequest(spec=sys.argv[1], out_dir=Path("unused"), name="Bench", **kw),
                     progress)
mark(None)
now = time.perf_counter()
gen_seconds = now - t_import
gen_cpu = cpu() - c_import
gen_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
py_files = [t for p, t in result.files.items() if p.endswith(".py")]
fmt = kw.get("formatter") or getattr(GenerateRequest, "formatter", "black")
rec = {"formatter": fmt, "import_s": t_import - t_start, "stages": stages, "gen_s": gen_seconds,
       "stages_cpu": stages_cpu, "gen_cpu_s": gen_cpu, "import_cpu_s": c_import,
       "gen_peak_mb": gen_peak, "files": len(result.files), "py_files": len(py_files),
       "lines": sum(t.count("\n") for t in py_files)}
if sys.argv[2] == "smoke":
    with tempfile.TemporaryDirectory(prefix="sdkforge-bench-") as tmp:
        t0 = time.perf_counter()
        for rel, text in result.files.items():
            path = Path(tmp) / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        t1 = time.perf_counter()
        plan = build_plan(result.api, package_view(result.api, result.options))
        t2 = time.perf_counter()
        c2 = cpu()
        try:
            run_smoke(Path(tmp), plan)
            rec["smoke"] = "ok"
        except Exception as exc:
            lines = [ln.strip() for ln in str(exc).splitlines() if ln.strip()]
            rec["smoke"] = "FAILED: " + " / ".join(lines[:1] + lines[-1:])[:300]
        t3 = time.perf_counter()
        rec["smoke_cpu_s"] = cpu() - c2  # the runner is a waited-for child
    rec["write_s"] = t1 - t0
    rec["smoke_s"] = t3 - t1
    rec["smoke_plan_s"] = t2 - t1
    rec["smoke_peak_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(json.dumps(rec))
"""


def tool_cmd(tool: str, spec: Path, out: Path, args: argparse.Namespace) -> list[str] | None:
    peers = Path(args.peers_venv) / "bin"
    if tool == "sdkforge" or tool.startswith("sdkforge@"):
        smoke = "smoke" if args.smoke else "nosmoke"
        return [sys.executable, "-c", SDKFORGE, str(spec), smoke, args.formatter]
    if tool == "openapi-python-client":
        exe = peers / "openapi-python-client"
        if not exe.exists():
            return None
        return [str(exe), "generate", "--path", str(spec), "--output-path", str(out / "opc"),
                "--overwrite", "--meta", "none"]  # fmt: skip
    if tool == "openapi-generator":
        exe = peers / "openapi-generator-cli"
        if not exe.exists() or not shutil.which("java"):
            return None
        return [str(exe), "generate", "-i", str(spec), "-g", "python", "-o", str(out / "oag"),
                "--skip-validate-spec", "--package-name", "bench_sdk"]  # fmt: skip
    if tool == "dcg":
        exe = Path(sys.executable).parent / "datamodel-codegen"
        if not exe.exists():
            return None
        return [str(exe), "--input", str(spec), "--input-file-type", "openapi",
                "--output", str(out / "models.py"), "--output-model-type",
                "pydantic_v2.BaseModel", "--target-python-version", "3.11"]  # fmt: skip
    raise SystemExit(f"unknown tool {tool}")


def baseline_tree(rev: str) -> Path:
    """The generator of commit `rev`, exported (`git archive`) into a temp dir, once per run:
    `sdkforge@<rev>` runs the same child on it, interleaved with this tree's runs."""
    tree = Path(tempfile.gettempdir()) / f"genbench-base-{rev}"
    if not (tree / "generator").is_dir():
        tree.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(["git", "-C", str(REPO), "archive", rev, "generator",
                                  "templates"], capture_output=True, check=True).stdout  # fmt: skip
        subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
    return tree


def baseline_section(recs: list[dict], tools: list[str], specs: list[str]) -> list[str]:
    """This tree's sdkforge against `sdkforge@<rev>` runs of the same run: median ratios."""
    bases = [t for t in tools if t.startswith("sdkforge@")]
    if "sdkforge" not in tools or not bases:
        return []
    out = ["", "## This tree against the baseline commit (same run, rounds interleaved)", "",
           "| spec | tool | rounds | load\u2192format s | CPU s | wall s |",
           "|---|---|---|---|---|---|"]  # fmt: skip
    ratios = [
        "",
        "| spec | baseline | gen ratio | CPU ratio | wall ratio |",
        "|---|---|---|---|---|",
    ]
    for spec in specs:
        med: dict[str, dict[str, float]] = {}
        for tool in ["sdkforge", *bases]:
            rs = [r for r in recs if r["spec"] == spec and r["tool"] == tool and "error" not in r]
            if not rs:
                continue
            med[tool] = {k: statistics.median(r[k] for r in rs) for k in ("gen_s", "gen_cpu_s",
                                                                         "wall_s")}  # fmt: skip
            m = med[tool]
            out.append(f"| {spec} | {tool} | {len(rs)} | {m['gen_s']:.2f} | "
                       f"{m['gen_cpu_s']:.2f} | {m['wall_s']:.2f} |")  # fmt: skip
        for base in bases:
            if "sdkforge" in med and base in med:
                a, b = med["sdkforge"], med[base]
                ratios.append(f"| {spec} | {base} | {a['gen_s'] / b['gen_s']:.2f}x | "
                              f"{a['gen_cpu_s'] / b['gen_cpu_s']:.2f}x | "
                              f"{a['wall_s'] / b['wall_s']:.2f}x |")  # fmt: skip
    return out + ratios


def git_head() -> str:
    cmd = ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"]
    return subprocess.run(cmd, capture_output=True, text=True).stdout.strip()


def versions(args: argparse.Namespace) -> dict[str, str]:
    out = {}
    py = str(Path(args.peers_venv) / "bin" / "python")
    for name, interp in (
        ("black", sys.executable),
        ("datamodel-code-generator", sys.executable),
        ("openapi-python-client", py),
        ("openapi-generator-cli", py),
    ):
        if not Path(interp).exists():
            out[name] = "missing"
            continue
        p = subprocess.run(
            [interp, "-c", f"import importlib.metadata as m; print(m.version({name!r}))"],
            capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        out[name] = p.stdout.strip() or "missing"
    j = subprocess.run(["java", "-version"], capture_output=True, text=True, timeout=60)
    out["java"] = (j.stderr.splitlines() or ["missing"])[0]
    return out


def one_line(text: str) -> str:
    lines = [ln.strip() for ln in text.strip().splitlines() if ln.strip()]
    key = [ln for ln in lines if "rror" in ln or "xception" in ln or "timeout" in ln]
    return ((key or lines or ["(no output)"])[-1])[:240]


def run(tool: str, spec: Path, args: argparse.Namespace) -> dict:
    rec: dict = {"tool": tool, "spec": spec.name, "spec_mb": spec.stat().st_size / 2**20}
    with tempfile.TemporaryDirectory(prefix="genbench-") as tmp:
        cmd = tool_cmd(tool, spec, Path(tmp), args)
        if cmd is None:
            rec["error"] = "not installed"
            return rec
        env = dict(os.environ)
        env["PYTHONPATH"] = str(baseline_tree(tool.split("@", 1)[1]) if "@" in tool else REPO)
        wrapped = [sys.executable, "-c", WRAPPER, str(args.timeout), *cmd]
        p = subprocess.run(
            wrapped, capture_output=True, text=True, timeout=args.timeout + 60, cwd=tmp, env=env
        )
        w = json.loads(p.stdout.strip().splitlines()[-1])
        rec.update(wall_s=w["wall"], peak_mb=w["peak_mb"], rc=w["rc"])
        if w["rc"] != 0:
            rec["error"] = one_line(w["stderr"] or w["stdout"])
        elif tool.split("@")[0] == "sdkforge":
            rec.update(json.loads(w["stdout"].strip().splitlines()[-1]))
        if tool in ("openapi-python-client", "openapi-generator", "dcg") and "error" not in rec:
            files = [f for f in Path(tmp).rglob("*.py")]
            rec["py_files"] = len(files)
            rec["lines"] = sum(f.read_text(errors="replace").count("\n") for f in files)
    return rec


def fmt_s(v: float | None) -> str:
    return "\u2013" if v is None else f"{v:.2f}" if v < 10 else f"{v:.1f}"


def summarise(recs: list[dict], meta: dict) -> str:
    specs = list(dict.fromkeys(r["spec"] for r in recs))
    tools = list(dict.fromkeys(r["tool"] for r in recs))
    by: dict[tuple[str, str], list[dict]] = {}
    for r in recs:
        by.setdefault((r["spec"], r["tool"]), []).append(r)

    def med(spec: str, tool: str, key: str) -> float | None:
        v = [r[key] for r in by.get((spec, tool), []) if key in r and "error" not in r]
        return statistics.median(v) if v else None

    out = [
        "# Generation benchmark: sdkforge against peer generators",
        "",
        f"Run {time.strftime('%Y-%m-%d %H:%M', time.localtime(meta['start']))}, commit "
        f"{meta['commit']}, {meta['rounds']} round(s) interleaved per spec, load average at "
        f"start {meta['load']} on a shared 2-core machine (other agents running tests: absolute"
        " seconds are inflated; compare tools within a row). Command: `python bench/generate.py "
        + " ".join(meta["argv"])
        + "`. Raw records: `generate.jsonl`.",
        "",
        *([meta["note"], ""] if meta.get("note") else []),
        "Versions: `" + json.dumps(meta["versions"]) + "`",
        "",
        "What each tool does: **sdkforge** = whole SDK (models, resources, sync+async clients,"
        " docs), formatted (the pipeline's formatter: black or ruff), then the smoke test"
        " (timed on its own);"
        " **openapi-python-client** = whole client + ruff post-hooks; **openapi-generator** ="
        " `-g python`, whole client, unformatted, JVM start included; **dcg** ="
        " datamodel-code-generator, models only (black-formatted).",
        "",
        "## Wall seconds per run (process wall; peak RSS MB in brackets)",
        "",
        "| spec | MB | " + " | ".join(tools) + " |",
        "|---|---|" + "---|" * len(tools),
    ]
    for spec in specs:
        mb = by[(spec, tools[0])][0]["spec_mb"] if (spec, tools[0]) in by else 0
        cells = []
        for tool in tools:
            rs = by.get((spec, tool), [])
            ok = [r for r in rs if "error" not in r]
            if ok:
                w = statistics.median(r["wall_s"] for r in ok)
                pk = max(r["peak_mb"] for r in ok)
                cells.append(f"{fmt_s(w)} ({pk:.0f})")
            elif rs:
                cells.append("failed")
            else:
                cells.append("\u2013")
        out.append(f"| {spec} | {mb:.2f} | " + " | ".join(cells) + " |")
    if "sdkforge" in tools:
        out += [
            "",
            "## sdkforge by stage (seconds, in process; wall = whole child process)",
            "",
            "| spec | MB | import | load | normalize | model | render | format |"
            " load\u2192format | smoke | wall | gen peak MB | smoke peak MB | .py lines |"
            " s per MB |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
        ]
        for spec in specs:
            rs = [r for r in by.get((spec, "sdkforge"), []) if "error" not in r]
            if not rs:
                continue

            def st(name: str, rs: list[dict] = rs) -> float:
                return statistics.median(r["stages"].get(name, 0.0) for r in rs)

            gen = statistics.median(r["gen_s"] for r in rs)
            mb = rs[0]["spec_mb"]
            smoke = med(spec, "sdkforge", "smoke_s")
            sm_peak = med(spec, "sdkforge", "smoke_peak_mb")
            cells = [
                fmt_s(statistics.median(r["import_s"] for r in rs)),
                *(fmt_s(st(s)) for s in ("load", "normalize", "model", "render", "format")),
                fmt_s(gen),
                fmt_s(smoke) + ("" if rs[0].get("smoke", "ok") == "ok" else " (failed)"),
                fmt_s(statistics.median(r["wall_s"] for r in rs)),
                f"{max(r['gen_peak_mb'] for r in rs):.0f}",
                "\u2013" if sm_peak is None else f"{sm_peak:.0f}",
                f"{rs[0]['lines']:,}",
                f"{gen / mb:.2f}" if mb else "\u2013",
            ]
            out.append(f"| {spec} | {mb:.2f} | " + " | ".join(cells) + " |")
        out += [
            "",
            "## sdkforge by stage, CPU seconds (user + system, ruff and smoke children included)",
            "",
            "CPU time is what to compare across runs on this shared machine; wall time above"
            " includes waiting for the other agents' processes.",
            "",
            "| spec | import | load | normalize | model | render | format | load\u2192format |"
            " smoke run |",
            "|---|---|---|---|---|---|---|---|---|",
        ]
        for spec in specs:
            rs = [
                r for r in by.get((spec, "sdkforge"), []) if "error" not in r and "gen_cpu_s" in r
            ]
            if not rs:
                continue

            def sc(name: str, rs: list[dict] = rs) -> float:
                return statistics.median(r["stages_cpu"].get(name, 0.0) for r in rs)

            smoke_cpu = med(spec, "sdkforge", "smoke_cpu_s")
            cells = [
                fmt_s(statistics.median(r["import_cpu_s"] for r in rs)),
                *(fmt_s(sc(s)) for s in ("load", "normalize", "model", "render", "format")),
                fmt_s(statistics.median(r["gen_cpu_s"] for r in rs)),
                ("\u2013" if smoke_cpu is None else fmt_s(smoke_cpu))
                + ("" if rs[0].get("smoke", "ok") == "ok" else " (failed)"),
            ]
            out.append(f"| {spec} | " + " | ".join(cells) + " |")
        out += [
            "",
            "## How time grows with spec size (sdkforge load\u2192format, in process)",
            "",
            "| spec | MB | seconds | s/MB | format share |",
            "|---|---|---|---|---|",
        ]
        rows = []
        for spec in specs:
            rs = [r for r in by.get((spec, "sdkforge"), []) if "error" not in r]
            if rs:
                gen = statistics.median(r["gen_s"] for r in rs)
                fmt = statistics.median(r["stages"].get("format", 0.0) for r in rs)
                rows.append((rs[0]["spec_mb"], spec, gen, fmt))
        for mb, spec, gen, fmt in sorted(rows):
            out.append(f"| {spec} | {mb:.2f} | {fmt_s(gen)} | {gen / mb:.2f} | {fmt / gen:.0%} |")
    out += baseline_section(recs, tools, specs)
    errs = [r for r in recs if "error" in r]
    if errs:
        out += ["", "## Failures (one line each)", ""]
        for r in errs:
            out.append(f"- {r['tool']} on {r['spec']}: `{r['error']}`")
    smoke_bad = [r for r in recs if str(r.get("smoke", "ok")) != "ok"]
    for r in smoke_bad:
        out.append(f"- sdkforge smoke on {r['spec']}: `{r['smoke']}`")
    return "\n".join(out) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--specs", default=",".join(DEFAULT_SPECS), help="comma list in shared/specs")
    ap.add_argument("--tools", default=",".join(TOOLS))
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--timeout", type=int, default=300, help="seconds per run")
    ap.add_argument("--max-minutes", type=float, default=40)
    ap.add_argument("--peers-venv", default=str(PEERS_VENV))
    ap.add_argument("--no-smoke", dest="smoke", action="store_false")
    ap.add_argument(
        "--formatter", default="default", help="sdkforge's formatter: default, black or ruff"
    )
    ap.add_argument("--out", default=str(RESULTS / "generate.jsonl"))
    ap.add_argument("--md", default=str(RESULTS / "generate.md"))
    ap.add_argument("--report-only", action="store_true", help="re-summarise --out")
    ap.add_argument("--merge", nargs="*", default=[], help="with --report-only: add these runs")
    ap.add_argument("--note", default="", help="a paragraph added under the title")
    ap.add_argument("--baseline", default="", help="a commit: also run its sdkforge (sdkforge@REV)")
    args = ap.parse_args()
    if args.baseline:
        args.tools += ",sdkforge@" + args.baseline
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    if args.report_only:
        lines = [json.loads(x) for x in out.read_text().splitlines() if x.strip()]
        meta, recs = lines[0], lines[1:]
        for extra in args.merge:  # records of other runs (their meta lines dropped)
            more = [json.loads(x) for x in Path(extra).read_text().splitlines() if x.strip()]
            recs += [r for r in more if not r.get("meta")]
        if args.merge:
            with out.open("w") as f:
                f.writelines(json.dumps(r) + "\n" for r in [meta, *recs])
    else:
        meta = {
            "meta": True,
            "start": time.time(),
            "argv": sys.argv[1:],
            "rounds": args.rounds,
            "load": " ".join(f"{x:.1f}" for x in os.getloadavg()),
            "commit": git_head(),
            "versions": versions(args),
        }
        recs = []
        deadline = time.time() + args.max_minutes * 60
        with out.open("w") as f:
            f.write(json.dumps(meta) + "\n")
            for rnd in range(1, args.rounds + 1):
                for name in args.specs.split(","):
                    for tool in args.tools.split(","):
                        if time.time() > deadline:
                            print("max-minutes reached; stopping", file=sys.stderr)
                            break
                        rec = run(tool, SPECS / name, args)
                        rec["round"] = rnd
                        recs.append(rec)
                        f.write(json.dumps(rec) + "\n")
                        f.flush()
                        brief = {
                            k: (round(v, 2) if isinstance(v, float) else v)
                            for k, v in rec.items()
                            if k in ("wall_s", "peak_mb", "gen_s", "smoke_s", "error", "smoke")
                        }
                        print(f"[{rnd}] {name:28s} {tool:22s} {brief}", flush=True)
    if args.note:
        meta["note"] = args.note
    text = summarise(recs, meta)
    Path(args.md).write_text(text)
    print(text)


if __name__ == "__main__":
    main()
