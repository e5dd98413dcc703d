"""The README's "File uploads and downloads" section: its programs run against a loopback server
and make the requests they show (an upload from a path as a multipart file part, a download
streamed to a file); an API without file arguments still documents the section."""

from __future__ import annotations

from pathlib import Path

import yaml
from docs_helpers import SEEDS, code_blocks, generate_with_docs, render_only, run_snippets
from files_helpers import files_doc


def _section(readme: str) -> str:
    start = readme.index("## File uploads and downloads")
    return readme[start : readme.index("\n## ", start + 1)]


def test_file_snippets_run_and_send_the_file(tmp_path: Path) -> None:
    spec = tmp_path / "files.yaml"
    spec.write_text(yaml.safe_dump(files_doc(), sort_keys=False), encoding="utf-8")
    sdk = generate_with_docs(spec, "Wire", "", tmp_path / "sdk")
    readme = sdk.docs["README.md"]
    assert "* [File uploads and downloads](#file-uploads-and-downloads)" in readme
    section = _section(readme)
    blocks = [("README.md", b) for b in code_blocks(section) if b.lang == "python"]
    assert len(blocks) == 2
    upload, download = blocks
    assert "client.uploads.create(file=path)" in upload[1].code
    assert "with_streaming_response.retrieve(" in download[1].code
    assert "write_to_file(" in download[1].code
    results = run_snippets(sdk, blocks, tmp_path)
    for result in results:
        assert result.returncode == 0, result.output
        assert len(result.requests) == 1 and result.output.strip()
    method, path, body = results[0].requests[0]
    assert (method, path) == ("POST", "/uploads")
    assert b'name="file"; filename="example.txt"\r\nContent-Type: text/plain' in body
    assert b"\r\n\r\nfile contents\r\n" in body
    assert results[1].requests[0][:2] == ("GET", "/blobs/%3Cid%3E")  # the "<id>" example
    assert (tmp_path / "download.bin").is_file()


def test_an_api_without_files_still_documents_streamed_responses() -> None:
    _api, _view, docs = render_only(*SEEDS["openrouter"])
    section = _section(docs["README.md"])
    assert "No operation of this API takes a file" in section
    [block] = [b for b in code_blocks(section) if b.lang == "python"]
    assert "with_streaming_response" in block.code and "iter_lines()" in block.code
