"""The intermediate model: what the API is, independent of any template or target language.

Plain frozen dataclasses. Names here are wire names (as the API spells them) or class names
(PascalCase, unique); each target turns them into its own identifiers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Scalar = str | int | float | bool

# --- types of values -------------------------------------------------------------------------


@dataclass(frozen=True)
class TypeExpr:
    """Base of every type expression."""


@dataclass(frozen=True)
class Prim(TypeExpr):
    """A primitive value."""

    kind: Literal["string", "integer", "number", "boolean", "any", "null", "binary"]
    format: str = ""  # the spec's `format` (date-time, uuid, int64, ...), "" if none


@dataclass(frozen=True)
class ArrayOf(TypeExpr):
    """A JSON array."""

    items: TypeExpr  # type of every element


@dataclass(frozen=True)
class MapOf(TypeExpr):
    """A JSON object used as a dictionary (additionalProperties)."""

    values: TypeExpr  # type of every value; Prim("any") for a free-form object


@dataclass(frozen=True)
class EnumOf(TypeExpr):
    """An inline closed set of literal values."""

    values: tuple[Scalar, ...]  # in spec order, duplicates removed


@dataclass(frozen=True)
class Ref(TypeExpr):
    """A reference to a named schema in `Api.schemas`."""

    name: str  # the schema's class name


@dataclass(frozen=True)
class Discriminator:
    """How the variants of a union are told apart."""

    property: str  # wire name of the tag property
    mapping: tuple[tuple[Scalar, str], ...]  # (tag value, variant class name), spec order
    inferred: bool  # True when guessed from single-value enums, not declared


@dataclass(frozen=True)
class UnionOf(TypeExpr):
    """One of several types."""

    variants: tuple[TypeExpr, ...]  # in spec order
    discriminator: Discriminator | None = None  # set when variants carry a tag


@dataclass(frozen=True)
class Nullable(TypeExpr):
    """A type that also admits JSON null."""

    inner: TypeExpr  # never itself Nullable


# --- named schemas ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Field:
    """One property of an object model."""

    name: str  # wire name
    type: TypeExpr  # value type (Nullable when null is allowed)
    required: bool  # must be present in the JSON object
    description: str = ""  # from the spec, untrusted text
    default: object = None  # the spec's default, when has_default
    has_default: bool = False  # a default was declared
    read_only: bool = False  # sent by the server only
    write_only: bool = False  # sent by the client only
    deprecated: bool = False  # marked deprecated in the spec
    example: object = None  # an example value, when has_example
    has_example: bool = False  # an example was declared


@dataclass(frozen=True)
class ObjectModel:
    """A JSON object with known properties."""

    name: str  # unique class name
    fields: tuple[Field, ...]  # in spec order
    description: str = ""  # from the spec
    extra: TypeExpr | None = None  # additionalProperties type, None if not declared
    deprecated: bool = False  # marked deprecated
    chunk_of: str = ""  # for a stream chunk model: the model it relaxes
    pointer: str = ""  # where it was defined


@dataclass(frozen=True)
class UnionModel:
    """A named union (oneOf/anyOf)."""

    name: str  # unique class name
    union: UnionOf  # the variants
    description: str = ""  # from the spec
    pointer: str = ""  # where it was defined


@dataclass(frozen=True)
class EnumModel:
    """A named closed set of values."""

    name: str  # unique class name
    values: tuple[Scalar, ...]  # in spec order
    description: str = ""  # from the spec
    pointer: str = ""  # where it was defined


@dataclass(frozen=True)
class AliasModel:
    """A named schema that is just another type (`ModelName: {type: string}`)."""

    name: str  # unique class name
    target: TypeExpr  # the aliased type
    description: str = ""  # from the spec
    pointer: str = ""  # where it was defined


Schema = ObjectModel | UnionModel | EnumModel | AliasModel

# --- operations ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Param:
    """A path, query, header or cookie parameter."""

    name: str  # wire name
    location: Literal["path", "query", "header", "cookie"]  # where it is sent
    type: TypeExpr  # value type
    required: bool  # must be given
    description: str = ""  # from the spec
    deprecated: bool = False  # marked deprecated
    style: str = ""  # serialisation style ("" = the default for the location)
    explode: bool = True  # arrays/objects as repeated keys
    example: object = None  # example value, when has_example
    has_example: bool = False  # an example was declared
    default: object = None  # the spec's default, when has_default
    has_default: bool = False  # a default was declared


@dataclass(frozen=True)
class Body:
    """The request body of an operation."""

    media_type: str  # application/json, multipart/form-data, ...
    type: TypeExpr  # the whole body's type
    required: bool  # must be given
    description: str = ""  # from the spec
    fields: tuple[Field, ...] | None = None  # when the body is an object: its properties
    # The media type's `encoding` object for form bodies: (property wire name, style, explode).
    encoding: tuple[tuple[str, str, bool], ...] = ()
    # The `encoding` object's `contentType` entries: (property wire name, media type as given).
    part_types: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Response:
    """One declared response."""

    status: str  # "200", "4XX", "default"
    media_type: str  # "" when there is no content
    type: TypeExpr | None  # body type, None when no (usable) schema
    description: str = ""  # from the spec


@dataclass(frozen=True)
class StreamEvent:
    """One typed event of a stream whose items are a union of event payloads."""

    name: str  # the SSE event name (`event:` line), or the payload's tag value
    type: TypeExpr  # type of the event's data
    by: Literal["event", "tag"]  # recognised by event name (envelope) or by payload tag


@dataclass(frozen=True)
class Streaming:
    """How an operation streams."""

    kind: Literal["sse", "flag"]  # declared text/event-stream, or a boolean body field chooses
    event_type: TypeExpr  # type of each event's data (the union of `events` when typed)
    sentinel: str | None  # declared end-of-stream data line; "[DONE]" assumed for flag streams
    always: bool  # True when the operation always streams (no flag)
    flag_field: str | None = None  # wire name of the body's boolean field that asks to stream
    events: tuple[StreamEvent, ...] = ()  # typed events, spec order; () = untyped stream
    tag: str = "type"  # payload property that names a tagged event
    end_events: tuple[str, ...] = ()  # names of events that end the stream (spec or config)


@dataclass(frozen=True)
class Operation:
    """One HTTP operation, as a method of a resource."""

    id: str  # operationId (or one made from method and path)
    name: str  # method name in words, snake_case ("create", "list_items")
    http_method: str  # lowercase
    path: str  # the path template, e.g. /users/{id}
    summary: str = ""  # one line, from the spec
    description: str = ""  # longer text, from the spec
    deprecated: bool = False  # marked deprecated
    params: tuple[Param, ...] = ()  # path, query, header and cookie parameters
    body: Body | None = None  # the request body, if any
    success: Response | None = None  # the first 2xx response
    errors: tuple[Response, ...] = ()  # declared non-2xx responses
    streaming: Streaming | None = None  # set when the operation can stream
    security: tuple[tuple[str, ...], ...] | None = None  # alternatives of scheme names
    pointer: str = ""  # /paths/~1x/post
    # (scheme name, scopes) of the requirement's schemes that list scopes (first alternative
    # naming the scheme wins); None: the operation declares no requirement of its own.
    scopes: tuple[tuple[str, tuple[str, ...]], ...] | None = None
    # Pagination declared outside the types (generator/pagination.py): (source, JSON text) of
    # `x-speakeasy-pagination`, `x-fern-pagination` or `overrides.pagination` ("config"), or
    # ("link-header",) when the success response declares a `Link` header; () otherwise.
    paging: tuple[str, ...] = ()


@dataclass(frozen=True)
class Resource:
    """A group of operations (from a tag or the first path segment)."""

    name: str  # snake_case words ("completions"): the last part of `path`
    description: str = ""  # the tag's description
    operations: tuple[Operation, ...] = ()  # in spec order
    # The resource's place in the tree (`("chat", "completions")`); () means `(name,)`. A
    # parent always comes before its children in `Api.resources`; a namespace that only holds
    # sub-resources is a resource without operations.
    path: tuple[str, ...] = ()

    @property
    def tree_path(self) -> tuple[str, ...]:
        """`path`, or `(name,)` for a resource built without one."""
        return self.path or (self.name,)

    @property
    def dotted(self) -> str:
        """`chat.completions`: the resource's name as a caller writes it."""
        return ".".join(self.tree_path)


@dataclass(frozen=True)
class ClientCredentialsFlow:
    """An OAuth2 `clientCredentials` flow: the client fetches its own bearer token."""

    token_url: str  # as declared; may be relative to the server URL
    scopes: tuple[str, ...] = ()  # declared scope names, spec order


@dataclass(frozen=True)
class SecurityScheme:
    """A way to authenticate."""

    name: str  # the key in components.securitySchemes
    kind: Literal["bearer", "basic", "api_key"]  # how the credential is sent
    location: Literal["header", "query", "cookie"] = "header"  # for api_key
    param_name: str = "Authorization"  # header/query/cookie name for api_key
    description: str = ""  # from the spec
    # Set for an oauth2 scheme with a clientCredentials flow (kind is then "bearer": a target
    # without token fetching takes a ready token).
    client_credentials: ClientCredentialsFlow | None = None


@dataclass(frozen=True)
class ServerVariable:
    """A `{name}` in a server URL."""

    name: str  # as in the URL
    default: str  # the declared default
    enum: tuple[str, ...] = ()  # allowed values, if restricted
    description: str = ""  # from the spec


@dataclass(frozen=True)
class Server:
    """A base URL from the spec."""

    url: str  # may contain {variables}
    description: str = ""  # from the spec
    variables: tuple[ServerVariable, ...] = ()  # in URL order


@dataclass(frozen=True)
class Webhook:
    """One entry of a 3.1 spec's top-level `webhooks`: a request the API sends to the user."""

    name: str  # the key under `webhooks`
    type: TypeExpr  # the payload (request body) type
    description: str = ""  # summary or description, from the spec
    # (header name, value) when the webhook declares a header with one fixed value that names
    # the event (a one-value enum or const), else None.
    header: tuple[str, str] | None = None
    pointer: str = ""  # /webhooks/<name>/post


@dataclass(frozen=True)
class ClientDefaults:
    """Default options of the generated client, set by the config (`retries`, `timeout`)."""

    max_retries: int | None = None  # retries after the first attempt; None: the runtime's
    timeout: float | None = None  # seconds per attempt; None: the runtime's


@dataclass(frozen=True)
class Api:
    """The whole API."""

    title: str  # info.title
    version: str  # info.version
    description: str = ""  # info.description
    resources: tuple[Resource, ...] = ()  # in order of first appearance
    schemas: tuple[Schema, ...] = ()  # every named schema, in definition order
    security_schemes: tuple[SecurityScheme, ...] = ()  # usable schemes
    security: tuple[tuple[str, ...], ...] = ()  # default requirement alternatives
    servers: tuple[Server, ...] = ()  # declared servers
    idempotency_header: str = ""  # header name, when the spec declares one
    client_defaults: ClientDefaults = ClientDefaults()  # from the config's overrides
    scopes: tuple[tuple[str, tuple[str, ...]], ...] = ()  # scopes of the default requirement
    webhooks: tuple[Webhook, ...] = ()  # the spec's `webhooks`, in spec order
    # From the config: "standard-webhooks" to verify webhook signatures, "" for none.
    webhook_signing: str = ""
    # From the config: how the client authenticates to an OAuth2 token endpoint: "basic"
    # (HTTP basic, RFC 6749 section 2.3.1) or "body" (client_id/client_secret form fields).
    oauth_client_auth: str = "basic"
