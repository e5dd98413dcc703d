"""An independent check of what our SDKs send: Prism validates every request against the spec.

`gen normalize` of each seed spec is served by Prism (`@stoplight/prism-cli`, a mock server that
validates requests and generates responses from the schema); the generated seed SDK calls it with
every prompt form, every response_format variant and explicit nulls. A request Prism finds
invalid (a 4xx answer, an `sl-violations` header, a validator error in its log) or a response our
models reject fails the test.

Prism comes from npm: `.ci/run` installs it into `.ci-node/`; `PRISM_BIN` may point elsewhere.
Without Node or Prism the test is skipped, except under CI (the CI variable set), where it fails.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sdk_helpers import ROOT, SEEDS, generate_seed, import_package

from generator.normalize_cmd import dump, normalized_document

START_TIMEOUT = 120  # seconds; Prism starts in ~3 s, much slower on a loaded CI machine

PROMPTS: list[Any] = ["Say this is a test", ["a", "b"], [1.0, 2.5], [[1.0, 2.0], [3.0]]]
RESPONSE_FORMATS: list[Any] = [
    {"type": "text"},
    {"type": "json_object"},
    {"type": "json_schema", "json_schema": {"name": "answer", "schema": {"type": "object"}}},
    {"type": "json_schema", "json_schema": {"name": "answer", "strict": None}},
    {"type": "grammar", "grammar": "root ::= 'yes' | 'no'"},
    {"type": "python"},
    None,
]
NULLS: list[dict[str, Any]] = [
    {"suffix": None},
    {"stop": None, "stream_options": None, "metadata": None, "logit_bias": None},
    {"max_tokens": None, "temperature": None, "top_p": None, "seed": None, "n": None},
    {"suffix": "end", "stop": ["\n"], "max_tokens": 16, "temperature": 0.5, "user": "u1"},
    {"stop": "\n", "logit_bias": {"50256": -100.0}, "metadata": {"k": "v"}, "echo": True},
    {"model": "openai/gpt-4o", "models": ["a", "b"], "stream_options": {"include_usage": None}},
]


def _prism() -> str:
    """The prism executable, or skip (fail under CI) with the reason."""
    candidates = [
        os.environ.get("PRISM_BIN", ""),
        str(ROOT / ".ci-node" / "node_modules" / ".bin" / "prism"),
        shutil.which("prism") or "",
    ]
    found = next((c for c in candidates if c and Path(c).is_file()), None)
    problem = ""
    if shutil.which("node") is None:
        problem = "Node.js is not installed"
    elif found is None:
        problem = (
            "Prism is not installed: npm install --prefix .ci-node @stoplight/prism-cli@5 "
            "(or set PRISM_BIN)"
        )
    if problem:
        if os.environ.get("CI"):
            pytest.fail(f"{problem}; CI must run the Prism check")
        pytest.skip(problem)
    assert found is not None
    return found


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PrismServer:
    """A running `prism mock` and its log."""

    def __init__(self, url: str, log: Path) -> None:
        self.url = url
        self.log = log

    def violations(self) -> list[str]:
        """Validator complaints Prism logged (about requests or its own responses)."""
        lines = self.log.read_text(errors="replace").splitlines()
        return [
            line
            for line in lines
            if ("VALIDATOR" in line and "✖" in line) or "violation" in line.lower()
        ]


@pytest.fixture(scope="module", params=sorted(SEEDS))
def served(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, PrismServer, Any]]:
    """(seed key, Prism serving its normalized spec, the seed SDK's package)."""
    prism = _prism()
    key = request.param
    spec, _name, _base = SEEDS[key]
    tmp = tmp_path_factory.mktemp(f"prism-{key}")
    normalized = tmp / "spec.json"
    normalized.write_text(dump(normalized_document([str(spec)]).doc, "json"))
    generate_seed(key, tmp / "sdk", smoke=False)
    package = import_package(tmp / "sdk", key)
    port = _free_port()
    log = tmp / "prism.log"
    with log.open("w") as sink:
        proc = subprocess.Popen(
            [prism, "mock", "-h", "127.0.0.1", "-p", str(port), str(normalized)],
            stdout=sink,
            stderr=subprocess.STDOUT,
            cwd=tmp,
        )
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while "is listening" not in log.read_text(errors="replace"):
            if proc.poll() is not None:
                pytest.fail(f"prism exited with {proc.returncode}:\n{log.read_text()}")
            if time.monotonic() > deadline:
                pytest.fail(f"prism did not start in {START_TIMEOUT} s:\n{log.read_text()}")
            time.sleep(0.2)
        yield key, PrismServer(f"http://127.0.0.1:{port}", log), package
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _combinations() -> list[dict[str, Any]]:
    calls = [{"prompt": p} for p in PROMPTS]
    calls += [{"prompt": "x", "response_format": rf} for rf in RESPONSE_FORMATS]
    calls += [{"prompt": PROMPTS[i % len(PROMPTS)], **extra} for i, extra in enumerate(NULLS)]
    return calls


def test_prism_accepts_every_request_and_we_accept_every_response(
    served: tuple[str, PrismServer, Any],
) -> None:
    key, server, package = served
    client_cls = getattr(package, SEEDS[key][1])
    flagged: list[str] = []

    def on_response(response: httpx.Response) -> None:
        violations = response.headers.get("sl-violations")
        if violations:
            flagged.append(f"{response.request.content!r}: {violations}")

    http = httpx.Client(event_hooks={"response": [on_response]}, timeout=60)
    failures = []
    with client_cls(
        api_key="test-key", base_url=server.url, http_client=http, max_retries=0
    ) as client:
        for kwargs in _combinations():
            try:
                result = client.completions.create(**kwargs)
            except package.APIStatusError as exc:
                failures.append(
                    f"{kwargs}: Prism refused the request: {exc.status_code} {exc.body}"
                )
                continue
            except package.APIResponseValidationError as exc:
                failures.append(f"{kwargs}: our models reject Prism's response: {exc}")
                continue
            assert isinstance(result, package.models.CompletionResponse)
    http.close()
    assert not failures, "\n".join(failures)
    assert not flagged, "\n".join(flagged)
    assert not server.violations(), "\n".join(server.violations())


def test_prism_does_refuse_an_invalid_request(served: tuple[str, PrismServer, Any]) -> None:
    """The check above means something: Prism validates requests against this spec."""
    _key, server, _package = served
    response = httpx.post(
        server.url + "/completions",
        json={"prompt": 5, "best_of": "many"},
        headers={"authorization": "Bearer test-key"},
        timeout=60,
    )
    assert response.status_code in (400, 422), response.text
