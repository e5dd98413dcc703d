"""Helpers of the docs tests: generate an SDK with its docs, pull snippets and links out of the
Markdown, and run every snippet against a loopback server that answers with valid data."""

from __future__ import annotations

import functools
import json
import os
import re
import subprocess
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from sdk_helpers import Recorded, Reply, json_reply, serve

from generator import ir
from generator.pipeline import GenerateRequest, GenerateResult, build_files, generate
from generator.python import package_view
from generator.python.docs import render_docs
from generator.python.view import PackageView
from generator.samples import Sampler

ROOT = Path(__file__).resolve().parent.parent
SPECS = ROOT / "specs"

SEEDS = {
    "openrouter": (
        SPECS / "openrouter-completions.yaml",
        "OpenRouter",
        "https://openrouter.ai/api/v1",
    ),
    "interactive": (SPECS / "interactive-completions.json", "Interactive", ""),
}

SNIPPET_TIMEOUT = 60


@dataclass
class DocsSDK:
    """A generated SDK with its docs on disk."""

    root: Path
    api: ir.Api
    view: PackageView
    docs: dict[str, str]  # relative path -> Markdown


def generate_with_docs(spec: Path, name: str, base_url: str, out: Path) -> DocsSDK:
    """Generate through the normal pipeline (smoke test included), then write the docs.

    Until emit.py calls render_docs itself, the docs are written here; once it does, the files
    the pipeline wrote must equal a fresh render (determinism).
    """
    request = GenerateRequest(spec=str(spec), out_dir=out, name=name, base_url=base_url)
    result: GenerateResult = generate(request)
    assert result.api is not None
    assert result.options is not None
    view: PackageView = package_view(result.api, result.options)
    docs = render_docs(result.api, view)
    for rel, text in docs.items():
        target = out / rel
        if rel in result.files:
            assert result.files[rel] == text, f"{rel} differs from a fresh render"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return DocsSDK(out, result.api, view, docs)


@functools.lru_cache(maxsize=8)
def render_only(
    spec: Path, name: str, base_url: str = ""
) -> tuple[ir.Api, PackageView, dict[str, str]]:
    """Docs for a spec without writing or smoke-testing the package."""
    result = build_files(
        GenerateRequest(spec=str(spec), out_dir=Path("unused"), name=name, base_url=base_url)
    )
    assert result.api is not None
    assert result.options is not None
    view: PackageView = package_view(result.api, result.options)
    return result.api, view, render_docs(result.api, view)


# --- Markdown -------------------------------------------------------------------------------

_FENCE = re.compile(r"^(`{3,}|~{3,})(.*)$")
_MARKER = re.compile(r"^<!-- request: (\S+) (\S+)( stream)?(?: pages)? -->$")  # pages: a page walk


@dataclass
class Block:
    """A fenced code block."""

    lang: str
    code: str
    marker: tuple[str, str, bool] | None  # (method, path template, stream) from the comment above
    line: int


def code_blocks(text: str) -> list[Block]:
    """Every fenced code block, with the request marker of the line before it."""
    blocks: list[Block] = []
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        m = _FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        fence, lang = m.group(1), m.group(2).strip()
        start = i
        i += 1
        body = []
        while i < len(lines) and lines[i].strip() != fence:
            body.append(lines[i])
            i += 1
        assert i < len(lines), f"unclosed code fence at line {start + 1}"
        prev = lines[start - 1] if start else ""
        mm = _MARKER.match(prev)
        marker = (mm.group(1), mm.group(2), bool(mm.group(3))) if mm else None
        blocks.append(Block(lang, "\n".join(body) + "\n", marker, start + 1))
        i += 1
    return blocks


def prose_lines(text: str) -> list[str]:
    """The lines outside fenced code blocks."""
    out = []
    fence = ""
    for line in text.split("\n"):
        m = _FENCE.match(line)
        if fence:
            if line.strip() == fence:
                fence = ""
            continue
        if m:
            fence = m.group(1)
            continue
        out.append(line)
    return out


def gh_slug(heading: str) -> str:
    """GitHub's anchor for a heading's source text (formatting characters dropped)."""
    text = re.sub(r"\\(.)", r"\1", heading)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return "".join(
        ch for ch in text.strip().lower() if ch in " -_" or unicodedata.category(ch)[0] in "LN"
    ).replace(" ", "-")


def anchors(text: str) -> set[str]:
    """Every heading anchor of a page, with GitHub's -1, -2 suffixes for repeats."""
    seen: dict[str, int] = {}
    out = set()
    for line in prose_lines(text):
        m = re.match(r"^(#{1,6})\s+(.*?)\s*#*\s*$", line)
        if not m:
            continue
        base = gh_slug(m.group(2))
        n = seen.get(base, 0)
        seen[base] = n + 1
        out.add(base if n == 0 else f"{base}-{n}")
    return out


def links(text: str) -> list[str]:
    """Targets of inline links outside code blocks."""
    found = []
    for line in prose_lines(text):
        # Skip code spans so `x[y](z)` in code is not taken for a link.
        line = re.sub(r"`[^`]*`", "", line)
        found += re.findall(r"(?<!\\)\]\(([^)\s]+)\)", line)
    return found


def table_rows(text: str) -> list[list[str]]:
    """Tables as lists of rows (each a list of cell counts' worth of cells)."""
    tables: list[list[str]] = []
    current: list[str] = []
    for line in [*prose_lines(text), ""]:
        if line.startswith("|"):
            current.append(line)
        elif current:
            tables.append(current)
            current = []
    return tables


def cell_count(row: str) -> int:
    """Cells of a GFM table row: pipes not escaped by a backslash split cells."""
    stripped = row.strip()
    pipes = 0
    i = 0
    while i < len(stripped):
        if stripped[i] == "\\":
            i += 2
            continue
        if stripped[i] == "|":
            pipes += 1
        i += 1
    return pipes - 1


# --- running snippets -----------------------------------------------------------------------


def _path_regex(template: str) -> str:
    return "^" + re.sub(r"\\\{[^}]*\\\}", "[^/]+", re.escape(template)) + "$"


def answer_for(api: ir.Api) -> callable:  # type: ignore[valid-type]
    """A request handler that answers every operation of `api` with valid data."""
    schemas = {s.name: s for s in api.schemas}
    sampler = Sampler(schemas)
    ops = [op for r in api.resources for op in r.operations]

    def handle(rec: Recorded, path: str) -> Reply:
        for op in ops:
            if op.http_method.upper() != rec.method or not re.match(_path_regex(op.path), path):
                continue
            body: object = None
            if rec.body:
                try:
                    body = json.loads(rec.body)
                except ValueError:
                    body = None
            wants_stream = op.streaming is not None and (
                op.streaming.always or (isinstance(body, dict) and body.get("stream") is True)
            )
            if wants_stream:
                assert op.streaming is not None
                chunk = json.dumps(sampler.sample(op.streaming.event_type))
                events = f"data: {chunk}\n\n" * 2
                if op.streaming.sentinel:
                    events += f"data: {op.streaming.sentinel}\n\n"
                return 200, {"content-type": "text/event-stream"}, events.encode()
            success = op.success
            status = int(success.status) if success and success.status.isdigit() else 200
            if success is None or success.type is None:
                if success is not None and success.media_type:
                    return status, {"content-type": success.media_type}, b"ok"
                return 204 if status == 204 else status, {}, b""
            return json_reply(status, sampler.sample(success.type))
        return json_reply(404, {"error": f"no operation for {rec.method} {path}"})

    return handle


@dataclass
class SnippetResult:
    """What running one snippet did."""

    block: Block
    page: str
    returncode: int
    output: str
    requests: list[tuple[str, str, bytes]]  # (method, path, body)


# Runs every snippet in one interpreter (imports are paid once), each as `__main__` with its
# own environment, output and exception capture.
_RUNNER = """
import contextlib, io, json, os, sys, traceback
jobs = json.load(open(sys.argv[1], encoding="utf-8"))
results = []
for job in jobs:
    os.environ.update(job["env"])
    buf = io.StringIO()
    ok = True
    try:
        with contextlib.redirect_stdout(buf), contextlib.redirect_stderr(buf):
            exec(compile(job["code"], job["name"], "exec"), {"__name__": "__main__"})
    except BaseException:  # SystemExit too: a snippet must run to its end
        ok = False
        buf.write(traceback.format_exc())
    results.append({"ok": ok, "output": buf.getvalue()})
json.dump(results, open(sys.argv[2], "w", encoding="utf-8"))
"""


def run_snippets(sdk: DocsSDK, blocks: list[tuple[str, Block]], tmp: Path) -> list[SnippetResult]:
    """Run each (page, block) as a program against one loopback server.

    Each program gets its own base URL prefix (`/s<i>`), so the server can tell which program
    sent which request.
    """
    handle = answer_for(sdk.api)
    seen: dict[int, list[tuple[str, str, bytes]]] = {i: [] for i in range(len(blocks))}

    def handler(rec: Recorded) -> Reply:
        m = re.match(r"^/s(\d+)(/.*)?$", rec.path)
        if not m:
            return json_reply(404, {"error": "unknown prefix"})
        path = m.group(2) or "/"
        seen[int(m.group(1))].append((rec.method, path, rec.body))
        return handle(rec, path)

    env = {k: v for k, v in os.environ.items() if not k.startswith(sdk.view.env_prefix)}
    env["PYTHONPATH"] = str(sdk.root)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    jobs_file, results_file = tmp / "jobs.json", tmp / "results.json"
    with serve(handler) as server:
        jobs = []
        for i, (page, block) in enumerate(blocks):
            job_env = {f"{sdk.view.env_prefix}BASE_URL": f"{server.url}/s{i}"}
            for auth in sdk.view.auth:
                job_env[auth.env] = f"docs-test-{auth.ident}"
            jobs.append({"name": f"{page}:{block.line}", "code": block.code, "env": job_env})
        jobs_file.write_text(json.dumps(jobs), encoding="utf-8")
        proc = subprocess.run(
            [sys.executable, "-c", _RUNNER, str(jobs_file), str(results_file)],
            capture_output=True,
            text=True,
            env=env,
            timeout=SNIPPET_TIMEOUT,
            cwd=tmp,
        )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    raw = json.loads(results_file.read_text(encoding="utf-8"))
    return [
        SnippetResult(block, page, 0 if r["ok"] else 1, r["output"], seen[i])
        for i, ((page, block), r) in enumerate(zip(blocks, raw, strict=True))
    ]
