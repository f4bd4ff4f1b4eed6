"""Sources are original outlets, Wikipedia never stands alone, and the reader's page is clean.

The helpers (relay domains, citation groups, glossary terms) live in conftest.py; each check runs
once on the book and once on a small corrupted example, so a broken checker cannot pass quietly.
"""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from pybtex.database import parse_string

from baikonur.book.bibstyle import CasePreservingStyle
from conftest import (
    REPO,
    book_pages,
    chapter_files,
    relay_citations,
    undefined_frequent_terms,
    wikipedia_only_citations,
)

BIBFILE = REPO / "references.bib"


def test_no_bibliography_entry_cites_a_relay_or_mirror():
    assert relay_citations(BIBFILE) == []


def test_an_entry_on_a_relay_domain_is_reported(tmp_path):
    bibfile = tmp_path / "refs.bib"
    bibfile.write_text(
        BIBFILE.read_text()
        + "\n@misc{relayed, author = {{TASS}}, title = {Relayed}, year = {2025},"
        " url = {https://www.congofocus.com/news/le-kazakhstan}}\n"
    )
    problems = relay_citations(bibfile)
    assert len(problems) == 1 and "relayed" in problems[0] and "congofocus.com" in problems[0]


def test_no_citation_group_cites_wikipedia_alone():
    assert wikipedia_only_citations(book_pages(), BIBFILE) == []


def test_a_citation_group_of_wikipedia_keys_only_is_reported(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(
        "Named {cite:p}`wikipedia_baikonur`.\n"
        "Backed {cite:p}`wikipedia_baikonur,nasa_baikonur`.\n"
        "Told {cite:t}`wikipedia_baikonur_cosmodrome, wikipedia_ru_baikonur_city`.\n"
    )
    problems = wikipedia_only_citations([page], BIBFILE)
    assert [problem.split(":")[1] for problem in problems] == ["1", "3"]


def test_dollar_signs_in_titles_render_without_their_latex_escape():
    entry = parse_string(
        r"@misc{ap, author = {{Associated Press}}, title = {Russia to pay Kazakhstan \$1.1m, 5\% more}, year = {2006}}",
        "bibtex",
    ).entries["ap"]
    text = CasePreservingStyle().format_entry("ap", entry).text.render_as("text")
    assert "Russia to pay Kazakhstan $1.1m, 5% more" in text
    assert "\\" not in text


@pytest.mark.build
def test_the_rendered_bibliography_shows_no_backslash_escapes(book_html):
    page = BeautifulSoup((book_html / "appendix" / "bibliography.html").read_text(), "html.parser")
    entries = [item.get_text(" ", strip=True) for item in page.select("main div.citation")]
    assert len(entries) >= 100, "the bibliography page lists too few entries to be the real one"
    escaped = [entry for entry in entries if "\\" in entry]
    assert escaped == [], f"backslash escapes reach the page: {escaped[:3]}"
    assert any("$1.1m" in entry for entry in entries), "the AP title's dollar sign is missing"


def test_every_frequent_term_has_a_glossary_entry():
    assert undefined_frequent_terms(chapter_files(), REPO / "appendix" / "glossary.md") == []


def test_a_frequent_term_missing_from_the_glossary_is_reported(tmp_path):
    glossary = tmp_path / "glossary.md"
    original = (REPO / "appendix" / "glossary.md").read_text()
    glossary.write_text(original.replace("\nTenge\n", "\nTenge coin\n"))
    problems = undefined_frequent_terms(chapter_files(), glossary)
    assert len(problems) == 1 and "'tenge'" in problems[0]
