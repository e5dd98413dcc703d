"""mypy --strict on programs that use pages: iteration narrows items to the item model, and a
wrong use of an item or a page fails to type-check (issue 22)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from test_pagination import pages_spec

from generator.pipeline import GenerateRequest, generate

GOOD = """\
from __future__ import annotations

from wire import AsyncPaginator, AsyncWire, PaginationError, SyncPage, Wire
from wire.models import Item


def walk(client: Wire) -> int:
    total = 0
    for item in client.things.list_cursor(limit=10):
        total += item.n
    page: SyncPage[Item] = client.things.list_offset(limit=3)
    names: list[str] = [i.id for i in page.data]
    for p in page.iter_pages():
        names.extend(i.id for i in p.data)
    if page.has_next_page():
        nxt: SyncPage[Item] = page.get_next_page()
        total += len(nxt.data) + nxt.response.status_code
    links = client.things.list_link(per_page=2)
    first: Item | None = next(iter(links), None)
    try:
        total += sum(i.n for i in client.things.list_next())
    except PaginationError as err:
        print(err.message)
    return total + len(names) + (first.n if first is not None else 0)


async def awalk(client: AsyncWire) -> int:
    total = 0
    pager: AsyncPaginator[Item] = client.things.list_after(limit=2)
    async for item in pager:
        total += item.n
    page = await client.things.list_page(per_page=2)
    async for p in page.iter_pages():
        total += sum(i.n for i in p.data)
    if page.has_next_page():
        total += len((await page.get_next_page()).data)
    return total
"""

BAD = """\
from __future__ import annotations

from wire import Wire


def misuse(client: Wire) -> None:
    for item in client.things.list_cursor():
        name: int = item.id  # BAD-1: id is a str
    page = client.things.list_offset()
    page.data.append("x")  # BAD-2: the items are Item
    client.things.list_after().nope  # BAD-3: no such attribute
"""


@pytest.fixture(scope="module")
def sdk(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("pages_typing")
    spec = tmp / "spec.yaml"
    spec.write_text(yaml.safe_dump(pages_spec(), sort_keys=False), encoding="utf-8")
    out = tmp / "sdk"
    generate(GenerateRequest(spec=str(spec), out_dir=out, name="Wire", package="wire"))
    (out / "good.py").write_text(GOOD, encoding="utf-8")
    (out / "bad.py").write_text(BAD, encoding="utf-8")
    return out


def test_mypy_strict_on_page_programs(sdk: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "wire", "good.py",
         "bad.py"],
        cwd=sdk, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    out = result.stdout + result.stderr
    errors = [line for line in out.splitlines() if ": error:" in line]
    assert result.returncode == 1, out
    # The package and the good program are clean; every deliberate misuse is caught.
    assert all(line.startswith("bad.py:") for line in errors), out
    bad_lines = BAD.splitlines()
    flagged = {bad_lines[int(line.split(":")[1]) - 1].split("# ")[-1][:5] for line in errors}
    assert flagged == {"BAD-1", "BAD-2", "BAD-3"}, out
