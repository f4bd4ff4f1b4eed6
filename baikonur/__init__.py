"""Python behind the Baikonur Cosmodrome teaching module.

The top level holds what chapters and assignments import: loading and validating the data tables
(:mod:`baikonur.data`), launch statistics (:mod:`baikonur.launches`), the lease arithmetic
(:mod:`baikonur.economics`) and its scenario explorer (:mod:`baikonur.scenarios`), the 2013
disputes (:mod:`baikonur.disputes`) and the book's chart style (:mod:`baikonur.charts`). Two
subpackages serve other audiences: :mod:`baikonur.quiz` is the quiz engine (banks, grading, the
live widget and the static form) and :mod:`baikonur.book` the build machinery (Sphinx extensions,
bibliography style, assignment building). It is not a general space-data library: every function
serves a page of the book.
"""

import os

__version__ = "1.2.0"
RELEASE_DATE = "2026-12-07"
"""The edition: this version and date are printed on every page of the book (see
:mod:`baikonur.book.sphinx_ext`) and must match ``CITATION.cff`` and ``CHANGELOG.md``."""

BOOK_BUILD_ENV = "BAIKONUR_BOOK_BUILD"
"""Set to ``1`` by :mod:`baikonur.book.sphinx_ext` for the kernels the book build starts."""


def in_book_build() -> bool:
    """Return True while Jupyter Book is executing the chapters to build the static site.

    The static book has no kernel, so anything interactive (quiz widgets, sliders) renders as
    plain HTML there; a student's own Jupyter session never has the variable set.
    """
    return os.environ.get(BOOK_BUILD_ENV) == "1"
