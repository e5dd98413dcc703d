"""A generated SDK's error classes, request models and argument types (issue 18), driven for
real over httpx.MockTransport, and checked by mypy --strict as a user's code would be."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pydantic
import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))

from sdk_helpers import import_package  # noqa: E402

from generator.pipeline import GenerateRequest, generate  # noqa: E402


def _error(name: str) -> dict[str, Any]:
    return {"description": name, "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}}}  # fmt: skip


SPEC = {
    "openapi": "3.0.3",
    "info": {"title": "Shelf", "version": "1"},
    "servers": [{"url": "https://shelf.test"}],
    "paths": {
        "/items": {
            "get": {
                "operationId": "listItems",
                "tags": ["items"],
                "parameters": [
                    {"name": "ids", "in": "query", "schema": {"type": "array", "items": {"type": "integer"}}},  # fmt: skip
                ],
                "responses": {
                    "200": {"description": "ok", "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Item"}}}}},  # fmt: skip
                    "400": _error("Oops"),
                    "404": _error("Oops"),
                    "418": _error("Teapot"),
                    "503": _error("Oops"),
                    "5XX": _error("Teapot"),
                },
            },
            "post": {
                "operationId": "createItem",
                "tags": ["items"],
                "requestBody": {"required": True, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/NewItem"}}}},  # fmt: skip
                "responses": {
                    "201": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Item"}}}},  # fmt: skip
                    "400": _error("Teapot"),
                    "422": _error("Oops"),
                },
            },
        }
    },
    "components": {
        "schemas": {
            "Item": {"type": "object", "required": ["id"], "properties": {"id": {"type": "integer"}}},  # fmt: skip
            "NewItem": {
                "type": "object",
                "required": ["name"],
                "properties": {
                    "name": {"type": "string"},
                    "schema": {"type": "string", "description": "The item's schema."},
                    "tags": {"type": "array", "items": {"type": "string"}},
                    "labels": {"type": "object", "additionalProperties": {"type": "string"}},
                },
            },
            "Oops": {"type": "object", "properties": {"message": {"type": "string"}}},
            "Teapot": {"type": "object", "properties": {"brew": {"type": "string"}}},
        }
    },
}


@pytest.fixture(scope="module")
def sdk_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("shelf")
    spec = tmp / "shelf.json"
    spec.write_text(json.dumps(SPEC))
    generate(GenerateRequest(spec=str(spec), out_dir=tmp / "out", name="Shelf", package="shelf18"))
    return tmp / "out"


@pytest.fixture(scope="module")
def sdk(sdk_dir: Path) -> ModuleType:
    return import_package(sdk_dir, "shelf18")


def _client(sdk: ModuleType, *replies: httpx.Response, seen: list[httpx.Request] | None = None,
            **kwargs: Any) -> Any:  # fmt: skip
    answers = list(replies)

    def handler(request: httpx.Request) -> httpx.Response:
        request.read()
        if seen is not None:
            seen.append(request)
        return answers.pop(0) if len(answers) > 1 else answers[0]

    return sdk.Shelf(http_client=httpx.Client(transport=httpx.MockTransport(handler)), **kwargs)


def test_standard_and_declared_classes_are_exported(sdk: ModuleType) -> None:
    for name in ("BadRequestError", "AuthenticationError", "PermissionDeniedError",
                 "NotFoundError", "ConflictError", "UnprocessableEntityError", "RateLimitError",
                 "InternalServerError", "BadGatewayError", "ServiceUnavailableError",
                 "GatewayTimeoutError", "ImATeapotError", "RetryConfig", "ClientClosedError",
                 "RequestValidationError", "APIResponseTooLargeError"):  # fmt: skip
        assert name in sdk.__all__ and hasattr(sdk, name)
    for name in ("BadGatewayError", "ServiceUnavailableError", "GatewayTimeoutError"):
        assert issubclass(getattr(sdk, name), sdk.InternalServerError)
        assert issubclass(getattr(sdk, name), getattr(sdk._exceptions, name))
    assert issubclass(sdk.ImATeapotError, sdk.APIStatusError)
    assert not issubclass(sdk.ImATeapotError, sdk.BadRequestError)


def test_error_model_annotations(sdk: ModuleType) -> None:
    ann = {name: getattr(sdk, name).__annotations__.get("error_model") for name in
           ("BadRequestError", "NotFoundError", "ImATeapotError", "ServiceUnavailableError",
            "InternalServerError", "UnprocessableEntityError", "RateLimitError")}  # fmt: skip
    # The operations differ for 400: the union; every one agrees on 404: the model.
    assert ann["BadRequestError"] == "_models.Oops | _models.Teapot | None"
    assert ann["NotFoundError"] == "_models.Oops | None"
    assert ann["ImATeapotError"] == "_models.Teapot | None"
    assert ann["UnprocessableEntityError"] == "_models.Oops | None"
    # 503 is declared as Oops; the 5XX range (Teapot) covers the other 5xx.
    assert ann["ServiceUnavailableError"] == "_models.Oops | None"
    assert ann["InternalServerError"] == "_models.Oops | _models.Teapot | None"
    assert ann["RateLimitError"] is None  # nothing declared: the runtime's `object`


@pytest.mark.parametrize(
    ("status", "body", "cls", "model"),
    [(418, {"brew": "earl grey"}, "ImATeapotError", "Teapot"),
     (503, {"message": "busy"}, "ServiceUnavailableError", "Oops"),
     (507, {"brew": "none"}, "InternalServerError", "Teapot"),
     (404, {"message": "gone"}, "NotFoundError", "Oops"),
     (402, {"message": "pay"}, "APIStatusError", None)],
)  # fmt: skip
def test_raised_classes_and_typed_bodies(
    sdk: ModuleType, status: int, body: object, cls: str, model: str | None
) -> None:
    client = _client(sdk, httpx.Response(status, json=body), max_retries=0)
    with pytest.raises(sdk.APIStatusError) as info:
        client.items.list()
    assert type(info.value) is getattr(sdk, cls)
    if model is None:
        assert info.value.error_model is None
    else:
        assert isinstance(info.value.error_model, getattr(sdk.models, model))


def test_per_call_retries_on_a_generated_method(sdk: ModuleType) -> None:
    seen: list[httpx.Request] = []
    client = _client(sdk, httpx.Response(503, json={}), seen=seen)
    client._sleep = lambda s: None
    with pytest.raises(sdk.ServiceUnavailableError):
        client.items.list(retries=sdk.RetryConfig(max_retries=1))
    assert len(seen) == 2
    with pytest.raises(TypeError, match="not both"):
        client.items.list(retries=sdk.RetryConfig(), max_retries=1)
    copy = client.with_options(retries=sdk.RetryConfig(max_retries=0))
    seen.clear()
    with pytest.raises(sdk.ServiceUnavailableError):
        copy.items.list()
    assert len(seen) == 1


def test_max_response_bytes_per_call(sdk: ModuleType) -> None:
    client = _client(sdk, httpx.Response(200, json=[{"id": i} for i in range(100)]))
    with pytest.raises(sdk.APIResponseTooLargeError):
        client.items.list(max_response_bytes=100)
    assert len(client.items.list(max_response_bytes=None)) == 100


def test_request_models_refuse_unknown_fields(sdk: ModuleType) -> None:
    with pytest.raises(pydantic.ValidationError, match="shema"):
        sdk.models.NewItem(name="a", shema="x")
    by_alias = sdk.models.NewItem(name="a", schema="s")
    by_name = sdk.models.NewItem(name="a", schema_="s")
    assert by_alias.schema_ == by_name.schema_ == "s"
    assert by_name.model_dump(by_alias=True, exclude_unset=True) == {"name": "a", "schema": "s"}
    # Response models keep what a newer server adds.
    item = sdk.models.Item.model_validate({"id": 1, "color": "red"})
    assert item.model_extra == {"color": "red"}
    assert "schema" in (sdk.models.NewItem.__doc__ or "") or "schema" in (
        sdk.models.__doc__ or ""
    )


def test_sequences_and_mappings_are_accepted(sdk: ModuleType) -> None:
    seen: list[httpx.Request] = []
    client = _client(sdk, httpx.Response(201, json={"id": 7}), seen=seen)
    client.items.create(name="a", tags=("x", "y"), labels={"k": "v"})
    assert json.loads(seen[0].content) == {"name": "a", "tags": ["x", "y"], "labels": {"k": "v"}}
    seen.clear()
    client = _client(sdk, httpx.Response(200, json=[]), seen=seen)
    client.items.list(ids=range(3))
    assert seen[0].url.query == b"ids=0&ids=1&ids=2"


def test_mypy_strict_accepts_sequences_and_types_error_models(sdk_dir: Path) -> None:
    user = sdk_dir / "user_code.py"
    user.write_text(textwrap.dedent("""\
        from __future__ import annotations

        from shelf18 import BadRequestError, NotFoundError, RetryConfig, Shelf
        from shelf18.models import Oops, Teapot


        def use(client: Shelf) -> None:
            client.items.create(name="a", tags=("x", "y"), labels={"k": "v"})
            client.items.list(ids=(1, 2), retries=RetryConfig(max_retries=1))
            try:
                client.items.list(ids=[1, 2])
            except NotFoundError as err:
                model: Oops | None = err.error_model
                print(model)
            except BadRequestError as err:
                either: Oops | Teapot | None = err.error_model
                print(either)
    """))
    bad = sdk_dir / "user_bad.py"
    bad.write_text(textwrap.dedent("""\
        from shelf18 import Shelf


        def use(client: Shelf) -> None:
            client.items.create(name="a", tags="xy")
    """))
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "user_code.py", "user_bad.py"],
        cwd=sdk_dir, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    lines = [line for line in result.stdout.splitlines() if ": error:" in line]
    assert len(lines) == 1 and lines[0].startswith("user_bad.py:5"), result.stdout


def test_docs_show_retry_config_and_the_error_table(sdk_dir: Path) -> None:
    readme = (sdk_dir / "README.md").read_text()
    assert "| `RetryConfig` field | Default | Meaning |" in readme
    for row in ("| `ImATeapotError` | 418; `.error_model`: [Teapot](docs/models/Teapot.md) (or None). |",
                "| `ServiceUnavailableError` | 503 (a subclass of `InternalServerError`); "
                "`.error_model`: [Oops](docs/models/Oops.md) (or None). |",
                "| `GatewayTimeoutError` | 504 (a subclass of `InternalServerError`); "
                "`.error_model`: [Teapot](docs/models/Teapot.md) (or None). |",  # the 5XX range
                "| `ConflictError` | 409. |",
                "| `RequestValidationError` |", "| `ClientClosedError` |",
                "| `APIResponseTooLargeError` |"):  # fmt: skip
        assert row in readme
    page = next((sdk_dir / "docs").glob("items*.md")).read_text()
    assert "| retries | `RetryConfig` | No | per-call option |" in page
    model = (sdk_dir / "docs" / "models" / "NewItem.md").read_text()
    assert "only sent in requests" in model and "takes either name" in model
    assert "kept in `model_extra`" in (sdk_dir / "docs" / "models" / "Item.md").read_text()


def test_class_names_and_raised_classes() -> None:
    from generator.python.errors import class_name, raised_class

    assert class_name(503) == "ServiceUnavailableError"
    assert class_name(418) == "ImATeapotError" and class_name(414) == "URITooLongError"
    assert class_name(505) == "HTTPVersionNotSupportedError"
    assert class_name(499) == "Status499Error"
    assert class_name(418, frozenset({"ImATeapotError"})) == "Status418Error"
    names = {503: "ServiceUnavailableError", 418: "ImATeapotError", 500: "InternalServerError"}
    assert raised_class("503", names) == "ServiceUnavailableError"
    assert raised_class("507", names) == "InternalServerError"
    assert raised_class("5XX", names) == "InternalServerError"
    assert raised_class("402", names) == "APIStatusError"
    assert raised_class("default", names) == "APIStatusError"
