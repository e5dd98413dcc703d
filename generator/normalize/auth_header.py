"""An `Authorization` header declared as a parameter becomes bearer auth.

Fern's per-endpoint exports declare the key as a required header parameter instead of a
security scheme; generated as-is, every call would take a raw `authorization=` argument.
"""

from __future__ import annotations

from typing import Any

from ..diagnostics import Diagnostics, pointer_join
from .walk import _HTTP_METHODS

SCHEME_NAME = "bearerAuth"


def apply(doc: dict[str, Any], diags: Diagnostics) -> None:
    """Move `Authorization` header parameters into a bearer security scheme."""
    paths = doc.get("paths")
    if not isinstance(paths, dict):
        return
    found = False
    for path, item in paths.items():
        if not isinstance(item, dict):
            continue
        for method in _HTTP_METHODS:
            op = item.get(method)
            if not isinstance(op, dict) or not isinstance(op.get("parameters"), list):
                continue
            kept = []
            for index, param in enumerate(op["parameters"]):
                if _is_auth_header(param):
                    found = True
                    pointer = pointer_join("/paths", path, method, "parameters", index)
                    diags.warning(
                        "`Authorization` header parameter read as bearer auth "
                        "(the client takes `api_key=`)",
                        pointer,
                    )
                    if "security" not in op:
                        required = bool(param.get("required"))
                        op["security"] = (
                            [{SCHEME_NAME: []}]
                            if required
                            else [
                                {SCHEME_NAME: []},
                                {},
                            ]
                        )
                else:
                    kept.append(param)
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
