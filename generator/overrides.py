"""Apply a target's overrides to the API model: one pass over `ir.Api`, before any target renders.

Overrides work on the IR, not on templates, so every language target sees the same renamed
methods, renamed classes, skipped operations and streaming choices. Problems (an operationId
or class that does not exist, a name clash) are diagnostics, like spec problems.
"""

from __future__ import annotations

import dataclasses
import json
import re
from typing import Any, TypeVar

from . import ir
from .build_ir import stream_flag_field
from .config import Overrides
from .diagnostics import Diagnostics
from .pagination import explain

_T = TypeVar("_T")
_METHOD = re.compile(r"[a-z_][a-z0-9_]*")
_CLASS = re.compile(r"[A-Z][A-Za-z0-9]*")


def apply_overrides(
    api: ir.Api,
    overrides: Overrides,
    diags: Diagnostics,
    reserved: frozenset[str] = frozenset(),
    target: str = "",
) -> ir.Api:
    """`api` with `overrides` applied; unknown ids and invalid names are errors in `diags`.

    `reserved` holds the names the `target` that will emit the SDK declares itself
    (`Target.reserved_names`): a model renamed to one of them is refused, because the target
    would have to rename it again, against what the override asked for.
    """
    if not overrides:
        return api
    api = _configured_auth(api, overrides.auth)
    known_ops = {op.id for r in api.resources for op in r.operations}
    for kind, ids in (
        ("methods", overrides.methods),
        ("stream", overrides.stream),
        ("stream_end", overrides.stream_end),
        ("skip", overrides.skip),
        ("pagination", overrides.pagination),
    ):
        for op_id in ids:
            if op_id not in known_ops:
                diags.error(
                    f"overrides.{kind}: no operation has operationId {op_id!r}",
                    hint=_closest(op_id, known_ops),
                )
    api = _rename_models(api, overrides.models, diags, reserved, target)
    resources = []
    for resource in api.resources:
        ops = []
        for op in resource.operations:
            if op.id in overrides.skip:
                continue
            if op.id in overrides.methods:
                op = _rename_method(op, overrides.methods[op.id], diags)
            if op.id in overrides.stream:
                op = _set_streaming(op, overrides.stream[op.id], api, diags)
            if op.id in overrides.stream_end:
                op = _set_stream_end(op, overrides.stream_end[op.id], diags)
            if op.id in overrides.pagination:
                op = _set_pagination(api, op, overrides.pagination[op.id], diags)
            ops.append(op)
        names = [op.name for op in ops]
        for name in sorted({n for n in names if names.count(n) > 1}):
            diags.error(
                f"overrides: two methods of resource {resource.dotted!r} are named {name!r}"
            )
        if ops or not resource.operations:  # a namespace (no operations) is pruned below
            resources.append(dataclasses.replace(resource, operations=tuple(ops)))
    resources = _prune(resources)
    defaults = ir.ClientDefaults(
        max_retries=(
            overrides.retries if overrides.retries is not None else api.client_defaults.max_retries
        ),
        timeout=overrides.timeout if overrides.timeout is not None else api.client_defaults.timeout,
    )
    return dataclasses.replace(
        api,
        resources=tuple(resources),
        client_defaults=defaults,
        webhook_signing=overrides.webhook_signing or api.webhook_signing,
        oauth_client_auth=overrides.oauth_client_auth or api.oauth_client_auth,
    )


def _prune(resources: list[ir.Resource]) -> list[ir.Resource]:
    """The resources with operations and those above one (namespaces of the tree)."""
    kept = {
        r.tree_path[:i] for r in resources if r.operations for i in range(1, len(r.tree_path) + 1)
    }
    return [r for r in resources if r.tree_path in kept]


def _closest(name: str, choices: set[str]) -> str:
    import difflib

    close = difflib.get_close_matches(name, sorted(choices), n=1)
    return f"did you mean {close[0]!r}?" if close else ""


def _rename_method(op: ir.Operation, name: str, diags: Diagnostics) -> ir.Operation:
    # Names are given in the target's spelling; snake_case is the IR's method-name form.
    snake = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower()
    if not _METHOD.fullmatch(snake):
        diags.error(f"overrides.methods: {name!r} is not a valid method name", op.pointer)
        return op
    return dataclasses.replace(op, name=snake)


def _set_pagination(
    api: ir.Api, op: ir.Operation, value: dict[str, object] | None, diags: Diagnostics
) -> ir.Operation:
    op = dataclasses.replace(op, paging=("config", json.dumps(value, sort_keys=True)))
    problem = explain(api, op)[1]
    if problem:
        diags.error(f"overrides.pagination: operation {op.id!r}: {problem}", op.pointer)
    return op


def _set_stream_end(op: ir.Operation, names: tuple[str, ...], diags: Diagnostics) -> ir.Operation:
    s = op.streaming
    known = {e.name for e in s.events} if s is not None else set()
    missing = [n for n in names if n not in known]
    if s is None or missing:
        what = "does not stream typed events" if not known else f"has no event {missing[0]!r}"
        diags.error(
            f"overrides.stream_end: operation {op.id!r} {what}",
            op.pointer,
            _closest(missing[0], known) if missing and known else "",
        )
        return op
    return dataclasses.replace(op, streaming=dataclasses.replace(s, end_events=names))


def _set_streaming(op: ir.Operation, on: bool, api: ir.Api, diags: Diagnostics) -> ir.Operation:
    if not on:
        return dataclasses.replace(op, streaming=None)
    if op.streaming is not None:
        return op
    if op.success is None or op.success.type is None:
        diags.error(
            f"overrides.stream: operation {op.id!r} has no response type to stream", op.pointer
        )
        return op
    flag = stream_flag_field(op.body.fields or ()) if op.body is not None else None
    if flag is not None:
        streaming = ir.Streaming("flag", op.success.type, "[DONE]", always=False, flag_field=flag)
        return dataclasses.replace(op, streaming=streaming)
    return dataclasses.replace(op, streaming=ir.Streaming("sse", op.success.type, None, True))


def _rename_models(
    api: ir.Api, renames: dict[str, str], diags: Diagnostics, reserved: frozenset[str], target: str
) -> ir.Api:
    if not renames:
        return api
    existing = {s.name for s in api.schemas}
    table: dict[str, str] = {}
    for old, new in renames.items():
        if old not in existing:
            diags.error(
                f"overrides.models: no model is named {old!r}", hint=_closest(old, existing)
            )
        elif not _CLASS.fullmatch(new):
            diags.error(f"overrides.models: {new!r} is not a valid class name (PascalCase)")
        elif new in reserved:
            diags.error(
                f"overrides.models: {old!r} -> {new!r}: the {target or 'target'} SDK already "
                f"declares a {new!r} of its own (its runtime or package uses that name)",
                hint=f"pick another name, e.g. {new + 'Model'!r}",
            )
        else:
            table[old] = new
    final = [table.get(name, name) for name in (s.name for s in api.schemas)]
    for name in sorted({n for n in final if final.count(n) > 1}):
        diags.error(f"overrides.models: two models would be named {name!r}")
    if not table or diags.has_errors:
        return api
    renamed = _rewrite(api, table)
    assert isinstance(renamed, ir.Api)
    return renamed


def _rewrite(value: _T, table: dict[str, str]) -> _T:
    """A copy of `value` with every model name in `table` replaced (Refs, models, chunks)."""
    result: Any = value
    if isinstance(value, ir.Ref):
        result = ir.Ref(table.get(value.name, value.name))
    elif isinstance(value, ir.Discriminator):
        result = dataclasses.replace(
            value, mapping=tuple((tag, table.get(cls, cls)) for tag, cls in value.mapping)
        )
    elif isinstance(value, ir.Api):
        changes = {
            f.name: _rewrite(getattr(value, f.name), table)
            for f in dataclasses.fields(value)
            if f.name in ("resources", "schemas")
        }
        result = dataclasses.replace(value, **changes)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {}
        for f in dataclasses.fields(value):
            old = getattr(value, f.name)
            new = _rewrite(old, table)
            if f.name in ("name", "chunk_of") and isinstance(
                value, ir.ObjectModel | ir.UnionModel | ir.EnumModel | ir.AliasModel
            ):
                new = table.get(old, old)
            if new is not old:
                changes[f.name] = new
        result = dataclasses.replace(value, **changes) if changes else value
    elif isinstance(value, tuple):
        items = tuple(_rewrite(v, table) for v in value)
        result = items if any(a is not b for a, b in zip(items, value, strict=True)) else value
    return result  # type: ignore[no-any-return]


def rename_models(api: ir.Api, table: dict[str, str]) -> ir.Api:
    """`api` with the models in `table` renamed (old -> new), every reference included.

    For targets mapping IR names that collide with their own names; the caller makes sure
    the new names are free.
    """
    if not table:
        return api
    renamed = _rewrite(api, table)
    assert isinstance(renamed, ir.Api)
    return renamed


def _configured_auth(api: ir.Api, auth: tuple[str, ...]) -> ir.Api:
    """A spec with no security scheme gets the one the config names (an optional credential)."""
    if not auth or api.security_schemes:
        return api
    kind, header = auth
    scheme = (
        ir.SecurityScheme("configured", "bearer")
        if kind == "bearer"
        else ir.SecurityScheme("configured", "api_key", "header", header)
    )
    return dataclasses.replace(api, security_schemes=(scheme,))
