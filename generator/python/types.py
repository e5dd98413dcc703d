"""Python annotations for IR types, in the two contexts generated code needs them.

Model modules are evaluated by pydantic at runtime, so they spell unions `Union[...]` and
`Optional[...]` (valid on Python 3.9); method signatures are never evaluated (postponed
annotations), so they use the lighter `A | B`.

Imports are collected structurally: every name a rendered type needs is recorded in `uses`
(module-level names: `List`, `_dt`, `typing`, `FileTypes`, ...) and every model it names in
`refs`, as each type node is printed; a module's import lines come from these sets. Inside
`with ann.runtime() as names:` the models named are also collected in `names` and left out of
`typing_refs` (the names only annotations use): a resource module imports the models its
annotations name for type checkers only, and each method imports the models its body evaluates
when it runs (so importing a resource loads no model module).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from .. import ir
from .escape import py_literal, py_str

PRIMS = {  # Python names of the IR's primitive kinds (docs use them too)
    "string": "str",
    "integer": "int",
    "number": "float",
    "boolean": "bool",
    "any": "object",
    "null": "None",
    "binary": "bytes",
}
_FORMATS = {"date-time": "_dt.datetime", "date": "_dt.date"}


class Annotations:
    """Renders types; `schemas` tells enums and objects apart for open enums and dict input."""

    def __init__(self, schemas: dict[str, ir.Schema], models_prefix: str) -> None:
        self.schemas = schemas
        self.prefix = models_prefix  # "" inside the models module, "models." elsewhere
        self.uses: set[str] = set()  # module-level names the printed annotations need
        self.refs: set[str] = set()  # model names the printed annotations name
        self.typing_refs: set[str] = set()  # those named outside `runtime()`
        self._runtime: set[str] | None = None

    @contextmanager
    def runtime(self) -> Iterator[set[str]]:
        """Collect the models named by expressions evaluated when the code runs."""
        outer, self._runtime = self._runtime, set()
        try:
            yield self._runtime
        finally:
            self._runtime = outer

    def use(self, name: str, ns: str = "") -> str:
        """`name` spelled in namespace `ns` ("" or "typing."), recording what it needs."""
        self.uses.add(ns.rstrip(".") if ns else name)
        return ns + name

    def _ref(self, name: str) -> str:
        self.refs.add(name)
        (self.typing_refs if self._runtime is None else self._runtime).add(name)
        return self.prefix + name

    def _format(self, fmt: str) -> str:
        self.uses.add("_dt")
        return _FORMATS[fmt]

    # --- models module -----------------------------------------------------------------------

    def model(self, t: ir.TypeExpr, *, open_enums: bool = True, ns: str = "") -> str:
        """An annotation for a model field or alias (evaluated at runtime).

        `ns` prefixes the typing names (`"typing."`) where they are not imported by name.
        """

        def go(t: ir.TypeExpr) -> str:
            if isinstance(t, ir.Nullable):
                return f"{self.use('Optional', ns)}[{go(t.inner)}]"
            if isinstance(t, ir.Prim):
                if t.kind == "string" and t.format in _FORMATS:
                    return self._format(t.format)
                return PRIMS[t.kind]
            if isinstance(t, ir.ArrayOf):
                return f"{self.use('List', ns)}[{go(t.items)}]"
            if isinstance(t, ir.MapOf):
                return f"{self.use('Dict', ns)}[str, {go(t.values)}]"
            if isinstance(t, ir.EnumOf):
                literal = self._literal(t.values, ns)
                # One-value enums are tags; an unknown value must not match them.
                if open_enums and len(t.values) > 1 and _all_str(t.values):
                    return f"{self.use('Union', ns)}[{literal}, str]"
                return literal
            if isinstance(t, ir.Ref):
                target = self.schemas.get(t.name)
                if open_enums and isinstance(target, ir.EnumModel) and _all_str(target.values):
                    return f"{self.use('Union', ns)}[{self._ref(t.name)}, str]"
                return self._ref(t.name)
            if isinstance(t, ir.UnionOf):
                if t.discriminator is not None and open_enums:
                    return self._open_union(t, go, ns)
                union = f"{self.use('Union', ns)}[{', '.join(go(v) for v in t.variants)}]"
                if t.discriminator is not None:
                    prop = py_str(t.discriminator.property)
                    field = self.use("Field", "pydantic." if ns else "")
                    return f"{self.use('Annotated', ns)}[{union}, {field}(discriminator={prop})]"
                return union
            raise TypeError(f"unknown type expression {t!r}")

        return go(t)

    def _open_union(self, t: ir.UnionOf, go: Callable[[ir.TypeExpr], str], ns: str) -> str:
        """A discriminated union that keeps unknown variants as dicts (see `open_union`).

        The discriminator is a function, so variants need no `Literal` tag field (a variant
        whose tag property is optional still works).
        """
        assert t.discriminator is not None
        tag = self.use("Tag", "pydantic." if ns else "")
        annotated = self.use("Annotated", ns)
        variants = []
        for v in t.variants:
            label = v.name if isinstance(v, ir.Ref) else go(v)
            variants.append(f"{annotated}[{go(v)}, {tag}({py_str(label)})]")
        unknown = f"{self.use('Dict', ns)}[str, object]"
        variants.append(f'{annotated}[{unknown}, {tag}("__unknown__")]')
        tags = ", ".join(
            f"{py_str(str(value))}: {py_str(name)}" for value, name in t.discriminator.mapping
        )
        prop = py_str(t.discriminator.property)
        union = f"{self.use('Union', ns)}[{', '.join(variants)}]"
        return f"{annotated}[{union}, {self.use('open_union')}({prop}, {{{tags}}})]"

    # --- method signatures -------------------------------------------------------------------

    def param(self, t: ir.TypeExpr) -> str:
        """An annotation for a method argument: strict enums, models also as dicts.

        `List`/`Dict` rather than `list`/`dict`: inside a resource class a method named `list`
        would shadow the builtin in every annotation after it.
        """
        if isinstance(t, ir.Nullable):
            return f"{self.param(t.inner)} | None"
        if isinstance(t, ir.Prim):
            if t.kind == "string" and t.format in _FORMATS:
                return f"{self._format(t.format)} | str"
            if t.kind == "binary":
                return self.use("FileTypes")
            if t.kind == "number":
                return "float"
            return PRIMS[t.kind]
        if isinstance(t, ir.ArrayOf):  # any sequence but a str; file lists stay lists
            kind = self.use("List") if _is_file(t.items) else self.use("SequenceNotStr")
            return f"{kind}[{self.param(t.items)}]"
        if isinstance(t, ir.MapOf):
            return f"{self.use('Mapping')}[str, {self.param(t.values)}]"
        if isinstance(t, ir.EnumOf):
            return self._literal(t.values, "")
        if isinstance(t, ir.Ref):
            target = self.schemas.get(t.name)
            if isinstance(target, ir.ObjectModel) or (
                isinstance(target, ir.UnionModel) and target.union.discriminator is not None
            ):
                return f"{self._ref(t.name)} | {self.use('Mapping')}[str, object]"
            # Unions and aliases of plain values read better spelled out: `str | list[str]`.
            if isinstance(target, ir.UnionModel) and not _has_refs(target.union):
                return self.param(target.union)
            if isinstance(target, ir.AliasModel) and not _has_refs(target.target):
                return self.param(target.target)
            return self._ref(t.name)
        if isinstance(t, ir.UnionOf):
            return _none_last([self.param(v) for v in t.variants])
        raise TypeError(f"unknown type expression {t!r}")

    def result(self, t: ir.TypeExpr | None) -> str:
        """An annotation for a return value (same spelling as signatures)."""
        if t is None:
            return "None"
        if isinstance(t, ir.Nullable):
            return f"{self.result(t.inner)} | None"
        if isinstance(t, ir.UnionOf):
            return _none_last([self.result(v) for v in t.variants])
        if isinstance(t, ir.ArrayOf):
            return f"{self.use('List')}[{self.result(t.items)}]"
        if isinstance(t, ir.MapOf):
            return f"{self.use('Dict')}[str, {self.result(t.values)}]"
        if isinstance(t, ir.EnumOf):
            return self._literal(t.values, "")
        if isinstance(t, ir.Prim):
            if t.kind == "string" and t.format in _FORMATS:
                return self._format(t.format)
            return PRIMS[t.kind]
        if isinstance(t, ir.Ref):
            return self._ref(t.name)
        raise TypeError(f"unknown type expression {t!r}")

    def runtime_type(self, t: ir.TypeExpr | None) -> str:
        """An expression that evaluates to the type at runtime (for `cast_to=`)."""
        if t is None:
            return "None"
        if isinstance(t, ir.Ref):
            return self._ref(t.name)
        return self.model(t, ns="typing.")

    def _literal(self, values: tuple[ir.Scalar, ...], ns: str) -> str:
        return f"{self.use('Literal', ns)}[" + ", ".join(py_literal(v) for v in values) + "]"


def _is_file(t: ir.TypeExpr) -> bool:
    return isinstance(t, ir.Prim) and t.kind == "binary"


def _none_last(parts: list[str]) -> str:
    """`A | B | None` from rendered variants, some of which may admit None (a nullable variant
    of a union): None once, at the end (ruff RUF036), each other part once."""
    kept: list[str] = []
    nullable = False
    for part in parts:
        if part == "None":
            nullable = True
            continue
        if part.endswith(" | None"):
            part, nullable = part[: -len(" | None")], True
        if part not in kept:
            kept.append(part)
    return " | ".join(kept + (["None"] if nullable else []))


def _has_refs(t: ir.TypeExpr) -> bool:
    if isinstance(t, ir.Ref):
        return True
    if isinstance(t, ir.Nullable):
        return _has_refs(t.inner)
    if isinstance(t, ir.ArrayOf):
        return _has_refs(t.items)
    if isinstance(t, ir.MapOf):
        return _has_refs(t.values)
    if isinstance(t, ir.UnionOf):
        return any(_has_refs(v) for v in t.variants)
    return False


def _all_str(values: tuple[ir.Scalar, ...]) -> bool:
    return all(isinstance(v, str) for v in values)
