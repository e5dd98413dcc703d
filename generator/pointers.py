"""What a `$ref` can name: JSON pointers (RFC 6901 escapes under RFC 3986 percent-encoding)
and OpenAPI 3.1 `$id`/`$anchor` names."""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote


def pointer_part(raw: str) -> list[str]:
    """The keys one step of a `$ref` fragment may name, most likely first.

    A fragment is percent-encoded (RFC 3986) and then `~1`/`~0`-escaped (RFC 6901):
    `application~1xml;%20charset=utf-8` is the key `application/xml; charset=utf-8`. Specs
    that write a `%` literally are common too, so the step without percent-decoding is second.
    """
    try:
        decoded = unquote(raw, errors="strict") if "%" in raw else raw
    except UnicodeDecodeError:  # `%FF`: not percent-encoded UTF-8, so not encoded at all
        decoded = raw
    keys = [unescape(decoded)]
    if decoded != raw:
        keys.append(unescape(raw))
    return keys


def unescape(part: str) -> str:
    """One RFC 6901 reference token: `~1` is `/`, then `~0` is `~` (so `~01` is `~1`)."""
    return part.replace("~1", "/").replace("~0", "~")


def schema_ids(doc: dict[str, Any]) -> dict[str, tuple[str, Any]]:
    """`$id` values (and `$id#anchor` for `$anchor`s beneath them) of the document's schemas."""
    from .spec import iter_schemas

    ids: dict[str, tuple[str, Any]] = {}
    bases: list[tuple[str, str]] = []  # (pointer prefix, $id) of schemas that declare one
    for pointer, schema in iter_schemas(doc):
        while bases and not pointer.startswith(bases[-1][0]):
            bases.pop()
        own = schema.get("$id")
        if isinstance(own, str) and own:
            ids.setdefault(own, (pointer, schema))
            bases.append((pointer, own))
        anchor = schema.get("$anchor")
        if isinstance(anchor, str) and anchor and bases:
            ids.setdefault(f"{bases[-1][1]}#{anchor}", (pointer, schema))
    return ids
