"""Our models against datamodel-code-generator's, and JSON round trips (issues 2 and 6).

datamodel-code-generator (DCG) is the test oracle: for every component schema of the seed specs,
the same JSON instances must validate the same way in our model and in DCG's. And every model
round-trips: a valid instance parses and dumps back to equal JSON.
"""

from __future__ import annotations

import copy
import json
import sys
import types
from pathlib import Path
from typing import Any

import pytest
from pydantic import TypeAdapter, ValidationError

from generator import ir
from generator.build_ir import build_api
from generator.diagnostics import Diagnostics
from generator.load import load_spec
from generator.normalize import normalize
from generator.samples import Sampler
from sdk_helpers import SEEDS, import_package

dcg = pytest.importorskip("datamodel_code_generator")


def normalized(spec: Path) -> tuple[dict[str, Any], ir.Api]:
    diags = Diagnostics(str(spec))
    loaded = load_spec(str(spec), diags)
    assert loaded is not None
    normalize(loaded.data, diags)
    doc = copy.deepcopy(loaded.data)
    return doc, build_api(loaded.data, diags)


def dcg_module(doc: dict[str, Any], name: str) -> types.ModuleType:
    # DCG reads OpenAPI 3.0's `nullable`; our normalized form is exactly that.
    code = dcg.generate(
        json.dumps(doc),
        input_file_type=dcg.InputFileType.OpenAPI,
        output_model_type=dcg.DataModelType.PydanticV2BaseModel,
        target_python_version=dcg.PythonVersion.PY_311,
        use_annotated=True,
        field_constraints=True,
        strict_nullable=True,
        enum_field_as_literal="all",
        disable_timestamp=True,
    )
    module = types.ModuleType(name)
    sys.modules[name] = module
    exec(compile(str(code), name, "exec"), module.__dict__)  # noqa: S102 - our own test input
    return module


def variants(instance: object, model: ir.Schema) -> list[object]:
    """The valid instance plus broken ones: each required field missing, each wrong-typed."""
    out = [instance]
    if isinstance(model, ir.ObjectModel) and isinstance(instance, dict):
        for f in model.fields:
            if f.required and f.name in instance:
                out.append({k: v for k, v in instance.items() if k != f.name})
            if f.name in instance:
                wrong = [] if not isinstance(instance[f.name], list) else "not a list"
                out.append({**instance, f.name: wrong})
    return out


@pytest.mark.parametrize("key", sorted(SEEDS))
def test_same_verdicts_as_datamodel_code_generator(seed_root: dict[str, Path], key: str) -> None:
    spec = SEEDS[key][0]
    doc, api = normalized(spec)
    theirs = dcg_module(doc, f"dcg_{key}")
    ours = import_package(seed_root[key], key).models
    sampler = Sampler({s.name: s for s in api.schemas}, all_fields=True)
    compared = 0
    for name in (doc.get("components") or {}).get("schemas", {}):
        schema = next((s for s in api.schemas if s.name == name), None)
        if schema is None or not hasattr(theirs, name) or not hasattr(ours, name):
            continue
        if isinstance(schema, ir.ObjectModel) and not schema.fields:
            continue
        our_type, their_type = getattr(ours, name), getattr(theirs, name)
        for instance in variants(sampler.sample(ir.Ref(name)), schema):
            verdicts = []
            for kind in (our_type, their_type):
                try:
                    TypeAdapter(kind).validate_python(instance)
                    verdicts.append(True)
                except ValidationError:
                    verdicts.append(False)
            assert verdicts[0] == verdicts[1], (name, instance, verdicts)
            compared += 1
    assert compared > 40


@pytest.mark.parametrize("key", sorted(SEEDS))
def test_every_model_round_trips(seed_root: dict[str, Path], key: str) -> None:
    _doc, api = normalized(SEEDS[key][0])
    models = import_package(seed_root[key], key).models
    sampler = Sampler({s.name: s for s in api.schemas}, all_fields=True)
    for schema in api.schemas:
        instance = sampler.sample(ir.Ref(schema.name))
        adapter = TypeAdapter(getattr(models, schema.name))
        value = adapter.validate_python(instance)
        dumped = adapter.dump_python(value, mode="json", by_alias=True, exclude_unset=True)
        assert dumped == instance, schema.name


CORPUS_SAMPLE = ["petstore3-swagger.yaml", "apisguru-pinecone.json", "hf-tgi.json"]


@pytest.mark.parametrize("name", CORPUS_SAMPLE)
def test_corpus_models_round_trip(tmp_path: Path, name: str) -> None:
    from generator.pipeline import GenerateRequest, build_files

    spec = Path(__file__).resolve().parent.parent.parent / "shared" / "specs" / name
    if not spec.is_file():
        pytest.skip(f"{spec} not found")
    package = "rt_" + name.split(".")[0].replace("-", "_")
    result = build_files(GenerateRequest(spec=str(spec), out_dir=tmp_path, name="Rt",
                                         package=package, base_url="https://x.test"))  # fmt: skip
    assert result.api is not None
    for path, text in result.files.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text)
    models = import_package(tmp_path, package).models
    from generator.python import safe_model_names

    api = safe_model_names(result.api)  # the Python names (a schema `Tag` is `TagModel`)
    sampler = Sampler({s.name: s for s in api.schemas}, all_fields=True)
    checked = 0
    for schema in api.schemas:
        instance = sampler.sample(ir.Ref(schema.name))
        adapter = TypeAdapter(getattr(models, schema.name))
        value = adapter.validate_python(instance)
        dumped = adapter.dump_python(value, mode="json", by_alias=True, exclude_unset=True)
        assert dumped == instance, schema.name
        checked += 1
    assert checked == len(result.api.schemas) > 0
