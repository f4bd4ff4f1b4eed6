"""The quiz banks in the book's other editions: one YAML bank, one catalog per language.

A bank is written once, in English (``quizzes/<chapter>.yml``). Its text, the title and each
question's prompt, options, feedback, items, unit and explanation, is translated in
``locales/<language>/LC_MESSAGES/quizzes/<chapter>.po``: msgctxt is the question's id (``title``
for the title), msgid the English text, and a comment names the field. Ids, answers, tolerances and
section labels are never translated, so a translated quiz grades exactly as the English one.

:func:`bank_template` makes the template that ``python -m baikonur.book.catalogs update`` merges
into each language's catalog. :func:`translate_document` gives the bank's YAML document in another
language; :func:`baikonur.quiz.bank.load_bank` then validates it as it validates the English one,
give-away rules included, since translated options have other lengths. A message without a
translation stops the build with the catalog's name and the message: a quiz is never shown half
in English.

The section a question points back to is named by its heading, which the chapter's own catalog
(``locales/<language>/LC_MESSAGES/chapters/<chapter>.po``) translates.
"""

from __future__ import annotations

import copy
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from baikonur.i18n import locales

if TYPE_CHECKING:  # babel is needed to make or read a catalog, not where a notebook runs
    from babel.messages.catalog import Catalog

TITLE_CONTEXT = "title"
"""The msgctxt of a bank's title (question ids are the others)."""


def _fields(document: dict) -> list[tuple[str, str, tuple, str]]:
    """Every translatable text of a bank document: (msgctxt, comment, where in the document, text)."""
    found = [(TITLE_CONTEXT, "the quiz's title", ("title",), document["title"])]
    for number, question in enumerate(document["questions"]):
        qid = question["id"]
        at = ("questions", number)
        for field in ("prompt", "unit", "explanation"):
            if isinstance(question.get(field), str):
                found.append((qid, f"{field} of question {qid}", (*at, field), question[field]))
        for group, what in (("options", "option"), ("items", "item to put in order")):
            for index, choice in enumerate(question.get(group) or []):
                found.append(
                    (qid, f"{what} {choice['id']}", (*at, group, index, "text"), choice["text"])
                )
                if isinstance(choice.get("feedback"), str):
                    found.append(
                        (
                            qid,
                            f"feedback shown when option {choice['id']} is chosen (a wrong option)",
                            (*at, group, index, "feedback"),
                            choice["feedback"],
                        )
                    )
    return found


def bank_template(document: dict, source: str) -> Catalog:
    """The template (``.pot``) of one bank document; ``source`` is the bank's path for the
    catalog's locations (``quizzes/history.yml``)."""
    from babel.messages.catalog import Catalog

    catalog = Catalog(project="Baikonur book quizzes", charset="utf-8")
    for context, comment, _, text in _fields(document):
        existing = catalog.get(text, context=context)
        if existing is not None:
            existing.auto_comments.append(comment)
            continue
        catalog.add(text, context=context, auto_comments=[comment], locations=[(source, None)])
    return catalog


def catalog_path(bank: Path, code: str, folder: Path | None = None) -> Path:
    """``locales/<code>/LC_MESSAGES/quizzes/<bank>.po``."""
    return (folder or locales()) / code / "LC_MESSAGES" / "quizzes" / f"{Path(bank).stem}.po"


class TranslationMissing(LookupError):
    """A bank or a heading has no complete translation in the edition's catalog."""


@cache
def _read_catalog(path: Path, mtime: float) -> dict[tuple[str | None, str], str]:
    from babel.messages.pofile import read_po

    with path.open("rb") as handle:
        catalog = read_po(handle)
    return {
        (message.context, message.id): message.string
        for message in catalog
        if message.id and message.string and not message.fuzzy
    }


def read_translations(path: Path) -> dict[tuple[str | None, str], str]:
    """(msgctxt, msgid) -> translation for every translated, not fuzzy, message of ``path``."""
    return _read_catalog(path, path.stat().st_mtime)


def translate_document(document: dict, bank: Path, code: str, folder: Path | None = None) -> dict:
    """A copy of the bank ``document`` with every text from its catalog for ``code``; raises
    :class:`TranslationMissing` naming the catalog and every message it lacks."""
    path = catalog_path(bank, code, folder)
    if not path.exists():
        raise TranslationMissing(
            f"{bank}: the quiz has no catalog {path} for this edition; run `make catalogs` and "
            "translate it"
        )
    strings = read_translations(path)
    translated: dict[str, Any] = copy.deepcopy(document)
    missing = []
    for context, comment, where, text in _fields(document):
        value = strings.get((context, text))
        if value is None:
            missing.append(f"{comment} ({text[:50]!r})")
            continue
        target: Any = translated
        for step in where[:-1]:
            target = target[step]
        target[where[-1]] = value
    if missing:
        shown = "; ".join(missing[:5]) + (
            f"; and {len(missing) - 5} more" if len(missing) > 5 else ""
        )
        raise TranslationMissing(
            f"{path}: {len(missing)} message(s) of {bank} untranslated or fuzzy: {shown}. Translate "
            "them there (`make catalogs` brings new and changed English text into the catalog)"
        )
    return translated


def heading_translations(chapter: Path, code: str, folder: Path | None = None) -> dict[str, str]:
    """The chapter's headings as its page catalog translates them (English heading -> translation)."""
    path = (folder or locales()) / code / "LC_MESSAGES" / "chapters" / f"{chapter.stem}.po"
    if not path.exists():
        raise TranslationMissing(
            f"{chapter}: no catalog {path} to translate the section headings its quiz points to; "
            "run `make catalogs`"
        )
    return {msgid: text for (_, msgid), text in read_translations(path).items()}
