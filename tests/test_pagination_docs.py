"""The docs of paginated operations: every Python snippet of the operation pages and of the
README runs against a loopback server that really pages (tests/test_pagination.py's), the
page walks make several requests, every other snippet exactly one (issue 22)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from docs_helpers import _RUNNER, code_blocks
from sdk_helpers import Recorded, Reply, serve
from test_pagination import Api, _handler, pages_spec

from generator.pipeline import GenerateRequest, generate


@pytest.fixture(scope="module")
def sdk(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("pages_docs")
    spec = tmp / "spec.yaml"
    spec.write_text(yaml.safe_dump(pages_spec(), sort_keys=False), encoding="utf-8")
    out = tmp / "sdk"
    generate(GenerateRequest(spec=str(spec), out_dir=out, name="Wire", package="wire"))
    return out


def test_operation_page_and_readme_show_pagination(sdk: Path) -> None:
    page = (sdk / "docs" / "things.md").read_text(encoding="utf-8")
    section = page.split("## list_after", 1)[1].split("\n## ", 1)[0]
    assert "### Pagination" in section
    assert "the `id` of a page's last item is sent as `starting_after`" in section
    assert "for item in client.things.list_after(" in section
    assert "page = page.get_next_page()" in section
    assert "async for item in client.things.list_after(" in section
    assert "**`SyncPage` of [Item](models/Item.md)" in section
    plain = page.split("## list_plain", 1)[1]
    assert "### Pagination" not in plain
    readme = (sdk / "README.md").read_text(encoding="utf-8")
    assert "\n## Pagination\n" in readme and "* [Pagination](#pagination)" in readme
    assert "`client.things.list_cursor`" in readme


def test_every_snippet_runs_against_a_paging_server(sdk: Path, tmp_path: Path) -> None:
    blocks = []
    for rel in ("docs/things.md", "README.md"):
        for block in code_blocks((sdk / rel).read_text(encoding="utf-8")):
            if block.lang == "python":
                blocks.append((rel, block))
    assert len(blocks) >= 40
    state = Api()
    inner = _handler(state)
    seen: dict[int, list[str]] = {i: [] for i in range(len(blocks))}

    def handle(rec: Recorded) -> Reply:
        m = re.match(r"^/s(\d+)(/.*)$", rec.path)
        assert m is not None, rec.path
        seen[int(m.group(1))].append(m.group(2))
        state.url = f"{base}/s{m.group(1)}"  # next URLs keep the snippet's prefix
        rec.path = m.group(2)
        return inner(rec)

    with serve(handle) as server:
        base = server.url
        jobs = [
            {"name": f"{rel}:{b.line}", "code": b.code,
             "env": {"WIRE_BASE_URL": f"{base}/s{i}", "WIRE_API_KEY": "tok"}}
            for i, (rel, b) in enumerate(blocks)
        ]  # fmt: skip
        jobs_file, results_file = tmp_path / "jobs.json", tmp_path / "results.json"
        jobs_file.write_text(json.dumps(jobs), encoding="utf-8")
        env = {k: v for k, v in os.environ.items() if not k.startswith("WIRE_")}
        env["PYTHONPATH"] = str(sdk)
        proc = subprocess.run(
            [sys.executable, "-c", _RUNNER, str(jobs_file), str(results_file)],
            capture_output=True, text=True, env=env, timeout=120, cwd=tmp_path,
        )  # fmt: skip
    assert proc.returncode == 0, proc.stdout + proc.stderr
    results = json.loads(results_file.read_text(encoding="utf-8"))
    failures = []
    walks = 0
    for i, ((rel, block), result) in enumerate(zip(blocks, results, strict=True)):
        where = f"{rel}:{block.line}"
        if not result["ok"] or not result["output"].strip():
            failures.append(f"{where}: {result['output'][-1500:]}")
            continue
        if block.marker is None:
            # The README's shell and setup blocks aside, every program names its request.
            if seen[i]:
                failures.append(f"{where}: sent requests without a marker")
            continue
        method, path, _stream = block.marker
        pages = re.search(r"request: \S+ \S+ pages -->", _line_before(sdk, rel, block.line))
        if not seen[i] or any(p != path for p in seen[i]):
            failures.append(f"{where}: sent {seen[i]}, marker says {path}")
        elif pages:
            walks += 1
            if len(seen[i]) != 3:  # seven items, three to a page
                failures.append(f"{where}: a page walk sent {len(seen[i])} requests")
        elif len(seen[i]) != 1:
            failures.append(f"{where}: {len(seen[i])} requests, expected 1")
    assert not failures, "\n\n".join(failures)
    assert walks == 6 * 3 + 3  # three walks per paginated operation, three in the README


def _line_before(sdk: Path, rel: str, line: int) -> str:
    return (sdk / rel).read_text(encoding="utf-8").split("\n")[line - 2]
