"""The live quiz: plain ipywidgets for Jupyter with a kernel, and the score it keeps.

Each question gets its control (radio buttons, checkboxes, a text box for a number with its unit,
or a list with Up/Down buttons), a Check button, feedback, a "Show the answer" button offered after
two wrong tries, a pointer back to the chapter section after a wrong check, and the answer with its
explanation, shown once the question is answered correctly or revealed; a score line, a Reset
button that asks first and is recorded, and a name field with "Save results" close the quiz. Grading and the question states come
from :mod:`baikonur.quiz.grading`, the rules the static page also follows. :class:`QuizProgress`
keeps every check in Python and writes the results file of :mod:`baikonur.quiz.results`.

It is not for the static book: nothing here may run during the book build (see
:mod:`baikonur.quiz`), because any widget created then would save widget state into the page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from baikonur import __version__
from baikonur.quiz.bank import Question, QuizBank
from baikonur.quiz.grading import (
    Grade,
    QuestionState,
    after_check,
    after_reveal,
    explanation_shown,
    grade,
    new_state,
    reveal_offered,
    score_text,
)
from baikonur.quiz.results import iso_time, results_document, write_results
from baikonur.quiz.static import answer_text, section_link_text
from baikonur.quiz.words import word

Response = str | list[str] | float | None


@dataclass
class AnswerRecord:
    """The latest checked response to one question and the question's state."""

    response: Response = None
    state: QuestionState = field(default_factory=new_state)


class QuizProgress:
    """Answers and score of one learner's session with one quiz."""

    def __init__(self, bank: QuizBank) -> None:
        self.bank = bank
        self.records = {question.id: AnswerRecord() for question in bank.questions}
        self.resets: list[str] = []

    def record(self, question_id: str, response: Response, result: Grade) -> QuestionState:
        entry = self.records[question_id]
        entry.state = after_check(entry.state, result)
        if result.answered:
            entry.response = response
        return entry.state

    def reveal(self, question_id: str) -> QuestionState:
        entry = self.records[question_id]
        entry.state = after_reveal(entry.state)
        return entry.state

    def reset(self) -> None:
        """Clear every answer; the time of the reset goes into the results file."""
        self.records = {question_id: AnswerRecord() for question_id in self.records}
        self.resets.append(iso_time())

    @property
    def score(self) -> int:
        """Questions answered correctly at the first try."""
        return sum(1 for entry in self.records.values() if entry.state["first_try"])

    def score_text(self) -> str:
        return score_text([entry.state for entry in self.records.values()])

    def _answer(self, question: Question) -> dict[str, Any]:
        entry = self.records[question.id]
        return {
            "question": question.id,
            "type": question.type,
            "response": entry.response,
            **entry.state,
        }

    def results(self) -> dict[str, Any]:
        """JSON-ready answers and score (``pandas.DataFrame(results["answers"])`` tabulates them)."""
        answers = [self._answer(question) for question in self.bank.questions]
        return {
            "quiz": self.bank.name,
            "title": self.bank.title,
            "score": self.score,
            "total": len(answers),
            "credit": sum(answer["credit"] for answer in answers),
            "resets": list(self.resets),
            "answers": answers,
        }

    def save_results(self, name: str, folder: Path | str = ".") -> Path:
        """Write the results file a learner hands in (the static page's format) and return its path."""
        if not name.strip():
            raise ValueError('give your name, e.g. quiz.save_results("Ada Lovelace")')
        answers = self.results()["answers"]
        document = results_document(
            self.bank.name, self.bank.title, __version__, name.strip(), answers, resets=self.resets
        )
        return write_results(document, Path(folder))


class QuestionView:
    """The widgets of one question: ``control`` (or ``rows`` for ordering), ``check_button``,
    ``feedback`` and ``explanation``; ``box`` holds them all."""

    def __init__(self, question: Question, number: int) -> None:
        self.question = question
        self.spec = question.grading_spec()
        prompt = widgets.HTML(f"<strong>{number}. {escape(question.prompt)}</strong>")
        self.control = self._make_control()
        self.check_button = widgets.Button(
            description=word("check"), button_style="primary", tooltip=word("check_tip")
        )
        self.reveal_button = widgets.Button(
            description=word("show_answer"),
            tooltip=word("show_answer_tip"),
            layout=widgets.Layout(display="none", width="auto"),
        )
        self.feedback = widgets.HTML()
        self.explanation = widgets.HTML(layout=widgets.Layout(display="none"))
        buttons = widgets.HBox([self.check_button, self.reveal_button])
        self.box = widgets.VBox(
            [prompt, self.control, buttons, self.feedback, self.explanation],
            layout=widgets.Layout(margin="0 0 1em 0"),
        )

    def _make_control(self) -> widgets.Widget:
        question = self.question
        wide = widgets.Layout(width="auto")
        if question.type == "single":
            return widgets.RadioButtons(
                options=[(o.text, o.id) for o in question.options], value=None, layout=wide
            )
        if question.type == "multiple":
            self.checkboxes = {
                o.id: widgets.Checkbox(value=False, description=o.text, indent=False, layout=wide)
                for o in question.options
            }
            return widgets.VBox(list(self.checkboxes.values()))
        if question.type == "numeric":
            self.number = widgets.Text(
                description=word("your_answer"), style={"description_width": "initial"}
            )
            return widgets.HBox([self.number, widgets.Label(question.unit or "")])
        self.item_texts = {item.id: item.text for item in question.items}
        self.order = [item.id for item in question.starting_order()]
        self.rows = [self._ordering_row(position) for position in range(len(self.order))]
        self._show_order()
        return widgets.VBox(self.rows)

    def _ordering_row(self, position: int) -> widgets.HBox:
        up = widgets.Button(
            description=word("up"), icon="arrow-up", layout=widgets.Layout(width="6em")
        )
        down = widgets.Button(
            description=word("down"), icon="arrow-down", layout=widgets.Layout(width="6em")
        )
        up.on_click(lambda _: self.move(position, -1))
        down.on_click(lambda _: self.move(position, +1))
        return widgets.HBox([widgets.Label(), up, down])

    def _show_order(self) -> None:
        texts = self.item_texts
        for position, (row, item_id) in enumerate(zip(self.rows, self.order, strict=True)):
            label, up, down = row.children
            label.value = f"{position + 1}. {texts[item_id]}"
            up.tooltip = word("up_item", item=texts[item_id])
            down.tooltip = word("down_item", item=texts[item_id])
            up.disabled = position == 0
            down.disabled = position == len(self.order) - 1

    def move(self, position: int, step: int) -> None:
        """Swap the item at ``position`` with its neighbour above (-1) or below (+1)."""
        target = position + step
        if 0 <= target < len(self.order):
            self.order[position], self.order[target] = self.order[target], self.order[position]
            self._show_order()
            moved = self.item_texts[self.order[target]]
            self.feedback.value = escape(
                word("moved", item=moved, position=target + 1, n=len(self.order))
            )

    def response(self) -> Response:
        kind = self.question.type
        if kind == "single":
            return self.control.value
        if kind == "multiple":
            return [option_id for option_id, box in self.checkboxes.items() if box.value]
        if kind == "numeric":
            return self.number.value.strip() or None
        return list(self.order)

    def show(self, state: QuestionState, result: Grade | None) -> None:
        if result is not None:
            self.feedback.value = f"<strong>{escape(result.feedback)}</strong>"
            if result.answered and not result.correct and not state["revealed"]:
                revisit = word("in_the_chapter", revisit=section_link_text(self.question))
                self.feedback.value += f" <em>{escape(revisit)}</em>"
        elif state["revealed"]:
            self.feedback.value = f"<strong>{escape(word('revealed'))}</strong>"
        if explanation_shown(state):
            link = escape(section_link_text(self.question))
            self.explanation.value = (
                f"<p>{escape(word('answer_line', answer=answer_text(self.question)))}</p>"
                f"<p>{escape(self.question.explanation)} <em>{link}</em></p>"
            )
            self.explanation.layout.display = None
        else:
            self.explanation.value = ""
            self.explanation.layout.display = "none"
        self.reveal_button.layout.display = None if reveal_offered(state) else "none"

    def clear(self) -> None:
        kind = self.question.type
        if kind == "single":
            self.control.value = None
        elif kind == "multiple":
            for box in self.checkboxes.values():
                box.value = False
        elif kind == "numeric":
            self.number.value = ""
        else:
            self.order = [item.id for item in self.question.starting_order()]
            self._show_order()
        self.feedback.value = ""
        self.explanation.value = ""
        self.explanation.layout.display = "none"
        self.reveal_button.layout.display = "none"


class QuizWidget(widgets.VBox):
    """The whole quiz as one ipywidgets box; checks are written into ``progress``."""

    def __init__(self, bank: QuizBank, progress: QuizProgress, folder: Path | str = ".") -> None:
        self.progress = progress
        self.folder = Path(folder)
        self.views = {
            question.id: QuestionView(question, number)
            for number, question in enumerate(bank.questions, 1)
        }
        for view in self.views.values():
            view.check_button.on_click(lambda _, view=view: self.check(view))
            view.reveal_button.on_click(lambda _, view=view: self.reveal(view))
        self.score_label = widgets.HTML(progress.score_text())
        self.reset_button = widgets.Button(
            description=word("reset"),
            tooltip=word("reset_tip"),
            layout=widgets.Layout(margin="0 0 0 1em", width="auto"),
        )
        self.reset_button.on_click(lambda _: self.ask_reset())
        self.confirm_label = widgets.HTML(escape(word("reset_ask_widget")))
        self.confirm_button = widgets.Button(description=word("reset_yes"), button_style="warning")
        self.cancel_button = widgets.Button(description=word("cancel"))
        self.confirm_button.on_click(lambda _: self.reset())
        self.cancel_button.on_click(lambda _: self._show_confirmation(False))
        self.confirm_box = widgets.HBox(
            [self.confirm_label, self.confirm_button, self.cancel_button],
            layout=widgets.Layout(display="none"),
        )
        self.name = widgets.Text(
            description=word("your_name"), style={"description_width": "initial"}
        )
        self.save_button = widgets.Button(
            description=word("save"),
            tooltip=word("save_tip"),
            button_style="info",
        )
        self.save_button.on_click(lambda _: self.save())
        self.save_status = widgets.HTML(f"<em>{escape(word('save_hint'))}</em>")
        title = widgets.HTML(f"<h3>{escape(bank.title)}</h3>")
        footer = widgets.HBox(
            [self.score_label, self.reset_button], layout=widgets.Layout(align_items="center")
        )
        hand_in = widgets.HBox(
            [self.name, self.save_button], layout=widgets.Layout(align_items="center")
        )
        super().__init__(
            [
                title,
                *(view.box for view in self.views.values()),
                footer,
                self.confirm_box,
                hand_in,
                self.save_status,
            ]
        )

    def check(self, view: QuestionView) -> Grade:
        response = view.response()
        result = grade(view.spec, response)
        view.show(self.progress.record(view.question.id, response, result), result)
        self.score_label.value = self.progress.score_text()
        return result

    def reveal(self, view: QuestionView) -> None:
        view.show(self.progress.reveal(view.question.id), None)
        self.score_label.value = self.progress.score_text()

    def _show_confirmation(self, shown: bool) -> None:
        self.confirm_box.layout.display = None if shown else "none"
        self.reset_button.layout.display = "none" if shown else None

    def ask_reset(self) -> None:
        """The Reset button: ask before clearing anything."""
        self._show_confirmation(True)

    def reset(self) -> None:
        """Clear every answer (the confirmed reset); the reset is recorded in the results file."""
        self.progress.reset()
        for view in self.views.values():
            view.clear()
        self.score_label.value = self.progress.score_text()
        self._show_confirmation(False)
        count = len(self.progress.resets)
        self.save_status.value = escape(word("cleared", count=count))

    def save(self) -> Path | None:
        """The Save results button: write the results file next to the notebook and say where."""
        try:
            path = self.progress.save_results(self.name.value, self.folder)
        except ValueError:
            self.save_status.value = f"<strong>{escape(word('name_first'))}</strong>"
            return None
        except OSError as error:
            self.save_status.value = escape(word("write_failed", error=error))
            return None
        self.save_status.value = escape(
            word("saved_file", file=path.name, folder=path.parent.resolve())
        )
        return path
