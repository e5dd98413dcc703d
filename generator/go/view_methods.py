"""The Go view of resources and their methods: request builders, results, errors and streams,
from the call plan (`generator/plan.py`). Go spellings only; the decisions are the plan's."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .. import ir
from ..markdown import md_cell, md_text
from ..plan import CallPlan, is_json, line_item, plan_operation
from .docs import example, params_md
from .escape import comment_lines, go_str, one_line
from .names import go_pascal as pascal
from .types import FieldView, go_unique

if TYPE_CHECKING:
    from .view import _Builder

_STATUS_NAMES = {
    "400": "BadRequest", "401": "Unauthorized", "402": "PaymentRequired", "403": "Forbidden",
    "404": "NotFound", "405": "MethodNotAllowed", "406": "NotAcceptable", "408": "RequestTimeout",
    "409": "Conflict", "410": "Gone", "412": "PreconditionFailed", "413": "PayloadTooLarge",
    "415": "UnsupportedMediaType", "422": "UnprocessableEntity", "423": "Locked",
    "424": "FailedDependency", "429": "TooManyRequests", "500": "InternalServer",
    "501": "NotImplemented", "502": "BadGateway", "503": "ServiceUnavailable",
    "504": "GatewayTimeout",
}  # fmt: skip


def _doc(text: str, deprecated: bool = False) -> list[str]:
    lines = comment_lines(text)
    if deprecated:
        lines = [*lines, "", "Deprecated: marked deprecated in the API description."]
    return lines


@dataclass
class ParamView:
    ident: str  # field of the request struct
    type: str  # Go type
    wire: str  # go_str of the wire name
    location: str
    required: bool
    explode: str  # "true" | "false"
    doc: list[str]
    md_type: str
    md_doc: str


@dataclass
class ErrorView:
    name: str  # apierrors type
    status: str  # as declared ("400", "4XX")
    data: str  # Go type of Data ("" when no body model)
    data_ptr: bool  # Data holds a pointer
    doc: list[str]
    media: str
    packages: set[str] = field(default_factory=set)  # module packages its Data type names


@dataclass
class MethodView:
    name: str
    builder: str  # unexported request-builder method
    error_mapper: str  # unexported error-mapping method, "" when no error is declared
    doc: list[str]
    deprecated: bool
    http_method: str  # go_str
    request_type: str  # Go type of `request`, "" when none
    request_struct: str  # name in operations, "" when the body is passed directly
    deprecated_locals: list[tuple[str, str]]  # (var, request field) of deprecated parameters
    path_segments: list[tuple[str, str, str]]  # (var, expression, wire go_str)
    path_expr: str
    fixed_query: list[tuple[str, str]]  # (name, value) go_str: the path key's own query pairs
    fixed_query_names: set[str]  # their names; a caller's parameter of that name replaces them
    query: list[tuple[str, str, bool, str]]  # (expression, wire, optional, explode)
    headers: list[tuple[str, str, bool]]  # (expression, wire, optional)
    cookies: list[tuple[str, str, bool]]
    body_expr: str
    body_kind: str  # json | form | form_map | multipart | file | text | bytes | ""
    body_optional: bool  # nil means no body
    content_type: str  # go_str
    form_styles: str  # Go literal of map[string]sdkrt.FormStyle (the plan's form encodings)
    required_fields: str  # go_str wire names of the struct body's required members, ", "-joined
    accept: str  # go_str
    security: str  # Go literal of [][]string
    result: str  # Go return type, "" when none
    result_decl: str  # type of the decoded variable
    result_kind: str  # json | text | bytes | lines | none
    result_ptr: bool  # return &out
    errors: list[tuple[str, str]]  # (condition on apiErr, constructor)
    error_rows: list[tuple[str, str, str]]  # docs: (type, statuses, media)
    stream: str  # "" | "flag" | "always"
    stream_name: str  # the streaming method
    chunk: str  # Go type of a stream value
    sentinel: str  # go_str, "" literal when none
    stream_ends: str  # `.Ends(tag, names...)` when terminal events end the stream, else ""
    flag_target: str  # the body's stream-flag field (`request.Stream`), "" when no flag
    flag_form: str  # how it is held: "value" (bool) | "pointer" (*bool) | "nullable"
    endpoint: str  # "POST /path", safe in a comment
    summary: str  # one line, for docs
    md_doc: str
    example: str  # Go code of the docs example
    params_md: list[tuple[str, str, str, str]]  # docs: (name, type, required, description)
    response_md: str
    packages: set[str] = field(default_factory=set)  # module packages its Go types name


@dataclass
class ResourceView:
    type: str  # Go type, also the SDK field
    file: str  # file name in the root package
    doc_dir: str  # docs/sdks/<doc_dir>/README.md
    doc: list[str]
    md_doc: str
    methods: list[MethodView]
    packages: list[str] = field(default_factory=list)  # module packages its types name
    member: str = ""  # the field on its parent (the SDK for a top-level resource)
    access: str = ""  # the path below the SDK, e.g. Accounts.ExternalAccounts
    depth: int = 1
    children: list[ResourceView] = field(default_factory=list)  # sub-resources


@dataclass
class RequestStruct:
    name: str
    doc: list[str]
    fields: list[FieldView]
    packages: set[str] = field(default_factory=set)  # module packages its field types name


def says_deprecated(doc: list[str]) -> bool:
    """Whether a doc comment has a paragraph starting "Deprecated: " (what Go tools read as
    deprecation, also when the text comes from the spec's description)."""
    return any(
        line.startswith("Deprecated: ") and (i == 0 or not doc[i - 1].strip())
        for i, line in enumerate(doc)
    )


def _security(alternatives: tuple[tuple[str, ...], ...]) -> str:
    if not alternatives:
        return "nil"
    inner = ", ".join("{" + ", ".join(go_str(n) for n in alt) + "}" for alt in alternatives)
    return "[][]string{" + inner + "}"


def method_view(b: _Builder, op: ir.Operation, resource: str, names: set[str]) -> MethodView:
    plan = plan_operation(b.api, op)
    name = go_unique(pascal(op.name, "Call"), names)
    op_hint = pascal(op.id, "Operation")
    stream_kind = "" if plan.stream == "none" else plan.stream
    stream_name = ""
    if plan.stream == "always":
        stream_name = name
    elif plan.stream == "flag":
        stream_name = go_unique(name + "Stream", names)
    lower = name[:1].lower() + name[1:]
    # Parameters: a request struct in `operations` when there are any, else the body.
    b.types.packages()  # the types built from here on are this method's
    params = [_param(b, p, op_hint) for p in op.params]
    body = op.body
    body_type = ""
    body_kind = ""
    body_optional = False
    content_type = '""'
    required_fields = ""
    if body is not None:
        inner = body.type.inner if isinstance(body.type, ir.Nullable) else body.type
        r = b.types.resolve(inner)
        is_struct = isinstance(r, ir.Ref) and isinstance(b.schemas.get(r.name), ir.ObjectModel)
        body_kind = _body_kind(plan, r, is_struct)
        target = b.schemas.get(r.name) if isinstance(r, ir.Ref) else None
        if is_struct and isinstance(target, ir.ObjectModel) and body_kind != "bytes":
            # Checked before sending: a required member left nil would go out as null.
            required_fields = ", ".join(go_str(f.name) for f in target.fields if f.required)
        if body_kind == "bytes":
            body_type = "[]byte"  # the caller passes the encoded body
            body_optional = not body.required
        else:
            body_type = b.types.go(inner, op_hint + "Body", "components.")
        if body_kind != "bytes" and not is_struct and not body.required:
            if not b.types.nilable(inner):
                body_type = "*" + body_type
            body_optional = True
        content_type = go_str(body.media_type.split(";")[0].strip())
    request_type = ""
    request_struct = ""
    body_expr = ""
    packages = b.types.packages()  # of the parameter and body types
    if params:
        request_struct = go_unique(op_hint + "Request", b.op_names)
        fields = []
        taken = {"RequestBody"}
        for p in params:
            p.ident = go_unique(p.ident, taken)
            tag = f"`json:{go_str(p.location + ':' + p.wire[1:-1])}`"
            fields.append(FieldView(p.ident, p.type, tag, p.doc, p.wire))
        if body is not None:
            fields.append(
                FieldView("RequestBody", body_type, '`json:"-"`', ["The request body."], "")
            )
            body_expr = "request.RequestBody"
        b.requests.append(RequestStruct(request_struct, _doc(op.summary), fields, packages))
        packages = {"operations"}
        request_type = "operations." + request_struct
    elif body is not None:
        request_type = body_type
        body_expr = "request"
    # The expression each parameter is read by: a deprecated field is read once, into a local,
    # under one `//lint:ignore SA1019` (staticcheck flags each use of a deprecated field from
    # another package, and the SDK must still send what the caller set).
    exprs = [f"request.{p.ident}" for p in params]
    deprecated_locals: list[tuple[str, str]] = []
    for i, source in enumerate(op.params):
        if source.deprecated or says_deprecated(params[i].doc):
            deprecated_locals.append((f"deprecated{len(deprecated_locals)}", exprs[i]))
            exprs[i] = deprecated_locals[-1][0]
    # Path.
    segments: list[tuple[str, str, str]] = []
    pieces: list[str] = []
    by_name = {p.wire[1:-1]: p for p in params if p.location == "path"}
    path_params = {p.name: i for i, p in enumerate(op.params) if p.location == "path"}
    pos = 0
    path = plan.path  # the path key without its fixed query (`/files?beta=true`)
    for match in re.finditer(r"\{([^{}]+)\}", path):
        index = path_params.get(match.group(1))
        if index is None:
            continue
        if match.start() > pos:
            pieces.append(go_str(path[pos : match.start()]))
        var = f"seg{len(segments)}"
        segments.append((var, exprs[index], params[index].wire))
        pieces.append(var)
        pos = match.end()
    if pos < len(path) or not pieces:
        pieces.append(go_str(path[pos:]))
    del by_name
    query = [
        (expr, p.wire, not p.required, p.explode)
        for p, expr in zip(params, exprs, strict=True)
        if p.location == "query"
    ]
    located = [(p, (expr, p.wire, not p.required)) for p, expr in zip(params, exprs, strict=True)]
    headers = [expr for p, expr in located if p.location == "header"]
    cookies = [expr for p, expr in located if p.location == "cookie"]
    used = {e[0] for e in (*query, *headers, *cookies)} | {e[1] for e in segments}
    deprecated_locals = [(var, expr) for var, expr in deprecated_locals if var in used]
    # Result.
    result, result_decl, result_kind, result_ptr = _result(b, op, plan, op_hint)
    if plan.stream != "always":  # else only the streaming method is written
        packages |= b.types.packages()
    # Errors.
    b.types.packages()
    cases, rows = _errors(b, op, op_hint)
    # Streaming.
    chunk = sentinel = flag_target = flag_form = stream_ends = ""
    if op.streaming is not None:
        b.types.packages()
        chunk = b.types.go(
            (
                op.streaming.event_type.inner
                if isinstance(op.streaming.event_type, ir.Nullable)
                else op.streaming.event_type
            ),
            op_hint + "Event",
            "components.",
        )
        sentinel = go_str(plan.end.sentinel or "")
        if plan.end.kind == "event":
            end_args = ", ".join(go_str(n) for n in (op.streaming.tag, *plan.end.events))
            stream_ends = f".Ends({end_args})"
        packages |= b.types.packages()
        if plan.stream == "flag":
            flag_target, flag_form = _flag(b, body, body_expr, plan)
    accept = '"application/json"'
    if result_kind != "json" and op.success is not None and op.success.media_type:
        accept = go_str(op.success.media_type)
    view = MethodView(
        name=name,
        builder=lower + "Request",
        error_mapper=(lower + "Error") if cases else "",
        doc=_doc(op.description or op.summary, op.deprecated),
        deprecated=op.deprecated,
        http_method=go_str(op.http_method.upper()),
        request_type=request_type,
        request_struct=request_struct,
        deprecated_locals=deprecated_locals,
        path_segments=segments,
        path_expr=" + ".join(pieces),
        fixed_query=[(go_str(k), go_str(v)) for k, v in plan.path_query],
        fixed_query_names={go_str(k) for k, _ in plan.path_query},
        query=query,
        headers=headers,
        cookies=cookies,
        body_expr=body_expr,
        body_kind=body_kind,
        body_optional=body_optional,
        content_type=content_type,
        form_styles=_form_styles(plan),
        required_fields=required_fields,
        accept=accept,
        security=_security(plan.security),
        result=result,
        result_decl=result_decl,
        result_kind=result_kind,
        result_ptr=result_ptr,
        errors=cases,
        error_rows=rows,
        stream=stream_kind,
        stream_name=stream_name,
        chunk=chunk,
        sentinel=sentinel,
        stream_ends=stream_ends,
        flag_target=flag_target,
        flag_form=flag_form,
        endpoint=one_line(f"{op.http_method.upper()} {op.path}", 200),
        summary=md_cell(op.summary or op.description, 120),
        md_doc=md_text(op.description or op.summary),
        example="",
        params_md=params_md(request_type, b.options.package),
        response_md="",
        packages=packages,
    )
    if stream_kind == "always":
        view.response_md = f"**[*stream.EventStream[{chunk}]](#streaming), error**"
    elif result:
        view.response_md = f"**{result.replace('*', chr(92) + '*')}, error**"
    else:
        view.response_md = "**error**"
    view.example = example(b, view, op, resource)
    if stream_kind == "always":
        view.name = ""  # only the streaming method exists
    return view


def _param(b: _Builder, p: ir.Param, hint: str) -> ParamView:
    t = p.type
    if isinstance(t, ir.Nullable):
        t = t.inner
    go = b.types.go(t, hint + pascal(p.name, "Param"), "components.")
    if not p.required and not b.types.nilable(t):
        go = "*" + go
    return ParamView(
        ident=pascal(p.name, "Param"),
        type=go,
        wire=go_str(p.name),
        location=p.location,
        required=p.required,
        explode="true" if p.explode else "false",
        doc=_doc(p.description, p.deprecated),
        md_type=go,
        md_doc=md_cell(p.description),
    )


def _result(b: _Builder, op: ir.Operation, plan: CallPlan, hint: str) -> tuple[str, str, str, bool]:
    """(return type, decoded type, kind, return a pointer) of the non-streaming method."""
    success = op.success
    if plan.response == "none" or success is None:
        return "", "", "none", False
    if plan.lines and success.type is not None:
        # JSON Lines: a typed stream of the values, one per line, read as they arrive.
        item = line_item(success.type)
        item = item.inner if isinstance(item, ir.Nullable) else item
        go = b.types.go(item, hint + "Line", "components.")
        return f"*stream.LineStream[{go}]", go, "lines", False
    if plan.response == "text":
        return "*string", "string", "text", True
    if plan.response == "bytes" or success.type is None:
        b.types.used.add("io")
        return "io.ReadCloser", "", "bytes", False
    t = success.type.inner if isinstance(success.type, ir.Nullable) else success.type
    go = b.types.go(t, hint + "Response", "components.")
    if b.types.nilable(t):
        return go, go, "json", False
    return "*" + go, go, "json", True


def _form_styles(plan: CallPlan) -> str:
    if not plan.form_styles:
        return "nil"
    items = ", ".join(
        f"{go_str(name)}: {{Style: {go_str(style)}, Explode: {'true' if explode else 'false'}}}"
        for name, style, explode in plan.form_styles
    )
    return "map[string]sdkrt.FormStyle{" + items + "}"


def _body_kind(plan: CallPlan, r: ir.TypeExpr, is_struct: bool) -> str:
    """The Go encoding of the plan's body kind for a body whose resolved type is `r`."""
    if plan.body == "raw":
        if isinstance(r, ir.Prim) and r.kind == "binary":
            return "file"
        if isinstance(r, ir.Prim) and r.kind == "string":
            return "text"
        return "bytes"
    if plan.body == "form" and not is_struct:
        return "form_map"  # a map: encoded in the method, the runtime's FormBody takes structs
    if plan.body == "multipart" and not is_struct:
        # Not covered yet: the Go runtime's MultipartBody takes structs only, so a map body
        # under multipart/form-data keeps the old JSON encoding.
        return "json"
    return plan.body if plan.body != "none" else ""


def _errors(
    b: _Builder, op: ir.Operation, hint: str
) -> tuple[list[tuple[str, str]], list[tuple[str, str, str]]]:
    exact: list[tuple[str, str]] = []
    ranges: list[tuple[str, str]] = []
    rows: dict[str, list[str]] = {}
    media_of: dict[str, str] = {}
    for response in op.errors:
        status = response.status.upper()
        if status == "DEFAULT":
            continue
        error = _error_type(b, response, hint)
        ctor = f"apierrors.New{error.name}(apiErr)"
        if re.fullmatch(r"[0-9]{3}", status):
            exact.append((f"apiErr.StatusCode == {int(status)}", ctor))
        elif re.fullmatch(r"[1-5]XX", status):
            low = int(status[0]) * 100
            cond = f"apiErr.StatusCode >= {low} && apiErr.StatusCode < {low + 100}"
            ranges.append((cond, ctor))
        else:
            continue
        rows.setdefault(error.name, []).append(status)
        media_of[error.name] = error.media
    table = [
        (f"apierrors.{name}", ", ".join(statuses), media_of[name])
        for name, statuses in rows.items()
    ]
    table.append(("apierrors.APIError", "4XX, 5XX", "\\*/\\*"))
    return exact + ranges, table


def _error_type(b: _Builder, response: ir.Response, hint: str) -> ErrorView:
    status = response.status.upper()
    data = ""
    data_ptr = False
    b.types.packages()
    t = response.type
    if t is not None and is_json(response.media_type):
        inner = t.inner if isinstance(t, ir.Nullable) else t
        data = b.types.go(inner, hint + pascal(status, "") + "Error", "components.")
        data_ptr = not b.types.nilable(inner)
    key = (status, data)
    if key in b.errors:
        return b.errors[key]
    base = _STATUS_NAMES.get(status) or ("Status" + status)
    name = go_unique(base + "Error", b.error_names)
    b.error_names.add("New" + name)
    what = f"status {status}" if "X" not in status else f"a {status} status"
    doc = [f"{name} is returned for {what}."]
    if response.description:
        doc += ["", *comment_lines(response.description)]
    media = md_cell(response.media_type or "-")
    view = ErrorView(name, status, data, data_ptr, doc, media, b.types.packages())
    b.errors[key] = view
    return view


def _flag(b: _Builder, body: ir.Body | None, body_expr: str, plan: CallPlan) -> tuple[str, str]:
    """(Go expression of the body's stream flag, how it is held) for a flag stream."""
    r = b.types.resolve(body.type) if body is not None else None
    model = b.schemas.get(r.name) if isinstance(r, ir.Ref) else None
    if body_expr and isinstance(model, ir.ObjectModel):
        view = b._struct(model, b.types.names[model.name])
        for f, fv in zip(model.fields, view.fields, strict=True):
            if f.name != plan.flag_field:
                continue
            if fv.type.startswith("Nullable["):  # built for the components package
                return f"{body_expr}.{fv.ident}", "nullable"
            if fv.type in ("*bool", "bool"):
                return f"{body_expr}.{fv.ident}", "pointer" if fv.type == "*bool" else "value"
    # build_ir sets flag_field only for a boolean property of an object body.
    raise AssertionError(f"stream flag {plan.flag_field!r} not found in the Go body of {body}")
