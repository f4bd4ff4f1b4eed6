"""Build and grade the classroom assignments.

Each chapter's assignment lives in ``assignments/<name>/<name>.md``: a MyST Markdown notebook in
otter-grader's master format (an ``# ASSIGNMENT CONFIG`` cell, then questions with solutions and
``assert``-based tests, some of them hidden). This module turns the masters into what a class uses:

* ``python -m baikonur.book.assignments build`` converts each master to ``.ipynb`` with jupytext and runs
  ``otter assign`` on it, writing to ``assignments/dist/<name>/``: ``student/<name>.ipynb`` (no
  solutions, no hidden tests) and ``autograder/<name>-autograder.zip`` (every test, plus a copy of
  this package and of ``data/`` so that a grading container needs no clone of the repository).
  ``otter assign`` grades the solutions against every test, so a build that succeeds proves that
  each solution earns full marks.
* ``python -m baikonur.book.assignments grade <name> <submissions>`` grades a folder of submissions
  with ``otter run`` (no Docker) and writes ``final_grades.csv`` in the same layout as
  ``otter grade``, with the ``student_name`` each student typed into the notebook, and one feedback
  file per submission (:func:`feedback_text`) that says which checks failed without printing the
  hidden tests' expected answers.

Points go to right answers only: each question's ``points`` list gives the tests that only check an
answer's form 0 points, so a wrong answer scores 0 for its question, and a question of separate
parts gives points for each part that is right (the rubric in the instructor guide says which).
* :func:`write_student_notebooks` is the fast path the book build uses (through
  :mod:`baikonur.book.assignments_ext`) to publish the student notebooks without running any test.

It is not a grader of its own: scores always come from otter-grader.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import importlib.metadata
import io
import re
import shutil
import sys
import tempfile
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import tomllib

import baikonur
from baikonur.data import bibliography_path, data_dir

PACKAGE_DIR = Path(baikonur.__file__).resolve().parent
REPO_ROOT = PACKAGE_DIR.parent
ASSIGNMENTS_DIR = REPO_ROOT / "assignments"
DIST_DIR = ASSIGNMENTS_DIR / "dist"

# Staged next to each converted master so the ASSIGNMENT CONFIG can name them: the package, the
# data and the bibliography (the loader checks every table's source keys against it) go into the
# autograder zip, and otter copies them beside the submission before grading; the requirements
# file tells `otter grade` what to install in its Docker image.
STAGED_PACKAGE = "baikonur"
STAGED_DATA = "data"
STAGED_BIBLIOGRAPHY = "references.bib"
STAGED_REQUIREMENTS = "requirements.txt"

_IGNORED_WHILE_COPYING = shutil.ignore_patterns("__pycache__", "*.pyc", ".ipynb_checkpoints")


class AssignmentBuildError(RuntimeError):
    """An assignment could not be built; the message names the assignment and what went wrong."""


@dataclass(frozen=True)
class BuiltAssignment:
    """Where one built assignment's files are."""

    name: str
    student_notebook: Path
    solution_notebook: Path
    autograder_zip: Path


def assignment_names() -> list[str]:
    """Names of the assignments, one per ``assignments/<name>/<name>.md`` master, sorted (a folder
    whose name starts with ``_`` holds a template, not an assignment)."""
    return sorted(
        folder.name
        for folder in ASSIGNMENTS_DIR.iterdir()
        if folder.is_dir()
        and not folder.name.startswith("_")
        and (folder / f"{folder.name}.md").is_file()
    )


def master_path(name: str) -> Path:
    """The MyST master of assignment ``name``; raises AssignmentBuildError naming the known ones."""
    path = ASSIGNMENTS_DIR / name / f"{name}.md"
    if not path.is_file():
        raise AssignmentBuildError(
            f"no assignment called {name!r}: expected {path}; known assignments: {', '.join(assignment_names())}"
        )
    return path


def grading_requirements() -> list[str]:
    """Pinned requirements for a grading image: this package's dependencies at the installed versions."""
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["project"]
    # The grading image reads the data from a copy of the repository, which it validates: it needs
    # the "validate" extra as well.
    needed = project.get("dependencies", []) + project.get("optional-dependencies", {}).get(
        "validate", []
    )
    pins = []
    for requirement in needed:
        name = re.split(r"[\s<>=!~;\[]", requirement, maxsplit=1)[0]
        try:
            pins.append(f"{name}=={importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            pins.append(requirement)
    return pins


def _stage(name: str, stage_dir: Path) -> Path:
    """Write the master as a notebook, with the package, data and requirements beside it."""
    import jupytext

    notebook = jupytext.read(master_path(name))
    notebook.metadata.pop("jupytext", None)
    staged_master = stage_dir / f"{name}.ipynb"
    jupytext.write(notebook, staged_master, fmt="ipynb")
    shutil.copytree(PACKAGE_DIR, stage_dir / STAGED_PACKAGE, ignore=_IGNORED_WHILE_COPYING)
    shutil.copytree(data_dir(), stage_dir / STAGED_DATA, ignore=_IGNORED_WHILE_COPYING)
    shutil.copyfile(bibliography_path(), stage_dir / STAGED_BIBLIOGRAPHY)
    (stage_dir / STAGED_REQUIREMENTS).write_text("\n".join(grading_requirements()) + "\n")
    return staged_master


def _run_otter_assign(staged_master: Path, result_dir: Path, run_tests: bool) -> str:
    """Run ``otter assign`` in this process; return its log, raise AssignmentBuildError on failure."""
    import otter.assign

    log = io.StringIO()
    try:
        with contextlib.redirect_stdout(log), contextlib.redirect_stderr(log):
            otter.assign.main(str(staged_master), str(result_dir), no_run_tests=not run_tests)
    except (
        Exception
    ) as error:  # otter raises plain exceptions; name the assignment and keep its log
        raise AssignmentBuildError(
            f"otter assign failed for {staged_master.stem}: {error}\n--- otter's output ---\n{log.getvalue()}"
        ) from error
    return log.getvalue()


def build_assignment(
    name: str, dist_dir: Path = DIST_DIR, *, run_tests: bool = True
) -> BuiltAssignment:
    """Build one assignment into ``dist_dir/<name>`` (replacing what was there).

    With ``run_tests`` (the default) ``otter assign`` runs the solution notebook against every
    test, public and hidden, and the build fails unless it earns full marks.
    """
    result_dir = Path(dist_dir).resolve() / name
    if result_dir.exists():
        shutil.rmtree(result_dir)
    result_dir.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=f"baikonur-{name}-") as stage:
        staged_master = _stage(name, Path(stage))
        _run_otter_assign(staged_master, result_dir, run_tests)

    autograder_dir = result_dir / "autograder"
    zips = sorted(autograder_dir.glob(f"{name}-autograder_*.zip"))
    if len(zips) != 1:
        raise AssignmentBuildError(
            f"expected one autograder zip in {autograder_dir}, found {len(zips)}"
        )
    autograder_zip = zips[0].rename(autograder_dir / f"{name}-autograder.zip")
    return BuiltAssignment(
        name=name,
        student_notebook=result_dir / "student" / f"{name}.ipynb",
        solution_notebook=autograder_dir / f"{name}.ipynb",
        autograder_zip=autograder_zip,
    )


def build_all(
    dist_dir: Path = DIST_DIR, *, names: Iterable[str] | None = None, run_tests: bool = True
) -> list[BuiltAssignment]:
    """Build every assignment (or those in ``names``); see :func:`build_assignment`."""
    return [
        build_assignment(name, dist_dir, run_tests=run_tests)
        for name in (names or assignment_names())
    ]


def write_student_notebooks(destination: Path) -> list[Path]:
    """Write each assignment's student notebook to ``destination/<name>.ipynb``, running no tests.

    This is the book build's fast path: the same ``otter assign`` transformation as a full build,
    so the published notebook is exactly the one a full build hands out.
    """
    destination = Path(destination)
    destination.mkdir(parents=True, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory(prefix="baikonur-student-") as scratch:
        for built in build_all(Path(scratch), run_tests=False):
            target = destination / built.student_notebook.name
            shutil.copyfile(built.student_notebook, target)
            written.append(target)
    return written


NAME_VARIABLE = "student_name"
"""The variable in the first cells of every assignment in which the student types their name."""


def _notebook_sources(submission: Path) -> list[str]:
    """The code cells of a submission: a notebook, or the zip ``grader.export()`` writes."""
    import nbformat

    if submission.suffix == ".zip":
        with zipfile.ZipFile(submission) as archive:
            inside = [
                name
                for name in archive.namelist()
                if name.endswith(".ipynb") and "/." not in f"/{name}"
            ]
            if not inside:
                return []
            notebook = nbformat.reads(archive.read(inside[0]).decode("utf-8"), as_version=4)
    else:
        notebook = nbformat.read(submission, as_version=4)
    return [cell.source for cell in notebook.cells if cell.cell_type == "code"]


def submission_name(submission: Path) -> str:
    """The name the student typed (``student_name = "..."``), read without running anything; "" if none."""
    try:
        sources = _notebook_sources(Path(submission))
    except (OSError, ValueError, zipfile.BadZipFile):
        return ""
    for source in sources:
        try:
            tree = ast.parse(source)
        except SyntaxError:
            continue
        for node in tree.body:
            if (
                isinstance(node, ast.Assign)
                and any(
                    isinstance(target, ast.Name) and target.id == NAME_VARIABLE
                    for target in node.targets
                )
                and isinstance(node.value, ast.Constant)
                and isinstance(node.value.value, str)
            ):
                return node.value.value.strip()
    return ""


def _points(value: float) -> str:
    return f"{value:g}"


def tested_variables(autograder_zip: Path) -> dict[str, list[list[str]]]:
    """For each question, the variables each of its test cases takes, in order, read from the
    autograder zip's ``tests/<question>.py``."""
    found: dict[str, list[list[str]]] = {}
    with zipfile.ZipFile(autograder_zip) as archive:
        for member in archive.namelist():
            if not (member.startswith("tests/") and member.endswith(".py")):
                continue
            tree = ast.parse(archive.read(member).decode("utf-8"))
            found[Path(member).stem] = [
                [argument.arg for argument in node.args.args]
                for node in tree.body
                if isinstance(node, ast.FunctionDef) and node.decorator_list
            ]
    return found


def feedback_text(
    graded, name: str = "", variables: dict[str, list[list[str]]] | None = None
) -> str:
    """Per-question feedback for one graded submission: points earned, each public check that
    failed with its message, and for a hidden check that failed only which answers it looked at
    (``variables``, from :func:`tested_variables`), never its code, whose expected values are the
    answers."""
    lines = [f"Student: {name or '(no name given in the notebook)'}"]
    for question, results in graded.results.items():
        lines.append("")
        lines.append(f"{question}: {_points(results.score)} of {_points(results.possible)} points")
        for number, result in enumerate(results.test_case_results):
            if result.passed:
                continue
            case = result.test_case
            if case.hidden:
                cases = (variables or {}).get(question, [])
                names = cases[number] if number < len(cases) else []
                checked = (
                    names[0]
                    if len(names) == 1
                    else f"at least one of {', '.join(names) or 'your answers'}"
                )
                lines.append(
                    f"  - A hidden test found that {checked} is not what the question asks for. "
                    "Check each step against the question and the chapter."
                )
            else:
                message = (result.message or "").replace("❌ Test case failed", "").strip()
                lines.append(
                    "  - A public test failed (run grader.check in the notebook to see it again):"
                )
                lines.extend(f"      {line}" for line in message.splitlines())
    return "\n".join(lines) + "\n"


STUDENT_NEEDS = {"otter-grader": "otter"}
"""What a student notebook needs besides the package (a requirement and the module it provides)."""


def student_requirements() -> dict[str, str]:
    """:data:`STUDENT_NEEDS` pinned at the versions installed here, for a student notebook's install cell."""
    pins = {}
    for requirement, module in STUDENT_NEEDS.items():
        try:
            pins[f"{requirement}=={importlib.metadata.version(requirement)}"] = module
        except importlib.metadata.PackageNotFoundError:
            pins[requirement] = module
    return pins


def add_install_cell(notebook_path: Path, cell: dict) -> None:
    """Put ``cell`` (the package's install cell) first in the student notebook at ``notebook_path``,
    so that a notebook downloaded from the book runs in a Jupyter that never saw the repository
    (Colab, a school's hub, a laptop). Replaces an install cell already there."""
    import json

    notebook = json.loads(Path(notebook_path).read_text())
    cells = [existing for existing in notebook["cells"] if existing.get("id") != cell["id"]]
    notebook["cells"] = [cell, *cells]
    Path(notebook_path).write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n")


def _submission_paths(paths: Sequence[Path]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.iterdir() if p.suffix in {".ipynb", ".zip"}))
        elif path.is_file():
            found.append(path)
        else:
            raise FileNotFoundError(f"no submission file or folder at {path}")
    if not found:
        raise FileNotFoundError(f"no .ipynb or .zip submissions in {', '.join(map(str, paths))}")
    return found


def grade_submissions(autograder_zip: Path, submissions: Sequence[Path], output_dir: Path):
    """Grade submissions with ``otter run`` (no Docker); write and return ``final_grades.csv``.

    ``submissions`` are notebooks or the zips ``grader.export()`` makes, or folders of them. Each
    is graded in its own temporary folder, exactly as ``otter run`` does; the scores table has one
    row per submission plus a first row of points possible, like ``otter grade``'s, and a
    ``student_name`` column. Beside it, ``<submission>.txt`` holds each submission's feedback.
    """
    from otter.api import grade_submission
    from otter.grade.utils import merge_scores_to_df

    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    results, names = [], {}
    variables = tested_variables(autograder_zip)
    for submission in _submission_paths([Path(p) for p in submissions]):
        graded = grade_submission(str(submission), str(autograder_zip), quiet=True)
        graded.file = submission.name
        results.append(graded)
        names[submission.name] = submission_name(submission)
        (output_dir / f"{submission.stem}.txt").write_text(
            feedback_text(graded, names[submission.name], variables), encoding="utf-8"
        )
    scores = merge_scores_to_df(results)
    scores.insert(
        scores.columns.get_loc("file") + 1, "student_name", scores["file"].map(names).fillna("")
    )
    # utf-8-sig: a byte-order mark, so that spreadsheet programs read names such as "Әлия" correctly.
    scores.to_csv(output_dir / "final_grades.csv", index=False, encoding="utf-8-sig")
    return scores


def _parse_arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m baikonur.book.assignments",
        description="Build and grade the classroom assignments.",
    )
    commands = parser.add_subparsers(dest="command", required=True)

    build = commands.add_parser("build", help="build student notebooks and autograder zips")
    build.add_argument("names", nargs="*", help="assignments to build (default: all)")
    build.add_argument(
        "--output", type=Path, default=DIST_DIR, help="output folder (default: assignments/dist)"
    )
    build.add_argument(
        "--no-run-tests",
        action="store_true",
        help="skip grading the solutions (faster, proves nothing)",
    )

    grade = commands.add_parser(
        "grade", help="grade a folder of submissions with otter run (no Docker)"
    )
    grade.add_argument("name", help="the assignment the submissions answer")
    grade.add_argument(
        "submissions", nargs="+", type=Path, help="submission zips or notebooks, or folders of them"
    )
    grade.add_argument(
        "--output", type=Path, default=Path("grades"), help="where to write final_grades.csv"
    )
    grade.add_argument(
        "--autograder", type=Path, help="autograder zip (default: the one in assignments/dist)"
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    arguments = _parse_arguments(argv)
    try:
        if arguments.command == "build":
            for name in arguments.names:
                master_path(name)
            for built in build_all(
                arguments.output, names=arguments.names, run_tests=not arguments.no_run_tests
            ):
                checked = (
                    "solution passes every test" if not arguments.no_run_tests else "tests not run"
                )
                print(f"{built.name}: {checked}")
                print(f"  hand out:  {built.student_notebook}")
                print(f"  autograde: {built.autograder_zip}")
        else:
            autograder = (
                arguments.autograder
                or DIST_DIR / arguments.name / "autograder" / f"{arguments.name}-autograder.zip"
            )
            if not autograder.is_file():
                raise AssignmentBuildError(
                    f"no autograder zip at {autograder}: run `python -m baikonur.book.assignments build {arguments.name}` first"
                )
            scores = grade_submissions(autograder, arguments.submissions, arguments.output)
            print(scores.to_string(index=False))
            for file, name in zip(scores["file"], scores["student_name"], strict=True):
                if file != "points-per-question" and not name:
                    print(
                        f"check {file}: no student_name in the notebook; ask the student who it is",
                        file=sys.stderr,
                    )
            print(f"\nwritten: {arguments.output / 'final_grades.csv'}")
    except (AssignmentBuildError, FileNotFoundError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
