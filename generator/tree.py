"""The resource tree of an API, inferred from its paths, and each operation's method name.

Target-neutral: the IR's resources carry the dotted path this module gives (`chat.completions`,
`accounts.external_accounts`); every target spells the same tree.

Where an operation goes (first rule that applies):
1. `x-fern-sdk-group-name` (a list or a dotted string is a nested path), then
   `x-speakeasy-group`.
2. Its path. Namespaces first: the query keys of a path key (`/files?beta=true` →
   `beta.files`); a credential other than the API's default (an operation that needs only
   the `AdminKey` scheme where the API's default is `Key` goes under `admin`); a version segment
   (`/v1`) when one group of operations (one credential namespace, one server URL) holds
   several versions (`v1`, `v2`). The one version or the dated versions of a group are folded
   away (with a literal segment every path of the group has before them: `/api/v1`). Parts
   of a segment a server made (`naming.is_opaque`) are dropped. Then every literal segment is
   one level
   (`/accounts/{account}/external_accounts/{id}` → `accounts.external_accounts`), except an
   action: a last segment below a parameter or below a resource with its own operations, with
   one GET or POST operation and nothing below it, that is a singular word or the word the
   operationId starts with (`/jobs/{id}/cancel` → `jobs.cancel`, `/messages/count_tokens`).
3. The first tag, for a path with no literal segment; else `default`.

Its method name (first rule that applies): `x-fern-sdk-method-name`, `x-speakeasy-name-override`
(gen.yaml `overrides.methods` wins over all, applied later); a path fragment (`#add_link`); the
operationId's words without the resource's, the parameters' and the namespaces' words, when
they start with a verb that is no CRUD synonym and no path noun (`sendEvents` → `send`); the
action's segment (or the operationId's words, when they hold the segment: `create_upload_url`);
the CRUD verb of the shape (collection `list`/`create`, item `retrieve`/`update`/`delete`,
singleton `retrieve`/`update`). Two operations that get the same name in one resource (or a name
of a sub-resource): the later one gets a name that says what differs (`_candidates`), then a
number; each with a warning. Names keep numbers on their words (`oauth2`), spell a leading
number out, and are at most 40 characters (fewer words first, then a cut: `naming.cap`).
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .diagnostics import Diagnostics
from .names import id_words, ident, singular, unique
from .naming import (
    COLLECTION_VERB,
    DATED,
    FILE_SUFFIX,
    GENERIC_VERBS,
    ITEM_VERB,
    SINGLETON_VERB_UPDATE,
    VERB_FOR_METHOD,
    VERSION,
    cap,
    drop_words,
    from_remainder,
    group_extension,
    is_param,
    is_plural,
    method_extension,
    op_id_words,
    opaque_parts,
    remainder,
    without_opaque,
)
from .plan import split_path_key

_CREDENTIAL_WORDS = frozenset(
    "auth authentication authorization api key keys token tokens scheme security oauth oauth2 "
    "bearer basic http header cookie query jwt".split()
)
# Members every generated resource has; a method or sub-resource never takes these names.
RESOURCE_MEMBERS = frozenset({"with_raw_response", "with_streaming_response", "with_options"})


@dataclass(frozen=True)
class Entry:
    """One operation as the tree sees it."""

    path: str  # the path key, with any query string or fragment
    method: str  # lowercase HTTP method
    op: Mapping[str, Any]  # the operation object
    pointer: str = ""


@dataclass(frozen=True)
class Placement:
    resource: tuple[str, ...]  # the resource path, e.g. ("chat", "completions")
    name: str  # the method name, snake_case


@dataclass
class _Parsed:
    namespaces: list[str]
    segments: list[str]  # without the folded version and file suffixes
    fragment: str
    query_words: list[str]


def place(entries: list[Entry], doc: Mapping[str, Any], diags: Diagnostics) -> list[Placement]:
    """The resource path and method name of every entry, in the entries' order."""
    parsed = _parse_all(entries, doc)
    norm = [tuple(_norm(p.namespaces, p.segments)) for p in parsed]
    shape = _Shape(Counter(norm), {}, {key[:i] for key in norm for i in range(len(key))}, set())
    for key, entry in zip(norm, entries, strict=True):
        shape.methods.setdefault(key, set()).add(entry.method)
        if entry.method == "get" and _lists(entry.op):
            shape.listed.add(key)
    shape.nouns = {
        w
        for key in norm
        for i, s in enumerate(key)
        if not s.startswith(("ns:", "{")) and key[: i + 1] in shape.inner
        for w in id_words(s)
    }
    vocabulary = {w for p in parsed for s in p.segments for w in id_words(s)}
    raw = [
        _place_one(entry, p, key, shape, vocabulary)
        for entry, p, key in zip(entries, parsed, norm, strict=True)
    ]
    return _resolve(entries, raw, [p.segments for p in parsed], diags)


@dataclass
class _Shape:
    """The path trie: operations per node, their methods, inner nodes, and the nouns (words of
    segments with something below them)."""

    ops_at: Counter[tuple[str, ...]]
    methods: dict[tuple[str, ...], set[str]]
    inner: set[tuple[str, ...]]
    nouns: set[str]
    listed: set[tuple[str, ...]] = field(default_factory=set)  # a GET says "list"


def _lists(op: Mapping[str, Any]) -> bool:
    """The operation says it lists: its operationId has the word `list`, or its first 2xx
    JSON response is an inline array."""
    if "list" in id_words(str(op.get("operationId") or "")):  # `listPets`, `pets_list`
        return True
    responses = op.get("responses")
    for code, response in (responses.items() if isinstance(responses, Mapping) else ()):
        if not str(code).startswith("2") or not isinstance(response, Mapping):
            continue
        content = response.get("content")
        for media in (content.values() if isinstance(content, Mapping) else ()):
            schema = media.get("schema") if isinstance(media, Mapping) else None
            return isinstance(schema, Mapping) and schema.get("type") == "array"
        return False
    return False


def _parse_all(entries: list[Entry], doc: Mapping[str, Any]) -> list[_Parsed]:
    out = []
    for entry in entries:
        bare, _, fragment = entry.path.partition("#")
        bare, _, query = bare.partition("?")
        cleaned = (without_opaque(FILE_SUFFIX.sub("", s)) for s in bare.split("/") if s)
        segments = [s for s in cleaned if s]
        # The fixed query pairs name a variant (`?beta=true` -> `beta`), each key once; a
        # template pair (`?q={q}`) is where a parameter goes, not a variant.
        keys = list(dict.fromkeys(k for k, _ in split_path_key("?" + query)[1]))
        out.append(_Parsed([], segments, fragment, [w for k in keys for w in id_words(k)]))
    credential = _credential_namespaces(entries, doc)
    # Versions fold per group of operations that share a credential and a server: a version
    # every versioned path of the group shares is no namespace (`/v1` of a second host).
    groups = [(cred, _server(entry, doc)) for entry, cred in zip(entries, credential, strict=True)]
    _strip_version_prefix(out, groups)
    leads = [p.segments[0] if p.segments else "" for p in out]
    versions: dict[tuple[str, str], set[str]] = {}
    for lead, group in zip(leads, groups, strict=True):
        if VERSION.match(lead) or DATED.match(lead):
            versions.setdefault(group, set()).add(lead)
    for p, lead, cred, group in zip(out, leads, credential, groups, strict=True):
        versioned = versions.get(group, set())
        fold = len(versioned) == 1 or all(DATED.match(v) for v in versioned)
        if lead in versioned:
            p.segments = p.segments[1:]
        p.namespaces = [*p.query_words]
        if cred:
            p.namespaces.append(cred)
        if lead in versioned and not fold:
            p.namespaces.append(lead.lower())  # `v1`, `v2beta`: letters and digits only
    return out


def _strip_version_prefix(parsed: list[_Parsed], groups: list[tuple[str, str]]) -> None:
    """A literal segment every path of a group starts with, before a version segment
    (`/api/v1/...`), goes, so the version is the group's lead segment."""
    members: dict[tuple[str, str], list[_Parsed]] = {}
    for p, group in zip(parsed, groups, strict=True):
        members.setdefault(group, []).append(p)
    for ps in members.values():
        firsts = {tuple(p.segments[:1]) for p in ps}
        if len(firsts) != 1 or any(len(p.segments) < 2 for p in ps):
            continue
        first = ps[0].segments[0]
        if is_param(first) or VERSION.match(first) or DATED.match(first):
            continue
        if all(VERSION.match(p.segments[1]) or DATED.match(p.segments[1]) for p in ps):
            for p in ps:
                p.segments = p.segments[1:]


def _server(entry: Entry, doc: Mapping[str, Any]) -> str:
    """The first server URL of an operation (its own, its path item's, else the API's)."""
    paths = doc.get("paths")
    item = paths.get(entry.path) if isinstance(paths, Mapping) else None
    for holder in (entry.op, item, doc):
        servers = holder.get("servers") if isinstance(holder, Mapping) else None
        if isinstance(servers, list) and servers and isinstance(servers[0], Mapping):
            return str(servers[0].get("url") or "")
    return ""


def _credential_namespaces(entries: list[Entry], doc: Mapping[str, Any]) -> list[str]:
    """Per entry, the namespace its credential gives: the words of a scheme the operation
    requires, when the API's default requirement names none of its schemes, without the words
    of the default schemes and of credentials in general (`AdminApiKey` next to `ApiKey`)."""
    default = _schemes(doc.get("security"))
    if not default:
        return ["" for _ in entries]
    default_words = {w for name in default for w in _scheme_words(name)} | _CREDENTIAL_WORDS
    out = []
    for entry in entries:
        own = _schemes(entry.op.get("security"))
        namespace = ""
        if own and not own & default:
            first = sorted(own)[0]
            kept = [w for w in _scheme_words(first) if w not in default_words]
            namespace = ident("_".join(kept), "") if kept else ""
        out.append(namespace)
    return out


def _scheme_words(name: str) -> list[str]:
    """The words of a security scheme's name, `OAuth` one word (`PartnerOAuth2` → partner,
    oauth2), so the credential words take it out."""
    out: list[str] = []
    for w in id_words(name):
        if out and out[-1] == "o" and w.startswith("auth"):
            out[-1] = "o" + w
        else:
            out.append(w)
    return out


def _schemes(security: object) -> set[str]:
    if not isinstance(security, list):
        return set()
    return {str(name) for req in security if isinstance(req, dict) for name in req}


def _under(namespaces: list[str], parts: list[str]) -> tuple[str, ...]:
    """The resource path `parts` below `namespaces`, said once: a credential's namespace
    `partner` over a tag `partner` is `partner`, not `partner.partner`."""
    if namespaces and parts and parts[0] == namespaces[-1]:
        parts = parts[1:]
    return (*namespaces, *parts)


def _norm(namespaces: list[str], segments: list[str]) -> list[str]:
    return [*(f"ns:{n}" for n in namespaces), *("{}" if is_param(s) else s for s in segments)]


def _place_one(
    entry: Entry, p: _Parsed, key: tuple[str, ...], shape: _Shape, vocabulary: set[str]
) -> tuple[tuple[str, ...], str, str]:
    op, method, segs = entry.op, entry.method, p.segments
    lit_idx = [i for i, s in enumerate(segs) if not is_param(s)]
    params = [s for s in segs if is_param(s)]
    bare = entry.path.split("#", 1)[0].split("?", 1)[0]
    op_id = str(op.get("operationId") or "")
    for token in opaque_parts(bare):  # a server-made token the id copies from the path
        op_id = op_id.replace(token, "")
    op_words = op_id_words(op_id, method, id_words(bare), vocabulary)
    ns_drop = drop_words(*p.namespaces)
    action = ""
    chain_idx = lit_idx
    node = key
    if lit_idx and lit_idx[-1] == len(segs) - 1 and len(segs) > 1 and method in ("get", "post"):
        last = lit_idx[-1]
        parent = key[: len(p.namespaces) + last]
        below_param = is_param(segs[last - 1])
        if node not in shape.inner and shape.ops_at[node] == 1:
            first = remainder(op_words, ns_drop | drop_words(*(segs[i] for i in lit_idx[:-1])))
            seg_words = id_words(segs[last])
            says_so = bool(first and seg_words and first[0] == seg_words[0])
            if says_so or ((below_param or shape.ops_at[parent]) and not is_plural(segs[last])):
                action = segs[last]
                chain_idx = lit_idx[:-1]
    group = group_extension(op)
    if group:
        chain = group
    elif chain_idx:
        chain = _under(p.namespaces, [cap(ident(segs[i], "default")) for i in chain_idx])
    else:
        tags = op.get("tags") or []
        tag = tags[0] if tags and isinstance(tags[0], str) else ""
        chain = _under(p.namespaces, [cap(ident(tag.removeprefix("subpackage_"), "default"))])
    drop = ns_drop | drop_words(*chain, *params, *(segs[i] for i in chain_idx))
    rest = remainder(op_words, drop)
    alternative = cap(ident(from_remainder(rest, method, ""), "")) if rest else ""
    if not alternative or alternative == "value":
        alternative = _from_path(method, segs, ns_drop | drop_words(*chain, *params), shape, key)
    given = method_extension(op) or (cap(ident(p.fragment, "call")) if p.fragment else "")
    if given:
        return chain, given, alternative
    if action:
        stripped = _strip_generic(rest, set())
        seg_words = id_words(action)
        if seg_words and stripped[-len(seg_words) :] == seg_words and len(stripped) <= 4:
            return chain, cap("_".join(stripped)), alternative
        return chain, cap(ident(action, "call")), alternative
    item_post = method == "post" and bool(segs) and is_param(segs[-1])
    if item_post and rest and rest[0] not in GENERIC_VERBS and rest[0] not in shape.nouns:
        if len(rest) <= 3:  # `cancelRun` for POST /runs/{id}: an action, not an update
            return chain, cap(ident("_".join(rest), "call")), alternative
    return chain, cap(_crud(method, segs, shape, key)), alternative


def _strip_generic(op_words: list[str], drop: set[str]) -> list[str]:
    """The operationId's words without the given ones and without leading HTTP verbs."""
    rest = remainder(op_words, drop)
    while rest and rest[0] in ("get", "post", "put", "patch", "delete"):
        rest = rest[1:]
    return rest


def _crud(method: str, segs: list[str], shape: _Shape, key: tuple[str, ...]) -> str:
    """The CRUD verb of the shape: an item (`/x/{id}`), a collection (a node with an item
    below it, or a plural one that is only read), a singleton (read and written, no item
    below: `GET`/`POST` `/account` are `retrieve`/`update`), or a call (`POST /completions`)."""
    if not segs:
        return VERB_FOR_METHOD.get(method, method)
    if is_param(segs[-1]):
        return "delete" if method == "delete" else ITEM_VERB.get(method, VERB_FOR_METHOD[method])
    if method == "delete":
        return "delete"
    methods = shape.methods.get(key, set())
    # Something below it (`/x/{id}`, `/x/search`), or a GET that says it lists.
    collection = key in shape.inner or key in shape.listed
    if not collection and "get" in methods and methods - {"get"}:
        return SINGLETON_VERB_UPDATE.get(method, VERB_FOR_METHOD.get(method, method))
    if not collection and method == "get" and not is_plural(segs[-1]):
        return "retrieve"
    return COLLECTION_VERB.get(method, VERB_FOR_METHOD.get(method, method))


def _from_path(
    method: str, segs: list[str], drop: set[str], shape: _Shape, key: tuple[str, ...]
) -> str:
    nouns = [w for s in segs if not is_param(s) for w in id_words(s) if singular(w) not in drop]
    return cap("_".join([_crud(method, segs, shape, key), *nouns]))


# The verb that says how an HTTP method differs from another's `update`.
_METHOD_VERB = {"put": "replace", "patch": "patch"}
# Words of a path parameter that say nothing of what it names.
_PARAM_FILLER = frozenset("id ids uuid number num key name slug ref sid".split())


def _resolve(
    entries: list[Entry],
    raw: list[tuple[tuple[str, ...], str, str]],
    segments: list[list[str]],
    diags: Diagnostics,
) -> list[Placement]:
    """Unique method names per resource, never a sub-resource's name: a later operation gives
    way to a name that says what differs from the operation holding the name (see
    `_candidates`), with a warning; a number is the last resort."""
    children: dict[tuple[str, ...], set[str]] = {}
    for chain, _, _ in raw:
        for i in range(1, len(chain)):
            children.setdefault(chain[:i], set()).add(chain[i])
    taken: dict[tuple[str, ...], set[str]] = {}
    holder: dict[tuple[tuple[str, ...], str], int] = {}
    wanted = {(chain, name) for chain, name, _ in raw}  # no operation takes another's first name
    out = []
    for i, (entry, (chain, name, alternative)) in enumerate(zip(entries, raw, strict=True)):
        used = taken.setdefault(chain, set(RESOURCE_MEMBERS) | children.get(chain, set()))
        final = name
        if final in used:
            other = holder.get((chain, name))
            rival = (entries[other].method, segments[other]) if other is not None else None
            options = _candidates(name, entry.method, segments[i], chain, rival, alternative)
            for candidate in options:
                if candidate not in used and (chain, candidate) not in wanted:
                    final = candidate
                    break
        final = unique(final, used, fold_case=False)
        holder.setdefault((chain, final), i)
        if final != name:
            where = ".".join(chain)
            diags.warning(
                f"method name {name!r} is taken in resource {where!r}; "
                f"operation {entry.method.upper()} {entry.path} is named {final!r}",
                entry.pointer,
            )
        out.append(Placement(chain, final))
    return out


def _candidates(
    name: str,
    method: str,
    segs: list[str],
    chain: tuple[str, ...],
    rival: tuple[str, list[str]] | None,
    alternative: str,
) -> list[str]:
    """Names for an operation whose `name` another operation (`rival`: its HTTP method and
    path segments) holds, in order: on the same path, the HTTP method's own verb next to
    another method's `update` (`replace` for PUT, `patch` for PATCH); the parent parameter
    only this operation has (`list_for_issue` for `/issues/{issue_number}/comments` next to
    `/issues/comments`); the operationId's name when it reads well; on the same path, the
    HTTP method (`post`); the trailing parameter only this operation has (`delete_by_id` next
    to a `delete` of the collection)."""
    out = []
    same_path = rival is not None and rival[0] != method and _same_path(rival[1], segs)
    if same_path and name == "update" and method in _METHOD_VERB:
        out.append(_METHOD_VERB[method])
    rival_params = {_param_name(s) for s in rival[1] if is_param(s)} if rival else set()
    own = [(k, s) for k, s in enumerate(segs) if is_param(s) and _param_name(s) not in rival_params]
    parent = [(k, s) for k, s in own if k < len(segs) - 1]
    chain_words = drop_words(*chain)
    if rival is not None and parent:
        k, s = parent[-1]
        kept = [w for w in id_words(_param_name(s)) if w not in _PARAM_FILLER]
        if not kept:
            before = [x for x in segs[:k] if not is_param(x)]
            kept = [singular(w) for w in id_words(before[-1])] if before else []
        if kept:
            out.append(cap(f"{name}_for_{'_'.join(kept)}"))
    if alternative and _reads_well(alternative):
        out.append(alternative)
    if same_path:
        out.append(method)
    trailing = [(k, s) for k, s in own if k == len(segs) - 1]
    if rival is not None and trailing:
        param_words = id_words(_param_name(trailing[0][1]))
        kept = [w for w in param_words if singular(w) not in chain_words] or param_words[-1:]
        if kept:
            out.append(cap(f"{name}_by_{'_'.join(kept)}"))
    return out


_CUT = re.compile(r"_[0-9a-f]{8}$")  # the digest `names.capped` ends a cut name with
_FUNCTION_WORDS = frozenset("to for in from of on with by and or at as into".split())


def _reads_well(name: str) -> bool:
    """A name made from an operationId's leftover words reads as a name: not cut, at most
    four words, not starting or ending with a function word (`add_selected_repo_to`), no word
    said twice in a row (`id_id`) and no two function words in a row (`enable_for_in`)."""
    parts = name.split("_")
    if _CUT.search(name) or len(parts) > 4 or {parts[0], parts[-1]} & _FUNCTION_WORDS:
        return False
    pairs = itertools.pairwise(parts)
    return not any(a == b or (a in _FUNCTION_WORDS and b in _FUNCTION_WORDS) for a, b in pairs)


def _same_path(a: list[str], b: list[str]) -> bool:
    return [("{}" if is_param(x) else x) for x in a] == [("{}" if is_param(x) else x) for x in b]


def _param_name(segment: str) -> str:
    """`{issue_number}` → `issue_number`; a segment with text around the parameter keeps it
    (`thumbnail.{extension}` → `thumbnail_extension`)."""
    return ident(segment.replace("{", "_").replace("}", "_"), "")
