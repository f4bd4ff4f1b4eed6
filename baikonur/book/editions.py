"""Sphinx extension: the book's editions (English, Russian, Kazakh) from one source.

The pages are written in English; each other edition is the same source built with
``language: ru`` or ``kk`` and the gettext catalogs in ``locales/<language>/LC_MESSAGES/``
(``python -m baikonur.book.catalogs`` makes and checks them; ``make book LANG=kk`` builds one
edition, ``make editions`` the site). This extension does what an edition needs beyond Sphinx's
own translation of the pages:

* tells the kernels which edition they execute for (``BAIKONUR_LANGUAGE``), so that charts take
  their text from the edition's catalog (see :mod:`baikonur.i18n`);
* translates the book's title and footer (``baikonur.po``);
* loads the project's catalogs for the interface strings that Sphinx, sphinx-book-theme,
  pydata-sphinx-theme and sphinx-exercise lack in this language (``sphinx.po``,
  ``booktheme.po``, ``exercise.po``), the search page's strings (``sphinx.js``, made from
  ``sphinx.po`` over Sphinx's own), and the project's own (``baikonur.po``: the search box, the
  code-cell toggles, the folded solutions' button and hints, the code cells' copy button where
  sphinx-copybutton lacks the language, the language switcher);
* translates the sidebar's captions ("Chapters", "Appendices"), which sphinx-external-toc writes
  from ``_toc.yml`` after Sphinx has translated the page that holds them, from that page's
  catalog (the landing page's, ``intro.po``; ``python -m baikonur.book.catalogs check`` fails
  while a caption is untranslated);
* gives the theme's and myst-nb's hard-coded English labels a translatable or no text: the
  print-only contents' ``aria-label="Page"`` (``editions_templates/layout.html``) and the label
  "Toggle hidden content" that myst-nb puts on a folded code cell's ``<summary>`` over its
  visible, translated prompt ("Show code cell source"), which then names it;
* rebuilds a page that draws charts when the edition's ``charts.po`` changes;
* translates figure alt text, which lives in code cells' ``mystnb.image.alt`` metadata and which
  Sphinx's gettext builder does not extract (the catalogs tool adds it to each page's template);
* writes glued numbers the language's way ("2 093", "92,0");
* registers a Kazakh search language (:mod:`baikonur.book.kk_search`);
* adds ``<link rel="alternate" hreflang>`` to every page and, when the site has more than one
  edition, a language switcher that leads to the same page in the other editions.

Which editions a page links to: those named by ``BAIKONUR_EDITIONS`` (``en,ru,kk``), which
``make editions`` sets to the editions it assembles (the Pages workflow: the published ones, see
:func:`baikonur.book.catalogs.published_languages`). Unset, as in ``make book``, an edition is
built on its own and links to none. English is at the site's root and each other edition in a
folder named by its code.
"""

from __future__ import annotations

import gettext
import json
import os
import re
from html import escape
from pathlib import Path

from docutils import nodes
from sphinx import addnodes, locale
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.locale import init as init_locale
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.i18n import CatalogInfo, docname_to_domain

from baikonur.i18n import EDITIONS, LANGUAGE_ENV, LOCALES_ENV, SOURCE_LANGUAGE, localize_number

EDITIONS_ENV = "BAIKONUR_EDITIONS"
"""Comma-separated editions the built site holds (``en,ru,kk``); unset: this edition alone."""

UI_DOMAINS = ("booktheme", "exercise", "baikonur")
"""Interface catalogs loaded by this extension (Sphinx compiles and loads ``sphinx.po`` itself)."""

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "editions_templates"
STATIC = HERE / "editions_static"

# The project's own interface strings, looked up in baikonur.po (msgid: the English text).
SEARCH_BAR_TEXT = "Search this book..."
SWITCHER_LABEL = "Language"
CODE_PROMPT_SHOW = "Show code cell {type}"
CODE_PROMPT_HIDE = "Hide code cell {type}"
TOGGLE_BUTTON_LABEL = "Toggle hidden content"
TOGGLE_BUTTON_SCRIPT = (
    "document.addEventListener('DOMContentLoaded', () => document"
    ".querySelectorAll('.toggle-button[aria-label]')"
    ".forEach((button) => button.setAttribute('aria-label', %s)));"
)
"""sphinx-togglebutton's script labels the button of every folded block (the solutions) in
English; this relabels them once it has run (it listens for the same event, and is loaded first)."""
COPY_BUTTON_MESSAGES = {
    "copy": "Copy",
    "copy_to_clipboard": "Copy to clipboard",
    "copy_success": "Copied!",
    "copy_failure": "Failed to copy",
}
COPY_BUTTON_SCRIPT = """(() => {
  const ours = %s, lang = document.documentElement.lang;
  if (typeof messages !== "object" || lang in messages) return;
  const title = (text) => `<title>${text}</title>`;
  iconCopy = iconCopy.replace(title(messages.en.copy_to_clipboard), title(ours.copy_to_clipboard));
  iconCheck = iconCheck.replace(title(messages.en.copy_success), title(ours.copy_success));
  messages[lang] = ours;
  locale = lang;
})();"""
"""sphinx-copybutton's script has its messages (the code cells' copy buttons: tooltip, name) for a
few languages, Russian among them, and falls back to English for the others; this gives it the
edition's from ``baikonur.po`` where it has none. It runs after that script is loaded and before
the buttons are made (when the page is read), through the script's own globals."""


def edition_language(config) -> str:
    code = config.language or SOURCE_LANGUAGE
    if code not in EDITIONS:
        raise ExtensionError(
            f"language {code!r} is not an edition of this book; editions: {', '.join(EDITIONS)} "
            "(set by `make book LANG=<code>`; see baikonur/i18n.py to add one)"
        )
    return code


def edition_prefix(code: str) -> str:
    """Where an edition sits in the site, from the root: '' for English, 'ru/' for Russian."""
    return "" if code == SOURCE_LANGUAGE else f"{code}/"


def site_editions(srcdir: Path, code: str) -> list[str]:
    """The editions a page of edition ``code`` links to, in the order of :data:`EDITIONS`."""
    listed = os.environ.get(EDITIONS_ENV, "").replace(" ", ",")
    if listed.strip(","):
        wanted = {item for item in listed.split(",") if item}
        unknown = wanted - set(EDITIONS)
        if unknown:
            raise ExtensionError(
                f"{EDITIONS_ENV} names unknown editions {sorted(unknown)}; editions: {', '.join(EDITIONS)}"
            )
    else:
        # A build of one edition on its own (`make book`): no other edition beside it to link to.
        return [code]
    wanted |= {code, SOURCE_LANGUAGE}
    return [edition for edition in EDITIONS if edition in wanted]


def _locale_dirs(app: Sphinx) -> list[Path]:
    return [Path(app.srcdir, directory) for directory in app.config.locale_dirs]


def ui_text(app: Sphinx, message: str) -> str:
    """``message`` from the project's interface catalog (``baikonur.po``) for this edition."""
    from sphinx.locale import get_translation

    return str(get_translation("baikonur")(message))


def _write_translations_js(app: Sphinx, code: str) -> None:
    """Write ``sphinx.js`` (the search page's strings) beside the project's ``sphinx.po``: Sphinx's
    own messages for the language, where it has them, with the project's translations on top."""
    from babel.messages.pofile import read_po
    from sphinx import package_dir

    for directory in _locale_dirs(app):
        po = directory / code / "LC_MESSAGES" / "sphinx.po"
        if not po.exists():
            continue
        js = po.with_suffix(".js")
        if js.exists() and js.stat().st_mtime >= po.stat().st_mtime:
            continue
        data = {"locale": code, "messages": {}, "plural_expr": "(n != 1)"}
        shipped = Path(package_dir, "locale", code, "LC_MESSAGES", "sphinx.js")
        if shipped.exists():
            text = shipped.read_text(encoding="utf-8")
            data = json.loads(text[text.index("(") + 1 : text.rindex(")")])
        with po.open("rb") as handle:
            catalog = read_po(handle, locale=None)
        if catalog.plural_expr:
            data["plural_expr"] = catalog.plural_expr
        for message in catalog:
            if message.id and message.string and not message.fuzzy:
                key = message.id[0] if isinstance(message.id, (list, tuple)) else message.id
                data["messages"][key] = (
                    list(message.string)
                    if isinstance(message.string, (list, tuple))
                    else message.string
                )
        js.write_text(
            f"Documentation.addTranslations({json.dumps(data, ensure_ascii=False, indent=1)});\n",
            encoding="utf-8",
        )


def _configure_edition(app: Sphinx, config) -> None:
    code = edition_language(config)
    # Kernels started by this build inherit it (charts read it; see baikonur/i18n.py).
    os.environ[LANGUAGE_ENV] = code
    if config.locale_dirs:
        os.environ[LOCALES_ENV] = str(Path(app.srcdir, config.locale_dirs[0]))
    app.baikonur_editions = site_editions(Path(app.srcdir), code)
    # A config value, so that a change of the site's editions rewrites every page.
    config.baikonur_editions = app.baikonur_editions
    # After the book's own _templates/ (which keep the last word), before the themes' components
    # (which pydata-sphinx-theme and sphinx-book-theme add as absolute paths).
    own = [path for path in config.templates_path if not os.path.isabs(path)]
    config.templates_path = [
        *own,
        str(TEMPLATES),
        *[path for path in config.templates_path if path not in own],
    ]
    config.html_static_path = [*config.html_static_path, str(STATIC)]
    options = config.html_theme_options
    if len(app.baikonur_editions) > 1:
        header = list(options.get("article_header_end") or ["article-header-buttons.html"])
        if "language-switcher.html" not in header:
            options["article_header_end"] = ["language-switcher.html", *header]
        app.add_css_file("language-switcher.css")
    if code == SOURCE_LANGUAGE:
        return
    _load_ui_catalogs(app, code)
    _write_translations_js(app, code)
    options["search_bar_text"] = ui_text(app, SEARCH_BAR_TEXT)
    # The book's title, as baikonur.po translates it (the English title is its msgid).
    config.html_title = ui_text(app, config.html_title)
    config.nb_code_prompt_show = ui_text(app, CODE_PROMPT_SHOW)
    config.nb_code_prompt_hide = ui_text(app, CODE_PROMPT_HIDE)
    # sphinx-togglebutton's hints beside a folded solution ("Click to show"): its setup reads
    # them before any catalog is loaded, so they are English in every edition until set here;
    # it writes them into the page after this (config-inited, priority 500).
    for name in ("togglebutton_hint", "togglebutton_hint_hide"):
        if name in config:
            setattr(config, name, ui_text(app, str(getattr(config, name))))
    label = json.dumps(ui_text(app, TOGGLE_BUTTON_LABEL), ensure_ascii=False)
    app.add_js_file(None, body=TOGGLE_BUTTON_SCRIPT % label, priority=900)
    copy = {key: ui_text(app, text) for key, text in COPY_BUTTON_MESSAGES.items()}
    app.add_js_file(
        None, body=COPY_BUTTON_SCRIPT % json.dumps(copy, ensure_ascii=False), priority=900
    )


def _note_chart_catalog(app: Sphinx, docname: str, source: list[str]) -> None:
    """A page that executes code draws its charts with the edition's ``charts.po``: a change to
    that catalog makes Sphinx read the page again (and so run its cells) on the next build, which
    it would otherwise skip as unchanged."""
    code = app.config.language or SOURCE_LANGUAGE
    if code == SOURCE_LANGUAGE or "{code-cell}" not in source[0]:
        return
    for directory in _locale_dirs(app):
        catalog = directory / code / "LC_MESSAGES" / "charts.po"
        if catalog.exists():
            app.env.note_dependency(str(catalog))


def _load_ui_catalogs(app: Sphinx, code: str) -> None:
    """Compile (when changed) and load the project's interface catalogs. They come first; a
    theme's own catalog for the language, where it has one, answers what they leave out."""
    for directory in _locale_dirs(app):
        for domain in UI_DOMAINS:
            po = directory / code / "LC_MESSAGES" / f"{domain}.po"
            if po.exists():
                info = CatalogInfo(str(po.parent), domain, "utf-8")
                if info.is_outdated():
                    info.write_mo(code, app.config.gettext_allow_fuzzy_translations)
                ours = gettext.translation(domain, localedir=str(directory), languages=[code])
                theirs = locale.translators.get(("general", domain))
                if theirs is not None and theirs.__class__ is not gettext.NullTranslations:
                    ours.add_fallback(theirs)
                locale.translators[("general", domain)] = ours


_FOOTER_TEXT = re.compile(r"(>|^)([^<>]+)(?=<|$)")
_FOOTER_DATE = re.compile(r'(<time datetime="(\d{4}-\d\d-\d\d)">)[^<]*(</time>)')


def translate_footer(app: Sphinx, footer: str, code: str) -> str:
    """The footer (``html.extra_footer`` and the edition line) with each run of text between tags
    looked up in ``baikonur.po`` (white space collapsed), and its date in the language's form."""
    from datetime import date

    from babel.dates import format_date

    def text(match: re.Match) -> str:
        run = match.group(2)
        key = " ".join(run.split())
        if not key:
            return match.group(0)
        translated = ui_text(app, key)
        lead = run[: len(run) - len(run.lstrip())]
        tail = run[len(run.rstrip()) :]
        return match.group(1) + lead + translated + tail

    footer = _FOOTER_TEXT.sub(text, footer)
    return _FOOTER_DATE.sub(
        lambda m: (
            m.group(1)
            + format_date(date.fromisoformat(m.group(2)), format="long", locale=code)
            + m.group(3)
        ),
        footer,
    )


def _page_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    code = edition_language(app.config)
    if code != SOURCE_LANGUAGE and context.get("theme_extra_footer"):
        context["theme_extra_footer"] = translate_footer(app, context["theme_extra_footer"], code)
    editions = app.baikonur_editions
    to_root = "../" * pagename.count("/") + ("../" if code != SOURCE_LANGUAGE else "")
    base = (app.config.html_baseurl or "").rstrip("/") + "/"
    links = []
    for edition in editions:
        href = f"{edition_prefix(edition)}{pagename}.html"
        links.append(
            {
                "code": edition,
                "name": EDITIONS[edition],
                "current": edition == code,
                "href": to_root + href,
                "absolute": base + href,
            }
        )
    context["editions"] = links
    context["edition_switcher_label"] = ui_text(app, SWITCHER_LABEL)
    if len(editions) > 1:
        alternates = "".join(
            f'<link rel="alternate" hreflang="{link["code"]}" href="{escape(link["absolute"])}" />\n'
            for link in links
        )
        default = (
            f'<link rel="alternate" hreflang="x-default" href="{escape(base + pagename)}.html" />\n'
        )
        context["metatags"] = context.get("metatags", "") + alternates + default


class TranslateTocCaptions(SphinxTransform):
    """The captions of the toctrees that sphinx-external-toc inserts from ``_toc.yml`` (the
    sidebar's "Chapters" and "Appendices"), from the catalog of the page that holds them.

    Sphinx translates a toctree's caption with the rest of its page (``Locale``, priority 20), but
    the external toc inserts its toctrees later (``InsertToctrees``, priority 100), so they would
    stay in English. The gettext build extracts them into that page's template all the same (for a
    book, the landing page's ``intro.pot``): this applies the translations, and
    :func:`baikonur.book.catalogs.translation_problems` names any caption left untranslated."""

    default_priority = 101

    def apply(self, **kwargs) -> None:
        code = self.config.language or SOURCE_LANGUAGE
        if code == SOURCE_LANGUAGE:
            return
        toctrees = [node for node in self.document.findall(addnodes.toctree) if node.get("caption")]
        if not toctrees:
            return
        catalog = page_catalog(self.env, self.config, code)
        if catalog is None:
            return
        for toctree in toctrees:
            caption = toctree.get("rawcaption") or toctree["caption"]
            translated = catalog.gettext(caption)
            if translated and translated != caption:
                toctree["caption"] = translated


def _visit_hidden_cell(self, node) -> None:
    """myst-nb's folded code cell without the ``aria-label`` on its ``<summary>``: the English
    "Toggle hidden content" (in every edition) would replace the visible prompt ("Show code cell
    source", translated) as its name. The rest is myst-nb's markup as it writes it."""
    classes = " ".join(node["classes"])
    self.body.append(f'<details class="admonition hide {classes}">\n<summary>\n')
    self.body.append(f'<p class="collapsed admonition-title">{escape(node["prompt_show"])}</p>\n')
    self.body.append(f'<p class="expanded admonition-title">{escape(node["prompt_hide"])}</p>\n')
    self.body.append("</summary>\n")


def page_catalog(env, config, code: str):
    """The translations of the page being built (its own catalog), or None when it has none."""
    domain = docname_to_domain(env.docname, config.gettext_compact)
    dirs = [str(Path(env.srcdir, directory)) for directory in config.locale_dirs]
    catalog, found = init_locale(dirs, code, domain)
    return catalog if found else None


class LocalizeGluedNumbers(SphinxPostTransform):
    """In a translated edition, write glued numbers the language's way: "2 093" and "92,0" for
    Python's "2,093" and "92.0". Digits are grouped only where the English format groups them
    (``:,``), so years stay "1957"."""

    default_priority = 900

    def run(self, **kwargs) -> None:
        code = self.config.language or SOURCE_LANGUAGE
        if code == SOURCE_LANGUAGE:
            return
        import re

        number = re.compile(r"-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?")
        for node in list(self.document.findall(nodes.inline)):
            if "pasted-text" not in node.get("classes", []):
                continue
            text = node.astext()
            if number.fullmatch(text):
                node.children = []
                node += nodes.Text(localize_number(text, code))


class TranslateAltText(SphinxPostTransform):
    """Figure alt text from the page's catalog. Code cells' ``mystnb.image.alt`` is not extracted
    by Sphinx's gettext builder; ``python -m baikonur.book.catalogs pot`` adds it to each page's
    template, and this applies the translations."""

    default_priority = 901

    def run(self, **kwargs) -> None:
        code = self.config.language or SOURCE_LANGUAGE
        if code == SOURCE_LANGUAGE:
            return
        catalog = page_catalog(self.env, self.config, code)
        if catalog is None:
            return
        for image in self.document.findall(nodes.image):
            alt = image.get("alt")
            if alt:
                translated = catalog.gettext(" ".join(alt.split()))
                if translated and translated != " ".join(alt.split()):
                    image["alt"] = translated


def setup(app: Sphinx) -> dict:
    from baikonur.book.kk_search import SearchKazakh

    app.add_search_language(SearchKazakh)
    app.add_config_value("baikonur_editions", [], "html", types=[list])
    # Before other extensions read translated strings at config-inited (sphinx-exercise does).
    app.connect("config-inited", _configure_edition, priority=400)
    app.connect("html-page-context", _page_context)
    app.connect("source-read", _note_chart_catalog)
    app.add_post_transform(LocalizeGluedNumbers)
    app.add_post_transform(TranslateAltText)
    app.add_transform(TranslateTocCaptions)
    from myst_nb.sphinx_ import HideCodeCellNode, depart_HideCellInput

    app.add_node(HideCodeCellNode, override=True, html=(_visit_hidden_cell, depart_HideCellInput))
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}


# --- Building the editions --------------------------------------------------------------------

REPO = Path(__file__).resolve().parents[2]
BUILD = REPO / "_build"


def edition_config(code: str, destination: Path, root: Path = REPO) -> Path:
    """Write ``_config.yml`` with ``language: <code>`` to ``destination`` (Jupyter Book 1 has no
    language option, and ``--config`` takes a whole file)."""
    import yaml

    if code not in EDITIONS:
        raise SystemExit(f"no edition {code!r}; editions: {', '.join(EDITIONS)}")
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    config.setdefault("sphinx", {}).setdefault("config", {})["language"] = code
    destination.parent.mkdir(parents=True, exist_ok=True)
    destination.write_text(
        "# Written by `python -m baikonur.book.editions` from _config.yml; edit that file instead.\n"
        + yaml.safe_dump(config, sort_keys=False, allow_unicode=True),
        encoding="utf-8",
    )
    return destination


def edition_output(code: str, build: Path = BUILD) -> Path:
    """The folder an edition's HTML is built into: ``_build/html`` for English (as ``make book``),
    ``_build/editions/<code>/_build/html`` for the others."""
    return (
        build / "html" if code == SOURCE_LANGUAGE else build / "editions" / code / "_build" / "html"
    )


def pdf_output(code: str, build: Path = BUILD) -> Path:
    """The folder an edition's print edition is built into (``make pdf LANG=<code>``, see
    :mod:`baikonur.book.pdf`): ``_build/pdf`` for English, ``_build/editions/<code>/pdf`` for the
    others."""
    return build / "pdf" if code == SOURCE_LANGUAGE else build / "editions" / code / "pdf"


def build_edition(
    code: str, build: Path = BUILD, root: Path = REPO, extra_env: dict | None = None
) -> Path:
    """Build one edition the way CI builds the book: every cell executed (in this edition's
    language), warnings are errors. Returns its HTML folder."""
    import subprocess

    from baikonur.book import strict_build_command

    command = strict_build_command(root)
    if code != SOURCE_LANGUAGE:
        folder = build / "editions" / code
        command += [
            "--config",
            str(edition_config(code, folder / "_config.yml", root)),
            "--path-output",
            str(folder),
        ]
    elif build != root / "_build":
        command += ["--path-output", str(build.parent)]
    result = subprocess.run(command, cwd=root, env={**os.environ, **(extra_env or {})})
    if result.returncode:
        raise SystemExit(
            f"the {EDITIONS[code]} edition failed to build (exit {result.returncode}); see the log above"
        )
    return edition_output(code, build)


def assemble_site(codes: list[str], build: Path = BUILD) -> Path:
    """``_build/site``: the English edition at the root and each other edition in ``<code>/``,
    each with its print edition in its ``pdf/`` folder when it has been built (``make pdf
    LANG=<code>``), where its landing page links it."""
    import shutil

    site = build / "site"
    shutil.rmtree(site, ignore_errors=True)
    for code in [SOURCE_LANGUAGE, *[c for c in codes if c != SOURCE_LANGUAGE]]:
        html = edition_output(code, build)
        if not (html / "index.html").exists():
            raise SystemExit(
                f"no {EDITIONS[code]} edition in {html}: build it with `make book LANG={code}`"
            )
        shutil.copytree(
            html,
            site / edition_prefix(code),
            dirs_exist_ok=code == SOURCE_LANGUAGE,
            ignore=shutil.ignore_patterns(".buildinfo", ".doctrees", "reports")
            if code != SOURCE_LANGUAGE
            else None,
        )
        pdfs = sorted(pdf_output(code, build).glob("*.pdf"))
        if pdfs:
            (site / edition_prefix(code) / "pdf").mkdir(parents=True, exist_ok=True)
            for pdf in pdfs:
                shutil.copy(pdf, site / edition_prefix(code) / "pdf" / pdf.name)
    return site


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(
        prog="python -m baikonur.book.editions", description="Build the book's editions."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    one = commands.add_parser("build", help="build one edition (make book LANG=<code>)")
    one.add_argument("language", choices=list(EDITIONS))
    site = commands.add_parser(
        "site", help="build the editions and assemble _build/site (make editions)"
    )
    site.add_argument("languages", nargs="*", default=list(EDITIONS), help="default: every edition")
    site.add_argument(
        "--no-build", action="store_true", help="only assemble editions already built"
    )
    args = parser.parse_args(argv)
    if args.command == "build":
        html = build_edition(args.language)
        print(
            f"\nBuilt the {EDITIONS[args.language]} edition. Open {html / 'index.html'} in a browser."
        )
        return 0
    codes = [code for code in EDITIONS if code in set(args.languages) | {SOURCE_LANGUAGE}]
    unknown = set(args.languages) - set(EDITIONS)
    if unknown:
        raise SystemExit(f"no edition {sorted(unknown)}; editions: {', '.join(EDITIONS)}")
    if not args.no_build:
        for code in codes:
            build_edition(code, extra_env={EDITIONS_ENV: ",".join(codes)})
    site_dir = assemble_site(codes)
    print(
        f"\nThe site ({', '.join(codes)}) is in {site_dir}; open {site_dir / 'index.html'} in a browser."
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
