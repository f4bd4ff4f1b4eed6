"""The quizzes in the built book: every chapter page carries its quiz as HTML, no page holds widget
state or loads a script from elsewhere, every quiz grades in the browser, and every page of the
book passes axe-core without a serious or critical violation, in the light and the dark theme
(with every quiz answered, so that its feedback colours are checked too)."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup

from baikonur.quiz import load_quiz
from conftest import chapter_files, open_page

CHAPTERS = [path.stem for path in chapter_files()]
SERIOUS = ("serious", "critical")
WIDGET_TRACES = ("application/vnd.jupyter.widget-state+json", "application/vnd.jupyter.widget-view+json",
                 "require.js", "require.min.js", "html-manager", "embed-amd")


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
    assert [form["data-q"] for form in section.select("form.bq-q")] == [q.id for q in bank.questions]
    assert json.loads(section.script.string) == {q.id: q.grading_spec() for q in bank.questions}
    for question in bank.questions:
        target = question.section.label
        assert soup.find(id=target), f"{chapter}: the explanation of {question.id} links to a missing #{target}"


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
    remote = [s["src"] for s in soup.select("script[src]") if s["src"].startswith(("http:", "https:", "//"))]
    assert remote == []


@pytest.mark.build
@pytest.mark.parametrize("chapter", CHAPTERS)
def test_executed_chapters_saved_no_widget_state(book_build_dir, chapter):
    notebook = nbformat.read(book_build_dir / "jupyter_execute" / "chapters" / f"{chapter}.ipynb", as_version=4)
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
    assert quiz.locator(".bq-score").inner_text() == f"Score: {len(verdicts)} of {len(verdicts)} correct"
    assert [error for error in page.console_errors if error.startswith("uncaught")] == []


@pytest.mark.build
@pytest.mark.browser
@pytest.mark.parametrize("theme", ["light", "dark"])
def test_every_page_of_the_book_has_no_serious_accessibility_violation(browser, book_html, book_url, axe_script, theme):
    page = open_page(browser, color_scheme=theme)
    failures = {}
    try:
        for path in book_pages(book_html):
            page.goto(f"{book_url}{path.relative_to(book_html).as_posix()}")
            page.wait_for_load_state("load")
            assert page.evaluate("document.documentElement.dataset.theme") == theme
            for quiz in page.locator("section.bq").all():
                quiz.evaluate(ANSWER_EVERY_QUESTION)
            page.evaluate(axe_script)
            violations = page.evaluate("axe.run().then(result => result.violations)")
            serious = {v["id"]: [n["target"] for n in v["nodes"]][:5] for v in violations if v["impact"] in SERIOUS}
            if serious:
                failures[path.relative_to(book_html).as_posix()] = serious
    finally:
        page.context.close()
    assert failures == {}, json.dumps(failures, indent=1)
