"""The book's editions (English, Russian, Kazakh) as code output sees them.

The book is written in English; the Russian and Kazakh editions are built from the same pages
with gettext catalogs in ``locales/<language>/LC_MESSAGES/``. Prose is translated by Sphinx, but
charts are code output: each edition executes its own notebooks, and the build tells the kernels
which edition they serve through the ``BAIKONUR_LANGUAGE`` environment variable (set by
:mod:`baikonur.book.editions` from the edition's ``language``, with ``BAIKONUR_LOCALES`` naming
the book's catalogs folder).

:func:`install_chart_translation` (called by :func:`baikonur.charts.apply_style`) makes every text
a chart sets (titles, labels, legends, annotations) go through the edition's ``charts.po`` at the
moment it is set, before matplotlib lays the figure out, and writes numbers the language's way
(``2 093``, ``92,0``). A msgid with ``{}`` matches text made with an f-string: ``"to Moscow, {} km"``
translates ``"to Moscow, 2,093 km"`` and keeps the number. In the English edition nothing changes.

With ``BAIKONUR_RECORD_CHART_TEXT=<file>`` every text a chart sets is appended to that file, one
JSON string a line: ``python -m baikonur.book.catalogs pot`` uses it to make ``charts.pot``.
"""

from __future__ import annotations

import json
import os
import re
from contextlib import contextmanager
from functools import cache
from pathlib import Path

LANGUAGE_ENV = "BAIKONUR_LANGUAGE"
"""Names the edition a kernel executes for (``en``, ``ru`` or ``kk``); unset means English."""

RECORD_ENV = "BAIKONUR_RECORD_CHART_TEXT"
"""A file to which every chart text is appended (to make the charts' catalog template)."""

SOURCE_LANGUAGE = "en"

EDITIONS = {"en": "English", "ru": "Русский", "kk": "Қазақша"}
"""Every edition of the book: its language code and the language's name in that language, in the
order the language switcher lists them. English is the source and sits at the site's root."""

LOCALES = Path(__file__).resolve().parent.parent / "locales"
"""The catalogs, beside the package in the repository (absent from a downloaded notebook's copy
of the package, which then stays in English)."""

LOCALES_ENV = "BAIKONUR_LOCALES"
"""Set by the book build to the book's own catalogs folder, which then takes the place of :data:`LOCALES`."""


def locales() -> Path:
    """The folder of catalogs the running code reads: the build's, or the repository's."""
    return Path(os.environ[LOCALES_ENV]) if os.environ.get(LOCALES_ENV) else LOCALES


@contextmanager
def running_edition(code: str, folder: Path | None = None):
    """Run the code inside as the ``code`` edition does (charts, quizzes), with the catalogs of
    ``folder`` (default: the repository's); the environment is restored afterwards."""
    saved = {name: os.environ.get(name) for name in (LANGUAGE_ENV, LOCALES_ENV)}
    os.environ[LANGUAGE_ENV], os.environ[LOCALES_ENV] = code, str(folder or LOCALES)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def language() -> str:
    """The edition the running code serves: ``BAIKONUR_LANGUAGE``, or English when unset."""
    code = os.environ.get(LANGUAGE_ENV) or SOURCE_LANGUAGE
    if code not in EDITIONS:
        raise ValueError(
            f"{LANGUAGE_ENV}={code!r} is not an edition of this book; use one of {', '.join(EDITIONS)} "
            f"(or leave it unset for English)"
        )
    return code


@cache
def _chart_catalog(code: str, folder: Path) -> tuple[dict[str, str], list[tuple[re.Pattern, str]]]:
    path = folder / code / "LC_MESSAGES" / "charts.po"
    exact: dict[str, str] = {}
    patterns: list[tuple[re.Pattern, str]] = []
    if not path.exists():
        return exact, patterns
    from babel.messages.pofile import read_po

    with path.open("rb") as handle:
        for message in read_po(handle):
            if not message.id or not message.string or message.fuzzy:
                continue
            if "{}" in message.id:
                regex = "^" + "(.+?)".join(map(re.escape, message.id.split("{}"))) + "$"
                patterns.append((re.compile(regex, re.S), message.string))
            else:
                exact[message.id] = message.string
    patterns.sort(key=lambda item: -len(item[0].pattern))
    return exact, patterns


# A number written Python's way: grouped with commas, or with a decimal point. Bare integers (years)
# are left alone, as the English text leaves them ungrouped.
_NUMBER = re.compile(
    r"(?<![\w.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\w])|(?<![\w.,])\d+\.\d+(?![\w.])"
)


def localize_number(text: str, code: str) -> str:
    """``text``, a number as Python's ``,`` and ``.Nf`` formats write it, in the language's own
    format: ``localize_number("2,093", "ru") == "2\\xa0093"``; ``"92.0"`` becomes ``"92,0"``."""
    if code == SOURCE_LANGUAGE:
        return text
    from babel.numbers import format_decimal

    negative = text.startswith(("-", "−"))
    digits = text.lstrip("-−")
    decimals = len(digits.split(".")[1]) if "." in digits else 0
    pattern = ("#,##0" if "," in digits else "0") + ("." + "0" * decimals if decimals else "")
    value = format_decimal(float(digits.replace(",", "")), format=pattern, locale=code)
    return ("−" if text.startswith("−") else "-") + value if negative else value


def localize_numbers(text: str, code: str) -> str:
    """Every grouped or decimal number in ``text`` written the language's way."""
    if code == SOURCE_LANGUAGE:
        return text
    return _NUMBER.sub(lambda match: localize_number(match.group(0), code), text)


def translate_chart_text(text: str, code: str, folder: Path | None = None) -> str:
    """``text`` as the edition's ``charts.po`` translates it (unchanged when it has no translation),
    with its numbers in the language's format."""
    if code == SOURCE_LANGUAGE or not text:
        return text
    exact, patterns = _chart_catalog(code, folder or locales())
    if text in exact:
        text = exact[text]
    else:
        for regex, translation in patterns:
            match = regex.match(text)
            if match:
                text = translation.format(*match.groups())
                break
    return localize_numbers(text, code)


_LETTERS = re.compile(r"[^\W\d_]{2}")


def install_chart_translation() -> None:
    """Route every chart text through the edition's catalog (and record it when asked).

    Idempotent; does nothing in the English edition unless recording."""
    code = language()
    record = os.environ.get(RECORD_ENV)
    if code == SOURCE_LANGUAGE and not record:
        return
    from matplotlib.text import Text

    original = getattr(Text.set_text, "_baikonur_original", Text.set_text)

    def set_text(self, s):
        if isinstance(s, str) and s:
            if record and _LETTERS.search(s):
                with open(record, "a", encoding="utf-8") as handle:
                    handle.write(json.dumps(s, ensure_ascii=False) + "\n")
            s = translate_chart_text(s, code)
        return original(self, s)

    set_text._baikonur_original = original
    Text.set_text = set_text
