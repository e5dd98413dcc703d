"""Word-level naming rules: naming extensions, operationId words, CRUD verbs, the length cap.

The resource tree and the choice between these rules are in `tree.py`; this module only turns
one operation's texts into words.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from typing import Any

from .names import MAX_IDENT, capped, id_words, ident, singular, words

VERB_FOR_METHOD = {
    "get": "retrieve",
    "post": "create",
    "put": "update",
    "patch": "update",
    "delete": "delete",
    "head": "head",
    "options": "options",
    "trace": "trace",
}
# Words that say no more than the HTTP method or the collection/item shape does.
GENERIC_VERBS = frozenset(
    "get post put patch delete head options trace list create update retrieve fetch read "
    "find all by one modify replace".split()
)
# A leading segment that carries a version (`v1`, `v2beta1`) or a dated version (`2010-04-01`).
VERSION = re.compile(r"^v[0-9]+([a-z]+[0-9]*)?$", re.IGNORECASE)
DATED = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
FILE_SUFFIX = re.compile(r"\.(json|xml|ya?ml|txt|csv)$", re.IGNORECASE)
ITEM_VERB = {"get": "retrieve", "put": "update", "patch": "update", "post": "update"}
COLLECTION_VERB = {"get": "list", "post": "create", "put": "update", "patch": "update"}
SINGLETON_VERB_UPDATE = {"get": "retrieve", "post": "update", "put": "update", "patch": "update"}


def _extension(op: Mapping[str, Any], *keys: str) -> list[str]:
    """The first of `keys` the operation sets, as its parts: a string (dotted for a group
    path) or a list of strings; [] when none is set."""
    for key in keys:
        value = op.get(key)
        if isinstance(value, str) and value.strip():
            return [p for p in value.strip().split(".") if p.strip()]
        if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            return [v for v in value if v.strip()]
    return []


def group_extension(op: Mapping[str, Any]) -> tuple[str, ...]:
    """The resource path an SDK-group extension gives (`x-fern-sdk-group-name` wins over
    `x-speakeasy-group`); a list or a dotted string is a nested path."""
    parts = _extension(op, "x-fern-sdk-group-name", "x-speakeasy-group")
    return tuple(cap(ident(p, "default")) for p in parts)


def method_extension(op: Mapping[str, Any]) -> str:
    """The method name a naming extension gives (`x-fern-sdk-method-name` wins over
    `x-speakeasy-name-override`), "" when none."""
    parts = _extension(op, "x-fern-sdk-method-name", "x-speakeasy-name-override")
    return cap(ident("_".join(parts), "call")) if parts else ""


def cap(name: str) -> str:
    """At most 40 characters: a longer snake_case name is first made of fewer words (the
    longest inner word goes first, the first and the last word stay:
    `shield_information_barrier_segment_restrictions` → `shield_barrier_segment_restrictions`);
    only a name still too long is cut (`names.capped`: it ends in a digest of the whole)."""
    parts = name.split("_")
    while len("_".join(parts)) > MAX_IDENT and len(parts) > 2:
        inner = parts[1:-1]
        longest = max(range(len(inner)), key=lambda i: (len(inner[i]), -i))
        parts = [parts[0], *inner[:longest], *inner[longest + 1 :], parts[-1]]
    return capped("_".join(parts))


# A part of a path segment the server made, not a person: a random ID such as `6VMVochwUWo`
# splits into many one- or two-letter pieces.
_SEPARATORS = re.compile(r"[^A-Za-z0-9]+")


def is_opaque(part: str) -> bool:
    """`part` (a path segment or a piece of one between `-`, `_`, `.`) looks like a token a
    server made: 8 or more letters and digits, mixing case or digits, and at least half of its
    pieces (camel-case humps, digit runs) one or two letters long."""
    if len(part) < 8 or not part.isalnum():
        return False
    if not (any(c.isdigit() for c in part) or (part != part.lower() and part != part.upper())):
        return False
    pieces = words(part)
    short = sum(1 for w in pieces if len(w) <= 2)
    return len(pieces) >= 4 and 2 * short >= len(pieces)


def opaque_parts(path: str) -> list[str]:
    """The opaque parts of a path's literal segments."""
    segments = [s for s in path.split("/") if s and not is_param(s)]
    return [p for s in segments for p in _SEPARATORS.split(s) if is_opaque(p)]


def without_opaque(segment: str) -> str:
    """The segment without its opaque parts (`securityClassification-6VMVochwUWo` →
    `securityClassification`); "" when every part is opaque."""
    if is_param(segment):
        return segment
    parts = [p for p in _SEPARATORS.split(segment) if p]
    if not any(is_opaque(p) for p in parts):
        return segment
    return "-".join(p for p in parts if not is_opaque(p))


def is_param(segment: str) -> bool:
    return "{" in segment


def is_plural(segment: str) -> bool:
    """The segment's last word is plural; a trailing version word does not count
    (`projectsV2` is plural)."""
    found = id_words(segment)
    while len(found) > 1 and VERSION.match(found[-1]):
        found = found[:-1]
    last = (found or [""])[-1]
    return singular(last) != last


def op_id_words(
    op_id: str, method: str, path_words: list[str], vocabulary: AbstractSet[str] = frozenset()
) -> list[str]:
    """The operationId's words, without a trailing HTTP method word and without the path's
    words that framework-made ids append (`upload_file_v1_files_post` → upload, file). A
    lower-case run (`getprojectspendlimit`) is split where it is made of `vocabulary` words
    (the paths' words, their singulars, the generic verbs); an id that stays one such run
    gives no words (the name then comes from the path)."""
    found = [part for w in id_words(op_id) for part in _split_glued(w, vocabulary)]
    if len(found) == 1 and _glued(found[0], vocabulary):
        return []  # `archiveteamforever`: words run together that no known word splits
    if len(found) > 1 and found[-1] == method:
        found = found[:-1]
        n = len(path_words)
        if n and len(found) > n and found[-n:] == path_words:
            found = found[:-n]
    return found


def remainder(op_words: list[str], drop: set[str]) -> list[str]:
    """The operationId's words that the resource path, the parameters and the namespaces do
    not already say (compared in the singular)."""
    return [w for w in op_words if singular(w) not in drop and w not in drop]


def drop_words(*names: str) -> set[str]:
    """The words of `names` in the singular, and each name's words run together (`gen_ai`
    also drops the operationId word `genai`)."""
    out = {singular(w) for name in names for w in id_words(name)}
    return out | {singular("".join(id_words(name))) for name in names if id_words(name)}


def from_remainder(rest: list[str], method: str, default: str) -> str:
    """A name from the operationId's remaining words: a generic verb first becomes the shape's
    verb (`get_metadata` → `retrieve_metadata`); nothing left gives `default`."""
    if not rest:
        return default
    if rest[0] in GENERIC_VERBS:
        rest = [default or VERB_FOR_METHOD.get(method, method), *rest[1:]]
    return "_".join(rest)


def _glued(word: str, vocabulary: AbstractSet[str]) -> bool:
    """A whole operationId that is one long lower-case run (12 or more letters) that is not
    a word of the paths: several words run together, which no name may keep."""
    return len(word) >= 12 and word.isalpha() and word not in vocabulary


def _split_glued(word: str, vocabulary: AbstractSet[str]) -> list[str]:
    """`getprojectspendlimit` → get, project, spend, limit when every part is a known word;
    else the word itself."""
    if len(word) < 8 or word in vocabulary or not vocabulary:
        return [word]
    known = set(vocabulary) | {singular(w) for w in vocabulary} | GENERIC_VERBS
    best: list[list[str] | None] = [None] * (len(word) + 1)
    best[0] = []
    for end in range(1, len(word) + 1):
        for start in range(max(0, end - 30), end):
            head = best[start]
            piece = word[start:end]
            if head is not None and len(piece) > 1 and piece in known:
                if best[end] is None or len(head) + 1 < len(best[end] or []):
                    best[end] = [*head, piece]
    return best[len(word)] or [word]
