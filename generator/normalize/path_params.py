"""Path templates and path parameters are made to agree.

A `{name}` in the path with no `in: path` parameter would leave the request URL unfillable, and a
path parameter whose name is not in the template would be sent nowhere; both are spec bugs that
generated code could only fail on at call time. The first gains a required string parameter,
the second is dropped; each is reported.
"""

from __future__ import annotations

import re
from typing import Any

from ..diagnostics import Diagnostics, pointer_join
from ..spec import HTTP_METHODS

_TEMPLATE = re.compile(r"\{([^{}]*)\}")


def apply(doc: dict[str, Any], diags: Diagnostics) -> None:
    """Add missing path parameters and drop path parameters the template does not name."""
    paths = doc.get("paths")
    if not isinstance(paths, dict):
        return
    for path, item in paths.items():
        if not isinstance(item, dict):
            continue
        # Only the path part holds path parameters: a template in the key's query string
        # (`/search?q={q}`) marks where a query parameter goes (plan.split_path_key).
        names = _TEMPLATE.findall(str(path).partition("?")[0])
        item_params = item.get("parameters")
        shared = _path_names(doc, item_params if isinstance(item_params, list) else [])
        for method in HTTP_METHODS:
            op = item.get(method)
            if not isinstance(op, dict):
                continue
            pointer = pointer_join("/paths", path, method)
            params = op.get("parameters")
            if params is not None and not isinstance(params, list):
                continue  # reported where parameters are read
            params = list(params or [])
            kept = []
            for index, param in enumerate(params):
                resolved = _resolve(doc, param)
                if (
                    isinstance(resolved, dict)
                    and resolved.get("in") == "path"
                    and isinstance(resolved.get("name"), str)
                    and resolved["name"] not in names
                ):
                    diags.warning(
                        f"path parameter {resolved['name']!r} is not in the path template "
                        f"{path!r}; ignored",
                        pointer_join(pointer, "parameters", index),
                        hint="name it in the path as {" + resolved["name"] + "} or remove it",
                    )
                    continue
                kept.append(param)
            declared = shared | _path_names(doc, kept)
            for name in names:
                if name not in declared:
                    diags.warning(
                        f"path template names {{{name}}} but no path parameter {name!r} is "
                        "declared; added as a required string",
                        pointer,
                        hint=f"declare it: {{name: {name}, in: path, required: true}}",
                    )
                    kept.append(
                        {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
                    )
                    declared.add(name)
            if kept != params or "parameters" in op:
                op["parameters"] = kept
        if isinstance(item_params, list):
            item["parameters"] = [
                p
                for p in item_params
                if not (
                    isinstance(_resolve(doc, p), dict)
                    and _resolve(doc, p).get("in") == "path"
                    and _resolve(doc, p).get("name") not in names
                )
            ]


def _path_names(doc: dict[str, Any], params: list[Any]) -> set[str]:
    out: set[str] = set()
    for param in params:
        resolved = _resolve(doc, param)
        if isinstance(resolved, dict) and resolved.get("in") == "path":
            out.add(str(resolved.get("name")))
    return out


def _resolve(doc: dict[str, Any], param: Any) -> Any:
    """A parameter with one local `$ref` followed; anything else is returned as is."""
    if not isinstance(param, dict) or not isinstance(param.get("$ref"), str):
        return param
    ref = param["$ref"]
    if not ref.startswith("#/"):
        return param
    node: Any = doc
    for raw in ref[2:].split("/"):
        part = raw.replace("~1", "/").replace("~0", "~")
        if not isinstance(node, dict) or part not in node:
            return param
        node = node[part]
    return node
