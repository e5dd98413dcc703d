"""An `Authorization` header declared as a parameter becomes bearer auth.

Fern's per-endpoint exports declare the key as a required header parameter instead of a
security scheme; generated as-is, every call would take a raw `authorization=` argument.
"""

from __future__ import annotations

from typing import Any

from ..diagnostics import Diagnostics, pointer_join
from ..spec import iter_operations

SCHEME_NAME = "bearerAuth"


def apply(doc: dict[str, Any], diags: Diagnostics) -> None:
    """Move `Authorization` header parameters into a bearer security scheme."""
    found = False
    for path, method, op in iter_operations(doc):
        if not isinstance(op.get("parameters"), list):
            continue
        kept = []
        for index, param in enumerate(op["parameters"]):
            if not _is_auth_header(param):
                kept.append(param)
                continue
            found = True
            diags.quirk(
                "`Authorization` header parameter read as bearer auth "
                "(the client takes `api_key=`)",
                pointer_join("/paths", path, method, "parameters", index),
            )
            if "security" not in op:
                # An optional header means anonymous calls are allowed too: `{}`.
                optional: list[dict[str, list[str]]] = [] if param.get("required") else [{}]
                op["security"] = [{SCHEME_NAME: []}, *optional]
        op["parameters"] = kept
    if found:
        components = doc.setdefault("components", {})
        schemes = components.setdefault("securitySchemes", {})
        schemes.setdefault(
            SCHEME_NAME,
            {"type": "http", "scheme": "bearer", "description": "API key as a bearer token"},
        )


def _is_auth_header(param: Any) -> bool:
    return (
        isinstance(param, dict)
        and param.get("in") == "header"
        and str(param.get("name", "")).lower() == "authorization"
    )
