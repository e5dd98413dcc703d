"""The one Jinja setup every target uses: templates see only precomputed views."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import jinja2


def template_environment(
    root: Path, filters: dict[str, Callable[..., str]], *, do_extension: bool = False
) -> jinja2.Environment:
    """A Jinja environment for the templates under `root`.

    Autoescaping is off because no target is HTML: every spec string reaches a template through
    the escaper of its output context (the `filters`). StrictUndefined makes a missing view field
    a generator bug instead of an empty string in generated code.
    """
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(root)),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
        extensions=["jinja2.ext.do"] if do_extension else [],
    )
    env.filters.update(filters)
    return env
