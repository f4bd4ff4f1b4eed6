"""``glue`` for the chapters, wherever they run.

In the book build (and in any Jupyter where myst-nb is installed) this is myst-nb's ``glue``: the
value is recorded under its name for ``{glue:text}`` in the prose. In a downloaded notebook, in
Colab or on a school hub, myst-nb is absent and a glued value is plain output: shown when
``display`` is true, nothing at all otherwise (the number is already shown by the visible cell
above). It is not a way to store values between notebooks.
"""

from __future__ import annotations

from typing import Any


def glue(name: str, variable: Any, display: bool = True) -> None:
    """Record ``variable`` as ``name`` for the book; outside the build, show it if ``display``."""
    try:
        from myst_nb import glue as record
    except ImportError:
        if display:
            from IPython.display import display as show

            show(variable)
        return
    record(name, variable, display)
