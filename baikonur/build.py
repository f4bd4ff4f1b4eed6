"""Tell code whether it runs inside the book build, and whether that build is for print.

The static book has no kernel, so anything interactive (quiz widgets, sliders) must render as
plain HTML there. The Sphinx extension :mod:`baikonur.sphinx_ext` sets an environment variable
that the kernels it starts inherit; a student's own Jupyter session never has it. The print
edition (:mod:`baikonur.book.pdf`) sets another, so that figures drawn as images are sharp on paper.
"""

import os

BOOK_BUILD_ENV = "BAIKONUR_BOOK_BUILD"
PRINT_BUILD_ENV = "BAIKONUR_PRINT_BUILD"


def in_book_build() -> bool:
    """Return True while Jupyter Book is executing the chapters to build the static site."""
    return os.environ.get(BOOK_BUILD_ENV) == "1"


def image_dpi() -> int:
    """Resolution for figures rendered to PNG: 300 dpi for print, 110 (sharp but light) on screen."""
    return 300 if os.environ.get(PRINT_BUILD_ENV) == "1" else 110
