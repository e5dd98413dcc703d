"""The typed events of an event stream, read from its item schema.

A `text/event-stream` response's item schema (`itemSchema` in OpenAPI 3.2, `x-item-schema`, or
`schema`) describes one event in one of three ways:

- a union of payloads told apart by a tag property (`oneOf` with a `discriminator`, or
  variants whose tag is a one-value enum): each payload is an event, recognised by its tag
  (and by an SSE event name equal to the tag);
- an envelope, an object whose properties are the SSE fields (`data`, and `event`, `id`,
  `retry`): the `data` property is the payload. A union of envelopes whose `event` is a
  one-value enum maps each event name onto its payload; one envelope whose `data` is a tagged
  union is that union; one envelope with a plain `data` type streams that type;
- anything else: every event's data is that type (an untyped stream).
"""

from __future__ import annotations

from dataclasses import dataclass

from . import ir
from .graph import resolve_alias

_SSE_FIELDS = frozenset({"data", "event", "id", "retry"})


@dataclass(frozen=True)
class EventUnion:
    """What the item schema says about the stream's events."""

    item: ir.TypeExpr  # type of an event's data (the union of the events when typed)
    events: tuple[ir.StreamEvent, ...]  # () for an untyped stream
    tag: str  # payload property naming a tagged event


def read_events(t: ir.TypeExpr, models: dict[str, ir.Schema]) -> EventUnion:
    """The events of a stream whose item schema converted to `t`."""
    envelope = _envelope(t, models)
    if envelope is not None:
        name, data = envelope
        if name is not None:
            event = ir.StreamEvent(name, data, "event")
            return EventUnion(data, (event,), "type")
        return _tagged(data, models) or EventUnion(data, (), "type")
    union = _union(t, models)
    if union is not None:
        named = [_envelope(v, models) for v in union.variants]
        pairs = [n for n in named if n is not None and n[0] is not None]
        if pairs and len(pairs) == len(union.variants):
            events = tuple(ir.StreamEvent(str(n), d, "event") for n, d in pairs)
            return EventUnion(_union_of(tuple(d for _, d in pairs)), _dedupe(events), "type")
    return _tagged(t, models) or EventUnion(t, (), "type")


def _tagged(t: ir.TypeExpr, models: dict[str, ir.Schema]) -> EventUnion | None:
    union = _union(t, models)
    if union is None or union.discriminator is None:
        return None
    disc = union.discriminator
    events = tuple(
        ir.StreamEvent(str(value), ir.Ref(variant), "tag")
        for value, variant in disc.mapping
        if isinstance(value, str)
    )
    if not events:
        return None
    return EventUnion(t, _dedupe(events), disc.property)


def _union(t: ir.TypeExpr, models: dict[str, ir.Schema]) -> ir.UnionOf | None:
    t = resolve_alias(t, models)
    if isinstance(t, ir.UnionOf):
        return t
    if isinstance(t, ir.Ref):
        model = models.get(t.name)
        if isinstance(model, ir.UnionModel):
            return model.union
    return None


def _envelope(
    t: ir.TypeExpr, models: dict[str, ir.Schema]
) -> tuple[str | None, ir.TypeExpr] | None:
    """(event name or None, payload type) when `t` is an object of SSE fields with `data`."""
    t = resolve_alias(t, models)
    model = models.get(t.name) if isinstance(t, ir.Ref) else None
    if not isinstance(model, ir.ObjectModel) or model.extra is not None:
        return None
    fields = {f.name: f for f in model.fields}
    if "data" not in fields or not set(fields) <= _SSE_FIELDS:
        return None
    name: str | None = None
    event = fields.get("event")
    if event is not None:
        values = _enum_values(event.type, models)
        if len(values) == 1 and isinstance(values[0], str):
            name = values[0]
    data = fields["data"].type
    return name, data.inner if isinstance(data, ir.Nullable) else data


def _enum_values(t: ir.TypeExpr, models: dict[str, ir.Schema]) -> tuple[ir.Scalar, ...]:
    t = resolve_alias(t, models)
    if isinstance(t, ir.EnumOf):
        return t.values
    if isinstance(t, ir.Ref):
        model = models.get(t.name)
        if isinstance(model, ir.EnumModel):
            return model.values
    return ()


def _union_of(types: tuple[ir.TypeExpr, ...]) -> ir.TypeExpr:
    unique = tuple(dict.fromkeys(types))
    return unique[0] if len(unique) == 1 else ir.UnionOf(unique)


def _dedupe(events: tuple[ir.StreamEvent, ...]) -> tuple[ir.StreamEvent, ...]:
    seen: set[str] = set()
    out = []
    for e in events:
        if e.name not in seen:
            seen.add(e.name)
            out.append(e)
    return tuple(out)
