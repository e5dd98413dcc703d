"""Turn JSON Schema objects into IR types and named schemas.

Component schemas keep their names (the exceptions: model_names.py); inline objects are named
`<Parent><Property>`. Component names are reserved before any inline name is made, so adding a
schema to a spec never renames an existing class.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from . import ir
from .diagnostics import Diagnostics, pointer_join
from .graph import all_unions
from .model_names import component_names
from .model_names import variant_hints as _variant_hints
from .names import capped, pascal, unique
from .pointers import schema_ids
from .samples import spec_example
from .schema_refs import COMPONENT_PREFIX, RefResolver, _Merged
from .schema_refs import properties_of as _properties


class SchemaConverter(RefResolver):
    """Converts schemas to `ir.TypeExpr`, defining named models as it goes."""

    def __init__(self, doc: dict[str, Any], diags: Diagnostics) -> None:
        self.doc = doc
        self.diags = diags
        self.models: dict[str, ir.Schema] = {}  # class name -> schema, in definition order
        self.taken: set[str] = set()  # lower-cased; targets map names that clash with theirs
        self._by_id: dict[int, ir.TypeExpr] = {}  # inline schema dict -> its named Ref
        self._defining: set[str] = set()
        self._merges: dict[tuple[int, str], _Merged] = {}  # (id(schema), pointer) -> merged
        self._chains: dict[str, ir.TypeExpr] = {}  # pointer reached by a `$ref` -> its type
        self._derefs: dict[int, Any] = {}  # id of a `$ref` schema -> the schema it leads to
        self._ids = schema_ids(doc)  # JSON Schema `$id`/`$anchor` -> (pointer, schema)
        components = (doc.get("components") or {}).get("schemas") or {}
        self.components: dict[str, Any] = components if isinstance(components, dict) else {}
        self.component_names = component_names(self.components, self.taken)

    # --- entry points ------------------------------------------------------------------------

    def define_components(self) -> None:
        """Define every component schema, in spec order."""
        for key in self.components:
            self.define_component(key)

    def define_component(self, key: str) -> str:
        """Define component `key` (once) and return its class name."""
        name = self.component_names[key]
        if name not in self.models and name not in self._defining:
            pointer = pointer_join("/components/schemas", key)
            self._define_named(self.components[key], pointer, name)
        return name

    def convert(self, schema: Any, pointer: str, hint: str) -> ir.TypeExpr:
        """The type of `schema`; inline objects become models named after `hint`."""
        if schema is True or schema == {} or schema is None:
            return ir.Prim("any")
        if schema is False:
            return ir.Prim("null")
        if not isinstance(schema, dict):
            self.diags.warning("schema is not an object; treated as any value", pointer)
            return ir.Prim("any")
        result = self._convert(schema, pointer, hint)
        if schema.get("nullable") is True or self._names_nullable_model(schema, pointer):
            return _nullable(result)
        return result

    def _names_nullable_model(self, schema: dict[str, Any], pointer: str) -> bool:
        """A `$ref` to an object component that is itself nullable (`nullable: true`, 3.1
        `type: [object, 'null']`) admits null wherever it is used (a property, an array item, a
        map value, a union branch, a body): the component's class is a model, not an Optional
        alias, so the reference carries the `None`."""
        if "$ref" not in schema:
            return _is_merge(schema) and self._merge_admits_null(schema, pointer)
        raw = self.deref(schema, pointer)
        return isinstance(raw, dict) and raw.get("nullable") is True and _is_named_kind(raw)

    def _makes_model(self, schema: dict[str, Any], pointer: str) -> bool:
        """`_is_merge`, except an `allOf` of one non-object schema plus parts that only describe
        (`allOf: [{$ref: Mode}, {description: ...}]` with Mode a string enum, `allOf: [{type:
        array, items: ...}, {}]`): that is the one part's type, not an object model."""
        if not _is_merge(schema) or schema.get("properties"):
            return _is_merge(schema)
        kept = [p for p in schema["allOf"] if not (isinstance(p, dict) and set(p) <= _ANNOTATIONS)]
        if len(kept) != 1 or not isinstance(kept[0], dict):
            return True
        target = self.deref(kept[0], pointer) if "$ref" in kept[0] else kept[0]
        if not isinstance(target, dict) or not target:
            return True
        kind = target.get("type")
        return (
            _is_named_kind(target) or kind == "object" or ("$ref" not in kept[0] and kind is None)
        )

    def _merge_admits_null(self, schema: dict[str, Any], pointer: str) -> bool:
        """`allOf` admits null when every part does: each is nullable or constrains nothing
        (`allOf: [{$ref: NullableWindow}, {}]`, a common way to attach a description)."""
        if schema.get("properties") or schema.get("type") not in (None, "object"):
            return False
        parts = [self.deref(p, pointer) for p in schema["allOf"]]
        return any(isinstance(p, dict) and p.get("nullable") is True for p in parts) and all(
            isinstance(p, dict) and (p.get("nullable") is True or set(p) <= _ANNOTATIONS)
            for p in parts
        )

    # --- conversion --------------------------------------------------------------------------

    def _convert(self, schema: dict[str, Any], pointer: str, hint: str) -> ir.TypeExpr:
        if "$ref" in schema:
            return self._ref(schema["$ref"], pointer, hint)
        known = self._by_id.get(id(schema))
        if known is not None:
            return known
        if (
            _is_object(schema)
            or self._makes_model(schema, pointer)
            or self._narrows(schema, pointer)
        ):
            name = unique(capped(pascal(schema.get("title") or hint)), self.taken)
            ref = ir.Ref(name)
            self._by_id[id(schema)] = ref
            self._define_named(schema, pointer, name)
            return ref
        return self._anonymous(schema, pointer, hint)

    def _ref(self, ref: Any, pointer: str, hint: str) -> ir.TypeExpr:
        # A chain of bare references (`{$ref: ...}` to `{$ref: ...}`) is followed in a loop and
        # each step's type remembered: its length costs neither recursion nor repeated work.
        steps: dict[str, None] = {}  # pointers reached, in order
        result: ir.TypeExpr = ir.Prim("any")
        while (name := self.component_ref(ref)) is None:
            found = self.resolve_schema(ref, pointer)
            if found is None or found[0] in self._chains:
                result = self._chains[found[0]] if found else result
                break
            target_pointer, target = found
            if target_pointer in steps:
                self.diags.error(f"`$ref` {ref!r} leads back to itself (a cycle)", pointer)
                break
            steps[target_pointer] = None
            if not (isinstance(target, dict) and "$ref" in target and len(target) == 1):
                result = self.convert(target, target_pointer, pascal(target_pointer.split("/")[-1]))
                break
            ref, pointer = target["$ref"], target_pointer
        else:
            result = ir.Ref(name)
        self._chains.update((step, result) for step in steps)
        return result

    def _anonymous(self, schema: dict[str, Any], pointer: str, hint: str) -> ir.TypeExpr:
        for key in ("oneOf", "anyOf"):
            if isinstance(schema.get(key), list) and schema[key]:
                return self._union(schema, key, pointer, hint)
        if isinstance(schema.get("allOf"), list) and schema["allOf"]:
            parts = schema["allOf"]
            # Not a merge: one part, or scalar parts; the first part that says a type gives it
            # (`allOf: [{type: string, nullable: true}, {nullable: false}]` is a string).
            typed = [i for i, p in enumerate(parts) if isinstance(p, dict) and _says_type(p)]
            first = typed[0] if typed else 0
            return self.convert(parts[first], pointer_join(pointer, "allOf", first), hint)
        values = self._enum(schema, pointer)
        if values:
            return ir.EnumOf(values)
        kind = schema.get("type")
        if kind == "array" or (kind is None and "items" in schema):
            items = schema.get("items")
            if isinstance(items, list) and items:
                return self._tuple_items(schema, kind, pointer, hint)
            if isinstance(items, list):
                items = {}
            return ir.ArrayOf(self.convert(items, pointer_join(pointer, "items"), hint + "Item"))
        # `additionalProperties` applies to objects only: beside `type: string` it says nothing.
        mapping = "additionalProperties" in schema or "patternProperties" in schema
        if kind == "object" or (mapping and kind is None):
            return self._map(schema, pointer, hint)
        if kind == "string" or (kind is None and "contentMediaType" in schema):
            fmt = str(schema.get("format") or "")
            if fmt == "binary" or _is_binary_content(schema):
                return ir.Prim("binary", fmt)
            return ir.Prim("string", fmt)
        if kind in ("integer", "number", "boolean", "null"):
            return ir.Prim(kind, str(schema.get("format") or ""))
        if kind is not None and kind != "object":
            self.diags.warning(f"unknown schema type {kind!r}; treated as any value", pointer)
        return ir.Prim("any")

    def _enum(self, schema: dict[str, Any], pointer: str) -> tuple[ir.Scalar, ...]:
        values = _dedupe(schema["enum"]) if isinstance(schema.get("enum"), list) else ()
        if not values and schema.get("enum"):
            message = "enum lists no strings, numbers or booleans; its values are not checked"
            self.diags.warning(message, pointer_join(pointer, "enum"))
        return values

    def _map(self, schema: dict[str, Any], pointer: str, hint: str) -> ir.TypeExpr:
        extra = schema.get("additionalProperties")
        if isinstance(extra, dict) and extra:
            return ir.MapOf(
                self.convert(extra, pointer_join(pointer, "additionalProperties"), hint + "Value")
            )
        patterns = schema.get("patternProperties")
        if isinstance(patterns, dict) and len(patterns) == 1:
            ((pattern, sub),) = patterns.items()
            return ir.MapOf(
                self.convert(sub, pointer_join(pointer, "patternProperties", pattern), hint)
            )
        return ir.MapOf(ir.Prim("any"))

    def _tuple_items(
        self, schema: dict[str, Any], kind: Any, pointer: str, hint: str
    ) -> ir.TypeExpr:
        """Draft 4's tuple form, `items: [A, B]`: position i has schema i and later positions
        any schema, so an item is any of them. Without `type: array` the keyword constrains
        arrays only and any other value is valid too: the type is the array or one of the
        positions' types (a spec that meant `oneOf` with this spelling still parses)."""
        item = self._union(schema, "items", pointer, hint + "Item")
        if kind == "array" or (isinstance(item, ir.Prim) and item.kind == "any"):
            return ir.ArrayOf(item)
        alone = list(item.variants) if isinstance(item, ir.UnionOf) else [item]
        return ir.UnionOf((ir.ArrayOf(item), *alone), None)

    def _union(self, schema: dict[str, Any], key: str, pointer: str, hint: str) -> ir.TypeExpr:
        raw_variants = schema[key]
        variants: list[ir.TypeExpr] = []
        hints = _variant_hints(raw_variants, hint)
        for index, variant in enumerate(raw_variants):
            converted = self.convert(variant, pointer_join(pointer, key, index), hints[index])
            if converted not in variants:
                variants.append(converted)
        if len(variants) == 1:
            return variants[0]
        if any(isinstance(v, ir.Prim) and v.kind == "any" for v in variants):
            return ir.Prim("any")
        discriminator = self._discriminator(schema, raw_variants, variants, pointer)
        return ir.UnionOf(tuple(variants), discriminator)

    def _discriminator(
        self,
        schema: dict[str, Any],
        raw_variants: list[Any],
        variants: list[ir.TypeExpr],
        pointer: str,
    ) -> ir.Discriminator | None:
        if not all(isinstance(v, ir.Ref) for v in variants) or len(variants) != len(raw_variants):
            return None
        names = [v.name for v in variants if isinstance(v, ir.Ref)]
        resolved = [self.deref(v, pointer) for v in raw_variants]
        if not all(isinstance(r, dict) and _properties(r, self) for r in resolved):
            return None
        declared = schema.get("discriminator")
        if isinstance(declared, dict) and isinstance(declared.get("propertyName"), str):
            prop = declared["propertyName"]
            mapping: list[tuple[ir.Scalar, str]] = []
            raw_mapping = declared.get("mapping")
            explicit: dict[str, Any] = raw_mapping if isinstance(raw_mapping, dict) else {}
            by_ref: dict[str, list[ir.Scalar]] = {}
            for value, ref in explicit.items():
                if isinstance(ref, str) and ref in self.components and not ref.startswith("#"):
                    ref = pointer_join(COMPONENT_PREFIX[:-1], ref)  # a bare schema name
                target = self._ref(ref, pointer, "")
                if isinstance(target, ir.Ref):
                    by_ref.setdefault(target.name, []).append(value)
            for name, raw in zip(names, resolved, strict=True):
                tags = by_ref.get(name) or _single_values(_properties(raw, self).get(prop), self)
                if not tags:
                    key = next((k for k, n in self.component_names.items() if n == name), name)
                    tags = [key]
                mapping.extend((v, name) for v in tags)
            owners: dict[ir.Scalar, str] = {}
            for tag_value, variant in mapping:
                if owners.setdefault(tag_value, variant) != variant:
                    self.diags.warning(
                        f"discriminator {prop!r} cannot tell {owners[tag_value]} from {variant} "
                        f"(both use {tag_value!r}); the union is matched by shape instead",
                        pointer,
                    )
                    return None
            return ir.Discriminator(prop, tuple(mapping), inferred=False)
        # Inferred: a property that every variant has, each with one distinct literal value.
        first = _properties(resolved[0], self)
        for prop in first:
            values: list[ir.Scalar] = []
            for raw in resolved:
                single = _single_values(_properties(raw, self).get(prop), self)
                if len(single) != 1:
                    break
                values.append(single[0])
            else:
                if len(set(values)) == len(values):
                    return ir.Discriminator(prop, tuple(zip(values, names, strict=True)), True)
        return None

    # --- named schemas -----------------------------------------------------------------------

    def _define_named(self, schema: Any, pointer: str, name: str) -> None:
        self._defining.add(name)
        try:
            self.models[name] = self._build_named(schema, pointer, name)
        finally:
            self._defining.discard(name)

    def _build_named(self, schema: Any, pointer: str, name: str) -> ir.Schema:
        description = _text(schema.get("description")) if isinstance(schema, dict) else ""
        if not isinstance(schema, dict):
            return ir.AliasModel(name, self.convert(schema, pointer, name), "", pointer)
        if (
            _is_object(schema)
            or self._makes_model(schema, pointer)
            or self._narrows(schema, pointer)
        ):
            return self._object(schema, pointer, name, description)
        values = self._enum(schema, pointer) if "$ref" not in schema else ()
        if values:
            if schema.get("nullable") is True:
                return ir.AliasModel(name, ir.Nullable(ir.EnumOf(values)), description, pointer)
            return ir.EnumModel(name, values, description, pointer)
        target = self._anonymous(schema, pointer, name) if "$ref" not in schema else None
        if target is None:
            target = self._ref(schema["$ref"], pointer, name)
        if schema.get("nullable") is True:
            target = _nullable(target)
        if isinstance(target, ir.UnionOf):
            return ir.UnionModel(name, target, description, pointer)
        return ir.AliasModel(name, target, description, pointer)

    def _object(
        self, schema: dict[str, Any], pointer: str, name: str, description: str
    ) -> ir.ObjectModel:
        properties, required, extra_schema, extra_ptr = self._merged(schema, pointer)
        fields: list[ir.Field] = []
        for prop, (prop_ptr, sub) in properties.items():
            raw = self.deref(sub, prop_ptr) if isinstance(sub, dict) else {}
            raw = raw if isinstance(raw, dict) else {}
            own = sub if isinstance(sub, dict) else {}
            fields.append(
                ir.Field(
                    name=prop,
                    type=self.convert(sub, prop_ptr, name + pascal(prop, "Field")),
                    required=prop in required,
                    description=_text(own.get("description") or raw.get("description")),
                    default=own.get("default", raw.get("default")),
                    has_default="default" in own or "default" in raw,
                    read_only=bool(own.get("readOnly") or raw.get("readOnly")),
                    write_only=bool(own.get("writeOnly") or raw.get("writeOnly")),
                    deprecated=bool(own.get("deprecated") or raw.get("deprecated")),
                    example=spec_example(own, raw)[0],
                    has_example=spec_example(own, raw)[1],
                )
            )
        fields += self._undeclared_required(required, properties, extra_schema, extra_ptr, name)
        extra: ir.TypeExpr | None = None
        if isinstance(extra_schema, dict):
            extra = (
                self.convert(extra_schema, extra_ptr, name + "Value")
                if extra_schema
                else (ir.Prim("any"))
            )
        elif extra_schema is True:
            extra = ir.Prim("any")
        return ir.ObjectModel(
            name=name,
            fields=tuple(fields),
            description=description,
            extra=extra,
            deprecated=bool(schema.get("deprecated")),
            pointer=pointer,
        )

    def _narrows(self, schema: dict[str, Any], pointer: str) -> bool:
        """True for `{allOf: [<object>], required: [...]}` whose `required` adds names: its own
        model (the part's fields, these required), not an alias of the part."""
        parts, own = schema.get("allOf"), schema.get("required")
        if not (isinstance(parts, list) and len(parts) == 1 and isinstance(own, list) and own):
            return False
        if "$ref" in schema or schema.get("oneOf") or schema.get("anyOf"):
            return False
        props, required, _extra, _ptr = self._merged(schema, pointer)
        part = self._allof_parts(schema, pointer)
        before = self._merged(part[0][1], part[0][0])[1] if part else set()
        return bool(props) and bool(required - before)

    def _undeclared_required(
        self,
        required: set[str],
        properties: dict[str, tuple[str, Any]],
        extra_schema: Any,
        extra_ptr: str,
        name: str,
    ) -> list[ir.Field]:
        """Fields for the `required` names that `properties` does not declare (JSON Schema lets
        `required` name any property): typed by `additionalProperties` (any JSON value without
        one); none when `additionalProperties: false` forbids them (no value is valid then).

        Not required in the model: a response that lacks the property is still read, while a
        request can pass it (a spec-valid request has it)."""
        if extra_schema is False:
            return []
        out = []
        for prop in sorted(required - set(properties)):
            if isinstance(extra_schema, dict) and extra_schema:
                kind = self.convert(extra_schema, extra_ptr, name + pascal(prop, "Field"))
            else:
                kind = ir.Prim("any")
            out.append(ir.Field(name=prop, type=kind, required=False))
        return out

    # --- post-processing ---------------------------------------------------------------------

    def pin_discriminators(self) -> None:
        """Give each variant's tag field the literal values its unions map to it."""
        pins: dict[tuple[str, str], list[ir.Scalar]] = {}
        for union in all_unions(self.models.values()):
            if union.discriminator is None:
                continue
            for value, variant in union.discriminator.mapping:
                pins.setdefault((variant, union.discriminator.property), []).append(value)
        for (variant, prop), values in pins.items():
            model = self.models.get(variant)
            if not isinstance(model, ir.ObjectModel):
                continue
            fields = []
            for f in model.fields:
                if f.name == prop:
                    # The tag keeps the field's own required-ness: a variant can be used on its
                    # own, where a server may leave the tag out.
                    f = dataclasses.replace(f, type=ir.EnumOf(_dedupe(values)))
                fields.append(f)
            if not any(f.name == prop for f in model.fields):
                fields.append(ir.Field(prop, ir.EnumOf(_dedupe(values)), False))
            self.models[variant] = dataclasses.replace(model, fields=tuple(fields))

    def check_alias_cycles(self) -> None:
        """A cycle of bare references (`A: {$ref: B}`, `B: {$ref: A}`) names no type (each
        model is walked once: a chain of n aliases costs O(n))."""
        checked: set[str] = set()
        for start in self.models:
            trail: dict[str, int] = {}  # name -> index in the walk from `start`
            name: str | None = start
            while name is not None and name not in checked:
                if name in trail:
                    chain = " -> ".join([*list(trail)[trail[name] :], name])
                    self.diags.error(
                        f"schemas refer to each other in a cycle with no type: {chain}",
                        self.models[name].pointer,
                        "give one of them a real type (an object, array or primitive)",
                    )
                    break
                trail[name] = len(trail)
                model = self.models.get(name)
                target = _strip(model.target) if isinstance(model, ir.AliasModel) else None
                name = target.name if isinstance(target, ir.Ref) else None
            checked.update(trail)


def _strip(t: ir.TypeExpr) -> ir.TypeExpr:
    return t.inner if isinstance(t, ir.Nullable) else t


def _nullable(t: ir.TypeExpr) -> ir.TypeExpr:
    if isinstance(t, ir.Nullable) or (isinstance(t, ir.Prim) and t.kind in ("null", "any")):
        return t
    return ir.Nullable(t)


def _is_binary_content(schema: dict[str, Any]) -> bool:
    """OpenAPI 3.1's spelling of raw bytes (a file): `contentEncoding: binary`, or a
    `contentMediaType` that is not text or JSON with no `contentEncoding` (base64 is text)."""
    encoding = schema.get("contentEncoding")
    if isinstance(encoding, str):
        return encoding.lower() in ("binary", "8bit")
    media = schema.get("contentMediaType")
    if not isinstance(media, str) or not media:
        return False
    mime = media.split(";", 1)[0].strip().lower()
    return not (mime.startswith("text/") or mime == "application/json" or mime.endswith("+json"))


def _is_object(schema: dict[str, Any]) -> bool:
    return (
        isinstance(schema.get("properties"), dict)
        and bool(schema["properties"])
        and not (schema.get("oneOf") or schema.get("anyOf"))
    )


def _is_merge(schema: dict[str, Any]) -> bool:
    """An `allOf` whose parts merge into one object model: it has properties of its own, or
    several parts of which one may hold an object. `allOf` over scalar parts only (a type plus
    bare constraints such as `nullable: false` or `maxLength`) is that scalar, not a model."""
    parts = schema.get("allOf")
    if not isinstance(parts, list) or not parts:
        return False
    if schema.get("properties"):
        return True
    return len(parts) > 1 and not all(_is_scalar_part(p) for p in parts)


# Keywords that describe a value without constraining it.
_ANNOTATIONS = frozenset(
    {"description", "title", "example", "examples", "default", "deprecated", "readOnly",
     "writeOnly", "externalDocs", "$comment"}
)  # fmt: skip
_SCALAR_TYPES = frozenset({"string", "integer", "number", "boolean", "null"})
_STRUCTURE_KEYS = ("$ref", "properties", "additionalProperties", "items", "allOf", "oneOf", "anyOf")


def _is_scalar_part(part: Any) -> bool:
    """An `allOf` part that cannot hold an object: a scalar `type` or no type at all, and no
    reference, properties, items or sub-combinators."""
    if not isinstance(part, dict) or any(key in part for key in _STRUCTURE_KEYS):
        return False
    kind = part.get("type")
    kinds = kind if isinstance(kind, list) else [kind]
    return all(k is None or k in _SCALAR_TYPES for k in kinds)


def _says_type(part: dict[str, Any]) -> bool:
    return any(key in part for key in ("type", "$ref", "enum", "const", "oneOf", "anyOf", "allOf"))


def _is_named_kind(schema: dict[str, Any]) -> bool:
    return _is_object(schema) or _is_merge(schema)


def _single_values(prop: Any, conv: SchemaConverter) -> list[ir.Scalar]:
    if not isinstance(prop, dict):
        return []
    values = prop.get("enum")
    if isinstance(values, list) and len(values) == 1 and _is_scalar(values[0]):
        return [values[0]]
    return []


def _is_scalar(value: Any) -> bool:
    return isinstance(value, str | int | float | bool)


def _dedupe(values: list[Any]) -> tuple[ir.Scalar, ...]:
    out: list[ir.Scalar] = []
    for v in values:
        if _is_scalar(v) and not any(type(v) is type(o) and v == o for o in out):
            out.append(v)
    return tuple(out)


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""
