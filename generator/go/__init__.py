"""The Go target: a Go module (SDK, models, errors, streams, docs) from the IR."""

from __future__ import annotations

import re

from .. import ir
from .emit import GoFormatError, gofmt_files, render_module
from .smoke import GoSmokeFailure, go_env, smoke_go
from .view import Options, check_package, default_package

__all__ = ["GoFormatError", "GoSmokeFailure", "generate_go_files", "go_env", "smoke_go"]

_MODULE_PATH = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._~-]*(/[A-Za-z0-9._~-]+)*$")


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

    `package` "" means the last element of `module`, sanitized (`openrouter-go` ->
    `openroutergo`). Raises ValueError for a module path Go would refuse.
    """
    if not _MODULE_PATH.match(module) or ".." in module:
        raise ValueError(f"invalid Go module path {module!r}")
    pkg = check_package(re.sub(r"[^a-z0-9]", "", package.lower())) if package else ""
    options = Options(
        name=name,
        module=module,
        package=pkg or default_package(module),
        version=version,
        base_url=base_url,
        spec_file=spec_file,
        spec_sha256=spec_sha256,
    )
    _, files = render_module(api, options)
    return gofmt_files(files)
