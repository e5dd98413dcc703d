"""Time datamodel-code-generator (DCG) on the models of large specs, next to our own pipeline.

Run: python bench/dcg_models.py [SPEC ...]  (default: github.json and stripe.yaml from
../shared/specs). Prints seconds and peak RSS of each, in separate processes.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from pathlib import Path

SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "specs"
DEFAULT = [SHARED / "github.json", SHARED / "stripe.yaml"]

DCG = r'''
import json, sys, time
from pathlib import Path
from generator.load import load_spec
from generator.normalize import normalize
from generator.diagnostics import Diagnostics
from datamodel_code_generator import generate, InputFileType, DataModelType, PythonVersion
d = Diagnostics(sys.argv[1]); spec = load_spec(sys.argv[1], d); normalize(spec.data, d)
start = time.perf_counter()
out = generate(json.dumps(spec.data), input_file_type=InputFileType.OpenAPI,
    output_model_type=DataModelType.PydanticV2BaseModel, target_python_version=PythonVersion.PY_311,
    use_annotated=True, field_constraints=True, use_union_operator=True,
    use_standard_collections=True, snake_case_field=True, use_double_quotes=True,
    disable_timestamp=True, use_field_description=True, enum_field_as_literal="one",
    strict_nullable=True)
print(json.dumps({"seconds": time.perf_counter() - start, "lines": str(out).count("\n")}))
'''

OURS = r'''
import json, sys, time
from pathlib import Path
from generator.pipeline import GenerateRequest, build_files
start = time.perf_counter()
result = build_files(GenerateRequest(spec=sys.argv[1], out_dir=Path("unused"), name="Bench"))
lines = sum(t.count("\n") for p, t in result.files.items() if p.endswith(".py"))
print(json.dumps({"seconds": time.perf_counter() - start, "lines": lines}))
'''


def run(code: str, spec: Path) -> dict[str, float]:
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", code, str(spec)], capture_output=True,
                          text=True, timeout=1800)  # fmt: skip
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        return {"error": 1.0, "wall": wall}
    data = json.loads(proc.stdout.strip().splitlines()[-1])
    data["wall"] = wall
    data["peak_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return data


def main() -> None:
    specs = [Path(a) for a in sys.argv[1:]] or DEFAULT
    print("| spec | tool | seconds (in-process) | wall | lines |")
    print("|---|---|---|---|---|")
    for spec in specs:
        for label, code in (("sdkforge (whole SDK, load→black)", OURS), ("DCG 0.89 (models only)", DCG)):
            r = run(code, spec)
            if "error" in r:
                print(f"| {spec.name} | {label} | failed | {r['wall']:.1f} | |")
            else:
                print(f"| {spec.name} | {label} | {r['seconds']:.1f} | {r['wall']:.1f} | {r['lines']:.0f} |")
            sys.stdout.flush()


if __name__ == "__main__":
    main()
