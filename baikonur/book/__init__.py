"""The book-build machinery: Sphinx extensions, the bibliography style, the assignment builder and
the print edition.

Chapter authors never import from here; ``_config.yml``, the Makefile and the tests do.
"""
