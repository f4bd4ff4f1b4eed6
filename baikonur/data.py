"""Load the book's data tables, validated against their description.

Every table under ``data/`` is described in ``data/datapackage.json`` (a Frictionless Data
Package: fields, types, units, allowed values, primary key, sources, licences). This module is
the only way chapters read data:

* :func:`load_table` returns one table as a typed pandas DataFrame (integers, floats, dates as
  ``datetime64``, categorical columns as ``pandas.Categorical`` with the allowed values as their
  categories);
* :func:`validate_package` checks every table with the ``frictionless`` validator and checks
  that every ``source_key`` is a key of ``references.bib``. Any problem raises one
  :class:`DataValidationError` naming the file, line, column, what is wrong and how to fix it.

This is the one place that knows where the book's files are: the data folder is wherever the
environment variable ``BAIKONUR_DATA_DIR`` points, else the copy packed inside an installed wheel
(``baikonur/content/data``, see :mod:`baikonur.book.portable`), else the repository's
``<repository>/data``; ``references.bib``, ``quizzes/`` and ``chapters/`` are its siblings. The
packed copy was validated by the book build that packed it, so it is not validated again (and
``frictionless`` need not be installed where the wheel is used).

It is not for analysis (see :mod:`baikonur.launches` and :mod:`baikonur.economics`), for
editing tables, or for fetching anything from the network.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
from pathlib import Path

import pandas as pd

DATA_DIR_ENV = "BAIKONUR_DATA_DIR"
PACKED_CONTENT = Path(__file__).resolve().parent / "content"
DESCRIPTOR = "datapackage.json"
VALIDATED_ENV = "BAIKONUR_VALIDATED"
MAX_PROBLEMS_PER_FILE = 20

_BIBTEX_KEY = re.compile(
    r"^\s*@\s*(?!comment\b|preamble\b|string\b)\w+\s*\{\s*([^,\s]+)\s*,",
    re.IGNORECASE | re.MULTILINE,
)
_TYPE_HINTS = {
    "integer": "write a whole number such as 12 (no decimals, units or thousands separators)",
    "number": "write a plain number such as 115.0 (a dot for decimals; no units or thousands separators)",
    "date": "write the date as YYYY-MM-DD, e.g. 2013-07-02 (for a month or a year, use its first day)",
    "string": "write text",
}
_validated: dict[tuple[str, str], dict] = {}
_tables: dict[tuple[str, str, str], pd.DataFrame] = {}


class DataValidationError(ValueError):
    """A data file does not match its description in ``data/datapackage.json``."""


def data_dir() -> Path:
    """The folder holding ``datapackage.json`` and the CSV tables."""
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override).expanduser().resolve()
    if (PACKED_CONTENT / "data").is_dir():
        return PACKED_CONTENT / "data"
    return Path(__file__).resolve().parent.parent / "data"


def bibliography_path() -> Path:
    """``references.bib`` in the folder above the data folder."""
    return data_dir().parent / "references.bib"


def quizzes_dir() -> Path:
    """The quiz banks, ``quizzes/`` beside the data folder."""
    return data_dir().parent / "quizzes"


def chapters_dir() -> Path:
    """The chapters, ``chapters/`` beside the data folder (quiz banks name their section labels)."""
    return data_dir().parent / "chapters"


def toc_pages(toc: Path | None = None) -> list[str]:
    """Every page of the book in the order of ``_toc.yml`` (beside the data folder by default), as a
    docname such as ``chapters/history``, the root page first."""
    import yaml

    path = toc or data_dir().parent / "_toc.yml"
    toc_document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    pages: list[str] = [str(toc_document["root"])] if "root" in toc_document else []

    def walk(entries) -> None:
        for entry in entries or []:
            if "file" in entry:
                pages.append(str(Path(str(entry["file"])).with_suffix("")))
            walk(entry.get("sections"))
            walk(entry.get("chapters"))

    for part in toc_document.get("parts", []):
        walk(part.get("chapters"))
    walk(toc_document.get("chapters"))
    return pages


def toc_chapters(toc: Path | None = None) -> list[str]:
    """The book's chapters, in order: the names of the ``chapters/`` pages listed in ``_toc.yml``.
    ``_toc.yml`` is the one list of chapters; the tests, the answer keys and the data checks all
    take it from here."""
    return [Path(page).name for page in toc_pages(toc) if page.startswith("chapters/")]


def bibliography_keys(path: Path | None = None) -> set[str]:
    """The entry keys of a BibTeX file (``references.bib`` by default)."""
    bib = path or bibliography_path()
    if not bib.is_file():
        raise DataValidationError(
            f"{bib.name}: file not found at {bib}. Fix: create it next to the data folder."
        )
    return set(_BIBTEX_KEY.findall(bib.read_text(encoding="utf-8")))


def list_tables() -> list[str]:
    """Names of the tables described in ``datapackage.json``, in the order listed there."""
    return [resource["name"] for resource in _read_descriptor(data_dir())["resources"]]


def validate_package() -> None:
    """Validate every table; raise one :class:`DataValidationError` listing all problems."""
    _validated_descriptor(data_dir())


def load_table(name: str) -> pd.DataFrame:
    """Return table ``name`` as a typed DataFrame, after validating the whole package."""
    directory = data_dir()
    descriptor = _validated_descriptor(directory)
    resources = {resource["name"]: resource for resource in descriptor["resources"]}
    if name not in resources:
        raise KeyError(f"no table named {name!r}; the tables are: {', '.join(resources)}")
    cache_key = (str(directory), inputs_digest(directory), name)
    if cache_key not in _tables:
        _tables[cache_key] = _typed_frame(
            directory / resources[name]["path"], resources[name]["schema"]
        )
    return _tables[cache_key].copy()


def _typed_frame(path: Path, schema: dict) -> pd.DataFrame:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
    for field in schema["fields"]:
        name, kind = field["name"], field["type"]
        constraints = field.get("constraints", {})
        if "enum" in constraints:
            frame[name] = pd.Categorical(frame[name], categories=constraints["enum"])
        elif kind == "integer":
            frame[name] = frame[name].astype("int64" if constraints.get("required") else "Int64")
        elif kind == "number":
            frame[name] = pd.to_numeric(frame[name]).astype("float64")
        elif kind == "date":
            frame[name] = pd.to_datetime(frame[name], format="%Y-%m-%d")
    return frame


def _read_descriptor(directory: Path) -> dict:
    path = directory / DESCRIPTOR
    label = _relative(directory, DESCRIPTOR)
    try:
        descriptor = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataValidationError(
            f"{label}: file not found in {directory}. Fix: set {DATA_DIR_ENV} to the data folder."
        ) from None
    except json.JSONDecodeError as error:
        raise DataValidationError(
            f"{label}, line {error.lineno}: not valid JSON ({error.msg})."
        ) from None
    if not isinstance(descriptor.get("resources"), list):
        raise DataValidationError(f'{label}: has no list of "resources".')
    return descriptor


def _relative(directory: Path, filename: str) -> str:
    return f"{directory.name}/{filename}"


def inputs_digest(directory: Path | None = None) -> str:
    """One hash of everything a chapter reads besides its own source.

    It covers the data folder, the quiz banks, the bibliography and this package's code, so it
    changes whenever a glued number, a quiz or a validation rule could. The book build uses it to
    re-read every page after such a change (Sphinx only notices changes to the pages themselves),
    and this module to validate each version of the files once per build.
    """
    directory = directory or data_dir()
    roots = [directory, directory.parent / "quizzes", Path(__file__).resolve().parent]
    files = [
        path
        for root in roots
        if root.is_dir()
        for path in sorted(root.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    ]
    files.append(directory.parent / "references.bib")
    digest = hashlib.sha256()
    for path in files:
        digest.update(str(path.relative_to(path.parents[1])).encode())
        digest.update(path.read_bytes() if path.exists() else b"<missing>")
    return digest.hexdigest()


def _validated_descriptor(directory: Path) -> dict:
    """Validate once per process and version of the files (validation takes a few seconds).

    The book build validates before any chapter runs and passes the digest of what it checked to
    the kernels it starts (``BAIKONUR_VALIDATED``), so they do not validate the same files again.
    """
    digest = inputs_digest(directory)
    key = (str(directory), digest)
    if key not in _validated:
        descriptor = _read_descriptor(directory)
        if os.environ.get(VALIDATED_ENV) != digest and directory != PACKED_CONTENT / "data":
            _check(directory, descriptor)
        _validated[key] = descriptor
    return _validated[key]


def _check(directory: Path, descriptor: dict) -> None:
    import frictionless

    bib_keys = bibliography_keys(directory.parent / "references.bib")
    reports = []
    for resource_descriptor in descriptor["resources"]:
        label = _relative(directory, resource_descriptor.get("path", "?"))
        if not (directory / resource_descriptor.get("path", "?")).is_file():
            reports.append(
                _format(
                    label,
                    [f"file not found. Fix: restore it, or remove its entry from {DESCRIPTOR}."],
                )
            )
            continue
        try:
            resource = frictionless.Resource(resource_descriptor, basepath=str(directory))
            report = resource.validate(limit_errors=MAX_PROBLEMS_PER_FILE + 1)
            errors = report.errors + [error for task in report.tasks for error in task.errors]
            if any(error.type.endswith("-label") for error in errors):
                # A wrong header makes every row too long or too short; report the header only.
                errors = [
                    error for error in errors if error.type not in ("missing-cell", "extra-cell")
                ]
            problems = [_describe(error, resource.schema) for error in errors]
        except frictionless.FrictionlessException as error:
            problems = [
                f"{_relative(directory, DESCRIPTOR)} describes it wrongly: {error.error.message}"
            ]
        problems += _unknown_source_keys(
            directory / resource_descriptor["path"], resource_descriptor, bib_keys
        )
        problems += _unknown_chapters(
            directory / resource_descriptor["path"],
            resource_descriptor,
            directory.parent / "_toc.yml",
        )
        if problems:
            reports.append(_format(label, problems))
    if reports:
        raise DataValidationError("invalid data:\n" + "\n".join(reports))


def _describe(error, schema) -> str:
    """One line for one frictionless error: where, what, and how to fix it."""
    kind = error.type
    row = getattr(error, "row_number", None)
    field = getattr(error, "field_name", None) or getattr(error, "label", None)
    cell = getattr(error, "cell", None)
    where = (
        f'line {row}, column "{field}"'
        if row and field
        else (f"line {row}" if row else "line 1 (header)")
    )
    if kind == "type-error":
        field_type = schema.get_field(field).type
        return f'{where}: "{cell}" is not a valid {field_type}. Fix: {_TYPE_HINTS.get(field_type, "correct the value")}.'
    if kind == "constraint-error":
        return (
            f'{where}: "{cell or ""}" is {_constraint_rule(schema.get_field(field), error.note)}.'
        )
    if kind in ("primary-key", "unique-error"):
        keys = schema.primary_key if kind == "primary-key" else [field]
        values = ", ".join(f"{key} = {error.cells[schema.field_names.index(key)]}" for key in keys)
        first = re.search(r"position (\d+)", error.note)
        earlier = f" (already on line {first.group(1)})" if first else ""
        return (
            f'line {row}, column "{keys[0]}": duplicate key {values}{earlier}. '
            "Fix: make the key unique or delete the repeated row."
        )
    if kind == "missing-cell":
        return f"{where}: the cell is missing (the row has too few values). Fix: add the value, or an empty cell for an optional column."
    if kind == "extra-cell":
        return f"line {row}: the row has more values than the header has columns. Fix: quote values that contain commas."
    if kind == "blank-row":
        return f"line {row}: the row is blank. Fix: delete it."
    expected = ", ".join(schema.field_names)
    if kind.endswith("-label"):
        return f"line 1 (header), column {error.field_number}: {_label_problem(error)}. Fix: the header must be exactly: {expected}."
    return f"{where}: {error.message}"


def _label_problem(error) -> str:
    if error.type == "incorrect-label":
        return f'the header says "{error.label}" where "{error.field_name}" is expected (renamed or reordered column)'
    if error.type == "missing-label":
        return f'column "{error.field_name}" is missing'
    if error.type == "extra-label":
        return f'column "{error.label}" is not described in datapackage.json'
    if error.type == "duplicate-label":
        return f'column "{error.label}" appears twice'
    return f'column "{error.field_name}" has a blank name'


def _constraint_rule(field, note: str) -> str:
    constraints = field.constraints
    if "required" in note:
        return "the column is required. Fix: fill in the cell"
    if "enum" in note:
        allowed = ", ".join(f'"{value}"' for value in constraints["enum"])
        return f"not an allowed value. Fix: use one of {allowed} (exact spelling and case)"
    if "minimum" in note or "maximum" in note:
        low, high = constraints.get("minimum", "-inf"), constraints.get("maximum", "inf")
        return f"out of range. Fix: use a value from {low} to {high}"
    if "pattern" in note:
        return f"badly formed. Fix: match the pattern {constraints['pattern']} (lower-case letters, digits and separators)"
    return f"{note}. Fix: correct the value"


def _unknown_source_keys(path: Path, resource: dict, bib_keys: set[str]) -> list[str]:
    """Every cell of a *source_key column, and every table-level source key, must be a bibliography key."""
    problems = [
        f'the table\'s source key "{key}" is not in references.bib. Fix: add an entry with that key to references.bib.'
        for key in resource.get("source_keys", [])
        if key not in bib_keys
    ]
    key_columns = [
        field["name"]
        for field in resource["schema"]["fields"]
        if field["name"].endswith("source_key")
    ]
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        for row in reader:
            for column in key_columns:
                value = row.get(column) or ""
                if value and value not in bib_keys:
                    problems.append(
                        f'line {reader.line_num}, column "{column}": "{value}" is not a key in references.bib. '
                        "Fix: use an existing key, or append an entry for it to references.bib."
                    )
    return problems


def _unknown_chapters(path: Path, resource: dict, toc: Path) -> list[str]:
    """Every cell of a column named ``chapter`` must name a chapter of ``_toc.yml``, the one list of
    chapters (so a new chapter needs no edit here). Without ``_toc.yml`` there is nothing to check."""
    if (
        not any(field["name"] == "chapter" for field in resource["schema"]["fields"])
        or not toc.is_file()
    ):
        return []
    chapters = toc_chapters(toc)
    problems = []
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        for row in reader:
            value = row.get("chapter") or ""
            if value and value not in chapters:
                problems.append(
                    f'line {reader.line_num}, column "chapter": "{value}" is not a chapter of _toc.yml. '
                    f"Fix: use one of {', '.join(chapters)}, or add the chapter to _toc.yml."
                )
    return problems


def _format(label: str, problems: list[str]) -> str:
    shown = problems[:MAX_PROBLEMS_PER_FILE]
    more = len(problems) - len(shown)
    lines = [
        f"{label}: {len(problems)} problem{'s' if len(problems) > 1 else ''}"
        if not more
        else f"{label}: more than {len(shown)} problems"
    ]
    lines += [f"  - {label}, {problem}" for problem in shown]
    if more:
        lines.append(f"  - {label}: further problems not shown; fix these first.")
    return "\n".join(lines)
