"""The Go target on the two seed specs: gofmt-clean modules that pass `go vet` and `go build`,
docs examples that compile, and an end-to-end Go test against a loopback HTTP server."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from go_support import SPECS, generate_module, load_api, rename_operation, require_go, run_go

from generator.go import GoSmokeFailure, smoke_go

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


def test_openrouter_end_to_end(openrouter: Path, tmp_path: Path) -> None:
    """Request shape, parsed response, typed errors, retries, a 1,000-event stream, union
    tags set by constructors, response metadata, timeouts and required-field validation."""
    work = tmp_path / "module"
    shutil.copytree(openrouter, work)
    shutil.copy(TESTDATA / "openrouter_e2e_test.go.txt", work / "e2e_test.go")
    proc = run_go(["test", "-count=1", "-v", "."], work)
    assert proc.returncode == 0, proc.stdout[-6000:] + proc.stderr[-3000:]
    passed = [line for line in proc.stdout.splitlines() if line.startswith("--- PASS")]
    assert len(passed) >= 14, proc.stdout
    for name in ("TestResponseMetadataAndDefaultHeader", "TestTimeoutIsDeadlineExceeded"):
        assert f"--- PASS: {name}" in proc.stdout


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
