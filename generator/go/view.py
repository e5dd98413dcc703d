"""Everything the Go templates show, precomputed from the IR: identifiers, Go types, escaped
strings and small code fragments. Templates only loop and print."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import ir
from ..names import pascal, snake, words
from ..samples import Sampler
from .escape import comment_lines, go_str, md_cell, md_text, one_line, safe_file
from .types import FieldView, GoTypes, ModelView, _json_tag_ok, go_unique

_JSON = re.compile(r"json", re.I)
GO_KEYWORDS = frozenset(
    "break case chan const continue default defer else fallthrough for func go goto if import "
    "interface map package range return select struct switch type var".split()
)
# Predeclared and conventional names a package should not be called.
_BAD_PACKAGES = GO_KEYWORDS | {"main", "init", "internal", "testdata", "vendor"}
# Top-level names of the root package that the SDK template declares itself.
ROOT_RESERVED = frozenset(
    {
        "SDK", "New", "SDKOption", "Option", "HTTPClient", "RetryConfig", "Security",
        "ServerURL", "Version", "WithSecurity", "WithServerURL", "WithClient",
        "WithRetryConfig", "WithTimeout", "WithOperationTimeout", "WithOperationRetries",
        "WithOperationServerURL", "WithHeader", "String", "Int64", "Float64", "Bool", "Pointer",
    }
)  # fmt: skip
APIERRORS_RESERVED = frozenset(
    {
        "APIError", "NewAPIError", "StreamError", "NewStreamError", "ConnectionError",
        "IsErrorPayload",
    }
)  # fmt: skip
_STATUS_NAMES = {
    "400": "BadRequest", "401": "Unauthorized", "402": "PaymentRequired", "403": "Forbidden",
    "404": "NotFound", "405": "MethodNotAllowed", "406": "NotAcceptable", "408": "RequestTimeout",
    "409": "Conflict", "410": "Gone", "412": "PreconditionFailed", "413": "PayloadTooLarge",
    "415": "UnsupportedMediaType", "422": "UnprocessableEntity", "423": "Locked",
    "424": "FailedDependency", "429": "TooManyRequests", "500": "InternalServer",
    "501": "NotImplemented", "502": "BadGateway", "503": "ServiceUnavailable",
    "504": "GatewayTimeout",
}  # fmt: skip
# A file name whose last `_` part is one of these is only built on that OS or architecture.
_BUILD_SUFFIXES = frozenset(
    "aix android darwin dragonfly freebsd hurd illumos ios js linux nacl netbsd openbsd plan9 "
    "solaris wasip1 windows zos 386 amd64 amd64p32 arm armbe arm64 arm64be loong64 mips mipsle "
    "mips64 mips64le mips64p32 mips64p32le ppc ppc64 ppc64le riscv riscv64 s390 s390x sparc "
    "sparc64 wasm test".split()
)


@dataclass
class Options:
    """Generation options that shape the module."""

    name: str  # client name, e.g. OpenRouter (docs, User-Agent, env prefix)
    module: str  # Go module path
    package: str  # root package name
    version: str
    base_url: str
    spec_file: str
    spec_sha256: str
    client_defaults: ir.ClientDefaults = ir.ClientDefaults()  # noqa: RUF009 (frozen)


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
    path_segments: list[tuple[str, str, str]]  # (var, expression, wire go_str)
    path_expr: str
    query: list[tuple[str, str, bool, str]]  # (expression, wire, optional, explode)
    headers: list[tuple[str, str, bool]]  # (expression, wire, optional)
    cookies: list[tuple[str, str, bool]]
    body_expr: str
    body_kind: str  # json | form | multipart | file | text | ""
    body_optional: bool  # nil means no body
    content_type: str  # go_str
    accept: str  # go_str
    security: str  # Go literal of [][]string
    result: str  # Go return type, "" when none
    result_decl: str  # type of the decoded variable
    result_kind: str  # json | text | bytes | none
    result_ptr: bool  # return &out
    errors: list[tuple[str, str]]  # (condition on apiErr, constructor)
    error_rows: list[tuple[str, str, str]]  # docs: (type, statuses, media)
    stream: str  # "" | "flag" | "always"
    stream_name: str  # the streaming method
    chunk: str  # Go type of a stream value
    sentinel: str  # go_str, "" literal when none
    flag_set: str  # statement that asks for a stream
    flag_check: str  # condition: the caller asked for a stream in the non-stream method
    endpoint: str  # "POST /path", safe in a comment
    summary: str  # one line, for docs
    md_doc: str
    example: str  # Go code of the docs example
    params_md: list[tuple[str, str, str, str]]  # docs: (name, type, required, description)
    response_md: str


@dataclass
class ResourceView:
    type: str  # Go type, also the SDK field
    file: str  # file name in the root package
    doc_dir: str  # docs/sdks/<doc_dir>/README.md
    doc: list[str]
    md_doc: str
    methods: list[MethodView]


@dataclass
class RequestStruct:
    name: str
    doc: list[str]
    fields: list[FieldView]


@dataclass
class CredentialView:
    scheme: str  # go_str
    kind: str  # go_str
    location: str  # go_str
    name: str  # go_str
    ident: str  # Security field ("" when WithSecurity takes a string)


@dataclass
class ModuleView:
    options: Options
    header: str  # comment line at the top of every Go file
    title: str
    doc: list[str]
    md_doc: str
    server_url: str  # go_str, "" literal when none
    env_prefix: str
    user_agent: str  # go_str
    idempotency_header: str  # go_str
    credentials: list[CredentialView]
    security_kind: str  # "" | "token" | "struct"
    security_doc: str
    models: list[ModelView]
    resources: list[ResourceView]
    requests: list[RequestStruct]
    errors: list[ErrorView]
    stream_used: bool
    example: str  # README example


def default_package(module: str) -> str:
    """The root package name for a module path: its last element (or the one before a /vN
    suffix) reduced to lowercase letters and digits, never a keyword or empty."""
    parts = [p for p in module.strip("/").split("/") if p]
    last = parts[-1] if parts else "sdk"
    if re.fullmatch(r"v[0-9]+", last) and len(parts) > 1:
        last = parts[-2]
    return check_package(re.sub(r"[^a-z0-9]", "", last.lower()))


def check_package(pkg: str) -> str:
    """A usable package name from `pkg` (prefixing or suffixing `sdk` when needed)."""
    if not pkg:
        return "sdk"
    if pkg[0].isdigit():
        pkg = "sdk" + pkg
    if pkg in _BAD_PACKAGES:
        pkg += "sdk"
    return pkg


def go_file_name(words_text: str) -> str:
    """A file name that no build constraint can exclude (`x_windows.go`, `x_test.go`)."""
    base = snake(words_text, "resource")
    if base.split("_")[-1] in _BUILD_SUFFIXES or base == "doc":
        base += "_ops"
    return base + ".go"


def _doc(text: str, deprecated: bool = False) -> list[str]:
    lines = comment_lines(text)
    if deprecated:
        lines = [*lines, "", "Deprecated: marked deprecated in the API description."]
    return lines


class _Builder:
    def __init__(self, api: ir.Api, options: Options) -> None:
        self.api = api
        self.options = options
        self.types = GoTypes(api)
        self.schemas = self.types.schemas
        self.sampler = Sampler(self.schemas)
        self.requests: list[RequestStruct] = []
        self.op_names: set[str] = set()
        self.errors: dict[tuple[str, str], ErrorView] = {}
        self.error_names: set[str] = set(APIERRORS_RESERVED)
        self.models_cache: list[ModelView] = []
        self.security_kind = ""  # "" | "token" | "struct"
        self.server_url = ""
        self._pointer_edges()

    # --- models -------------------------------------------------------------------------

    def _pointer_edges(self) -> None:
        """Struct fields held by value that would make a type contain itself get pointers."""
        edges: dict[str, list[tuple[str, str]]] = {}
        for s in self.api.schemas:
            if not isinstance(s, ir.ObjectModel):
                continue
            for f in s.fields:
                nullable = isinstance(f.type, ir.Nullable)
                inner = f.type.inner if isinstance(f.type, ir.Nullable) else f.type
                if not (f.required or nullable):
                    continue
                r = self.types.resolve(inner)
                if isinstance(r, ir.Ref) and isinstance(self.schemas.get(r.name), ir.ObjectModel):
                    edges.setdefault(s.name, []).append((r.name, f.name))
        comp = _scc({k: [b for b, _ in v] for k, v in edges.items()})
        for a, targets in edges.items():
            for b, wire in targets:
                if comp.get(a) is not None and comp.get(a) == comp.get(b):
                    self.types.pointer_edges.add((a, wire))

    def models(self) -> list[ModelView]:
        out = []
        for s in self.api.schemas:
            name = self.types.names[s.name]
            if isinstance(s, ir.ObjectModel):
                out.append(self._struct(s, name))
            elif isinstance(s, ir.EnumModel):
                out.append(self.types.enum_view(name, s.values, s.description))
            elif isinstance(s, ir.UnionModel):
                view = ModelView("union", name, _doc(s.description))
                self.types.fill_union(view, s.union)
                out.append(view)
            else:
                target = self.types.go(s.target, name + "Value")
                out.append(ModelView("alias", name, _doc(s.description), base=target))
        return out

    def _struct(self, s: ir.ObjectModel, name: str) -> ModelView:
        view = ModelView("struct", name, _doc(s.description, s.deprecated))
        taken = {"MarshalJSON", "UnmarshalJSON"}
        if s.extra is not None:
            taken.add("AdditionalProperties")
        for f in s.fields:
            ident = go_unique(pascal(f.name, "Field"), taken)
            by_pointer = (s.name, f.name) in self.types.pointer_edges
            go_type, omit = self.types.field_type(
                f.type, f.required, name + pascal(f.name, "Field"), by_pointer=by_pointer
            )
            special = not _json_tag_ok(f.name)
            if special:
                tag = f'`json:"-" sdkjson:{go_str(f.name)}'
                tag += ' sdkomit:"true"`' if omit else "`"
            else:
                tag = f"`json:{go_str(f.name + (',omitempty' if omit else ''))}`"
            doc = _doc(f.description, f.deprecated)
            if f.read_only:
                doc.append("Read-only: sent by the server only.")
            view.fields.append(FieldView(ident, go_type, tag, doc, go_str(f.name), special))
            view.known.append(go_str(f.name))
        if s.extra is not None:
            view.extra = self.types.go(s.extra, name + "Extra")
        return view

    # --- operations ---------------------------------------------------------------------

    def resources(self) -> list[ResourceView]:
        taken = set(ROOT_RESERVED)
        files: set[str] = {"sdk.go", "options.go"}
        out = []
        for r in self.api.resources:
            type_name = go_unique(pascal(r.name, "Resource"), taken)
            file = go_file_name(r.name)
            while file in files:
                file = file[:-3] + "_2.go"
            files.add(file)
            methods: list[MethodView] = []
            names: set[str] = set()
            for op in r.operations:
                methods.append(self._method(op, type_name, names))
            out.append(
                ResourceView(
                    type=type_name,
                    file=file,
                    doc_dir=type_name.lower(),
                    doc=_doc(r.description),
                    md_doc=md_text(r.description),
                    methods=methods,
                )
            )
        return out

    def _security(self, op: ir.Operation) -> str:
        alternatives = op.security if op.security is not None else self.api.security
        if op.security is None and not self.api.security:
            alternatives = tuple((s.name,) for s in self.api.security_schemes)
        if not alternatives:
            return "nil"
        inner = ", ".join("{" + ", ".join(go_str(n) for n in alt) + "}" for alt in alternatives)
        return "[][]string{" + inner + "}"

    def _method(self, op: ir.Operation, resource: str, names: set[str]) -> MethodView:
        name = go_unique(pascal(op.name, "Call"), names)
        op_hint = pascal(op.id, "Operation")
        stream_kind = ""
        stream_name = ""
        if op.streaming is not None:
            stream_kind = "always" if op.streaming.always else "flag"
            stream_name = name
            if not op.streaming.always:
                stream_name = go_unique(name + "Stream", names)
        lower = name[:1].lower() + name[1:]
        # Parameters: a request struct in `operations` when there are any, else the body.
        params = [self._param(p, op_hint) for p in op.params]
        body = op.body
        body_type = ""
        body_kind = ""
        body_optional = False
        content_type = '""'
        if body is not None:
            inner = body.type.inner if isinstance(body.type, ir.Nullable) else body.type
            media = body.media_type.split(";")[0].strip().lower()
            r = self.types.resolve(inner)
            if _JSON.search(media):
                body_kind = "json"
            elif media == "multipart/form-data":
                body_kind = "multipart"
            elif media == "application/x-www-form-urlencoded":
                body_kind = "form"
            elif isinstance(r, ir.Prim) and r.kind == "binary":
                body_kind = "file"
            elif isinstance(r, ir.Prim) and r.kind == "string":
                body_kind = "text"
            else:
                body_kind = "json"
            is_struct = isinstance(r, ir.Ref) and isinstance(
                self.schemas.get(r.name), ir.ObjectModel
            )
            if body_kind in ("form", "multipart") and not is_struct:
                body_kind = "json"
            body_type = self.types.go(inner, op_hint + "Body", "components.")
            if not is_struct and not body.required:
                if not self.types.nilable(inner):
                    body_type = "*" + body_type
                body_optional = True
            content_type = go_str(body.media_type.split(";")[0].strip())
        request_type = ""
        request_struct = ""
        body_expr = ""
        if params:
            request_struct = go_unique(op_hint + "Request", self.op_names)
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
            self.requests.append(RequestStruct(request_struct, _doc(op.summary), fields))
            request_type = "operations." + request_struct
        elif body is not None:
            request_type = body_type
            body_expr = "request"
        # Path.
        segments: list[tuple[str, str, str]] = []
        pieces: list[str] = []
        by_name = {p.wire[1:-1]: p for p in params if p.location == "path"}
        path_params = {p.name: params[i] for i, p in enumerate(op.params) if p.location == "path"}
        pos = 0
        for match in re.finditer(r"\{([^{}]+)\}", op.path):
            param = path_params.get(match.group(1))
            if param is None:
                continue
            if match.start() > pos:
                pieces.append(go_str(op.path[pos : match.start()]))
            var = f"seg{len(segments)}"
            segments.append((var, "request." + param.ident, param.wire))
            pieces.append(var)
            pos = match.end()
        if pos < len(op.path) or not pieces:
            pieces.append(go_str(op.path[pos:]))
        del by_name
        query = [
            (f"request.{p.ident}", p.wire, not p.required, p.explode)
            for p in params
            if p.location == "query"
        ]
        headers = [_located(p) for p in params if p.location == "header"]
        cookies = [_located(p) for p in params if p.location == "cookie"]
        # Result.
        result, result_decl, result_kind, result_ptr = self._result(op, op_hint)
        # Errors.
        cases, rows = self._errors(op, op_hint)
        # Streaming.
        chunk = sentinel = flag_set = flag_check = ""
        if op.streaming is not None:
            chunk = self.types.go(
                (
                    op.streaming.event_type.inner
                    if isinstance(op.streaming.event_type, ir.Nullable)
                    else op.streaming.event_type
                ),
                op_hint + "Event",
                "components.",
            )
            sentinel = go_str(op.streaming.sentinel or "")
            if stream_kind == "flag":
                flag_set, flag_check = self._flag(body, body_expr)
                if not flag_set:
                    stream_kind = "always"
                    stream_name = name
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
            path_segments=segments,
            path_expr=" + ".join(pieces),
            query=query,
            headers=headers,
            cookies=cookies,
            body_expr=body_expr,
            body_kind=body_kind,
            body_optional=body_optional,
            content_type=content_type,
            accept=accept,
            security=self._security(op),
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
            flag_set=flag_set,
            flag_check=flag_check,
            endpoint=one_line(f"{op.http_method.upper()} {op.path}", 200),
            summary=md_cell(op.summary or op.description, 120),
            md_doc=md_text(op.description or op.summary),
            example="",
            params_md=self._params_md(request_type, op, params),
            response_md="",
        )
        if stream_kind == "always":
            view.response_md = f"**[*stream.EventStream[{chunk}]](#streaming), error**"
        elif result:
            view.response_md = f"**{result.replace('*', chr(92) + '*')}, error**"
        else:
            view.response_md = "**error**"
        view.example = self._example(view, op, resource)
        if stream_kind == "always":
            view.name = ""  # only the streaming method exists
        return view

    def _param(self, p: ir.Param, hint: str) -> ParamView:
        t = p.type
        if isinstance(t, ir.Nullable):
            t = t.inner
        go = self.types.go(t, hint + pascal(p.name, "Param"), "components.")
        if not p.required and not self.types.nilable(t):
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

    def _result(self, op: ir.Operation, hint: str) -> tuple[str, str, str, bool]:
        success = op.success
        if success is None or success.type is None:
            return "", "", "none", False
        t = success.type.inner if isinstance(success.type, ir.Nullable) else success.type
        media = success.media_type.lower()
        r = self.types.resolve(t)
        if not _JSON.search(media) and media:
            if isinstance(r, ir.Prim) and r.kind == "string":
                return "*string", "string", "text", True
            return "[]byte", "[]byte", "bytes", False
        go = self.types.go(t, hint + "Response", "components.")
        if self.types.nilable(t):
            return go, go, "json", False
        return "*" + go, go, "json", True

    def _errors(
        self, op: ir.Operation, hint: str
    ) -> tuple[list[tuple[str, str]], list[tuple[str, str, str]]]:
        exact: list[tuple[str, str]] = []
        ranges: list[tuple[str, str]] = []
        rows: dict[str, list[str]] = {}
        media_of: dict[str, str] = {}
        for response in op.errors:
            status = response.status.upper()
            if status == "DEFAULT":
                continue
            error = self._error_type(response, hint)
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

    def _error_type(self, response: ir.Response, hint: str) -> ErrorView:
        status = response.status.upper()
        data = ""
        data_ptr = False
        t = response.type
        if t is not None and _JSON.search(response.media_type):
            inner = t.inner if isinstance(t, ir.Nullable) else t
            data = self.types.go(inner, hint + pascal(status, "") + "Error", "components.")
            data_ptr = not self.types.nilable(inner)
        key = (status, data)
        if key in self.errors:
            return self.errors[key]
        base = _STATUS_NAMES.get(status) or ("Status" + status)
        name = go_unique(base + "Error", self.error_names)
        self.error_names.add("New" + name)
        what = f"status {status}" if "X" not in status else f"a {status} status"
        doc = [f"{name} is returned for {what}."]
        if response.description:
            doc += ["", *comment_lines(response.description)]
        view = ErrorView(name, status, data, data_ptr, doc, md_cell(response.media_type or "-"))
        self.errors[key] = view
        return view

    def _flag(self, body: ir.Body | None, body_expr: str) -> tuple[str, str]:
        """(statement setting stream=true, condition that it is true) for a flag stream."""
        if body is None or not body_expr:
            return "", ""
        r = self.types.resolve(body.type)
        model = self.schemas.get(r.name) if isinstance(r, ir.Ref) else None
        if not isinstance(model, ir.ObjectModel):
            return "", ""
        view = self._struct(model, self.types.names[model.name])
        for f, fv in zip(model.fields, view.fields, strict=True):
            if f.name != "stream":
                continue
            target = f"{body_expr}.{fv.ident}"
            if fv.type.startswith("components.Nullable["):
                return (
                    f"{target} = components.NullableValue(true)",
                    f"func() bool {{ v, ok := {target}.Get(); return ok && v }}()",
                )
            if fv.type == "*bool":
                return f"{target} = Bool(true)", f"{target} != nil && *{target}"
            if fv.type == "bool":
                return f"{target} = true", target
        return "", ""

    # --- docs ---------------------------------------------------------------------------

    def _params_md(
        self, request_type: str, op: ir.Operation, params: list[ParamView]
    ) -> list[tuple[str, str, str, str]]:
        rows = [
            (
                "`ctx`",
                "[context.Context](https://pkg.go.dev/context#Context)",
                ":heavy_check_mark:",
                "The context to use for the request.",
            )
        ]
        if request_type:
            link = request_type
            if request_type.startswith("components."):
                target = request_type.split(".", 1)[1]
                link = f"[{request_type}](../../models/components/{target.lower()}.md)"
            rows.append(
                (
                    "`request`",
                    link,
                    ":heavy_check_mark:",
                    "The request object to use for the request.",
                )
            )
        rows.append(
            (
                "`opts`",
                f"[]{self.options.package}.Option",
                ":heavy_minus_sign:",
                "The options for this request.",
            )
        )
        return rows

    def _example(self, m: MethodView, op: ir.Operation, resource: str) -> str:
        """A complete Go program calling the method with sample arguments."""
        lit = _Literals(self, self.options.package)
        call_name = m.stream_name if m.stream == "always" else m.name
        args = ["ctx"]
        if m.request_type:
            if m.request_struct:
                parts = []
                for p, pv in zip(op.params, self.requests[-1].fields, strict=False):
                    if not p.required:
                        continue
                    t = p.type.inner if isinstance(p.type, ir.Nullable) else p.type
                    value = lit.value(t, self.sampler.sample(t), 1)
                    parts.append(f"        {pv.ident}: {value},\n")
                if op.body is not None and op.body.required:
                    t = op.body.type
                    value = lit.value(t, self.sampler.sample(t), 1)
                    if m.body_optional and not self.types.nilable(t):
                        value = lit.pointer(t, value)
                    parts.append(f"        RequestBody: {value},\n")
                args.append(f"operations.{m.request_struct}{{\n{''.join(parts)}    }}")
            else:
                assert op.body is not None
                t = op.body.type
                value = lit.value(t, self.sampler.sample(t), 0)
                if m.body_optional and not self.types.nilable(t):
                    value = lit.pointer(t, value)
                args.append(value)
        imports = {"context", "log", self.options.module}
        call = f"s.{resource}.{call_name}({', '.join(args)})"
        if m.stream == "always":
            handle = (
                f"    res, err := {call}\n    if err != nil {{\n        log.Fatal(err)\n    }}\n"
                "    defer res.Close()\n    for res.Next() {\n        event := res.Current()\n"
                "        _ = event // handle event\n    }\n"
                "    if err := res.Err(); err != nil {\n        log.Fatal(err)\n    }\n"
            )
        elif m.result:
            handle = (
                f"    res, err := {call}\n    if err != nil {{\n        log.Fatal(err)\n    }}\n"
                "    if res != nil {\n        // handle response\n    }\n"
            )
        else:
            handle = f"    if err := {call}; err != nil {{\n        log.Fatal(err)\n    }}\n"
        body = "".join(args)
        if "components." in body:
            imports.add(self.options.module + "/models/components")
        if "operations." in body:
            imports.add(self.options.module + "/models/operations")
        security = ""
        if self.security_kind == "token":
            security = '        {pkg}.WithSecurity("<YOUR_TOKEN_HERE>"),\n'
        elif self.security_kind == "struct":
            security = "        {pkg}.WithSecurity({pkg}.Security{{}}),\n"
        server = ""
        if not self.server_url:
            server = '        {pkg}.WithServerURL("https://api.example.com"),\n'
        options = (security + server).format(pkg=self.options.package)
        own = self.options.module
        alias = "" if own.rsplit("/", 1)[-1] == self.options.package else self.options.package + " "
        import_lines = "".join(f'    {alias if i == own else ""}"{i}"\n' for i in sorted(imports))
        return (
            f"package main\n\nimport (\n{import_lines})\n\nfunc main() {{\n"
            "    ctx := context.Background()\n\n"
            f"    s := {self.options.package}.New(\n{options}    )\n\n{handle}}}\n"
        )


class _Literals:
    """Go expressions for sample values (docs examples)."""

    def __init__(self, b: _Builder, pkg: str) -> None:
        self.b = b
        self.pkg = pkg

    def pointer(self, t: ir.TypeExpr, value: str) -> str:
        r = self.b.types.resolve(t)
        if isinstance(r, ir.Prim):
            helper = {
                "string": "String",
                "integer": "Int64",
                "number": "Float64",
                "boolean": "Bool",
            }
            if r.kind in helper:
                return f"{self.pkg}.{helper[r.kind]}({value})"
        return f"{self.pkg}.Pointer({value})"

    def typed(self, t: ir.TypeExpr, value: str) -> str:
        r = self.b.types.resolve(t)
        if isinstance(r, ir.Prim) and r.kind in ("integer", "number"):
            return f"{'int64' if r.kind == 'integer' else 'float64'}({value})"
        return value

    def value(self, t: ir.TypeExpr, sample: object, depth: int) -> str:
        types = self.b.types
        ind = "    " * (depth + 1)
        if isinstance(t, ir.Nullable):
            return self.value(t.inner, sample, depth)
        if isinstance(t, ir.Prim):
            if t.kind == "string":
                return go_str(str(sample))
            if t.kind == "integer":
                return str(int(sample)) if isinstance(sample, int | float) else "1"
            if t.kind == "number":
                return repr(float(sample)) if isinstance(sample, int | float) else "1.5"
            if t.kind == "boolean":
                return "true"
            if t.kind == "binary":
                return 'components.File{FileName: "example.txt", Content: []byte("hello")}'
            return "map[string]any{}"
        go = types.go(t, "Example", "components.")
        if isinstance(t, ir.ArrayOf):
            if isinstance(sample, list) and sample and depth < 6:
                inner = self.value(t.items, sample[0], depth + 1)
                return f"{go}{{\n{ind}    {inner},\n{ind}}}"
            return go + "{}"
        if isinstance(t, ir.MapOf):
            return go + "{}"
        if isinstance(t, ir.EnumOf):
            return self._enum(go, t.values)
        if isinstance(t, ir.UnionOf):
            return self._union(go, t, sample, depth)
        if isinstance(t, ir.Ref):
            schema = types.schemas.get(t.name)
            if isinstance(schema, ir.AliasModel):
                return self.value(schema.target, sample, depth)
            if isinstance(schema, ir.EnumModel):
                return self._enum(go, schema.values)
            if isinstance(schema, ir.UnionModel):
                return self._union(go, schema.union, sample, depth)
            if isinstance(schema, ir.ObjectModel) and isinstance(sample, dict) and depth < 6:
                view = self.b._struct(schema, types.names[schema.name])
                parts = []
                for f, fv in zip(schema.fields, view.fields, strict=True):
                    if f.name not in sample:
                        continue
                    ft = f.type.inner if isinstance(f.type, ir.Nullable) else f.type
                    v = self.value(ft, sample[f.name], depth + 1)
                    if fv.type.startswith(("components.Nullable[", "Nullable[")):
                        v = f"components.NullableValue({self.typed(ft, v)})"
                    elif fv.type.startswith("*"):
                        v = self.pointer(ft, v)
                    parts.append(f"{ind}    {fv.ident}: {v},\n")
                if not parts:
                    return go + "{}"
                return f"{go}{{\n{''.join(parts)}{ind}}}"
            return go + "{}"
        return "nil"

    def _enum(self, go: str, values: tuple[ir.Scalar, ...]) -> str:
        if not go.startswith("components."):
            return "nil" if go == "any" else "0"
        name = go.split(".", 1)[1]
        for view in [*self.b.models_cache, *self.b.types.synth_views]:
            if view.name == name and view.consts:
                return "components." + view.consts[0].name
        return f"{go}({go_str(str(values[0]))})" if values else go + '("")'

    def _union(self, go: str, u: ir.UnionOf, sample: object, depth: int) -> str:
        name = go.split(".", 1)[1]
        for view in [*self.b.models_cache, *self.b.types.synth_views]:
            if view.name == name and view.variants:
                index = next(
                    i
                    for i, v in enumerate(u.variants)
                    if not (isinstance(v, ir.Prim) and v.kind == "null")
                )
                variant = u.variants[index]
                variant = variant.inner if isinstance(variant, ir.Nullable) else variant
                value = self.value(variant, self.b.sampler.sample(variant), depth)
                return f"components.{view.variants[0].ctor}({self.typed(variant, value)})"
        return go + "{}"


def _located(p: ParamView) -> tuple[str, str, bool]:
    return (f"request.{p.ident}", p.wire, not p.required)


def _scc(graph: dict[str, list[str]]) -> dict[str, int]:
    """Strongly connected components (iterative Tarjan): node -> component id."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    comp: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    counter = 0
    for root in graph:
        if root in index:
            continue
        work: list[tuple[str, int]] = [(root, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            targets = graph.get(node, [])
            if i < len(targets):
                work.append((node, i + 1))
                nxt = targets[i]
                if nxt not in index:
                    work.append((nxt, 0))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            if low[node] == index[node]:
                while True:
                    top = stack.pop()
                    on_stack.discard(top)
                    comp[top] = index[node]
                    if top == node:
                        break
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    # A node alone is its own component only when it has a self-edge; otherwise no cycle.
    for node, targets in graph.items():
        if node not in targets and sum(1 for c in comp.values() if c == comp[node]) == 1:
            comp[node] = -1 - index[node]
    return comp


def build_view(api: ir.Api, options: Options) -> ModuleView:
    """The whole module view."""
    b = _Builder(api, options)
    schemes = list(api.security_schemes)
    credentials: list[CredentialView] = []
    security_kind = ""
    if len(schemes) == 1 and schemes[0].kind != "basic":
        security_kind = "token"
    elif schemes:
        security_kind = "struct"
    taken: set[str] = set()
    for s in schemes:
        ident = ""
        if security_kind == "struct":
            ident = go_unique(pascal(s.name, "Scheme"), taken)
        credentials.append(
            CredentialView(
                scheme=go_str(s.name),
                kind=go_str(s.kind),
                location=go_str(s.location),
                name=go_str("Authorization" if s.kind == "bearer" else s.param_name),
                ident=ident,
            )
        )
    server = options.base_url
    if not server:
        for candidate in api.servers:
            if re.match(r"^https?://", candidate.url, re.I):
                server = candidate.url
                for var in candidate.variables:
                    server = server.replace("{" + var.name + "}", var.default)
                break
    b.security_kind = security_kind
    b.server_url = server
    b.models_cache = b.models()
    resources = b.resources()
    env_prefix = re.sub(r"[^A-Z0-9]", "", options.name.upper()) or "SDK"
    return ModuleView(
        options=options,
        header=(
            f"// Code generated by sdkforge from {safe_file(options.spec_file)} "
            f"(sha256 {options.spec_sha256[:16]}). DO NOT EDIT."
        ),
        title=one_line(api.title, 80) or "API",
        doc=_doc(api.description),
        md_doc=md_text(api.description),
        server_url=go_str(server),
        env_prefix=env_prefix,
        user_agent=go_str(f"{words_join(options.name)}-go/{options.version}"),
        idempotency_header=go_str(api.idempotency_header),
        credentials=credentials,
        security_kind=security_kind,
        security_doc=md_cell(schemes[0].description) if schemes else "",
        models=b.models_cache + b.types.synth_views,
        resources=resources,
        requests=b.requests,
        errors=list(b.errors.values()),
        stream_used=any(m.stream for r in resources for m in r.methods),
        example=resources[0].methods[0].example if resources and resources[0].methods else "",
    )


def words_join(name: str) -> str:
    """`OpenRouter` -> `openrouter`: for the User-Agent product token."""
    return "".join(words(name)) or "sdk"
