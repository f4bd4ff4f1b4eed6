"""The LMS exports read back to the banks' questions and answers: Moodle XML under the rules
Moodle's importer applies, GIFT through the gift-pegjs parser, Canvas QTI from its zip; every
question in every bank, and every question a format cannot hold listed as left out."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from baikonur.quiz import export
from conftest import REPO, missing

BANKS = export.banks()
ALL = [(bank, question) for bank in BANKS for question in bank.questions]
GIFT_PARSER = REPO / "node_modules" / "gift-pegjs"
# Moodle's grade options (question_bank::fraction_options_full), as fractions of 1, with their negatives.
MOODLE_GRADES = {round(grade / 100, 7) for grade in (*export.MOODLE_GRADES, 0)}
MOODLE_GRADES |= {-grade for grade in MOODLE_GRADES}


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> tuple[Path, export.Export]:
    folder = tmp_path_factory.mktemp("lms")
    return folder, export.export(folder, BANKS)


def plain(text: str) -> str:
    """Text as a learner reads it: tags dropped, entities undone, typographic quotes (which text2qti
    makes of straight ones) straightened."""
    text = html.unescape(re.sub(r"<[^>]+>", "", html.unescape(text or "")))
    return " ".join(text.translate(str.maketrans("‘’“”", "''\"\"")).split())


def right_ids(question) -> set[str]:
    return set(question.answer) if question.type == "multiple" else {question.answer}


# Moodle XML ----------------------------------------------------------------------------------------


def moodle_problems(root: ET.Element) -> list[str]:
    """What Moodle's XML importer would refuse or change (question/format/xml/format.php with
    matchgrades 'error', and each question type's own checks)."""
    found = []
    if root.tag != "quiz":
        return ["the root element must be <quiz>"]
    for element in root.findall("question"):
        kind = element.get("type")
        if kind == "category":
            continue
        name = element.findtext("name/text")
        if kind not in {"multichoice", "numerical", "ordering"}:
            found.append(f"{name}: type {kind} is not one this export should write")
        if not (element.findtext("questiontext/text") or "").strip():
            found.append(f"{name}: empty question text")
        answers = element.findall("answer")
        fractions = [float(answer.get("fraction")) for answer in answers]
        if kind in ("multichoice", "numerical"):
            off_list = [
                f
                for f in fractions
                if not any(abs(f / 100 - grade) < 1e-6 for grade in MOODLE_GRADES)
            ]
            if off_list:
                found.append(f"{name}: fractions not among Moodle's grades: {off_list}")
        if kind == "multichoice":
            if len(answers) < 2:
                found.append(f"{name}: fewer than two answers")
            if element.findtext("single") == "true":
                if max(fractions) != 100:
                    found.append(f"{name}: single choice without a 100% answer")
            elif round(sum(f for f in fractions if f > 0) / 100, 2) != 1:
                found.append(f"{name}: the right answers do not add up to 100%")
        if kind == "numerical":
            for answer in answers:
                try:
                    float(answer.findtext("text"))
                    float(answer.findtext("tolerance"))
                except (TypeError, ValueError):
                    found.append(f"{name}: answer or tolerance is not a number")
        if kind == "ordering":
            if sorted(fractions) != [float(n) for n in range(1, len(answers) + 1)]:
                found.append(f"{name}: ordering positions are not 1..n")
            if len(answers) < 2:
                found.append(f"{name}: an ordering question needs two items or more")
    return found


def test_moodle_xml_passes_the_importers_rules(exported):
    folder, _ = exported
    root = ET.parse(folder / export.MOODLE_FILE).getroot()
    assert moodle_problems(root) == []


def test_moodle_xml_reads_back_to_every_question_and_answer(exported):
    folder, _ = exported
    root = ET.parse(folder / export.MOODLE_FILE).getroot()
    read = {}
    category = None
    for element in root.findall("question"):
        if element.get("type") == "category":
            category = element.findtext("category/text").rsplit("/", 1)[-1]
            continue
        read[element.findtext("idnumber")] = (category, element)
    assert sorted(read) == sorted(f"{bank.name}/{question.id}" for bank, question in ALL)
    for bank, question in ALL:
        category, element = read[f"{bank.name}/{question.id}"]
        assert category == bank.name
        assert plain(element.findtext("questiontext/text")) == plain(export.prompt_text(question))
        assert plain(question.explanation) in plain(element.findtext("generalfeedback/text"))
        answers = element.findall("answer")
        if question.type in ("single", "multiple"):
            assert element.get("type") == "multichoice"
            assert (element.findtext("single") == "true") == (question.type == "single")
            texts = [plain(answer.findtext("text")) for answer in answers]
            assert texts == [plain(option.text) for option in question.options]
            right = {
                option.id
                for option, answer in zip(question.options, answers, strict=True)
                if float(answer.get("fraction")) > 0
            }
            assert right == right_ids(question), question.id
            feedback = [plain(answer.findtext("feedback/text")) for answer in answers]
            assert feedback == [plain(option.feedback) for option in question.options]
        elif question.type == "numeric":
            (answer,) = answers
            assert float(answer.findtext("text")) == pytest.approx(question.answer, rel=1e-9)
            assert float(answer.findtext("tolerance")) == question.tolerance
        else:
            assert element.get("type") == "ordering"
            in_order = sorted(answers, key=lambda answer: float(answer.get("fraction")))
            assert [plain(answer.findtext("text")) for answer in in_order] == [
                plain(item.text) for item in question.items
            ]
            assert element.findtext("gradingtype") == "ALL_OR_NOTHING"


def test_moodle_rules_catch_what_the_importer_refuses():
    root = ET.fromstring(
        '<quiz><question type="multichoice"><name><text>q</text></name><questiontext><text>Q?</text></questiontext>'
        '<single>false</single><answer fraction="40"><text>a</text></answer><answer fraction="35"><text>b</text></answer>'
        '</question><question type="ordering"><name><text>o</text></name><questiontext><text>O</text></questiontext>'
        '<answer fraction="1"><text>x</text></answer><answer fraction="3"><text>y</text></answer></question></quiz>'
    )
    assert moodle_problems(root) == [
        "q: fractions not among Moodle's grades: [35.0]",
        "q: the right answers do not add up to 100%",
        "o: ordering positions are not 1..n",
    ]


# GIFT ------------------------------------------------------------------------------------------------

PARSE_GIFT = """
const { parse } = require(process.argv[1]);
const fs = require("fs");
const out = {};
for (const file of process.argv.slice(2)) out[file] = parse(fs.readFileSync(file, "utf8"));
process.stdout.write(JSON.stringify(out));
"""


@pytest.fixture(scope="module")
def gift_parsed(exported) -> dict[str, list[dict]]:
    if not (GIFT_PARSER.is_dir() and shutil.which("node")):
        missing("gift-pegjs is not installed: run `npm ci`")
    folder, _ = exported
    files = [str(folder / f"{bank.name}.gift.txt") for bank in BANKS]
    run = subprocess.run(
        ["node", "-e", PARSE_GIFT, str(GIFT_PARSER), *files],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    parsed = json.loads(run.stdout)
    return {
        Path(file).name.removesuffix(".gift.txt"): questions for file, questions in parsed.items()
    }


def test_gift_parses_back_to_every_question_but_the_listed_ordering_ones(exported, gift_parsed):
    _, result = exported
    for bank in BANKS:
        parsed = gift_parsed[bank.name]
        assert parsed[0] == {"type": "Category", "title": f"{export.CATEGORY}/{bank.name}"}
        by_title = {question["title"]: question for question in parsed[1:]}
        kept = [question for question in bank.questions if question.type != "ordering"]
        assert list(by_title) == [question.id for question in kept]
        for question in kept:
            read = by_title[question.id]
            assert plain(read["stem"]["text"]) == plain(export.prompt_text(question))
            assert plain(read["globalFeedback"]["text"]) == plain(export.general_feedback(question))
            if question.type == "numeric":
                assert read["type"] == "Numerical"
                (choice,) = (
                    read["choices"] if isinstance(read["choices"], list) else [read["choices"]]
                )
                assert choice["number"] == pytest.approx(question.answer, rel=1e-9)
                assert choice["range"] == question.tolerance
                continue
            assert read["type"] == "MC"
            assert [plain(choice["text"]["text"]) for choice in read["choices"]] == [
                plain(o.text) for o in question.options
            ]
            right = {
                option.id
                for option, choice in zip(question.options, read["choices"], strict=True)
                if choice["isCorrect"] or (choice["weight"] or 0) > 0
            }
            assert right == right_ids(question), question.id
            feedback = [
                plain((choice["feedback"] or {}).get("text", "")) for choice in read["choices"]
            ]
            assert feedback == [plain(option.feedback) for option in question.options]
        ordering = [f"{bank.name}/{q.id}" for q in bank.questions if q.type == "ordering"]
        assert all(
            any(item.startswith(name) for item in result.left_out["GIFT"]) for name in ordering
        )


# Canvas QTI ------------------------------------------------------------------------------------------


def qti_items(path: Path) -> list[ET.Element]:
    with zipfile.ZipFile(path) as archive:
        manifest = ET.fromstring(archive.read("imsmanifest.xml"))
        hrefs = [element.get("href") for element in manifest.iter() if element.tag.endswith("file")]
        assert hrefs and all(href in archive.namelist() for href in hrefs), (
            "the manifest names a missing file"
        )
        (assessment,) = [
            name
            for name in archive.namelist()
            if name.endswith(".xml") and "imsmanifest" not in name and "assessment_meta" not in name
        ]
        root = ET.fromstring(archive.read(assessment))
    return [
        element for element in root.iter() if element.tag.endswith("}item") or element.tag == "item"
    ]


def local(element: ET.Element, name: str) -> list[ET.Element]:
    return [child for child in element.iter() if child.tag.split("}")[-1] == name]


def test_canvas_qti_reads_back_to_every_question_but_the_listed_ordering_ones(exported):
    folder, result = exported
    for bank in BANKS:
        items = {item.get("title"): item for item in qti_items(folder / f"{bank.name}.qti.zip")}
        kept = [question for question in bank.questions if question.type != "ordering"]
        assert list(items) == [question.id for question in kept]
        for question in kept:
            item = items[question.id]
            metadata = {
                local(field, "fieldlabel")[0].text: local(field, "fieldentry")[0].text
                for field in local(item, "qtimetadatafield")
            }
            texts = [plain(text.text) for text in local(item, "mattext")]
            assert plain(export.prompt_text(question)) == texts[0]
            feedback = {
                fb.get("ident"): plain(local(fb, "mattext")[0].text)
                for fb in local(item, "itemfeedback")
            }
            assert feedback["general_fb"] == plain(export.general_feedback(question))
            if question.type == "numeric":
                assert metadata["question_type"] == "numerical_question"
                low = float(local(item, "vargte")[0].text)
                high = float(local(item, "varlte")[0].text)
                # text2qti writes the bounds to four decimal places
                assert (low, high) == pytest.approx(
                    (question.answer - question.tolerance, question.answer + question.tolerance),
                    abs=1e-4,
                )
                continue
            expected = (
                "multiple_choice_question"
                if question.type == "single"
                else "multiple_answers_question"
            )
            assert metadata["question_type"] == expected
            labels = local(item, "response_label")
            ids = [label.get("ident") for label in labels]
            assert [plain(local(label, "mattext")[0].text) for label in labels] == [
                plain(o.text) for o in question.options
            ]
            scoring = [
                condition
                for condition in local(item, "respcondition")
                if local(condition, "setvar")
            ]
            (score,) = scoring
            chosen = {
                v.text
                for v in local(score, "varequal")
                if v not in {n for x in local(score, "not") for n in x.iter()}
            }
            right = {
                option.id
                for option, ident in zip(question.options, ids, strict=True)
                if ident in chosen
            }
            assert right == right_ids(question), question.id
            for option, ident in zip(question.options, ids, strict=True):
                assert feedback.get(f"{ident}_fb", "") == plain(option.feedback), (
                    question.id,
                    option.id,
                )
        ordering = [f"{bank.name}/{q.id}" for q in bank.questions if q.type == "ordering"]
        assert all(
            any(item.startswith(name) for item in result.left_out["Canvas QTI"])
            for name in ordering
        )


# The command and the book --------------------------------------------------------------------------


def test_the_command_writes_every_file_lists_what_is_left_out_and_publishes_into_an_html_build(
    tmp_path,
):
    site = tmp_path / "html"
    site.mkdir()
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "baikonur.quiz.export",
            "--output",
            str(tmp_path / "lms"),
            "--html",
            str(site),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=REPO,
    )
    assert run.returncode == 0, run.stderr
    names = sorted(path.name for path in (site / "lms").iterdir())
    expected = [
        export.MOODLE_FILE,
        "README.txt",
        *(f"{b.name}.{kind}" for b in BANKS for kind in ("gift.txt", "qti.zip")),
    ]
    assert names == sorted(expected)
    orderings = [f"{b.name}/{q.id}" for b, q in ALL if q.type == "ordering"]
    readme = (site / "lms" / "README.txt").read_text()
    assert orderings and all(
        name in readme and f"leaves out {name}" in run.stdout for name in orderings
    )


@pytest.mark.build
def test_the_book_publishes_the_exports_and_the_instructor_guide_links_them(book_html):
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(
        (book_html / "appendix" / "instructor-guide.html").read_text(), "html.parser"
    )
    links = {a["href"] for a in soup.find_all("a", href=True) if "/lms/" in a["href"]}
    assert {
        f"../lms/{export.MOODLE_FILE}",
        "../lms/history.gift.txt",
        "../lms/history.qti.zip",
    } <= links
    for href in links:
        assert (book_html / "appendix" / href).resolve().is_file(), href
    assert ET.parse(book_html / "lms" / export.MOODLE_FILE).getroot().tag == "quiz"


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_each_edition_exports_its_own_language(tmp_path, monkeypatch, language):
    """An edition's build writes its lms/ from the banks in its language: Moodle XML that passes
    the importer's rules, with the translated prompts, units and explanations, no English left."""
    from baikonur.quiz.words import translated

    monkeypatch.setenv("BAIKONUR_LANGUAGE", language)
    banks = export.banks()
    export.export(tmp_path, banks)
    root = ET.parse(tmp_path / export.MOODLE_FILE).getroot()
    assert moodle_problems(root) == []
    text = (tmp_path / export.MOODLE_FILE).read_text(encoding="utf-8")
    for english, ours in zip(BANKS, banks, strict=True):
        for theirs, question in zip(english.questions, ours.questions, strict=True):
            assert html.escape(theirs.prompt, quote=False) not in text, question.id
            assert html.escape(question.prompt, quote=False) in text, question.id
    words = translated(language)
    assert words["answer_in"].split("{")[0] in text and "(Answer in" not in text
    assert " in the chapter." not in text
