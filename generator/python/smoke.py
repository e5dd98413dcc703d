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
from ..samples import Sampler
from ..target import SmokeFailure as TargetSmokeFailure
from .view import PackageView

RUNNER = Path(__file__).resolve().parent / "smoke_runner.py"
TIMEOUT_SECONDS = 600


class SmokeFailure(TargetSmokeFailure):
    """The generated package failed its smoke test."""


def build_plan(api: ir.Api, view: PackageView) -> dict[str, object]:
    """Calls and canned answers for every operation."""
    schemas = {s.name: s for s in api.schemas}
    sampler = Sampler(schemas)
    calls = []
    for resource, rview in zip(api.resources, view.resources, strict=True):
        for op, mview in zip(resource.operations, rview.methods, strict=True):
            args: dict[str, object] = {}
            positional: list[object] = []
            for param, arg in _param_args(op, mview):
                value = _upload(param) if _is_binary(param) else sampler.sample(param)
                if arg in {a.ident for a in mview.path_args}:
                    positional.append(value if value not in ("", None) else "x")
                else:
                    args[arg] = value
            success = op.success
            # Only a JSON body is parsed into a model; text is `str`, other media `bytes`.
            expect = _expectation(success, schemas, view) if mview.response_kind == "json" else ""
            body: object = None
            if success is not None and success.type is not None:
                body = sampler.sample(success.type)
            if mview.stream == "always" and mview.event_type is not None:
                body = sampler.sample(mview.event_type)  # one event (or line) of the stream
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
                    "body": body,
                    "media_type": (success.media_type if success else "") or "application/json",
                    "expect": expect,
                    "stream": mview.stream,
                    "lines": mview.stream_class == "JSONLStream",
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


def _param_args(op: ir.Operation, mview: object) -> list[tuple[ir.TypeExpr, str]]:
    from .view import MethodView

    assert isinstance(mview, MethodView)
    pairs: list[tuple[ir.TypeExpr, str]] = []
    for param, ident in zip(op.params, mview.param_idents, strict=True):
        if param.required:
            pairs.append((param.type, ident))
    if op.body is not None and mview.body_arg is None:
        for f in op.body.fields or ():
            field_ident = mview.field_idents.get(f.name)
            if f.required and field_ident is not None:
                pairs.append((f.type, field_ident))
    elif op.body is not None and op.body.required and mview.body_arg is not None:
        if mview.body_kind == "content":
            pairs.append((ir.Prim("string"), mview.body_arg.ident))
        else:
            pairs.append((op.body.type, mview.body_arg.ident))
    return pairs


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
