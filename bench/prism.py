"""Prism as an independent judge of the generated SDKs (issue 14).

For each spec (default: every spec in ../shared/specs), `gen normalize` output is served by
`prism mock` on 127.0.0.1 (a mock server that validates each request against the spec and answers
with a response generated from it), the SDK is generated, and every operation is called through
the SDK twice: required arguments only (the smoke test's own plan, `generator.python.smoke.
build_plan`), then every argument (the same sampler with optional parameters and body fields).

A call fails when Prism rejects the request (a 4xx answer such as 422, 404 or 401 from Prism's
validator, or an `sl-violations` header), when the SDK rejects Prism's response, or when the SDK
raises anything else. Specs Prism cannot serve are listed with Prism's error.

    python bench/prism.py [--only NAME ...] [--out bench/results/prism.md] [--dynamic]

Writes `prism.md` and `prism.jsonl` (one row per spec, failures included). Not part of CI except
for the few fast specs in tests/test_prism_bench.py.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SPECS = ROOT.parent / "shared" / "specs"
RESULTS = ROOT / "bench" / "results"
START_TIMEOUT = 180.0  # seconds for Prism to load a spec, plus START_PER_MB per MB of it
START_PER_MB = 150.0  # Prism takes minutes to load a multi-megabyte spec on a shared machine
START_CAP = 1500.0
RUN_TIMEOUT = 900.0  # seconds for all calls of one spec
KINDS = ("ok", "rejected", "response", "error", "status", "bad example", "prism limit",
         "spec conflict", "prism error")  # fmt: skip
FAILURES = ("rejected", "response", "error")  # the SDK's fault; the other kinds are not judged


def prism_bin() -> str | None:
    """The Prism executable: PRISM_BIN, the CI install, or the PATH."""
    for candidate in (
        os.environ.get("PRISM_BIN", ""),
        str(ROOT / ".ci-node" / "node_modules" / ".bin" / "prism"),
        "/work/node/node_modules/.bin/prism",
        shutil.which("prism") or "",
    ):
        if candidate and Path(candidate).is_file():
            return candidate
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# --- plans ------------------------------------------------------------------------------------


def make_plans(api: Any, view: Any, doc: Any = None) -> tuple[dict[str, Any], dict[str, Any]]:
    """(required-only plan, all-arguments plan) for every operation of the SDK; with `doc` (the
    served document) the argument values come from its raw schemas, as Prism validates them."""
    from generator.python.smoke import build_plan

    return build_plan(api, view, doc=doc), build_plan(api, view, doc=doc, all_args=True)


def served_document(spec: Path) -> tuple[dict[str, Any], list[str]]:
    """The document Prism serves: `gen normalize`'s output with every `$ref` local.

    A 3.1 `$ref` naming a schema by its `$id` (or `$id#anchor`) becomes the JSON pointer of that
    schema (the export drops `$id`, and Prism reads such a ref as a file path); a `$ref` to
    another file or URL (in an `x-` extension, say) becomes `{}` so Prism opens no file. Returns
    the document and the pointers of the refs emptied.
    """
    from generator.normalize_cmd import export_openapi30
    from generator.pipeline import load_document

    doc = load_document([str(spec)]).doc
    ids: dict[str, str] = {}
    dropped: list[str] = []
    for pointer, node in _walk(doc):
        if isinstance(node, dict) and isinstance(node.get("$anchor"), str):
            ids["#" + node["$anchor"]] = pointer
        if isinstance(node, dict) and isinstance(node.get("$id"), str):
            ident = node["$id"]
            ids[ident] = pointer
            for inner, sub in _walk(node):  # anchors under this `$id`: `id#anchor`
                if isinstance(sub, dict) and isinstance(sub.get("$anchor"), str):
                    ids[f"{ident}#{sub['$anchor']}"] = pointer + inner
    for pointer, node in list(_walk(doc)):
        ref = node.get("$ref") if isinstance(node, dict) else None
        if not isinstance(ref, str) or ref.startswith("#/") or ref == "#":
            continue
        base, _, fragment = ref.partition("#")
        if ref in ids:
            node["$ref"] = "#" + ids[ref]
        elif base in ids and fragment.startswith("/"):  # `id#/json/pointer`
            node["$ref"] = "#" + ids[base] + fragment
        else:
            node.clear()
            dropped.append(f"{pointer} ({ref})")
    return export_openapi30(doc), dropped


def split_query_paths(doc: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """(document without `?query` path keys, document of only those, or None).

    A path key may carry a query string (`/v1/files?beta=true`, OpenAPI keeps it as part of
    the URL); Prism matches the request path against the whole key and finds no route. The
    second document serves those operations under the bare path, each fixed pair a required
    query parameter with that one value, so Prism checks the SDK sends it; it is a second
    Prism, as a spec may declare `/v1/files` too."""
    from urllib.parse import parse_qsl

    paths = doc.get("paths") or {}
    with_query = {k: v for k, v in paths.items() if "?" in str(k)}
    if not with_query:
        return doc, None
    main = {**doc, "paths": {k: v for k, v in paths.items() if k not in with_query}}
    served: dict[str, Any] = {}
    for key, item in with_query.items():
        base, _, query = str(key).partition("?")
        if base in served or not isinstance(item, dict):
            continue  # two keys on one path: the second stays unserved (its calls 404)
        fixed = [
            {"name": name, "in": "query", "required": True,
             "schema": {"type": "string", "enum": [value]}}
            for name, value in parse_qsl(query, keep_blank_values=True)
        ]  # fmt: skip
        item = json.loads(json.dumps(item))
        for method, op in item.items():
            if isinstance(op, dict) and method != "parameters":
                op["parameters"] = [*(op.get("parameters") or []), *fixed]
        served[base] = item
    return main, {**doc, "paths": served}


def _walk(doc: Any) -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    stack: list[tuple[str, Any]] = [("", doc)]
    while stack:
        pointer, node = stack.pop()
        out.append((pointer, node))
        if isinstance(node, dict):
            for key, value in node.items():
                escaped = str(key).replace("~", "~0").replace("/", "~1")
                stack.append((f"{pointer}/{escaped}", value))
        elif isinstance(node, list):
            stack.extend((f"{pointer}/{i}", v) for i, v in enumerate(node))
    return out


# --- the runner (a fresh interpreter per spec, so a broken SDK cannot take the bench down) -----

RUNNER = r"""
import importlib, json, sys, warnings
import httpx
root, plan_file, url = sys.argv[1], sys.argv[2], sys.argv[3]
query_url = sys.argv[4] if len(sys.argv) > 4 else url  # the Prism serving `?query` path keys
sys.path.insert(0, root)
warnings.simplefilter("ignore", DeprecationWarning)
plans = json.load(open(plan_file, encoding="utf-8"))
pkg = importlib.import_module(plans["required"]["package"])
client_cls = getattr(pkg, plans["required"]["client"])
last = {}

def hook(response):
    last["violations"] = response.headers.get("sl-violations", "")
    last["status"] = response.status_code

def decode(v):
    if isinstance(v, dict):
        if set(v) == {"__bytes__"}:
            return v["__bytes__"].encode()
        return {k: decode(x) for k, x in v.items()}
    if isinstance(v, list):
        return [decode(x) for x in v]
    return v

def located(where):
    try:
        items = json.loads(last.get("violations") or "[]")
    except ValueError:
        return bool(last.get("violations"))
    return any(isinstance(v, dict) and (v.get("location") or [""])[0] == where for v in items)

def request_violations():
    return located("request")

def response_violations():
    return located("response")

http = httpx.Client(event_hooks={"response": [hook]}, timeout=30)
auth = {name: "bench-credential" for name in plans["required"]["auth"]}
client = client_cls(**auth, base_url=url, http_client=http, max_retries=0)
query_client = client_cls(**auth, base_url=query_url, http_client=http, max_retries=0)
for mode in ("required", "all"):
    for call in plans[mode]["calls"]:
        last.clear()
        label = call["resource"] + "." + call["method"]
        row = {"mode": mode, "call": label, "http": call["http_method"] + " " + call["path_regex"],
               "media_type": call.get("media_type", ""), "body_media": call.get("body_media", "")}
        if call.get("note"):
            row["note"] = call["note"]
        try:
            resource = query_client if call.get("query") else client
            for part in call["resource"].split("."):  # a nested resource: `store.inventory`
                resource = getattr(resource, part)
            method = getattr(resource, call["method"])
            result = method(*decode(call["positional"]), **decode(call["args"]))
            if call.get("stream") == "always" or hasattr(result, "__next__"):
                for _ in result:
                    pass
            row["outcome"] = "rejected" if request_violations() else "ok"
        except pkg.APIStatusError as exc:
            body = exc.body if isinstance(exc.body, (dict, str)) else repr(exc.body)
            prism_said = isinstance(body, dict) and str(body.get("type", "")).startswith(
                "https://stoplight.io/prism/errors")
            rejected = prism_said or request_violations()
            row.update(outcome="rejected" if rejected else "status", status=exc.status_code,
                       body=body)
        except pkg.APIResponseValidationError as exc:
            # Prism flags a response of its own that breaks the schema (a spec example that
            # lies): not the SDK's fault, counted apart.
            own = response_violations()
            row.update(outcome="bad example" if own else "response", error=str(exc)[:400])
        except Exception as exc:
            row.update(outcome="error", error=(type(exc).__name__ + ": " + str(exc))[:400])
        if last.get("violations"):
            row["violations"] = last["violations"][:4000]
        print(json.dumps(row), flush=True)
client.close()
query_client.close()
"""


# --- one spec ---------------------------------------------------------------------------------


def run_spec(spec: Path, work: Path, prism: str, dynamic: bool) -> dict[str, Any]:
    """Serve `spec` with Prism, generate its SDK, run both plans; one summary row."""
    from generator.diagnostics import GenerationError
    from generator.normalize_cmd import dump
    from generator.pipeline import GenerateRequest, build_files

    row: dict[str, Any] = {"spec": spec.name}
    start = time.perf_counter()
    package = "prism_bench_sdk"
    try:
        normalized = work / "spec.json"
        served, dropped = served_document(spec)
        main_doc, query_doc = split_query_paths(served)
        normalized.write_text(dump(main_doc, "json"))
        if query_doc is not None:
            (work / "query-spec.json").write_text(dump(query_doc, "json"))
        if dropped:
            row["refs_emptied"] = dropped[:20]
        request = GenerateRequest(spec=str(spec), out_dir=work / "sdk", name="Bench",
                                  package=package, smoke=False)  # fmt: skip
        result = build_files(request)
    except GenerationError as exc:
        first = exc.diagnostics.errors[:1] or exc.diagnostics.warnings[:1]
        row.update(status="not generated", error=first[0].format() if first else "?")
        return row
    for rel, text in result.files.items():
        target = work / "sdk" / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    from generator.python import package_view, safe_model_names

    assert result.api is not None and result.options is not None
    api = safe_model_names(result.api)  # the Python target's names, as its smoke plan uses
    required, full = make_plans(api, package_view(result.api, result.options), served)
    plan_file = work / "plans.json"
    plan_file.write_text(json.dumps({"required": required, "all": full}), encoding="utf-8")
    row["operations"] = len(required["calls"])
    servers = [_start(prism, normalized, work / "prism.log", dynamic)]
    query_spec = work / "query-spec.json"
    if query_spec.is_file():  # `?query` path keys: their own Prism (see split_query_paths)
        servers.append(_start(prism, query_spec, work / "prism-query.log", dynamic,
                              avoid=servers[0][1]))  # fmt: skip
    try:
        for proc, _port, log, spec_file in servers:
            if not _wait_listening(proc, log, start_timeout(spec_file)):
                lines = [ln.strip() for ln in log.read_text(errors="replace").splitlines()]
                said = [ln for ln in lines if "✖" in ln]  # Prism's own fatal line
                tail = said or [ln for ln in lines if ln][-3:]
                row.update(status="prism cannot serve", error=" / ".join(tail)[:500])
                return row
        row["prism_start_s"] = round(time.perf_counter() - start, 1)
        urls = [f"http://127.0.0.1:{port}" for _proc, port, _log, _spec in servers]
        calls = _run_calls(work / "sdk", plan_file, *urls)
    finally:
        for proc, *_rest in servers:
            _stop(proc)
    row["status"] = "served"
    row["seconds"] = round(time.perf_counter() - start, 1)
    row["failures"] = [c for c in calls if c.get("outcome") != "ok"]
    row["calls"] = len(calls)
    count_kinds(row)
    row["dynamic"] = dynamic
    return row


def _start(
    prism: str, spec_file: Path, log: Path, dynamic: bool, avoid: int = 0
) -> tuple[subprocess.Popen[bytes], int, Path, Path]:
    """`prism mock` serving `spec_file` on a free loopback port: (process, port, log, spec)."""
    port = _free_port()
    while port == avoid:
        port = _free_port()
    cmd = [prism, "mock", "-h", "127.0.0.1", "-p", str(port), str(spec_file)]
    if dynamic:
        cmd += ["--dynamic", "--seed", "1"]
    with log.open("w") as sink:
        proc = subprocess.Popen(cmd, stdout=sink, stderr=subprocess.STDOUT, cwd=log.parent,
                                start_new_session=True)  # fmt: skip
    return proc, port, log, spec_file


def classify(call: dict[str, Any]) -> str:
    """The kind of a call the runner did not find ok, from what it recorded."""
    outcome = call["outcome"]
    violations = str(call.get("violations") or "")
    on_request = '"location":["request"' in violations
    on_response = '"location":["response"' in violations
    status = call.get("status")
    body = call.get("body")
    said = body if isinstance(body, dict) else {}
    from_prism = str(said.get("type", "")).startswith("https://stoplight.io/prism/errors")
    if outcome in ("rejected", "status"):
        if (
            isinstance(status, int)
            and status >= 500
            and (from_prism or "Error" in str(said.get("title", "")))
        ):
            return "prism error"  # Prism itself failed (e.g. a stack overflow on a cycle)
        if status is None and not from_prism and not _errors(call):
            return "ok"  # only warnings on the request (a deprecated parameter): served
        if on_request or from_prism:
            return _rejected_kind(call)
        return "ok" if status is None else "status"  # only Prism's own response was flagged
    if outcome in ("response", "bad example"):
        return "bad example" if on_response else "response"
    if outcome == "error" and re.search(r"\((ConnectError|ReadError)\)", str(call.get("error"))):
        return "prism error"  # Prism died mid-run (refused, or closed while answering)
    if outcome == "error" and "RemoteProtocolError" in str(call.get("error", "")):
        # Not valid HTTP from Prism: e.g. a transport header the spec declares, mocked from its
        # schema (`Transfer-Encoding: <random words>` beside a Content-Length): stoplightio/
        # prism#2787 (open; the fix, stoplightio/prism#2788, also drops Transfer-Encoding).
        return "prism error"
    return str(outcome)


# Prism's own limits, by construct, each with its evidence: a rejected call that matches one is
# counted apart as "prism limit" (listed in the report, never as ok).
PRISM_LIMITS: tuple[tuple[str, str], ...] = (
    (
        "406 for an `Accept: application/json` request when the spec's response media type "
        "is a wildcard (`*/*`): Prism's negotiator does not match a concrete type against a "
        "declared wildcard",
        "stoplightio/prism#288 (the intended rule: a 406 only when the response has no `*/*`)",
    ),
    (
        '"must be array" for an array property of a form body (`application/x-www-form-'
        "urlencoded`, `multipart/form-data`) sent as repeated keys (`style: form, explode: "
        "true`, OpenAPI's default): Prism keeps only the last value of a repeated key",
        "stoplightio/prism#2473, open; the fix, stoplightio/prism#2654, is not merged",
    ),
    (
        '"must be object" (or "must be array") for an object property of a `multipart/form-'
        "data` body sent as a JSON part (`Content-Type: application/json`, OpenAPI's default "
        "for an object property): Prism keeps every part as text and decodes a field only when "
        "the `encoding` object gives it a `style`",
        "prism-http `parseMultipartFormDataParams` (`result[name] = data.toString()`) and "
        "`deserializeFormBody`; no upstream issue found, the nearest is stoplightio/prism#2380 "
        "(arrays of objects in form bodies)",
    ),
    (
        '"must have required property" for a form body (url-encoded or multipart) whose '
        "schema requires a property it does not list in `properties` (valid JSON Schema; the "
        "SDK sends the field): Prism's form deserializer keeps only the listed properties",
        "prism-http `deserializeFormBody` (`for (property of Object.keys(schema.properties))`); "
        "no upstream issue found",
    ),
)

FORM_MEDIA = ("application/x-www-form-urlencoded", "multipart/form-data")
MULTIPART = "multipart/form-data"


def _errors(call: dict[str, Any]) -> list[dict[str, Any]]:
    """Prism's request violations of a call (from the header, else from its 422 answer)."""
    items: Any = []
    try:
        items = json.loads(call.get("violations") or "[]")
    except ValueError:
        items = []
    body = call.get("body")
    if not items and isinstance(body, dict) and isinstance(body.get("validation"), list):
        items = body["validation"]
    out = []
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict) or item.get("severity", "Error") != "Error":
            continue
        where = [str(w) for w in item.get("location") or []]
        if where and where[0] == "response":
            continue
        out.append({**item, "location": where[1:] if where[:1] == ["request"] else where})
    return out


def _rejected_kind(call: dict[str, Any]) -> str:
    """ "rejected", or the kind of a rejection that is not the SDK's (see PRISM_LIMITS)."""
    if call.get("status") == 406 and "*" in str(call.get("media_type", "")):
        return "prism limit"
    errors = _errors(call)
    media = str(call.get("body_media", ""))
    types = bool(errors) and all(e.get("code") == "type" for e in errors)
    if types and media in FORM_MEDIA and all(len(e["location"]) == 1 for e in errors):
        # The whole form body has the wrong type: a form is a set of named fields, which Prism
        # reads as an object; a schema that is not one (a file, an array) admits no form.
        return "spec conflict"
    if media in FORM_MEDIA and errors and all(len(e["location"]) > 1 for e in errors):
        # A property Prism read as text (a repeated key, a JSON part): its "must be array" (or
        # "must be object") error, and the errors of the same property that follow from it
        # (`anyOf` with null, `enum: [null]`), are the Prism limits below.
        shapes = ("must be array", "must be object") if media == MULTIPART else ("must be array",)
        misread = {
            tuple(e["location"])
            for e in errors
            if e.get("code") == "type" and str(e.get("message", "")).endswith(shapes)
        }
        if misread and all(tuple(e["location"]) in misread for e in errors):
            return "prism limit"
    note, code = str(call.get("note", "")), cause(call).rsplit(" ", 1)[-1]
    if media in FORM_MEDIA and code == "required" and "not among properties" in note:
        return "prism limit"
    if (
        (code == "oneOf" and "oneOf" in note)
        or (code == "enum" and "enum" in note)
        or (code in ("required", "additionalProperties") and "additionalProperties" in note)
    ):
        return "spec conflict"  # the sampler met a schema no value satisfies
    if errors and all(
        e["location"][:1] == ["query"] and str(e.get("message", "")).endswith("must be object")
        for e in errors
    ):
        return "spec conflict"  # objects in a query array: OpenAPI defines no serialization
    return "rejected"


def cause(call: dict[str, Any]) -> str:
    """What Prism refused, as `where code` (`body oneOf`, `path pattern`) or the HTTP status."""
    for item in _errors(call):
        where = item["location"]
        return f"{where[0] if where else '?'} {item.get('code', '?')}"
    return f"http {call.get('status', '?')}"


def count_kinds(row: dict[str, Any]) -> None:
    """Per mode, the number of calls of each kind (every call not in `failures` is ok)."""
    broken = any(c.get("call") == "(import)" for c in row["failures"])
    for mode in ("required", "all"):
        kinds = [classify(c) for c in row["failures"] if c.get("mode") == mode]
        counts = {k: kinds.count(k) for k in KINDS}
        counts["ok"] += row["operations"] - len(kinds)
        if broken:  # the SDK did not import: no call ran, every one is an error
            counts = {k: 0 for k in KINDS} | {"error": row["operations"]}
        row[mode] = counts


def start_timeout(spec_file: Path) -> float:
    """Seconds to wait for Prism to serve `spec_file` (grows with its size)."""
    megabytes = spec_file.stat().st_size / 1e6
    return min(START_CAP, START_TIMEOUT + START_PER_MB * megabytes)


def _wait_listening(proc: subprocess.Popen[bytes], log: Path, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if "is listening" in log.read_text(errors="replace"):
            return True
        if proc.poll() is not None:
            return False
        time.sleep(0.3)
    log.open("a").write(f"\n(bench) prism did not start within {timeout:.0f} s\n")
    return False


def _run_calls(root: Path, plan_file: Path, *urls: str) -> list[dict[str, Any]]:
    env = {k: v for k, v in os.environ.items() if not k.endswith(("_API_KEY", "_BASE_URL"))}
    env.pop("PYTHONPATH", None)
    try:
        proc = subprocess.run([sys.executable, "-c", RUNNER, str(root), str(plan_file), *urls],
                              capture_output=True, text=True, timeout=RUN_TIMEOUT,
                              env=env)  # fmt: skip
        out, err = proc.stdout, proc.stderr
    except subprocess.TimeoutExpired as exc:
        out = exc.stdout.decode() if isinstance(exc.stdout, bytes) else (exc.stdout or "")
        err = f"calls timed out after {RUN_TIMEOUT:.0f} s"
    rows = [json.loads(ln) for ln in out.splitlines() if ln.startswith("{")]
    if not rows and err.strip():
        last = err.strip().splitlines()[-1]
        rows = [{"mode": "required", "call": "(import)", "outcome": "error", "error": last}]
    return rows


def _stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


# --- report -----------------------------------------------------------------------------------


def render(
    rows: list[dict[str, Any]],
    dynamic: bool,
    where: str = "../shared/specs",
    notes: Path = RESULTS / "prism-notes.md",
) -> str:
    out = ["# Prism as the judge (issue 14)", ""]
    out.append(
        f"Every operation of each spec in `{where}`, called through the generated SDK "
        "against `prism mock` (Prism 5, " + ("dynamic responses generated from the schema, "
        "seed 1" if dynamic else "static responses: the spec's examples, else generated from "
        "the schema") + "), twice: required arguments only (the smoke test's plan), then every "
        "argument. Made by `bench/prism.py`; rows in `prism.jsonl`."
    )  # fmt: skip
    out += [
        "",
        "Kinds: **rejected** = Prism refused the request (a Prism error answer such as "
        "422 validation, 404 no route, 401 security, 406/415 media type, or a request "
        "`sl-violations` header): a failure; **response** = the SDK rejected a response "
        "Prism found valid: a failure; **error** = the SDK raised anything else: a failure; "
        "**status** = a non-2xx answer the spec itself declares (e.g. an operation whose "
        "only response is 303): not judged; **bad example** = the SDK rejected a response "
        "Prism itself flags as breaking the schema (a spec example that lies): not judged.",
    ]
    served = [r for r in rows if r.get("status") == "served"]
    for r in served:
        count_kinds(r)  # rows of an earlier run are judged by today's rule
    totals = {m: {k: sum(r[m].get(k, 0) for r in served) for k in KINDS}
              for m in ("required", "all")}  # fmt: skip
    calls = sum(totals[m][k] for m in totals for k in KINDS)
    failed = sum(totals[m][k] for m in totals for k in FAILURES)
    out += ["", f"- {len(served)} of {len(rows)} specs served by Prism; {calls} calls; "
            f"requests rejected by Prism: {totals['required']['rejected']} (required args) + "
            f"{totals['all']['rejected']} (all args); responses the SDK rejected: "
            f"{totals['required']['response'] + totals['all']['response']}; other SDK errors: "
            f"{totals['required']['error'] + totals['all']['error']}; failures in all: "
            f"{failed}", ""]  # fmt: skip
    heads = " / ".join(KINDS)
    out.append(f"| spec | ops | required: {heads} | all args: {heads} | s |")
    out.append("|---|---:|---|---|---:|")
    for r in served:
        req = " / ".join(str(r["required"].get(k, 0)) for k in KINDS)
        full = " / ".join(str(r["all"].get(k, 0)) for k in KINDS)
        out.append(f"| {r['spec']} | {r['operations']} | {req} | {full} | {r['seconds']} |")
    out += ["", "## Refused requests by cause", "",
            "Every request Prism refused, grouped by what it refused (`where code`, from "
            "Prism's violations) and kind; **prism limit** and **spec conflict** are counted "
            "apart from **rejected** (the SDK's or the sampler's fault) and explained below.", "",
            "| kind | cause | calls | example |", "|---|---|---:|---|"]  # fmt: skip
    groups: dict[tuple[str, str], list[str]] = {}
    for r in served:
        for f in r["failures"]:
            kind = classify(f)
            if kind in ("rejected", "prism limit", "spec conflict"):
                groups.setdefault((kind, cause(f)), []).append(f"{r['spec']} `{f['call']}`")
    for (kind, why), where in sorted(groups.items(), key=lambda g: (g[0][0], -len(g[1]))):
        out.append(f"| {kind} | {why} | {len(where)} | {_cell(where[0])} |")
    if not groups:
        out.append("| - | none | 0 | |")
    out += ["", "Prism limits counted apart:", ""]
    out += [f"- {what} ({evidence})" for what, evidence in PRISM_LIMITS]
    out += ["- spec conflict (not Prism's limit, the spec's): a `oneOf` whose branches overlap "
            "so that no value the sampler made (required fields, all fields, each branch in "
            "turn, the discriminator's tag set) matches exactly one branch, as JSON Schema's "
            "`oneOf` demands; or an `enum` whose values do not have the schema's `type` "
            "(`type: string, enum: [1, 2]`); or a `required` property that "
            "`additionalProperties: false` forbids (it is not among `properties`), or "
            "`additionalProperties: false` beside a `oneOf` each of whose branches requires a "
            "property the object's own `properties` do not list (JSON Schema applies it to "
            "the object, so it forbids that property): no value "
            "satisfies these; or objects as items of a query parameter's array, for which "
            "OpenAPI defines no serialization (`style: form` covers primitives); or a form "
            "body (`multipart/form-data`, url-encoded) whose schema is not an object (one "
            "binary string, an array): a form is named fields, read as an object, so no form "
            "is valid. Prism is right to refuse."]  # fmt: skip
    skipped = [r for r in rows if r.get("status") != "served"]
    if skipped:
        out += ["", "## Specs not run", "", "| spec | why | error |", "|---|---|---|"]
        for r in skipped:
            out.append(f"| {r['spec']} | {r['status']} | {_cell(str(r.get('error', '')))} |")
    out += ["", "## Failures (up to 3 examples per spec and kind)", ""]
    for r in served:
        seen: dict[str, int] = {}
        for f in r["failures"]:
            key = classify(f)
            if key not in (*FAILURES, "prism limit", "spec conflict"):
                continue
            seen[key] = seen.get(key, 0) + 1
            if seen[key] > 3:
                continue
            detail = f.get("violations") or f.get("error") or json.dumps(f.get("body"))[:300]
            out.append(f"- {r['spec']} `{f['call']}` ({f['mode']}, {key}"
                       f"{', ' + str(f['status']) if 'status' in f else ''}): "
                       f"{_cell(str(detail))[:300]}")  # fmt: skip
    if notes.is_file():  # the hand-written reading of these figures
        out += ["", notes.read_text().strip()]
    out.append("")
    return "\n".join(out)


def _notes(out: Path) -> Path:
    """The hand-written reading of a report: `prism-notes.md` beside `prism.md`."""
    return RESULTS / f"{out.stem}-notes.md"


def _where(specs: Path) -> str:
    return "../shared/specs" if specs.resolve() == SPECS.resolve() else str(specs)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", nargs="*", help="spec file names (default: all)")
    parser.add_argument("--specs", type=Path, default=SPECS)
    parser.add_argument("--dynamic", action="store_true", help="Prism's dynamic responses")
    parser.add_argument("--out", type=Path, default=RESULTS / "prism.md")
    parser.add_argument("--report-only", action="store_true", help="re-render from the jsonl")
    args = parser.parse_args(argv)
    if args.report_only:
        lines = args.out.with_suffix(".jsonl").read_text().splitlines()
        rows = [json.loads(ln) for ln in lines if ln.strip()]
        done = {r["spec"] for r in rows}
        for spec in sorted(p for p in args.specs.iterdir() if p.suffix in (".json", ".yaml")):
            if spec.name not in done and (not args.only or spec.name in args.only):
                rows.append({"spec": spec.name, "status": "not reached",
                             "error": "the run was stopped before this spec"})  # fmt: skip
        args.out.write_text(
            render(rows, any(r.get("dynamic") for r in rows), _where(args.specs), _notes(args.out))
        )
        return 0
    # A stopped run still stops its Prism (the `finally` in run_spec).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    prism = prism_bin()
    if prism is None:
        print("Prism not found: set PRISM_BIN", file=sys.stderr)
        return 2
    specs = sorted(p for p in args.specs.iterdir() if p.suffix in (".json", ".yaml", ".yml"))
    if args.only:
        specs = [p for p in specs if p.name in args.only or p.stem in args.only]
    rows = []
    jsonl = args.out.with_suffix(".jsonl")
    jsonl.parent.mkdir(parents=True, exist_ok=True)
    with jsonl.open("w") as sink:
        for spec in specs:
            with tempfile.TemporaryDirectory(prefix="prism-bench-") as tmp:
                try:
                    row = run_spec(spec, Path(tmp), prism, args.dynamic)
                except Exception as exc:  # the bench's own bug: keep the other specs
                    row = {"spec": spec.name, "status": "bench error", "error": repr(exc)}
            rows.append(row)
            sink.write(json.dumps(row, sort_keys=True) + "\n")
            sink.flush()
            print(f"{spec.name}: {row.get('status')} {row.get('required', '')} "
                  f"{row.get('all', '')}", file=sys.stderr)  # fmt: skip
    args.out.write_text(render(rows, args.dynamic, _where(args.specs), _notes(args.out)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
