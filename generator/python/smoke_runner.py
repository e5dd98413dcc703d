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
import warnings
from typing import Any

import httpx


def main() -> int:
    root, plan_path = sys.argv[1], sys.argv[2]
    sys.path.insert(0, root)
    # Deprecated operations warn on every call; the warning is the point of them, not a failure.
    warnings.simplefilter("ignore", DeprecationWarning)
    with open(plan_path, encoding="utf-8") as f:
        plan = json.load(f)
    pkg = importlib.import_module(plan["package"])
    models = importlib.import_module(plan["package"] + ".models")
    client_cls = getattr(pkg, plan["client"])
    auth = {name: "smoke-credential" for name in plan["auth"]}
    # One mock transport and one client for the whole run: the handler answers for the call
    # in `mock.call` (constructing an httpx.Client per call cost more than the calls).
    mock = _Mock()
    http = httpx.Client(transport=httpx.MockTransport(mock.handle))
    client = client_cls(**auth, base_url="http://smoke.test", http_client=http, max_retries=0)
    failures = []
    try:
        for call in plan["calls"]:
            label = f"{call['resource']}.{call['method']}"
            try:
                target = client  # a nested resource: `accounts.external_accounts`
                for part in call["resource"].split("."):
                    target = getattr(target, part)
                method = getattr(target, call["method"])
                positional, args = _decode(call["positional"]), _decode(call["args"])
                _run(mock, call, method, positional, args, pkg, models, valid=True)
                if call["response_kind"] == "json" and call["stream"] != "always":
                    _run(mock, call, method, positional, args, pkg, models, valid=False)
            except Exception as exc:  # report every failing operation, not just the first
                failures.append(f"{label}: {type(exc).__name__}: {exc}")
    finally:
        client.close()
        http.close()
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


def _is_token_request(request: httpx.Request) -> bool:
    return request.method == "POST" and b"grant_type=client_credentials" in request.read()


class _Mock:
    """The transport's handler: checks method and path against the current call and answers
    with its canned body (or an invalid one)."""

    def __init__(self) -> None:
        self.call: dict[str, Any] = {}
        self.valid = True
        self.seen = 0

    def handle(self, request: httpx.Request) -> httpx.Response:
        call = self.call
        if _is_token_request(request) and (
            request.method != call["http_method"]
            or not re.match(call["path_regex"], request.url.path)
            or call.get("body_media") != "application/x-www-form-urlencoded"
        ):
            # An OAuth2 client-credentials token request the client makes before the call (the
            # call may be the token endpoint itself, with a JSON body of its own).
            return httpx.Response(200, json={"access_token": "smoke-token", "expires_in": 3600})
        self.seen += 1
        if request.method != call["http_method"]:
            return httpx.Response(599, text=f"method {request.method} != {call['http_method']}")
        # The raw path keeps a parameter's percent-encoded `/` in its segment; the decoded one
        # matches literal segments that the URL had to encode.
        raw = request.url.raw_path.decode("ascii").split("?", 1)[0]
        if not any(re.match(call["path_regex"], p) for p in (raw, request.url.path)):
            return httpx.Response(599, text=f"path {request.url.path} !~ {call['path_regex']}")
        sent = request.url.params.multi_items()
        for name, value in call.get("query", []):
            if (name, value) not in sent:
                return httpx.Response(599, text=f"query {name}={value} not in {request.url}")
        if not self.valid:
            return httpx.Response(
                200, content=b"not json{", headers={"content-type": "application/json"}
            )
        if call["stream"] == "always" and call.get("lines"):
            data = json.dumps(call["body"]) + "\n" + json.dumps(call["body"]) + "\n"
            return httpx.Response(
                200, content=data.encode(), headers={"content-type": call["media_type"]}
            )
        if call["stream"] == "always":
            # `[DONE]` ends every stream, whatever its own end signal (docs/design.md).
            data = "data: " + json.dumps(call["body"]) + "\n\ndata: [DONE]\n\n"
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


def _run(
    mock: _Mock,
    call: dict[str, Any],
    method: Any,
    positional: list[Any],
    args: dict[str, Any],
    pkg: Any,
    models: Any,
    *,
    valid: bool,
) -> None:
    mock.call, mock.valid, mock.seen = call, valid, 0
    if not valid:
        try:
            method(*positional, **args)
        except pkg.APIResponseValidationError:
            return
        raise AssertionError("an invalid body did not raise APIResponseValidationError")
    result = method(*positional, **args)
    if call["stream"] == "always":
        result = list(result)
    if call.get("page"):
        if not isinstance(result, pkg.SyncPage):
            raise AssertionError(f"result is {type(result).__name__}, not SyncPage")
        result = result._body
    if mock.seen != 1:
        raise AssertionError(f"expected 1 request, saw {mock.seen}")
    expect = call["expect"]
    if expect.startswith("models."):
        cls = getattr(models, expect[len("models.") :])
        if not isinstance(result, cls):
            raise AssertionError(f"result is {type(result).__name__}, not {cls.__name__}")
    elif expect == "list" and not isinstance(result, list):
        raise AssertionError(f"result is {type(result).__name__}, not a list")


if __name__ == "__main__":
    sys.exit(main())
