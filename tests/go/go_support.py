"""Helpers for the Go target tests: build the IR of a spec, generate and stage a Go module,
run the Go toolchain."""

from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from generator import ir
from generator.build_ir import build_api
from generator.diagnostics import Diagnostics
from generator.go import generate_go_files, go_env
from generator.load import load_spec
from generator.normalize import normalize
from generator.write import sha256

ROOT = Path(__file__).resolve().parent.parent.parent
SPECS = ROOT / "specs"
SHARED_SPECS = ROOT.parent / "shared" / "specs"
if not SHARED_SPECS.is_dir():
    SHARED_SPECS = Path("/work/shared/specs")


def require_go() -> str:
    """The `go` binary; skips the test when Go is missing, unless GEN_REQUIRE_GO=1 or CI=true
    (a CI run whose Go install failed must fail, not pass with the Go tests skipped)."""
    go = shutil.which("go")
    if go is None:
        message = (
            "Go toolchain not found: install it (apt-get install golang-go) to run the Go "
            "target tests"
        )
        if os.environ.get("GEN_REQUIRE_GO") == "1":
            pytest.fail(message + " (GEN_REQUIRE_GO=1)")
        if os.environ.get("CI", "").lower() in ("true", "1"):
            pytest.fail(message + " (CI=true)")
        pytest.skip(message)
    return go


def require_staticcheck() -> str:
    """The staticcheck binary ($STATICCHECK, else `staticcheck` or Debian's `go-staticcheck`);
    skips the test when it is missing, except under CI=true or GEN_REQUIRE_GO=1 (.ci/run
    installs it with Go)."""
    require_go()
    named = os.environ.get("STATICCHECK")
    binary = (shutil.which(named) or named) if named else None
    binary = binary or shutil.which("staticcheck") or shutil.which("go-staticcheck")
    if binary is None:
        message = "staticcheck not found: install it (apt-get install go-staticcheck)"
        if os.environ.get("GEN_REQUIRE_GO") == "1" or os.environ.get("CI", "").lower() in (
            "true",
            "1",
        ):
            pytest.fail(message + " (CI)")
        pytest.skip(message)
    return binary


def load_api(spec: Path) -> tuple[ir.Api, bytes]:
    """The IR of a spec file (errors fail the test)."""
    diags = Diagnostics(file=str(spec))
    loaded = load_spec(str(spec), diags)
    assert loaded is not None, diags
    normalize(loaded.data, diags)
    api = build_api(loaded.data, diags)
    assert not diags.has_errors, diags
    return api, loaded.raw


def rename_operation(api: ir.Api, resource: str, old: str, new: str) -> ir.Api:
    """`api` with one operation renamed (what the naming overrides will do)."""
    resources = []
    for r in api.resources:
        ops = tuple(
            dataclasses.replace(op, name=new) if r.name == resource and op.name == old else op
            for op in r.operations
        )
        resources.append(dataclasses.replace(r, operations=ops))
    return dataclasses.replace(api, resources=tuple(resources))


def generate_module(
    spec: Path,
    out: Path,
    *,
    name: str,
    module: str,
    base_url: str = "",
    api: ir.Api | None = None,
) -> dict[str, str]:
    """Generate the Go module of `spec` into `out`; returns the files."""
    loaded_api, raw = load_api(spec)
    files = generate_go_files(
        api or loaded_api,
        name=name,
        module=module,
        package="",
        version="0.1.0",
        base_url=base_url,
        spec_file=spec.name,
        spec_sha256=sha256(raw),
    )
    for rel, text in files.items():
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return files


def run_go(args: list[str], cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run `go ARGS` in `cwd` with the local toolchain and no downloads."""
    return subprocess.run(
        ["go", *args],
        cwd=cwd,
        env=go_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
