"""The machinery that builds the book: Sphinx extensions, bibliography styles and the print edition."""
