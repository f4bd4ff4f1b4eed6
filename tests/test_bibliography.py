"""Citations are unambiguous, in round brackets, and titles keep their capitals."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from baikonur.book.bibstyle import ambiguous_citations
from conftest import REPO


def test_citations_that_would_read_alike_are_reported(tmp_path):
    bibfile = tmp_path / "refs.bib"
    bibfile.write_text(
        "@misc{tass_a, author = {{TASS}}, title = {One}, year = {2025}}\n"
        "@misc{tass_b, author = {{TASS}}, title = {Two}, year = {2025}}\n"
        "@misc{tass_c, author = {{TASS}}, title = {Three}, year = {2024}}\n"
    )
    problems = ambiguous_citations(bibfile)
    assert len(problems) == 1
    assert "tass_a" in problems[0] and "tass_b" in problems[0] and "tass_c" not in problems[0]
    assert "(TASS, 2025)" in problems[0]


def test_letters_after_the_year_tell_entries_apart(tmp_path):
    bibfile = tmp_path / "refs.bib"
    bibfile.write_text(
        "@misc{tass_a, author = {{TASS}}, title = {One}, year = {2025a}}\n"
        "@misc{tass_b, author = {{TASS}}, title = {Two}, year = {2025b}}\n"
    )
    assert ambiguous_citations(bibfile) == []


def test_the_books_bibliography_has_no_ambiguous_citations():
    assert ambiguous_citations(REPO / "references.bib") == []


@pytest.mark.build
def test_citations_use_round_brackets_and_titles_keep_their_capitals(book_html):
    chapter = BeautifulSoup((book_html / "chapters" / "history.html").read_text(), "html.parser")
    citation = chapter.select_one("span.bibtex-citation")
    assert citation is not None, "the history chapter shows no citation"
    text = citation.get_text()
    assert text.startswith("(") and text.endswith(")"), f"citation not in round brackets: {text!r}"
    bibliography = (book_html / "appendix" / "bibliography.html").read_text()
    assert "GCAT: General Catalog of Artificial Space Objects" in bibliography
