"""Every internal link and resource of the built site resolves, anchors included.

The crawl reads every HTML page of the build (not the theme's template files under ``_static/``) and follows each ``href`` and ``src`` that stays on
the site (theme chrome, footer, citations, glossary terms, numbered references, downloads,
scripts, images): the file must exist, and a ``#fragment`` must name an element on the target
page. Links to the site's own address (``html.baseurl``) count as internal.
"""

from __future__ import annotations

import functools
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import pytest
from bs4 import BeautifulSoup

from conftest import built_site_url

pytestmark = pytest.mark.build

LINK_ATTRIBUTES = {
    "a": "href",
    "link": "href",
    "area": "href",
    "img": "src",
    "script": "src",
    "source": "src",
    "iframe": "src",
    "video": "src",
    "audio": "src",
}
INTERNAL = "http://book.invalid/"


@functools.cache
def _anchors(path: Path) -> frozenset[str]:
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    return frozenset(
        [tag["id"] for tag in soup.find_all(id=True)]
        + [tag["name"] for tag in soup.find_all("a", attrs={"name": True})]
    )


def broken_links(site: Path, site_url: str) -> list[str]:
    """``page -> target: problem`` for every internal link of the HTML pages under ``site`` that does
    not resolve."""
    problems = []
    for page in sorted(site.rglob("*.html")):
        relative = page.relative_to(site).as_posix()
        if relative.startswith("_static/"):
            continue  # the theme's own template sources, copied with its assets; not pages
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tag_name, attribute in LINK_ATTRIBUTES.items():
            for tag in soup.find_all(tag_name, attrs={attribute: True}):
                target = tag[attribute].strip()
                if site_url and target.startswith(site_url):
                    target = INTERNAL + target[len(site_url) :]
                resolved = urlparse(urljoin(INTERNAL + relative, target))
                if f"{resolved.scheme}://{resolved.netloc}/" != INTERNAL:
                    continue  # another site, mailto:, javascript:, data:
                path = site / unquote(resolved.path.lstrip("/"))
                if path.is_dir():
                    path = path / "index.html"
                if not path.is_file():
                    problems.append(f"{relative} -> {target}: no such file")
                elif (
                    resolved.fragment
                    and path.suffix == ".html"
                    and unquote(resolved.fragment) not in _anchors(path)
                ):
                    problems.append(
                        f"{relative} -> {target}: no element with id {resolved.fragment!r}"
                    )
    return problems


def test_the_crawl_reports_a_missing_page_and_a_missing_anchor(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "index.html").write_text(
        '<p id="here"><a href="sub/page.html#there">a</a> <a href="#here">b</a></p>'
    )
    (tmp_path / "sub" / "page.html").write_text(
        '<p id="there"><a href="page.html#nowhere">c</a> <a href="data.html">d</a> '
        '<a href="../index.html#here">e</a> <a href="https://example.org/x.html">f</a></p>'
    )
    assert broken_links(tmp_path, "") == [
        "sub/page.html -> page.html#nowhere: no element with id 'nowhere'",
        "sub/page.html -> data.html: no such file",
    ]


@pytest.mark.slow
def test_no_page_of_the_book_has_a_broken_link_or_anchor(book_html, print_edition):
    """The site as it is published: the HTML build with the print edition in its ``pdf/`` folder."""
    from baikonur.book.pdf import publish

    publish([print_edition["book"], print_edition["key"]], book_html)
    problems = broken_links(book_html, built_site_url(book_html))
    assert problems == [], f"{len(problems)} broken links:\n" + "\n".join(problems)


def test_the_footers_data_link_works_from_every_folder(book_html):
    for page in ("intro.html", "chapters/history.html", "appendix/glossary.html"):
        soup = BeautifulSoup((book_html / page).read_text(encoding="utf-8"), "html.parser")
        link = soup.select_one(".extra_footer a")
        assert link is not None, f"{page}: the footer has no link"
        target = urlparse(urljoin(INTERNAL + page, link["href"])).path.lstrip("/")
        assert target == "appendix/data.html", f"{page}: the footer's link points at {target}"
