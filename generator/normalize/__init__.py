"""Rewrite the quirks of real specs into one clean form, one small step per quirk.

Each step is `apply(doc, diags) -> None`, mutates the loaded document in place, and reports
every repair with its JSON pointer. The order is fixed here.
"""

from __future__ import annotations

from typing import Any

from ..diagnostics import Diagnostics
from . import auth_header, enums, header_names, nullable, path_params, tags, tolerance, version

STEPS = (
    version.apply,  # first: refuses what is not OpenAPI 3.x, converts Swagger 2.0
    tolerance.apply,  # broken pieces degrade with a warning each (docs/design.md, Tolerance)
    tags.apply,
    enums.apply,
    nullable.apply,
    auth_header.apply,
    path_params.apply,
    tolerance.per_operation(header_names.apply),  # a bad name skips its operation
)
# After the IR is built, `tolerance.require_operations` refuses a spec left with no operation.


def normalize(doc: dict[str, Any], diags: Diagnostics) -> None:
    """Run every step in order; stop early if a step found errors."""
    for step in STEPS:
        step(doc, diags)
        if diags.has_errors:
            return
