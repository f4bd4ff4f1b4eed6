"""Results files and the teacher's gather command: the live widget saves the static page's format,
the command turns a folder into one row per learner and quiz, and every bad, edited or repeated
file is reported by name."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from baikonur.quiz import Quiz, load_quiz
from baikonur.quiz.gather import main as gather
from baikonur.quiz.results import checksum, problems
from conftest import fixture_bank, make_quiz_project


@pytest.fixture
def quiz(tmp_path, monkeypatch) -> Quiz:
    monkeypatch.delenv("BAIKONUR_BOOK_BUILD", raising=False)
    data = make_quiz_project(tmp_path / "project", {"sampler": fixture_bank("sampler")})
    monkeypatch.setenv("BAIKONUR_DATA_DIR", str(data))
    return load_quiz("sampler")


def answer(quiz: Quiz, question_id: str, response) -> None:
    view = quiz.widget.views[question_id]
    if question_id == "rent":
        view.number.value = response
    else:
        view.control.value = response
    view.check_button.click()


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def handed_in(tmp_path, quiz) -> Path:
    folder = tmp_path / "handed-in"
    folder.mkdir()
    answer(quiz, "capital", "b")
    answer(quiz, "rent", "200")
    answer(quiz, "rent", "115")
    quiz.save_results("Ada Lovelace", folder)
    return folder


def test_widget_saves_a_results_file_with_first_try_score_and_attempts(handed_in):
    saved = json.loads((handed_in / "sampler-ada-lovelace.json").read_text())
    assert (saved["quiz"], saved["name"], saved["score"], saved["total"]) == (
        "sampler",
        "Ada Lovelace",
        1,
        5,
    )
    rent = next(entry for entry in saved["answers"] if entry["question"] == "rent")
    assert (rent["response"], rent["attempts"], rent["first_try"], rent["solved"]) == (
        "115",
        2,
        False,
        True,
    )
    assert saved["saved"].endswith("Z") and problems(saved) == []


def test_saving_without_a_name_is_refused(quiz, tmp_path):
    with pytest.raises(ValueError, match="give your name"):
        quiz.save_results("  ", tmp_path)


def test_gather_writes_one_row_per_learner_and_quiz(handed_in, tmp_path, capsys):
    output = tmp_path / "results.csv"
    assert gather([str(handed_in), "-o", str(output)]) == 0
    rows = read_csv(output)
    assert [
        (r["name"], r["quiz"], r["score"], r["total"], r["answered"], r["attempts"]) for r in rows
    ] == [("Ada Lovelace", "sampler", "1", "5", "2", "3")]


def test_an_edited_file_is_reported_by_name_and_kept_with_its_problem(handed_in, tmp_path, capsys):
    path = handed_in / "sampler-ada-lovelace.json"
    saved = json.loads(path.read_text())
    saved["score"] = 5
    path.write_text(json.dumps(saved))
    output = tmp_path / "results.csv"
    assert gather([str(handed_in), "-o", str(output)]) == 1
    assert "sampler-ada-lovelace.json: edited after saving" in capsys.readouterr().err
    (row,) = read_csv(output)
    assert row["score"] == "5" and row["problem"].startswith("edited after saving")


def test_unreadable_and_foreign_files_are_reported_not_dropped(handed_in, tmp_path, capsys):
    (handed_in / "broken.json").write_text("{not json")
    (handed_in / "notes.txt").write_text("hello")
    (handed_in / "other.json").write_text(json.dumps({"answers": []}))
    output = tmp_path / "results.csv"
    assert gather([str(handed_in), "-o", str(output)]) == 1
    err = capsys.readouterr().err
    for name in (
        "broken.json: not readable as JSON",
        "notes.txt: not readable",
        "other.json: not a quiz results file",
    ):
        assert name in err
    assert sorted(row["file"] for row in read_csv(output)) == [
        "broken.json",
        "notes.txt",
        "other.json",
        "sampler-ada-lovelace.json",
    ]


def test_a_quiz_handed_in_twice_keeps_both_rows_and_reports_both_files(handed_in, tmp_path, capsys):
    first = json.loads((handed_in / "sampler-ada-lovelace.json").read_text())
    later = {
        **first,
        "saved": "2099-01-01T00:00:00.000Z",
        "score": 0,
        "answers": [{**entry, "first_try": False} for entry in first["answers"]],
    }
    later["checksum"] = checksum(later)
    (handed_in / "sampler-ada-lovelace-again.json").write_text(json.dumps(later))
    output = tmp_path / "results.csv"
    assert gather([str(handed_in), "-o", str(output)]) == 1
    err = capsys.readouterr().err
    assert (
        "sampler-ada-lovelace.json: handed in 2 times by the same learner (not the last saved; see also sampler-ada-lovelace-again.json)"
        in err
    )
    assert (
        "sampler-ada-lovelace-again.json: handed in 2 times by the same learner (the last saved; see also sampler-ada-lovelace.json)"
        in err
    )
    rows = read_csv(output)
    assert [(row["file"], row["score"]) for row in rows] == [
        ("sampler-ada-lovelace.json", "1"),
        ("sampler-ada-lovelace-again.json", "0"),
    ]
    assert all("handed in 2 times" in row["problem"] for row in rows)
    (capital,) = [
        line for line in read_csv(tmp_path / "results-summary.csv") if line["question"] == "capital"
    ]
    assert (capital["learners"], capital["right first try"]) == ("1", "0"), (
        "the summary counts the file saved last"
    )


def test_csv_has_a_byte_order_mark_per_question_columns_and_a_summary_read_back_with_kazakh_names(
    quiz, tmp_path, capsys
):
    folder = tmp_path / "class"
    folder.mkdir()
    answer(quiz, "capital", "b")
    answer(quiz, "rent", "200")
    answer(quiz, "rent", "115")
    quiz.save_results("Әлия Сейітова", folder)
    quiz.progress.reset()
    answer(quiz, "capital", "a")
    answer(quiz, "capital", "b")
    quiz.save_results("Zoë Ørsted", folder)
    output = tmp_path / "квиз.csv"
    assert gather([str(folder), "-o", str(output)]) == 0
    raw = output.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and "Әлия Сейітова".encode() in raw
    rows = {row["name"]: row for row in read_csv(output)}
    assert set(rows) == {"Әлия Сейітова", "Zoë Ørsted"}
    aliya, zoe = rows["Әлия Сейітова"], rows["Zoë Ørsted"]
    assert (
        aliya["sampler/capital first try"],
        aliya["sampler/capital attempts"],
        aliya["sampler/capital revealed"],
    ) == ("1", "1", "0")
    assert (aliya["sampler/rent first try"], aliya["sampler/rent attempts"]) == ("0", "2")
    assert (zoe["sampler/capital first try"], zoe["sampler/capital attempts"], zoe["resets"]) == (
        "0",
        "2",
        "1",
    )
    header = next(csv.reader(output.open(encoding="utf-8-sig")))
    assert header[:8] == [
        "name",
        "quiz",
        "score",
        "total",
        "answered",
        "attempts",
        "revealed",
        "resets",
    ]
    questions = [
        column.removesuffix(" first try") for column in header if column.endswith(" first try")
    ]
    assert questions == [
        f"sampler/{q}" for q in ("capital", "launchers", "rent", "order", "markup")
    ]
    summary_file = tmp_path / "квиз-summary.csv"
    assert summary_file.read_bytes().startswith(b"\xef\xbb\xbf")
    summary = {line["question"]: line for line in read_csv(summary_file)}
    assert (
        summary["capital"]["learners"],
        summary["capital"]["right first try"],
        summary["capital"]["share right first try (%)"],
    ) == ("2", "1", "50")
    assert summary["rent"]["mean attempts"] == "1.0"
    assert "sampler/capital: 1 of 2 (50%)" in capsys.readouterr().out


def test_checksum_ignores_key_order_and_whole_number_floats():
    document = {"b": [1.0, 0.5, "Ä"], "a": {"y": 2, "x": True}, "checksum": "old"}
    assert checksum(document) == checksum({"a": {"x": True, "y": 2.0}, "b": [1, 0.5, "Ä"]})
    assert checksum(document) != checksum({**document, "b": [1, 0.5, "A"]})
