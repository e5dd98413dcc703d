"""The models module's view: one class, enum or alias per named schema, and its imports."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .. import ir
from ..graph import direct_refs
from ..names import unique
from .aliases import alias_order, quote_names
from .escape import docstring_body, py_str
from .idents import ANNOTATION_BUILTINS, MODEL_RESERVED, unique_idents
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
class ModelsView:
    models: list[ModelView]  # enums, then classes, in definition order
    aliases: list[ModelView]  # emitted after classes, dependency-ordered
    typing: list[str]  # names models.py imports from typing
    extras: list[str]  # "_dt", "Field", "Annotated", "Tag", "open_union" when needed


def build_models(api: ir.Api) -> ModelsView:
    """The models module: its classes and aliases, and the names they need imported."""
    ann = Annotations({s.name: s for s in api.schemas}, "")
    classes: list[ModelView] = []
    enums: list[ModelView] = []
    others: dict[str, ModelView] = {}
    deps: dict[str, set[str]] = {}
    for schema in api.schemas:
        doc = docstring_body(schema.description, "    ") if schema.description else ""
        if isinstance(schema, ir.ObjectModel):
            classes.append(_object(schema, ann))
        elif isinstance(schema, ir.EnumModel):
            literal = ann.model(ir.EnumOf(schema.values), open_enums=False)
            enums.append(ModelView(schema.name, "enum", doc, annotation=literal))
        else:
            target = schema.union if isinstance(schema, ir.UnionModel) else schema.target
            others[schema.name] = ModelView(schema.name, "alias", doc, annotation=ann.model(target))
            deps[schema.name] = direct_refs(target)
    order, recursive = alias_order(deps)
    for name in recursive:  # Json = TypeAliasType("Json", Union[str, List["Json"]])
        others[name].kind = "recursive"
        others[name].annotation = quote_names(others[name].annotation, recursive)
    extra = ["TypeAliasType"] if recursive else []
    return ModelsView(
        models=enums + classes,
        aliases=[others[name] for name in order],
        typing=["TYPE_CHECKING"] * bool(recursive) + [n for n in _TYPING if n in ann.uses],
        extras=extra + [n for n in _EXTRAS if n in ann.uses],
    )


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
