"""The `gen` command line. Only this module prints; exit codes are fixed here.

0 success · 1 the answer is no (spec errors, smoke failure, stale output, breaking changes) ·
2 usage error · 70 internal error.
"""

from __future__ import annotations

import functools
import json
import os
import sys
import time
import traceback
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from . import __version__
from .build_ir import build_api
from .check import CheckResult, check_output
from .config import (
    Config,
    ConfigError,
    GenerateRequest,
    find_config,
    load_config,
    request_from_target,
)
from .diagnostics import (
    Diagnostics,
    GenerationError,
    InternalError,
    Level,
    Reporter,
    UsageError,
)
from .format import DEFAULT_FORMATTER, FORMATTERS
from .manifest import ManifestError, recorded_version, request_from_manifest
from .pipeline import generate, load_document
from .target import TARGETS, SmokeFailure
from .write import WriteError

EXIT_OK, EXIT_NO, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 70
_T = TypeVar("_T")
_F = TypeVar("_F", bound=Callable[..., Any])
# More files than this get a progress bar while formatting; fewer finish too fast to need one.
PROGRESS_BAR_MIN_ITEMS = 40


class _Exit(Exception):
    """Leave a command with an exit code (raised inside the internal-error guard)."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


def _report(diags: Diagnostics, fmt: str, verbose: bool, quiet: bool = False) -> None:
    for d in diags.items:
        if d.level is Level.NOTE and not verbose and fmt != "json":
            continue
        if quiet and d.level is not Level.ERROR:
            continue
        if fmt == "json":
            click.echo(json.dumps(d.as_dict(), sort_keys=True), err=True)
        else:
            click.echo(d.format(), err=True)


class TerminalReporter(Reporter):
    """Stage lines (and a progress bar on large specs) on stderr, only when it is a terminal."""

    def __init__(self, enabled: bool, prefix: str = "") -> None:
        self.enabled = enabled
        self.prefix = prefix
        self.started = time.monotonic()

    def stage(self, name: str, detail: str = "") -> None:
        if self.enabled:
            elapsed = time.monotonic() - self.started
            text = f"gen: {self.prefix}{name}" + (f": {detail}" if detail else "")
            click.echo(f"{text} ({elapsed:.1f} s)", err=True)

    def iterate(self, label: str, items: Sequence[_T]) -> Iterable[_T]:
        if not self.enabled or len(items) < PROGRESS_BAR_MIN_ITEMS:
            return items
        return _bar(label, items)


def _bar(label: str, items: Sequence[_T]) -> Iterable[_T]:
    with click.progressbar(items, label=f"gen: {label}", file=sys.stderr) as bar:
        yield from bar


def _reporter(quiet: bool, fmt: str, prefix: str = "") -> TerminalReporter:
    return TerminalReporter(not quiet and fmt == "text" and sys.stderr.isatty(), prefix)


def _guarded(func: _F) -> _F:
    """Run a command: `_Exit` sets the exit code; anything unexpected is an internal error."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        debug = bool(kwargs.get("debug"))
        try:
            func(*args, **kwargs)
        except _Exit as exc:
            sys.exit(exc.code)
        except (UsageError, ConfigError, ManifestError) as exc:
            click.echo(f"gen: usage error: {exc}", err=True)
            sys.exit(EXIT_USAGE)
        except (InternalError, Exception) as exc:  # the last resort: never a bare traceback
            _internal(exc, debug)

    return wrapper  # type: ignore[return-value]


def _internal(exc: BaseException, debug: bool) -> NoReturn:
    if debug:
        traceback.print_exc()
    click.echo(
        f"gen: internal error: {type(exc).__name__}: {exc}\n"
        "This is a bug in sdkforge; please report it with the spec that triggered it "
        "(run with --debug for the traceback).",
        err=True,
    )
    sys.exit(EXIT_INTERNAL)


def _usage(message: str) -> NoReturn:
    raise UsageError(message)


def _load_config(config_path: str | None) -> Config | None:
    if config_path:
        return load_config(Path(config_path))
    found = find_config(Path.cwd())
    return load_config(found) if found else None


class _TargetChoice(click.Choice[str]):
    """`--lang`: the registered targets (`generator.target.TARGETS`), read when used, so a
    target registered after this module was imported is offered too."""

    def __init__(self) -> None:
        super().__init__(tuple(TARGETS))

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        self.choices = tuple(TARGETS)
        return super().convert(value, param, ctx)

    def get_metavar(self, *args: Any, **kwargs: Any) -> str | None:
        self.choices = tuple(TARGETS)
        return super().get_metavar(*args, **kwargs)


@click.group()
@click.version_option(__version__, prog_name="sdkforge")
def main() -> None:
    """Generate typed SDKs from OpenAPI specs."""


_FORMAT = click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    help="How to print diagnostics and results.",
)
_QUIET = click.option("--quiet", "-q", is_flag=True, help="Print only errors (for CI).")
_DEBUG = click.option("--debug", is_flag=True, help="Show Python tracebacks of internal errors.")
_CONFIG = click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False),
    default=None,
    help="Config file (default: gen.yaml or [tool.gen] in pyproject.toml here).",
)

# --- generate --------------------------------------------------------------------------------


@main.command("generate")
@click.argument("specs", nargs=-1, type=click.Path(dir_okay=False))
@click.option(
    "-o",
    "--output",
    "output",
    default=None,
    type=click.Path(file_okay=False),
    help="Directory to write the package into (required with SPEC).",
)
@click.option(
    "--name", default=None, help="Client class name, e.g. OpenRouter (required with SPEC)."
)
@click.option("--package", default=None, help="Import name (default: NAME lowercased).")
@click.option("--version", "pkg_version", default=None, help="Package version [0.1.0].")
@click.option("--base-url", default=None, help="Default base URL of the API.")
@click.option(
    "--lang",
    type=_TargetChoice(),
    default=None,
    help="Target language [python].",
)
@click.option(
    "--module",
    default=None,
    help="Module path, for targets that have one (Go; default: the package).",
)
@click.option("--no-smoke", is_flag=True, help="Skip the smoke test.")
@click.option(
    "--no-go-check", is_flag=True, help="Go: write the module without gofmt, go vet, go build."
)
@click.option("--force", is_flag=True, help="Write into a non-empty directory we did not create.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("--discard-edits", is_flag=True, help="Drop hand edits: write pristine output.")
@click.option(
    "--formatter",
    type=click.Choice(list(FORMATTERS)),
    default=DEFAULT_FORMATTER,
    show_default=True,
    help="auto: black up to 20,000 lines, ruff's black-compatible formatter above.",
)
@_QUIET
@click.option("--verbose", "-v", is_flag=True, help="Also print notes.")
@_FORMAT
@_CONFIG
@_DEBUG
@_guarded
def generate_cmd(specs: tuple[str, ...], output: str | None, name: str | None,
                 package: str | None, pkg_version: str | None, base_url: str | None,
                 lang: str | None, module: str | None, no_smoke: bool, no_go_check: bool,
                 force: bool,
                 strict: bool, discard_edits: bool, formatter: str, quiet: bool,
                 verbose: bool, fmt: str, config_path: str | None,
                 debug: bool) -> None:  # fmt: skip
    """Generate an SDK for SPEC (several SPECs: fragments of one API) into OUTPUT.

    Without SPEC, build every target of the config file (gen.yaml, or [tool.gen] in
    pyproject.toml).
    """
    for target in TARGETS.values():  # a target's own switch (the Go target's, issue 21)
        if hasattr(target, "go_check"):
            setattr(target, "go_check", not no_go_check)  # noqa: B010 (not on Target)
    run: dict[str, Any] = {
        "smoke": not no_smoke,
        "force": force,
        "strict": strict,
        "formatter": formatter,
        "discard_edits": discard_edits,
    }
    if specs:
        if output is None or name is None:
            missing = " and ".join(o for o, v in (("-o", output), ("--name", name)) if v is None)
            _usage(f"{missing} required when SPEC is given")
        requests = [
            GenerateRequest(
                spec=list(specs), out_dir=Path(output), name=name, package=package or "",
                version=pkg_version or "0.1.0", base_url=base_url or "",
                lang=lang or GenerateRequest.lang, module=module or "", **run,
            )
        ]  # fmt: skip
    else:
        given = [
            flag
            for flag, value in (
                ("-o", output), ("--name", name), ("--package", package),
                ("--version", pkg_version), ("--base-url", base_url), ("--lang", lang),
                ("--module", module),
            )
            if value is not None
        ]  # fmt: skip
        if given:
            _usage(f"{', '.join(given)} need a SPEC; without SPEC the config file is used")
        config = _load_config(config_path)
        if config is None:
            _usage("no SPEC given and no gen.yaml (or [tool.gen] in pyproject.toml) here")
        requests = [request_from_target(t, **run) for t in config.targets]
    worst = EXIT_OK
    for request in requests:
        code = _generate_one(request, quiet, verbose, fmt, multiple=len(requests) > 1)
        worst = max(worst, code)
    if worst:
        raise _Exit(worst)


def _generate_one(
    request: GenerateRequest, quiet: bool, verbose: bool, fmt: str, multiple: bool
) -> int:
    prefix = f"{request.out_dir}: " if multiple else ""
    say = _reporter(quiet, fmt, prefix)
    spec_text = ", ".join(request.specs)
    try:
        result = generate(request, say)
    except GenerationError as exc:
        _report(exc.diagnostics, fmt, verbose, quiet)
        n = len(exc.diagnostics.errors) or len(exc.diagnostics.warnings)
        click.echo(f"gen: no SDK written: {n} problem(s) in {spec_text}", err=True)
        return EXIT_NO
    except (SmokeFailure, WriteError) as exc:
        click.echo(f"gen: no SDK written to {request.out_dir}: {exc}", err=True)
        return EXIT_NO
    if not quiet:
        _report(result.diagnostics, fmt, verbose)
        api = result.api
        ops = sum(len(r.operations) for r in api.resources) if api else 0
        models = len(api.schemas) if api else 0
        click.echo(
            f"gen: wrote {request.out_dir}: {ops} operations, {models} models, "
            f"{len(result.diagnostics.warnings)} warnings",
            err=True,
        )
    return EXIT_OK


# --- check -----------------------------------------------------------------------------------


@main.command("check")
@click.argument("dirs", nargs=-1, type=click.Path(file_okay=False))
@_CONFIG
@_FORMAT
@_QUIET
@_DEBUG
@_guarded
def check_cmd(dirs: tuple[str, ...], config_path: str | None, fmt: str, quiet: bool,
              debug: bool) -> None:  # fmt: skip
    """Exit 1 when generated output is stale or was edited by hand since generation.

    Each DIR is checked against its own manifest (its spec, options and file hashes); without
    DIR, every target of the config file. Nothing is written.
    """
    if dirs:
        requests = [request_from_manifest(Path(d)) for d in dirs]
    else:
        config = _load_config(config_path)
        if config is None:
            _usage("no DIR given and no gen.yaml (or [tool.gen] in pyproject.toml) here")
        requests = [request_from_target(t) for t in config.targets]
    failed = 0
    for request in requests:
        try:
            result = check_output(request, _reporter(quiet, fmt, f"{request.out_dir}: "))
        except GenerationError as exc:
            _report(exc.diagnostics, fmt, verbose=False, quiet=quiet)
            result = CheckResult(request.out_dir, problem="the spec has errors (see above)")
        failed += not result.ok
        _print_check(result, fmt, quiet)
    if failed:
        raise _Exit(EXIT_NO)


def _print_check(result: CheckResult, fmt: str, quiet: bool) -> None:
    if fmt == "json":
        record = {
            "dir": str(result.out_dir),
            "ok": result.ok,
            "edited": result.edited,
            "missing": result.missing,
            "kept": result.kept,
            "would_change": result.would_change,
            "would_add": result.would_add,
            "would_remove": result.would_remove,
            "problem": result.problem,
        }
        click.echo(json.dumps(record, sort_keys=True))
    elif not (quiet and result.ok):
        for line in result.summary():
            click.echo(f"gen check: {line}", err=True)


# --- diff ------------------------------------------------------------------------------------


@main.command("diff")
@click.argument("old_spec", type=click.Path(dir_okay=False))
@click.argument("new_spec", type=click.Path(dir_okay=False))
@_FORMAT
@click.option(
    "--fail-on",
    type=click.Choice(["none", "breaking", "any"]),
    default="breaking",
    show_default=True,
    help="Which changes make the exit code 1.",
)
@click.option("--from-version", default=None, help="The SDK's current version [0.1.0].")
@click.option(
    "--sdk",
    "sdk_dir",
    default=None,
    type=click.Path(file_okay=False),
    help="A generated SDK whose manifest gives the current version.",
)
@_QUIET
@_DEBUG
@_guarded
def diff_cmd(old_spec: str, new_spec: str, fmt: str, fail_on: str, from_version: str | None,
             sdk_dir: str | None, quiet: bool, debug: bool) -> None:  # fmt: skip
    """Show how the API changed from OLD_SPEC to NEW_SPEC, as SDK users see it.

    Every change is classed breaking, additive or compatible, and the next version is proposed
    by semver.
    """
    from .diff import diff_apis

    current = from_version
    if current is None and sdk_dir is not None:
        current = recorded_version(Path(sdk_dir))
        if current is None:
            _usage(f"--sdk {sdk_dir}: no manifest with a version there")
    current = current or "0.1.0"
    apis = []
    for spec in (old_spec, new_spec):
        try:
            loaded = load_document([spec])
            apis.append(build_api(loaded.doc, loaded.diagnostics))
        except GenerationError as exc:
            _report(exc.diagnostics, fmt, verbose=False, quiet=quiet)
            click.echo(f"gen diff: {spec} has errors", err=True)
            raise _Exit(EXIT_NO) from None
        if loaded.diagnostics.has_errors:
            _report(loaded.diagnostics, fmt, verbose=False, quiet=quiet)
            raise _Exit(EXIT_NO)
    result = diff_apis(apis[0], apis[1])
    try:
        result.next_version(current)
    except ValueError as exc:
        _usage(str(exc))
    if fmt == "json":
        click.echo(json.dumps(result.as_dict(current), sort_keys=True))
    elif not quiet or result.count("breaking"):
        for line in result.format_text(current):
            click.echo(line)
    if (fail_on == "breaking" and result.count("breaking")) or (
        fail_on == "any" and result.changes
    ):
        raise _Exit(EXIT_NO)


# --- normalize -------------------------------------------------------------------------------


@main.command("normalize")
@click.argument("specs", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option(
    "-o",
    "--output",
    "output",
    default=None,
    type=click.Path(dir_okay=False),
    help="File to write (.json, .yaml or .yml); default: JSON on stdout.",
)
@_FORMAT
@_QUIET
@click.option("--verbose", "-v", is_flag=True, help="Also print notes.")
@_DEBUG
@_guarded
def normalize_cmd(specs: tuple[str, ...], output: str | None, fmt: str, quiet: bool,
                  verbose: bool, debug: bool) -> None:  # fmt: skip
    """Write SPEC as the generator reads it: quirks repaired, Swagger 2.0 converted, several
    SPECs merged into one document (OpenAPI 3.0.3), for mock servers, validators and docs
    tools."""
    from .normalize_cmd import dump, normalized_document

    out_format = "json"
    if output is not None:
        suffix = Path(output).suffix.lower()
        if suffix not in (".json", ".yaml", ".yml"):
            _usage(f"-o {output}: the file name must end in .json, .yaml or .yml")
        out_format = "json" if suffix == ".json" else "yaml"
    try:
        loaded = normalized_document(list(specs), _reporter(quiet, fmt))
    except GenerationError as exc:
        _report(exc.diagnostics, fmt, verbose, quiet)
        click.echo(f"gen normalize: nothing written: errors in {', '.join(specs)}", err=True)
        raise _Exit(EXIT_NO) from None
    if not quiet:
        _report(loaded.diagnostics, fmt, verbose)
    text = dump(loaded.doc, out_format)
    if output is None:
        click.echo(text, nl=False)
        return
    target = Path(output)
    temp = target.with_name(f".{target.name}.tmp{os.getpid()}")
    temp.write_text(text, encoding="utf-8")
    os.replace(temp, target)  # never a half-written file for the next tool to choke on
    if not quiet:
        click.echo(f"gen normalize: wrote {output}", err=True)
