"""Python identifiers for wire names: snake_case, never a keyword or a reserved name."""

from __future__ import annotations

import builtins
import keyword

from ..names import SNAKE_IDENT, snake, unique

# Names the package's modules import or declare next to the models (runtime classes, typing and
# pydantic names): a model may not take one (the Python target renames such an IR model, and
# refuses an override asking for one).
RESERVED_CLASS_NAMES = frozenset(
    {
        "Annotated", "Any", "BaseModel", "Dict", "Field", "List", "Literal", "Optional",
        "Union", "Omit", "Stream", "AsyncStream", "Client", "AsyncClient", "TypeAdapter",
        "Discriminator", "Tag", "RootModel", "ConfigDict", "Json", "Self", "Headers", "Query",
        "Body", "Timeout", "FileTypes", "SyncAPIResource", "AsyncAPIResource", "APIResponse",
        "RetryConfig", "SequenceNotStr", "Mapping", "RequestModel", "TypeAlias", "TypeAliasType",
        "UnknownEvent", "EventTypes", "FileContent",
    }
    # Capitalised builtins (`RuntimeError`, `Exception`, `Ellipsis`): a model annotation that
    # names one before the model's class is defined resolves to the builtin, not the model.
    | {n for n in dir(builtins) if n[:1].isupper()}
)  # fmt: skip

# pydantic.BaseModel attributes a field may not shadow.
MODEL_RESERVED = frozenset(
    {
        "copy", "dict", "json", "schema", "schema_json", "construct", "validate", "fields",
        "parse_obj", "parse_raw", "parse_file", "from_orm", "update_forward_refs",
        "model_config", "model_fields", "model_computed_fields", "model_extra",
        "model_fields_set", "model_construct", "model_copy", "model_dump", "model_dump_json",
        "model_json_schema", "model_parametrized_name", "model_post_init", "model_rebuild",
        "model_validate", "model_validate_json", "model_validate_strings", "self",
    }
)  # fmt: skip

# Builtins that model annotations use: a field named like one shadows it for the annotations
# that follow it in the class body (see view._object, which renames only then).
ANNOTATION_BUILTINS = frozenset({"int", "str", "float", "bool", "bytes", "object"})

# Keyword arguments every generated method takes; API parameters get a trailing `_` instead.
CALL_OPTIONS = frozenset(
    {
        "extra_headers", "extra_query", "extra_body", "timeout", "max_retries",
        "stream_idle_timeout", "stream", "self",
        # module-level names the method bodies use
        "cast", "overload", "warnings", "typing", "pydantic", "make_request_options", "omit",
        # builtins the method bodies use (`cast_to=typing.Dict[str, object]`, isinstance checks):
        # an argument of that name would shadow them (a query parameter `object`)
        "object", "str", "int", "float", "bool", "bytes", "dict", "list", "set", "isinstance",
        "next",
    }
)  # fmt: skip


def py_ident(
    name: str,
    reserved: frozenset[str] = frozenset(),
    fallback: str = "value",
    *,
    tree: bool = False,
) -> str:
    """A snake_case identifier for `name`, with `_` appended to keywords and reserved names.
    With `tree` (resource and method names, which the resource tree already made snake_case
    with numbers on their words: `oauth2`), a snake_case name is kept as it is."""
    ident = name if tree and SNAKE_IDENT.fullmatch(name) else snake(name, fallback)
    # `l` (and `O`, `I`) reads as a digit: ruff's E741 refuses it as a field or argument name.
    ambiguous = ident in ("l", "O", "I")
    if keyword.iskeyword(ident) or keyword.issoftkeyword(ident) or ident in reserved or ambiguous:
        ident += "_"
    return ident


def unique_idents(
    names: list[str], reserved: frozenset[str] = frozenset(), fallback: str = "value"
) -> list[str]:
    """Identifiers for `names` in order, made distinct where snake_casing made them collide."""
    taken: set[str] = set()
    out = []
    for name in names:
        ident = py_ident(name, reserved, fallback)
        if ident in taken:
            ident = unique(ident + "_", taken, fold_case=False)
        else:
            taken.add(ident)
        out.append(ident)
    return out
