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
    with path.open(newline="") as handle:
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
    assert (saved["quiz"], saved["name"], saved["score"], saved["total"]) == ("sampler", "Ada Lovelace", 1, 5)
    rent = next(entry for entry in saved["answers"] if entry["question"] == "rent")
    assert (rent["response"], rent["attempts"], rent["first_try"], rent["solved"]) == ("115", 2, False, True)
    assert saved["saved"].endswith("Z") and problems(saved) == []


def test_saving_without_a_name_is_refused(quiz, tmp_path):
    with pytest.raises(ValueError, match="give your name"):
        quiz.save_results("  ", tmp_path)


def test_gather_writes_one_row_per_learner_and_quiz(handed_in, tmp_path, capsys):
    output = tmp_path / "results.csv"
    assert gather([str(handed_in), "-o", str(output)]) == 0
    rows = read_csv(output)
    assert [(r["name"], r["quiz"], r["score"], r["total"], r["answered"], r["attempts"]) for r in rows] == [
        ("Ada Lovelace", "sampler", "1", "5", "2", "3")
    ]


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
    for name in ("broken.json: not readable as JSON", "notes.txt: not readable", "other.json: not a quiz results file"):
        assert name in err
    assert sorted(row["file"] for row in read_csv(output)) == [
        "broken.json", "notes.txt", "other.json", "sampler-ada-lovelace.json"
    ]


def test_a_quiz_handed_in_twice_keeps_the_later_file_and_reports_the_earlier(handed_in, tmp_path, capsys):
    first = json.loads((handed_in / "sampler-ada-lovelace.json").read_text())
    later = {**first, "saved": "2099-01-01T00:00:00.000Z", "score": 0,
             "answers": [{**entry, "first_try": False} for entry in first["answers"]]}
    later["checksum"] = checksum(later)
    (handed_in / "sampler-ada-lovelace-again.json").write_text(json.dumps(later))
    output = tmp_path / "results.csv"
    assert gather([str(handed_in), "-o", str(output)]) == 1
    assert "sampler-ada-lovelace.json: left out, the same learner and quiz as sampler-ada-lovelace-again.json" in (
        capsys.readouterr().err
    )
    assert [(row["file"], row["score"]) for row in read_csv(output)] == [("sampler-ada-lovelace-again.json", "0")]


def test_checksum_ignores_key_order_and_whole_number_floats():
    document = {"b": [1.0, 0.5, "Ä"], "a": {"y": 2, "x": True}, "checksum": "old"}
    assert checksum(document) == checksum({"a": {"x": True, "y": 2.0}, "b": [1, 0.5, "Ä"]})
    assert checksum(document) != checksum({**document, "b": [1, 0.5, "A"]})
