"""The book-build machinery: Sphinx extensions, the bibliography style, the assignment builder and
the print edition.

Chapter authors never import from here; ``_config.yml``, the Makefile and the tests do.
"""


def jupyter_book() -> str:
    """The ``jupyter-book`` program beside the running Python (the project's ``.venv``), else the
    one on the PATH: what the Makefile, the editions, the catalogs and the tests build with."""
    import sys
    from pathlib import Path

    beside = Path(sys.executable).parent / "jupyter-book"
    return str(beside) if beside.exists() else "jupyter-book"


def strict_build_command(root, *options: str) -> list[str]:
    """``jupyter-book build <root>`` as CI builds: warnings are errors (``-W -n``), reported all
    at once (``--keep-going``), followed by ``options``."""
    return [jupyter_book(), "build", str(root), "-W", "-n", "--keep-going", *options]
