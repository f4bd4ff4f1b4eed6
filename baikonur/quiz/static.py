"""Render a quiz bank as a self-contained HTML form for the static book.

The form is plain semantic HTML: a fieldset and legend per question, real radio buttons and
checkboxes, a labelled number input with its unit, and an ordered list for ordering questions.
Each question is followed by a folded ``<details>`` holding the answer and the explanation, so the
quiz reads (and can be self-checked) with JavaScript off; a numeric answer is shown rounded to the
precision its tolerance asks for. ``_static/quiz.js`` upgrades the form: it adds Check, Up/Down,
"Show the answer" and Reset (which asks first) buttons, a feedback line (an ``aria-live`` region), a
link back to the question's section after a wrong check, and a name field with "Save results" and
"New learner", grades from the JSON embedded in the section, and shows the answer and explanation
only once a question is answered correctly or deliberately revealed. All bank text is escaped.
:func:`answer_key_html` prints every bank's answers for the instructor guide.

It is not for grading (:mod:`baikonur.quiz.grading`) and loads no script itself: the book links
``_static/quiz.js`` and ``_static/quiz.css`` into every page.
"""

from __future__ import annotations

import json
import math
from html import escape

from baikonur import __version__
from baikonur.i18n import language, localize_numbers
from baikonur.quiz.bank import Question, QuizBank
from baikonur.quiz.words import script_words, word


def format_number(value: float) -> str:
    """``1725.0`` -> ``1,725``; ``0.25`` -> ``0.25`` (in the Russian edition ``1 725`` and ``0,25``)."""
    return localize_numbers(format(value, ",.10g"), language())


def format_answer(value: float, tolerance: float) -> str:
    """A numeric answer to the precision its tolerance asks for: ``3.041825095`` within 0.1 ->
    ``3.0``; exact when nothing but the exact value is accepted."""
    if tolerance <= 0:
        return format_number(value)
    places = max(0, -math.floor(math.log10(tolerance)))
    return localize_numbers(f"{value:,.{places}f}", language())


def answer_text(question: Question) -> str:
    """The answer as one line of plain text (the live widget shows it when the learner reveals it)."""
    if question.type == "single":
        return next(o.text for o in question.options if o.id == question.answer)
    if question.type == "multiple":
        return "; ".join(o.text for o in question.options if o.id in question.answer)
    if question.type == "numeric":
        unit = f" {question.unit}" if question.unit else ""
        return f"{format_answer(question.answer, question.tolerance)}{unit}"
    return "; ".join(f"{number}. {item.text}" for number, item in enumerate(question.items, 1))


def embedded_json(data: object) -> str:
    """JSON that is safe inside ``<script type="application/json">`` (no ``</script>``, no ``<!--``)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def section_link_text(question: Question) -> str:
    title = question.section.title
    return word("revisit", title=title) if title else word("revisit_section")


def _controls(question: Question, field: str) -> str:
    if question.type in ("single", "multiple"):
        kind = "radio" if question.type == "single" else "checkbox"
        return "".join(
            f'<label><input type="{kind}" name="{field}" value="{escape(option.id)}"> {escape(option.text)}</label>'
            for option in question.options
        )
    if question.type == "numeric":
        unit = ""
        described = ""
        if question.unit:
            unit = f' <span id="{field}-u" class="bq-unit">{escape(question.unit)}</span>'
            described = f' aria-describedby="{field}-u"'
        return (
            f'<p class="bq-num"><label for="{field}">{escape(word("your_answer"))}</label> '
            f'<input id="{field}" type="text" inputmode="decimal" autocomplete="off"{described}>{unit}</p>'
        )
    rows = "".join(
        f'<li data-item="{escape(item.id)}"><span>{escape(item.text)}</span></li>'
        for item in question.starting_order()
    )
    return f'<ol class="bq-order">{rows}</ol>'


def sheet_letters(question: Question) -> dict[str, str]:
    """The letter each option or item carries on the printed question sheet (options in their order,
    ordering items in the order the question first shows them)."""
    shown = question.starting_order() if question.type == "ordering" else question.options
    return {choice.id: "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[number] for number, choice in enumerate(shown)}


def answer_html(question: Question) -> str:
    """The answer, lettered as on the printed question sheet; a number one digit finer than its
    tolerance, with the tolerance."""
    letters = sheet_letters(question) if question.type != "numeric" else {}
    if question.type == "single":
        option = next(o for o in question.options if o.id == question.answer)
        return f"<p><strong>{escape(word('answer_is'))}</strong> {letters[option.id]}. {escape(option.text)}</p>"
    if question.type == "multiple":
        rows = "".join(
            f"<li>{letters[o.id]}. {escape(o.text)}</li>"
            for o in question.options
            if o.id in question.answer
        )
        return f"<p><strong>{escape(word('answers_are'))}</strong></p><ul>{rows}</ul>"
    if question.type == "numeric":
        unit = f" {escape(question.unit)}" if question.unit else ""
        within = (
            " " + escape(word("accepted_within", tolerance=format_number(question.tolerance)))
            if question.tolerance
            else ""
        )
        number = format_answer(question.answer, question.tolerance / 10)
        return f"<p><strong>{escape(word('answer_is'))}</strong> {number}{unit}{within}</p>"
    order = ", ".join(letters[item.id] for item in question.items)
    rows = "".join(f"<li>{letters[item.id]}. {escape(item.text)}</li>" for item in question.items)
    return f"<p><strong>{escape(word('correct_order'))}</strong> {order}</p><ol>{rows}</ol>"


def _question(question: Question, number: int, uid: str) -> str:
    field = f"{uid}-{number}"
    explanation = (
        f'<p class="bq-ex">{escape(question.explanation)} '
        f'<a href="#{escape(question.section.label)}">{escape(section_link_text(question))}</a></p>'
    )
    return (
        f'<form class="bq-q" data-q="{escape(question.id)}">'
        f"<fieldset><legend>{number}. {escape(question.prompt)}</legend>{_controls(question, field)}</fieldset>"
        f"<details><summary>{escape(word('answer_summary'))}</summary>{answer_html(question)}{explanation}</details>"
        f"</form>"
    )


def render_html(bank: QuizBank, uid: str) -> str:
    """The quiz as HTML; ``uid`` keeps ids and radio groups apart when a page holds several quizzes.
    The quiz's words for ``_static/quiz.js``, in the edition's language, ride along as JSON."""
    specs = {question.id: question.grading_spec() for question in bank.questions}
    questions = "".join(
        _question(question, number, uid) for number, question in enumerate(bank.questions, 1)
    )
    return (
        f'<section class="bq" id="{uid}" aria-labelledby="{uid}-t" data-quiz="{escape(bank.name)}"'
        f' data-edition="{escape(__version__)}">'
        f'<h3 id="{uid}-t">{escape(bank.title)}</h3>{questions}'
        f'<script type="application/json">{embedded_json(specs)}</script>'
        f'<script type="application/json" data-words>{embedded_json(script_words())}</script>'
        f"</section>"
    )


def answer_key_html(bank: QuizBank, uid: str) -> str:
    """A printable answer key: a heading, then each question with its answer and explanation."""
    rows = "".join(
        f"<li><p>{escape(question.prompt)}</p>{answer_html(question)}<p>{escape(question.explanation)}</p></li>"
        for question in bank.questions
    )
    title = escape(word("answer_key", topic=bank.topic))
    return (
        f'<section class="bq-key" id="{uid}" aria-labelledby="{uid}-t">'
        f'<h3 id="{uid}-t">{title}</h3><ol>{rows}</ol></section>'
    )
