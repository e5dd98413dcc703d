"""Reading spec bytes: surrogate escapes in YAML and JSON."""

from __future__ import annotations

from generator.diagnostics import Diagnostics
from generator.load import load_bytes

YAML = b"""openapi: 3.0.3
info:
  title: "lone \\ud800 here"
  version: "1"
  description: "pair \\ud83d\\ude00 and \\U0001F600"
paths: {}
"""


def test_yaml_lone_surrogate_escape_is_loaded_and_replaced_with_a_warning() -> None:
    diags = Diagnostics(file="spec.yaml")
    spec = load_bytes(YAML, "spec.yaml", diags)
    assert spec is not None and not diags.errors
    assert spec.data["info"]["title"] == "lone \ufffd here"
    (warning,) = diags.warnings
    assert "lone UTF-16 surrogate" in warning.message
    assert warning.pointer == "/info/title" and warning.line == 3
    spec.data["info"]["title"].encode("utf-8")  # valid text from here on


def test_yaml_surrogate_pair_escape_is_the_character_it_spells() -> None:
    diags = Diagnostics(file="spec.yaml")
    spec = load_bytes(YAML, "spec.yaml", diags)
    assert spec is not None
    assert spec.data["info"]["description"] == "pair \U0001f600 and \U0001f600"


def test_json_lone_surrogate_escape_is_replaced_with_a_warning() -> None:
    raw = b'{"openapi": "3.0.3", "info": {"title": "a\\udc00", "version": "1"}, "paths": {}}'
    diags = Diagnostics(file="spec.json")
    spec = load_bytes(raw, "spec.json", diags)
    assert spec is not None and spec.data["info"]["title"] == "a\ufffd"
    (warning,) = diags.warnings
    assert warning.pointer == "/info/title"


def test_other_bad_yaml_escapes_are_still_errors() -> None:
    diags = Diagnostics(file="spec.yaml")
    assert load_bytes(b'openapi: "\\q"\n', "spec.yaml", diags) is None
    (error,) = diags.errors
    assert "invalid YAML" in error.message and error.line == 1
