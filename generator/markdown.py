"""Markdown escaping shared by every target's docs (README, resource and model pages).

SECURITY: spec text is untrusted. It reaches Markdown only through `md_text` (prose blocks) or
`md_cell` (one line: table cells, list items, headings); code goes into `code_block`, whose fence
outgrows any backtick run inside. Neither a link, an image, an autolink nor raw HTML can be
planted: brackets are backslash-escaped and `<`, `>`, `&` become entities.
"""

from __future__ import annotations

import functools
import re
import unicodedata

# Everything an editor or a tokenizer may treat as a line end, unified to \n.
_LINE_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


def clean_text(text: str) -> str:
    """Spec prose with line breaks unified to \\n and control/format characters removed."""
    text = _LINE_BREAKS.sub("\n", text)
    # Fast path: most prose is printable line by line (str.isprintable runs in C).
    if all(line.isprintable() for line in text.replace("\t", " ").split("\n")):
        return text
    return "".join(
        ch for ch in text if ch in "\n\t" or not unicodedata.category(ch).startswith("C")
    )


# Characters with a meaning in inline Markdown; escaped with a backslash so spec text shows
# literally. `[`/`]` too: a spec must not be able to plant links (javascript: URLs) or images.
_MD_INLINE = re.compile(r"([\\`*_\[\]|])")


def html_escape(text: str) -> str:
    """`&`, `<`, `>` as entities (not backslashes: renderers that allow raw HTML still show
    `<script>` or `<https://autolink>` as text)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def md_cell(text: object, limit: int = 0) -> str:
    """Untrusted text as one line of inline Markdown: safe in a table cell, list item or heading.

    Line breaks fold to spaces (a newline would end the table row), `|` cannot split a cell,
    HTML is shown as text, and backticks, emphasis and link brackets are shown literally. With
    `limit`, the text is cut to that many characters (before escaping, so no escape is split).
    """
    return _md_cell(text if type(text) is str else str(text), limit)


@functools.lru_cache(maxsize=1 << 16)
def _md_cell(text: str, limit: int) -> str:
    # Cached: the same few thousand strings (field names, media types, statuses, shared
    # descriptions) come back tens of thousands of times on a large spec.
    folded = " ".join(clean_text(text).split())
    if limit and len(folded) > limit:
        folded = folded[: limit - 1].rstrip() + "…"
    return _MD_INLINE.sub(r"\\\1", html_escape(folded))


# A line that would open a fenced code block, a heading, a setext underline or a thematic
# break: any of these would let spec prose swallow or restructure the rest of the page.
_BLOCK_START = re.compile(r"^(\s*)(`{3,}|~{3,}|#|=+\s*$|-{2,}\s*$|\*{3,}\s*$|_{3,}\s*$)")


def md_text(text: object) -> str:
    """Untrusted prose as Markdown paragraphs.

    Paragraphs, lists, emphasis and inline code stay as the spec wrote them; HTML, links,
    fences, headings and setext underlines are neutralised so the prose cannot break out of its
    section or inject markup.
    """
    cleaned = clean_text(str(text)).expandtabs(4)
    lines = []
    for raw in cleaned.split("\n"):
        line = html_escape(raw.rstrip()).replace("[", "\\[").replace("]", "\\]")
        line = _BLOCK_START.sub(lambda m: m.group(1) + "\\" + m.group(2), line)
        # Four leading spaces start an indented code block only after a blank line; harmless,
        # but a tab-indented fence would not be caught above, so indentation is capped at 3.
        stripped = line.lstrip(" ")
        indent = min(len(line) - len(stripped), 3)
        lines.append(" " * indent + stripped if stripped else "")
    text_out = "\n".join(lines).strip("\n")
    return re.sub(r"\n{3,}", "\n\n", text_out)


def code_block(code: str, lang: str = "python") -> str:
    """A fenced code block whose fence is longer than any backtick run inside."""
    longest = max((len(run) for run in re.findall(r"`+", code)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{lang}\n{code.rstrip()}\n{fence}"


class Slugger:
    """GitHub's heading anchors: lower case, punctuation dropped, spaces to `-`, and `-1`, `-2`
    appended to repeats. Fed every heading of a page in order."""

    def __init__(self) -> None:
        self.seen: dict[str, int] = {}

    def slug(self, heading: str) -> str:
        """The anchor of the next heading with this (rendered) text."""
        base = "".join(
            ch
            for ch in heading.strip().lower()
            if ch in " -_" or unicodedata.category(ch)[0] in "LN"
        ).replace(" ", "-")
        count = self.seen.get(base, 0)
        self.seen[base] = count + 1
        return base if count == 0 else f"{base}-{count}"


_FENCE = re.compile(r"^(`{3,}|~{3,})")


def tidy(text: str) -> str:
    """At most one blank line in a row outside code blocks, and one final newline."""
    out: list[str] = []
    fence = ""
    for line in text.split("\n"):
        match = _FENCE.match(line) if line.startswith(("```", "~~~")) else None
        if match and (not fence or line.strip() == fence):
            fence = "" if fence else match.group(1)
        elif not fence and not line.strip() and out and not out[-1].strip():
            continue
        out.append(line.rstrip() if not fence else line)
    return "\n".join(out).strip("\n") + "\n"
