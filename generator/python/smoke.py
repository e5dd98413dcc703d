"""The smoke test: import the staged package and call every operation against a mock.

The plan (what to call, what to answer, what to expect) is computed here from the IR; a small
standalone script (`smoke_runner.py`) executes it in a fresh interpreter, so a broken package
can never take the generator down with it.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from .. import ir
from ..plan import split_path_key
from ..samples import MISSING, Sampler
from ..spec_values import SpecValues, body_schema, param_schema
from ..target import SmokeFailure as TargetSmokeFailure
from .view import PackageView

RUNNER = Path(__file__).resolve().parent / "smoke_runner.py"
TIMEOUT_SECONDS = 600


class SmokeFailure(TargetSmokeFailure):
    """The generated package failed its smoke test."""


def build_plan(
    api: ir.Api,
    view: PackageView,
    *,
    doc: dict[str, object] | None = None,
    all_args: bool = False,
) -> dict[str, object]:
    """Calls and canned answers for every operation.

    With `doc` (the spec document the IR was built from), argument values come from its raw
    schemas (`spec_values`: patterns, formats, bounds, oneOf...), so a validating server accepts
    them; `all_args` also passes every optional parameter and body field.
    """
    schemas = {s.name: s for s in api.schemas}
    sampler = Sampler(schemas)
    full_sampler = Sampler(schemas, all_fields=True)
    spec = SpecArgs(doc, all_args) if doc is not None else None
    calls = []
    for resource, rview in zip(api.resources, view.resources, strict=True):
        for op, mview in zip(resource.operations, rview.methods, strict=True):
            args: dict[str, object] = {}
            path_values: dict[str, object] = {}
            path_idents = {a.ident for a in mview.path_args}
            conflicts = len(spec.values.conflicts) if spec is not None else 0
            body = spec.body(op) if spec is not None else MISSING
            for t, arg, source in _param_args(op, mview, all_args, body):
                value = _upload(t) if _is_binary(t) else MISSING
                if value is MISSING and spec is not None:
                    value = spec.value(op, source, body)
                if value is MISSING:
                    value = (full_sampler if all_args else sampler).sample(t)
                if arg in path_idents:
                    path_values[arg] = value if value not in ("", None) else "x"
                else:
                    args[arg] = value
            # Path arguments are positional in the order the path names them (not the order
            # the operation declares its parameters in).
            positional = [path_values[a.ident] for a in mview.path_args if a.ident in path_values]
            # A schema no value satisfies (oneOf branches that overlap, enum values of another
            # type): a validating server may refuse the call for that reason.
            met = spec.values.conflicts[conflicts:] if spec is not None else []
            args_note = "; ".join(sorted(set(met)))
            success = op.success
            # Only a JSON body is parsed into a model; text is `str`, other media `bytes`.
            expect = _expectation(success, schemas, view) if mview.response_kind == "json" else ""
            answer: object = None
            if success is not None and success.type is not None:
                answer = sampler.sample(success.type)
            if mview.stream == "always" and mview.event_type is not None:
                answer = sampler.sample(mview.event_type)  # one event (or line) of the stream
            # A `?query` in the path key is part of the URL: the path is matched without it and
            # its pairs must be in the request's query.
            path, fixed_query = split_path_key(op.path)
            path_regex = "^" + re.sub(r"\\\{[^}]*\\\}", "[^/]+", re.escape(path)) + "$"
            calls.append(
                {
                    "resource": rview.attr,
                    "method": mview.name,
                    "args": args,
                    "positional": positional,
                    "http_method": op.http_method.upper(),
                    "path_regex": path_regex,
                    "query": [list(pair) for pair in fixed_query],
                    "status": int(success.status) if success and success.status.isdigit() else 200,
                    "response_kind": mview.response_kind,
                    "body": answer,
                    "media_type": (success.media_type if success else "") or "application/json",
                    "expect": expect,
                    "stream": mview.stream,
                    "lines": mview.stream_class == "JSONLStream",
                    "body_media": op.body.media_type if op.body is not None else "",
                    **({"note": args_note} if args_note else {}),
                    "page": mview.page is not None,  # returns the first page: check its body
                }
            )
    return {
        "package": view.options.package,
        "client": view.options.name,
        "auth": [a.ident for a in view.auth],
        "calls": calls,
    }


def _is_binary(t: ir.TypeExpr) -> bool:
    t = t.inner if isinstance(t, ir.Nullable) else t
    if isinstance(t, ir.ArrayOf):
        return _is_binary(t.items)
    return isinstance(t, ir.Prim) and t.kind == "binary"


def _upload(t: ir.TypeExpr) -> object:
    """A file argument, marked so the runner passes bytes (JSON cannot carry them)."""
    t = t.inner if isinstance(t, ir.Nullable) else t
    if isinstance(t, ir.ArrayOf):
        return [_upload(t.items)]
    return {"__bytes__": "smoke file content"}


# Headers the client sets itself: a value set by hand would change the exchange.
PROTOCOL_HEADERS = frozenset({"accept", "content-type", "content-length", "authorization"})

Source = tuple[str, object]  # ("param", Param), ("field", Field), ("body", None)


def _param_args(
    op: ir.Operation, mview: object, all_args: bool = False, body: object = MISSING
) -> list[tuple[ir.TypeExpr, str, Source]]:
    """(type, argument, what it is) for each argument the call passes: the required ones, or
    with `all_args` every one (protocol headers and read-only fields left out). A body field
    is passed when the spec-valid `body` value has it (required at the schema level)."""
    from .view import MethodView

    assert isinstance(mview, MethodView)
    path_idents = {a.ident for a in mview.path_args}
    pairs: list[tuple[ir.TypeExpr, str, Source]] = []
    for param, ident in zip(op.params, mview.param_idents, strict=True):
        optional_ok = all_args and param.name.lower() not in PROTOCOL_HEADERS
        if param.required or ident in path_idents or optional_ok:
            pairs.append((param.type, ident, ("param", param)))
    if op.body is not None and mview.body_arg is None:
        for f in op.body.fields or ():
            field_ident = mview.field_idents.get(f.name)
            if field_ident is None:
                continue
            in_body = isinstance(body, dict) and f.name in body
            if f.required or in_body or (all_args and not f.read_only and body is MISSING):
                pairs.append((f.type, field_ident, ("field", f)))
    elif op.body is not None and mview.body_arg is not None:
        if op.body.required or all_args:
            if mview.body_kind == "content":
                pairs.append((ir.Prim("string"), mview.body_arg.ident, ("content", None)))
            else:
                pairs.append((op.body.type, mview.body_arg.ident, ("body", None)))
    return pairs


class SpecArgs:
    """Argument values from the spec's raw schemas (`generator.spec_values`)."""

    def __init__(self, doc: dict[str, object], all_args: bool) -> None:
        self.values = SpecValues(doc, all_fields=all_args)

    def body(self, op: ir.Operation) -> object:
        """A spec-valid value of the whole request body, or MISSING."""
        if op.body is None or not op.pointer:
            return MISSING
        schema = body_schema(self.values, op.pointer, op.body.media_type)
        if schema is None:
            return MISSING
        return self.values.value(schema, "body")

    def value(self, op: ir.Operation, source: Source, body: object) -> object:
        """The value for one argument, or MISSING when the spec has no schema for it."""
        kind, item = source
        if kind == "content":
            return "content"
        if kind == "body":
            return body
        if kind == "field" and isinstance(item, ir.Field):
            return body[item.name] if isinstance(body, dict) and item.name in body else MISSING
        if kind == "param" and isinstance(item, ir.Param) and op.pointer:
            schema = param_schema(self.values, op.pointer, item.name, item.location)
            if schema is not None:
                return self.values.param_value(schema, item.name)
        return MISSING


def _expectation(
    success: ir.Response | None, schemas: dict[str, ir.Schema], view: PackageView
) -> str:
    if success is None or success.type is None:
        return ""
    t = success.type
    if isinstance(t, ir.Ref) and isinstance(schemas.get(t.name), ir.ObjectModel):
        return "models." + t.name
    if isinstance(t, ir.ArrayOf):
        return "list"
    return ""


def run_smoke(staged: Path, plan: dict[str, object]) -> None:
    """Run the plan against the package in `staged`; SmokeFailure on any problem."""
    with tempfile.TemporaryDirectory(prefix="sdkforge-smoke-") as tmp:
        plan_file = Path(tmp) / "plan.json"
        plan_file.write_text(json.dumps(plan), encoding="utf-8")
        env = {k: v for k, v in os.environ.items() if not k.endswith(("_API_KEY", "_BASE_URL"))}
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        env.pop("PYTHONPATH", None)
        try:
            result = subprocess.run(
                [sys.executable, "-I", str(RUNNER), str(staged.resolve()), str(plan_file)],
                capture_output=True,
                text=True,
                timeout=TIMEOUT_SECONDS,
                env=env,
                cwd=tmp,
            )
        except subprocess.TimeoutExpired as exc:
            raise SmokeFailure(f"smoke test timed out after {TIMEOUT_SECONDS} s") from exc
    if result.returncode != 0:
        raise SmokeFailure(f"smoke test failed:\n{_summary(result.stdout + result.stderr)}")


def _summary(output: str) -> str:
    """The runner's report without Python tracebacks (no traceback reaches the user unless
    --debug): traceback headers and frames are dropped, the exception lines kept."""
    lines = []
    for line in output.strip().splitlines():
        if line.startswith("Traceback (most recent call last)") or line.startswith(" "):
            continue
        lines.append(line)
    return "\n".join(lines)[-4000:]
