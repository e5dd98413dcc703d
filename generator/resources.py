"""Where the templates are: `templates/` of a source checkout (editable install), else the copy
installed with the wheel as the data package `sdkforge_templates`."""

from __future__ import annotations

import importlib.util
from pathlib import Path

_SOURCE = Path(__file__).resolve().parent.parent / "templates"


def templates_dir() -> Path:
    """The root of the templates (`python/`, `go/` below it)."""
    if _SOURCE.is_dir():
        return _SOURCE
    spec = importlib.util.find_spec("sdkforge_templates")
    if spec is not None and spec.submodule_search_locations:
        return Path(next(iter(spec.submodule_search_locations)))
    raise RuntimeError("sdkforge's templates are missing; reinstall sdkforge")


TEMPLATES_ROOT = templates_dir()
