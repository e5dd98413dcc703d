"""The hostile-spec property of tests/hostile/test_fuzz.py, run longer.

    python bench/fuzz.py [EXAMPLES] [--no-import]

Prints the number of examples tried and every failure (the spec and the error); exit 1 if any.
"""

from __future__ import annotations

import sys
import time
import traceback
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "hostile"))

from fuzz_specs import check_spec, specs
from hypothesis import HealthCheck, Phase, given, settings


def main() -> int:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    examples = int(args[0]) if args else 300
    import_it = "--no-import" not in sys.argv
    tried = 0
    failures: list[tuple[dict[str, Any], str]] = []

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(specs())
    def run(doc: dict[str, Any]) -> None:
        nonlocal tried
        tried += 1
        try:
            check_spec(doc, import_it=import_it)
        except Exception:
            failures.append((doc, traceback.format_exc(limit=3)))

    start = time.monotonic()
    run()
    elapsed = time.monotonic() - start
    for doc, error in failures:
        print("FAILURE\n", repr(doc)[:3000], "\n", error, file=sys.stderr)
    print(f"fuzz: {tried} examples tried, {len(failures)} failures, {elapsed:.0f} s")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
