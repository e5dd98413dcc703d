"""Lay out rendered Go the way gofmt does, so a Go file is gofmt-clean as rendered (issue 19:
`gen check` on a machine without Go compares the same bytes a machine with Go writes).

gofmt prints through a tab writer: a line is a list of cells and a last, free-running text;
consecutive lines with a cell in the same column form a block, padded to its widest cell plus
one space. A "section break" (gofmt's form feed) ends every block: after a line that opens a
block, before and after a line that closes one, at a blank line and where the indentation
changes. The cells are those gofmt makes for the constructs the templates emit:

- struct fields: name, type, tag, then a trailing comment;
- `const (`/`var (` specs: name, type (kept empty where a neighbour has one), `= value`, comment;
- composite-literal lines `key: value,`: the key (gofmt's size-ratio rule starts a new block
  where a key is far longer or shorter than the block's so far);
- any other line with a trailing `// comment`: the code, then the comment.

Also: no trailing white space, at most one blank line in a row, none at the end.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

_OPEN = re.compile(r"[{(]$")
_SPEC_BLOCK = re.compile(r"^\s*(?:const|var) \($")
_STRUCT_OPEN = re.compile(r"\bstruct \{$")
_KEY = re.compile(r'^(?:"(?:[^"\\]|\\.)*"|[A-Za-z_][\w.]*):\s')
_IDENT_LIST = re.compile(r"^[A-Za-z_]\w*(?:, [A-Za-z_]\w*)*$")


@dataclass
class _Row:
    indent: int
    cells: list[str] = field(default_factory=list)
    trailing: str = ""
    kind: str = ""  # "key" for composite-literal key lines (the size-ratio rule)
    soft: list[bool] = field(default_factory=list)  # cells gofmt may discard when all empty


def layout(text: str) -> str:
    """`text` (one Go file) with gofmt's alignment, trailing-space and blank-line rules."""
    lines = [line.rstrip() for line in text.split("\n")]
    out: list[str] = []
    for line in lines:
        if line == "" and (not out or out[-1] == ""):
            continue  # no blank line at the top, none doubled
        out.append(line)
    while out and out[-1] == "":
        out.pop()
    out = _doc_comments(out)
    rows, breaks = _rows(out)
    sections: list[list[int]] = []
    for i in range(len(rows)):
        if i == 0 or i in breaks:
            sections.append([])
        sections[-1].append(i)
    for section in sections:
        _align([rows[i] for i in section])
    return "\n".join(_join(r) for r in rows) + "\n"


_DIRECTIVE = re.compile(r"^(?:line |extern |export |[a-z0-9]+:[a-z0-9])")
_LIST = re.compile(r"^(?:[-*+\u2022]|\d+[.)])(?:\s|$)")


def _doc_comments(lines: list[str]) -> list[str]:
    """Top-level doc comments (unindented `//` lines right above a declaration) in the form
    gofmt's doc-comment reformatting (Go 1.19, go/doc/comment) prints them."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        if not lines[i].startswith("//"):
            out.append(lines[i])
            i += 1
            continue
        start = i
        while i < len(lines) and lines[i].startswith("//"):
            i += 1
        block = lines[start:i]
        if i < len(lines) and lines[i] != "":
            block = _doc_comment(block)
        out += block
    return out


def _doc_comment(block: list[str]) -> list[str]:
    texts = [line[2:].removeprefix(" ") for line in block]
    if any(_DIRECTIVE.match(t) for t in texts) or not any(texts):
        return block
    lines = _unindent([*texts, ""])
    spans: list[tuple[str, list[str]]] = []
    i = 0
    while i < len(lines):
        if lines[i] == "":
            i += 1
            continue
        start = i
        if lines[i][:1] in " \t":
            if _LIST.match(lines[i].lstrip()):
                return block  # a list: left to gofmt (spec text never starts one)
            while i < len(lines) and (lines[i] == "" or lines[i][:1] in " \t"):
                i += 1
            end = i
            while lines[end - 1] == "":
                end -= 1
            spans.append(("code", ["\t" + t if t else "" for t in _unindent(lines[start:end])]))
            i = end
            continue
        while i < len(lines) and lines[i] != "" and lines[i][:1] not in " \t":
            i += 1
        if (
            i < len(lines)
            and lines[i] != ""
            and (_LIST.match(lines[i - 1]) or lines[i - 1].endswith(("{", "\\")))
        ):
            return block  # gofmt's repair heuristics for misindented code: left to gofmt
        para = lines[start:i]
        if len(para) == 1 and _is_heading(para[0]):
            para = ["# " + para[0][1:].strip()]
        elif len(para) == 1 and _is_old_heading(lines, start):
            para = ["# " + para[0].strip()]
        spans.append(("text", para))
    body: list[str] = []
    for _, span in spans:
        if body:
            body.append("")
        body += span
    return ["//" if not t else "//" + t if t.startswith("\t") else "// " + t for t in body]


def _unindent(lines: list[str]) -> list[str]:
    """`lines` without the leading white space all non-blank lines share."""
    indents = [t[: len(t) - len(t.lstrip(" \t"))] for t in lines if t.strip()]
    prefix = indents[0] if indents else ""
    for ind in indents[1:]:
        while not ind.startswith(prefix):
            prefix = prefix[:-1]
    return [t[len(prefix) :] if t.strip() else "" for t in lines]


def _is_heading(line: str) -> bool:
    return len(line) >= 2 and line[0] == "#" and line[1] in " \t" and line.strip() != "#"


def _is_old_heading(lines: list[str], off: int) -> bool:
    """go/doc/comment's implicit heading: a one-line paragraph between others, starting with
    an upper-case letter, ending in a letter or digit, without most punctuation."""
    if off <= 0 or lines[off - 1] != "" or off + 2 >= len(lines) or lines[off + 1] != "":
        return False
    if lines[off + 2][:1] in (" ", "\t"):
        return False
    line = lines[off].strip()
    if not (line[:1].isalpha() and line[:1].isupper()) or not line[-1:].isalnum():
        return False
    if any(c in line for c in ';:!?+*/=[]{}_^°&§~%#@<">\\'):
        return False
    for part in line.split("'")[1:]:
        if part != "s" and not part.startswith("s "):
            return False
    return all(part and not part.startswith(" ") for part in line.split(".")[1:])


def _rows(lines: list[str]) -> tuple[list[_Row], set[int]]:
    """Each line as cells, and the indices of the lines that start a new section."""
    stack: list[str] = []  # the kind of each open block: struct | spec | other
    rows: list[_Row] = []
    breaks: set[int] = set()
    raw = False  # inside a multi-line raw string
    for i, line in enumerate(lines):
        body = line.lstrip("\t")
        indent = len(line) - len(body)
        if raw or (body.count("`") % 2 == 1 and not body.startswith("//")):
            # A multi-line raw string: copied as is, a section of its own.
            if body.count("`") % 2 == 1:
                raw = not raw
            rows.append(_Row(0, trailing=line))
            breaks.update((i, i + 1))
            continue
        if body.startswith(("}", ")")):
            if stack:
                stack.pop()
            breaks.update((i, i + 1))
        if body == "" or (i > 0 and (rows[-1].indent != indent or lines[i - 1].lstrip("\t") == "")):
            breaks.add(i)
        kind = stack[-1] if stack else "top"
        rows.append(_cells(body, indent, kind))
        if _OPEN.search(body) and not body.startswith("//"):
            breaks.add(i + 1)
            if _STRUCT_OPEN.search(body):
                stack.append("struct")
            elif _SPEC_BLOCK.match(line):
                stack.append("spec")
            else:
                stack.append("other")
    return rows, breaks


def _split_comment(body: str) -> tuple[str, str]:
    """(code, trailing comment) of a line; the comment "" when there is none."""
    quote = ""
    i = 0
    while i < len(body):
        c = body[i]
        if quote:
            if c == "\\" and quote != "`":
                i += 2
                continue
            if c == quote:
                quote = ""
        elif c in "\"'`":
            quote = c
        elif body.startswith("//", i) and i > 0:
            return body[:i].rstrip(), body[i:]
        i += 1
    return body, ""


def _cells(body: str, indent: int, kind: str) -> _Row:
    row = _Row(indent)
    if body == "" or body.startswith(("//", "/*", "}", ")")):
        row.trailing = body
        return row
    code, comment = _split_comment(body)
    parts: list[str] = []
    soft: list[bool] = []
    if kind == "struct":
        parts, soft = _field(code)
    elif kind == "spec":
        parts, soft = _spec(code)
    elif _KEY.match(code) and code.endswith(","):
        key = _KEY.match(code)
        assert key is not None
        parts, soft = [code[: key.end()].rstrip(), code[key.end() :].lstrip(" ")], [False, False]
        row.kind = "key"
    else:
        parts, soft = [code], [False]
    if comment:
        row.cells, row.soft, row.trailing = parts, soft, comment
    else:
        row.cells, row.soft, row.trailing = parts[:-1], soft[:-1], parts[-1]
    return row


def _field(code: str) -> tuple[list[str], list[bool]]:
    """A struct field's cells: names, type, tag (an embedded field is one cell)."""
    tag = ""
    if code.endswith("`") and " `" in code:
        code, tag = code[: code.rindex(" `")].rstrip(), code[code.rindex(" `") + 1 :]
    names, _, typ = code.partition(" ")
    typ = typ.lstrip(" ")
    while names.endswith(","):  # `A, B int`
        more, _, typ = typ.partition(" ")
        names, typ = f"{names} {more}", typ.lstrip(" ")
    if not typ:
        return [code, *([tag] if tag else [])], [False, False]
    return [names, typ, *([tag] if tag else [])], [False, False, False]


def _spec(code: str) -> tuple[list[str], list[bool]]:
    """A const/var spec's cells: names, type ("" when none: gofmt keeps the column where a
    neighbour has a type), `= value`."""
    left, eq, value = code.partition(" = ")
    left = left.rstrip(" ")
    names, _, typ = left.partition(" ")
    typ = typ.lstrip(" ")
    if not _IDENT_LIST.match(names.replace(",", ", ").replace(",  ", ", ")):
        return [code], [False]
    if not eq:
        return ([names, typ], [False, False]) if typ else ([code], [False])
    return [names, typ, f"= {value}"], [False, True, False]


def _align(rows: list[_Row]) -> None:
    """Pad the cells of one section's rows the way gofmt's tab writer does."""
    _keep_type_column(rows)
    _key_blocks(rows)
    _format(rows, 0, len(rows), [])


def _keep_type_column(rows: list[_Row]) -> None:
    """Spec rows without a type drop their empty type cell unless a row of their run has one."""
    run: list[_Row] = []
    for row in [*rows, _Row(-1)]:
        if len(row.soft) >= 2 and row.soft[1]:
            run.append(row)
            continue
        if run and not any(r.cells[1] for r in run):
            for r in run:
                del r.cells[1], r.soft[1]
        run = []


def _key_blocks(rows: list[_Row]) -> None:
    """gofmt's exprList rule: after a key longer than 40 characters (or before one), a key
    whose size is far from the geometric mean of the block so far (ratio <= 1/2.5 or >= 2.5)
    starts a new block (marked "key-break")."""
    lnsum, count, prev = 0.0, 0, 0
    for row in rows:
        if row.kind != "key":
            lnsum, count, prev = 0.0, 0, 0
            continue
        size = len(row.cells[0].rstrip(":")) if row.cells else 0
        if prev and size:
            if count and not (prev <= 40 and size <= 40):
                ratio = size / math.exp(lnsum / count)
                if 2.5 * ratio <= 1 or 2.5 <= ratio:
                    row.kind = "key-break"
                    lnsum, count = 0.0, 0
        lnsum += math.log(size) if size else 0.0
        count += 1 if size else 0
        prev = size


def _format(rows: list[_Row], start: int, end: int, widths: list[int]) -> None:
    column = len(widths)
    this = start
    while this < end:
        if column >= len(rows[this].cells):
            this += 1
            continue
        first = this
        width, discard = 0, True
        while this < end and column < len(rows[this].cells):
            if this > first and column == 0 and rows[this].kind == "key-break":
                break
            cell = rows[this].cells[column]
            width = max(width, len(cell) + 1)
            if cell or not rows[this].soft[column]:
                discard = False
            this += 1
        if discard:
            width = 0
        for row in rows[first:this]:
            cell = row.cells[column]
            row.cells[column] = cell.ljust(width) if width else cell
        _format(rows, first, this, [*widths, width])


def _join(row: _Row) -> str:
    text = "".join(row.cells) + row.trailing
    return ("\t" * row.indent + text).rstrip() if text else ""
