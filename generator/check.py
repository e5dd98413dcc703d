"""`gen check`: is the generated output current, and untouched since it was generated?

The output is regenerated in memory (no smoke test, nothing written) and compared with the
manifest, and the manifest with the files on disk. Two kinds of finding:

- stale: regenerating would change, add or remove a file (the spec, the options or the
  generator changed);
- edited: a file the generator owns differs on disk from what was generated (edited by hand,
  or deleted), which the next regeneration would silently undo.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

from . import edits
from .config import GenerateRequest, request_from_target
from .diagnostics import Reporter
from .manifest import (
    MANIFEST,
    CheckUsageError,
    build_manifest,
    generator_fingerprint,
    read_manifest,
    request_from_manifest,
    sha256,
)
from .pipeline import GenerateResult, build_files
from .target import get_target
from .write import safe_relative

__all__ = [
    "CheckResult", "CheckUsageError", "check_output", "request_from_manifest",
    "request_from_target",
]  # fmt: skip


# Not compared: the file hashes (compared one by one) and the no-op key (a generator change
# that changes no output leaves the output current).
_UNCOMPARED = ("files", "cache")


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
    reasons: list[str] = field(default_factory=list)  # which input changed, when stale

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
            why = "; ".join(self.reasons) or "the generator's output changed"
            lines.append(f"{self.out_dir}: stale because {why}")
            parts.append(f"stale ({stale} file(s)); fix: run `gen generate` and commit the result")
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
    fresh = _build_unchecked(request, progress)
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
    if {k: v for k, v in expected.items() if k not in _UNCOMPARED} != {
        k: v for k, v in manifest.items() if k not in _UNCOMPARED
    }:
        result.would_change.append(MANIFEST)
    if result.would_change or result.would_add or result.would_remove:
        result.reasons = _reasons(manifest, expected) or [_environment(request)]
    return result


def _build_unchecked(request: GenerateRequest, progress: Reporter | None) -> GenerateResult:
    """The fresh files, built without a target's toolchain check: Go output is gofmt-clean as
    rendered, so checking it needs no Go toolchain (gofmt is still used where installed)."""
    target = get_target(request.lang)
    saved = getattr(target, "go_check", None)
    if saved is not None:
        setattr(target, "go_check", False)  # noqa: B010 (not on Target)
    try:
        return build_files(request, progress)
    finally:
        if saved is not None:
            setattr(target, "go_check", saved)  # noqa: B010


def _environment(request: GenerateRequest) -> str:
    """Why output differs when spec, options and generator code do not: a tool differs."""
    why = "spec, options and generator code are unchanged, so a tool differs here"
    if request.lang == "go" and shutil.which("gofmt") is None:
        # Go output is gofmt'ed; without gofmt the fresh files are compared unformatted.
        why += " (gofmt is not on PATH: install Go to check or generate Go output)"
    return why


def _reasons(recorded: dict[str, object], fresh: dict[str, object]) -> list[str]:
    """Which input differs between the recorded generation and now: spec, options, generator."""
    reasons = []
    old_specs, new_specs = recorded.get("specs"), fresh.get("specs")
    if old_specs != new_specs:
        listed = old_specs if isinstance(old_specs, list) else []
        old = {s.get("path"): s.get("sha256") for s in listed if isinstance(s, dict)}
        assert isinstance(new_specs, list)
        changed = [str(s["path"]) for s in new_specs if old.get(s["path"]) != s["sha256"]]
        reasons.append(f"the spec changed ({', '.join(changed) or 'its list of files'})")
    old_options, new_options = recorded.get("options"), fresh.get("options")
    if old_options != new_options and isinstance(old_options, dict):
        assert isinstance(new_options, dict)
        keys = sorted(
            k for k in set(old_options) | set(new_options)
            if old_options.get(k) != new_options.get(k)
        )  # fmt: skip
        shown = ", ".join(f"{k} {old_options.get(k)!r} -> {new_options.get(k)!r}" for k in keys[:3])
        reasons.append(f"the options changed ({shown})")
    cache = recorded.get("cache")
    if isinstance(cache, dict) and cache.get("generator") != generator_fingerprint():
        version = recorded.get("generator_version")
        reasons.append(f"the generator changed (code or templates; recorded sdkforge {version})")
    elif recorded.get("generator_version") != fresh.get("generator_version"):
        reasons.append(f"the generator changed (sdkforge {recorded.get('generator_version')} -> "
                       f"{fresh.get('generator_version')})")  # fmt: skip
    return reasons
