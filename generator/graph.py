"""The reference graph between schemas: which models a type mentions, strongly connected
components (iterative Tarjan, no recursion however long a chain), and reachability.

Used by both targets: the Python docs list the operations that use a model, the Go view gives a
struct field a pointer when it would make a type contain itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from . import ir


def resolve_alias(t: ir.TypeExpr, schemas: Mapping[str, ir.Schema]) -> ir.TypeExpr:
    """`t` without `Nullable` wrappers and with alias models followed to their target (each
    alias once, so a cycle of aliases ends)."""
    seen: set[str] = set()
    while True:
        if isinstance(t, ir.Nullable):
            t = t.inner
        elif isinstance(t, ir.Ref) and t.name not in seen:
            model = schemas.get(t.name)
            if not isinstance(model, ir.AliasModel):
                return t
            seen.add(t.name)
            t = model.target
        else:
            return t


def direct_refs(t: ir.TypeExpr, out: set[str] | None = None) -> set[str]:
    """The model names `t` itself mentions (not following the models), added to `out`."""
    found = set() if out is None else out
    stack = [t]
    while stack:
        t = stack.pop()
        if isinstance(t, ir.Nullable):
            stack.append(t.inner)
        elif isinstance(t, ir.ArrayOf):
            stack.append(t.items)
        elif isinstance(t, ir.MapOf):
            stack.append(t.values)
        elif isinstance(t, ir.UnionOf):
            stack.extend(reversed(t.variants))
        elif isinstance(t, ir.Ref):
            found.add(t.name)
    return found


def schema_edges(schema: ir.Schema | None) -> set[str]:
    """The model names a model's fields, variants or target mention."""
    out: set[str] = set()
    if isinstance(schema, ir.ObjectModel):
        for f in schema.fields:
            direct_refs(f.type, out)
        if schema.extra is not None:
            direct_refs(schema.extra, out)
    elif isinstance(schema, ir.UnionModel):
        direct_refs(schema.union, out)
    elif isinstance(schema, ir.AliasModel):
        direct_refs(schema.target, out)
    return out


def components(graph: Mapping[str, Sequence[str]]) -> list[list[str]]:
    """Strongly connected components (Tarjan's algorithm, iterative), each component after
    every component it has an edge to. Nodes named only as targets count as nodes."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    out: list[list[str]] = []
    for root in graph:
        if root in index:
            continue
        work: list[tuple[str, int]] = [(root, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                index[node] = low[node] = len(index)
                stack.append(node)
                on_stack.add(node)
            targets = graph.get(node, ())
            if i < len(targets):
                work.append((node, i + 1))
                nxt = targets[i]
                if nxt not in index:
                    work.append((nxt, 0))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                members: list[str] = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    members.append(member)
                    if member == node:
                        break
                out.append(members)
    return out


def cycles(graph: Mapping[str, Sequence[str]]) -> dict[str, int]:
    """Node -> id of its component, for the nodes on a cycle only (a component of two or more
    nodes, or one node with an edge to itself). Two nodes share an id when each reaches the
    other."""
    out: dict[str, int] = {}
    for number, members in enumerate(components(graph)):
        if len(members) > 1 or members[0] in graph.get(members[0], ()):
            for member in members:
                out[member] = number
    return out


def reachable(schemas: Mapping[str, ir.Schema]) -> dict[str, frozenset[str]]:
    """Model name -> every model reachable from it, itself included (transitively through
    fields, variants and targets; names without a schema reach only themselves).

    One pass over the reference graph: each component's set is built once from its
    successors', so the cost is linear in the graph plus the size of the answer, not one walk
    per operation.
    """
    edges: dict[str, list[str]] = {
        name: sorted(schema_edges(schema)) for name, schema in schemas.items()
    }
    for targets in list(edges.values()):
        for target in targets:
            edges.setdefault(target, [])
    reach: dict[str, frozenset[str]] = {}
    for members in components(edges):
        total = set(members)
        for member in members:
            for target in edges[member]:
                if target in reach:
                    total |= reach[target]
        frozen = frozenset(total)
        for member in members:
            reach[member] = frozen
    return reach


def reach_from(names: Iterable[str], reach: Mapping[str, frozenset[str]]) -> set[str]:
    """Every model reachable from any of `names` (a name unknown to `reach` reaches itself)."""
    out: set[str] = set()
    for name in names:
        out |= reach.get(name) or {name}
    return out


def all_unions(models: Iterable[ir.Schema]) -> list[ir.UnionOf]:
    """Every union type the models hold (nested unions too), in model order."""
    found: list[ir.UnionOf] = []

    def visit(t: ir.TypeExpr | None) -> None:
        if isinstance(t, ir.UnionOf):
            found.append(t)
            for v in t.variants:
                visit(v)
        elif isinstance(t, ir.Nullable):
            visit(t.inner)
        elif isinstance(t, ir.ArrayOf):
            visit(t.items)
        elif isinstance(t, ir.MapOf):
            visit(t.values)

    for model in models:
        if isinstance(model, ir.UnionModel):
            visit(model.union)
        elif isinstance(model, ir.AliasModel):
            visit(model.target)
        elif isinstance(model, ir.ObjectModel):
            for f in model.fields:
                visit(f.type)
    return found
