"""Sphinx extension that publishes the assignments' student notebooks with the book.

At the start of an HTML build it makes each assignment's student notebook (the same ``otter
assign`` transformation as ``python -m baikonur.book.assignments build``, without running any test), and
when the build finishes it copies them to ``<html>/assignments/<name>.ipynb``. A chapter links its
notebook with a plain Markdown link relative to the chapter file::

    [history.ipynb](../assignments/history.ipynb)

No such file exists in the source tree (the masters hold solutions), so MyST would report the link
as a missing cross-reference; this extension resolves it first, to a download link to the
published copy, and leaves every other link alone. A link to an assignment that does not exist is
still reported.

It is not for building the autograder zips: instructors build those with the command above.
"""

from __future__ import annotations

import posixpath
import shutil
import tempfile
import time
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.osutil import relative_uri

from baikonur.book.assignments import (
    AssignmentBuildError,
    assignment_names,
    write_student_notebooks,
)

OUTPUT_FOLDER = "assignments"
"""Folder of the HTML output (and of link targets, relative to the source root) for the notebooks."""

logger = logging.getLogger(__name__)


def published_path(name: str) -> str:
    """Where assignment ``name``'s student notebook is published, relative to the HTML root."""
    return f"{OUTPUT_FOLDER}/{name}.ipynb"


class AssignmentLinkResolver(SphinxPostTransform):
    """Turn ``[text](<relative path>/assignments/<name>.ipynb)`` links into download links.

    Runs before MyST's own resolver (priority 9), which would otherwise warn that the target is
    missing.
    """

    default_priority = 5

    def run(self, **kwargs) -> None:
        published = {published_path(name) for name in assignment_names()}
        for node in list(self.document.findall(addnodes.pending_xref)):
            if node.get("reftype") != "myst" or node.get("refdomain"):
                continue
            target = node["reftarget"].split("#", 1)[0]
            refdoc = node.get("refdoc", self.env.docname)
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(refdoc), target))
            if resolved not in published:
                continue
            base = self.app.builder.get_target_uri(refdoc)
            link = addnodes.download_reference(
                "", "", refuri=relative_uri(base, resolved), classes=["assignment-notebook"]
            )
            link.extend(child.deepcopy() for child in node.children)
            if not link.astext().strip():
                link.append(
                    nodes.literal(posixpath.basename(resolved), posixpath.basename(resolved))
                )
            node.replace_self(link)


def _make_student_notebooks(app: Sphinx) -> None:
    if app.builder.format != "html":
        app.baikonur_student_notebooks = None
        return
    started = time.perf_counter()
    scratch = tempfile.TemporaryDirectory(prefix="baikonur-book-assignments-")
    try:
        written = write_student_notebooks(Path(scratch.name))
    except AssignmentBuildError as error:
        scratch.cleanup()
        raise ExtensionError(
            f"could not make the assignments' student notebooks: {error}"
        ) from error
    app.baikonur_student_notebooks = (scratch, written)
    names = ", ".join(path.stem for path in written)
    logger.info(
        f"[baikonur] student notebooks made in {time.perf_counter() - started:.1f} s: {names}"
    )


def _publish_student_notebooks(app: Sphinx, exception: Exception | None) -> None:
    made = getattr(app, "baikonur_student_notebooks", None)
    if made is None:
        return
    scratch, written = made
    try:
        if exception is None:
            target = Path(app.outdir) / OUTPUT_FOLDER
            target.mkdir(parents=True, exist_ok=True)
            for notebook in written:
                shutil.copyfile(notebook, target / notebook.name)
    finally:
        scratch.cleanup()


def setup(app: Sphinx) -> dict:
    app.setup_extension("baikonur.book.rubrics")  # the {assignment-rubric} directive
    app.add_post_transform(AssignmentLinkResolver)
    app.connect("builder-inited", _make_student_notebooks)
    app.connect("build-finished", _publish_student_notebooks)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
