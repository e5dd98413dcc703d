"""The config file: `gen.yaml` or a `[tool.gen]` table in `pyproject.toml`.

A config lists targets; each target is one SDK (spec or specs in, output directory out) with
its names and overrides. Validation names every unknown key and suggests the closest valid one,
so a typo never silently drops a setting.
"""

from __future__ import annotations

import difflib
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .format import DEFAULT_FORMATTER

CONFIG_FILES = ("gen.yaml", "gen.yml")

TARGET_KEYS = (
    "spec",
    "specs",
    "output",
    "language",
    "name",
    "package",
    "version",
    "base_url",
    "module",
    "overrides",
    "auth",
    "api_key_header",
    "oauth",
    "webhooks",
)
OVERRIDE_KEYS = (
    "methods", "models", "stream", "stream_end", "skip", "retries", "timeout", "auth", "oauth",
    "webhooks", "pagination",
)  # fmt: skip
WEBHOOK_SIGNING = ("standard-webhooks",)  # `webhooks: {signing: ...}` values
OAUTH_CLIENT_AUTH = ("basic", "body")  # `oauth: {client_auth: ...}` values


class ConfigError(Exception):
    """The config file is missing, unreadable or invalid (a usage error, exit code 2)."""


@dataclass(frozen=True)
class Overrides:
    """Changes to the API model before rendering, keyed by operationId or schema class name."""

    methods: dict[str, str] = field(default_factory=dict)  # operationId -> method name
    models: dict[str, str] = field(default_factory=dict)  # class name -> new class name
    stream: dict[str, bool] = field(default_factory=dict)  # operationId -> streams or not
    # operationId -> names of the terminal events that end its stream
    stream_end: dict[str, tuple[str, ...]] = field(default_factory=dict)
    skip: tuple[str, ...] = ()  # operationIds left out of the SDK
    retries: int | None = None  # default max_retries of the generated client
    timeout: float | None = None  # default timeout (seconds) of the generated client
    # A credential for a spec that declares no security scheme: ("bearer", "") or
    # ("api_key", header name); () adds none.
    auth: tuple[str, ...] = ()
    # `webhooks: {signing: standard-webhooks}`: verify webhook signatures ("" for none).
    webhook_signing: str = ""
    # `oauth: {client_auth: body}`: send the OAuth2 client secret in the token request's form
    # body instead of HTTP basic ("" keeps basic).
    oauth_client_auth: str = ""
    # operationId -> how it pages (generator/pagination.py CONFIG_KEYS), None: not paginated
    pagination: dict[str, dict[str, object] | None] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        """The non-empty settings, JSON-ready (stored in the manifest to regenerate)."""
        out: dict[str, object] = {}
        if self.methods:
            out["methods"] = dict(sorted(self.methods.items()))
        if self.models:
            out["models"] = dict(sorted(self.models.items()))
        if self.stream:
            out["stream"] = dict(sorted(self.stream.items()))
        if self.stream_end:
            out["stream_end"] = {k: list(v) for k, v in sorted(self.stream_end.items())}
        if self.skip:
            out["skip"] = list(self.skip)
        if self.retries is not None:
            out["retries"] = self.retries
        if self.timeout is not None:
            out["timeout"] = self.timeout
        if self.auth:
            kind, header = self.auth
            out["auth"] = {"type": kind, "header": header} if header else {"type": kind}
        if self.oauth_client_auth:
            out["oauth"] = {"client_auth": self.oauth_client_auth}
        if self.webhook_signing:
            out["webhooks"] = {"signing": self.webhook_signing}
        if self.pagination:
            out["pagination"] = dict(sorted(self.pagination.items()))
        return out

    def __bool__(self) -> bool:
        return bool(self.as_dict())


@dataclass(frozen=True)
class Target:
    """One SDK to build."""

    specs: tuple[str, ...]  # spec paths, resolved against the config file's directory
    output: Path  # output directory, resolved likewise
    name: str  # client class name
    language: str = "python"  # a key of generator.target.TARGETS
    package: str = ""  # import name; default from name
    version: str = "0.1.0"  # package version
    base_url: str = ""  # default base URL
    module: str = ""  # Go module path (language go)
    overrides: Overrides = field(default_factory=Overrides)
    label: str = ""  # how errors name this target ("targets[0]")


@dataclass(frozen=True)
class Config:
    """A loaded, validated config file."""

    path: Path  # the file it came from
    targets: tuple[Target, ...]


@dataclass(frozen=True)
class GenerateRequest:
    """What to generate, as given on the command line, in the config or in a manifest.

    Built whole (never changed afterwards): use `dataclasses.replace` for a variant.
    """

    spec: str | Sequence[str]  # path of the spec file, or of several fragments of one API
    out_dir: Path  # output directory
    name: str  # client class name
    package: str = ""  # import name; default from name
    version: str = "0.1.0"  # package version
    base_url: str = ""  # default base URL
    smoke: bool = True  # run the smoke test before writing
    force: bool = False  # write into a non-empty directory without a manifest
    strict: bool = False  # warnings are errors
    lang: str = "python"  # target language: a key of generator.target.TARGETS
    module: str = ""  # module path (targets that have one, e.g. Go); default: the package
    overrides: Overrides = field(default_factory=Overrides)  # from the config
    formatter: str = DEFAULT_FORMATTER  # auto (black for small packages, else ruff) | black | ruff
    discard_edits: bool = False  # regenerate pristine output, dropping hand edits
    cache: bool = True  # unchanged inputs (spec bytes, options, generator code): write nothing

    @property
    def specs(self) -> list[str]:
        """The spec paths, in order."""
        return [self.spec] if isinstance(self.spec, str) else [str(s) for s in self.spec]


def request_from_target(target: Target, **options: Any) -> GenerateRequest:
    """The request a config target describes; `options`: smoke, force, strict, formatter,
    discard_edits."""
    return GenerateRequest(
        spec=list(target.specs),
        out_dir=target.output,
        name=target.name,
        package=target.package,
        version=target.version,
        base_url=target.base_url,
        lang=target.language,
        module=target.module,
        overrides=target.overrides,
        **options,
    )


def find_config(directory: Path) -> Path | None:
    """The config file in `directory`, None when there is none; ConfigError when two are."""
    found = [directory / name for name in CONFIG_FILES if (directory / name).is_file()]
    pyproject = directory / "pyproject.toml"
    if pyproject.is_file() and _pyproject_table(pyproject) is not None:
        found.append(pyproject)
    if len(found) > 1:
        names = " and ".join(p.name for p in found)
        raise ConfigError(f"both {names} configure gen in {directory}; keep one")
    return found[0] if found else None


def load_config(path: Path) -> Config:
    """Read and validate the config file at `path`."""
    if path.name == "pyproject.toml":
        raw: Any = _pyproject_table(path)
        if raw is None:
            raise ConfigError(f"{path} has no [tool.gen] table")
        where = f"{path} [tool.gen]"
    else:
        try:
            raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise ConfigError(f"cannot read {path}: {exc.strerror}") from exc
        except yaml.YAMLError as exc:
            raise ConfigError(f"{path} is not valid YAML: {exc}") from exc
        where = str(path)
    return parse_config(raw, path, where)


def _pyproject_table(path: Path) -> Any:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"cannot read {path}: {exc}") from exc
    tool = data.get("tool")
    return tool.get("gen") if isinstance(tool, dict) else None


def parse_config(raw: Any, path: Path, where: str = "") -> Config:
    """Validate plain data read from a config file; relative paths are taken from `path`."""
    where = where or str(path)
    if not isinstance(raw, dict):
        raise ConfigError(f"{where}: expected a mapping with a `targets` list")
    _check_keys(raw, ("targets",), where)
    targets = raw.get("targets")
    if not isinstance(targets, list) or not targets:
        raise ConfigError(f"{where}: `targets` must be a non-empty list of targets")
    base = path.resolve().parent
    parsed = tuple(_target(t, base, f"{where}: targets[{i}]") for i, t in enumerate(targets))
    outputs = [t.output for t in parsed]
    for out in outputs:
        if outputs.count(out) > 1:
            raise ConfigError(f"{where}: two targets write to {out}")
    return Config(path, parsed)


def _target(raw: Any, base: Path, where: str) -> Target:
    if not isinstance(raw, dict):
        raise ConfigError(f"{where}: a target must be a mapping")
    _check_keys(raw, TARGET_KEYS, where)
    if ("spec" in raw) == ("specs" in raw):
        raise ConfigError(f"{where}: give exactly one of `spec` (a path) or `specs` (a list)")
    specs_raw = raw["specs"] if "specs" in raw else [raw["spec"]]
    if not isinstance(specs_raw, list) or not specs_raw:
        raise ConfigError(f"{where}: `specs` must be a non-empty list of paths")
    specs = tuple(str(base / _string(s, where, "spec")) for s in specs_raw)
    for key in ("output", "name"):
        if key not in raw:
            raise ConfigError(f"{where}: `{key}` is required")
    language = _string(raw.get("language", "python"), where, "language")
    from .target import TARGETS  # here, not at the top: the targets import this module's users

    if language not in TARGETS:
        raise ConfigError(f"{where}: language {language!r} is not one of {', '.join(TARGETS)}")
    return Target(
        specs=specs,
        output=base / _string(raw["output"], where, "output"),
        name=_string(raw["name"], where, "name"),
        language=language,
        package=_string(raw.get("package", ""), where, "package"),
        version=_string(raw.get("version", "0.1.0"), where, "version"),
        base_url=_string(raw.get("base_url", ""), where, "base_url"),
        module=_string(raw.get("module", ""), where, "module"),
        overrides=parse_overrides(_with_auth(raw), f"{where}: overrides"),
        label=where,
    )


def _with_auth(raw: dict[Any, Any]) -> Any:
    """The target's overrides, with its `auth` / `api_key_header` keys moved into them."""
    overrides = raw.get("overrides") or {}
    if not isinstance(overrides, dict) or not {"auth", "api_key_header", "oauth", "webhooks"} & set(
        raw
    ):
        return overrides
    overrides = dict(overrides)
    for key in ("oauth", "webhooks"):
        if key in raw:
            overrides[key] = raw[key]
    if "api_key_header" in raw:
        overrides["auth"] = {"type": "api_key", "header": raw["api_key_header"]}
    if "auth" in raw:
        overrides["auth"] = raw["auth"]
    return overrides


def _auth(raw: Any, where: str) -> tuple[str, ...]:
    """`auth: {type: bearer}` or `{type: api_key, header: NAME}` (or `api_key_header: NAME`)."""
    if raw is None:
        return ()
    if not isinstance(raw, dict) or raw.get("type") not in ("bearer", "api_key"):
        raise ConfigError(
            f"{where}: `auth` must be {{type: bearer}} or {{type: api_key, header: NAME}}"
        )
    kind = str(raw["type"])
    header = raw.get("header", "")
    if not isinstance(header, str) or (kind == "api_key") != bool(header.strip()):
        raise ConfigError(f"{where}: `auth.header` (a header name) goes with type api_key only")
    if set(raw) - {"type", "header"}:
        raise ConfigError(f"{where}: `auth` takes only `type` and `header`")
    return kind, header.strip()


def parse_overrides(raw: Any, where: str) -> Overrides:
    """Validate an `overrides` mapping (also used to read one back from a manifest)."""
    if not isinstance(raw, dict):
        raise ConfigError(f"{where}: expected a mapping")
    _check_keys(raw, OVERRIDE_KEYS, where)
    skip = raw.get("skip", [])
    if not isinstance(skip, list) or not all(isinstance(s, str) for s in skip):
        raise ConfigError(f"{where}: `skip` must be a list of operationIds")
    stream = _mapping(raw.get("stream", {}), where, "stream")
    if not all(isinstance(v, bool) for v in stream.values()):
        raise ConfigError(f"{where}: `stream` maps operationIds to true or false")
    stream_end = {
        k: (v,) if isinstance(v, str) else v
        for k, v in _mapping(raw.get("stream_end", {}), where, "stream_end").items()
    }
    if not all(
        isinstance(v, list | tuple) and v and all(isinstance(n, str) and n for n in v)
        for v in stream_end.values()
    ):
        raise ConfigError(
            f"{where}: `stream_end` maps operationIds to an event name or a list of them"
        )
    retries = raw.get("retries")
    if retries is not None and (
        not isinstance(retries, int) or isinstance(retries, bool) or retries < 0
    ):
        raise ConfigError(f"{where}: `retries` must be a whole number >= 0")
    timeout = raw.get("timeout")
    if timeout is not None and (
        not isinstance(timeout, int | float) or isinstance(timeout, bool) or timeout <= 0
    ):
        raise ConfigError(f"{where}: `timeout` must be a number of seconds > 0")
    methods = _mapping(raw.get("methods", {}), where, "methods")
    models = _mapping(raw.get("models", {}), where, "models")
    for key, table in (("methods", methods), ("models", models)):
        if not all(isinstance(v, str) and v for v in table.values()):
            raise ConfigError(f"{where}: `{key}` maps old names to new, non-empty names")
    return Overrides(
        methods={k: str(v) for k, v in methods.items()},
        models={k: str(v) for k, v in models.items()},
        stream={k: bool(v) for k, v in stream.items()},
        stream_end={k: tuple(v) for k, v in stream_end.items()},
        skip=tuple(skip),
        retries=retries,
        timeout=float(timeout) if timeout is not None else None,
        auth=_auth(raw.get("auth"), where),
        webhook_signing=_choice(raw.get("webhooks"), "webhooks", "signing", WEBHOOK_SIGNING, where),
        oauth_client_auth=_choice(
            raw.get("oauth"), "oauth", "client_auth", OAUTH_CLIENT_AUTH, where
        ),
        pagination=_pagination(raw.get("pagination", {}), where),
    )


def _choice(raw: Any, key: str, field: str, choices: tuple[str, ...], where: str) -> str:
    """`key: {field: one of choices}` (`webhooks: {signing: standard-webhooks}`); "" if absent."""
    if raw is None:
        return ""
    allowed = " or ".join(choices)
    if not isinstance(raw, dict) or set(raw) != {field} or raw[field] not in choices:
        raise ConfigError(f"{where}: `{key}` must be {{{field}: {allowed}}}, got {raw!r}")
    return str(raw[field])


def _pagination(raw: Any, where: str) -> dict[str, dict[str, object] | None]:
    """`pagination: {<operationId>: {scheme: cursor, param: cursor, next: meta.next}}`, or
    `<operationId>: none` for an operation that must not page."""
    from .pagination import CONFIG_KEYS, SCHEMES

    out: dict[str, dict[str, object] | None] = {}
    for op_id, value in _mapping(raw, where, "pagination").items():
        at = f"{where}: pagination.{op_id}"
        if value is None or value is False or value == "none":
            out[op_id] = None
            continue
        if not isinstance(value, dict):
            raise ConfigError(f"{at}: expected a mapping with `scheme`, or `none`")
        _check_keys(value, CONFIG_KEYS, at)
        if value.get("scheme") not in SCHEMES:
            raise ConfigError(f"{at}: `scheme` must be one of {', '.join(SCHEMES)}")
        for key, item in value.items():
            if key == "start":
                if isinstance(item, bool) or not isinstance(item, int):
                    raise ConfigError(f"{at}: `start` must be a whole number")
            elif not isinstance(item, str) or (key != "items" and not item):
                raise ConfigError(f"{at}: `{key}` must be a non-empty string (a dotted path)")
        out[op_id] = {str(k): v for k, v in value.items()}
    return out


def _mapping(value: Any, where: str, key: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: `{key}` must be a mapping")
    return {str(k): v for k, v in value.items()}


def _string(value: Any, where: str, key: str) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ConfigError(f"{where}: `{key}` must be a string")
    return str(value)


def _check_keys(raw: dict[Any, Any], valid: tuple[str, ...], where: str) -> None:
    for key in raw:
        if str(key) not in valid:
            close = difflib.get_close_matches(str(key), valid, n=1)
            hint = f"; did you mean `{close[0]}`?" if close else f" (valid: {', '.join(valid)})"
            raise ConfigError(f"{where}: unknown key `{key}`{hint}")
