"""Swagger 2.0 → OpenAPI 3.0 conversion (placeholder until the real converter lands)."""

from __future__ import annotations

from typing import Any

from .diagnostics import Diagnostics


def convert(doc: dict[str, Any], diags: Diagnostics) -> None:
    """Convert in place. Not implemented yet: reports an error."""
    diags.error("Swagger 2.0 input is not supported yet", "/swagger", "convert it to OpenAPI 3")
