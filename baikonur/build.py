"""Tell code whether it runs inside the book build.

The static book has no kernel, so anything interactive (quiz widgets, sliders) must render as
plain HTML there. The Sphinx extension :mod:`baikonur.sphinx_ext` sets an environment variable
that the kernels it starts inherit; a student's own Jupyter session never has it.
"""

import os

BOOK_BUILD_ENV = "BAIKONUR_BOOK_BUILD"


def in_book_build() -> bool:
    """Return True while Jupyter Book is executing the chapters to build the static site."""
    return os.environ.get(BOOK_BUILD_ENV) == "1"
