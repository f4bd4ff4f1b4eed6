"""The economics chapter's scenario explorer works in the static book, without a kernel.

In Chromium, on the built page: the table agrees with ``scenario_table`` (Python) at the default
and at 24 random slider settings; the arrow keys move a focused slider; axe finds nothing in light
or dark mode; it fits a 360 px screen; readers without JavaScript and print keep the static table
and figure; and what it adds to the page (script, style, data, markup) stays under 30 KB.
"""

from __future__ import annotations

import random
import re

import pytest

from baikonur.scenarios import (
    EXPLORER_GRID_FILE,
    EXPLORER_RANGES,
    ScenarioAssumptions,
    ScenarioExplorer,
    rent_and_cpi,
    scenario_payments,
    scenario_table,
)
from conftest import open_page

PAGE = "chapters/economics"
ORDER = ["Treaty rent", "Index-linked since 1994", "Renegotiated rent", "Early exit"]
SET = """([name, value]) => {
  const input = document.querySelector(`.scenario-explorer input[name="${name}"]`);
  input.value = String(value);
  input.dispatchEvent(new Event("input", {bubbles: true}));
}"""
SHOWN = """() => [...document.querySelectorAll('.scenario-explorer tbody tr')].map(
  row => [row.dataset.scenario, ...[...row.cells].slice(1).map(cell => cell.textContent)])"""


def python_rows(discount: float, inflation: float, rent: float, exit_year: int) -> list[list[str]]:
    rent_schedule, cpi = rent_and_cpi()
    assumptions = ScenarioAssumptions(
        discount_rate=discount, inflation=inflation, renegotiated_rent=rent, exit_year=exit_year
    )
    table = scenario_table(scenario_payments(rent_schedule, cpi, assumptions), cpi, assumptions)
    return [[name, *(f"{value:,.0f}" for value in table.loc[name])] for name in ORDER]


def settings() -> list[tuple[float, float, float, int]]:
    chooser = random.Random(2050)
    defaults = ScenarioAssumptions()
    points = [(defaults.discount_rate, defaults.inflation, 150.0, defaults.exit_year)]
    for _ in range(24):
        points.append(
            (
                round(chooser.randrange(31) * 0.005, 6),
                round(chooser.randrange(21) * 0.005, 6),
                float(chooser.randrange(81) * 5),
                chooser.randrange(2025, 2051),
            )
        )
    return points


@pytest.fixture
def explorer(browser, book_url):
    page = open_page(browser, viewport={"width": 1280, "height": 900})
    page.goto(f"{book_url}{PAGE}.html")
    page.wait_for_selector(".scenario-explorer[data-ready]", state="visible")
    yield page
    page.context.close()


def test_the_explorers_ranges_are_the_live_sliders():
    live = ScenarioExplorer(*rent_and_cpi(), ScenarioAssumptions())
    for name, (low, high, step) in EXPLORER_RANGES.items():
        slider = getattr(live, name)
        assert (slider.min, slider.max, slider.step) == (low, high, step), name
    assert (live.exit_year.min, live.exit_year.max) == (2025, 2050)


@pytest.mark.build
@pytest.mark.browser
def test_the_table_matches_python_at_25_settings(explorer):
    assert explorer.evaluate(SHOWN) == python_rows(*settings()[0]), (
        "the default setting differs from Python"
    )
    for discount, inflation, rent, exit_year in settings()[1:]:
        for name, value in (
            ("discount", discount),
            ("inflation", inflation),
            ("rent", rent),
            ("exit", exit_year),
        ):
            explorer.evaluate(SET, [name, value])
        expected = python_rows(discount, inflation, rent, exit_year)
        assert explorer.evaluate(SHOWN) == expected, (
            f"at {discount}, {inflation}, {rent}, {exit_year}"
        )
        assert explorer.inner_text("#scenario-discount-value") == f"{discount:.1%}"
    assert explorer.blocked_requests == [] and explorer.console_errors == []


@pytest.mark.build
@pytest.mark.browser
def test_arrow_keys_move_a_labelled_slider_and_the_table_follows(explorer):
    slider = explorer.get_by_label("Future US inflation")
    slider.focus()
    explorer.keyboard.press("ArrowRight")
    explorer.keyboard.press("ArrowRight")
    assert slider.get_attribute("aria-valuetext") == "3.5%"
    assert explorer.evaluate(SHOWN) == python_rows(0.05, 0.035, 150.0, 2035)
    summary = explorer.inner_text(".scenario-explorer__summary")
    assert (
        summary.startswith("Present values in 2026")
        and python_rows(0.05, 0.035, 150.0, 2035)[1][3] in summary
    )
    for label in (
        "Discount rate",
        "Renegotiated rent (USD million)",
        "Last year paid (early exit)",
    ):
        assert explorer.get_by_label(label).count() == 1, label


@pytest.mark.build
@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_in_the_explorer(browser, book_url, axe_script, scheme):
    page = open_page(browser, color_scheme=scheme)
    page.goto(f"{book_url}{PAGE}.html")
    page.wait_for_selector(".scenario-explorer[data-ready]", state="visible")
    assert page.evaluate("document.documentElement.dataset.theme") == scheme
    page.add_script_tag(content=axe_script)
    violations = page.evaluate("""() => axe.run({include: [".scenario-explorer"]},
        {runOnly: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]})
        .then(result => result.violations.map(v => `${v.id}: ${v.nodes.map(n => n.target).join(" ")}`))""")
    page.context.close()
    assert violations == [], violations


@pytest.mark.build
@pytest.mark.browser
def test_it_fits_a_360_px_screen(browser, book_url):
    page = open_page(browser, viewport={"width": 360, "height": 740})
    page.goto(f"{book_url}{PAGE}.html")
    page.wait_for_selector(".scenario-explorer[data-ready]", state="visible")
    overflow = page.evaluate("""() => {
      const root = document.querySelector('.scenario-explorer');
      const limit = root.getBoundingClientRect().right + 0.5;
      return [...root.querySelectorAll('label, input, output, .scenario-explorer__scroll, .scenario-explorer__bar')]
        .filter(el => el.getBoundingClientRect().right > limit).map(el => el.outerHTML.slice(0, 80));
    }""")
    width = page.evaluate(
        "document.querySelector('.scenario-explorer').getBoundingClientRect().right"
    )
    page.context.close()
    assert width <= 360 and overflow == [], overflow


@pytest.mark.build
@pytest.mark.browser
def test_without_javascript_and_in_print_the_static_table_and_figure_remain(browser, book_url):
    page = open_page(browser, java_script_enabled=False)
    page.goto(f"{book_url}{PAGE}.html")
    assert not page.is_visible(".scenario-explorer")
    assert page.is_visible(".economics-scenarios table") and page.is_visible(
        ".economics-scenarios img"
    )
    page.context.close()
    page = open_page(browser)
    page.goto(f"{book_url}{PAGE}.html")
    page.wait_for_selector(".scenario-explorer[data-ready]", state="visible")
    page.emulate_media(media="print")
    assert not page.is_visible(".scenario-explorer") and page.is_visible(
        ".economics-scenarios table"
    )
    page.context.close()


@pytest.mark.build
def test_it_adds_under_30_kb_to_the_page(book_html):
    html = (book_html / f"{PAGE}.html").read_text(encoding="utf-8")
    section = re.search(r'<section class="scenario-explorer".*?</section>', html, re.DOTALL).group(
        0
    )
    assert 'src="../_static/explorer.js' in html and 'href="../_static/explorer.css' in html
    added = {
        "markup": len(section.encode()),
        "script": (book_html / "_static" / "explorer.js").stat().st_size,
        "style": (book_html / "_static" / "explorer.css").stat().st_size,
        "data": (book_html / "chapters" / EXPLORER_GRID_FILE).stat().st_size,
    }
    assert sum(added.values()) < 30 * 1024, added
