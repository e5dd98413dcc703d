"""Everything the Python templates show, precomputed from the IR: identifiers, annotations,
escaped strings. Templates only loop and print."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field

from .. import ir
from ..plan import (
    CallPlan,
    auth_required,
    default_server,
    essence,
    is_binary,
    is_json,
    plan_operation,
    sends_security,
)
from .auth_view import (
    AuthView,
    auth_schemes,
    build_auth,
    feature_exports,
    oauth_scopes_literal,
)
from .errors import ErrorClassView, error_classes
from .escape import docstring_body, one_line, py_str
from .idents import CALL_OPTIONS, py_ident, unique_idents
from .pagination_view import PAGE_EXPORTS, PageView, page_view
from .stream_view import stream_item
from .types import Annotations
from .view_models import ModelsModule, ModelView, build_models
from .view_resources import (
    METHOD_RESERVED,
    resource_attrs,
    resource_classes,
    resource_modules,
)
from .webhooks_view import WebhooksView, build_webhooks

JSON = "application/json"
# The plan's body kinds as the resource template spells them.
_BODY_KINDS = {"json": "json", "form": "form", "multipart": "multipart", "raw": "content"}
# The plan's response kinds as the runtime's `response_kind` spells them.
_RESPONSE_KINDS = {"model": "json", "text": "text", "bytes": "bytes", "none": "none"}


@dataclass
class Options:
    """Generation options that shape the package."""

    name: str  # client class name, e.g. OpenRouter
    package: str  # import name, e.g. openrouter
    version: str  # package version
    base_url: str  # from --base-url, "" if none
    spec_file: str  # spec file name (no directories) for the header line
    spec_sha256: str  # hex digest of the spec bytes


@dataclass
class ArgView:
    ident: str  # the Python parameter name
    wire: str  # py_str of the wire name
    annotation: str  # in the signature
    required: bool
    doc: str  # one line, for the docstring's Args section
    nullable: bool = False


@dataclass
class MethodView:
    name: str
    doc: str
    http_method: str  # py_str
    path: str  # py_str
    path_args: list[ArgView]
    kw_args: list[ArgView]
    path_params: list[ArgView]
    query: list[ArgView]
    query_items: list[tuple[str, str]]  # (wire py_str, value expression): fixed pairs, then args
    headers: list[ArgView]
    cookies: list[ArgView]
    json_fields: list[ArgView]  # flattened JSON body fields
    body_arg: ArgView | None  # a whole-body argument
    body_kind: str  # "", "json", "form", "multipart", "content"
    content_type: str  # py_str or ""
    file_fields: list[ArgView]
    returns: str  # annotation of the non-streaming result
    cast_to: str  # runtime expression
    response_kind: str  # json | text | bytes | none
    error_models: list[tuple[str, str]]  # (py_str status, runtime type)
    stream: str  # "" | "flag" | "always"
    chunk: str  # annotation of a stream event
    chunk_runtime: str  # runtime expression of a stream event's type
    sentinel: str  # py_str of the end-of-stream sentinel, or "None"
    flag_wire: str  # py_str of the body's stream-flag field ("" unless stream == "flag")
    stream_class: str  # "Stream" (server-sent events) | "JSONLStream" (JSON Lines)
    event_type: ir.TypeExpr | None  # type of one streamed item (None when not streaming)
    accept: str  # py_str of an Accept header the call sends, or ""
    deprecated: bool
    query_styles: list[tuple[str, str, bool]]  # (wire py_str, style py_str, explode)
    param_idents: list[str]  # Python names of the operation's parameters, in IR order
    field_idents: dict[str, str]  # body field wire name -> Python name (flattened bodies)
    security: str = ""  # literal of the requirement alternatives the call sends, "" for all
    scopes: str = ""  # literal of the OAuth2 scopes by scheme name (plan.scopes), "" for none
    page: PageView | None = None  # set when the method returns pages (pagination_view.py)
    runtime_models: list[str] = field(default_factory=list)  # models the body imports and uses
    part_types: list[tuple[str, str]] = field(default_factory=list)  # (wire, media) py_str
    # (wire py_str, style py_str, explode) of a url-encoded form body's declared encodings
    form_styles: list[tuple[str, str, bool]] = field(default_factory=list)


@dataclass
class ChildView:
    own: str  # the attribute on the parent resource
    module: str
    cls: str


@dataclass
class ResourceView:
    attr: str  # the access path below the client, e.g. chat.completions
    module: str  # module name under resources/
    cls: str  # class name, e.g. ChatCompletions
    doc: str
    methods: list[MethodView]
    model_imports: list[str]  # model names the module's methods use (the models it groups)
    typing_imports: list[str]  # those its annotations name (imported for type checkers only)
    uses: list[str]  # module-level names the module needs (see resource template)
    exports: list[str]  # `__all__`
    import_names: list[str]  # the classes as `from .resources.<module> import` lists them
    own: str = ""  # the attribute on the parent (the client for a top-level resource)
    depth: int = 1  # 1 for `client.x`, 2 for `client.x.y`, ...
    children: list[ChildView] | None = None  # sub-resources, loaded on first access


@dataclass
class PackageView:
    options: Options
    header: str  # first line of every generated file
    title: str
    doc: str
    models: list[ModelView]
    aliases: list[ModelView]  # emitted after classes, dependency-ordered
    resources: list[ResourceView]  # every resource, parents before children
    top_resources: list[ResourceView]  # the client's attributes
    auth: list[AuthView]
    auth_schemes: list[tuple[str, list[AuthView]]]  # (py_str scheme name, its credentials)
    auth_required: bool
    default_base_url: str  # py_str or "None"
    idempotency_header: str  # py_str or "None"
    env_prefix: str
    server_variables: list[tuple[str, str, str]]  # (ident, py_str "{name}", py_str default)
    model_names: list[str]  # sorted as `__all__`
    stream_used: bool
    model_typing: list[str]  # names models.py imports from typing
    model_extras: list[str]  # "dt", "Field", "Annotated" when models.py needs them
    model_modules: list[ModelsModule]  # the modules of a split `models/` package, else []
    uses_basic: bool  # some scheme is HTTP basic
    default_max_retries: str  # expression: the config's retry default, else the runtime's
    default_timeout: str  # expression: the config's timeout default (seconds), else omit
    root_exports: list[str]  # the package's `__all__`
    error_classes: list[ErrorClassView]  # exception classes, parents first (errors.py)
    warnings: list[tuple[str, str]]  # (message, pointer) of names the view had to change
    webhooks: WebhooksView | None = None  # the spec's webhooks (webhooks_view.py)


def build_view(api: ir.Api, options: Options) -> PackageView:
    """The whole package view."""
    schemas = {s.name: s for s in api.schemas}
    clients = frozenset({options.name, "Async" + options.name, options.name + "Error"})
    env_prefix = options.package.upper() + "_"
    auth = build_auth(api, env_prefix)
    base_url, variables = _base_url(api, options)
    extra_exports = feature_exports(api, auth)
    errors = error_classes(api, frozenset(ROOT_EXPORTS) | clients | set(extra_exports))
    warnings: list[tuple[str, str]] = []
    idents = [a.ident for a in auth] + [ident for ident, _, _ in variables]
    if api.webhooks:
        idents.append("webhooks")  # client.webhooks unwraps webhook payloads
    attrs = resource_attrs(api, frozenset(idents), warnings)
    classes = resource_classes(api, schemas, clients)
    modules = resource_modules(api)
    resources = []
    by_path: dict[tuple[str, ...], ResourceView] = {}
    for r, (own, access), cls, module in zip(api.resources, attrs, classes, modules, strict=True):
        view = _resource(api, r, access, schemas, cls, module)
        view.own, view.depth, view.children = own, len(r.tree_path), []
        parent = by_path.get(r.tree_path[:-1])
        if parent is not None and parent.children is not None:
            parent.children.append(ChildView(own, module, cls))
        by_path[r.tree_path] = view
        resources.append(view)
    models = build_models(api, {r.module: r.model_imports for r in resources})
    return PackageView(
        options=options,
        header=(
            # No spec hash here (the manifest holds it): a spec change rewrites only the files
            # whose code changes.
            f"# Generated by sdkforge from {_safe_file(options.spec_file)}. Do not edit."
        ),
        title=one_line(api.title, 80) or "API",
        doc=docstring_body(api.description) if api.description else "",
        models=models.models,
        aliases=models.aliases,
        resources=resources,
        top_resources=[r for r in resources if r.depth == 1],
        auth=auth,
        auth_schemes=auth_schemes(api, auth),
        auth_required=bool(auth) and auth_required(api),
        default_base_url=py_str(base_url) if base_url else "None",
        idempotency_header=py_str(api.idempotency_header) if api.idempotency_header else "None",
        env_prefix=env_prefix,
        server_variables=variables,
        model_names=export_sorted([s.name for s in api.schemas]),
        stream_used=any(m.stream for r in resources for m in r.methods),
        model_typing=models.typing,
        model_extras=models.extras,
        model_modules=models.modules,
        uses_basic=any(a.kind == "basic_user" for a in auth),
        default_max_retries=_client_default(api, "max_retries", int, "DEFAULT_MAX_RETRIES"),
        default_timeout=_client_default(api, "timeout", float, "omit"),
        root_exports=export_sorted(
            [
                *ROOT_EXPORTS,
                *PAGE_EXPORTS,
                *extra_exports,
                *(e.name for e in errors),
                *sorted(clients),
            ]
        ),
        error_classes=errors,
        warnings=warnings,
        webhooks=build_webhooks(api),
    )


def _client_default(api: ir.Api, key: str, kind: type, fallback: str) -> str:
    """A client default set by the config's overrides, as a literal, else `fallback`."""
    value = getattr(api.client_defaults, key)
    if isinstance(value, int | float) and not isinstance(value, bool) and value >= 0:
        return repr(kind(value))
    return fallback


# Per-call options added with errors.py (issue 18); idents.CALL_OPTIONS has the older ones.
_RUNTIME_OPTIONS = frozenset({"retries", "max_response_bytes"})
ROOT_EXPORTS = (  # besides the status error classes (errors.py)
    "APIConnectionError", "APIError", "APIResponse", "APIResponseTooLargeError",
    "APIResponseValidationError", "APIStatusError", "APIStreamError", "APITimeoutError",
    "AsyncStream", "AsyncStreamedAPIResponse", "ClientClosedError", "FileTypes", "Omit",
    "RequestValidationError", "RetryConfig", "Stream", "StreamedAPIResponse", "UnknownEvent",
    "__version__", "models", "omit",
)  # fmt: skip


def export_sorted(names: list[str]) -> list[str]:
    """`__all__` order as ruff's RUF022 wants it: SCREAMING_CASE, CamelCase, then the rest,
    each in natural order (digits compared as numbers)."""

    def key(name: str) -> tuple[int, list[tuple[int, int, str, int]]]:
        group = 0 if name.isupper() and len(name) > 1 else 1 if name[:1].isupper() else 2
        return group, _natural(name)

    return sorted(names, key=key)


def import_sorted(names: list[str]) -> list[str]:
    """Names of one `from x import (...)` in the order ruff's isort wants (order-by-type):
    CONSTANTS, Classes, then the rest, each case-insensitively in natural order."""

    def key(name: str) -> tuple[int, list[tuple[int, int, str, int]], str]:
        group = 0 if name.isupper() and len(name) > 1 else 1 if name[:1].isupper() else 2
        return group, _natural(name.lower()), name

    return sorted(names, key=key)


def _natural(name: str) -> list[tuple[int, int, str, int]]:
    """Ruff's natural order (strnatcmp): numbers, but a run with a leading 0 digit by digit."""
    return [
        ((0, 0, p, 0) if p[0] == "0" else (0, 1, "", int(p))) if p.isdigit() else (1, 0, p, 0)
        for p in re.split(r"(\d+)", name)
        if p
    ]


def _safe_file(name: str) -> str:
    """The spec's file name, reduced to characters that cannot break a comment line."""
    return re.sub(r"[^A-Za-z0-9._-]", "_", name)[:100] or "spec"


# --- resources ------------------------------------------------------------------------------


def _resource(
    api: ir.Api,
    resource: ir.Resource,
    attr: str,
    schemas: dict[str, ir.Schema],
    cls: str,
    module: str,
) -> ResourceView:
    # One renderer per module: the names its annotations need are its imports.
    ann = Annotations(schemas, "")
    methods = []
    for op in resource.operations:
        plan = plan_operation(api, op)
        method = _method(op, plan, ann)
        method.page = page_view(plan.pagination, ann)
        if sends_security(api, plan.security):
            method.security = (
                "[" + ", ".join("[" + ", ".join(map(py_str, r)) + "]" for r in plan.security) + "]"
            )
        method.scopes = oauth_scopes_literal(plan)
        methods.append(method)
    return ResourceView(
        attr=attr,
        module=module,
        cls=cls,
        doc=docstring_body(resource.description, "    ") if resource.description else "",
        methods=methods,
        model_imports=import_sorted(list(ann.refs)),
        typing_imports=import_sorted(list(ann.typing_refs)),
        uses=_resource_uses(methods, ann.uses),
        exports=export_sorted([cls, "Async" + cls]),
        import_names=import_sorted([cls, "Async" + cls]),
    )


# Names a resource module imports when its annotations use them (see the resource template).
_ANNOTATION_IMPORTS = ("_dt", "typing", "pydantic", "Literal", "FileTypes", "List", "Dict",
                       "open_union", "SequenceNotStr", "Mapping")  # fmt: skip


def _resource_uses(methods: list[MethodView], annotation_uses: set[str]) -> list[str]:
    uses = [n for n in _ANNOTATION_IMPORTS if n in annotation_uses]
    if any(m.stream == "flag" for m in methods):
        uses += ["Literal", "overload"]
    if any(m.stream == "flag" and m.body_arg for m in methods):
        uses.append("to_wire")  # a whole body merged with the stream flag
    if any(m.stream and m.stream_class == "Stream" for m in methods):
        uses.append("Stream")
    if "EventTypes" in annotation_uses:
        uses += ["EventTypes", "typing"]
    if any(m.stream and m.stream_class == "JSONLStream" for m in methods):
        uses.append("JSONLStream")
    if any(m.deprecated for m in methods):
        uses.append("warnings")
    if any(m.stream != "always" and not m.page for m in methods):
        uses.append("cast")
    if any(m.body_kind == "content" and m.body_arg for m in methods):
        uses.append("FileContent")
    return sorted(set(uses))


def _method(op: ir.Operation, plan: CallPlan, ann: Annotations) -> MethodView:
    body = op.body
    body_fields = list(plan.body_fields)
    streaming = op.streaming
    wire_names = [p.name for p in op.params] + [f.name for f in body_fields]
    whole_body = plan.whole_body
    if whole_body:
        wire_names.append("body")
    idents = unique_idents(wire_names, CALL_OPTIONS | _RUNTIME_OPTIONS, "arg")
    args: list[ArgView] = []
    by_location: dict[str, list[ArgView]] = {"path": [], "query": [], "header": [], "cookie": []}
    styles: list[tuple[str, str, bool]] = []
    for param, ident in zip(op.params, idents, strict=False):
        arg = ArgView(
            ident=ident,
            wire=py_str(param.name),
            annotation=ann.param(param.type),
            required=param.required,
            doc=one_line(param.description),
            nullable=isinstance(param.type, ir.Nullable),
        )
        by_location[param.location].append(arg)
        if param.location == "query" and (param.style not in ("", "form") or not param.explode):
            styles.append((py_str(param.name), py_str(param.style or "form"), param.explode))
        if param.location != "path":
            args.append(arg)
    # Path parameters are positional-or-keyword, in the order the path names them.
    by_location["path"].sort(key=lambda a: _path_position(op.path, a.wire))
    json_fields: list[ArgView] = []
    file_fields: list[ArgView] = []
    body_kind = _BODY_KINDS.get(plan.body, "")
    body_arg: ArgView | None = None
    content_type = ""
    if body_kind == "content" or (body_kind == "json" and essence(plan.content_type) != JSON):
        content_type = py_str(plan.content_type)  # e.g. application/merge-patch+json
    if body is not None:
        field_idents = idents[len(op.params) :]
        for f, ident in zip(body_fields, field_idents, strict=False):
            arg = ArgView(
                ident=ident,
                wire=py_str(f.name),
                annotation=ann.param(f.type),
                required=f.required,
                doc=one_line(f.description),
                nullable=isinstance(f.type, ir.Nullable),
            )
            args.append(arg)
            if body_kind == "multipart" and is_binary(f.type):
                file_fields.append(arg)
            # Every field goes into the body in spec order; the runtime makes each upload
            # value (bytes, a file object, a tuple) a file part.
            json_fields.append(arg)
        if whole_body:
            # A raw body is bytes, a binary file object or a path (streamed by the runtime).
            annotation = "FileContent" if body_kind == "content" else ann.param(body.type)
            body_arg = ArgView(
                ident=idents[-1],
                wire=py_str("body"),
                annotation=annotation,
                required=body.required,
                doc=one_line(body.description),
            )
            args.append(body_arg)
    args.sort(key=lambda a: not a.required)  # keyword-only: required first reads better
    returns, cast_to = "None", "None"
    with ann.runtime() as cast_models:
        if plan.response == "model" and op.success is not None:
            cast_to = ann.runtime_type(op.success.type)
    if plan.response == "model" and op.success is not None:
        returns = "" if plan.pagination else ann.result(op.success.type)  # pages: the item's
    elif plan.response in ("text", "bytes"):
        returns = cast_to = "str" if plan.response == "text" else "bytes"
    stream_mode = "" if plan.stream == "none" else plan.stream
    event_type = streaming.event_type if streaming is not None else None
    # A stream's item type is in the signature and evaluated (`stream_cls=Stream[item]`).
    with ann.runtime() as chunk_models:
        if plan.lines and op.success is not None and op.success.type is not None:
            stream_mode, event_type = "always", _line_item(op.success.type)
            chunk, chunk_runtime = ann.result(event_type), ann.runtime_type(event_type)
        elif streaming is not None:
            chunk, chunk_runtime = stream_item(streaming, plan.end, ann)
        else:
            chunk, chunk_runtime = "", ""
    ann.typing_refs |= chunk_models
    with ann.runtime() as error_models:
        errors = [
            (py_str(r.status), ann.runtime_type(r.type))
            for r in op.errors
            if r.type is not None and is_json(r.media_type)
        ]
    # The models the body evaluates, imported when it runs: `cast_to` is not sent by a call
    # that always streams.
    runtime_models = error_models | chunk_models
    if stream_mode != "always":
        runtime_models |= cast_models
    return MethodView(
        name=py_ident(op.name, METHOD_RESERVED, "call", tree=True),
        doc=_method_doc(op, args + by_location["path"]),
        http_method=py_str(op.http_method.upper()),
        path=py_str(plan.path),
        path_args=by_location["path"],
        kw_args=args,
        path_params=by_location["path"],
        query=by_location["query"],
        query_items=_query_items(plan, by_location["query"]),
        headers=by_location["header"],
        cookies=by_location["cookie"],
        json_fields=json_fields if body_kind in ("json", "form", "multipart") else [],
        body_arg=body_arg,
        body_kind=body_kind,
        content_type=content_type,
        file_fields=file_fields,
        returns=returns,
        cast_to=cast_to,
        response_kind=_RESPONSE_KINDS[plan.response],
        error_models=errors,
        stream=stream_mode,
        chunk=chunk,
        chunk_runtime=chunk_runtime,
        sentinel=py_str(plan.end.sentinel) if plan.end.sentinel else "None",
        flag_wire=py_str(plan.flag_field) if plan.flag_field else "",
        stream_class="JSONLStream" if plan.lines else "Stream",
        event_type=event_type,
        accept=py_str(op.success.media_type) if plan.lines and op.success else "",
        deprecated=op.deprecated,
        query_styles=styles,
        part_types=[(py_str(name), py_str(media)) for name, media in plan.part_types],
        form_styles=[(py_str(n), py_str(st), ex) for n, st, ex in plan.form_styles],
        runtime_models=import_sorted(list(runtime_models)),
        param_idents=idents[: len(op.params)],
        field_idents={
            f.name: ident for f, ident in zip(body_fields, idents[len(op.params) :], strict=False)
        },
    )


def _path_position(path: str, wire: str) -> int:
    """Where `{name}` stands in the path (the wire name is a Python literal here)."""
    position = path.find("{" + str(ast.literal_eval(wire)) + "}")
    return position if position >= 0 else len(path)


def _line_item(t: ir.TypeExpr) -> ir.TypeExpr:
    """The type of one line of a JSON Lines body: a schema declared as the array of all lines
    is read as its items."""
    return t.items if isinstance(t, ir.ArrayOf) else t


def _query_items(plan: CallPlan, args: list[ArgView]) -> list[tuple[str, str]]:
    """The `query=` dict of a call: the path key's fixed pairs (`?beta=true`), then the
    operation's parameters. A parameter named like a fixed pair sends the fixed value unless
    the caller gives one."""
    fixed: dict[str, list[str]] = {}
    for name, value in plan.path_query:
        fixed.setdefault(name, []).append(value)

    def literal(values: list[str]) -> str:
        return py_str(values[0]) if len(values) == 1 else f"[{', '.join(map(py_str, values))}]"

    by_wire = {a.wire: a for a in args}
    items: list[tuple[str, str]] = []
    for name, values in fixed.items():
        arg = by_wire.pop(py_str(name), None)
        if arg is None:
            items.append((py_str(name), literal(values)))
        else:
            value = f"{literal(values)} if isinstance({arg.ident}, Omit) else {arg.ident}"
            items.append((arg.wire, value))
    items += [(a.wire, a.ident) for a in args if a.wire in by_wire]
    return items


def _method_doc(op: ir.Operation, args: list[ArgView]) -> str:
    parts = []
    summary = one_line(
        op.summary or op.description.split("\n\n")[0] if op.description else op.summary
    )
    if summary:
        parts.append(summary)
    if op.description and one_line(op.description) != summary:
        parts.append(op.description)
    if op.deprecated:
        parts.append("Deprecated: this operation may be removed in a future version of the API.")
    documented = [a for a in args if a.doc]
    if documented:
        lines = ["Args:"] + [f"    {a.ident}: {a.doc}" for a in documented]
        parts.append("\n".join(lines))
    text = "\n\n".join(parts) or f"{op.http_method.upper()} {op.path}"
    return docstring_body(text, "        ")


# --- client ---------------------------------------------------------------------------------


def _base_url(api: ir.Api, options: Options) -> tuple[str, list[tuple[str, str, str]]]:
    """The default base URL and its server variables: (ident, py_str "{name}", py_str default).

    Variables become constructor arguments; they are substituted only into the spec's URL.
    """
    server = default_server(api, options.base_url)
    if server is None:
        return "", []
    reserved = frozenset({"base_url", "timeout", "max_retries", "default_headers",
                          "default_query", "http_client", "strict_response_validation",
                          "stream_idle_timeout", "self", "username", "password",
                          "api_key"})  # fmt: skip
    variables = [
        (py_ident(v.name, reserved), py_str("{" + v.name + "}"), py_str(v.default))
        for v in server.variables
    ]
    return server.url, variables
