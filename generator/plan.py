"""The call plan: the language-neutral facts of one operation, decided once from the IR.

Both targets' views (and their docs) read these facts instead of re-deriving them: how the
request body is encoded, what the call returns, how it streams, which credentials it may send,
and which base URL a client uses by default. Targets only choose identifiers and spellings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal
from urllib.parse import parse_qsl

from . import ir
from .names import snake, unique, words
from .oauth import operation_scopes
from .pagination import Pagination, detect

BodyKind = Literal["json", "form", "multipart", "raw", "none"]
ResultKind = Literal["model", "text", "bytes", "stream", "none"]
ResponseKind = Literal["model", "text", "bytes", "none"]
StreamMode = Literal["none", "flag", "always"]
EndKind = Literal["sentinel", "event", "close"]
DONE = "[DONE]"

FORM = "application/x-www-form-urlencoded"
MULTIPART = "multipart/form-data"
_HTTP_URL = re.compile(r"^https?://", re.I)

# --- media types -------------------------------------------------------------------------------


def essence(media: str) -> str:
    """`type/subtype` of a media type, lowercased, parameters dropped."""
    return media.split(";", 1)[0].strip().lower()


def is_json(media: str) -> bool:
    """A JSON media type: `application/json` or any `+json` suffix (RFC 6839).

    The same rule as the Python runtime's check of a response's content type
    (tests/unit/test_plan.py compares them), so a body the generator decides to parse as JSON
    is one the runtime accepts as JSON.
    """
    mime = essence(media)
    return mime == "application/json" or mime.endswith("+json")


# JSON Lines (one JSON value per line) under the names in use.
JSON_LINES = frozenset(
    {"application/jsonl", "application/x-jsonl", "application/jsonlines",
     "application/x-jsonlines", "application/x-ndjson", "application/ndjson"}
)  # fmt: skip


def is_json_lines(media: str) -> bool:
    """A JSON Lines media type (`application/x-ndjson`, `application/jsonl`, ...)."""
    return essence(media) in JSON_LINES


def line_item(t: ir.TypeExpr) -> ir.TypeExpr:
    """The type of one line of a JSON Lines body: a schema declared as the array of all lines
    is read as its items (the rule of the Python view's `_line_item` too)."""
    return t.items if isinstance(t, ir.ArrayOf) else t


def is_wildcard(media: str) -> bool:
    """`*/*` or `application/*`: the server may send anything."""
    return essence(media) in ("*/*", "application/*")


# --- the plan ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class StreamEnd:
    """How a stream's end is recognised (docs/design.md, "Streaming: the end of a stream").

    A `[DONE]` data line ends every stream whatever the rule. When `truncation_detected`, a
    body that ends before the signal is an error (`APIConnectionError`).
    """

    kind: EndKind  # "sentinel": a data line; "event": a terminal event; "close": end of body
    sentinel: str | None  # the data line that ends the stream (kind == "sentinel")
    events: tuple[str, ...]  # names of the terminal events (kind == "event")

    @property
    def truncation_detected(self) -> bool:
        return self.kind != "close"


_CLOSE = StreamEnd("close", None, ())


@dataclass(frozen=True)
class CallPlan:
    """How one operation is called, in terms every target shares."""

    body: BodyKind  # request body encoding; "raw" = the caller gives the encoded bytes
    body_fields: tuple[ir.Field, ...]  # body properties passed one by one (flag field removed)
    whole_body: bool  # the body is passed as one value (not as its properties)
    content_type: str  # media type to send, as declared ("" without a body)
    result: ResultKind  # what the call returns; "stream" when the operation always streams
    response: ResponseKind  # kind of the declared non-streaming success body
    stream: StreamMode  # "flag": a boolean body field chooses; "always": every call streams
    flag_field: str | None  # wire name of the body's boolean stream flag (stream == "flag")
    security: tuple[tuple[str, ...], ...]  # alternatives of scheme names; () sends none
    end: StreamEnd = _CLOSE  # how the stream ends (stream != "none")
    path: str = ""  # the path template without the path key's `?query` part
    path_query: tuple[tuple[str, str], ...] = ()  # fixed query pairs of the path key, in order
    # The success body is JSON Lines: the call returns a stream of typed items, one per line
    # (result "stream"; `stream` stays "none", which is about event streams).
    lines: bool = False
    # Form bodies: (field wire name, style, explode) from the spec's `encoding` object, for the
    # fields whose encoding sets a style (`deepObject`, or `form` with explode true or false);
    # other fields keep the default (lists repeat the name, objects are sent as JSON text).
    form_styles: tuple[tuple[str, str, bool], ...] = ()
    # OAuth2 client credentials (generator/oauth.py): (scheme, scopes) of the token each
    # client-credentials scheme fetches for this call; a scheme not listed asks no scope.
    scopes: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # How a list operation asks for its next page (generator/pagination.py); None: one page.
    pagination: Pagination | None = None
    # Multipart bodies: (file field wire name, part media type) where the `encoding` object
    # gives one media type (not a list or a wildcard) to a binary field; other file parts
    # take the caller's type, else one guessed from the filename.
    part_types: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class DefaultServer:
    """The base URL a client uses when none is given."""

    url: str  # may contain {variables} when it comes from the spec
    variables: tuple[ir.ServerVariable, ...]  # variables that occur in `url`, in URL order
    from_spec: bool  # False when it came from --base-url (no variables then)


def plan_operation(api: ir.Api, op: ir.Operation) -> CallPlan:
    """The call plan of `op` in `api`."""
    schemas = {s.name: s for s in api.schemas}
    stream, flag = stream_mode(op)
    body, whole, content_type = _body(op, schemas)
    fields = tuple(op.body.fields or ()) if op.body is not None and not whole else ()
    if flag is not None:
        fields = tuple(f for f in fields if f.name != flag)
    response = response_kind(op.success)
    path, path_query = split_path_key(op.path)
    lines = (
        stream == "none"
        and op.success is not None
        and op.success.type is not None
        and is_json_lines(op.success.media_type)
    )
    return CallPlan(
        body=body,
        body_fields=fields,
        whole_body=whole,
        content_type=content_type,
        result="stream" if stream == "always" or lines else response,
        response=response,
        stream=stream,
        flag_field=flag,
        security=operation_security(api, op),
        end=stream_end(op),
        path=path,
        path_query=path_query,
        lines=lines,
        form_styles=form_styles(op) if body == "form" else (),
        scopes=operation_scopes(api, op),
        pagination=(
            detect(api, op) if response == "model" and stream == "none" and not lines else None
        ),
        part_types=part_types(op, fields) if body == "multipart" else (),
    )


def split_path_key(key: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    """(path template, fixed query pairs) of a path key.

    A path key may carry a query string (`/v1/files?beta=true`): OpenAPI keeps it as part of
    the URL, so every call sends those pairs, merged with the caller's query parameters (a
    parameter of the same name given by the caller replaces the fixed one).

    A pair whose value is a template (`/search?query={query}`) is not fixed: it shows where a
    parameter goes, and the query parameter of that name (if declared) sends it.
    """
    path, sep, query = key.partition("?")
    if not sep:
        return key, ()
    pairs = parse_qsl(query, keep_blank_values=True)
    return path, tuple((k, v) for k, v in pairs if not _TEMPLATE.fullmatch(v))


_TEMPLATE = re.compile(r"\{[^{}]*\}")


FORM_STYLES = ("form", "deepObject", "spaceDelimited", "pipeDelimited")


def form_styles(op: ir.Operation) -> tuple[tuple[str, str, bool], ...]:
    """The declared encodings of a form body's fields that a target must follow, in order."""
    if op.body is None:
        return ()
    return tuple(e for e in op.body.encoding if e[1] in FORM_STYLES)


def part_types(op: ir.Operation, fields: tuple[ir.Field, ...]) -> tuple[tuple[str, str], ...]:
    """The declared media types of a multipart body's file fields (see CallPlan.part_types)."""
    if op.body is None:
        return ()
    files = {f.name for f in fields if is_binary(f.type)}
    return tuple(
        (name, media.strip())
        for name, media in op.body.part_types
        if name in files and media.strip() and "," not in media and "*" not in media
    )


def is_binary(t: ir.TypeExpr) -> bool:
    """Raw bytes (a file), or an array of them (several files of one field)."""
    t = t.inner if isinstance(t, ir.Nullable) else t
    if isinstance(t, ir.ArrayOf):
        return is_binary(t.items)
    return isinstance(t, ir.Prim) and t.kind == "binary"


def stream_mode(op: ir.Operation) -> tuple[StreamMode, str | None]:
    """(mode, flag field): "flag" only when the IR names the boolean field that chooses."""
    s = op.streaming
    if s is None:
        return "none", None
    if not s.always and s.flag_field is not None:
        return "flag", s.flag_field
    return "always", None


def stream_end(op: ir.Operation) -> StreamEnd:
    """The end-of-stream rule of `op`, in this order: a declared sentinel; the terminal events
    named in the spec (`x-stream-end`) or the config (`overrides.stream_end`); `[DONE]` for a
    flag stream whose response declares no event stream; else the connection closing."""
    s = op.streaming
    if s is None:
        return _CLOSE
    if s.sentinel is not None:
        return StreamEnd("sentinel", s.sentinel, ())
    if s.end_events:
        return StreamEnd("event", None, s.end_events)
    if s.kind == "flag":
        return StreamEnd("sentinel", DONE, ())
    return _CLOSE


def _body(op: ir.Operation, schemas: dict[str, ir.Schema]) -> tuple[BodyKind, bool, str]:
    body = op.body
    if body is None:
        return "none", False, ""
    media = essence(body.media_type)
    # No properties to pass one by one (a non-object schema, a map, an object whose every
    # property is read-only): the caller passes the whole body.
    whole = not body.fields
    kind: BodyKind
    if media == MULTIPART:
        kind = "multipart"
    elif media == FORM:
        kind = "form"
    elif is_json(media):
        kind = "json"
    elif is_wildcard(media) and _structured(body.type):
        # `*/*` (or `application/*`) with an array or object schema: sent as JSON, the rule
        # response_kind applies to such a response.
        return "json", whole, "application/json"
    else:
        kind = "raw"
    if kind in ("form", "multipart") and whole and not is_mapping(body.type, schemas):
        # Form fields need an object; anything else (Jira sends lists and files this way) is
        # passed by the caller as the encoded bytes.
        kind = "raw"
    # Raw bodies (`application/xml`, `text/plain`, ... even with an object schema) are encoded
    # by the caller: the properties cannot be sent one by one, the bytes are the one argument.
    return kind, whole or kind == "raw", body.media_type


def response_kind(success: ir.Response | None) -> ResponseKind:
    """How the declared success body is read."""
    if success is None or (success.type is None and not success.media_type):
        return "none"
    media = essence(success.media_type)
    t = success.type
    if is_json(media) and t is not None:
        return "model"
    # `*/*` (or `application/*`) with a structured schema is JSON in every spec seen so far.
    if is_wildcard(media) and t is not None and _structured(t):
        return "model"
    if media.startswith("text/") or (isinstance(t, ir.Prim) and t.kind == "string"):
        return "text"
    return "bytes"


def _structured(t: ir.TypeExpr) -> bool:
    """A schema type that is not text or bytes (a wildcard media type then means JSON)."""
    return not (isinstance(t, ir.Prim) and t.kind in ("string", "binary"))


def is_mapping(t: ir.TypeExpr, schemas: dict[str, ir.Schema]) -> bool:
    """True when values of `t` are JSON objects (form fields can be built from them)."""
    t = t.inner if isinstance(t, ir.Nullable) else t
    if isinstance(t, ir.MapOf):
        return True
    if isinstance(t, ir.Ref):
        target = schemas.get(t.name)
        if isinstance(target, ir.ObjectModel):
            return True
        if isinstance(target, ir.AliasModel):
            return is_mapping(target.target, schemas)
    return False


# --- security ---------------------------------------------------------------------------------


def used_schemes(api: ir.Api) -> tuple[ir.SecurityScheme, ...]:
    """The schemes a client takes credentials for: those some requirement names, or every
    declared scheme when no requirement names any."""
    used = {name for req in api.security for name in req}
    for op in _operations(api):
        for req in op.security or ():
            used.update(req)
    return tuple(s for s in api.security_schemes if s.name in used) or api.security_schemes


def operation_security(api: ir.Api, op: ir.Operation) -> tuple[tuple[str, ...], ...]:
    """The requirement alternatives of `op`: its own, else the API's, else any one scheme."""
    if op.security is not None:
        return op.security
    if api.security:
        return api.security
    return tuple((s.name,) for s in used_schemes(api))


def auth_required(api: ir.Api) -> bool:
    """True when every alternative of every operation needs a credential."""
    requirements = list(api.security)
    for op in _operations(api):
        if op.security is not None:
            requirements.extend(op.security)
    return bool(used_schemes(api)) and bool(requirements) and all(requirements)


def credential_names(api: ir.Api) -> dict[str, str]:
    """The snake_case credential argument of each used non-basic scheme (basic schemes take
    `username` and `password`). One such scheme is `api_key`; with several, the first of the
    spec's default requirement (else the first declared) is `api_key` and each other is its
    scheme key without the words auth/scheme (or a `key-auth` suffix): `AdminApiKeyAuth` →
    `admin_api_key`. Clashes get a number."""
    # OAuth2 client-credentials schemes take an id and a secret (oauth.client_credentials).
    keyed = [s for s in used_schemes(api) if s.kind != "basic" and s.client_credentials is None]
    if not keyed:
        return {}
    by_name = {s.name: s for s in keyed}
    default = [n for req in api.security for n in req if n in by_name]
    first = default[0] if default else keyed[0].name
    names = {first: "api_key"}
    taken = {"api_key", "username", "password"}
    for scheme in keyed:
        if scheme.name in names:
            continue
        text = re.sub(r"key[-_ ]auth$", "", scheme.name, flags=re.IGNORECASE)
        parts = [w for w in words(text) if w not in ("auth", "scheme")]
        names[scheme.name] = unique("_".join(parts) or snake(scheme.name, "credential"), taken)
    return names


def sends_security(api: ir.Api, security: tuple[tuple[str, ...], ...]) -> bool:
    """True when a call must tell the client which credentials to send: the client holds
    several schemes, or the operation's requirement names none of them."""
    return len(used_schemes(api)) > 1 or (bool(used_schemes(api)) and not any(security))


def _operations(api: ir.Api) -> list[ir.Operation]:
    return [op for r in api.resources for op in r.operations]


# --- servers ----------------------------------------------------------------------------------


def default_server(api: ir.Api, base_url: str) -> DefaultServer | None:
    """`base_url` when given, else the first absolute http(s) server of the spec."""
    if base_url:
        return DefaultServer(base_url, (), from_spec=False)
    for server in api.servers:
        if _HTTP_URL.match(server.url):
            variables = tuple(v for v in server.variables if "{" + v.name + "}" in server.url)
            return DefaultServer(server.url, variables, from_spec=True)
    return None


def server_url_with_defaults(server: DefaultServer) -> str:
    """The server URL with every variable replaced by its default."""
    url = server.url
    for var in server.variables:
        url = url.replace("{" + var.name + "}", var.default)
    return url
