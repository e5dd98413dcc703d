"""A failed generation leaves the output directory byte-identical; hostile names stay inside it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import generator.format as format_module
import generator.python.smoke as python_smoke
from generator.cli import main
from generator.format import FormatError
from generator.python.smoke import SmokeFailure

BAD = Path(__file__).resolve().parent.parent / "bad_specs"
GOOD = BAD / "inject_names_traversal.json"


def _snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def _gen(spec: Path, out: Path, *extra: str) -> tuple[int, str]:
    result = CliRunner().invoke(
        main, ["generate", str(spec), "-o", str(out), "--name", "Hostile", "--no-smoke", *extra]
    )
    return result.exit_code, result.output


@pytest.fixture
def existing(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    code, output = _gen(GOOD, out)
    assert code == 0, output
    (out / "notes.txt").write_text("the user's own file")
    return out


@pytest.mark.parametrize(
    "spec", ["ref_cycle.json", "malformed_yaml.yaml", "alias_bomb.yaml", "remote_ref_http.json"]
)
def test_spec_error_leaves_output_identical(existing: Path, spec: str) -> None:
    before = _snapshot(existing)
    code, output = _gen(BAD / spec, existing)
    assert code == 1, output
    assert _snapshot(existing) == before
    assert [p.name for p in existing.parent.iterdir()] == ["out"]  # no stage dir left behind


def test_smoke_failure_leaves_output_identical(
    existing: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(_staged: Path, _plan: object) -> None:
        raise SmokeFailure("smoke test failed: planted")

    monkeypatch.setattr(python_smoke, "run_smoke", fail)
    before = _snapshot(existing)
    result = CliRunner().invoke(
        main, ["generate", str(BAD / "inject_enum_values.json"), "-o", str(existing), "--name",
               "Hostile"]
    )  # fmt: skip
    assert result.exit_code == 1 and "planted" in result.output
    assert _snapshot(existing) == before
    assert [p.name for p in existing.parent.iterdir()] == ["out"]


def test_internal_error_leaves_output_identical(
    existing: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(_files: dict[str, str], _formatter: str = "") -> dict[str, str]:
        raise FormatError("planted")

    monkeypatch.setattr(format_module, "format_files", broken)
    before = _snapshot(existing)
    code, output = _gen(BAD / "inject_enum_values.json", existing)
    assert code == 70 and "Traceback" not in output
    assert _snapshot(existing) == before


def test_hostile_names_need_force_in_a_foreign_directory(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "precious.txt").write_text("mine")
    before = _snapshot(out)
    code, output = _gen(GOOD, out)
    assert code == 1 and "--force" in output
    assert _snapshot(out) == before
    code, output = _gen(GOOD, out, "--force")
    assert code == 0, output
    assert (out / "precious.txt").read_text() == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
    manifest = json.loads((out / ".sdkforge-manifest.json").read_text())
    for path in manifest["files"]:
        assert (out / path).resolve().is_relative_to(out.resolve()), path
