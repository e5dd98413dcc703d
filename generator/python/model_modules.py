"""Which module of the `models` package each model lives in, for a flat start-up.

A large spec's models are split into modules (`models/_<name>.py`) so that a program imports
only the models the resources it touches need; `models/__init__.py` exports every name lazily.

The rule: models are grouped by their *users*, the set of resource modules whose methods need
them (directly or through other models). Importing a resource then loads exactly the models it
needs and no other: every module it pulls in holds only models it reaches. Because a model's
users always include the users of every model that refers to it, the modules import each
other without a cycle (a strongly connected set of models shares its users, so it stays in one
module) and no forward reference crosses a module. Models no resource uses (components a spec
only declares) are grouped by connected component, components packed into modules of about
`CHUNK` models in spec order.

Module names: a group used by one resource is `_<resource module>`; any other takes the
snake_case name of its shortest model name. All names are deterministic, capped and unique.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from .. import ir
from ..graph import reach_from, reachable, schema_edges
from ..names import capped, snake, unique

SPLIT_MIN_MODELS = 100  # a spec with fewer models keeps one `models.py` (one file is cheapest)
CHUNK = 100  # models per module for the models no resource uses


def model_modules(
    schemas: Sequence[ir.Schema], users: Mapping[str, Iterable[str]]
) -> list[tuple[str, list[str]]]:
    """(module name, model names in definition order) for every module, in the order of each
    module's first model. `users` maps a resource module to the model names it imports."""
    by_name = {s.name: s for s in schemas}
    reach = reachable(by_name)
    used_by: dict[str, set[str]] = {name: set() for name in by_name}
    for user in sorted(users):
        for name in reach_from(users[user], reach):
            if name in used_by:
                used_by[name].add(user)
    groups: dict[frozenset[str], list[str]] = {}
    for name in by_name:
        groups.setdefault(frozenset(used_by[name]), []).append(name)
    unused = groups.pop(frozenset(), [])
    # (base name, members, used by one resource): a single-user group is named after its
    # resource and claims its name first, so that name never depends on the other groups.
    found = [
        (next(iter(key)) if len(key) == 1 else _stem(members), members, len(key) == 1)
        for key, members in groups.items()
    ]
    found.extend((_stem(chunk), chunk, False) for chunk in _chunks(unused, by_name))
    order = {name: i for i, name in enumerate(by_name)}
    found.sort(key=lambda item: order[item[1][0]])
    taken = {"__init__"}
    modules: dict[str, str] = {}  # first model -> module name
    for single in (True, False):
        for base, members, one in found:
            if one is single:
                stem = capped(base.strip("_") or "models", 60)
                modules[members[0]] = unique("_" + stem, taken)
    return [(modules[members[0]], members) for _, members, _ in found]


def _chunks(names: list[str], by_name: Mapping[str, ir.Schema]) -> list[list[str]]:
    """`names` (models no resource uses) as modules: each connected set of them whole, sets
    packed in spec order until a module holds `CHUNK` models."""
    members = set(names)
    parent = {name: name for name in names}

    def root(name: str) -> str:
        while parent[name] != name:
            parent[name] = parent[parent[name]]
            name = parent[name]
        return name

    for name in names:
        for target in schema_edges(by_name[name]):
            if target in members:
                a, b = root(name), root(target)
                if a != b:
                    parent[max(a, b)] = min(a, b)
    sets: dict[str, list[str]] = {}
    for name in names:
        sets.setdefault(root(name), []).append(name)
    chunks: list[list[str]] = []
    for group in sets.values():  # in the order of each set's first model
        if chunks and len(chunks[-1]) + len(group) <= CHUNK:
            chunks[-1].extend(group)
        else:
            chunks.append(list(group))
    order = {name: i for i, name in enumerate(names)}
    return [sorted(chunk, key=order.__getitem__) for chunk in chunks]


def _stem(members: list[str]) -> str:
    """A module's name from its models: the shortest name (the first of equals), snake_case."""
    return snake(min(members, key=len))
