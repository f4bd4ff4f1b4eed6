"""The chapters' code cells through ruff, with the chapter's own line numbers.

``python -m baikonur.book.chapter_code check chapters/*.md`` reports every code line longer than
:data:`LINE_LENGTH`, every cell that ``ruff format`` would change, and what ``ruff check`` finds
(settings from ``pyproject.toml``); it exits with status 1 if it reported anything.
``python -m baikonur.book.chapter_code format chapters/*.md`` rewrites the code of each cell as
``ruff format`` would.

Only the code is touched: a cell's options (``:tags:``) and metadata (the ``---`` block with its
caption and alt text) stay exactly as written, which a round trip through jupytext would not do.
The cells are handed to ruff as one notebook, so ruff judges them as it judges a notebook (an
import in a later cell, or a cell ending in an expression, is normal).

It is not for the package or the tests: ``ruff check .`` and ``ruff format .`` cover those.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

LINE_LENGTH = 74
"""The longest code line a chapter may have. On a 1280 px desktop window a code cell has 652 CSS
pixels inside its padding, and one inside an exercise's solution 630; the monospace font takes
8.4 px a character, so 75 characters show without scrolling everywhere. One less leaves room for a
slightly wider font."""

_CODE_CELL = re.compile(
    r"^(?P<fence>`{3,})\{code-cell\}[^\n]*\n(?P<body>.*?)^(?P=fence)[ \t]*$",
    re.MULTILINE | re.DOTALL,
)
_RUFF_PLACE = re.compile(r"^[^:]+:cell (\d+):(\d+):(\d+): (.*)$")


@dataclass
class CodeCell:
    """One code cell of a chapter: where its code starts and ends in the file, and the code."""

    start: int  # offset of the code's first character in the file
    end: int  # offset just past the code
    line: int  # line number of the code's first line in the file
    code: str


def code_cells(text: str) -> list[CodeCell]:
    """The code cells of a MyST chapter, without their options or metadata."""
    cells = []
    for match in _CODE_CELL.finditer(text):
        body, offset = match.group("body"), match.start("body")
        header = 0
        if body.startswith("---\n"):
            closing = body.find("\n---\n", 3)
            header = closing + len("\n---\n") if closing >= 0 else 0
        else:
            while re.match(r":\w[\w-]*:", body[header:]):
                header = body.index("\n", header) + 1
        if header and body[header:].startswith("\n"):
            header += 1
        code = body[header:]
        cells.append(
            CodeCell(
                offset + header, offset + len(body), text.count("\n", 0, offset + header) + 1, code
            )
        )
    return cells


def _ruff(arguments: list[str], cells: list[CodeCell], name: str) -> subprocess.CompletedProcess:
    """Run ruff on the cells as one notebook read from standard input."""
    notebook = {
        "cells": [
            {
                "cell_type": "code",
                "execution_count": None,
                "id": f"c{n}",
                "metadata": {},
                "outputs": [],
                "source": cell.code.splitlines(keepends=True),
            }
            for n, cell in enumerate(cells)
        ],
        "metadata": {"language_info": {"name": "python"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    ruff = Path(sys.executable).parent / "ruff"
    command = [
        str(ruff) if ruff.exists() else "ruff",
        *arguments,
        "--stdin-filename",
        f"{name}.ipynb",
        "-",
    ]
    return subprocess.run(command, input=json.dumps(notebook), capture_output=True, text=True)


def formatted(path: Path) -> tuple[str, list[str]]:
    """The chapter with every code cell as ``ruff format`` writes it, and one message per cell that
    changes (or per chapter that ruff cannot read)."""
    text = path.read_text(encoding="utf-8")
    cells = code_cells(text)
    if not cells:
        return text, []
    name = path.with_suffix("").as_posix()
    result = _ruff(["format", "--line-length", str(LINE_LENGTH)], cells, name)
    if result.returncode != 0:
        return text, [f"{path}: ruff format failed: {result.stderr.strip()}"]
    new_sources = ["".join(cell["source"]) for cell in json.loads(result.stdout)["cells"]]
    messages, pieces, position = [], [], 0
    for cell, source in zip(cells, new_sources, strict=True):
        source = source if not source or source.endswith("\n") else source + "\n"
        if source != cell.code:
            messages.append(f"{path}:{cell.line}: ruff format would rewrite this cell")
        pieces += [text[position : cell.start], source]
        position = cell.end
    pieces.append(text[position:])
    return "".join(pieces), messages


def problems(path: Path) -> list[str]:
    """Every long line, unformatted cell and ruff finding in the chapter's code cells."""
    text = path.read_text(encoding="utf-8")
    cells = code_cells(text)
    found = []
    for cell in cells:
        for number, line in enumerate(cell.code.splitlines()):
            if len(line) > LINE_LENGTH:
                found.append(
                    f"{path}:{cell.line + number}: the line is {len(line)} characters long, more than "
                    f"{LINE_LENGTH}; wrap or shorten it so that it fits the page"
                )
    found += formatted(path)[1]
    if cells:
        result = _ruff(
            ["check", "--output-format", "concise", "--no-fix"],
            cells,
            path.with_suffix("").as_posix(),
        )
        for line in result.stdout.splitlines():
            place = _RUFF_PLACE.match(line)
            if place:
                cell, row, column, message = (
                    int(place.group(1)),
                    int(place.group(2)),
                    place.group(3),
                    place.group(4),
                )
                found.append(f"{path}:{cells[cell - 1].line + row - 1}:{column}: {message}")
        if result.returncode not in (0, 1):
            found.append(f"{path}: ruff check failed: {result.stderr.strip()}")
    return found


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m baikonur.book.chapter_code", description=__doc__.splitlines()[0]
    )
    parser.add_argument("action", choices=["check", "format"])
    parser.add_argument("chapters", nargs="+", type=Path)
    arguments = parser.parse_args(argv)
    reported = []
    for path in arguments.chapters:
        if arguments.action == "format":
            text, messages = formatted(path)
            if text != path.read_text(encoding="utf-8"):
                path.write_text(text, encoding="utf-8")
                print(f"reformatted {path}")
            reported += [message for message in messages if "failed" in message]
        else:
            reported += problems(path)
    if reported:
        print("\n".join(reported), file=sys.stderr)
    elif arguments.action == "check":
        print(f"{len(arguments.chapters)} chapters: code cells clean")
    return 1 if reported else 0


if __name__ == "__main__":
    sys.exit(main())
