"""Everything the Go templates show, precomputed from the IR: identifiers, Go types, escaped
strings and small code fragments. Templates only loop and print."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import ir
from ..graph import cycles, direct_refs
from ..markdown import md_cell, md_text
from ..names import snake, words
from ..plan import default_server, server_url_with_defaults, used_schemes
from .escape import go_str, one_line, safe_file
from .names import go_pascal as pascal
from .types import FieldView, GoTypes, ModelView, _json_tag_ok, go_unique, struct_idents
from .view_methods import (
    ErrorView,
    MethodView,
    RequestStruct,
    ResourceView,
    _doc,
    method_view,
)

GO_KEYWORDS = frozenset(
    "break case chan const continue default defer else fallthrough for func go goto if import "
    "interface map package range return select struct switch type var".split()
)
# Predeclared and conventional names a package should not be called.
_BAD_PACKAGES = GO_KEYWORDS | {"main", "init", "internal", "testdata", "vendor"}
# Top-level names of the root package that the SDK template declares itself.
ROOT_RESERVED = frozenset(
    {
        "SDK", "New", "SDKOption", "Option", "HTTPClient", "RetryConfig", "Security",
        "ServerURL", "Version", "WithSecurity", "WithServerURL", "WithClient",
        "WithRetryConfig", "WithTimeout", "WithOperationTimeout", "WithOperationRetries",
        "WithOperationServerURL", "WithHeader", "String", "Int64", "Float64", "Bool", "Pointer",
    }
)  # fmt: skip
APIERRORS_RESERVED = frozenset(
    {
        "APIError", "NewAPIError", "StreamError", "NewStreamError", "ConnectionError",
        "IsErrorPayload",
    }
)  # fmt: skip
# A file name whose last `_` part is one of these is only built on that OS or architecture.
_BUILD_SUFFIXES = frozenset(
    "aix android darwin dragonfly freebsd hurd illumos ios js linux nacl netbsd openbsd plan9 "
    "solaris wasip1 windows zos 386 amd64 amd64p32 arm armbe arm64 arm64be loong64 mips mipsle "
    "mips64 mips64le mips64p32 mips64p32le ppc ppc64 ppc64le riscv riscv64 s390 s390x sparc "
    "sparc64 wasm test".split()
)


@dataclass
class Options:
    """Generation options that shape the module."""

    name: str  # client name, e.g. OpenRouter (docs, User-Agent, env prefix)
    module: str  # Go module path
    package: str  # root package name
    version: str
    base_url: str
    spec_file: str
    spec_sha256: str
    client_defaults: ir.ClientDefaults = ir.ClientDefaults()  # noqa: RUF009 (frozen)


@dataclass
class CredentialView:
    scheme: str  # go_str
    kind: str  # go_str
    location: str  # go_str
    name: str  # go_str
    ident: str  # Security field ("" when WithSecurity takes a string)


@dataclass
class ModuleView:
    options: Options
    header: str  # comment line at the top of every Go file
    title: str
    doc: list[str]
    md_doc: str
    server_url: str  # go_str, "" literal when none
    env_prefix: str
    user_agent: str  # go_str
    idempotency_header: str  # go_str
    credentials: list[CredentialView]
    security_kind: str  # "" | "token" | "struct"
    security_doc: str
    models: list[ModelView]
    resources: list[ResourceView]
    requests: list[RequestStruct]
    errors: list[ErrorView]
    stream_used: bool
    example: str  # README example


def default_package(module: str) -> str:
    """The root package name for a module path: its last element (or the one before a /vN
    suffix) reduced to lowercase letters and digits, never a keyword or empty."""
    parts = [p for p in module.strip("/").split("/") if p]
    last = parts[-1] if parts else "sdk"
    if re.fullmatch(r"v[0-9]+", last) and len(parts) > 1:
        last = parts[-2]
    return check_package(re.sub(r"[^a-z0-9]", "", last.lower()))


def check_package(pkg: str) -> str:
    """A usable package name from `pkg` (prefixing or suffixing `sdk` when needed)."""
    if not pkg:
        return "sdk"
    if pkg[0].isdigit():
        pkg = "sdk" + pkg
    if pkg in _BAD_PACKAGES:
        pkg += "sdk"
    return pkg


def go_file_name(words_text: str) -> str:
    """A file name that no build constraint can exclude (`x_windows.go`, `x_test.go`)."""
    base = snake(words_text, "resource")
    if base.split("_")[-1] in _BUILD_SUFFIXES or base == "doc":
        base += "_ops"
    return base + ".go"


class _Builder:
    def __init__(self, api: ir.Api, options: Options) -> None:
        self.api = api
        self.options = options
        self.types = GoTypes(api)
        self.schemas = self.types.schemas
        self.requests: list[RequestStruct] = []
        self.op_names: set[str] = set()
        self.errors: dict[tuple[str, str], ErrorView] = {}
        self.error_names: set[str] = set(APIERRORS_RESERVED)
        self.models_cache: list[ModelView] = []
        self.security_kind = ""  # "" | "token" | "struct"
        self.server_url = ""
        self._pointer_edges()

    # --- models -------------------------------------------------------------------------

    def _pointer_edges(self) -> None:
        """Struct fields held by value that would make a type contain itself get pointers."""
        edges: dict[str, list[tuple[str, str]]] = {}
        for s in self.api.schemas:
            if not isinstance(s, ir.ObjectModel):
                continue
            for f in s.fields:
                nullable = isinstance(f.type, ir.Nullable)
                inner = f.type.inner if isinstance(f.type, ir.Nullable) else f.type
                if not (f.required or nullable):
                    continue
                r = self.types.resolve(inner)
                if isinstance(r, ir.Ref) and isinstance(self.schemas.get(r.name), ir.ObjectModel):
                    edges.setdefault(s.name, []).append((r.name, f.name))
        comp = cycles({k: [b for b, _ in v] for k, v in edges.items()})
        for a, targets in edges.items():
            for b, wire in targets:
                if comp.get(a) is not None and comp.get(a) == comp.get(b):
                    self.types.pointer_edges.add((a, wire))

    def _alias_cycles(self) -> set[str]:
        """Aliases that reach themselves through aliases only: Go rejects such aliases
        ("invalid recursive type"), so they are written as defined types."""
        aliases = {s.name: s for s in self.api.schemas if isinstance(s, ir.AliasModel)}
        graph = {
            name: sorted(n for n in direct_refs(s.target) if n in aliases)
            for name, s in aliases.items()
        }
        return set(cycles(graph))

    def models(self) -> list[ModelView]:
        out = []
        defined = self._alias_cycles()
        for s in self.api.schemas:
            name = self.types.names[s.name]
            if isinstance(s, ir.ObjectModel):
                out.append(self._struct(s, name))
            elif isinstance(s, ir.EnumModel):
                out.append(self.types.enum_view(name, s.values, s.description))
            elif isinstance(s, ir.UnionModel):
                view = ModelView("union", name, _doc(s.description))
                self.types.fill_union(view, s.union)
                out.append(view)
            else:
                target = self.types.go(s.target, name + "Value")
                view = ModelView("alias", name, _doc(s.description), base=target)
                view.defined = s.name in defined
                out.append(view)
        return out

    def _struct(self, s: ir.ObjectModel, name: str) -> ModelView:
        view = ModelView("struct", name, _doc(s.description, s.deprecated))
        idents = struct_idents(s)
        for f in s.fields:
            ident = idents[f.name]
            by_pointer = (s.name, f.name) in self.types.pointer_edges
            go_type, omit = self.types.field_type(
                f.type, f.required, name + pascal(f.name, "Field"), by_pointer=by_pointer
            )
            special = not _json_tag_ok(f.name)
            if special:
                tag = f'`json:"-" sdkjson:{go_str(f.name)}'
                tag += ' sdkomit:"true"`' if omit else "`"
            else:
                tag = f"`json:{go_str(f.name + (',omitempty' if omit else ''))}`"
            doc = _doc(f.description, f.deprecated)
            if f.read_only:
                doc.append("Read-only: sent by the server only.")
            view.fields.append(FieldView(ident, go_type, tag, doc, go_str(f.name), special))
            view.known.append(go_str(f.name))
        if s.extra is not None:
            view.extra = self.types.go(s.extra, name + "Extra")
        return view

    # --- operations ---------------------------------------------------------------------

    # --- operations: the method views are built in view_methods.py ------------

    def resources(self) -> list[ResourceView]:
        """One struct per resource of the tree: `SDK.Accounts.ExternalAccounts` is the field
        `ExternalAccounts` of the `Accounts` struct, of type `AccountsExternalAccounts`."""
        taken = set(ROOT_RESERVED)
        files: set[str] = {"sdk.go", "options.go"}
        out: list[ResourceView] = []
        by_path: dict[tuple[str, ...], ResourceView] = {}
        children: dict[tuple[str, ...], list[str]] = {}
        for r in self.api.resources:
            children.setdefault(r.tree_path[:-1], []).append(r.tree_path[-1])
        fields: dict[tuple[str, ...], str] = {}
        for above, below in children.items():
            used: set[str] = set()  # a sub-resource field never takes a method's name later
            for name in below:
                fields[(*above, name)] = go_unique(pascal(name, "Resource"), used)
        for r in self.api.resources:
            path = r.tree_path
            type_name = go_unique(pascal("_".join(path), "Resource"), taken)
            file = go_file_name("_".join(path))
            while file in files:
                file = file[:-3] + "_2.go"
            files.add(file)
            parent = by_path.get(path[:-1])
            access = (parent.access + "." if parent else "") + fields[path]
            methods: list[MethodView] = []
            taken_names = {fields[(*path, c)] for c in children.get(path, [])}
            for op in r.operations:
                methods.append(method_view(self, op, access, taken_names))
            view = ResourceView(
                type=type_name,
                file=file,
                doc_dir=type_name.lower(),
                doc=_doc(r.description),
                md_doc=md_text(r.description),
                methods=methods,
                packages=sorted(set().union(*(m.packages for m in methods))),
                member=fields[path],
                access=access,
                depth=len(path),
            )
            if parent is not None:
                parent.children.append(view)
            by_path[path] = view
            out.append(view)
        return out


def build_view(api: ir.Api, options: Options) -> ModuleView:
    """The whole module view."""
    b = _Builder(api, options)
    schemes = list(used_schemes(api))
    credentials: list[CredentialView] = []
    security_kind = ""
    if len(schemes) == 1 and schemes[0].kind != "basic":
        security_kind = "token"
    elif schemes:
        security_kind = "struct"
    taken: set[str] = set()
    for s in schemes:
        ident = ""
        if security_kind == "struct":
            ident = go_unique(pascal(s.name, "Scheme"), taken)
        credentials.append(
            CredentialView(
                scheme=go_str(s.name),
                kind=go_str(s.kind),
                location=go_str(s.location),
                name=go_str("Authorization" if s.kind == "bearer" else s.param_name),
                ident=ident,
            )
        )
    default = default_server(api, options.base_url)
    server = server_url_with_defaults(default) if default is not None else ""
    b.security_kind = security_kind
    b.server_url = server
    b.models_cache = b.models()
    resources = b.resources()
    env_prefix = re.sub(r"[^A-Z0-9]", "", options.name.upper()) or "SDK"
    return ModuleView(
        options=options,
        header=(
            # No spec hash here (the manifest holds it).
            f"// Code generated by sdkforge from {safe_file(options.spec_file)}. DO NOT EDIT."
        ),
        title=one_line(api.title, 80) or "API",
        doc=_doc(api.description),
        md_doc=md_text(api.description),
        server_url=go_str(server),
        env_prefix=env_prefix,
        user_agent=go_str(f"{words_join(options.name)}-go/{options.version}"),
        idempotency_header=go_str(api.idempotency_header),
        credentials=credentials,
        security_kind=security_kind,
        security_doc=md_cell(schemes[0].description) if schemes else "",
        models=b.models_cache + b.types.synth_views,
        resources=resources,
        requests=b.requests,
        errors=list(b.errors.values()),
        stream_used=any(m.stream for r in resources for m in r.methods),
        example=next((r.methods[0].example for r in resources if r.methods), ""),
    )


def words_join(name: str) -> str:
    """`OpenRouter` -> `openrouter`: for the User-Agent product token."""
    return "".join(words(name)) or "sdk"
