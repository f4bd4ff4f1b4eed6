"""Citation styles for the book's bibliography.

Two small adjustments to what sphinxcontrib-bibtex and pybtex offer, registered by
:mod:`baikonur.sphinx_ext`:

* ``author_year_round``: author-year citations in round brackets, "(McDowell, 2025)", as readers of
  the social sciences expect (the stock author-year style uses square brackets);
* ``book``: pybtex's ``plain`` style, sorted by author and year, but keeping titles as the source
  wrote them. ``plain`` lower-cases titles, which mangles names such as GCAT, TASS or Proton-M.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pybtex.plugin import register_plugin as register_pybtex_plugin
from pybtex.style.formatting.plain import Style as PlainStyle
from pybtex.style.template import field as bib_field
from pybtex.style.template import sentence
from sphinxcontrib.bibtex.plugin import register_plugin as register_bibtex_plugin
from sphinxcontrib.bibtex.style.referencing import BracketStyle
from sphinxcontrib.bibtex.style.referencing.author_year import AuthorYearReferenceStyle


def _round() -> BracketStyle:
    return BracketStyle(left="(", right=")")


@dataclass
class RoundAuthorYearStyle(AuthorYearReferenceStyle):
    """Author-year references in round brackets."""

    bracket_parenthetical: BracketStyle = field(default_factory=_round)
    bracket_textual: BracketStyle = field(default_factory=_round)
    bracket_author: BracketStyle = field(default_factory=_round)
    bracket_label: BracketStyle = field(default_factory=_round)
    bracket_year: BracketStyle = field(default_factory=_round)


class CasePreservingStyle(PlainStyle):
    """pybtex's plain style without lower-casing titles."""

    def format_title(self, e, which_field, as_sentence=True):
        title = bib_field(which_field)
        return sentence[title] if as_sentence else title


def register() -> None:
    register_bibtex_plugin("sphinxcontrib.bibtex.style.referencing", "author_year_round", RoundAuthorYearStyle, force=True)
    register_pybtex_plugin("pybtex.style.formatting", "book", CasePreservingStyle, force=True)
