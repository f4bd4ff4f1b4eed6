"""The static quiz in Chromium: verdicts and announcements for every question type, the explanation
only once right or revealed, keyboard-only use, progress across reloads, two independent quizzes on
a page, no JavaScript, print, contrast, the ordering controls at every width, a results file saved
and gathered, and the JavaScript grader against the shared grading cases.

The page under test holds the fixture banks ``sampler`` and ``second`` (both have a question
``capital``), rendered by the real renderer and served with the real ``_static/quiz.js`` and
``quiz.css`` from 127.0.0.1.
"""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from baikonur.quiz import load_quiz
from conftest import (
    REPO,
    fixture_bank,
    make_quiz_project,
    open_page,
    serious_axe_violations,
    serving,
)

pytestmark = pytest.mark.browser

SHARED = json.loads((REPO / "tests" / "fixtures" / "grading_cases.json").read_text())
CASES = SHARED["cases"]
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
    data = make_quiz_project(
        root / "project", {name: fixture_bank(name) for name in ("sampler", "second")}
    )
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


def test_javascript_reads_typed_numbers_like_python(quiz_page):
    numbers = SHARED["numbers"]
    results = quiz_page.evaluate(
        "cases => cases.map(c => baikonurQuiz.readNumber(c.text))", numbers
    )
    for case, result in zip(numbers, results, strict=True):
        assert result == [case["number"], case["message"]], case["name"]


PLAY = """
events => {
  const q = baikonurQuiz;
  let state = q.newState();
  return events.map(event => {
    if (event === "reveal") state = q.afterReveal(state);
    else if (event === "unanswered") {
      state = q.afterCheck(state, {answered: false, correct: false, credit: 0, feedback: ""});
    }
    else state = q.afterCheck(state, {answered: true, correct: event.correct, credit: event.credit, feedback: ""});
    return {state, explanation: q.explanationShown(state), reveal_offered: q.revealOffered(state)};
  });
}
"""


def test_javascript_question_states_follow_the_shared_sessions(quiz_page):
    for session in SHARED["sessions"]:
        assert quiz_page.evaluate(PLAY, session["events"]) == session["after"], session["name"]
    for case in SHARED["scores"]:
        states = [
            quiz_page.evaluate(PLAY, events)[-1]["state"] if events else None
            for events in case["states"]
        ]
        text = quiz_page.evaluate(
            "states => baikonurQuiz.scoreText(states.map(s => s || baikonurQuiz.newState()))",
            states,
        )
        assert text == case["text"], case["name"]


def test_single_choice_right_and_wrong_feedback_is_announced(quiz_page):
    form = question(quiz_page, "capital")
    assert score(quiz_page) == "Not started"
    form.get_by_label("Almaty").check()
    assert feedback_after_check(form) == "Not quite. Almaty was the capital until 1997."
    assert (
        not form.locator(".bq-ex").is_visible()
        and not form.get_by_text("Answer: B. Astana").is_visible()
    )
    form.get_by_label("Astana").check()
    assert feedback_after_check(form) == "Correct."
    assert form.locator(".bq-ex").is_visible()
    assert form.locator(".bq-ex a").get_attribute("href") == "#sampler-places"
    assert score(quiz_page) == "Right first time: 0 of 5 · answered 1 of 5"


def test_wrong_answers_never_show_the_explanation_until_the_learner_reveals_it(quiz_page):
    form = question(quiz_page, "launchers")
    reveal = form.get_by_role("button", name="Show the answer")
    form.get_by_label("Ariane").check()
    feedback_after_check(form)
    assert not reveal.is_visible() and not form.locator(".bq-ex").is_visible()
    form.get_by_label("Soyuz").check()
    feedback_after_check(form)
    assert reveal.is_visible() and not form.locator(".bq-ex").is_visible()
    reveal.click()
    assert quiz_page.evaluate("document.activeElement.classList.contains('bq-ans')")
    assert (
        form.locator(".bq-ex").is_visible()
        and form.get_by_text("Proton", exact=True).last.is_visible()
    )
    assert "earns no credit" in form.locator(".bq-fb").inner_text()
    assert score(quiz_page) == "Right first time: 0 of 5 · answered 1 of 5"


def test_a_quick_change_after_a_check_never_shows_a_stale_verdict(quiz_page):
    form = question(quiz_page, "capital")
    form.get_by_label("Astana").check()
    assert feedback_after_check(form) == "Correct."
    form.evaluate(
        """form => {
             form.querySelector(".bq-check").click();
             form.querySelector("input[value=a]").click();
             form.querySelector(".bq-check").click();
           }"""
    )
    quiz_page.wait_for_timeout(300)
    region = form.locator(".bq-fb")
    assert region.inner_text() == "Not quite. Almaty was the capital until 1997."
    assert "bq-no" in region.get_attribute("class")


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
    assert (
        number.get_attribute("aria-describedby")
        and form.get_by_text("USD millions", exact=True).is_visible()
    )
    number.fill("115.6")
    assert feedback_after_check(form) == "Not quite: too high."
    number.fill("115,6")
    assert feedback_after_check(form) != "Correct."
    number.fill("115,5")
    assert feedback_after_check(form) == "Correct."
    number.fill("1,150")
    assert feedback_after_check(form).startswith("“1,150” could mean 1150 or 1.150")
    number.fill("")
    assert feedback_after_check(form) == "Enter a number first."


def test_ordering_feedback_after_moving_items(quiz_page):
    form = question(quiz_page, "order")
    assert (
        feedback_after_check(form)
        == "Move the items into your order first: the list is still as it was shown."
    )
    assert score(quiz_page) == "Not started"
    form.get_by_role("button", name="Up: Sputnik 1 is launched").click()
    assert (
        "“Sputnik 1 is launched” is now 1 of 3."
        in form.locator('[aria-live="polite"]').inner_text()
    )
    assert feedback_after_check(form) == "Correct."
    assert score(quiz_page) == "Right first time: 1 of 5 · answered 1 of 5"


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
    assert score(page) == "Right first time: 4 of 5 · answered 4 of 5"


def reset(page, quiz: str = "sampler") -> None:
    section = page.locator(f'section[id^="bq-{quiz}"]')
    section.get_by_role("button", name="Reset answers").click()
    section.get_by_role("button", name="Yes, reset").click()


def save(page, tmp_path: Path, quiz: str = "sampler") -> dict:
    """Press Save results and return the downloaded results file."""
    with page.expect_download() as download_info:
        page.locator(f'section[id^="bq-{quiz}"]').get_by_role("button", name="Save results").click()
    path = tmp_path / download_info.value.suggested_filename
    download_info.value.save_as(path)
    return json.loads(path.read_text(encoding="utf-8"))


def test_reset_asks_first_and_is_recorded_in_the_results_file(quiz_page, tmp_path):
    from baikonur.quiz.results import problems

    page = quiz_page
    sampler = page.locator('section[id^="bq-sampler"]')
    question(page, "capital").get_by_label("Astana").check()
    feedback_after_check(question(page, "capital"))
    sampler.get_by_role("button", name="Reset answers").click()
    confirm = sampler.get_by_role("group", name="Clear every answer of this quiz?")
    assert confirm.is_visible() and "recorded" in confirm.inner_text()
    assert page.evaluate("document.activeElement.textContent") == "Cancel"
    assert question(page, "capital").get_by_label("Astana").is_checked() and score(page).startswith(
        "Right first time: 1"
    )
    confirm.get_by_role("button", name="Cancel").click()
    assert (
        not confirm.is_visible() and question(page, "capital").get_by_label("Astana").is_checked()
    )
    sampler.get_by_label("Your name").fill("Ada Lovelace")
    assert save(page, tmp_path)["resets"] == []

    reset(page)
    assert (
        score(page) == "Not started"
        and not question(page, "capital").get_by_label("Astana").is_checked()
    )
    assert (
        sampler.locator(".bq-saved").inner_text()
        == "Answers cleared. Resets recorded for this quiz: 1."
    )
    question(page, "capital").get_by_label("Astana").check()
    feedback_after_check(question(page, "capital"))
    page.reload()
    page.wait_for_function("document.documentElement.dataset.quizReady === '1'")
    saved = save(page, tmp_path)
    assert saved["name"] == "Ada Lovelace" and saved["score"] == 1 and len(saved["resets"]) == 1
    assert saved["resets"][0].endswith("Z") and saved["resets"][0] <= saved["saved"]
    assert problems(saved) == []


def test_new_learner_starts_empty_and_each_learner_keeps_their_own_answers(quiz_page, tmp_path):
    page = quiz_page
    sampler = page.locator('section[id^="bq-sampler"]')
    name = sampler.get_by_label("Your name")
    question(page, "capital").get_by_label("Astana").check()
    feedback_after_check(question(page, "capital"))
    name.fill("Ada Lovelace")
    name.press("Tab")  # answers given before typing a name go with the name
    assert (
        page.locator('section[id^="bq-second"]').get_by_label("Your name").input_value()
        == "Ada Lovelace"
    )

    sampler.get_by_role("button", name="New learner").click()
    assert name.input_value() == "" and score(page) == "Not started"
    assert not question(page, "capital").get_by_label("Astana").is_checked()
    assert question(page, "capital").locator(".bq-fb").inner_text() == ""
    assert page.locator('section[id^="bq-second"]').get_by_label("Your name").input_value() == ""
    page.reload()
    page.wait_for_function("document.documentElement.dataset.quizReady === '1'")
    assert name.input_value() == "" and score(page) == "Not started"

    name.fill("Бекзат Әлиев")
    name.press("Tab")
    question(page, "capital").get_by_label("Almaty").check()
    feedback_after_check(question(page, "capital"))
    bekzat = save(page, tmp_path)
    assert (bekzat["name"], bekzat["score"]) == ("Бекзат Әлиев", 0)

    name.fill("Ada Lovelace")
    name.press("Tab")
    assert question(page, "capital").get_by_label("Astana").is_checked()
    assert question(page, "capital").locator(".bq-fb").inner_text() == "Correct."
    ada = save(page, tmp_path)
    assert (ada["name"], ada["score"]) == ("Ada Lovelace", 1)
    name.fill("Бекзат Әлиев")
    name.press("Tab")
    assert question(page, "capital").get_by_label("Almaty").is_checked() and score(page).startswith(
        "Right first time: 0"
    )


def test_a_wrong_check_points_back_to_the_section_without_the_answer(quiz_page):
    form = question(quiz_page, "capital")
    back = form.locator(".bq-back")
    assert not back.is_visible()
    form.get_by_label("Almaty").check()
    feedback_after_check(form)
    assert back.is_visible() and back.locator("a").get_attribute("href") == "#sampler-places"
    assert "Astana" not in back.inner_text() and back.inner_text().startswith("Revisit")
    form.get_by_label("Astana").check()
    feedback_after_check(form)
    assert not back.is_visible()


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
    order = (
        question(page, "order")
        .locator(".bq-order > li")
        .evaluate_all("items => items.map(i => i.dataset.item)")
    )
    assert order == ["sputnik", "gagarin", "buran"]
    assert score(page) == "Right first time: 2 of 5 · answered 3 of 5"
    assert question(page, "capital").locator(".bq-ex").is_visible()
    assert not question(page, "launchers").locator(".bq-ex").is_visible()

    reset(page)
    assert score(page) == "Not started"
    assert not question(page, "capital").get_by_label("Astana").is_checked()
    assert question(page, "capital").locator(".bq-fb").inner_text() == ""
    assert not question(page, "capital").locator(".bq-ex").is_visible()
    order = (
        question(page, "order")
        .locator(".bq-order > li")
        .evaluate_all("items => items.map(i => i.dataset.item)")
    )
    assert order == ["gagarin", "sputnik", "buran"]
    page.reload()
    page.wait_for_function("document.documentElement.dataset.quizReady === '1'")
    assert not question(page, "capital").get_by_label("Astana").is_checked()
    kept = page.evaluate(
        "Object.keys(localStorage).filter(k => k.startsWith('baikonur-quiz:')).map(k => JSON.parse(localStorage[k]))"
    )
    assert [(record["answers"], len(record["resets"])) for record in kept] == [({}, 1)]


def test_two_quizzes_on_a_page_are_independent(quiz_page):
    page = quiz_page
    question(page, "capital").get_by_label("Astana").check()
    feedback_after_check(question(page, "capital"))
    other = question(page, "capital", quiz="second")
    assert other.locator(".bq-fb").inner_text() == "" and score(page, "second") == "Not started"
    other.get_by_label("Uzbekistan").check()
    assert feedback_after_check(other) == "Not quite."
    assert question(page, "capital").locator(".bq-fb").inner_text() == "Correct."
    reset(page, "second")
    assert (
        score(page, "second") == "Not started"
        and score(page) == "Right first time: 1 of 5 · answered 1 of 5"
    )
    page.reload()
    page.wait_for_function("document.documentElement.dataset.quizReady === '1'")
    assert question(page, "capital").get_by_label("Astana").is_checked()
    assert not other.get_by_label("Uzbekistan").is_checked()


def test_questions_and_folded_answers_read_without_javascript(browser, quiz_page_url):
    page = open_page(browser, java_script_enabled=False)
    try:
        page.goto(quiz_page_url)
        form = question(page, "capital")
        assert (
            form.locator("legend").inner_text()
            == "1. Which city is the capital of Kazakhstan today?"
        )
        assert form.get_by_label("Astana").is_visible()
        assert page.get_by_role("button", name="Check").count() == 0
        answer = form.locator("details")
        assert not answer.get_by_text("Answer: B. Astana").is_visible()
        answer.locator("summary").click()
        assert answer.get_by_text("Answer: B. Astana").is_visible()
        assert "Astana in 1997" in answer.inner_text()
        question(page, "rent").locator("summary").click()
        assert question(page, "rent").get_by_text("Answer: 115.00 USD millions").is_visible()
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
    assert serious_axe_violations(page, axe_script) == {}


@pytest.mark.parametrize("width", [360, 390, 768, 1024, 1280])
def test_ordering_controls_stay_with_their_item_at_every_width(quiz_page, width):
    """Up and Down sit inside their item: beside its text from tablet width up, under it on a
    phone, where the text keeps the line's width whatever the buttons' words."""
    quiz_page.set_viewport_size({"width": width, "height": 900})
    rows = (
        question(quiz_page, "order")
        .locator(".bq-order > li")
        .evaluate_all(
            """items => items.map(item => {
             const box = (node) => node.getBoundingClientRect();
             const [up, down] = item.querySelectorAll("button");
             return {item: box(item), text: box(item.querySelector("span")), up: box(up), down: box(down)};
           })"""
        )
    )
    for row in rows:
        item, text, up, down = row["item"], row["text"], row["up"], row["down"]
        for button in (up, down):
            assert item["top"] <= button["top"] and button["bottom"] <= item["bottom"] + 0.5
            assert button["right"] <= item["right"] + 0.5
            if width > 480:
                assert button["left"] >= text["right"]
            else:
                assert button["top"] >= text["bottom"] and button["left"] >= text["left"] - 0.5
        assert up["top"] == down["top"] and up["right"] <= down["left"]
        if width <= 480:
            assert text["right"] - text["left"] > 0.7 * (item["right"] - item["left"])


def test_saved_results_file_is_gathered_into_a_csv_with_the_score(quiz_page, tmp_path):
    page = quiz_page
    sampler = page.locator('section[id^="bq-sampler"]')
    sampler.get_by_role("button", name="Save results").click()
    assert sampler.locator(".bq-saved").inner_text() == "Type your name first."
    assert "not proof against cheating" in sampler.locator(".bq-note").inner_text()
    question(page, "capital").get_by_label("Astana").check()
    feedback_after_check(question(page, "capital"))
    question(page, "rent").get_by_label("Your answer").fill("110")
    feedback_after_check(question(page, "rent"))
    question(page, "rent").get_by_label("Your answer").fill("115,2")
    feedback_after_check(question(page, "rent"))
    sampler.get_by_label("Your name").fill("Ada Lovelace")
    with page.expect_download() as download_info:
        sampler.get_by_role("button", name="Save results").click()
    download = download_info.value
    assert download.suggested_filename == "sampler-ada-lovelace.json"
    handed_in = tmp_path / "handed-in"
    handed_in.mkdir()
    download.save_as(handed_in / download.suggested_filename)
    saved = json.loads((handed_in / "sampler-ada-lovelace.json").read_text())
    rent = next(answer for answer in saved["answers"] if answer["question"] == "rent")
    assert (rent["response"], rent["attempts"], rent["first_try"], rent["solved"]) == (
        "115,2",
        2,
        False,
        True,
    )

    output = tmp_path / "results.csv"
    command = [sys.executable, "-m", "baikonur.quiz.gather", str(handed_in), "-o", str(output)]
    result = subprocess.run(command, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(output.open(encoding="utf-8-sig")))
    assert [
        (row["name"], row["quiz"], row["score"], row["total"], row["answered"], row["problem"])
        for row in rows
    ] == [("Ada Lovelace", "sampler", "1", "5", "2", "")]


def test_javascript_checksum_matches_the_python_checksum(quiz_page):
    from baikonur.quiz.results import checksum

    document = {
        "format": "baikonur-quiz-results/1",
        "name": "Ásel Ömirzaq “Ösh”",
        "score": 1,
        "total": 2,
        "answers": [
            {"question": "q", "response": ["b", "a"], "credit": 0.5, "first_try": True},
            {"question": "r", "response": "48,5", "credit": 0, "attempts": 3, "revealed": False},
        ],
        "checksum": "ignored",
    }
    assert quiz_page.evaluate("document => baikonurQuiz.checksum(document)", document) == checksum(
        document
    )
