"""Gather a folder of quiz results files into one table, for a teacher.

    python -m baikonur.quiz.gather handed-in/ -o results.csv

``results.csv`` has one row per results file: the learner, the quiz, the totals (``score`` right
first time, ``total``, ``answered``, ``attempts``, ``revealed``, ``resets``), then three columns per
question, ``<quiz>/<question> first try`` (1 or 0), ``… attempts`` and ``… revealed`` (1 or 0), then
``saved``, ``edition``, ``file`` and ``problem``. Beside it, ``results-summary.csv`` gives per
question the share of learners right on the first try, for reading at a glance (it is also printed).
Both files are UTF-8 with a byte-order mark, so that Excel and LibreOffice show names such as
"Әлия" or "Zoë" as written.

Every file in the folder is accounted for: a file that is not a results file, cannot be read, or
was edited after saving is reported by name on the screen and in the ``problem`` column. When a
learner hands in the same quiz twice, both files keep their rows, each naming the other in its
``problem`` column, and the summary counts only the one saved last. After reporting anything the
command exits with status 1. Rows of edited files keep their data so the teacher can decide; the
checksum is not proof against cheating.

It is not for saving results (:mod:`baikonur.quiz.results`) or for grading assignments (that is
otter-grader's job).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from baikonur.quiz.results import problems

TOTALS = ("name", "quiz", "score", "total", "answered", "attempts", "revealed", "resets")
TRAILING = ("saved", "edition", "file", "problem")
PER_QUESTION = ("first try", "attempts", "revealed")
SUMMARY_COLUMNS = (
    "quiz",
    "question",
    "learners",
    "right first try",
    "share right first try (%)",
    "mean attempts",
    "revealed",
)
ENCODING = "utf-8-sig"
"""UTF-8 with a byte-order mark: spreadsheet programs then read the file as UTF-8."""


def _answers(document: dict[str, Any]) -> list[dict[str, Any]]:
    answers = document.get("answers")
    return (
        [answer for answer in answers if isinstance(answer, dict)]
        if isinstance(answers, list)
        else []
    )


def _question_key(quiz: str, answer: dict[str, Any]) -> str:
    return f"{quiz}/{answer.get('question', '')}"


def _row(path: Path, document: dict[str, Any], problem: str) -> dict[str, Any]:
    answers = _answers(document)
    quiz = str(document.get("quiz", ""))
    resets = document.get("resets") if isinstance(document.get("resets"), list) else []
    row: dict[str, Any] = {
        "name": document.get("name", ""),
        "quiz": quiz,
        "score": document.get("score", ""),
        "total": document.get("total", ""),
        "answered": sum(
            1 for answer in answers if answer.get("attempts") or answer.get("revealed")
        ),
        "attempts": sum(answer.get("attempts", 0) or 0 for answer in answers),
        "revealed": sum(1 for answer in answers if answer.get("revealed")),
        "resets": len(resets),
        "saved": document.get("saved", ""),
        "edition": document.get("edition", ""),
        "file": path.name,
        "problem": problem,
    }
    for answer in answers:
        key = _question_key(quiz, answer)
        row[f"{key} first try"] = int(bool(answer.get("first_try")))
        row[f"{key} attempts"] = answer.get("attempts", 0)
        row[f"{key} revealed"] = int(bool(answer.get("revealed")))
    row["_questions"] = [_question_key(quiz, answer) for answer in answers]
    return row


def _learner(row: dict[str, Any]) -> tuple[str, str]:
    return str(row["name"]).strip().casefold(), str(row["quiz"])


def read_folder(folder: Path) -> tuple[list[dict[str, Any]], list[str]]:
    """The rows for every file in ``folder`` (sorted by name, quiz, then time of saving) and the
    problems found, one line per file at fault."""
    rows: list[dict[str, Any]] = []
    report: list[str] = []
    for path in sorted(item for item in Path(folder).iterdir() if item.is_file()):
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            found = [f"not readable as JSON ({error})"]
            document = {}
        else:
            found = problems(document)
        if not isinstance(document, dict):
            document = {}
        rows.append(_row(path, document, "; ".join(found)))
        if found:
            report.append(f"{path.name}: {'; '.join(found)}")

    by_learner: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for row in rows:
        if row["name"] and row["quiz"]:
            by_learner.setdefault(_learner(row), []).append(row)
    for same in by_learner.values():
        if len(same) < 2:
            continue
        same.sort(key=lambda row: str(row["saved"]))
        for row in same:
            others = ", ".join(other["file"] for other in same if other is not row)
            when = "the last saved" if row is same[-1] else "not the last saved"
            note = f"handed in {len(same)} times by the same learner ({when}; see also {others})"
            row["problem"] = f"{row['problem']}; {note}" if row["problem"] else note
            report.append(f"{row['file']}: {note}")
    rows.sort(key=lambda row: (str(row["name"]).casefold(), str(row["quiz"]), str(row["saved"])))
    return rows, report


def columns(rows: Sequence[dict[str, Any]]) -> list[str]:
    """The CSV's columns: the totals, three per question (in each quiz's own order), then the rest."""
    questions: list[str] = []
    for row in sorted(rows, key=lambda row: str(row["quiz"])):
        for key in row.get("_questions", []):
            if key not in questions:
                questions.append(key)
    return [*TOTALS, *(f"{key} {part}" for key in questions for part in PER_QUESTION), *TRAILING]


def summary(rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per question: how many learners answered it (the file each saved last, unedited files only),
    how many were right on the first try and what share that is, mean attempts, and reveals."""
    latest: dict[tuple[str, str], dict[str, Any]] = {}
    for row in rows:
        if (
            not row["name"]
            or not row["quiz"]
            or "edited" in row["problem"]
            or "not a quiz" in row["problem"]
        ):
            continue
        kept = latest.get(_learner(row))
        if kept is None or str(row["saved"]) > str(kept["saved"]):
            latest[_learner(row)] = row
    table = []
    for key in (
        key
        for column in columns(rows)
        if column.endswith(" first try")
        for key in [column[: -len(" first try")]]
    ):
        answered = [row for row in latest.values() if f"{key} first try" in row]
        if not answered:
            continue
        right = sum(row[f"{key} first try"] for row in answered)
        quiz, _, question = key.partition("/")
        table.append(
            {
                "quiz": quiz,
                "question": question,
                "learners": len(answered),
                "right first try": right,
                "share right first try (%)": round(100 * right / len(answered)),
                "mean attempts": round(
                    sum(row[f"{key} attempts"] for row in answered) / len(answered), 1
                ),
                "revealed": sum(row[f"{key} revealed"] for row in answered),
            }
        )
    return table


def summary_path(output: Path) -> Path:
    return output.with_name(f"{output.stem}-summary{output.suffix or '.csv'}")


def write_csv(path: Path, fields: Sequence[str], rows: Sequence[dict[str, Any]]) -> None:
    with path.open("w", newline="", encoding=ENCODING) as output:
        writer = csv.DictWriter(output, fieldnames=list(fields), extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m baikonur.quiz.gather", description="Gather quiz results files into one CSV."
    )
    parser.add_argument(
        "folder", type=Path, help="the folder of results files the learners handed in"
    )
    parser.add_argument("-o", "--output", type=Path, required=True, help="the CSV file to write")
    arguments = parser.parse_args(argv)
    if not arguments.folder.is_dir():
        parser.error(f"{arguments.folder} is not a folder")
    rows, report = read_folder(arguments.folder)
    write_csv(arguments.output, columns(rows), rows)
    per_question = summary(rows)
    write_csv(summary_path(arguments.output), SUMMARY_COLUMNS, per_question)
    print(f"{arguments.output}: {len(rows)} rows from {arguments.folder}")
    print(f"{summary_path(arguments.output)}: right on the first try, per question")
    for line in per_question:
        print(
            f"  {line['quiz']}/{line['question']}: {line['right first try']} of {line['learners']} "
            f"({line['share right first try (%)']}%), {line['mean attempts']} attempts on average"
        )
    for line in report:
        print(f"check {line}", file=sys.stderr)
    return 1 if report else 0


if __name__ == "__main__":
    sys.exit(main())
