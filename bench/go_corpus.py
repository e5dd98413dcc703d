"""Generate a Go SDK for every spec in the shared corpus, `go vet` + `go build` it and run
staticcheck on it.

    python bench/go_corpus.py [SPEC_DIR] [--jobs N] [--only NAME...] [--no-staticcheck]

Prints one Markdown table row per spec: operations, models, generation seconds, gofmt,
vet/build result and build seconds, staticcheck findings and seconds, and the first error line
on failure. Runs with the local Go toolchain only (GOTOOLCHAIN=local, GOPROXY=off).

staticcheck is the binary named by $STATICCHECK, else `staticcheck` or `go-staticcheck`
(Debian's package) on PATH, run as `staticcheck -checks STATICCHECK_CHECKS ./...`.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.build_ir import build_api  # noqa: E402
from generator.diagnostics import Diagnostics  # noqa: E402
from generator.go import generate_go_files, go_env  # noqa: E402
from generator.load import load_spec  # noqa: E402
from generator.normalize import normalize  # noqa: E402
from generator.write import sha256  # noqa: E402

DEFAULT_SPECS = ROOT.parent / "shared" / "specs"
# Every check, minus the style opinions the generated code does not follow on purpose (the
# reasons are in bench/results/go_corpus.md). Keep this list short.
STATICCHECK_CHECKS = "all"


def staticcheck_binary() -> str | None:
    """The staticcheck binary: $STATICCHECK, else `staticcheck` or `go-staticcheck` on PATH."""
    named = os.environ.get("STATICCHECK")
    if named:
        return shutil.which(named) or named
    return shutil.which("staticcheck") or shutil.which("go-staticcheck")


@dataclass
class Row:
    """The outcome for one spec."""

    spec: str
    ops: int = 0
    models: int = 0
    gen_s: float = 0.0
    gofmt: str = "-"
    result: str = "-"
    build_s: float = 0.0
    names: int = 0  # exported identifiers that spell an initialism in mixed case (`Id`, `Url`)
    name_example: str = ""
    staticcheck: str = "-"  # "clean", "N findings" or "-" (not run)
    staticcheck_s: float = 0.0
    detail: str = ""


# Exported identifiers declared in a Go file: types, functions, methods, struct fields, consts.
_DECL = re.compile(
    r"^(?:type|func(?: \([^)]*\))?|const|var)\s+([A-Z]\w*)|^\t([A-Z]\w*)\s+[\w*\[\]{}.]",
    re.M,
)
# A golint initialism (plus MD5, SHA, JWT) spelled as a Title-case word inside a name.
_MIXED = re.compile(
    r"(?:Acl|Api|Ascii|Cpu|Css|Dns|Eof|Guid|Html|Http|Https|Id|Ip|Json|Lhs|Qps|Ram|Rhs|Rpc|Sla|"
    r"Smtp|Sql|Ssh|Tcp|Tls|Ttl|Udp|Ui|Uid|Uuid|Uri|Url|Utf8|Vm|Xml|Xmpp|Xsrf|Xss|Md5|Sha|Jwt)"
    r"(?=[A-Z0-9]|$)"
)


def name_check(files: dict[str, str]) -> tuple[int, str]:
    """(number of exported names with a mixed-case initialism, the first such name)."""
    bad: list[str] = []
    for rel, text in sorted(files.items()):
        if not rel.endswith(".go"):
            continue
        for match in _DECL.finditer(text):
            name = match.group(1) or match.group(2)
            if _MIXED.search(name):
                bad.append(name)
    return len(bad), (bad[0] if bad else "")


def _go(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["go", *args], cwd=cwd, env=go_env(), capture_output=True, text=True, check=False
    )


# Where run_staticcheck writes every finding, one file per spec (--findings DIR).
FINDINGS_DIR: Path | None = None


def run_staticcheck(binary: str, out: Path, row: Row) -> None:
    """`staticcheck -checks STATICCHECK_CHECKS ./...` in `out`; findings go into `row`."""
    started = time.monotonic()
    proc = subprocess.run(
        [binary, "-checks", STATICCHECK_CHECKS, "./..."],
        cwd=out,
        env=go_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    row.staticcheck_s = time.monotonic() - started
    if FINDINGS_DIR is not None:
        FINDINGS_DIR.mkdir(parents=True, exist_ok=True)
        (FINDINGS_DIR / f"{row.spec}.txt").write_text(proc.stdout + proc.stderr, encoding="utf-8")
    findings = [ln for ln in proc.stdout.splitlines() if re.search(r"\([A-Z]+\d+\)$", ln)]
    if proc.returncode == 0 and not findings:
        row.staticcheck = "clean"
        return
    row.staticcheck = f"{len(findings)} findings" if findings else "FAILED"
    codes = sorted({ln.rsplit("(", 1)[1].rstrip(")") for ln in findings})
    first = (findings or (proc.stdout + proc.stderr).strip().splitlines() or [""])[0]
    row.detail = (row.detail + " " if row.detail else "") + f"{','.join(codes)}: {first}"[:200]


def run_one(spec: Path, staticcheck: str | None = None) -> Row:
    """Generate, format-check, vet and build the Go SDK of one spec (and staticcheck it)."""
    row = Row(spec.name)
    started = time.monotonic()
    try:
        diags = Diagnostics(file=str(spec))
        loaded = load_spec(str(spec), diags)
        if loaded is None:
            row.result, row.detail = "load error", str(diags)[:120]
            return row
        normalize(loaded.data, diags)
        api = build_api(loaded.data, diags)
        row.ops = sum(len(r.operations) for r in api.resources)
        row.models = len(api.schemas)
        files = generate_go_files(
            api,
            name=api.title or "Client",
            module="example.com/corpus/" + spec.stem.replace(".", "-").lower(),
            package="",
            version="0.1.0",
            base_url="",
            spec_file=spec.name,
            spec_sha256=sha256(loaded.raw),
        )
    except Exception as exc:  # report every failure in the table, keep going
        row.result, row.detail = "generator error", f"{type(exc).__name__}: {exc}"[:160]
        return row
    row.gen_s = time.monotonic() - started
    row.names, row.name_example = name_check(files)
    with tempfile.TemporaryDirectory(prefix="go-corpus-") as tmp:
        out = Path(tmp)
        for rel, text in files.items():
            (out / rel).parent.mkdir(parents=True, exist_ok=True)
            (out / rel).write_text(text, encoding="utf-8")
        fmt = subprocess.run(["gofmt", "-l", "."], cwd=out, capture_output=True, text=True)
        row.gofmt = "clean" if not fmt.stdout.strip() and fmt.returncode == 0 else "DIRTY"
        started = time.monotonic()
        for step in ("vet", "build"):
            proc = _go([step, "./..."], out)
            if proc.returncode != 0:
                lines = [ln for ln in (proc.stdout + proc.stderr).splitlines() if ln.strip()]
                row.result = f"{step} FAILED"
                row.detail = next((ln for ln in lines if not ln.startswith("#")), "")[:160]
                break
        else:
            row.result = "ok"
        row.build_s = time.monotonic() - started
        if staticcheck and row.result == "ok":
            run_staticcheck(staticcheck, out, row)
    return row


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("spec_dir", nargs="?", default=str(DEFAULT_SPECS))
    parser.add_argument("--seeds", action="store_true", help="Also the seed specs in specs/.")
    parser.add_argument("--jobs", type=int, default=4)
    parser.add_argument("--only", nargs="*", default=None)
    parser.add_argument("--no-staticcheck", action="store_true", help="Skip staticcheck.")
    parser.add_argument("--findings", default=None, help="Write staticcheck's output here.")
    args = parser.parse_args()
    global FINDINGS_DIR
    FINDINGS_DIR = Path(args.findings) if args.findings else None
    if shutil.which("go") is None:
        print("go not found: install golang-go", file=sys.stderr)
        return 2
    staticcheck = None if args.no_staticcheck else staticcheck_binary()
    if staticcheck is None and not args.no_staticcheck:
        print("staticcheck not found (apt-get install go-staticcheck)", file=sys.stderr)
        return 2
    specs = sorted(
        p
        for p in Path(args.spec_dir).iterdir()
        if p.suffix in (".json", ".yaml", ".yml")
        and (args.only is None or p.stem in args.only or p.name in args.only)
    )
    if args.seeds:
        specs += sorted(p for p in (ROOT / "specs").iterdir() if p.suffix in (".json", ".yaml"))
    with ThreadPoolExecutor(max_workers=args.jobs) as pool:
        rows = list(pool.map(lambda spec: run_one(spec, staticcheck), specs))
    print(
        "| spec | ops | models | gen s | gofmt | vet+build | build s | initialism names "
        "| staticcheck | staticcheck s | detail |"
    )
    print(
        "| ---- | --: | -----: | ----: | ----- | --------- | ------: | ---------------: "
        "| ----------- | ------------: | ------ |"
    )
    for r in rows:
        detail = r.detail.replace("|", "\\|")
        print(
            f"| {r.spec} | {r.ops} | {r.models} | {r.gen_s:.1f} | {r.gofmt} | {r.result} "
            f"| {r.build_s:.1f} | {r.names}{' (' + r.name_example + ')' if r.names else ''} "
            f"| {r.staticcheck} | {r.staticcheck_s:.1f} | {detail} |",
            flush=True,
        )
    ok = sum(
        1 for r in rows if r.result == "ok" and r.staticcheck in ("clean", "-") and not r.names
    )
    print(f"\n{ok}/{len(rows)} specs build, vet and staticcheck clean with no initialism names")
    return 0 if ok == len(rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
