"""Escapers: every spec string reaches generated Python through one of these.

SECURITY: spec text is untrusted. A description that closes a docstring, a name that closes a
string literal, or a line separator inside a comment would turn spec text into code that runs on
import (see openapi-python-client GHSA-5293-mq8x-g3xj and datamodel-code-generator's CVEs). Each
output context has its own escaper; templates never insert raw spec text.
"""

from __future__ import annotations

import json
import re
import unicodedata

# Characters that end a line for Python's tokenizer or for editors, besides \n.
_LINE_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


def py_str(text: str) -> str:
    """A double-quoted Python string literal holding exactly `text` (ASCII-only source)."""
    return json.dumps(text, ensure_ascii=True)


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


def clean_text(text: str) -> str:
    """Spec prose with line breaks unified to \\n and control characters removed."""
    text = _LINE_BREAKS.sub("\n", text)
    return "".join(
        ch for ch in text if ch in "\n\t" or not unicodedata.category(ch).startswith("C")
    )


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
