"""`gen check` finds stale and hand-edited output; regeneration keeps user files and never
leaves half-written output (issue 5)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from wf_helpers import FRAGMENTS, gen, tree

import generator.write as write
from generator.python.smoke import SmokeFailure


def test_clean_output_checks_ok(project: tuple[Path, Path]) -> None:
    _, out = project
    code, text = gen("check", out)
    assert code == 0, text
    assert "up to date" in text


def test_check_works_from_any_directory(
    project: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, out = project
    manifest = json.loads((out / ".sdkforge-manifest.json").read_text())
    assert manifest["specs"][0]["path"] == "../specs/interactive-completions.json"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    code, text = gen("check", os.path.relpath(out, elsewhere))
    assert code == 0, text


def test_edited_file_is_named(project: tuple[Path, Path]) -> None:
    _, out = project
    models = out / "interactive" / "models.py"
    models.write_text(models.read_text() + "\n# a local fix\n")
    code, text = gen("check", out)
    assert code == 1
    assert f"{models}: edited by hand since generation" in text


def test_deleted_file_is_named(project: tuple[Path, Path]) -> None:
    _, out = project
    (out / "interactive" / "_qs.py").unlink()
    code, text = gen("check", out)
    assert code == 1 and "_qs.py: deleted since generation" in text


def test_spec_change_makes_output_stale(project: tuple[Path, Path]) -> None:
    spec, out = project
    doc = json.loads(spec.read_text())
    doc["components"]["schemas"]["CompletionCreateParams"]["properties"]["suffix"][
        "description"
    ] = "Text after the completion."
    spec.write_text(json.dumps(doc))
    code, text = gen("check", out)
    assert code == 1
    assert "would change" in text and "stale" in text
    assert "edited by hand" not in text


def test_missing_spec_is_reported(project: tuple[Path, Path]) -> None:
    spec, out = project
    spec.unlink()
    code, text = gen("check", out)
    assert code == 1 and "not found" in text


def test_check_without_manifest_is_a_usage_error(tmp_path: Path) -> None:
    code, text = gen("check", tmp_path)
    assert code == 2 and "manifest" in text


def test_hand_written_files_survive_regeneration(project: tuple[Path, Path]) -> None:
    spec, out = project
    mine = {
        out / "lib" / "helpers.py": "def helper() -> int:\n    return 1\n",
        out / "interactive" / "custom.py": "# hand-written extension\n",
        out / "NOTES.md": "notes\n",
    }
    for path, text in mine.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    doc = json.loads(spec.read_text())
    doc["info"]["description"] = "A new description."
    spec.write_text(json.dumps(doc))
    code, text = gen("generate", spec, "-o", out, "--name", "Interactive", "--no-smoke")
    assert code == 0, text
    for path, text in mine.items():
        assert path.read_text() == text
    code, text = gen("check", out)
    assert code == 0, text  # files we do not own are not our business


def test_files_no_longer_produced_are_removed(tmp_path: Path) -> None:
    out = tmp_path / "out"
    fragments = [FRAGMENTS / f"{n}.yaml" for n in ("completions", "models", "generation")]
    code, text = gen("generate", *fragments, "-o", out, "--name", "OpenRouter", "--no-smoke")
    assert code == 0, text
    assert (out / "openrouter" / "resources" / "generation.py").is_file()
    (out / "openrouter" / "resources" / "mine.py").write_text("# mine\n")
    code, text = gen("generate", fragments[0], "-o", out, "--name", "OpenRouter", "--no-smoke")
    assert code == 0, text
    assert not (out / "openrouter" / "resources" / "generation.py").exists()
    assert not (out / "openrouter" / "resources" / "models.py").exists()
    assert (out / "openrouter" / "resources" / "mine.py").read_text() == "# mine\n"


def test_failed_smoke_test_leaves_output_byte_identical(
    project: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import generator.python.smoke as smoke

    spec, out = project
    (out / "lib.py").write_text("# user file\n")
    before = tree(out)
    doc = json.loads(spec.read_text())
    del doc["components"]["schemas"]["CompletionCreateParams"]["properties"]["suffix"]
    spec.write_text(json.dumps(doc))

    def failing_smoke(staged: Path, plan: object) -> None:
        assert (staged / "interactive" / "_client.py").is_file()  # it ran on the staged tree
        raise SmokeFailure("smoke test failed:\ncompletions.create: boom")

    monkeypatch.setattr(smoke, "run_smoke", failing_smoke)
    code, text = gen("generate", spec, "-o", out, "--name", "Interactive")
    assert code == 1 and "no SDK written" in text and "boom" in text
    assert tree(out) == before
    assert not list(tmp_path.glob(".sdkforge-stage-*"))


def test_failure_in_the_middle_of_the_swap_is_undone(
    project: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    spec, out = project
    before = tree(out)
    doc = json.loads(spec.read_text())
    doc["info"]["description"] = "changed"
    spec.write_text(json.dumps(doc))
    real_replace = os.replace
    calls = {"n": 0}

    def flaky_replace(src: str | Path, dst: str | Path) -> None:
        calls["n"] += 1
        if calls["n"] == 3:  # after a file was already swapped in (unchanged ones are skipped)
            raise OSError(28, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(write.os, "replace", flaky_replace)
    code, text = gen("generate", spec, "-o", out, "--name", "Interactive", "--no-smoke")
    assert code == 1 and "No space left" in text and "unchanged" in text
    assert calls["n"] > 3  # the rollback moved files back
    assert tree(out) == before
