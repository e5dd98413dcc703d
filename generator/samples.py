"""The one example chooser: a JSON value for an IR type, used by the docs of every target (each
turns the value into its own literals), by the Python smoke test and by the docs tests' servers.

The choice, in order: the spec's example, else its default (each only when it plainly fits the
type: examples often lie), else the first enum value, else a placeholder that fits the type.
Strings made up here are `Placeholder`s, so a target can show them differently from spec text.

Bounded: containers deeper than `max_depth` become empty, and every walk from a type counts its
steps (through aliases, unions and nullables too), so an alias or allOf chain thousands of links
long ends in a placeholder instead of a RecursionError.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from . import ir


class _Missing:
    """No example or default was given (None is a value)."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING: object = _Missing()


class Placeholder(str):
    """A string this module made up (not spec text)."""

    __slots__ = ()


# Placeholders read `"<name>"`; these names would spell an HTML raw-text tag, which a careless
# renderer might treat as markup even inside a code block.
_TAG_NAMES = frozenset(
    {"script", "style", "iframe", "textarea", "title", "xmp", "noscript", "plaintext", "noembed"}
)

FORMAT_SAMPLES: dict[str, str] = {
    "date-time": "2024-01-01T00:00:00Z",
    "date": "2024-01-01",
    "time": "12:00:00",
    "uuid": "00000000-0000-4000-8000-000000000000",
    "email": "user@example.com",
    "uri": "https://example.com",
    "url": "https://example.com",
    "hostname": "example.com",
    "ipv4": "192.0.2.1",
}

# The content of a made-up file (docs); JSON consumers get the string "binary".
FILE_CONTENTS = b"file contents"

MAX_EXAMPLE_CHARS = 400  # a longer spec example is replaced by a placeholder
MAX_STEPS = 100  # types followed from one value before giving up (aliases, unions, fields...)


def _json_size(value: object) -> int:
    try:
        return len(json.dumps(value, ensure_ascii=False))
    except (TypeError, ValueError):
        return MAX_EXAMPLE_CHARS + 1


class Examples:
    """Chooses example values for IR types.

    `for_response` keeps required read-only fields (a server sends them; a caller does not);
    `all_fields` adds optional fields near the top; `json_only` makes files the string
    "binary" and trusts no spec example of a formatted string (the value must load as the type);
    `size` measures a spec value as the target will print it (against MAX_EXAMPLE_CHARS).
    """

    def __init__(
        self,
        schemas: dict[str, ir.Schema],
        *,
        for_response: bool = False,
        all_fields: bool = False,
        json_only: bool = False,
        max_depth: int = 3,
        size: Callable[[object], int] = _json_size,
    ) -> None:
        self.schemas = schemas
        self.for_response = for_response
        self.all_fields = all_fields
        self.json_only = json_only
        self.max_depth = max_depth
        self.size = size

    def value(
        self,
        t: ir.TypeExpr,
        name: str = "value",
        example: object = MISSING,
        default: object = MISSING,
        depth: int = 0,
        steps: int = 0,
    ) -> object:
        """A value for `t`; `name` (a wire name) shapes string placeholders."""
        for candidate in (example, default):
            if (
                candidate is not MISSING
                and candidate is not None
                and conforms(candidate, t, self.schemas, strict=self.json_only)
                and self.size(candidate) <= MAX_EXAMPLE_CHARS
            ):
                return candidate
        return self._placeholder(t, name, depth, steps + 1)

    def _placeholder(self, t: ir.TypeExpr, name: str, depth: int, steps: int) -> object:
        if steps > MAX_STEPS:
            return None
        if isinstance(t, ir.Nullable):
            return self._placeholder(t.inner, name, depth, steps + 1)
        if isinstance(t, ir.Prim):
            return self._prim(t, name)
        if isinstance(t, ir.EnumOf):
            return t.values[0] if t.values else None
        if isinstance(t, ir.ArrayOf):
            if depth > self.max_depth:
                return []
            return [self._placeholder(t.items, name, depth + 1, steps + 1)]
        if isinstance(t, ir.MapOf):
            if depth > self.max_depth:
                return {}
            return {"key": self._placeholder(t.values, "value", depth + 1, steps + 1)}
        if isinstance(t, ir.UnionOf):
            return self._placeholder(simplest(t.variants), name, depth, steps + 1)
        if isinstance(t, ir.Ref):
            return self._named(t.name, name, depth, steps + 1)
        return None

    def _named(self, model: str, name: str, depth: int, steps: int) -> object:
        schema = self.schemas.get(model)
        if isinstance(schema, ir.ObjectModel):
            # A response must keep its required fields at any depth (up to the step bound).
            if depth > self.max_depth and not self.for_response:
                return {}
            out: dict[str, object] = {}
            for f in schema.fields:
                wanted = f.required and (self.for_response or not f.read_only)
                optional = self.all_fields and depth < 2 and not f.read_only
                if not (wanted or optional):
                    continue
                out[f.name] = self.value(
                    f.type,
                    f.name,
                    f.example if f.has_example else MISSING,
                    f.default if f.has_default else MISSING,
                    depth + 1,
                    steps,
                )
            return out
        if isinstance(schema, ir.EnumModel):
            return schema.values[0] if schema.values else None
        if isinstance(schema, ir.UnionModel):
            return self._placeholder(schema.union, name, depth, steps + 1)
        if isinstance(schema, ir.AliasModel):
            return self._placeholder(alias_target(schema, self.schemas), name, depth, steps + 1)
        return None

    def _prim(self, t: ir.Prim, name: str) -> object:
        if t.kind == "string":
            if t.format in FORMAT_SAMPLES:
                return Placeholder(FORMAT_SAMPLES[t.format])
            word = name if re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]{0,40}", name) else "value"
            if word.lower() in _TAG_NAMES:
                word = "value"
            return Placeholder(f"<{word}>")
        if t.kind == "binary":
            return Placeholder("binary") if self.json_only else FILE_CONTENTS
        if t.kind == "any":
            return Placeholder("<value>")
        return {"integer": 1, "number": 1.0, "boolean": True}.get(t.kind)


class Sampler:
    """A valid JSON value of a type, for a server's answer (smoke test, docs tests)."""

    def __init__(self, schemas: dict[str, ir.Schema], *, all_fields: bool = False) -> None:
        self.examples = Examples(
            schemas, for_response=True, all_fields=all_fields, json_only=True, max_depth=4
        )

    def sample(self, t: ir.TypeExpr) -> object:
        """A JSON value valid for `t`."""
        return self.examples.value(t)


def simplest(variants: tuple[ir.TypeExpr, ...]) -> ir.TypeExpr:
    """The variant an example should use: the first that is not null."""
    for v in variants:
        if not (isinstance(v, ir.Prim) and v.kind == "null"):
            return v
    return variants[0]


def conforms(
    value: object,
    t: ir.TypeExpr,
    schemas: dict[str, ir.Schema],
    depth: int = 0,
    *,
    strict: bool = False,
) -> bool:
    """True when a spec example or default is plainly valid for `t` (examples often lie).

    `strict` also refuses a string for a formatted string type (a date, a uuid...): whether it
    parses as one is not checked here.
    """
    if depth > 8:
        return False
    if isinstance(t, ir.Nullable):
        return value is None or conforms(value, t.inner, schemas, depth + 1, strict=strict)
    if isinstance(t, ir.Prim):
        if strict and t.format and t.kind == "string":
            return False
        checks: dict[str, bool] = {
            "string": isinstance(value, str),
            "integer": isinstance(value, int) and not isinstance(value, bool),
            "number": isinstance(value, (int, float)) and not isinstance(value, bool),
            "boolean": isinstance(value, bool),
            "null": value is None,
            "any": True,
            "binary": False,
        }
        return checks[t.kind]
    if isinstance(t, ir.EnumOf):
        return any(value == v and type(value) is type(v) for v in t.values)
    if isinstance(t, ir.ArrayOf):
        return isinstance(value, list) and all(
            conforms(v, t.items, schemas, depth + 1, strict=strict) for v in value
        )
    if isinstance(t, ir.MapOf):
        return isinstance(value, dict) and all(
            conforms(v, t.values, schemas, depth + 1, strict=strict) for v in value.values()
        )
    if isinstance(t, ir.UnionOf):
        return any(conforms(value, v, schemas, depth + 1, strict=strict) for v in t.variants)
    if isinstance(t, ir.Ref):
        schema = schemas.get(t.name)
        if isinstance(schema, ir.ObjectModel):
            if not isinstance(value, dict):
                return False
            known = {f.name: f for f in schema.fields}
            if any(f.required and f.name not in value for f in schema.fields):
                return False
            return all(
                conforms(v, known[k].type, schemas, depth + 1, strict=strict)
                for k, v in value.items()
                if k in known
            )
        if isinstance(schema, ir.EnumModel):
            return conforms(value, ir.EnumOf(schema.values), schemas, depth + 1)
        if isinstance(schema, ir.UnionModel):
            return conforms(value, schema.union, schemas, depth + 1, strict=strict)
        if isinstance(schema, ir.AliasModel):
            target = alias_target(schema, schemas)
            return conforms(value, target, schemas, depth + 1, strict=strict)
    return False


def alias_target(alias: ir.AliasModel, schemas: dict[str, ir.Schema]) -> ir.TypeExpr:
    """What a chain of plain aliases (`A = B`, `B = C`, ...) finally names, followed in a loop:
    a chain thousands of links long costs no step of the bounds above (a cycle stops it)."""
    target, seen = alias.target, {alias.name}
    while isinstance(target, ir.Ref) and target.name not in seen:
        nxt = schemas.get(target.name)
        if not isinstance(nxt, ir.AliasModel):
            break
        seen.add(target.name)
        target = nxt.target
    return target


def spec_example(*sources: object) -> tuple[object, bool]:
    """The first example the spec gives in `sources` (mappings, most specific first).

    Read in this order in each: `example`; `examples` as a list (JSON Schema, OpenAPI 3.1):
    its first item; `examples` as a map of Example Objects (parameters, media types): the
    first one's `value` (one with only an `externalValue` is skipped: nothing is fetched).
    Returns (value, True), or (None, False) when there is none.
    """
    for source in sources:
        if not isinstance(source, dict):
            continue
        if "example" in source:
            return source["example"], True
        examples = source.get("examples")
        if isinstance(examples, list) and examples:
            return examples[0], True
        if isinstance(examples, dict):
            for entry in examples.values():
                if isinstance(entry, dict) and "value" in entry:
                    return entry["value"], True
    return None, False
