"""Go types for IR types, and the `components` package namespace they live in.

Named schemas keep their IR class names; inline string enums and inline unions get a named
type too (Go has no anonymous sum types), named after where they first appear. Every
top-level name of the `components` package is allocated here, so none can collide.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import ir
from ..model_names import enum_names, enum_uses
from .escape import comment_lines, go_literal, go_str, json_text
from .names import go_pascal as pascal
from .names import schema_short_names


def go_unique(name: str, taken: set[str]) -> str:
    """`name`, or `name2`, `name3`... not in `taken` (case-sensitive, as Go is), added to it.

    Not `names.unique`: that one rebuilds a case-folded set on every call, which is quadratic
    for the thousands of names a large spec puts into one Go package.
    """
    candidate, n = name, 2
    while candidate in taken:
        candidate = f"{name}{n}"
        n += 1
    taken.add(candidate)
    return candidate


# Names the verbatim runtime files of `components` declare.
COMPONENTS_RUNTIME = (
    "Nullable",
    "NullableValue",
    "Null",
    "File",
    "Date",
    "NewDate",
    "DateOf",
    "ParseDate",
    "MustParseDate",
    "MustParseDateTime",
)

_PRIMS = {
    "string": "string",
    "integer": "int64",
    "number": "float64",
    "boolean": "bool",
    "any": "any",
    "null": "any",
}
# JSON kinds (first byte classes, see components/json.go) each type accepts.
_ALL_KINDS = '"0t[{n'


@dataclass
class ConstView:
    """One constant of a string (or number) enum type."""

    name: str
    value: str  # Go literal


@dataclass
class VariantView:
    """One variant of a union type."""

    label: str  # field name and constructor suffix
    type: str  # the field's Go type (a pointer unless nil-able)
    value_type: str  # the constructor argument's type
    pointer: bool  # the field holds a pointer to the value
    const: str  # the union's kind constant for this variant
    ctor: str  # constructor function name
    kinds: str  # JSON kinds it can decode from
    tags: list[tuple[str, bool]] = field(default_factory=list)  # (tag, is string) mapped here
    # One-value string enum members of a struct variant the constructor sets:
    # (Go field, go_str literal, held by pointer).
    fills: list[tuple[str, str, bool]] = field(default_factory=list)


@dataclass
class FieldView:
    """One struct field."""

    ident: str
    type: str
    tag: str  # the whole struct tag, backquoted
    doc: list[str]
    wire: str  # go_str of the wire name
    special: bool = False  # wire name not usable as an encoding/json tag


@dataclass
class ModelView:
    """One top-level type of the `components` package."""

    kind: str  # "struct" | "enum" | "alias" | "union"
    name: str
    doc: list[str] = field(default_factory=list)
    fields: list[FieldView] = field(default_factory=list)
    extra: str = ""  # Go type of additional property values, "" if none
    known: list[str] = field(default_factory=list)  # go_str of every declared wire name
    base: str = ""  # enum base type, or alias target
    consts: list[ConstView] = field(default_factory=list)
    kind_type: str = ""  # union: name of its kind type
    variants: list[VariantView] = field(default_factory=list)
    discriminator: str = ""  # go_str of the tag property, "" if none
    null_ok: bool = False  # union: JSON null decodes to the zero value
    deprecated: bool = False
    defined: bool = False  # alias: written as a defined type (`type A []B`), on an alias cycle


def _json_tag_ok(name: str) -> bool:
    """Whether encoding/json accepts `name` as a tag name (its isValidTag rule)."""
    if not name:
        return False
    for ch in name:
        if ch in "!#$%&()*+-./:;<=>?@[]^_{|}~ ":
            continue
        if not (ch.isalpha() or ch.isdigit()):
            return False
    return True


class GoTypes:
    """Maps IR types to Go type expressions and owns the `components` names."""

    def __init__(self, api: ir.Api) -> None:
        self.schemas = {s.name: s for s in api.schemas}
        self.taken: set[str] = set(COMPONENTS_RUNTIME)
        self.names: dict[str, str] = {}
        short = schema_short_names([s.name for s in api.schemas])
        for s in api.schemas:
            self.names[s.name] = go_unique(short[s.name], self.taken)
        self.synthesized: dict[ir.TypeExpr, str] = {}
        # Inline enums shared by several fields or parameters: named after the property.
        self.enum_names = enum_names(enum_uses(api), self.names.values())
        self.synth_views: list[ModelView] = []
        self.pointer_edges: set[tuple[str, str]] = set()  # (model, field wire) held by pointer
        # Packages the qualified types printed so far name (`components`): a file's imports
        # are collected from here as its types are built (see `packages`).
        self.used: set[str] = set()

    def packages(self) -> set[str]:
        """The packages named since the last call, and start collecting afresh."""
        used, self.used = self.used, set()
        return used

    def _q(self, qual: str, name: str) -> str:
        if qual:
            self.used.add(qual.rstrip("."))
        return qual + name

    def alloc(self, name: str) -> str:
        """A fresh top-level name in `components`."""
        return go_unique(name, self.taken)

    # --- inspection -----------------------------------------------------------------------

    def resolve(self, t: ir.TypeExpr) -> ir.TypeExpr:
        """`t` with aliases followed (not Nullable)."""
        seen: set[str] = set()
        while isinstance(t, ir.Ref) and t.name not in seen:
            seen.add(t.name)
            schema = self.schemas.get(t.name)
            if not isinstance(schema, ir.AliasModel):
                return t
            t = schema.target
        return t

    def nilable(self, t: ir.TypeExpr) -> bool:
        """Whether the Go type of `t` has nil (slices, maps, any, pointers)."""
        r = self.resolve(t)
        if isinstance(r, ir.Nullable):
            return True
        if isinstance(r, ir.ArrayOf | ir.MapOf):
            return True
        if isinstance(r, ir.Prim):
            return r.kind in ("any", "null")
        if isinstance(r, ir.EnumOf):
            return self._enum_base(r.values) == "any"
        if isinstance(r, ir.Ref):
            schema = self.schemas.get(r.name)
            return isinstance(schema, ir.EnumModel) and self._enum_base(schema.values) == "any"
        return False

    def kinds(self, t: ir.TypeExpr) -> str:
        """The JSON kinds a value of `t` may arrive as."""
        r = self.resolve(t)
        if isinstance(r, ir.Nullable):
            return self.kinds(r.inner) + "n"
        if isinstance(r, ir.Prim):
            return {
                "string": '"',
                "integer": "0",
                "number": "0",
                "boolean": "t",
                "binary": '"',
            }.get(r.kind, _ALL_KINDS)
        if isinstance(r, ir.ArrayOf):
            return "["
        if isinstance(r, ir.MapOf):
            return "{"
        if isinstance(r, ir.EnumOf):
            return self._enum_kinds(r.values)
        if isinstance(r, ir.UnionOf):
            return "".join(sorted({k for v in r.variants for k in self.kinds(v)}))
        if isinstance(r, ir.Ref):
            schema = self.schemas.get(r.name)
            if isinstance(schema, ir.ObjectModel):
                return "{"
            if isinstance(schema, ir.EnumModel):
                return self._enum_kinds(schema.values)
            if isinstance(schema, ir.UnionModel):
                return self.kinds(schema.union)
        return _ALL_KINDS

    @staticmethod
    def _enum_base(values: tuple[ir.Scalar, ...]) -> str:
        if values and all(isinstance(v, str) for v in values):
            return "string"
        if values and all(isinstance(v, int) and not isinstance(v, bool) for v in values):
            return "int64"
        if values and all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
            return "float64"
        return "any"

    def _enum_kinds(self, values: tuple[ir.Scalar, ...]) -> str:
        base = self._enum_base(values)
        return {"string": '"', "int64": "0", "float64": "0"}.get(base, _ALL_KINDS)

    # --- type expressions -----------------------------------------------------------------

    def go(self, t: ir.TypeExpr, hint: str, qual: str = "") -> str:
        """The Go type of `t`; `qual` is "components." outside that package.

        Nullable here (array items, map values, parameters) becomes a pointer; struct fields
        use `field_type` instead, which knows about Nullable[T] and omission.
        """
        if isinstance(t, ir.Nullable):
            inner = self.go(t.inner, hint, qual)
            return inner if self.nilable(t.inner) else "*" + inner
        if isinstance(t, ir.Prim):
            if t.kind == "binary":
                return self._q(qual, "File")
            if t.kind == "string" and t.format == "date-time":
                self.used.add("time")
                return "time.Time"
            if t.kind == "string" and t.format == "date":
                return self._q(qual, "Date")
            return _PRIMS[t.kind]
        if isinstance(t, ir.ArrayOf):
            return "[]" + self.go(t.items, hint + "Item", qual)
        if isinstance(t, ir.MapOf):
            return "map[string]" + self.go(t.values, hint + "Value", qual)
        if isinstance(t, ir.EnumOf):
            base = self._enum_base(t.values)
            if base != "string":
                return base
            return self._q(qual, self._synth_enum(t, hint))
        if isinstance(t, ir.Ref):
            return self._q(qual, self.names.get(t.name, "any"))
        if isinstance(t, ir.UnionOf):
            return self._q(qual, self._synth_union(t, hint))
        raise TypeError(f"unknown type expression {t!r}")

    def field_type(
        self, t: ir.TypeExpr, required: bool, hint: str, qual: str = "", by_pointer: bool = False
    ) -> tuple[str, bool]:
        """(Go type, omitempty) of a struct field; see the Nullable docs in the runtime."""
        if isinstance(t, ir.Nullable):
            inner = self.go(t.inner, hint, qual)
            if inner == "any":
                return "any", not required
            if by_pointer:
                inner = "*" + inner
            return f"{self._q(qual, 'Nullable')}[{inner}]", not required
        go = self.go(t, hint, qual)
        if required:
            return ("*" + go if by_pointer else go), False
        if self.nilable(t):
            return go, True
        return "*" + go, True

    # --- synthesized named types ----------------------------------------------------------

    def _synth_enum(self, t: ir.EnumOf, hint: str) -> str:
        if t in self.synthesized:
            return self.synthesized[t]
        name = self.alloc(pascal(self.enum_names.get(t, hint), "Enum"))
        self.synthesized[t] = name
        self.synth_views.append(self.enum_view(name, t.values, ""))
        return name

    def _synth_union(self, t: ir.UnionOf, hint: str) -> str:
        if t in self.synthesized:
            return self.synthesized[t]
        name = self.alloc(pascal(hint, "Union"))
        self.synthesized[t] = name
        view = ModelView("union", name)
        self.synth_views.append(view)
        self.fill_union(view, t)
        return name

    def enum_view(self, name: str, values: tuple[ir.Scalar, ...], description: str) -> ModelView:
        """A named enum: a string (or number) type with one constant per value."""
        base = self._enum_base(values)
        doc = comment_lines(description)
        if base == "any":
            return ModelView("alias", name, doc, base="any")
        consts = []
        for value in values:
            suffix = pascal(str(value), "Value")
            if isinstance(value, int | float) and not isinstance(value, bool):
                suffix = "Value" + pascal(str(value).replace("-", "minus ").replace(".", "_"), "")
            consts.append(ConstView(self.alloc(name + suffix), go_literal(value)))
        return ModelView("enum", name, doc, base=base, consts=consts)

    def fill_union(self, view: ModelView, union: ir.UnionOf) -> None:
        """Fill a union view: one variant per non-null type, a kind type and constructors."""
        view.kind_type = self.alloc(view.name + "Type")
        labels: set[str] = {"Type", "MarshalJSON", "UnmarshalJSON", "IsSet"}
        pairs: list[tuple[ir.TypeExpr, VariantView]] = []
        for index, variant in enumerate(union.variants):
            if isinstance(variant, ir.Prim) and variant.kind == "null":
                view.null_ok = True
                continue
            if isinstance(variant, ir.Nullable):
                view.null_ok = True
                variant = variant.inner
            label = go_unique(self._label(variant), labels)
            value_type = self.go(variant, f"{view.name}{index}")
            pointer = not self.nilable(variant)
            vv = VariantView(
                label=label,
                type=("*" + value_type) if pointer else value_type,
                value_type=value_type,
                pointer=pointer,
                const=self.alloc(view.kind_type + label),
                ctor=self._ctor_name(view.name, label),
                kinds=self.kinds(variant),
            )
            vv.fills = self._tag_fills(variant)
            view.variants.append(vv)
            pairs.append((variant, vv))
        disc = union.discriminator
        if disc is not None:
            view.discriminator = go_str(disc.property)
            by_name = {v.name: vv for v, vv in pairs if isinstance(v, ir.Ref)}
            for tag, target in disc.mapping:
                tagged = by_name.get(target)
                if tagged is None:
                    continue
                if isinstance(tag, str):
                    tagged.tags.append((go_str(tag), True))
                else:
                    tagged.tags.append((go_str(json_text(tag)), False))

    def _ctor_name(self, union: str, label: str) -> str:
        """`Create` + the union's name without its owner's + the variant label: for the
        `ArrayOfStr` variant of `CompletionCreateParamsPrompt` (the `prompt` member of
        `CompletionCreateParams`), `CreatePromptArrayOfStr`; the full name on a clash."""
        owners = [n for n in self.names.values() if union.startswith(n) and len(n) < len(union)]
        if owners:
            rest = union[len(max(owners, key=len)) :]
            candidate = f"Create{rest}{label}"
            if rest[:1].isupper() and candidate not in self.taken:
                return self.alloc(candidate)
        return self.alloc(f"Create{union}{label}")

    def _tag_fills(self, t: ir.TypeExpr) -> list[tuple[str, str, bool]]:
        """The one-value string enum members of a struct variant (its constant tags)."""
        target = self.schemas.get(t.name) if isinstance(t, ir.Ref) else None
        if not isinstance(target, ir.ObjectModel):
            return []
        fills = []
        idents = struct_idents(target)
        for f in target.fields:
            values = self._enum_values(f.type)
            if len(values) != 1 or not isinstance(values[0], str):
                continue
            by_pointer = (target.name, f.name) in self.pointer_edges
            if not f.required or by_pointer:
                pointer = True
            else:
                pointer = False
            fills.append((idents[f.name], go_str(values[0]), pointer))
        return fills

    def _enum_values(self, t: ir.TypeExpr) -> tuple[ir.Scalar, ...]:
        if isinstance(t, ir.EnumOf):
            return t.values
        if isinstance(t, ir.Ref):
            target = self.schemas.get(t.name)
            if isinstance(target, ir.EnumModel):
                return target.values
            if isinstance(target, ir.AliasModel):
                return self._enum_values(target.target)
        return ()

    def _label(self, t: ir.TypeExpr) -> str:
        if isinstance(t, ir.Nullable):
            return self._label(t.inner)
        if isinstance(t, ir.Prim):
            return {
                "string": "Str",
                "integer": "Integer",
                "number": "Number",
                "boolean": "Boolean",
                "binary": "File",
            }.get(t.kind, "Any")
        if isinstance(t, ir.ArrayOf):
            return "ArrayOf" + self._label(t.items)
        if isinstance(t, ir.MapOf):
            return "MapOf" + self._label(t.values)
        if isinstance(t, ir.Ref):
            return self.names.get(t.name, "Model")
        if isinstance(t, ir.EnumOf):
            return "Enum"
        return "Union"


def struct_idents(s: ir.ObjectModel) -> dict[str, str]:
    """The Go field name of each property of `s`, by wire name (the struct and its
    constructors' tag fills use the same)."""
    taken = {"MarshalJSON", "UnmarshalJSON"}
    if s.extra is not None:
        taken.add("AdditionalProperties")
    return {f.name: go_unique(pascal(f.name, "Field"), taken) for f in s.fields}
