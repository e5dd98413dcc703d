"""Escapers: every spec string reaches generated Python through one of these.

SECURITY: spec text is untrusted. A description that closes a docstring, a name that closes a
string literal, or a line separator inside a comment would turn spec text into code that runs on
import (see openapi-python-client GHSA-5293-mq8x-g3xj and datamodel-code-generator's CVEs). Each
output context has its own escaper; templates never insert raw spec text.
"""

from __future__ import annotations

from ..markdown import clean_text

# Characters that end a line for Python's tokenizer or for editors, besides \n.


_PY_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _py_char(ch: str) -> str:
    if ch in _PY_ESCAPES:
        return _PY_ESCAPES[ch]
    code = ord(ch)
    if 0x20 <= code < 0x7F:
        return ch
    if code < 0x10000:
        return f"\\u{code:04x}"
    return ch  # astral: written as itself (see py_str)


def py_str(text: str) -> str:
    """A double-quoted string literal holding exactly `text`, read the same by Python and JSON.

    Every BMP character outside printable ASCII is a `\\uXXXX` escape, so no line break, NUL,
    bidi control or quote can end the literal or hide in it. Characters beyond the BMP (emoji)
    are written as themselves: `json.dumps` would write a surrogate pair (`\\ud83d\\ude00`),
    which Python reads as two lone surrogates, and Python's `\\U0001f600` is not JSON (the
    smoke test and the docs read these literals back with `json.loads`).
    """
    return '"' + "".join(_py_char(ch) for ch in text) + '"'


def toml_str(text: str) -> str:
    """A TOML basic string holding `text`: printable ASCII, everything else escaped.

    TOML allows `\\uXXXX` and `\\UXXXXXXXX` but not surrogates, so astral characters use the
    long form (JSON's surrogate pairs would make the file invalid).
    """
    out = []
    for ch in text:
        code = ord(ch)
        if ch in '"\\':
            out.append("\\" + ch)
        elif 0x20 <= code < 0x7F:
            out.append(ch)
        elif 0xD800 <= code < 0xE000:
            out.append("\\ufffd")  # a lone surrogate cannot be written in TOML
        elif code < 0x10000:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    return '"' + "".join(out) + '"'


def py_literal(value: object) -> str:
    """A Python literal for a JSON scalar (str, int, float, bool, None)."""
    if value is None:
        return "None"
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return py_str(str(value))
        return repr(value)
    if isinstance(value, str):
        return py_str(value)
    raise TypeError(f"not a JSON scalar: {type(value).__name__}")


def docstring_body(text: str, indent: str = "") -> str:
    """Text that is safe between triple double quotes, re-indented to `indent`.

    Backslashes are doubled (so `\\N{...}` or a trailing `\\` cannot break the literal), every
    double quote that could join a closing `\"\"\"` is escaped, and control characters are gone.
    """
    text = clean_text(text).expandtabs(4).strip()
    text = text.replace("\\", "\\\\").replace('"', '\\"')
    lines = [line.rstrip() for line in text.split("\n")]
    return "\n".join((indent + line) if line and i else line for i, line in enumerate(lines))


def one_line(text: str, limit: int = 0) -> str:
    """The first sentence-ish line of `text`, whitespace folded (for summaries)."""
    text = " ".join(clean_text(text).split())
    if limit and len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text
