"""Write generated files safely: staged, checked, then swapped in; user files untouched.

Only files the generator owns (listed in the previous manifest) are replaced or removed; any
other file in the output directory survives. Every path is checked to stay inside the output
directory before anything is written.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Collection, Mapping
from pathlib import Path, PurePosixPath

from .diagnostics import UsageError
from .manifest import MANIFEST, as_bytes, build_manifest, manifest_text, read_manifest, sha256

__all__ = [
    "MANIFEST", "OutputPathError", "WriteError", "check_output_path", "read_manifest",
    "safe_relative", "sha256", "write_output",
]  # fmt: skip


class WriteError(Exception):
    """The output could not be written; the output directory is unchanged."""


class OutputPathError(UsageError):
    """The output directory cannot be created or written there (a usage error, exit 2)."""


def check_output_path(out_dir: Path) -> None:
    """Refuse an output directory that cannot work before any work is done.

    `out_dir` must be a directory or not exist yet; its nearest existing ancestor must be a
    directory this process may create entries in (`-o a_file/sub`, `-o /proc/x` are refused).
    """
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputPathError(f"-o {out_dir}: exists and is not a directory")
    probe = out_dir if out_dir.exists() else out_dir.parent
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    if not probe.is_dir():
        raise OutputPathError(f"-o {out_dir}: {probe} is a file, not a directory")
    if not os.access(probe, os.W_OK | os.X_OK):
        raise OutputPathError(f"-o {out_dir}: {probe} is not writable")
    if probe == out_dir:
        return
    # The ancestor exists and looks writable; try for real (read-only or virtual file
    # systems such as /proc say yes to access() and still refuse a new directory).
    try:
        trial = Path(tempfile.mkdtemp(prefix=".sdkforge-probe-", dir=probe))
    except OSError as exc:
        raise OutputPathError(f"-o {out_dir}: cannot create a directory in {probe}: "
                              f"{exc.strerror or exc}") from None  # fmt: skip
    trial.rmdir()


def safe_relative(path: str) -> PurePosixPath:
    """`path` as a relative path that cannot leave its root, or WriteError."""
    pure = PurePosixPath(path)
    if pure.is_absolute() or not pure.parts or any(p in ("", ".", "..") for p in pure.parts):
        raise WriteError(f"refusing to write outside the output directory: {path!r}")
    if any("\\" in p or ":" in p or "\x00" in p for p in pure.parts):
        raise WriteError(f"refusing a file name with a path separator: {path!r}")
    return pure


def write_output(
    files: Mapping[str, str | bytes],
    out_dir: Path,
    meta: dict[str, object],
    *,
    force: bool = False,
    check: Callable[[Path], None] | None = None,
    keep: Collection[str] = (),
) -> list[str]:
    """Stage `files`, run `check` on the staged tree, then replace the owned files in `out_dir`.

    `check` raises to abort; nothing in `out_dir` changes unless it passes. Owned files no
    longer produced are removed, except those in `keep` (they stay, no longer owned). A file
    whose bytes are already on disk is left alone (its mtime too). Returns the paths written
    (the manifest included when it changed).
    """
    for path in files:
        safe_relative(path)
    previous = read_manifest(out_dir) if out_dir.exists() else None
    if out_dir.exists() and not out_dir.is_dir():
        raise WriteError(f"{out_dir} exists and is not a directory")
    if out_dir.exists() and previous is None and any(out_dir.iterdir()) and not force:
        raise WriteError(
            f"{out_dir} is not empty and holds no {MANIFEST} of ours; "
            "pass --force to write into it anyway"
        )
    manifest = build_manifest(files, meta)
    try:
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        stage = Path(tempfile.mkdtemp(prefix=".sdkforge-stage-", dir=out_dir.parent))
    except OSError as exc:
        raise OutputPathError(f"-o {out_dir}: cannot create it: {exc.strerror or exc}") from None
    try:
        for path, text in files.items():
            target = stage / safe_relative(path)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(as_bytes(text))
        (stage / MANIFEST).write_text(manifest_text(manifest))
        if check is not None:
            check(stage)
        return _swap_in(stage, out_dir, files, previous, keep)
    except OSError as exc:  # disk full, permissions: the swap was undone, say so plainly
        raise WriteError(
            f"cannot write {out_dir}: {exc}; the output directory is unchanged"
        ) from exc
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def _swap_in(
    stage: Path,
    out_dir: Path,
    files: Collection[str],
    previous: dict[str, object] | None,
    keep: Collection[str] = (),
) -> list[str]:
    """Move the staged files into `out_dir`; on any failure, put the previous files back.

    Each replaced or removed file is first moved aside into the stage directory (same file
    system, so every move is an atomic rename), which makes undoing a half-done swap possible.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    root = out_dir.resolve()
    backup = stage / ".previous"
    moved: list[tuple[Path, Path | None]] = []  # (target, its backup or None if it was new)
    created_dirs: list[Path] = []
    old_files = previous.get("files") if previous else None
    stale: list[Path] = []
    written: list[str] = []
    if isinstance(old_files, dict):
        for path in sorted(set(old_files) - set(files) - set(keep)):
            try:
                target = out_dir / safe_relative(path)
            except WriteError:
                continue
            if target.is_file() and target.resolve().is_relative_to(root):
                stale.append(target)
    try:
        for path in sorted(files):
            target = out_dir / safe_relative(path)
            if not target.parent.resolve().is_relative_to(root):
                raise WriteError(f"refusing to write through a link outside {out_dir}: {path}")
            _make_parents(target.parent, root, created_dirs)
            if _same(stage / path, target):
                continue  # unchanged: not rewritten, so its mtime says so too
            moved.append((target, _set_aside(target, backup, out_dir)))
            os.replace(stage / path, target)
            written.append(path)
        for target in stale:
            moved.append((target, _set_aside(target, backup, out_dir)))
        manifest = out_dir / MANIFEST
        if not _same(stage / MANIFEST, manifest):
            moved.append((manifest, _set_aside(manifest, backup, out_dir)))
            os.replace(stage / MANIFEST, manifest)
            written.append(MANIFEST)
    except BaseException:
        for target, saved in reversed(moved):
            if saved is not None:
                os.replace(saved, target)
            elif target.exists():
                target.unlink()
        for directory in reversed(created_dirs):
            if directory.is_dir() and not any(directory.iterdir()):
                directory.rmdir()
        raise
    for target in stale:
        _prune_empty(target.parent, root)
    return written


def _same(staged: Path, target: Path) -> bool:
    """True when `target` is a regular file holding exactly `staged`'s bytes."""
    if target.is_symlink() or not target.is_file():
        return False
    if staged.stat().st_size != target.stat().st_size:
        return False
    return staged.read_bytes() == target.read_bytes()


def _set_aside(target: Path, backup: Path, out_dir: Path) -> Path | None:
    """Move an existing `target` into `backup` (keeping its relative path); None if absent."""
    if not target.is_file():
        return None
    saved = backup / target.relative_to(out_dir)
    saved.parent.mkdir(parents=True, exist_ok=True)
    os.replace(target, saved)
    return saved


def _make_parents(directory: Path, root: Path, created: list[Path]) -> None:
    missing = []
    while not directory.exists():
        missing.append(directory)
        directory = directory.parent
    for d in reversed(missing):
        d.mkdir()
        created.append(d)


def _prune_empty(directory: Path, root: Path) -> None:
    while directory.resolve() != root and directory.is_dir() and not any(directory.iterdir()):
        directory.rmdir()
        directory = directory.parent
