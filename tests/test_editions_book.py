"""The book's Russian and Kazakh editions, built from this repository as ``make book LANG=ru``
and ``make book LANG=kk`` build them (every cell executed, warnings are errors), assembled with the
English build as ``make editions`` does.

``BAIKONUR_BUILT_SITE`` names a site made earlier with ``make editions EDITIONS="en ru kk"``
(``_build/site``) to check instead of building the two editions here.
"""

from __future__ import annotations

import os
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest

from conftest import REPO, open_page, serious_axe_violations, serving, toc_page_names

pytestmark = pytest.mark.build
SERIOUS = ("serious", "critical")
BASE = "https://baikonur-book.github.io/baikonur-book/"


@pytest.fixture(scope="session")
def editions_site(book_html, tmp_path_factory) -> Path:
    prebuilt = os.environ.get("BAIKONUR_BUILT_SITE")
    if prebuilt:
        return Path(prebuilt).resolve()
    from baikonur.book.editions import EDITIONS_ENV, build_edition

    build = tmp_path_factory.mktemp("editions") / "_build"
    site = build / "site"
    shutil.copytree(book_html, site)
    for code in ("ru", "kk"):
        try:
            html = build_edition(code, build=build, root=REPO, extra_env={EDITIONS_ENV: "en,ru,kk"})
        except SystemExit as error:
            pytest.fail(str(error))
        shutil.copytree(html, site / code)
    return site


def _pasted(html: str) -> list[str]:
    return re.findall(r'<span class="pasted-text">([^<]*)</span>', html)


@pytest.mark.parametrize("code", ["ru", "kk"])
def test_every_page_of_the_edition_declares_its_language_and_its_alternates(editions_site, code):
    for page in toc_page_names():
        html = (editions_site / code / f"{page}.html").read_text(encoding="utf-8")
        assert re.search(rf'<html[^>]* lang="{code}"', html), page
        alternates = dict(
            re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)"', html)
        )
        assert alternates == {
            "en": f"{BASE}{page}.html",
            "ru": f"{BASE}ru/{page}.html",
            "kk": f"{BASE}kk/{page}.html",
            "x-default": f"{BASE}{page}.html",
        }, page


@pytest.mark.parametrize("code", ["ru", "kk"])
def test_every_glued_number_appears_in_the_edition_in_its_format(editions_site, code):
    from baikonur.i18n import localize_number

    number = re.compile(r"-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?")
    checked = 0
    for page in toc_page_names():
        english = _pasted((editions_site / f"{page}.html").read_text(encoding="utf-8"))
        translated = _pasted((editions_site / code / f"{page}.html").read_text(encoding="utf-8"))
        expected = [
            localize_number(value, code) if number.fullmatch(value) else value for value in english
        ]
        # A translation may put a sentence's numbers in another order, but every one is there.
        missing = Counter(expected) - Counter(translated)
        extra = Counter(translated) - Counter(expected)
        assert not missing and not extra, (
            f"{code}/{page}: glued values missing {dict(missing)}, unexpected {dict(extra)}"
        )
        checked += len(english)
    assert checked > 100  # the chapters glue a couple of hundred values


def test_kazakh_pages_have_no_english_interface_strings(editions_site):
    from bs4 import BeautifulSoup

    for page in ("intro", "chapters/history", "appendix/glossary"):
        html = (editions_site / "kk" / f"{page}.html").read_text(encoding="utf-8")
        soup = BeautifulSoup(html, "html.parser")
        article = soup.select_one("article")
        if article is not None:
            article.decompose()  # the page's own text is translated by its catalog, later
        chrome = str(soup)
        for english in (
            "Back to top",
            "Skip to main content",
            "Search this book",
            "Download this page",
            "Download source file",
            "Toggle primary sidebar",
            "Toggle secondary sidebar",
            "Print to PDF",
            "Source repositor",
            "Open issue",
            "Launch on",
            "Fullscreen mode",
            "light/dark",
            "On this page",
            "Contents",
            'aria-label="Main"',
            "Maintained by",
            "Report it on the issues page",
            "Text licensed",
            "December",
        ):
            assert english not in chrome, f"{page}: {english!r} is still English"
        assert "Байқоңыр: екі ел арасындағы ғарыш айлағы" in chrome  # the book's title
        assert re.fullmatch(
            r"\d{4}\s?ж\.\s\d{1,2}\s\w+", soup.select_one("p.edition time").get_text()
        ), "the edition's date in Kazakh"


@pytest.fixture(scope="module")
def site_url(editions_site):
    with serving(editions_site) as url:
        yield url


@pytest.mark.browser
def test_kazakh_chapter_passes_axe_and_switches_to_the_same_page(browser, site_url, axe_script):
    page = open_page(browser, color_scheme="dark")
    try:
        page.goto(f"{site_url}kk/chapters/economics.html")
        page.wait_for_load_state("load")
        assert page.evaluate("document.documentElement.dataset.theme") == "dark"
        page.evaluate("document.fonts.ready.then(() => true)")
        serious = serious_axe_violations(page, axe_script)
        assert serious == {}
        # On a phone: the header with the switcher (the whole page at 360 px is the book's own test).
        page.set_viewport_size({"width": 360, "height": 800})
        violations = page.evaluate(
            "axe.run('.bd-header-article').then(result => result.violations)"
        )
        assert [v["id"] for v in violations if v["impact"] in SERIOUS] == []
        assert page.locator(".language-switcher summary").is_visible()
        page.locator(".language-switcher summary").click()
        with page.expect_navigation():
            page.locator(".language-switcher a", has_text="Русский").click()
        assert page.url == f"{site_url}ru/chapters/economics.html"
        page.locator(".language-switcher summary").click()
        with page.expect_navigation():
            page.locator(".language-switcher a", has_text="English").click()
        assert page.url == f"{site_url}chapters/economics.html"
        assert page.evaluate("document.documentElement.lang") == "en"
        assert page.console_errors == []
    finally:
        page.context.close()


@pytest.mark.slow
def test_no_page_of_the_translated_editions_has_a_broken_link(
    editions_site, print_edition_ru, print_edition_kk
):
    """The link crawl of tests/test_links.py over the Russian and Kazakh folders of the site,
    switcher and hreflang links included, with each edition's print edition in its pdf/ folder
    (as ``make editions`` assembles the site), where its landing page links it."""
    from test_links import broken_links

    from baikonur.book.pdf import publish

    for code, pdfs in (("ru", print_edition_ru), ("kk", print_edition_kk)):
        publish([pdfs["book"], pdfs["key"]], editions_site / code)
    problems = [
        problem
        for problem in broken_links(editions_site, BASE)
        if problem.startswith(("ru/", "kk/"))
        and not problem.startswith(("ru/_static/", "kk/_static/"))
    ]
    assert problems == [], f"{len(problems)} broken links:\n" + "\n".join(problems[:40])


def _quiz(site: Path, page: str):
    from bs4 import BeautifulSoup

    html = (site / f"{page}.html").read_text(encoding="utf-8")
    return BeautifulSoup(html, "html.parser").select_one("section.bq")


@pytest.mark.parametrize("code", ["ru", "kk"])
def test_every_quiz_is_in_the_editions_language(editions_site, code):
    """Title, prompts, options, items, units, labels and the script's words: none left in English,
    and the same questions with the same grading as the English quiz."""
    import json

    from baikonur.quiz.words import script_words

    chapters = [page for page in toc_page_names() if page.startswith("chapters/")]
    for page in chapters:
        english, ours = _quiz(editions_site, page), _quiz(editions_site / code, page)
        assert english is not None and ours is not None, page
        assert ours.h3.get_text() != english.h3.get_text(), page
        texts = [
            [
                node.get_text(" ", strip=True)
                for node in quiz.select("legend, label, li span, summary")
            ]
            for quiz in (english, ours)
        ]
        same = [
            text
            for text, theirs in zip(texts[1], texts[0], strict=True)
            if text == theirs and re.search(r"[A-Za-z]{3}", text)
        ]
        assert same == [], f"{code}/{page}: still English: {same[:5]}"
        specs = [
            json.loads(quiz.select_one("script:not([data-words])").string)
            for quiz in (english, ours)
        ]
        assert {k: v["answer"] for k, v in specs[1].items()} == {
            k: v["answer"] for k, v in specs[0].items()
        }
        words = json.loads(ours.select_one("script[data-words]").string)
        assert words == script_words(code), page


@pytest.mark.browser
def test_a_kazakh_quiz_answers_in_kazakh(browser, site_url):
    from baikonur.quiz.words import translated

    words = translated("kk", REPO / "locales")
    page = open_page(browser)
    try:
        page.goto(f"{site_url}kk/chapters/history.html")
        page.wait_for_selector("html[data-quiz-ready]", state="attached")
        first = page.locator("section.bq form.bq-q").first
        check = first.locator("button.bq-check")
        assert check.inner_text() == words["check"]
        check.click()
        assert first.locator(".bq-fb").inner_text() == words["choose_one"]
        first.locator("input[type=radio]").first.check()  # a wrong option in the bank
        check.click()
        feedback = first.locator(".bq-fb").inner_text()
        assert feedback.startswith(words["not_quite_hint"].split("{")[0].strip())
        back = first.locator(".bq-back").inner_text()
        assert back.startswith(words["revisit"].split("{")[0].strip())
        score = page.locator("section.bq .bq-score").inner_text()
        questions = page.locator("section.bq form.bq-q").count()
        assert score == words["score"].format(first=0, n=questions, tried=1)
        assert page.console_errors == []
    finally:
        page.context.close()
