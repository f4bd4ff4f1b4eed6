"""Code cells fit the page: on a desktop a reader sees each line of a chapter's code whole, without
scrolling the cell sideways.

On a 1280 px window the theme gives a code cell 652 CSS pixels inside its padding (630 in an
exercise's solution), and the monospace font takes 8.4 px a character: 75 characters fit. A
chapter's code lines are held to one less (``LINE_LENGTH`` in :mod:`baikonur.book.chapter_code`,
which ``make lint`` and the pre-commit hook run); the browser test measures it.
"""

from __future__ import annotations

import jupytext
import pytest

from baikonur.book import chapter_code
from baikonur.book.chapter_code import LINE_LENGTH as CODE_LINE_LIMIT
from conftest import REPO, chapter_files, open_page

DESKTOP = {"width": 1280, "height": 900}
CHAPTERS = [*chapter_files(), REPO / "chapters" / "_template.md"]


def long_code_lines(chapter, limit: int = CODE_LINE_LIMIT) -> list[str]:
    """``file:line: length`` for every code-cell line longer than ``limit`` characters."""
    text = chapter.read_text(encoding="utf-8")
    problems = []
    for cell in chapter_code.code_cells(text):
        for offset, line in enumerate(cell.code.splitlines()):
            if len(line) > limit:
                problems.append(f"{chapter.name}:{cell.line + offset}: {len(line)} characters")
    return problems


def test_the_cells_found_are_the_code_cells_jupytext_reads():
    for chapter in CHAPTERS:
        ours = [
            cell.code.strip()
            for cell in chapter_code.code_cells(chapter.read_text(encoding="utf-8"))
        ]
        theirs = [
            cell.source.strip() for cell in jupytext.read(chapter).cells if cell.cell_type == "code"
        ]
        assert ours == theirs, chapter.name


def test_formatting_a_chapter_rewrites_only_its_code(tmp_path):
    metadata = "---\ntags: [hide-input]\nmystnb:\n  figure:\n    caption: |\n      A caption, wrapped\n      by hand.\n---\n"
    long_call = "total = sum([" + ", ".join(str(n) for n in range(30)) + "])"
    chapter = tmp_path / "page.md"
    chapter.write_text(
        f"# Page\n\nText.\n\n```{{code-cell}} ipython3\n{metadata}{long_call}\n```\n",
        encoding="utf-8",
    )
    assert any("more than" in problem for problem in chapter_code.problems(chapter))
    assert chapter_code.main(["format", str(chapter)]) == 0
    text = chapter.read_text(encoding="utf-8")
    assert text.startswith(
        f"# Page\n\nText.\n\n```{{code-cell}} ipython3\n{metadata}total = sum(\n"
    )
    assert chapter_code.problems(chapter) == []
    namespace: dict = {}
    exec(chapter_code.code_cells(text)[0].code, namespace)
    assert namespace["total"] == sum(range(30))


def test_the_width_check_finds_a_long_line_and_passes_a_short_one(tmp_path):
    chapter = tmp_path / "page.md"
    chapter.write_text(
        "# Page\n\n```{code-cell} ipython3\nshort = 1\n" + "x = " + "1 + " * 30 + "1\n```\n",
        encoding="utf-8",
    )
    assert long_code_lines(chapter) == ["page.md:5: 125 characters"]
    chapter.write_text("# Page\n\n```{code-cell} ipython3\nshort = 1\n```\n", encoding="utf-8")
    assert long_code_lines(chapter) == []


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda path: path.stem)
def test_no_code_line_of_a_chapter_is_wider_than_the_page(chapter):
    problems = long_code_lines(chapter)
    assert not problems, (
        f"code lines longer than {CODE_LINE_LIMIT} characters scroll sideways on a desktop; wrap or "
        "shorten them (`make lint` shows them too):\n" + "\n".join(problems)
    )


@pytest.mark.build
@pytest.mark.browser
def test_on_a_desktop_no_code_cell_scrolls_and_a_full_line_fits(browser, book_url):
    page = open_page(browser, viewport=DESKTOP)
    try:
        for chapter in chapter_files():
            page.goto(f"{book_url}chapters/{chapter.stem}.html")
            page.wait_for_load_state("load")
            measured = page.evaluate(
                """limit => [...document.querySelectorAll('div.cell_input pre')]
                    .filter(pre => pre.clientWidth > 0)
                    .map(pre => {
                        const probe = document.createElement('span');
                        probe.style.whiteSpace = 'pre';
                        probe.textContent = 'x'.repeat(limit);
                        pre.appendChild(probe);
                        const style = getComputedStyle(pre);
                        const room = pre.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
                        const fits = probe.getBoundingClientRect().width <= room;
                        probe.remove();
                        return {scrolls: pre.scrollWidth > pre.clientWidth, fits, text: pre.innerText.slice(0, 60)};
                    })""",
                CODE_LINE_LIMIT,
            )
            assert measured, f"{chapter.stem}: no code cell laid out"
            assert all(cell["fits"] for cell in measured), (
                f"{chapter.stem}: {CODE_LINE_LIMIT} characters do not fit a code cell"
            )
            scrolling = [cell["text"] for cell in measured if cell["scrolls"]]
            assert not scrolling, (
                f"{chapter.stem}: code cells scroll sideways at 1280 px: {scrolling}"
            )
    finally:
        page.context.close()
