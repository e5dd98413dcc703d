"""Header and cookie names must be HTTP tokens (RFC 9110 `tchar`).

A header name with a space, quote, line break or non-ASCII character can never be sent: the
generated client would fail on every call (or, with a lax HTTP library, split the header). A
parameter with such a name is an error inside its operation (the tolerance rule skips that
operation); an apiKey security scheme with one is dropped with a warning.
"""

from __future__ import annotations

import re
from typing import Any

from ..diagnostics import Diagnostics, pointer_join
from ..spec import iter_operations

_TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
_HINT = "a header or cookie name is letters, digits and !#$%&'*+-.^_`|~ only"


def apply(doc: dict[str, Any], diags: Diagnostics) -> None:
    """Report every header/cookie parameter or apiKey scheme whose name is not a token."""
    paths = doc.get("paths")
    for path, item in paths.items() if isinstance(paths, dict) else ():
        if not isinstance(item, dict):
            continue
        _check_params(item.get("parameters"), pointer_join("/paths", path), diags)
    for path, method, op in iter_operations(doc):
        _check_params(op.get("parameters"), pointer_join("/paths", path, method), diags)
    components = doc.get("components")
    if not isinstance(components, dict):
        return
    params = components.get("parameters")
    for name, param in params.items() if isinstance(params, dict) else ():
        _check_param(param, pointer_join("/components/parameters", name), diags)
    schemes = components.get("securitySchemes")
    if not isinstance(schemes, dict):
        return
    for name, scheme in list(schemes.items()):
        if (
            isinstance(scheme, dict)
            and scheme.get("type") == "apiKey"
            and scheme.get("in") in ("header", "cookie")
        ):
            _drop_bad_scheme(schemes, name, diags)


def _drop_bad_scheme(schemes: dict[str, Any], name: str, diags: Diagnostics) -> None:
    """A security scheme whose header or cookie name cannot be sent is dropped with a warning
    (the tolerance rule: the rest of the spec generates; an error under --strict). The
    operations that name it send no credential of its kind."""
    wire = schemes[name].get("name")
    if isinstance(wire, str) and not _TOKEN.fullmatch(wire):
        shown = wire if len(wire) <= 60 else wire[:57] + "..."
        diags.warning(
            f"{shown!r} is not a valid HTTP header or cookie name; the security scheme is dropped",
            pointer_join("/components/securitySchemes", name, "name"),
            _HINT,
        )
        del schemes[name]


def _check_params(params: Any, pointer: str, diags: Diagnostics) -> None:
    for index, param in enumerate(params if isinstance(params, list) else []):
        _check_param(param, pointer_join(pointer, "parameters", index), diags)


def _check_param(param: Any, pointer: str, diags: Diagnostics) -> None:
    if isinstance(param, dict) and param.get("in") in ("header", "cookie"):
        _check_name(param.get("name"), pointer_join(pointer, "name"), diags)


def _check_name(name: Any, pointer: str, diags: Diagnostics) -> None:
    if isinstance(name, str) and not _TOKEN.fullmatch(name):
        shown = name if len(name) <= 60 else name[:57] + "..."
        diags.error(f"{shown!r} is not a valid HTTP header or cookie name", pointer, _HINT)
