"""Everything the Python templates show, precomputed from the IR: identifiers, annotations,
escaped strings. Templates only loop and print."""

from __future__ import annotations

import keyword
import re
from dataclasses import dataclass, field

from .. import ir
from ..names import pascal
from ..plan import (
    CallPlan,
    auth_required,
    credential_names,
    default_server,
    essence,
    is_binary,
    is_json,
    plan_operation,
    sends_security,
    used_schemes,
)
from .direction import request_only_models
from .errors import ErrorClassView, error_classes
from .escape import docstring_body, one_line, py_literal, py_str
from .idents import CALL_OPTIONS, RESERVED_CLASS_NAMES, py_ident, unique_idents
from .stream_view import stream_item
from .types import Annotations
from .view_models import ModelView, build_models

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
    part_types: list[tuple[str, str]] = field(default_factory=list)  # (wire, media) py_str


@dataclass
class ResourceView:
    attr: str  # client attribute, e.g. completions
    module: str  # module name under resources/
    cls: str  # class name, e.g. Completions
    doc: str
    methods: list[MethodView]
    model_imports: list[str]  # model names the module imports
    uses: list[str]  # module-level names the module needs (see resource template)
    exports: list[str]  # `__all__`
    import_names: list[str]  # the classes as `from .resources.<module> import` lists them


@dataclass
class AuthView:
    ident: str  # constructor argument
    env: str  # environment variable
    kind: str  # bearer | basic_user | basic_password | api_key
    location: str  # header | query | cookie
    wire: str  # py_str of the header/query/cookie name
    scheme: str  # scheme name


@dataclass
class PackageView:
    options: Options
    header: str  # first line of every generated file
    title: str
    doc: str
    models: list[ModelView]
    aliases: list[ModelView]  # emitted after classes, dependency-ordered
    resources: list[ResourceView]
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
    uses_basic: bool  # some scheme is HTTP basic
    default_max_retries: str  # expression: the config's retry default, else the runtime's
    default_timeout: str  # expression: the config's timeout default (seconds), else omit
    root_exports: list[str]  # the package's `__all__`
    error_classes: list[ErrorClassView]  # exception classes, parents first (errors.py)
    warnings: list[tuple[str, str]]  # (message, pointer) of names the view had to change


def build_view(api: ir.Api, options: Options) -> PackageView:
    """The whole package view."""
    schemas = {s.name: s for s in api.schemas}
    models = build_models(api)
    only = request_only_models(api)
    for m in models.models:
        m.request_only = m.name in only
    clients = frozenset({options.name, "Async" + options.name, options.name + "Error"})
    env_prefix = options.package.upper() + "_"
    auth = _auth(api, env_prefix)
    base_url, variables = _base_url(api, options)
    errors = error_classes(api, frozenset(ROOT_EXPORTS) | clients)
    warnings: list[tuple[str, str]] = []
    attrs = _resource_attrs(api, auth, variables, warnings)
    resources = [
        _resource(api, r, attr, schemas, clients)
        for r, attr in zip(api.resources, attrs, strict=True)
    ]
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
        auth=auth,
        auth_schemes=_auth_schemes(api, auth),
        auth_required=bool(auth) and auth_required(api),
        default_base_url=py_str(base_url) if base_url else "None",
        idempotency_header=py_str(api.idempotency_header) if api.idempotency_header else "None",
        env_prefix=env_prefix,
        server_variables=variables,
        model_names=export_sorted([s.name for s in api.schemas]),
        stream_used=any(m.stream for r in resources for m in r.methods),
        model_typing=models.typing,
        model_extras=models.extras,
        uses_basic=any(a.kind == "basic_user" for a in auth),
        default_max_retries=_client_default(api, "max_retries", int, "DEFAULT_MAX_RETRIES"),
        default_timeout=_client_default(api, "timeout", float, "omit"),
        root_exports=export_sorted([*ROOT_EXPORTS, *(e.name for e in errors), *sorted(clients)]),
        error_classes=errors,
        warnings=warnings,
    )


# Public members of the generated clients (the runtime's and the client template's): a resource
# attribute with one of these names would replace it, or be unreachable.
CLIENT_MEMBERS = frozenset(
    {"base_url", "timeout", "max_retries", "copy", "with_options", "with_raw_response",
     "close", "aclose", "is_closed", "request", "models"}
)  # fmt: skip


def _resource_attrs(
    api: ir.Api,
    auth: list[AuthView],
    variables: list[tuple[str, str, str]],
    warnings: list[tuple[str, str]],
) -> list[str]:
    """The client attribute of each resource: `<name>_` when the name is a client member
    (a tag `api_key` next to the credential attribute `api_key`), with a warning."""
    members = CLIENT_MEMBERS | {a.ident for a in auth} | {ident for ident, _, _ in variables}
    taken: set[str] = set()
    attrs = []
    for resource in api.resources:
        attr = py_ident(resource.name)
        if attr in members:
            renamed = attr + "_"
            while renamed in members or renamed in taken:
                renamed += "_"
            pointer = resource.operations[0].pointer if resource.operations else ""
            warnings.append(
                (
                    f"resource {resource.name!r} has the name of a client attribute; "
                    f"it is `client.{renamed}`",
                    pointer,
                )
            )
            attr = renamed
        taken.add(attr)
        attrs.append(attr)
    return attrs


def _client_default(api: ir.Api, key: str, kind: type, fallback: str) -> str:
    """A client default set by the config's overrides, as a literal, else `fallback`."""
    value = getattr(api.client_defaults, key)
    if isinstance(value, int | float) and not isinstance(value, bool) and value >= 0:
        return repr(kind(value))
    return fallback


# Method names that would shadow a name the resource class body uses in annotations.
METHOD_RESERVED = frozenset(
    {"with_raw_response", "with_streaming_response", "with_options", "str", "int", "float",
     "bool", "bytes", "object", "type", "cast", "typing", "overload", "Literal", "List", "Dict",
     "Mapping", "SequenceNotStr", "FileContent"}
)  # fmt: skip

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

    def key(name: str) -> tuple[int, list[tuple[int, str, int]]]:
        group = 0 if name.isupper() and len(name) > 1 else 1 if name[:1].isupper() else 2
        parts = [
            (0, "", int(p)) if p.isdigit() else (1, p, 0) for p in re.split(r"(\d+)", name) if p
        ]
        return group, parts

    return sorted(names, key=key)


def import_sorted(names: list[str]) -> list[str]:
    """Names of one `from x import (...)` in the order ruff's isort wants (order-by-type):
    CONSTANTS, Classes, then the rest, each case-insensitively in natural order."""

    def key(name: str) -> tuple[int, list[tuple[int, str, int]], str]:
        group = 0 if name.isupper() and len(name) > 1 else 1 if name[:1].isupper() else 2
        parts = [
            (0, "", int(p)) if p.isdigit() else (1, p.lower(), 0)
            for p in re.split(r"(\d+)", name)
            if p
        ]
        return group, parts, name

    return sorted(names, key=key)


def _safe_file(name: str) -> str:
    """The spec's file name, reduced to characters that cannot break a comment line."""
    return re.sub(r"[^A-Za-z0-9._-]", "_", name)[:100] or "spec"


# --- resources ------------------------------------------------------------------------------


def _resource(
    api: ir.Api,
    resource: ir.Resource,
    attr: str,
    schemas: dict[str, ir.Schema],
    clients: frozenset[str],
) -> ResourceView:
    cls = pascal(resource.name, "Resource")
    taken = set(schemas) | RESERVED_CLASS_NAMES | clients
    # The module imports model names directly, so its own class names must not clash.
    if any(n in taken for n in (cls, "Async" + cls, cls + "WithRawResponse")):
        cls += "Resource"
    # One renderer per module: the names its annotations need are its imports.
    ann = Annotations(schemas, "")
    methods = []
    for op in resource.operations:
        plan = plan_operation(api, op)
        method = _method(op, plan, ann)
        if sends_security(api, plan.security):
            method.security = (
                "[" + ", ".join("[" + ", ".join(map(py_str, r)) + "]" for r in plan.security) + "]"
            )
        methods.append(method)
    return ResourceView(
        attr=attr,
        # `class_` stays `class_`: `from .resources.class import` would not parse.
        module=attr if keyword.iskeyword(attr.rstrip("_")) else attr.rstrip("_") or "default",
        cls=cls,
        doc=docstring_body(resource.description, "    ") if resource.description else "",
        methods=methods,
        model_imports=import_sorted(list(ann.refs)),
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
    if any(m.stream != "always" for m in methods):
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
    if plan.response == "model" and op.success is not None:
        returns, cast_to = ann.result(op.success.type), ann.runtime_type(op.success.type)
    elif plan.response in ("text", "bytes"):
        returns = cast_to = "str" if plan.response == "text" else "bytes"
    stream_mode = "" if plan.stream == "none" else plan.stream
    event_type = streaming.event_type if streaming is not None else None
    if plan.lines and op.success is not None and op.success.type is not None:
        stream_mode, event_type = "always", _line_item(op.success.type)
        chunk, chunk_runtime = ann.result(event_type), ann.runtime_type(event_type)
    elif streaming is not None:
        chunk, chunk_runtime = stream_item(streaming, plan.end, ann)
    else:
        chunk, chunk_runtime = "", ""
    errors = [
        (py_str(r.status), ann.runtime_type(r.type))
        for r in op.errors
        if r.type is not None and is_json(r.media_type)
    ]
    return MethodView(
        name=py_ident(op.name, METHOD_RESERVED, "call"),
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
        param_idents=idents[: len(op.params)],
        field_idents={
            f.name: ident for f, ident in zip(body_fields, idents[len(op.params) :], strict=False)
        },
    )


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


def _auth(api: ir.Api, env_prefix: str) -> list[AuthView]:
    """The client's credential arguments (plan.credential_names), basic first as in the spec."""
    names = credential_names(api)
    views: list[AuthView] = []
    for scheme in used_schemes(api):
        if scheme.kind == "basic":
            if any(v.ident == "username" for v in views):
                continue  # a second basic scheme shares the client's username and password
            for ident, kind in (("username", "basic_user"), ("password", "basic_password")):
                views.append(
                    AuthView(
                        ident,
                        env_prefix + ident.upper(),
                        kind,
                        "header",
                        py_str("Authorization"),
                        scheme.name,
                    )
                )
            continue
        ident = py_ident(names[scheme.name])
        env = env_prefix + ident.upper()
        wire = "Authorization" if scheme.kind == "bearer" else scheme.param_name
        views.append(AuthView(ident, env, scheme.kind, scheme.location, py_str(wire), scheme.name))
    return views


def _auth_schemes(api: ir.Api, auth: list[AuthView]) -> list[tuple[str, list[AuthView]]]:
    """Credentials grouped by scheme, when the client holds several (each operation then sends
    those its requirement names); [] for one scheme (every call sends it)."""
    schemes = used_schemes(api)
    if len(schemes) < 2:
        return []
    basic = [a for a in auth if a.kind.startswith("basic")]
    out = []
    for scheme in schemes:
        views = basic if scheme.kind == "basic" else [a for a in auth if a.scheme == scheme.name]
        out.append((py_str(scheme.name), views))
    return out


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


def literal(value: object) -> str:
    """Template helper: a Python literal for a JSON scalar."""
    return py_literal(value)
