"""The Go target on the two seed specs: gofmt-clean modules that pass `go vet` and `go build`,
docs examples that compile, and an end-to-end Go test against a loopback HTTP server."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from go_support import (
    SPECS,
    generate_module,
    load_api,
    rename_operation,
    require_go,
    require_staticcheck,
    run_go,
)

from generator.go import GoSmokeFailure, go_env, smoke_go

SEEDS = {
    "openrouter": ("openrouter-completions.yaml", "OpenRouter", "https://openrouter.ai/api/v1"),
    "interactive": ("interactive-completions.json", "Interactive", ""),
}
TESTDATA = Path(__file__).resolve().parent / "testdata"


@pytest.fixture(scope="module")
def openrouter(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The OpenRouter module, with `create` renamed to `generate` as in the commercial docs."""
    require_go()
    out = tmp_path_factory.mktemp("go") / "openrouter"
    spec = SPECS / SEEDS["openrouter"][0]
    api, _ = load_api(spec)
    api = rename_operation(api, "completions", "create", "generate")
    generate_module(
        spec,
        out,
        name="OpenRouter",
        module="github.com/acme/openrouter-go",
        base_url="https://openrouter.ai/api/v1",
        api=api,
    )
    return out


@pytest.mark.parametrize("key", sorted(SEEDS))
def test_seed_module_is_gofmt_clean_and_builds(key: str, tmp_path: Path) -> None:
    require_go()
    spec, name, base_url = SEEDS[key]
    files = generate_module(
        SPECS / spec, tmp_path, name=name, module=f"example.com/{key}-go", base_url=base_url
    )
    assert files["go.mod"].startswith(f"module example.com/{key}-go\n\ngo 1.19\n")
    unformatted = run_go(["fmt", "./..."], tmp_path)  # go fmt prints the files it changed
    assert unformatted.returncode == 0, unformatted.stderr
    assert unformatted.stdout.strip() == "", f"not gofmt-clean: {unformatted.stdout}"
    # The README example and every operation's docs example compile too.
    example = tmp_path / "examples" / "readme" / "main.go"
    example.parent.mkdir(parents=True)
    example.write_text(_code_block(files["README.md"]), encoding="utf-8")
    smoke_go(tmp_path)


# staticcheck checks the generated code does not follow, with the reason (bench/go_corpus.py
# and bench/results/go_corpus.md use the same list).
STATICCHECK_CHECKS = "all"


@pytest.mark.parametrize("key", sorted(SEEDS))
def test_seed_module_is_staticcheck_clean(key: str, tmp_path: Path) -> None:
    """`staticcheck -checks all` finds nothing: no unused runtime helper, a package comment of
    the form "Package x ...", no use of a deprecated identifier, and the rest."""
    binary = require_staticcheck()
    spec, name, base_url = SEEDS[key]
    generate_module(
        SPECS / spec, tmp_path, name=name, module=f"example.com/{key}-go", base_url=base_url
    )
    proc = subprocess.run(
        [binary, "-checks", STATICCHECK_CHECKS, "./..."],
        cwd=tmp_path,
        env=go_env(),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert proc.returncode == 0 and not proc.stdout.strip(), proc.stdout + proc.stderr


def _code_block(markdown: str) -> str:
    start = markdown.index("```go\n") + len("```go\n")
    return markdown[start : markdown.index("```", start)]


def test_seed_docs_shape(openrouter: Path) -> None:
    page = (openrouter / "docs" / "sdks" / "completions" / "README.md").read_text()
    headings = ("## Generate", "### Example Usage", "### Parameters", "### Response", "### Errors")
    for heading in headings:
        assert heading in page
    assert "s.Completions.Generate(ctx, components.CompletionCreateParams{" in page
    assert "components.CreatePromptStr(" in page  # seed 000: CreatePromptArrayOfStr
    assert "| apierrors.BadRequestError | 400 |" in page
    assert (openrouter / "docs" / "models" / "components" / "completioncreateparams.md").is_file()


# What the end-to-end program adds to the seed: one operation with `format: date-time` and
# `format: date` in the query, the body and the response (the seed has no dates).
EVENT = {
    "type": "object",
    "required": ["at", "day"],
    "properties": {
        "at": {"type": "string", "format": "date-time"},
        "day": {"type": "string", "format": "date"},
        "ends": {"type": ["string", "null"], "format": "date-time"},
    },
}
EVENT_REF = {"$ref": "#/components/schemas/Event"}
EVENTS_PATH = {
    "post": {
        "operationId": "createEvent",
        "tags": ["events"],
        "parameters": [
            {"name": "since", "in": "query", "schema": {"type": "string", "format": "date-time"}},
            {"name": "day", "in": "query", "schema": {"type": "string", "format": "date"}},
        ],
        "requestBody": {"required": True, "content": {"application/json": {"schema": EVENT_REF}}},
        "responses": {
            "200": {"description": "ok", "content": {"application/json": {"schema": EVENT_REF}}}
        },
    }
}
# Every test function of the end-to-end program (each must pass).
E2E_TESTS = (
    "TestRequestAndResponse",
    "TestUnionsDecode",
    "TestErrorStatus",
    "TestRetriedServiceUnavailable",
    "TestRetryAfterHonouredAndTooLong",
    "TestContextCancelStopsRetries",
    "TestConnectionError",
    "TestStreamThousandEvents",
    "TestStreamTruncatedAndErrorEvent",
    "TestNonStreamMethodRefusesStreamFlag",
    "TestResponseMetadataAndDefaultHeader",
    "TestTimeoutIsDeadlineExceeded",
    "TestRetryConfigZeroFieldsMeanDefaults",
    "TestMissingRequiredFieldIsAValidationError",
    "TestDateTimeAndDateRoundTrip",
)


def test_openrouter_end_to_end(tmp_path: Path) -> None:
    """Request shape, parsed response, typed errors, retries, a 1,000-event stream, union
    tags set by constructors, response metadata (`WithResponseInto`), `WithDefaultHeader`,
    timeouts as `context.DeadlineExceeded`, RetryConfig defaults and `Disabled`, required-field
    validation before sending, and time.Time / components.Date round trips; under -race."""
    require_go()
    doc = yaml.safe_load((SPECS / SEEDS["openrouter"][0]).read_text(encoding="utf-8"))
    doc["paths"]["/events"] = EVENTS_PATH
    doc["components"]["schemas"]["Event"] = EVENT
    spec = tmp_path / "openrouter-events.yaml"
    spec.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    api, _ = load_api(spec)
    work = tmp_path / "module"
    generate_module(
        spec,
        work,
        name="OpenRouter",
        module="github.com/acme/openrouter-go",
        base_url="https://openrouter.ai/api/v1",
        api=rename_operation(api, "completions", "create", "generate"),
    )
    shutil.copy(TESTDATA / "openrouter_e2e_test.go.txt", work / "e2e_test.go")
    race = ["-race"] if _race_supported() else []
    proc = run_go(["test", "-count=1", "-v", *race, "."], work, timeout=600)
    assert proc.returncode == 0, proc.stdout[-6000:] + proc.stderr[-3000:]
    assert "DATA RACE" not in proc.stdout + proc.stderr
    ran = re.findall(r"^--- (PASS|FAIL|SKIP): (Test\w+)", proc.stdout, re.M)
    assert {name for verdict, name in ran if verdict == "PASS"} == set(E2E_TESTS), proc.stdout
    assert len(ran) == len(E2E_TESTS)


def _race_supported() -> bool:
    """`go test -race` needs cgo and a C compiler; CI (CI=true) must have them."""
    if os.environ.get("CI", "").lower() in ("true", "1"):
        return True
    return shutil.which("gcc") is not None or shutil.which("cc") is not None


def test_runtime_unit_tests() -> None:
    """The runtime's own Go tests (SSE decoder cases), run in templates/go/runtime."""
    require_go()
    runtime = Path(__file__).resolve().parents[2] / "templates" / "go" / "runtime"
    proc = run_go(["test", "-count=1", "./..."], runtime)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_smoke_reports_compile_errors(openrouter: Path, tmp_path: Path) -> None:
    work = tmp_path / "broken"
    shutil.copytree(openrouter, work)
    (work / "broken.go").write_text("package openroutergo\n\nfunc x() { undefinedName() }\n")
    with pytest.raises(GoSmokeFailure, match="undefinedName"):
        smoke_go(work)
