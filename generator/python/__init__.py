"""The Python target: turns an `ir.Api` into the files of a Python SDK package."""

from __future__ import annotations

from pathlib import Path

from .. import format as fmt
from .. import ir
from ..diagnostics import InternalError, Reporter
from ..names import unique
from ..overrides import rename_models
from ..target import RenderOptions, register
from . import smoke as smoke_module
from .emit import RUNTIME_DIR, render_package
from .idents import RESERVED_CLASS_NAMES
from .view import Options, PackageView, build_view

RUNTIME_FILES = frozenset(p.name for p in RUNTIME_DIR.glob("*.py"))


def safe_model_names(api: ir.Api) -> ir.Api:
    """`api` with every model whose name the package declares itself renamed (`Omit` ->
    `OmitModel`), references included: the IR's names are language-neutral."""
    taken = {s.name.lower() for s in api.schemas}
    table = {
        s.name: unique(s.name + "Model", taken)
        for s in api.schemas
        if s.name in RESERVED_CLASS_NAMES
    }
    return rename_models(api, table)


def _view_options(options: RenderOptions) -> Options:
    return Options(
        name=options.name,
        package=options.package,
        version=options.version,
        base_url=options.base_url,
        spec_file=options.spec_file,
        spec_sha256=options.spec_sha256,
    )


def package_view(api: ir.Api, options: RenderOptions) -> PackageView:
    """The view `render` builds its templates from (the smoke plan and tests use it too)."""
    return build_view(safe_model_names(api), _view_options(options))


class PythonTarget:
    """A typed Python package (httpx + pydantic v2), its docs and a verbatim runtime."""

    name = "python"
    reserved_names = RESERVED_CLASS_NAMES

    def __init__(self) -> None:
        # The last render's input and view: `smoke` on the same IR reuses the view instead of
        # building it again (3 s on Stripe's spec). Only a cache: a miss recomputes it.
        self._last: tuple[ir.Api, RenderOptions, ir.Api, PackageView] | None = None

    def manifest_options(self, options: RenderOptions) -> dict[str, object]:
        return {}

    def render(self, api: ir.Api, options: RenderOptions) -> dict[str, str]:
        # Doc snippets are thousands of tiny programs: `auto` formats them with ruff in one
        # process (black's per-call cost would dominate); an explicit choice is honoured.
        snippets = "black" if options.formatter == "black" else "ruff"
        safe = safe_model_names(api)
        view, files = render_package(safe, _view_options(options), snippets)
        self._last = (api, options, safe, view)
        return files

    def render_warnings(self) -> list[tuple[str, str]]:
        """(message, pointer) of the names the last render had to change."""
        return list(self._last[3].warnings) if self._last is not None else []

    def format(self, files: dict[str, str], formatter: str, progress: Reporter) -> dict[str, str]:
        # The runtime is copied verbatim and already black-formatted (tests/test_quality.py
        # checks it); formatting it again was half of black's time on small specs.
        package = next(p.split("/")[0] for p in files if p.endswith("/py.typed"))
        runtime = {f"{package}/{name}" for name in RUNTIME_FILES}
        to_format = {p: t for p, t in files.items() if p not in runtime}
        out = {p: t for p, t in files.items() if p in runtime}
        try:
            if fmt.choose_formatter(to_format, formatter) == "black":
                # One file at a time so a progress bar can follow black on large specs.
                for path in progress.iterate("format", sorted(to_format)):
                    out.update(fmt.format_files({path: to_format[path]}, "black"))
            else:
                progress.stage("format", f"{len(to_format)} files")
                out.update(fmt.format_files(to_format, "ruff"))
        except fmt.FormatError as exc:
            raise InternalError(
                f"generated code does not parse ({exc}); this is a generator bug"
            ) from exc
        return {path: out[path] for path in files}  # keep the renderer's order

    def smoke(self, staged: Path, api: ir.Api, options: RenderOptions) -> None:
        last = self._last
        if last is not None and last[0] is api and last[1] == options:
            safe, view = last[2], last[3]
        else:
            safe, view = safe_model_names(api), package_view(api, options)
        smoke_module.run_smoke(staged, smoke_module.build_plan(safe, view))


TARGET = register(PythonTarget())
