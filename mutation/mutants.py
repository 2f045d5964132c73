"""Small source mutations of a connector, each a plausible slip a connector author could make.

Each mutant replaces one span of one file's source text (the rest of the file is untouched, so
a mutant reads as a one-line diff). The operators:

- ``compare``: ``==``/``!=``, ``<``/``<=``, ``>``/``>=``, ``in``/``not in``, ``is``/``is not`` swapped;
- ``boolean``: ``and``/``or`` swapped, ``not x`` -> ``x``, ``True``/``False`` swapped;
- ``number``: an integer ``n`` -> ``n + 1`` (``0`` -> ``1``);
- ``string``: a string that is a name, a key, a header, a pattern or a code (not prose, not a
  docstring) changed (``"email"`` -> ``"email_x"``);
- ``arith``: ``+``/``-`` swapped;
- ``drop-entry``: one entry of a dict literal removed (a field of a body, an error code, a limit);
- ``drop-keyword``: one keyword argument of a call removed (``param=...`` of a ``ConnectorError``);
- ``drop-statement``: an ``if`` without ``else``, a ``raise`` or a call statement replaced by ``pass``;
- ``return-none``: ``return <value>`` -> ``return None``.

Docstrings, imports, ``__all__``, ``__version__``, type annotations and lines marked
``# pragma: no mutate`` are left alone. A mutant's id names the file, the enclosing function or
assignment, the operator and the text it changes, so it stays the same when unrelated lines move.
"""

from __future__ import annotations

import ast
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Mutant", "mutants_of"]

_COMPARE: dict[type[ast.cmpop], str] = {
    ast.Eq: "!=",
    ast.NotEq: "==",
    ast.Lt: "<=",
    ast.LtE: "<",
    ast.Gt: ">=",
    ast.GtE: ">",
    ast.In: "not in",
    ast.NotIn: "in",
    ast.Is: "is not",
    ast.IsNot: "is",
}
_SKIPPED_NAMES = frozenset({"__all__", "__version__"})
_HUMAN_KEYWORDS = frozenset({"display_name", "docs_url", "help", "note", "message", "description"})
"""Keyword arguments holding text for people (names in messages, help, README notes): their
strings are not mutated (their presence still is, by ``drop-keyword``)."""


@dataclass(frozen=True)
class Mutant:
    """One mutation of one file: ``source[start:end]`` becomes ``replacement``."""

    path: Path
    """The file, relative to the package root."""
    line: int
    operator: str
    original: str
    replacement: str
    start: int
    end: int
    scope: str
    occurrence: int = 0

    @property
    def id(self) -> str:
        """Stable across unrelated edits: file, scope, operator, the text changed and the how-manyth."""
        change = f"{_short(self.original)}->{_short(self.replacement)}"
        return f"{self.path}::{self.scope}::{self.operator}::{change}#{self.occurrence}"

    def apply(self, source: str) -> str:
        return source[: self.start] + self.replacement + source[self.end :]

    def describe(self) -> str:
        return f"{self.path}:{self.line} {self.operator}: {_short(self.original)} -> {_short(self.replacement)}"


def _short(text: str, limit: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


class _Offsets:
    """(line, column) of the ast -> offset in the source text (columns are UTF-8 byte offsets)."""

    def __init__(self, source: str) -> None:
        self.lines = source.splitlines(keepends=True)
        self.starts = [0]
        for line in self.lines:
            self.starts.append(self.starts[-1] + len(line))

    def at(self, line: int, col: int) -> int:
        text = self.lines[line - 1]
        return self.starts[line - 1] + len(text.encode("utf-8")[:col].decode("utf-8", "replace"))

    def span(self, node: ast.AST) -> tuple[int, int]:
        return (
            self.at(node.lineno, node.col_offset),  # type: ignore[attr-defined]
            self.at(node.end_lineno, node.end_col_offset),  # type: ignore[attr-defined]
        )


def _is_docstring(node: ast.AST, parent: ast.AST | None) -> bool:
    return isinstance(parent, ast.Expr) and isinstance(node, ast.Constant) and isinstance(node.value, str)


def _prose(text: str) -> bool:
    """Human text (a message, a help line): its words are not what a processor reads."""
    return text.count(" ") >= 3 or (text.rstrip().endswith((".", ":")) and " " in text)


class _Collector(ast.NodeVisitor):
    def __init__(self, source: str, path: Path) -> None:
        self.source = source
        self.path = path
        self.offsets = _Offsets(source)
        self.found: list[Mutant] = []
        self.scope: list[str] = []
        self.parents: list[ast.AST] = []
        self.skip_lines = {number for number, line in enumerate(source.splitlines(), 1) if "pragma: no mutate" in line}

    # -- bookkeeping ---------------------------------------------------------------------------

    def _add(self, node: ast.AST, operator: str, replacement: str, span: tuple[int, int] | None = None) -> None:
        line = getattr(node, "lineno", 0)
        if line in self.skip_lines:
            return
        start, end = span or self.offsets.span(node)
        original = self.source[start:end]
        if original == replacement:
            return
        self.found.append(
            Mutant(self.path, line, operator, original, replacement, start, end, ".".join(self.scope) or "<module>")
        )

    def generic_visit(self, node: ast.AST) -> None:
        self.parents.append(node)
        super().generic_visit(node)
        self.parents.pop()

    def _scoped(self, name: str, node: ast.AST) -> None:
        self.scope.append(name)
        self.generic_visit(node)
        self.scope.pop()

    # -- what is never mutated -----------------------------------------------------------------

    def visit_Import(self, node: ast.Import) -> None:
        return

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        return

    def visit_arg(self, node: ast.arg) -> None:
        return  # annotations

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        if isinstance(node.target, ast.Name) and node.target.id in _SKIPPED_NAMES:
            return
        name = node.target.id if isinstance(node.target, ast.Name) else "<target>"
        self.scope.append(name)
        if node.value is not None:
            self.parents.append(node)
            self.visit(node.value)
            self.parents.pop()
        self.scope.pop()

    def visit_Assign(self, node: ast.Assign) -> None:
        names = [t.id for t in node.targets if isinstance(t, ast.Name)]
        if any(n in _SKIPPED_NAMES for n in names):
            return
        self._scoped(names[0] if names else "<target>", node)

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        self.scope.append(node.name)
        self.parents.append(node)
        for statement in node.body:
            self.visit(statement)  # not the decorators, arguments or return annotation
        self.parents.pop()
        self.scope.pop()

    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef) -> None:
        self.visit_FunctionDef(node)  # type: ignore[arg-type]

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self.scope.append(node.name)
        self.parents.append(node)
        for statement in node.body:
            self.visit(statement)
        self.parents.pop()
        self.scope.pop()

    # -- operators -----------------------------------------------------------------------------

    def visit_Compare(self, node: ast.Compare) -> None:
        left = node.left
        for op, right in zip(node.ops, node.comparators, strict=True):
            swap = _COMPARE.get(type(op))
            if swap is not None:
                start = self.offsets.span(left)[1]
                end = self.offsets.span(right)[0]
                self._add(node, "compare", f" {swap} ", (start, end))
            left = right
        self.generic_visit(node)

    def visit_BoolOp(self, node: ast.BoolOp) -> None:
        swap = "or" if isinstance(node.op, ast.And) else "and"
        for left, right in zip(node.values, node.values[1:], strict=False):
            self._add(node, "boolean", f" {swap} ", (self.offsets.span(left)[1], self.offsets.span(right)[0]))
        self.generic_visit(node)

    def visit_UnaryOp(self, node: ast.UnaryOp) -> None:
        if isinstance(node.op, ast.Not):
            self._add(node, "boolean", self.source[slice(*self.offsets.span(node.operand))])
        self.generic_visit(node)

    def visit_BinOp(self, node: ast.BinOp) -> None:
        swap = {ast.Add: "-", ast.Sub: "+"}.get(type(node.op))
        if swap is not None and not _is_text(node):
            self._add(node, "arith", f" {swap} ", (self.offsets.span(node.left)[1], self.offsets.span(node.right)[0]))
        self.generic_visit(node)

    def visit_Constant(self, node: ast.Constant) -> None:
        parent = self.parents[-1] if self.parents else None
        value = node.value
        if isinstance(value, bool):
            self._add(node, "boolean", "False" if value else "True")
        elif isinstance(value, int):
            self._add(node, "number", str(value + 1))
        elif isinstance(value, str) and self._mutable_text(value, node, parent):
            self._add(node, "string", repr(value + "_x"))

    @staticmethod
    def _mutable_text(value: str, node: ast.Constant, parent: ast.AST | None) -> bool:
        """A name, key, header, pattern or code: not empty, not prose, not a docstring or f-string part."""
        if not value or _prose(value):
            return False
        return not _is_docstring(node, parent) and not isinstance(parent, ast.JoinedStr)

    def visit_JoinedStr(self, node: ast.JoinedStr) -> None:
        for part in node.values:
            if isinstance(part, ast.Constant) and isinstance(part.value, str) and part.value and not _prose(part.value):
                # f-string parts have no reliable columns: mutate the whole f-string's literal text.
                text = self.source[slice(*self.offsets.span(node))]
                if part.value in text:
                    start = self.offsets.span(node)[0] + text.index(part.value)
                    self._add(node, "string", part.value + "_x", (start, start + len(part.value)))
        self.generic_visit(node)

    def visit_Dict(self, node: ast.Dict) -> None:
        if 1 <= len(node.keys) <= 40:
            for index in range(len(node.keys)):
                if node.keys[index] is None:
                    continue  # ** unpacking
                kept = ast.Dict(
                    keys=[k for i, k in enumerate(node.keys) if i != index],
                    values=[v for i, v in enumerate(node.values) if i != index],
                )
                self._add(node, "drop-entry", ast.unparse(kept))
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        for index, keyword in enumerate(node.keywords):
            if keyword.arg is None:
                continue
            kept = ast.Call(
                func=node.func, args=node.args, keywords=[k for i, k in enumerate(node.keywords) if i != index]
            )
            self._add(node, f"drop-keyword:{keyword.arg}", ast.unparse(kept))
        self.parents.append(node)
        self.visit(node.func)
        for argument in node.args:
            self.visit(argument)
        for keyword in node.keywords:
            if keyword.arg not in _HUMAN_KEYWORDS or not isinstance(keyword.value, ast.Constant | ast.JoinedStr):
                self.visit(keyword.value)
        self.parents.pop()

    def visit_If(self, node: ast.If) -> None:
        if not node.orelse:
            self._add(node, "drop-statement", "pass")
        self.generic_visit(node)

    def visit_Raise(self, node: ast.Raise) -> None:
        self._add(node, "drop-statement", "pass")
        self.generic_visit(node)

    def visit_Expr(self, node: ast.Expr) -> None:
        if isinstance(node.value, ast.Call):
            self._add(node, "drop-statement", "pass")
        self.generic_visit(node)

    def visit_Return(self, node: ast.Return) -> None:
        if node.value is not None and not (isinstance(node.value, ast.Constant) and node.value.value is None):
            self._add(node, "return-none", "return None")
        self.generic_visit(node)


def _is_text(node: ast.BinOp) -> bool:
    """A ``+`` joining strings (``"a" + b``): swapping it only raises a TypeError."""
    return any(
        isinstance(side, ast.Constant | ast.JoinedStr) and not isinstance(getattr(side, "value", 0), int)
        for side in (node.left, node.right)
    )


def mutants_of(path: Path, root: Path) -> Iterator[Mutant]:
    """Every mutant of the Python file ``path`` (ids relative to ``root``)."""
    source = path.read_text(encoding="utf-8")
    collector = _Collector(source, path.relative_to(root))
    collector.visit(ast.parse(source))
    seen: Counter[tuple[str, str, str, str]] = Counter()
    for mutant in sorted(collector.found, key=lambda m: (m.start, m.end, m.operator, m.replacement)):
        key = (mutant.scope, mutant.operator, _short(mutant.original), _short(mutant.replacement))  # what ids show
        seen[key] += 1
        yield Mutant(**{**mutant.__dict__, "occurrence": seen[key]})
