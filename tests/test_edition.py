"""The citable edition: one version and date, from baikonur/__init__.py, on every page of the book,
in CITATION.cff (Citation File Format 1.2.0) and at the top of CHANGELOG.md, with a named maintainer
group and a link to report an error."""

from __future__ import annotations

import re

import pytest
import yaml

import baikonur
from conftest import REPO

CITATION = yaml.safe_load((REPO / "CITATION.cff").read_text(encoding="utf-8"))
CONFIG = yaml.safe_load((REPO / "_config.yml").read_text(encoding="utf-8"))


def changelog_editions() -> list[tuple[str, str]]:
    """(version, date) of every ``## [x.y.z] - YYYY-MM-DD`` heading of CHANGELOG.md, newest first."""
    text = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    return re.findall(r"^## \[(\d+\.\d+\.\d+)\] - (\d{4}-\d{2}-\d{2})$", text, flags=re.M)


def test_citation_and_changelog_name_the_package_edition():
    assert (CITATION["version"], CITATION["date-released"]) == (
        baikonur.__version__,
        baikonur.RELEASE_DATE,
    )
    assert changelog_editions()[0] == (baikonur.__version__, baikonur.RELEASE_DATE)
    preferred = CITATION["preferred-citation"]
    assert (preferred["version"], preferred["date-released"]) == (
        baikonur.__version__,
        baikonur.RELEASE_DATE,
    )


def test_citation_file_has_what_cff_1_2_0_requires():
    assert CITATION["cff-version"] == "1.2.0"
    assert CITATION["message"].strip() and CITATION["title"] == CONFIG["title"]
    assert re.fullmatch(r"\d{4}-(0[1-9]|1[012])-(0[1-9]|[12]\d|3[01])", CITATION["date-released"])
    assert all(author.get("name") or author.get("family-names") for author in CITATION["authors"])
    assert set(CITATION["license"]) == {"CC-BY-4.0", "MIT"}
    assert CITATION["preferred-citation"]["type"] == "book"


def test_the_maintainers_are_named_and_the_same_everywhere():
    assert CONFIG["author"] == CITATION["authors"][0]["name"]
    assert CITATION["repository-code"] == CONFIG["repository"]["url"]


@pytest.mark.build
def test_every_page_shows_the_edition_of_the_citation_and_a_way_to_report_an_error(book_html):
    issues = f'href="{CONFIG["repository"]["url"]}/issues"'
    edition = f'Edition <span class="edition-version">{CITATION["version"]}</span>'
    released = f'<time datetime="{CITATION["date-released"]}">'
    pages = [
        p
        for p in book_html.rglob("*.html")
        if not {"_static", "_sources"} & set(p.relative_to(book_html).parts)
    ]
    pages = [p for p in pages if 'http-equiv="Refresh"' not in p.read_text()[:200]]
    assert len(pages) >= 8
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert edition in text and released in text and issues in text, page.relative_to(book_html)
