"""The `gen` command line. Only this module prints; exit codes are fixed here.

0 success · 1 the answer is no (spec errors, smoke failure, stale output, breaking changes) ·
2 usage error (also an output path that cannot be written) · 70 internal error (a bug) ·
130 interrupted (Ctrl-C).
"""

from __future__ import annotations

import functools
import os
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from . import __version__
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
from .envelope import Envelope
from .format import DEFAULT_FORMATTER, FORMATTERS
from .manifest import ManifestError, recorded_version, request_from_manifest
from .pipeline import generate, load_document
from .target import TARGETS, SmokeFailure
from .write import WriteError, check_output_path

if TYPE_CHECKING:
    from .check import CheckResult

EXIT_OK, EXIT_NO, EXIT_USAGE, EXIT_INTERNAL, EXIT_INTERRUPTED = 0, 1, 2, 70, 130
_T = TypeVar("_T")
_F = TypeVar("_F", bound=Callable[..., Any])
# More files than this get a progress bar while formatting; fewer finish too fast to need one.
PROGRESS_BAR_MIN_ITEMS = 40
# During a long stage, a line at least this often (a CI log that shows nothing looks hung).
HEARTBEAT_SECONDS = 5.0


class _Exit(Exception):
    """Leave a command with an exit code (raised inside the internal-error guard)."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


# With --format json, what the running command says goes here and is printed once, on stdout,
# when it exits (`_guarded`); None for text output.
_envelope: Envelope | None = None


def _report(diags: Diagnostics, fmt: str, verbose: bool, quiet: bool = False) -> None:
    for d in diags.items:
        if _envelope is not None:
            _envelope.add(d)  # every diagnostic, notes too: a program filters by level and kind
            continue
        if d.level is Level.NOTE and not verbose:
            continue
        if quiet and d.level is not Level.ERROR:
            continue
        click.echo(d.format(), err=True)


def _results() -> dict[str, Any] | None:
    """The running command's JSON results (None for text output)."""
    return _envelope.results if _envelope is not None else None


class TerminalReporter(Reporter):
    """Stage lines on stderr, each with the time since the start, and a line at least every
    `HEARTBEAT_SECONDS` during a long stage; a progress bar over many items on a terminal."""

    def __init__(self, enabled: bool, prefix: str = "", bar: bool = True) -> None:
        self.enabled = enabled
        self.prefix = prefix
        self.bar = bar
        self.started = time.monotonic()
        self._current = ""
        self._last = self.started
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._beat: threading.Thread | None = None

    def stage(self, name: str, detail: str = "") -> None:
        if not self.enabled:
            return
        text = f"{name}" + (f": {detail}" if detail else "")
        with self._lock:
            self._current = name
            self._say(text)
        if self._beat is None:
            self._beat = threading.Thread(target=self._heartbeat, daemon=True)
            self._beat.start()

    def _say(self, text: str) -> None:
        now = time.monotonic()
        self._last = now
        click.echo(f"gen: {self.prefix}{text} ({now - self.started:.1f} s)", err=True)

    def _heartbeat(self) -> None:
        while not self._stop.wait(tick := min(0.5, HEARTBEAT_SECONDS / 4)):
            with self._lock:  # due 2 ticks early: the longest gap is HEARTBEAT_SECONDS - tick
                if time.monotonic() - self._last >= HEARTBEAT_SECONDS - 2 * tick:
                    self._say(f"{self._current}: still running")

    def close(self) -> None:
        """Stop the heartbeat (the command is done with this reporter)."""
        self._stop.set()
        if self._beat is not None:
            self._beat.join(timeout=5)

    def iterate(self, label: str, items: Sequence[_T]) -> Iterable[_T]:
        if not self.enabled or not self.bar or len(items) < PROGRESS_BAR_MIN_ITEMS:
            return items
        return _bar(label, items)


def _bar(label: str, items: Sequence[_T]) -> Iterable[_T]:
    with click.progressbar(items, label=f"gen: {label}", file=sys.stderr) as bar:
        yield from bar


def _reporter(quiet: bool, fmt: str, prefix: str = "") -> TerminalReporter:
    """Stage lines unless quiet or JSON; progress bars only on a terminal."""
    return TerminalReporter(not quiet and fmt == "text", prefix, bar=sys.stderr.isatty())


def _guarded(func: _F) -> _F:
    """Run a command: `_Exit` sets the exit code; anything unexpected is an internal error."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        global _envelope
        debug = bool(kwargs.get("debug"))
        command = func.__name__.removesuffix("_cmd")
        _envelope = Envelope(command) if kwargs.get("fmt") == "json" else None
        code = EXIT_OK
        try:
            func(*args, **kwargs)
        except _Exit as exc:
            code = exc.code
        except KeyboardInterrupt:  # Ctrl-C: the shell's convention, 128 + SIGINT
            code = _say_error("interrupted; the output directory is unchanged", EXIT_INTERRUPTED)
        except (UsageError, ConfigError, ManifestError) as exc:
            code = _say_error(f"usage error: {exc}", EXIT_USAGE)
        except (InternalError, Exception) as exc:  # the last resort: never a bare traceback
            if debug:
                traceback.print_exc()
            code = _say_error(
                f"internal error: {type(exc).__name__}: {exc}\n"
                "This is a bug in sdkforge; please report it with the spec that triggered it "
                "(run with --debug for the traceback).",
                EXIT_INTERNAL,
            )
        finally:
            envelope, _envelope = _envelope, None
        if envelope is not None:
            click.echo(envelope.text(code))
        sys.exit(code)

    return wrapper  # type: ignore[return-value]


def _say_error(message: str, code: int) -> int:
    """Print `gen: message` on stderr (and record it for JSON output); return `code`."""
    click.echo(f"gen: {message}", err=True)
    if _envelope is not None:
        _envelope.add_error(message.split("\n", 1)[0])
    return code


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
@click.option(
    "--strict", is_flag=True, help="Fail on problem warnings (repaired known quirks pass)."
)
@click.option("--discard-edits", is_flag=True, help="Drop hand edits: write pristine output.")
@click.option(
    "--no-cache",
    is_flag=True,
    help="Generate even when the spec, options and generator are those of the output.",
)
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
                 force: bool, strict: bool, discard_edits: bool, no_cache: bool, formatter: str,
                 quiet: bool,
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
        "cache": not no_cache,
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
    results = _results()
    if results is not None:
        results["targets"] = []
    for request in requests:
        code = _generate_one(request, quiet, verbose, fmt, multiple=len(requests) > 1)
        worst = max(worst, code)
    if worst:
        raise _Exit(worst)


def _generate_one(
    request: GenerateRequest, quiet: bool, verbose: bool, fmt: str, multiple: bool
) -> int:
    check_output_path(request.out_dir)
    prefix = f"{request.out_dir}: " if multiple else ""
    say = _reporter(quiet, fmt, prefix)
    spec_text = ", ".join(request.specs)
    record: dict[str, Any] = {"out_dir": str(request.out_dir), "ok": False, "problem": ""}
    results = _results()
    if results is not None:
        results["targets"].append(record)
    try:
        result = generate(request, say)
    except GenerationError as exc:
        _report(exc.diagnostics, fmt, verbose, quiet)
        n = len(exc.diagnostics.errors) or len(exc.diagnostics.problems)
        record["problem"] = f"{n} problem(s) in {spec_text}"
        click.echo(f"gen: no SDK written: {record['problem']}", err=True)
        return EXIT_NO
    except (SmokeFailure, WriteError) as exc:
        record["problem"] = str(exc)
        click.echo(f"gen: no SDK written to {request.out_dir}: {exc}", err=True)
        return EXIT_NO
    finally:
        say.close()
    api = result.api
    ops = sum(len(r.operations) for r in api.resources) if api else 0
    models = len(api.schemas) if api else 0
    written = len(result.written or [])
    record.update(ok=True, noop=result.noop, written=written)
    if result.noop:
        if not quiet:
            click.echo(f"gen: {request.out_dir}: up to date (spec, options and generator "
                       "unchanged); nothing written", err=True)  # fmt: skip
        return EXIT_OK
    record.update(operations=ops, models=models, files=len(result.files))
    record["warnings"] = len(result.diagnostics.warnings)
    if not quiet or _envelope is not None:
        _report(result.diagnostics, fmt, verbose)
    if not quiet:
        click.echo(
            f"gen: wrote {request.out_dir}: {ops} operations, {models} models, "
            f"{len(result.diagnostics.warnings)} warnings; {written} file(s) written",
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
    from .check import CheckResult, check_output

    if dirs:
        requests = [request_from_manifest(Path(d)) for d in dirs]
    else:
        config = _load_config(config_path)
        if config is None:
            _usage("no DIR given and no gen.yaml (or [tool.gen] in pyproject.toml) here")
        requests = [request_from_target(t) for t in config.targets]
    failed = 0
    results = _results()
    if results is not None:
        results["targets"] = []
    for request in requests:
        say = _reporter(quiet, fmt, f"{request.out_dir}: ")
        try:
            result = check_output(request, say)
        except GenerationError as exc:
            _report(exc.diagnostics, fmt, verbose=False, quiet=quiet)
            result = CheckResult(request.out_dir, problem="the spec has errors (see above)")
        finally:
            say.close()
        failed += not result.ok
        _print_check(result, fmt, quiet)
    if failed:
        raise _Exit(EXIT_NO)


def _print_check(result: CheckResult, fmt: str, quiet: bool) -> None:
    results = _results()
    if results is not None:
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
            "reasons": result.reasons,
        }
        results["targets"].append(record)
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
    from .build_ir import build_api
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
    results = _results()
    if results is not None:
        results.update(result.as_dict(current))
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
    say = _reporter(quiet, fmt)
    try:
        loaded = normalized_document(list(specs), say)
    except GenerationError as exc:
        _report(exc.diagnostics, fmt, verbose, quiet)
        click.echo(f"gen normalize: nothing written: errors in {', '.join(specs)}", err=True)
        raise _Exit(EXIT_NO) from None
    finally:
        say.close()
    if not quiet:
        _report(loaded.diagnostics, fmt, verbose)
    results = _results()
    if output is None and results is not None:
        results["document"] = loaded.doc
        return
    text = dump(loaded.doc, out_format)
    if output is None:
        click.echo(text, nl=False)
        return
    target = Path(output)
    temp = target.with_name(f".{target.name}.tmp{os.getpid()}")
    temp.write_text(text, encoding="utf-8")
    os.replace(temp, target)  # never a half-written file for the next tool to choke on
    if results is not None:
        results["written"] = output
    if not quiet:
        click.echo(f"gen normalize: wrote {output}", err=True)
