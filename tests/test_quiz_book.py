"""The quizzes in the built book: every chapter page carries its quiz as HTML, no page holds widget
state or loads a script from elsewhere, every quiz grades in the browser, and every page of the
book passes axe-core without a serious or critical violation, in the light and the dark theme
(with every quiz answered, so that its feedback colours are checked too). A results file saved from
every chapter page is gathered by the teacher's command into a CSV with the right scores."""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup

from baikonur.quiz import load_quiz
from baikonur.quiz.static import answer_text, format_answer, sheet_letters
from conftest import chapter_files, open_page, serious_axe_violations

CHAPTERS = [path.stem for path in chapter_files()]
WIDGET_TRACES = (
    "application/vnd.jupyter.widget-state+json",
    "application/vnd.jupyter.widget-view+json",
    "require.js",
    "require.min.js",
    "html-manager",
    "embed-amd",
)


def book_pages(book_html: Path) -> list[Path]:
    """Every HTML page of the book, except the one-line redirect Jupyter Book writes as index.html."""
    pages = (p for p in book_html.rglob("*.html") if not {"_static", "_sources"} & set(p.parts))
    return sorted(p for p in pages if 'http-equiv="Refresh"' not in p.read_text()[:200])


@pytest.mark.build
@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_chapter_page_carries_its_quiz_as_html(book_html, chapter):
    soup = BeautifulSoup((book_html / "chapters" / f"{chapter}.html").read_text(), "html.parser")
    section = soup.select_one(f"section.bq#bq-{chapter}")
    assert section is not None, f"chapters/{chapter}.html has no quiz"
    bank = load_quiz(chapter).bank
    assert [form["data-q"] for form in section.select("form.bq-q")] == [
        q.id for q in bank.questions
    ]
    assert json.loads(section.script.string) == {q.id: q.grading_spec() for q in bank.questions}
    for question in bank.questions:
        target = question.section.label
        assert soup.find(id=target), (
            f"{chapter}: the explanation of {question.id} links to a missing #{target}"
        )


@pytest.mark.build
def test_no_page_holds_widget_state_or_widget_scripts(book_html):
    for page in book_pages(book_html):
        text = page.read_text()
        for trace in WIDGET_TRACES:
            assert trace not in text, f"{page.relative_to(book_html)} contains {trace}"


@pytest.mark.build
@pytest.mark.parametrize("chapter", CHAPTERS)
def test_quiz_pages_load_no_script_from_elsewhere(book_html, chapter):
    soup = BeautifulSoup((book_html / "chapters" / f"{chapter}.html").read_text(), "html.parser")
    remote = [
        s["src"]
        for s in soup.select("script[src]")
        if s["src"].startswith(("http:", "https:", "//"))
    ]
    assert remote == []


@pytest.mark.build
@pytest.mark.parametrize("chapter", CHAPTERS)
def test_executed_chapters_saved_no_widget_state(book_build_dir, chapter):
    notebook = nbformat.read(
        book_build_dir / "jupyter_execute" / "chapters" / f"{chapter}.ipynb", as_version=4
    )
    assert "widgets" not in notebook.metadata
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            assert "application/vnd.jupyter.widget-view+json" not in output.get("data", {})


ANSWER_EVERY_QUESTION = """
section => {
  const specs = JSON.parse(section.querySelector("script[type='application/json']").textContent);
  for (const form of section.querySelectorAll("form.bq-q")) {
    const spec = specs[form.dataset.q];
    if (spec.type === "numeric") form.querySelector("input").value = String(spec.answer);
    else if (spec.type === "ordering") {
      const list = form.querySelector(".bq-order");
      for (const id of spec.answer) list.append(list.querySelector(`[data-item="${id}"]`));
    } else {
      for (const input of form.querySelectorAll("input")) input.checked = [].concat(spec.answer).includes(input.value);
    }
    form.querySelector(".bq-check").click();
  }
  return [...section.querySelectorAll(".bq-fb")].map(region => region.textContent);
}
"""


@pytest.mark.build
@pytest.mark.browser
@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_chapter_quiz_grades_right_answers_as_correct_in_the_book(page, book_url, chapter):
    page.goto(f"{book_url}chapters/{chapter}.html")
    page.wait_for_function("document.documentElement.dataset.quizReady === '1'")
    quiz = page.locator(f"section#bq-{chapter}")
    verdicts = quiz.evaluate(ANSWER_EVERY_QUESTION)
    assert verdicts == ["Correct."] * len(verdicts)
    count = len(verdicts)
    expected = f"Right first time: {count} of {count} · answered {count} of {count}"
    assert quiz.locator(".bq-score").inner_text() == expected
    assert [error for error in page.console_errors if error.startswith("uncaught")] == []


@pytest.mark.build
@pytest.mark.parametrize("chapter", CHAPTERS)
def test_instructor_guide_has_an_answer_key_made_from_each_bank(book_html, chapter):
    soup = BeautifulSoup(
        (book_html / "appendix" / "instructor-guide.html").read_text(), "html.parser"
    )
    key = soup.select_one(f"section.bq-key#answer-key-{chapter}")
    assert key is not None, f"the instructor guide has no answer key for {chapter}"
    bank = load_quiz(chapter).bank
    entries = key.select(":scope > ol > li")
    assert [entry.p.get_text() for entry in entries] == [
        question.prompt for question in bank.questions
    ]
    for entry, question in zip(entries, bank.questions, strict=True):
        assert question.explanation in entry.get_text()
        letters = sheet_letters(question) if question.type != "numeric" else {}
        if question.type == "single":
            assert (
                f"Answer: {letters[question.answer]}. {answer_text(question)}" in entry.get_text()
            )
        elif question.type == "numeric":
            assert (
                f"Answer: {format_answer(question.answer, question.tolerance / 10)}"
                in entry.get_text()
            )
        else:
            listed = [item.get_text() for item in entry.select(":scope > ol li, :scope > ul li")]
            correct = (
                question.items
                if question.type == "ordering"
                else [option for option in question.options if option.id in question.answer]
            )
            assert listed == [f"{letters[choice.id]}. {choice.text}" for choice in correct]


@pytest.mark.build
@pytest.mark.browser
def test_answer_keys_print_one_per_page_without_splitting_a_question(page, book_url):
    page.goto(f"{book_url}appendix/instructor-guide.html")
    page.emulate_media(media="print")
    styles = page.locator("section.bq-key").evaluate_all(
        """keys => keys.map(key => [
             getComputedStyle(key).breakBefore,
             ...[...key.querySelectorAll(":scope > ol > li")].map(li => getComputedStyle(li).breakInside),
           ])"""
    )
    assert len(styles) == len(CHAPTERS)
    for key in styles:
        assert key[0] == "page" and set(key[1:]) == {"avoid"}


@pytest.mark.build
@pytest.mark.parametrize("chapter", CHAPTERS)
def test_numeric_answers_read_rounded_without_javascript(book_html, chapter):
    soup = BeautifulSoup((book_html / "chapters" / f"{chapter}.html").read_text(), "html.parser")
    paragraphs = [p.get_text() for p in soup.select(f"section#bq-{chapter} details p")]
    answers = [text for text in paragraphs if text.startswith("Answer:")]
    assert answers and not [text for text in answers if re.search(r"\d\.\d{4,}", text)]


ANSWER_FIRST_QUESTION_WRONG = """
section => {
  const form = section.querySelector("form.bq-q");
  const spec = JSON.parse(section.querySelector("script[type='application/json']").textContent)[form.dataset.q];
  if (spec.type === "numeric") form.querySelector("input").value = String(spec.answer + spec.tolerance + 1000);
  else if (spec.type === "ordering") {
    const list = form.querySelector(".bq-order");
    for (const id of [...spec.answer].reverse()) list.append(list.querySelector(`[data-item="${id}"]`));
  } else {
    const wrong = spec.options.find((id) => ![].concat(spec.answer).includes(id));
    for (const input of form.querySelectorAll("input")) input.checked = input.value === wrong;
  }
  form.querySelector(".bq-check").click();
  return form.querySelector(".bq-fb").textContent;
}
"""


@pytest.mark.build
@pytest.mark.browser
def test_results_saved_from_every_chapter_page_are_gathered_with_their_scores(
    page, book_url, tmp_path
):
    handed_in = tmp_path / "handed-in"
    handed_in.mkdir()
    totals = {}
    for chapter in CHAPTERS:
        page.goto(f"{book_url}chapters/{chapter}.html")
        page.wait_for_function("document.documentElement.dataset.quizReady === '1'")
        quiz = page.locator(f"section#bq-{chapter}")
        assert not quiz.evaluate(ANSWER_FIRST_QUESTION_WRONG).startswith("Correct")
        assert not quiz.locator("form.bq-q").first.locator(".bq-ex").is_visible()
        totals[chapter] = len(quiz.evaluate(ANSWER_EVERY_QUESTION))
        quiz.get_by_label("Your name").fill("Grace Hopper")
        with page.expect_download() as download:
            quiz.get_by_role("button", name="Save results").click()
        download.value.save_as(handed_in / download.value.suggested_filename)
    output = tmp_path / "results.csv"
    command = [sys.executable, "-m", "baikonur.quiz.gather", str(handed_in), "-o", str(output)]
    result = subprocess.run(command, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    with output.open(newline="", encoding="utf-8-sig") as handle:
        rows = {row["quiz"]: row for row in csv.DictReader(handle)}
    assert sorted(rows) == sorted(CHAPTERS)
    for chapter, total in totals.items():
        row = rows[chapter]
        expected = ("Grace Hopper", str(total - 1), str(total), "")
        assert (row["name"], row["score"], row["total"], row["problem"]) == expected


@pytest.mark.build
@pytest.mark.browser
@pytest.mark.parametrize("theme", ["light", "dark"])
def test_every_page_of_the_book_has_no_serious_accessibility_violation(
    browser, book_html, book_url, axe_script, theme
):
    page = open_page(browser, color_scheme=theme)
    failures = {}
    try:
        for path in book_pages(book_html):
            page.goto(f"{book_url}{path.relative_to(book_html).as_posix()}")
            page.wait_for_load_state("load")
            assert page.evaluate("document.documentElement.dataset.theme") == theme
            for quiz in page.locator("section.bq").all():
                quiz.evaluate(ANSWER_EVERY_QUESTION)
            serious = serious_axe_violations(page, axe_script)
            if serious:
                failures[path.relative_to(book_html).as_posix()] = serious
    finally:
        page.context.close()
    assert failures == {}, json.dumps(failures, indent=1)
