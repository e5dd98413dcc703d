"""Resource and method names from what an operation does (its path's shape), not from spelling.

Rules, in order (the first that gives a name wins):
1. `x-fern-sdk-method-name` / `x-speakeasy-name-override` on the operation (gen.yaml `methods`
   overrides, applied later, win over all of these).
2. The path's shape below the resource's own segment: a collection (`GET` → `list`, `POST` →
   `create`), an item (`GET` → `retrieve`, `PUT`/`PATCH`/`POST` → `update`, `DELETE` →
   `delete`), a sub-collection or item of one (`list_external_accounts`,
   `retrieve_external_account`), an action sub-path (`POST /jobs/{id}/cancel` → `cancel`)
   when the operationId holds no better verb.
3. The operationId's words without the resource's own words (`createChatCompletion` in `chat`
   → `create_completion`).
4. A name made from the path (verb plus the path's nouns).

A leading `/v<digits>` segment never names a resource; a query string in a path key (a variant
such as `?beta=true`) suffixes the method with its keys' words (`list_beta`). A name over 40
characters keeps its first word and as many of its last words as fit.
"""

from __future__ import annotations

import re
from itertools import pairwise
from typing import Any

from .names import singular, snake, words

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
_VERSION = re.compile(r"^v[0-9]+([a-z]+[0-9]*)?$", re.IGNORECASE)
_FILE_SUFFIX = re.compile(r"\.(json|xml|ya?ml|txt|csv)$", re.IGNORECASE)
_ITEM_VERB = {"get": "retrieve", "put": "update", "patch": "update", "post": "update"}
_COLLECTION_VERB = {"get": "list", "post": "create", "put": "update", "delete": "delete"}


def _extension(op: dict[str, Any], *keys: str) -> str:
    for key in keys:
        value = op.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
        if isinstance(value, list) and value and isinstance(value[0], str):
            return ".".join(value)  # a group path such as [accounts, external_accounts]
    return ""


def segments(path: str) -> list[str]:
    """The path's segments without its query string, fragment and leading version segment."""
    bare = path.split("#", 1)[0].split("?", 1)[0]
    parts = [s for s in bare.split("/") if s]
    if parts and _VERSION.match(parts[0]):
        parts = parts[1:]
    return parts


def resource_name(op: dict[str, Any], path: str) -> tuple[str, str]:
    """(resource name, tag it came from or ""): an SDK-group extension, else the first tag,
    else the first literal path segment after a version prefix."""
    group = _extension(op, "x-fern-sdk-group-name", "x-speakeasy-group")
    if group:
        return snake(group.replace(".", "_"), "default"), ""
    tags = op.get("tags") or []
    if tags and isinstance(tags[0], str):
        tag = tags[0]
        return snake(re.sub(r"^subpackage_", "", tag), "default"), tag
    literals = [s for s in segments(path) if not s.startswith("{")]
    if not literals:
        return "default", ""
    # `/info.0.json` names a resource `info_0`, not `info_0_json`.
    return snake(_FILE_SUFFIX.sub("", literals[0]), "default"), ""


def method_name(op: dict[str, Any], op_id: str, method: str, path: str, resource: str) -> str:
    """The method name of one operation in `resource` (rules in the module docstring)."""
    given = _extension(op, "x-fern-sdk-method-name", "x-speakeasy-name-override")
    if given:
        return snake(given, "call")
    query = path.split("#", 1)[0].partition("?")[2]
    suffix = [w for key in re.findall(r"([^&=]+)(?:=[^&]*)?", query) for w in words(key)]
    from_id = _from_op_id(op_id, resource)
    name = _from_shape(method, path, resource, from_id) or from_id
    if not name:
        name = _from_path(method, path, resource)
    return _cap(snake("_".join([name, *suffix]), "call"))


def _cap(name: str, limit: int = 40) -> str:
    """At most `limit` characters: the first word, then as many trailing words as fit."""
    if len(name) <= limit:
        return name
    parts = name.split("_")
    kept: list[str] = []
    for part in reversed(parts[1:]):
        if len("_".join([parts[0], part, *kept])) > limit:
            break
        kept.insert(0, part)
    return "_".join([parts[0], *kept])[:limit].rstrip("_")


def _below_resource(path: str, resource: str) -> list[str] | None:
    """The path's segments after the resource's own segment; None when the path does not
    contain it (a tag that is not a path segment)."""
    parts = segments(path)
    if not parts or snake(_FILE_SUFFIX.sub("", parts[0])) != resource:
        return None  # below a parent (`/repos/{owner}/{repo}/pulls`): the path drops facts
    rest: list[str] = []
    for part in parts[1:]:  # a run of literals (`treasury/outbound_transfers`) is its last one
        if rest and not part.startswith("{") and not rest[-1].startswith("{"):
            rest[-1] = part
        else:
            rest.append(part)
    return rest


def _from_shape(method: str, path: str, resource: str, from_id: str) -> str:
    rest = _below_resource(path, resource)
    if rest is None:
        return ""
    # Only alternating shapes: [{id}], [{id}, sub], [{id}, sub, {sub_id}], [action], ...
    kinds = [part.startswith("{") for part in rest]
    if any(a == b for a, b in pairwise(kinds)):
        return ""
    nouns = [snake(part) for part in rest if not part.startswith("{")]
    if not rest:
        return _COLLECTION_VERB.get(method, "")
    if rest[-1].startswith("{"):  # an item
        verb = "delete" if method == "delete" else _ITEM_VERB.get(method, "")
        return "_".join([verb, *(singular(n) for n in nouns)]) if verb else ""
    last = nouns[-1]
    if singular(last) != last:  # a plural: a sub-collection
        verb = _COLLECTION_VERB.get(method, "")
        if not verb:
            return ""
        head = [singular(n) for n in nouns[:-1]]
        return "_".join([verb, *head, singular(last) if verb != "list" else last])
    # A singular word below an item or the collection: an action (`cancel`, `search`), unless
    # the operationId says more than an HTTP verb (`uploadPhoto` for `POST .../photo`).
    if from_id and from_id.split("_")[0] not in VERB_FOR_METHOD:
        return ""
    return "_".join([last, *(singular(n) for n in nouns[:-1])])


def _from_op_id(op_id: str, resource: str) -> str:
    resource_words = {singular(w) for w in words(resource)}
    kept = [w for w in words(op_id) if singular(w) not in resource_words]
    return "_".join(kept)


def _from_path(method: str, path: str, resource: str) -> str:
    resource_words = {singular(w) for w in words(resource)}
    parts = segments(path)
    nouns = [
        w for s in parts if not s.startswith("{") for w in words(s)
        if singular(w) not in resource_words
    ]  # fmt: skip
    verb = VERB_FOR_METHOD[method]
    if method == "get" and not any(s.startswith("{") for s in parts):
        verb = "list"
    return "_".join([verb, *nouns])
