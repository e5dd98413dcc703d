"""The Python spelling of a stream's item type and end rule (the facts come from the plan)."""

from __future__ import annotations

from .. import ir
from ..plan import StreamEnd
from .escape import py_str
from .types import Annotations

# Events with these names or tags carry the API's error: they raise, they are never yielded.
ERROR_EVENTS = ("error",)


def stream_item(streaming: ir.Streaming, end: StreamEnd, ann: Annotations) -> tuple[str, str]:
    """(annotation of one stream item, runtime `cast_to` expression) of a streaming call.

    A stream of typed events yields the union of its event payloads and `UnknownEvent`; its
    `cast_to` is an `EventTypes` mapping each event name or tag onto its payload type.
    """
    events = [e for e in streaming.events if e.name not in ERROR_EVENTS]
    if not events:
        return ann.result(streaming.event_type), ann.runtime_type(streaming.event_type)
    ann.use("EventTypes")
    members = list(dict.fromkeys(ann.result(e.type) for e in events))
    union = ann.use("Union", "typing.")
    chunk = f"{union}[{', '.join([*members, 'UnknownEvent'])}]"
    args = []
    for by, key in (("event", "by_event"), ("tag", "by_type")):
        table = [f"{py_str(e.name)}: {ann.runtime_type(e.type)}" for e in events if e.by == by]
        if table:
            args.append(f"{key}={{{', '.join(table)}}}")
    if streaming.tag != "type":
        args.append(f"tag={py_str(streaming.tag)}")
    if end.kind == "event":
        args.append(f"end=({''.join(py_str(n) + ', ' for n in end.events)})")
    return chunk, f"EventTypes({', '.join(args)})"
