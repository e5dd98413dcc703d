"""Synthesize valid JSON values for IR types (for the smoke test and docs examples)."""

from __future__ import annotations

from . import ir

_FORMAT_SAMPLES: dict[str, object] = {
    "date-time": "2024-01-01T00:00:00Z",
    "date": "2024-01-01",
    "uuid": "00000000-0000-4000-8000-000000000000",
    "email": "user@example.com",
    "uri": "https://example.com",
    "url": "https://example.com",
}


class Sampler:
    """Builds the smallest interesting valid value of a type."""

    def __init__(self, schemas: dict[str, ir.Schema], *, all_fields: bool = False) -> None:
        self.schemas = schemas
        self.all_fields = all_fields  # include optional fields too (bounded by depth)

    def sample(self, t: ir.TypeExpr, depth: int = 0) -> object:
        """A JSON value valid for `t`."""
        if isinstance(t, ir.Nullable):
            return self.sample(t.inner, depth)
        if isinstance(t, ir.Prim):
            return _prim(t)
        if isinstance(t, ir.EnumOf):
            return t.values[0] if t.values else None
        if isinstance(t, ir.ArrayOf):
            return [] if depth > 4 else [self.sample(t.items, depth + 1)]
        if isinstance(t, ir.MapOf):
            return {} if depth > 4 else {"key": self.sample(t.values, depth + 1)}
        if isinstance(t, ir.UnionOf):
            return self.sample(t.variants[0], depth)
        if isinstance(t, ir.Ref):
            return self._named(t.name, depth)
        return None

    def _named(self, name: str, depth: int) -> object:
        schema = self.schemas.get(name)
        if isinstance(schema, ir.ObjectModel):
            out: dict[str, object] = {}
            for f in schema.fields:
                if f.required or (self.all_fields and depth < 2 and not f.read_only):
                    if f.has_example and _fits(f.example, f.type):
                        out[f.name] = f.example
                    else:
                        out[f.name] = self.sample(f.type, depth + 1)
            return out
        if isinstance(schema, ir.EnumModel):
            return schema.values[0] if schema.values else None
        if isinstance(schema, ir.UnionModel):
            return self.sample(schema.union, depth)
        if isinstance(schema, ir.AliasModel):
            return self.sample(schema.target, depth)
        return None


def _fits(value: object, t: ir.TypeExpr) -> bool:
    """True when a spec example is plainly valid for a primitive type (examples often lie)."""
    t = t.inner if isinstance(t, ir.Nullable) else t
    if not isinstance(t, ir.Prim) or t.format:
        return False
    expected: dict[str, type | tuple[type, ...]] = {
        "string": str,
        "integer": int,
        "number": (int, float),
        "boolean": bool,
    }
    kind = expected.get(t.kind)
    if kind is None or (isinstance(value, bool) and t.kind != "boolean"):
        return False
    return isinstance(value, kind)


def _prim(t: ir.Prim) -> object:
    if t.kind == "string":
        return _FORMAT_SAMPLES.get(t.format, "string")
    if t.kind == "integer":
        return 1
    if t.kind == "number":
        return 1.5
    if t.kind == "boolean":
        return True
    if t.kind == "binary":
        return "binary"
    if t.kind == "null":
        return None
    return {}
