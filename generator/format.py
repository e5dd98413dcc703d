"""Format generated Python in process, so output is byte-identical to black's."""

from __future__ import annotations

import black

_MODE = black.Mode(
    target_versions={black.mode.TargetVersion.PY39},
    line_length=88,
)


class FormatError(Exception):
    """Generated code that black cannot parse: a generator bug, never the user's fault."""

    def __init__(self, path: str, detail: str) -> None:
        super().__init__(f"{path}: {detail}")
        self.path = path
        self.detail = detail


def format_files(files: dict[str, str]) -> dict[str, str]:
    """Black-format every `.py` file; other files pass through."""
    out: dict[str, str] = {}
    for path, text in files.items():
        if path.endswith(".py") and text.strip():
            try:
                out[path] = black.format_str(text, mode=_MODE)
            except Exception as exc:  # black raises several types for invalid input
                raise FormatError(path, str(exc).splitlines()[0][:300]) from exc
        else:
            out[path] = text
    return out
