"""Grade quiz responses: pure functions, no display, no I/O.

The live widget grades with these functions; ``_static/quiz.js`` applies the same rules in the
browser, word for word, and ``tests/fixtures/grading_cases.json`` runs the same cases through
both so that a learner gets the same verdict and the same feedback text in every host.

Rules:

* single: correct when the chosen option is the answer; a wrong option's own feedback follows.
* multiple: correct only when exactly the answer options are chosen; partial credit
  (right choices minus wrong choices, over the number of right options, floored at 0) is reported.
* numeric: correct when the distance to the answer is at most the tolerance (inclusive, with a
  rounding allowance of 1e-9 of the answer's size so that 0.4 is within 0.1 of 0.3). A typed
  answer is read by :func:`read_number`: a decimal comma counts as a decimal point ("48,5" is
  48.5), and a number that could be read two ways ("1,725") is refused with a message, never guessed.
* ordering: correct only in exactly the right order; credit is the share of items in place. A list
  still in the order it was first shown (the spec's ``start``) is not graded: checking it would
  spend the first try on a guess nobody made.

A response that is empty (nothing chosen, no number) is not graded: ``answered`` is False.

A learner's way through one question is a :data:`QuestionState` (a JSON-ready dict, the same in
the browser): :func:`after_check` and :func:`after_reveal` move it on. ``attempts`` counts graded
checks until the question is solved or revealed; ``first_try`` is True only when the first graded
check was correct, and only first tries score (``credit`` keeps the first try's partial credit).
The explanation shows while the latest check is correct, or once the learner has revealed the
answer, which :func:`reveal_offered` allows only after two wrong tries and which earns nothing.

It is not for reading banks (:mod:`baikonur.quiz.bank`) or showing results.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from baikonur.quiz.words import word


@dataclass(frozen=True)
class Grade:
    answered: bool
    correct: bool
    credit: float
    feedback: str


def _not_answered(feedback: str) -> Grade:
    return Grade(answered=False, correct=False, credit=0.0, feedback=feedback)


def _partial(credit: float, detail: str) -> Grade:
    verdict = "partly_right" if credit > 0 else "not_quite_detail"
    return Grade(answered=True, correct=False, credit=credit, feedback=word(verdict, detail=detail))


def _correct() -> Grade:
    return Grade(answered=True, correct=True, credit=1.0, feedback=word("correct"))


def grade_single(
    answer: str, chosen: str | None, feedback: Mapping[str, str] | None = None
) -> Grade:
    if not chosen:
        return _not_answered(word("choose_one"))
    if chosen == answer:
        return _correct()
    hint = (feedback or {}).get(chosen)
    return Grade(
        answered=True,
        correct=False,
        credit=0.0,
        feedback=word("not_quite_hint", hint=hint) if hint else word("not_quite"),
    )


def grade_multiple(
    answer: Sequence[str],
    chosen: Sequence[str],
    options: Sequence[str],
    feedback: Mapping[str, str] | None = None,
) -> Grade:
    """``options`` (all option ids, in display order) orders the feedback of wrong choices."""
    chosen_set, answer_set = set(chosen), set(answer)
    if not chosen_set:
        return _not_answered(word("choose_some"))
    if chosen_set == answer_set:
        return _correct()
    right = len(chosen_set & answer_set)
    wrong_choices = [option for option in options if option in chosen_set - answer_set]
    credit = max(0.0, (right - len(wrong_choices)) / len(answer_set))
    detail = word("chose", count=len(answer_set), right=right, correct=len(answer_set))
    if wrong_choices:
        detail += word("and_wrong", count=len(wrong_choices), wrong=len(wrong_choices))
    hints = [(feedback or {})[option] for option in wrong_choices if option in (feedback or {})]
    return _partial(credit, " ".join([detail + word("full_stop"), *hints]))


def within_tolerance(answer: float, tolerance: float, given: float) -> bool:
    allowance = 1e-9 * max(1.0, abs(answer))
    return abs(given - answer) <= tolerance + allowance


_PLAIN = re.compile(r"[+-]?\d+(?:[.,]\d+)?")
_AMBIGUOUS = re.compile(r"[+-]?[1-9]\d{0,2},\d{3}")
_POINT_GROUPS = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_COMMA_GROUPS = re.compile(r"[+-]?\d{1,3}(?:\.\d{3})+(?:,\d+)?")


def read_number(text: str) -> tuple[float | None, str | None]:
    """A typed answer as ``(number, None)``, ``(None, None)`` when blank, or ``(None, message)``.

    Spaces are dropped ("1 725"); a lone comma is a decimal point ("48,5"), except where it could
    equally separate thousands ("1,725"), which is refused; "1,725.5" and "1.725,5" are read by
    the position of the last separator.
    """
    cleaned = re.sub(r"\s", "", text.replace("\u2212", "-"))
    if not cleaned:
        return None, None
    if _AMBIGUOUS.fullmatch(cleaned):
        whole, decimals = cleaned.split(",")
        return None, word(
            "ambiguous_number",
            text=text.strip(),
            joined=f"{whole}{decimals}",
            pointed=f"{whole}.{decimals}",
        )
    if _PLAIN.fullmatch(cleaned):
        return float(cleaned.replace(",", ".")), None
    if _POINT_GROUPS.fullmatch(cleaned):
        return float(cleaned.replace(",", "")), None
    if _COMMA_GROUPS.fullmatch(cleaned):
        return float(cleaned.replace(".", "").replace(",", ".")), None
    return None, word("not_a_number", text=text.strip())


def grade_numeric(answer: float, tolerance: float, given: float | str | None) -> Grade:
    if isinstance(given, str):
        given, problem = read_number(given)
        if problem:
            return _not_answered(problem)
    if given is None or not math.isfinite(given):
        return _not_answered(word("enter_number"))
    if within_tolerance(answer, tolerance, given):
        return _correct()
    direction = "too_high" if given > answer else "too_low"
    return Grade(answered=True, correct=False, credit=0.0, feedback=word(direction))


def grade_ordering(
    answer: Sequence[str], given: Sequence[str], start: Sequence[str] | None = None
) -> Grade:
    if sorted(given) != sorted(answer):
        return _not_answered(word("order_every"))
    if start is not None and list(given) == list(start):
        return _not_answered(word("order_unmoved"))
    if list(given) == list(answer):
        return _correct()
    in_place = sum(1 for expected, placed in zip(answer, given, strict=True) if expected == placed)
    return _partial(
        in_place / len(answer),
        word("in_place", count=len(answer), placed=in_place, n=len(answer)),
    )


def grade(spec: Mapping[str, Any], response: Any) -> Grade:
    """Grade ``response`` against a question's grading spec (see ``Question.grading_spec``).

    Responses: an option id or None (single), a list of option ids (multiple), a number, the
    typed text or None (numeric), a list of item ids (ordering).
    """
    kind = spec["type"]
    if kind == "single":
        return grade_single(spec["answer"], response, spec.get("feedback"))
    if kind == "multiple":
        return grade_multiple(spec["answer"], response or [], spec["options"], spec.get("feedback"))
    if kind == "numeric":
        return grade_numeric(spec["answer"], spec["tolerance"], response)
    if kind == "ordering":
        return grade_ordering(spec["answer"], response or [], spec.get("start"))
    raise ValueError(f"unknown question type {kind!r}")


QuestionState = dict[str, Any]
"""``attempts``, ``first_try`` (correct at the first graded check), ``credit`` (of the first try,
0 once revealed), ``solved``, ``revealed`` and ``last_correct`` (the latest check's verdict)."""

REVEAL_AFTER = 2


def new_state() -> QuestionState:
    return {
        "attempts": 0,
        "first_try": False,
        "credit": 0.0,
        "solved": False,
        "revealed": False,
        "last_correct": False,
    }


def after_check(state: QuestionState, result: Grade) -> QuestionState:
    """The state after a check; an unanswered check changes nothing."""
    if not result.answered:
        return dict(state)
    new = {**state, "last_correct": result.correct}
    if not state["solved"] and not state["revealed"]:
        new["attempts"] = state["attempts"] + 1
        new["solved"] = result.correct
        if state["attempts"] == 0:
            new["first_try"], new["credit"] = result.correct, result.credit
    return new


def reveal_offered(state: QuestionState) -> bool:
    return state["attempts"] >= REVEAL_AFTER and not state["solved"] and not state["revealed"]


def after_reveal(state: QuestionState) -> QuestionState:
    """The state after the learner asks for the answer: allowed only when :func:`reveal_offered`."""
    if not reveal_offered(state):
        return dict(state)
    return {**state, "revealed": True, "credit": 0.0}


def explanation_shown(state: QuestionState) -> bool:
    return state["last_correct"] or state["revealed"]


def score_text(states: Sequence[QuestionState]) -> str:
    """The score line: "Not started" until something is checked, then first tries and attempts."""
    tried = [state for state in states if state["attempts"] or state["revealed"]]
    if not tried:
        return word("not_started")
    first = sum(1 for state in states if state["first_try"])
    return word("score", first=first, n=len(states), tried=len(tried))
