"""The generation pipeline: load → normalize → merge → IR → overrides → render → format → stage →
smoke → write.

`generate()` returns diagnostics and raises only `GenerationError` (spec problems, reported
together), `UsageError`, or the write/smoke errors the CLI maps to exit codes.
"""

from __future__ import annotations

import hashlib
import importlib
import keyword
import os
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any, TypeVar

from . import __version__, ir
from .build_ir import build_api
from .config import Overrides
from .diagnostics import Diagnostics, GenerationError
from .format import DEFAULT_FORMATTER, FormatError, choose_formatter, format_files
from .load import load_spec
from .merge import Fragment, OriginDiagnostics, merge_fragments
from .names import pascal_keep
from .normalize import normalize
from .normalize.tolerance import require_operations
from .overrides import apply_overrides
from .python.emit import RUNTIME_DIR, render_package
from .python.smoke import build_plan, run_smoke
from .python.view import Options, PackageView
from .write import write_output

LANGUAGES = ("python", "go")
_T = TypeVar("_T")


class UsageError(Exception):
    """Options that cannot work together (exit code 2)."""


class InternalError(Exception):
    """A generator bug (exit code 70)."""


class Reporter:
    """Where the pipeline says what it is doing. This base class stays silent.

    The CLI subclasses it to print stage lines and a progress bar when stderr is a terminal.
    """

    def stage(self, name: str, detail: str = "") -> None:
        """A stage begins (`detail`: counts or sizes worth showing)."""

    def iterate(self, label: str, items: Sequence[_T]) -> Iterable[_T]:
        """`items`, possibly with a progress bar labelled `label`."""
        return items


class _CallbackReporter(Reporter):
    """Adapts the older `progress(stage)` callback."""

    def __init__(self, callback: Callable[[str], None]) -> None:
        self.callback = callback

    def stage(self, name: str, detail: str = "") -> None:
        self.callback(name)


ProgressArg = Reporter | Callable[[str], None] | None


def _reporter(progress: ProgressArg) -> Reporter:
    if progress is None:
        return Reporter()
    if isinstance(progress, Reporter):
        return progress
    return _CallbackReporter(progress)


@dataclass
class GenerateRequest:
    """What to generate, as given on the command line or in the config."""

    spec: str | Sequence[str]  # path of the spec file, or of several fragments of one API
    out_dir: Path  # output directory
    name: str  # client class name
    package: str = ""  # import name; default from name
    version: str = "0.1.0"  # package version
    base_url: str = ""  # default base URL
    smoke: bool = True  # run the smoke test before writing
    force: bool = False  # write into a non-empty directory without a manifest
    strict: bool = False  # warnings are errors
    lang: str = "python"  # target language: python | go
    module: str = ""  # Go module path (lang go); default: the package name
    overrides: Overrides = field(default_factory=Overrides)  # from the config
    formatter: str = (
        DEFAULT_FORMATTER  # "auto" (black for small packages, else ruff), "black", "ruff"
    )

    @property
    def specs(self) -> list[str]:
        """The spec paths, in order."""
        return [self.spec] if isinstance(self.spec, str) else [str(s) for s in self.spec]


@dataclass
class GenerateResult:
    """What happened."""

    diagnostics: Diagnostics
    api: ir.Api | None = None
    files: dict[str, str] = field(default_factory=dict)
    view: PackageView | None = None  # the Python view (lang python), for the smoke plan
    spec_hashes: list[tuple[str, str]] = field(default_factory=list)  # (path, sha256)


@dataclass
class LoadedDocument:
    """One normalized document, possibly merged from several files."""

    doc: dict[str, Any]
    diagnostics: Diagnostics
    spec_hashes: list[tuple[str, str]]  # (path as given, sha256 of its bytes)


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


def go_target() -> ModuleType:
    """The Go target module, or UsageError while it is not part of this generator."""
    try:
        return importlib.import_module("generator.go")
    except ModuleNotFoundError as exc:
        if exc.name not in ("generator.go", __package__ + ".go"):
            raise  # generator.go exists but is broken: a bug, not a usage error
        raise UsageError(
            "--lang go: the Go target is not available in this version of sdkforge"
        ) from exc


def load_document(paths: Sequence[str], progress: ProgressArg = None) -> LoadedDocument:
    """Load and normalize every spec in `paths`; merge them when there are several."""
    say = _reporter(progress)
    if not paths:
        raise UsageError("no spec given")
    combined = OriginDiagnostics(file=paths[0])
    fragments: list[Fragment] = []
    hashes: list[tuple[str, str]] = []
    for path in paths:
        diags = Diagnostics(file=path)
        say.stage("load", path)
        loaded = load_spec(path, diags)
        if loaded is not None:
            hashes.append((path, hashlib.sha256(loaded.raw).hexdigest()))
            diags.positions = loaded.positions
            say.stage("normalize", path)
            normalize(loaded.data, diags)
            if not diags.has_errors:
                fragments.append(Fragment(path, loaded.data, loaded.positions))
        combined.items.extend(diags.items)
        if len(paths) == 1:
            combined.positions = diags.positions
    if combined.has_errors:
        raise GenerationError(combined)
    if len(fragments) == 1:
        only = Diagnostics(file=paths[0], items=combined.items, positions=fragments[0].positions)
        return LoadedDocument(fragments[0].doc, only, hashes)
    say.stage("merge", f"{len(fragments)} files")
    doc = merge_fragments(fragments, combined)
    if combined.has_errors:
        raise GenerationError(combined)
    return LoadedDocument(doc, combined, hashes)


def build_files(request: GenerateRequest, progress: ProgressArg = None) -> GenerateResult:
    """Everything up to formatted files in memory (no writing, no smoke test)."""
    say = _reporter(progress)
    if request.lang not in LANGUAGES:
        raise UsageError(f"--lang {request.lang!r} is not one of {', '.join(LANGUAGES)}")
    client, pkg = resolve_names(request.name, request.package)
    go = go_target() if request.lang == "go" else None
    loaded = load_document(request.specs, say)
    diags = loaded.diagnostics
    say.stage("model")
    api = build_api(loaded.doc, diags)
    api = apply_overrides(api, request.overrides, diags)
    require_operations(api, loaded.doc, diags)  # the tolerance rule: never an empty SDK
    if diags.has_errors or (request.strict and diags.warnings):
        raise GenerationError(diags)
    ops = sum(len(r.operations) for r in api.resources)
    spec_file, spec_sha256 = _spec_identity(loaded.spec_hashes)
    say.stage("render", f"{ops} operations, {len(api.schemas)} models")
    if go is not None:
        files = go.generate_go_files(
            api,
            name=client,
            module=request.module or pkg,
            package=pkg,
            version=request.version,
            base_url=request.base_url,
            spec_file=spec_file,
            spec_sha256=spec_sha256,
        )
        return GenerateResult(diags, api, dict(files), None, loaded.spec_hashes)
    options = Options(
        name=client,
        package=pkg,
        version=request.version,
        base_url=request.base_url,
        spec_file=spec_file,
        spec_sha256=spec_sha256,
    )
    view, raw_files = render_package(api, options)
    # The runtime is copied verbatim and already black-formatted (tests/test_quality.py checks
    # it); formatting it again was half of black's time on small specs.
    runtime = {f"{pkg}/{p.name}" for p in RUNTIME_DIR.glob("*.py")}
    to_format = {p: t for p, t in raw_files.items() if p not in runtime}
    files = {p: t for p, t in raw_files.items() if p in runtime}
    try:
        if choose_formatter(to_format, request.formatter) == "black":
            # One file at a time so a progress bar can follow black on large specs.
            for path in say.iterate("format", sorted(to_format)):
                files.update(format_files({path: to_format[path]}, "black"))
        else:
            say.stage("format", f"{len(to_format)} files")
            files.update(format_files(to_format, request.formatter))
    except FormatError as exc:
        raise InternalError(
            f"generated code does not parse ({exc}); this is a generator bug"
        ) from exc
    files = {path: files[path] for path in raw_files}  # keep the renderer's order
    return GenerateResult(diags, api, files, view, loaded.spec_hashes)


def _spec_identity(hashes: list[tuple[str, str]]) -> tuple[str, str]:
    """The spec name and sha256 for headers: the file's own, or a digest of all fragments."""
    if len(hashes) == 1:
        return Path(hashes[0][0]).name, hashes[0][1]
    names = "+".join(Path(path).name for path, _ in hashes)
    digest = hashlib.sha256("\n".join(sha for _, sha in hashes).encode()).hexdigest()
    return names, digest


def manifest_meta(request: GenerateRequest, result: GenerateResult) -> dict[str, object]:
    """What the manifest records besides file hashes: enough to regenerate and to check.

    Spec paths are stored relative to the output directory (where the manifest lives), so
    `gen check DIR` finds them from any working directory and in any checkout.
    """
    out_dir = Path(os.path.abspath(request.out_dir))
    specs = [
        {"path": Path(os.path.relpath(os.path.abspath(path), out_dir)).as_posix(), "sha256": sha}
        for path, sha in result.spec_hashes
    ]
    client, pkg = resolve_names(request.name, request.package)
    options: dict[str, object] = {
        "name": client,
        "package": pkg,
        "version": request.version,
        "base_url": request.base_url,
        "lang": request.lang,
    }
    if request.lang == "go":
        options["module"] = request.module or pkg
    if request.overrides:
        options["overrides"] = request.overrides.as_dict()
    return {
        "generator": "sdkforge",
        "generator_version": __version__,
        "spec": specs[0],
        "specs": specs,
        "options": options,
    }


def staged_check(request: GenerateRequest, result: GenerateResult) -> Callable[[Path], None]:
    """The smoke test to run on the staged tree: Python's plan runner or Go's `smoke_go`."""
    if request.lang == "go":
        smoke_go: Callable[[Path], None] = go_target().smoke_go
        return smoke_go
    assert result.api is not None and result.view is not None
    plan = build_plan(result.api, result.view)
    return lambda staged: run_smoke(staged, plan)


def generate(request: GenerateRequest, progress: ProgressArg = None) -> GenerateResult:
    """Generate, smoke-test and write the package for `request`."""
    say = _reporter(progress)
    result = build_files(request, say)
    meta = manifest_meta(request, result)
    check = staged_check(request, result) if request.smoke else None
    say.stage("write", f"{len(result.files)} files, smoke test {'on' if check else 'off'}")
    write_output(result.files, request.out_dir, meta, force=request.force, check=check)
    return result
