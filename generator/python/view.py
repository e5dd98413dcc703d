"""Everything the Python templates show, precomputed from the IR: identifiers, annotations,
escaped strings. Templates only loop and print."""

from __future__ import annotations

import keyword
import re
from dataclasses import dataclass, field

from .. import ir
from ..names import pascal, snake, unique
from ..schemas import RESERVED_CLASS_NAMES
from .direction import request_only_models
from .errors import ErrorClassView, error_classes
from .escape import docstring_body, one_line, py_literal, py_str
from .idents import ANNOTATION_BUILTINS, CALL_OPTIONS, MODEL_RESERVED, py_ident, unique_idents
from .types import Annotations

_JSON = re.compile(r"json", re.I)


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
class FieldView:
    ident: str  # Python attribute name
    annotation: str  # as evaluated by pydantic
    default: str  # "" when required, else the default expression
    alias: str  # py_str of the wire name, "" when the same as ident
    doc: str  # docstring body, "" if none


@dataclass
class ModelView:
    name: str
    kind: str  # "object" | "enum" | "alias"
    doc: str
    fields: list[FieldView] = field(default_factory=list)
    annotation: str = ""  # for enum and alias kinds
    deprecated: bool = False
    request_only: bool = False  # unknown fields refused (direction.py)


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
    deprecated: bool
    query_styles: list[tuple[str, str, bool]]  # (wire py_str, style py_str, explode)
    param_idents: list[str]  # Python names of the operation's parameters, in IR order
    field_idents: dict[str, str]  # body field wire name -> Python name (flattened bodies)


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


def build_view(api: ir.Api, options: Options) -> PackageView:
    """The whole package view."""
    schemas = {s.name: s for s in api.schemas}
    in_models = Annotations(schemas, "")
    outside = Annotations(schemas, "")
    models, aliases = _models(api, in_models)
    only = request_only_models(api)
    for m in models:
        m.request_only = m.name in only
    clients = frozenset({options.name, "Async" + options.name, options.name + "Error"})
    resources = [_resource(r, outside, schemas, clients) for r in api.resources]
    env_prefix = options.package.upper() + "_"
    auth, required = _auth(api, env_prefix)
    base_url, variables = _base_url(api, options)
    errors = error_classes(api, frozenset(ROOT_EXPORTS) | clients)
    return PackageView(
        options=options,
        header=(
            f"# Generated by sdkforge from {_safe_file(options.spec_file)} "
            f"(sha256 {options.spec_sha256[:16]}). Do not edit."
        ),
        title=one_line(api.title, 80) or "API",
        doc=docstring_body(api.description) if api.description else "",
        models=models,
        aliases=aliases,
        resources=resources,
        auth=auth,
        auth_required=required,
        default_base_url=py_str(base_url) if base_url else "None",
        idempotency_header=py_str(api.idempotency_header) if api.idempotency_header else "None",
        env_prefix=env_prefix,
        server_variables=variables,
        model_names=export_sorted([s.name for s in api.schemas]),
        stream_used=any(m.stream for r in resources for m in r.methods),
        model_typing=_used(
            _model_text(models + aliases), ("Dict", "List", "Literal", "Optional", "Union")
        ),
        model_extras=_used(
            _model_text(models + aliases), ("_dt", "Field", "Annotated", "Tag", "open_union")
        ),
        uses_basic=any(a.kind == "basic_user" for a in auth),
        default_max_retries=_client_default(api, "max_retries", int, "DEFAULT_MAX_RETRIES"),
        default_timeout=_client_default(api, "timeout", float, "omit"),
        root_exports=export_sorted([*ROOT_EXPORTS, *(e.name for e in errors), *sorted(clients)]),
        error_classes=errors,
    )


def _client_default(api: ir.Api, key: str, kind: type, fallback: str) -> str:
    """A client default set by the config's overrides, as a literal, else `fallback`."""
    defaults = api.extra.get("client_defaults")
    value = defaults.get(key) if isinstance(defaults, dict) else None
    if isinstance(value, int | float) and not isinstance(value, bool) and value >= 0:
        return repr(kind(value))
    return fallback


# Method names that would shadow a name the resource class body uses in annotations.
METHOD_RESERVED = frozenset(
    {"with_raw_response", "with_options", "str", "int", "float", "bool", "bytes", "object",
     "type", "cast", "typing", "overload", "Literal", "List", "Dict", "Mapping", "SequenceNotStr"}
)  # fmt: skip

# Per-call options added with errors.py (issue 18); idents.CALL_OPTIONS has the older ones.
_RUNTIME_OPTIONS = frozenset({"retries", "max_response_bytes"})
ROOT_EXPORTS = (  # besides the status error classes (errors.py)
    "APIConnectionError", "APIError", "APIResponse", "APIResponseTooLargeError",
    "APIResponseValidationError", "APIStatusError", "APIStreamError", "APITimeoutError",
    "AsyncStream", "ClientClosedError", "Omit", "RequestValidationError", "RetryConfig",
    "Stream", "__version__", "models", "omit",
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


def _used(text: str, names: tuple[str, ...]) -> list[str]:
    return [n for n in names if re.search(rf"(?<![\w.]){re.escape(n)}\b", text)]


def _model_text(models: list[ModelView]) -> str:
    parts = []
    for m in models:
        parts.append(m.annotation)
        for f in m.fields:
            parts.append(f.annotation)
            if f.alias:
                parts.append("Field(")
    return " ".join(parts)


def _safe_file(name: str) -> str:
    """The spec's file name, reduced to characters that cannot break a comment line."""
    return re.sub(r"[^A-Za-z0-9._-]", "_", name)[:100] or "spec"


# --- models ---------------------------------------------------------------------------------


def _models(api: ir.Api, ann: Annotations) -> tuple[list[ModelView], list[ModelView]]:
    classes: list[ModelView] = []
    enums: list[ModelView] = []
    others: dict[str, ModelView] = {}
    deps: dict[str, set[str]] = {}
    for schema in api.schemas:
        doc = docstring_body(schema.description, "    ") if schema.description else ""
        if isinstance(schema, ir.ObjectModel):
            classes.append(_object(schema, ann))
        elif isinstance(schema, ir.EnumModel):
            literal = ann.model(ir.EnumOf(schema.values), open_enums=False)
            enums.append(ModelView(schema.name, "enum", doc, annotation=literal))
        else:
            target = schema.union if isinstance(schema, ir.UnionModel) else schema.target
            others[schema.name] = ModelView(schema.name, "alias", doc, annotation=ann.model(target))
            deps[schema.name] = _refs(target)
    ordered: list[ModelView] = []
    done: set[str] = set()

    def visit(name: str, trail: tuple[str, ...]) -> None:
        if name in done or name in trail or name not in others:
            return
        for dep in sorted(deps[name]):
            visit(dep, (*trail, name))
        done.add(name)
        ordered.append(others[name])

    for name in others:
        visit(name, ())
    return enums + classes, ordered


def _object(schema: ir.ObjectModel, ann: Annotations) -> ModelView:
    idents = unique_idents([f.name for f in schema.fields], MODEL_RESERVED, "field")
    annotations = [ann.model(f.type) for f in schema.fields]
    for i, ident in enumerate(idents):
        # `int: ...` would shadow the builtin for this and every later annotation.
        if ident not in ANNOTATION_BUILTINS:
            continue
        uses = re.compile(rf"(?<![\w.]){ident}\b")
        if any(uses.search(a) for a in annotations[i:]):
            idents[i] = unique(ident + "_", set(idents), fold_case=False)
    fields = []
    for f, ident, annotation in zip(schema.fields, idents, annotations, strict=True):
        nullable = isinstance(f.type, ir.Nullable) or annotation == "object"
        default = ""
        if not f.required:
            default = "None"
            if not nullable:
                annotation = f"Optional[{annotation}]"
        alias = py_str(f.name) if ident != f.name else ""
        fields.append(
            FieldView(
                ident=ident,
                annotation=annotation,
                default=default,
                alias=alias,
                doc=docstring_body(f.description, "    ") if f.description else "",
            )
        )
    doc = docstring_body(schema.description, "    ") if schema.description else ""
    return ModelView(schema.name, "object", doc, fields, deprecated=schema.deprecated)


def _refs(t: ir.TypeExpr) -> set[str]:
    if isinstance(t, ir.Ref):
        return {t.name}
    if isinstance(t, ir.Nullable):
        return _refs(t.inner)
    if isinstance(t, ir.ArrayOf):
        return _refs(t.items)
    if isinstance(t, ir.MapOf):
        return _refs(t.values)
    if isinstance(t, ir.UnionOf):
        return set().union(*(_refs(v) for v in t.variants))
    return set()


# --- resources ------------------------------------------------------------------------------


def _resource(
    resource: ir.Resource,
    ann: Annotations,
    schemas: dict[str, ir.Schema],
    clients: frozenset[str],
) -> ResourceView:
    attr = py_ident(resource.name, frozenset({"with_options", "with_raw_response", "copy"}))
    cls = pascal(resource.name, "Resource")
    taken = set(schemas) | RESERVED_CLASS_NAMES | clients
    # The module imports model names directly, so its own class names must not clash.
    if any(n in taken for n in (cls, "Async" + cls, cls + "WithRawResponse")):
        cls += "Resource"
    used: set[str] = set()
    for op in resource.operations:
        used |= _op_refs(op)
    methods = [_method(op, ann, schemas) for op in resource.operations]
    printed = " ".join(_printed_types(m) for m in methods)
    return ResourceView(
        attr=attr,
        # `class_` stays `class_`: `from .resources.class import` would not parse.
        module=attr if keyword.iskeyword(attr.rstrip("_")) else attr.rstrip("_") or "default",
        cls=cls,
        doc=docstring_body(resource.description, "    ") if resource.description else "",
        methods=methods,
        model_imports=sorted(used & set(re.findall(r"\w+", printed))),
        uses=_resource_uses(methods, printed),
        exports=export_sorted([cls, "Async" + cls]),
    )


def _resource_uses(methods: list[MethodView], printed: str) -> list[str]:
    uses = _used(
        printed,
        (
            "_dt",
            "typing",
            "pydantic",
            "Literal",
            "FileTypes",
            "List",
            "Dict",
            "open_union",
            "SequenceNotStr",
            "Mapping",
        ),
    )
    if any(m.stream == "flag" for m in methods):
        uses += ["Literal", "overload"]
    if any(m.stream for m in methods):
        uses.append("Stream")
    if any(m.deprecated for m in methods):
        uses.append("warnings")
    if any(m.stream != "always" for m in methods):
        uses.append("cast")
    return sorted(set(uses))


def _printed_types(m: MethodView) -> str:
    parts = [a.annotation for a in m.path_args + m.kw_args]
    parts += [m.returns, m.cast_to, m.chunk, m.chunk_runtime]
    parts += [t for _s, t in m.error_models]
    return " ".join(parts)


def _op_refs(op: ir.Operation) -> set[str]:
    types: list[ir.TypeExpr | None] = [p.type for p in op.params]
    if op.body is not None:
        types.append(op.body.type)
        types.extend(f.type for f in op.body.fields or ())
    types.append(op.success.type if op.success else None)
    types.extend(r.type for r in op.errors if _JSON.search(r.media_type))
    if op.streaming is not None:
        types.append(op.streaming.event_type)
    found: set[str] = set()
    for t in types:
        if t is not None:
            found |= _refs(t)
    return found


def _method(op: ir.Operation, ann: Annotations, schemas: dict[str, ir.Schema]) -> MethodView:
    body = op.body
    body_fields = list(body.fields) if body is not None and body.fields is not None else []
    streaming = op.streaming
    if streaming is not None and streaming.kind == "flag":
        body_fields = [f for f in body_fields if f.name != "stream"]
    wire_names = [p.name for p in op.params] + [f.name for f in body_fields]
    whole_body = body is not None and body.fields is None
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
    body_kind = ""
    body_arg: ArgView | None = None
    content_type = ""
    if body is not None:
        media = body.media_type.split(";")[0].strip().lower()
        if media == "multipart/form-data":
            body_kind = "multipart"
        elif media == "application/x-www-form-urlencoded":
            body_kind = "form"
        elif _JSON.search(media):
            body_kind = "json"
        else:
            body_kind = "content"
        if (
            body_kind in ("form", "multipart")
            and whole_body
            and not _is_mapping(body.type, schemas)
        ):
            # A form body that is not an object (Jira sends lists and files this way): the
            # caller passes the encoded bytes.
            body_kind = "content"
        if body_kind == "content":
            content_type = py_str(body.media_type)
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
            if body_kind == "multipart" and _is_binary(f.type):
                file_fields.append(arg)
            else:
                json_fields.append(arg)
        if whole_body:
            annotation = "bytes" if body_kind == "content" else ann.param(body.type)
            body_arg = ArgView(
                ident=idents[-1],
                wire=py_str("body"),
                annotation=annotation,
                required=body.required,
                doc=one_line(body.description),
            )
            args.append(body_arg)
    args.sort(key=lambda a: not a.required)  # keyword-only: required first reads better
    success = op.success
    returns, cast_to, response_kind = _result(success, ann)
    if streaming is not None and streaming.always and streaming.kind == "sse":
        stream_mode = "always"
    elif streaming is not None:
        stream_mode = "flag"
    else:
        stream_mode = ""
    chunk = ann.result(streaming.event_type) if streaming is not None else ""
    errors = [
        (py_str(r.status), ann.runtime_type(r.type))
        for r in op.errors
        if r.type is not None and _JSON.search(r.media_type)
    ]
    return MethodView(
        name=py_ident(op.name, METHOD_RESERVED, "call"),
        doc=_method_doc(op, args + by_location["path"]),
        http_method=py_str(op.http_method.upper()),
        path=py_str(op.path),
        path_args=by_location["path"],
        kw_args=args,
        path_params=by_location["path"],
        query=by_location["query"],
        headers=by_location["header"],
        cookies=by_location["cookie"],
        json_fields=json_fields if body_kind in ("json", "form", "multipart") else [],
        body_arg=body_arg,
        body_kind=body_kind,
        content_type=content_type,
        file_fields=file_fields,
        returns=returns,
        cast_to=cast_to,
        response_kind=response_kind,
        error_models=errors,
        stream=stream_mode,
        chunk=chunk,
        chunk_runtime=ann.runtime_type(streaming.event_type) if streaming is not None else "",
        sentinel=py_str(streaming.sentinel) if streaming and streaming.sentinel else "None",
        deprecated=op.deprecated,
        query_styles=styles,
        param_idents=idents[: len(op.params)],
        field_idents={
            f.name: ident for f, ident in zip(body_fields, idents[len(op.params) :], strict=False)
        },
    )


def _is_mapping(t: ir.TypeExpr, schemas: dict[str, ir.Schema]) -> bool:
    """True when values of `t` are JSON objects (form fields can be built from them)."""
    t = t.inner if isinstance(t, ir.Nullable) else t
    if isinstance(t, ir.MapOf):
        return True
    if isinstance(t, ir.Ref):
        target = schemas.get(t.name)
        if isinstance(target, ir.ObjectModel):
            return True
        if isinstance(target, ir.AliasModel):
            return _is_mapping(target.target, schemas)
    return False


def _is_binary(t: ir.TypeExpr) -> bool:
    t = t.inner if isinstance(t, ir.Nullable) else t
    if isinstance(t, ir.ArrayOf):
        return _is_binary(t.items)
    return isinstance(t, ir.Prim) and t.kind == "binary"


def _result(success: ir.Response | None, ann: Annotations) -> tuple[str, str, str]:
    if success is None or (success.type is None and not success.media_type):
        return "None", "None", "none"
    media = success.media_type.lower()
    # `*/*` (or `application/*`) with a structured schema is JSON in every spec seen so far.
    structured = success.type is not None and not (
        isinstance(success.type, ir.Prim) and success.type.kind in ("string", "binary")
    )
    if media in ("*/*", "application/*") and structured:
        media = "application/json"
    if success.type is None or not _JSON.search(media):
        if media.startswith("text/") or (
            isinstance(success.type, ir.Prim) and success.type.kind == "string"
        ):
            return "str", "str", "text"
        return "bytes", "bytes", "bytes"
    return ann.result(success.type), ann.runtime_type(success.type), "json"


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


def _auth(api: ir.Api, env_prefix: str) -> tuple[list[AuthView], bool]:
    used = {name for req in api.security for name in req}
    for resource in api.resources:
        for op in resource.operations:
            for req in op.security or ():
                used.update(req)
    schemes = [s for s in api.security_schemes if s.name in used] or list(api.security_schemes)
    views: list[AuthView] = []
    several = len([s for s in schemes if s.kind != "basic"]) > 1
    for scheme in schemes:
        if scheme.kind == "basic":
            views.append(
                AuthView(
                    "username",
                    env_prefix + "USERNAME",
                    "basic_user",
                    "header",
                    py_str("Authorization"),
                    scheme.name,
                )
            )
            views.append(
                AuthView(
                    "password",
                    env_prefix + "PASSWORD",
                    "basic_password",
                    "header",
                    py_str("Authorization"),
                    scheme.name,
                )
            )
            continue
        ident = f"{snake(scheme.name)}_api_key" if several else "api_key"
        ident = py_ident(ident)
        env = env_prefix + ident.upper()
        wire = "Authorization" if scheme.kind == "bearer" else scheme.param_name
        views.append(AuthView(ident, env, scheme.kind, scheme.location, py_str(wire), scheme.name))
    requirements: list[tuple[str, ...]] = list(api.security)
    for resource in api.resources:
        for op in resource.operations:
            if op.security is not None:
                requirements.extend(op.security)
    # Required only when every alternative of every operation needs a credential.
    required = bool(views) and bool(requirements) and all(req for req in requirements)
    return views, required


def _base_url(api: ir.Api, options: Options) -> tuple[str, list[tuple[str, str, str]]]:
    """The default base URL and its server variables: (ident, py_str "{name}", py_str default).

    Variables become constructor arguments; they are substituted only into the spec's URL.
    """
    if options.base_url:
        return options.base_url, []
    for server in api.servers:
        if re.match(r"^https?://", server.url, re.I):
            reserved = frozenset({"base_url", "timeout", "max_retries", "default_headers",
                                  "default_query", "http_client", "strict_response_validation",
                                  "stream_idle_timeout", "self", "username", "password",
                                  "api_key"})  # fmt: skip
            variables = [
                (py_ident(v.name, reserved), py_str("{" + v.name + "}"), py_str(v.default))
                for v in server.variables
                if "{" + v.name + "}" in server.url
            ]
            return server.url, variables
    return "", []


def literal(value: object) -> str:
    """Template helper: a Python literal for a JSON scalar."""
    return py_literal(value)
