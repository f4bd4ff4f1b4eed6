"""The quiz's own words (buttons, feedback, score line) in the edition's language.

Every sentence the quiz engine says, in the static book (``_static/quiz.js``), the live widget
(:mod:`baikonur.quiz.widget`), the graders (:mod:`baikonur.quiz.grading`) and the HTML and answer
keys (:mod:`baikonur.quiz.static`), is written here once, in English, under a key. The Russian and
Kazakh editions translate them in ``locales/<language>/LC_MESSAGES/quiz.po`` (msgctxt: the key,
msgid: the English text; ``python -m baikonur.book.catalogs update`` adds new ones). The static
page gets the words its script needs from the quiz's HTML (:func:`script_words`), so the script
holds no text of its own.

A word with a ``{name}`` takes values (``word("score", first=3, n=6, tried=4)``); a word with two
forms (``.one``/``.other``) is chosen by a count (``word("in_place", count=2, ...)``). A translation
that cannot follow the count the English way writes both forms so that they read right for any
small number.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from baikonur.i18n import SOURCE_LANGUAGE, language, locales

CATALOG = "quiz"
"""``locales/<language>/LC_MESSAGES/quiz.po``."""

WORDS: dict[str, str] = {
    # Grading, the same in Python and in the static page's script.
    "correct": "Correct.",
    "not_quite": "Not quite.",
    "not_quite_hint": "Not quite. {hint}",
    "partly_right": "Partly right: {detail}",
    "not_quite_detail": "Not quite: {detail}",
    "choose_one": "Choose an answer first.",
    "choose_some": "Choose at least one answer first.",
    "chose.one": "you chose {right} of the {correct} correct option",
    "chose.other": "you chose {right} of the {correct} correct options",
    "and_wrong.one": " and {wrong} wrong option",
    "and_wrong.other": " and {wrong} wrong options",
    "full_stop": ".",
    "enter_number": "Enter a number first.",
    "too_high": "Not quite: too high.",
    "too_low": "Not quite: too low.",
    "ambiguous_number": "“{text}” could mean {joined} or {pointed}: write {joined}, or {pointed} with a point.",
    "not_a_number": "“{text}” is not a number: write digits, with a point or a comma before any decimals.",
    "order_every": "Put every item in order first.",
    "order_unmoved": "Move the items into your order first: the list is still as it was shown.",
    "in_place.one": "{placed} of {n} item in the right place.",
    "in_place.other": "{placed} of {n} items in the right place.",
    "not_started": "Not started",
    "score": "Right first time: {first} of {n} · answered {tried} of {n}",
    # The question's controls.
    "check": "Check",
    "show_answer": "Show the answer",
    "up": "Up",
    "down": "Down",
    "up_item": "Up: {item}",
    "down_item": "Down: {item}",
    "moved": "“{item}” is now {position} of {n}.",
    "revealed": "The answer is shown below. This question earns no credit now.",
    "your_answer": "Your answer",
    "answer_summary": "Answer",
    "answer_is": "Answer:",
    "answers_are": "Answers:",
    "correct_order": "Correct order:",
    "accepted_within": "(accepted within ±{tolerance})",
    "revisit": "Revisit “{title}”",
    "revisit_section": "Revisit the section",
    "answer_key": "Answer key: {topic}",
    # Resetting and handing in, on the static page.
    "reset": "Reset answers",
    "reset_ask": "Clear every answer of this quiz? The reset is recorded, with its time, in the results file you hand in.",
    "reset_yes": "Yes, reset",
    "cancel": "Cancel",
    "your_name": "Your name",
    "save": "Save results",
    "new_learner": "New learner",
    "hand_in_note": "Saving downloads a results file to hand in. On a shared computer, press “New learner” when you finish: your answers stay on this computer under your name, and the next person starts with an empty quiz. The results file's checksum shows whether it was changed after saving; it is not proof against cheating.",
    "cleared": "Answers cleared. Resets recorded for this quiz: {count}.",
    "next_learner": "Ready for the next learner: type your name to start. Answers given under another name stay on this computer under that name.",
    "name_first": "Type your name first.",
    "saved_download": "Saved {file} to your downloads.",
    # The live widget in Jupyter.
    "check_tip": "Check this answer",
    "show_answer_tip": "Show the answer; this question then earns no credit",
    "in_the_chapter": "{revisit} in the chapter.",
    "answer_line": "Answer: {answer}",
    "reset_tip": "Clear every answer of this quiz (asks first)",
    "reset_ask_widget": "Clear every answer of this quiz? The reset is recorded, with its time, in the results file.",
    "save_tip": "Write the results file to hand in",
    "save_hint": "Type your name and press Save results: the results file to hand in is written next to this notebook.",
    "write_failed": "Could not write the results file: {error}",
    "saved_file": "Saved {file} in {folder}: hand in that file.",
    # The exports for a school's learning platform.
    "answer_in": "(Answer in {unit}.)",
}

WIDGET_ONLY = frozenset(
    {
        "check_tip",
        "show_answer_tip",
        "in_the_chapter",
        "answer_line",
        "reset_tip",
        "reset_ask_widget",
        "save_tip",
        "save_hint",
        "write_failed",
        "saved_file",
        "answer_in",
    }
)
"""The words only the live widget and the exports say."""

SCRIPT_WORDS = tuple(
    key
    for key in WORDS
    if key not in WIDGET_ONLY
    and key
    not in {
        "your_answer",
        "answer_summary",
        "answer_is",
        "answers_are",
        "correct_order",
        "accepted_within",
        "revisit",
        "revisit_section",
        "answer_key",
    }
)
"""The words ``_static/quiz.js`` says; the others it finds already written in the quiz's HTML."""


class MissingTranslation(LookupError):
    """The edition's ``quiz.po`` lacks a word; the message names the catalog and the word."""


def catalog_path(code: str, folder: Path | None = None) -> Path:
    return (folder or locales()) / code / "LC_MESSAGES" / f"{CATALOG}.po"


@cache
def _translations(code: str, folder: Path) -> dict[str, str]:
    """key -> translated text, from the edition's ``quiz.po`` (untranslated and fuzzy left out)."""
    path = catalog_path(code, folder)
    if not path.exists():
        raise MissingTranslation(
            f"{path}: the quiz's words have no catalog for this edition; run `make catalogs` and "
            "translate it"
        )
    from babel.messages.pofile import read_po

    with path.open("rb") as handle:
        catalog = read_po(handle)
    return {
        message.context: message.string
        for message in catalog
        if message.id and message.context and message.string and not message.fuzzy
    }


def translated(code: str | None = None, folder: Path | None = None) -> dict[str, str]:
    """Every word in the edition ``code`` (default: the running edition)."""
    code = code or language()
    if code == SOURCE_LANGUAGE:
        return dict(WORDS)
    found = _translations(code, folder or locales())
    missing = [key for key in WORDS if key not in found]
    if missing:
        path = catalog_path(code, folder)
        raise MissingTranslation(
            f"{path}: no translation of {', '.join(repr(WORDS[key]) for key in missing[:3])}"
            f"{' and others' if len(missing) > 3 else ''} (msgctxt {', '.join(missing[:3])}): "
            "translate them there (`make catalogs` adds new words)"
        )
    return {key: found[key] for key in WORDS}


def word(key: str, count: int | None = None, **values: object) -> str:
    """The word ``key`` in the running edition, with ``values`` filled in; ``count`` picks the
    ``.one`` or ``.other`` form."""
    if count is not None:
        key = f"{key}.{'one' if count == 1 else 'other'}"
    text = translated()[key]
    return text.format(**values) if values else text


def script_words(code: str | None = None) -> dict[str, str]:
    """The words the static page's script needs, for the quiz's HTML."""
    words = translated(code)
    return {key: words[key] for key in SCRIPT_WORDS}
