"""The written answers' rubrics, in two versions from one file per assignment.

``assignments/<name>/rubric.yml`` gives each criterion twice: ``student``, what an answer must do
(shown to everyone: the instructor guide prints it with the ``assignment-rubric`` directive), and
``key``, what the teacher looks for, with the numbers the autograded questions ask for (printed only
in the answer-key PDF, through :func:`key_html`). Keeping the key out of the public pages keeps
those numbers out of them too.

It is not for grading: otter-grader scores the autograded questions.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

import yaml
from docutils import nodes
from docutils.parsers.rst import Directive

from baikonur.book.assignments import ASSIGNMENTS_DIR, assignment_names
from baikonur.i18n import SOURCE_LANGUAGE, language


class RubricError(ValueError):
    """A rubric file that cannot be used; the message names the file and the fix."""


@dataclass(frozen=True)
class Criterion:
    points: float
    student: str
    key: str


@dataclass(frozen=True)
class Rubric:
    assignment: str
    title: str
    question: str
    heading: str
    criteria: tuple[Criterion, ...]
    zero: str
    path: Path

    @property
    def points(self) -> float:
        return sum(criterion.points for criterion in self.criteria)


def rubric_path(name: str) -> Path:
    return ASSIGNMENTS_DIR / name / "rubric.yml"


def load_rubric(name: str) -> Rubric:
    path = rubric_path(name)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise RubricError(
            f"{path}: cannot read the rubric ({error.strerror}); known assignments: {', '.join(assignment_names())}"
        ) from error
    fields = ("assignment", "title", "question", "heading", "criteria", "zero")
    missing = [field for field in fields if not isinstance(data, dict) or field not in data]
    if missing:
        raise RubricError(f"{path}: missing {', '.join(missing)}")
    criteria = []
    for number, raw in enumerate(data["criteria"], 1):
        if not isinstance(raw, dict) or not {"points", "student", "key"} <= set(raw):
            raise RubricError(f"{path}: criterion {number} needs points, student and key")
        criteria.append(Criterion(float(raw["points"]), str(raw["student"]), str(raw["key"])))
    if data["assignment"] != name:
        raise RubricError(
            f"{path}: 'assignment' is {data['assignment']!r} but the folder is {name!r}"
        )
    return Rubric(
        data["assignment"],
        data["title"],
        data["question"],
        data["heading"],
        tuple(criteria),
        data["zero"],
        path,
    )


def _points(value: float) -> str:
    return f"{value:g}"


def _english_only() -> str:
    """The rubrics are written in English only; in another edition their HTML says so."""
    return "" if language() == SOURCE_LANGUAGE else f' lang="{SOURCE_LANGUAGE}"'


def _table(rubric: Rubric, side: str) -> str:
    rows = "".join(
        f"<tr><td>{_points(c.points)}</td><td>{html.escape(getattr(c, side))}</td></tr>"
        for c in rubric.criteria
    )
    rows += f"<tr><td>0</td><td>{html.escape(rubric.zero)}</td></tr>"
    caption = f"{rubric.title}, question {rubric.question[1:]}: {rubric.heading} ({_points(rubric.points)} points)"
    return (
        f'<table class="rubric table"{_english_only()}><caption>{html.escape(caption)}</caption>'
        f'<thead><tr><th scope="col">points</th><th scope="col">'
        f"{'the answer' if side == 'student' else 'what to look for'}</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>"
    )


def student_html(name: str) -> str:
    """The student-facing rubric: what each point asks of an answer, without the expected numbers."""
    return _table(load_rubric(name), "student")


def key_html(name: str) -> str:
    """The teacher's key, for the answer-key PDF: per criterion what a full answer contains."""
    if not rubric_path(name).exists():
        return ""
    rubric = load_rubric(name)
    heading = f"Assignment: marking key for question {rubric.question[1:]}"
    return f"<h2{_english_only()}>{heading}</h2>{_table(rubric, 'key')}"


class AssignmentRubric(Directive):
    """``{assignment-rubric} <assignment>``: the student-facing rubric of its written answer."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        try:
            table = student_html(self.arguments[0])
        except RubricError as error:
            raise self.error(f"assignment-rubric: {error}") from error
        self.state.document.settings.record_dependencies.add(str(rubric_path(self.arguments[0])))
        return [nodes.raw("", table, format="html")]


def setup(app) -> dict:
    app.add_directive("assignment-rubric", AssignmentRubric)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
