"""One way to put a computed number into a chapter's prose, checked in every chapter.

A number is computed in a cell the reader sees; a ``remove-cell`` directly below it holds nothing
but ``glue("key", value, display=False)`` calls with literal keys; the prose names the key in a
``{glue:text}`` role. So every key in the prose greps to exactly one glue call, and no glue call,
name template or helper sits in a cell a reader sees (CONTRIBUTING.md, "How to glue"). The value
glued is a name, or ``int()``/``float()`` of a name: whatever is computed, the reader sees computed.
"""

from __future__ import annotations

import ast
import re
from collections import Counter
from pathlib import Path

import jupytext
import pytest

from conftest import REPO, chapter_files

CHAPTERS = chapter_files()
# {glue}`key`, {glue:text}`key:,.0f`, and the page-qualified {glue:text}`page.md::key:.1f` a
# translation may use: the key is the word before the format.
GLUE_ROLE = re.compile(r"\{glue(?::\w+)?\}`(?:[^`:]*::)?(\w+)[^`]*`")


def code_cells(chapter: Path) -> list[tuple[list[str], str]]:
    return [(tags, source) for kind, tags, source in cells(chapter) if kind == "code"]


def cells(chapter: Path) -> list[tuple[str, list[str], str]]:
    notebook = jupytext.read(chapter)
    return [(cell.cell_type, cell.metadata.get("tags", []), cell.source) for cell in notebook.cells]


def glue_calls(source: str) -> list[ast.Call]:
    tree = ast.parse(source)
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "glue"
    ]


def is_glue_call(statement: ast.stmt) -> bool:
    call = statement.value if isinstance(statement, ast.Expr) else None
    return isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id == "glue"


def is_plain_value(value: ast.expr) -> bool:
    """A name, or ``int(name)``/``float(name)``: the value was computed in the visible cell above."""
    if (
        isinstance(value, ast.Call)
        and isinstance(value.func, ast.Name)
        and value.func.id in ("int", "float")
    ):
        return len(value.args) == 1 and not value.keywords and isinstance(value.args[0], ast.Name)
    return isinstance(value, ast.Name)


def literal_key(call: ast.Call) -> str | None:
    first = call.args[0] if call.args else None
    return first.value if isinstance(first, ast.Constant) and isinstance(first.value, str) else None


def markdown(chapter: Path) -> str:
    notebook = jupytext.read(chapter)
    return "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda path: path.stem)
def test_every_glue_call_is_alone_in_a_hidden_cell_with_a_literal_key(chapter):
    problems = []
    previous: tuple[str, list[str], str] = ("markdown", [], "")
    for kind, tags, source in cells(chapter):
        calls = glue_calls(source) if kind == "code" else []
        above, previous = previous, (kind, tags, source)
        if not calls:
            continue
        first_line = source.strip().splitlines()[0]
        if "remove-cell" not in tags:
            problems.append(
                f"glue() in a cell the reader sees (add the tag remove-cell): {first_line}"
            )
        if above[0] != "code" or "remove-cell" in above[1]:
            problems.append(
                f"a glue cell not directly below the visible cell that computes its values: {first_line}"
            )
        for call in calls:
            if literal_key(call) is None:
                problems.append(
                    f"glue key built at run time, not a literal string: {ast.unparse(call)[:80]}"
                )
        for call in calls:
            value = call.args[1] if len(call.args) > 1 else None
            if value is None or not is_plain_value(value):
                problems.append(
                    f"glue {literal_key(call)!r} computes its value in the hidden cell; compute it in the visible "
                    f"cell above and glue the name (or int()/float() of it): {ast.unparse(call)[:100]}"
                )
            key = literal_key(call) or ""
            if key.startswith(chapter.stem.replace("-", "_") + "_"):
                problems.append(
                    f"glue key {key!r} carries the chapter's name; keys belong to their page already"
                )
        if not all(is_glue_call(statement) for statement in ast.parse(source).body):
            problems.append(
                f"a glue cell holds more than glue calls (compute in the visible cell above): {first_line}"
            )
    assert not problems, f"{chapter.name}:\n" + "\n".join(problems)


def test_the_glue_rule_refuses_a_value_computed_in_the_hidden_cell(tmp_path):
    chapter = tmp_path / "page.md"
    visible = "```{code-cell} ipython3\nshare = 100 * 3 / 4\nyears = [2013, 2024]\n```\n\n"
    hidden = "```{code-cell} ipython3\n:tags: [remove-cell]\n\n{calls}\n```\n"
    glued = {
        'glue("share_pct", float(share), display=False)': None,
        'glue("share_pct", share, display=False)': None,
        'glue("share_pct", 100 * 3 / 4, display=False)': "computes its value in the hidden cell",
        'glue("first_year", int(years[0]), display=False)': "computes its value in the hidden cell",
        'glue("page_share", share, display=False)': "carries the chapter's name",
    }
    for call, problem in glued.items():
        chapter.write_text(
            "# Page\n\n" + visible + hidden.replace("{calls}", call), encoding="utf-8"
        )
        if problem is None:
            test_every_glue_call_is_alone_in_a_hidden_cell_with_a_literal_key(chapter)
        else:
            with pytest.raises(AssertionError, match=problem):
                test_every_glue_call_is_alone_in_a_hidden_cell_with_a_literal_key(chapter)


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda path: path.stem)
def test_every_glued_key_in_the_prose_has_exactly_one_glue_call(chapter):
    glued = Counter(
        literal_key(call) for _, source in code_cells(chapter) for call in glue_calls(source)
    )
    used = set(GLUE_ROLE.findall(markdown(chapter)))
    assert used, f"{chapter.relative_to(REPO)} glues no number into its prose"
    not_glued = sorted(key for key in used if glued[key] == 0)
    glued_twice = sorted(key for key in used if glued[key] > 1)
    unused = sorted(key for key in glued if key not in used)
    assert not not_glued, (
        f"{chapter.relative_to(REPO)}: used in the prose but never glued: {not_glued}"
    )
    assert not glued_twice, f"{chapter.relative_to(REPO)}: glued more than once: {glued_twice}"
    assert not unused, f"{chapter.relative_to(REPO)}: glued but used nowhere in the prose: {unused}"
