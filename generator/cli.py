"""The `gen` command line. Only this module prints; exit codes are fixed here.

0 success · 1 the answer is no (spec errors, smoke failure) · 2 usage error · 70 internal error.
"""

from __future__ import annotations

import json
import sys
import traceback
from pathlib import Path

import click

from . import __version__
from .diagnostics import Diagnostics, GenerationError, Level
from .pipeline import GenerateRequest, InternalError, UsageError, generate
from .python.smoke import SmokeFailure
from .write import WriteError

EXIT_OK, EXIT_NO, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 70


def _report(diags: Diagnostics, fmt: str, verbose: bool) -> None:
    for d in diags.items:
        if d.level is Level.NOTE and not verbose and fmt != "json":
            continue
        if fmt == "json":
            click.echo(json.dumps(d.as_dict(), sort_keys=True), err=True)
        else:
            click.echo(d.format(), err=True)


@click.group()
@click.version_option(__version__, prog_name="sdkforge")
def main() -> None:
    """Generate typed Python SDKs from OpenAPI specs."""


@main.command("generate")
@click.argument("spec", type=click.Path(dir_okay=False))
@click.option(
    "-o",
    "--output",
    "output",
    required=True,
    type=click.Path(file_okay=False),
    help="Directory to write the package into.",
)
@click.option("--name", required=True, help="Client class name, e.g. OpenRouter.")
@click.option("--package", default="", help="Import name (default: NAME lowercased).")
@click.option(
    "--version",
    "pkg_version",
    default="0.1.0",
    show_default=True,
    help="Version of the generated package.",
)
@click.option("--base-url", default="", help="Default base URL of the API.")
@click.option("--no-smoke", is_flag=True, help="Skip the smoke test.")
@click.option("--force", is_flag=True, help="Write into a non-empty directory we did not create.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("--quiet", "-q", is_flag=True, help="Print only errors.")
@click.option("--verbose", "-v", is_flag=True, help="Also print notes.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    help="How to print diagnostics.",
)
@click.option("--debug", is_flag=True, help="Show Python tracebacks of internal errors.")
def generate_cmd(spec: str, output: str, name: str, package: str, pkg_version: str,
                 base_url: str, no_smoke: bool, force: bool, strict: bool, quiet: bool,
                 verbose: bool, fmt: str, debug: bool) -> None:  # fmt: skip
    """Generate an SDK for SPEC into OUTPUT."""
    request = GenerateRequest(
        spec=spec, out_dir=Path(output), name=name, package=package, version=pkg_version,
        base_url=base_url, smoke=not no_smoke, force=force, strict=strict,
    )  # fmt: skip

    def progress(stage: str) -> None:
        if not quiet and fmt == "text" and sys.stderr.isatty():
            click.echo(f"gen: {stage}...", err=True)

    try:
        result = generate(request, progress)
    except GenerationError as exc:
        _report(exc.diagnostics, fmt, verbose)
        n = len(exc.diagnostics.errors) or len(exc.diagnostics.warnings)
        click.echo(f"gen: no SDK written: {n} problem(s) in {spec}", err=True)
        sys.exit(EXIT_NO)
    except UsageError as exc:
        click.echo(f"gen: usage error: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    except (SmokeFailure, WriteError) as exc:
        click.echo(f"gen: no SDK written: {exc}", err=True)
        sys.exit(EXIT_NO)
    except (InternalError, Exception) as exc:  # the last resort: never a bare traceback
        if debug:
            traceback.print_exc()
        click.echo(
            f"gen: internal error: {type(exc).__name__}: {exc}\n"
            "This is a bug in sdkforge; please report it with the spec that triggered it "
            "(run with --debug for the traceback).",
            err=True,
        )
        sys.exit(EXIT_INTERNAL)
    if not quiet:
        _report(result.diagnostics, fmt, verbose)
        api = result.api
        ops = sum(len(r.operations) for r in api.resources) if api else 0
        models = len(api.schemas) if api else 0
        click.echo(
            f"gen: wrote {output}: {ops} operations, {models} models, "
            f"{len(result.diagnostics.warnings)} warnings",
            err=True,
        )
