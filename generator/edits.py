"""Custom code that survives regeneration: hand edits re-applied by a three-way merge.

Every generation stores its pristine output (only the files the generator owns) in one
deterministic gzip'd JSON file, `.sdkforge/base/pristine.json.gz`, named in the manifest. On the
next `gen generate`, each owned file whose content on disk differs from its pristine copy is an
edit, and is merged into the new output (base = pristine previous generation, ours = the file
on disk, theirs = the new generation) with `merge3`, the line-based three-way merge of Bazaar
and Breezy (pure Python, so no git is needed). The merged tree is what gets staged, smoke-tested
and written; the manifest records each kept edit with the hash of the file as written.

A conflict writes the merged text with markers to `.sdkforge/conflicts/<path>` and changes
nothing else. Once the user edits that file to the wanted result, the next `gen generate` takes
it as the resolution as long as neither side changed since.
"""

from __future__ import annotations

import difflib
import gzip
import json
import shutil
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

from merge3 import Merge3, SequenceMatcherProtocol

from .diagnostics import Diagnostic, Level
from .manifest import read_manifest, sha256
from .write import WriteError, safe_relative

BASE_FILE = ".sdkforge/base/pristine.json.gz"
CONFLICTS_DIR = ".sdkforge/conflicts"
CONFLICTS_INDEX = ".sdkforge/conflicts.json"  # which sides each conflict file was made from
BASE_FORMAT = 1
MARKERS = ("<<<<<<< ", "||||||| ", "=======", ">>>>>>> ")


class EditsError(WriteError):
    """The edits in the output directory cannot be carried over; nothing was written."""


class EditConflict(EditsError):
    """Edited files conflict with the new generation; their merges are in the conflicts folder."""


@dataclass
class Merged:
    """One edited file carried over to the new generation."""

    path: str
    text: str  # the merged content, with conflict markers when `conflicts`
    hunks: int  # how many places the edit changed, against the pristine copy
    conflicts: int = 0
    theirs: str = ""  # sha256 of the new generation's file (for the conflicts index)
    ours: str = ""  # sha256 of the edited file


@dataclass
class EditPlan:
    """What `gen generate` writes once the edits are merged in."""

    files: dict[str, str | bytes]  # the merged generation plus the pristine base
    meta: dict[str, object]  # for the manifest: {"edits": {"base": ..., "kept": ...}}
    keep: list[str] = field(default_factory=list)  # edited files no longer generated: disowned
    diagnostics: list[Diagnostic] = field(default_factory=list)
    conflicts: list[Merged] = field(default_factory=list)


# --- the pristine base -------------------------------------------------------------------------


def pack_base(files: Mapping[str, str]) -> bytes:
    """The pristine generation as one deterministic blob (gzip with no name and no time)."""
    text = json.dumps(
        {"format": BASE_FORMAT, "files": dict(sorted(files.items()))},
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)


def unpack_base(blob: bytes) -> dict[str, str]:
    """The files of a blob written by `pack_base`; ValueError when it is not one."""
    try:
        data = json.loads(gzip.decompress(blob).decode("utf-8"))
    except (OSError, EOFError, UnicodeDecodeError, ValueError) as exc:
        raise ValueError(f"not a pristine copy ({exc})") from exc
    files = data.get("files") if isinstance(data, dict) else None
    if data.get("format") != BASE_FORMAT or not isinstance(files, dict):
        raise ValueError("not a pristine copy (unknown format)")
    out: dict[str, str] = {}
    for path, text in files.items():
        if not isinstance(path, str) or not isinstance(text, str):
            raise ValueError("not a pristine copy (bad entry)")
        safe_relative(path)
        out[path] = text
    return out


def read_base(out_dir: Path, manifest: Mapping[str, object]) -> dict[str, str] | None:
    """The pristine previous generation stored in `out_dir`, or None when there is none.

    EditsError when it is there but damaged (its hash no longer matches the manifest).
    """
    recorded = manifest.get("files")
    digest = recorded.get(BASE_FILE) if isinstance(recorded, dict) else None
    target = out_dir / BASE_FILE
    if digest is None or not target.is_file():
        return None
    blob = target.read_bytes()
    try:
        if sha256(blob) != digest:
            raise ValueError("changed since generation")
        return unpack_base(blob)
    except (ValueError, WriteError) as exc:
        raise EditsError(
            f"{target}: {exc}; restore it from version control, or pass --discard-edits "
            "to regenerate pristine output"
        ) from None


# --- merging -----------------------------------------------------------------------------------


class _Matcher(difflib.SequenceMatcher[str]):
    """difflib without the "popular line" heuristic, which misaligns long generated files."""

    def __init__(
        self,
        isjunk: Callable[[str], bool] | None = None,
        a: Sequence[str] = (),
        b: Sequence[str] = (),
        autojunk: bool = False,
    ) -> None:
        super().__init__(isjunk, a, b, autojunk=False)


def _lines(text: str) -> list[str]:
    """`text` split after each "\\n" only (str.splitlines also splits on form feeds)."""
    parts = text.split("\n")
    lines = [part + "\n" for part in parts[:-1]]
    if parts[-1]:
        lines.append(parts[-1])
    return lines


def count_hunks(old: str, new: str) -> int:
    """How many separate places `new` changes `old`."""
    matcher = _Matcher(None, _lines(old), _lines(new))
    return sum(1 for tag, *_ in matcher.get_opcodes() if tag != "equal")


def merge_file(path: str, base: str, ours: str, theirs: str) -> Merged:
    """Three-way merge of one file: the edit (`ours`) re-applied to the new generation."""
    # merge3's protocol wants list[tuple] where difflib's stubs say list[Match] (a tuple).
    matcher = cast("type[SequenceMatcherProtocol[str]]", _Matcher)
    merge = Merge3(_lines(base), _lines(ours), _lines(theirs), sequence_matcher=matcher)
    conflicts = sum(1 for region in merge.merge_regions() if region[0] == "conflict")
    text = "".join(
        merge.merge_lines(
            name_a=f"your edit ({path})",
            name_b="new generation",
            name_base="previous generation",
            base_marker=MARKERS[1].rstrip(),
        )
    )
    hunks = count_hunks(base, ours)
    return Merged(path, text, hunks, conflicts, sha256(theirs.encode()), sha256(ours.encode()))


def has_markers(text: str) -> bool:
    """True when `text` still holds a line that starts with a conflict marker."""
    return any(line.startswith(MARKERS) for line in text.split("\n"))


# --- planning a generation ---------------------------------------------------------------------


def _read_text(target: Path) -> str | None:
    """The text of `target`; None when it is missing or a link (never read through one)."""
    if target.is_symlink() or not target.is_file():
        return None
    return _decode(target, target.read_bytes())


def _decode(target: Path, raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise EditsError(
            f"{target}: edited and no longer UTF-8 text, so it cannot be merged; restore it, "
            "or pass --discard-edits to regenerate pristine output"
        ) from None


def _note(level: Level, target: Path, message: str) -> Diagnostic:
    return Diagnostic(level, message, file=str(target))


def _resolutions(out_dir: Path) -> dict[str, dict[str, str]]:
    """The conflicts index written by the last failed run ({path: {"ours", "theirs"}})."""
    try:
        data = json.loads((out_dir / CONFLICTS_INDEX).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {
        str(p): {str(k): str(v) for k, v in e.items()}
        for p, e in (data.items() if isinstance(data, dict) else [])
        if isinstance(e, dict)
    }


def plan_edits(
    out_dir: Path,
    generated: Mapping[str, str],
    *,
    discard: bool = False,
    recorded_only: bool = False,
) -> EditPlan:
    """Merge the edits found in `out_dir` into `generated` (the new pristine generation).

    `recorded_only` (for `gen check`): only edits the manifest records as written count, a
    file changed since is taken as unedited, and a conflict is not raised but returned.
    Raises EditsError when edits exist but cannot be merged (no pristine copy, not text).
    """
    files: dict[str, str | bytes] = dict(generated)
    files[BASE_FILE] = pack_base(generated)
    edits: dict[str, object] = {"base": {"path": BASE_FILE, "format": BASE_FORMAT}}
    plan = EditPlan(files, {"edits": edits})
    manifest = read_manifest(out_dir) if out_dir.is_dir() else None
    if manifest is None:
        return plan
    recorded = manifest.get("files")
    recorded = recorded if isinstance(recorded, dict) else {}
    try:
        base = read_base(out_dir, manifest)
    except EditsError:
        if not discard:
            raise
        base = None
    resolved = {} if recorded_only else _resolutions(out_dir)
    kept: dict[str, object] = {}
    for path in sorted(recorded):
        if path == BASE_FILE:
            continue
        try:
            target = out_dir / safe_relative(str(path))
        except WriteError:
            continue
        if target.is_symlink() or not target.is_file():
            continue  # deleted by hand (generated again), or a link: never read through it
        raw = target.read_bytes()
        unchanged = sha256(raw) == recorded[path]
        if recorded_only and not unchanged:
            # An edit not yet recorded: gen check reports it as such. Where the generation of
            # the file is unchanged, what was recorded is still what gen generate would keep.
            if base is not None and base.get(path) == generated.get(path):
                previous = _kept(manifest).get(path)
                if previous is not None:
                    kept[path] = previous
            continue
        if base is None and unchanged:
            continue  # untouched output of an sdkforge that kept no pristine copy
        if discard:
            if base is None or raw != base.get(path, "").encode():
                plan.diagnostics.append(_note(Level.WARNING, target, "edit discarded"))
            continue
        if base is None:
            raise EditsError(
                f"{target}: edited since generation, but {out_dir} holds no pristine copy to "
                "merge the edit with (generated by an older sdkforge); undo the edit, or pass "
                "--discard-edits to overwrite it"
            )
        pristine, ours = base.get(path), _decode(target, raw)
        if pristine is None or ours == pristine:
            continue
        if path not in generated:
            plan.keep.append(path)
            plan.diagnostics.append(
                _note(
                    Level.WARNING,
                    target,
                    "edited by hand and no longer generated: kept as your own file, no longer "
                    "owned or updated by gen (delete it if it is not needed)",
                )
            )
            continue
        _carry(plan, kept, merge_file(path, pristine, ours, generated[path]), resolved, out_dir)
    if not recorded_only and not discard:
        # A file of the user's own where the new generation now puts one (it was disowned, or
        # written by hand): merged as an edit of an empty file, so never silently overwritten.
        for path in sorted(set(generated) - set(recorded)):
            target = out_dir / path
            mine = _read_text(target)
            if mine is not None and mine != generated[path]:
                _carry(plan, kept, merge_file(path, "", mine, generated[path]), resolved, out_dir)
    if kept:
        edits["kept"] = kept
    return plan


def _carry(
    plan: EditPlan,
    kept: dict[str, object],
    merged: Merged,
    resolved: Mapping[str, Mapping[str, str]],
    out_dir: Path,
) -> None:
    """Put one merge into `plan`: kept, resolved by the user, absorbed, or a conflict."""
    path, target = merged.path, out_dir / merged.path
    theirs = plan.files[path]
    assert isinstance(theirs, str)
    if merged.conflicts and resolved.get(path) == {"ours": merged.ours, "theirs": merged.theirs}:
        resolution = _read_text(out_dir / CONFLICTS_DIR / path)
        if resolution is not None and not has_markers(resolution):
            merged.text, merged.conflicts = resolution, 0
            merged.hunks = count_hunks(theirs, resolution)
    if merged.conflicts:
        plan.conflicts.append(merged)
    elif merged.text == theirs:
        plan.diagnostics.append(
            _note(Level.NOTE, target, "your edit is now part of the generated output")
        )
    else:
        plan.files[path] = merged.text
        kept[path] = {"sha256": sha256(merged.text.encode()), "hunks": merged.hunks}
        plan.diagnostics.append(
            _note(Level.NOTE, target, f"edit kept: {merged.hunks} hunk(s) merged into the output")
        )


def apply_edits(out_dir: Path, generated: Mapping[str, str], *, discard: bool = False) -> EditPlan:
    """`plan_edits` for `gen generate`: on conflicts, write them out and raise EditConflict."""
    plan = plan_edits(out_dir, generated, discard=discard)
    if plan.conflicts:
        write_conflicts(out_dir, plan.conflicts)
        raise EditConflict(conflict_report(out_dir, plan.conflicts))
    return plan


# --- conflicts ---------------------------------------------------------------------------------


def clear_conflicts(out_dir: Path) -> None:
    """Remove the conflicts folder and index of an earlier run (after a successful write)."""
    shutil.rmtree(out_dir / CONFLICTS_DIR, ignore_errors=True)
    (out_dir / CONFLICTS_INDEX).unlink(missing_ok=True)


def write_conflicts(out_dir: Path, conflicts: Sequence[Merged]) -> None:
    """Each merge with markers to `.sdkforge/conflicts/<path>`, plus the index of their sides."""
    clear_conflicts(out_dir)
    index: dict[str, dict[str, str]] = {}
    for merged in conflicts:
        target = out_dir / CONFLICTS_DIR / safe_relative(merged.path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(merged.text.encode("utf-8"))
        index[merged.path] = {"ours": merged.ours, "theirs": merged.theirs}
    (out_dir / CONFLICTS_INDEX).write_text(
        json.dumps(index, indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )


def conflict_report(out_dir: Path, conflicts: Sequence[Merged]) -> str:
    """The error text: what conflicts where, and the one-line fix for each file."""
    lines = [
        f"{len(conflicts)} edited file(s) conflict with the new generation; nothing else under "
        f"{out_dir} changed"
    ]
    for merged in conflicts:
        where = out_dir / CONFLICTS_DIR / merged.path
        lines.append(f"  {out_dir / merged.path}: {merged.conflicts} conflict(s), see {where}")
        lines.append(
            f"    fix: edit {where} to the result you want (no <<<<<<< ||||||| ======= >>>>>>> "
            "lines left) and run gen generate again, or pass --discard-edits to drop your edit"
        )
    return "\n".join(lines)


# --- gen check ---------------------------------------------------------------------------------


def expected_output(
    out_dir: Path, generated: Mapping[str, str]
) -> tuple[dict[str, str | bytes], dict[str, object]]:
    """What `gen generate` would write now, keeping the recorded edits: (files, manifest meta)."""
    try:
        plan = plan_edits(out_dir, generated, recorded_only=True)
    except EditsError:
        plan = plan_edits(out_dir, generated, discard=True)
    for merged in plan.conflicts:
        plan.files[merged.path] = merged.text  # differs from what is recorded: stale
    return plan.files, plan.meta


def _kept(manifest: Mapping[str, object]) -> dict[str, object]:
    edits = manifest.get("edits")
    kept = edits.get("kept") if isinstance(edits, dict) else None
    return {str(p): e for p, e in kept.items()} if isinstance(kept, dict) else {}


def kept_edits(manifest: Mapping[str, object]) -> list[str]:
    """The files the manifest records as holding kept edits."""
    return sorted(_kept(manifest))
