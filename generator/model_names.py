"""Model names that read like a person chose them (target-neutral: every target gets them).

- A component key keeps its spelling (`pascal_keep`), except a dotted namespace
  (`io.k8s.api.core.v1.Pod`), which keeps its last part (`Pod`); where two names would be the
  same, each dotted key takes as many trailing parts as it needs to differ (`CoreV1Pod`: a
  version part alone does not tell two names apart).
- A component whose key is its union's key plus its index (`FormatBody0`, listed at index 0 of
  `FormatBody`'s oneOf) was numbered by a tool that hoisted an inline variant: it is named as an
  inline variant is, `<Union><Tag>`, when its tag (or title) names it.
- Inline union variants: `<Union><PascalCase tag value>` where a property holds one string value
  (a `const` or a one-item `enum`), else `<Union><PascalCase title>`, else `<Union><index>`.
- An inline enum shared by several places (targets that name enums, like Go) is named after its
  property (`Direction`); the owner prefixes it (`PullsListDirection`) only where another
  enum, or a model, would take the same name.

Every name is capped (`names.capped`), and all are computed from the whole input at once, so
the result does not depend on the order in which the spec is walked.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from . import ir
from .names import MAX_IDENT, capped, pascal, pascal_keep, unique, words

_NAMESPACE = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z_][A-Za-z0-9_-]*)+")
_REF = "#/components/schemas/"
_VERSION = re.compile(r"v[0-9]+([a-z]+[0-9]*)?", re.IGNORECASE)


def component_names(components: dict[str, Any], taken: set[str]) -> dict[str, str]:
    """The class name of every component key, in spec order (names added to `taken`)."""
    keys = [str(k) for k in components]
    spelled = _short_names(keys)
    spelled.update(_hoisted_variants(components, spelled))
    return {key: unique(capped(spelled[key]), taken) for key in keys}


def _short_names(keys: list[str]) -> dict[str, str]:
    """Each key's spelling: dotted namespaces shortened as far as no two names collide."""
    dotted = [k for k in keys if _NAMESPACE.fullmatch(k)]
    parts = {k: k.split(".") for k in dotted}
    depth = {k: _meaningful(parts[k], 1) for k in dotted}
    fixed = {k: pascal_keep(k) for k in keys if k not in depth}
    while True:
        spelled = {**fixed, **{k: pascal(" ".join(parts[k][-depth[k] :])) for k in dotted}}
        groups: dict[str, list[str]] = {}
        for k in keys:
            groups.setdefault(spelled[k].lower(), []).append(k)
        grow = [
            k
            for group in groups.values()
            if len(group) > 1
            for k in group
            if k in depth and depth[k] < len(parts[k])
        ]
        if not grow:
            return spelled
        for k in grow:
            depth[k] = _meaningful(parts[k], depth[k] + 1)


def _meaningful(parts: list[str], depth: int) -> int:
    """`depth`, grown past version parts (`v1`, `v2beta1`): `Pod`, then `CoreV1Pod`."""
    while depth < len(parts) and _VERSION.fullmatch(parts[-depth]):
        depth += 1
    return depth


def _hoisted_variants(components: dict[str, Any], spelled: dict[str, str]) -> dict[str, str]:
    """New names for components numbered as their union's variants (see the module doc)."""
    out: dict[str, str] = {}
    for key, schema in components.items():
        found: dict[str, str] = {}  # variant key -> its tag or title
        for index, variant in enumerate(_variants(schema)):
            ref = variant.get("$ref") if isinstance(variant, dict) else None
            target = ref[len(_REF) :] if isinstance(ref, str) and ref.startswith(_REF) else ""
            if target == f"{key}{index}" and isinstance(components.get(target), dict):
                word = _tag_or_title(components[target])
                if word:
                    found[target] = pascal(word, "Variant")
        out.update(zip(found, fit(spelled[str(key)], list(found.values())), strict=True))
    # A new name two variants would share, or that another component has, is not used.
    names = [n.lower() for n in {**spelled, **out}.values()]
    return {k: n for k, n in out.items() if names.count(n.lower()) == 1}


_PIECE = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]*[a-z]+|[A-Z]+|[0-9]+|_")


def fit(prefix: str, suffixes: Sequence[str], limit: int = MAX_IDENT) -> list[str]:
    """`prefix + suffix` for each suffix, with as many first words of `prefix` left out (the
    same for all, so one union's variants read alike) as the longest needs to fit `limit`
    (`CompletionCreateParamsResponseFormat` + `JsonObject` -> `CreateParamsResponseFormat...`);
    `capped` where even the last word is too long."""
    pieces = _PIECE.findall(prefix)
    if "".join(pieces) != prefix:
        pieces = [prefix]
    longest = max((len(s) for s in suffixes), default=0)
    while len(pieces) > 1 and len("".join(pieces)) + longest > limit:
        pieces.pop(0)
    return [capped("".join(pieces) + s, limit) for s in suffixes]


def _variants(schema: Any) -> list[Any]:
    if not isinstance(schema, dict):
        return []
    for key in ("oneOf", "anyOf"):
        if isinstance(schema.get(key), list):
            return list(schema[key])
    return []


def variant_hints(raw_variants: Sequence[Any], hint: str) -> list[str]:
    """Names for inline union variants: `<Union><PascalCase tag value>` where a property holds
    one string value (a `const` or a one-item `enum`), else `<Union><PascalCase title>`, else
    `<Union><index>`; a name two variants would share falls back to the index."""
    found: dict[int, str] = {}  # index -> PascalCase tag or title
    for index, variant in enumerate(raw_variants):
        if isinstance(variant, dict) and "$ref" not in variant:
            word = _tag_or_title(variant)
            if word:
                found[index] = pascal(word, "Variant")
    fitted = dict(zip(found, fit(hint, list(found.values())), strict=True))
    names = [fitted.get(i, f"{hint}{i}") for i in range(len(raw_variants))]
    return [n if names.count(n) == 1 else f"{hint}{i}" for i, n in enumerate(names)]


def _tag_or_title(variant: dict[str, Any]) -> str:
    """The value of the first one-value property, else the title; "" when neither has words."""
    props = variant.get("properties")
    tags = [_one_value(p) for p in (props.values() if isinstance(props, dict) else ())]
    tag = next((t for t in tags if t), "")
    title = variant.get("title")
    word = tag or (title if isinstance(title, str) else "")
    return word if words(word) else ""


def _one_value(prop: Any) -> str:
    if not isinstance(prop, dict):
        return ""
    if isinstance(prop.get("const"), str):
        return str(prop["const"])
    enum = prop.get("enum")
    if isinstance(enum, list) and len(enum) == 1 and isinstance(enum[0], str):
        return enum[0]
    return ""


# --- shared inline enums ---------------------------------------------------------------------


def enum_uses(api: ir.Api) -> list[tuple[ir.EnumOf, str, str]]:
    """(enum, owner, property) for every inline enum of a model field or an operation
    parameter, in the order of the IR (models, then operations)."""
    found: list[tuple[ir.EnumOf, str, str]] = []
    for schema in api.schemas:
        if isinstance(schema, ir.ObjectModel):
            for f in schema.fields:
                found.extend((e, schema.name, f.name) for e in _enums(f.type))
    for resource in api.resources:
        for op in resource.operations:
            owner = pascal(op.id, "Operation")
            for p in op.params:
                found.extend((e, owner, p.name) for e in _enums(p.type))
    return found


def _enums(t: ir.TypeExpr) -> list[ir.EnumOf]:
    while isinstance(t, ir.Nullable | ir.ArrayOf):
        t = t.inner if isinstance(t, ir.Nullable) else t.items
    return [t] if isinstance(t, ir.EnumOf) and len(t.values) > 1 else []


def enum_names(
    uses: Iterable[tuple[ir.EnumOf, str, str]], taken: Iterable[str]
) -> dict[ir.EnumOf, str]:
    """A name for each distinct enum in `uses`: `<Property>` for the enum that the most places
    use under that property name (the first one on a tie), `<Owner><Property>` (its first
    owner) for the others and for any whose `<Property>` is in `taken`."""
    first: dict[ir.EnumOf, tuple[str, str]] = {}
    counts: dict[tuple[str, ir.EnumOf], int] = {}
    for enum, owner, prop in uses:
        first.setdefault(enum, (owner, prop))
        key = (pascal(prop, "Enum"), enum)
        counts[key] = counts.get(key, 0) + 1
    bare: dict[str, ir.EnumOf] = {}  # property name -> the enum that keeps it
    best: dict[str, int] = {}
    for (name, enum), count in counts.items():  # insertion order: the first use wins ties
        if count > best.get(name, 0):
            bare[name], best[name] = enum, count
    reserved = {n.lower() for n in taken}
    out: dict[ir.EnumOf, str] = {}
    for enum, (owner, prop) in first.items():
        name = pascal(prop, "Enum")
        if bare.get(name) != enum or name.lower() in reserved:
            name = owner + name
        out[enum] = capped(name)
    return out
