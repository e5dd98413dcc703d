"""Markdown documentation for a generated Python SDK: README, one page per resource, one page
per model.

SECURITY: spec text is untrusted. It reaches Markdown only through generator/markdown.py
(`md_text` for prose blocks, `md_cell` for one line: table cells, list items, headings), and
reaches Python snippets only as literals made by python/snippets.py. Every snippet is formatted
here with the package's formatter (black or ruff), so a snippet that does not parse is a
generator bug caught at generation time, not a broken page.

The views are built by python/docs_pages.py (resource and model pages) and python/readme.py.
"""

from __future__ import annotations

import re

import jinja2

from .. import ir
from ..format import format_snippets
from ..markdown import code_block, md_cell, md_text, tidy
from ..render import template_environment
from ..resources import TEMPLATES_ROOT
from .docs_pages import PageBuilder
from .readme import readme
from .view import PackageView

TEMPLATES = TEMPLATES_ROOT / "python" / "docs"

SNIPPET_FORMATTERS = ("black", "ruff")

_PLACEHOLDER = re.compile("\x00snippet(\\d+)\x00")


def _environment() -> jinja2.Environment:
    return template_environment(TEMPLATES, {"md_cell": md_cell, "md_text": md_text})


def render_docs(api: ir.Api, view: PackageView, formatter: str = "ruff") -> dict[str, str]:
    """The documentation files of a generated SDK: relative path -> Markdown text.

    `README.md`, `docs/<resource module>.md` for every resource and `docs/models/<Model>.md`
    for every named schema. The snippets are formatted with `formatter` ("black" or "ruff",
    the one the package itself was formatted with). Output depends only on the arguments (no
    dates, stable order).
    """
    if formatter not in SNIPPET_FORMATTERS:
        raise ValueError(f"unknown snippet formatter {formatter!r}; use black or ruff")
    env = _environment()
    b = PageBuilder(api, view)
    resources = [b.resource(r_ir, r) for r_ir, r in zip(api.resources, view.resources, strict=True)]
    used_by = b.used_by(resources)
    files: dict[str, str] = {}
    readme_doc = readme(b, resources)
    common = {
        "pkg": view,
        "client": view.options.name,
        "package": view.options.package,
        "ra": readme_doc.anchors,
    }
    for r_doc in resources:
        files[f"docs/{r_doc.module}.md"] = env.get_template("resource.md.jinja").render(
            r=r_doc, **common
        )
    for schema in api.schemas:
        files[f"docs/models/{schema.name}.md"] = env.get_template("model.md.jinja").render(
            m=b.model(schema, used_by), **common
        )
    files["README.md"] = env.get_template("README.md.jinja").render(
        d=readme_doc, resources=resources, **common
    )
    blocks = _format_pending(b.snippets.pending, formatter)
    # Tidy before the snippets go in: a placeholder is one line, and `tidy` leaves the lines
    # of a fenced block as they are, so the result is the same with less text to scan.
    return {
        path: _PLACEHOLDER.sub(lambda m: blocks[m.group(0)], tidy(text))
        for path, text in files.items()
    }


def format_snippet(code: str, formatter: str = "ruff") -> str:
    """Format one snippet; raises if it does not parse (a generator bug)."""
    return format_many([code], formatter)[0]


def format_many(snippets: list[str], formatter: str) -> list[str]:
    """Format independent programs, each as formatting it alone gives (one final newline)."""
    return format_snippets(snippets, formatter)


def _format_pending(pending: dict[str, str], formatter: str) -> dict[str, str]:
    """Format every snippet in one batch and fence it."""
    formatted = format_many(list(pending.values()), formatter)
    return {key: code_block(code) for key, code in zip(pending, formatted, strict=True)}
