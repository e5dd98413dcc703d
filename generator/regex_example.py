"""A string that matches a regular expression: a spec's `pattern`, for request samples.

Walks the parse tree of Python's own regex parser (`re._parser`) for the common subset that
specs use (literals, classes, `\\d \\w \\s`, groups, alternation, bounded and unbounded repeats,
back references, anchors) and checks the result with `re.search`. ECMA-262 named groups
(`(?<n>...)`) are read as Python's; a pattern Python cannot parse, or whose result does not match
(look-arounds, for one), gives None, and the caller keeps its placeholder.
"""

from __future__ import annotations

import re
from re import _parser as sre_parse  # type: ignore[attr-defined]  # Python >= 3.11
from typing import Any

_C = sre_parse  # the opcodes and categories are module constants
_PREFERRED = "a0xb1-_A."  # a character tried first for a negated class or `.`
_GROWTH = tuple(range(65))  # extra repeats tried to reach a minLength
MAX_PATTERN = 2000  # a longer pattern is not walked


def example(pattern: str, min_length: int = 0, max_length: int | None = None) -> str | None:
    """A string `re.search(pattern, s)` finds, of a length in [min_length, max_length]."""
    if len(pattern) > MAX_PATTERN:
        return None
    source = re.sub(r"\(\?<(?=[A-Za-z_])", "(?P<", pattern)  # ECMA named group -> Python
    try:
        compiled = re.compile(source)
        tree = sre_parse.parse(source)
    except (re.error, RecursionError, OverflowError, ValueError):
        return None
    for grow in _GROWTH:
        try:
            text = _Walk(grow).seq(tree)
        except (RecursionError, _Unsupported):
            return None
        if len(text) < min_length:
            if grow == _GROWTH[-1] and compiled.search(text + "x" * (min_length - len(text))):
                text += "x" * (min_length - len(text))  # unanchored: padding still matches
            else:
                continue
        if max_length is not None and len(text) > max_length:
            return None
        return text if compiled.search(text) else None
    return None


class _Unsupported(Exception):
    pass


class _Walk:
    def __init__(self, grow: int) -> None:
        self.grow = grow
        self.groups: dict[int, str] = {}

    def seq(self, items: Any) -> str:
        return "".join(self.one(op, av) for op, av in items)

    def one(self, op: Any, av: Any) -> str:
        if op is _C.LITERAL:
            return chr(av)
        if op is _C.NOT_LITERAL:
            return next(c for c in _PREFERRED if ord(c) != av)
        if op is _C.ANY:
            return "a"
        if op is _C.IN:
            return _in_class(av)
        if op in (_C.MAX_REPEAT, _C.MIN_REPEAT, getattr(_C, "POSSESSIVE_REPEAT", None)):
            low, high, sub = av
            count = low if low > 0 else (1 if high != 0 else 0)
            if high is _C.MAXREPEAT or high > count:
                room = (high - count) if high is not _C.MAXREPEAT else self.grow
                count += min(self.grow, room)
            return "".join(self.seq(sub) for _ in range(count))
        if op is _C.SUBPATTERN:
            group, sub = av[0], av[-1]
            text = self.seq(sub)
            if group is not None:
                self.groups[group] = text
            return text
        if op is getattr(_C, "ATOMIC_GROUP", None):
            return self.seq(av)
        if op is _C.BRANCH:
            return self.seq(av[1][0])
        if op is _C.GROUPREF:
            return self.groups.get(av, "")
        if op in (_C.AT, _C.ASSERT, _C.ASSERT_NOT):
            return ""
        raise _Unsupported(str(op))


def _in_class(items: Any) -> str:
    negated = bool(items) and items[0][0] is _C.NEGATE
    if negated:
        for c in _PREFERRED:
            if not _class_has(items[1:], c):
                return c
        raise _Unsupported("negated class")
    for op, av in items:
        if op is _C.LITERAL:
            return chr(av)
        if op is _C.RANGE:
            low, high = av
            for c in "a0A":  # a readable character when the range has one
                if low <= ord(c) <= high:
                    return c
            return chr(low)
        if op is _C.CATEGORY:
            return _category(av)
    raise _Unsupported("empty class")


def _category(cat: Any) -> str:
    picks = {
        _C.CATEGORY_DIGIT: "0",
        _C.CATEGORY_NOT_DIGIT: "a",
        _C.CATEGORY_SPACE: " ",
        _C.CATEGORY_NOT_SPACE: "a",
        _C.CATEGORY_WORD: "a",
        _C.CATEGORY_NOT_WORD: "-",
    }
    if cat in picks:
        return picks[cat]
    raise _Unsupported(str(cat))


def _class_has(items: Any, c: str) -> bool:
    code = ord(c)
    for op, av in items:
        if op is _C.LITERAL and av == code:
            return True
        if op is _C.RANGE and av[0] <= code <= av[1]:
            return True
        if op is _C.CATEGORY:
            probe = {
                _C.CATEGORY_DIGIT: r"\d",
                _C.CATEGORY_NOT_DIGIT: r"\D",
                _C.CATEGORY_SPACE: r"\s",
                _C.CATEGORY_NOT_SPACE: r"\S",
                _C.CATEGORY_WORD: r"\w",
                _C.CATEGORY_NOT_WORD: r"\W",
            }.get(av)
            if probe is None or re.fullmatch(probe, c):
                return True
    return False
