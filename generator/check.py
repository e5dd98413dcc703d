"""`gen check`: is the generated output current, and untouched since it was generated?

The output is regenerated in memory (no smoke test, nothing written) and compared with the
manifest, and the manifest with the files on disk. Two kinds of finding:

- stale: regenerating would change, add or remove a file (the spec, the options or the
  generator changed);
- edited: a file the generator owns differs on disk from what was generated (edited by hand,
  or deleted), which the next regeneration would silently undo.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import edits
from .config import GenerateRequest, request_from_target
from .diagnostics import Reporter
from .manifest import (
    MANIFEST,
    CheckUsageError,
    build_manifest,
    read_manifest,
    request_from_manifest,
    sha256,
)
from .pipeline import build_files
from .write import safe_relative

__all__ = [
    "CheckResult", "CheckUsageError", "check_output", "request_from_manifest",
    "request_from_target",
]  # fmt: skip


@dataclass
class CheckResult:
    """The findings for one output directory."""

    out_dir: Path
    would_change: list[str] = field(default_factory=list)  # differ from a fresh generation
    would_add: list[str] = field(default_factory=list)  # a fresh generation adds them
    would_remove: list[str] = field(default_factory=list)  # a fresh generation drops them
    edited: list[str] = field(default_factory=list)  # on disk != manifest
    missing: list[str] = field(default_factory=list)  # in the manifest, not on disk
    kept: list[str] = field(default_factory=list)  # edits kept by the last gen generate
    problem: str = ""  # why the directory could not be checked at all

    @property
    def ok(self) -> bool:
        """True when the output is current and untouched."""
        return not (
            self.would_change
            or self.would_add
            or self.would_remove
            or self.edited
            or self.missing
            or self.problem
        )

    def summary(self) -> list[str]:
        """Short lines for the terminal, most important first."""
        if self.problem:
            return [f"{self.out_dir}: {self.problem}"]
        lines = [f"{self.out_dir / p}: note: edit kept by gen generate" for p in self.kept]
        if self.ok:
            return [*lines, f"{self.out_dir}: up to date"]
        for label, paths in (
            ("edited by hand since generation (run gen generate to keep it)", self.edited),
            ("deleted since generation", self.missing),
            ("would change", self.would_change),
            ("would be added", self.would_add),
            ("would be removed", self.would_remove),
        ):
            for path in paths:
                lines.append(f"{self.out_dir / path}: {label}")
        stale = len(self.would_change) + len(self.would_add) + len(self.would_remove)
        parts = []
        if stale:
            parts.append(f"stale ({stale} file(s); regenerate with `gen generate`)")
        if self.edited or self.missing:
            parts.append(f"{len(self.edited) + len(self.missing)} file(s) changed by hand")
        lines.append(f"{self.out_dir}: " + "; ".join(parts))
        return lines


def check_output(request: GenerateRequest, progress: Reporter | None = None) -> CheckResult:
    """Compare `request.out_dir` with a fresh in-memory generation of `request`.

    Raises GenerationError when the spec itself has errors (the CLI reports them).
    """
    out_dir = request.out_dir
    result = CheckResult(out_dir)
    manifest = read_manifest(out_dir)
    if manifest is None:
        result.problem = f"not generated yet (no {MANIFEST})"
        return result
    recorded = manifest.get("files")
    recorded = recorded if isinstance(recorded, dict) else {}
    for path, digest in sorted(recorded.items()):
        try:
            target = out_dir / safe_relative(str(path))
        except Exception:
            continue
        if not target.is_file():
            result.missing.append(str(path))
        elif sha256(target.read_bytes()) != digest:
            result.edited.append(str(path))
    fresh = build_files(request, progress)
    files, kept_meta = edits.expected_output(out_dir, fresh.files)  # recorded edits kept
    expected = build_manifest(files, {**fresh.meta, **kept_meta})
    result.kept = [p for p in edits.kept_edits(manifest) if p not in result.edited]
    fresh_hashes = expected["files"]
    assert isinstance(fresh_hashes, dict)
    for path, digest in sorted(fresh_hashes.items()):
        if path not in recorded:
            result.would_add.append(path)
        elif recorded[path] != digest:
            result.would_change.append(path)
    result.would_remove = sorted(set(recorded) - set(fresh_hashes))
    result.would_change = [p for p in result.would_change if p not in result.edited]
    # The manifest itself: options, spec hashes and generator version must match too.
    if {k: v for k, v in expected.items() if k != "files"} != {
        k: v for k, v in manifest.items() if k != "files"
    }:
        result.would_change.append(MANIFEST)
    return result
