"""The results file a learner hands in, in one format for the static page and the live widget.

A results file is JSON: ``format``, ``quiz``, ``title``, ``edition``, ``name``, ``saved`` (UTC, ISO
8601), ``score`` (questions right at the first try), ``total``, ``resets`` (the UTC times at which the
learner cleared the quiz's answers, oldest first; files saved before resets were recorded lack
it), ``answers`` (per question: its id,
type, the latest checked response, attempts, first_try, solved, revealed, credit) and
``checksum``. The checksum is FNV-1a (64 bit) of the file's other fields as canonical JSON (keys
sorted, no spaces, whole numbers without ".0"); ``_static/quiz.js`` computes the same. It shows
that a file was changed after saving; anyone who reads this module can recompute it, so it is not
proof against cheating.

It is not for grading (:mod:`baikonur.quiz.grading`) or for gathering a class's files
(:mod:`baikonur.quiz.gather`).
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

FORMAT = "baikonur-quiz-results/1"
ANSWER_FIELDS = (
    "question",
    "type",
    "response",
    "attempts",
    "first_try",
    "solved",
    "revealed",
    "credit",
)
FIELDS = (
    "format",
    "quiz",
    "title",
    "edition",
    "name",
    "saved",
    "score",
    "total",
    "answers",
    "checksum",
)


def _plain(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def canonical(value: Any) -> str:
    """JSON with sorted keys, no spaces and whole numbers as integers, as ``quiz.js`` writes it."""
    return json.dumps(_plain(value), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def checksum(document: dict[str, Any]) -> str:
    """The checksum of every field but ``checksum`` itself."""
    text = canonical({key: value for key, value in document.items() if key != "checksum"})
    value = 0xCBF29CE484222325
    for byte in text.encode("utf-8"):
        value = ((value ^ byte) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return f"fnv1a64:{value:016x}"


def iso_time(when: datetime | None = None) -> str:
    """``2026-12-06T19:47:13.000Z``: a UTC time as the browser's ``toISOString`` writes it."""
    return (
        (when or datetime.now(timezone.utc))
        .astimezone(timezone.utc)
        .isoformat(timespec="milliseconds")
        .replace("+00:00", "Z")
    )


def results_document(
    quiz: str,
    title: str,
    edition: str,
    name: str,
    answers: list[dict[str, Any]],
    saved: datetime | None = None,
    resets: list[str] | None = None,
) -> dict[str, Any]:
    """A complete results file, checksum included; ``resets`` are the times of :func:`iso_time`."""
    document = {
        "format": FORMAT,
        "quiz": quiz,
        "title": title,
        "edition": edition,
        "name": name,
        "saved": iso_time(saved),
        "score": sum(1 for answer in answers if answer["first_try"]),
        "total": len(answers),
        "resets": list(resets or []),
        "answers": [{field: answer[field] for field in ANSWER_FIELDS} for answer in answers],
    }
    document["checksum"] = checksum(document)
    return document


def file_name(quiz: str, name: str) -> str:
    """``history-ada-lovelace.json``: the quiz and the learner's name, as the static page names it."""
    slug = re.sub(r"[\W_]+", "-", name.lower()).strip("-") or "learner"
    return f"{quiz}-{slug}.json"


def write_results(document: dict[str, Any], folder: Path) -> Path:
    path = Path(folder) / file_name(document["quiz"], document["name"])
    path.write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return path


def problems(document: Any) -> list[str]:
    """What is wrong with a parsed results file: missing fields, a score that does not add up, a
    checksum that does not match. An empty list means the file is as it was saved."""
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        return [f"not a quiz results file (its format is not {FORMAT!r})"]
    missing = [field for field in FIELDS if field not in document]
    if missing:
        return [f"missing {', '.join(missing)}"]
    answers = document["answers"]
    if not isinstance(answers, list) or not all(
        isinstance(answer, dict) and set(ANSWER_FIELDS) <= set(answer) for answer in answers
    ):
        return [f"each answer needs {', '.join(ANSWER_FIELDS)}"]
    resets = document.get("resets", [])
    if not isinstance(resets, list) or not all(isinstance(when, str) for when in resets):
        return ["resets must be a list of times"]
    found = []
    if document["checksum"] != checksum(document):
        found.append("edited after saving: the checksum does not match")
    if document["score"] != sum(1 for answer in answers if answer["first_try"]) or document[
        "total"
    ] != len(answers):
        found.append("the score or total does not match the answers")
    return found
