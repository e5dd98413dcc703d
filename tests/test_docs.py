"""The generated docs: every snippet runs against a real server, links resolve, spec text cannot
break the Markdown, and the resource page has the sections commercial generators have."""

from __future__ import annotations

import json
import re
from pathlib import Path, PurePosixPath

import pytest
from docs_helpers import (
    SEEDS,
    DocsSDK,
    anchors,
    cell_count,
    code_blocks,
    generate_with_docs,
    links,
    prose_lines,
    render_only,
    run_snippets,
    table_rows,
)

from generator.python.docs import code_block, md_cell, md_text, render_docs

# --- the seed SDKs ----------------------------------------------------------------------------


@pytest.fixture(scope="module", params=sorted(SEEDS))
def seed(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> DocsSDK:
    spec, name, base_url = SEEDS[request.param]
    out = tmp_path_factory.mktemp(f"docs-{request.param}") / request.param
    return generate_with_docs(spec, name, base_url, out)


def test_files_cover_every_resource_and_model(seed: DocsSDK) -> None:
    expected = {"README.md"}
    expected |= {f"docs/{r.module}.md" for r in seed.view.resources}
    expected |= {f"docs/models/{s.name}.md" for s in seed.api.schemas}
    assert set(seed.docs) == expected
    for rel in expected:
        assert (seed.root / rel).is_file()


def test_every_snippet_runs_and_makes_its_request(seed: DocsSDK, tmp_path: Path) -> None:
    blocks = [
        (rel, b)
        for rel, text in sorted(seed.docs.items())
        for b in code_blocks(text)
        if b.lang == "python"
    ]
    assert len(blocks) >= 10  # README sections plus the operation's examples
    failures = []
    for result in run_snippets(seed, blocks, tmp_path):
        where = f"{result.page}:{result.block.line}"
        marker = result.block.marker
        if marker is None:
            failures.append(f"{where}: no request marker before the snippet")
            continue
        method, template, stream = marker
        if result.returncode != 0:
            failures.append(f"{where}: exit {result.returncode}\n{result.output[-2000:]}")
            continue
        if len(result.requests) != 1:
            failures.append(f"{where}: made {len(result.requests)} requests, expected 1")
            continue
        got_method, got_path, body = result.requests[0]
        pattern = "^" + re.sub(r"\\\{[^}]*\\\}", "[^/]+", re.escape(template)) + "$"
        if got_method != method or not re.match(pattern, got_path):
            failures.append(f"{where}: sent {got_method} {got_path}, shows {method} {template}")
        sent_stream = bool(body) and json.loads(body).get("stream") is True
        if sent_stream != stream:
            failures.append(f"{where}: stream={sent_stream}, marker says {stream}")
        if not result.output.strip():
            failures.append(f"{where}: printed nothing")
    assert not failures, "\n\n".join(failures)


def test_links_resolve(seed: DocsSDK) -> None:
    broken = []
    pages = {PurePosixPath(rel): text for rel, text in seed.docs.items()}
    for page, text in pages.items():
        for target in links(text):
            if re.match(r"^[a-z]+:", target):
                broken.append(f"{page}: external link {target}")  # docs link nowhere outside
                continue
            path, _, anchor = target.partition("#")
            dest = page if not path else PurePosixPath(_normalize(page.parent / path))
            if dest not in pages:
                broken.append(f"{page}: {target} -> missing {dest}")
            elif anchor and anchor not in anchors(pages[dest]):
                broken.append(f"{page}: {target} -> no heading #{anchor} in {dest}")
    assert not broken, "\n".join(broken)


def _normalize(path: PurePosixPath) -> str:
    parts: list[str] = []
    for part in path.parts:
        if part == "..":
            parts.pop()
        elif part != ".":
            parts.append(part)
    return "/".join(parts)


def test_tables_keep_their_columns(seed: DocsSDK) -> None:
    for rel, text in seed.docs.items():
        for table in table_rows(text):
            counts = {cell_count(row) for row in table}
            assert len(counts) == 1, f"{rel}: ragged table {table}"


def test_docs_are_deterministic(seed: DocsSDK) -> None:
    # A fresh render from the same IR, and one through a second run of the pipeline.
    assert render_docs(seed.api, seed.view) == seed.docs
    assert render_only(*SEEDS[seed.root.name])[2] == seed.docs


def test_openrouter_page_has_the_commercial_sections(tmp_path: Path) -> None:
    _api, _view, docs = render_only(*SEEDS["openrouter"])
    page = docs["docs/completions.md"]
    headings = [line for line in prose_lines(page) if line.startswith("#")]
    # Every section heading of the commercial page (seed 003), plus streaming and async.
    for heading in [
        "# Completions",
        "## Overview",
        "### Available Operations",
        "## create",
        "### Example Usage",
        "### Streaming",
        "### Async",
        "### Parameters",
        "### Response",
        "### Errors",
    ]:
        assert heading in headings, heading
    assert "* [create](#create) - Create a completion" in page
    assert "with OpenRouter() as client:" in page
    assert "async with AsyncOpenRouter() as client:" in page
    assert "stream=True) as stream:" in page
    assert "async for chunk in stream:" in page
    assert "client.completions.create(" in page
    assert "OPENROUTER_API_KEY" in page
    assert "https://openrouter.ai" not in "\n".join(b.code for b in code_blocks(page))
    assert "| `BadRequestError` | 400 |" in page
    assert "[CompletionResponse](models/CompletionResponse.md)" in page
    chunk = docs["docs/models/CompletionResponseChunk.md"]
    assert "[CompletionResponse](CompletionResponse.md)" in chunk
    assert "every chunk but the last" in chunk
    union = docs["docs/models/CompletionCreateParamsResponseFormat.md"]
    assert "inferred" in union and '| "json\\_schema" | [ResponseFormatJSONSchema]' in union


def test_readme_covers_the_issue_topics() -> None:
    _api, _view, docs = render_only(*SEEDS["openrouter"])
    readme = docs["README.md"]
    for needle in [
        "pip install .",
        "OPENROUTER_API_KEY",
        "OPENROUTER_BASE_URL",
        "AsyncOpenRouter",
        "stream=True",
        "max_retries=",
        "timeout=",
        "client.with_options(",
        "Retry-After",
        "600 s",
        "RateLimitError",
        "retry_after",
        "APIStatusError",
        "OpenRouterError",
        "extra_headers",
        "extra_query",
        "extra_body",
        "with_raw_response",
        "response.parse()",
        "http_client=",
        "OPENROUTER_LOG=debug",
        "OPENROUTER_LOG_BODIES=1",
        "(docs/completions.md#create)",
    ]:
        assert needle in readme, needle


# --- hostile spec -----------------------------------------------------------------------------

EVIL = (
    'He said """ `x` | <script>alert(1)</script> & \\ \n# Heading\n```\nfence\n~~~\n'
    "[l](javascript:alert(1))\u2028end"
)

HOSTILE_SPEC = {
    "openapi": "3.1.0",
    "info": {"title": EVIL, "version": "1", "description": EVIL},
    "servers": [{"url": "https://api.example.com"}],
    "tags": [{"name": "things", "description": EVIL}],
    "paths": {
        "/things/{thing_id}": {
            "post": {
                "operationId": "makeThing",
                "tags": ["things"],
                "summary": EVIL,
                "description": EVIL,
                "parameters": [
                    {
                        "name": "thing_id",
                        "in": "path",
                        "required": True,
                        "description": EVIL,
                        "schema": {"type": "string"},
                        "example": EVIL,
                    },
                    {
                        "name": "mode|<script>",
                        "in": "query",
                        "required": True,
                        "description": EVIL,
                        "schema": {"type": "string", "enum": [EVIL, "plain"]},
                    },
                ],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {"$ref": "#/components/schemas/Evil"},
                        }
                    },
                },
                "responses": {
                    "200": {
                        "description": EVIL,
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Evil"}}
                        },
                    },
                    "422": {
                        "description": EVIL,
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Evil"}}
                        },
                    },
                },
            }
        }
    },
    "components": {
        "schemas": {
            "Evil": {
                "type": "object",
                "description": EVIL,
                "required": ["name", "kind", "script"],
                "properties": {
                    "name": {"type": "string", "description": EVIL, "example": EVIL},
                    "kind": {"$ref": "#/components/schemas/EvilKind"},
                    "script": {"type": "string", "default": EVIL},
                    "<b>|`x`": {"type": "integer", "description": EVIL},
                },
            },
            "EvilKind": {"type": "string", "enum": [EVIL, "a|b", "<script>"], "description": EVIL},
        }
    },
}


@pytest.fixture(scope="module")
def hostile_sdk(tmp_path_factory: pytest.TempPathFactory) -> DocsSDK:
    tmp = tmp_path_factory.mktemp("hostile")
    spec = tmp / "hostile.json"
    spec.write_text(json.dumps(HOSTILE_SPEC), encoding="utf-8")
    return generate_with_docs(spec, "Hostile", "", tmp / "hostile")


@pytest.fixture(scope="module")
def hostile(hostile_sdk: DocsSDK) -> dict[str, str]:
    return hostile_sdk.docs


def test_hostile_text_cannot_break_tables(hostile: dict[str, str]) -> None:
    assert len(hostile) >= 4
    for rel, text in hostile.items():
        for table in table_rows(text):
            counts = {cell_count(row) for row in table}
            assert len(counts) == 1, f"{rel}: ragged table\n" + "\n".join(table)


def test_hostile_text_injects_no_html_and_no_headings(hostile: dict[str, str]) -> None:
    for rel, text in hostile.items():
        assert "<script" not in text.lower(), rel
        assert "<b>" not in text, rel
        assert not re.search(r"(?<!\\)\]\(javascript:", "\n".join(prose_lines(text))), rel
        for line in prose_lines(text):
            assert not re.match(r"^\s{0,3}#+ +Heading", line), f"{rel}: {line}"
            assert not re.match(r"^\s{0,3}(=+|-{2,})\s*$", line), f"{rel}: setext {line}"
        # A spec fence would show up as a code block of another language (or none).
        assert {b.lang for b in code_blocks(text)} <= {"python", "sh"}, rel


def test_hostile_snippets_compile(hostile: dict[str, str]) -> None:
    count = 0
    for rel, text in hostile.items():
        for block in code_blocks(text):
            if block.lang == "python":
                compile(block.code, f"{rel}:{block.line}", "exec")
                count += 1
                assert "<script" not in block.code
    assert count >= 5


def test_hostile_snippets_run(hostile_sdk: DocsSDK, tmp_path: Path) -> None:
    blocks = [
        (rel, b)
        for rel, text in sorted(hostile_sdk.docs.items())
        for b in code_blocks(text)
        if b.lang == "python"
    ]
    for result in run_snippets(hostile_sdk, blocks, tmp_path):
        where = f"{result.page}:{result.block.line}"
        assert result.returncode == 0, f"{where}\n{result.output[-2000:]}"
        assert len(result.requests) == 1, where
        method, path, _body = result.requests[0]
        # The path parameter's example (hostile text) arrives percent-encoded in one segment.
        assert method == "POST" and re.fullmatch(r"/things/[^/]+", path), (where, path)


def test_hostile_fences_stay_closed(hostile: dict[str, str]) -> None:
    # Every fence we open is closed before the next heading we wrote, so no spec text turned
    # the rest of a page into code: the page must still have its Parameters/Errors headings.
    page = hostile["docs/things.md"]
    headings = [line for line in prose_lines(page) if line.startswith("#")]
    for heading in ["### Example Usage", "### Parameters", "### Response", "### Errors"]:
        assert heading in headings


# --- escapers ---------------------------------------------------------------------------------


def test_md_cell_is_one_safe_line() -> None:
    out = md_cell("a|b\nc <x> & `y` \\| [l](u)")
    assert "\n" not in out
    assert cell_count(f"| {out} |") == 1
    assert "<" not in out and ">" not in out
    assert out.startswith("a\\|b c &lt;x&gt; &amp; \\`y\\` \\\\\\| \\[l\\](u)")


def test_md_text_neutralises_blocks() -> None:
    out = md_text("para\n```\n# h\n===\n<script>\n[x](javascript:1)")
    assert "\n```" not in out and "\n# h" not in out
    assert "<script>" not in out and not re.search(r"(?<!\\)\]\(javascript", out)
    assert "para" in out


def test_code_block_fence_outgrows_backticks() -> None:
    block = code_block('x = "````"')
    assert block.startswith("`````python\n") and block.endswith("\n`````")
