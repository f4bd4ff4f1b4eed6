"""Gather a folder of quiz results files into one CSV, for a teacher.

    python -m baikonur.quiz.gather handed-in/ -o results.csv

One row per learner and quiz: when a learner hands in the same quiz twice, the file saved last
makes the row and the older one is reported. Every file in the folder is accounted for: a file that is
not a results file, cannot be read, or was edited after saving is reported by name on the screen
and in the CSV's ``problem`` column, and the command then exits with status 1. Rows of edited
files keep their data so the teacher can decide; the checksum is not proof against cheating.

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

COLUMNS = ("name", "quiz", "score", "total", "answered", "attempts", "revealed", "saved", "edition", "file", "problem")


def _row(path: Path, document: dict[str, Any], problem: str) -> dict[str, Any]:
    answers = document.get("answers") if isinstance(document.get("answers"), list) else []
    return {
        "name": document.get("name", ""),
        "quiz": document.get("quiz", ""),
        "score": document.get("score", ""),
        "total": document.get("total", ""),
        "answered": sum(1 for answer in answers if answer.get("attempts") or answer.get("revealed")),
        "attempts": sum(answer.get("attempts", 0) for answer in answers),
        "revealed": sum(1 for answer in answers if answer.get("revealed")),
        "saved": document.get("saved", ""),
        "edition": document.get("edition", ""),
        "file": path.name,
        "problem": problem,
    }


def read_folder(folder: Path) -> tuple[list[dict[str, Any]], list[str]]:
    """The CSV rows for every file in ``folder`` (sorted by name, then quiz) and the problems found,
    one line per file at fault."""
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
        if found:
            report.append(f"{path.name}: {'; '.join(found)}")
        rows.append(_row(path, document if isinstance(document, dict) else {}, "; ".join(found)))

    newest: dict[tuple[str, str], dict[str, Any]] = {}
    for row in rows:
        if not row["name"] or not row["quiz"]:
            continue
        key = (str(row["name"]).strip().casefold(), str(row["quiz"]))
        kept = newest.get(key)
        if kept is None or str(row["saved"]) > str(kept["saved"]):
            newest[key] = row
    kept_rows = []
    for row in rows:
        key = (str(row["name"]).strip().casefold(), str(row["quiz"]))
        if row["name"] and row["quiz"] and newest[key] is not row:
            report.append(f"{row['file']}: left out, the same learner and quiz as {newest[key]['file']}, saved later")
        else:
            kept_rows.append(row)
    rows = kept_rows
    rows.sort(key=lambda row: (str(row["name"]).casefold(), str(row["quiz"]), str(row["saved"])))
    return rows, report


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m baikonur.quiz.gather", description="Gather quiz results files into one CSV."
    )
    parser.add_argument("folder", type=Path, help="the folder of results files the learners handed in")
    parser.add_argument("-o", "--output", type=Path, required=True, help="the CSV file to write")
    arguments = parser.parse_args(argv)
    if not arguments.folder.is_dir():
        parser.error(f"{arguments.folder} is not a folder")
    rows, report = read_folder(arguments.folder)
    with arguments.output.open("w", newline="", encoding="utf-8") as output:
        writer = csv.DictWriter(output, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    print(f"{arguments.output}: {len(rows)} rows from {arguments.folder}")
    for line in report:
        print(f"check {line}", file=sys.stderr)
    return 1 if report else 0


if __name__ == "__main__":
    sys.exit(main())
