"""Citation styles for the book's bibliography.

Two small adjustments to what sphinxcontrib-bibtex and pybtex offer, registered by
:mod:`baikonur.book.sphinx_ext`:

* ``author_year_round``: author-year citations in round brackets, "(McDowell, 2025)", as readers of
  the social sciences expect (the stock author-year style uses square brackets);
* ``book``: pybtex's ``plain`` style, sorted by author and year, but keeping titles as the source
  wrote them. ``plain`` lower-cases titles, which mangles names such as GCAT, TASS or Proton-M,
  and pybtex prints LaTeX's ``\\$`` literally ("Russia to pay \\$1.1m"), although it decodes
  ``\\&``, ``\\%`` or ``\\_``; this style shows a plain dollar sign.

It also finds entries whose citations would read alike, such as two TASS reports of one year
(:func:`ambiguous_citations`); the build refuses them until their years carry letters.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pybtex.database import Entry, parse_file
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


def unescape_dollars(value: str) -> str:
    """Replace LaTeX's ``\\$``, which pybtex renders literally, by a plain dollar sign.

    pybtex decodes the other escapes BibTeX needs (``\\&``, ``\\%``, ``\\#``, ``\\_``) by itself,
    and leaves a bare ``$`` as it is.
    """
    return value.replace(r"\$", "$")


class CasePreservingStyle(PlainStyle):
    """pybtex's plain style without lower-casing titles, and with ``\\$`` shown as ``$``."""

    def format_title(self, e, which_field, as_sentence=True):
        title = bib_field(which_field)
        return sentence[title] if as_sentence else title

    def format_entry(self, label, entry, bib_data=None):
        fields = {name: unescape_dollars(value) for name, value in entry.fields.items()}
        plain = Entry(entry.type, fields=fields, persons=entry.persons)
        plain.key = entry.key
        return super().format_entry(label, plain, bib_data=bib_data)


def register() -> None:
    register_bibtex_plugin(
        "sphinxcontrib.bibtex.style.referencing",
        "author_year_round",
        RoundAuthorYearStyle,
        force=True,
    )
    register_pybtex_plugin("pybtex.style.formatting", "book", CasePreservingStyle, force=True)


def citation_label(entry) -> tuple[str, str]:
    """The (authors, year) pair an author-year citation shows for a pybtex entry."""
    persons = entry.persons.get("author") or entry.persons.get("editor") or []
    names = [" ".join(person.last_names) for person in persons]
    if len(names) > 2:
        authors = f"{names[0]} et al."
    elif names:
        authors = " and ".join(names)
    else:
        authors = entry.fields.get("organization", entry.fields.get("title", ""))
    return authors.replace("{", "").replace("}", ""), entry.fields.get("year", "")


def ambiguous_citations(bibfile: Path) -> list[str]:
    """Describe every group of entries whose author-year citations would read the same.

    Readers could not tell "(TASS, 2025)" from "(TASS, 2025)"; the fix is a letter after the year
    ("2025a", "2025b") in each entry of the group.
    """
    bibliography = parse_file(str(bibfile))
    groups: dict[tuple[str, str], list[str]] = {}
    for key, entry in bibliography.entries.items():
        groups.setdefault(citation_label(entry), []).append(key)
    return [
        f"{bibfile.name}: entries {', '.join(keys)} would all be cited as ({authors}, {year}); "
        f"add a letter to each year ({year}a, {year}b, ...)"
        for (authors, year), keys in groups.items()
        if len(keys) > 1
    ]
