"""The seam between the language-neutral stages and the language targets.

A target turns the IR into the files of one SDK. The pipeline and the CLI know targets only
through this module: `TARGETS` maps a `--lang` name to an object with the `Target` shape, and
each target package (`generator/python`, `generator/go`) registers one when imported. Adding a
target means a new package that calls `register` plus its name in `BUILTIN_TARGETS`; nothing
in `pipeline.py` or `cli.py` changes.

    load → normalize → merge → build_ir → overrides(target.reserved_names)
         → target.render → target.format → write(check=target.smoke)
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from . import ir
from .diagnostics import Reporter, UsageError

# The target packages imported (and so registered) with this module, in `--lang` order.
BUILTIN_TARGETS = ("generator.python", "generator.go")


class SmokeFailure(Exception):
    """The staged SDK failed its target's smoke test; the message says how."""


@dataclass(frozen=True)
class RenderOptions:
    """What a target needs besides the IR, validated by the pipeline."""

    name: str  # client name, PascalCase (e.g. OpenRouter)
    package: str  # package / import name (lowercase letters, digits, _)
    version: str  # SDK version
    base_url: str = ""  # default base URL; "" means the spec's first server
    module: str = ""  # module path for targets that have one (Go); "" means the package
    spec_file: str = ""  # spec name for file headers
    spec_sha256: str = ""  # spec digest for file headers
    # The --formatter choice (auto | black | ruff), for code a target formats while rendering
    # (the Python docs snippets); the package itself is formatted by `Target.format`.
    formatter: str = "auto"


class Target(Protocol):
    """One output language. Every method is pure except `smoke`, which may run tools."""

    name: str  # the --lang value
    # Identifiers the target's runtime and generated package declare themselves. The target's
    # view maps an IR name that collides with one to a safe identifier; an override that asks
    # for one of these names is refused (the user named it explicitly).
    reserved_names: frozenset[str]

    def manifest_options(self, options: RenderOptions) -> dict[str, object]:
        """Target-specific options the manifest records to regenerate (e.g. Go's module)."""
        ...

    def render(self, api: ir.Api, options: RenderOptions) -> dict[str, str]:
        """{relative path: text} of the SDK, unformatted, in a stable order."""
        ...

    def format(self, files: dict[str, str], formatter: str, progress: Reporter) -> dict[str, str]:
        """`files` formatted (`formatter`: auto | black | ruff); same keys, same order.

        Raises InternalError when generated code does not parse (a generator bug).
        """
        ...

    def smoke(self, staged: Path, api: ir.Api, options: RenderOptions) -> None:
        """Check the SDK staged in `staged` (as rendered from `api` and `options`).

        Raises SmokeFailure (or a subclass) when the SDK is broken.
        """
        ...


TARGETS: dict[str, Target] = {}


def register(target: Target) -> Target:
    """Make `target` available as `--lang target.name` (the last registration wins).

    The built-in targets stay first, in BUILTIN_TARGETS order, whichever was imported first;
    others follow in registration order.
    """
    TARGETS[target.name] = target
    rank = {module: index for index, module in enumerate(BUILTIN_TARGETS)}
    ordered = sorted(
        TARGETS.items(), key=lambda item: rank.get(type(item[1]).__module__, len(rank))
    )
    TARGETS.clear()
    TARGETS.update(ordered)
    return target


def get_target(name: str) -> Target:
    """The target called `name`, or UsageError naming the ones there are."""
    if name not in TARGETS:
        raise UsageError(f"--lang {name!r} is not one of {', '.join(TARGETS)}")
    return TARGETS[name]


for _module in BUILTIN_TARGETS:
    importlib.import_module(_module)
