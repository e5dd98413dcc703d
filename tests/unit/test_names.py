"""`generator.names` and the targets' own name mapping, on hand-built inputs."""

from __future__ import annotations

import pytest

from generator import ir
from generator.diagnostics import UsageError
from generator.names import pascal, pascal_keep, resolve_names, singular, snake, unique, words
from generator.python import safe_model_names
from generator.target import TARGETS


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("createCompletions", ["create", "completions"]),
        ("create-completions", ["create", "completions"]),
        ("HTTPServer2", ["http", "server", "2"]),
        ("café_olé", ["cafe", "ole"]),
        ("日本", []),
        ("", []),
    ],
)
def test_words(text: str, expected: list[str]) -> None:
    assert words(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("completion_create-params", "CompletionCreateParams"),
        ("2fa", "Model2Fa"),
        ("None", "NoneModel"),
        ("日本", "Model"),
    ],
)
def test_pascal(text: str, expected: str) -> None:
    assert pascal(text) == expected


def test_pascal_keep_keeps_pascal_case_spelling() -> None:
    assert pascal_keep("ResponseFormatJSONSchema") == "ResponseFormatJSONSchema"
    assert pascal_keep("response_format") == "ResponseFormat"
    assert pascal_keep("True") == "TrueModel"  # a keyword is never kept


@pytest.mark.parametrize(
    ("text", "expected"),
    [("maxTokens", "max_tokens"), ("X-Request-ID", "x_request_id"), ("1st", "value_1_st")],
)
def test_snake(text: str, expected: str) -> None:
    assert snake(text) == expected


def test_unique_folds_case_like_a_file_system() -> None:
    taken: set[str] = set()
    assert [unique(n, taken) for n in ("Pet", "pet", "PET", "Pet2")] == [
        "Pet", "pet2", "PET3", "Pet22"
    ]  # fmt: skip
    exact: set[str] = set()
    assert [unique(n, exact, fold_case=False) for n in ("Pet", "pet")] == ["Pet", "pet"]


@pytest.mark.parametrize(
    ("plural", "one"),
    [("completions", "completion"), ("people", "person"), ("policies", "policy"),
     ("boxes", "box"), ("class", "class"), ("gas", "gas")],
)  # fmt: skip
def test_singular(plural: str, one: str) -> None:
    assert singular(plural) == one


def test_resolve_names() -> None:
    assert resolve_names("OpenRouter", "") == ("OpenRouter", "openrouter")
    assert resolve_names("open router", "") == ("OpenRouter", "openrouter")
    assert resolve_names("3D Prints", "") == ("Client3DPrints", "sdk3dprints")
    assert resolve_names("X", "my_pkg") == ("X", "my_pkg")


@pytest.mark.parametrize(
    ("name", "package", "message"),
    [
        ("", "", "holds no letters or digits"),
        ("日本", "", "holds no letters or digits"),
        ("Ok", "class", "is not a valid import name"),
        ("Ok", "My-Pkg", "is not a valid import name"),
    ],
)
def test_resolve_names_refuses(name: str, package: str, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        resolve_names(name, package)


def _api(*names: str) -> ir.Api:
    schemas = tuple(ir.ObjectModel(n, (ir.Field("x", ir.Prim("string"), True),)) for n in names)
    holder = ir.ObjectModel("Holder", tuple(ir.Field(n.lower(), ir.Ref(n), True) for n in names))
    return ir.Api(title="t", version="1", schemas=(*schemas, holder))


def test_python_target_renames_models_named_like_its_own_names() -> None:
    api = safe_model_names(_api("Omit", "Stream", "Pet", "OmitModel"))
    assert [s.name for s in api.schemas] == [
        "OmitModel2",
        "StreamModel",
        "Pet",
        "OmitModel",
        "Holder",
    ]
    holder = api.schemas[-1]
    assert isinstance(holder, ir.ObjectModel)
    assert [f.type for f in holder.fields] == [
        ir.Ref("OmitModel2"), ir.Ref("StreamModel"), ir.Ref("Pet"), ir.Ref("OmitModel")
    ]  # fmt: skip


def test_a_spec_without_clashes_keeps_every_name() -> None:
    api = _api("Pet", "Owner")
    assert safe_model_names(api) is api


def test_every_python_reserved_name_is_renamed() -> None:
    reserved = sorted(TARGETS["python"].reserved_names)
    api = safe_model_names(_api(*reserved))
    assert not {s.name for s in api.schemas} & set(reserved)
