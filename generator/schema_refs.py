"""Reference and allOf resolution for the schema converter: following `$ref`s (RFC 6901
pointers, percent-decoded; `$id`/`$anchor` names), and merging a schema's `allOf` parts.

Both work in linear time with no recursion depth: a chain of n `$ref` or `allOf` links is
followed once, each step remembered. `SchemaConverter` (schemas.py) inherits these methods and
owns the state they use (it sets every attribute declared below in its `__init__`).
"""

from __future__ import annotations

from typing import Any

from .diagnostics import Diagnostics, pointer_join
from .pointers import pointer_part

COMPONENT_PREFIX = "#/components/schemas/"
# Sections of `components` whose entries are not schemas (a `$ref` to one cannot be a type).
_NOT_SCHEMAS = frozenset(
    {"parameters", "responses", "requestBodies", "headers", "examples", "links", "callbacks",
     "securitySchemes", "pathItems"}
)  # fmt: skip

# A merged allOf: properties (name -> (pointer, schema)), required names, additionalProperties.
_Merged = tuple[dict[str, tuple[str, Any]], set[str], Any, str]


class RefResolver:
    """Follows `$ref`s and merges `allOf` parts within one document."""

    doc: dict[str, Any]
    diags: Diagnostics
    components: dict[str, Any]  # components/schemas
    component_names: dict[str, str]  # component key -> class name
    _ids: dict[str, tuple[str, Any]]  # JSON Schema `$id`/`$anchor` -> (pointer, schema)
    _derefs: dict[int, Any]  # id of a `$ref` schema -> the schema it leads to
    _merges: dict[tuple[int, str], _Merged]  # (id(schema), pointer) -> merged

    # --- references --------------------------------------------------------------------------

    def resolve(self, ref: Any, pointer: str) -> tuple[str, Any] | None:
        """Follow a local `$ref`; report and return None for anything else."""
        if not isinstance(ref, str):
            self.diags.warning(
                "`$ref` is not a string; treated as any value",
                pointer,
                "in YAML, quote the reference: `$ref: '#/components/schemas/X'` "
                "(an unquoted `#` starts a comment)",
            )
            return None
        if ref in self._ids:  # OpenAPI 3.1: a schema named by its `$id` or `$anchor`
            return self._ids[ref]
        if not ref.startswith("#"):
            self.diags.error(
                f"`$ref` to another document ({ref!r}) is not followed",
                pointer,
                "bundle the spec into one file (e.g. `redocly bundle`); refs to URLs and other "
                "files are refused so a spec cannot make the generator read files or the network",
            )
            return None
        node: Any = self.doc
        steps: list[str] = []
        for raw in ref[1:].split("/")[1:] if ref != "#" else []:
            if isinstance(node, dict):
                part = next((p for p in pointer_part(raw) if p in node), None)
            elif isinstance(node, list) and raw.isdigit() and int(raw) < len(node):
                part = raw
            else:
                part = None
            if part is None:
                self.diags.error(f"`$ref` {ref!r} points to nothing", pointer)
                return None
            node = node[part] if isinstance(node, dict) else node[int(part)]
            steps.append(part)
        return pointer_join("", *steps), node

    def resolve_schema(self, ref: Any, pointer: str) -> tuple[str, Any] | None:
        """Like `resolve`, for a `$ref` where a schema is expected: a parameter, response or
        other non-schema component there is an error at `pointer`."""
        found = self.resolve(ref, pointer)
        if found is None:
            return None
        parts = found[0].split("/")
        if len(parts) == 4 and parts[1] == "components" and parts[2] in _NOT_SCHEMAS:
            self.diags.error(
                f"`$ref` {ref!r} names an entry of components/{parts[2]} where a schema is "
                "expected",
                pointer,
                f"refer to a schema (#/components/schemas/...), or to {ref}/schema",
            )
            return None
        return found

    def deref(self, schema: Any, pointer: str) -> Any:
        """The schema with `$ref`s followed (raw dict), for inspection only; each link once."""
        steps: dict[int, None] = {}
        while isinstance(schema, dict) and "$ref" in schema and id(schema) not in self._derefs:
            if id(schema) in steps:
                schema = {}  # a cycle of bare references; check_alias_cycles reports it
                break
            steps[id(schema)] = None
            found = self.resolve_schema(schema["$ref"], pointer)
            pointer, schema = found if found else (pointer, {})
        schema = self._derefs.get(id(schema), schema)
        self._derefs.update((step, schema) for step in steps)
        return schema

    def component_ref(self, ref: Any) -> str | None:
        """The class name of `#/components/schemas/<key>` (`~` and `%` escapes decoded)."""
        if not isinstance(ref, str) or not ref.startswith(COMPONENT_PREFIX):
            return None
        rest = ref[len(COMPONENT_PREFIX) :]
        if "/" in rest:
            return None  # a pointer into a schema, not to one
        return next(
            (self.component_names[k] for k in pointer_part(rest) if k in self.component_names),
            None,
        )

    # --- allOf ---------------------------------------------------------------------------------

    def _merged(self, schema: dict[str, Any], pointer: str) -> _Merged:
        """Properties, required names and additionalProperties of a schema and its allOf.

        Each (schema, pointer) is merged once, with an explicit stack: a chain of n allOf links
        costs O(n) merges and no recursion depth. A cycle is reported and left out."""
        done = self._merges
        top = (id(schema), pointer)
        stack: list[tuple[Any, str, bool]] = [(schema, pointer, False)]
        active: set[tuple[int, str]] = set()
        while stack and top not in done:
            node, ptr, parts_done = stack.pop()
            key = (id(node), ptr)
            if parts_done:
                active.discard(key)
                done[key] = self._merge_one(node, ptr)
                continue
            if key in done:
                continue
            active.add(key)
            stack.append((node, ptr, True))
            for part_ptr, part in reversed(self._allof_parts(node, ptr)):
                part_key = (id(part), part_ptr)
                if part_key in active:
                    self.diags.error("allOf leads back to this schema (a cycle)", part_ptr)
                elif part_key not in done:
                    stack.append((part, part_ptr, False))
        return done.get(top) or ({}, set(), None, "")

    def _allof_parts(self, schema: dict[str, Any], pointer: str) -> list[tuple[str, Any]]:
        """The allOf parts of `schema` that are objects, with `$ref`s followed."""
        parts: list[tuple[str, Any]] = []
        raw = schema.get("allOf")
        for index, part in enumerate(raw if isinstance(raw, list) else []):
            part_ptr = pointer_join(pointer, "allOf", index)
            if isinstance(part, dict) and "$ref" in part:
                found = self.resolve_schema(part["$ref"], part_ptr)
                if found is None:
                    continue
                part_ptr, part = found
            if isinstance(part, dict):
                parts.append((part_ptr, part))
        return parts

    def _merge_one(self, schema: dict[str, Any], pointer: str) -> _Merged:
        """Merge `schema` over its allOf parts, which are merged already (or in a cycle)."""
        properties: dict[str, tuple[str, Any]] = {}
        required: set[str] = set()
        extra: Any = None
        extra_ptr = ""
        for part_ptr, part in self._allof_parts(schema, pointer):
            merged = self._merges.get((id(part), part_ptr))
            if merged is None:
                continue  # in a cycle, reported
            sub_props, sub_req, sub_extra, sub_ptr = merged
            properties.update(sub_props)
            required |= sub_req
            if sub_extra is not None:
                extra, extra_ptr = sub_extra, sub_ptr
        own = schema.get("properties")
        if isinstance(own, dict):
            for prop, sub in own.items():
                properties[str(prop)] = (pointer_join(pointer, "properties", prop), sub)
        if isinstance(schema.get("required"), list):
            required |= {str(r) for r in schema["required"]}
        if "additionalProperties" in schema:
            extra = schema["additionalProperties"]
            extra_ptr = pointer_join(pointer, "additionalProperties")
        return properties, required, extra, extra_ptr


def properties_of(schema: Any, conv: RefResolver) -> dict[str, Any]:
    if not isinstance(schema, dict):
        return {}
    props, _req, _extra, _ptr = conv._merged(schema, "")
    return {k: conv.deref(v, p) for k, (p, v) in props.items()}
