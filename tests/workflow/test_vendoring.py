"""The generated package can be vendored: copied under another name into another repo (issue 5)."""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

from sdk_helpers import ROOT, SEEDS, import_package

from generator.pipeline import GenerateRequest, build_files
from generator.python import package_view
from generator.python.smoke import build_plan, run_smoke

VENDORED = "vendored_or"


def test_vendored_copy_imports_and_passes_its_smoke_test(tmp_path: Path) -> None:
    source = ROOT / "output" / "openrouter" / "openrouter"
    target = tmp_path / "third_party" / VENDORED
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
    for path in target.rglob("*.py"):
        # Only relative imports inside the package, and nothing from the generator (usage
        # examples in docstrings may say `from openrouter import ...`; code may not).
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.level == 0:
                assert (node.module or "").split(".")[0] not in ("openrouter", "generator"), path
            if isinstance(node, ast.Import):
                assert not any(a.name.split(".")[0] in ("openrouter", "generator")
                               for a in node.names), path  # fmt: skip
    module = import_package(tmp_path / "third_party", VENDORED)
    assert module.__name__ == VENDORED and hasattr(module, "OpenRouter")
    spec, name, base_url = SEEDS["openrouter"]
    request = GenerateRequest(
        spec=str(spec), out_dir=tmp_path / "unused", name=name, package=VENDORED,
        base_url=base_url, smoke=False,
    )  # fmt: skip
    result = build_files(request)
    assert result.api is not None and result.options is not None
    plan = build_plan(result.api, package_view(result.api, result.options))
    run_smoke(tmp_path / "third_party", plan)
