"""The generation pipeline: load → normalize → merge → IR → overrides → render → format → stage →
smoke → write.

The pipeline names no language: it finds the target by `request.lang` in `generator.target` and
talks to it only through the `Target` protocol. `generate()` returns diagnostics and raises
only `GenerationError` (spec problems, reported together), `UsageError`, `InternalError`, or the
write/smoke errors the CLI maps to exit codes.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from . import edits, ir
from .build_ir import build_api
from .config import GenerateRequest
from .diagnostics import Diagnostics, GenerationError, InternalError, Reporter, UsageError
from .load import load_spec
from .manifest import cache_inputs, is_noop, manifest_meta, spec_identity
from .merge import Fragment, OriginDiagnostics, merge_fragments
from .names import resolve_names
from .normalize import normalize
from .normalize.tolerance import require_operations
from .overrides import apply_overrides
from .target import RenderOptions, get_target
from .write import write_output

__all__ = [
    "GenerateRequest", "GenerateResult", "InternalError", "LoadedDocument", "Reporter",
    "UsageError", "build_files", "generate", "load_document",
]  # fmt: skip


@dataclass
class GenerateResult:
    """What happened."""

    diagnostics: Diagnostics
    api: ir.Api | None = None  # the IR after overrides, as the target rendered it
    files: dict[str, str] = field(default_factory=dict)  # formatted, in the target's order
    spec_hashes: list[tuple[str, str]] = field(default_factory=list)  # (path, sha256)
    options: RenderOptions | None = None  # what the target rendered with
    meta: dict[str, object] = field(default_factory=dict)  # the manifest, less its file hashes
    written: list[str] | None = None  # the files written; None when not written at all
    noop: bool = False  # nothing to do: the inputs are those of the output on disk


@dataclass
class LoadedDocument:
    """One normalized document, possibly merged from several files."""

    doc: dict[str, Any]
    diagnostics: Diagnostics
    spec_hashes: list[tuple[str, str]]  # (path as given, sha256 of its bytes)


def load_document(paths: Sequence[str], progress: Reporter | None = None) -> LoadedDocument:
    """Load and normalize every spec in `paths`; merge them when there are several."""
    say = progress or Reporter()
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


def build_files(request: GenerateRequest, progress: Reporter | None = None) -> GenerateResult:
    """Everything up to formatted files in memory (no writing, no smoke test)."""
    say = progress or Reporter()
    target = get_target(request.lang)
    client, pkg = resolve_names(request.name, request.package)
    loaded = load_document(request.specs, say)
    diags = loaded.diagnostics
    say.stage("model")
    api = build_api(loaded.doc, diags)
    api = apply_overrides(api, request.overrides, diags, target.reserved_names, target.name)
    require_operations(api, loaded.doc, diags)  # the tolerance rule: never an empty SDK
    if diags.has_errors or (request.strict and diags.problems):
        raise GenerationError(diags)
    spec_file, spec_sha256 = spec_identity(loaded.spec_hashes)
    options = RenderOptions(
        name=client,
        package=pkg,
        version=request.version,
        base_url=request.base_url,
        module=request.module,
        spec_file=spec_file,
        spec_sha256=spec_sha256,
        formatter=request.formatter,
    )
    ops = sum(len(r.operations) for r in api.resources)
    say.stage("render", f"{ops} operations, {len(api.schemas)} models")
    rendered = target.render(api, options)
    # Optional: names the target had to change while rendering (a resource named like a client
    # attribute), reported as warnings.
    render_warnings = getattr(target, "render_warnings", None)
    for message, pointer in render_warnings() if callable(render_warnings) else ():
        diags.warning(message, pointer)
    files = target.format(rendered, request.formatter, say)
    if list(files) != list(rendered):
        raise InternalError(f"the {target.name} target's format() changed the file list")
    meta = manifest_meta(
        request, loaded.spec_hashes, (client, pkg), target.manifest_options(options)
    )
    return GenerateResult(diags, api, files, loaded.spec_hashes, options, meta)


def generate(request: GenerateRequest, progress: Reporter | None = None) -> GenerateResult:
    """Generate, smoke-test and write the package for `request`."""
    say = progress or Reporter()
    inputs = cache_inputs(request)
    if request.cache and not request.discard_edits and is_noop(request.out_dir, inputs):
        return GenerateResult(Diagnostics(file=request.specs[0]), written=[], noop=True)
    result = build_files(request, say)
    if inputs is not None:
        result.meta["cache"] = inputs
    check = None
    if request.smoke:
        assert result.api is not None and result.options is not None
        target = get_target(request.lang)
        check = functools.partial(target.smoke, api=result.api, options=result.options)
    plan = edits.apply_edits(request.out_dir, result.files, discard=request.discard_edits)
    result.diagnostics.items.extend(plan.diagnostics)  # kept, disowned, discarded edits
    say.stage("write", f"{len(result.files)} files, smoke test {'on' if check else 'off'}")
    result.written = write_output(
        plan.files, request.out_dir, {**result.meta, **plan.meta}, force=request.force,
        check=check, keep=plan.keep,
    )  # fmt: skip
    edits.clear_conflicts(request.out_dir)
    return result
