"""The live quiz driven from Python: choose, check, read the feedback and the score, collect results;
and the display object: widget plus HTML outside the book build, HTML only inside it."""

from __future__ import annotations

import json

import pytest
from ipywidgets.widgets.widget import _instances as live_widgets

from baikonur.quiz import Quiz, load_quiz
from conftest import fixture_bank, make_quiz_project

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


@pytest.fixture
def quiz(tmp_path, monkeypatch) -> Quiz:
    monkeypatch.delenv("BAIKONUR_BOOK_BUILD", raising=False)
    data = make_quiz_project(tmp_path, {"sampler": fixture_bank("sampler")})
    monkeypatch.setenv("BAIKONUR_DATA_DIR", str(data))
    return load_quiz("sampler")


def check(quiz: Quiz, question_id: str) -> str:
    view = quiz.widget.views[question_id]
    view.check_button.click()
    return view.feedback.value


def test_single_choice_wrong_then_right_explains_only_when_right_and_scores_first_tries(quiz):
    view = quiz.widget.views["capital"]
    assert quiz.widget.score_label.value == "Not started"
    view.control.value = "a"
    assert "Not quite. Almaty was the capital until 1997." in check(quiz, "capital")
    assert view.explanation.layout.display == "none" and "Astana" not in view.explanation.value
    assert quiz.widget.score_label.value == "Right first time: 0 of 5 · answered 1 of 5"
    view.control.value = "b"
    assert "Correct." in check(quiz, "capital")
    assert view.explanation.layout.display is None and "Astana in 1997" in view.explanation.value
    assert quiz.widget.score_label.value == "Right first time: 0 of 5 · answered 1 of 5"


def test_reveal_is_offered_after_two_wrong_tries_and_earns_nothing(quiz):
    view = quiz.widget.views["capital"]
    view.control.value = "a"
    check(quiz, "capital")
    assert view.reveal_button.layout.display == "none"
    view.control.value = "c"
    check(quiz, "capital")
    assert view.reveal_button.layout.display is None and view.explanation.layout.display == "none"
    view.reveal_button.click()
    assert view.explanation.layout.display is None and "Answer: Astana" in view.explanation.value
    assert view.reveal_button.layout.display == "none"
    view.control.value = "b"
    check(quiz, "capital")
    answer = quiz.results()["answers"][0]
    assert (answer["revealed"], answer["attempts"], answer["first_try"], answer["credit"]) == (
        True,
        2,
        False,
        0.0,
    )
    assert quiz.results()["score"] == 0


def test_numeric_answer_takes_a_decimal_comma(quiz):
    view = quiz.widget.views["rent"]
    view.number.value = "115,4"
    assert "Correct." in check(quiz, "rent")
    assert quiz.results()["answers"][2]["response"] == "115,4"


def test_checking_without_an_answer_is_not_counted(quiz):
    assert "Choose an answer first." in check(quiz, "capital")
    assert quiz.widget.views["capital"].explanation.layout.display == "none"
    assert quiz.results()["answers"][0]["attempts"] == 0


def test_multiple_select_partial_then_exact(quiz):
    boxes = quiz.widget.views["launchers"].checkboxes
    boxes["soyuz"].value = True
    boxes["ariane"].value = True
    assert (
        "Not quite: you chose 1 of the 2 correct options and 1 wrong option. Ariane flies from Kourou"
        in check(quiz, "launchers")
    )
    boxes["ariane"].value = False
    assert "Partly right: you chose 1 of the 2 correct options." in check(quiz, "launchers")
    boxes["proton"].value = True
    assert "Correct." in check(quiz, "launchers")


def test_numeric_answer_with_unit_and_tolerance(quiz):
    view = quiz.widget.views["rent"]
    assert view.number.description == "Your answer"
    assert view.control.children[1].value == "USD millions"
    view.number.value = "200"
    assert "too high" in check(quiz, "rent")
    view.number.value = "115.5"
    assert "Correct." in check(quiz, "rent")


def test_ordering_with_up_and_down_buttons(quiz):
    view = quiz.widget.views["order"]
    assert view.order == ["gagarin", "sputnik", "buran"]
    assert view.rows[0].children[1].disabled and view.rows[2].children[2].disabled
    assert "the list is still as it was shown" in check(quiz, "order")
    assert quiz.results()["answers"][3]["attempts"] == 0
    view.rows[1].children[1].click()
    assert view.order == ["sputnik", "gagarin", "buran"]
    assert view.feedback.value == "“Sputnik 1 is launched” is now 1 of 3."
    assert view.rows[0].children[2].tooltip == "Down: Sputnik 1 is launched"
    assert view.rows[0].children[0].value == "1. Sputnik 1 is launched"
    assert "Correct." in check(quiz, "order")


def test_results_hand_back_answers_attempts_and_first_try_score(quiz):
    views = quiz.widget.views
    views["capital"].control.value = "a"
    check(quiz, "capital")
    views["capital"].control.value = "b"
    check(quiz, "capital")
    views["launchers"].checkboxes["soyuz"].value = True
    check(quiz, "launchers")
    views["rent"].number.value = "115"
    check(quiz, "rent")
    results = quiz.results()
    assert json.loads(json.dumps(results)) == results
    assert (results["quiz"], results["score"], results["total"], results["credit"]) == (
        "sampler",
        1,
        5,
        1.5,
    )
    answers = {answer["question"]: answer for answer in results["answers"]}
    assert answers["capital"] == {
        "question": "capital",
        "type": "single",
        "response": "b",
        "attempts": 2,
        "first_try": False,
        "credit": 0.0,
        "solved": True,
        "revealed": False,
        "last_correct": True,
    }
    assert answers["launchers"]["response"] == ["soyuz"] and answers["launchers"]["credit"] == 0.5
    assert answers["rent"]["first_try"] and answers["rent"]["attempts"] == 1
    assert answers["order"]["attempts"] == 0


def test_reset_asks_first_then_clears_answers_and_is_recorded(quiz, tmp_path):
    view = quiz.widget.views["capital"]
    view.control.value = "b"
    check(quiz, "capital")
    quiz.widget.reset_button.click()
    assert (
        quiz.widget.confirm_box.layout.display is None
        and "recorded" in quiz.widget.confirm_label.value
    )
    assert view.control.value == "b" and quiz.results()["score"] == 1
    quiz.widget.cancel_button.click()
    assert quiz.widget.confirm_box.layout.display == "none" and quiz.results()["resets"] == []
    quiz.widget.reset_button.click()
    quiz.widget.confirm_button.click()
    assert view.control.value is None and view.feedback.value == ""
    assert quiz.widget.score_label.value == "Not started"
    assert quiz.results()["score"] == 0 and len(quiz.results()["resets"]) == 1
    saved = json.loads(quiz.save_results("Ada", tmp_path).read_text())
    assert saved["resets"] == quiz.results()["resets"] and saved["resets"][0].endswith("Z")


def test_save_control_writes_the_results_file_next_to_the_notebook(quiz, tmp_path):
    widget = quiz.widget
    widget.folder = tmp_path / "notebook-folder"
    widget.folder.mkdir()
    widget.views["capital"].control.value = "b"
    check(quiz, "capital")
    widget.save_button.click()
    assert "Type your name first" in widget.save_status.value and not list(widget.folder.iterdir())
    widget.name.value = "Әлия Сейітова"
    widget.save_button.click()
    (path,) = widget.folder.iterdir()
    assert path.name == "sampler-әлия-сейітова.json" and path.name in widget.save_status.value
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["name"] == "Әлия Сейітова" and saved["score"] == 1


def test_a_wrong_check_points_back_to_the_chapter_section(quiz):
    view = quiz.widget.views["capital"]
    view.control.value = "a"
    assert "Revisit" in check(quiz, "capital")
    view.control.value = "b"
    assert "Revisit" not in check(quiz, "capital")


def test_bank_text_is_escaped_in_the_widget(quiz):
    prompt = quiz.widget.views["markup"].box.children[0].value
    assert "&lt;script&gt;" in prompt and "<script>" not in prompt


def test_display_carries_the_widget_and_the_html_outside_the_book_build(quiz):
    bundle = quiz._repr_mimebundle_()
    assert {WIDGET_VIEW, "text/html", "text/plain"} <= set(bundle)
    assert bundle[WIDGET_VIEW]["model_id"] == quiz.widget.model_id
    assert bundle["text/html"].startswith('<section class="bq"')


def test_book_build_creates_no_widget_at_all(quiz, monkeypatch):
    monkeypatch.setenv("BAIKONUR_BOOK_BUILD", "1")
    before = len(live_widgets)
    bundle = quiz._repr_mimebundle_()
    assert set(bundle) == {"text/html", "text/plain"}
    assert len(live_widgets) == before and quiz._widget is None
    assert quiz.results()["score"] == 0
