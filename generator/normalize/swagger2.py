"""Swagger 2.0 → OpenAPI 3.0.3 conversion, in place, before the normalize steps run.

The mapping follows what the well-known converters (swagger2openapi) do, so that a 2.0 spec
gives the same SDK its published 3.0 form would:

* `host` + `basePath` + `schemes` become one server; `definitions`, `parameters`, `responses`
  and `securityDefinitions` move under `components` (a global `in: body` parameter becomes a
  request body, a global `in: formData` parameter is inlined where it is used);
* every `$ref` is rewritten to its new home;
* `in: body` / `in: formData` parameters become a `requestBody` per the operation's `consumes`;
  the other parameters get their type fields moved under `schema` and `collectionFormat`
  turned into `style` / `explode`;
* response `schema` becomes `content` per `produces`, headers get a `schema`;
* schemas lose the 2.0-only spellings (`x-nullable`, `type: file`, string `discriminator`).

Nothing here raises on malformed input: bad pieces are skipped with a warning that points at
the original location. Ordinary conversions are silent (the caller reports the conversion
once); notes record the rewrites a reader might look for. Schemas are walked with an explicit
stack because real 2.0 specs are megabytes of nested schemas.
"""

from __future__ import annotations

from typing import Any

from ..diagnostics import Diagnostics, pointer_join
from .swagger2_params import _JSON, ParameterRules, _extensions, _media_list

_METHODS = ("get", "put", "post", "delete", "options", "head", "patch")
# Schema keywords whose value is one subschema, a list of them, or a name → subschema map.
_SUB_SINGLE = ("items", "additionalProperties", "not")
_SUB_LIST = ("allOf", "anyOf", "oneOf")
_SUB_MAP = ("properties", "patternProperties")

_OAUTH_FLOWS = {
    "implicit": ("implicit", ("authorizationUrl",)),
    "password": ("password", ("tokenUrl",)),
    "application": ("clientCredentials", ("tokenUrl",)),
    "accessCode": ("authorizationCode", ("authorizationUrl", "tokenUrl")),
}


def convert(doc: dict[str, Any], diags: Diagnostics) -> None:
    """Turn the Swagger 2.0 document `doc` into an OpenAPI 3.0.3 document, in place."""
    source = dict(doc)
    doc.clear()
    doc.update(_Converter(source, diags).run())


class _Converter(ParameterRules):
    """One conversion: the source document, the diagnostics and what the passes share."""

    def __init__(self, src: dict[str, Any], diags: Diagnostics) -> None:
        self.src = src
        self.diags = diags
        self.consumes = _media_list(src.get("consumes"), [_JSON])
        self.produces = _media_list(src.get("produces"), [_JSON])
        raw_params = src.get("parameters")
        self.global_params: dict[str, Any] = raw_params if isinstance(raw_params, dict) else {}
        self.seen_schemas: set[int] = set()

    # --- document --------------------------------------------------------------------------

    def run(self) -> dict[str, Any]:
        src = self.src
        out: dict[str, Any] = {"openapi": "3.0.3"}
        info = src.get("info")
        if isinstance(info, dict):
            out["info"] = info
        else:
            # Later stages read the title and version; the 3.0 check that fills them in is
            # skipped for converted documents, so do it here.
            self.diags.warning("the spec has no `info` object", "/info")
            out["info"] = {"title": "API", "version": "0.0.0"}
        if isinstance(src.get("externalDocs"), dict):
            out["externalDocs"] = src["externalDocs"]
        servers = self._servers()
        if servers:
            out["servers"] = servers
        for key in ("tags", "security"):
            if isinstance(src.get(key), list):
                out[key] = src[key]
            elif key in src:
                self.diags.warning(f"`{key}` is not a list; dropped", f"/{key}")
        out["paths"] = self._paths()
        components = self._components()
        if components:
            out["components"] = components
        out.update(_extensions(src))
        known = {
            "swagger",
            "info",
            "host",
            "basePath",
            "schemes",
            "consumes",
            "produces",
            "paths",
            "definitions",
            "parameters",
            "responses",
            "securityDefinitions",
            "security",
            "tags",
            "externalDocs",
        }
        for key in src:
            if key not in known and not str(key).startswith("x-"):
                self.diags.warning(f"unknown Swagger 2.0 field `{key}`; dropped", f"/{key}")
        return out

    def _servers(self) -> list[dict[str, Any]]:
        host = self.src.get("host")
        base = self.src.get("basePath")
        base = base if isinstance(base, str) else ""
        if base and not base.startswith("/"):
            base = "/" + base
        if not isinstance(host, str) or not host.strip():
            # No host: 2.0 means "the host serving the spec"; a relative URL says the same.
            return [{"url": base}] if base and base != "/" else []
        schemes = self.src.get("schemes")
        scheme = "https"
        if isinstance(schemes, list) and schemes and isinstance(schemes[0], str):
            scheme = schemes[0].lower()
        if scheme.startswith("ws"):  # ws/wss have no 3.0 server meaning for an HTTP client
            scheme = "https" if scheme == "wss" else "http"
        url = f"{scheme}://{host.strip().rstrip('/')}{base.rstrip('/')}"
        return [{"url": url}]

    def _components(self) -> dict[str, Any]:
        src = self.src
        components: dict[str, Any] = {}
        definitions = src.get("definitions")
        if isinstance(definitions, dict):
            schemas = {}
            for name, schema in definitions.items():
                pointer = pointer_join("/definitions", name)
                schemas[name] = self._schema(schema, pointer)
            components["schemas"] = schemas
        elif definitions is not None:
            self.diags.warning("`definitions` is not a mapping; dropped", "/definitions")

        parameters: dict[str, Any] = {}
        bodies: dict[str, Any] = {}
        for name, param in self.global_params.items():
            pointer = pointer_join("/parameters", name)
            if not isinstance(param, dict):
                self.diags.warning("parameter is not a mapping; skipped", pointer)
                continue
            where = param.get("in")
            if where == "body":
                bodies[name] = self._body(param, self.consumes, pointer)
            elif where == "formData":
                continue  # no 3.0 component holds one form field: inlined where referenced
            else:
                converted = self._parameter(param, pointer)
                if converted is not None:
                    parameters[name] = converted
        if parameters:
            components["parameters"] = parameters
        if bodies:
            components["requestBodies"] = bodies

        responses = src.get("responses")
        if isinstance(responses, dict):
            components["responses"] = {
                name: self._response(resp, self.produces, pointer_join("/responses", name))
                for name, resp in responses.items()
            }
        security = src.get("securityDefinitions")
        if isinstance(security, dict):
            schemes = {}
            for name, scheme in security.items():
                converted = self._security_scheme(
                    scheme, pointer_join("/securityDefinitions", name)
                )
                if converted is not None:
                    schemes[name] = converted
            components["securitySchemes"] = schemes
        return components

    def _security_scheme(self, scheme: Any, pointer: str) -> dict[str, Any] | None:
        if not isinstance(scheme, dict):
            self.diags.warning("security scheme is not a mapping; skipped", pointer)
            return None
        kind = scheme.get("type")
        out: dict[str, Any]
        if kind == "basic":
            out = {"type": "http", "scheme": "basic"}
        elif kind == "apiKey":
            out = {"type": "apiKey", "name": scheme.get("name"), "in": scheme.get("in")}
        elif kind == "oauth2":
            flow = scheme.get("flow")
            if flow not in _OAUTH_FLOWS:
                self.diags.warning(f"unknown OAuth2 flow {flow!r}; scheme skipped", pointer)
                return None
            name, urls = _OAUTH_FLOWS[flow]
            scopes = scheme.get("scopes")
            body: dict[str, Any] = {u: scheme[u] for u in urls if u in scheme}
            body["scopes"] = scopes if isinstance(scopes, dict) else {}
            out = {"type": "oauth2", "flows": {name: body}}
        else:
            self.diags.warning(f"unknown security scheme type {kind!r}; skipped", pointer)
            return None
        if "description" in scheme:
            out["description"] = scheme["description"]
        out.update(_extensions(scheme))
        return out

    # --- paths and operations --------------------------------------------------------------

    def _paths(self) -> dict[str, Any]:
        paths = self.src.get("paths")
        if not isinstance(paths, dict):
            if paths is not None:
                self.diags.warning("`paths` is not a mapping; dropped", "/paths")
            return {}
        out: dict[str, Any] = {}
        for path, item in paths.items():
            pointer = pointer_join("/paths", path)
            if not isinstance(path, str) or not path.startswith("/"):
                if not str(path).startswith("x-"):
                    self.diags.warning("path does not start with `/`; skipped", pointer)
                else:
                    out[path] = item
                continue
            if not isinstance(item, dict):
                self.diags.warning("path item is not a mapping; skipped", pointer)
                continue
            out[path] = self._path_item(item, pointer)
        return out

    def _path_item(self, item: dict[str, Any], pointer: str) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if isinstance(item.get("$ref"), str):
            out["$ref"] = self._ref(item["$ref"])
        # Path-level body / form parameters have no 3.0 place at path level: they are merged
        # into every operation. The others stay shared.
        shared: list[tuple[str, dict[str, Any]]] = []
        raw_shared = item.get("parameters")
        if raw_shared is not None and not isinstance(raw_shared, list):
            self.diags.warning("`parameters` is not a list; dropped", pointer + "/parameters")
        for index, param in enumerate(raw_shared if isinstance(raw_shared, list) else []):
            shared.append((pointer_join(pointer, "parameters", index), param))
        kept: list[Any] = []
        inherited: list[tuple[str, Any]] = []
        for param_ptr, param in shared:
            where = self._param_in(param)
            if where in ("body", "formData"):
                inherited.append((param_ptr, param))
            else:
                converted = self._param_entry(param, param_ptr)
                if converted is not None:
                    kept.append(converted)
        if kept:
            out["parameters"] = kept
        for method in _METHODS:
            if method in item:
                op = item[method]
                op_ptr = pointer_join(pointer, method)
                if not isinstance(op, dict):
                    self.diags.warning("operation is not a mapping; skipped", op_ptr)
                    continue
                out[method] = self._operation(op, op_ptr, inherited)
        for key, value in item.items():
            if key in _METHODS or key in ("parameters", "$ref"):
                continue
            if str(key).startswith("x-"):
                out[key] = value
            else:
                self.diags.warning(
                    f"unknown path item field `{key}`; dropped", pointer_join(pointer, key)
                )
        return out

    def _operation(
        self, op: dict[str, Any], pointer: str, inherited: list[tuple[str, Any]]
    ) -> dict[str, Any]:
        consumes = _media_list(op.get("consumes"), self.consumes)
        produces = _media_list(op.get("produces"), self.produces)
        out: dict[str, Any] = {}
        for key in ("tags", "summary", "description", "externalDocs", "operationId"):
            if key in op:
                out[key] = op[key]

        raw = op.get("parameters")
        if raw is not None and not isinstance(raw, list):
            self.diags.warning("`parameters` is not a list; dropped", pointer + "/parameters")
        own = [
            (pointer_join(pointer, "parameters", i), p)
            for i, p in enumerate(raw if isinstance(raw, list) else [])
        ]
        # An operation's parameter overrides a path-level one of the same name and location.
        own_keys = {self._param_key(p) for _, p in own}
        entries = [(ptr, p) for ptr, p in inherited if self._param_key(p) not in own_keys] + own

        params: list[Any] = []
        body: Any = None
        form: list[tuple[str, dict[str, Any]]] = []
        for param_ptr, param in entries:
            if not isinstance(param, dict):
                self.diags.warning("parameter is not a mapping; skipped", param_ptr)
                continue
            if isinstance(param.get("$ref"), str):
                target = self._global_param(param["$ref"])
                where = target.get("in") if target is not None else None
                if where == "body" and target is not None:
                    if consumes == self.consumes:
                        body = {"$ref": self._ref(param["$ref"])}
                    else:  # the shared body lists the global media types: inline it instead
                        body = self._body(target, consumes, param_ptr)
                elif where == "formData" and target is not None:
                    form.append((param_ptr, target))
                else:
                    if target is None and param["$ref"].startswith("#/parameters/"):
                        self.diags.warning(f"unresolved parameter {param['$ref']}", param_ptr)
                    params.append({"$ref": self._ref(param["$ref"])})
                continue
            where = param.get("in")
            if where == "body":
                if body is not None:
                    self.diags.warning("more than one body parameter; extra one skipped", param_ptr)
                    continue
                body = self._body(param, consumes, param_ptr)
            elif where == "formData":
                form.append((param_ptr, param))
            else:
                converted = self._parameter(param, param_ptr)
                if converted is not None:
                    params.append(converted)
        if body is not None and form:
            self.diags.warning(
                "operation has both a body and form parameters; form parameters dropped", pointer
            )
        elif form:
            body = self._form_body(form, consumes, pointer)
        if params:
            out["parameters"] = params
        if body is not None:
            out["requestBody"] = body

        responses = op.get("responses")
        if isinstance(responses, dict):
            out["responses"] = {
                str(status): (
                    resp
                    if str(status).startswith("x-")
                    else self._response(resp, produces, pointer_join(pointer, "responses", status))
                )
                for status, resp in responses.items()
            }
        else:
            self.diags.warning("operation has no `responses`", pointer)
            out["responses"] = {"default": {"description": "Unspecified response"}}
        for key in ("deprecated", "security"):
            if key in op:
                out[key] = op[key]
        if "schemes" in op:
            self.diags.note("operation-level `schemes` dropped (3.0 has no equivalent)", pointer)
        out.update(_extensions(op))
        return out

    # --- responses -------------------------------------------------------------------------

    def _response(self, resp: Any, produces: list[str], pointer: str) -> dict[str, Any]:
        if not isinstance(resp, dict):
            self.diags.warning("response is not a mapping; replaced by an empty one", pointer)
            return {"description": ""}
        if isinstance(resp.get("$ref"), str):
            return {"$ref": self._ref(resp["$ref"])}
        out: dict[str, Any] = {"description": resp.get("description", "")}
        headers = resp.get("headers")
        if isinstance(headers, dict):
            converted = {}
            for name, header in headers.items():
                header_ptr = pointer_join(pointer, "headers", name)
                if not isinstance(header, dict):
                    self.diags.warning("header is not a mapping; skipped", header_ptr)
                    continue
                new: dict[str, Any] = {}
                if "description" in header:
                    new["description"] = header["description"]
                new["schema"] = self._items_schema(header, header_ptr)
                new.update(_extensions(header))
                converted[name] = new
            out["headers"] = converted
        schema = resp.get("schema")
        if isinstance(schema, dict):
            converted_schema = self._schema(schema, pointer + "/schema")
            content: dict[str, Any] = {m: {"schema": converted_schema} for m in produces}
            examples = resp.get("examples")
            if isinstance(examples, dict):
                for media, example in examples.items():
                    if media in content:
                        content[media]["example"] = example
            out["content"] = content
        elif schema is not None:
            self.diags.warning("response schema is not a mapping; dropped", pointer + "/schema")
        out.update(_extensions(resp))
        return out

    # --- schemas and refs ------------------------------------------------------------------

    def _ref(self, ref: str) -> str:
        """`ref` pointing at where its 2.0 target now lives (external refs: same fragment)."""
        head, sep, fragment = ref.partition("#")
        if not sep:
            return ref
        if fragment.startswith("/definitions/"):
            fragment = "/components/schemas/" + fragment[len("/definitions/") :]
        elif fragment.startswith("/responses/"):
            fragment = "/components/responses/" + fragment[len("/responses/") :]
        elif fragment.startswith("/parameters/"):
            rest = fragment[len("/parameters/") :]
            target = self._global_param("#/parameters/" + rest) if not head else None
            where = "parameters"
            if target is not None and target.get("in") == "body":
                where = "requestBodies"
            fragment = f"/components/{where}/{rest}"
        elif fragment.startswith("/securityDefinitions/"):
            fragment = "/components/securitySchemes/" + fragment[len("/securityDefinitions/") :]
        return head + "#" + fragment

    def _schema(self, root: Any, pointer: str) -> Any:
        """Rewrite a schema tree to 3.0 in place (refs and 2.0-only spellings); return it."""
        stack: list[tuple[Any, str]] = [(root, pointer)]
        while stack:
            schema, ptr = stack.pop()
            if not isinstance(schema, dict) or id(schema) in self.seen_schemas:
                continue
            self.seen_schemas.add(id(schema))
            ref = schema.get("$ref")
            if isinstance(ref, str):
                schema["$ref"] = self._ref(ref)
            if "x-nullable" in schema:
                if schema.pop("x-nullable") is True:
                    schema["nullable"] = True
            if schema.get("type") == "file":
                schema["type"], schema["format"] = "string", "binary"
            disc = schema.get("discriminator")
            if isinstance(disc, str):
                schema["discriminator"] = {"propertyName": disc}
            for key in _SUB_SINGLE:
                sub = schema.get(key)
                if isinstance(sub, dict):
                    stack.append((sub, ptr + "/" + key))
                elif key == "items" and isinstance(sub, list):  # tuple items, not 2.0 proper
                    stack.extend((s, f"{ptr}/items/{i}") for i, s in enumerate(sub))
            for key in _SUB_LIST:
                subs = schema.get(key)
                if isinstance(subs, list):
                    stack.extend((s, f"{ptr}/{key}/{i}") for i, s in enumerate(subs))
            for key in _SUB_MAP:
                subs = schema.get(key)
                if isinstance(subs, dict):
                    stack.extend((s, pointer_join(ptr, key, n)) for n, s in subs.items())
        return root
