"""Build the intermediate model (`ir.Api`) from a normalized OpenAPI document."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from typing import Any, Literal

from . import ir, tree
from .diagnostics import Diagnostics, pointer_join
from .names import capped, pascal, snake, unique
from .oauth import read_flow, read_scopes
from .pagination import spec_hint
from .plan import FORM, MULTIPART, is_json
from .samples import spec_example
from .schema_refs import properties_of
from .schemas import SchemaConverter
from .spec import HTTP_METHODS
from .stream_events import read_events
from .webhooks import read_webhooks

UPLOAD_PART = "file"  # the part name of a multipart body that is one file
_Location = Literal["path", "query", "header", "cookie"]
_LOCATIONS: tuple[_Location, ...] = ("path", "query", "header", "cookie")
# The wire name of the boolean body field that asks a JSON operation to stream (OpenAI style).
# The IR carries it as `Streaming.flag_field`; nothing after the IR looks fields up by name.
STREAM_FLAG = "stream"
_BODY_PREFERENCE = (
    "application/json",
    "multipart/form-data",
    "application/x-www-form-urlencoded",
    "application/octet-stream",
    "text/plain",
)


def build_api(doc: dict[str, Any], diags: Diagnostics) -> ir.Api:
    """The IR of `doc`; problems are recorded in `diags`."""
    conv = SchemaConverter(doc, diags)
    conv.define_components()
    schemes = _security_schemes(doc, diags)
    scheme_names = {s.name for s in schemes}
    builder = _OperationBuilder(doc, conv, diags, scheme_names)
    resources = builder.build()
    webhooks = read_webhooks(doc, builder, conv, diags)
    conv.pin_discriminators()
    conv.check_alias_cycles()
    resources = _fill_body_fields(resources, conv.models)
    info = doc.get("info") if isinstance(doc.get("info"), dict) else {}
    assert isinstance(info, dict)
    return ir.Api(
        title=str(info.get("title") or "API"),
        version=str(info.get("version") or ""),
        description=str(info.get("description") or ""),
        resources=resources,
        schemas=tuple(conv.models.values()),
        security_schemes=schemes,
        security=_requirements(doc.get("security"), scheme_names) or (),
        scopes=read_scopes(doc.get("security"), scheme_names) or (),
        servers=_servers(doc, diags),
        idempotency_header=builder.idempotency_header,
        webhooks=webhooks,
    )


class _OperationBuilder:
    def __init__(
        self, doc: dict[str, Any], conv: SchemaConverter, diags: Diagnostics, schemes: set[str]
    ) -> None:
        self.doc = doc
        self.conv = conv
        self.diags = diags
        self.schemes = schemes
        self.idempotency_header = ""
        self.tag_docs = {
            str(t.get("name")): str(t.get("description") or "")
            for t in doc.get("tags") or []
            if isinstance(t, dict)
        }

    def build(self) -> tuple[ir.Resource, ...]:
        found: list[tuple[str, str, dict[str, Any], dict[str, Any], str]] = []
        paths = self.doc.get("paths") or {}
        for path, item in paths.items():
            if not isinstance(item, dict):
                continue
            if "$ref" in item:
                resolved = self.conv.resolve(item["$ref"], pointer_join("/paths", path))
                item = resolved[1] if resolved and isinstance(resolved[1], dict) else {}
            for method in HTTP_METHODS:
                op = item.get(method)
                if isinstance(op, dict):
                    found.append(
                        (str(path), method, item, op, pointer_join("/paths", path, method))
                    )
        entries = [tree.Entry(path, method, op, ptr) for path, method, _, op, ptr in found]
        placements = tree.place(entries, self.doc, self.diags)
        grouped: dict[tuple[str, ...], list[ir.Operation]] = {}
        docs: dict[tuple[str, ...], str] = {}
        for (path, method, item, op, pointer), placed in zip(found, placements, strict=True):
            operation = self._operation(path, method, item, op, placed.name, pointer)
            if operation is None:
                continue
            for depth in range(1, len(placed.resource)):  # parents come before children
                grouped.setdefault(placed.resource[:depth], [])
            grouped.setdefault(placed.resource, []).append(operation)
            tags = op.get("tags") or []
            tag = tags[0] if tags and isinstance(tags[0], str) else ""
            if tag in self.tag_docs and snake(tag) == placed.resource[-1]:
                docs.setdefault(placed.resource, self.tag_docs[tag])
        return tuple(
            ir.Resource(chain[-1], docs.get(chain, ""), tuple(ops), path=chain)
            for chain, ops in grouped.items()
        )

    def _operation(
        self,
        path: str,
        method: str,
        item: dict[str, Any],
        op: dict[str, Any],
        name: str,
        pointer: str,
    ) -> ir.Operation | None:
        op_id = str(op.get("operationId") or "")
        hint = pascal(op_id or f"{method} {path}", "Operation")
        params = self._params(item, op, pointer, hint)
        body = self._body(op.get("requestBody"), pointer_join(pointer, "requestBody"), hint)
        success, errors, sse = self._responses(op.get("responses"), pointer, hint)
        streaming = self._streaming(body, success, sse or _fern_stream(op, pointer), pointer)
        return ir.Operation(
            id=op_id or f"{method} {path}",
            name=name,
            http_method=method,
            # Box writes `/web_links/{id}#remove_shared_link` to tell operations apart: the
            # fragment names the method but is never sent.
            path=path.split("#", 1)[0],
            summary=_text(op.get("summary")),
            description=_text(op.get("description")),
            deprecated=bool(op.get("deprecated")),
            params=params,
            body=body,
            success=success,
            errors=errors,
            streaming=streaming,
            security=_requirements(op.get("security"), self.schemes),
            pointer=pointer,
            scopes=read_scopes(op.get("security"), self.schemes),
            paging=spec_hint(op, lambda ref: (self.conv.resolve(ref, pointer) or ("", None))[1]),
        )

    # --- parameters --------------------------------------------------------------------------

    def _params(
        self, item: dict[str, Any], op: dict[str, Any], pointer: str, hint: str
    ) -> tuple[ir.Param, ...]:
        merged: dict[tuple[str, _Location], tuple[str, dict[str, Any]]] = {}
        for source, base in ((item, pointer.rsplit("/", 1)[0]), (op, pointer)):
            raw = source.get("parameters")
            for index, param in enumerate(raw if isinstance(raw, list) else []):
                param_ptr = pointer_join(base, "parameters", index)
                if isinstance(param, dict) and "$ref" in param:
                    found = self.conv.resolve(param["$ref"], param_ptr)
                    if found is None:
                        continue
                    param_ptr, param = found
                if not isinstance(param, dict) or not isinstance(param.get("name"), str):
                    self.diags.warning("parameter without a name; skipped", param_ptr)
                    continue
                location = param.get("in")
                if location not in _LOCATIONS:
                    self.diags.warning(f"parameter in {location!r} is not supported", param_ptr)
                    continue
                merged[(param["name"], _LOCATIONS[_LOCATIONS.index(location)])] = (param_ptr, param)
        params = []
        for (name, location), (param_ptr, param) in merged.items():
            if location == "header" and name.lower() in ("idempotency-key", "idempotency_key"):
                self.idempotency_header = self.idempotency_header or name
                continue  # the runtime sends one key per request, kept across retries
            if location == "header" and name.lower() in ("content-type", "accept"):
                continue  # set by the runtime from the media type
            schema = param.get("schema")
            if schema is None and isinstance(param.get("content"), dict):
                entry: Any = next(iter(param["content"].values()), {})
                schema = entry.get("schema") if isinstance(entry, dict) else None
            if schema is None:
                self.diags.warning(
                    f"parameter {name!r} has no schema; typed as a string", param_ptr
                )
                schema = {"type": "string"}
            type_ = self.conv.convert(
                schema, pointer_join(param_ptr, "schema"), hint + pascal(name)
            )
            raw = self.conv.deref(schema, param_ptr) if isinstance(schema, dict) else {}
            raw = raw if isinstance(raw, dict) else {}
            params.append(
                ir.Param(
                    name=name,
                    location=location,
                    type=type_,
                    required=location == "path" or bool(param.get("required")),
                    description=_text(param.get("description") or raw.get("description")),
                    deprecated=bool(param.get("deprecated")),
                    style=str(param.get("style") or ""),
                    explode=bool(param.get("explode", param.get("style", "form") == "form")),
                    example=spec_example(param, raw)[0],
                    has_example=spec_example(param, raw)[1],
                    default=raw.get("default"),
                    has_default="default" in raw,
                )
            )
        return tuple(params)

    # --- bodies and responses ----------------------------------------------------------------

    def _body(self, body: Any, pointer: str, hint: str) -> ir.Body | None:
        if body is None:
            return None
        if isinstance(body, dict) and "$ref" in body:
            found = self.conv.resolve(body["$ref"], pointer)
            if found is None:
                return None
            pointer, body = found
        if not isinstance(body, dict) or not isinstance(body.get("content"), dict):
            return None
        content = body["content"]
        media = _pick_media(
            content, lambda entry, m: self._fits(content, m, pointer_join(pointer, "content", m))
        )
        if media is None:
            return None
        if is_json(media) and self._holds_file(content[media], pointer):
            # JSON cannot carry raw bytes, and no multipart alternative is offered (`_fits`
            # would have taken it): the runtime sends the file's content base64-encoded.
            self.diags.warning(
                "a `format: binary` field in a JSON body: the SDK sends the file's content "
                "base64-encoded",
                pointer_join(pointer, "content", media, "schema"),
                hint="if the server takes an upload, declare the body as multipart/form-data",
            )
        entry = content[media] if isinstance(content[media], dict) else {}
        schema = entry.get("schema")
        if schema is None:
            kind: ir.TypeExpr = ir.Prim("binary") if not is_json(media) else ir.Prim("any")
        else:
            kind = self.conv.convert(
                schema, pointer_join(pointer, "content", media, "schema"), hint + "Body"
            )
        fields: tuple[ir.Field, ...] | None = None
        if _essence(media) == MULTIPART and _binary(kind):
            # A multipart body whose schema is one file (`type: string, format: binary`): the
            # form has one part, a file part; OpenAPI names no field, `file` is the name used.
            fields = (ir.Field(name=UPLOAD_PART, type=kind, required=True),)
        return ir.Body(
            media_type=media,
            type=kind,
            required=bool(body.get("required")),
            description=_text(body.get("description")),
            fields=fields,
            encoding=_encoding(entry.get("encoding")),
            part_types=_part_types(entry.get("encoding")),
        )

    def _holds_file(self, entry: Any, pointer: str) -> bool:
        """Whether a media entry's schema is an object with a binary field (or an array of)."""
        schema = self.conv.deref(entry.get("schema"), pointer) if isinstance(entry, dict) else None
        properties = schema.get("properties") if isinstance(schema, dict) else None
        if not isinstance(properties, dict):
            return False
        for prop in properties.values():
            field = self.conv.deref(prop, pointer)
            if isinstance(field, dict) and field.get("type") == "array":
                field = self.conv.deref(field.get("items"), pointer)
            if isinstance(field, dict) and field.get("format") == "binary":
                return True
        return False

    def _fits(self, content: dict[str, Any], media: str, pointer: str) -> bool:
        """True when `media` can carry its schema: a form (multipart or url-encoded) needs an
        object (its properties are the fields) or one file, not an array or a scalar; JSON
        cannot carry a file property (`format: binary`) when the body offers multipart too."""
        entry = content[media]
        schema = entry.get("schema") if isinstance(entry, dict) else None
        if isinstance(schema, dict) and "$ref" in schema:
            found = self.conv.resolve(schema["$ref"], pointer)
            schema = found[1] if found is not None else {}
        if not isinstance(schema, dict):
            return True
        kind = schema.get("type")
        if is_json(media):
            if not any(_essence(m) == MULTIPART for m in content):
                return True
            props = properties_of(schema, self.conv)
            return not any(_binary_schema(p) for p in props.values())
        if _essence(media) not in (FORM, MULTIPART):
            return True
        if kind == "string" and schema.get("format") == "binary":
            return True
        return kind in (None, "object") or (isinstance(kind, list) and "object" in kind)

    def _responses(
        self, responses: Any, pointer: str, hint: str
    ) -> tuple[ir.Response | None, tuple[ir.Response, ...], Any]:
        if not isinstance(responses, dict):
            self.diags.warning("operation declares no responses", pointer)
            return None, (), None
        if not responses:
            self.diags.warning(
                "operation declares no responses (`responses: {}`); its method returns None",
                pointer_join(pointer, "responses"),
                hint="declare at least one response, e.g. '200' with its content",
            )
        success: ir.Response | None = None
        errors: list[ir.Response] = []
        sse: Any = None
        bodiless_success = False
        for status in sorted(responses, key=lambda s: (str(s)[:1] != "2", str(s))):
            status_key = str(status)
            response = responses[status]
            resp_ptr = pointer_join(pointer, "responses", status_key)
            if isinstance(response, dict) and "$ref" in response:
                found = self.conv.resolve(response["$ref"], resp_ptr)
                if found is None:
                    continue
                resp_ptr, response = found
            if not isinstance(response, dict):
                continue
            content = response.get("content") if isinstance(response.get("content"), dict) else {}
            assert isinstance(content, dict)
            is_success = status_key.startswith("2")
            if is_success and success is None and "text/event-stream" in content:
                sse = (
                    content["text/event-stream"],
                    pointer_join(resp_ptr, "content", "text/event-stream"),
                )
            media = _pick_media({k: v for k, v in content.items() if k != "text/event-stream"})
            type_: ir.TypeExpr | None = None
            if media is not None:
                entry = content[media] if isinstance(content[media], dict) else {}
                schema = entry.get("schema")
                suffix = "Response" if is_success else pascal(status_key, "") + "Error"
                if schema is not None:
                    type_ = self.conv.convert(
                        schema, pointer_join(resp_ptr, "content", media, "schema"), hint + suffix
                    )
                elif not is_json(media):
                    type_ = (
                        ir.Prim("binary") if not media.startswith("text/") else ir.Prim("string")
                    )
            if status_key in _BODILESS:  # RFC 9110: no content, whatever the spec declares
                media, type_ = None, None
            result = ir.Response(status_key, media or "", type_, _text(response.get("description")))
            if is_success:
                if success is None:
                    success = result
                elif result.type is None:
                    bodiless_success = True
            elif status_key[:1] in "45" or status_key == "default":
                errors.append(result)
        if success is not None and success.type is not None and bodiless_success:
            # Another 2xx answers with no body (a 204 beside a 200): the method returns None then.
            success = dataclasses.replace(success, type=_nullable(success.type))
        return success, tuple(errors), sse

    def _streaming(
        self, body: ir.Body | None, success: ir.Response | None, sse: Any, pointer: str
    ) -> ir.Streaming | None:
        flag_field = _stream_flag(body, self.conv) if body is not None else None
        flag = flag_field is not None
        json_success = success is not None and success.type is not None
        if sse is not None:
            entry, ptr = sse
            entry = entry if isinstance(entry, dict) else {}
            if json_success and not flag:
                # Nothing in the request chooses the stream (OpenRouter's embeddings declare a
                # "not used" event stream next to their JSON): the JSON answer is what we build.
                self.diags.note(
                    "operation declares JSON and an event stream but no boolean `stream` field "
                    "to choose between them; generated as JSON",
                    pointer,
                )
                return None
            schema = entry.get("itemSchema") or entry.get("x-item-schema") or entry.get("schema")
            event: ir.TypeExpr | None = None
            if isinstance(schema, dict) and (
                schema.get("type") not in ("string", None)
                or any(k in schema for k in ("$ref", "oneOf", "anyOf", "allOf", "properties"))
            ):
                event = self.conv.convert(schema, ptr, "StreamEvent")
            events: tuple[ir.StreamEvent, ...] = ()
            tag = "type"
            if event is not None:
                union = read_events(event, self.conv.models)
                event, events, tag = union.item, union.events, union.tag
            if event is None and success is not None and success.type is not None:
                event = self._chunk(success.type) if flag else success.type
            declared = entry.get("x-speakeasy-sse-sentinel") or entry.get("x-sse-sentinel")
            always = not (flag and json_success)
            return ir.Streaming(
                "sse",
                event or ir.Prim("any"),
                declared if isinstance(declared, str) and declared.strip() else None,
                always=always,
                flag_field=None if always else flag_field,
                events=events,
                tag=tag,
                end_events=self._end_events(entry.get("x-stream-end"), events, ptr),
            )
        if flag and success is not None and success.type is not None:
            chunk = self._chunk(success.type)
            return ir.Streaming("flag", chunk, "[DONE]", always=False, flag_field=flag_field)
        return None

    def _end_events(
        self, raw: object, events: tuple[ir.StreamEvent, ...], pointer: str
    ) -> tuple[str, ...]:
        """The events `x-stream-end` names (a name or a list), if the event union has them."""
        names = [raw] if isinstance(raw, str) else raw if isinstance(raw, list) else []
        known = {e.name for e in events}
        kept = tuple(n for n in names if isinstance(n, str) and n in known)
        if len(kept) != len(names):
            self.diags.warning(
                "x-stream-end names events the stream's event union does not declare; "
                "only declared ones end the stream",
                pointer_join(pointer, "x-stream-end"),
            )
        return kept

    def _chunk(self, t: ir.TypeExpr) -> ir.TypeExpr:
        """The stream-chunk form of a response type: every field optional and nullable."""
        if isinstance(t, ir.Nullable):
            return self._chunk(t.inner)
        if isinstance(t, ir.ArrayOf):
            return ir.ArrayOf(self._chunk(t.items))
        if isinstance(t, ir.Ref):
            model = self.conv.models.get(t.name)
            if isinstance(model, ir.AliasModel):
                return self._chunk(model.target)
            if not isinstance(model, ir.ObjectModel):
                return t
            chunk_name = t.name + "Chunk"
            existing = self.conv.models.get(chunk_name)
            if isinstance(existing, ir.ObjectModel) and existing.chunk_of == t.name:
                return ir.Ref(chunk_name)
            chunk_name = unique(capped(chunk_name), self.conv.taken)
            self.conv.models[chunk_name] = ir.ObjectModel(chunk_name, (), chunk_of=t.name)
            fields = tuple(
                dataclasses.replace(
                    f,
                    type=_nullable(self._chunk(f.type)),
                    required=False,
                    has_default=False,
                    default=None,
                )
                for f in model.fields
            )
            self.conv.models[chunk_name] = dataclasses.replace(
                model,
                name=chunk_name,
                fields=fields,
                chunk_of=t.name,
                description=f"A streamed chunk of {t.name}: every field may be missing or null.",
            )
            return ir.Ref(chunk_name)
        return t


def _fern_stream(op: dict[str, Any], pointer: str) -> tuple[dict[str, Any], str] | None:
    """An SSE stream declared by Fern's `x-fern-streaming` (`format: sse`, `response-stream`),
    as the event-stream media entry it stands for. Its `terminator` is where a client stops
    reading (a `[DONE]` line always ends a stream), not a required end marker."""
    fern = op.get("x-fern-streaming")
    if not isinstance(fern, dict) or fern.get("format") != "sse":
        return None
    schema = fern.get("response-stream")
    if not isinstance(schema, dict):
        return None
    entry: dict[str, Any] = {"schema": schema}
    terminator = fern.get("terminator")
    if isinstance(terminator, str) and terminator.strip() and terminator.strip() != "[DONE]":
        entry["x-sse-sentinel"] = terminator
    return entry, pointer_join(pointer, "x-fern-streaming", "response-stream")


# Statuses that never carry content (RFC 9110 15.3.5, 15.3.6).
_BODILESS = frozenset({"204", "205"})


def _nullable(t: ir.TypeExpr) -> ir.TypeExpr:
    if isinstance(t, ir.Nullable) or (isinstance(t, ir.Prim) and t.kind in ("any", "null")):
        return t
    return ir.Nullable(t)


def _stream_flag(body: ir.Body, conv: SchemaConverter) -> str | None:
    if not is_json(body.media_type):
        return None
    t = body.type.inner if isinstance(body.type, ir.Nullable) else body.type
    if not isinstance(t, ir.Ref):
        return None
    model = conv.models.get(t.name)
    if not isinstance(model, ir.ObjectModel):
        return None
    return stream_flag_field(model.fields)


def stream_flag_field(fields: tuple[ir.Field, ...]) -> str | None:
    """The wire name of the boolean stream flag among a body's fields, None if there is none."""
    for f in fields:
        inner = f.type.inner if isinstance(f.type, ir.Nullable) else f.type
        if f.name == STREAM_FLAG and isinstance(inner, ir.Prim) and inner.kind == "boolean":
            return f.name
    return None


def _fill_body_fields(
    resources: tuple[ir.Resource, ...], models: dict[str, ir.Schema]
) -> tuple[ir.Resource, ...]:
    """A body that is an object with properties is passed as keyword arguments."""
    out = []
    for resource in resources:
        ops = []
        for op in resource.operations:
            body = op.body
            if body is not None and isinstance(body.type, ir.Ref):
                model = models.get(body.type.name)
                if isinstance(model, ir.ObjectModel) and model.fields and model.extra is None:
                    fields = tuple(f for f in model.fields if not f.read_only)
                    op = dataclasses.replace(op, body=dataclasses.replace(body, fields=fields))
            ops.append(op)
        out.append(dataclasses.replace(resource, operations=tuple(ops)))
    return tuple(out)


def _pick_media(
    content: dict[str, Any], fits: Callable[[Any, str], bool] | None = None
) -> str | None:
    """The media type an operation's body (or response) uses, by _BODY_PREFERENCE, then JSON.

    With `fits`, a media type that cannot carry its schema (a form for an array: Jira declares
    `*/*` and `multipart/form-data` with a list of strings; JSON for a file) is used only when
    the body declares nothing else."""
    if not content:
        return None
    usable = [m for m in content if fits is None or fits(content[m], m)]
    candidates = usable or list(content)
    for preferred in _BODY_PREFERENCE:
        for media in candidates:
            if _essence(media) == preferred:
                return str(media)
    for media in candidates:
        if is_json(media):
            return str(media)
    return str(candidates[0])


def _essence(media: str) -> str:
    return media.split(";")[0].strip().lower()


def _binary_schema(schema: Any) -> bool:
    """A file property: `format: binary` (or an array of them)."""
    if not isinstance(schema, dict):
        return False
    if schema.get("type") == "array":
        return _binary_schema(schema.get("items"))
    return schema.get("format") == "binary"


def _binary(t: ir.TypeExpr) -> bool:
    t = t.inner if isinstance(t, ir.Nullable) else t
    return isinstance(t, ir.Prim) and t.kind == "binary"


def _security_schemes(doc: dict[str, Any], diags: Diagnostics) -> tuple[ir.SecurityScheme, ...]:
    raw = (doc.get("components") or {}).get("securitySchemes") or {}
    schemes = []
    for name, scheme in raw.items() if isinstance(raw, dict) else ():
        pointer = pointer_join("/components/securitySchemes", name)
        if not isinstance(scheme, dict):
            continue
        kind = scheme.get("type")
        description = _text(scheme.get("description"))
        if kind == "http" and str(scheme.get("scheme", "")).lower() == "basic":
            schemes.append(ir.SecurityScheme(name, "basic", description=description))
        elif kind == "http":
            schemes.append(ir.SecurityScheme(name, "bearer", description=description))
        elif kind == "apiKey" and scheme.get("in") in ("header", "query", "cookie"):
            schemes.append(
                ir.SecurityScheme(
                    name,
                    "api_key",
                    scheme["in"],
                    str(scheme.get("name") or "api_key"),
                    description,
                )
            )
        elif kind == "oauth2" and (flow := read_flow(scheme)) is not None:
            schemes.append(
                ir.SecurityScheme(name, "bearer", description=description, client_credentials=flow)
            )
        elif kind in ("oauth2", "openIdConnect"):
            diags.note(f"{kind} scheme {name!r}: the client takes a ready access token", pointer)
            schemes.append(ir.SecurityScheme(name, "bearer", description=description))
        else:
            diags.warning(f"security scheme {name!r} of type {kind!r} is not supported", pointer)
    return tuple(schemes)


def _requirements(raw: Any, schemes: set[str]) -> tuple[tuple[str, ...], ...] | None:
    if not isinstance(raw, list):
        return None
    out = []
    for requirement in raw:
        if isinstance(requirement, dict):
            out.append(tuple(name for name in requirement if name in schemes))
    return tuple(out)


def _servers(doc: dict[str, Any], diags: Diagnostics) -> tuple[ir.Server, ...]:
    servers = []
    for index, server in enumerate(doc.get("servers") or []):
        if not isinstance(server, dict) or not isinstance(server.get("url"), str):
            continue
        scheme = re.match(r"([A-Za-z][A-Za-z0-9+.-]*):", server["url"])
        if scheme and scheme.group(1).lower() not in ("http", "https"):
            diags.warning(
                f"server URL scheme {scheme.group(1)!r} is not HTTP; the server is not used",
                pointer_join("/servers", index, "url"),
            )
        variables = []
        raw_vars = server.get("variables") if isinstance(server.get("variables"), dict) else {}
        assert isinstance(raw_vars, dict)
        for name, var in raw_vars.items():
            if isinstance(var, dict):
                variables.append(
                    ir.ServerVariable(
                        str(name),
                        str(var.get("default", "")),
                        tuple(str(v) for v in var.get("enum") or []),
                        _text(var.get("description")),
                    )
                )
        servers.append(ir.Server(server["url"], _text(server.get("description")), tuple(variables)))
    return tuple(servers)


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _part_types(encoding: Any) -> tuple[tuple[str, str], ...]:
    """(property, contentType) of the `encoding` entries that declare a string contentType."""
    if not isinstance(encoding, dict):
        return ()
    return tuple(
        (str(name), encoding[name]["contentType"])
        for name in sorted(encoding, key=str)
        if isinstance(encoding[name], dict) and isinstance(encoding[name].get("contentType"), str)
    )


def _encoding(encoding: Any) -> tuple[tuple[str, str, bool], ...]:
    """(property, style, explode) of a form body's `encoding` entries that set a style.

    explode defaults to true for `form` only, as for parameters (OpenAPI 3.x, Encoding Object).
    """
    if not isinstance(encoding, dict):
        return ()
    out: list[tuple[str, str, bool]] = []
    for name in sorted(encoding, key=str):
        entry = encoding[name]
        if not isinstance(entry, dict) or not isinstance(entry.get("style"), str):
            continue
        style = entry["style"]
        explode = entry.get("explode", style == "form")
        out.append((str(name), style, bool(explode)))
    return tuple(out)
