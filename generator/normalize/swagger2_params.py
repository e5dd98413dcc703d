"""Swagger 2.0 parameters → OpenAPI 3.0.3 parameters and request bodies (for `swagger2`).

Non-body parameters get their type fields moved under `schema` and `collectionFormat` turned
into `style` / `explode`; `in: body` and `in: formData` parameters become one `requestBody`
per the operation's `consumes`.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote

from ..diagnostics import Diagnostics

_JSON = "application/json"
_FORM = "application/x-www-form-urlencoded"
_MULTIPART = "multipart/form-data"

# The fields of a 2.0 non-body parameter, header or items object that describe its value:
# in 3.0 they live in the parameter's `schema`.
_TYPE_FIELDS = (
    "type",
    "format",
    "items",
    "default",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "enum",
    "multipleOf",
)


def _extensions(obj: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in obj.items() if isinstance(k, str) and k.startswith("x-")}


def _media_list(value: Any, fallback: list[str]) -> list[str]:
    """A `consumes` / `produces` value as a clean list; `fallback` when absent or unusable."""
    if isinstance(value, str):
        value = [value]
    if isinstance(value, list):
        kept = [str(v) for v in value if isinstance(v, str) and v.strip()]
        # An explicit empty list means "nothing declared": use the default rather than drop
        # every body and response schema.
        if kept:
            return list(dict.fromkeys(kept))
    return fallback


class ParameterRules:
    """The parameter half of the converter; `swagger2._Converter` supplies the rest."""

    diags: Diagnostics
    consumes: list[str]
    global_params: dict[str, Any]

    def _ref(self, ref: str) -> str:
        raise NotImplementedError  # swagger2._Converter._ref

    def _schema(self, root: Any, pointer: str) -> Any:
        raise NotImplementedError  # swagger2._Converter._schema

    def _param_in(self, param: Any) -> Any:
        """Where a parameter (or the global parameter a `$ref` names) goes, or None."""
        if isinstance(param, dict) and isinstance(param.get("$ref"), str):
            target = self._global_param(param["$ref"])
            return target.get("in") if target is not None else None
        return param.get("in") if isinstance(param, dict) else None

    def _global_param(self, ref: str) -> dict[str, Any] | None:
        if not ref.startswith("#/parameters/"):
            return None
        name = unquote(ref[len("#/parameters/") :]).replace("~1", "/").replace("~0", "~")
        target = self.global_params.get(name)
        return target if isinstance(target, dict) else None

    def _param_key(self, param: Any) -> tuple[Any, Any]:
        if isinstance(param, dict) and isinstance(param.get("$ref"), str):
            target = self._global_param(param["$ref"])
            param = target if target is not None else param
        if not isinstance(param, dict):
            return (None, None)
        if param.get("in") == "body":
            return (None, "body")  # one body per operation: the operation's own one wins
        return (param.get("name"), param.get("in"))

    def _param_entry(self, param: Any, pointer: str) -> Any:
        """A path-level, non-body parameter or `$ref` to one, converted."""
        if isinstance(param, dict) and isinstance(param.get("$ref"), str):
            if self._global_param(param["$ref"]) is None and param["$ref"].startswith(
                "#/parameters/"
            ):
                self.diags.warning(f"unresolved parameter {param['$ref']}", pointer)
            return {"$ref": self._ref(param["$ref"])}
        if not isinstance(param, dict):
            self.diags.warning("parameter is not a mapping; skipped", pointer)
            return None
        return self._parameter(param, pointer)

    # --- parameters and bodies -------------------------------------------------------------

    def _parameter(self, param: dict[str, Any], pointer: str) -> dict[str, Any] | None:
        """A query / path / header parameter: the 3.0 form, or None (with a warning)."""
        where = param.get("in")
        name = param.get("name")
        if where not in ("query", "path", "header", "cookie"):
            self.diags.warning(f"parameter in {where!r} is not supported; skipped", pointer)
            return None
        if not isinstance(name, str):
            self.diags.warning("parameter without a name; skipped", pointer)
            return None
        out: dict[str, Any] = {"name": name, "in": where}
        if "description" in param:
            out["description"] = param["description"]
        if where == "path":
            out["required"] = True  # 3.0 requires it; 2.0 did too, but specs forget
        elif "required" in param:
            out["required"] = bool(param["required"])
        if "deprecated" in param:
            out["deprecated"] = param["deprecated"]
        if where == "query" and "allowEmptyValue" in param:
            out["allowEmptyValue"] = param["allowEmptyValue"]
        if isinstance(param.get("schema"), dict):
            # Not valid 2.0, but some specs do it; the 3.0 shape is already right.
            schema = self._schema(param["schema"], pointer + "/schema")
        else:
            schema = self._items_schema(param, pointer)
        out["schema"] = schema
        style = self._style(param, where, pointer)
        if style is not None:
            out["style"], out["explode"] = style
        if "example" in param or "x-example" in param:
            out["example"] = param.get("example", param.get("x-example"))
        out.update({k: v for k, v in _extensions(param).items() if k not in ("x-example",)})
        return out

    def _style(self, param: dict[str, Any], where: str, pointer: str) -> tuple[str, bool] | None:
        """The 3.0 `style` / `explode` for an array parameter's `collectionFormat`."""
        if param.get("type") != "array":
            return None
        fmt = param.get("collectionFormat", "csv")  # 2.0's default, unlike 3.0's
        if fmt == "tsv":
            self.diags.note(
                "collectionFormat `tsv` has no OpenAPI 3 equivalent; sent comma-separated",
                pointer + "/collectionFormat",
            )
            fmt = "csv"
        if fmt == "multi":
            if where in ("query", "cookie"):
                return "form", True
            self.diags.warning(
                f"collectionFormat `multi` is only valid in query; comma-separated in {where}",
                pointer + "/collectionFormat",
            )
            fmt = "csv"
        if fmt in ("ssv", "pipes"):
            if where == "query":
                return ("spaceDelimited" if fmt == "ssv" else "pipeDelimited"), False
            self.diags.warning(
                f"collectionFormat `{fmt}` is only supported in query in OpenAPI 3; "
                f"comma-separated in {where}",
                pointer + "/collectionFormat",
            )
            fmt = "csv"
        if fmt != "csv":
            self.diags.warning(
                f"unknown collectionFormat {fmt!r}; comma-separated", pointer + "/collectionFormat"
            )
        return ("form" if where in ("query", "cookie") else "simple"), False

    def _items_schema(self, obj: dict[str, Any], pointer: str) -> dict[str, Any]:
        """The schema of a 2.0 parameter, header or items object (its type fields)."""
        schema: dict[str, Any] = {}
        # Items objects nest (`items.items`), so copy with a stack rather than recursion.
        stack: list[tuple[dict[str, Any], dict[str, Any], str]] = [(obj, schema, pointer)]
        while stack:
            source, target, ptr = stack.pop()
            for key in _TYPE_FIELDS:
                if key not in source:
                    continue
                value = source[key]
                if key == "items" and isinstance(value, dict):
                    if isinstance(value.get("$ref"), str):  # not 2.0, but seen in the wild
                        target["items"] = self._schema(value, ptr + "/items")
                    else:
                        target["items"] = {}
                        stack.append((value, target["items"], ptr + "/items"))
                else:
                    target[key] = value
            if target.get("type") == "file":
                target["type"], target["format"] = "string", "binary"
            if source.get("x-nullable") is True:
                target["nullable"] = True
            if target.get("type") == "array" and "items" not in target:
                self.diags.warning("array without `items`; items typed as strings", ptr)
                target["items"] = {"type": "string"}
        return schema

    def _body(self, param: dict[str, Any], consumes: list[str], pointer: str) -> dict[str, Any]:
        """A request body for an `in: body` parameter."""
        schema = param.get("schema")
        if isinstance(schema, dict):
            converted = self._schema(schema, pointer + "/schema")
        else:
            self.diags.warning("body parameter has no schema; any JSON value accepted", pointer)
            converted = {}
        out: dict[str, Any] = {}
        if "description" in param:
            out["description"] = param["description"]
        out["content"] = {m: {"schema": converted} for m in consumes}
        if param.get("required"):
            out["required"] = True
        out.update(_extensions(param))
        # The 2.0 name of the body is otherwise lost; generators that name the argument use it.
        if isinstance(param.get("name"), str):
            out.setdefault("x-codegen-request-body-name", param["name"])
        return out

    def _form_body(
        self, fields: list[tuple[str, dict[str, Any]]], consumes: list[str], pointer: str
    ) -> dict[str, Any]:
        """One request body holding every `in: formData` parameter as an object property."""
        has_file = any(p.get("type") == "file" for _, p in fields)
        if has_file or (_MULTIPART in consumes and _FORM not in consumes):
            media = _MULTIPART
        else:
            media = _FORM
        if has_file and _MULTIPART not in consumes:
            self.diags.note("file upload sent as multipart/form-data", pointer)
        properties: dict[str, Any] = {}
        required: list[str] = []
        encoding: dict[str, Any] = {}
        for param_ptr, param in fields:
            name = param.get("name")
            if not isinstance(name, str):
                self.diags.warning("form parameter without a name; skipped", param_ptr)
                continue
            prop = self._items_schema(param, param_ptr)
            if "description" in param:
                prop["description"] = param["description"]
            prop.update({k: v for k, v in _extensions(param).items() if k not in ("x-nullable",)})
            properties[name] = prop
            if param.get("required"):
                required.append(name)
            if param.get("type") == "array":
                fmt = param.get("collectionFormat", "csv")
                if fmt == "multi":
                    encoding[name] = {"style": "form", "explode": True}
                elif media == _FORM:
                    style = {"ssv": "spaceDelimited", "pipes": "pipeDelimited"}.get(fmt, "form")
                    encoding[name] = {"style": style, "explode": False}
        schema: dict[str, Any] = {"type": "object", "properties": properties}
        if required:
            schema["required"] = required
        entry: dict[str, Any] = {"schema": schema}
        if encoding:
            entry["encoding"] = encoding
        body: dict[str, Any] = {"content": {media: entry}}
        if required:
            body["required"] = True
        return body
