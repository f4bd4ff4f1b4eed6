"""The static quiz in Chromium: verdicts and announcements for every question type, keyboard-only
use, progress across reloads, two independent quizzes on a page, no JavaScript, print, contrast,
and the JavaScript grader against the shared grading cases.

The page under test holds the fixture banks ``sampler`` and ``second`` (both have a question
``capital``), rendered by the real renderer and served with the real ``_static/quiz.js`` and
``quiz.css`` from 127.0.0.1.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from baikonur.quiz import load_quiz
from conftest import fixture_bank, make_quiz_project, open_page, serving

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parent.parent
CASES = json.loads((REPO / "tests" / "fixtures" / "grading_cases.json").read_text())["cases"]
SERIOUS = ("serious", "critical")
PAGE_TEMPLATE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Quiz test page</title>
<link rel="stylesheet" href="quiz.css"><script src="quiz.js"></script></head>
<body><main><h1>Quiz test page</h1>
<h2 id="sampler-places">Places</h2><h2 id="sampler-rockets">Rockets</h2><h2 id="sampler-money">Money</h2>
<h2 id="second-lease">Lease</h2>
{quizzes}
</main></body></html>"""


@pytest.fixture(scope="module")
def quiz_page_url(tmp_path_factory) -> str:
    """URL of a page with the two fixture quizzes, served from 127.0.0.1."""
    root = tmp_path_factory.mktemp("quiz-page")
    data = make_quiz_project(root / "project", {name: fixture_bank(name) for name in ("sampler", "second")})
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BAIKONUR_DATA_DIR", str(data))
        quizzes = load_quiz("sampler").to_html() + load_quiz("second").to_html()
    site = root / "site"
    site.mkdir()
    (site / "index.html").write_text(PAGE_TEMPLATE.format(quizzes=quizzes))
    for name in ("quiz.js", "quiz.css"):
        shutil.copy(REPO / "_static" / name, site / name)
    with serving(site) as url:
        yield f"{url}index.html"


@pytest.fixture
def quiz_page(page, quiz_page_url):
    page.on("dialog", lambda dialog: pytest.fail(f"bank text ran as script: {dialog.message}"))
    page.goto(quiz_page_url)
    page.wait_for_function("document.documentElement.dataset.quizReady === '1'")
    yield page
    assert page.console_errors == []
    assert page.blocked_requests == []


def question(page, question_id: str, quiz: str = "sampler"):
    return page.locator(f'section[id^="bq-{quiz}"] form[data-q="{question_id}"]')


def feedback_after_check(form) -> str:
    form.get_by_role("button", name="Check").click()
    region = form.locator('[aria-live="polite"]')
    region.locator("xpath=self::*[normalize-space(.) != '']").wait_for()
    return region.inner_text()


def score(page, quiz: str = "sampler") -> str:
    return page.locator(f'section[id^="bq-{quiz}"] .bq-score').inner_text()


def test_javascript_grader_matches_the_shared_grading_cases(quiz_page):
    results = quiz_page.evaluate(
        "cases => cases.map(c => baikonurQuiz.grade(c.spec, c.response))", CASES
    )
    for case, result in zip(CASES, results, strict=True):
        assert result == case["expected"], case["name"]


def test_single_choice_right_and_wrong_feedback_is_announced(quiz_page):
    form = question(quiz_page, "capital")
    form.get_by_label("Almaty").check()
    assert feedback_after_check(form) == "Not quite. Almaty was the capital until 1997."
    assert form.locator(".bq-ex").is_visible()
    assert form.locator(".bq-ex a").get_attribute("href") == "#sampler-places"
    form.get_by_label("Astana").check()
    assert feedback_after_check(form) == "Correct."
    assert score(quiz_page) == "Score: 1 of 5 correct"


def test_multiple_select_partial_and_exact_feedback(quiz_page):
    form = question(quiz_page, "launchers")
    form.get_by_label("Soyuz").check()
    form.get_by_label("Ariane").check()
    assert feedback_after_check(form) == (
        "Not quite: you chose 1 of the 2 correct options and 1 wrong option."
        " Ariane flies from Kourou, in French Guiana."
    )
    form.get_by_label("Ariane").uncheck()
    form.get_by_label("Proton").check()
    assert feedback_after_check(form) == "Correct."


def test_numeric_feedback_and_tolerance_edge(quiz_page):
    form = question(quiz_page, "rent")
    number = form.get_by_label("Your answer")
    assert number.get_attribute("aria-describedby") and form.get_by_text("USD millions").is_visible()
    number.fill("115.6")
    assert feedback_after_check(form) == "Not quite: too high."
    number.fill("115.5")
    assert feedback_after_check(form) == "Correct."
    number.fill("")
    assert feedback_after_check(form) == "Enter a number first."


def test_ordering_feedback_after_moving_items(quiz_page):
    form = question(quiz_page, "order")
    assert feedback_after_check(form) == "Partly right: 1 of 3 items in the right place."
    form.get_by_role("button", name="Up: Sputnik 1 is launched").click()
    assert "“Sputnik 1 is launched” is now 1 of 3." in form.locator('[aria-live="polite"]').inner_text()
    assert feedback_after_check(form) == "Correct."


def test_repeating_a_check_announces_the_feedback_again(quiz_page):
    form = question(quiz_page, "capital")
    form.get_by_label("Baikonur").check()
    assert feedback_after_check(form) == "Not quite."
    region = form.locator('[aria-live="polite"]')
    region.evaluate(
        "node => { window.changes = 0; new MutationObserver(() => window.changes++).observe(node, {childList: true}); }"
    )
    form.get_by_role("button", name="Check").click()
    quiz_page.wait_for_function("window.changes >= 2")
    assert region.inner_text() == "Not quite."


def test_bank_markup_shows_as_text(quiz_page):
    form = question(quiz_page, "markup")
    assert "<script>alert('x')</script> & <b>bold</b>" in form.locator("legend").inner_text()
    assert form.get_by_label("Yes, <em>always</em>").count() == 1
    form.get_by_label("No & never").check()
    assert feedback_after_check(form) == "Not quite. Bank text is <i>always</i> escaped."


def tab_to(page, selector: str, limit: int = 60) -> None:
    """Press Tab until the focused element matches ``selector``."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    pytest.fail(f"Tab never reached {selector}")


def test_every_question_type_can_be_answered_with_the_keyboard_alone(quiz_page):
    page = quiz_page
    sampler = 'section[id^="bq-sampler"]'
    tab_to(page, f'{sampler} [data-q="capital"] input')
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.value") == "b"
    tab_to(page, f'{sampler} [data-q="capital"] .bq-check')
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.press("Enter")
    assert question(page, "capital").locator(".bq-fb").inner_text() == "Correct."

    for option in ("soyuz", "proton"):
        tab_to(page, f'{sampler} [data-q="launchers"] input[value="{option}"]')
        page.keyboard.press("Space")
    tab_to(page, f'{sampler} [data-q="launchers"] .bq-check')
    page.keyboard.press("Space")
    assert question(page, "launchers").locator(".bq-fb").inner_text() == "Correct."

    tab_to(page, f'{sampler} [data-q="rent"] input')
    page.keyboard.type("115")
    page.keyboard.press("Enter")
    assert question(page, "rent").locator(".bq-fb").inner_text() == "Correct."

    tab_to(page, f'{sampler} [data-q="order"] li[data-item="sputnik"] .bq-move')
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.closest('li').dataset.item") == "sputnik"
    tab_to(page, f'{sampler} [data-q="order"] .bq-check')
    page.keyboard.press("Enter")
    assert question(page, "order").locator(".bq-fb").inner_text() == "Correct."
    assert score(page) == "Score: 4 of 5 correct"


def test_progress_survives_a_reload_and_reset_clears_it(quiz_page):
    page = quiz_page
    question(page, "capital").get_by_label("Astana").check()
    feedback_after_check(question(page, "capital"))
    question(page, "launchers").get_by_label("Soyuz").check()
    feedback_after_check(question(page, "launchers"))
    question(page, "order").get_by_role("button", name="Down: Gagarin orbits the Earth").click()
    feedback_after_check(question(page, "order"))
    page.reload()
    page.wait_for_function("document.documentElement.dataset.quizReady === '1'")
    assert question(page, "capital").get_by_label("Astana").is_checked()
    assert question(page, "capital").locator(".bq-fb").inner_text() == "Correct."
    assert question(page, "launchers").locator(".bq-fb").inner_text().startswith("Partly right")
    order = question(page, "order").locator("li").evaluate_all("items => items.map(i => i.dataset.item)")
    assert order == ["sputnik", "gagarin", "buran"]
    assert score(page) == "Score: 2 of 5 correct"

    page.locator('section[id^="bq-sampler"]').get_by_role("button", name="Reset answers").click()
    assert score(page) == "Score: 0 of 5 correct"
    assert not question(page, "capital").get_by_label("Astana").is_checked()
    assert question(page, "capital").locator(".bq-fb").inner_text() == ""
    assert not question(page, "capital").locator(".bq-ex").is_visible()
    order = question(page, "order").locator("li").evaluate_all("items => items.map(i => i.dataset.item)")
    assert order == ["gagarin", "sputnik", "buran"]
    page.reload()
    page.wait_for_function("document.documentElement.dataset.quizReady === '1'")
    assert not question(page, "capital").get_by_label("Astana").is_checked()
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('baikonur-quiz:')).length") == 0


def test_two_quizzes_on_a_page_are_independent(quiz_page):
    page = quiz_page
    question(page, "capital").get_by_label("Astana").check()
    feedback_after_check(question(page, "capital"))
    other = question(page, "capital", quiz="second")
    assert other.locator(".bq-fb").inner_text() == "" and score(page, "second") == "Score: 0 of 2 correct"
    other.get_by_label("Uzbekistan").check()
    assert feedback_after_check(other) == "Not quite."
    assert question(page, "capital").locator(".bq-fb").inner_text() == "Correct."
    page.locator('section[id^="bq-second"]').get_by_role("button", name="Reset answers").click()
    assert score(page, "second") == "Score: 0 of 2 correct" and score(page) == "Score: 1 of 5 correct"
    page.reload()
    page.wait_for_function("document.documentElement.dataset.quizReady === '1'")
    assert question(page, "capital").get_by_label("Astana").is_checked()
    assert not other.get_by_label("Uzbekistan").is_checked()


def test_questions_and_folded_answers_read_without_javascript(browser, quiz_page_url):
    page = open_page(browser, java_script_enabled=False)
    try:
        page.goto(quiz_page_url)
        form = question(page, "capital")
        assert form.locator("legend").inner_text() == "1. Which city is the capital of Kazakhstan today?"
        assert form.get_by_label("Astana").is_visible()
        assert page.get_by_role("button", name="Check").count() == 0
        answer = form.locator("details")
        assert not answer.get_by_text("Answer: Astana").is_visible()
        answer.locator("summary").click()
        assert answer.get_by_text("Answer: Astana").is_visible()
        assert "Astana in 1997" in answer.inner_text()
        assert question(page, "order").locator("details li").count() == 3
    finally:
        page.context.close()


def test_print_hides_buttons_and_keeps_questions(quiz_page):
    quiz_page.emulate_media(media="print")
    assert not quiz_page.get_by_role("button", name="Check").first.is_visible()
    assert not quiz_page.get_by_role("button", name="Reset answers").first.is_visible()
    assert question(quiz_page, "capital").locator("legend").is_visible()


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_answered_quiz_has_no_serious_accessibility_violation(quiz_page, axe_script, theme):
    page = quiz_page
    page.evaluate("theme => document.documentElement.dataset.theme = theme", theme)
    question(page, "capital").get_by_label("Astana").check()
    feedback_after_check(question(page, "capital"))
    question(page, "launchers").get_by_label("Ariane").check()
    feedback_after_check(question(page, "launchers"))
    question(page, "rent").get_by_label("Your answer").focus()
    page.evaluate(axe_script)
    violations = page.evaluate("axe.run().then(r => r.violations)")
    serious = [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations if v["impact"] in SERIOUS]
    assert serious == []
