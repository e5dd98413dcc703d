"""The target seam: a third target plugs in through `generator.target` alone (issue 13).

A throwaway target (one text file listing the operations) is registered at run time and driven
through the normal pipeline and the `gen` command; pipeline.py and cli.py are not touched, and
neither imports a module of a language target.
"""

from __future__ import annotations

import ast
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import ir, target
from generator.cli import main
from generator.config import GenerateRequest
from generator.diagnostics import Reporter
from generator.pipeline import build_files, generate
from generator.target import TARGETS, RenderOptions, SmokeFailure

ROOT = Path(__file__).resolve().parents[2]
SPEC = {
    "openapi": "3.0.3",
    "info": {"title": "Probe", "version": "1"},
    "paths": {
        "/pets": {
            "get": {"operationId": "listPets", "responses": {"200": {"description": "ok"}}},
            "post": {"operationId": "createPet", "responses": {"201": {"description": "ok"}}},
        }
    },
}


class ListingTarget:
    """Writes `operations.txt`: one `METHOD /path name` line per operation."""

    name = "listing"
    reserved_names = frozenset({"Taken"})

    def __init__(self) -> None:
        self.smoked: list[Path] = []
        self.formatted_with: list[str] = []

    def manifest_options(self, options: RenderOptions) -> dict[str, object]:
        return {"flavour": "plain"}

    def render(self, api: ir.Api, options: RenderOptions) -> dict[str, str]:
        lines = [f"# {options.name} {options.version}"]
        for resource in api.resources:
            for op in resource.operations:
                lines.append(f"{op.http_method.upper()} {op.path} {resource.name}.{op.name}")
        return {"operations.txt": "\n".join(lines) + "\n"}

    def format(self, files: dict[str, str], formatter: str, progress: Reporter) -> dict[str, str]:
        self.formatted_with.append(formatter)
        return {
            path: text.upper() if path.endswith(".txt") else text for path, text in files.items()
        }

    def smoke(self, staged: Path, api: ir.Api, options: RenderOptions) -> None:
        self.smoked.append(staged)
        if not (staged / "operations.txt").read_text().strip():
            raise SmokeFailure("empty listing")


@pytest.fixture()
def listing() -> Iterator[ListingTarget]:
    registered = target.register(ListingTarget())
    assert isinstance(registered, ListingTarget)
    try:
        yield registered
    finally:
        del TARGETS["listing"]


@pytest.fixture()
def spec(tmp_path: Path) -> Path:
    path = tmp_path / "probe.json"
    path.write_text(json.dumps(SPEC))
    return path


def test_builtin_targets_are_registered() -> None:
    assert list(TARGETS)[:2] == ["python", "go"]
    assert "Omit" in TARGETS["python"].reserved_names


def test_a_registered_target_generates_through_the_pipeline(
    listing: ListingTarget, spec: Path, tmp_path: Path
) -> None:
    request = GenerateRequest(
        spec=str(spec), out_dir=tmp_path / "out", name="Probe", lang="listing", formatter="ruff"
    )
    result = generate(request)
    text = (tmp_path / "out" / "operations.txt").read_text()
    assert text.splitlines() == ["# PROBE 0.1.0", "GET /PETS PETS.LIST", "POST /PETS PETS.CREATE"]
    assert listing.formatted_with == ["ruff"]
    assert len(listing.smoked) == 1  # on the staged tree, before the swap
    manifest = json.loads((tmp_path / "out" / ".sdkforge-manifest.json").read_text())
    assert manifest["options"]["lang"] == "listing"
    assert manifest["options"]["flavour"] == "plain"
    assert sorted(manifest["files"]) == [".sdkforge/base/pristine.json.gz", "operations.txt"]
    assert result.files == {"operations.txt": text}


def test_a_registered_target_is_a_cli_language(
    listing: ListingTarget, spec: Path, tmp_path: Path
) -> None:
    runner = CliRunner()
    out = tmp_path / "cli"
    result = runner.invoke(
        main, ["generate", str(spec), "-o", str(out), "--name", "Probe", "--lang", "listing"]
    )
    assert result.exit_code == 0, result.output
    assert "GET /PETS" in (out / "operations.txt").read_text()
    checked = runner.invoke(main, ["check", str(out)])
    assert checked.exit_code == 0, checked.output  # the manifest regenerates the same target


def test_the_target_reserved_names_refuse_an_override(
    listing: ListingTarget, tmp_path: Path
) -> None:
    doc = {**SPEC, "components": {"schemas": {"Pet": {"type": "object"}}}}
    spec = tmp_path / "pets.json"
    spec.write_text(json.dumps(doc))
    config = tmp_path / "gen.yaml"
    config.write_text(
        f"targets:\n  - spec: {spec}\n    output: out\n    name: Probe\n    language: listing\n"
        "    overrides: {models: {Pet: Taken}}\n"
    )
    result = CliRunner().invoke(main, ["generate", "--config", str(config)])
    assert result.exit_code == 1
    assert "overrides.models: 'Pet' -> 'Taken'" in result.output
    assert "listing" in result.output
    assert not (tmp_path / "out").exists()


def test_a_smoke_failure_of_any_target_writes_nothing(
    listing: ListingTarget, spec: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ListingTarget, "render", lambda self, api, options: {"operations.txt": ""})
    result = CliRunner().invoke(
        main, ["generate", str(spec), "-o", str(tmp_path / "o"), "--name", "P", "--lang", "listing"]
    )
    assert result.exit_code == 1 and "empty listing" in result.output
    assert not (tmp_path / "o").exists()


def test_build_files_keeps_the_render_order(listing: ListingTarget, spec: Path) -> None:
    request = GenerateRequest(spec=str(spec), out_dir=Path("unused"), name="Probe", lang="listing")
    assert list(build_files(request).files) == ["operations.txt"]


@pytest.mark.parametrize("module", ["pipeline.py", "cli.py"])
def test_pipeline_and_cli_import_no_language_target(module: str) -> None:
    source = (ROOT / "generator" / module).read_text()
    imported: set[str] = set()  # absolute dotted names, relative ones resolved from generator
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom):
            base = "generator." + (node.module or "") if node.level else node.module or ""
            imported.update(f"{base.rstrip('.')}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names)
    for name in imported:
        assert name.split(".")[:2] not in (["generator", "python"], ["generator", "go"]), name
    assert not any(name.split(".")[0] == "importlib" for name in imported)
    assert '"go"' not in source and '"python"' not in source


@pytest.mark.parametrize(
    ("choice", "snippets"), [("black", "black"), ("ruff", "ruff"), ("auto", "ruff")]
)
def test_the_formatter_choice_reaches_the_docs_snippets(
    choice: str, snippets: str, spec: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import generator.format as fmt
    import generator.python.docs as docs

    seen: list[str] = []
    real = docs.format_snippets

    def spy(codes: list[str], formatter: str = "ruff") -> list[str]:
        seen.append(formatter)
        return real(codes, formatter)

    used: list[str] = []
    real_files = fmt.format_files

    def files_spy(files: dict[str, str], formatter: str = "auto") -> dict[str, str]:
        used.append(formatter)
        return real_files(files, formatter)

    monkeypatch.setattr(docs, "format_snippets", spy)
    monkeypatch.setattr(fmt, "format_files", files_spy)
    request = GenerateRequest(spec=str(spec), out_dir=Path("u"), name="Probe", formatter=choice)
    result = build_files(request)
    assert seen == [snippets]
    assert set(used) == {"ruff" if choice == "ruff" else "black"}  # auto: black, small package
    readme = result.files["README.md"]
    assert "```python\n" in readme


def test_black_and_ruff_snippets_agree_on_simple_code() -> None:
    from generator.format import format_snippets

    code = ["import x\nclient=x.C( a = 1 )\n", "\n\nprint( 'a' )"]
    assert format_snippets(code, "black") == format_snippets(code, "ruff")
    assert format_snippets(code, "black") == ["import x\n\nclient = x.C(a=1)\n", 'print("a")\n']


def test_the_request_is_frozen_and_built_whole(tmp_path: Path) -> None:
    import dataclasses

    request = GenerateRequest(spec="a.yaml", out_dir=tmp_path, name="A", smoke=False)
    with pytest.raises(dataclasses.FrozenInstanceError):
        request.smoke = True  # type: ignore[misc]
    assert dataclasses.replace(request, strict=True).strict and not request.strict


@pytest.mark.parametrize("first", ["generator.python", "generator.go", "generator.cli"])
def test_the_builtin_order_does_not_depend_on_import_order(first: str) -> None:
    import subprocess
    import sys

    code = f"import {first}\nfrom generator.target import TARGETS\nprint(','.join(TARGETS))"
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=ROOT
    )
    assert proc.stdout.strip() == "python,go", proc.stderr
