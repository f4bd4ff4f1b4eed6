"""The book judged by checkers nobody here wrote: the Nu Html Checker (vnu.jar, from npm, on a Java
runtime) finds no error on any built page; pa11y (HTML_CodeSniffer, WCAG 2 AA) and axe-core find
nothing at a phone's and a desktop's width, in the light and the dark theme. One Chromium serves each
checker's whole run.

The markup those checkers rejected came from the tools the book is built with and is mended at
build time by :mod:`baikonur.book.html_fixes`; the first tests below check those mends on the
markup the tools write, without a build."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest
from bs4 import BeautifulSoup

from baikonur.book.html_fixes import fix_page, redirect_page
from conftest import REPO, missing, open_page, serious_axe_violations

VNU_JAR = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
PA11Y = REPO / "node_modules" / "pa11y"
WIDTHS = [390, 1280]
SCHEMES = ["light", "dark"]


def built_pages(book_html: Path) -> list[Path]:
    """Every HTML page of the build (the theme's template fragments in _static are not pages)."""
    return sorted(
        p
        for p in book_html.rglob("*.html")
        if not {"_static", "_sources"} & set(p.relative_to(book_html).parts)
    )


def browsed_pages(book_html: Path) -> list[str]:
    """The pages a reader sees, as paths from the site's root (the root redirect goes to one of them)."""
    return [
        p.relative_to(book_html).as_posix()
        for p in built_pages(book_html)
        if p.name != "index.html" or p.parent != book_html
    ]


# --- the mends, on the markup the tools write ----------------------------------------------------


def test_a_pandas_table_loses_its_invalid_markup_and_its_headers_say_what_they_head():
    frame = pd.DataFrame(
        {"launches": [3, 5], "site": ["Baikonur", "Plesetsk"]},
        index=pd.Index([1957, 1958], name="year"),
    )
    fixed = fix_page(frame._repr_html_())
    soup = BeautifulSoup(fixed, "html.parser")
    assert soup.find("style") is None and soup.table.get("border") is None
    header_rows = soup.select("thead tr")
    assert len(header_rows) == 1, "the index's name should move into the header row's corner"
    assert [th.get_text() for th in header_rows[0].find_all("th")] == ["year", "launches", "site"]
    assert all(th["scope"] == "col" for th in soup.select("thead th"))
    assert [th["scope"] for th in soup.select("tbody th")] == ["row", "row"]
    assert fix_page(fixed) == fixed, "a page mended twice must not change again"


def test_a_table_with_two_levels_of_column_headers_names_each_cells_headers():
    columns = pd.MultiIndex.from_tuples(
        [("Soyuz", "crewed"), ("Soyuz", "cargo"), ("Proton", "cargo")], names=["family", "kind"]
    )
    frame = pd.DataFrame(
        [[1, 2, 3], [4, 5, 6]], index=pd.Index([2012, 2013], name="year"), columns=columns
    )
    soup = BeautifulSoup(fix_page(frame._repr_html_()), "html.parser")
    ids = {th["id"]: th.get_text(strip=True) for th in soup.select("th[id]")}
    value = soup.find("td", string="6")
    named = [ids[i] for i in value["headers"]]  # bs4 reads headers as a list of ids
    assert "Proton" in named and "cargo" in named and "2013" in named, named
    assert "Soyuz" not in named and "crewed" not in named
    assert not soup.select("th[scope]"), "scope is ambiguous with several header rows"
    assert all(
        th.get_text(strip=True) or not th.find_previous_sibling() for th in soup.select("thead th")
    )


def test_exercise_and_solution_bodies_get_ids_of_their_own():
    page = "".join(
        f'<div class="exercise admonition" id="ex-{n}">\n<p class="admonition-title">Exercise</p>\n'
        f'<section id="exercise-content">\n<p>Q</p>\n</section>\n</div>\n'
        f'<div class="solution dropdown admonition" id="chapters/x-solution-{n}">\n<p class="admonition-title">Solution</p>\n'
        f'<section id="solution-content">\n<p>A</p>\n</section>\n</div>\n'
        for n in (1, 2)
    )
    ids = re.findall(r'id="([^"]+)"', fix_page(page))
    assert len(ids) == len(set(ids)) == 8
    assert "ex-2-content" in ids and "chapters/x-solution-1-content" in ids


def test_a_folded_code_cells_summary_holds_only_phrasing_content():
    page = (
        '<details class="admonition hide above-input"><summary aria-label="Toggle hidden content">\n'
        '<p class="collapsed admonition-title">Show code cell source</p>\n'
        '<p class="expanded admonition-title">Hide code cell source</p>\n</summary><div>code</div></details>'
    )
    summary = BeautifulSoup(fix_page(page), "html.parser").summary
    assert summary.find("p") is None
    assert [span["class"] for span in summary.find_all("span")] == [
        ["collapsed", "admonition-title"],
        ["expanded", "admonition-title"],
    ]


def test_the_search_form_has_a_submit_button_and_the_search_page_one_search_input_id():
    form = (
        '<form class="bd-search d-flex align-items-center" action="search.html" method="get">\n'
        '  <i class="fa-solid fa-magnifying-glass"></i>\n  <input type="search" id="search-input" name="q"/></form>'
    )
    soup = BeautifulSoup(fix_page(form + form), "html.parser")
    assert len(soup.select('form.bd-search button[type="submit"]')) == 2
    assert [i["id"] for i in soup.select("input")] == ["search-input", "search-input-page"]


def test_the_root_redirect_is_a_whole_page():
    soup = BeautifulSoup(redirect_page("intro.html", "Baikonur"), "html.parser")
    assert soup.html["lang"] == "en" and soup.title.string == "Baikonur"
    assert soup.find("meta", attrs={"http-equiv": "Refresh"})["content"] == "0; url=intro.html"
    assert soup.select_one("body a")["href"] == "intro.html"
    assert " ".join(soup.body.get_text().split()) == "This book starts at Baikonur."


def test_a_translated_editions_redirect_and_search_button_speak_its_language():
    page = redirect_page("intro.html", "Байқоңыр", "kk", "Кітап мына беттен басталады: {link}.")
    soup = BeautifulSoup(page, "html.parser")
    assert soup.html["lang"] == "kk"
    assert " ".join(soup.body.get_text().split()) == "Кітап мына беттен басталады: Байқоңыр."
    form = '<form class="bd-search d-flex align-items-center" action="search.html" method="get">\n  <i class="fa-solid fa-magnifying-glass"></i>\n  <input type="search" id="search-input" name="q"/></form>'
    fixed = BeautifulSoup(fix_page(form, "Іздеу"), "html.parser")
    assert fixed.select_one("button[type=submit]")["aria-label"] == "Іздеу"


# --- the built book ------------------------------------------------------------------------------


@pytest.mark.build
def test_every_page_describes_itself_and_the_site_has_an_icon(book_html):
    descriptions = {}
    for path in built_pages(book_html):
        soup = BeautifulSoup(path.read_text(), "html.parser")
        meta = soup.find_all("meta", attrs={"name": "description"})
        assert len(meta) == 1 and 40 <= len(meta[0]["content"]) <= 160, (
            f"{path.relative_to(book_html)}: {meta}"
        )
        descriptions[path.relative_to(book_html).as_posix()] = meta[0]["content"]
        if path.name != "index.html":
            icon = soup.find("link", rel="icon")
            assert icon is not None and (path.parent / icon["href"]).is_file(), (
                f"{path.name}: no icon"
            )
    chapters = [text for page, text in descriptions.items() if page.startswith("chapters/")]
    assert len(set(chapters)) == len(chapters), "two chapters share one description"


@pytest.mark.build
@pytest.mark.slow
def test_every_page_is_valid_html_by_the_nu_html_checker(book_html):
    java = shutil.which("java")
    if java is None:
        missing(
            "java not found: install a Java runtime (apt-get install default-jre-headless) for the Nu Html Checker"
        )
    if not VNU_JAR.is_file():
        missing(f"vnu.jar not found at {VNU_JAR}: run `npm ci` in the repository")
    pages = built_pages(book_html)
    result = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--format", "json", "--exit-zero-always", *map(str, pages)],
        capture_output=True,
        text=True,
        timeout=900,
    )
    messages = json.loads(result.stderr)["messages"]
    errors = [
        f"{Path(m['url'].removeprefix('file:')).relative_to(book_html)}:{m.get('lastLine', '?')}: {m['message']}"
        for m in messages
        if m["type"] in ("error", "non-document-error")
    ]
    assert len(pages) > 5
    assert errors == [], f"{len(errors)} errors:\n" + "\n".join(errors[:40])


@pytest.mark.build
@pytest.mark.browser
@pytest.mark.slow
def test_pa11y_finds_no_wcag2aa_error_on_any_page_at_either_width_in_either_theme(
    book_html, book_url
):
    node = shutil.which("node")
    if node is None or not PA11Y.is_dir():
        missing(
            "pa11y not found: install Node.js and npm, then run `npm ci` (with PUPPETEER_SKIP_DOWNLOAD=1)"
        )
    version = subprocess.run([node, "--version"], capture_output=True, text=True).stdout.strip()
    if int(version.lstrip("v").split(".")[0]) < 20:
        missing(f"pa11y needs Node.js 20 or newer; this machine has {version}")
    urls = [f"{book_url}{page}" for page in browsed_pages(book_html)]
    job = json.dumps({"urls": urls, "widths": WIDTHS, "schemes": SCHEMES})
    environment = {
        **os.environ,
        "PUPPETEER_EXECUTABLE_PATH": os.environ.get(
            "PUPPETEER_EXECUTABLE_PATH", "/usr/bin/chromium"
        ),
    }
    result = subprocess.run(
        [node, str(REPO / "tests" / "pa11y_pages.js"), job],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=environment,
        timeout=1800,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    runs = json.loads(result.stdout)
    assert len(runs) == len(urls) * len(WIDTHS) * len(SCHEMES)
    wrong_theme = [(r["url"], r["scheme"], r["theme"]) for r in runs if r["theme"] != r["scheme"]]
    assert wrong_theme == [], f"pages not in the theme asked for: {wrong_theme[:5]}"
    errors = [
        f"{r['url'].removeprefix(book_url)} at {r['width']} px, {r['scheme']}: {i['code']} {i['selector']}: {i['message']}"
        for r in runs
        for i in r["issues"]
        if i["type"] == "error"
    ]
    assert errors == [], f"{len(errors)} errors:\n" + "\n".join(errors[:40])


@pytest.mark.build
@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("scheme", SCHEMES)
def test_axe_finds_nothing_serious_on_any_page_at_a_phones_width_or_a_desktops(
    browser, book_html, book_url, axe_script, scheme
):
    page = open_page(browser, color_scheme=scheme)
    failures = {}
    try:
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 844 if width < 600 else 1024})
            for path in browsed_pages(book_html):
                page.goto(f"{book_url}{path}")
                page.wait_for_load_state("load")
                assert page.evaluate("document.documentElement.dataset.theme") == scheme
                serious = serious_axe_violations(page, axe_script)
                if serious:
                    failures[f"{path} at {width} px"] = serious
    finally:
        page.context.close()
    assert failures == {}, json.dumps(failures, indent=1)


def test_an_empty_heading_goes():
    page = '<div id="jb-print-docs-body" class="onlyprint">\n    <h1></h1>\n    <!-- x --><h1 id="index">Index</h1></div>'
    assert BeautifulSoup(fix_page(page), "html.parser").find_all("h1")[0].get_text() == "Index"
