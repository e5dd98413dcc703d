"""Turn any name a spec can hold into words, PascalCase class names and snake_case names.

Only ASCII letters, digits and `_` survive; everything else separates words. Unicode letters are
transliterated where NFKD gives an ASCII base (é → e) and dropped otherwise, so every result is a
valid identifier in every target and safe as a file name.
"""

from __future__ import annotations

import hashlib
import keyword
import re
import unicodedata

from .diagnostics import UsageError

_WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+")
_CAP_DIGEST = re.compile(r"_([0-9a-f]{8})$")  # see `capped`


def words(text: str) -> list[str]:
    """Split `createCompletions`, `create-completions`, `HTTPServer2` into lowercase words.

    The digest `capped` appends (`_0afa5eb0`) stays one word, so a capped name keeps its
    length and spelling through every later snake_case or PascalCase step.
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    digest = _CAP_DIGEST.search(ascii_text)
    if digest:
        return [*words(ascii_text[: digest.start()]), digest.group(1)]
    return [w.lower() for w in _WORD.findall(ascii_text)]


# Like `_WORD`, but digits stay on the word they are glued to (`oauth2`, `V2`, `ipv6`).
_ID_WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+[0-9]*|[A-Z]+[0-9]*|[0-9]+")
SNAKE_IDENT = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*")
_ONES = ("zero one two three four five six seven eight nine ten eleven twelve thirteen "
         "fourteen fifteen sixteen seventeen eighteen nineteen").split()  # fmt: skip
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()


def id_words(text: str) -> list[str]:
    """The words of an SDK identifier (resource and method names): like `words`, but a number
    stays on the word it is glued to (`oauth2`, `projectsV2` → projects, v2); a number that
    stands alone is its own word (`load_15` → load, 15)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    digest = _CAP_DIGEST.search(ascii_text)
    if digest:
        return [*id_words(ascii_text[: digest.start()]), digest.group(1)]
    return [w.lower() for w in _ID_WORD.findall(ascii_text)]


def spelled(number: str) -> str:
    """`1` → `one`, `15` → `fifteen`, `42` → `forty_two`; longer numbers digit by digit."""
    n = int(number)
    if len(number) > 2 or (len(number) == 2 and number[0] == "0"):
        return "_".join(_ONES[int(d)] for d in number)
    if n < 20:
        return _ONES[n]
    return _TENS[n // 10] + ("" if n % 10 == 0 else "_" + _ONES[n % 10])


def ident(text: str, fallback: str = "value") -> str:
    """A snake_case SDK identifier from `id_words`; a leading number is spelled out
    (`1-clicks` → `one_clicks`, `0` → `zero`), so the name never starts with a digit."""
    parts = id_words(text)
    if parts and parts[0].isdigit():
        parts = [spelled(parts[0]), *parts[1:]]
    return "_".join(parts) or fallback


def pascal(text: str, fallback: str = "Model") -> str:
    """`completion_create-params` → `CompletionCreateParams`; never empty, never a digit first."""
    parts = words(text)
    name = "".join(w[:1].upper() + w[1:] for w in parts) or fallback
    if name[0].isdigit():
        name = fallback + name
    if keyword.iskeyword(name):  # `None`, `True`, `False`: `class None:` does not parse
        name += fallback
    return name


def pascal_keep(text: str, fallback: str = "Model") -> str:
    """Like `pascal`, but a name that is already PascalCase ASCII keeps its spelling."""
    if re.fullmatch(r"[A-Z][A-Za-z0-9]*", text) and not keyword.iskeyword(text):
        return text
    return pascal(text, fallback)


def snake(text: str, fallback: str = "value") -> str:
    """`maxTokens` → `max_tokens`; never empty, never a digit first."""
    name = "_".join(words(text)) or fallback
    if name[0].isdigit():
        name = f"{fallback}_{name}"
    return name


def unique(name: str, taken: set[str], *, fold_case: bool = True) -> str:
    """Return `name`, or `name2`, `name3`... not in `taken`, and add it to `taken`.

    With `fold_case` (the default) names are compared case-insensitively, as file systems on
    macOS and Windows do: `taken` then holds the lower-cased names.
    """
    key = str.lower if fold_case else str
    candidate, n = name, 2
    while key(candidate) in taken:
        candidate = f"{name}{n}"
        n += 1
    taken.add(key(candidate))
    return candidate


_IRREGULAR_SINGULAR = {"people": "person", "children": "child", "indices": "index"}


def singular(word: str) -> str:
    """A rough singular, for matching `completions` in `createCompletion`."""
    if word in _IRREGULAR_SINGULAR:
        return _IRREGULAR_SINGULAR[word]
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ses", "xes", "ches", "shes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def resolve_names(name: str, package: str) -> tuple[str, str]:
    """The client class name and the package (import) name, validated (UsageError)."""
    client = pascal_keep(name, "Client")
    if not re.fullmatch(r"[A-Z][A-Za-z0-9]*", client) or keyword.iskeyword(client):
        raise UsageError(f"--name {name!r} does not make a valid class name")
    pkg = package or re.sub(r"[^a-z0-9]", "", name.lower())
    if not pkg:
        raise UsageError(f"--name {name!r} holds no letters or digits; pass --package")
    if pkg[0].isdigit():
        pkg = "sdk" + pkg
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", pkg) or keyword.iskeyword(pkg):
        raise UsageError(
            f"--package {pkg!r} is not a valid import name (lowercase letters, digits, _)"
        )
    return client, pkg


# --- length caps -----------------------------------------------------------------------------

MAX_IDENT = 40  # identifiers: class, resource and method names
MAX_FILE_NAME = 64  # one path component; file systems refuse 255 bytes, tools choke earlier


def capped(name: str, limit: int = MAX_IDENT) -> str:
    """`name`, or (when longer than `limit`) its start plus `_` plus 8 hex of its sha256.

    Deterministic, and two long names that share their first characters stay distinct.
    """
    if len(name) <= limit:
        return name
    digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:8]
    return name[: limit - 9].rstrip("_") + "_" + digest


def capped_file(file_name: str, limit: int = MAX_FILE_NAME) -> str:
    """A file name cut like `capped`, keeping its extension (`x.py`, `README.md`)."""
    stem, dot, ext = file_name.rpartition(".")
    if not dot or not stem:
        return capped(file_name, limit)
    return capped(stem, limit - len(ext) - 1) + "." + ext
