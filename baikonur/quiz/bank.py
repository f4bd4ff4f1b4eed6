"""Read and validate the chapter quiz banks (``quizzes/<chapter>.yml``).

A bank is content, kept in ``quizzes/`` beside ``chapters/`` because its questions are written
against the chapters' sections. This module turns one YAML file into a :class:`QuizBank` after
checking it twice, first against ``quizzes/schema.json`` (shapes and types), then for what a schema
cannot say
(answers that are among the options, unique ids, ``answer`` xor ``answer_from``, a computed answer
that really is a number, a ``section`` label that exists in the chapter, a wrong option's feedback
that does not begin as if the option were right) and for give-aways (:func:`giveaway_problems`:
option length and position must carry no signal, in each bank and over all banks together).
:func:`feedback_giveaways` finds a wrong option's feedback that names the right option. Every problem raises
:class:`QuizBankError` naming the file and the question, so a bad bank stops the book build with a
message a chapter writer can act on.

It is not for grading or display: see :mod:`baikonur.quiz.grading`, :mod:`baikonur.quiz.static`
and :mod:`baikonur.quiz.widget`.
"""

from __future__ import annotations

import hashlib
import importlib
import inspect
import json
import math
import numbers
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

import jsonschema
import yaml

from baikonur.data import chapters_dir, quizzes_dir
from baikonur.i18n import SOURCE_LANGUAGE
from baikonur.i18n import language as running_language
from baikonur.quiz.translation import (
    TranslationMissing,
    catalog_path,
    heading_translations,
    translate_document,
)

QuestionType = Literal["single", "multiple", "numeric", "ordering"]

_LABEL = re.compile(r"^\((?P<label>[^()\s]+)\)=\s*$")
_HEADING = re.compile(r"^#{1,6}\s+(?P<title>.+?)\s*#*\s*$")
_SOUNDS_RIGHT = {
    "en": re.compile(
        r"^\W*(?:(?:that|this)(?: one)? is (?:right|correct|true)|correct|right|yes)\b",
        re.IGNORECASE,
    ),
    "ru": re.compile(r"^\W*(?:(?:это|этот вариант) )?(?:верно|правильно|да)\b", re.IGNORECASE),
    "kk": re.compile(r"^\W*(?:(?:бұл|осы) )?(?:дұрыс|иә|рас)\b", re.IGNORECASE),
}
"""A wrong option's feedback must not begin like these (it follows "Not quite"), per language."""
LONGEST_SHARE = 0.25
"""At most this share of single-choice questions may have the strictly longest option as the answer."""
POSITION_SHARE = 0.40
"""No option position may hold more than this share of single-choice answers (but one always may)."""
_ROLE = re.compile(r"\{[\w:-]+\}`(?P<text>[^`<]*?)\s*(?:<[^`]*>)?`")


class QuizBankError(ValueError):
    """A quiz bank that cannot be used; the message names the file and the question at fault."""


@dataclass(frozen=True)
class Choice:
    """An option of a single or multiple choice question, or an item to put in order."""

    id: str
    text: str
    feedback: str | None = None


@dataclass(frozen=True)
class Section:
    """The chapter section a question tests: its label (the page anchor) and its heading text."""

    label: str
    title: str | None


@dataclass(frozen=True)
class Question:
    """One validated question. ``answer`` is an option id (single), a tuple of option ids
    (multiple), a number (numeric) or the item ids in their correct order (ordering)."""

    id: str
    type: QuestionType
    prompt: str
    explanation: str
    section: Section
    answer: str | tuple[str, ...] | float
    options: tuple[Choice, ...] = ()
    items: tuple[Choice, ...] = ()
    tolerance: float = 0.0
    unit: str | None = None

    def grading_spec(self) -> dict[str, Any]:
        """What a grader needs, as JSON-ready data: the same dict drives the Python and JS graders."""
        spec: dict[str, Any] = {"type": self.type}
        if self.type in ("single", "multiple"):
            spec["options"] = [option.id for option in self.options]
            feedback = {option.id: option.feedback for option in self.options if option.feedback}
            if feedback:
                spec["feedback"] = feedback
        spec["answer"] = list(self.answer) if isinstance(self.answer, tuple) else self.answer
        if self.type == "numeric":
            spec["tolerance"] = self.tolerance
        if self.type == "ordering":
            spec["start"] = [item.id for item in self.starting_order()]
        return spec

    def starting_order(self) -> tuple[Choice, ...]:
        """The order an ordering question first shows its items in: shuffled, never already correct,
        and the same on every build and in every host (derived from the ids, not from a random seed)."""

        def scramble_key(item: Choice) -> str:
            return hashlib.sha256(f"{self.id}/{item.id}".encode()).hexdigest()

        order = sorted(self.items, key=scramble_key)
        if tuple(order) == self.items:
            order = order[1:] + order[:1]
        return tuple(order)


@dataclass(frozen=True)
class QuizBank:
    name: str
    title: str
    questions: tuple[Question, ...]
    path: Path
    language: str = SOURCE_LANGUAGE

    def question(self, question_id: str) -> Question:
        return next(question for question in self.questions if question.id == question_id)

    @property
    def topic(self) -> str:
        """The title without its lead-in: "Check your understanding: X" -> "X"."""
        lead, colon, rest = self.title.partition(": ")
        return rest if colon and rest else self.title


def bank_path(name: str) -> Path:
    return quizzes_dir() / f"{name}.yml"


def bank_names() -> list[str]:
    """Names of every bank in ``quizzes`` (a name starting with ``_`` is a template, not a bank)."""
    return sorted(
        path.stem for path in quizzes_dir().glob("*.yml") if not path.stem.startswith("_")
    )


def load_bank(path: Path, chapter: Path | None = None, language: str | None = None) -> QuizBank:
    """Read and validate one bank file; ``chapter`` defaults to ``chapters/<stem>.md``.

    In a translated edition (``language``, by default the one the code runs for; see
    :mod:`baikonur.i18n`) the bank's text comes from its catalog (:mod:`baikonur.quiz.translation`)
    and the translated bank is validated again, give-away rules included."""
    path = Path(path)
    code = language or running_language()
    document = _read_yaml(path)
    _check_schema(document, path)
    chapter = chapter if chapter is not None else chapters_dir() / f"{path.stem}.md"
    if code == SOURCE_LANGUAGE:
        return _build_bank(document, path, chapter)
    try:
        translated = translate_document(document, path, code)
        headings = heading_translations(chapter, code) if chapter.exists() else {}
    except TranslationMissing as error:
        raise QuizBankError(str(error)) from error
    where = catalog_path(path, code)
    _check_schema(translated, where)
    return _build_bank(translated, path, chapter, code, headings, where)


class _UniqueKeyLoader(yaml.SafeLoader):
    """A YAML loader that refuses a key given twice in one mapping (YAML would keep the last silently)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"the key {key!r} is given twice", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def _read_yaml(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise QuizBankError(f"{path}: cannot read the quiz bank ({error.strerror})") from error
    try:
        return yaml.load(text, Loader=_UniqueKeyLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f", line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(error, "problem", None) or str(error)
        raise QuizBankError(f"{path}{where}: not valid YAML: {problem}") from error


@cache
def _validator() -> jsonschema.protocols.Validator:
    schema = json.loads((quizzes_dir() / "schema.json").read_text())
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


def _where(path: Path, document: Any, error_path: Iterable[Any]) -> str:
    """``file, question 'id'`` for an error inside a question, else just the file."""
    parts = list(error_path)
    if len(parts) >= 2 and parts[0] == "questions" and isinstance(parts[1], int):
        question = document["questions"][parts[1]]
        question_id = question.get("id") if isinstance(question, dict) else None
        name = f"'{question_id}'" if isinstance(question_id, str) else f"number {parts[1] + 1}"
        return f"{path}, question {name}"
    return str(path)


def _field_name(error_path: Iterable[Any]) -> str:
    """``options[2].id`` for a field inside a question (the question itself is named separately)."""
    parts = list(error_path)
    if len(parts) >= 2 and parts[0] == "questions" and isinstance(parts[1], int):
        parts = parts[2:]
    name = ""
    for part in parts:
        name += f"[{part + 1}]" if isinstance(part, int) else f".{part}"
    return name.lstrip(".") or "the document"


def _describe(error: jsonschema.ValidationError) -> str:
    field = _field_name(error.absolute_path)
    if error.validator == "not":
        present = [
            rule["required"][0]
            for rule in error.validator_value["anyOf"]
            if rule["required"][0] in error.instance
        ]
        kind = str(error.instance.get("type"))
        article = "an" if kind[:1] in "aeiou" else "a"
        return f"{article} {kind} question has no {', '.join(present)}"
    if error.validator == "pattern" and error.validator_value == "\\S":
        return f"{field}: must not be blank"
    if error.validator == "required":
        return error.message
    message = f"{field}: {error.message}"
    yaml_took_it_for_a_value = isinstance(error.instance, (bool, int, float))
    if error.validator == "type" and error.validator_value == "string" and yaml_took_it_for_a_value:
        message += " (quote it in the YAML file to make it text)"
    return message


def _check_schema(document: Any, path: Path) -> None:
    errors = sorted(
        _validator().iter_errors(document), key=lambda error: list(map(str, error.absolute_path))
    )
    if errors:
        problems = [
            f"{_where(path, document, error.absolute_path)}: {_describe(error)}" for error in errors
        ]
        raise QuizBankError("; ".join(problems))


def _duplicates(values: Iterable[str]) -> list[str]:
    return sorted(value for value, count in Counter(values).items() if count > 1)


def _plain_heading(heading: str) -> str:
    return _ROLE.sub(r"\g<text>", heading).replace("`", "").replace("*", "")


def chapter_sections(chapter: Path, headings: dict[str, str] | None = None) -> dict[str, Section]:
    """Every ``(label)=`` target in a MyST chapter, with the heading that follows it (if any);
    ``headings`` translates each heading (its English MyST text) into an edition's language."""
    lines = chapter.read_text(encoding="utf-8").splitlines()
    sections: dict[str, Section] = {}
    for number, line in enumerate(lines):
        match = _LABEL.match(line.strip())
        if not match:
            continue
        following = next(
            (candidate.strip() for candidate in lines[number + 1 :] if candidate.strip()), ""
        )
        heading = _HEADING.match(following)
        title = None
        if heading:
            source = heading["title"]
            if headings is not None:
                if source not in headings:
                    raise QuizBankError(
                        f"{chapter}: the heading {source!r} (section {match['label']}) has no "
                        "translation in the chapter's catalog; translate it there"
                    )
                source = headings[source]
            title = _plain_heading(source)
        sections[match["label"]] = Section(match["label"], title)
    return sections


def resolve_answer_from(reference: str) -> float:
    """Call ``module:function`` (a zero-argument function in the baikonur package) and return its number."""
    module_name, _, function_name = reference.partition(":")
    if module_name != "baikonur" and not module_name.startswith("baikonur."):
        raise ValueError(f"answer_from {reference!r} must name a function in the baikonur package")
    try:
        module = importlib.import_module(module_name)
    except ImportError as error:
        raise ValueError(
            f"answer_from {reference!r}: cannot import {module_name} ({error})"
        ) from error
    function = getattr(module, function_name, None)
    if not callable(function):
        raise ValueError(
            f"answer_from {reference!r}: {module_name} has no function {function_name}"
        )
    required = [
        parameter.name
        for parameter in inspect.signature(function).parameters.values()
        if parameter.default is inspect.Parameter.empty
        and parameter.kind not in (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD)
    ]
    if required:
        raise ValueError(
            f"answer_from {reference!r} must take no argument, but needs {', '.join(required)}"
        )
    value = function()
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(value):
        raise ValueError(f"answer_from {reference!r} returned {value!r}, not a finite number")
    return float(value)


def _build_bank(
    document: dict,
    path: Path,
    chapter: Path,
    code: str = SOURCE_LANGUAGE,
    headings: dict[str, str] | None = None,
    where: Path | None = None,
) -> QuizBank:
    """The bank of a validated document; ``where`` names the translation's catalog in messages
    about translated text (the give-away rules and the feedback's opening)."""
    if document["quiz"] != path.stem:
        raise QuizBankError(
            f"{path}: 'quiz' is {document['quiz']!r} but must equal the file name {path.stem!r}"
        )
    repeated = _duplicates(question["id"] for question in document["questions"])
    if repeated:
        raise QuizBankError(f"{path}: question ids must be unique; repeated: {', '.join(repeated)}")
    if not chapter.exists():
        raise QuizBankError(
            f"{path}: the chapter {chapter} that its section labels refer to does not exist"
        )
    sections = chapter_sections(chapter, headings)
    questions = []
    for raw in document["questions"]:
        try:
            questions.append(_build_question(raw, sections, chapter, code))
        except ValueError as error:
            raise QuizBankError(f"{where or path}, question '{raw['id']}': {error}") from error
    bank = QuizBank(document["quiz"], document["title"], tuple(questions), path, code)
    problems = giveaway_problems([bank])
    if problems:
        raise QuizBankError(f"{where or path}: " + "; ".join(problems))
    return bank


def _strictly_longest(question: Question) -> bool:
    lengths = {option.id: len(option.text) for option in question.options}
    answer_length = lengths[str(question.answer)]
    return all(
        length < answer_length
        for option_id, length in lengths.items()
        if option_id != question.answer
    )


def giveaway_problems(banks: Sequence[QuizBank]) -> list[str]:
    """Where the banks' single-choice questions let a learner guess without reading: the correct
    option is the strictly longest in more than a quarter of them, or one position holds more than
    40% of the answers (rounded down, but one answer per position is always allowed). Counted over
    the given banks together; the build checks each bank, then all banks."""
    singles = [
        (bank, question)
        for bank in banks
        for question in bank.questions
        if question.type == "single"
    ]

    def named(found: list[tuple[QuizBank, Question]]) -> str:
        if len(banks) == 1:
            return ", ".join(f"'{question.id}'" for _, question in found)
        return ", ".join(f"{bank.path.name} '{question.id}'" for bank, question in found)

    problems = []
    longest = [(bank, question) for bank, question in singles if _strictly_longest(question)]
    if len(longest) > LONGEST_SHARE * len(singles):
        problems.append(
            f"the correct option is the strictly longest in {len(longest)} of {len(singles)} single-choice questions, "
            f"more than a quarter (questions {named(longest)}): shorten the answer or lengthen a wrong option"
        )
    limit = max(1, math.floor(POSITION_SHARE * len(singles)))
    positions = Counter(
        [option.id for option in question.options].index(str(question.answer)) + 1
        for _, question in singles
    )
    for position, count in sorted(positions.items()):
        if count > limit:
            at = [
                (bank, q)
                for bank, q in singles
                if [o.id for o in q.options].index(str(q.answer)) + 1 == position
            ]
            problems.append(
                f"{count} of {len(singles)} single-choice answers are option {position}, more than {limit} "
                f"(questions {named(at)}): move some answers to another position"
            )
    return problems


_WORD = re.compile(r"[\w'’-]+")
_COMMON = frozenset(
    """a an the and or of to in on at by for from with as is was were are be been it its this that these
    those which who what when where why how not no than then there their they them he she his her we our
    you your all any some each every one two three four five six seven eight nine ten more most less
    least much many also only just so such into over under after before about between own same other
    another would could should can may might will did does do has have had""".split()
)
SUBJECT_WORDS = frozenset(
    {"baikonur", "russia", "russian", "russia's", "kazakhstan", "kazakh", "kazakhstan's"}
)
"""Words of the module's subject, which any feedback may use without pointing at an option."""
SUBJECT_STEMS = frozenset({"росси", "казах", "байко", "ресей", "қазақ", "байқо"})
"""The same in Russian and Kazakh, by their first five letters (the words are inflected)."""


def _stems(text: str) -> set[str]:
    """Content words of ``text`` (four letters or more, or holding a digit), cut to five letters so
    that "measure" and "measurements", "postponed" and "postponement" meet."""
    stems = set()
    for word in _WORD.findall(text.lower()):
        word = word.strip("'’-")
        if (
            word in _COMMON
            or word in SUBJECT_WORDS
            or word[:5] in SUBJECT_STEMS
            or (len(word) < 4 and not any(c.isdigit() for c in word))
        ):
            continue
        stems.add(word[:5])
    return stems


def distinctive_words(question: Question, option_id: str, context: str = "") -> set[str]:
    """The stems that set a right option apart: in its text, but not in the prompt, in ``context``
    (such as the bank's title) or in any wrong option's text."""
    right = set(question.answer) if question.type == "multiple" else {question.answer}
    shared = _stems(question.prompt) | _stems(context)
    for option in question.options:
        if option.id not in right:
            shared |= _stems(option.text)
    text = next(option.text for option in question.options if option.id == option_id)
    return _stems(text) - shared


def feedback_giveaways(bank: QuizBank) -> list[str]:
    """Where a wrong option's feedback names a right option: it repeats the right option's text or
    uses one of its :func:`distinctive_words`. Feedback should say why the choice is wrong and point
    back to the chapter, leaving the right option for the learner to find."""
    problems = []
    for question in bank.questions:
        if question.type not in ("single", "multiple"):
            continue
        right = [
            o
            for o in question.options
            if o.id in (question.answer if question.type == "multiple" else {question.answer})
        ]
        for option in question.options:
            if not option.feedback or option in right:
                continue
            for answer in right:
                named = sorted(
                    distinctive_words(question, answer.id, bank.title) & _stems(option.feedback)
                )
                if answer.text.lower().rstrip(".") in option.feedback.lower() or named:
                    problems.append(
                        f"{bank.path}, question '{question.id}': the feedback of wrong option {option.id} names the "
                        f"right option {answer.id} ({', '.join(named) or 'its text'}): say why {option.id} is wrong "
                        "and point back to the chapter instead"
                    )
    return problems


def _build_question(
    raw: dict, sections: dict[str, Section], chapter: Path, code: str = SOURCE_LANGUAGE
) -> Question:
    if raw["section"] not in sections:
        raise ValueError(f"section {raw['section']!r} is not a (label)= target in {chapter}")
    builders: dict[str, Callable[[dict, str], dict[str, Any]]] = {
        "single": _choice_fields,
        "multiple": _choice_fields,
        "numeric": _numeric_fields,
        "ordering": _ordering_fields,
    }
    return Question(
        id=raw["id"],
        type=raw["type"],
        prompt=raw["prompt"],
        explanation=raw["explanation"],
        section=sections[raw["section"]],
        **builders[raw["type"]](raw, code),
    )


def _choices(raw_choices: list[dict], what: str) -> tuple[Choice, ...]:
    for field in ("id", "text"):
        repeated = _duplicates(choice[field] for choice in raw_choices)
        if repeated:
            raise ValueError(f"{what} {field}s must be unique; repeated: {', '.join(repeated)}")
    return tuple(
        Choice(choice["id"], choice["text"], choice.get("feedback")) for choice in raw_choices
    )


def _choice_fields(raw: dict, code: str = SOURCE_LANGUAGE) -> dict[str, Any]:
    options = _choices(raw["options"], "option")
    option_ids = [option.id for option in options]
    correct = [raw["answer"]] if raw["type"] == "single" else raw["answer"]
    unknown = [answer for answer in correct if answer not in option_ids]
    if unknown:
        raise ValueError(
            f"answer {', '.join(unknown)} is not one of the options ({', '.join(option_ids)})"
        )
    wasted = [option.id for option in options if option.id in correct and option.feedback]
    if wasted:
        raise ValueError(
            f"option {', '.join(wasted)} is correct, so its feedback would never be shown"
        )
    contradicting = [
        option.id
        for option in options
        if option.feedback
        and _SOUNDS_RIGHT.get(code, _SOUNDS_RIGHT[SOURCE_LANGUAGE]).match(option.feedback)
    ]
    if contradicting:
        raise ValueError(
            f"the feedback of wrong option {', '.join(contradicting)} begins as if the option were right, but it "
            "follows “Not quite”: say why choosing it is wrong"
        )
    answer = raw["answer"] if raw["type"] == "single" else tuple(raw["answer"])
    return {"options": options, "answer": answer}


def _numeric_fields(raw: dict, code: str = SOURCE_LANGUAGE) -> dict[str, Any]:
    given = [field for field in ("answer", "answer_from") if field in raw]
    if len(given) != 1:
        raise ValueError(
            "a numeric question needs exactly one of answer (a number) or answer_from (a function)"
        )
    answer = raw["answer"] if "answer" in raw else resolve_answer_from(raw["answer_from"])
    return {"answer": float(answer), "tolerance": float(raw["tolerance"]), "unit": raw.get("unit")}


def _ordering_fields(raw: dict, code: str = SOURCE_LANGUAGE) -> dict[str, Any]:
    items = _choices(raw["items"], "item")
    return {"items": items, "answer": tuple(item.id for item in items)}
