"""Go SDKs for three small specs of the shared corpus: gofmt-clean, `go vet` and `go build`."""

from __future__ import annotations

from pathlib import Path

import pytest
from go_support import SHARED_SPECS, generate_module, require_go, run_go

from generator.go import smoke_go

SMALL = ["petstore-expanded-oai.yaml", "petstore3-swagger.yaml", "apisguru-xkcd.json"]


@pytest.mark.parametrize("spec_name", SMALL)
def test_small_corpus_spec_builds(spec_name: str, tmp_path: Path) -> None:
    require_go()
    spec = SHARED_SPECS / spec_name
    if not spec.is_file():
        pytest.skip(f"{spec} is not here (the shared corpus lives beside the repository)")
    stem = spec.stem.replace(".", "-").lower()
    files = generate_module(spec, tmp_path, name="Corpus", module=f"example.com/corpus/{stem}")
    assert any(rel.endswith(".go") and rel.count("/") == 0 for rel in files if rel != "sdk.go")
    fmt = run_go(["fmt", "./..."], tmp_path)
    assert fmt.returncode == 0 and not fmt.stdout.strip(), fmt.stdout + fmt.stderr
    smoke_go(tmp_path)
