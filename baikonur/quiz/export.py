"""Export the quiz banks to the formats school learning platforms import.

    python -m baikonur.quiz.export                  # into _build/lms/
    python -m baikonur.quiz.export --output DIR     # elsewhere
    make lms                                        # the same, and into the HTML build's lms/

It writes, from the banks as the book uses them (numeric answers computed from ``data/``):

* ``baikonur.moodle.xml``: every question of every bank for Moodle's "Moodle XML" import, in one
  category per chapter, every type included (ordering as Moodle's own ordering question), with each
  wrong option's feedback and the explanation as general feedback;
* ``<bank>.gift.txt``: each bank in GIFT, which Moodle and several other platforms import; GIFT has
  no ordering question, so those are left out and listed;
* ``<bank>.qti.zip``: each bank as a Canvas QTI 1.2 package, made with text2qti; Canvas classic
  quizzes have no ordering question, so those are left out and listed;
* ``README.txt``: what is where, and which questions each format leaves out.

The book build writes the same files into its ``lms/`` folder (this module is also a Sphinx
extension), and the instructor guide links them. Multiple-answer questions give no credit for a
wrong choice (each wrong choice cancels the question, as on the page, where only an exact answer is
right), and ordering questions count only when every item is in place.

It is not for the quizzes on the page (:mod:`baikonur.quiz.static`) or for grading.
"""

from __future__ import annotations

import argparse
import html
import re
import shutil
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree as ET

from baikonur.quiz.bank import Question, QuizBank, bank_names, bank_path, load_bank
from baikonur.quiz.static import section_link_text
from baikonur.quiz.words import word

FOLDER = "lms"
MOODLE_FILE = "baikonur.moodle.xml"
CATEGORY = "$course$/top/Baikonur"
MOODLE_GRADES = (
    100,
    90,
    83.33333,
    80,
    75,
    70,
    66.66667,
    60,
    50,
    40,
    33.33333,
    30,
    25,
    20,
    16.66667,
    14.28571,
    12.5,
    11.11111,
    10,
    5,
)
"""The fractions (percent) Moodle's importer accepts for an answer (its grade options list)."""


@dataclass
class Export:
    """What one export run wrote, and what each format left out."""

    files: list[Path] = field(default_factory=list)
    left_out: dict[str, list[str]] = field(default_factory=dict)


def banks() -> list[QuizBank]:
    return [load_bank(bank_path(name)) for name in bank_names()]


def prompt_text(question: Question) -> str:
    """The prompt, with the unit a numeric answer is given in."""
    if not question.unit:
        return question.prompt
    return f"{question.prompt} {word('answer_in', unit=question.unit)}"


def general_feedback(question: Question) -> str:
    """The explanation, and where in the chapter to read again."""
    return f"{question.explanation} {word('in_the_chapter', revisit=section_link_text(question))}"


def right_share(count: int) -> float:
    """Each right option's fraction of a multiple-answer question: Moodle's grade nearest 100/count."""
    return min(MOODLE_GRADES, key=lambda grade: abs(grade - 100 / count))


def number(value: float) -> str:
    return format(value, ".10g")


# Moodle XML ----------------------------------------------------------------------------------------


def _text(parent: ET.Element, tag: str, text: str, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {"format": "html", **attributes})
    ET.SubElement(element, "text").text = html.escape(text, quote=False)
    return element


def _plain(parent: ET.Element, tag: str, text: str) -> None:
    ET.SubElement(parent, tag).text = text


def moodle_xml(all_banks: Sequence[QuizBank]) -> str:
    quiz = ET.Element("quiz")
    for bank in all_banks:
        category = ET.SubElement(quiz, "question", type="category")
        ET.SubElement(ET.SubElement(category, "category"), "text").text = f"{CATEGORY}/{bank.name}"
        _text(category, "info", bank.title)
        for question in bank.questions:
            kind = {"single": "multichoice", "multiple": "multichoice", "numeric": "numerical"}.get(
                question.type, question.type
            )
            element = ET.SubElement(quiz, "question", type=kind)
            ET.SubElement(ET.SubElement(element, "name"), "text").text = question.id
            _text(element, "questiontext", prompt_text(question))
            _text(element, "generalfeedback", general_feedback(question))
            _plain(element, "defaultgrade", "1")
            _plain(element, "penalty", "0")
            _plain(element, "hidden", "0")
            _plain(element, "idnumber", f"{bank.name}/{question.id}")
            if question.type in ("single", "multiple"):
                single = question.type == "single"
                _plain(element, "single", "true" if single else "false")
                _plain(element, "shuffleanswers", "true")
                _plain(element, "answernumbering", "abc")
                share = 100 if single else right_share(len(question.answer))
                for option in question.options:
                    right = option.id == question.answer if single else option.id in question.answer
                    fraction = share if right else (0 if single else -100)
                    answer = _text(element, "answer", option.text, fraction=number(fraction))
                    _text(answer, "feedback", option.feedback or "")
            elif question.type == "numeric":
                answer = ET.SubElement(
                    element, "answer", fraction="100", format="moodle_auto_format"
                )
                ET.SubElement(answer, "text").text = number(question.answer)
                _plain(answer, "tolerance", number(question.tolerance))
                _text(answer, "feedback", "")
                _plain(element, "unitgradingtype", "0")
                _plain(element, "unitpenalty", "0")
                _plain(element, "showunits", "3")
                _plain(element, "unitsleft", "0")
            else:
                _plain(element, "layouttype", "VERTICAL")
                _plain(element, "selecttype", "ALL")
                _plain(element, "selectcount", "0")
                _plain(element, "gradingtype", "ALL_OR_NOTHING")
                _plain(element, "showgrading", "SHOW")
                _plain(element, "numberingstyle", "none")
                for position, item in enumerate(question.items, 1):
                    answer = _text(element, "answer", item.text, fraction=f"{position}.0000000")
    ET.indent(quiz)
    return ET.tostring(quiz, encoding="unicode", xml_declaration=True) + "\n"


# GIFT ----------------------------------------------------------------------------------------------


def gift_escape(text: str) -> str:
    """GIFT's special characters (~ = # { } :) and the backslash, escaped; one line."""
    return re.sub(r"([~=#{}:\\])", r"\\\1", " ".join(text.split()))


def gift(bank: QuizBank, left_out: list[str]) -> str:
    lines = [
        f"// {bank.title}",
        f"// Exported from the Baikonur module's bank quizzes/{bank.name}.yml",
        "",
        f"$CATEGORY: {CATEGORY}/{bank.name}",
        "",
    ]
    for question in bank.questions:
        if question.type == "ordering":
            left_out.append(f"{bank.name}/{question.id} (ordering: GIFT has no ordering question)")
            continue
        if question.type == "numeric":
            body = [f"\t#{number(question.answer)}:{number(question.tolerance)}"]
        else:
            body = []
            single = question.type == "single"
            share = right_share(len(question.answer)) if not single else 100
            for option in question.options:
                right = option.id == question.answer if single else option.id in question.answer
                mark = (
                    ("=" if right else "~")
                    if single
                    else f"~%{number(share) if right else '-100'}%"
                )
                feedback = f" #{gift_escape(option.feedback)}" if option.feedback else ""
                body.append(f"\t{mark}{gift_escape(option.text)}{feedback}")
        body.append(f"\t####{gift_escape(general_feedback(question))}")
        lines.append(f"::{gift_escape(question.id)}:: {gift_escape(prompt_text(question))} {{")
        lines.extend(body)
        lines.extend(["}", ""])
    return "\n".join(lines)


# Canvas QTI 1.2, through text2qti --------------------------------------------------------------------


def _markdown(text: str) -> str:
    """Bank text as text2qti's Markdown reads it literally (its $...$ is LaTeX)."""
    return re.sub(r"([\\`*_{}\[\]<>#+!|$~])", r"\\\1", " ".join(text.split())).replace("&", "&amp;")


def text2qti_source(bank: QuizBank, left_out: list[str]) -> str:
    lines = [
        f"Quiz title: {_markdown(bank.title)}",
        f"Quiz description: {_markdown('Questions of the chapter quiz ' + bank.name + ' of the Baikonur module.')}",
        "Shuffle answers: true",
        "",
    ]
    number_in_quiz = 0
    for question in bank.questions:
        if question.type == "ordering":
            left_out.append(
                f"{bank.name}/{question.id} (ordering: Canvas QTI 1.2 quizzes have no ordering question)"
            )
            continue
        number_in_quiz += 1
        lines.append(f"Title: {question.id}")
        lines.append("Points: 1")
        lines.append(f"{number_in_quiz}.  {_markdown(prompt_text(question))}")
        lines.append(f"... {_markdown(general_feedback(question))}")
        if question.type == "single":
            for letter, option in zip("abcdefghijklmnopqrstuvwxyz", question.options, strict=False):
                lines.append(
                    f"{'*' if option.id == question.answer else ''}{letter}) {_markdown(option.text)}"
                )
                if option.feedback:
                    lines.append(f"... {_markdown(option.feedback)}")
        elif question.type == "multiple":
            for option in question.options:
                lines.append(
                    f"[{'*' if option.id in question.answer else ' '}] {_markdown(option.text)}"
                )
                if option.feedback:
                    lines.append(f"... {_markdown(option.feedback)}")
        else:
            lines.append(f"=   {number(question.answer)} +- {number(question.tolerance)}")
        lines.append("")
    return "\n".join(lines)


def qti_zip(bank: QuizBank, path: Path, left_out: list[str]) -> None:
    from text2qti.config import Config
    from text2qti.qti import QTI
    from text2qti.quiz import Quiz

    quiz = Quiz(text2qti_source(bank, left_out), config=Config(), source_name=f"{bank.name}.yml")
    QTI(quiz).save(path)


# The command and the book build --------------------------------------------------------------------

README = """Quiz banks of the Baikonur module, for a school's learning platform
=================================================================

baikonur.moodle.xml   every question of every chapter, for Moodle (Question bank > Import >
                      Moodle XML format); one category per chapter
<chapter>.gift.txt    one chapter's quiz in GIFT (Moodle and others: Import > GIFT format)
<chapter>.qti.zip     one chapter's quiz as a Canvas QTI 1.2 package (Canvas: Settings >
                      Import course content > QTI .zip file)

Each question keeps the explanation (general feedback) and each wrong option's feedback.
A multiple-answer question gives no credit for a wrong choice; an ordering question
counts only when every item is in place.

Left out, because the format has no such question:
{left_out}
"""


def export(output: Path, all_banks: Sequence[QuizBank] | None = None) -> Export:
    """Write every format into ``output`` (created if needed) and return what was written."""
    all_banks = list(all_banks if all_banks is not None else banks())
    output.mkdir(parents=True, exist_ok=True)
    result = Export(left_out={"GIFT": [], "Canvas QTI": []})
    moodle = output / MOODLE_FILE
    moodle.write_text(moodle_xml(all_banks), encoding="utf-8")
    result.files.append(moodle)
    for bank in all_banks:
        gift_file = output / f"{bank.name}.gift.txt"
        gift_file.write_text(gift(bank, result.left_out["GIFT"]), encoding="utf-8")
        qti_file = output / f"{bank.name}.qti.zip"
        qti_zip(bank, qti_file, result.left_out["Canvas QTI"])
        result.files += [gift_file, qti_file]
    listing = (
        "\n".join(f"  {fmt}: {item}" for fmt, items in result.left_out.items() for item in items)
        or "  nothing"
    )
    readme = output / "README.txt"
    readme.write_text(README.format(left_out=listing), encoding="utf-8")
    result.files.append(readme)
    return result


def publish(source: Path, html_dir: Path) -> None:
    """Copy an export into an HTML build's ``lms/`` folder, where the instructor guide links it."""
    target = html_dir / FOLDER
    target.mkdir(parents=True, exist_ok=True)
    for path in Path(source).iterdir():
        shutil.copy(path, target / path.name)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m baikonur.quiz.export", description=__doc__.splitlines()[0]
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=Path("_build") / FOLDER,
        help="where to write (default: _build/lms)",
    )
    parser.add_argument(
        "--html",
        type=Path,
        help="an HTML build to copy the files into (into its lms/), if it exists",
    )
    arguments = parser.parse_args(argv)
    result = export(arguments.output)
    if arguments.html and arguments.html.is_dir():
        publish(arguments.output, arguments.html)
    for path in result.files:
        print(path)
    for fmt, items in result.left_out.items():
        for item in items:
            print(f"{fmt} leaves out {item}")
    return 0


def _write_into_build(app, exception: Exception | None) -> None:
    if exception is None and app.builder.format == "html":
        export(Path(app.outdir) / FOLDER)


def setup(app) -> dict:
    """Sphinx extension: every HTML build gets the exports in its ``lms/`` folder."""
    app.connect("build-finished", _write_into_build)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}


if __name__ == "__main__":
    sys.exit(main())
