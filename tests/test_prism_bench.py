"""Prism as the judge, in CI, on the corpus specs that stay fast (issue 14; `slow`).

`bench/prism.py` serves each spec with `prism mock`, generates its SDK and calls every
operation through it twice (required arguments, then all arguments). Here: no request may be
rejected by Prism and every Prism response must parse. The whole corpus is in
bench/results/prism.md. Without Node or Prism the test skips, except under CI, where it fails.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
from pathlib import Path
from types import ModuleType

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
FAST_SPECS = ["petstore3-swagger.yaml", "apisguru-pinecone.json", "apisguru-hetzner.json"]


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_prism", ROOT / "bench" / "prism.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", FAST_SPECS)
def test_prism_accepts_every_call_of_a_fast_spec(name: str, tmp_path: Path) -> None:
    bench = _bench()
    prism = bench.prism_bin()
    if prism is None or shutil.which("node") is None:
        if os.environ.get("CI"):
            pytest.fail("Prism (and Node.js) are needed; CI must run the Prism bench sample")
        pytest.skip("Prism is not installed (set PRISM_BIN)")
    if not (bench.SPECS / name).is_file():
        pytest.skip(f"{name} not found (../shared/specs is beside the project in CI)")
    row = bench.run_spec(bench.SPECS / name, tmp_path, prism, dynamic=False)
    assert row["status"] == "served", row.get("error")
    assert row["operations"] > 0
    for mode in ("required", "all"):
        counts = row[mode]
        assert counts["ok"] == row["operations"], (mode, counts, row["failures"][:5])
