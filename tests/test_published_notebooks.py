"""A published notebook reads as its chapter: numbers, citations, captions, no MyST, no solutions.

The notebook behind a page's download button (and its copy on the notebooks branch) is read back
and compared with the built page itself: every glued number the page shows appears in the
notebook's prose in the same order, every citation reads as on the page and its work is listed
under "References", figure captions and admonition titles are there, and no text or code of a
solution is.
"""

from __future__ import annotations

import re

import nbformat
import pytest
from bs4 import BeautifulSoup

from baikonur.book.notebook_render import (
    PageFacts,
    RenderError,
    format_glue,
    render_markdown,
    render_notebook,
)
from conftest import NOTEBOOK_PAGES

MYST_LEFTOVERS = (
    "{glue",
    "{cite",
    "{term",
    "{ref}",
    "{numref}",
    ":::{",
    "```{",
    "{exercise",
    "{solution",
)
NUMBER = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")
SOLUTION = ".solution"


QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\xa0": " "})


def normalise(text: str) -> str:
    """Whitespace collapsed, and Sphinx's typographic quotes as the source's plain ones."""
    return " ".join(text.translate(QUOTES).split())


def prose(notebook: nbformat.NotebookNode) -> str:
    """The notebook's Markdown as a reader sees it: link targets, emphasis and quote marks dropped."""
    text = "\n\n".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"^> ?", "", text, flags=re.MULTILINE)
    return normalise(text.replace("*", "").replace("`", "").replace("\\$", "$").replace("\\", ""))


def article(book_html, page: str) -> BeautifulSoup:
    soup = BeautifulSoup((book_html / f"{page}.html").read_text(encoding="utf-8"), "html.parser")
    return soup.select_one("article.bd-article")


def outside_solutions(elements):
    return [element for element in elements if not element.find_parent(class_="solution")]


def published(book_html, page: str) -> nbformat.NotebookNode:
    downloaded = (book_html / "_sources" / f"{page}.ipynb").read_text(encoding="utf-8")
    branch = (book_html / "notebooks" / f"{page}.ipynb").read_text(encoding="utf-8")
    assert downloaded == branch, (
        f"{page}: the download button and the notebooks branch offer different notebooks"
    )
    return nbformat.reads(downloaded, as_version=4)


@pytest.mark.build
@pytest.mark.parametrize("page", NOTEBOOK_PAGES)
def test_no_markdown_cell_shows_myst(book_html, page):
    notebook = published(book_html, page)
    leftovers = [
        (index, marker)
        for index, cell in enumerate(notebook.cells)
        if cell.cell_type == "markdown"
        for marker in MYST_LEFTOVERS
        if marker in cell.source
    ]
    assert leftovers == [], f"{page}: MyST left in Markdown cells (cell, text): {leftovers}"
    labels = [
        cell.source.splitlines()[0]
        for cell in notebook.cells
        if cell.cell_type == "markdown" and re.match(r"^\([\w:.-]+\)=", cell.source)
    ]
    assert labels == [], f"{page}: target labels left in the prose: {labels}"
    dollars = [
        index
        for index, cell in enumerate(notebook.cells)
        if cell.cell_type == "markdown" and re.search(r"(?<!\\)\$", cell.source)
    ]
    assert dollars == [], f"{page}: a bare $ opens TeX in Jupyter's Markdown (cells {dollars})"


@pytest.mark.build
@pytest.mark.parametrize("page", NOTEBOOK_PAGES)
def test_glued_numbers_equal_the_pages_in_order(book_html, page):
    shown = [
        number
        for span in outside_solutions(article(book_html, page).select("span.pasted-text"))
        for number in NUMBER.findall(span.get_text())
    ]
    written = NUMBER.findall(prose(published(book_html, page)))
    position = 0
    for index, number in enumerate(shown):
        while position < len(written) and written[position] != number:
            position += 1
        assert position < len(written), (
            f"{page}: the page's glued number #{index + 1} ({number}, after {shown[max(0, index - 3) : index]}) "
            "is not in the notebook's prose in that order"
        )
        position += 1


@pytest.mark.build
@pytest.mark.parametrize("page", [page for page in NOTEBOOK_PAGES if page.startswith("chapters/")])
def test_citations_read_as_on_the_page_with_references_at_the_end(book_html, page):
    body = article(book_html, page)
    notebook = published(book_html, page)
    text = prose(notebook)
    citations = {
        normalise(span.get_text())
        for span in outside_solutions(body.select("span.bibtex-citation"))
    }
    assert citations, f"{page}: the page cites nothing?"
    missing = sorted(citation for citation in citations if citation not in text)
    assert missing == [], (
        f"{page}: citations not in the notebook as the page prints them: {missing[:5]}"
    )
    references = notebook.cells[-1]
    assert references.cell_type == "markdown" and references.source.startswith("## References")
    works = {
        link["href"].split("#", 1)[1]
        for link in outside_solutions(body.select("span.bibtex-citation a[href]"))
    }
    listed = [line for line in references.source.splitlines() if line.startswith("- ")]
    assert len(listed) == len(works), (
        f"{page}: {len(works)} works cited, {len(listed)} listed under References"
    )


@pytest.mark.build
@pytest.mark.parametrize("page", [page for page in NOTEBOOK_PAGES if page.startswith("chapters/")])
def test_captions_admonitions_and_exercise_prompts_are_kept(book_html, page):
    body = article(book_html, page)
    text = prose(published(book_html, page))
    for caption in outside_solutions(body.select("figcaption:has(.caption-number)")):
        number = normalise(caption.select_one(".caption-number").get_text())
        words = normalise(caption.select_one(".caption-text").get_text())
        assert f"{number}. {words}" in text, (
            f"{page}: figure caption missing from the notebook: {number} {words[:80]}"
        )
    for title in body.select("div.admonition:not(.solution):not(.exercise) > p.admonition-title"):
        assert normalise(title.get_text()) in text, (
            f"{page}: admonition {title.get_text()!r} missing"
        )
    exercises = body.select("div.exercise")
    for exercise in exercises:
        number = normalise(exercise.select_one(".caption-number").get_text())
        prompt = normalise(
            exercise.select_one("section, .exercise-content, p:not(.admonition-title)").get_text()
        )
        assert number in text and prompt[:60] in text, f"{page}: {number} or its prompt is missing"


@pytest.mark.build
@pytest.mark.parametrize("page", [page for page in NOTEBOOK_PAGES if page.startswith("chapters/")])
def test_no_solution_text_or_code_is_in_the_notebook(book_html, page):
    body = article(book_html, page)
    notebook = published(book_html, page)
    text = prose(notebook)
    code = "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "code")
    solutions = body.select("div.solution")
    assert solutions, f"{page}: the page has no solutions to compare with"
    for solution in solutions:
        for paragraph in solution.select("p:not(.admonition-title)"):
            sentence = normalise(paragraph.get_text())
            if len(sentence) > 30:
                assert sentence not in text, (
                    f"{page}: solution text in the notebook: {sentence[:80]}"
                )
        for block in solution.select("div.cell_input pre"):
            assert normalise(block.get_text()) not in normalise(code), (
                f"{page}: solution code in the notebook: {block.get_text()[:80]}"
            )


# --- the renderer on its own ------------------------------------------------------------------


def facts(**glue) -> PageFacts:
    return PageFacts(
        page="chapters/sample",
        glue={key: repr(value) for key, value in glue.items()},
        cite=lambda kind, keys: f"(Author, {keys[-4:]})",
        ref=lambda label, text: f"[{text or 'Title'}](https://book/{label}.html)",
        numbered=lambda label: {"fig-a": "Fig. 2.1", "ex-a": "Exercise 2.1"}.get(label),
    )


def test_glue_formats_as_myst_nb_does():
    assert format_glue("1547", ",") == "1,547"
    assert format_glue("92.04", ".1f") == "92.0"
    assert format_glue("'Soyuz'", "") == "Soyuz"
    assert format_glue("2035", "d") == "2035"


def test_a_solution_across_cells_is_dropped_with_its_code():
    notebook = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell(
                "(sample)=\n# Sample\n\nRent {glue:text}`rent:,.0f` million {cite:p}`tass2013`.\n\n"
                "```{exercise-start}\n:label: ex-a\n```\n\nHow much?\n\n```{exercise-end}\n```\n\n"
                "```{solution-start} ex-a\n:class: dropdown\n```\n\nSecret reasoning."
            ),
            nbformat.v4.new_code_cell("print('secret code')"),
            nbformat.v4.new_markdown_cell(
                "```{solution-end}\n```\n\n:::{admonition} Note well\nA {term}`lease <Lease>` is {sub}`x`.\n:::"
            ),
            nbformat.v4.new_code_cell(
                "x = 1",
                metadata={
                    "mystnb": {
                        "figure": {"caption": "A {glue:text}`rent:,.0f` map.", "name": "fig-a"}
                    }
                },
            ),
        ]
    )
    rendered = nbformat.from_dict(render_notebook(notebook, facts(rent=115.0)))
    sources = [cell.source for cell in rendered.cells]
    assert (
        sources[0]
        == "# Sample\n\nRent 115 million (Author, 2013).\n\n#### Exercise 2.1\n\nHow much?"
    )
    assert sources[1] == "> **Note well**\n>\n> A lease is <sub>x</sub>."
    assert sources[2] == "x = 1" and sources[3] == "**Fig. 2.1.** A 115 map."
    assert not any("secret" in source.lower() for source in sources)


def test_an_unknown_role_or_directive_stops_with_the_page_named():
    with pytest.raises(RenderError, match=r"chapters/sample: the role \{abbr\}"):
        render_markdown("An {abbr}`ISS (International Space Station)`.", facts())
    with pytest.raises(RenderError, match=r"chapters/sample: the directive \{mermaid\}"):
        render_markdown("```{mermaid}\ngraph TD\n```", facts())
    with pytest.raises(RenderError, match=r"no glued value named 'missing'"):
        render_markdown("{glue:text}`missing:,`", facts())
