"""The Python spelling of the resource tree: each resource's attribute on its parent, its access
path below the client, its class and its module."""

from __future__ import annotations

import keyword

from .. import ir
from ..names import capped, capped_file, pascal, unique
from .idents import RESERVED_CLASS_NAMES, py_ident

# Method names that would shadow a name the resource class body uses in annotations.
METHOD_RESERVED = frozenset(
    {"with_raw_response", "with_streaming_response", "with_options", "str", "int", "float",
     "bool", "bytes", "object", "type", "cast", "typing", "overload", "Literal", "List", "Dict",
     "Mapping", "SequenceNotStr", "FileContent"}
)  # fmt: skip

# Public members of the generated clients (the runtime's and the client template's): a resource
# attribute with one of these names would replace it, or be unreachable.
CLIENT_MEMBERS = frozenset(
    {"base_url", "timeout", "max_retries", "copy", "with_options", "with_raw_response",
     "close", "aclose", "is_closed", "request", "models"}
)  # fmt: skip


def resource_attrs(
    api: ir.Api, credentials: frozenset[str], warnings: list[tuple[str, str]]
) -> list[tuple[str, str]]:
    """(attribute on the parent, access path below the client) of each resource. A top-level
    resource named like a client member (a tag `api_key` next to the credential attribute
    `api_key`) is `<name>_`, with a warning; a sub-resource never takes a name its class body
    needs (`str`, `with_raw_response`)."""
    members = CLIENT_MEMBERS | credentials
    taken: set[str] = set()
    access: dict[tuple[str, ...], str] = {}
    out = []
    for resource in api.resources:
        path = resource.tree_path
        if len(path) > 1:
            attr = py_ident(path[-1], METHOD_RESERVED | _CHILD_RESERVED, "resource", tree=True)
            access[path] = access.get(path[:-1], py_ident(path[-2], tree=True)) + "." + attr
            out.append((attr, access[path]))
            continue
        attr = py_ident(resource.name, tree=True)
        if attr in members:
            renamed = attr + "_"
            while renamed in members or renamed in taken:
                renamed += "_"
            pointer = resource.operations[0].pointer if resource.operations else ""
            warnings.append(
                (
                    f"resource {resource.name!r} has the name of a client attribute; "
                    f"it is `client.{renamed}`",
                    pointer,
                )
            )
            attr = renamed
        taken.add(attr)
        access[path] = attr
        out.append((attr, attr))
    return out


# A sub-resource attribute lives in a resource class body next to its methods.
_CHILD_RESERVED = frozenset({"with_streaming_response", "with_options", "_client"})


def resource_classes(
    api: ir.Api, schemas: dict[str, ir.Schema], clients: frozenset[str]
) -> list[str]:
    """The class of each resource: its path in PascalCase (`ChatCompletions`), `...Resource`
    when a model or a runtime name has it, numbered when two paths spell the same."""
    taken = set(schemas) | RESERVED_CLASS_NAMES | clients
    used: set[str] = set()
    out = []
    for resource in api.resources:
        cls = capped(pascal("_".join(resource.tree_path), "Resource"))
        # The module imports model names directly, so its own class names must not clash.
        # `...Resource` until free: a model `<Tag>Resource` next to a model `<Tag>`.
        suffixes = ("", "Async", "WithRawResponse", "WithStreamingResponse")
        while any((p + cls if p == "Async" else cls + p) in taken for p in suffixes):
            cls = capped(cls + "Resource")
        out.append(unique(cls, used))
    return out


def resource_modules(api: ir.Api) -> list[str]:
    """The module of each resource under `resources/`: its path joined by `_`."""
    used: set[str] = {"__init__"}
    out = []
    for resource in api.resources:
        module = py_ident("_".join(resource.tree_path), tree=True).rstrip("_")
        module = capped_file(module or "default")
        # `class_` stays `class_`: `from .resources.class import` would not parse.
        if keyword.iskeyword(module) or keyword.issoftkeyword(module):
            module += "_"
        out.append(unique(module, used))
    return out
