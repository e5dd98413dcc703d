"""Names bench: the SDK surface our rules give a spec, and its agreement with a hand-tuned SDK.

    python bench/names.py examples SPEC...            10 example calls per spec, the longest
                                                      method and the largest resource
    python bench/names.py agree SPEC API_MD           agreement with an official SDK's method
                                                      list (the `api.md` of openai-python or
                                                      anthropic-sdk-python, read at bench time)

Agreement = exact dotted-name matches ÷ operations (HTTP verb, path template) present in both;
the misses are listed. Names are the IR's (resource.method), before the Python target's
keyword escapes.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.build_ir import build_api  # noqa: E402
from generator.diagnostics import Diagnostics  # noqa: E402
from generator.pipeline import load_document  # noqa: E402

# `<code title="post /chat/completions">client.chat.completions.<a ...>create</a>(...)`
_API_MD = re.compile(r'<code title="(\w+) ([^"]+)">client\.([\w.]+)\.<a[^>]*>(\w+)</a>')


def _key(method: str, path: str) -> tuple[str, str]:
    """(verb, path template) with parameter names erased: `/a/{x}` and `/a/{id}` agree."""
    return method.lower(), re.sub(r"\{[^}]*\}", "{}", path.split("#", 1)[0].rstrip("/"))


def ours(spec: str) -> dict[tuple[str, str], str]:
    loaded = load_document([spec])
    api = build_api(loaded.doc, Diagnostics(file=spec))
    out: dict[tuple[str, str], str] = {}
    for resource in api.resources:
        for op in resource.operations:
            raw_path = op.path
            out[_key(op.http_method, raw_path)] = f"{resource.dotted}.{op.name}"
    return out


def official(api_md: str) -> dict[tuple[str, str], str]:
    text = Path(api_md).read_text(encoding="utf-8")
    return {
        _key(verb, path): f"{group}.{method}" for verb, path, group, method in _API_MD.findall(text)
    }


def _strip_version(key: tuple[str, str]) -> tuple[str, str]:
    return key[0], re.sub(r"^/v[0-9]+(?=/)", "", key[1])


def miss_reason(mine: str, theirs: str) -> str:
    """Why two dotted names of one operation differ, in a few classes."""
    if _subsequence(mine.split("."), theirs.split(".")) or _subsequence(
        theirs.split("."), mine.split(".")
    ):
        return "namespace: the same name with a namespace level more on one side (`beta.`)"
    own_res = mine.rsplit(".", 1)[0]
    their_res = theirs.rsplit(".", 1)[0]
    if own_res == their_res:
        return "method: the same resource, another method name"
    if sorted(re.split(r"[._]", mine)) == sorted(re.split(r"[._]", theirs)) or (
        own_res.startswith(their_res + ".") or their_res.startswith(own_res + ".")
    ):
        return "nesting: a sub-resource on one side, a verb + noun method on the other"
    return "other: another resource"


def _subsequence(short: list[str], long: list[str]) -> bool:
    """`short` is `long` with some of its parts left out (the method name kept)."""
    found = iter(long)
    return len(short) < len(long) and short[-1] == long[-1] and all(p in found for p in short)


def agree(spec: str, api_md: str) -> None:
    mine = {_strip_version(k): v for k, v in ours(spec).items()}
    theirs = {_strip_version(k): v for k, v in official(api_md).items()}
    both = sorted(set(mine) & set(theirs))
    hits = [k for k in both if mine[k] == theirs[k]]
    share = len(hits) / len(both) if both else 0.0
    print(f"{Path(spec).name}: {len(hits)}/{len(both)} exact = {share:.0%}")
    grouped: dict[str, list[str]] = {}
    for k in both:
        if mine[k] != theirs[k]:
            line = f"  miss {k[0].upper()} {k[1]}: ours {mine[k]}, official {theirs[k]}"
            grouped.setdefault(miss_reason(mine[k], theirs[k]), []).append(line)
    for reason in sorted(grouped):
        print(f"{reason}: {len(grouped[reason])}")
        for line in grouped[reason]:
            print(line)


def surface(names: dict[tuple[str, str], str]) -> dict[str, object]:
    """The figures the issue asks for: methods, resources (every dotted resource path holding
    at least one method), the longest method name (the last dotted part) and the largest
    resource by its own direct methods (not its sub-resources')."""
    direct = Counter(v.rsplit(".", 1)[0] for v in names.values())
    longest = max((v.rsplit(".", 1)[1] for v in names.values()), key=len, default="")
    largest, size = direct.most_common(1)[0] if direct else ("", 0)
    return {
        "methods": len(names),
        "resources": len(direct),
        "longest": longest,
        "largest": largest,
        "largest_size": size,
    }


def examples(spec: str) -> None:
    names = ours(spec)
    s = surface(names)
    print(f"### {Path(spec).name}: {s['methods']} methods, {s['resources']} resources")
    print(f"longest method name: `{s['longest']}` ({len(str(s['longest']))} chars); "
          f"largest resource: `{s['largest']}` ({s['largest_size']} direct methods)")  # fmt: skip
    print(f"| {Path(spec).name} | {s['methods']} | {s['resources']} | `{s['longest']}` "
          f"({len(str(s['longest']))}) | `{s['largest']}` ({s['largest_size']}) |")  # fmt: skip
    items = sorted(names.items())
    step = max(1, len(items) // 10)
    for (verb, path), name in items[::step][:10]:
        print(f"- `client.{name}(...)`  ({verb.upper()} {path})")
    print()


def main(argv: list[str]) -> None:
    if len(argv) >= 2 and argv[0] == "examples":
        for spec in argv[1:]:
            examples(spec)
    elif len(argv) == 3 and argv[0] == "agree":
        agree(argv[1], argv[2])
    else:
        print(__doc__)
        raise SystemExit(2)


if __name__ == "__main__":
    main(sys.argv[1:])
