"""The translation catalogs of the book's editions: make them, check them, and say which editions
are ready to publish.

    python -m baikonur.book.catalogs pot        # templates (.pot) from the English book, in _build/gettext
    python -m baikonur.book.catalogs update     # pot, then merge into locales/<lang>/LC_MESSAGES/ (sphinx-intl)
    python -m baikonur.book.catalogs status     # per catalog: messages, untranslated, words left
                                                # (--strict: exit 1 until nothing is left)
    python -m baikonur.book.catalogs check      # glue and cross-references written so they survive translation
    python -m baikonur.book.catalogs published  # the editions the site publishes

``make catalogs`` runs ``update``. The templates come from three places:

* Sphinx's gettext builder, one template per page (``gettext_compact: false``);
* figure alt text from code cells' ``mystnb.image.alt`` metadata, which the gettext builder does
  not extract, added to the page's template (applied by :mod:`baikonur.book.editions`);
* every text the charts set while the English book executes (``charts.pot``, recorded through
  ``BAIKONUR_RECORD_CHART_TEXT``; applied by :mod:`baikonur.i18n`);
* the quiz banks, one template per bank (``quizzes/<chapter>.pot``, applied by
  :mod:`baikonur.quiz.translation`), and the quiz's own words (``quiz.pot``, from
  :mod:`baikonur.quiz.words`).

The interface catalogs (``sphinx.po``, ``booktheme.po``, ``exercise.po``, ``baikonur.po``) are
written by hand: they translate the few strings Sphinx and the themes lack.

**The rule for publishing** (:func:`published_languages`, used by the Pages workflow and by the
language switcher): English always; another language once it has a catalog for every page of the
book and none of its catalogs has an untranslated or fuzzy message. Until then its edition builds
(``make book LANG=kk``) but stays out of the published site.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from baikonur.book import strict_build_command
from baikonur.i18n import EDITIONS, RECORD_ENV, SOURCE_LANGUAGE

REPO = Path(__file__).resolve().parents[2]
TRANSLATED = [code for code in EDITIONS if code != SOURCE_LANGUAGE]
ALT_COMMENT = "alt text of a figure (the code cell's mystnb.image.alt)"
UI_CATALOGS = ("sphinx", "booktheme", "exercise", "baikonur")


def toc_pages(root: Path = REPO) -> list[str]:
    """Every page of the book (``_toc.yml`` under ``root``), as a docname such as ``chapters/history``."""
    from baikonur.data import toc_pages as pages_in

    return pages_in(root / "_toc.yml")


def toc_captions(root: Path = REPO) -> dict[str, list[str]]:
    """The captions ``_toc.yml`` gives its parts ("Chapters", "Appendices"), by the page whose
    catalog holds them (the page whose toctrees they head: for a book, the landing page)."""
    from sphinx_external_toc.parsing import parse_toc_yaml

    site_map = parse_toc_yaml(root / "_toc.yml")
    captions = {}
    for docname in site_map:
        found = [tree.caption for tree in site_map[docname].subtrees if tree.caption]
        if found:
            captions[docname] = found
    return captions


def page_source(root: Path, docname: str) -> Path:
    for suffix in (".md", ".ipynb", ".rst"):
        if (root / f"{docname}{suffix}").exists():
            return root / f"{docname}{suffix}"
    raise FileNotFoundError(
        f"_toc.yml lists {docname!r}, but {root} has no {docname}.md, .ipynb or .rst"
    )


def alt_texts(source: Path) -> list[str]:
    """The alt text of every figure a code cell of ``source`` makes (``mystnb.image.alt``), with
    white space collapsed as Sphinx collapses it."""
    if source.suffix not in (".md", ".ipynb"):
        return []
    import jupytext

    if source.suffix == ".md" and "{code-cell}" not in source.read_text(encoding="utf-8"):
        return []  # a page without code cells makes no figures
    texts = []
    for cell in jupytext.read(source, fmt="md:myst" if source.suffix == ".md" else None).cells:
        if cell.cell_type != "code":
            continue
        image = (cell.metadata.get("mystnb") or {}).get("image") or {}
        alt = image.get("alt")
        if isinstance(alt, str) and alt.strip():
            texts.append(" ".join(alt.split()))
    return texts


def add_alt_texts(pot_dir: Path, root: Path = REPO) -> int:
    """Add every page's figure alt text to its template in ``pot_dir``; return how many were added."""
    from babel.messages.pofile import read_po, write_po

    added = 0
    for docname in toc_pages(root):
        texts = alt_texts(page_source(root, docname))
        if not texts:
            continue
        pot = pot_dir / f"{docname}.pot"
        with pot.open("rb") as handle:
            catalog = read_po(handle)
        for text in texts:
            if text not in catalog:
                catalog.add(
                    text,
                    locations=[(page_source(root, docname).relative_to(root).as_posix(), None)],
                    auto_comments=[ALT_COMMENT],
                )
                added += 1
        with pot.open("wb") as handle:
            write_po(handle, catalog, width=0, omit_header=False)
    return added


def write_chart_pot(recorded: Path, pot: Path) -> int:
    """``charts.pot`` from the texts recorded while the charts were drawn; return its size."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    catalog = Catalog(project="Baikonur book charts", charset="utf-8")
    if recorded.exists():
        for line in recorded.read_text(encoding="utf-8").splitlines():
            text = json.loads(line)
            if text not in catalog:
                catalog.add(text, auto_comments=["text drawn on a chart"])
    pot.parent.mkdir(parents=True, exist_ok=True)
    with pot.open("wb") as handle:
        write_po(handle, catalog, width=0)
    return len(catalog)


def write_quiz_templates(pot_dir: Path, root: Path = REPO) -> int:
    """``quizzes/<bank>.pot`` for every bank in ``root/quizzes`` and ``quiz.pot`` for the quiz's
    words; return how many messages they hold."""
    import yaml
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    from baikonur.quiz.translation import bank_template
    from baikonur.quiz.words import WORDS

    def write(catalog: Catalog, pot: Path) -> int:
        pot.parent.mkdir(parents=True, exist_ok=True)
        with pot.open("wb") as handle:
            write_po(handle, catalog, width=0)
        return len(catalog)

    count = 0
    for bank in sorted((root / "quizzes").glob("*.yml")):
        if bank.stem.startswith("_"):
            continue  # the template for new banks
        document = yaml.safe_load(bank.read_text(encoding="utf-8"))
        count += write(
            bank_template(document, bank.relative_to(root).as_posix()),
            pot_dir / "quizzes" / f"{bank.stem}.pot",
        )
    words = Catalog(project="Baikonur book quiz", charset="utf-8")
    for key, text in WORDS.items():
        words.add(
            text,
            context=key,
            auto_comments=["{name}: a value filled in; keep it as is"] if "{" in text else [],
        )
    return count + write(words, pot_dir / "quiz.pot")


def make_templates(output: Path, root: Path = REPO) -> Path:
    """Run the gettext build of the English book into ``output`` and complete its templates;
    return the folder of ``.pot`` files."""
    output = output.resolve()
    recorded = output / "chart-text.jsonl"
    output.mkdir(parents=True, exist_ok=True)
    recorded.unlink(missing_ok=True)
    # --all: every page is read and every notebook executed, so that every chart text is recorded.
    command = strict_build_command(
        root,
        "--all",
        "--builder",
        "custom",
        "--custom-builder",
        "gettext",
        "--path-output",
        str(output),
    )
    env = {**os.environ, RECORD_ENV: str(recorded), "BAIKONUR_LANGUAGE": SOURCE_LANGUAGE}
    result = subprocess.run(command, env=env, cwd=root)
    if result.returncode:
        raise SystemExit(
            f"the gettext build failed (exit {result.returncode}); see its output above"
        )
    pot_dir = output / "_build" / "gettext"
    # The strings of the templates (the interface): translated by hand in the interface catalogs,
    # which a merge with this template would turn obsolete.
    (pot_dir / "sphinx.pot").unlink(missing_ok=True)
    alts = add_alt_texts(pot_dir, root)
    charts = write_chart_pot(recorded, pot_dir / "charts.pot")
    quiz = write_quiz_templates(pot_dir, root)
    # The templates are dated by the edition they come from, not by the hour they were made, so
    # that `make catalogs` run twice on the same source changes no catalog.
    from baikonur import RELEASE_DATE

    for pot in pot_dir.rglob("*.pot"):
        text = pot.read_text(encoding="utf-8")
        pot.write_text(
            re.sub(
                r'"POT-Creation-Date: [^"]*\\n"',
                f'"POT-Creation-Date: {RELEASE_DATE} 00:00+0000\\\\n"',
                text,
                count=1,
            ),
            encoding="utf-8",
        )
    print(
        f"templates in {pot_dir}: {len(list(pot_dir.rglob('*.pot')))} files; {alts} alt texts, "
        f"{charts} chart texts, {quiz} quiz texts"
    )
    return pot_dir


def update_catalogs(pot_dir: Path, languages: list[str], root: Path = REPO) -> None:
    """Merge the templates into ``locales/<language>/LC_MESSAGES/`` (new messages empty, changed
    ones fuzzy), as sphinx-intl does for any Sphinx project."""
    command = [
        sys.executable,
        "-m",
        "sphinx_intl",
        "update",
        "-p",
        str(pot_dir),
        "-d",
        str(root / "locales"),
        "-w",
        "0",
        "-j",
        "1",
    ]
    for language in languages:
        command += ["-l", language]
    subprocess.run(command, check=True, cwd=root)
    for language in languages:
        for po in (root / "locales" / language / "LC_MESSAGES").rglob("*.po"):
            drop_python_format(po)


def drop_python_format(po: Path) -> None:
    """Take the ``python-format`` flag off every message: babel sets it on any English text with a
    "%" in it ("42% of the launches"), but no message of the book is a Python format string, and
    with the flag ``msgfmt -c`` rejects a correct translation such as the Kazakh "42%-ы"."""
    text = po.read_text(encoding="utf-8")

    def without(match: re.Match) -> str:
        flags = [
            flag.strip() for flag in match.group(1).split(",") if flag.strip() != "python-format"
        ]
        return f"#, {', '.join(flags)}\n" if flags else ""

    cleaned = re.sub(r"^#,([^\n]*)\n", without, text, flags=re.M)
    if cleaned != text:
        po.write_text(cleaned, encoding="utf-8")


@dataclass
class CatalogStatus:
    path: Path
    messages: int
    untranslated: int
    fuzzy: int
    words_left: int

    @property
    def complete(self) -> bool:
        return self.untranslated == 0 and self.fuzzy == 0


def catalog_status(path: Path) -> CatalogStatus:
    """Counts for one ``.po`` file: its messages, the untranslated and fuzzy ones, and the English
    words those still hold."""
    from babel.messages.pofile import read_po

    with path.open("rb") as handle:
        catalog = read_po(handle)
    messages = untranslated = fuzzy = words = 0
    for message in catalog:
        if not message.id:
            continue
        messages += 1
        strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
        ident = message.id[0] if isinstance(message.id, (list, tuple)) else message.id
        if not all(strings):
            untranslated += 1
            words += len(ident.split())
        elif message.fuzzy:
            fuzzy += 1
            words += len(ident.split())
    return CatalogStatus(path, messages, untranslated, fuzzy, words)


def language_status(language: str, root: Path = REPO) -> tuple[list[CatalogStatus], list[str]]:
    """Every catalog of ``language`` with its counts, and the pages that have no catalog yet."""
    folder = root / "locales" / language / "LC_MESSAGES"
    statuses = (
        [catalog_status(path) for path in sorted(folder.rglob("*.po"))] if folder.exists() else []
    )
    missing = [docname for docname in toc_pages(root) if not (folder / f"{docname}.po").exists()]
    return statuses, missing


def published_languages(root: Path = REPO) -> list[str]:
    """The editions the site publishes: English, and each language with a catalog for every page
    and no untranslated or fuzzy message in any of its catalogs."""
    root = Path(root)
    published = [SOURCE_LANGUAGE]
    for language in TRANSLATED:
        statuses, missing = language_status(language, root)
        if statuses and not missing and all(status.complete for status in statuses):
            published.append(language)
    return published


GLUE = re.compile(r"\{glue(?::text)?\}`([^`]*)`")
BLOCK_START = re.compile(r"(\d{1,9})([.)])(?=\s|$)|[-+*](?=\s)|#{1,6}(?=\s|$)|>")
"""How a Markdown block other than a paragraph begins (list item, heading, quote): a translation
that begins so is parsed into that block, and Sphinx, which expects a paragraph, keeps the English."""
ROLE = re.compile(r"\{(term|ref|numref|cite:p|cite:t|doc|eq|glue:text|glue)\}`")


def translation_problems(root: Path = REPO) -> list[str]:
    """Translations Sphinx would render wrongly or reject, each with its fix:

    * a glued value written the short way (``{glue:text}`key```) renders empty in a translation;
      it must be page-qualified, ``history.md::key:,``;
    * a page-qualified key without a format is read by myst-nb as the key ``history.md:``;
    * a different set of glued keys, or of cross-reference roles, than the English (Sphinx warns
      "inconsistent references", which fails the build);
    * a translation that begins like a Markdown list item, heading or quote ("1. Ортаны
      дайындау"): Sphinx parses it into that block, drops it and shows the English; the marker
      must be escaped ("1\\. Ортаны дайындау" in the ``.po`` file);
    * a caption of ``_toc.yml`` (the sidebar's "Chapters") without a translation in the catalog of
      the page that holds it, which leaves it in English on every page of the edition.
    """
    problems = _caption_problems(root)
    for language in TRANSLATED:
        folder = root / "locales" / language / "LC_MESSAGES"
        for path in sorted(folder.rglob("*.po")) if folder.exists() else []:
            docname = path.relative_to(folder).with_suffix("").as_posix()
            from babel.messages.pofile import read_po

            with path.open("rb") as handle:
                catalog = read_po(handle)
            for message in catalog:
                if not message.id or not message.string or isinstance(message.id, (list, tuple)):
                    continue
                where = f"{path.relative_to(root)}: {message.id[:60]!r}"
                source_keys = Counter(_glue_key(body) for body in GLUE.findall(message.id))
                target_keys = Counter(_glue_key(body) for body in GLUE.findall(message.string))
                if source_keys != target_keys:
                    problems.append(
                        f"{where}: glued values {sorted(source_keys)} in English but {sorted(target_keys)} in the translation"
                    )
                for body in GLUE.findall(message.string):
                    page, separator, rest = body.rpartition("::")
                    key, _, fmt = rest.partition(":")
                    if not separator:
                        problems.append(
                            f"{where}: {{glue:text}}`{body}` renders empty in a translation; write {{glue:text}}`{Path(docname).name}.md::{key}:{fmt or 'd'}`"
                        )
                    elif not fmt:
                        problems.append(
                            f"{where}: {{glue:text}}`{body}` has no format, so myst-nb reads the key as '{page}:'; add one, e.g. `{body}:d`"
                        )
                if Counter(ROLE.findall(message.id)) != Counter(ROLE.findall(message.string)):
                    problems.append(
                        f"{where}: the translation has other roles than the English ({sorted(ROLE.findall(message.string))})"
                    )
                start = BLOCK_START.match(message.string)
                if start and docname not in ("charts", *UI_CATALOGS):
                    escaped = (
                        f"{start.group(1)}\\\\{start.group(2)}"
                        if start.group(1)
                        else f"\\\\{start.group(0)}"
                    )
                    problems.append(
                        f'{where}: the translation begins with {start.group(0)!r}, which Markdown reads as a list item, heading or quote, so the page keeps the English; escape it in the .po file: msgstr "{escaped} …"'
                    )
    return problems


def _caption_problems(root: Path) -> list[str]:
    """Each caption of ``_toc.yml`` that a translated edition's catalog does not translate."""
    from babel.messages.pofile import read_po

    problems = []
    for docname, captions in toc_captions(root).items():
        for language in TRANSLATED:
            path = root / "locales" / language / "LC_MESSAGES" / f"{docname}.po"
            catalog = None
            if path.exists():
                with path.open("rb") as handle:
                    catalog = read_po(handle)
            for caption in captions:
                message = catalog.get(caption) if catalog is not None else None
                if message is None or not message.string or message.fuzzy:
                    state = "is not in" if message is None else "is untranslated in"
                    problems.append(
                        f"{path.relative_to(root)}: the _toc.yml caption msgid {caption!r} {state} this catalog, so the {language} sidebar shows it in English; "
                        + (
                            "run `make catalogs`, then translate it"
                            if message is None
                            else "translate it"
                        )
                    )
    return problems


def _glue_key(body: str) -> str:
    rest = body.rpartition("::")[2]
    return rest.partition(":")[0]


def print_status(languages: list[str], root: Path = REPO) -> int:
    """Print the counts per catalog; return the number of untranslated or fuzzy messages."""
    left = 0
    for language in languages:
        statuses, missing = language_status(language, root)
        print(
            f"{language}: {'published' if language in published_languages(root) else 'not published'}"
        )
        print(
            f"  {'catalog':<40} {'messages':>8} {'untranslated':>12} {'fuzzy':>6} {'words left':>10}"
        )
        for status in statuses:
            name = status.path.relative_to(root / "locales" / language / "LC_MESSAGES").as_posix()
            print(
                f"  {name:<40} {status.messages:>8} {status.untranslated:>12} {status.fuzzy:>6} {status.words_left:>10}"
            )
            left += status.untranslated + status.fuzzy
        total = (
            sum(s.messages for s in statuses),
            sum(s.untranslated for s in statuses),
            sum(s.fuzzy for s in statuses),
            sum(s.words_left for s in statuses),
        )
        print(f"  {'total':<40} {total[0]:>8} {total[1]:>12} {total[2]:>6} {total[3]:>10}")
        if missing:
            print(
                f"  pages without a catalog ({len(missing)}): {', '.join(missing)}; run `make catalogs`"
            )
    return left


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m baikonur.book.catalogs", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("command", choices=["pot", "update", "status", "check", "published"])
    parser.add_argument(
        "-l",
        "--language",
        action="append",
        choices=TRANSLATED,
        help="a translated edition (default: all)",
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=REPO / "_build" / "gettext",
        help="where the gettext build goes",
    )
    parser.add_argument(
        "--strict",
        action="store_true",
        help="status: exit 1 while a message is untranslated or fuzzy, or a page has no catalog",
    )
    args = parser.parse_args(argv)
    languages = args.language or TRANSLATED
    if args.command == "pot":
        make_templates(args.output)
    elif args.command == "update":
        update_catalogs(make_templates(args.output), languages)
        print_status(languages)
    elif args.command == "status":
        left = print_status(languages)
        missing_pages = sum(len(language_status(language)[1]) for language in languages)
        if args.strict and (left or missing_pages):
            print(f"{left} messages untranslated or fuzzy, {missing_pages} page catalogs missing")
            return 1
    elif args.command == "check":
        problems = translation_problems()
        print("\n".join(problems) or "no problems")
        return 1 if problems else 0
    elif args.command == "published":
        print(" ".join(published_languages()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
