"""What the Python `webhooks.py` template shows (the facts come from generator/webhooks.py)."""

from __future__ import annotations

from dataclasses import dataclass

from .. import ir
from ..webhooks import plan_webhooks
from .escape import py_literal, py_str
from .types import Annotations


@dataclass
class WebhookEventView:
    name: str  # py_str of the webhook key
    runtime: str  # runtime expression of the payload type
    annotation: str  # annotation of the payload type
    tag: str  # "(py_str property, literal)" or "None"
    header: str  # "(py_str header, py_str value)" or "None"
    doc: str  # one line, safe inside a comment


@dataclass
class WebhooksView:
    events: list[WebhookEventView]
    members: list[str]  # annotations of the payload union, UnknownWebhookEvent last
    imports: list[str]  # import lines the annotations need
    signing: str  # py_str of the signing scheme ("" for none)
    uses_models: bool  # the module imports `models as _models`


_TYPING = ("Dict", "List", "Literal", "Union")


def build_webhooks(api: ir.Api) -> WebhooksView | None:
    """The webhooks view, None when the spec declares no webhooks."""
    if not api.webhooks:
        return None
    ann = Annotations({s.name: s for s in api.schemas}, "_models.")
    events = []
    for plan in plan_webhooks(api):
        hook = plan.webhook
        tag = f"({py_str(plan.tag[0])}, {py_literal(plan.tag[1])})" if plan.tag else "None"
        header = f"({py_str(hook.header[0])}, {py_str(hook.header[1])})" if hook.header else "None"
        doc = " ".join(hook.description.split())[:80].replace("\\", "/")
        events.append(
            WebhookEventView(
                py_str(hook.name),
                ann.runtime_type(hook.type),
                ann.result(hook.type),
                tag,
                header,
                doc,
            )
        )
    members = [*dict.fromkeys(e.annotation for e in events), "UnknownWebhookEvent"]
    imports = []
    if "_dt" in ann.uses:
        imports.append("import datetime as _dt")
    if "typing" in ann.uses:
        imports.append("import typing")
    names = sorted(n for n in ann.uses if n in _TYPING)
    imports.append(f"from typing import {', '.join(sorted({*names, 'Union'}))}")
    return WebhooksView(
        events=events,
        members=members,
        imports=imports,
        signing=py_str(api.webhook_signing) if api.webhook_signing else "",
        uses_models=bool(ann.refs),
    )
