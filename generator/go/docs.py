"""The Go SDK's docs pieces that the view computes: parameter tables and the example program
of each method (templates/go/docs/example.go.jinja), whose argument values come from the one
example chooser (generator/samples.py) and are spelled as Go literals here.

SECURITY: spec text reaches an example only through `go_str` (a printable-ASCII Go literal with
backquotes escaped, so it cannot close the Markdown fence around the program).
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING, Any

from .. import ir
from ..render import template_environment
from ..resources import TEMPLATES_ROOT
from ..samples import MAX_STEPS, MISSING, Examples, Placeholder, simplest
from .escape import go_str

if TYPE_CHECKING:
    from .view import _Builder
    from .view_methods import MethodView, ParamView

TEMPLATES = TEMPLATES_ROOT / "go" / "docs"


def _code_str(value: object) -> str:
    """A Go string literal for an example value shown in a Markdown code block: spec text also
    with `<` and `>` as hex escapes (same value, but no `<script>` in the page source)."""
    if type(value) is Placeholder:
        return go_str(value)
    return go_str(str(value)).replace("<", "\\x3c").replace(">", "\\x3e")


def located(p: ParamView) -> tuple[str, str, bool]:
    """(expression, wire name, optional) of a header or cookie parameter."""
    return (f"request.{p.ident}", p.wire, not p.required)


def params_md(request_type: str, package: str) -> list[tuple[str, str, str, str]]:
    """The Parameters table of a method: (name, type, required, description), Markdown."""
    rows = [
        (
            "`ctx`",
            "[context.Context](https://pkg.go.dev/context#Context)",
            ":heavy_check_mark:",
            "The context to use for the request.",
        )
    ]
    if request_type:
        link = request_type
        if request_type.startswith("components."):
            target = request_type.split(".", 1)[1]
            link = f"[{request_type}](../../models/components/{target.lower()}.md)"
        rows.append(
            (
                "`request`",
                link,
                ":heavy_check_mark:",
                "The request object to use for the request.",
            )
        )
    rows.append(
        (
            "`opts`",
            f"[]{package}.Option",
            ":heavy_minus_sign:",
            "The options for this request.",
        )
    )
    return rows


@functools.lru_cache(maxsize=1)
def _template() -> Any:
    return template_environment(TEMPLATES, {}).get_template("example.go.jinja")


def example(b: _Builder, m: MethodView, op: ir.Operation, resource: str) -> str:
    """A complete Go program calling the method with example arguments."""
    lit = Literals(b, b.options.package)
    call_name = m.stream_name if m.stream == "always" else m.name
    args = ["ctx"]
    if m.request_type:
        if m.request_struct:
            parts = []
            for p, pv in zip(op.params, b.requests[-1].fields, strict=False):
                if not p.required:
                    continue
                t = p.type.inner if isinstance(p.type, ir.Nullable) else p.type
                chosen = lit.examples.value(
                    p.type,
                    p.name,
                    p.example if p.has_example else MISSING,
                    p.default if p.has_default else MISSING,
                )
                parts.append(f"        {pv.ident}: {lit.value(t, chosen, 1)},\n")
            if op.body is not None and op.body.required:
                t = op.body.type
                value = lit.value(t, lit.examples.value(t, "body"), 1)
                if m.body_optional and not b.types.nilable(t):
                    value = lit.pointer(t, value)
                parts.append(f"        RequestBody: {value},\n")
            args.append(f"operations.{m.request_struct}{{\n{''.join(parts)}    }}")
        else:
            assert op.body is not None
            t = op.body.type
            value = lit.value(t, lit.examples.value(t, "body"), 0)
            if m.body_optional and not b.types.nilable(t):
                value = lit.pointer(t, value)
            args.append(value)
    own = b.options.module
    imports = {"context", "log", own}
    body = "".join(args)
    if "components." in body:
        imports.add(own + "/models/components")
    if "operations." in body:
        imports.add(own + "/models/operations")
    if re.search(r"\btime\.", body):
        imports.add("time")
    alias = "" if own.rsplit("/", 1)[-1] == b.options.package else b.options.package + " "
    kind = "stream" if m.stream == "always" else "result" if m.result else "none"
    text = _template().render(
        imports=[(alias if i == own else "", i) for i in sorted(imports)],
        pkg=b.options.package,
        security=b.security_kind,
        server=b.server_url,
        call=f"s.{resource}.{call_name}({', '.join(args)})",
        kind=kind,
    )
    assert isinstance(text, str)
    return text


class Literals:
    """Go expressions for example values (JSON values of the example chooser)."""

    def __init__(self, b: _Builder, pkg: str) -> None:
        self.b = b
        self.pkg = pkg
        self.examples = Examples(b.schemas)

    def pointer(self, t: ir.TypeExpr, value: str) -> str:
        """`value` as a pointer (the SDK's String/Int64/... helpers, else Pointer)."""
        r = self.b.types.resolve(t)
        if isinstance(r, ir.Prim):
            helper = {
                "string": "String",
                "integer": "Int64",
                "number": "Float64",
                "boolean": "Bool",
            }
            if r.kind in helper:
                return f"{self.pkg}.{helper[r.kind]}({value})"
        return f"{self.pkg}.Pointer({value})"

    def typed(self, t: ir.TypeExpr, value: str) -> str:
        """A numeric constant converted to its Go type (for generic constructors)."""
        r = self.b.types.resolve(t)
        if isinstance(r, ir.Prim) and r.kind in ("integer", "number"):
            return f"{'int64' if r.kind == 'integer' else 'float64'}({value})"
        return value

    def value(self, t: ir.TypeExpr, sample: object, depth: int, steps: int = 0) -> str:
        """A Go expression of type `t` holding `sample` (as far as the type allows)."""
        types = self.b.types
        ind = "    " * (depth + 1)
        if steps > MAX_STEPS:
            return "nil"
        if isinstance(t, ir.Nullable):
            return self.value(t.inner, sample, depth, steps + 1)
        if isinstance(t, ir.Prim):
            if t.kind == "string" and t.format in ("date", "date-time"):
                return _date_value(t.format, sample)
            if t.kind == "string":
                return _code_str(sample)
            if t.kind == "integer":
                return str(int(sample)) if isinstance(sample, int | float) else "1"
            if t.kind == "number":
                return repr(float(sample)) if isinstance(sample, int | float) else "1.5"
            if t.kind == "boolean":
                return "false" if sample is False else "true"
            if t.kind == "binary":
                return 'components.File{FileName: "example.txt", Content: []byte("hello")}'
            return "map[string]any{}"
        go = types.go(t, "Example", "components.")
        if isinstance(t, ir.ArrayOf):
            if isinstance(sample, list) and sample and depth < 6:
                inner = self.value(t.items, sample[0], depth + 1, steps + 1)
                return f"{go}{{\n{ind}    {inner},\n{ind}}}"
            return go + "{}"
        if isinstance(t, ir.MapOf):
            return go + "{}"
        if isinstance(t, ir.EnumOf):
            return self._enum(go, t.values)
        if isinstance(t, ir.UnionOf):
            return self._union(go, t, depth, steps)
        if isinstance(t, ir.Ref):
            schema = types.schemas.get(t.name)
            if isinstance(schema, ir.AliasModel):
                return self.value(schema.target, sample, depth, steps + 1)
            if isinstance(schema, ir.EnumModel):
                return self._enum(go, schema.values)
            if isinstance(schema, ir.UnionModel):
                return self._union(go, schema.union, depth, steps)
            if isinstance(schema, ir.ObjectModel) and isinstance(sample, dict) and depth < 6:
                return self._struct(go, schema, sample, depth, steps)
            return go + "{}"
        return "nil"

    def _struct(
        self, go: str, schema: ir.ObjectModel, sample: dict[Any, Any], depth: int, steps: int
    ) -> str:
        ind = "    " * (depth + 1)
        view = self.b._struct(schema, self.b.types.names[schema.name])
        parts = []
        for f, fv in zip(schema.fields, view.fields, strict=True):
            if f.name not in sample:
                continue
            ft = f.type.inner if isinstance(f.type, ir.Nullable) else f.type
            v = self.value(ft, sample[f.name], depth + 1, steps + 1)
            if fv.type.startswith(("components.Nullable[", "Nullable[")):
                v = f"components.NullableValue({self.typed(ft, v)})"
            elif fv.type.startswith("*"):
                v = self.pointer(ft, v)
            parts.append(f"{ind}    {fv.ident}: {v},\n")
        if not parts:
            return go + "{}"
        return f"{go}{{\n{''.join(parts)}{ind}}}"

    def _enum(self, go: str, values: tuple[ir.Scalar, ...]) -> str:
        if not go.startswith("components."):
            return "nil" if go == "any" else "0"
        name = go.split(".", 1)[1]
        for view in [*self.b.models_cache, *self.b.types.synth_views]:
            if view.name == name and view.consts:
                return "components." + view.consts[0].name
        return f"{go}({go_str(str(values[0]))})" if values else go + '("")'

    def _union(self, go: str, u: ir.UnionOf, depth: int, steps: int) -> str:
        name = go.split(".", 1)[1]
        for view in [*self.b.models_cache, *self.b.types.synth_views]:
            if view.name == name and view.variants:
                variant = simplest(u.variants)
                variant = variant.inner if isinstance(variant, ir.Nullable) else variant
                value = self.value(variant, self.examples.value(variant), depth, steps + 1)
                return f"components.{view.variants[0].ctor}({self.typed(variant, value)})"
        return go + "{}"


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATE_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})")


def _date_value(fmt: str, sample: object) -> str:
    """A `components.Date` or `time.Time` example, from the spec's sample when it parses."""
    text = str(sample) if isinstance(sample, str) else ""
    if fmt == "date":
        text = text if _DATE.fullmatch(text) else "2024-01-02"
        return f'components.MustParseDate("{text}")'
    text = text if _DATE_TIME.fullmatch(text) else "2024-01-02T03:04:05Z"
    return f'components.MustParseDateTime("{text}")'
