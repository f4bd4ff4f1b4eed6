"""Quiz banks load, and every kind of bad bank fails with the file and the question named."""

from __future__ import annotations

import copy
import sys
import types
from pathlib import Path

import pytest

from baikonur.quiz import QuizBankError, load_quiz, validate_all_banks
from baikonur.quiz import bank as quiz_bank
from conftest import build_book, chapter_files, copy_book_sources, fixture_bank, make_quiz_project


@pytest.fixture
def sampler() -> dict:
    return fixture_bank("sampler")


@pytest.fixture
def write_banks(tmp_path, monkeypatch):
    """Write the given banks as a project and point the package at it."""

    def write(**banks: dict) -> Path:
        data = make_quiz_project(tmp_path, banks)
        monkeypatch.setenv("BAIKONUR_DATA_DIR", str(data))
        return data

    return write


def question(bank: dict, question_id: str) -> dict:
    return next(q for q in bank["questions"] if q["id"] == question_id)


def load_error(write_banks, bank: dict) -> str:
    write_banks(sampler=bank)
    with pytest.raises(QuizBankError) as raised:
        load_quiz("sampler")
    return str(raised.value)


def test_fixture_bank_loads_with_every_question_type(write_banks, sampler):
    write_banks(sampler=sampler)
    bank = load_quiz("sampler").bank
    assert [q.type for q in bank.questions] == [
        "single",
        "multiple",
        "numeric",
        "ordering",
        "single",
    ]
    assert bank.question("launchers").answer == ("soyuz", "proton")
    assert bank.question("rent").answer == 115.0 and bank.question("rent").unit == "USD millions"
    assert bank.question("order").answer == ("sputnik", "gagarin", "buran")
    assert bank.question("capital").section.title == "Section sampler-places"


def test_unknown_question_type_names_file_and_question(write_banks, sampler):
    question(sampler, "capital")["type"] = "essay"
    message = load_error(write_banks, sampler)
    assert "sampler.yml" in message and "question 'capital'" in message and "essay" in message


def test_answer_that_is_not_an_option_names_file_and_question(write_banks, sampler):
    question(sampler, "capital")["answer"] = "z"
    message = load_error(write_banks, sampler)
    assert (
        "sampler.yml, question 'capital'" in message
        and "answer z is not one of the options (a, b, c)" in message
    )


def test_multiple_answer_that_is_not_an_option_is_refused(write_banks, sampler):
    question(sampler, "launchers")["answer"] = ["soyuz", "energia"]
    message = load_error(write_banks, sampler)
    assert "question 'launchers'" in message and "energia is not one of the options" in message


def test_missing_explanation_names_file_and_question(write_banks, sampler):
    del question(sampler, "rent")["explanation"]
    message = load_error(write_banks, sampler)
    assert (
        "sampler.yml, question 'rent'" in message
        and "'explanation' is a required property" in message
    )


def test_blank_explanation_is_refused(write_banks, sampler):
    question(sampler, "rent")["explanation"] = "   "
    assert "question 'rent'" in load_error(write_banks, sampler)


def test_broken_yaml_names_file_and_line(write_banks, sampler):
    data = write_banks(sampler=sampler)
    (data.parent / "quizzes" / "sampler.yml").write_text(
        "quiz: sampler\ntitle: Broken\nquestions:\n  - id: capital\n    type: single\n   prompt: misaligned\n"
    )
    with pytest.raises(QuizBankError, match=r"sampler\.yml, line 6, column 4: not valid YAML"):
        load_quiz("sampler")


def test_a_key_given_twice_is_refused_with_its_line(write_banks, sampler):
    data = write_banks(sampler=sampler)
    path = data.parent / "quizzes" / "sampler.yml"
    path.write_text(path.read_text().replace("  answer: b\n", "  answer: b\n  answer: c\n", 1))
    with pytest.raises(QuizBankError, match=r"sampler\.yml, line \d+.*'answer' is given twice"):
        load_quiz("sampler")


def test_duplicate_question_ids_are_named(write_banks, sampler):
    question(sampler, "markup")["id"] = "capital"
    message = load_error(write_banks, sampler)
    assert "sampler.yml" in message and "repeated: capital" in message


def test_duplicate_option_ids_are_named(write_banks, sampler):
    question(sampler, "capital")["options"][2]["id"] = "a"
    message = load_error(write_banks, sampler)
    assert "question 'capital'" in message and "option ids must be unique; repeated: a" in message


def test_ordering_items_must_be_unique(write_banks, sampler):
    items = question(sampler, "order")["items"]
    items[2]["text"] = items[0]["text"]
    message = load_error(write_banks, sampler)
    assert "question 'order'" in message and "item texts must be unique" in message


def test_numeric_needs_answer_or_answer_from_not_both(write_banks, sampler):
    question(sampler, "rent")["answer_from"] = "baikonur:in_book_build"
    assert "exactly one of answer" in load_error(write_banks, sampler)
    del question(sampler, "rent")["answer_from"]
    del question(sampler, "rent")["answer"]
    assert "question 'rent'" in load_error(write_banks, sampler)


@pytest.fixture
def answer_module(monkeypatch):
    """A module inside the baikonur package with answer functions, for answer_from."""
    module = types.ModuleType("baikonur.quiz_test_answers")
    module.rent_total = lambda: 1725.0
    module.needs_argument = lambda year: year
    module.not_a_number = lambda: "1725"
    module.is_a_flag = lambda: True
    monkeypatch.setitem(sys.modules, module.__name__, module)
    return module


def test_answer_from_computes_the_answer(write_banks, sampler, answer_module):
    rent = question(sampler, "rent")
    del rent["answer"]
    rent["answer_from"] = "baikonur.quiz_test_answers:rent_total"
    write_banks(sampler=sampler)
    assert load_quiz("sampler").bank.question("rent").answer == 1725.0


@pytest.mark.parametrize(
    ("reference", "problem"),
    [
        ("baikonur.quiz_test_answers:missing", "has no function missing"),
        ("baikonur.quiz_test_answers:needs_argument", "must take no argument"),
        ("baikonur.quiz_test_answers:not_a_number", "not a finite number"),
        ("baikonur.quiz_test_answers:is_a_flag", "not a finite number"),
        ("baikonur.no_such_module:f", "cannot import"),
        ("os:getcwd", "does not match"),
    ],
)
def test_answer_from_that_does_not_give_a_number_is_refused(
    write_banks, sampler, answer_module, reference, problem
):
    rent = question(sampler, "rent")
    del rent["answer"]
    rent["answer_from"] = reference
    message = load_error(write_banks, sampler)
    assert "question 'rent'" in message and problem in message


def test_section_label_must_exist_in_the_chapter(write_banks, sampler):
    data = write_banks(sampler=sampler)
    chapter = data.parent / "chapters" / "sampler.md"
    chapter.write_text(chapter.read_text().replace("(sampler-money)=", ""))
    with pytest.raises(QuizBankError) as raised:
        load_quiz("sampler")
    message = str(raised.value)
    assert "question 'rent'" in message and "'sampler-money' is not a (label)= target" in message


def test_quiz_name_must_equal_the_file_name(write_banks, sampler):
    sampler["quiz"] = "history"
    assert "must equal the file name 'sampler'" in load_error(write_banks, sampler)


def test_fields_of_another_question_type_are_refused(write_banks, sampler):
    question(sampler, "capital")["tolerance"] = 1
    message = load_error(write_banks, sampler)
    assert "question 'capital'" in message and "a single question has no tolerance" in message


def test_feedback_on_the_correct_option_is_refused(write_banks, sampler):
    question(sampler, "capital")["options"][1]["feedback"] = "Well done."
    assert "feedback would never be shown" in load_error(write_banks, sampler)


def test_yaml_booleans_as_ids_get_a_quoting_hint(write_banks, sampler):
    data = write_banks(sampler=sampler)
    path = data.parent / "quizzes" / "sampler.yml"
    path.write_text(path.read_text().replace("- id: 'yes'", "- id: yes"))
    with pytest.raises(QuizBankError, match="question 'markup'.*quote it"):
        load_quiz("sampler")


def test_unknown_bank_lists_the_available_ones(write_banks, sampler):
    write_banks(sampler=sampler)
    with pytest.raises(
        QuizBankError, match="no quiz bank named 'nonesuch' \\(available: sampler\\)"
    ):
        load_quiz("nonesuch")


def test_validate_all_banks_reports_every_bad_bank(write_banks, sampler):
    broken_single = copy.deepcopy(sampler)
    question(broken_single, "capital")["answer"] = "z"
    second = fixture_bank("second")
    second["questions"][1]["tolerance"] = -1
    write_banks(sampler=broken_single, second=second)
    with pytest.raises(QuizBankError) as raised:
        validate_all_banks()
    assert "sampler.yml, question 'capital'" in str(raised.value)
    assert "second.yml, question 'year'" in str(raised.value)


def test_starting_order_of_an_ordering_question_is_never_the_answer(write_banks, sampler):
    write_banks(sampler=sampler)
    for suffix in range(30):
        items = tuple(quiz_bank.Choice(f"i{suffix}-{n}", f"text {n}") for n in range(3))
        order_question = quiz_bank.Question(
            id=f"q{suffix}",
            type="ordering",
            prompt="p",
            explanation="e",
            section=quiz_bank.Section("s", None),
            answer=tuple(i.id for i in items),
            items=items,
        )
        shown = order_question.starting_order()
        assert shown != items and sorted(shown, key=lambda i: i.id) == sorted(
            items, key=lambda i: i.id
        )
        assert shown == order_question.starting_order()


def test_banks_and_chapters_are_found_beside_the_data_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("BAIKONUR_DATA_DIR", str(tmp_path / "data"))
    assert quiz_bank.bank_path("history") == tmp_path / "quizzes" / "history.yml"
    monkeypatch.delenv("BAIKONUR_DATA_DIR")
    assert (
        quiz_bank.bank_path("history")
        == Path(quiz_bank.__file__).resolve().parents[2] / "quizzes" / "history.yml"
    )


@pytest.mark.parametrize("chapter", [path.stem for path in chapter_files()])
def test_every_chapter_has_a_valid_bank_of_six_to_ten_questions(chapter, monkeypatch):
    monkeypatch.delenv("BAIKONUR_DATA_DIR", raising=False)
    bank = load_quiz(chapter).bank
    assert 6 <= len(bank.questions) <= 10, f"{chapter}: {len(bank.questions)} questions"


@pytest.mark.build
@pytest.mark.slow
def test_book_build_stops_on_a_bad_bank_naming_file_and_question(tmp_path):
    book = copy_book_sources(tmp_path / "book")
    bank = book / "quizzes" / "history.yml"
    text = bank.read_text(encoding="utf-8")
    assert "    answer: c\n" in text
    bank.write_text(text.replace("    answer: c\n", "    answer: z\n", 1), encoding="utf-8")
    result = build_book(book, tmp_path / "out", env={"BAIKONUR_DATA_DIR": str(book / "data")})
    output = result.stdout + result.stderr
    assert result.returncode != 0, "a bank with an answer that is not an option was accepted"
    assert "quizzes/history.yml" in output and "why-flat-land" in output
    assert "answer z is not one of the options" in output


def make_answers_longest(bank: dict) -> dict:
    """The bank with every single-choice answer padded to be the strictly longest option."""
    for entry in bank["questions"]:
        if entry["type"] == "single":
            longest = max(len(option["text"]) for option in entry["options"])
            answer = next(option for option in entry["options"] if option["id"] == entry["answer"])
            answer["text"] = answer["text"].ljust(longest + 1, ".")
    return bank


def test_a_bank_whose_answers_are_the_longest_options_is_refused_naming_the_questions(
    write_banks, sampler
):
    message = load_error(write_banks, make_answers_longest(sampler))
    assert "sampler.yml" in message and "strictly longest in 2 of 2" in message
    assert "'capital'" in message and "'markup'" in message


def test_a_bank_with_most_answers_in_one_position_is_refused_naming_the_questions(
    write_banks, sampler
):
    capital = question(sampler, "capital")
    capital["options"] = [capital["options"][1], capital["options"][0], capital["options"][2]]
    message = load_error(write_banks, sampler)
    assert (
        "sampler.yml" in message
        and "2 of 2 single-choice answers are option 1, more than 1" in message
    )
    assert "'capital', 'markup'" in message


def test_give_aways_are_counted_over_all_banks_together(write_banks, sampler):
    second = fixture_bank("second")
    options = question(second, "capital")["options"]
    question(second, "capital")["options"] = [options[2], options[0], options[1]]
    write_banks(sampler=sampler, second=second)
    load_quiz("sampler"), load_quiz("second")
    with pytest.raises(
        QuizBankError, match=r"all banks together: 2 of 3 single-choice answers are option 1"
    ) as raised:
        validate_all_banks()
    assert "sampler.yml 'markup'" in str(raised.value) and "second.yml 'capital'" in str(
        raised.value
    )


@pytest.mark.parametrize("opening", ["That one is right: it is.", "Correct, but", "Yes: it was."])
def test_wrong_option_feedback_that_reads_as_a_right_answer_is_refused(
    write_banks, sampler, opening
):
    question(sampler, "capital")["options"][0]["feedback"] = opening
    message = load_error(write_banks, sampler)
    assert (
        "question 'capital'" in message
        and "wrong option a begins as if the option were right" in message
    )


def test_real_banks_carry_no_length_or_position_signal(monkeypatch):
    monkeypatch.delenv("BAIKONUR_DATA_DIR", raising=False)
    banks = [load_quiz(name).bank for name in quiz_bank.bank_names()]
    assert quiz_bank.giveaway_problems(banks) == []
    for bank in banks:
        assert quiz_bank.giveaway_problems([bank]) == [], bank.name


@pytest.mark.build
@pytest.mark.slow
def test_book_build_stops_on_a_bank_that_gives_answers_away(tmp_path):
    import yaml

    book = copy_book_sources(tmp_path / "book")
    path = book / "quizzes" / "history.yml"
    bank = make_answers_longest(yaml.safe_load(path.read_text(encoding="utf-8")))
    path.write_text(yaml.safe_dump(bank, sort_keys=False, allow_unicode=True), encoding="utf-8")
    result = build_book(book, tmp_path / "out", env={"BAIKONUR_DATA_DIR": str(book / "data")})
    output = result.stdout + result.stderr
    assert result.returncode != 0, "a bank whose answers are always the longest option was accepted"
    assert (
        "quizzes/history.yml" in output
        and "strictly longest" in output
        and "'why-flat-land'" in output
    )
