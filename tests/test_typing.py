"""The generated SDKs pass mypy --strict (3.11 and 3.9) and ruff; mypy catches misuse (issue 2)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PY39_CONFIG = """\
[mypy]
strict = True
python_version = 3.9
# These third-party modules use Python 3.10 syntax; they are not ours to check.
[mypy-anyio.*]
follow_imports = skip
[mypy-pydantic.json_schema]
follow_imports = skip
[mypy-pydantic._internal.*]
follow_imports = skip
[mypy-click.utils]
follow_imports = skip
"""


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=600)


def mypy(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return run([sys.executable, "-m", "mypy", "--no-incremental", *args], cwd)


@pytest.mark.parametrize("key", ["openrouter", "interactive"])
def test_mypy_strict(seed_root: dict[str, Path], key: str) -> None:
    result = mypy(["--strict", key], seed_root[key])
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("key", ["openrouter", "interactive"])
def test_mypy_strict_python39(seed_root: dict[str, Path], key: str, tmp_path: Path) -> None:
    config = tmp_path / "mypy39.ini"
    config.write_text(PY39_CONFIG)
    result = mypy(["--config-file", str(config), key], seed_root[key])
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("key", ["openrouter", "interactive"])
def test_ruff_clean(seed_root: dict[str, Path], key: str) -> None:
    ruff = shutil.which("ruff") or str(Path(sys.executable).parent / "ruff")
    result = run([ruff, "check", "--no-cache", key], seed_root[key])
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_any_or_type_ignore_in_public_signatures(seed_root: dict[str, Path]) -> None:
    root = seed_root["openrouter"] / "openrouter"
    for path in [root / "_client.py", root / "models.py", *(root / "resources").glob("*.py")]:
        text = path.read_text()
        assert "type: ignore" not in text, path
        assert (
            not re.search(r"\bAny\b", text.replace("dict[str, Any]", ""))
            or path.name == "_client.py"
        )
    client = (root / "_client.py").read_text()
    signatures = re.findall(r"def \w+\((.*?)\) ->", client, re.S)
    assert signatures and not any(re.search(r"\bAny\b", s) for s in signatures)


USAGE = """
from openrouter import OpenRouter

client = OpenRouter(api_key="k")
ok = client.completions.create(prompt="hi", max_tokens=3)
reveal_type(ok)
"""

MISUSE = {
    "max_tokens_str": 'client.completions.create(prompt="hi", max_tokens="x")',
    "none_for_non_nullable": 'client.completions.create(prompt="hi", user=None)',
    "unknown_keyword": 'client.completions.create(prompt="hi", not_a_param=1)',
    "missing_required": "client.completions.create(max_tokens=3)",
    "bad_echo": 'client.completions.create(prompt="hi", echo="no")',
}


def test_reveal_type_is_the_model(seed_root: dict[str, Path], tmp_path: Path) -> None:
    (tmp_path / "use.py").write_text(USAGE)
    # Run from the SDK root so `openrouter` resolves; the file lives elsewhere.
    result = mypy(["--strict", str(tmp_path / "use.py")], seed_root["openrouter"])
    assert 'Revealed type is "openrouter.models.CompletionResponse"' in result.stdout, result.stdout
    assert "error" not in result.stdout.replace("note:", "")


@pytest.mark.parametrize("case", sorted(MISUSE))
def test_mypy_rejects_misuse(seed_root: dict[str, Path], tmp_path: Path, case: str) -> None:
    source = "from openrouter import OpenRouter\nclient = OpenRouter(api_key='k')\n" + MISUSE[case]
    (tmp_path / "bad.py").write_text(source + "\n")
    result = mypy(["--strict", str(tmp_path / "bad.py")], seed_root["openrouter"])
    assert result.returncode == 1 and "error:" in result.stdout, result.stdout


STREAM_USAGE = """
from openrouter import OpenRouter, Stream
from openrouter.models import CompletionResponse, CompletionResponseChunk

client = OpenRouter(api_key="k")
a = client.completions.create(prompt="hi")
b = client.completions.create(prompt="hi", stream=True)
c = client.completions.create(prompt="hi", stream=False)
flag: bool = bool(len("x"))
d = client.completions.create(prompt="hi", stream=flag)
reveal_type(a)
reveal_type(b)
reveal_type(c)
reveal_type(d)
"""


def test_stream_overloads(seed_root: dict[str, Path], tmp_path: Path) -> None:
    (tmp_path / "s.py").write_text(STREAM_USAGE)
    result = mypy(["--strict", str(tmp_path / "s.py")], seed_root["openrouter"])
    out = result.stdout
    assert out.count('Revealed type is "openrouter.models.CompletionResponse"') == 2, out
    assert (
        'Revealed type is "openrouter._streaming.Stream[openrouter.models.CompletionResponseChunk]"'
        in out
    ), out
    union = re.compile(
        r"Revealed type is \"(Union\[)?openrouter.models.CompletionResponse(, | \| )"
        r"openrouter._streaming.Stream\[openrouter.models.CompletionResponseChunk\]"
    )
    assert union.search(out), out
