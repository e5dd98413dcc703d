"""The models module's view: one class, enum or alias per named schema, and its imports."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from .. import ir
from ..graph import direct_refs
from ..names import unique
from .aliases import alias_order, quote_names
from .direction import request_only_models
from .escape import docstring_body, py_str
from .idents import ANNOTATION_BUILTINS, MODEL_RESERVED, unique_idents
from .model_modules import SPLIT_MIN_MODELS, model_modules
from .types import Annotations

# Names models.py imports by name, split as the template imports them.
_TYPING = ("Dict", "List", "Literal", "Optional", "Union")
_EXTRAS = ("_dt", "Field", "Annotated", "Tag", "open_union")


@dataclass
class FieldView:
    ident: str  # Python attribute name
    annotation: str  # as evaluated by pydantic
    default: str  # "" when required, else the default expression
    alias: str  # py_str of the wire name, "" when the same as ident
    doc: str  # docstring body, "" if none


@dataclass
class ModelView:
    name: str
    kind: str  # "object" | "enum" | "alias" | "recursive" (an alias in a cycle of aliases)
    doc: str
    fields: list[FieldView] = field(default_factory=list)
    annotation: str = ""  # for enum and alias kinds
    deprecated: bool = False
    request_only: bool = False  # unknown fields refused (direction.py)


@dataclass
class ModelsModule:
    """One file of the models: `models.py`, or a module of the split `models/` package."""

    module: str  # "" for the single models.py, else the module name (`_pulls`)
    models: list[ModelView]  # enums, then classes, in definition order
    aliases: list[ModelView]  # emitted after classes, dependency-ordered
    typing: list[str]  # names the module imports from typing
    extras: list[str]  # "_dt", "Field", "Annotated", "Tag", "open_union" when needed
    imports: list[tuple[str, list[str]]] = field(default_factory=list)  # (sibling, names)
    names: list[str] = field(default_factory=list)  # `__all__`

    @property
    def import_names(self) -> list[str]:
        """`names` as `from .<module> import (...)` lists them."""
        from .view import import_sorted  # view.py imports this module

        return import_sorted(self.names)

    @property
    def request_only(self) -> bool:
        return any(m.request_only for m in self.models)


@dataclass
class ModelsView:
    models: list[ModelView]  # every model's view (request_only is set on these)
    aliases: list[ModelView]
    typing: list[str]  # of the single models.py
    extras: list[str]
    modules: list[ModelsModule]  # the split package's modules; [] for one models.py


def build_models(api: ir.Api, users: Mapping[str, Iterable[str]] | None = None) -> ModelsView:
    """The models: their classes and aliases, and the names they need imported. With `users`
    (resource module -> the model names it imports) and at least `SPLIT_MIN_MODELS` models,
    also split into modules (model_modules.py)."""
    from .view import import_sorted  # view.py imports this module

    schemas = {s.name: s for s in api.schemas}
    only = request_only_models(api)
    if users is None or len(api.schemas) < SPLIT_MIN_MODELS:
        one, _refs = _module("", api.schemas, schemas, only)
        return ModelsView(one.models, one.aliases, one.typing, one.extras, [])
    groups = model_modules(api.schemas, users)
    home = {name: module for module, names in groups for name in names}
    modules = []
    for module, names in groups:
        part, refs = _module(module, [schemas[n] for n in names], schemas, only)
        wanted: dict[str, list[str]] = {}
        for ref in sorted(refs - set(names)):
            wanted.setdefault(home[ref], []).append(ref)
        part.imports = [(m, import_sorted(wanted[m])) for m in sorted(wanted)]
        modules.append(part)
    models = [m for part in modules for m in part.models]
    aliases = [m for part in modules for m in part.aliases]
    return ModelsView(models, aliases, [], [], modules)


def _module(
    module: str, members: Sequence[ir.Schema], schemas: dict[str, ir.Schema], only: frozenset[str]
) -> tuple[ModelsModule, set[str]]:
    """One module's view, and the model names its annotations name."""
    from .view import export_sorted  # view.py imports this module

    ann = Annotations(schemas, "")
    own = {s.name for s in members}
    classes: list[ModelView] = []
    enums: list[ModelView] = []
    others: dict[str, ModelView] = {}
    deps: dict[str, set[str]] = {}
    for schema in members:
        doc = docstring_body(schema.description, "    ") if schema.description else ""
        if isinstance(schema, ir.ObjectModel):
            classes.append(_object(schema, ann))
            classes[-1].request_only = schema.name in only
        elif isinstance(schema, ir.EnumModel):
            literal = ann.model(ir.EnumOf(schema.values), open_enums=False)
            enums.append(ModelView(schema.name, "enum", doc, annotation=literal))
        else:
            target = schema.union if isinstance(schema, ir.UnionModel) else schema.target
            others[schema.name] = ModelView(schema.name, "alias", doc, annotation=ann.model(target))
            deps[schema.name] = direct_refs(target) & own
    order, recursive = alias_order(deps)
    for name in recursive:  # Json = TypeAliasType("Json", Union[str, List["Json"]])
        others[name].kind = "recursive"
        others[name].annotation = quote_names(others[name].annotation, recursive)
    extra = ["TypeAliasType"] if recursive else []
    view = ModelsModule(
        module=module,
        models=enums + classes,
        aliases=[others[name] for name in order],
        typing=["TYPE_CHECKING"] * bool(recursive) + [n for n in _TYPING if n in ann.uses],
        extras=extra + [n for n in _EXTRAS if n in ann.uses],
        names=export_sorted(sorted(own)),
    )
    return view, set(ann.refs)


def _object(schema: ir.ObjectModel, ann: Annotations) -> ModelView:
    idents = unique_idents([f.name for f in schema.fields], MODEL_RESERVED, "field")
    annotations = [ann.model(f.type) for f in schema.fields]
    for i, ident in enumerate(idents):
        # `int: ...` would shadow the builtin for this and every later annotation.
        if ident not in ANNOTATION_BUILTINS:
            continue
        uses = re.compile(rf"(?<![\w.]){ident}\b")
        if any(uses.search(a) for a in annotations[i:]):
            idents[i] = unique(ident + "_", set(idents), fold_case=False)
    fields = []
    for f, ident, annotation in zip(schema.fields, idents, annotations, strict=True):
        nullable = isinstance(f.type, ir.Nullable) or annotation == "object"
        default = ""
        if not f.required:
            default = "None"
            if not nullable:
                annotation = f"{ann.use('Optional')}[{annotation}]"
        alias = py_str(f.name) if ident != f.name else ""
        if alias:
            ann.use("Field")
        fields.append(
            FieldView(
                ident=ident,
                annotation=annotation,
                default=default,
                alias=alias,
                doc=docstring_body(f.description, "    ") if f.description else "",
            )
        )
    doc = docstring_body(schema.description, "    ") if schema.description else ""
    return ModelView(schema.name, "object", doc, fields, deprecated=schema.deprecated)
