"""CI's slice of the corpus run (issue 6): three small real specs get the same checks as
`bench/corpus.py` gives all of ../shared/specs: generate (with smoke), import, mypy --strict."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from sdk_helpers import ROOT

sys.path.insert(0, str(ROOT / "bench"))
import corpus  # noqa: E402

SMALL = ["petstore-expanded-oai.yaml", "petstore3-swagger.yaml", "apisguru-xkcd.json"]


@pytest.mark.parametrize("name", SMALL)
def test_small_corpus_spec(tmp_path: Path, name: str) -> None:
    spec = corpus.SPECS / name
    if not spec.is_file():
        pytest.skip(f"{spec} not found (../shared/specs is beside the project in CI)")
    row = corpus.run_one(spec, tmp_path, mypy_timeout=600)
    assert row["generate"] == "ok", row
    assert row["imports"] == "ok", row
    assert row["mypy"] == 0, row
