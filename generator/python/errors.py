"""The exception classes of a generated package: one per HTTP error status.

The standard classes (400 ... 504) always exist; every other status a spec declares (3xx-5xx)
gets `<PascalCase phrase>Error` (`Status<code>Error` when the phrase is unknown or its name is
taken). Each class subclasses the runtime's class of the same name (`_exceptions.py`), or
`APIStatusError`; 5xx classes also subclass `InternalServerError`, which stays the class of
every 5xx without one.

Typed error bodies: a class's `error_model` is typed with the models the operations declare
for its statuses (`Model | None`; a union when they differ). A status is answered from an
operation's exact declaration, else its `4XX`/`5XX` range, else its `default` (as the runtime
looks them up), so those count too. When some declared body is not a named model (an inline
array or scalar), the class keeps the runtime's `object`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import ir

# (status, class name) of the classes every package has, in the runtime's order.
STANDARD = (
    (400, "BadRequestError"),
    (401, "AuthenticationError"),
    (403, "PermissionDeniedError"),
    (404, "NotFoundError"),
    (409, "ConflictError"),
    (422, "UnprocessableEntityError"),
    (429, "RateLimitError"),
    (500, "InternalServerError"),
    (502, "BadGatewayError"),
    (503, "ServiceUnavailableError"),
    (504, "GatewayTimeoutError"),
)
_STANDARD = dict(STANDARD)
# RFC 9110 / IANA reason phrases; a fixed table, so names do not depend on Python's version.
PHRASES = {
    300: "Multiple Choices", 301: "Moved Permanently", 302: "Found", 303: "See Other",
    304: "Not Modified", 305: "Use Proxy", 307: "Temporary Redirect",
    308: "Permanent Redirect", 402: "Payment Required", 405: "Method Not Allowed",
    406: "Not Acceptable", 407: "Proxy Authentication Required", 408: "Request Timeout",
    410: "Gone", 411: "Length Required", 412: "Precondition Failed",
    413: "Content Too Large", 414: "URI Too Long", 415: "Unsupported Media Type",
    416: "Range Not Satisfiable", 417: "Expectation Failed", 418: "Im A Teapot",
    421: "Misdirected Request", 423: "Locked", 424: "Failed Dependency", 425: "Too Early",
    426: "Upgrade Required", 428: "Precondition Required", 431: "Request Header Fields Too Large",
    451: "Unavailable For Legal Reasons", 501: "Not Implemented",
    505: "HTTP Version Not Supported", 506: "Variant Also Negotiates",
    507: "Insufficient Storage", 508: "Loop Detected", 510: "Not Extended",
    511: "Network Authentication Required",
}  # fmt: skip
_JSON = re.compile(r"json", re.IGNORECASE)


@dataclass
class ErrorClassView:
    name: str
    status: int
    bases: str  # the class statement's bases
    doc: str  # one line
    annotation: str  # of `error_model`, or "" (inherited)


def class_name(status: int, taken: frozenset[str] = frozenset()) -> str:
    """The exception class of a declared status (see the module docstring)."""
    if status in _STANDARD:
        return _STANDARD[status]
    phrase = PHRASES.get(status)
    if phrase:
        name = "".join(w[:1].upper() + w[1:] for w in re.split(r"[^A-Za-z0-9]+", phrase)) + "Error"
        if name not in taken:
            return name
    return f"Status{status}Error"


def raised_class(status: str, names: dict[int, str]) -> str:
    """The class raised for a declared status key ("404", "5XX", "default") given the
    package's status -> class table (for docs)."""
    if status.isdigit():
        code = int(status)
        if code in names:
            return names[code]
        return "InternalServerError" if code >= 500 else "APIStatusError"
    return "InternalServerError" if status.upper() == "5XX" else "APIStatusError"


def _declared(op: ir.Operation) -> dict[str, ir.TypeExpr | None]:
    """Status key (upper-cased) -> the declared JSON error body type (None: none or not JSON)."""
    out: dict[str, ir.TypeExpr | None] = {}
    for r in op.errors:
        json_body = r.type is not None and bool(_JSON.search(r.media_type))
        out[r.status.upper()] = r.type if json_body else None
    return out


def _answer(declared: dict[str, ir.TypeExpr | None], status: int) -> ir.TypeExpr | None:
    for key in (str(status), f"{status // 100}XX", "DEFAULT"):
        if key in declared:
            return declared[key]
    return None


def error_classes(api: ir.Api, taken: frozenset[str]) -> list[ErrorClassView]:
    """Every exception class of the package, parents first."""
    ops = [op for r in api.resources for op in r.operations]
    declared = [_declared(op) for op in ops]
    statuses = sorted(
        {int(k) for d in declared for k in d if k.isdigit() and 300 <= int(k) <= 599}
        - set(_STANDARD)
    )
    names = dict(STANDARD)
    for status in statuses:
        names[status] = class_name(status, taken | frozenset(names.values()))

    def types_for(status: int) -> list[ir.TypeExpr | None]:
        return [_answer(d, status) for d in declared]

    fives = [s for s in names if s >= 500]
    views = []
    for status, name in sorted(names.items(), key=lambda item: (item[0] != 500, item[0])):
        found = types_for(status)
        if status == 500:
            # Also raised for every 5xx without a class, and the parent of those with one.
            found += [_answer(d, 599) for d in declared]
            for s in fives:
                found += types_for(s)
        runtime = name if status in _STANDARD else "APIStatusError"
        bases = f"_exceptions.{runtime}"
        if status > 500:  # without a runtime class, InternalServerError alone (a valid MRO)
            bases = (
                bases + ", InternalServerError" if status in _STANDARD else "InternalServerError"
            )
        views.append(
            ErrorClassView(
                name=name,
                status=status,
                bases=bases,
                doc=f"HTTP {status}." if status != 500 else "HTTP 500, and every other 5xx.",
                annotation=_annotation(found, explicit_none=status > 500),
            )
        )
    return views


def _annotation(found: list[ir.TypeExpr | None], *, explicit_none: bool) -> str:
    """`error_model`'s type: the named models found, `| None`; "" when one is not a model."""
    names: list[str] = []
    for t in found:
        if isinstance(t, ir.Nullable):
            t = t.inner
        if t is None:
            continue
        if not isinstance(t, ir.Ref):
            return ""
        if t.name not in names:
            names.append(t.name)
    if not names:
        # A 5xx subclass restates its type: it must not inherit two different ones.
        return "None" if explicit_none else ""
    return " | ".join([*(f"_models.{n}" for n in sorted(names)), "None"])
