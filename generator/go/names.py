"""Go spellings of identifiers: exported names with Go's initialisms (`ID`, `URL`, `HTTP`...),
and short names for schema keys written as dotted namespaces (`io.k8s.api.core.v1.Pod`)."""

from __future__ import annotations

import keyword
import re

from ..names import words

# golint's commonInitialisms, plus MD5, SHA and JWT; OAuth keeps its usual spelling.
INITIALISMS = frozenset(
    "ACL API ASCII CPU CSS DNS EOF GUID HTML HTTP HTTPS ID IP JSON LHS QPS RAM RHS RPC SLA "
    "SMTP SQL SSH TCP TLS TTL UDP UI UID UUID URI URL UTF8 VM XML XMPP XSRF XSS MD5 SHA JWT".split()
)
_SPECIAL = {"oauth": "OAuth"}
_NAMESPACE = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z_][A-Za-z0-9_-]*)+")


def _merged(parts: list[str]) -> list[str]:
    """Join a word with the next where together they form one initialism (`md`+`5`, `o`+`auth`)."""
    out: list[str] = []
    i = 0
    while i < len(parts):
        if i + 1 < len(parts):
            pair = parts[i] + parts[i + 1]
            if pair.upper() in INITIALISMS or pair.lower() in _SPECIAL:
                out.append(pair)
                i += 2
                continue
        out.append(parts[i])
        i += 1
    return out


def go_word(word: str) -> str:
    """One word in exported spelling: an initialism in capitals (plural `IDs`), else Title."""
    upper = word.upper()
    if word.lower() in _SPECIAL:
        return _SPECIAL[word.lower()]
    if upper in INITIALISMS:
        return upper
    if len(word) > 2 and word.endswith("s") and upper[:-1] in INITIALISMS:
        return upper[:-1] + "s"
    return word[:1].upper() + word[1:]


def go_pascal(text: str, fallback: str = "Model") -> str:
    """`html_url` → `HTMLURL`, `node_id` → `NodeID`; never empty, never a digit first."""
    name = "".join(go_word(w) for w in _merged(words(text))) or fallback
    if name[0].isdigit():
        name = fallback + name
    if keyword.iskeyword(name):
        name += fallback
    return name


def schema_short_names(keys: list[str]) -> dict[str, str]:
    """The Go spelling of each schema key.

    A dotted namespace keeps its last part (`io.k8s.api.core.v1.Pod` → `Pod`); where two keys
    would share it, each takes as many trailing parts as it needs to differ (`CoreV1Pod`).
    """
    dotted = [k for k in keys if _NAMESPACE.fullmatch(k)]
    parts = {k: k.split(".") for k in dotted}
    depth = dict.fromkeys(dotted, 1)
    while True:
        spelled = {k: go_pascal(" ".join(parts[k][-depth[k] :])) for k in dotted}
        groups: dict[str, list[str]] = {}
        for k in keys:
            groups.setdefault(spelled.get(k, k).lower(), []).append(k)
        grow = [
            k
            for g in groups.values()
            if len(g) > 1
            for k in g
            if k in depth and depth[k] < len(parts[k])
        ]

        if not grow:
            break
        for k in grow:
            depth[k] += 1
    out = {}
    for k in keys:
        out[k] = spelled[k] if k in spelled else go_pascal_keep(k)
    return out


def go_pascal_keep(text: str, fallback: str = "Model") -> str:
    """Like `go_pascal`, but a PascalCase key keeps its word boundaries (`HTMLParser` stays)
    and only takes the initialisms (`ApiResponse` → `APIResponse`)."""
    if re.fullmatch(r"[A-Z][A-Za-z0-9]*", text) and not keyword.iskeyword(text):
        pieces = re.findall(r"[A-Z]+(?![a-z])|[A-Z][a-z]*|[a-z]+|[0-9]+", text)
        return "".join(go_word(p) for p in _merged(pieces))
    return go_pascal(text, fallback)
