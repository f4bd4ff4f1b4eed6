"""The chapter template is a working chapter, and ``_toc.yml`` is the only list of chapters.

The fast tests check the template's three files (chapter, quiz bank, assignment) against the rules
the real chapters meet. The slow test follows CONTRIBUTING.md on a scratch copy of the repository:
it copies the three templates under a new chapter's name, adds one line to ``_toc.yml`` and edits
nothing else, then runs the chapter tests there (one book build of the copy), so that neither the
template nor a hand-kept list of chapters can drift from what the book and its tests expect.
"""

from __future__ import annotations

import filecmp
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jupytext
import pytest

from conftest import REPO, make_quiz_project

PLACEHOLDER = "chapter-name"
NEW_CHAPTER = "launch-record"
TEMPLATES = {
    "chapters/_template.md": "chapters/{name}.md",
    "quizzes/_template.yml": "quizzes/{name}.yml",
    "assignments/_template/_template.md": "assignments/{name}/{name}.md",
}
"""Each template and where CONTRIBUTING.md tells an author to copy it."""

#: The tests that go through every chapter of _toc.yml, run on the copy that has a fifth chapter.
CHAPTER_TESTS = [
    "tests/test_build.py",
    "tests/test_glue.py",
    "tests/test_quiz_book.py",
    "tests/test_quiz_bank.py",
    "tests/test_quiz_answers.py",
    "tests/test_assignments.py",
    "tests/test_launch_buttons.py",
    "tests/test_figures.py",
    "tests/test_sources.py",
    "tests/test_bibliography.py",
    "tests/test_data.py",
]
IGNORED = shutil.ignore_patterns(
    ".git",
    ".venv",
    "_build",
    "node_modules",
    "dist",
    "__pycache__",
    ".pytest_cache",
    ".ruff_cache",
    "*.egg-info",
)


def add_chapter_from_template(root: Path, name: str) -> list[Path]:
    """Do what CONTRIBUTING.md's steps ask of a new chapter: copy the three templates, replace the
    placeholder name, and list the chapter in _toc.yml after the last chapter. Returns the new files."""
    created = []
    for template, target in TEMPLATES.items():
        path = root / target.format(name=name)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            (root / template).read_text(encoding="utf-8").replace(PLACEHOLDER, name),
            encoding="utf-8",
        )
        created.append(path)
    toc = root / "_toc.yml"
    lines = toc.read_text(encoding="utf-8").splitlines(keepends=True)
    last = max(
        number for number, line in enumerate(lines) if line.strip().startswith("- file: chapters/")
    )
    indent = lines[last][: len(lines[last]) - len(lines[last].lstrip())]
    lines.insert(last + 1, f"{indent}- file: chapters/{name}\n")
    toc.write_text("".join(lines), encoding="utf-8")
    return created


# --- The template's own files, in the fast tier ----------------------------------------------------


def test_the_template_is_not_a_page_of_the_book_and_the_build_skips_it():
    import yaml

    config = yaml.safe_load((REPO / "_config.yml").read_text())
    assert config["only_build_toc_files"] is True
    assert "chapters/_template" not in (REPO / "_toc.yml").read_text()


def test_templates_are_not_counted_as_banks_or_assignments():
    from baikonur.book.assignments import assignment_names
    from baikonur.quiz.bank import bank_names

    assert not [name for name in bank_names() + assignment_names() if name.startswith("_")]


def test_the_template_bank_loads_against_the_template_chapter(tmp_path, monkeypatch):
    import yaml

    bank = yaml.safe_load(
        (REPO / "quizzes" / "_template.yml").read_text().replace(PLACEHOLDER, NEW_CHAPTER)
    )
    data_dir = make_quiz_project(tmp_path, {NEW_CHAPTER: bank})
    shutil.copytree(REPO / "data", data_dir, dirs_exist_ok=True)
    shutil.copy(REPO / "references.bib", tmp_path / "references.bib")
    monkeypatch.setenv("BAIKONUR_DATA_DIR", str(data_dir))
    chapter = (REPO / "chapters" / "_template.md").read_text().replace(PLACEHOLDER, NEW_CHAPTER)
    (tmp_path / "chapters" / f"{NEW_CHAPTER}.md").write_text(chapter)
    from baikonur.quiz.bank import load_bank

    loaded = load_bank(tmp_path / "quizzes" / f"{NEW_CHAPTER}.yml")
    assert 6 <= len(loaded.questions) <= 10
    assert {question.type for question in loaded.questions} == {
        "single",
        "multiple",
        "numeric",
        "ordering",
    }


def test_the_template_shows_the_book_s_own_ways():
    """What the chapters do, the template shows: glue from the package (a downloaded notebook has
    no myst-nb), colours from ``charts.colour``, its own assignment, and the chapters' sections."""
    notebook = jupytext.read(REPO / "chapters" / "_template.md")
    code = "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "code")
    text = "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")
    assert "from baikonur.glue import glue" in code and "myst_nb" not in code
    assert "charts.colour(" in code and "PALETTE" not in code
    assert f"../assignments/{PLACEHOLDER}.ipynb" in text
    headings = re.findall(r"^## (.+)$", text, re.MULTILINE)
    for chapter in sorted((REPO / "chapters").glob("[!_]*.md")):
        chapter_text = chapter.read_text(encoding="utf-8")
        shared = [heading for heading in headings if f"\n## {heading}\n" in chapter_text]
        assert {
            "Overview",
            "Learning objectives",
            "Exercises",
            "Quiz",
            "Assignment",
            "Summary",
        } <= set(shared), chapter.name
        assert "What's next" not in chapter_text and "What's next" not in text


# --- A fifth chapter, on a scratch copy ----------------------------------------------------------


@pytest.mark.build
@pytest.mark.slow
def test_a_chapter_made_from_the_template_passes_the_chapter_tests(tmp_path):
    copy = tmp_path / "repository"
    shutil.copytree(REPO, copy, ignore=IGNORED)
    created = add_chapter_from_template(copy, NEW_CHAPTER)

    # Nothing but _toc.yml and the new chapter's own files differs from the repository.
    changed = []
    for path in copy.rglob("*"):
        original = REPO / path.relative_to(copy)
        if (
            path.is_file()
            and path not in created
            and not filecmp.cmp(path, original, shallow=False)
        ):
            changed.append(path.relative_to(copy).as_posix())
    assert changed == ["_toc.yml"]

    env = {key: value for key, value in os.environ.items() if not key.startswith("BAIKONUR_")}
    env.update(PYTHONPATH=str(copy), BAIKONUR_DATA_DIR=str(copy / "data"), CI="")

    def pytest_in_copy(*arguments: str) -> str:
        run = subprocess.run(
            [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-v", "-rfE", *arguments],
            cwd=copy,
            env=env,
            capture_output=True,
            text=True,
            timeout=3600,
        )
        output = run.stdout + run.stderr
        assert run.returncode == 0, output[-6000:]
        return output

    # The build (once) and every test that goes through the chapters, without the browser.
    output = pytest_in_copy(*CHAPTER_TESTS, "-m", "not browser and not slow")
    # The new chapter run as a learner's notebook, outside the repository (a slow test, so by name).
    output += pytest_in_copy(
        f"tests/test_build.py::test_chapter_runs_as_a_notebook_outside_the_repository[{NEW_CHAPTER}]"
    )
    passed = set(re.findall(rf"::(\w+)\[{NEW_CHAPTER}\] PASSED", output))
    for test in (
        "test_every_chapter_page_carries_its_quiz_as_html",
        "test_instructor_guide_has_an_answer_key_made_from_each_bank",
        "test_each_chapter_assignment_section_links_its_own_published_student_notebook",
        "test_every_glue_call_is_alone_in_a_hidden_cell_with_a_literal_key",
        "test_each_chapter_has_an_assignment_whose_config_bears_its_name",
        "test_chapter_runs_as_a_notebook_outside_the_repository",
    ):
        assert test in passed, f"{test} did not run on the new chapter:\n{output[-3000:]}"
    # The launch-button tests' list of notebook pages took the chapter from _toc.yml.
    assert f"[chapters/{NEW_CHAPTER}] PASSED" in output

    # The new assignment builds, and its solution earns full marks under otter.
    graded = subprocess.run(
        [
            sys.executable,
            "-m",
            "baikonur.book.assignments",
            "build",
            NEW_CHAPTER,
            "--output",
            str(tmp_path / "dist"),
        ],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert graded.returncode == 0, graded.stdout[-3000:] + graded.stderr[-3000:]
