"""Checks shared by the hostile-input tests: what a generated package may and may not contain."""

from __future__ import annotations

import ast
import io
import os
import subprocess
import sys
import textwrap
import tokenize
import tomllib
from pathlib import Path

# Syntax every payload carries; outside string literals it would mean the payload escaped.
# (Identifiers made from payload text, like `import_os_system_touch_...`, are fine: they are
# letters, digits and `_` only.)
PAYLOAD_MARKS = ("__import__", "system(", "${SDKFORGE_PWNED")
MARKER_ENV = "SDKFORGE_PWNED"

RUNTIME_DIR = Path(__file__).resolve().parents[2] / "templates" / "python" / "runtime"
RUNTIME = {p.name: p.read_text(encoding="utf-8") for p in RUNTIME_DIR.glob("*.py")}

# Calls and names a spec could only have planted: the rendered modules never use them (the
# runtime modules, copied verbatim, are not rendered from the spec and may).
FORBIDDEN = frozenset(
    {"__import__", "system", "eval", "exec", "compile", "popen", "Popen", "getattr", "setattr",
     "breakpoint", "input", "spawn", "execv", "globals", "locals", "vars", "os", "subprocess",
     "open", "__builtins__", "builtins"}
)  # fmt: skip


def call_and_name_ids(tree: ast.AST) -> set[str]:
    """Every called function name (`f` of `f()` and `x.f()`) and every bare name."""
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name):
                found.add("call:" + func.id)
            elif isinstance(func, ast.Attribute):
                found.add("call:." + func.attr)
        elif isinstance(node, ast.Name):
            found.add(node.id)
        elif isinstance(node, ast.Attribute):
            found.add("." + node.attr)
    return found


def _without_strings(tree: ast.AST) -> str:
    class Blank(ast.NodeTransformer):
        def visit_Constant(self, node: ast.Constant) -> ast.Constant:
            if isinstance(node.value, str | bytes):
                return ast.copy_location(ast.Constant(value=""), node)
            return node

    return ast.unparse(Blank().visit(tree))


def check_python_file(path: str, text: str) -> set[str]:
    """Compile one generated file and check that no payload escaped a string literal.

    Returns the file's call and name ids (for comparing two generations).
    """
    tree = ast.parse(text, filename=path)  # SyntaxError fails the test
    compile(text, path, "exec")
    outside = _without_strings(tree)
    for mark in PAYLOAD_MARKS:
        assert mark not in outside, f"{path}: {mark!r} outside a string literal"
    for tok in tokenize.generate_tokens(io.StringIO(text).readline):
        if tok.type == tokenize.COMMENT:
            assert not any(m in tok.string for m in PAYLOAD_MARKS), f"{path}: comment {tok}"
    ids = call_and_name_ids(tree)
    if RUNTIME.get(Path(path).name) != text:
        planted = _loaded_names_and_calls(tree) & FORBIDDEN
        assert not planted, f"{path}: forbidden calls or names {sorted(planted)}"
    return ids


def _loaded_names_and_calls(tree: ast.AST) -> set[str]:
    """Functions called, and dunder names read. (A parameter may well be called `os` or
    `eval` and be read as an argument; it is never called.)"""
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
            if node.id.startswith("__"):
                found.add(node.id)
        elif isinstance(node, ast.Call):
            if isinstance(node.func, ast.Attribute):
                found.add(node.func.attr)
            elif isinstance(node.func, ast.Name):
                found.add(node.func.id)
    return found


def check_files(files: dict[str, str]) -> set[str]:
    """Check every generated file by kind; returns the union of Python call/name ids."""
    ids: set[str] = set()
    for path, text in files.items():
        assert not path.startswith(("/", "..")) and ".." not in Path(path).parts, path
        if path.endswith(".py"):
            ids |= {f"{path}|{i}" for i in check_python_file(path, text)}
        elif path.endswith(".toml"):
            data = tomllib.loads(text)
            assert set(data) <= {"build-system", "project", "tool"}, sorted(data)
        elif path.endswith(".json"):
            import json

            json.loads(text)
        elif path.endswith(".md"):
            for mark in ("<script", "javascript:"):
                assert mark not in text.lower(), f"{path}: {mark}"
    return ids


def write_files(files: dict[str, str], root: Path) -> None:
    """Write generated files (already checked to be relative) under `root`."""
    for path, text in files.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


IMPORT_ALL = textwrap.dedent("""
    import importlib, pkgutil, sys
    pkg = importlib.import_module(sys.argv[1])
    for info in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + "."):
        importlib.import_module(info.name)
    client = getattr(pkg, sys.argv[2])(base_url="http://127.0.0.1:9", api_key="k") \\
        if "api_key" in getattr(pkg, sys.argv[2]).__init__.__code__.co_varnames \\
        else getattr(pkg, sys.argv[2])(base_url="http://127.0.0.1:9")
    for name in dir(type(client)):
        if not name.startswith("_"):
            getattr(client, name)
    print("imported", len(sys.modules))
    """)


def import_in_subprocess(root: Path, package: str, client: str, marker: Path) -> None:
    """Import every module of the package and touch every resource, in a fresh interpreter."""
    env = {k: v for k, v in os.environ.items() if not k.endswith(("_API_KEY", "_BASE_URL"))}
    env[MARKER_ENV] = str(marker)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    result = subprocess.run(
        [sys.executable, "-c", IMPORT_ALL, package, client],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert not marker.exists(), "importing the generated package ran spec text"
