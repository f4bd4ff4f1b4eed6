"""Grade quiz responses: pure functions, no display, no I/O.

The live widget grades with these functions; ``_static/quiz.js`` applies the same rules in the
browser, word for word, and ``tests/fixtures/grading_cases.json`` runs the same cases through
both so that a learner gets the same verdict and the same feedback text in every host.

Rules:

* single: correct when the chosen option is the answer; a wrong option's own feedback follows.
* multiple: correct only when exactly the answer options are chosen; partial credit
  (right choices minus wrong choices, over the number of right options, floored at 0) is reported.
* numeric: correct when the distance to the answer is at most the tolerance (inclusive, with a
  rounding allowance of 1e-9 of the answer's size so that 0.4 is within 0.1 of 0.3).
* ordering: correct only in exactly the right order; credit is the share of items in place.

A response that is empty (nothing chosen, no number) is not graded: ``answered`` is False.

It is not for reading banks (:mod:`baikonur.quiz.bank`) or showing results.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

CORRECT = "Correct."


@dataclass(frozen=True)
class Grade:
    answered: bool
    correct: bool
    credit: float
    feedback: str


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _not_answered(feedback: str) -> Grade:
    return Grade(answered=False, correct=False, credit=0.0, feedback=feedback)


def _partial(credit: float, detail: str) -> Grade:
    verdict = "Partly right" if credit > 0 else "Not quite"
    return Grade(answered=True, correct=False, credit=credit, feedback=f"{verdict}: {detail}")


def grade_single(answer: str, chosen: str | None, feedback: Mapping[str, str] | None = None) -> Grade:
    if not chosen:
        return _not_answered("Choose an answer first.")
    if chosen == answer:
        return Grade(answered=True, correct=True, credit=1.0, feedback=CORRECT)
    hint = (feedback or {}).get(chosen)
    return Grade(answered=True, correct=False, credit=0.0, feedback=f"Not quite. {hint}" if hint else "Not quite.")


def grade_multiple(
    answer: Sequence[str],
    chosen: Sequence[str],
    options: Sequence[str],
    feedback: Mapping[str, str] | None = None,
) -> Grade:
    """``options`` (all option ids, in display order) orders the feedback of wrong choices."""
    chosen_set, answer_set = set(chosen), set(answer)
    if not chosen_set:
        return _not_answered("Choose at least one answer first.")
    if chosen_set == answer_set:
        return Grade(answered=True, correct=True, credit=1.0, feedback=CORRECT)
    right = len(chosen_set & answer_set)
    wrong_choices = [option for option in options if option in chosen_set - answer_set]
    credit = max(0.0, (right - len(wrong_choices)) / len(answer_set))
    detail = f"you chose {right} of the {_plural(len(answer_set), 'correct option')}"
    if wrong_choices:
        detail += f" and {_plural(len(wrong_choices), 'wrong option')}"
    hints = [(feedback or {})[option] for option in wrong_choices if option in (feedback or {})]
    return _partial(credit, " ".join([detail + ".", *hints]))


def within_tolerance(answer: float, tolerance: float, given: float) -> bool:
    allowance = 1e-9 * max(1.0, abs(answer))
    return abs(given - answer) <= tolerance + allowance


def grade_numeric(answer: float, tolerance: float, given: float | None) -> Grade:
    if given is None or not math.isfinite(given):
        return _not_answered("Enter a number first.")
    if within_tolerance(answer, tolerance, given):
        return Grade(answered=True, correct=True, credit=1.0, feedback=CORRECT)
    direction = "too high" if given > answer else "too low"
    return Grade(answered=True, correct=False, credit=0.0, feedback=f"Not quite: {direction}.")


def grade_ordering(answer: Sequence[str], given: Sequence[str]) -> Grade:
    if sorted(given) != sorted(answer):
        return _not_answered("Put every item in order first.")
    if list(given) == list(answer):
        return Grade(answered=True, correct=True, credit=1.0, feedback=CORRECT)
    in_place = sum(1 for expected, placed in zip(answer, given, strict=True) if expected == placed)
    return _partial(in_place / len(answer), f"{in_place} of {_plural(len(answer), 'item')} in the right place.")


def grade(spec: Mapping[str, Any], response: Any) -> Grade:
    """Grade ``response`` against a question's grading spec (see ``Question.grading_spec``).

    Responses: an option id or None (single), a list of option ids (multiple), a number or None
    (numeric), a list of item ids (ordering).
    """
    kind = spec["type"]
    if kind == "single":
        return grade_single(spec["answer"], response, spec.get("feedback"))
    if kind == "multiple":
        return grade_multiple(spec["answer"], response or [], spec["options"], spec.get("feedback"))
    if kind == "numeric":
        return grade_numeric(spec["answer"], spec["tolerance"], response)
    if kind == "ordering":
        return grade_ordering(spec["answer"], response or [])
    raise ValueError(f"unknown question type {kind!r}")
