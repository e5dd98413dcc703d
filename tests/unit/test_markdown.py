"""The shared Markdown escapers (generator/markdown.py): spec text shows literally and cannot
plant links, images, autolinks, HTML, fences or headings, in any target's docs."""

from __future__ import annotations

import re

import pytest

from generator.markdown import Slugger, clean_text, code_block, md_cell, md_text, tidy

PLANTED = [
    "[x](javascript:alert(1))",
    "![img](javascript:alert(1))",
    "<javascript:alert(1)>",
    "<https://evil.example/steal>",
    '<img src=x onerror="alert(1)">',
    "[ref]: javascript:alert(1)",
]


def inert(out: str) -> bool:
    """No live link, image, reference definition, autolink or HTML tag in Markdown text."""
    live_link = re.search(r"(?<!\\)\]\(", out)
    live_image = "![" in out
    ref_definition = re.search(r"^\s{0,3}\[[^\]]*\]:", out, re.M)
    tag_or_autolink = "<" in out or ">" in out
    return not (live_link or live_image or ref_definition or tag_or_autolink)


@pytest.mark.parametrize("text", PLANTED)
def test_planted_markup_is_inert_in_cells_and_prose(text: str) -> None:
    assert inert(md_cell(text)), md_cell(text)
    assert inert(md_text(text)), md_text(text)
    assert inert(md_text("intro\n\n" + text + "\nmore")), md_text(text)


def test_md_cell_is_one_safe_line() -> None:
    out = md_cell("a|b\nc <x> & `y` \\| [l](u)")
    assert "\n" not in out
    assert "<" not in out and ">" not in out
    assert out.startswith("a\\|b c &lt;x&gt; &amp; \\`y\\` \\\\\\| \\[l\\](u)")
    # Every `|` left is escaped, so a table row keeps its cells.
    assert not re.search(r"(?<!\\)\|", out.replace("\\\\", ""))


def test_md_cell_limit_cuts_before_escaping() -> None:
    out = md_cell("<" * 50, limit=10)
    assert out == "&lt;" * 9 + "…"
    assert md_cell("short", limit=10) == "short"
    assert md_cell(12) == "12"


def test_md_text_neutralises_blocks() -> None:
    out = md_text("para\n```\n# h\n===\n<script>\n[x](javascript:1)\n    ~~~\n---")
    assert "\n```" not in out and "\n# h" not in out and "\n===" not in out
    assert "<script>" not in out and not re.search(r"(?<!\\)\]\(javascript", out)
    assert "\n~~~" not in out and "\n   ~~~" not in out
    assert not re.search(r"^-{2,}\s*$", out, re.M)
    assert out.startswith("para")


def test_md_text_keeps_paragraphs_lists_and_inline_code() -> None:
    assert md_text("a\n\n\n\nb\n- item `x`") == "a\n\nb\n- item `x`"


def test_clean_text_unifies_line_breaks_and_drops_controls() -> None:
    assert clean_text("a\r\nb\rc\u2028d\x00e\u202ef") == "a\nb\nc\ndef"


def test_code_block_fence_outgrows_backticks() -> None:
    block = code_block('x = "````"')
    assert block.startswith("`````python\n") and block.endswith("\n`````")
    assert code_block("x", "go") == "```go\nx\n```"


def test_slugger_numbers_repeats_like_github() -> None:
    s = Slugger()
    assert [s.slug(h) for h in ("Hello, World!", "Hello World", "hello-world", "Ünï Cödé")] == [
        "hello-world",
        "hello-world-1",
        "hello-world-2",
        "ünï-cödé",
    ]


def test_tidy_folds_blank_lines_outside_fences_only() -> None:
    text = "a\n\n\n\nb  \n```\nx\n\n\n\ny  \n```\n\n\nc\n\n"
    assert tidy(text) == "a\n\nb\n```\nx\n\n\n\ny  \n```\n\nc\n"
