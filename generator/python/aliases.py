"""Order type aliases so each is defined after the aliases it uses, and find recursive ones.

`Json = Union[str, List[Json]]` cannot run: the name is used before it exists. Aliases in a
cycle of aliases are written as `TypeAliasType("Json", Union[str, List["Json"]])` for pydantic
(which resolves the quoted names lazily) and as a plain recursive `TypeAlias` for type checkers
(mypy does not follow recursive `TypeAliasType`s).
"""

from __future__ import annotations

import io
import tokenize
from collections.abc import Iterator


def alias_order(deps: dict[str, set[str]]) -> tuple[list[str], set[str]]:
    """Aliases of `deps` (name -> names it uses) ordered dependencies first, and the recursive
    ones (in a cycle of aliases).

    Depth-first from each alias in `deps` order, dependencies in sorted order, with an explicit
    stack (Tarjan's algorithm): a chain of thousands of aliases costs no recursion depth.
    """
    order: list[str] = []
    recursive: set[str] = set()
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: list[str] = []
    on_stack_set: set[str] = set()
    for root in deps:
        if root in index:
            continue
        work: list[tuple[str, Iterator[str]]] = [(root, _children(root, deps))]
        _enter(root, index, low, on_stack, on_stack_set)
        while work:
            name, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child == name:
                    recursive.add(name)
                if child not in index:
                    _enter(child, index, low, on_stack, on_stack_set)
                    work.append((child, _children(child, deps)))
                elif child in on_stack_set:
                    low[name] = min(low[name], index[child])
                continue
            work.pop()
            order.append(name)
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[name])
            if low[name] == index[name]:
                component = []
                while True:
                    member = on_stack.pop()
                    on_stack_set.discard(member)
                    component.append(member)
                    if member == name:
                        break
                if len(component) > 1:
                    recursive.update(component)
    return order, recursive


def _children(name: str, deps: dict[str, set[str]]) -> Iterator[str]:
    return iter(sorted(d for d in deps[name] if d in deps))


def _enter(
    name: str,
    index: dict[str, int],
    low: dict[str, int],
    on_stack: list[str],
    on_stack_set: set[str],
) -> None:
    index[name] = low[name] = len(index)
    on_stack.append(name)
    on_stack_set.add(name)


def quote_names(annotation: str, names: set[str]) -> str:
    """`annotation` with each bare use of one of `names` written as a string forward reference.

    Tokenized, so a name inside a string literal (`Literal["Json"]`) is left alone.
    """
    lines = annotation.split("\n")
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    edits: list[tuple[int, int, str]] = []
    tokens = tokenize.generate_tokens(io.StringIO(annotation).readline)
    previous = ""
    for token in tokens:
        if token.type == tokenize.NAME and token.string in names and previous != ".":
            (row, col), (end_row, end_col) = token.start, token.end
            edits.append((starts[row - 1] + col, starts[end_row - 1] + end_col, token.string))
        if token.type not in (tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT):
            previous = token.string
    for begin, end, name in reversed(edits):
        annotation = annotation[:begin] + f'"{name}"' + annotation[end:]
    return annotation
