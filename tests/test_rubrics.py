"""The written answers' rubrics: a student-facing version for the public pages, and the teacher's
key (with the numbers the autograded questions lead to) only in the answer-key PDF."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from baikonur.book import rubrics
from baikonur.book.assignments import assignment_names

NAMES = assignment_names()


def texts(html: str) -> str:
    return BeautifulSoup(html, "html.parser").get_text(" ")


@pytest.mark.parametrize("name", NAMES)
def test_student_rubric_gives_each_criterion_without_the_key(name):
    rubric = rubrics.load_rubric(name)
    student = texts(rubrics.student_html(name))
    assert rubric.points == 2 and len(rubric.criteria) == 2
    for criterion in rubric.criteria:
        assert criterion.student in student
        assert criterion.key not in student
    assert rubric.zero in student
    numbers = re.findall(
        r"\d+(?:[.,]\d+)?%?", " ".join(c.student for c in rubric.criteria) + rubric.zero
    )
    assert all(re.fullmatch(r"[1-5]", number) for number in numbers), (
        f"{name}: numbers in the student rubric: {numbers}"
    )


def test_rubrics_written_in_english_say_so_in_the_other_editions(monkeypatch):
    name = NAMES[0]
    english = BeautifulSoup(rubrics.student_html(name) + rubrics.key_html(name), "html.parser")
    assert not english.select("[lang]")
    monkeypatch.setenv("BAIKONUR_LANGUAGE", "kk")
    student = BeautifulSoup(rubrics.student_html(name), "html.parser")
    assert student.table["lang"] == "en"
    key = BeautifulSoup(rubrics.key_html(name), "html.parser")
    assert key.h2["lang"] == "en" and key.table["lang"] == "en"


@pytest.mark.parametrize("name", NAMES)
def test_teachers_key_holds_what_a_full_answer_contains(name):
    rubric = rubrics.load_rubric(name)
    key = texts(rubrics.key_html(name))
    assert all(criterion.key in key for criterion in rubric.criteria)
    assert f"question {rubric.question[1:]}" in key


def test_a_chapter_without_an_assignment_has_no_key_and_a_broken_rubric_names_its_file(
    tmp_path, monkeypatch
):
    assert rubrics.key_html("no-such-chapter") == ""
    folder = tmp_path / "history"
    folder.mkdir()
    (folder / "rubric.yml").write_text("assignment: history\ncriteria:\n  - points: 1\n")
    monkeypatch.setattr(rubrics, "ASSIGNMENTS_DIR", tmp_path)
    with pytest.raises(
        rubrics.RubricError, match=r"rubric.yml: missing title, question, heading, zero"
    ):
        rubrics.load_rubric("history")


@pytest.mark.build
def test_the_public_instructor_guide_shows_the_student_rubrics_and_no_key(book_html):
    page = texts((book_html / "appendix" / "instructor-guide.html").read_text())
    for name in NAMES:
        rubric = rubrics.load_rubric(name)
        for criterion in rubric.criteria:
            assert criterion.student in page
            assert criterion.key not in page, f"{name}: the marking key is in the public guide"


@pytest.mark.build
@pytest.mark.slow
def test_the_marking_keys_are_in_the_answer_key_and_not_in_the_students_book(print_edition):
    key = texts((print_edition["html"] / "answer-key.html").read_text(encoding="utf-8"))
    book = texts((print_edition["html"] / "book.html").read_text(encoding="utf-8"))
    for name in NAMES:
        rubric = rubrics.load_rubric(name)
        for criterion in rubric.criteria:
            assert " ".join(criterion.key.split()) in " ".join(key.split()), (
                f"{name}: marking key missing"
            )
            assert criterion.key not in book, f"{name}: the marking key is in the students' book"
