"""Which models only ever travel from the caller to the server.

A model reachable from a request (a parameter or the body) and from no response (success,
error or stream event) is a request model: it forbids unknown fields (`extra="forbid"`), so a
misspelt field raises when the model is built instead of being sent. Every other model keeps
the unknown fields a newer server sends. An object that declares `additionalProperties`
accepts any other key either way.
"""

from __future__ import annotations

from collections.abc import Iterable

from .. import ir
from ..graph import direct_refs, schema_edges


def _refs(t: ir.TypeExpr | None) -> set[str]:
    return set() if t is None else direct_refs(t)


def _schema_refs(schema: ir.Schema) -> set[str]:
    out = schema_edges(schema)
    if isinstance(schema, ir.ObjectModel) and schema.chunk_of:
        out.add(schema.chunk_of)  # a stream chunk model is reached with its response model
    return out


def _closure(start: Iterable[str], schemas: dict[str, ir.Schema]) -> set[str]:
    seen: set[str] = set()
    todo = list(start)
    while todo:
        name = todo.pop()
        if name in seen or name not in schemas:
            continue
        seen.add(name)
        todo.extend(_schema_refs(schemas[name]))
    return seen


def request_only_models(api: ir.Api) -> frozenset[str]:
    """Names of the object models only requests reach and that declare no extra properties."""
    schemas = {s.name: s for s in api.schemas}
    sent: set[str] = set()
    received: set[str] = set()
    for resource in api.resources:
        for op in resource.operations:
            for p in op.params:
                sent |= _refs(p.type)
            if op.body is not None:
                sent |= _refs(op.body.type)
            for r in (op.success, *op.errors):
                if r is not None:
                    received |= _refs(r.type)
            if op.streaming is not None:
                received |= _refs(op.streaming.event_type)
    out = set()
    for name in _closure(sent, schemas) - _closure(received, schemas):
        schema = schemas[name]
        if isinstance(schema, ir.ObjectModel) and schema.extra is None:
            out.add(name)
    return frozenset(out)
