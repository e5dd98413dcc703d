"""SSEDecoder: one test per WHATWG event-stream rule, each fed whole, split in two at every
byte boundary and byte by byte; plus a property test against a reference implementation.
"""

from __future__ import annotations

import importlib
import itertools
import re
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

try:
    from helpers import build_runtime_package
except ImportError:  # tests/runtime imported as a package
    from .helpers import build_runtime_package  # type: ignore[no-redef]

Event = tuple[str | None, str, str | None, int | None]  # (event, data, id, retry)


@pytest.fixture(scope="module")
def sse(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    pkg = build_runtime_package(tmp_path_factory.mktemp("sse"), name="sse_decoder_pkg")
    return importlib.import_module(f"{pkg.__name__}._streaming")


def chunkings(raw: bytes) -> Iterator[list[bytes]]:
    """Whole, every 2-way split, and 1-byte chunks."""
    yield [raw]
    for i in range(1, len(raw)):
        yield [raw[:i], raw[i:]]
    yield [raw[i : i + 1] for i in range(len(raw))]


def decode(sse: ModuleType, chunks: list[bytes]) -> tuple[list[Event], bool]:
    decoder = sse.SSEDecoder()
    events: list[Event] = []
    for chunk in chunks:
        for ev in decoder.feed(chunk):
            events.append((ev.event, ev.data, ev.id, ev.retry))
    return events, decoder.finish()


def check(sse: ModuleType, raw: bytes, expected: list[Any], *, pending: bool = False) -> None:
    """Every chunking of `raw` gives `expected`: data strings, or full Event tuples."""
    for chunks in chunkings(raw):
        events, was_pending = decode(sse, chunks)
        if all(isinstance(x, str) for x in expected):
            assert [e[1] for e in events] == expected, f"chunks={chunks!r}"
        else:
            assert events == expected, f"chunks={chunks!r}"
        assert was_pending == pending, f"chunks={chunks!r}"


# --- one test per rule ------------------------------------------------------------------


def test_data_lines_joined_with_lf(sse: ModuleType) -> None:
    check(sse, b"data: a\ndata: b\n\ndata: c\n\n", ["a\nb", "c"])


def test_event_is_emitted_by_the_feed_that_completes_it(sse: ModuleType) -> None:
    decoder = sse.SSEDecoder()
    assert decoder.feed(b"data: a\n") == []
    assert [e.data for e in decoder.feed(b"\n")] == ["a"]


def test_comments_are_skipped(sse: ModuleType) -> None:
    raw = b": OPENROUTER PROCESSING\n\n:keep-alive\ndata: x\n: inside\ndata: y\n\n:\n\n"
    check(sse, raw, ["x\ny"])


@pytest.mark.parametrize(
    "raw",
    [
        b"data: a\n\ndata: b\n\n",
        b"data: a\r\rdata: b\r\r",
        b"data: a\r\n\r\ndata: b\r\n\r\n",
        b"data: a\r\n\ndata: b\n\r\n",
        b"data: a\r\rdata: b\n\r",  # LF CR is two line ends, not one
    ],
    ids=["lf", "cr", "crlf", "mixed", "lf-cr"],
)
def test_line_endings(sse: ModuleType, raw: bytes) -> None:
    check(sse, raw, ["a", "b"])


def test_crlf_split_across_chunks_is_one_line_end(sse: ModuleType) -> None:
    # If the CR and LF were counted separately, "data: a\r" + "\n" + "data: b\r\n\r\n" would
    # dispatch "a" alone; one line end keeps both lines in one event.
    check(sse, b"data: a\r\ndata: b\r\n\r\n", ["a\nb"])
    decoder = sse.SSEDecoder()
    assert decoder.feed(b"data: a\r") == []
    assert decoder.feed(b"") == []  # an empty chunk does not forget the pending CR
    assert decoder.feed(b"\ndata: b\r") == []
    assert [e.data for e in decoder.feed(b"\n\r\n")] == ["a\nb"]


def test_cr_at_chunk_end_then_other_text(sse: ModuleType) -> None:
    decoder = sse.SSEDecoder()
    assert decoder.feed(b"data: a\r") == []
    assert [e.data for e in decoder.feed(b"\rdata: b\n")] == ["a"]


def test_leading_bom_is_stripped(sse: ModuleType) -> None:
    check(sse, b"\xef\xbb\xbfdata: x\n\n", ["x"])


def test_only_the_first_bom_is_stripped(sse: ModuleType) -> None:
    # The second BOM becomes part of the field name "\ufeffdata", an unknown field.
    check(sse, b"\xef\xbb\xbf\xef\xbb\xbfdata: x\n\ndata: y\n\n", ["y"])
    check(sse, b"data: \xef\xbb\xbfx\n\n", ["\ufeffx"])


def test_event_field(sse: ModuleType) -> None:
    raw = b"event: delta\ndata: 1\n\ndata: 2\n\nevent:\ndata: 3\n\n"
    check(
        sse,
        raw,
        [("delta", "1", None, None), (None, "2", None, None), (None, "3", None, None)],
    )


def test_id_persists_and_nul_id_is_ignored(sse: ModuleType) -> None:
    raw = b"id: 7\ndata: a\n\ndata: b\n\nid: 8\x00\ndata: c\n\nid\ndata: d\n\n"
    check(
        sse,
        raw,
        [
            (None, "a", "7", None),
            (None, "b", "7", None),
            (None, "c", "7", None),
            (None, "d", None, None),
        ],
    )


def test_retry_only_all_digits(sse: ModuleType) -> None:
    raw = (
        b"retry: 3000\ndata: a\n\nretry: 1.5s\ndata: b\n\nretry:  10\ndata: c\n\n"
        b"retry: \xc2\xb2\ndata: d\n\nretry:\ndata: e\n\nretry: 0042\ndata: f\n\n"
    )
    check(
        sse,
        raw,
        [(None, x, None, 3000) for x in "abcde"] + [(None, "f", None, 42)],
    )


def test_id_and_retry_together(sse: ModuleType) -> None:
    check(sse, b"id: 7\nretry: 3000\ndata: x\n\n", [(None, "x", "7", 3000)])


def test_field_without_colon(sse: ModuleType) -> None:
    # "data" alone is a data line with an empty value; "event" alone resets the type.
    check(
        sse,
        b"data\n\nevent: x\nevent\ndata: y\n\n",
        [(None, "", None, None), (None, "y", None, None)],
    )
    check(sse, b"data\ndata\n\n", ["\n"])


def test_exactly_one_leading_space_is_stripped(sse: ModuleType) -> None:
    check(sse, b"data:x\n\ndata:  x\n\ndata: x \n\ndata:\n\n", ["x", " x", "x ", ""])


def test_colon_in_value_is_kept(sse: ModuleType) -> None:
    check(sse, b'data: {"a": "b:c"}\n\n', ['{"a": "b:c"}'])


def test_event_without_data_dispatches_nothing(sse: ModuleType) -> None:
    # The event type is reset too: the following event is a plain message.
    check(sse, b"event: ping\n\ndata: x\n\n", [(None, "x", None, None)])


def test_blank_lines_after_id_create_no_events(sse: ModuleType) -> None:
    check(sse, b"id: 1\ndata: a\n\n\n\n\nid: 2\n\n\n", [(None, "a", "1", None)])


def test_unknown_fields_are_ignored(sse: ModuleType) -> None:
    check(sse, b"foo: bar\nDATA: no\nData: no\ndata: yes\n\n", ["yes"])


def test_invalid_utf8_is_replaced(sse: ModuleType) -> None:
    check(sse, b"data: a\xffb\xfe\n\ndata: \xe2\x82\n\n", ["a\ufffdb\ufffd", "\ufffd"])


def test_multibyte_characters_split_across_chunks(sse: ModuleType) -> None:
    # 2-, 3- and 4-byte characters; chunkings() cuts inside each of them.
    check(sse, "data: é€😀\n\n".encode(), ["é€😀"])


def test_truncated_multibyte_character_at_end_counts_as_pending(
    sse: ModuleType,
) -> None:
    check(sse, b"data: a\n\n\xe2\x82", ["a"], pending=True)


@pytest.mark.parametrize("raw", [b"data: x", b"data: x\n", b"event: e\n", b"data: a\n\ndata: x"])
def test_pending_event_at_end_is_discarded(sse: ModuleType, raw: bytes) -> None:
    expected = ["a"] if raw.startswith(b"data: a\n\n") else []
    check(sse, raw, expected, pending=True)


def test_clean_end_reports_nothing_pending(sse: ModuleType) -> None:
    check(sse, b"data: x\n\n: trailing comment\n", ["x"])


def test_long_line_across_many_chunks(sse: ModuleType) -> None:
    decoder = sse.SSEDecoder()
    payload = b"x" * 100_000
    raw = b"data: " + payload + b"\n\n"
    events = [e for i in range(0, len(raw), 7) for e in decoder.feed(raw[i : i + 7])]
    assert [e.data for e in events] == [payload.decode()]


def test_other_unicode_line_breaks_are_data(sse: ModuleType) -> None:
    # str.splitlines() would split on these; SSE only knows CR and LF.
    text = "a\x0bb\x0cc\x1cd\x85e\u2028f\u2029g"
    check(sse, f"data: {text}\n\n".encode(), [text])


def test_one_event_per_chunk(sse: ModuleType) -> None:
    # Chunks that are exactly one event each take the decoder's fast path; state set by
    # earlier chunks (event type, id, retry, a pending CR) must still apply.
    chunks = [
        b"event: x\n",
        b"data: a\n\n",
        b"id: 5\nretry: 7\n",
        b"data: b\n\n",
        b"data: c\n",
        b"data: d\n\n",
        b"data: \n\n",
        b"data: e\r",
        b"\n\r\n",
        b"data: f\n\n",
        b"data: g",
        b"data: h\n\n",
    ]
    decoder = sse.SSEDecoder()
    events = [tuple(e) for c in chunks for e in decoder.feed(c)]
    assert events == reference(b"".join(chunks))
    assert [e[1] for e in events] == ["a", "b", "c\nd", "", "e", "f", "gdata: h"]
    assert events[0][0] == "x" and events[1][2:] == ("5", 7)


def test_iter_events_helper(sse: ModuleType) -> None:
    decoder = sse.SSEDecoder()
    events = list(decoder.iter_events(iter([b"data: a\n", b"\ndata: b\n\n", b"data: c"])))
    assert [e.data for e in events] == ["a", "b"]


def test_server_sent_event_value_semantics(sse: ModuleType) -> None:
    a = sse.ServerSentEvent(data='{"x": 1}', event="e", id="1", retry=5)
    assert a == sse.ServerSentEvent(data='{"x": 1}', event="e", id="1", retry=5)
    assert a != sse.ServerSentEvent(data='{"x": 1}')
    assert a.json() == {"x": 1}
    assert "event='e'" in repr(a)


# --- property test against a reference implementation -----------------------------------


def reference(raw: bytes) -> list[Event]:
    """The WHATWG algorithm, literally, on the whole input at once."""
    text = raw.decode("utf-8", errors="replace")
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = re.split(r"\r\n|\r|\n", text)[:-1]  # the last piece has no line end: discarded
    events: list[Event] = []
    data = ""
    event_type = ""
    last_id = ""
    retry: int | None = None
    for line in lines:
        if line == "":
            if data == "":
                event_type = ""
                continue
            events.append((event_type or None, data[:-1], last_id or None, retry))
            data = event_type = ""
            continue
        if line.startswith(":"):
            continue
        if ":" in line:
            name, _, value = line.partition(":")
            if value.startswith(" "):
                value = value[1:]
        else:
            name, value = line, ""
        if name == "event":
            event_type = value
        elif name == "data":
            data += value + "\n"
        elif name == "id":
            if "\0" not in value:
                last_id = value
        elif name == "retry":
            if value and all(c in "0123456789" for c in value):
                retry = int(value)
    return events


_values = st.one_of(
    st.sampled_from(["", " ", "x", " x", "  x", "3000", "1.5s", "7\x00", "[DONE]", ":", " :a"]),
    st.text(alphabet="ab é€😀:\x00\r\n0123456789", max_size=8),
).map(lambda s: s.encode())
_names = st.sampled_from([b"data", b"event", b"id", b"retry", b"foo", b"", b":", b"dat"])
_field_line = st.one_of(
    st.builds(lambda n, v: n + b":" + v, _names, _values),
    st.builds(lambda n, v: n + b": " + v, _names, _values),
    _names,
)
_line = st.one_of(
    _field_line,
    st.just(b""),
    st.builds(lambda v: b":" + v, _values),  # comment
    st.sampled_from([b"\xff", b"\xe2\x82", b"data: \xfe\xff", b"\xef\xbb\xbf"]),
)
_eol = st.sampled_from([b"\n", b"\r", b"\r\n"])
_stream = st.builds(
    lambda bom, lines, tail: bom + b"".join(line + eol for line, eol in lines) + tail,
    st.sampled_from([b"", b"\xef\xbb\xbf"]),
    st.lists(st.tuples(_line, _eol), max_size=25),
    st.sampled_from([b"", b"data: x", b"\xe2"]),
)


@settings(max_examples=200, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(raw=_stream, cuts=st.lists(st.integers(min_value=0, max_value=400), max_size=8))
def test_matches_reference_for_any_chunking(sse: ModuleType, raw: bytes, cuts: list[int]) -> None:
    points = sorted({c % (len(raw) + 1) for c in cuts})
    bounds = [0, *points, len(raw)]
    chunks = [raw[a:b] for a, b in itertools.pairwise(bounds)]
    events, _ = decode(sse, chunks)
    assert events == reference(raw)
    one_byte, _ = decode(sse, [raw[i : i + 1] for i in range(len(raw))])
    assert one_byte == events
    # One chunk per event, as servers usually write them (the decoder's fast path).
    per_event = [part + b"\n\n" for part in raw.split(b"\n\n")]
    per_event[-1] = per_event[-1][:-2]
    assert decode(sse, per_event)[0] == events
    # One chunk per field line, with blank lines kept with the line before them.
    per_line = [part for part in re.split(rb"(?<=\n)(?![\r\n])", raw) if part]
    assert decode(sse, per_line)[0] == events
