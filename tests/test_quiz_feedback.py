"""Feedback after a wrong pick says why the pick is wrong and points back to the chapter, without
naming the right option: checked for every option of every bank, against the right option's text and
its distinctive words."""

from __future__ import annotations

import pytest

from baikonur.quiz.bank import (
    Choice,
    Question,
    QuizBank,
    Section,
    bank_names,
    bank_path,
    distinctive_words,
    feedback_giveaways,
    load_bank,
)

BANKS = bank_names()


def choice_question(
    feedback: str,
    answer_text: str = "The R-7 was steered by radio signals from distant ground stations.",
) -> QuizBank:
    question = Question(
        id="why-flat",
        type="single",
        prompt="Why did the commission look for flat land around the pad?",
        explanation="Radio guidance needed a clear line.",
        section=Section("history-why-here", "Why here"),
        answer="c",
        options=(
            Choice("a", "Rockets climb faster when they are launched from a plain.", feedback),
            Choice("b", "Flat land was cheaper to buy."),
            Choice("c", answer_text),
        ),
    )
    return QuizBank("history", "Check your understanding", (question,), bank_path("history"))


@pytest.mark.parametrize("name", BANKS)
def test_no_wrong_option_feedback_names_the_right_option(name):
    assert feedback_giveaways(load_bank(bank_path(name))) == []


def test_every_bank_is_checked_and_has_wrong_option_feedback_to_check():
    checked = 0
    for name in BANKS:
        bank = load_bank(bank_path(name))
        for question in bank.questions:
            if question.type in ("single", "multiple"):
                right = question.answer if question.type == "multiple" else (question.answer,)
                checked += sum(
                    1 for option in question.options if option.feedback and option.id not in right
                )
                for answer in right:
                    assert distinctive_words(question, answer, bank.title), (
                        f"{name} {question.id}: nothing to compare"
                    )
    assert len(BANKS) >= 4 and checked >= 40


@pytest.mark.parametrize(
    "feedback",
    [
        "The terrain does not change a rocket's speed: it was steered by radio.",
        "No: the signals came from distant stations on the ground.",
        "The R-7 was steered by radio signals from distant ground stations.",
    ],
)
def test_feedback_that_names_the_right_option_is_caught(feedback):
    (problem,) = feedback_giveaways(choice_question(feedback))
    assert "question 'why-flat'" in problem and "wrong option a names the right option c" in problem


def test_feedback_that_points_back_without_naming_the_answer_passes():
    feedback = "The terrain around the pad does not change a rocket's speed. Think about how the first rockets were guided."
    assert feedback_giveaways(choice_question(feedback)) == []


def test_words_the_prompt_or_a_wrong_option_also_uses_are_not_distinctive():
    bank = choice_question("x", answer_text="Flat land under a steered rocket.")
    assert distinctive_words(bank.questions[0], "c") == {"steer"}
