"""Render the files of a Python SDK package from the IR."""

from __future__ import annotations

import jinja2

from .. import ir
from ..render import template_environment
from ..resources import TEMPLATES_ROOT
from .docs import render_docs
from .escape import one_line, py_str, toml_str
from .view import Options, PackageView, build_view, export_sorted, import_sorted
from .view_models import ModelsModule


def models_module(view: PackageView) -> ModelsModule:
    """The single `models.py` of a package whose models are not split."""
    return ModelsModule(
        "", view.models, view.aliases, view.model_typing, view.model_extras,
        names=view.model_names,
    )  # fmt: skip


TEMPLATES = TEMPLATES_ROOT / "python"
RUNTIME_DIR = TEMPLATES / "runtime"


def _environment() -> jinja2.Environment:
    env = template_environment(
        TEMPLATES,
        {
            "pystr": py_str,
            # `X | None` + omit reads `X | Omit | None`: ruff (RUF036) wants None last.
            "with_omit": lambda a: (
                a[: -len(" | None")] + " | Omit | None" if a.endswith(" | None") else a + " | Omit"
            ),
            "tomlstr": lambda s: toml_str(str(s)),
            # Text placed inside an existing docstring: one line, no quotes or backslashes.
            "pystr_body": lambda s: one_line(str(s), 80).replace("\\", "/").replace('"', "'"),
        },
        do_extension=True,
    )
    # Name lists in ruff's orders (RUF022 for `__all__`, isort for imports).
    env.filters.update(export_sorted=export_sorted, import_sorted=import_sorted)
    return env


def render_package(
    api: ir.Api, options: Options, snippet_formatter: str = "ruff"
) -> tuple[PackageView, dict[str, str]]:
    """Map of relative path -> file text (unformatted) for the whole package.

    The docs' code snippets are formatted here already, by `snippet_formatter` (ruff | black).
    """
    view = build_view(api, options)
    env = _environment()
    pkg = options.package
    files: dict[str, str] = {}

    def render(template: str, target: str, **extra: object) -> None:
        files[target] = env.get_template(template).render(pkg=view, **extra)

    render("package/__init__.py.jinja", f"{pkg}/__init__.py")
    render("package/_config.py.jinja", f"{pkg}/_config.py")
    render("package/_client.py.jinja", f"{pkg}/_client.py")
    if view.model_modules:  # a large spec: a package of modules, names exported lazily
        render("package/models/__init__.py.jinja", f"{pkg}/models/__init__.py")
        for mod in view.model_modules:
            render("package/models.py.jinja", f"{pkg}/models/{mod.module}.py", mod=mod)
    else:
        render("package/models.py.jinja", f"{pkg}/models.py", mod=models_module(view))
    render("package/resources/__init__.py.jinja", f"{pkg}/resources/__init__.py")
    for resource in view.resources:
        render(
            "package/resources/resource.py.jinja",
            f"{pkg}/resources/{resource.module}.py",
            r=resource,
        )
    if view.webhooks is not None:
        render("package/webhooks.py.jinja", f"{pkg}/webhooks.py", w=view.webhooks)
    render("package/pyproject.toml.jinja", "pyproject.toml")
    files[f"{pkg}/py.typed"] = ""
    for source in sorted(RUNTIME_DIR.glob("*.py")):
        files[f"{pkg}/{source.name}"] = source.read_text(encoding="utf-8")
    files.update(render_docs(api, view, formatter=snippet_formatter))
    return view, files
