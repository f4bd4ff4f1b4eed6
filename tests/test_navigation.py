"""The book's menus in Chromium at a phone's, a tablet's and a desktop's width.

The chapter list (primary sidebar) opens from its button at every width and closes from it on a
desktop (where the button collapses it); on a narrower screen the open list covers the page and
the button, and closes with a tap beside it or Escape. The page contents (secondary sidebar) open
from their button where they are folded away; Escape closes an open panel; focus moves into the
panel that opens and back to its button when it closes; a reader on a phone reaches every chapter
from the menu; a page has one search box; and an open menu passes axe-core in the light and the
dark theme.
"""

from __future__ import annotations

import pytest

from conftest import chapter_files, open_page, serious_axe_violations

pytestmark = [pytest.mark.build, pytest.mark.browser]

WIDTHS = [360, 768, 1280]
PAGE = "chapters/history.html"
CHAPTERS = [path.stem for path in chapter_files()]


@pytest.fixture
def chapter_page(browser, book_url, request):
    width = getattr(request, "param", 390)
    page = open_page(browser, viewport={"width": width, "height": 800})
    page.goto(f"{book_url}{PAGE}")
    page.wait_for_load_state("load")
    yield page
    uncaught = [error for error in page.console_errors if error.startswith("uncaught")]
    page.context.close()
    assert uncaught == []


ON_SCREEN = """selector => {
    const element = document.querySelector(selector);
    if (!element || !element.checkVisibility()) return false;
    const box = element.getBoundingClientRect();
    const visible = Math.min(box.right, innerWidth) - Math.max(box.left, 0);
    return box.width > 0 && visible >= box.width / 2;
}"""


def on_screen(page, selector: str) -> bool:
    """Whether the element is displayed and at least half of it lies inside the viewport."""
    return page.evaluate(ON_SCREEN, selector)


def comes_on_screen(page, selector: str, timeout: float = 5_000) -> bool:
    """Whether the element is on screen within ``timeout`` ms (a panel slides in, so it takes a moment)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function(ON_SCREEN, arg=selector, timeout=timeout)
    except PlaywrightTimeout:
        return False
    return True


def visible_toggle(page, kind: str):
    toggles = page.locator(f".{kind}-toggle:visible")
    assert toggles.count() == 1, f"{toggles.count()} visible {kind} sidebar buttons"
    return toggles.first


@pytest.mark.parametrize("chapter_page", WIDTHS, indirect=True)
def test_the_chapter_list_opens_from_its_button_and_closes_again(chapter_page):
    page = chapter_page
    width = page.viewport_size["width"]
    toggle = visible_toggle(page, "primary")
    starts_open = on_screen(page, ".bd-sidebar-primary")
    assert starts_open == (width >= 960), (
        f"at {width} px the chapter list starts {'open' if starts_open else 'closed'}"
    )

    toggle.click()
    page.wait_for_timeout(400)
    assert on_screen(page, ".bd-sidebar-primary") != starts_open, (
        f"at {width} px the button did not toggle the chapter list"
    )
    if starts_open:
        toggle.click()
    else:
        page.mouse.click(width - 10, 400)  # on the page beside the open list
    page.wait_for_timeout(400)
    assert on_screen(page, ".bd-sidebar-primary") == starts_open, (
        f"at {width} px the chapter list did not close again"
    )


@pytest.mark.parametrize("chapter_page", [360, 768], indirect=True)
def test_an_opened_chapter_list_takes_focus_and_escape_gives_it_back(chapter_page):
    page = chapter_page
    toggle = visible_toggle(page, "primary")
    toggle.click()
    page.wait_for_function(
        "document.querySelector('.bd-sidebar-primary').contains(document.activeElement)",
        timeout=5_000,
    )
    page.keyboard.press("Escape")
    page.wait_for_timeout(400)
    assert not on_screen(page, ".bd-sidebar-primary"), "Escape left the chapter list open"
    assert toggle.evaluate("button => button === document.activeElement"), (
        "focus did not return to the menu button"
    )


@pytest.mark.parametrize("chapter_page", [360, 768], indirect=True)
def test_the_page_contents_open_from_their_button_and_close_with_escape(chapter_page):
    page = chapter_page
    assert not on_screen(page, ".bd-sidebar-secondary")
    toggle = visible_toggle(page, "secondary")
    toggle.click()
    page.wait_for_function(
        "document.querySelector('.bd-sidebar-secondary').contains(document.activeElement)",
        timeout=5_000,
    )
    assert comes_on_screen(page, ".bd-sidebar-secondary"), (
        "the contents button did not open the page contents"
    )
    assert page.locator(".bd-sidebar-secondary a[href^='#']:visible").count() >= 3, (
        "the page contents list no sections"
    )
    page.keyboard.press("Escape")
    page.wait_for_timeout(400)
    assert not on_screen(page, ".bd-sidebar-secondary"), "Escape left the page contents open"
    assert toggle.evaluate("button => button === document.activeElement"), (
        "focus did not return to the contents button"
    )


def test_the_page_contents_stand_beside_the_text_on_a_desktop(browser, book_url):
    page = open_page(browser, viewport={"width": 1280, "height": 800})
    try:
        page.goto(f"{book_url}{PAGE}")
        assert on_screen(page, ".bd-sidebar-secondary")
        assert page.locator(".bd-sidebar-secondary a[href^='#']:visible").count() >= 3
    finally:
        page.context.close()


def test_a_reader_on_a_phone_reaches_every_chapter_from_the_menu(browser, book_url):
    page = open_page(
        browser, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    try:
        for chapter in CHAPTERS:
            page.goto(f"{book_url}intro.html")
            page.wait_for_load_state("load")
            visible_toggle(page, "primary").tap()
            link = page.locator(f".bd-sidebar-primary a[href$='{chapter}.html']")
            link.first.wait_for(state="visible", timeout=5_000)
            link.first.tap()
            page.wait_for_url(f"**/chapters/{chapter}.html", timeout=10_000)
    finally:
        page.context.close()


@pytest.mark.parametrize("chapter_page", WIDTHS, indirect=True)
def test_a_page_has_one_search_box(chapter_page):
    page = chapter_page
    search = page.locator(
        ".search-button-field:visible, .search-button__button:visible, .bd-search:visible"
    )
    assert search.count() == 1, f"{search.count()} search boxes at {page.viewport_size['width']} px"


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_an_open_menu_has_no_serious_accessibility_violation(browser, book_url, axe_script, theme):
    page = open_page(browser, viewport={"width": 390, "height": 844}, color_scheme=theme)
    try:
        page.goto(f"{book_url}{PAGE}")
        page.wait_for_load_state("load")
        visible_toggle(page, "primary").click()
        page.wait_for_timeout(400)
        assert on_screen(page, ".bd-sidebar-primary")
        serious = serious_axe_violations(page, axe_script)
        assert serious == {}
    finally:
        page.context.close()
