"""Pagination on public specs: which list operations page how, and SDKs that walk the pages
(issue 22).

Run:  nice -n 19 python bench/pagination.py [--specs DIR] [--md bench/results/pagination.md]

For each spec (stripe.yaml: cursors; github.json: `Link` headers; box.json: offset and
marker cursors; digitalocean.yaml: page numbers) the bench

1. counts the operations per scheme that generator/pagination.py detects in the whole spec;
2. keeps up to `--per-scheme` paginated GET operations of each scheme and the components they
   reach (a mechanical subset: the rest of a spec only adds unrelated models), generates the
   Python SDK (smoke test included);
3. serves a loopback mock (127.0.0.1) that answers each kept operation with bodies sampled from
   its response schema (generator/samples.py, the smoke test's sampler) in which the pagination
   fields are filled for a collection of 7 items, 3 to a page: the next cursor / the last
   item's id + `has_more` / offset + total / page + total_pages / a `next` URL / a `Link`
   header, each as the operation declares it;
4. iterates every kept method (`list(client.<resource>.<method>(...))`) and walks it page by
   page, and reports pages, items and requests per operation (expected: 3 pages, 7 items).
"""

from __future__ import annotations

import argparse
import importlib
import json
import re
import shutil
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

from generator import ir  # noqa: E402
from generator.pagination import Pagination  # noqa: E402
from generator.pipeline import (  # noqa: E402
    GenerateRequest,
    build_api,
    generate,
    load_document,
)
from generator.plan import plan_operation  # noqa: E402
from generator.python import package_view, safe_model_names  # noqa: E402
from generator.python.smoke import build_plan  # noqa: E402
from generator.samples import Sampler  # noqa: E402

SPECS = [
    ("stripe.yaml", "Stripe", "body cursors (`has_more` + `starting_after`; search `next_page`)"),
    ("github.json", "GitHub", "`Link` headers (`per_page`/`page`)"),
    ("box.json", "Box", "offset/limit (`total_count`) and `marker`/`next_marker` cursors"),
    ("digitalocean.yaml", "DigitalOcean", "page numbers (`page`/`per_page`)"),
]
TOTAL_ITEMS = 7
PAGE_SIZE = 3
_POS = "bench_pos"  # query parameter of the next URLs the mock hands out


@dataclass
class OpResult:
    op_id: str
    scheme: str
    call: str
    pages: int = 0
    items: int = 0
    requests: int = 0
    async_items: int = 0
    expected_pages: int = 3  # 4 when only an empty page ends the walk
    error: str = ""


@dataclass
class SpecResult:
    file: str
    name: str
    how: str
    operations: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    sources: dict[str, int] = field(default_factory=dict)
    kept: int = 0
    generate_s: float = 0.0
    ops: list[OpResult] = field(default_factory=list)
    error: str = ""


# --- the spec subset ------------------------------------------------------------------------


def _unescape(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def _refs(node: Any) -> Iterator[str]:
    stack = [node]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            ref = value.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/"):
                yield ref
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)


def _get(doc: Any, pointer: str) -> Any:
    node = doc
    for token in pointer.lstrip("#/").split("/"):
        node = node[_unescape(token)] if isinstance(node, dict) else None
        if node is None:
            return None
    return node


def subset(doc: dict[str, Any], keep: list[tuple[str, str]]) -> dict[str, Any]:
    """`doc` with only the (path, method) operations in `keep` and the components they reach."""
    out = {k: v for k, v in doc.items() if k not in ("paths", "components", "webhooks")}
    paths: dict[str, Any] = {}
    for path, method in keep:
        item = doc["paths"][path]
        kept = paths.setdefault(path, {k: v for k, v in item.items() if k == "parameters"})
        kept[method] = item[method]
    out["paths"] = paths
    components: dict[str, Any] = {}
    seen: set[str] = set()
    todo = list(_refs(paths))
    schemes = (doc.get("components") or {}).get("securitySchemes")
    while todo:
        ref = todo.pop()
        if ref in seen:
            continue
        seen.add(ref)
        parts = ref.lstrip("#/").split("/")
        if len(parts) < 3 or parts[0] != "components":
            continue
        target = _get(doc, "#/" + "/".join(parts[:3]))
        if target is None:
            continue
        components.setdefault(parts[1], {})[_unescape(parts[2])] = target
        todo.extend(_refs(target))
    if schemes:
        components["securitySchemes"] = schemes
    out["components"] = components
    return out


# --- the mock ---------------------------------------------------------------------------------


def _set(body: Any, path: tuple[str, ...], value: Any) -> None:
    for name in path[:-1]:
        if not isinstance(body, dict):
            return
        child = body.get(name)
        if not isinstance(child, dict):
            child = body[name] = {}
        body = child
    if isinstance(body, dict) and path:
        body[path[-1]] = value


def _nullable(api: ir.Api, t: ir.TypeExpr, path: tuple[str, ...]) -> bool:
    """True when the field at `path` of `t` admits null (the last page's "no next")."""
    schemas = {s.name: s for s in api.schemas}
    for name in path:
        while isinstance(t, ir.Nullable) or (
            isinstance(t, ir.Ref) and isinstance(schemas.get(t.name), ir.AliasModel)
        ):
            t = t.inner if isinstance(t, ir.Nullable) else schemas[t.name].target  # type: ignore[union-attr]
        model = schemas.get(t.name) if isinstance(t, ir.Ref) else None
        if not isinstance(model, ir.ObjectModel):
            return True
        found = next((f for f in model.fields if f.name == name), None)
        if found is None:
            return True
        t = found.type
    return isinstance(t, ir.Nullable) or not path


@dataclass
class MockOp:
    method: str
    regex: re.Pattern[str]
    plan: Pagination
    success: ir.TypeExpr
    path: str


class Mock:
    """Answers each kept operation with pages of a 7-item collection in the spec's shape."""

    def __init__(self, api: ir.Api, ops: list[MockOp]) -> None:
        self.api = api
        self.ops = ops
        self.sampler = Sampler({s.name: s for s in api.schemas})
        self.base = ""
        self.requests: list[str] = []

    def answer(self, method: str, path: str, query: str) -> tuple[int, dict[str, str], bytes]:
        self.requests.append(path)
        q = {k: v[0] for k, v in parse_qs(query, keep_blank_values=True).items()}
        for op in self.ops:
            if op.method == method and op.regex.match(path):
                return self._page(op, path, q)
        return 404, {"content-type": "application/json"}, b'{"message": "no such operation"}'

    def _page(self, op: MockOp, path: str, q: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        p = op.plan
        start = 0
        if p.scheme == "cursor" and q.get(p.param, "").startswith("c"):
            start = int(q[p.param][1:] or 0)
        elif p.scheme == "cursor_id" and q.get(p.param, "").startswith("id"):
            start = int(q[p.param][2:]) + 1
        elif p.scheme == "offset" and q.get(p.param, "").isdigit():
            start = int(q[p.param])
        elif p.scheme == "page" and q.get(p.param, "").lstrip("-").isdigit():
            start = (int(q[p.param]) - p.start) * PAGE_SIZE
        elif p.scheme in ("next_url", "link") and q.get(_POS, "").isdigit():
            start = int(q[_POS])
        end = min(start + PAGE_SIZE, TOTAL_ITEMS)
        items = [self._item(op, n) for n in range(start, end)]
        more = end < TOTAL_ITEMS
        body = self.sampler.sample(op.success)
        if p.items:
            _set(body, p.items, items)
        else:
            body = items
        headers = {"content-type": "application/json"}
        if p.has_more:
            _set(body, p.has_more, more)
        end_value = None if _nullable(self.api, op.success, p.next) else ""
        if p.scheme == "cursor":
            _set(body, p.next, f"c{end}" if more else end_value)
        if p.scheme == "offset" and p.total:
            _set(body, p.total, TOTAL_ITEMS)
        if p.scheme == "page" and p.total_pages:
            _set(body, p.total_pages, -(-TOTAL_ITEMS // PAGE_SIZE))
        next_url = f"{self.base}{path}?{urlencode({_POS: end})}"
        if p.scheme == "next_url":
            _set(body, p.next, next_url if more else end_value)
        if p.scheme == "link" and more:
            headers["link"] = f'<{next_url}>; rel="next", <{self.base}{path}>; rel="first"'
        return 200, headers, json.dumps(body).encode()

    def _item(self, op: MockOp, n: int) -> Any:
        item = self.sampler.sample(op.plan.item_type)
        if isinstance(item, dict):
            key = op.plan.item_cursor or "id"
            if op.plan.scheme == "cursor_id" or key in item:
                item[key] = f"id{n}" if op.plan.scheme == "cursor_id" else item[key]
        return item


@contextmanager
def serve(mock: Mock) -> Iterator[str]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            path, _, query = self.path.partition("?")
            status, headers, payload = mock.answer(self.command, path, query)
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("content-length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


# --- one spec -------------------------------------------------------------------------------


def _load(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".json":
        return json.loads(text)  # type: ignore[no-any-return]
    import yaml

    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # type: ignore[no-any-return]


def _import(root: Path, package: str) -> Any:
    for name in list(sys.modules):
        if name == package or name.startswith(package + "."):
            del sys.modules[name]
    sys.path.insert(0, str(root))
    try:
        return importlib.import_module(package)
    finally:
        sys.path.remove(str(root))


def run_spec(spec: Path, name: str, how: str, work: Path, per_scheme: int) -> SpecResult:
    result = SpecResult(spec.name, name, how)
    loaded = load_document([str(spec)])
    api = build_api(loaded.doc, loaded.diagnostics)
    chosen: dict[str, list[ir.Operation]] = {}
    for resource in api.resources:
        for op in resource.operations:
            result.operations += 1
            found = plan_operation(api, op).pagination
            if found is None:
                continue
            result.counts[found.scheme] = result.counts.get(found.scheme, 0) + 1
            result.sources[found.source] = result.sources.get(found.source, 0) + 1
            picks = chosen.setdefault(found.scheme, [])
            if op.http_method == "get" and len(picks) < per_scheme:
                picks.append(op)
    keep = []
    for ops in chosen.values():
        for op in ops:
            parts = op.pointer.split("/")  # /paths/<path>/<method>
            keep.append((_unescape(parts[2]), parts[3]))
    result.kept = len(keep)
    raw = _load(spec)
    small = subset(raw, keep)
    work.mkdir(parents=True, exist_ok=True)
    sub_file = work / f"{spec.stem}-pages.json"
    sub_file.write_text(json.dumps(small), encoding="utf-8")
    package = re.sub(r"\W", "", name.lower()) + "_pages"
    out = work / package
    shutil.rmtree(out, ignore_errors=True)  # a fresh SDK each run (no no-op regeneration)
    started = time.perf_counter()
    gen = generate(GenerateRequest(spec=str(sub_file), out_dir=out, name=name, package=package,
                                   force=True))  # fmt: skip
    result.generate_s = time.perf_counter() - started
    assert gen.api is not None and gen.options is not None
    gapi = gen.api
    view = package_view(gapi, gen.options)
    calls = build_plan(safe_model_names(gapi), view)["calls"]
    assert isinstance(calls, list)
    mock_ops: list[MockOp] = []
    targets = []
    ops_in_order = [op for r in gapi.resources for op in r.operations]
    for op, call in zip(ops_in_order, calls, strict=True):
        found = plan_operation(gapi, op).pagination
        if found is None or op.success is None or op.success.type is None:
            continue
        regex = re.compile(str(call["path_regex"]))
        mock_ops.append(MockOp("GET", regex, found, op.success.type, op.path))
        targets.append((op, found, call))
    pkg = _import(out, package)
    mock = Mock(gapi, mock_ops)
    with serve(mock) as base:
        mock.base = base
        creds = {a.ident: "bench-credential" for a in view.auth}
        with getattr(pkg, name)(base_url=base, max_retries=0, **creds) as client:
            for op, found, call in targets:
                r = OpResult(op.id, found.scheme, f"{call['resource']}.{call['method']}")
                empty_end = (found.scheme == "offset" and not found.total) or (
                    found.scheme == "page" and not found.total_pages
                )
                r.expected_pages = 4 if empty_end else 3
                args = dict(call["args"])
                args.pop(_ident(view, call, found.param), None)
                try:
                    method = getattr(getattr(client, call["resource"]), call["method"])
                    before = len(mock.requests)
                    items = list(method(*call["positional"], **args))
                    r.items = len(items)
                    first = method(*call["positional"], **args)
                    r.pages = sum(1 for _ in first.iter_pages())
                    r.requests = len(mock.requests) - before - r.pages
                except Exception as exc:
                    r.error = f"{type(exc).__name__}: {str(exc)[:200]}"
                result.ops.append(r)
        aclient = getattr(pkg, "Async" + name)(base_url=base, max_retries=0, **creds)
        result_async = _walk_async(aclient, targets, view)
        for r, n in zip(result.ops, result_async, strict=True):
            r.async_items = n
    return result


def _ident(view: Any, call: dict[str, Any], wire: str) -> str:
    for resource in view.resources:
        if resource.attr != call["resource"]:
            continue
        for m in resource.methods:
            if m.name == call["method"]:
                for a in m.query:
                    if json.loads(a.wire) == wire:
                        return str(a.ident)
    return ""


def _walk_async(client: Any, targets: list[Any], view: Any) -> list[int]:
    import asyncio

    async def main() -> list[int]:
        counts = []
        async with client:
            for _op, found, call in targets:
                args = dict(call["args"])
                args.pop(_ident(view, call, found.param), None)
                method = getattr(getattr(client, call["resource"]), call["method"])
                try:
                    counts.append(len([x async for x in method(*call["positional"], **args)]))
                except Exception:
                    counts.append(-1)
        return counts

    return asyncio.run(main())


# --- report ---------------------------------------------------------------------------------


def markdown(results: list[SpecResult], per_scheme: int) -> str:
    lines = [
        "# Pagination on public specs (issue 22)",
        "",
        "`nice -n 19 python bench/pagination.py` (generator/pagination.py detection on the whole "
        f"spec; SDK generated from up to {per_scheme} paginated GET operations per scheme and "
        "the components they reach; a loopback mock serves a 7-item collection, 3 items to a "
        "page, in each operation's declared shape: next cursor, last item id + `has_more`, "
        "offset + total, page + total_pages, `next` URL or `Link` header).",
        "",
        "## Operations per scheme (whole spec)",
        "",
        "| Spec | Paginates by | Operations | Paginated | cursor | cursor_id | offset | page "
        "| next_url | link |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    schemes = ("cursor", "cursor_id", "offset", "page", "next_url", "link")
    for r in results:
        counts = " | ".join(str(r.counts.get(s, 0)) for s in schemes)
        lines.append(f"| {r.file} | {r.how} | {r.operations} | {sum(r.counts.values())} "
                     f"| {counts} |")  # fmt: skip
    lines += ["", "## Walking the pages", ""]
    for r in results:
        lines += [f"### {r.file}", ""]
        if r.error:
            lines += [f"Not run: {r.error}", ""]
            continue
        ok = sum(
            1
            for o in r.ops
            if not o.error
            and o.pages == o.expected_pages
            and o.items == o.async_items == TOTAL_ITEMS
        )
        lines += [
            f"{r.kept} operations kept, SDK generated in {r.generate_s:.1f} s (smoke test "
            f"included); {ok}/{len(r.ops)} walked all {TOTAL_ITEMS} items, sync and async, in "
            "the pages expected (3; 4 where only an empty page ends the walk).",
            "",
            "| Operation | Method | Scheme | Pages (expected) | Items (sync) | Items (async) | "
            "Requests | Result |",
            "| --- | --- | --- | ---: | ---: | ---: | ---: | --- |",
        ]
        for o in r.ops:
            verdict = o.error.replace("|", "\\|") if o.error else "ok"
            pages = f"{o.pages} ({o.expected_pages})"
            lines.append(f"| `{o.op_id}` | `{o.call}` | {o.scheme} | {pages} | {o.items} "
                         f"| {o.async_items} | {o.requests} | {verdict} |")  # fmt: skip
        lines.append("")
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--specs", default="/work/shared/specs")
    parser.add_argument("--md", default=str(HERE / "results" / "pagination.md"))
    parser.add_argument("--work", default="/tmp/bench-pagination")
    parser.add_argument("--per-scheme", type=int, default=3)
    parser.add_argument("--only", default="", help="comma-separated spec file names")
    args = parser.parse_args()
    results = []
    for file, name, how in SPECS:
        if args.only and file not in args.only.split(","):
            continue
        spec = Path(args.specs) / file
        print(f"{file} ...", flush=True)
        if not spec.is_file():
            results.append(SpecResult(file, name, how, error="spec file missing"))
            continue
        try:
            r = run_spec(spec, name, how, Path(args.work) / name.lower(), args.per_scheme)
        except Exception as exc:
            r = SpecResult(file, name, how, error=f"{type(exc).__name__}: {str(exc)[:300]}")
        results.append(r)
        print(f"  {r.counts} {[(o.op_id, o.pages, o.items, o.error) for o in r.ops]}", flush=True)
    text = markdown(results, args.per_scheme)
    Path(args.md).write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
