"""`gen diff`: the change between two spec versions, as users of the generated SDK see it.

Computed on the two IRs, so spelling differences that generate the same SDK (a `$ref` moved,
`nullable` versus `type: [x, 'null']`) are no change. Each change is classed:

- breaking: code written against the old SDK may stop working (a removed operation, parameter
  or field; a new required parameter; a request type narrowed; a response value that may now be
  missing, null or of another type);
- additive: new things that old code does not see (operations, optional parameters, fields,
  models, wider request types);
- compatible: other visible changes that break nothing (a response enum value removed, a
  server URL changed).

Enums are open in our SDKs (unknown values arrive as strings), so a new response enum value is
not breaking; a removed request enum value is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Literal

from . import ir

Level = Literal["breaking", "additive", "compatible"]
Direction = Literal["request", "response"]
LEVELS: tuple[Level, ...] = ("breaking", "additive", "compatible")


@dataclass(frozen=True)
class Change:
    """One difference between the old and the new API."""

    action: Literal["added", "removed", "changed"]
    kind: str  # operation, parameter, request field, response field, enum value, type, ...
    where: str  # e.g. `completions.create(suffix)` or `POST /completions`
    detail: str  # one line for people
    level: Level  # breaking | additive | compatible

    @property
    def breaking(self) -> bool:
        """True when old code may stop working."""
        return self.level == "breaking"


@dataclass
class ApiDiff:
    """All the changes, in a stable order."""

    changes: list[Change] = field(default_factory=list)

    def count(self, level: Level) -> int:
        """How many changes have `level`."""
        return sum(1 for c in self.changes if c.level == level)

    def next_version(self, current: str) -> str:
        """Semver: breaking → major (minor while 0.x), additive → minor, compatible → patch;
        no change → `current` (no bump)."""
        match = re.match(r"v?(\d+)\.(\d+)\.(\d+)", current.strip())
        if not match:
            raise ValueError(f"version {current!r} is not MAJOR.MINOR.PATCH")
        major, minor, patch = (int(g) for g in match.groups())
        if self.count("breaking"):
            return f"{major + 1}.0.0" if major > 0 else f"0.{minor + 1}.0"
        if self.count("additive"):
            return f"{major}.{minor + 1}.0"
        if not self.changes:
            return current
        return f"{major}.{minor}.{patch + 1}"

    def as_dict(self, current: str) -> dict[str, object]:
        """A JSON-ready form for `--format json`."""
        return {
            "changes": [{**asdict(c), "breaking": c.breaking} for c in self.changes],
            "summary": {level: self.count(level) for level in LEVELS},
            "current_version": current,
            "next_version": self.next_version(current),
        }

    def format_text(self, current: str) -> list[str]:
        """Lines for the terminal, breaking changes first."""
        order = {"breaking": 0, "additive": 1, "compatible": 2}
        lines = [
            f"{c.level.upper() if c.breaking else c.level:<10} {c.action:<8} {c.kind:<15} "
            f"{c.where}: {c.detail}"
            for c in sorted(self.changes, key=lambda c: order[c.level])
        ]
        if not self.changes:
            lines.append("no changes visible to SDK users")
        bump = (
            f"next version: {self.next_version(current)} (from {current})"
            if self.changes
            else f"no version bump ({current} stays)"
        )
        lines.append(
            f"{self.count('breaking')} breaking, {self.count('additive')} additive, "
            f"{self.count('compatible')} compatible; {bump}"
        )
        return lines


def diff_apis(old: ir.Api, new: ir.Api) -> ApiDiff:
    """The changes from `old` to `new`."""
    return _Differ(old, new).run()


def describe(t: ir.TypeExpr | None) -> str:
    """A short, Python-flavoured spelling of a type for messages."""
    if t is None:
        return "nothing"
    if isinstance(t, ir.Prim):
        return {"string": "str", "integer": "int", "number": "float", "boolean": "bool"}.get(
            t.kind, t.kind
        )
    if isinstance(t, ir.ArrayOf):
        return f"list[{describe(t.items)}]"
    if isinstance(t, ir.MapOf):
        return f"dict[str, {describe(t.values)}]"
    if isinstance(t, ir.EnumOf):
        return "Literal[" + ", ".join(repr(v) for v in t.values) + "]"
    if isinstance(t, ir.Ref):
        return t.name
    if isinstance(t, ir.UnionOf):
        return " | ".join(describe(v) for v in t.variants)
    if isinstance(t, ir.Nullable):
        return describe(t.inner) + " | None"
    return type(t).__name__


class _Differ:
    def __init__(self, old: ir.Api, new: ir.Api) -> None:
        self.old, self.new = old, new
        self.old_models = {s.name: s for s in old.schemas}
        self.new_models = {s.name: s for s in new.schemas}
        self.out: list[Change] = []
        self.seen: set[tuple[str, str, str]] = set()

    def add(self, action: str, kind: str, where: str, detail: str, level: Level) -> None:
        assert action in ("added", "removed", "changed")
        change = Change(action, kind, where, detail, level)  # type: ignore[arg-type]
        if change not in self.out:  # one change reached by two paths is listed once
            self.out.append(change)

    def run(self) -> ApiDiff:
        self.operations()
        self.models()
        self.auth()
        self.servers()
        return ApiDiff(self.out)

    # --- operations --------------------------------------------------------------------------

    def operations(self) -> None:
        old_ops = _ops(self.old)
        new_ops = _ops(self.new)
        for key, (res, op) in old_ops.items():
            if key not in new_ops:
                self.add("removed", "operation", f"{res}.{op.name}", f"{key} removed", "breaking")
        for key, (res, op) in new_ops.items():
            if key not in old_ops:
                self.add("added", "operation", f"{res}.{op.name}", f"{key} added", "additive")
                continue
            old_res, old_op = old_ops[key]
            where = f"{res}.{op.name}"
            if (old_res, old_op.name) != (res, op.name):
                self.add(
                    "changed",
                    "operation",
                    where,
                    f"{key} is now {res}.{op.name} (was {old_res}.{old_op.name})",
                    "breaking",
                )
            self.operation(old_op, op, where)

    def operation(self, old: ir.Operation, new: ir.Operation, where: str) -> None:
        old_params = {(p.location, p.name): p for p in old.params}
        new_params = {(p.location, p.name): p for p in new.params}
        for key, p in old_params.items():
            if key not in new_params:
                self.add(
                    "removed", "parameter", f"{where}({p.name})", f"{p.location} parameter "
                    f"{p.name!r} removed", "breaking",
                )  # fmt: skip
        for key, p in new_params.items():
            pw = f"{where}({p.name})"
            if key not in old_params:
                if p.required:
                    self.add("added", "parameter", pw, f"new required {p.location} parameter "
                             f"{p.name!r}: {describe(p.type)}", "breaking")  # fmt: skip
                else:
                    self.add("added", "parameter", pw, f"new optional {p.location} parameter "
                             f"{p.name!r}: {describe(p.type)}", "additive")  # fmt: skip
                continue
            o = old_params[key]
            self.required(o.required, p.required, "parameter", pw, "request")
            self.type(o.type, p.type, "request", pw, "parameter")
        self.body(old.body, new.body, where)
        self.response(old, new, where)
        self.credentials(old, new, where)

    def body(self, old: ir.Body | None, new: ir.Body | None, where: str) -> None:
        if old is None and new is None:
            return
        if old is None:
            assert new is not None
            level: Level = "breaking" if new.required else "additive"
            self.add("added", "request body", where, f"request body {describe(new.type)}", level)
            return
        if new is None:
            self.add("removed", "request body", where, "the request body was removed", "breaking")
            return
        if old.media_type != new.media_type:
            self.add(
                "changed", "request body", where,
                f"sent as {new.media_type} (was {old.media_type})", "compatible",
            )  # fmt: skip
        if old.fields is not None and new.fields is not None:
            self.seen.add((_ref_name(old.type), _ref_name(new.type), "request"))
            self.fields(old.fields, new.fields, "request", where, "request field")
        else:
            self.required(old.required, new.required, "request body", where, "request")
            self.type(old.type, new.type, "request", where, "request body")

    def response(self, old: ir.Operation, new: ir.Operation, where: str) -> None:
        o = old.success.type if old.success else None
        n = new.success.type if new.success else None
        if o is not None and n is None:
            self.add("removed", "response", where, f"no longer returns {describe(o)}", "breaking")
        elif o is None and n is not None:
            self.add("added", "response", where, f"now returns {describe(n)}", "additive")
        elif o is not None and n is not None:
            self.type(o, n, "response", where, "response")
        if old.streaming is not None and new.streaming is None:
            self.add("removed", "streaming", where, "no longer streams", "breaking")
        elif old.streaming is None and new.streaming is not None:
            self.add("added", "streaming", where, "can now stream", "additive")
        elif old.streaming is not None and new.streaming is not None:
            if old.streaming.always != new.streaming.always:
                self.add(
                    "changed", "streaming", where,
                    "always streams" if new.streaming.always else "streams only on request",
                    "breaking",
                )  # fmt: skip
            self.type(
                old.streaming.event_type,
                new.streaming.event_type,
                "response",
                where,
                "stream event",
            )

    # --- fields and types --------------------------------------------------------------------

    def fields(
        self,
        old: Iterable[ir.Field],
        new: Iterable[ir.Field],
        direction: Direction,
        where: str,
        kind: str,
    ) -> None:
        old_by = {f.name: f for f in old}
        new_by = {f.name: f for f in new}
        for name in old_by:
            if name not in new_by:
                self.add("removed", kind, f"{where}({name})", f"field {name!r} removed", "breaking")
        for name, f in new_by.items():
            fw = f"{where}({name})"
            if name not in old_by:
                if direction == "request" and f.required:
                    self.add("added", kind, fw, f"new required field {name!r}: "
                             f"{describe(f.type)}", "breaking")  # fmt: skip
                else:
                    opt = "optional " if direction == "request" else ""
                    self.add("added", kind, fw, f"new {opt}field {name!r}: {describe(f.type)}",
                             "additive")  # fmt: skip
                continue
            o = old_by[name]
            self.required(o.required, f.required, kind, fw, direction)
            self.type(o.type, f.type, direction, fw, kind)

    def required(self, old: bool, new: bool, kind: str, where: str, direction: Direction) -> None:
        if old == new:
            return
        if direction == "request":
            level: Level = "breaking" if new else "additive"
            self.add("changed", kind, where, "now required" if new else "now optional", level)
        else:
            level = "compatible" if new else "breaking"
            self.add(
                "changed", kind, where, "now always present" if new else "may now be missing", level
            )

    def type(
        self, old: ir.TypeExpr, new: ir.TypeExpr, direction: Direction, where: str, kind: str
    ) -> None:
        if old == new and not isinstance(old, ir.Ref | ir.ArrayOf | ir.MapOf | ir.UnionOf):
            return
        old_null, old = _strip_null(old)
        new_null, new = _strip_null(new)
        if old_null != new_null:
            widened = new_null  # null newly allowed
            if direction == "request":
                level: Level = "additive" if widened else "breaking"
                text = "now accepts None" if widened else "no longer accepts None"
            else:
                level = "breaking" if widened else "compatible"
                text = "may now be null" if widened else "is no longer null"
            self.add("changed", "type", where, text, level)
        if isinstance(old, ir.Ref) and isinstance(new, ir.Ref):
            # Recursive types (a JSON value that holds lists of itself) end here.
            ref_key = ("ref:" + old.name, new.name, direction)
            if ref_key in self.seen:
                return
            self.seen.add(ref_key)
        old_r, new_r = self.resolve(old, self.old_models), self.resolve(new, self.new_models)
        if isinstance(old_r, ir.ObjectModel) and isinstance(new_r, ir.ObjectModel):
            key = (old_r.name, new_r.name, direction)
            if key in self.seen:
                return
            self.seen.add(key)
            sub = "request field" if direction == "request" else "response field"
            self.fields(old_r.fields, new_r.fields, direction, where, sub)
            return
        old_t, new_t = self.expand(old_r), self.expand(new_r)
        if isinstance(old_t, ir.EnumOf) and isinstance(new_t, ir.EnumOf):
            self.enum(old_t.values, new_t.values, direction, where)
            return
        if isinstance(old_t, ir.ArrayOf) and isinstance(new_t, ir.ArrayOf):
            self.type(old_t.items, new_t.items, direction, where + "[]", kind)
            return
        if isinstance(old_t, ir.MapOf) and isinstance(new_t, ir.MapOf):
            self.type(old_t.values, new_t.values, direction, where + "{}", kind)
            return
        if isinstance(old_t, ir.UnionOf) or isinstance(new_t, ir.UnionOf):
            self.union(old_t, new_t, direction, where)
            return
        if isinstance(old_t, ir.Prim) and isinstance(new_t, ir.Prim):
            self.prim(old_t, new_t, direction, where)
            return
        if _sig(old_t, self, self.old_models) != _sig(new_t, self, self.new_models):
            self.add(
                "changed", "type", where, f"{describe(old)} became {describe(new)}", "breaking"
            )

    def enum(
        self, old: tuple[ir.Scalar, ...], new: tuple[ir.Scalar, ...], d: Direction, where: str
    ) -> None:
        for value in old:
            if value not in new:
                level: Level = "breaking" if d == "request" else "compatible"
                self.add("removed", "enum value", where, f"{value!r} no longer {_verb(d)}", level)
        for value in new:
            if value not in old:
                # Request: a new accepted value. Response: enums are open, old code gets a str.
                level = "additive" if d == "request" else "compatible"
                self.add("added", "enum value", where, f"{value!r} now {_verb(d)}", level)

    def union(
        self, old: ir.TypeExpr | ir.Schema, new: ir.TypeExpr | ir.Schema, d: Direction, where: str
    ) -> None:
        old_vs = old.variants if isinstance(old, ir.UnionOf) else (_as_type(old),)
        new_vs = new.variants if isinstance(new, ir.UnionOf) else (_as_type(new),)
        old_sigs = {_sig(v, self, self.old_models): v for v in old_vs}
        new_sigs = {_sig(v, self, self.new_models): v for v in new_vs}
        for sig, v in old_sigs.items():
            if sig in new_sigs:
                self.type(v, new_sigs[sig], d, where, "type")
            else:
                level: Level = "breaking" if d == "request" else "compatible"
                self.add("removed", "type", where, f"no longer {_verb(d)} {describe(v)}", level)
        for sig, v in new_sigs.items():
            if sig not in old_sigs:
                # A response that may hold a new kind of value breaks code that handled all.
                level = "additive" if d == "request" else "breaking"
                self.add("added", "type", where, f"now {_verb(d)} {describe(v)}", level)

    def prim(self, old: ir.Prim, new: ir.Prim, d: Direction, where: str) -> None:
        if old.kind == new.kind:
            if old.format != new.format:
                self.add(
                    "changed", "type", where,
                    f"format {old.format or 'none'} became {new.format or 'none'}", "compatible",
                )  # fmt: skip
            return
        wider = {("integer", "number"), ("string", "any"), ("number", "any"), ("integer", "any"),
                 ("boolean", "any")}  # fmt: skip
        pair = (old.kind, new.kind)
        widened, narrowed = pair in wider, pair[::-1] in wider
        if d == "request":
            level: Level = "additive" if widened else "breaking"
        else:
            level = "compatible" if narrowed else "breaking"
        text = f"{describe(old)} became {describe(new)}"
        if widened or narrowed:
            text += " (widened)" if widened else " (narrowed)"
        self.add("changed", "type", where, text, level)

    def resolve(self, t: ir.TypeExpr, models: dict[str, ir.Schema]) -> ir.TypeExpr | ir.Schema:
        """A Ref becomes its model in `models` (aliases followed); other types stay."""
        for _ in range(50):  # alias chains are short; the bound guards against cycles
            if not isinstance(t, ir.Ref):
                return t
            model = models.get(t.name)
            if isinstance(model, ir.AliasModel):
                t = model.target
                continue
            return model if model is not None else t
        return t

    def expand(self, t: ir.TypeExpr | ir.Schema) -> ir.TypeExpr | ir.Schema:
        """Named enums and unions as their inline forms, so both spellings compare equal."""
        if isinstance(t, ir.EnumModel):
            return ir.EnumOf(t.values)
        if isinstance(t, ir.UnionModel):
            return t.union
        if isinstance(t, ir.Nullable):
            return self.expand(t.inner)
        return t

    # --- whole-API things --------------------------------------------------------------------

    def models(self) -> None:
        for name in self.old_models:
            if name not in self.new_models and not name.endswith("Chunk"):
                self.add("removed", "model", f"models.{name}", "class removed", "breaking")
        for name in self.new_models:
            if name not in self.old_models and not name.endswith("Chunk"):
                self.add("added", "model", f"models.{name}", "new class", "additive")

    def auth(self) -> None:
        old = {s.name: s for s in self.old.security_schemes}
        new = {s.name: s for s in self.new.security_schemes}
        for name, s in old.items():
            if name not in new:
                self.add("removed", "auth", name, f"{s.kind} auth removed", "breaking")
            elif (s.kind, s.location, s.param_name) != (
                new[name].kind,
                new[name].location,
                new[name].param_name,
            ):
                self.add("changed", "auth", name, f"{s.kind} auth became {new[name].kind} auth",
                         "breaking")  # fmt: skip
        for name, s in new.items():
            if name not in old:
                self.add("added", "auth", name, f"{s.kind} auth added", "additive")

    def credentials(self, old: ir.Operation, new: ir.Operation, where: str) -> None:
        """A call that worked without credentials and now needs them breaks old code."""
        old_req = old.security if old.security is not None else self.old.security
        new_req = new.security if new.security is not None else self.new.security
        if _anonymous(old_req) and not _anonymous(new_req):
            self.add("changed", "auth", where, "now requires credentials", "breaking")
        elif not _anonymous(old_req) and _anonymous(new_req):
            self.add("changed", "auth", where, "credentials now optional", "additive")

    def servers(self) -> None:
        old = [s.url for s in self.old.servers]
        new = [s.url for s in self.new.servers]
        for url in old:
            if url not in new:
                self.add("removed", "server", url, "server removed", "compatible")
        for url in new:
            if url not in old:
                self.add("added", "server", url, "server added", "additive")
        if old and new and old[0] != new[0]:
            self.add("changed", "server", "default base URL", f"{old[0]} became {new[0]}",
                     "compatible")  # fmt: skip


def _ops(api: ir.Api) -> dict[str, tuple[str, ir.Operation]]:
    return {
        f"{op.http_method.upper()} {op.path}": (r.dotted, op)
        for r in api.resources
        for op in r.operations
    }


def _as_type(t: ir.TypeExpr | ir.Schema) -> ir.TypeExpr:
    """A named model as a reference to it; a type as itself."""
    return t if isinstance(t, ir.TypeExpr) else ir.Ref(t.name)


def _anonymous(requirements: tuple[tuple[str, ...], ...]) -> bool:
    """True when a call may go without credentials (no requirement, or an empty one)."""
    return not requirements or () in requirements


def _strip_null(t: ir.TypeExpr) -> tuple[bool, ir.TypeExpr]:
    if isinstance(t, ir.Nullable):
        return True, t.inner
    return False, t


def _ref_name(t: ir.TypeExpr) -> str:
    return t.name if isinstance(t, ir.Ref) else ""


def _verb(direction: Direction) -> str:
    return "accepted" if direction == "request" else "returned"


def _sig(t: ir.TypeExpr | ir.Schema, differ: _Differ, models: dict[str, ir.Schema]) -> str:
    """A shape key that matches union variants across versions (model names ignored for
    objects that keep their name in either version)."""
    t = differ.expand(differ.resolve(t, models) if isinstance(t, ir.TypeExpr) else t)
    if isinstance(t, ir.Nullable):
        return _sig(t.inner, differ, models) + "?"
    if isinstance(t, ir.Prim):
        return t.kind
    if isinstance(t, ir.ArrayOf):
        return f"array<{_sig(t.items, differ, models)}>"
    if isinstance(t, ir.MapOf):
        return f"map<{_sig(t.values, differ, models)}>"
    if isinstance(t, ir.EnumOf):
        return "enum"
    if isinstance(t, ir.ObjectModel):
        return "object:" + t.name
    if isinstance(t, ir.UnionOf):
        return "union<" + ",".join(sorted(_sig(v, differ, models) for v in t.variants)) + ">"
    if isinstance(t, ir.Ref):
        return "ref:" + t.name
    return type(t).__name__
