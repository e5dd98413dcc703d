"""The README of a generated Python SDK as a view: its sections' snippets (macros of
templates/python/docs/snippets.py.jinja), anchors and indexes."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace

from ..markdown import Slugger, md_cell, md_text
from ..oauth import client_credentials
from ..plan import used_schemes
from .docs_pages import PageBuilder, ResourceDoc
from .idents import py_ident
from .snippets import Snippet
from .view import MethodView


@dataclass
class ReadmeDoc:
    """Everything the README template shows."""

    title: str  # Markdown, one line
    description: str  # Markdown
    snippets: dict[str, Snippet]  # by section: quick_start, auth, async, stream_sync, ...
    anchors: dict[str, str]  # section heading -> anchor
    index: list[tuple[str, str, str, str]]  # (call, http, summary, link)
    models: list[str]
    primary_call: str  # `client.completions.create`
    primary_method: str  # `create`
    primary_attr: str
    stream_call: str
    base_url: str  # Markdown, "" when the API declares none
    page_call: str = ""  # `client.things.list` of the first paginated operation, or ""
    upload_call: str = ""  # `client.files.create`: the first method that takes a file
    # OAuth2 client credentials: (id argument, secret argument, Markdown token URL) per scheme
    oauth: tuple[tuple[str, str, str], ...] = ()
    webhooks: str = ""  # "signed" or "plain" when the spec declares webhooks, else ""


_README_HEADINGS = [
    "Installation",
    "Quick start",
    "Authentication",
    "Base URL",
    "Sync and async",
    "Streaming",
    "Pagination",
    "Retries and timeouts",
    "Error handling",
    "Per-call options",
    "Raw responses",
    "File uploads and downloads",
    "Webhooks",
    "Custom HTTP client",
    "Debug logging",
    "Operations",
    "Models",
]


def readme(b: PageBuilder, resources: list[ResourceDoc]) -> ReadmeDoc:
    """The README view: the first non-deprecated, non-streaming operation shows the calls, the
    first streaming one shows streams."""
    view = b.view
    sn = b.snippets
    pairs = [
        (r, op, m)
        for r_ir, r in zip(b.api.resources, view.resources, strict=True)
        for op, m in zip(r_ir.operations, r.methods, strict=True)
    ]
    snippets: dict[str, Snippet] = {}
    primary = next((p for p in pairs if not p[1].deprecated and p[2].stream != "always"), None)
    streaming = next((p for p in pairs if p[2].stream), None)
    primary_call = primary_method = primary_attr = stream_call = ""
    if primary is not None:
        r, op, m = primary
        primary_call, primary_method, primary_attr = f"client.{r.attr}.{m.name}", m.name, r.attr
        call = sn.call(r, op, m)
        snippets["quick_start"] = sn.snippet(sn.sync_program(sn.result(call, m)), op, False)
        creds = [a for a in view.auth if a.kind != "webhook_secret"]
        if creds:
            args = ", ".join(f'{a.ident}=os.environ["{a.env}"]' for a in creds)
            snippets["auth"] = sn.snippet(sn.program("auth", call, m, args), op, False)
        snippets["async"] = sn.snippet(sn.async_program(sn.result(call, m, "await ")), op, False)
        retries = sn.call(r, op, m, ["max_retries=5", "timeout=120.0"])
        snippets["retries"] = sn.snippet(sn.program("retries", retries, m), op, False)
        with_options = (
            f"client.with_options(max_retries=0, timeout=10.0).{r.attr}."
            + call.split(f"client.{r.attr}.", 1)[1]
        )
        snippets["with_options"] = sn.snippet(
            sn.sync_program(sn.result(with_options, m)), op, False
        )
        snippets["errors"] = sn.snippet(sn.program("errors", call, m), op, False)
        extra = [
            'extra_headers={"X-Request-Source": "docs"}',
            'extra_query={"trace": "1"}',
            "timeout=30.0",
            "max_retries=1",
        ]
        if m.body_kind == "json" and not m.body_arg:
            extra.insert(2, 'extra_body={"custom_field": "value"}')
        per_call = sn.call(r, op, m, extra)
        snippets["per_call"] = sn.snippet(sn.sync_program(sn.result(per_call, m)), op, False)
        raw = sn.call(r, op, m, raw=True)
        snippets["raw"] = sn.snippet(sn.program("raw", raw, m), op, False)
        snippets["http_client"] = sn.snippet(sn.program("http_client", call, m), op, False)
    uploading = next((p for p in pairs if _takes_file(p[2]) and not p[2].stream), None)
    upload_call = ""
    if uploading is not None:
        r, op, m = uploading
        upload_call = f"client.{r.attr}.{m.name}"
        call = sn.call(r, op, m, files="path")
        snippets["upload"] = sn.snippet(sn.program("upload", call, m), op, False)
    downloading = next(
        (p for p in pairs if p[2].response_kind == "bytes" and not p[2].stream),
        primary if primary is not None and primary[2].page is None else None,
    )
    if downloading is not None:
        r, op, m = downloading
        call = sn.call(r, op, m, wrapper="with_streaming_response")
        snippets["download"] = sn.snippet(sn.program("download", call, m), op, False)
    if streaming is not None:
        r, op, m = streaming
        scall = sn.stream_call(r, op, m)
        stream_call = f"client.{r.attr}.{m.name}"
        snippets["stream_sync"] = sn.snippet(sn.stream_program(scall, False), op, True)
        snippets["stream_async"] = sn.snippet(sn.stream_program(scall, True), op, True)
        if primary is None:
            snippets["quick_start"] = snippets["stream_sync"]
    paged = next((p for p in pairs if p[2].page is not None), None)
    page_call = ""
    if paged is not None:
        r, op, m = paged
        page_call, call = f"client.{r.attr}.{m.name}", sn.call(r, op, m)
        for how, aw in (("items", False), ("pages", False), ("items", True)):
            code = sn.pages_program(call, how, aw)
            snippets["pages_" + how + ("_async" if aw else "")] = replace(
                sn.snippet(code, op, False), pages=True
            )
    webhooks = ""
    if b.api.webhooks:
        webhooks = "signed" if b.api.webhook_signing else "plain"
        snippets["webhooks"] = sn.plain_snippet(sn.webhooks_program(webhooks == "signed"))
    oauth = tuple(
        (
            py_ident(cc.id_arg),
            py_ident(cc.secret_arg),
            md_cell(cc.token_url)
            + ("" if "://" in cc.token_url else " (relative to the base URL)"),
        )
        for cc in client_credentials(b.api, used_schemes(b.api))
    )
    index = []
    for r_doc in resources:
        for o in r_doc.operations:
            index.append((o.call, o.http, o.summary, f"docs/{r_doc.module}.md#{o.anchor}"))
    title = md_cell(view.title)
    slugger = Slugger()
    slugger.slug(f"{title} Python SDK")
    slugger.slug("Contents")
    anchors = {h: slugger.slug(h) for h in _README_HEADINGS}
    base = view.options.base_url or ""
    if not base and view.default_base_url != "None":
        loaded = json.loads(view.default_base_url)
        base = loaded if isinstance(loaded, str) else ""
    return ReadmeDoc(
        title=title,
        description=md_text(b.api.description) if b.api.description else "",
        snippets=snippets,
        anchors=anchors,
        index=index,
        models=[s.name for s in b.api.schemas],
        primary_call=primary_call,
        primary_method=primary_method,
        primary_attr=primary_attr,
        stream_call=stream_call,
        base_url=md_cell(base) if base else "",
        page_call=page_call,
        upload_call=upload_call,
        oauth=oauth,
        webhooks=webhooks,
    )


def _takes_file(m: MethodView) -> bool:
    """A method with a file argument: a multipart file field or a raw body."""
    return bool(m.file_fields) or (m.body_kind == "content" and m.body_arg is not None)
