"""The pages of the Python docs as views: one per resource (its operations: calls, parameters,
responses, errors) and one per model. Cells and prose are Markdown made by generator/markdown.py;
snippets come from python/snippets.py and are formatted later, in one batch."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace

from .. import ir
from ..graph import direct_refs, reach_from, reachable
from ..markdown import Slugger, md_cell, md_text
from .errors import raised_class
from .escape import py_literal
from .pagination_view import describe
from .snippets import Snippet, Snippets, wire_name
from .types import PRIMS
from .view import MethodView, PackageView, ResourceView

# --- types as Markdown ------------------------------------------------------------------------


def md_type(t: ir.TypeExpr | None, link: str, schemas: dict[str, ir.Schema], arg: bool) -> str:
    """A type in Python spelling as inline Markdown, model names linked to their pages.

    `link` is the relative folder of the model pages ("models/" or ""); `arg` spells what a
    method accepts (dates also as strings, files, models also as dicts).
    """
    if t is None:
        return "None"

    def go(t: ir.TypeExpr) -> str:
        if isinstance(t, ir.Nullable):
            return f"{go(t.inner)} \\| None"
        if isinstance(t, ir.Prim):
            if t.kind == "string" and t.format in ("date-time", "date"):
                name = "datetime" if t.format == "date-time" else "date"
                return f"{name} \\| str" if arg else name
            if t.kind == "binary" and arg:
                return "FileTypes"
            return PRIMS[t.kind]
        if isinstance(t, ir.ArrayOf):
            return f"list\\[{go(t.items)}\\]"
        if isinstance(t, ir.MapOf):
            return f"dict\\[str, {go(t.values)}\\]"
        if isinstance(t, ir.EnumOf):
            return "Literal\\[" + ", ".join(md_cell(py_literal(v)) for v in t.values) + "\\]"
        if isinstance(t, ir.UnionOf):
            return " \\| ".join(go(v) for v in t.variants)
        if isinstance(t, ir.Ref):
            linked = f"[{t.name}]({link}{t.name}.md)"
            target = schemas.get(t.name)
            if arg and (
                isinstance(target, ir.ObjectModel)
                or (isinstance(target, ir.UnionModel) and target.union.discriminator is not None)
            ):
                return f"{linked} \\| dict"
            return linked
        return "object"

    return go(t)


# --- page views -------------------------------------------------------------------------------


@dataclass
class ParamDoc:
    """One row of a Parameters table (all cells already Markdown)."""

    name: str
    type: str
    required: bool
    sent_as: str
    description: str


@dataclass
class ErrorDoc:
    """One row of an Errors table (all cells already Markdown)."""

    cls: str
    statuses: str
    content_type: str
    notes: str


@dataclass
@dataclass
class OperationDoc:
    """One operation's section of a resource page."""

    name: str
    anchor: str
    call: str  # `client.completions.create`
    summary: str  # one line, Markdown
    description: str  # paragraphs, Markdown
    http: str  # `POST /completions`, Markdown
    deprecated: bool
    example: Snippet
    async_example: Snippet | None
    stream_mode: str
    stream_sync: Snippet | None
    stream_async: Snippet | None
    params: list[ParamDoc]
    response: str  # Markdown
    response_notes: str  # Markdown
    stream_response: str  # Markdown, "" when not streaming
    errors: list[ErrorDoc]
    headings: list[str] = field(default_factory=list)
    pages: list[Snippet] = field(default_factory=list)  # iteration, page by page, async
    paging: str = ""  # Markdown: how the next page is asked for ("" when not paginated)


@dataclass
class ResourceDoc:
    """A resource page."""

    title: str
    attr: str
    module: str
    description: str
    operations: list[OperationDoc]


@dataclass
class FieldDoc:
    """One row of a model's Fields table (all cells Markdown)."""

    ident: str
    wire: str
    type: str
    required: bool
    nullable: bool
    description: str


@dataclass
class ModelDoc:
    """A model page."""

    name: str
    kind: str  # object | union | enum | alias
    description: str
    fields: list[FieldDoc] = field(default_factory=list)
    extra: str = ""  # type of additional properties, Markdown, "" when none
    chunk_of: str = ""
    variants: list[str] = field(default_factory=list)
    discriminator: str = ""  # wire name of the tag, Markdown
    mapping: list[tuple[str, str]] = field(default_factory=list)  # (value md, variant link)
    inferred: bool = False
    values: list[str] = field(default_factory=list)
    open_enum: bool = False
    target: str = ""
    deprecated: bool = False
    used_by: list[tuple[str, str]] = field(default_factory=list)  # (label, link)


# --- building ---------------------------------------------------------------------------------


class PageBuilder:
    """Turns the IR and the package view into page views and snippets."""

    def __init__(self, api: ir.Api, view: PackageView) -> None:
        self.api = api
        self.view = view
        self.schemas = {s.name: s for s in api.schemas}
        self.snippets = Snippets(view.options.name, view.options.package, self.schemas)
        self.model_views = {m.name: m for m in view.models}

    # operations

    def operation(self, r: ResourceView, op: ir.Operation, m: MethodView) -> OperationDoc:
        """One operation's documentation."""
        sn = self.snippets
        always = m.stream == "always"
        pages: list[Snippet] = []
        if always:
            example = sn.snippet(sn.stream_program(sn.stream_call(r, op, m), False), op, True)
            async_example = None
        elif m.page is not None:
            call = sn.call(r, op, m)
            example = sn.snippet(sn.pages_program(call, "first"), op, False)
            async_example = sn.snippet(sn.pages_program(call, "first", True), op, False)
            pages = [
                replace(sn.snippet(sn.pages_program(call, how, aw), op, False), pages=True)
                for how, aw in (("items", False), ("pages", False), ("items", True))
            ]
        else:
            call = sn.call(r, op, m)
            example = sn.snippet(sn.sync_program(sn.result(call, m)), op, False)
            async_example = sn.snippet(sn.async_program(sn.result(call, m, "await ")), op, False)
        stream_sync = stream_async = None
        if m.stream:
            scall = sn.stream_call(r, op, m)
            if not always:
                stream_sync = sn.snippet(sn.stream_program(scall, False), op, True)
            stream_async = sn.snippet(sn.stream_program(scall, True), op, True)
        summary = md_cell(op.summary) if op.summary else ""
        description = md_text(op.description) if op.description else ""
        if not summary and op.description:
            summary = md_cell(op.description.strip().split("\n")[0])
        return OperationDoc(
            name=m.name,
            anchor="",
            call=f"client.{r.attr}.{m.name}",
            summary=summary,
            description=description,
            http=f"{md_cell(op.http_method.upper())} {md_cell(op.path)}",
            deprecated=op.deprecated,
            example=example,
            async_example=async_example,
            stream_mode=m.stream,
            stream_sync=stream_sync,
            stream_async=stream_async,
            params=self.params(op, m),
            response=self.response(op, m),
            response_notes=(
                md_text(op.success.description)
                if op.success is not None and op.success.description
                else ""
            ),
            stream_response=self.stream_response(op, m),
            errors=self.errors(op, m),
            pages=pages,
            paging=describe(m.page.plan) if m.page is not None else "",
        )

    def params(self, op: ir.Operation, m: MethodView) -> list[ParamDoc]:
        """The Parameters table: path arguments, then keyword arguments in signature order."""
        params = {p.name: p for p in op.params}
        fields = {f.name: f for f in (op.body.fields or ())} if op.body else {}
        rows = []
        for a in m.path_args + m.kw_args:
            wire = wire_name(a)
            description = ""
            t: ir.TypeExpr | None = None
            notes: list[str] = []
            if a is m.body_arg and op.body is not None:
                t = op.body.type
                sent = f"request body ({md_cell(op.body.media_type)})"
                description = op.body.description
                if m.body_kind == "content":
                    t = ir.Prim("binary")
            elif wire in params and a not in m.json_fields and a not in m.file_fields:
                p = params[wire]
                t, description = p.type, p.description
                sent = (
                    f"{p.location} `{p.name}`"
                    if p.name == a.ident
                    else (f"{p.location} {md_cell(p.name)}")
                )
                if p.has_default:
                    notes.append("Default: " + md_cell(_json_show(p.default)) + ".")
                if p.deprecated:
                    notes.append("Deprecated.")
            else:
                f = fields.get(wire)
                if f is None:
                    continue
                t, description = f.type, f.description
                where = "form field" if m.body_kind in ("form", "multipart") else "body field"
                sent = (
                    f"{where} `{f.name}`" if f.name == a.ident else (f"{where} {md_cell(f.name)}")
                )
                if f.has_default:
                    notes.append("Default: " + md_cell(_json_show(f.default)) + ".")
                if f.deprecated:
                    notes.append("Deprecated.")
            text = " ".join(([md_cell(description)] if description else []) + notes)
            rows.append(
                ParamDoc(
                    name=f"`{a.ident}`",
                    type=md_type(t, "models/", self.schemas, arg=True),
                    required=a.required,
                    sent_as=sent,
                    description=text,
                )
            )
        if m.stream == "flag" and op.streaming is not None:
            chunk = md_type(op.streaming.event_type, "models/", self.schemas, arg=False)
            flag = fields.get(op.streaming.flag_field or "")
            default = ""
            if flag is not None and flag.has_default:
                default = " Default: " + md_cell(_json_show(flag.default)) + "."
            rows.append(
                ParamDoc(
                    name="`stream`",
                    type="bool",
                    required=False,
                    sent_as="body field `stream`",
                    description=f"`True` returns a stream of {chunk} chunks instead of one "
                    "response (see [Streaming](#" + "{stream_anchor}" + "))." + default,
                )
            )
        return rows

    def response(self, op: ir.Operation, m: MethodView) -> str:
        """What a non-streaming call returns, as Markdown."""
        if m.stream == "always":
            assert m.event_type is not None
            chunk = md_type(m.event_type, "models/", self.schemas, arg=False)
            return f"`{m.stream_class}` (async: `Async{m.stream_class}`) of {chunk}"
        if m.page is not None:
            item = md_type(m.page.plan.item_type, "models/", self.schemas, arg=False)
            return f"`SyncPage` of {item} (async: `AsyncPaginator`; awaited, `AsyncPage`)"
        if m.response_kind == "none":
            return "None (the response has no body)"
        if m.response_kind == "text":
            return "str (the response body as text)"
        if m.response_kind == "bytes":
            return "bytes (the raw response body)"
        assert op.success is not None
        return md_type(op.success.type, "models/", self.schemas, arg=False)

    def stream_response(self, op: ir.Operation, m: MethodView) -> str:
        """What a streaming call yields, as Markdown."""
        if m.stream != "flag" or op.streaming is None:
            return ""
        chunk = md_type(op.streaming.event_type, "models/", self.schemas, arg=False)
        return f"`Stream` (async: `AsyncStream`) of {chunk}"

    def errors(self, op: ir.Operation, m: MethodView) -> list[ErrorDoc]:
        """Declared error statuses grouped by exception class, then the undeclared ones."""
        grouped: dict[str, list[ir.Response]] = {}
        names = {e.status: e.name for e in self.view.error_classes}
        for response in op.errors:
            grouped.setdefault(raised_class(response.status, names), []).append(response)
        rows = []
        for cls, responses in grouped.items():
            statuses = ", ".join(md_cell(r.status) for r in responses)
            media = sorted({r.media_type for r in responses if r.media_type})
            notes = []
            for r in responses:
                if r.description:
                    notes.append(f"{md_cell(r.status)}: {md_cell(r.description)}")
            models = sorted({r.type.name for r in responses if isinstance(r.type, ir.Ref)})
            for name in models:
                notes.append(f"`error_model`: [{name}](models/{name}.md)")
            rows.append(
                ErrorDoc(
                    cls=f"`{cls}`",
                    statuses=statuses,
                    content_type=", ".join(md_cell(x) for x in media) or "none declared",
                    notes="; ".join(notes),
                )
            )
        rows.append(
            ErrorDoc(
                "`APIStatusError`",
                "any other 4XX, 5XX",
                "\\*/\\*",
                "Every status error derives from it.",
            )
        )
        rows.append(
            ErrorDoc(
                "`APIConnectionError`",
                "none",
                "none",
                "The request could not be sent or the response not received "
                "(`APITimeoutError` when it timed out).",
            )
        )
        rows.append(
            ErrorDoc(
                "`APIResponseValidationError`",
                "2XX",
                "any",
                "The response did not have the declared shape.",
            )
        )
        if m.stream:
            rows.append(
                ErrorDoc(
                    "`APIStreamError`",
                    "2XX",
                    "text/event-stream",
                    "The server reported an error inside the stream.",
                )
            )
        return rows

    def resource(self, r_ir: ir.Resource, r: ResourceView) -> ResourceDoc:
        """A resource page with anchors computed like GitHub does."""
        ops = [self.operation(r, op, m) for op, m in zip(r_ir.operations, r.methods, strict=True)]
        title = f"{r.cls}"
        slugger = Slugger()
        for heading in (title, "Overview", "Available Operations"):
            slugger.slug(heading)
        for o in ops:
            o.anchor = slugger.slug(o.name)
            o.headings = ["Example Usage"]
            if o.stream_sync is not None or o.stream_async is not None:
                o.headings.append("Streaming")
            if o.pages:
                o.headings.append("Pagination")
            if o.async_example is not None:
                o.headings.append("Async")
            o.headings += ["Parameters", "Response", "Errors"]
            stream_anchor = ""
            for heading in o.headings:
                slug = slugger.slug(heading)
                if heading == "Streaming":
                    stream_anchor = slug
            for p in o.params:
                p.description = p.description.replace("{stream_anchor}", stream_anchor)
        return ResourceDoc(
            title=title,
            attr=r.attr,
            module=r.module,
            description=md_text(r_ir.description) if r_ir.description else "",
            operations=ops,
        )

    # models

    def model(self, schema: ir.Schema, used_by: dict[str, list[tuple[str, str]]]) -> ModelDoc:
        """One model page."""
        doc = ModelDoc(
            name=schema.name,
            kind="object",
            description=md_text(schema.description) if schema.description else "",
            used_by=used_by.get(schema.name, []),
        )
        if isinstance(schema, ir.ObjectModel):
            doc.deprecated = schema.deprecated
            doc.chunk_of = schema.chunk_of
            idents = self._field_idents(schema)
            for f, ident in zip(schema.fields, idents, strict=True):
                nullable = isinstance(f.type, ir.Nullable) or bool(schema.chunk_of)
                notes = [md_cell(f.description)] if f.description else []
                if f.has_default:
                    notes.append("Default: " + md_cell(_json_show(f.default)) + ".")
                if f.read_only:
                    notes.append("Read-only: sent by the server.")
                if f.write_only:
                    notes.append("Write-only: sent by the client.")
                if f.deprecated:
                    notes.append("Deprecated.")
                doc.fields.append(
                    FieldDoc(
                        ident=f"`{ident}`",
                        wire=md_cell(f.name),
                        type=md_type(f.type, "", self.schemas, arg=False),
                        required=f.required and not schema.chunk_of,
                        nullable=nullable,
                        description=" ".join(notes),
                    )
                )
            if schema.extra is not None:
                doc.extra = md_type(schema.extra, "", self.schemas, arg=False)
        elif isinstance(schema, ir.UnionModel):
            doc.kind = "union"
            doc.variants = [md_type(v, "", self.schemas, arg=False) for v in schema.union.variants]
            d = schema.union.discriminator
            if d is not None:
                doc.discriminator = md_cell(d.property)
                doc.mapping = [(md_cell(py_literal(v)), f"[{n}]({n}.md)") for v, n in d.mapping]
                doc.inferred = d.inferred
        elif isinstance(schema, ir.EnumModel):
            doc.kind = "enum"
            doc.values = [md_cell(py_literal(v)) for v in schema.values]
            doc.open_enum = all(isinstance(v, str) for v in schema.values)
        else:
            doc.kind = "alias"
            doc.target = md_type(schema.target, "", self.schemas, arg=False)
        return doc

    def _field_idents(self, schema: ir.ObjectModel) -> list[str]:
        # The Python attribute names, exactly as models.py spells them.
        mv = self.model_views.get(schema.name)
        if mv is not None and len(mv.fields) == len(schema.fields):
            return [f.ident for f in mv.fields]
        return [f.name for f in schema.fields]

    def used_by(self, resources: list[ResourceDoc]) -> dict[str, list[tuple[str, str]]]:
        """Model name -> operations whose arguments, result or chunks mention it."""
        reach = reachable(self.schemas)
        out: dict[str, list[tuple[str, str]]] = {}
        for r_ir, r_doc in zip(self.api.resources, resources, strict=True):
            for op, o in zip(r_ir.operations, r_doc.operations, strict=True):
                direct: set[str] = set()
                for t in _op_types(op):
                    direct_refs(t, direct)
                for name in sorted(reach_from(direct, reach)):
                    out.setdefault(name, []).append(
                        (f"{r_doc.attr}.{o.name}", f"../{r_doc.module}.md#{o.anchor}")
                    )
        return out


def _json_show(value: object) -> str:
    try:
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    except (TypeError, ValueError):
        return str(value)


def _op_types(op: ir.Operation) -> list[ir.TypeExpr]:
    types: list[ir.TypeExpr] = [p.type for p in op.params]
    if op.body is not None:
        types.append(op.body.type)
    if op.success is not None and op.success.type is not None:
        types.append(op.success.type)
    types += [r.type for r in op.errors if r.type is not None]
    if op.streaming is not None:
        types.append(op.streaming.event_type)
    return types
