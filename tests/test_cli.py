"""`gen` exit codes and messages: 0 ok, 1 no, 2 usage, 70 internal (issue 2)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from sdk_helpers import SPECS


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output + (result.stderr if result.stderr_bytes else "")


def invoke_stdout(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout


def test_success_prints_a_summary(tmp_path: Path) -> None:
    code, out = invoke("generate", str(SPECS / "interactive-completions.json"), "-o",
                       str(tmp_path / "sdk"), "--name", "Interactive")  # fmt: skip
    assert code == 0, out
    assert "1 operations" in out and "models" in out
    assert (tmp_path / "sdk" / "interactive" / "__init__.py").is_file()


def test_missing_spec_file_is_a_no(tmp_path: Path) -> None:
    code, out = invoke("generate", str(tmp_path / "nope.yaml"), "-o", str(tmp_path / "o"),
                       "--name", "X")  # fmt: skip
    assert code == 1
    assert "not found" in out and "Traceback" not in out


def test_missing_option_is_a_usage_error(tmp_path: Path) -> None:
    code, _ = invoke("generate", str(SPECS / "interactive-completions.json"))
    assert code == 2


def test_bad_name_is_a_usage_error(tmp_path: Path) -> None:
    code, out = invoke("generate", str(SPECS / "interactive-completions.json"), "-o",
                       str(tmp_path / "o"), "--name", "!!!")  # fmt: skip
    assert code == 2 and "usage error" in out


def test_spec_errors_are_reported_together(tmp_path: Path) -> None:
    spec = tmp_path / "bad.yaml"
    spec.write_text(
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n"
        "    A: {$ref: 'http://example.com/a.json'}\n    B: {$ref: '#/components/schemas/Nope'}\n"
    )
    code, out = invoke("generate", str(spec), "-o", str(tmp_path / "o"), "--name", "X")
    assert code == 1
    assert "not followed" in out and "points to nothing" in out
    assert f"{spec}:6:" in out  # line numbers from the YAML source
    assert not (tmp_path / "o").exists()


NO_RESPONSES = """\
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /ping:
    post:
      operationId: ping
      responses: {}
"""


@pytest.mark.parametrize("seed", ["openrouter-completions.yaml", "interactive-completions.json"])
def test_strict_passes_repaired_quirks(tmp_path: Path, seed: str) -> None:
    code, out = invoke("generate", str(SPECS / seed), "-o", str(tmp_path / "o"), "--name",
                       "Seed", "--strict", "--no-smoke")  # fmt: skip
    assert code == 0, out


def test_strict_fails_on_a_problem(tmp_path: Path) -> None:
    spec = tmp_path / "s.yaml"
    spec.write_text(NO_RESPONSES)
    args = ["generate", str(spec), "-o", str(tmp_path / "o"), "--name", "X", "--no-smoke"]
    code, out = invoke(*args)
    assert code == 0, out
    assert "declares no responses" in out and "[/paths/~1ping/post/responses]" in out
    args[3] = str(tmp_path / "strict")
    code, out = invoke(*args, "--strict")
    assert code == 1
    assert not (tmp_path / "strict").exists()


def test_quirks_and_problems_are_told_apart(tmp_path: Path) -> None:
    import json

    code, out = invoke_stdout("generate", str(SPECS / "openrouter-completions.yaml"), "-o",
                       str(tmp_path / "o"), "--name", "OpenRouter", "--format", "json",
                       "--no-smoke")  # fmt: skip
    assert code == 0, out
    kinds = {d["pointer"]: d["kind"] for d in json.loads(out)["diagnostics"]}
    assert kinds["/paths/~1completions/post/tags"] == "quirk"
    assert kinds["/paths/~1completions/post/parameters/0"] == "quirk"  # bearer auth header


def test_interrupt_exits_130(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import generator.cli as cli

    def interrupted(*_args: object, **_kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "generate", interrupted)
    code, out = invoke("generate", str(SPECS / "interactive-completions.json"), "-o",
                       str(tmp_path / "o"), "--name", "X")  # fmt: skip
    assert code == 130
    assert "interrupted" in out and "Traceback" not in out and "bug" not in out


@pytest.mark.parametrize("where", ["file/sub", "file/a/b", "/proc/nope", "/proc/nope/deeper"])
def test_an_unusable_output_path_is_a_usage_error(tmp_path: Path, where: str) -> None:
    (tmp_path / "file").write_text("not a directory")
    out_dir = where if where.startswith("/") else str(tmp_path / where)
    code, out = invoke("generate", str(SPECS / "interactive-completions.json"), "-o", out_dir,
                       "--name", "X", "--no-smoke")  # fmt: skip
    assert code == 2, out
    assert "usage error" in out and f"-o {out_dir}" in out
    assert "bug" not in out and "Traceback" not in out


def test_json_diagnostics(tmp_path: Path) -> None:
    import json

    code, out = invoke_stdout("generate", str(SPECS / "openrouter-completions.yaml"), "-o",
                       str(tmp_path / "o"), "--name", "OpenRouter", "--base-url",
                       "https://x.test", "--format", "json", "--no-smoke")  # fmt: skip
    assert code == 0
    records = json.loads(out)["diagnostics"]
    assert any(r["pointer"] == "/paths/~1completions/post/tags" for r in records)


def test_refuses_a_foreign_non_empty_directory(tmp_path: Path) -> None:
    out_dir = tmp_path / "o"
    out_dir.mkdir()
    (out_dir / "precious.txt").write_text("mine")
    args = ["generate", str(SPECS / "interactive-completions.json"), "-o", str(out_dir),
            "--name", "Interactive"]  # fmt: skip
    code, out = invoke(*args)
    assert code == 1 and "--force" in out
    code, out = invoke(*args, "--force")
    assert code == 0, out
    assert (out_dir / "precious.txt").read_text() == "mine"


@pytest.mark.parametrize("debug", [False, True])
def test_internal_errors_exit_70(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, debug: bool
) -> None:
    import generator.cli as cli

    def boom(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("kaboom")

    monkeypatch.setattr(cli, "generate", boom)
    args = ["generate", str(SPECS / "interactive-completions.json"), "-o", str(tmp_path / "o"),
            "--name", "X"]  # fmt: skip
    code, out = invoke(*args, *(["--debug"] if debug else []))
    assert code == 70
    assert "internal error" in out and "report" in out
    assert ("Traceback" in out) is debug


def test_a_broken_ref_is_reported_once(tmp_path: Path) -> None:
    spec = tmp_path / "bad.yaml"
    spec.write_text(
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n"
        "    A: {type: object, properties: {b: {$ref: 'other.yaml#/B'}}}\n"
    )
    result = CliRunner().invoke(
        main, ["generate", str(spec), "-o", str(tmp_path / "o"), "--name", "X"]
    )
    assert result.exit_code == 1
    assert result.stderr.count("is not followed") == 1


def test_smoke_failures_carry_no_traceback(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import generator.python.smoke as smoke

    real_runner = smoke.RUNNER
    broken = tmp_path / "runner.py"
    broken.write_text("def f():\n    raise RuntimeError('boom in the package')\nf()\n")
    monkeypatch.setattr(smoke, "RUNNER", broken)
    code, out = invoke("generate", str(SPECS / "interactive-completions.json"), "-o",
                       str(tmp_path / "o"), "--name", "Interactive")  # fmt: skip
    assert real_runner.is_file()
    assert code == 1
    assert "RuntimeError: boom in the package" in out
    assert "Traceback" not in out and 'File "' not in out
    assert not (tmp_path / "o").exists()
