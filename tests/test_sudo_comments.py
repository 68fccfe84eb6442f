"""Every ``.sudo()`` in the addons' non-test code says why elevated rights are needed: a comment
containing "sudo" on the call's line, in the comment block right above it, or (when the call sits
inside a multi-line statement) on or right above the statement's first line."""

import ast
import io
import tokenize

from conftest import REPO

ADDONS = ("complaint_management", "complaint_sla", "complaint_survey")


def addon_sources():
    """Non-test Python files of the three addons."""
    for addon in ADDONS:
        for path in sorted((REPO / addon).rglob("*.py")):
            if "tests" not in path.relative_to(REPO).parts:
                yield path


def _comments(source):
    """{line number: comment text} and the set of lines that hold nothing but a comment."""
    comments, alone = {}, set()
    lines = source.splitlines()
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type == tokenize.COMMENT:
            row = tok.start[0]
            comments[row] = tok.string
            if lines[row - 1].lstrip().startswith("#"):
                alone.add(row)
    return comments, alone


def _statement_heads(tree):
    """(first line, last line of the head) of every statement: the whole statement for a simple
    one, the lines before its body for a compound one (if, for, with, def, ...)."""
    heads = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.stmt):
            continue
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.stmt):
            first = node.decorator_list[0].lineno if getattr(node, "decorator_list", None) else None
            heads.append((first or node.lineno, body[0].lineno - 1))
        else:
            heads.append((node.lineno, node.end_lineno))
    return heads


def _explained(row, comments, alone):
    """A comment with "sudo" on ``row`` or in the contiguous comment block ending above it."""
    if "sudo" in comments.get(row, "").lower():
        return True
    row -= 1
    while row in alone:
        if "sudo" in comments[row].lower():
            return True
        row -= 1
    return False


def unexplained_sudo_calls(source):
    """Line numbers of ``.sudo(...)`` calls in ``source`` that carry no "sudo" comment."""
    tree = ast.parse(source)
    comments, alone = _comments(source)
    heads = _statement_heads(tree)
    missing = []
    for node in ast.walk(tree):
        if not (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "sudo"
        ):
            continue
        row = node.func.end_lineno
        if _explained(row, comments, alone):
            continue
        # the innermost statement (head) holding the call: a comment on its first line counts
        holding = [(first, last) for first, last in heads if first <= row <= last]
        first = max(holding)[0] if holding else row
        if first != row and _explained(first, comments, alone):
            continue
        missing.append(row)
    return sorted(set(missing))


def test_checker_accepts_explained_and_rejects_bare_sudo():
    source = (
        "def f(env):\n"
        "    # sudo: the visitor cannot read stages\n"
        "    a = env['x'].sudo()\n"
        "    b = env['x'].sudo()  # sudo: cron user\n"
        "    c = (  # sudo: public route\n"
        "        env['x']\n"
        "        .sudo()\n"
        "        .search([])\n"
        "    )\n"
        "    d = env['x'].sudo()\n"
        "    # not a reason\n"
        "    e = env['x'].sudo()\n"
        "    s = '# sudo in a string'; g = env['x'].sudo()\n"
    )
    assert unexplained_sudo_calls(source) == [10, 12, 13]


def test_every_sudo_in_addon_code_says_why():
    missing = []
    for path in addon_sources():
        for row in unexplained_sudo_calls(path.read_text(encoding="utf-8")):
            missing.append(f"{path.relative_to(REPO)}:{row}")
    assert not missing, (
        "sudo() without a comment saying why (# sudo: ...) on its line or right above:\n"
        + "\n".join(missing)
    )
