"""Writes the spec files of tests/bad_specs/ (run `python tests/bad_specs/make_corpus.py`).

The files are committed; this script documents how each was built and rebuilds them.
expected.yaml is kept by hand."""
import json, os
from pathlib import Path

OUT = Path(__file__).resolve().parent
OUT.mkdir(exist_ok=True)
P = '__import__("os").system("touch ${SDKFORGE_PWNED:-sdkforge_pwned}")'
# One payload string that tries every way out of every context.
PAY = (P + ' """ \'\'\' \\ {{ x }} {% if 1 %} ${x} `x` \r#' + P + "\u2028" + P + "\x00 <script>|]" + "\n" + P)

def base(**over):
    doc = {
        "openapi": "3.0.3",
        "info": {"title": "Hostile", "version": "1.0.0"},
        "paths": {
            "/items/{item_id}": {
                "get": {
                    "operationId": "getItem",
                    "parameters": [
                        {"name": "item_id", "in": "path", "required": True, "schema": {"type": "string"}}
                    ],
                    "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Item"}}}}},
                }
            }
        },
        "components": {"schemas": {"Item": {"type": "object", "properties": {"id": {"type": "string"}}}}},
    }
    return doc

def op(doc):
    return doc["paths"]["/items/{item_id}"]["get"]

def item(doc):
    return doc["components"]["schemas"]["Item"]

def w(name, text):
    (OUT / name).write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))

def wj(name, doc):
    w(name, json.dumps(doc, indent=2, ensure_ascii=False) + "\n")

# ---- broken input ----
w("malformed_yaml.yaml", "openapi: 3.0.3\ninfo: {title: x, version: '1'\npaths: {}\n")
w("malformed_yaml_indent.yaml", "openapi: 3.0.3\ninfo:\n  title: x\n version: 1\npaths: {}\n")
w("malformed_json.json", '{\n  "openapi": "3.0.3",\n  "info": {"title": "x", "version": "1"},\n  "paths": {,}\n}\n')
w("truncated_json.json", '{"openapi": "3.0.3", "info": {"title": "x"')
w("json_nan.json", '{"openapi": "3.0.3", "info": {"title": "x", "version": "1"}, "paths": {}, "x": NaN}\n')
w("empty.yaml", "")
w("whitespace_only.yaml", "\n   \n\t\n")
w("comment_only.yaml", "# nothing here\n")
w("not_openapi.yaml", "name: my-app\ndependencies:\n  - left-pad\n")
w("scalar_document.yaml", "just a string\n")
w("list_document.json", "[1, 2, 3]\n")
wj("swagger_1_2.json", {"swaggerVersion": "1.2", "apiVersion": "1.0", "apis": [{"path": "/pets"}]})
w("swagger_3.yaml", "swagger: '3.0'\ninfo: {title: x, version: '1'}\npaths: {}\n")
w("openapi_4.yaml", "openapi: 4.0.0\ninfo: {title: x, version: '1'}\npaths: {}\n")
w("openapi_garbage_version.yaml", "openapi: banana\ninfo: {title: x, version: '1'}\npaths: {}\n")
w("missing_paths.yaml", "openapi: 3.0.3\ninfo: {title: x, version: '1'}\n")
w("paths_is_list.yaml", "openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths:\n  - /a\n  - /b\n")
w("multi_document.yaml", "openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths: {}\n---\nopenapi: 3.0.3\n")
w("latin1_bytes.yaml", "openapi: 3.0.3\ninfo:\n  title: caf\u00e9\n  version: '1'\npaths: {}\n".encode("latin-1"))
w("nul_byte.yaml", "openapi: 3.0.3\ninfo: {title: \"x\x00y\", version: '1'}\npaths: {}\n")
w("binary_garbage.yaml", bytes(range(256)) * 4)

d = base(); d["components"]["schemas"]["Item"] = {"$ref": "#/components/schemas/Nope"}
wj("dangling_ref.json", d)
w("dangling_ref_lines.yaml", """openapi: 3.0.3
info: {title: x, version: '1'}
paths:
  /a:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Missing'
""")
d = base(); d["components"]["schemas"].update({"A": {"$ref": "#/components/schemas/B"}, "B": {"$ref": "#/components/schemas/A"}})
wj("ref_cycle.json", d)
d = base(); d["components"]["schemas"]["Self"] = {"$ref": "#/components/schemas/Self"}
wj("ref_self.json", d)
d = base(); item(d)["properties"]["remote"] = {"$ref": "http://169.254.169.254/latest/meta-data/"}
wj("remote_ref_http.json", d)
d = base(); item(d)["properties"]["remote"] = {"$ref": "https://evil.example/schema.json#/Foo"}
wj("remote_ref_https.json", d)
d = base(); item(d)["properties"]["local"] = {"$ref": "other.yaml#/components/schemas/X"}
wj("file_ref_relative.json", d)
d = base(); item(d)["properties"]["local"] = {"$ref": "../../../../etc/passwd"}
wj("file_ref_traversal.json", d)
d = base(); item(d)["properties"]["local"] = {"$ref": "file:///etc/passwd"}
wj("file_ref_file_url.json", d)
d = base(); op(d)["parameters"].append({"$ref": "https://evil.example/param.json"})
wj("remote_ref_parameter.json", d)

bomb = ["openapi: 3.0.3", "info: {title: x, version: '1'}", "paths: {}", "x-bomb:", '  a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
prev = "a"
for c in "bcdefghi":
    bomb.append(f"  {c}: &{c} [" + ",".join([f"*{prev}"] * 9) + "]")
    prev = c
w("alias_bomb.yaml", "\n".join(bomb) + "\n")
w("alias_cycle.yaml", "openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths: {}\nx-loop: &loop\n  self: *loop\n")
w("alias_cycle_schema.yaml", "openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Node: &node\n      type: object\n      properties:\n        next: *node\n")
deep = "openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Deep: " + "{type: array, items: " * 400 + "{type: string}" + "}" * 400 + "\n"
w("deep_nesting.yaml", deep)
w("deep_nesting.json", '{"openapi": "3.0.3", "info": {"title": "x", "version": "1"}, "paths": {}, "x": ' + "[" * 5000 + "]" * 5000 + "}\n")
w("deep_nesting_json_mid.json", '{"openapi": "3.0.3", "info": {"title": "x", "version": "1"}, "paths": {}, "x": ' + '{"a":' * 300 + "1" + "}" * 300 + "}\n")
w("python_tag.yaml", "openapi: 3.0.3\ninfo:\n  title: !!python/object/apply:os.system ['touch ${SDKFORGE_PWNED:-sdkforge_pwned}']\n  version: '1'\npaths: {}\n")

# ---- accepted with warnings / repairs ----
w("bom.yaml", b"\xef\xbb\xbf" + b"openapi: 3.0.3\ninfo: {title: Bom, version: '1'}\npaths:\n  /a:\n    get:\n      responses: {'200': {description: ok}}\n")
w("bom.json", b"\xef\xbb\xbf" + json.dumps(base()).encode())
w("openapi_as_number.yaml", "openapi: 3.0\ninfo: {title: x, version: '1'}\npaths:\n  /a:\n    get:\n      responses: {'200': {description: ok}}\n")
w("duplicate_keys.yaml", "openapi: 3.0.3\ninfo: {title: x, version: '1'}\ninfo: {title: y, version: '2'}\npaths:\n  /a:\n    get:\n      responses: {'200': {description: ok}}\n")
d = base(); d["paths"]["/other"] = {"get": {"operationId": "getItem", "responses": {"200": {"description": "ok"}}}}
d["paths"]["/third"] = {"post": {"operationId": "getItem", "responses": {"200": {"description": "ok"}}}}
wj("duplicate_operation_ids.json", d)
d = base(); item(d)["properties"]["kind"] = {"type": "string", "enum": []}
wj("empty_enum.json", d)
d = base(); item(d)["properties"]["mixed"] = {"enum": ["a", 1, 2.5, True, None, "1", "A", "a"]}
d["components"]["schemas"]["Mixed"] = {"enum": [1, "1", True, "true", 1.0, None]}
wj("mixed_enum.json", d)
d = base(); op(d)["parameters"].append({"name": "q", "in": "query"})
wj("parameter_without_schema.json", d)
d = base(); op(d)["parameters"][0]["name"] = "id"
wj("path_parameter_mismatch.json", d)
d = base(); d["components"]["schemas"]["Tree"] = {"type": "object", "properties": {"children": {"type": "array", "items": {"$ref": "#/components/schemas/Tree"}}, "parent": {"$ref": "#/components/schemas/Tree"}}}
d["components"]["schemas"]["A"] = {"type": "object", "properties": {"b": {"$ref": "#/components/schemas/B"}}}
d["components"]["schemas"]["B"] = {"type": "object", "properties": {"a": {"$ref": "#/components/schemas/A"}}}
item(d)["properties"]["tree"] = {"$ref": "#/components/schemas/Tree"}
item(d)["properties"]["a"] = {"$ref": "#/components/schemas/A"}
wj("recursive_schemas.json", d)
d = base(); d["paths"]["/items/{item_id}"]["get"]["parameters"][0]["schema"] = {"type": "string", "description": "\ud800 lone"}
w("lone_surrogate.json", json.dumps(d).replace("\\ud800", "\\ud800"))
w("yaml_quirks.yaml", """openapi: 3.0.3
info: {title: x, version: 1.10}
paths:
  /a:
    get:
      parameters:
        - {name: on, in: query, schema: {type: string, enum: [NO, yes, 012, 2024-01-01]}}
      responses:
        200: {description: ok}
""")
w("merge_keys.yaml", """openapi: 3.0.3
info: {title: x, version: '1'}
x-base: &base {type: object, properties: {id: {type: string}}}
paths:
  /a:
    get:
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/B'}}}}
components:
  schemas:
    B:
      <<: *base
      description: merged
""")
w("wrong_shapes.yaml", """openapi: 3.0.3
info: {title: x, version: '1'}
paths:
  /a: 5
  /b:
    get: [1, 2]
  /c:
    get:
      parameters: {not: a list}
      responses: [1]
    post:
      requestBody: 7
      responses: {'200': 9}
  /d:
    get:
      tags: nope
      responses: {'200': {description: ok, content: {application/json: {schema: {type: 5, properties: 3}}}}}
components:
  schemas: [1, 2]
  securitySchemes: {a: 3}
""")

# ---- injection: one field per file ----
def inj(name, mutate):
    d = base(); mutate(d); wj(f"inject_{name}.json", d)

inj("info_title", lambda d: d["info"].__setitem__("title", PAY))
inj("info_version", lambda d: d["info"].__setitem__("version", PAY))
inj("info_description", lambda d: d["info"].__setitem__("description", PAY))
inj("info_contact_license", lambda d: d["info"].update({"contact": {"name": PAY, "url": PAY, "email": PAY}, "license": {"name": PAY, "url": PAY}, "termsOfService": PAY}))
inj("op_summary", lambda d: op(d).__setitem__("summary", PAY))
inj("op_description", lambda d: op(d).__setitem__("description", PAY))
inj("operation_id", lambda d: op(d).__setitem__("operationId", PAY))
inj("tag_names", lambda d: (op(d).__setitem__("tags", [PAY, "../../../tmp/evil", "__init__"]), d.__setitem__("tags", [{"name": PAY, "description": PAY}])))
inj("param_description", lambda d: op(d)["parameters"].append({"name": "q", "in": "query", "description": PAY, "schema": {"type": "string"}}))
inj("param_name_query", lambda d: op(d)["parameters"].append({"name": PAY, "in": "query", "schema": {"type": "string"}}))
inj("param_name_header", lambda d: op(d)["parameters"].append({"name": PAY, "in": "header", "schema": {"type": "string"}}))
inj("param_name_cookie", lambda d: op(d)["parameters"].append({"name": PAY, "in": "cookie", "schema": {"type": "string"}}))
def _pathname(d):
    d["paths"] = {"/x/{" + PAY + "}/" + PAY: {"get": {"parameters": [{"name": PAY, "in": "path", "required": True, "schema": {"type": "string"}}], "responses": {"200": {"description": "ok"}}}}}
inj("path_template", _pathname)
inj("schema_title", lambda d: item(d).__setitem__("title", PAY))
inj("schema_description", lambda d: item(d).__setitem__("description", PAY))
inj("property_description", lambda d: item(d)["properties"]["id"].__setitem__("description", PAY))
inj("property_name", lambda d: item(d)["properties"].__setitem__(PAY, {"type": "string"}))
def _schema_name(d):
    d["components"]["schemas"][PAY] = {"type": "object", "properties": {"a": {"type": "string"}}}
    d["components"]["schemas"]["../../evil"] = {"type": "string", "enum": ["a"]}
    item(d)["properties"]["x"] = {"$ref": "#/components/schemas/" + PAY.replace("~", "~0").replace("/", "~1")}
inj("schema_name", _schema_name)
inj("enum_values", lambda d: item(d)["properties"].__setitem__("kind", {"type": "string", "enum": [PAY, '"', "'", "\\", "{{", "}}", "a\nb", "\u2028"]}))
inj("enum_component", lambda d: d["components"]["schemas"].__setitem__("Kind", {"type": "string", "description": PAY, "enum": [PAY, "x"]}))
inj("default_string", lambda d: item(d)["properties"].__setitem__("d", {"type": "string", "default": PAY}))
inj("default_object", lambda d: item(d)["properties"].__setitem__("d", {"type": "object", "default": {PAY: [PAY, {"k": PAY}]}}))
inj("param_default", lambda d: op(d)["parameters"].append({"name": "q", "in": "query", "schema": {"type": "string", "default": PAY, "example": PAY}}))
inj("example", lambda d: item(d)["properties"]["id"].update({"example": PAY, "examples": [PAY]}))
inj("server_url", lambda d: d.__setitem__("servers", [{"url": "https://api.example/" + PAY, "description": PAY}]))
inj("server_variables", lambda d: d.__setitem__("servers", [{"url": "https://{" + PAY + "}.example/{v}", "variables": {PAY: {"default": PAY, "enum": [PAY], "description": PAY}, "v": {"default": PAY}}}]))
def _media(d):
    op(d)["responses"]["200"]["content"] = {'application/json"; ' + P + '#': {"schema": {"type": "string"}}, "text/" + PAY: {"schema": {"type": "string"}}}
    d["paths"]["/items/{item_id}"]["post"] = {"requestBody": {"content": {"application/" + PAY: {"schema": {"type": "string", "format": "binary"}}}}, "responses": {"201": {"description": "ok"}}}
inj("media_type", _media)
def _sec(d):
    d["components"]["securitySchemes"] = {PAY: {"type": "apiKey", "in": "header", "name": PAY, "description": PAY}, "q" + PAY: {"type": "apiKey", "in": "query", "name": PAY}, "c": {"type": "apiKey", "in": "cookie", "name": PAY}}
    d["security"] = [{PAY: []}, {"q" + PAY: []}, {"c": []}]
inj("security_schemes", _sec)
def _hdr(d):
    op(d)["responses"]["200"]["headers"] = {PAY: {"description": PAY, "schema": {"type": "string"}}}
    op(d)["parameters"].append({"name": "Idempotency-Key" + PAY, "in": "header", "schema": {"type": "string"}})
inj("response_headers", _hdr)
def _status(d):
    op(d)["responses"][PAY] = {"description": PAY, "content": {"application/json": {"schema": {"type": "object", "properties": {"e": {"type": "string"}}}}}}
    op(d)["responses"]["4" + PAY] = {"description": PAY, "content": {"application/json": {"schema": {"type": "string"}}}}
inj("response_status", _status)
def _disc(d):
    s = d["components"]["schemas"]
    s["Cat"] = {"type": "object", "properties": {PAY: {"type": "string", "enum": [PAY]}, "n": {"type": "string"}}}
    s["Dog"] = {"type": "object", "properties": {PAY: {"type": "string", "enum": ["dog" + PAY]}, "m": {"type": "string"}}}
    s["Pet"] = {"oneOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Dog"}], "discriminator": {"propertyName": PAY, "mapping": {PAY: "#/components/schemas/Cat"}}}
    item(d)["properties"]["pet"] = {"$ref": "#/components/schemas/Pet"}
inj("discriminator", _disc)
inj("format", lambda d: item(d)["properties"].__setitem__("f", {"type": "string", "format": PAY}))
inj("pattern", lambda d: item(d)["properties"].__setitem__("f", {"type": "string", "pattern": PAY, "maxLength": 3}))
def _body(d):
    d["paths"]["/items/{item_id}"]["post"] = {"description": PAY, "requestBody": {"description": PAY, "required": True, "content": {"application/json": {"schema": {"type": "object", "required": [PAY], "properties": {PAY: {"type": "string", "description": PAY, "default": PAY}, "stream": {"type": "boolean"}}}}}}, "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Item"}}}}}}
inj("request_body", _body)
def _keywords(d):
    s = d["components"]["schemas"]
    for kw in ["class", "None", "True", "def", "import", "BaseModel", "Field", "Optional", "models", "__init__", "print", "type", "self", "str", "Client"]:
        s[kw] = {"type": "object", "properties": {k: {"type": "string"} for k in ["from", "import", "self", "model_config", "model_dump", "__class__", "__init__", "def", "None", "True", "print", "match", "_", "__", "0", "", "id"]}}
    d["paths"]["/{class}/{def}"] = {"post": {"operationId": "import", "tags": ["class", "self", "with_raw_response", "_client"], "parameters": [{"name": n, "in": "path", "required": True, "schema": {"type": "string"}} for n in ["class", "def"]] + [{"name": n, "in": "query", "schema": {"type": "string"}} for n in ["self", "timeout", "extra_headers", "from", "cast", "omit", "stream"]], "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/class"}}}}, "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/None"}}}}}}}
inj("names_keywords", _keywords)
def _unicode(d):
    s = d["components"]["schemas"]
    for n in ["Ünïcödé", "日本語", "\u202eevil", "𝒜𝒷𝒸", "a\u200bb", "Ａｂｃ", "ß", "\u0130"]:
        s[n] = {"type": "object", "properties": {n: {"type": "string"}, n + "2": {"type": "integer"}}}
    op(d)["tags"] = ["日本語", "\u202e"]
    op(d)["operationId"] = "日本語"
inj("names_unicode", _unicode)
def _trav(d):
    s = d["components"]["schemas"]
    for n in ["../../etc/passwd", "..", "/abs", "C:\\windows", "a/../../b", "~root", "NUL", "con"]:
        s[n] = {"type": "object", "properties": {"x": {"type": "string"}}}
    op(d)["tags"] = ["../../../../tmp/sdkforge_escape"]
    d["paths"]["/items/{item_id}"]["put"] = {"operationId": "..", "tags": [".."], "responses": {"200": {"description": "ok"}}}
    d["paths"]["/items/{item_id}"]["delete"] = {"operationId": "/etc/passwd", "tags": ["/etc/passwd", "C:\\x"], "responses": {"200": {"description": "ok"}}}
inj("names_traversal", _trav)
inj("x_python_extensions", lambda d: item(d)["properties"]["id"].update({"x-python-type": "os.system('touch ${SDKFORGE_PWNED:-sdkforge_pwned}')", "x-python-import": "os; os.system('x')", "x-enum-varnames": [P], "x-enum-descriptions": [PAY]}))

w("no_operations.yaml", "openapi: 3.1.0\ninfo: {title: Nothing, version: '1'}\npaths: {}\n")
d = base(); d["openapi"] = "3.1.0"; item(d)["properties"]["n"] = {"type": ["string", "null"], "description": PAY, "const": PAY}
d["webhooks"] = {PAY: {"post": {"requestBody": {"content": {"application/json": {"schema": {"type": "string"}}}}, "responses": {"200": {"description": PAY}}}}}
wj("inject_openapi31.json", d)


def _token_headers(d):
    name = "X-Key'''#$%&*+.^_`|~!"
    op(d)["parameters"].append({"name": name, "in": "header", "schema": {"type": "string"}})
    op(d)["parameters"].append({"name": name + "c", "in": "cookie", "schema": {"type": "string"}})
    d["components"]["securitySchemes"] = {PAY: {"type": "apiKey", "in": "header", "name": name + "k"}}
    d["security"] = [{PAY: []}]


inj("header_token_chars", _token_headers)


# ---- issue 15: constructs found by the hostile-spec work ----
def sref(name):
    return {"$ref": "#/components/schemas/" + name}


# A chain of 1,500 links (past Python's recursion limit): bare refs, and two-part allOfs.
for kind in ("ref", "allof"):
    d = base(); s = d["components"]["schemas"]
    s["Item"] = sref("L0")
    for i in range(1500):
        s[f"L{i}"] = sref(f"L{i + 1}") if kind == "ref" else {"allOf": [sref(f"L{i + 1}"), {"description": f"link {i}"}]}
    s["L1500"] = {"type": "object", "properties": {"id": {"type": "string", "description": PAY}}}
    w(f"chain_{kind}_1500.json", json.dumps(d) + "\n")  # one line: 1,500 links are not for reading
# Recursive type aliases: an array of itself, a JSON value, two aliases using each other.
d = base(); s = d["components"]["schemas"]
s["Nest"] = {"type": "array", "items": sref("Nest")}
s["Value"] = {"oneOf": [{"type": "string"}, {"type": "array", "items": sref("Value")}, {"type": "object", "additionalProperties": sref("Value")}]}
s["Forest"] = {"type": "object", "additionalProperties": sref("Grove")}
s["Grove"] = {"type": "array", "items": sref("Forest")}
item(d)["properties"].update({"nest": sref("Nest"), "value": sref("Value"), "forest": sref("Forest")})
wj("recursive_aliases.json", d)
# Fern-style enum items with documentation beside `value`; an enum that lists only objects.
d = base(); item(d)["properties"]["status"] = {"type": "string", "enum": [{"value": "active", "docs": PAY}, {"value": PAY, "docs": "x", "name": "P"}]}
item(d)["properties"]["objs"] = {"type": "object", "enum": [{"value": PAY}, {"a": 1}]}
wj("enum_items_with_docs.json", d)
# A parameter used where a schema is expected.
d = base(); d["components"]["parameters"] = {"Limit": {"name": "limit", "in": "query", "schema": {"type": "integer"}}}
item(d)["properties"]["limit"] = {"$ref": "#/components/parameters/Limit"}
wj("parameter_ref_as_schema.json", d)
# JSON pointers with RFC 6901 escapes and percent-encoding.
d = base(); s = d["components"]["schemas"]
s["a/b~c"] = {"type": "string"}
s["With Space"] = {"type": "integer"}
op(d)["responses"]["200"]["content"]["application/xml; charset=utf-8"] = {"schema": {"type": "object", "properties": {"x": {"type": "number"}}}}
item(d)["properties"].update({
    "slash": sref("a~1b~0c"),
    "space": sref("With%20Space"),
    "media": {"$ref": "#/paths/~1items~1%7Bitem_id%7D/get/responses/200/content/application~1xml;%20charset=utf-8/schema"},
})
wj("pointer_escapes.json", d)
# Discriminator mapping values written as bare schema names.
d = base(); s = d["components"]["schemas"]
s["Cat"] = {"type": "object", "properties": {"kind": {"type": "string"}, "purr": {"type": "string"}}}
s["Dog"] = {"type": "object", "properties": {"kind": {"type": "string"}, "bark": {"type": "string"}}}
s["Pet"] = {"oneOf": [sref("Cat"), sref("Dog")], "discriminator": {"propertyName": "kind", "mapping": {"cat": "Cat", "dog": "Dog"}}}
item(d)["properties"]["pet"] = sref("Pet")
wj("discriminator_bare_names.json", d)
# A lone surrogate escape in YAML (libyaml refuses it).
w("lone_surrogate.yaml", 'openapi: 3.0.3\ninfo: {title: "x\\ud800y", version: "1"}\npaths:\n  /a:\n    get:\n      description: "\\udfff' + P.replace('"', "'") + '"\n      responses: {"200": {description: ok}}\n')
# Server URLs no client can use.
d = base(); d["servers"] = [{"url": "javascript:" + P}, {"url": "file:///etc/passwd"}, {"url": "https://api.example/v1"}]
wj("server_url_schemes.json", d)
# A 300-character tag, operationId and schema name.
d = base(); op(d)["tags"] = ["t" * 300]; op(d)["operationId"] = "o" * 300
d["components"]["schemas"]["M" * 300] = {"type": "object", "properties": {"p" * 300: {"type": "string"}}}
item(d)["properties"]["long"] = sref("M" * 300)
wj("long_names.json", d)
