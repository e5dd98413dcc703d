"""The Go target: a Go module (SDK, models, errors, streams, docs) from the IR."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from .. import ir
from ..diagnostics import InternalError, Reporter, UsageError
from ..target import RenderOptions, register
from .emit import GoFormatError, gofmt_files, render_module
from .smoke import GoSmokeFailure, go_env, smoke_go
from .view import Options, check_package, default_package

__all__ = [
    "GoFormatError",
    "GoSmokeFailure",
    "GoTarget",
    "generate_go_files",
    "go_env",
    "set_go_check",
    "smoke_go",
]
NO_GO = (
    "the Go toolchain (gofmt, go) is not on PATH: install Go 1.19 or later to format and "
    "check the Go SDK, or pass --no-go-check to write it without gofmt, go vet and go build"
)

_MODULE_PATH = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._~-]*(/[A-Za-z0-9._~-]+)*$")


def _options(api: ir.Api, options: RenderOptions) -> Options:
    """The Go view's options; ValueError for a module path Go would refuse.

    `options.package` "" means the last element of the module path, sanitized
    (`openrouter-go` -> `openroutergo`); `options.module` "" means the package name.
    """
    module = options.module or options.package
    if not _MODULE_PATH.match(module) or ".." in module:
        raise ValueError(f"invalid Go module path {module!r}")
    package = options.package
    pkg = check_package(re.sub(r"[^a-z0-9]", "", package.lower())) if package else ""
    return Options(
        name=options.name,
        module=module,
        package=pkg or default_package(module),
        version=options.version,
        base_url=options.base_url,
        spec_file=options.spec_file,
        spec_sha256=options.spec_sha256,
        client_defaults=api.client_defaults,
    )


def generate_go_files(
    api: ir.Api,
    *,
    name: str,
    module: str,
    package: str,
    version: str,
    base_url: str,
    spec_file: str,
    spec_sha256: str,
) -> dict[str, str]:
    """{relative path: file text} of the Go module, gofmt'ed when gofmt is available.

    Raises ValueError for a module path Go would refuse.
    """
    options = RenderOptions(
        name=name,
        package=package,
        version=version,
        base_url=base_url,
        module=module,
        spec_file=spec_file,
        spec_sha256=spec_sha256,
    )
    _, files = render_module(api, _options(api, options))
    return gofmt_files(files)


class GoTarget:
    """A Go module: one package per SDK, models in `models/`, a verbatim runtime."""

    name = "go"
    # Model types live in their own package (models/components), where the view maps every
    # IR name to a Go identifier itself (GoTypes): no model name is taken by the runtime.
    reserved_names: frozenset[str] = frozenset()

    def manifest_options(self, options: RenderOptions) -> dict[str, object]:
        return {"module": options.module or options.package}

    def render(self, api: ir.Api, options: RenderOptions) -> dict[str, str]:
        try:
            view_options = _options(api, options)
        except ValueError as exc:
            raise UsageError(f"--module: {exc}") from exc
        _, files = render_module(api, view_options)
        return files

    def __init__(self) -> None:
        # False (`--no-go-check`, set by the CLI): write the module even where Go is not
        # installed, unformatted when gofmt is missing and never vetted or built; True: a
        # missing toolchain is an error.
        self.go_check = True

    def format(self, files: dict[str, str], formatter: str, progress: Reporter) -> dict[str, str]:
        # gofmt is Go's one formatter: `formatter` (black | ruff) is for Python code only.
        if shutil.which("gofmt") is None:
            if self.go_check:
                raise UsageError(NO_GO)
            progress.stage("format", "no gofmt: files as rendered (laid out as gofmt would)")
            return files
        progress.stage("format", f"gofmt, {sum(p.endswith('.go') for p in files)} files")
        try:
            return gofmt_files(files)
        except GoFormatError as exc:
            raise InternalError(
                f"generated Go does not parse ({exc}); this is a generator bug"
            ) from exc

    def smoke(self, staged: Path, api: ir.Api, options: RenderOptions) -> None:
        if not self.go_check:
            return
        if shutil.which("go") is None:
            raise UsageError(NO_GO)
        smoke_go(staged)


_GO = GoTarget()
TARGET = register(_GO)


def set_go_check(enabled: bool) -> None:
    """`--no-go-check` (enabled False): skip gofmt where missing, and go vet and go build."""
    _GO.go_check = enabled
