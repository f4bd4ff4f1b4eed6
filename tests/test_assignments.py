"""The classroom assignments: they build, hide what they must, grade as they should, and work for a student.

The slow tests share one build of every assignment (``built``), which is itself the first proof:
``otter assign`` grades each solution against every test, public and hidden, and the build fails
unless it earns full marks. The student's side is tested on the history assignment: its notebook is
copied to a folder outside the repository, answered (one answer wrong on purpose), run, exported
and graded, as in the instructor guide.
"""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import jupytext
import nbformat
import pandas as pd
import pytest
import yaml
from nbclient import NotebookClient

from baikonur.book import assignments
from conftest import REPO, chapter_files

NAMES = assignments.assignment_names()
CHAPTERS = [path.stem for path in chapter_files()]
HIDDEN_TEST = re.compile(r"^\s*#\s*HIDDEN\b", re.IGNORECASE)


def master_notebook(name: str) -> nbformat.NotebookNode:
    return jupytext.read(assignments.master_path(name))


def raw_blocks(notebook: nbformat.NotebookNode, marker: str) -> list[str]:
    return [
        cell.source
        for cell in notebook.cells
        if cell.cell_type == "raw" and cell.source.lstrip().startswith(marker)
    ]


def cells_between(
    notebook: nbformat.NotebookNode, begin: str, end: str
) -> list[nbformat.NotebookNode]:
    """Cells between raw ``begin`` and ``end`` marker cells (for solutions and tests)."""
    inside, found = False, []
    for cell in notebook.cells:
        if cell.cell_type == "raw" and cell.source.strip() == begin:
            inside = True
        elif cell.cell_type == "raw" and cell.source.strip() == end:
            inside = False
        elif inside:
            found.append(cell)
    return found


def solution_fragments(notebook: nbformat.NotebookNode) -> list[str]:
    """Distinctive pieces of solution code and of sample written answers in a master."""
    fragments = []
    for cell in cells_between(notebook, "# BEGIN SOLUTION", "# END SOLUTION"):
        if cell.cell_type == "markdown":
            fragments.extend(
                line.strip() for line in cell.source.splitlines() if len(line.strip()) > 30
            )
            continue
        in_block = False
        for line in cell.source.splitlines():
            stripped = line.strip()
            if stripped.startswith("# BEGIN SOLUTION"):
                in_block = True
                continue
            if stripped == "# END SOLUTION":
                in_block = False
                continue
            if in_block or re.search(r"#\s*SOLUTION", line):
                code = re.sub(r"#\s*SOLUTION( NO PROMPT)?\s*$", "", line).strip()
                code = code.split("=", 1)[1].strip() if re.match(r"^[\w\s,]+=[^=]", code) else code
                if len(code) > 20:
                    fragments.append(code)
    return fragments


def graded_total(results) -> tuple[float, float]:
    return float(results.total), float(results.possible)


# ---------------------------------------------------------------------------------------------
# Fast checks of the masters themselves


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_each_chapter_has_an_assignment_whose_config_bears_its_name(chapter):
    """otter names the student's zip and the autograder after the config's ``name``; a master
    copied from another chapter (or the template) and not renamed would hand in the wrong file."""
    import yaml

    notebook = master_notebook(chapter)
    config = next(
        cell
        for cell in notebook.cells
        if cell.cell_type == "raw" and "# ASSIGNMENT CONFIG" in cell.source
    )
    assert yaml.safe_load(config.source)["name"] == chapter
    assert f"`{chapter}.ipynb`" in "".join(
        cell.source for cell in notebook.cells if cell.cell_type == "markdown"
    )


@pytest.mark.parametrize("name", NAMES)
def test_each_master_has_four_to_six_questions_with_assert_tests_some_hidden(name):
    notebook = master_notebook(name)
    questions = raw_blocks(notebook, "# BEGIN QUESTION")
    assert 4 <= len(questions) <= 6, f"{name}: {len(questions)} questions, expected 4 to 6"
    test_cells = [
        cell
        for cell in cells_between(notebook, "# BEGIN TESTS", "# END TESTS")
        if cell.cell_type == "code"
    ]
    assert test_cells, f"{name} has no tests"
    for cell in test_cells:
        assert "assert " in cell.source, f"{name}: a test cell without an assert:\n{cell.source}"
    hidden = [cell for cell in test_cells if HIDDEN_TEST.match(cell.source)]
    assert hidden, f"{name} has no hidden tests"
    config = raw_blocks(notebook, "# ASSIGNMENT CONFIG")
    assert len(config) == 1 and f"name: {name}" in config[0], (
        f"{name}: the config must name the assignment {name!r}"
    )


@pytest.mark.parametrize("name", NAMES)
def test_each_master_loads_data_only_through_load_table(name):
    code = "\n".join(
        cell.source for cell in master_notebook(name).cells if cell.cell_type == "code"
    )
    assert "load_table(" in code
    for forbidden in ("read_csv", "open(", "data/", "BAIKONUR_DATA_DIR"):
        assert forbidden not in code, (
            f"{name} reads data with {forbidden!r}; use baikonur.data.load_table"
        )


def test_grading_requirements_pin_the_installed_versions():
    pins = dict(requirement.split("==") for requirement in assignments.grading_requirements())
    assert pins["pandas"] == pd.__version__
    assert {"matplotlib", "pyyaml", "jsonschema", "frictionless"} <= set(pins)


def test_an_unknown_assignment_is_refused_with_the_known_names(capsys):
    assert assignments.main(["build", "no-such-assignment"]) == 1
    message = capsys.readouterr().err
    assert "no-such-assignment" in message and "history" in message


# ---------------------------------------------------------------------------------------------
# The build, and what it hands out


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> dict[str, assignments.BuiltAssignment]:
    """Every assignment built once, with otter assign grading each solution against every test."""
    output = tmp_path_factory.mktemp("assignments-dist")
    return {result.name: result for result in assignments.build_all(output)}


@pytest.mark.slow
def test_every_assignment_builds_and_its_solution_passes_every_test(built):
    assert sorted(built) == NAMES
    for result in built.values():
        assert result.student_notebook.is_file()
        assert result.solution_notebook.is_file()
        assert zipfile.is_zipfile(result.autograder_zip)


@pytest.mark.slow
@pytest.mark.parametrize("name", NAMES)
def test_student_notebook_carries_no_solution_code_and_no_hidden_tests(built, name):
    student = nbformat.read(built[name].student_notebook, as_version=4)
    student_text = "\n".join(cell.source for cell in student.cells) + json.dumps(student.metadata)

    leaked = [
        fragment
        for fragment in solution_fragments(master_notebook(name))
        if fragment in student_text
    ]
    assert not leaked, f"{name}: solution text in the student notebook: {leaked[:3]}"
    for marker in ("# SOLUTION", "BEGIN SOLUTION", "# HIDDEN", "Sample answer"):
        assert marker not in student_text, f"{name}: {marker!r} in the student notebook"

    solution = nbformat.read(built[name].solution_notebook, as_version=4)
    hidden_names = [
        match.group(1)
        for source in solution.metadata["otter"]["tests"].values()
        for match in re.finditer(r"hidden=True\)\s*\ndef (\w+)", source)
    ]
    assert hidden_names, f"{name}: expected hidden tests in the solution notebook's metadata"
    for test_name in hidden_names:
        assert not re.search(rf"\b{test_name}\b", student_text), (
            f"{name}: hidden test {test_name} in the student notebook"
        )
    assert "hidden=True" not in json.dumps(student.metadata)
    answer_cells = [
        cell for cell in student.cells if "otter_answer_cell" in cell.metadata.get("tags", [])
    ]
    assert answer_cells and all(
        "..." in cell.source or cell.cell_type == "markdown" for cell in answer_cells
    ), f"{name}: every answer cell should leave a blank (...) to fill in"


@pytest.mark.slow
def test_autograder_zip_carries_the_package_the_data_and_pinned_requirements(built):
    with zipfile.ZipFile(built["history"].autograder_zip) as archive:
        names = set(archive.namelist())
        environment = archive.read("environment.yml").decode()
    assert {
        "files/baikonur/data.py",
        "files/data/datapackage.json",
        "files/references.bib",
    } <= names
    assert "files/data/launches_by_year.csv" in names
    assert "python=3.11" in environment
    assert f"pandas=={pd.__version__}" in environment
    assert any(name.startswith("tests/q") for name in names)


# ---------------------------------------------------------------------------------------------
# Grading


@pytest.mark.slow
@pytest.mark.parametrize("name", NAMES)
def test_blank_student_notebook_does_not_earn_full_marks(built, name):
    from otter.api import grade_submission

    results = grade_submission(
        str(built[name].student_notebook), str(built[name].autograder_zip), quiet=True
    )
    earned, possible = graded_total(results)
    assert possible > 0
    assert earned < possible, f"{name}: a blank notebook earned {earned} of {possible}"


@pytest.mark.slow
@pytest.mark.parametrize("name", NAMES)
def test_solution_earns_full_marks_under_otter_run(built, name, tmp_path):
    otter = Path(sys.executable).parent / "otter"
    run = subprocess.run(
        [
            str(otter),
            "run",
            "-a",
            str(built[name].autograder_zip),
            "-o",
            str(tmp_path),
            str(built[name].solution_notebook),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    scored = [
        test
        for test in json.loads((tmp_path / "results.json").read_text())["tests"]
        if "max_score" in test
    ]
    earned = sum(test["score"] for test in scored)
    possible = sum(test["max_score"] for test in scored)
    assert possible > 0 and earned == possible, (
        f"{name}: the solution earned {earned} of {possible}\n{run.stdout}"
    )


# A wrong answer of the right kind for each graded variable: a year one off, a number 10% off, the
# next letter, another rocket family, a table or Series with its numbers changed, a function whose
# results are off. Appended to the solution cell that assigns the variable.
WRONG = textwrap.dedent(
    """
    def _wrong(value):
        import numbers

        import pandas as pd

        if isinstance(value, bool):
            return not value
        if isinstance(value, numbers.Integral):
            return value - 1
        if isinstance(value, numbers.Real):
            return value * 1.1 + 0.5
        if isinstance(value, str):
            if value in ("a", "b", "c", "d"):
                return "abcd"[("abcd".index(value) + 1) % 4]
            return "Zenit" if value != "Zenit" else "Proton"
        if isinstance(value, pd.Timestamp):
            return value + pd.Timedelta(days=1)
        if isinstance(value, list):
            return [item + 10 for item in value[:-1]]
        if isinstance(value, pd.Series):
            return value * 1.1 + 0.5
        if isinstance(value, pd.DataFrame):
            changed = value.copy()
            for column in changed.select_dtypes("number").columns:
                changed[column] = changed[column] * 1.1 + 0.5
            return changed.iloc[:-1]
        if callable(value):
            return lambda *args, **kwargs: value(*args, **kwargs) * 1.1 + 0.5
        return value
    """
)


def graded_variables(notebook: nbformat.NotebookNode) -> set[str]:
    """Every variable a test of the assignment takes (from the tests kept in the solution notebook)."""
    names = set()
    for source in notebook.metadata["otter"]["tests"].values():
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.FunctionDef):
                names.update(argument.arg for argument in node.args.args)
    return names


def answered(built_assignment, folder: Path, name: str, wrong: bool) -> Path:
    """The solution notebook with the student's name typed in, and every graded answer made wrong."""
    notebook = nbformat.read(built_assignment.solution_notebook, as_version=4)
    graded = graded_variables(notebook)
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        if cell.source.startswith(assignments.NAME_VARIABLE):
            cell.source = f"{assignments.NAME_VARIABLE} = {name!r}"
        elif wrong and "otter_assign_solution_cell" in cell.metadata.get("tags", []):
            body = ast.parse(cell.source).body
            assigned = [
                target.id
                for node in body
                if isinstance(node, ast.Assign)
                for target in node.targets
                if isinstance(target, ast.Name) and target.id in graded
            ] + [
                node.name
                for node in body
                if isinstance(node, ast.FunctionDef) and node.name in graded
            ]
            cell.source += "".join(
                f"\n{variable} = _wrong({variable})" for variable in dict.fromkeys(assigned)
            )
    if wrong:
        notebook.cells.insert(0, nbformat.v4.new_code_cell(WRONG))
    path = folder / f"{'wrong' if wrong else 'right'}.ipynb"
    nbformat.write(notebook, path)
    return path


@pytest.mark.slow
@pytest.mark.parametrize("name", NAMES)
def test_a_wrong_answer_scores_zero_for_its_question_and_the_feedback_hides_the_answers(
    built, name, tmp_path
):
    submissions = tmp_path / "submissions"
    submissions.mkdir()
    answered(built[name], submissions, "Әлия Сейітова", wrong=True)
    answered(built[name], submissions, "Ada Lovelace", wrong=False)
    grades = tmp_path / "grades"
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "baikonur.book.assignments",
            "grade",
            name,
            str(submissions),
            "--autograder",
            str(built[name].autograder_zip),
            "--output",
            str(grades),
        ],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert (grades / "final_grades.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    table = pd.read_csv(grades / "final_grades.csv", encoding="utf-8-sig").set_index("file")
    questions = [column for column in table.columns if re.fullmatch(r"q\d+", column)]
    assert len(questions) >= 3
    wrong, right, possible = (
        table.loc["wrong.ipynb"],
        table.loc["right.ipynb"],
        table.loc["points-per-question"],
    )
    assert (wrong["student_name"], right["student_name"]) == ("Әлия Сейітова", "Ada Lovelace")
    for question in questions:
        assert possible[question] > 0
        assert wrong[question] == 0, (
            f"{name} {question}: a wrong answer earned {wrong[question]} of {possible[question]}"
        )
        assert right[question] == possible[question], (
            f"{name} {question}: the right answer lost points"
        )

    feedback = (grades / "wrong.txt").read_text(encoding="utf-8")
    assert feedback.startswith("Student: Әлия Сейітова")
    for question in questions:
        assert f"{question}: 0 of {possible[question]:g} points" in feedback
    assert "A hidden test found that" in feedback
    solution = nbformat.read(built[name].solution_notebook, as_version=4)
    hidden_lines = {
        line.strip()
        for source in solution.metadata["otter"]["tests"].values()
        for block in source.split("@test_case(")[1:]
        if "hidden=True" in block.split(")", 1)[0]
        for line in block.splitlines()
        if line.strip().startswith("assert ")
    }
    assert hidden_lines, f"{name}: no hidden test lines found to compare with"
    shown = [line for line in hidden_lines if line in feedback]
    assert not shown, f"{name}: the feedback prints hidden tests: {shown[:2]}"
    assert "All test cases passed" not in feedback and "q1 - " not in feedback


def test_submission_name_is_read_from_a_notebook_or_an_export_zip_without_running_it(tmp_path):
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_markdown_cell("student_name = 'not code'"),
        nbformat.v4.new_code_cell("raise SystemExit('never run')"),
        nbformat.v4.new_code_cell('student_name = "  Бекзат Әлиев "'),
    ]
    path = tmp_path / "history.ipynb"
    nbformat.write(notebook, path)
    assert assignments.submission_name(path) == "Бекзат Әлиев"
    with zipfile.ZipFile(tmp_path / "history_2026.zip", "w") as archive:
        archive.write(path, "history.ipynb")
    assert assignments.submission_name(tmp_path / "history_2026.zip") == "Бекзат Әлиев"
    notebook.cells = notebook.cells[:2]
    nbformat.write(notebook, path)
    assert assignments.submission_name(path) == ""


@pytest.mark.parametrize("name", NAMES)
def test_each_master_asks_for_the_name_and_gives_form_checks_no_points(name):
    notebook = master_notebook(name)
    assert any(
        cell.cell_type == "code" and cell.source.strip() == 'student_name = ""'
        for cell in notebook.cells
    )
    tests_of, question, in_tests = {}, None, False
    for cell in notebook.cells:
        source = cell.source.strip()
        if cell.cell_type == "raw" and source.startswith("# BEGIN QUESTION"):
            question = yaml.safe_load(source.split("\n", 1)[1])
            tests_of[question["name"]] = (question, [])
        elif cell.cell_type == "raw" and source in ("# BEGIN TESTS", "# END TESTS"):
            in_tests = source == "# BEGIN TESTS"
        elif in_tests and cell.cell_type == "code":
            tests_of[question["name"]][1].append(source)
    form_checks = 0
    for question_name, (config, tests) in tests_of.items():
        if config.get("manual"):
            continue
        points = config["points"]
        assert isinstance(points, list) and len(points) == len(tests), (
            f"{name} {question_name}: one entry per test"
        )
        assert sum(points) > 0
        for worth, test in zip(points, tests, strict=True):
            if re.search(
                r"def test_\w+_(is_a_letter|are_numbers|types|are_percentages|is_a_range|are_whole_years|"
                r"names_are_families|is_a_list_of_decades|numbers|is_a_whole_number|is_a_year_of_the_table|"
                r"is_a_percentage)\(",
                test,
            ):
                assert worth == 0, (
                    f"{name} {question_name}: a test of an answer's form is worth {worth}"
                )
                form_checks += 1
    assert form_checks >= 3, f"{name}: expected form checks worth nothing"


# ---------------------------------------------------------------------------------------------
# The student's side, end to end (history)

WRONG_Q1 = "reliability = by_year\ndecades_baikonur_better = [1960]\n"


@pytest.fixture(scope="session")
def student_run(built, tmp_path_factory) -> dict:
    """The history notebook answered outside the repository (q1 wrong on purpose), run and exported."""
    folder = tmp_path_factory.mktemp("student")
    assert REPO not in folder.parents
    notebook_path = folder / "history.ipynb"
    shutil.copyfile(built["history"].student_notebook, notebook_path)

    solution = nbformat.read(built["history"].solution_notebook, as_version=4)
    solved = [
        cell.source
        for cell in solution.cells
        if cell.cell_type == "code"
        and "otter_assign_solution_cell" in cell.metadata.get("tags", [])
    ]
    student = nbformat.read(notebook_path, as_version=4)
    blanks = [
        cell
        for cell in student.cells
        if cell.cell_type == "code" and "otter_answer_cell" in cell.metadata.get("tags", [])
    ]
    assert len(blanks) == len(solved)
    for blank, answer in zip(blanks, solved, strict=True):
        blank.source = answer
    blanks[0].source = WRONG_Q1
    nbformat.write(student, notebook_path)

    environment = {key: value for key, value in os.environ.items() if key != "BAIKONUR_DATA_DIR"}
    client = NotebookClient(
        nbformat.read(notebook_path, as_version=4),
        timeout=300,
        kernel_name="python3",
        resources={"metadata": {"path": str(folder)}},
    )
    executed = client.execute(env=environment)
    nbformat.write(executed, folder / "executed.ipynb")
    outputs = {}
    for cell in executed.cells:
        if cell.cell_type == "code" and cell.source.startswith("grader."):
            outputs[cell.source.strip()] = "\n".join(
                output.get("text", "") or output.get("data", {}).get("text/plain", "")
                for output in cell.outputs
            )
    return {"folder": folder, "outputs": outputs, "notebook": executed}


@pytest.mark.slow
def test_student_notebook_runs_outside_the_repository_and_finds_the_data(student_run):
    errors = [
        output
        for cell in student_run["notebook"].cells
        if cell.cell_type == "code"
        for output in cell.outputs
        if output.output_type == "error"
    ]
    assert not errors, f"the student notebook raised: {errors[0]['ename']}: {errors[0]['evalue']}"
    first_table = next(
        cell for cell in student_run["notebook"].cells if "by_year.head()" in cell.source
    )
    assert "baikonur_attempts" in first_table.outputs[0]["data"]["text/plain"]


@pytest.mark.slow
def test_grader_check_gives_feedback(student_run):
    wrong = student_run["outputs"]['grader.check("q1")']
    assert "reliability should have one row per decade" in wrong, wrong
    right = student_run["outputs"]['grader.check("q2")']
    assert "q2 results: All test cases passed!" in right, right


@pytest.mark.slow
def test_exported_submission_is_graded_from_a_folder_with_otter_run(built, student_run, tmp_path):
    zips = list(student_run["folder"].glob("history_*.zip"))
    assert len(zips) == 1, "grader.export() should write one submission zip next to the notebook"
    submissions = tmp_path / "submissions"
    submissions.mkdir()
    shutil.copy(zips[0], submissions / "student-a.zip")
    shutil.copy(built["history"].student_notebook, submissions / "student-b.ipynb")

    grades = tmp_path / "grades"
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "baikonur.book.assignments",
            "grade",
            "history",
            str(submissions),
            "--autograder",
            str(built["history"].autograder_zip),
            "--output",
            str(grades),
        ],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    table = pd.read_csv(grades / "final_grades.csv", encoding="utf-8-sig").set_index("file")
    possible = table.loc["points-per-question"]
    answered = table.loc["student-a.zip"]
    assert answered["q1"] < possible["q1"], "the wrong q1 should lose points"
    for question in ("q2", "q3", "q4"):
        assert answered[question] == possible[question], f"{question} was answered correctly"
    assert table.loc["student-b.ipynb", "total_points_earned"] < possible["total_points_earned"]
    assert (grades / "student-a.txt").is_file()


# ---------------------------------------------------------------------------------------------
# The book: published notebooks and links to them

MINIMAL_CONF = textwrap.dedent(
    """
    extensions = ["myst_parser", "baikonur.book.assignments_ext"]
    exclude_patterns = ["_build"]
    """
)
LINKING_PAGE = textwrap.dedent(
    """
    # A chapter

    Download [the notebook](../assignments/history.ipynb), or [a missing one](../assignments/no-such.ipynb).
    """
)


@pytest.mark.slow
def test_sphinx_extension_publishes_notebooks_and_resolves_only_real_links(tmp_path):
    source = tmp_path / "src"
    (source / "chapters").mkdir(parents=True)
    (source / "conf.py").write_text(MINIMAL_CONF)
    (source / "index.md").write_text("# Index\n\n```{toctree}\nchapters/page\n```\n")
    (source / "chapters" / "page.md").write_text(LINKING_PAGE)
    output = tmp_path / "html"
    run = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-n", "-q", str(source), str(output)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr
    for name in NAMES:
        published = output / "assignments" / f"{name}.ipynb"
        assert published.is_file(), f"{name}.ipynb was not published"
        assert "otter" in nbformat.read(published, as_version=4).metadata
    html = (output / "chapters" / "page.html").read_text()
    assert 'href="../assignments/history.ipynb"' in html
    assert "no-such.ipynb" in run.stderr, (
        "a link to an assignment that does not exist must still warn"
    )
    assert "history.ipynb" not in run.stderr


@pytest.mark.build
@pytest.mark.parametrize("chapter", CHAPTERS)
def test_each_chapter_assignment_section_links_its_own_published_student_notebook(
    book_html, chapter
):
    from bs4 import BeautifulSoup

    soup = BeautifulSoup((book_html / "chapters" / f"{chapter}.html").read_text(), "html.parser")
    section = soup.find(id="assignment")
    assert section is not None, f"{chapter} has no Assignment section"
    links = [a["href"] for a in section.find_all("a", href=True) if a["href"].endswith(".ipynb")]
    assert links, f"the Assignment section of {chapter} links no student notebook"
    assert f"../assignments/{chapter}.ipynb" in links, f"{chapter} should link its own assignment"
    for href in links:
        target = (book_html / "chapters" / href).resolve()
        assert target.is_file(), f"{chapter} links {href}, which the build did not publish"
        assert "otter" in nbformat.read(target, as_version=4).metadata
