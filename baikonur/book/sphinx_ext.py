"""Sphinx extension that prepares the book build.

It registers the bibliography styles of :mod:`baikonur.book.bibstyle`, keeps the unused Thebe scripts
out of the pages (Jupyter Book always loads sphinx-thebe, whose inline configuration is added
twice and throws "Identifier 'THEBE_JS_URL' has already been declared" on every page; the book does
not use Thebe), and does three things before any chapter cell runs:

* marks the build for the kernels myst-nb starts (they inherit ``BAIKONUR_BOOK_BUILD=1``), so quizzes
  and live controls render as static HTML and no widget state is saved into the pages;
* validates every data table, every quiz bank and the bibliography, so a malformed file stops the
  build at once with the file, row or question at fault rather than deep inside a chapter;
* re-reads every page when anything :func:`baikonur.data.inputs_digest` covers has changed since
  the last build, because Sphinx only notices changes to the pages themselves.

It also makes the links in ``html.extra_footer`` (written from the book's root) relative to each
page, so the footer's links work from ``chapters/`` and ``appendix/`` as well.

It adds the ``quiz-answer-keys`` directive: ```` ```{quiz-answer-keys}``` ```` prints the answers
and explanations of every chapter's quiz bank, chapter by chapter in the order of ``_toc.yml``, so
the instructor guide's answer keys are made from the banks at every build and a new chapter's key
appears without an edit to the guide.

It also prints the edition on every page: the version and release date of :mod:`baikonur`
(``__version__``, ``RELEASE_DATE``), the maintainers (``author`` in ``_config.yml``), a link to
the repository's CITATION.cff and one to report an error on its issues page (``repository.url`` in
``_config.yml``), added to the footer.

It describes every page for search engines and link previews: a ``<meta name="description">``
from the page's front matter (``html_meta: description``) or else its first paragraph.

Once every page is written, it mends the markup that the tools the book is built with write
invalid or hard to read with a screen reader (see :mod:`baikonur.book.html_fixes`).

It is not for rendering: quizzes render themselves (see :mod:`baikonur.quiz`).
"""

from __future__ import annotations

import os
import re
from datetime import date
from html import escape
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util.docutils import SphinxDirective

from baikonur import BOOK_BUILD_ENV


def _mark_build(app: Sphinx) -> None:
    os.environ[BOOK_BUILD_ENV] = "1"


def edition_footer(repository_url: str, branch: str, maintainers: str) -> str:
    """The footer paragraph that names the edition, its maintainers, how to cite it and where to
    report an error."""
    from baikonur import RELEASE_DATE, __version__

    released = date.fromisoformat(RELEASE_DATE)
    repository = repository_url.rstrip("/")
    named = (
        maintainers[0].lower() + maintainers[1:] if maintainers.startswith("The ") else maintainers
    )
    return (
        f'<p class="edition">Edition <span class="edition-version">{escape(__version__)}</span>, '
        f'<time datetime="{released.isoformat()}">{released.day} {released:%B %Y}</time>. '
        f"Maintained by {escape(named)}. "
        f'<a href="{escape(repository)}/blob/{escape(branch)}/CITATION.cff">Cite this edition</a>; '
        f'found an error? <a href="{escape(repository)}/issues">Report it on the issues page</a>.</p>'
    )


def _stamp_edition(app: Sphinx, config) -> None:
    from baikonur import RELEASE_DATE, __version__

    config.version = config.release = __version__
    config.today = RELEASE_DATE
    options = config.html_theme_options
    repository, branch = (
        options.get("repository_url") or "",
        options.get("repository_branch") or "main",
    )
    options["extra_footer"] = (options.get("extra_footer") or "") + edition_footer(
        repository, branch, config.author
    )


def _validate_inputs(app: Sphinx) -> None:
    from baikonur.book.bibstyle import ambiguous_citations
    from baikonur.data import VALIDATED_ENV, DataValidationError, inputs_digest, validate_package
    from baikonur.quiz import QuizBankError, validate_all_banks

    try:
        validate_package()
        validate_all_banks()
    except (DataValidationError, QuizBankError) as error:
        raise ExtensionError(f"invalid input file: {error}") from error
    os.environ[VALIDATED_ENV] = inputs_digest()
    for bibfile in app.config.bibtex_bibfiles:
        problems = ambiguous_citations(Path(app.srcdir) / bibfile)
        if problems:
            raise ExtensionError("ambiguous citations: " + "; ".join(problems))


def _outdated_when_inputs_change(app: Sphinx, env, added, changed, removed) -> list[str]:
    from baikonur.data import inputs_digest

    fingerprint = inputs_digest()
    previous = getattr(env, "baikonur_inputs_fingerprint", None)
    env.baikonur_inputs_fingerprint = fingerprint
    if previous is not None and previous != fingerprint:
        return sorted(env.found_docs - set(added) - set(changed))
    return []


def _drop_thebe_assets(app: Sphinx, pagename, templatename, context, doctree) -> None:
    if app.config.html_theme_options.get("launch_buttons", {}).get("thebe"):
        return
    for key in ("script_files", "css_files"):
        assets = context.get(key)
        if assets is None:
            continue
        assets[:] = [
            asset
            for asset in assets
            if "thebe" not in str(getattr(asset, "filename", asset) or "").lower()
            and "THEBE_JS_URL" not in str(getattr(asset, "attributes", {}).get("body", ""))
        ]


_ROOT_RELATIVE_HREF = re.compile(r'href="(?![a-zA-Z][a-zA-Z0-9+.-]*:|/|#)([^"]+)"')


def _footer_links_from_each_page(app: Sphinx, pagename, templatename, context, doctree) -> None:
    footer = context.get("theme_extra_footer")
    if footer:
        pathto = context["pathto"]
        context["theme_extra_footer"] = _ROOT_RELATIVE_HREF.sub(
            lambda link: f'href="{pathto(link.group(1), 1)}"', footer
        )


DESCRIPTION_LENGTH = 160


def page_description(doctree) -> str:
    """The page's first paragraph of prose, at most ``DESCRIPTION_LENGTH`` characters: cut after
    its last whole sentence that fits, or else at a word; empty for a page without one."""
    for paragraph in doctree.findall(nodes.paragraph):
        if any(
            isinstance(
                parent,
                (
                    nodes.admonition,
                    nodes.Admonition,
                    nodes.table,
                    nodes.field_list,
                    nodes.footnote,
                    nodes.citation,
                ),
            )
            for parent in _ancestors(paragraph)
        ):
            continue
        text = " ".join(paragraph.astext().split())
        if len(text) < 40:
            continue
        if len(text) <= DESCRIPTION_LENGTH:
            return text
        head = text[:DESCRIPTION_LENGTH]
        sentence_end = max(head.rfind(". "), head.rfind("? "), head.rfind("! "))
        if sentence_end >= DESCRIPTION_LENGTH // 3:
            return head[: sentence_end + 1]
        return head[: DESCRIPTION_LENGTH - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return ""


def _ancestors(node):
    node = node.parent
    while node is not None:
        yield node
        node = node.parent


def _describe_page(app: Sphinx, pagename, templatename, context, doctree) -> None:
    metatags = context.get("metatags", "")
    if 'name="description"' in metatags:
        return
    description = page_description(doctree) if doctree is not None else ""
    if not description:
        book = app.config.html_title or app.config.project
        title = re.sub(r"<[^>]+>", "", context.get("title") or "")
        description = f"{title}: {book}" if title else book
    context["metatags"] = (
        metatags + f'\n<meta name="description" content="{escape(description, quote=True)}" />'
    )


def _mend_pages(app: Sphinx, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    from sphinx.locale import _, get_translation

    from baikonur.book.html_fixes import REDIRECT_TEXT, fix_site, redirect_page

    outdir = Path(app.outdir)
    if app.builder.name == "html" and app.config.root_doc != "index":
        title = app.config.html_title or app.config.project
        # The redirect's sentence from the project's interface catalog (baikonur.po), which
        # baikonur.book.editions loads in a translated edition.
        text = str(get_translation("baikonur")(REDIRECT_TEXT))
        page = redirect_page(
            f"{app.config.root_doc}.html", title, app.config.language or "en", text
        )
        (outdir / "index.html").write_text(page, encoding="utf-8")
    fix_site(outdir, str(_("Search")))


class QuizAnswerKeys(SphinxDirective):
    """``{quiz-answer-keys}``: the printable answer key of each chapter in ``_toc.yml``, as HTML."""

    def run(self) -> list[nodes.Node]:
        from baikonur.data import toc_chapters
        from baikonur.quiz.bank import QuizBankError, bank_path, load_bank
        from baikonur.quiz.static import answer_key_html

        toc = Path(self.env.srcdir) / "_toc.yml"
        self.env.note_dependency(str(toc))
        keys = []
        for chapter in toc_chapters(toc):
            path = bank_path(chapter)
            self.env.note_dependency(str(path))
            try:
                bank = load_bank(path)
            except QuizBankError as error:
                raise self.error(f"quiz-answer-keys: {error}") from error
            keys.append(
                nodes.raw("", answer_key_html(bank, f"answer-key-{chapter}"), format="html")
            )
        return keys


def setup(app: Sphinx) -> dict:
    from baikonur.book import bibstyle

    bibstyle.register()
    app.connect("config-inited", lambda app, config: _mark_build(app))
    app.connect("config-inited", _stamp_edition)
    app.connect("builder-inited", _validate_inputs)
    app.connect("env-get-outdated", _outdated_when_inputs_change)
    app.connect("html-page-context", _drop_thebe_assets)
    app.connect("html-page-context", _footer_links_from_each_page)
    app.connect("html-page-context", _describe_page)
    # Before sphinx-external-toc's own bare redirect (priority 500), which then leaves ours be.
    app.connect("build-finished", _mend_pages, priority=400)
    app.add_directive("quiz-answer-keys", QuizAnswerKeys)
    return {
        "version": "1.0",
        "parallel_read_safe": True,
        "parallel_write_safe": True,
        "env_version": 1,
    }
