"""Chapter quizzes: one question bank, shown as a live widget or as a self-grading HTML form.

A chapter's quiz cell is two lines::

    from baikonur.quiz import load_quiz
    load_quiz("history")

The :class:`Quiz` it returns displays itself with a MIME bundle that carries both the ipywidgets
view (Jupyter with a kernel) and ``text/html`` (the static book, whose builders are told to prefer
it). While the book is being built (:func:`baikonur.in_book_build`) no widget is created at
all, so no widget state, and no CDN script to render it, lands in a page. ``quiz.results()`` hands
the answers and the score back to Python, and ``quiz.save_results("name")`` writes the results file
a learner hands in (the format of :mod:`baikonur.quiz.results`).

It is not where banks are parsed, graded or drawn: see :mod:`baikonur.quiz.bank`,
:mod:`baikonur.quiz.grading`, :mod:`baikonur.quiz.static` and :mod:`baikonur.quiz.widget`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Container
from pathlib import Path
from typing import Any

from baikonur import in_book_build
from baikonur.data import quizzes_dir
from baikonur.quiz.bank import (
    QuizBank,
    QuizBankError,
    bank_names,
    bank_path,
    giveaway_problems,
    load_bank,
)
from baikonur.quiz.static import render_html
from baikonur.quiz.widget import QuizProgress, QuizWidget

__all__ = ["Quiz", "QuizBankError", "load_quiz", "validate_all_banks"]

_quizzes_created: Counter[str] = Counter()


class Quiz:
    """A chapter quiz; display it (last line of a cell) to take it, then call :meth:`results`."""

    def __init__(self, bank: QuizBank) -> None:
        self.bank = bank
        self.progress = QuizProgress(bank)
        self._widget: QuizWidget | None = None
        _quizzes_created[bank.name] += 1
        copies = _quizzes_created[bank.name]
        self.html_id = f"bq-{bank.name}" if copies == 1 else f"bq-{bank.name}-{copies}"

    @property
    def widget(self) -> QuizWidget:
        """The live widget, created on first use."""
        if self._widget is None:
            self._widget = QuizWidget(self.bank, self.progress)
        return self._widget

    def to_html(self) -> str:
        return render_html(self.bank, self.html_id)

    def results(self) -> dict[str, Any]:
        """Answers and score so far: ``quiz``, ``title``, ``score`` (right at the first try),
        ``total``, ``credit`` and ``answers`` (one dict per question: response, attempts,
        first_try, solved, revealed, credit, last_correct)."""
        return self.progress.results()

    def save_results(self, name: str, folder: Path | str = ".") -> Path:
        """Save the results file to hand in, named after the quiz and ``name``; returns its path."""
        return self.progress.save_results(name, folder)

    def __repr__(self) -> str:
        return f"<Quiz {self.bank.name!r}: {self.bank.title}, {len(self.bank.questions)} questions>"

    def _repr_mimebundle_(
        self, include: Container[str] | None = None, exclude: Container[str] | None = None
    ) -> dict[str, Any]:
        bundle: dict[str, Any] = {"text/plain": repr(self), "text/html": self.to_html()}
        if not in_book_build():
            widget_bundle = self.widget._repr_mimebundle_()
            bundle.update(
                {key: value for key, value in widget_bundle.items() if key != "text/plain"}
            )
        return bundle


def load_quiz(name: str) -> Quiz:
    """The quiz of ``quizzes/<name>.yml``, validated; raises :class:`QuizBankError`."""
    path = bank_path(name)
    if not path.exists():
        available = ", ".join(bank_names()) or "none"
        raise QuizBankError(f"{path}: no quiz bank named {name!r} (available: {available})")
    return Quiz(load_bank(path))


def validate_all_banks() -> None:
    """Validate every bank in ``quizzes``, then the give-away rules over all banks together,
    reporting every problem at once; the book build calls this before any cell runs."""
    problems, banks = [], []
    for name in bank_names():
        try:
            banks.append(load_bank(bank_path(name)))
        except QuizBankError as error:
            problems.append(str(error))
    if not problems:
        problems = [
            f"{quizzes_dir()}, all banks together: {problem}"
            for problem in giveaway_problems(banks)
        ]
    if problems:
        raise QuizBankError("\n".join(problems))
