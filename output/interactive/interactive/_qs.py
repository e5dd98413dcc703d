"""Query-string serialisation following OpenAPI `style` / `explode`.

Supported styles: `form` (the default, explode true or false), `spaceDelimited`,
`pipeDelimited` (arrays) and `deepObject` (objects).
"""

from __future__ import annotations

import datetime as _dt
import enum
import json
import uuid
from collections.abc import Iterable, Mapping
from typing import cast

import pydantic

from ._types import Omit, is_sequence

__all__ = ["encode_form", "encode_query", "format_scalar"]

_DEFAULT_STYLE = ("form", True)


def format_scalar(value: object) -> str:
    """The wire text of one scalar: booleans as `true`/`false`, dates in ISO 8601."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, enum.Enum):
        return format_scalar(value.value)
    if isinstance(value, (_dt.datetime, _dt.date, _dt.time)):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return str(value)


def _absent(value: object) -> bool:
    return value is None or isinstance(value, Omit)


def _as_mapping(value: object) -> Mapping[str, object] | None:
    if isinstance(value, pydantic.BaseModel):
        dumped: Mapping[str, object] = value.model_dump(
            by_alias=True, exclude_unset=True, mode="json"
        )
        return dumped
    if isinstance(value, Mapping):
        return {str(k): v for k, v in value.items()}
    return None


def encode_query(
    params: Mapping[str, object], styles: Mapping[str, tuple[str, bool]] | None = None
) -> list[tuple[str, str]]:
    """Serialise query parameters into `(name, value)` pairs, in order.

    `None` and `omit` values are dropped (also inside lists and objects): a query parameter
    cannot carry JSON null. `styles` maps a parameter name to `(style, explode)`; parameters not
    listed use `("form", True)`, i.e. lists repeat the name (`?a=1&a=2`) and objects spread their
    keys (`?k1=v1&k2=v2`).
    """
    pairs: list[tuple[str, str]] = []
    for name, value in params.items():
        if _absent(value):
            continue
        style, explode = (styles or {}).get(name, _DEFAULT_STYLE)
        pairs.extend(_encode_one(name, value, style, explode))
    return pairs


def _encode_one(
    name: str, value: object, style: str, explode: bool
) -> list[tuple[str, str]]:
    mapping = _as_mapping(value)
    if mapping is not None:
        items = [(k, v) for k, v in mapping.items() if not _absent(v)]
        if style == "deepObject":
            return _deep_object(name, mapping)
        if explode:
            return [(k, _join_scalars(v, ",")) for k, v in items]
        flat: list[str] = []
        for k, v in items:
            flat.extend((k, _join_scalars(v, ",")))
        return [(name, ",".join(flat))] if flat else []
    if is_sequence(value):
        values = [format_scalar(v) for v in _items(value) if not _absent(v)]
        if explode and style in ("form", "spaceDelimited", "pipeDelimited"):
            return [(name, v) for v in values]
        separator = {"spaceDelimited": " ", "pipeDelimited": "|"}.get(style, ",")
        return [(name, separator.join(values))]
    return [(name, format_scalar(value))]


def _join_scalars(value: object, separator: str) -> str:
    if is_sequence(value):
        return separator.join(format_scalar(v) for v in _items(value) if not _absent(v))
    return format_scalar(value)


def _deep_object(prefix: str, mapping: Mapping[str, object]) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    for key, value in mapping.items():
        if _absent(value):
            continue
        nested = _as_mapping(value)
        if nested is not None:
            pairs.extend(_deep_object(f"{prefix}[{key}]", nested))
        elif is_sequence(value):
            pairs.extend(
                (f"{prefix}[{key}]", format_scalar(v))
                for v in _items(value)
                if not _absent(v)
            )
        else:
            pairs.append((f"{prefix}[{key}]", format_scalar(value)))
    return pairs


def _items(value: object) -> Iterable[object]:
    return cast("Iterable[object]", value)


def encode_form(
    fields: Mapping[str, object], styles: Mapping[str, tuple[str, bool]] | None = None
) -> list[tuple[str, str]]:
    """Serialise an `application/x-www-form-urlencoded` body into `(name, value)` pairs.

    `fields` holds wire data (`_models.to_wire`); `None` values are dropped. A field listed in
    `styles` (the spec's `encoding` object, `(style, explode)`) follows it:

    - `deepObject`: `a[k]=v`, nested `a[k][j]=v`; an array of scalars `a[]=v` per item, an array
      holding objects or arrays by index, `a[0][k]=v`;
    - `form` with explode: object members as their own keys (`k=v`), arrays repeat the name
      (`a=1&a=2`); without explode: one value, `a=1,2` and `a=k1,v1,k2,v2`;
    - `spaceDelimited` / `pipeDelimited` arrays: one value joined by ` ` / `|` (unless explode).

    Other fields: scalars as text, arrays repeat the name, objects (and objects or arrays inside
    arrays) as compact JSON text. The Go runtime (`sdkrt.FormBody`) follows the same rules.
    """
    pairs: list[tuple[str, str]] = []
    for name, value in fields.items():
        if value is None:
            continue
        style = (styles or {}).get(name)
        if style is not None:
            pairs.extend(_styled_form(name, value, *style))
        elif isinstance(value, list):
            pairs.extend((name, _form_text(v)) for v in _items(value) if v is not None)
        else:
            pairs.append((name, _form_text(value)))
    return pairs


def _form_text(value: object) -> str:
    if isinstance(value, (dict, list)):
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    return _form_scalar(value)


def _form_scalar(value: object) -> str:
    # A whole float as an integer (`13.0` -> `13`), as JSON and the Go SDK write it.
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e21:
        return str(int(value))
    return format_scalar(value)


def _styled_form(
    name: str, value: object, style: str, explode: bool
) -> list[tuple[str, str]]:
    if style == "deepObject":
        return _deep_form(name, value)
    if isinstance(value, dict):
        members = cast("dict[str, object]", value)
        items = [(str(k), _join_form(v)) for k, v in members.items() if v is not None]
        if explode:
            return items
        flat = [text for item in items for text in item]
        return [(name, ",".join(flat))] if flat else []
    if isinstance(value, list):
        texts = [_form_text(v) for v in _items(value) if v is not None]
        if explode:
            return [(name, text) for text in texts]
        separator = {"spaceDelimited": " ", "pipeDelimited": "|"}.get(style, ",")
        return [(name, separator.join(texts))]
    return [(name, _form_text(value))]


def _join_form(value: object) -> str:
    if isinstance(value, list):
        return ",".join(_form_text(v) for v in _items(value) if v is not None)
    return _form_text(value)


def _deep_form(prefix: str, value: object) -> list[tuple[str, str]]:
    if isinstance(value, dict):
        members = cast("dict[str, object]", value)
        return [
            pair
            for key, item in members.items()
            if item is not None
            for pair in _deep_form(f"{prefix}[{key}]", item)
        ]
    if isinstance(value, list):
        items = [v for v in _items(value) if v is not None]
        if any(isinstance(v, (dict, list)) for v in items):
            return [
                pair
                for i, v in enumerate(items)
                for pair in _deep_form(f"{prefix}[{i}]", v)
            ]
        return [(f"{prefix}[]", _form_scalar(v)) for v in items]
    return [(prefix, _form_scalar(value))]
