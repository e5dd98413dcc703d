"""Property test (issue 7): hostile text in random valid specs never becomes code.

Bounded and derandomized for CI; bench/fuzz.py runs the same property longer.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from fuzz_specs import check_spec, specs
from hypothesis import HealthCheck, Phase, given, settings

from generator.pipeline import GenerateRequest, generate

_SETTINGS = {
    "derandomize": True,
    "deadline": None,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
    "phases": [Phase.explicit, Phase.generate],  # no shrinking in CI: report the first failure
}


@settings(max_examples=15, **_SETTINGS)  # type: ignore[arg-type]
@given(specs())
def test_hostile_text_never_becomes_code(doc: dict[str, Any]) -> None:
    check_spec(doc)


@settings(max_examples=3, **_SETTINGS)  # type: ignore[arg-type]
@given(specs())
def test_full_generation_with_smoke(doc: dict[str, Any]) -> None:
    import json
    import os

    with tempfile.TemporaryDirectory(prefix="sdkforge-fuzz-") as tmp:
        work = Path(tmp)
        spec = work / "spec.json"
        spec.write_text(json.dumps(doc), encoding="utf-8")
        marker = work / "marker"
        os.environ["SDKFORGE_PWNED"] = str(marker)
        try:
            generate(GenerateRequest(spec=str(spec), out_dir=work / "out", name="Fuzzed"))
        finally:
            del os.environ["SDKFORGE_PWNED"]
        assert not marker.exists()
