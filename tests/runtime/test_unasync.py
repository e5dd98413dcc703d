"""The sync and async runtime classes stay twins (as httpcore's `scripts/unasync.py --check`).

Each async class's methods are turned into sync code (`async def` -> `def`, no `await`,
`aclose` -> `close`, `AsyncStream` -> `Stream`, ...) and compared with the sync class's
methods, docstrings left out. A change made to one client and not the other fails here.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

RUNTIME = Path(__file__).resolve().parents[2] / "templates" / "python" / "runtime"

# Word-level replacements, applied in order (longest names first where they overlap).
SUBS = [
    (r"\basync def\b", "def"),
    (r"\basync for\b", "for"),
    (r"\basync with\b", "with"),
    (r"\bawait ", ""),
    (r"\bAsyncAPIClient\b", "SyncAPIClient"),
    (r"\bAsyncAPIResource\b", "SyncAPIResource"),
    (r"\bAsyncStream\b", "Stream"),
    (r"\bAsyncJSONLStream\b", "JSONLStream"),
    (r"\bAsyncTokenSource\b", "TokenSource"),
    (r"\basyncio\.Lock\b", "threading.Lock"),
    (r"\bAsyncPage\b", "SyncPage"),
    (r"\b_fetch_async\b", "_fetch"),
    (r"\bAwaitable\[AsyncStreamedAPIResponse\[_R\]\]", "StreamedAPIResponse[_R]"),
    (r"\bAsyncStreamedAPIResponse\b", "StreamedAPIResponse"),
    (r"\bhttpx\.AsyncClient\b", "httpx.Client"),
    (r"\basyncio\.sleep\b", "time.sleep"),
    (r"\bStopAsyncIteration\b", "StopIteration"),
    (r"\b__aenter__\b", "__enter__"),
    (r"\b__aexit__\b", "__exit__"),
    (r"\b__aiter__\b", "__iter__"),
    (r"\b__anext__\b", "__next__"),
    (r"\baiter_bytes\b", "iter_bytes"),
    (r"\baiter_lines\b", "iter_lines"),
    (r"\baiter_text\b", "iter_text"),
    (r"\baiter_raw\b", "iter_raw"),
    (r"\baread\b", "read"),
    (r"\baclose\b", "close"),
    (r"\b_iter_async\b", "_iter_sync"),
    (r"\b_iter_lines_async\b", "_iter_lines_sync"),
    (r"\bAsyncIterator\b", "Iterator"),
    (r"\bAsyncGenerator\b", "Generator"),
]

# (module, sync class, async class, methods only the async class has)
PAIRS = [
    ("_base_client.py", "SyncAPIClient", "AsyncAPIClient", {"aclose"}),
    ("_streaming.py", "Stream", "AsyncStream", {"aclose"}),
    ("_streaming.py", "JSONLStream", "AsyncJSONLStream", {"aclose"}),
    ("_resource.py", "SyncAPIResource", "AsyncAPIResource", set()),
    ("_oauth.py", "TokenSource", "AsyncTokenSource", set()),
    ("_pagination.py", "SyncPage", "AsyncPage", set()),
    ("_response.py", "StreamedAPIResponse", "AsyncStreamedAPIResponse", set()),
    ("_response.py", "ResponseContextManager", "AsyncResponseContextManager", set()),
]


def unasync(source: str) -> str:
    for pattern, repl in SUBS:
        source = re.sub(pattern, repl, source)
    return source


def _methods(tree: ast.Module, name: str) -> dict[str, str]:
    """Method name -> source without docstrings (overloads joined in order)."""
    cls = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == name)
    out: dict[str, str] = {}
    for node in cls.body:
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        body = node.body
        if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
            node.body = body[1:] or [ast.Pass()]
        out[node.name] = out.get(node.name, "") + ast.unparse(node) + "\n"
    return out


@pytest.mark.parametrize(("module", "sync_name", "async_name", "async_only"), PAIRS)
def test_async_class_is_the_sync_class_with_awaits(
    module: str, sync_name: str, async_name: str, async_only: set[str]
) -> None:
    tree = ast.parse((RUNTIME / module).read_text(encoding="utf-8"))
    sync = _methods(tree, sync_name)
    async_ = _methods(tree, async_name)
    renamed = {unasync(name): source for name, source in async_.items() if name not in async_only}
    assert set(renamed) == set(sync), "the classes define different methods"
    for name, source in sync.items():
        assert unasync(renamed[name]) == source, f"{async_name}.{name} differs from {sync_name}"


def test_the_check_catches_a_difference() -> None:
    a = ast.parse("class A:\n    async def f(self):\n        await self.g(1)\n")
    b = ast.parse("class B:\n    def f(self):\n        self.g(2)\n")
    assert unasync(_methods(a, "A")["f"]) != _methods(b, "B")["f"]
    b = ast.parse("class B:\n    def f(self):\n        '''doc'''\n        self.g(1)\n")
    assert unasync(_methods(a, "A")["f"]) == _methods(b, "B")["f"]
