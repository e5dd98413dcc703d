"""The config file: targets, validation with suggestions, overrides (issue 5)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from wf_helpers import FRAGMENTS, INTERACTIVE, OPENROUTER, gen

from generator import ir
from generator.config import ConfigError, Overrides, parse_config
from generator.diagnostics import Diagnostics
from generator.overrides import apply_overrides
from generator.pipeline import load_document

GEN_YAML = f"""\
targets:
  - spec: {INTERACTIVE}
    output: sdks/interactive
    name: Interactive
    version: 1.2.3
  - specs:
      - {FRAGMENTS / 'completions.yaml'}
      - {FRAGMENTS / 'generation.yaml'}
    output: sdks/openrouter
    name: OpenRouter
    package: orouter
    base_url: https://openrouter.ai/api/v1
    overrides:
      methods: {{create-completions: generate, get-generation: fetch}}
      models: {{CompletionResponse: Completion}}
      stream: {{create-completions: false}}
"""


def test_generate_and_check_every_target(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "gen.yaml").write_text(GEN_YAML)
    code, text = gen("generate", "--no-smoke")
    assert code == 0, text
    assert (tmp_path / "sdks/interactive/interactive/_client.py").is_file()
    resource = (tmp_path / "sdks/openrouter/orouter/resources/completions.py").read_text()
    assert "def generate(" in resource and "def create(" not in resource
    assert "Stream[" not in resource  # streaming forced off
    models = (tmp_path / "sdks/openrouter/orouter/models.py").read_text()
    assert "class Completion(" in models and "class CompletionResponse(" not in models
    generation = (tmp_path / "sdks/openrouter/orouter/resources/generation.py").read_text()
    assert "def fetch(" in generation
    manifest = json.loads((tmp_path / "sdks/openrouter/.sdkforge-manifest.json").read_text())
    assert len(manifest["specs"]) == 2
    assert manifest["options"]["overrides"]["methods"] == {
        "create-completions": "generate",
        "get-generation": "fetch",
    }
    assert manifest["options"]["version"] == "0.1.0"
    code, text = gen("check")
    assert code == 0, text
    # A manifest alone is enough to check: the overrides are read back from it.
    code, text = gen("check", "sdks/openrouter", "sdks/interactive")
    assert code == 0, text


def test_pyproject_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text(
        f'[project]\nname = "x"\n\n[[tool.gen.targets]]\nspec = "{INTERACTIVE}"\n'
        'output = "sdk"\nname = "Interactive"\n'
    )
    code, text = gen("generate", "--no-smoke", "-q")
    assert code == 0, text
    assert (tmp_path / "sdk" / "interactive" / "__init__.py").is_file()


def test_both_config_files_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "gen.yaml").write_text(GEN_YAML)
    (tmp_path / "pyproject.toml").write_text("[tool.gen]\ntargets = []\n")
    code, text = gen("generate")
    assert code == 2 and "gen.yaml and pyproject.toml" in text


def test_no_spec_and_no_config_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert gen("generate")[0] == 2
    assert gen("check")[0] == 2


@pytest.mark.parametrize(
    "args, message",
    [
        (["generate", str(INTERACTIVE), "--name", "X"], "-o required"),
        (["generate", str(INTERACTIVE), "-o", "x"], "--name required"),
        (["generate", "-o", "x"], "-o need a SPEC"),
        (["generate", str(INTERACTIVE), "-o", "x", "--name", "X", "--lang", "rust"], "rust"),
    ],
)
def test_spec_and_config_options_do_not_mix(args: list[str], message: str) -> None:
    code, text = gen(*args)
    assert code == 2 and message in text, text


@pytest.mark.parametrize(
    "target, message",
    [
        (
            {"spec": "a.yaml", "outptu": "o", "name": "X"},
            "unknown key `outptu`; did you mean `output`?",
        ),
        ({"spec": "a.yaml", "output": "o"}, "`name` is required"),
        ({"spec": "a.yaml", "specs": ["b"], "output": "o", "name": "X"}, "exactly one of"),
        ({"spec": "a", "output": "o", "name": "X", "language": "rust"}, "language 'rust'"),
        (
            {"spec": "a", "output": "o", "name": "X", "overrides": {"retry": 3}},
            "unknown key `retry`; did you mean `retries`?",
        ),
        (
            {"spec": "a", "output": "o", "name": "X", "overrides": {"stream": {"op": "yes"}}},
            "true or false",
        ),
        ({"spec": "a", "output": "o", "name": "X", "overrides": {"timeout": -1}}, "> 0"),
    ],
)
def test_config_validation_names_the_problem(target: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError) as info:
        parse_config({"targets": [target]}, Path("/p/gen.yaml"))
    assert message in str(info.value)
    assert "targets[0]" in str(info.value)


def test_unknown_top_level_key_is_suggested() -> None:
    with pytest.raises(ConfigError, match="did you mean `targets`"):
        parse_config({"target": []}, Path("gen.yaml"))


def test_invalid_config_file_exits_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "gen.yaml").write_text("targets:\n  - spec: a.yaml\n    outptu: o\n    name: X\n")
    code, text = gen("generate")
    assert code == 2 and "did you mean `output`" in text


def _openrouter_api() -> ir.Api:
    from generator.build_ir import build_api

    loaded = load_document([str(OPENROUTER)])
    return build_api(loaded.doc, loaded.diagnostics)


def test_overrides_on_the_ir() -> None:
    api = _openrouter_api()
    diags = Diagnostics()
    out = apply_overrides(
        api,
        Overrides(
            methods={"create-completions": "Generate"},
            models={"CompletionChoice": "Choice"},
            retries=5,
            timeout=30,
        ),
        diags,
    )
    assert not diags.items
    op = out.resources[0].operations[0]
    assert op.name == "generate"
    names = {s.name for s in out.schemas}
    assert "Choice" in names and "CompletionChoice" not in names
    response = next(s for s in out.schemas if s.name == "CompletionResponse")
    assert isinstance(response, ir.ObjectModel)
    choices = next(f for f in response.fields if f.name == "choices")
    assert choices.type == ir.ArrayOf(ir.Ref("Choice"))
    chunk = next(s for s in out.schemas if s.name == "CompletionChoiceChunk")
    assert isinstance(chunk, ir.ObjectModel) and chunk.chunk_of == "Choice"
    assert out.client_defaults == ir.ClientDefaults(max_retries=5, timeout=30.0)


def test_overrides_skip_and_unknown_ids() -> None:
    api = _openrouter_api()
    diags = Diagnostics()
    out = apply_overrides(api, Overrides(skip=("create-completions",)), diags)
    assert out.resources == ()
    diags = Diagnostics()
    apply_overrides(api, Overrides(methods={"create-completion": "x"}), diags)
    assert diags.has_errors
    assert "did you mean 'create-completions'" in diags.errors[0].hint


def test_unknown_override_id_exits_1(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "gen.yaml").write_text(
        f"targets:\n  - spec: {OPENROUTER}\n    output: o\n    name: OpenRouter\n"
        "    overrides:\n      skip: [nope]\n"
    )
    code, text = gen("generate", "--no-smoke")
    assert code == 1 and "no operation has operationId 'nope'" in text


def test_retry_and_timeout_defaults_reach_the_client(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "gen.yaml").write_text(
        f"targets:\n  - spec: {INTERACTIVE}\n    output: out\n    name: Interactive\n"
        "    overrides: {retries: 5, timeout: 30}\n"
    )
    code, text = gen("generate")
    assert code == 0, text
    from sdk_helpers import import_package

    sdk = import_package(tmp_path / "out", "interactive")
    client = sdk.Interactive(api_key="k")
    assert client.max_retries == 5
    assert client.timeout.read == 30.0
    assert sdk.Interactive(api_key="k", max_retries=0).max_retries == 0
