"""The book-build machinery: Sphinx extensions, the bibliography style and the assignment builder.

Chapter authors never import from here; ``_config.yml``, the Makefile and the tests do.
"""
