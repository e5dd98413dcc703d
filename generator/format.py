"""Format generated Python: black, or ruff's black-compatible formatter.

Black is the reference style. It costs about 3 ms per line, which is minutes on a spec like
GitHub's (hundreds of thousands of generated lines); `ruff format` writes nearly the same style
about 100 times faster, but not always byte-identical (long annotations wrap differently). So the
default, `auto`, runs black on packages of up to AUTO_BLACK_MAX_LINES lines (most specs, the seeds
included) and ruff above that; `--formatter black|ruff` forces one (docs/design.md).
"""

from __future__ import annotations

import shutil
import subprocess
import sysconfig
import tempfile
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import black

FORMATTERS = ("auto", "black", "ruff")
DEFAULT_FORMATTER = "auto"
AUTO_BLACK_MAX_LINES = 20_000  # about a minute of black on two cores
LINE_LENGTH = 88


@cache
def _mode() -> black.Mode:
    # black is imported on first use: a no-op `gen generate` never formats, and the import
    # is a fifth of a second.
    import black

    return black.Mode(target_versions={black.mode.TargetVersion.PY39}, line_length=LINE_LENGTH)


class FormatError(Exception):
    """Generated code that the formatter cannot parse: a generator bug, never the user's fault."""

    def __init__(self, path: str, detail: str) -> None:
        super().__init__(f"{path}: {detail}")
        self.path = path
        self.detail = detail


def format_files(files: Mapping[str, str], formatter: str = DEFAULT_FORMATTER) -> dict[str, str]:
    """Format every non-empty `.py` file; other files pass through unchanged."""
    sources = {p: t for p, t in files.items() if p.endswith(".py") and t.strip()}
    formatted = format_sources(sources, formatter)
    return {p: formatted.get(p, t) for p, t in files.items()}


def choose_formatter(sources: Mapping[str, str], formatter: str = DEFAULT_FORMATTER) -> str:
    """The formatter `auto` stands for, given what is to be formatted."""
    if formatter != "auto":
        return formatter
    lines = sum(text.count("\n") for text in sources.values())
    return "black" if lines <= AUTO_BLACK_MAX_LINES else "ruff"


def format_sources(
    sources: Mapping[str, str], formatter: str = DEFAULT_FORMATTER
) -> dict[str, str]:
    """Format Python sources keyed by any name (used as the file name in errors)."""
    formatter = choose_formatter(sources, formatter)
    if formatter == "black":
        return {name: _black(name, text) for name, text in sources.items()}
    if formatter == "ruff":
        return _ruff(sources)
    raise ValueError(f"unknown formatter {formatter!r}; use one of {', '.join(FORMATTERS)}")


# Between two programs of a batch (see `format_snippets`): a comment at column 0, which the
# formatter keeps on a line of its own and never merges into the code around it.
_BOUNDARY = "# sdkforge-snippet-boundary "


def format_snippets(snippets: Sequence[str], formatter: str = "ruff") -> list[str]:
    """Format many small independent programs (doc snippets): ruff, in one process, or black.

    Each result has its leading blank lines removed and one final newline, whichever formatter
    runs. For `black` every program is formatted on its own (black works in-process).

    The programs are joined into one source with a numbered boundary comment between them,
    piped through `ruff format -` and split again: one process and no temporary files instead
    of one file per snippet. Every program is top-level code, so its formatting does not depend
    on its neighbours; the blank lines the formatter puts around a boundary are dropped, which
    leaves each piece exactly as formatting it alone gives (leading blank lines removed, one
    final newline). If a program already holds the boundary text, or the batch fails (a
    snippet that does not parse), every program is formatted on its own, which names the
    culprit in the FormatError.
    """
    if not snippets:
        return []
    if formatter == "black":
        return [
            _black(f"snippet{i}.py", code).strip("\n") + "\n" for i, code in enumerate(snippets)
        ]
    if formatter not in ("ruff", "auto"):
        raise ValueError(f"unknown formatter {formatter!r}; use one of {', '.join(FORMATTERS)}")
    if any(_BOUNDARY in code for code in snippets):
        return _ruff_each(snippets)
    parts = []
    for index, code in enumerate(snippets):
        if index:
            parts.append(f"{_BOUNDARY}{index}\n")
        parts.append(code if code.endswith("\n") else code + "\n")
    result = subprocess.run(
        [_ruff_binary(), "format", "--isolated", "--no-cache", "--quiet",
         "--line-length", str(LINE_LENGTH), "--target-version", "py39",
         "--stdin-filename", "snippets.py", "-"],
        input="".join(parts), capture_output=True, text=True, encoding="utf-8", timeout=600,
    )  # fmt: skip
    if result.returncode != 0:
        return _ruff_each(snippets)
    pieces = result.stdout.split("\n" + _BOUNDARY)
    out = [pieces[0]]
    for index, piece in enumerate(pieces[1:], start=1):
        number, _, rest = piece.partition("\n")
        if number != str(index):
            return _ruff_each(snippets)
        out.append(rest)
    if len(out) != len(snippets):
        return _ruff_each(snippets)
    return [piece.strip("\n") + "\n" for piece in out]


def _ruff_each(snippets: Sequence[str]) -> list[str]:
    names = [f"snippet{i}.py" for i in range(len(snippets))]
    formatted = _ruff(dict(zip(names, snippets, strict=True)))
    return [formatted[name] for name in names]


def _black(name: str, text: str) -> str:
    try:
        import black

        return black.format_str(text, mode=_mode())
    except Exception as exc:  # black raises several types for invalid input
        raise FormatError(name, str(exc).splitlines()[0][:300]) from exc


def _ruff_binary() -> str:
    """The binary of the pinned `ruff` wheel, installed next to this interpreter's scripts."""
    candidate = Path(sysconfig.get_path("scripts")) / "ruff"
    if candidate.is_file():
        return str(candidate)
    found = shutil.which("ruff")
    if found is None:
        raise FormatError("*", "ruff is not installed; reinstall sdkforge or use --formatter black")
    return found


def _ruff(sources: Mapping[str, str]) -> dict[str, str]:
    if not sources:
        return {}
    names = sorted(sources)
    with tempfile.TemporaryDirectory(prefix="sdkforge-fmt-") as tmp:
        root = Path(tmp)
        # Numbered files: names may repeat across packages and need not be valid paths.
        for index, name in enumerate(names):
            (root / f"f{index}.py").write_text(sources[name], encoding="utf-8")
        result = subprocess.run(
            # Not --quiet: it also silences the parse error that names the failing file.
            [_ruff_binary(), "format", "--isolated", "--no-cache",
             "--line-length", str(LINE_LENGTH), "--target-version", "py39", "."],
            cwd=root, capture_output=True, text=True, timeout=600,
        )  # fmt: skip
        if result.returncode != 0:
            detail = (result.stderr or result.stdout).strip().splitlines()
            failing = next((n for i, n in enumerate(names) if f"f{i}.py" in result.stderr), "?")
            raise FormatError(failing, (detail[0] if detail else "ruff format failed")[:300])
        return {
            name: (root / f"f{i}.py").read_text(encoding="utf-8") for i, name in enumerate(names)
        }
