"""Standalone smoke-test runner: `python smoke_runner.py PACKAGE_ROOT PLAN.json`.

Imports the generated package from PACKAGE_ROOT and calls every operation in the plan against
an httpx.MockTransport that checks method and path and answers with a synthesized valid body;
then checks an invalid body raises APIResponseValidationError. Uses no generator code.
"""

from __future__ import annotations

import importlib
import json
import re
import sys
from typing import Any

import httpx


def main() -> int:
    root, plan_path = sys.argv[1], sys.argv[2]
    sys.path.insert(0, root)
    with open(plan_path, encoding="utf-8") as f:
        plan = json.load(f)
    pkg = importlib.import_module(plan["package"])
    models = importlib.import_module(plan["package"] + ".models")
    client_cls = getattr(pkg, plan["client"])
    auth = {name: "smoke-credential" for name in plan["auth"]}
    failures = []
    for call in plan["calls"]:
        label = f"{call['resource']}.{call['method']}"
        try:
            _run(call, client_cls, auth, pkg, models, valid=True)
            if call["response_kind"] == "json" and call["stream"] != "always":
                _run(call, client_cls, auth, pkg, models, valid=False)
        except Exception as exc:  # report every failing operation, not just the first
            failures.append(f"{label}: {type(exc).__name__}: {exc}")
    for line in failures:
        print(line)
    print(f"smoke: {len(plan['calls']) - len(failures)} passed, {len(failures)} failed")
    return 1 if failures else 0


def _decode(value: Any) -> Any:
    """Plan values marked `{"__bytes__": text}` become bytes (file uploads)."""
    if isinstance(value, dict):
        if set(value) == {"__bytes__"}:
            return value["__bytes__"].encode()
        return {k: _decode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_decode(v) for v in value]
    return value


def _run(
    call: dict[str, Any],
    client_cls: Any,
    auth: dict[str, str],
    pkg: Any,
    models: Any,
    *,
    valid: bool,
) -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.method != call["http_method"]:
            return httpx.Response(599, text=f"method {request.method} != {call['http_method']}")
        if not re.match(call["path_regex"], request.url.path):
            return httpx.Response(599, text=f"path {request.url.path} !~ {call['path_regex']}")
        if not valid:
            return httpx.Response(
                200, content=b"not json{", headers={"content-type": "application/json"}
            )
        if call["stream"] == "always":
            data = "data: " + json.dumps(call["body"]) + "\n\n"
            return httpx.Response(
                200, content=data.encode(), headers={"content-type": "text/event-stream"}
            )
        if call["response_kind"] == "json":
            return httpx.Response(call["status"], json=call["body"])
        if call["response_kind"] == "none":
            return httpx.Response(call["status"])
        return httpx.Response(
            call["status"], content=b"smoke", headers={"content-type": call["media_type"]}
        )

    http = httpx.Client(transport=httpx.MockTransport(handler))
    client = client_cls(**auth, base_url="http://smoke.test", http_client=http, max_retries=0)
    method = getattr(getattr(client, call["resource"]), call["method"])
    call = {**call, "args": _decode(call["args"]), "positional": _decode(call["positional"])}
    try:
        if not valid:
            try:
                method(*call["positional"], **call["args"])
            except pkg.APIResponseValidationError:
                return
            raise AssertionError("an invalid body did not raise APIResponseValidationError")
        result = method(*call["positional"], **call["args"])
        if call["stream"] == "always":
            result = list(result)
        if len(seen) != 1:
            raise AssertionError(f"expected 1 request, saw {len(seen)}")
        expect = call["expect"]
        if expect.startswith("models."):
            cls = getattr(models, expect[len("models.") :])
            if not isinstance(result, cls):
                raise AssertionError(f"result is {type(result).__name__}, not {cls.__name__}")
        elif expect == "list" and not isinstance(result, list):
            raise AssertionError(f"result is {type(result).__name__}, not a list")
    finally:
        client.close()
        http.close()


if __name__ == "__main__":
    sys.exit(main())
