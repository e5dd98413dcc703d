"""Webhooks (OpenAPI 3.1 top-level `webhooks`): the payload each event carries and how a
received payload is told apart from the others. Target-neutral; targets render these facts.

Each entry of `webhooks` is a path item; its first operation with a request body gives the
payload type. An event is recognised, in this order, by a tag property of one fixed value
that every tagged payload shares (`type: {const: order.created}`), else by a header the
webhook declares with one fixed value, else by trying each payload type in turn.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from . import ir
from .diagnostics import Diagnostics, pointer_join
from .names import pascal
from .spec import HTTP_METHODS

# Tag property names preferred when payloads share several one-value properties.
_TAG_NAMES = ("type", "event", "event_type", "eventType", "kind")


class _Builder(Protocol):
    """What webhooks need of build_ir's operation builder."""

    def _body(self, body: Any, pointer: str, hint: str) -> ir.Body | None: ...

    def _params(
        self, item: dict[str, Any], op: dict[str, Any], pointer: str, hint: str
    ) -> tuple[ir.Param, ...]: ...


class _Resolver(Protocol):
    def resolve(self, ref: Any, pointer: str) -> tuple[str, Any] | None: ...


def read_webhooks(
    doc: dict[str, Any], builder: _Builder, conv: _Resolver, diags: Diagnostics
) -> tuple[ir.Webhook, ...]:
    """The webhooks of `doc`, in spec order; one without a request body is skipped (noted)."""
    raw = doc.get("webhooks")
    if not isinstance(raw, dict):
        return ()
    out = []
    for name, item in raw.items():
        pointer = pointer_join("/webhooks", name)
        if isinstance(item, dict) and "$ref" in item:
            found = conv.resolve(item["$ref"], pointer)
            item = found[1] if found is not None else None
        if not isinstance(item, dict):
            continue
        hook = _read_one(str(name), item, pointer, builder)
        if hook is None:
            diags.note(f"webhook {name!r} declares no request body; no payload model", pointer)
            continue
        out.append(hook)
    return tuple(out)


def _read_one(
    name: str, item: dict[str, Any], pointer: str, builder: _Builder
) -> ir.Webhook | None:
    for method in HTTP_METHODS:
        op = item.get(method)
        if not isinstance(op, dict) or "requestBody" not in op:
            continue
        op_pointer = pointer_join(pointer, method)
        hint = pascal(name, "Webhook") + "Event"
        body = builder._body(op["requestBody"], pointer_join(op_pointer, "requestBody"), hint)
        if body is None:
            return None
        header = None
        for param in builder._params(item, op, op_pointer, hint):
            value = _one_value(param.type, {})
            if param.location == "header" and value is not None and isinstance(value, str):
                header = (param.name, value)
                break
        text = op.get("summary") or op.get("description") or ""
        return ir.Webhook(
            name=name,
            type=body.type,
            description=text if isinstance(text, str) else "",
            header=header,
            pointer=op_pointer,
        )
    return None


@dataclass(frozen=True)
class WebhookPlan:
    """How one webhook's payload is recognised."""

    webhook: ir.Webhook
    tag: tuple[str, ir.Scalar] | None  # (property wire name, its fixed value)


def plan_webhooks(api: ir.Api) -> tuple[WebhookPlan, ...]:
    """Each webhook with the tag that identifies its payload (None: by header or by trying)."""
    schemas = {s.name: s for s in api.schemas}
    candidates = [_tags(h.type, schemas) for h in api.webhooks]
    tagged = [c for c in candidates if c]
    common = set.intersection(*(set(c) for c in tagged)) if tagged else set()
    prop = next((p for p in _TAG_NAMES if p in common), None) or min(common, default=None)
    if prop is not None:
        values = [c[prop] for c in candidates if prop in c]
        if len(set(map(repr, values))) != len(values):
            prop = None  # two payloads share a value: the tag does not tell them apart
    return tuple(
        WebhookPlan(h, (prop, c[prop]) if prop is not None and prop in c else None)
        for h, c in zip(api.webhooks, candidates, strict=True)
    )


def _tags(t: ir.TypeExpr, schemas: dict[str, ir.Schema]) -> dict[str, ir.Scalar]:
    """Required properties of the payload object that admit one value only."""
    model = schemas.get(t.name) if isinstance(t, ir.Ref) else None
    if not isinstance(model, ir.ObjectModel):
        return {}
    out: dict[str, ir.Scalar] = {}
    for f in model.fields:
        value = _one_value(f.type, schemas)
        if f.required and value is not None:
            out[f.name] = value
    return out


def _one_value(t: ir.TypeExpr, schemas: dict[str, ir.Schema]) -> ir.Scalar | None:
    if isinstance(t, ir.EnumOf) and len(t.values) == 1:
        return t.values[0]
    if isinstance(t, ir.Ref):
        target = schemas.get(t.name)
        if isinstance(target, ir.EnumModel) and len(target.values) == 1:
            return target.values[0]
    return None
