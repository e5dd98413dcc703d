"""The runnable examples of the Python docs: argument values chosen by the one example chooser
(generator/samples.py) and spelled as Python literals here, programs from the macros of
templates/python/docs/snippets.py.jinja.

SECURITY: spec text reaches a snippet only as a literal made by `py_str`/`py_literal` or by
`code_str`, which also hides `<`, `>` and backticks (the snippet sits in a Markdown page).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from .. import ir
from ..render import template_environment
from ..resources import TEMPLATES_ROOT
from ..samples import MISSING, Examples, Placeholder
from .escape import py_literal, py_str
from .view import ArgView, MethodView, ResourceView

TEMPLATES = TEMPLATES_ROOT / "python" / "docs"


@dataclass
class Snippet:
    """A runnable Python program and the one request it makes."""

    code: str  # fenced block, ready to print
    method: str  # HTTP method, upper case
    path: str  # path template, percent-encoded so it is safe inside an HTML comment
    stream: bool  # the program asks for a stream
    pages: bool = False  # the program walks several pages (one request per page)

    @property
    def marker(self) -> str:
        """An HTML comment naming the request (read by tests and tools)."""
        if not self.method:
            return ""  # a program that sends no request
        kind = " stream" if self.stream else " pages" if self.pages else ""
        return f"<!-- request: {self.method} {self.path}{kind} -->"


def code_str(text: str) -> str:
    """A Python string literal for untrusted text placed in a Markdown code block.

    Like `py_str`, plus `<`, `>` and backticks as `\\x..` escapes: the value is the same, but
    no `<script>` or fence-closing backticks appear in the page source.
    """
    return py_str(text).replace("<", "\\x3c").replace(">", "\\x3e").replace("`", "\\x60")


def py_value(value: object) -> str:
    """Python source for a value of the example chooser (spec JSON, placeholders, a file)."""
    if type(value) is Placeholder:
        return py_str(value)  # made up here: `"<name>"` reads better than escapes
    if isinstance(value, dict):
        items = ", ".join(f"{code_str(str(k))}: {py_value(v)}" for k, v in value.items())
        return "{" + items + "}"
    if isinstance(value, list):
        return "[" + ", ".join(py_value(v) for v in value) + "]"
    if isinstance(value, str):
        return code_str(value)
    if isinstance(value, bytes):  # a made-up file (FILE_CONTENTS)
        return "b" + py_str(value.decode("latin-1"))
    if value is None or isinstance(value, (bool, int, float)):
        return py_literal(value)
    return code_str(str(value))


def _source_size(value: object) -> int:
    return len(py_value(value))


def wire_name(arg: ArgView) -> str:
    """The wire name of a method argument."""
    name = json.loads(arg.wire)
    assert isinstance(name, str)
    return name


@functools.lru_cache(maxsize=1)
def _macros() -> Any:
    """The macros of snippets.py.jinja (a Jinja template module: one callable per macro)."""
    return template_environment(TEMPLATES, {}).get_template("snippets.py.jinja").module


class Snippets:
    """Example calls and programs for one package; every program is queued in `pending` and
    formatted later, in one batch (python/docs.py)."""

    def __init__(self, view_client: str, package: str, schemas: dict[str, ir.Schema]) -> None:
        self.examples = Examples(schemas, size=_source_size)
        self.client = view_client
        self.package = package
        self.macros = _macros()
        self.pending: dict[str, str] = {}  # placeholder -> snippet code

    def value(
        self, t: ir.TypeExpr, name: str, example: object = MISSING, default: object = MISSING
    ) -> str:
        """Python source of an example value for `t`."""
        return py_value(self.examples.value(t, name, example, default))

    def call_args(self, op: ir.Operation, m: MethodView) -> list[str]:
        """Arguments of an example call: path values, required arguments, and optional ones
        the spec gives an example or default for."""
        params = {p.name: p for p in op.params}
        fields = {f.name: f for f in (op.body.fields or ())} if op.body else {}
        positional = []
        for a in m.path_args:
            p = params.get(wire_name(a))
            if p is None:
                positional.append(py_str("<value>"))
                continue
            positional.append(self._param_value(p))
        keywords = []
        optional = 0
        for a in m.kw_args:
            wire = wire_name(a)
            source = ""
            if a is m.body_arg and op.body is not None:
                if not a.required:
                    continue
                if m.body_kind == "content":
                    source = 'b"raw body"'
                else:
                    source = self.value(op.body.type, "body")
            elif wire in params and a not in m.json_fields and a not in m.file_fields:
                p = params[wire]
                if not (a.required or p.has_example or p.has_default):
                    continue
                source = self._param_value(p)
            elif wire in fields:
                f = fields[wire]
                if not (a.required or f.has_example or f.has_default) or f.read_only:
                    continue
                source = self.value(
                    f.type,
                    f.name,
                    f.example if f.has_example else MISSING,
                    f.default if f.has_default else MISSING,
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
        return self.value(
            p.type,
            p.name,
            p.example if p.has_example else MISSING,
            p.default if p.has_default else MISSING,
        )

    def call(
        self,
        r: ResourceView,
        op: ir.Operation,
        m: MethodView,
        extra: Iterable[str] = (),
        raw: bool = False,
        wrapper: str = "",
        files: str = "",
    ) -> str:
        """`client.res.method(args)` source; `wrapper`: e.g. `with_streaming_response`;
        `files`: the source given to the first file argument instead of its example."""
        args = [*self.call_args(op, m), *extra]
        if files:
            body_arg = m.body_arg if m.body_kind == "content" else None
            file_arg = body_arg if body_arg is not None else m.file_fields[0]
            args = [a for a in args if not a.startswith(f"{file_arg.ident}=")]
            args.insert(len(m.path_args), f"{file_arg.ident}={files}")
        wrapper = "with_raw_response" if raw else wrapper
        target = f"client.{r.attr}.{wrapper}.{m.name}" if wrapper else f"client.{r.attr}.{m.name}"
        return f"{target}({', '.join(args)})"

    def stream_call(self, r: ResourceView, op: ir.Operation, m: MethodView) -> str:
        """A call that returns a stream (`stream=True` for a flag-streaming method)."""
        return self.call(r, op, m, ["stream=True"] if m.stream == "flag" else [])

    def snippet(self, code: object, op: ir.Operation, stream: bool) -> Snippet:
        """A fenced snippet for a request to `op`.

        The code is formatted later, with every other snippet in one batch (formatting them one
        by one cost minutes on large specs); until then the page holds a placeholder.
        """
        key = f"\x00snippet{len(self.pending)}\x00"
        self.pending[key] = str(code)
        return Snippet(
            code=key,
            method=op.http_method.upper(),
            path=quote(op.path, safe="/{}_.~-"),
            stream=stream,
        )

    def plain_snippet(self, code: object) -> Snippet:
        """A fenced snippet for a program that sends no request (no marker)."""
        key = f"\x00snippet{len(self.pending)}\x00"
        self.pending[key] = str(code)
        return Snippet(code=key, method="", path="", stream=False)

    # programs (macros of snippets.py.jinja)

    def webhooks_program(self, signed: bool) -> str:
        """A receiver function that unwraps (and verifies) a webhook payload."""
        return str(self.macros.webhooks(self.package, self.client, signed))

    def result(self, call: str, m: MethodView, aw: str = "") -> str:
        """Lines that make a non-streaming call and print what it returns."""
        return str(self.macros.result(call, m.response_kind, aw))

    def sync_program(self, body: str) -> str:
        """A program that opens the sync client and runs `body` inside it."""
        return str(self.macros.sync_program(self.package, self.client, body))

    def async_program(self, body: str) -> str:
        """A program that opens the async client in `main()` and runs `body` inside it."""
        return str(self.macros.async_program(self.package, self.client, body))

    def stream_program(self, call: str, aw: bool) -> str:
        """A program that iterates a stream (sync or async)."""
        body = str(self.macros.stream(call, aw))
        return self.async_program(body) if aw else self.sync_program(body)

    def pages_program(self, call: str, how: str, aw: bool = False) -> str:
        """A program that uses a paginated call: "items" of every page, a walk page by page
        ("pages") or the "first" page's items."""
        body = str(self.macros.pages(call, how, aw))
        return self.async_program(body) if aw else self.sync_program(body)

    def program(self, macro: str, call: str, m: MethodView, *args: str) -> str:
        """A README program made by the macro of that name (auth, retries, errors, ...)."""
        return str(
            getattr(self.macros, macro)(self.package, self.client, call, m.response_kind, *args)
        )
