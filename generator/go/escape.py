"""Escapers: every spec string reaches generated Go through one of these (its Markdown docs go
through generator/markdown.py, shared with the other targets).

SECURITY: spec text is untrusted. A name that closes a string literal, a description whose line
break ends a `//` comment, or a backquote inside a struct tag would turn spec text into Go code.
Each output context has its own escaper; templates never insert raw spec text.
"""

from __future__ import annotations

import json
import re

from ..markdown import clean_text

_GO_ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\a": "\\a",
    "\b": "\\b",
    "\f": "\\f",
    "\v": "\\v",
    # A backquote is legal in a "..." literal, but the literal may sit inside a `struct tag`.
    "`": "\\x60",
}


def _go_char(ch: str) -> str:
    if ch in _GO_ESCAPES:
        return _GO_ESCAPES[ch]
    code = ord(ch)
    if 0x20 <= code < 0x7F:
        return ch
    if code < 0x80:
        return f"\\x{code:02x}"
    if 0xD800 <= code < 0xE000:
        return "\\ufffd"  # a lone surrogate is not a code point Go can hold; strconv does the same
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def go_str(text: str) -> str:
    """A Go interpreted string literal holding exactly `text` (as strconv.QuoteToASCII would).

    The result is printable ASCII: no line break, NUL, bidi control or quote can end it, and it
    can be placed inside a backquoted struct tag (backquotes are escaped as well).
    """
    return '"' + "".join(_go_char(ch) for ch in text) + '"'


def go_literal(value: object) -> str:
    """A Go constant for a JSON scalar (string, integer, float, bool)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return "0"
        return repr(value)
    if isinstance(value, str):
        return go_str(value)
    raise TypeError(f"not a JSON scalar: {type(value).__name__}")


def json_text(value: object) -> str:
    """Compact JSON of a scalar, as Go's json.Compact writes it (for discriminator tags)."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def comment_lines(text: str, limit: int = 40) -> list[str]:
    """The lines of a `//` comment holding `text` (without the `// ` prefix).

    Every line break becomes a new comment line, so nothing can end a comment early; `*/` is
    broken up as well, in case a comment is ever moved into a block comment. Lines are
    stripped; at most `limit` lines are kept.
    """
    text = clean_text(text).expandtabs(4).replace("*/", "* /").strip()
    if not text:
        return []
    # Unindented: an indented line would start a code block or a list in a Go doc comment.
    lines = [line.strip() for line in text.split("\n")]
    if len(lines) > limit:
        lines = [*lines[:limit], "..."]
    return lines


def one_line(text: str, limit: int = 0) -> str:
    """`text` with whitespace folded to single spaces (and cut to `limit` characters)."""
    text = " ".join(clean_text(text).replace("*/", "* /").split())
    if limit and len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


def safe_file(name: str) -> str:
    """A spec file name reduced to characters that cannot break a comment line."""
    return re.sub(r"[^A-Za-z0-9._-]", "_", name)[:100] or "spec"
