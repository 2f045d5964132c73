"""Count code lines: no blank lines, comments, docstrings (string statements) or imports.

python bench/codelines.py $(find plugins/stripe/src -name '*.py')
"""

from __future__ import annotations

import ast
import io
import sys
import tokenize

_LAYOUT = frozenset(
    {tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT, tokenize.ENDMARKER}
)


def count(source: str) -> int:
    """The number of lines of ``source`` that hold code."""
    skipped: set[int] = set()
    for node in ast.walk(ast.parse(source)):
        value = node.value if isinstance(node, ast.Expr) else None
        docstring = isinstance(value, ast.Constant) and isinstance(value.value, str)
        if docstring or isinstance(node, ast.Import | ast.ImportFrom):
            skipped.update(range(node.lineno, (node.end_lineno or node.lineno) + 1))  # type: ignore[attr-defined]
    lines: set[int] = set()
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type not in _LAYOUT:
            lines.update(n for n in range(token.start[0], token.end[0] + 1) if n not in skipped)
    return len(lines)


def main(paths: list[str]) -> None:
    total = 0
    for path in paths:
        with open(path, encoding="utf-8") as file:
            n = count(file.read())
        total += n
        print(f"{n:5d} {path}")
    print(f"{total:5d} total")


if __name__ == "__main__":
    main(sys.argv[1:])
