"""The Python grader: every question type, tolerance edges, partial credit, typed numbers, the
question states (explanation, reveal, first-try score), and the shared cases that the browser
grader (``_static/quiz.js``) must also pass, word for word."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from baikonur.quiz.grading import (
    Grade,
    after_check,
    after_reveal,
    explanation_shown,
    grade,
    grade_multiple,
    grade_numeric,
    grade_ordering,
    grade_single,
    new_state,
    read_number,
    reveal_offered,
    score_text,
)

SHARED = json.loads(
    (Path(__file__).resolve().parent / "fixtures" / "grading_cases.json").read_text()
)
CASES = SHARED["cases"]


def play(events: list) -> list[dict]:
    """The states after each event of a shared session (a verdict, "unanswered" or "reveal")."""
    state, states = new_state(), []
    for event in events:
        if event == "reveal":
            state = after_reveal(state)
        elif event == "unanswered":
            state = after_check(state, Grade(False, False, 0.0, "Choose an answer first."))
        else:
            state = after_check(state, Grade(True, event["correct"], event["credit"], ""))
        states.append(state)
    return states


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_python_grader_matches_the_shared_grading_cases(case):
    result = grade(case["spec"], case["response"])
    expected = case["expected"]
    assert (result.answered, result.correct, result.credit, result.feedback) == (
        expected["answered"],
        expected["correct"],
        expected["credit"],
        expected["feedback"],
    )


def test_shared_cases_cover_every_question_type_and_verdict():
    kinds = {
        (case["spec"]["type"], case["expected"]["correct"], case["expected"]["answered"])
        for case in CASES
    }
    for kind in ("single", "multiple", "numeric", "ordering"):
        assert {(kind, True, True), (kind, False, True), (kind, False, False)} <= kinds


def test_single_choice_wrong_option_feedback_follows_the_verdict():
    result = grade_single("b", "a", {"a": "Almaty was the capital until 1997."})
    assert not result.correct and result.feedback == "Not quite. Almaty was the capital until 1997."


def test_multiple_select_is_correct_only_when_exact():
    assert grade_multiple(["s", "p"], ["p", "s"], ["s", "p", "a"]).correct
    partly = grade_multiple(["s", "p"], ["s"], ["s", "p", "a"])
    assert (
        not partly.correct and partly.credit == 0.5 and partly.feedback.startswith("Partly right")
    )


def test_multiple_select_wrong_choices_reduce_credit_but_not_below_zero():
    assert grade_multiple(["s", "p"], ["s", "p", "a"], ["s", "p", "a"]).credit == 0.5
    assert grade_multiple(["s", "p"], ["a"], ["s", "p", "a"]).credit == 0.0


@pytest.mark.parametrize(
    ("given", "correct"),
    [(1724.0, True), (1725.0, True), (1726.0, True), (1726.00001, False), (1723.99999, False)],
)
def test_numeric_answer_within_tolerance_is_correct_and_the_edge_is_inclusive(given, correct):
    assert grade_numeric(1725.0, 1.0, given).correct is correct


def test_numeric_tolerance_edge_holds_for_decimal_fractions():
    assert grade_numeric(0.3, 0.1, 0.4).correct
    assert grade_numeric(2.675, 0.005, 2.68).correct


def test_numeric_without_a_number_is_not_graded():
    for missing in (None, float("nan"), float("inf")):
        assert not grade_numeric(1.0, 0.0, missing).answered


def test_ordering_counts_items_in_place():
    assert grade_ordering(["a", "b", "c"], ["a", "b", "c"]).correct
    swapped = grade_ordering(["a", "b", "c"], ["b", "a", "c"])
    assert (
        not swapped.correct and swapped.feedback == "Partly right: 1 of 3 items in the right place."
    )


def test_unknown_question_type_is_an_error():
    with pytest.raises(ValueError, match="unknown question type"):
        grade({"type": "essay"}, "anything")


@pytest.mark.parametrize(
    "case", SHARED["numbers"], ids=[case["name"] for case in SHARED["numbers"]]
)
def test_typed_numbers_are_read_or_refused_never_misread(case):
    assert read_number(case["text"]) == (case["number"], case["message"])


def test_decimal_comma_answer_is_graded_as_a_decimal():
    assert grade_numeric(48.5, 0.05, "48,5").correct
    refused = grade_numeric(1.725, 0.0, "1,725")
    assert not refused.answered and "could mean 1725 or 1.725" in refused.feedback


@pytest.mark.parametrize(
    "session", SHARED["sessions"], ids=[session["name"] for session in SHARED["sessions"]]
)
def test_question_states_follow_the_shared_sessions(session):
    for state, expected in zip(play(session["events"]), session["after"], strict=True):
        assert state == expected["state"]
        assert explanation_shown(state) is expected["explanation"]
        assert reveal_offered(state) is expected["reveal_offered"]


@pytest.mark.parametrize("case", SHARED["scores"], ids=[case["name"] for case in SHARED["scores"]])
def test_score_line_counts_first_tries_and_starts_neutral(case):
    states = [play(events)[-1] if events else new_state() for events in case["states"]]
    assert score_text(states) == case["text"]
