"""An assignment's student notebook runs where students are, and otter grades what it exports.

The student notebook a chapter page offers is downloaded from the built book and answered with
the solutions, then run top to bottom on a kernel in a fresh environment on the oldest supported
Python with only the plain stack (its first cell installs otter-grader and the package, as on
Colab, a school hub or a laptop). The zip its last cell exports is graded with ``otter run``
against the autograder zip an instructor builds, and earns full marks.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request
from pathlib import Path
from urllib.parse import urljoin

import nbformat
import pytest
from bs4 import BeautifulSoup
from jupyter_client import KernelManager
from nbclient import NotebookClient
from test_assignments import built  # noqa: F401 - the session's assignments, built with otter assign
from test_portable_notebooks import plain_kernel  # noqa: F401 - the fresh environment on the oldest Python

from baikonur.book import assignments
from baikonur.book.assignments import student_requirements
from conftest import REPO

NAMES = assignments.assignment_names()
CHAPTER = {name: f"chapters/{name}" for name in NAMES}


def chapter_link(book_url: str, name: str) -> str:
    page = f"{book_url}{CHAPTER[name]}.html"
    with urllib.request.urlopen(page) as response:
        soup = BeautifulSoup(response.read(), "html.parser")
    links = [
        link["href"]
        for link in soup.select("a.assignment-notebook[href], a.download[href]")
        if link["href"].endswith(f"assignments/{name}.ipynb")
    ]
    assert links, f"{CHAPTER[name]} does not offer the {name} student notebook"
    return urljoin(page, links[0])


@pytest.mark.build
@pytest.mark.parametrize("name", NAMES)
def test_the_student_notebook_installs_otter_and_the_package_first(book_html, name):
    notebook = nbformat.read(book_html / "assignments" / f"{name}.ipynb", as_version=4)
    first = notebook.cells[0]
    assert first.cell_type == "code" and "install_package()" in first.source
    assert "otter_ignore" in first.metadata.get("tags", []), "graders would run the install cell"
    for requirement in student_requirements():
        assert repr(requirement) in first.source, (
            f"{name}: the first cell does not install {requirement}"
        )
    assert "import otter" in notebook.cells[1].source, (
        "the install cell must come before otter is imported"
    )
    chapter = nbformat.read(book_html / "_sources" / f"{CHAPTER[name]}.ipynb", as_version=4)
    assert first.source == chapter.cells[0].source.replace(
        "ALSO = {}", f"ALSO = {student_requirements()!r}"
    ), f"{name}: the student notebook installs differently from its chapter's notebook"


@pytest.mark.build
@pytest.mark.slow
@pytest.mark.parametrize("name", NAMES)
def test_a_downloaded_student_notebook_runs_and_otter_run_grades_it(
    name,
    book_url,
    built,
    plain_kernel,
    tmp_path,
    monkeypatch,
):
    folder = tmp_path / "student"
    folder.mkdir()
    assert REPO not in folder.parents
    with urllib.request.urlopen(chapter_link(book_url, name)) as response:
        student = nbformat.reads(response.read().decode(), as_version=4)
    solution = nbformat.read(built[name].solution_notebook, as_version=4)
    solved = [
        cell.source
        for cell in solution.cells
        if cell.cell_type == "code"
        and "otter_assign_solution_cell" in cell.metadata.get("tags", [])
    ]
    blanks = [
        cell
        for cell in student.cells
        if cell.cell_type == "code" and "otter_answer_cell" in cell.metadata.get("tags", [])
    ]
    assert len(blanks) == len(solved) > 0
    for blank, answer in zip(blanks, solved, strict=True):
        blank.source = answer
    nbformat.write(
        student, folder / f"{name}.ipynb"
    )  # saved where the student opens it: otter reads it
    for variable in [
        key
        for key in os.environ
        if key.startswith("BAIKONUR_") or key in ("PYTHONPATH", "VIRTUAL_ENV")
    ]:
        monkeypatch.delenv(variable)
    kernels, python = plain_kernel
    manager = KernelManager(kernel_name="plain", kernel_spec_manager=kernels)
    executed = NotebookClient(
        student, km=manager, timeout=600, resources={"metadata": {"path": str(folder)}}
    ).execute()
    errors = [
        output
        for cell in executed.cells
        if cell.cell_type == "code"
        for output in cell.outputs
        if output.output_type == "error"
    ]
    assert errors == [], f"{name}: {errors[0]['ename']}: {errors[0]['evalue']}"

    submissions = list(folder.glob(f"{name}_*.zip"))
    assert len(submissions) == 1, (
        f"{name}: the export cell should write one zip, found {submissions}"
    )
    results = tmp_path / "results"
    results.mkdir()
    run = subprocess.run(
        [
            str(Path(sys.executable).parent / "otter"),
            "run",
            "-a",
            str(built[name].autograder_zip),
            "-o",
            str(results),
            str(submissions[0]),
        ],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    scored = [
        test
        for test in json.loads((results / "results.json").read_text())["tests"]
        if "max_score" in test
    ]
    earned, possible = (
        sum(test["score"] for test in scored),
        sum(test["max_score"] for test in scored),
    )
    assert possible > 0 and earned == possible, (
        f"{name}: the answered notebook earned {earned} of {possible}\n{run.stdout}"
    )
