"""Pydantic base model, request serialisation (`to_wire`), response validation (`validate_as`)."""

from __future__ import annotations

import base64
import datetime as _dt
import enum
import io
import json
import os
import types
import uuid
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import IO, Annotated, Any, Literal, Union, cast, get_args, get_origin

import pydantic

from ._types import Omit, is_sequence

__all__ = [
    "UNKNOWN_VARIANT",
    "BaseModel",
    "RequestModel",
    "admits_none",
    "construct_type",
    "open_union",
    "to_wire",
    "type_adapter",
    "validate_as",
]

UNKNOWN_VARIANT = "__unknown__"


class BaseModel(pydantic.BaseModel):
    """Base of every generated model.

    Unknown response fields are kept (`extra="allow"`, so a newer server does not break older
    clients), and fields can be given by Python name or by wire alias.
    """

    # No protected namespaces: an API may well have a field called `model_version`.
    model_config = pydantic.ConfigDict(
        extra="allow", populate_by_name=True, protected_namespaces=()
    )


class RequestModel(BaseModel):
    """Base of the models only ever sent to the server (request bodies and parameters).

    Unknown fields are refused (`extra="forbid"`): `Config(shema=...)` for `schema` raises a
    `pydantic.ValidationError` when the model is built instead of being sent unnoticed.
    """

    model_config = pydantic.ConfigDict(extra="forbid")


def open_union(prop: str, tags: Mapping[str, str]) -> pydantic.Discriminator:
    """A discriminator that keeps a variant this SDK does not know yet.

    `tags` maps each tag value (as a string) to the name of its variant's `Tag`; any other tag
    selects the variant tagged `UNKNOWN_VARIANT`, a plain dict holding the raw payload. So a
    server that adds a new kind of object does not break an older SDK.
    """

    def tag_of(value: object) -> str:
        if isinstance(value, Mapping):
            tag = value.get(prop)
        else:
            tag = getattr(value, prop, None)
        if isinstance(tag, enum.Enum):
            tag = tag.value
        return tags.get(str(tag), UNKNOWN_VARIANT)

    return pydantic.Discriminator(tag_of)


def to_wire(value: object) -> object:
    """Turn a request value into plain JSON-compatible data.

    `Omit` values are dropped from dicts (recursively), pydantic models are dumped by alias with
    only the fields that were set, dates/datetimes/times/UUIDs become strings, enums their value,
    tuples/sets lists. `None` stays `None` (JSON null): dropping it would change the meaning.
    An upload (bytes, a binary file object, a path, or a `(filename, content, ...)` tuple) in a
    JSON body, which cannot carry raw bytes, is its content base64-encoded.
    """
    upload = _base64_upload(value)
    if upload is not None:
        return upload
    if isinstance(value, pydantic.BaseModel):
        return value.model_dump(by_alias=True, exclude_unset=True, mode="json")
    if isinstance(value, Mapping):
        return {str(k): to_wire(v) for k, v in value.items() if not isinstance(v, Omit)}
    if is_sequence(value):
        return [
            to_wire(v)
            for v in cast("Iterable[object]", value)
            if not isinstance(v, Omit)
        ]
    if isinstance(value, enum.Enum):
        return to_wire(value.value)
    if isinstance(value, (_dt.datetime, _dt.date, _dt.time)):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def _base64_upload(value: object) -> str | None:
    """The base64 text of an upload's content, or None when `value` is not an upload."""
    if (
        isinstance(value, tuple)
        and len(value) >= 2
        and isinstance(value[0], (str, type(None)))
    ):
        content = _base64_upload(value[1])
        if content is not None:
            return content
    if isinstance(value, (bytes, bytearray, memoryview)):
        data = bytes(value)
    elif isinstance(value, os.PathLike):
        data = Path(os.fspath(value)).read_bytes()
    elif isinstance(value, io.IOBase):
        data = cast("IO[bytes]", value).read()
    else:
        return None
    return base64.b64encode(data).decode("ascii")


# One TypeAdapter per type: building one costs far more than using it.
_ADAPTERS: dict[object, pydantic.TypeAdapter[Any]] = {}


def type_adapter(type_: object) -> pydantic.TypeAdapter[Any]:
    """The cached `pydantic.TypeAdapter` for `type_` (uncached when the type is unhashable)."""
    try:
        adapter = _ADAPTERS.get(type_)
    except TypeError:  # unhashable annotation (e.g. Annotated with a dict)
        return pydantic.TypeAdapter(cast(Any, type_))
    if adapter is None:
        adapter = pydantic.TypeAdapter(cast(Any, type_))
        _ADAPTERS[type_] = adapter
    return adapter


def _is_model_class(type_: object) -> bool:
    return isinstance(type_, type) and issubclass(type_, pydantic.BaseModel)


def validate_as(type_: object, data: bytes, *, strict: bool) -> Any:
    """Parse the JSON document `data` into `type_`.

    `strict=True` validates with pydantic straight from the bytes (one pass, no intermediate
    `json.loads`). `strict=False` only parses the JSON and builds models without validation
    (`construct_type`), so a server that deviates from its spec does not break the caller.

    Raises `ValueError` (`json.JSONDecodeError`, `UnicodeDecodeError` or
    `pydantic.ValidationError`) when the body is not valid JSON or does not match.
    """
    if strict:
        if _is_model_class(type_):
            return cast("type[pydantic.BaseModel]", type_).model_validate_json(data)
        return type_adapter(type_).validate_json(data)
    return construct_type(json.loads(data.decode("utf-8")), type_)


def construct_type(value: object, type_: object) -> Any:
    """Build `type_` from parsed JSON without validation (models via `model_construct`).

    Walks models, lists, dicts, unions and `Annotated`; any other value is returned as is.
    """
    origin = get_origin(type_)
    if origin is Annotated:
        return construct_type(value, get_args(type_)[0])
    if _is_model_class(type_):
        if not isinstance(value, Mapping):
            return value
        return _construct_model(cast("type[pydantic.BaseModel]", type_), value)
    if origin is Union or _is_union_type(origin):
        return _construct_union(value, get_args(type_))
    if origin in (list, Sequence, tuple, set, frozenset) and isinstance(value, list):
        args = get_args(type_)
        item_type: object = args[0] if args else Any
        return [construct_type(v, item_type) for v in value]
    if origin in (dict, Mapping) and isinstance(value, Mapping):
        args = get_args(type_)
        val_type: object = args[1] if len(args) == 2 else Any
        return {k: construct_type(v, val_type) for k, v in value.items()}
    return value


# `X | Y` evaluated on Python 3.10+ has origin types.UnionType; 3.9 only has typing.Union.
_UNION_TYPE: object = getattr(types, "UnionType", Union)


def _is_union_type(origin: object) -> bool:
    return origin is _UNION_TYPE


def admits_none(type_: object) -> bool:
    """Whether `type_` is `X | None` (`Optional[X]`, a union with `None`)."""
    origin = get_origin(type_)
    return (origin is Union or _is_union_type(origin)) and type(None) in get_args(type_)


def _construct_model(model: type[pydantic.BaseModel], data: Mapping[str, Any]) -> Any:
    values: dict[str, Any] = {}
    remaining = dict(data)
    for name, field in model.model_fields.items():
        key = field.alias or name
        if key in remaining:
            raw = remaining.pop(key)
        elif name in remaining:
            raw = remaining.pop(name)
        else:
            continue
        values[name] = construct_type(raw, field.annotation)
    # Unknown keys are kept as extras (model_config extra="allow").
    values.update(remaining)
    return model.model_construct(**values)


def _construct_union(value: object, members: tuple[object, ...]) -> Any:
    if value is None:
        return None
    if isinstance(value, Mapping):
        models = [m for m in members if _is_model_class(m)]
        # Prefer a member whose Literal discriminator fields match, then one whose required
        # fields are all present, then the first model.
        for model in models:
            if _discriminators_match(cast("type[pydantic.BaseModel]", model), value):
                return construct_type(value, model)
        for model in models:
            fields = cast("type[pydantic.BaseModel]", model).model_fields
            required = [(f.alias or n, n) for n, f in fields.items() if f.is_required()]
            if all(alias in value or name in value for alias, name in required):
                return construct_type(value, model)
        if models:
            return construct_type(value, models[0])
    if isinstance(value, list):
        for member in members:
            if get_origin(member) in (list, Sequence, tuple):
                return construct_type(value, member)
    return value


def _discriminators_match(
    model: type[pydantic.BaseModel], value: Mapping[str, Any]
) -> bool:
    found = False
    for name, field in model.model_fields.items():
        if get_origin(field.annotation) is Literal:
            key = field.alias or name
            if key not in value:
                return False
            if value[key] not in get_args(field.annotation):
                return False
            found = True
    return found
