"""The generation pipeline: load → normalize → IR → render → format → stage → smoke → write.

`generate()` returns diagnostics and raises only `GenerationError` (spec problems, reported
together) or the write/smoke errors the CLI maps to exit codes.
"""

from __future__ import annotations

import keyword
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__, ir
from .build_ir import build_api
from .diagnostics import Diagnostics, GenerationError
from .format import FormatError, format_files
from .load import load_spec
from .names import pascal_keep
from .normalize import normalize
from .python.emit import render_package
from .python.smoke import build_plan, run_smoke
from .python.view import Options
from .write import sha256, write_output


class UsageError(Exception):
    """Options that cannot work together (exit code 2)."""


@dataclass
class GenerateRequest:
    """What to generate, as given on the command line or in the config."""

    spec: str  # path of the spec file
    out_dir: Path  # output directory
    name: str  # client class name
    package: str = ""  # import name; default from name
    version: str = "0.1.0"  # package version
    base_url: str = ""  # default base URL
    smoke: bool = True  # run the smoke test before writing
    force: bool = False  # write into a non-empty directory without a manifest
    strict: bool = False  # warnings are errors


@dataclass
class GenerateResult:
    """What happened."""

    diagnostics: Diagnostics
    api: ir.Api | None = None
    files: dict[str, str] = field(default_factory=dict)


def resolve_names(name: str, package: str) -> tuple[str, str]:
    """The client class name and the import name, validated."""
    client = pascal_keep(name, "Client")
    if not re.fullmatch(r"[A-Z][A-Za-z0-9]*", client) or keyword.iskeyword(client):
        raise UsageError(f"--name {name!r} does not make a valid class name")
    pkg = package or re.sub(r"[^a-z0-9]", "", name.lower())
    if not pkg:
        raise UsageError(f"--name {name!r} holds no letters or digits; pass --package")
    if pkg[0].isdigit():
        pkg = "sdk" + pkg
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", pkg) or keyword.iskeyword(pkg):
        raise UsageError(
            f"--package {pkg!r} is not a valid import name (lowercase letters, digits, _)"
        )
    return client, pkg


def build_files(
    request: GenerateRequest, progress: Callable[[str], None] | None = None
) -> GenerateResult:
    """Everything up to formatted files in memory (no writing)."""
    say = progress or (lambda _msg: None)
    client, pkg = resolve_names(request.name, request.package)
    diags = Diagnostics(file=request.spec)
    say("load")
    loaded = load_spec(request.spec, diags)
    if loaded is None:
        raise GenerationError(diags)
    diags.positions = loaded.positions
    say("normalize")
    normalize(loaded.data, diags)
    if diags.has_errors:
        raise GenerationError(diags)
    say("model")
    api = build_api(loaded.data, diags)
    if diags.has_errors or (request.strict and diags.warnings):
        raise GenerationError(diags)
    say("render")
    options = Options(
        name=client,
        package=pkg,
        version=request.version,
        base_url=request.base_url,
        spec_file=Path(request.spec).name,
        spec_sha256=sha256(loaded.raw),
    )
    view, files = render_package(api, options)
    say("format")
    try:
        files = format_files(files)
    except FormatError as exc:
        raise InternalError(
            f"generated code does not parse ({exc}); this is a generator bug"
        ) from exc
    result = GenerateResult(diags, api, files)
    result.files = files
    result.view = view  # type: ignore[attr-defined]
    return result


class InternalError(Exception):
    """A generator bug (exit code 70)."""


def generate(
    request: GenerateRequest, progress: Callable[[str], None] | None = None
) -> GenerateResult:
    """Generate, smoke-test and write the package for `request`."""
    result = build_files(request, progress)
    assert result.api is not None
    view = result.view  # type: ignore[attr-defined]
    plan = build_plan(result.api, view)
    meta: dict[str, object] = {
        "generator": "sdkforge",
        "generator_version": __version__,
        "spec": {"path": Path(request.spec).name, "sha256": view.options.spec_sha256},
        "options": {
            "name": view.options.name,
            "package": view.options.package,
            "version": request.version,
            "base_url": request.base_url,
        },
    }
    check = (lambda staged: run_smoke(staged, plan)) if request.smoke else None
    if progress:
        progress("write")
    write_output(result.files, request.out_dir, meta, force=request.force, check=check)
    return result
