"""`gen normalize`: write a spec as the generator understands it, for other tools to read.

Quirks are repaired, Swagger 2.0 is converted and fragments are merged by the same code that
`gen generate` runs. Because normalization spells "may be null" as OpenAPI 3.0's
`nullable: true`, the exported document is declared OpenAPI 3.0.3 and the few 3.1-only schema
keywords are rewritten into their 3.0 forms, so that 3.0 tools (mock servers, validators, docs
renderers) read it the way we do.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Sequence
from typing import Any

import yaml

from .diagnostics import Reporter
from .pipeline import LoadedDocument, load_document
from .spec import iter_schemas

EXPORT_VERSION = "3.0.3"


def normalized_document(paths: Sequence[str], progress: Reporter | None = None) -> LoadedDocument:
    """The normalized (and merged) document of `paths`, exported as OpenAPI 3.0.3.

    Raises GenerationError when the specs have errors.
    """
    loaded = load_document(paths, progress)
    loaded.doc = export_openapi30(loaded.doc)
    return loaded


def export_openapi30(doc: dict[str, Any]) -> dict[str, Any]:
    """A copy of a normalized document in OpenAPI 3.0 spelling."""
    doc = copy.deepcopy(doc)
    for _pointer, schema in list(iter_schemas(doc)):
        _nullable_without_type(schema)
    if not str(doc.get("openapi", "")).startswith("3.1"):
        return doc
    doc["openapi"] = EXPORT_VERSION
    for key in ("jsonSchemaDialect", "webhooks"):
        doc.pop(key, None)
    info = doc.get("info")
    if isinstance(info, dict) and isinstance(info.get("license"), dict):
        info["license"].pop("identifier", None)
    for _pointer, schema in list(iter_schemas(doc)):
        _schema_to_30(schema)
    return doc


def _schema_to_30(schema: dict[str, Any]) -> None:
    if "const" in schema:
        schema["enum"] = [schema.pop("const")]
    examples = schema.get("examples")
    if isinstance(examples, list):
        del schema["examples"]
        if examples and "example" not in schema:
            schema["example"] = examples[0]
    for bound, plain in (("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")):
        value = schema.get(bound)
        if isinstance(value, int | float) and not isinstance(value, bool):
            schema[plain] = value
            schema[bound] = True
    for key in ("$schema", "$id", "$comment", "contentMediaType", "contentEncoding"):
        schema.pop(key, None)
    if schema.get("type") == "null":
        # Only null: 3.0 has no null type. `enum: [null]` alone is what validators accept
        # (with `type` and `nullable` next to it, ajv refuses to compile the schema).
        del schema["type"]
        schema.pop("nullable", None)
        schema["enum"] = [None]


def _nullable_without_type(schema: dict[str, Any]) -> None:
    """3.0 allows `nullable` only next to `type`; validators (Prism's ajv among them) refuse to
    compile `{oneOf: [...], nullable: true}` and then validate nothing. Spell it as an anyOf
    with a null-only branch instead; a $ref with siblings (ignored in 3.0) is wrapped too."""
    if schema.get("nullable") is True and "type" not in schema:
        del schema["nullable"]
        keep = {
            k: schema.pop(k) for k in ("description", "title", "default", "example") if k in schema
        }
        rest = dict(schema)
        schema.clear()
        schema.update(keep)
        schema["anyOf"] = [rest, {"enum": [None]}]
    elif "$ref" in schema and len(schema) > 1:
        ref = schema.pop("$ref")
        schema["allOf"] = [{"$ref": ref}, *schema.get("allOf", [])]


def dump(doc: dict[str, Any], fmt: str) -> str:
    """The document as `json` or `yaml` text."""
    if fmt == "yaml":
        return yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=100)
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
