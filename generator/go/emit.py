"""Render the files of a Go SDK module from the IR, and format them with gofmt."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from pathlib import Path

import jinja2

from .. import ir
from ..markdown import md_cell, md_text
from ..names import unique
from ..render import template_environment
from ..resources import TEMPLATES_ROOT
from .escape import go_str, one_line
from .layout import layout
from .view import ModuleView, Options, build_view

TEMPLATES = TEMPLATES_ROOT / "go"
RUNTIME_DIR = TEMPLATES / "runtime"
# The module path the runtime files import each other by; replaced by the real one.
RUNTIME_MODULE = "sdkforge.example/sdk"

# The standard-library packages generated files import, in import-block order.
_STD = (
    "bytes",
    "context",
    "encoding/json",
    "errors",
    "fmt",
    "io",
    "net/http",
    "net/url",
    "strings",
    "time",
)
# The module's own packages, by the name files use, in import-block order.
_OWN = {
    "components": "models/components",
    "operations": "models/operations",
    "apierrors": "models/apierrors",
    "sdkrt": "internal/sdkrt",
    "stream": "stream",
}


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
        do_extension=True,
    )


def import_block(used: Iterable[str], module: str) -> str:
    """The import block of a file that uses the packages `used` (standard-library paths and
    the module's own package names); "" when it uses none."""
    used = set(used)
    unknown = used - set(_STD) - set(_OWN)
    if unknown:
        raise ValueError(f"unknown Go packages {sorted(unknown)}")
    lines = [f'\t"{p}"' for p in _STD if p in used]
    own = sorted(f'\t"{module}/{path}"' for name, path in _OWN.items() if name in used)
    if lines and own:
        lines.append("")
    lines += own
    return "import (\n" + "\n".join(lines) + "\n)" if lines else ""


def render_module(api: ir.Api, options: Options) -> tuple[ModuleView, dict[str, str]]:
    """Map of relative path -> file text (not yet gofmt'ed) for the whole module."""
    view = build_view(api, options)
    env = _environment()
    files: dict[str, str] = {}
    mod = options.module

    def render(template: str, target: str, packages: Iterable[str] = (), **extra: object) -> None:
        # `imports` starts with the packages of the file's types; constructs add theirs.
        text = env.get_template(template).render(
            m=view, imports=set(packages), go_imports=lambda used: import_block(used, mod), **extra
        )
        # gofmt's layout as rendered: the same bytes with or without a Go toolchain.
        files[target] = layout(text) if target.endswith(".go") else text

    for model in view.models:
        model.doc = lead_with_name(model.name, model.doc)
    for resource in view.resources:
        resource.doc = lead_with_name(resource.type, resource.doc)
    render("module/go.mod.jinja", "go.mod")
    render("module/sdk.go.jinja", "sdk.go")
    for resource in view.resources:
        render("module/resource.go.jinja", resource.file, resource.packages, r=resource)
    render(
        "module/models/components/models.go.jinja",
        "models/components/models.go",
        {"time"} if any(_names_time(m) for m in view.models) else set(),
    )
    if view.errors:
        packages = set().union(*(e.packages for e in view.errors))
        render("module/models/apierrors/errors.go.jinja", "models/apierrors/errors.go", packages)
    if view.requests:
        packages = set().union(*(r.packages for r in view.requests))
        render(
            "module/models/operations/operations.go.jinja",
            "models/operations/operations.go",
            packages,
        )
    runtime: dict[str, str] = {}
    for source in sorted(RUNTIME_DIR.rglob("*.go")):
        if source.name.endswith("_test.go"):
            continue  # the runtime's own tests stay here
        rel = source.relative_to(RUNTIME_DIR).as_posix()
        text = source.read_text(encoding="utf-8")
        runtime[rel] = text.replace(f'"{RUNTIME_MODULE}/', f'"{mod}/')
    files.update(_used_runtime(runtime, files))
    render("docs/README.md.jinja", "README.md")
    for resource in view.resources:
        render("docs/resource.md.jinja", f"docs/sdks/{resource.doc_dir}/README.md", r=resource)
    pages: set[str] = set()
    for model in view.models:
        # Type names differ by case only where file systems may not: keep every page.
        page = unique(model.name.lower(), pages)
        render("docs/model.md.jinja", f"docs/models/components/{page}.md", t=model)
    return view, files


# Runtime files of unexported helpers, each written only when the rest of its package calls one
# of its declarations (an unused unexported function is dead code: staticcheck's U1000).
OPTIONAL_RUNTIME = (
    "models/components/json.go",
    "models/components/json_extra.go",
    "models/components/json_member.go",
    "models/components/json_tag.go",
    "models/components/json_union.go",
)
_TOP_LEVEL = re.compile(r"^(?:func|var|type|const)\s+(\w+)", re.M)


def _used_runtime(runtime: dict[str, str], generated: dict[str, str]) -> dict[str, str]:
    """The runtime files to write: every one not in OPTIONAL_RUNTIME, and each optional one
    whose top-level names another kept file of the same package uses (to a fixed point, since
    optional files may call each other)."""
    kept = {rel: text for rel, text in runtime.items() if rel not in OPTIONAL_RUNTIME}
    pending = {rel: text for rel, text in runtime.items() if rel in OPTIONAL_RUNTIME}
    everything = {**generated, **kept}
    changed = True
    while changed:
        changed = False
        for rel, text in sorted(pending.items()):
            folder = rel.rpartition("/")[0]
            names = _TOP_LEVEL.findall(text)
            pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, names)) + r")\b")
            users = (
                other
                for path, other in everything.items()
                if path.endswith(".go") and path.rpartition("/")[0] == folder and path != rel
            )
            if names and any(pattern.search(_code(other)) for other in users):
                kept[rel] = everything[rel] = text
                del pending[rel]
                changed = True
    return kept


def _code(text: str) -> str:
    """Go source without its comment lines (a name in a doc comment is no use)."""
    return re.sub(r"(?m)^[ \t]*//.*$", "", text)


_ARTICLE = re.compile(r"^(A|An|The)\s", re.I)


def lead_with_name(name: str, doc: list[str]) -> list[str]:
    """A declaration's doc comment that starts with its name, as godoc and linters expect:
    "A completion request." becomes "Name is a completion request.", other text
    "Name - text"."""
    if not doc or doc[0].startswith(name + " "):
        return doc
    first = doc[0]
    if _ARTICLE.match(first):
        first = f"{name} is {first[:1].lower()}{first[1:]}"
    else:
        first = f"{name} - {first}"
    return [first, *doc[1:]]


def _names_time(model: object) -> bool:
    """Whether a components type view spells `time.Time` anywhere (its file imports time)."""
    texts = [getattr(model, "base", ""), getattr(model, "extra", "")]
    texts += [f.type for f in getattr(model, "fields", [])]
    texts += [v.type for v in getattr(model, "variants", [])]
    return any("time.Time" in t for t in texts)


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
