"""Check which specification the document follows; convert Swagger 2.0 to OpenAPI 3.0."""

from __future__ import annotations

import re
from typing import Any

from ..diagnostics import Diagnostics


def apply(doc: dict[str, Any], diags: Diagnostics) -> None:
    """Accept OpenAPI 3.0, 3.1 and 3.2; convert Swagger 2.0; refuse everything else clearly."""
    if not isinstance(doc, dict):
        diags.error("the document is not a mapping; an OpenAPI spec is a YAML or JSON object")
        return
    if "swagger" in doc:
        version = str(doc["swagger"])
        if version.startswith("2"):
            from . import swagger2

            swagger2.convert(doc, diags)
            diags.quirk("Swagger 2.0 spec converted to OpenAPI 3.0 before generation")
            return
        diags.error(f"Swagger {version} is not supported", "/swagger", "convert it to OpenAPI 3")
        return
    if "swaggerVersion" in doc:
        diags.error(
            f"Swagger {doc['swaggerVersion']} (1.x) is not supported",
            "/swaggerVersion",
            "convert it to OpenAPI 3 first",
        )
        return
    if "openapi" not in doc:
        diags.error(
            "not an OpenAPI document: no `openapi` field",
            hint="an OpenAPI 3 spec starts with `openapi: 3.1.0` (or 3.0.x)",
        )
        return
    raw = doc["openapi"]
    if isinstance(raw, float | int) and not isinstance(raw, bool):
        diags.quirk(
            f"`openapi: {raw}` was read as a number",
            "/openapi",
            hint=f"quote it: openapi: '{raw}'",
        )
        raw = str(raw)
        doc["openapi"] = raw if raw.count(".") == 2 else raw + ".0"
    version = str(doc["openapi"])
    if not re.fullmatch(r"3\.[012](\.\d+)?(-[\w.]+)?", version):
        diags.error(
            f"OpenAPI version {version!r} is not supported (3.0.x, 3.1.x and 3.2.x are)", "/openapi"
        )
        return
    paths = doc.get("paths")
    if paths is None and not doc.get("webhooks"):
        diags.error("the spec has no `paths`", hint="add at least one path")
    elif paths is not None and not isinstance(paths, dict):
        diags.error("`paths` must be a mapping", "/paths")
    info = doc.get("info")
    if not isinstance(info, dict):
        diags.warning("the spec has no `info` object", "/info")
        doc["info"] = {"title": "API", "version": "0.0.0"}
        return
    for key, fallback in (("title", "API"), ("version", "0.0.0"), ("description", "")):
        value = info.get(key)
        if value is None or isinstance(value, str):
            continue
        if isinstance(value, int | float) and not isinstance(value, bool):
            info[key] = str(value)
            diags.quirk(f"`info.{key}` is a number; read as {info[key]!r}", f"/info/{key}",
                          hint=f"quote it: {key}: '{info[key]}'")  # fmt: skip
        else:
            info[key] = fallback
            diags.warning(f"`info.{key}` is not text; ignored", f"/info/{key}")
