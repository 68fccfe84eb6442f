"""No function or method in the addons' non-test code is longer than MAX_LINES lines (from its
``def`` or first decorator to its last line): split long ones into named helpers."""

import ast

from conftest import REPO
from test_sudo_comments import addon_sources

MAX_LINES = 60


def long_functions(source, limit=MAX_LINES):
    """[(name, first line, length)] of the functions of ``source`` longer than ``limit``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            first = min([node.lineno] + [d.lineno for d in node.decorator_list])
            length = node.end_lineno - first + 1
            if length > limit:
                found.append((node.name, first, length))
    return found


def test_checker_counts_decorators_and_body():
    body = "".join(f"    x{i} = {i}\n" for i in range(59))
    assert long_functions(f"@staticmethod\ndef f():\n{body}") == [("f", 1, 61)]
    assert long_functions(f"def f():\n{body}") == []


def test_no_method_longer_than_the_limit():
    found = []
    for path in addon_sources():
        name = str(path.relative_to(REPO))
        for function, row, length in long_functions(path.read_text(encoding="utf-8")):
            found.append(f"{name}:{row} {function}: {length} lines")
    assert not found, f"functions over {MAX_LINES} lines:\n" + "\n".join(found)
