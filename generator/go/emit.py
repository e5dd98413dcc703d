"""Render the files of a Go SDK module from the IR, and format them with gofmt."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import jinja2

from .. import ir
from ..markdown import md_cell, md_text
from ..names import unique
from ..render import template_environment
from ..resources import TEMPLATES_ROOT
from .escape import go_str, one_line
from .view import ModuleView, Options, build_view

TEMPLATES = TEMPLATES_ROOT / "go"
RUNTIME_DIR = TEMPLATES / "runtime"
# The module path the runtime files import each other by; replaced by the real one.
RUNTIME_MODULE = "sdkforge.example/sdk"

# Import path -> the name a file refers to it by (standard library first, then the module's).
_STD = (
    "bytes",
    "context",
    "encoding/json",
    "errors",
    "fmt",
    "net/http",
    "net/url",
    "strings",
)
_STRING_OR_COMMENT = re.compile(r'"(?:[^"\\\n]|\\.)*"|`[^`]*`|//[^\n]*')


class GoFormatError(Exception):
    """gofmt rejected a generated file: a generator bug, never the user's fault."""


def _environment() -> jinja2.Environment:
    return template_environment(
        TEMPLATES,
        {
            "gostr": lambda s: go_str(str(s)),
            "gocomment": lambda s: one_line(str(s), 120),
            "mdcell": lambda s: md_cell(str(s)),
            "mdtext": lambda s: md_text(str(s)),
        },
    )


def _imports(text: str, local: dict[str, str]) -> str:
    """The import block a Go file needs: every package whose name it uses."""
    code = _STRING_OR_COMMENT.sub('""', text)
    used: list[str] = []
    for path in (*_STD, *local):
        name = path.rsplit("/", 1)[-1]
        if re.search(rf"(?<![\w.]){re.escape(name)}\.", code):
            used.append(path)
    if not used:
        return ""
    std = [p for p in used if p in _STD]
    own = [p for p in used if p not in _STD]
    lines = [f'\t"{p}"' for p in std]
    if std and own:
        lines.append("")
    lines += [f'\t"{local[p]}"' for p in own]
    return "import (\n" + "\n".join(lines) + "\n)"


def render_module(api: ir.Api, options: Options) -> tuple[ModuleView, dict[str, str]]:
    """Map of relative path -> file text (not yet gofmt'ed) for the whole module."""
    view = build_view(api, options)
    env = _environment()
    files: dict[str, str] = {}
    mod = options.module
    local = {
        f"{mod}/models/components": f"{mod}/models/components",
        f"{mod}/models/operations": f"{mod}/models/operations",
        f"{mod}/models/apierrors": f"{mod}/models/apierrors",
        f"{mod}/internal/sdkrt": f"{mod}/internal/sdkrt",
        f"{mod}/stream": f"{mod}/stream",
    }

    def render(template: str, target: str, **extra: object) -> None:
        text = env.get_template(template).render(m=view, **extra)
        if "__IMPORTS__" in text:
            text = text.replace("__IMPORTS__", _imports(text, local))
        files[target] = text

    render("module/go.mod.jinja", "go.mod")
    render("module/sdk.go.jinja", "sdk.go")
    for resource in view.resources:
        render("module/resource.go.jinja", resource.file, r=resource)
    render("module/models/components/models.go.jinja", "models/components/models.go")
    if view.errors:
        render("module/models/apierrors/errors.go.jinja", "models/apierrors/errors.go")
    if view.requests:
        render("module/models/operations/operations.go.jinja", "models/operations/operations.go")
    for source in sorted(RUNTIME_DIR.rglob("*.go")):
        if source.name.endswith("_test.go"):
            continue  # the runtime's own tests stay here
        rel = source.relative_to(RUNTIME_DIR).as_posix()
        text = source.read_text(encoding="utf-8")
        files[rel] = text.replace(f'"{RUNTIME_MODULE}/', f'"{mod}/')
    render("docs/README.md.jinja", "README.md")
    for resource in view.resources:
        render("docs/resource.md.jinja", f"docs/sdks/{resource.doc_dir}/README.md", r=resource)
    pages: set[str] = set()
    for model in view.models:
        # Type names differ by case only where file systems may not: keep every page.
        page = unique(model.name.lower(), pages)
        render("docs/model.md.jinja", f"docs/models/components/{page}.md", t=model)
    return view, files


def gofmt_files(files: dict[str, str]) -> dict[str, str]:
    """gofmt every .go file in one batch (a temporary tree, `gofmt -w`, read back).

    Returns `files` unchanged when gofmt is not installed; raises GoFormatError when gofmt
    cannot parse a file.
    """
    gofmt = shutil.which("gofmt")
    if gofmt is None:
        return files
    out = dict(files)
    with tempfile.TemporaryDirectory(prefix="sdkforge-gofmt-") as tmp:
        root = Path(tmp)
        paths = []
        for rel, text in files.items():
            if rel.endswith(".go"):
                path = root / rel
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
                paths.append(rel)
        if not paths:
            return out
        # Twice: Go 1.19's doc-comment reformatting is not always idempotent in one pass
        # (a list right after a paragraph gets its blank line only on the second run).
        for _ in range(2):
            proc = subprocess.run(
                [gofmt, "-w", *paths], cwd=root, capture_output=True, text=True, check=False
            )
            if proc.returncode != 0:
                raise GoFormatError(proc.stderr.strip()[:2000])
        for rel in paths:
            out[rel] = (root / rel).read_text(encoding="utf-8")
    return out
