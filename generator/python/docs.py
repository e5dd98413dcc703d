"""Markdown documentation for a generated Python SDK: README, one page per resource, one page
per model.

SECURITY: spec text is untrusted. It reaches Markdown only through `md_text` (prose blocks) or
`md_cell` (one line: table cells, list items, headings), and reaches Python snippets only as
literals made by `py_str`/`py_literal` (plus `_code_str`, which also hides `<` and backticks).
Every snippet is black-formatted here, so a snippet that does not parse is a generator bug
caught at generation time, not a broken page.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import quote

import jinja2

from .. import ir
from ..format import format_snippets
from ..render import template_environment
from ..resources import TEMPLATES_ROOT
from .escape import clean_text, py_literal, py_str
from .types import PRIMS
from .view import ArgView, MethodView, PackageView, ResourceView

TEMPLATES = TEMPLATES_ROOT / "python" / "docs"

# Snippets are formatted like the generated package (black, 88 columns).

# --- escapers ---------------------------------------------------------------------------------

# Characters with a meaning in inline Markdown; escaped with a backslash so spec text shows
# literally. `[`/`]` too: a spec must not be able to plant links (javascript: URLs) or images.
_MD_INLINE = re.compile(r"([\\`*_\[\]|])")


def _html_escape(text: str) -> str:
    # Entities, not backslashes: renderers that allow raw HTML still show `<script>` as text.
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def md_cell(text: object) -> str:
    """Untrusted text as one line of inline Markdown: safe in a table cell, list item or heading.

    Line breaks fold to spaces (a newline would end the table row), `|` cannot split a cell,
    HTML is shown as text, and backticks, emphasis and link brackets are shown literally.
    """
    return _md_cell(text if type(text) is str else str(text))


@functools.lru_cache(maxsize=1 << 16)
def _md_cell(text: str) -> str:
    # Cached: the same few thousand strings (field names, media types, statuses, shared
    # descriptions) come back tens of thousands of times on a large spec.
    folded = " ".join(clean_text(text).split())
    return _MD_INLINE.sub(r"\\\1", _html_escape(folded))


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
        line = _html_escape(raw.rstrip()).replace("[", "\\[").replace("]", "\\]")
        line = _BLOCK_START.sub(lambda m: m.group(1) + "\\" + m.group(2), line)
        # Four leading spaces start an indented code block only after a blank line; harmless,
        # but a tab-indented fence would not be caught above, so indentation is capped at 3.
        stripped = line.lstrip(" ")
        indent = min(len(line) - len(stripped), 3)
        lines.append(" " * indent + stripped if stripped else "")
    text_out = "\n".join(lines).strip("\n")
    return re.sub(r"\n{3,}", "\n\n", text_out)


def _code_str(text: str) -> str:
    """A Python string literal for untrusted text placed in a Markdown code block.

    Like `py_str`, plus `<`, `>` and backticks as `\\x..` escapes: the value is the same, but
    no `<script>` or fence-closing backticks appear in the page source.
    """
    return py_str(text).replace("<", "\\x3c").replace(">", "\\x3e").replace("`", "\\x60")


def code_block(code: str, lang: str = "python") -> str:
    """A fenced code block whose fence is longer than any backtick run inside."""
    longest = max((len(run) for run in re.findall(r"`+", code)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{lang}\n{code.rstrip()}\n{fence}"


_PLACEHOLDER = re.compile("\x00snippet(\\d+)\x00")


def format_snippet(code: str) -> str:
    """Format one snippet; raises if it does not parse (a generator bug)."""
    return format_snippets([code])[0]


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


# --- example values ---------------------------------------------------------------------------

_MISSING = object()

# Placeholders read `"<name>"`; these names would spell an HTML raw-text tag, which a careless
# renderer might treat as markup even inside a code block.
_TAG_NAMES = frozenset(
    {"script", "style", "iframe", "textarea", "title", "xmp", "noscript", "plaintext", "noembed"}
)

_FORMAT_SAMPLES = {
    "date-time": "2024-01-01T00:00:00Z",
    "date": "2024-01-01",
    "time": "12:00:00",
    "uuid": "00000000-0000-4000-8000-000000000000",
    "email": "user@example.com",
    "uri": "https://example.com",
    "url": "https://example.com",
    "hostname": "example.com",
    "ipv4": "192.0.2.1",
}

_MAX_EXAMPLE_CHARS = 400  # longer spec examples are replaced by a placeholder


class Examples:
    """Python source for example argument values: the spec's example, else its default, else
    the first enum value, else a placeholder that fits the type."""

    def __init__(self, schemas: dict[str, ir.Schema]) -> None:
        self.schemas = schemas

    def value(
        self,
        t: ir.TypeExpr,
        name: str,
        example: object = _MISSING,
        default: object = _MISSING,
        depth: int = 0,
    ) -> str:
        """Source of a value for `t`; `name` (a wire name) shapes string placeholders."""
        for candidate in (example, default):
            if (
                candidate is not _MISSING
                and candidate is not None
                and conforms(candidate, t, self.schemas)
            ):
                source = _py_value(candidate)
                if len(source) <= _MAX_EXAMPLE_CHARS:
                    return source
        return self._placeholder(t, name, depth)

    def _placeholder(self, t: ir.TypeExpr, name: str, depth: int) -> str:
        if isinstance(t, ir.Nullable):
            return self._placeholder(t.inner, name, depth)
        if isinstance(t, ir.Prim):
            return _prim_placeholder(t, name)
        if isinstance(t, ir.EnumOf):
            return _code_literal(t.values[0]) if t.values else "None"
        if isinstance(t, ir.ArrayOf):
            return "[]" if depth > 3 else f"[{self._placeholder(t.items, name, depth + 1)}]"
        if isinstance(t, ir.MapOf):
            if depth > 3:
                return "{}"
            return '{"key": ' + self._placeholder(t.values, "value", depth + 1) + "}"
        if isinstance(t, ir.UnionOf):
            return self._placeholder(_simplest(t.variants, self.schemas), name, depth)
        if isinstance(t, ir.Ref):
            return self._named(t.name, name, depth)
        return "None"

    def _named(self, model: str, name: str, depth: int) -> str:
        schema = self.schemas.get(model)
        if isinstance(schema, ir.ObjectModel):
            if depth > 3:
                return "{}"
            items = [
                f"{_code_str(f.name)}: "
                + self.value(
                    f.type,
                    f.name,
                    f.example if f.has_example else _MISSING,
                    f.default if f.has_default else _MISSING,
                    depth + 1,
                )
                for f in schema.fields
                if f.required and not f.read_only
            ]
            return "{" + ", ".join(items) + "}"
        if isinstance(schema, ir.EnumModel):
            return _code_literal(schema.values[0]) if schema.values else "None"
        if isinstance(schema, ir.UnionModel):
            return self._placeholder(schema.union, name, depth)
        if isinstance(schema, ir.AliasModel):
            return self._placeholder(schema.target, name, depth)
        return "None"


def _simplest(variants: tuple[ir.TypeExpr, ...], schemas: dict[str, ir.Schema]) -> ir.TypeExpr:
    """The variant an example should use: the first that is not null."""
    for v in variants:
        if not (isinstance(v, ir.Prim) and v.kind == "null"):
            return v
    return variants[0]


def _prim_placeholder(t: ir.Prim, name: str) -> str:
    if t.kind == "string":
        if t.format in _FORMAT_SAMPLES:
            return py_str(_FORMAT_SAMPLES[t.format])
        word = name if re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]{0,40}", name) else "value"
        if word.lower() in _TAG_NAMES:
            word = "value"
        return py_str(f"<{word}>")
    return {
        "integer": "1",
        "number": "1.0",
        "boolean": "True",
        "binary": 'b"file contents"',
        "null": "None",
    }.get(t.kind, '"<value>"')


def _code_literal(value: ir.Scalar) -> str:
    return _code_str(value) if isinstance(value, str) else py_literal(value)


def _py_value(value: object) -> str:
    """Python source for a JSON value (examples from the spec)."""
    if isinstance(value, dict):
        items = ", ".join(f"{_code_str(str(k))}: {_py_value(v)}" for k, v in value.items())
        return "{" + items + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_py_value(v) for v in value) + "]"
    if isinstance(value, str):
        return _code_str(value)
    if value is None or isinstance(value, (bool, int, float)):
        return py_literal(value)
    return _code_str(str(value))


def conforms(value: object, t: ir.TypeExpr, schemas: dict[str, ir.Schema], depth: int = 0) -> bool:
    """True when a spec example or default is plainly valid for `t` (examples often lie)."""
    if depth > 8:
        return False
    if isinstance(t, ir.Nullable):
        return value is None or conforms(value, t.inner, schemas, depth + 1)
    if isinstance(t, ir.Prim):
        checks: dict[str, bool] = {
            "string": isinstance(value, str),
            "integer": isinstance(value, int) and not isinstance(value, bool),
            "number": isinstance(value, (int, float)) and not isinstance(value, bool),
            "boolean": isinstance(value, bool),
            "null": value is None,
            "any": True,
            "binary": False,
        }
        return checks[t.kind]
    if isinstance(t, ir.EnumOf):
        return any(value == v and type(value) is type(v) for v in t.values)
    if isinstance(t, ir.ArrayOf):
        return isinstance(value, list) and all(
            conforms(v, t.items, schemas, depth + 1) for v in value
        )
    if isinstance(t, ir.MapOf):
        return isinstance(value, dict) and all(
            conforms(v, t.values, schemas, depth + 1) for v in value.values()
        )
    if isinstance(t, ir.UnionOf):
        return any(conforms(value, v, schemas, depth + 1) for v in t.variants)
    if isinstance(t, ir.Ref):
        schema = schemas.get(t.name)
        if isinstance(schema, ir.ObjectModel):
            if not isinstance(value, dict):
                return False
            known = {f.name: f for f in schema.fields}
            if any(f.required and f.name not in value for f in schema.fields):
                return False
            return all(
                conforms(v, known[k].type, schemas, depth + 1)
                for k, v in value.items()
                if k in known
            )
        if isinstance(schema, ir.EnumModel):
            return conforms(value, ir.EnumOf(schema.values), schemas, depth + 1)
        if isinstance(schema, ir.UnionModel):
            return conforms(value, schema.union, schemas, depth + 1)
        if isinstance(schema, ir.AliasModel):
            return conforms(value, schema.target, schemas, depth + 1)
    return False


# --- types as Markdown ------------------------------------------------------------------------


def md_type(t: ir.TypeExpr | None, link: str, schemas: dict[str, ir.Schema], arg: bool) -> str:
    """A type in Python spelling as inline Markdown, model names linked to their pages.

    `link` is the relative folder of the model pages ("models/" or ""); `arg` spells what a
    method accepts (dates also as strings, files, models also as dicts).
    """
    if t is None:
        return "None"

    def go(t: ir.TypeExpr) -> str:
        if isinstance(t, ir.Nullable):
            return f"{go(t.inner)} \\| None"
        if isinstance(t, ir.Prim):
            if t.kind == "string" and t.format in ("date-time", "date"):
                name = "datetime" if t.format == "date-time" else "date"
                return f"{name} \\| str" if arg else name
            if t.kind == "binary" and arg:
                return "FileTypes"
            return PRIMS[t.kind]
        if isinstance(t, ir.ArrayOf):
            return f"list\\[{go(t.items)}\\]"
        if isinstance(t, ir.MapOf):
            return f"dict\\[str, {go(t.values)}\\]"
        if isinstance(t, ir.EnumOf):
            return "Literal\\[" + ", ".join(md_cell(py_literal(v)) for v in t.values) + "\\]"
        if isinstance(t, ir.UnionOf):
            return " \\| ".join(go(v) for v in t.variants)
        if isinstance(t, ir.Ref):
            linked = f"[{t.name}]({link}{t.name}.md)"
            target = schemas.get(t.name)
            if arg and (
                isinstance(target, ir.ObjectModel)
                or (isinstance(target, ir.UnionModel) and target.union.discriminator is not None)
            ):
                return f"{linked} \\| dict"
            return linked
        return "object"

    return go(t)


# --- page views -------------------------------------------------------------------------------


@dataclass
class ParamDoc:
    """One row of a Parameters table (all cells already Markdown)."""

    name: str
    type: str
    required: bool
    sent_as: str
    description: str


@dataclass
class ErrorDoc:
    """One row of an Errors table (all cells already Markdown)."""

    cls: str
    statuses: str
    content_type: str
    notes: str


@dataclass
class Snippet:
    """A runnable Python program and the one request it makes."""

    code: str  # fenced block, ready to print
    method: str  # HTTP method, upper case
    path: str  # path template, percent-encoded so it is safe inside an HTML comment
    stream: bool  # the program asks for a stream

    @property
    def marker(self) -> str:
        """An HTML comment naming the request (read by tests and tools)."""
        kind = " stream" if self.stream else ""
        return f"<!-- request: {self.method} {self.path}{kind} -->"


@dataclass
class OperationDoc:
    """One operation's section of a resource page."""

    name: str
    anchor: str
    call: str  # `client.completions.create`
    summary: str  # one line, Markdown
    description: str  # paragraphs, Markdown
    http: str  # `POST /completions`, Markdown
    deprecated: bool
    example: Snippet
    async_example: Snippet | None
    stream_mode: str
    stream_sync: Snippet | None
    stream_async: Snippet | None
    params: list[ParamDoc]
    response: str  # Markdown
    response_notes: str  # Markdown
    stream_response: str  # Markdown, "" when not streaming
    errors: list[ErrorDoc]
    headings: list[str] = field(default_factory=list)


@dataclass
class ResourceDoc:
    """A resource page."""

    title: str
    attr: str
    module: str
    description: str
    operations: list[OperationDoc]


@dataclass
class FieldDoc:
    """One row of a model's Fields table (all cells Markdown)."""

    ident: str
    wire: str
    type: str
    required: bool
    nullable: bool
    description: str


@dataclass
class ModelDoc:
    """A model page."""

    name: str
    kind: str  # object | union | enum | alias
    description: str
    fields: list[FieldDoc] = field(default_factory=list)
    extra: str = ""  # type of additional properties, Markdown, "" when none
    chunk_of: str = ""
    variants: list[str] = field(default_factory=list)
    discriminator: str = ""  # wire name of the tag, Markdown
    mapping: list[tuple[str, str]] = field(default_factory=list)  # (value md, variant link)
    inferred: bool = False
    values: list[str] = field(default_factory=list)
    open_enum: bool = False
    target: str = ""
    deprecated: bool = False
    used_by: list[tuple[str, str]] = field(default_factory=list)  # (label, link)


# --- building ---------------------------------------------------------------------------------

_STATUS_CLASSES = {
    400: "BadRequestError",
    401: "AuthenticationError",
    403: "PermissionDeniedError",
    404: "NotFoundError",
    409: "ConflictError",
    422: "UnprocessableEntityError",
    429: "RateLimitError",
}


def _status_class(status: str) -> str:
    """The exception the runtime raises for a declared status (see `_exceptions.py`)."""
    if status.isdigit():
        code = int(status)
        return "InternalServerError" if code >= 500 else _STATUS_CLASSES.get(code, "APIStatusError")
    if status.upper() == "5XX":
        return "InternalServerError"
    return "APIStatusError"


def _wire(arg: ArgView) -> str:
    name = json.loads(arg.wire)
    assert isinstance(name, str)
    return name


class _Builder:
    """Turns the IR and the package view into page views and snippets."""

    def __init__(self, api: ir.Api, view: PackageView) -> None:
        self.api = api
        self.view = view
        self.schemas = {s.name: s for s in api.schemas}
        self.examples = Examples(self.schemas)
        self.client = view.options.name
        self.package = view.options.package
        self.pending: dict[str, str] = {}  # placeholder -> snippet code, formatted in one batch
        self.model_views = {m.name: m for m in view.models}

    # snippets

    def call_args(self, op: ir.Operation, m: MethodView) -> list[str]:
        """Arguments of an example call: path values, required arguments, and optional ones
        the spec gives an example or default for."""
        params = {p.name: p for p in op.params}
        fields = {f.name: f for f in (op.body.fields or ())} if op.body else {}
        positional = []
        for a in m.path_args:
            p = params.get(_wire(a))
            if p is None:
                positional.append(py_str("<value>"))
                continue
            positional.append(self._param_value(p))
        keywords = []
        optional = 0
        for a in m.kw_args:
            wire = _wire(a)
            source = ""
            if a is m.body_arg and op.body is not None:
                if not a.required:
                    continue
                if m.body_kind == "content":
                    source = 'b"raw body"'
                else:
                    source = self.examples.value(op.body.type, "body")
            elif wire in params and a not in m.json_fields and a not in m.file_fields:
                p = params[wire]
                if not (a.required or p.has_example or p.has_default):
                    continue
                source = self._param_value(p)
            elif wire in fields:
                f = fields[wire]
                if not (a.required or f.has_example or f.has_default) or f.read_only:
                    continue
                source = self.examples.value(
                    f.type,
                    f.name,
                    f.example if f.has_example else _MISSING,
                    f.default if f.has_default else _MISSING,
                )
            else:
                continue
            if not a.required:
                # A few optional values show the shape; a wall of them hides the call.
                optional += 1
                if optional > 6:
                    continue
            keywords.append(f"{a.ident}={source}")
        return positional + keywords

    def _param_value(self, p: ir.Param) -> str:
        return self.examples.value(
            p.type,
            p.name,
            p.example if p.has_example else _MISSING,
            p.default if p.has_default else _MISSING,
        )

    def call(
        self,
        r: ResourceView,
        op: ir.Operation,
        m: MethodView,
        extra: Iterable[str] = (),
        raw: bool = False,
    ) -> str:
        """`client.res.method(args)` source."""
        args = [*self.call_args(op, m), *extra]
        target = (
            f"client.{r.attr}.with_raw_response.{m.name}" if raw else f"client.{r.attr}.{m.name}"
        )
        return f"{target}({', '.join(args)})"

    def snippet(self, code: str, op: ir.Operation, stream: bool) -> Snippet:
        """A fenced snippet for a request to `op`.

        The code is formatted later, with every other snippet in one batch (formatting them one
        by one cost minutes on large specs); until then the page holds a placeholder.
        """
        key = f"\x00snippet{len(self.pending)}\x00"
        self.pending[key] = code
        return Snippet(
            code=key,
            method=op.http_method.upper(),
            path=quote(op.path, safe="/{}_.~-"),
            stream=stream,
        )

    def sync_program(self, body: list[str], imports: Iterable[str] = ()) -> str:
        """A program that opens the sync client and runs `body` inside it."""
        head = [*imports, f"from {self.package} import {self.client}", ""]
        lines = [f"with {self.client}() as client:"] + ["    " + line for line in body]
        return "\n".join(head + lines) + "\n"

    def async_program(self, body: list[str], imports: Iterable[str] = ()) -> str:
        """A program that opens the async client in `main()` and runs it."""
        head = [
            "import asyncio",
            *imports,
            "",
            f"from {self.package} import Async{self.client}",
            "",
        ]
        lines = [
            "async def main() -> None:",
            f"    async with Async{self.client}() as client:",
            *["        " + line for line in body],
            "",
            "asyncio.run(main())",
        ]
        return "\n".join(head + lines) + "\n"

    def result_lines(self, call: str, m: MethodView, aw: str = "") -> list[str]:
        """Call and show the result of a non-streaming call."""
        if m.response_kind == "none":
            return [f"{aw}{call}", 'print("done")']
        return [f"result = {aw}{call}", "print(result)"]

    def stream_lines(self, call: str, aw: bool) -> list[str]:
        """Iterate a stream; leaving the `with` block closes the connection."""
        if aw:
            return [
                f"stream = await {call}",
                "async with stream:",
                "    async for chunk in stream:",
                "        print(chunk)",
            ]
        return [f"with {call} as stream:", "    for chunk in stream:", "        print(chunk)"]

    def stream_call(self, r: ResourceView, op: ir.Operation, m: MethodView) -> str:
        return self.call(r, op, m, ["stream=True"] if m.stream == "flag" else [])

    # operations

    def operation(self, r: ResourceView, op: ir.Operation, m: MethodView) -> OperationDoc:
        """One operation's documentation."""
        always = m.stream == "always"
        if always:
            example = self.snippet(
                self.sync_program(self.stream_lines(self.stream_call(r, op, m), False)), op, True
            )
            async_example = None
        else:
            call = self.call(r, op, m)
            example = self.snippet(self.sync_program(self.result_lines(call, m)), op, False)
            async_example = self.snippet(
                self.async_program(self.result_lines(call, m, "await ")), op, False
            )
        stream_sync = stream_async = None
        if m.stream:
            scall = self.stream_call(r, op, m)
            if not always:
                stream_sync = self.snippet(
                    self.sync_program(self.stream_lines(scall, False)), op, True
                )
            stream_async = self.snippet(
                self.async_program(self.stream_lines(scall, True)), op, True
            )
        summary = md_cell(op.summary) if op.summary else ""
        description = md_text(op.description) if op.description else ""
        if not summary and op.description:
            summary = md_cell(op.description.strip().split("\n")[0])
        return OperationDoc(
            name=m.name,
            anchor="",
            call=f"client.{r.attr}.{m.name}",
            summary=summary,
            description=description,
            http=f"{md_cell(op.http_method.upper())} {md_cell(op.path)}",
            deprecated=op.deprecated,
            example=example,
            async_example=async_example,
            stream_mode=m.stream,
            stream_sync=stream_sync,
            stream_async=stream_async,
            params=self.params(op, m),
            response=self.response(op, m),
            response_notes=(
                md_text(op.success.description)
                if op.success is not None and op.success.description
                else ""
            ),
            stream_response=self.stream_response(op, m),
            errors=self.errors(op, m),
        )

    def params(self, op: ir.Operation, m: MethodView) -> list[ParamDoc]:
        """The Parameters table: path arguments, then keyword arguments in signature order."""
        params = {p.name: p for p in op.params}
        fields = {f.name: f for f in (op.body.fields or ())} if op.body else {}
        rows = []
        for a in m.path_args + m.kw_args:
            wire = _wire(a)
            description = ""
            t: ir.TypeExpr | None = None
            notes: list[str] = []
            if a is m.body_arg and op.body is not None:
                t = op.body.type
                sent = f"request body ({md_cell(op.body.media_type)})"
                description = op.body.description
                if m.body_kind == "content":
                    t = ir.Prim("binary")
            elif wire in params and a not in m.json_fields and a not in m.file_fields:
                p = params[wire]
                t, description = p.type, p.description
                sent = (
                    f"{p.location} `{p.name}`"
                    if p.name == a.ident
                    else (f"{p.location} {md_cell(p.name)}")
                )
                if p.has_default:
                    notes.append("Default: " + md_cell(_json_show(p.default)) + ".")
                if p.deprecated:
                    notes.append("Deprecated.")
            else:
                f = fields.get(wire)
                if f is None:
                    continue
                t, description = f.type, f.description
                where = "form field" if m.body_kind in ("form", "multipart") else "body field"
                sent = (
                    f"{where} `{f.name}`" if f.name == a.ident else (f"{where} {md_cell(f.name)}")
                )
                if f.has_default:
                    notes.append("Default: " + md_cell(_json_show(f.default)) + ".")
                if f.deprecated:
                    notes.append("Deprecated.")
            text = " ".join(([md_cell(description)] if description else []) + notes)
            rows.append(
                ParamDoc(
                    name=f"`{a.ident}`",
                    type=md_type(t, "models/", self.schemas, arg=True),
                    required=a.required,
                    sent_as=sent,
                    description=text,
                )
            )
        if m.stream == "flag" and op.streaming is not None:
            chunk = md_type(op.streaming.event_type, "models/", self.schemas, arg=False)
            flag = fields.get("stream")
            default = ""
            if flag is not None and flag.has_default:
                default = " Default: " + md_cell(_json_show(flag.default)) + "."
            rows.append(
                ParamDoc(
                    name="`stream`",
                    type="bool",
                    required=False,
                    sent_as="body field `stream`",
                    description=f"`True` returns a stream of {chunk} chunks instead of one "
                    "response (see [Streaming](#" + "{stream_anchor}" + "))." + default,
                )
            )
        return rows

    def response(self, op: ir.Operation, m: MethodView) -> str:
        """What a non-streaming call returns, as Markdown."""
        if m.stream == "always":
            assert op.streaming is not None
            chunk = md_type(op.streaming.event_type, "models/", self.schemas, arg=False)
            return f"`Stream` (async: `AsyncStream`) of {chunk}"
        if m.response_kind == "none":
            return "None (the response has no body)"
        if m.response_kind == "text":
            return "str (the response body as text)"
        if m.response_kind == "bytes":
            return "bytes (the raw response body)"
        assert op.success is not None
        return md_type(op.success.type, "models/", self.schemas, arg=False)

    def stream_response(self, op: ir.Operation, m: MethodView) -> str:
        """What a streaming call yields, as Markdown."""
        if m.stream != "flag" or op.streaming is None:
            return ""
        chunk = md_type(op.streaming.event_type, "models/", self.schemas, arg=False)
        return f"`Stream` (async: `AsyncStream`) of {chunk}"

    def errors(self, op: ir.Operation, m: MethodView) -> list[ErrorDoc]:
        """Declared error statuses grouped by exception class, then the undeclared ones."""
        grouped: dict[str, list[ir.Response]] = {}
        for response in op.errors:
            grouped.setdefault(_status_class(response.status), []).append(response)
        rows = []
        for cls, responses in grouped.items():
            statuses = ", ".join(md_cell(r.status) for r in responses)
            media = sorted({r.media_type for r in responses if r.media_type})
            notes = []
            for r in responses:
                if r.description:
                    notes.append(f"{md_cell(r.status)}: {md_cell(r.description)}")
            models = sorted({r.type.name for r in responses if isinstance(r.type, ir.Ref)})
            for name in models:
                notes.append(f"`error_model`: [{name}](models/{name}.md)")
            rows.append(
                ErrorDoc(
                    cls=f"`{cls}`",
                    statuses=statuses,
                    content_type=", ".join(md_cell(x) for x in media) or "none declared",
                    notes="; ".join(notes),
                )
            )
        rows.append(
            ErrorDoc(
                "`APIStatusError`",
                "any other 4XX, 5XX",
                "\\*/\\*",
                "Every status error derives from it.",
            )
        )
        rows.append(
            ErrorDoc(
                "`APIConnectionError`",
                "none",
                "none",
                "The request could not be sent or the response not received "
                "(`APITimeoutError` when it timed out).",
            )
        )
        rows.append(
            ErrorDoc(
                "`APIResponseValidationError`",
                "2XX",
                "any",
                "The response did not have the declared shape.",
            )
        )
        if m.stream:
            rows.append(
                ErrorDoc(
                    "`APIStreamError`",
                    "2XX",
                    "text/event-stream",
                    "The server reported an error inside the stream.",
                )
            )
        return rows

    def resource(self, r_ir: ir.Resource, r: ResourceView) -> ResourceDoc:
        """A resource page with anchors computed like GitHub does."""
        ops = [self.operation(r, op, m) for op, m in zip(r_ir.operations, r.methods, strict=True)]
        title = f"{r.cls}"
        slugger = Slugger()
        for heading in (title, "Overview", "Available Operations"):
            slugger.slug(heading)
        for o in ops:
            o.anchor = slugger.slug(o.name)
            o.headings = ["Example Usage"]
            if o.stream_sync is not None or o.stream_async is not None:
                o.headings.append("Streaming")
            if o.async_example is not None:
                o.headings.append("Async")
            o.headings += ["Parameters", "Response", "Errors"]
            stream_anchor = ""
            for heading in o.headings:
                slug = slugger.slug(heading)
                if heading == "Streaming":
                    stream_anchor = slug
            for p in o.params:
                p.description = p.description.replace("{stream_anchor}", stream_anchor)
        return ResourceDoc(
            title=title,
            attr=r.attr,
            module=r.module,
            description=md_text(r_ir.description) if r_ir.description else "",
            operations=ops,
        )

    # models

    def model(self, schema: ir.Schema, used_by: dict[str, list[tuple[str, str]]]) -> ModelDoc:
        """One model page."""
        doc = ModelDoc(
            name=schema.name,
            kind="object",
            description=md_text(schema.description) if schema.description else "",
            used_by=used_by.get(schema.name, []),
        )
        if isinstance(schema, ir.ObjectModel):
            doc.deprecated = schema.deprecated
            doc.chunk_of = schema.chunk_of
            idents = self._field_idents(schema)
            for f, ident in zip(schema.fields, idents, strict=True):
                nullable = isinstance(f.type, ir.Nullable) or bool(schema.chunk_of)
                notes = [md_cell(f.description)] if f.description else []
                if f.has_default:
                    notes.append("Default: " + md_cell(_json_show(f.default)) + ".")
                if f.read_only:
                    notes.append("Read-only: sent by the server.")
                if f.write_only:
                    notes.append("Write-only: sent by the client.")
                if f.deprecated:
                    notes.append("Deprecated.")
                doc.fields.append(
                    FieldDoc(
                        ident=f"`{ident}`",
                        wire=md_cell(f.name),
                        type=md_type(f.type, "", self.schemas, arg=False),
                        required=f.required and not schema.chunk_of,
                        nullable=nullable,
                        description=" ".join(notes),
                    )
                )
            if schema.extra is not None:
                doc.extra = md_type(schema.extra, "", self.schemas, arg=False)
        elif isinstance(schema, ir.UnionModel):
            doc.kind = "union"
            doc.variants = [md_type(v, "", self.schemas, arg=False) for v in schema.union.variants]
            d = schema.union.discriminator
            if d is not None:
                doc.discriminator = md_cell(d.property)
                doc.mapping = [(md_cell(py_literal(v)), f"[{n}]({n}.md)") for v, n in d.mapping]
                doc.inferred = d.inferred
        elif isinstance(schema, ir.EnumModel):
            doc.kind = "enum"
            doc.values = [md_cell(py_literal(v)) for v in schema.values]
            doc.open_enum = all(isinstance(v, str) for v in schema.values)
        else:
            doc.kind = "alias"
            doc.target = md_type(schema.target, "", self.schemas, arg=False)
        return doc

    def _field_idents(self, schema: ir.ObjectModel) -> list[str]:
        # The Python attribute names, exactly as models.py spells them.
        mv = self.model_views.get(schema.name)
        if mv is not None and len(mv.fields) == len(schema.fields):
            return [f.ident for f in mv.fields]
        return [f.name for f in schema.fields]

    def used_by(self, resources: list[ResourceDoc]) -> dict[str, list[tuple[str, str]]]:
        """Model name -> operations whose arguments, result or chunks mention it."""
        reach = _reachable(self.schemas)
        out: dict[str, list[tuple[str, str]]] = {}
        for r_ir, r_doc in zip(self.api.resources, resources, strict=True):
            for op, o in zip(r_ir.operations, r_doc.operations, strict=True):
                direct: set[str] = set()
                for t in _op_types(op):
                    _direct_refs(t, direct)
                names: set[str] = set()
                for name in direct:
                    names |= reach.get(name) or {name}
                for name in sorted(names):
                    out.setdefault(name, []).append(
                        (f"{r_doc.attr}.{o.name}", f"../{r_doc.module}.md#{o.anchor}")
                    )
        return out


def _json_show(value: object) -> str:
    try:
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    except (TypeError, ValueError):
        return str(value)


def _op_types(op: ir.Operation) -> list[ir.TypeExpr]:
    types: list[ir.TypeExpr] = [p.type for p in op.params]
    if op.body is not None:
        types.append(op.body.type)
    if op.success is not None and op.success.type is not None:
        types.append(op.success.type)
    types += [r.type for r in op.errors if r.type is not None]
    if op.streaming is not None:
        types.append(op.streaming.event_type)
    return types


def _direct_refs(t: ir.TypeExpr, out: set[str]) -> set[str]:
    """The model names `t` itself mentions (not following the models)."""
    if isinstance(t, ir.Nullable):
        return _direct_refs(t.inner, out)
    if isinstance(t, ir.ArrayOf):
        return _direct_refs(t.items, out)
    if isinstance(t, ir.MapOf):
        return _direct_refs(t.values, out)
    if isinstance(t, ir.UnionOf):
        for v in t.variants:
            _direct_refs(v, out)
    elif isinstance(t, ir.Ref):
        out.add(t.name)
    return out


def _schema_edges(schema: ir.Schema | None) -> set[str]:
    """The model names a model's fields, variants or target mention."""
    out: set[str] = set()
    if isinstance(schema, ir.ObjectModel):
        for f in schema.fields:
            _direct_refs(f.type, out)
        if schema.extra is not None:
            _direct_refs(schema.extra, out)
    elif isinstance(schema, ir.UnionModel):
        _direct_refs(schema.union, out)
    elif isinstance(schema, ir.AliasModel):
        _direct_refs(schema.target, out)
    return out


def _reachable(schemas: dict[str, ir.Schema]) -> dict[str, frozenset[str]]:
    """Model name -> every model reachable from it, itself included (transitively through
    fields, variants and targets; names without a schema reach only themselves).

    One pass over the reference graph (Tarjan's strongly connected components, iterative):
    each component's set is built once from its successors', so the cost is linear in the
    graph plus the size of the answer, not one walk per operation.
    """
    edges = {name: sorted(_schema_edges(schema)) for name, schema in schemas.items()}
    for targets in list(edges.values()):
        for target in targets:
            edges.setdefault(target, [])
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    reach: dict[str, frozenset[str]] = {}
    for root in edges:
        if root in index:
            continue
        work: list[tuple[str, int]] = [(root, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                index[node] = low[node] = len(index)
                stack.append(node)
                on_stack.add(node)
            targets = edges[node]
            if i < len(targets):
                work.append((node, i + 1))
                nxt = targets[i]
                if nxt not in index:
                    work.append((nxt, 0))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                members: list[str] = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    members.append(member)
                    if member == node:
                        break
                total = set(members)
                for member in members:
                    for target in edges[member]:
                        if target in reach:
                            total |= reach[target]
                frozen = frozenset(total)
                for member in members:
                    reach[member] = frozen
    return reach


# --- README -----------------------------------------------------------------------------------


@dataclass
class ReadmeDoc:
    """Everything the README template shows."""

    title: str  # Markdown, one line
    description: str  # Markdown
    snippets: dict[str, Snippet]  # by section: quick_start, auth, async, stream_sync, ...
    anchors: dict[str, str]  # section heading -> anchor
    index: list[tuple[str, str, str, str]]  # (call, http, summary, link)
    models: list[str]
    primary_call: str  # `client.completions.create`
    primary_method: str  # `create`
    primary_attr: str
    stream_call: str
    base_url: str  # Markdown, "" when the API declares none


_README_HEADINGS = [
    "Installation",
    "Quick start",
    "Authentication",
    "Base URL",
    "Sync and async",
    "Streaming",
    "Retries and timeouts",
    "Error handling",
    "Per-call options",
    "Raw responses",
    "Custom HTTP client",
    "Debug logging",
    "Operations",
    "Models",
]


def _readme(b: _Builder, resources: list[ResourceDoc]) -> ReadmeDoc:
    view = b.view
    pairs = [
        (r_ir, r, op, m)
        for r_ir, r in zip(b.api.resources, view.resources, strict=True)
        for op, m in zip(r_ir.operations, r.methods, strict=True)
    ]
    snippets: dict[str, Snippet] = {}
    primary = next((p for p in pairs if not p[2].deprecated and p[3].stream != "always"), None)
    streaming = next((p for p in pairs if p[3].stream), None)
    primary_call = primary_method = primary_attr = stream_call = ""
    if primary is not None:
        _r_ir, r, op, m = primary
        primary_call, primary_method, primary_attr = f"client.{r.attr}.{m.name}", m.name, r.attr
        call = b.call(r, op, m)
        snippets["quick_start"] = b.snippet(b.sync_program(b.result_lines(call, m)), op, False)
        if view.auth:
            args = ", ".join(f'{a.ident}=os.environ["{a.env}"]' for a in view.auth)
            program = b.sync_program(b.result_lines(call, m), ["import os", ""]).replace(
                f"with {b.client}() as client:", f"with {b.client}({args}) as client:"
            )
            snippets["auth"] = b.snippet(program, op, False)
        snippets["async"] = b.snippet(b.async_program(b.result_lines(call, m, "await ")), op, False)
        retries = b.call(r, op, m, ["max_retries=5", "timeout=120.0"])
        snippets["retries"] = b.snippet(
            b.sync_program(b.result_lines(retries, m), ["import httpx", ""]).replace(
                f"with {b.client}() as client:",
                f"with {b.client}(max_retries=3, timeout=httpx.Timeout(60.0, connect=5.0))"
                " as client:",
            ),
            op,
            False,
        )
        with_options = (
            f"client.with_options(max_retries=0, timeout=10.0).{r.attr}."
            + call.split(f"client.{r.attr}.", 1)[1]
        )
        snippets["with_options"] = b.snippet(
            b.sync_program(b.result_lines(with_options, m)), op, False
        )
        errors_body = [
            "try:",
            *["    " + line for line in b.result_lines(call, m)],
            "except RateLimitError as err:",
            '    print("rate limited; retry after", err.retry_after, "seconds")',
            "except APIStatusError as err:",
            "    print(err.status_code, err.request_id, err.error_model or err.text)",
            "except APIConnectionError as err:",
            '    print("could not reach the server:", err)',
        ]
        errors_program = b.sync_program(errors_body).replace(
            f"from {b.package} import {b.client}\n",
            f"from {b.package} import "
            + ", ".join(
                sorted(["APIConnectionError", "APIStatusError", b.client, "RateLimitError"])
            )
            + "\n",
        )
        snippets["errors"] = b.snippet(errors_program, op, False)
        extra = [
            'extra_headers={"X-Request-Source": "docs"}',
            'extra_query={"trace": "1"}',
            "timeout=30.0",
            "max_retries=1",
        ]
        if m.body_kind == "json" and not m.body_arg:
            extra.insert(2, 'extra_body={"custom_field": "value"}')
        snippets["per_call"] = b.snippet(
            b.sync_program(b.result_lines(b.call(r, op, m, extra), m)), op, False
        )
        raw_lines = [
            f"response = {b.call(r, op, m, raw=True)}",
            "print(response.status_code)",
            'print(response.headers.get("content-type"))',
            f"{'parsed' if m.response_kind != 'none' else '_'} = response.parse()",
        ]
        if m.response_kind != "none":
            raw_lines.append("print(parsed)")
        snippets["raw"] = b.snippet(b.sync_program(raw_lines), op, False)
        http_program = "\n".join(
            [
                "import httpx",
                "",
                f"from {b.package} import {b.client}",
                "",
                "# Proxies, custom transports and mTLS are configured on the httpx client, e.g.",
                '# httpx.Client(proxy="http://proxy.internal:3128", verify="/path/to/ca.pem").',
                "# The SDK never closes a client you pass in: close it yourself.",
                "with httpx.Client(limits=httpx.Limits(max_connections=20)) as http_client:",
                f"    with {b.client}(http_client=http_client) as client:",
                *["        " + line for line in b.result_lines(call, m)],
            ]
        )
        snippets["http_client"] = b.snippet(http_program + "\n", op, False)
    if streaming is not None:
        _r_ir, r, op, m = streaming
        scall = b.stream_call(r, op, m)
        stream_call = f"client.{r.attr}.{m.name}"
        snippets["stream_sync"] = b.snippet(b.sync_program(b.stream_lines(scall, False)), op, True)
        snippets["stream_async"] = b.snippet(b.async_program(b.stream_lines(scall, True)), op, True)
        if primary is None:
            snippets["quick_start"] = snippets["stream_sync"]
    index = []
    for r_doc in resources:
        for o in r_doc.operations:
            index.append((o.call, o.http, o.summary, f"docs/{r_doc.module}.md#{o.anchor}"))
    title = md_cell(view.title)
    slugger = Slugger()
    slugger.slug(f"{title} Python SDK")
    slugger.slug("Contents")
    anchors = {h: slugger.slug(h) for h in _README_HEADINGS}
    base = view.options.base_url or ""
    if not base and view.default_base_url != "None":
        loaded = json.loads(view.default_base_url)
        base = loaded if isinstance(loaded, str) else ""
    return ReadmeDoc(
        title=title,
        description=md_text(b.api.description) if b.api.description else "",
        snippets=snippets,
        anchors=anchors,
        index=index,
        models=[s.name for s in b.api.schemas],
        primary_call=primary_call,
        primary_method=primary_method,
        primary_attr=primary_attr,
        stream_call=stream_call,
        base_url=md_cell(base) if base else "",
    )


# --- rendering --------------------------------------------------------------------------------


def _environment() -> jinja2.Environment:
    return template_environment(TEMPLATES, {"md_cell": md_cell, "md_text": md_text})


def render_docs(api: ir.Api, view: PackageView, formatter: str = "ruff") -> dict[str, str]:
    """The documentation files of a generated SDK: relative path -> Markdown text.

    `README.md`, `docs/<resource module>.md` for every resource and `docs/models/<Model>.md`
    for every named schema. Output depends only on `api` and `view` (no dates, stable order).
    """
    env = _environment()
    b = _Builder(api, view)
    resources = [b.resource(r_ir, r) for r_ir, r in zip(api.resources, view.resources, strict=True)]
    used_by = b.used_by(resources)
    files: dict[str, str] = {}
    readme = _readme(b, resources)
    common = {
        "pkg": view,
        "client": view.options.name,
        "package": view.options.package,
        "ra": readme.anchors,
    }
    for r_doc in resources:
        files[f"docs/{r_doc.module}.md"] = env.get_template("resource.md.jinja").render(
            r=r_doc, **common
        )
    for schema in api.schemas:
        files[f"docs/models/{schema.name}.md"] = env.get_template("model.md.jinja").render(
            m=b.model(schema, used_by), **common
        )
    files["README.md"] = env.get_template("README.md.jinja").render(
        d=readme, resources=resources, **common
    )
    blocks = _format_pending(b.pending, formatter)
    # Tidy before the snippets go in: a placeholder is one line, and `_tidy` leaves the lines
    # of a fenced block as they are, so the result is the same with less text to scan.
    return {
        path: _PLACEHOLDER.sub(lambda m: blocks[m.group(0)], _tidy(text))
        for path, text in files.items()
    }


def _format_pending(pending: dict[str, str], formatter: str) -> dict[str, str]:
    """Format every snippet (`formatter`: ruff, in one batch, or black) and fence it."""
    formatted = format_snippets(list(pending.values()), formatter)
    return {key: code_block(code) for key, code in zip(pending, formatted, strict=True)}


_FENCE = re.compile(r"^(`{3,}|~{3,})")


def _tidy(text: str) -> str:
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
