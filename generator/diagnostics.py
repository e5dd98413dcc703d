"""Problems found while generating, collected as values and reported together."""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

_T = TypeVar("_T")


class Level(enum.Enum):
    """How bad a problem is: an error stops generation, a warning is reported."""

    ERROR = "error"
    WARNING = "warning"
    # A standard construct rewritten into our one representation (e.g. 3.0 `nullable`): shown
    # with --verbose and in JSON output, never fatal, not counted as a warning.
    NOTE = "note"


class Kind(enum.Enum):
    """What a diagnostic is about: `--strict` fails on problems, never on quirks.

    A quirk is a known deviation from the standard that was repaired the one way it can mean
    (nested tag lists, enum items written as objects, a number where a version string belongs);
    a problem is something the spec gets wrong or leaves undefined, which may need a fix.
    """

    QUIRK = "quirk"
    PROBLEM = "problem"


@dataclass(frozen=True)
class Diagnostic:
    """One problem, located as precisely as the source allows."""

    level: Level  # error stops generation; warning is reported
    message: str  # what is wrong and, where obvious, what to do
    file: str = ""  # the spec file (as given on the command line)
    pointer: str = ""  # JSON pointer into the document, "" for the whole file
    line: int | None = None  # 1-based line in the source, when known
    column: int | None = None  # 1-based column, when known
    hint: str = ""  # how to fix it, when the fix is obvious
    kind: Kind = Kind.PROBLEM  # quirk: a known deviation, repaired; problem: anything else

    def format(self) -> str:
        """`file:line:column: level: message [pointer]` (parts left out when unknown).

        Spec text in messages and pointers is shown with control characters escaped, so a
        hostile key cannot move the terminal's cursor or split the line.
        """
        where = _printable(self.file or "<spec>")
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        text = f"{where}: {self.level.value}: {_printable(self.message)}"
        if self.pointer:
            text += f" [{_printable(self.pointer)}]"
        if self.hint:
            text += f"\n  hint: {_printable(self.hint)}"
        return text

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready form for `--format json`."""
        return {
            "level": self.level.value,
            "kind": self.kind.value,
            "message": self.message,
            "file": self.file,
            "pointer": self.pointer,
            "line": self.line,
            "column": self.column,
            "hint": self.hint,
        }


@dataclass
class Diagnostics:
    """A collector passed through every stage; stages add to it instead of raising."""

    file: str = ""
    items: list[Diagnostic] = field(default_factory=list)
    # Maps JSON pointers to (line, column) when the loader could record them.
    positions: dict[str, tuple[int, int]] = field(default_factory=dict)
    _seen: set[tuple[Level, str, str]] = field(default_factory=set, repr=False, compare=False)

    def _add(
        self, level: Level, message: str, pointer: str, hint: str, kind: Kind = Kind.PROBLEM
    ) -> None:
        # The same problem found twice (a bad `$ref` is followed by several stages) is said once.
        key = (level, message, pointer)
        if key in self._seen:
            return
        self._seen.add(key)
        line, column = self._locate(pointer)
        self.items.append(Diagnostic(level, message, self.file, pointer, line, column, hint, kind))

    def _locate(self, pointer: str) -> tuple[int | None, int | None]:
        probe = pointer
        while True:
            if probe in self.positions:
                return self.positions[probe]
            if not probe:
                return None, None
            probe = probe.rsplit("/", 1)[0]

    def note(self, message: str, pointer: str = "") -> None:
        """Record a note: a standard construct was rewritten, nothing is wrong (a quirk)."""
        self._add(Level.NOTE, message, pointer, "", Kind.QUIRK)

    def error(self, message: str, pointer: str = "", hint: str = "") -> None:
        """Record an error: generation will not produce output."""
        self._add(Level.ERROR, message, pointer, hint)

    def warning(self, message: str, pointer: str = "", hint: str = "") -> None:
        """Record a warning: output is produced, the problem is reported."""
        self._add(Level.WARNING, message, pointer, hint)

    def quirk(self, message: str, pointer: str = "", hint: str = "") -> None:
        """Record a warning about a known quirk that was repaired (`--strict` lets it pass)."""
        self._add(Level.WARNING, message, pointer, hint, Kind.QUIRK)

    @property
    def errors(self) -> list[Diagnostic]:
        """The errors recorded so far."""
        return [d for d in self.items if d.level is Level.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        """The warnings recorded so far."""
        return [d for d in self.items if d.level is Level.WARNING]

    @property
    def problems(self) -> list[Diagnostic]:
        """The warnings that are problems, not repaired quirks (what `--strict` fails on)."""
        return [d for d in self.warnings if d.kind is Kind.PROBLEM]

    @property
    def has_errors(self) -> bool:
        """True when any error was recorded."""
        return any(d.level is Level.ERROR for d in self.items)


_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _printable(text: str) -> str:
    """`text` on one line, with control characters and line breaks written as escapes."""
    return _CONTROL.sub(lambda m: repr(m.group(0))[1:-1], text)


def pointer_join(pointer: str, *parts: object) -> str:
    """Extend a JSON pointer, escaping `~` and `/` in each part (RFC 6901)."""
    for part in parts:
        pointer += "/" + str(part).replace("~", "~0").replace("/", "~1")
    return pointer


class GenerationError(Exception):
    """Raised at a stage boundary when errors make going on pointless."""

    def __init__(self, diagnostics: Diagnostics) -> None:
        super().__init__(f"{len(diagnostics.errors)} error(s)")
        self.diagnostics = diagnostics


class UsageError(Exception):
    """Options that cannot work together (exit code 2)."""


class InternalError(Exception):
    """A generator bug (exit code 70)."""


class Reporter:
    """Where the pipeline says what it is doing. This base class stays silent.

    The CLI subclasses it to print stage lines and a progress bar when stderr is a terminal.
    """

    def stage(self, name: str, detail: str = "") -> None:
        """A stage begins (`detail`: counts or sizes worth showing)."""

    def iterate(self, label: str, items: Sequence[_T]) -> Iterable[_T]:
        """`items`, possibly with a progress bar labelled `label`."""
        return items
