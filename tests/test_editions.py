"""The editions machinery (English, Russian, Kazakh from one source), on a small book.

tests/fixtures/editions-book is a two-page book with Russian and Kazakh catalogs for its text. It is
built here in all three languages with the project's editions extension and the project's own
interface catalogs (copied from locales/), and assembled into a site as ``make editions`` does:
English at the root, ru/ and kk/ beside it. The checks: each edition's language, hreflang and
switcher; its interface strings; glued numbers in the language's format; translated alt text;
search with an inflected Russian and Kazakh word in Chromium; the switcher by keyboard, at 360 px,
in the dark theme and under axe-core. The same machinery on the whole book is checked by
tests/test_editions_book.py. Without the build, the stemmer, number format, chart text, catalog
status and publishing rule are checked directly.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import REPO, missing, open_page, serious_axe_violations, serving, toc_page_names

FIXTURE = REPO / "tests" / "fixtures" / "editions-book"
UI_CATALOGS = ("sphinx.po", "booktheme.po", "exercise.po", "baikonur.po")


# --- Without a build ----------------------------------------------------------------------------


def test_kazakh_stemmer_brings_inflected_forms_together():
    from baikonur.book.kk_search import stem

    forms = {
        "Байқоңыр": ["Байқоңырға", "Байқоңырдың", "Байқоңырдан", "байқоңырда"],
        "ұшырылым": ["ұшырылымдар", "ұшырылымдардың", "ұшырылымдарға"],
        "зымыран": ["зымырандар", "зымырандардың"],
        "Қазақстан": ["Қазақстанға", "Қазақстанның", "Қазақстандағы"],
    }
    for word, inflected in forms.items():
        assert {stem(form) for form in inflected} == {stem(word)}, word
    # Short words keep their stem: "ай" (month) is not cut to nothing.
    assert stem("ай") == "ай"
    assert stem("Ресей") == "ресей"


def test_kazakh_stemmer_is_the_same_in_the_browser_as_in_the_index():
    from baikonur.book.kk_search import JS_STEMMER, SUFFIXES, stem

    node = shutil.which("node")
    if node is None:
        missing("node not found: install nodejs (Debian's npm brings it)")
    words = [
        "Байқоңырға",
        "ұшырылымдардың",
        "Қазақстандағы",
        "зымыран",
        "ай",
        "ҚАЗАҚСТАННЫҢ",
        "айлағынан",
        "Мәскеу",
    ]
    words += [f"кітап{suffix}" for suffix in SUFFIXES]
    script = (
        JS_STEMMER
        + f"\nconst s = new Stemmer(); console.log(JSON.stringify({json.dumps(words, ensure_ascii=False)}.map(w => s.stemWord(w))));"
    )
    result = subprocess.run([node, "-e", script], capture_output=True, text=True, check=True)
    assert json.loads(result.stdout) == [stem(word) for word in words]


@pytest.mark.parametrize(
    ("language", "english", "expected"),
    [
        ("ru", "2,093", "2\xa0093"),
        ("kk", "2,093", "2\xa0093"),
        ("ru", "92.0", "92,0"),
        ("kk", "22.6", "22,6"),
        ("ru", "1957", "1957"),
        ("kk", "-1,547.25", "-1\xa0547,25"),
        ("en", "2,093", "2,093"),
    ],
)
def test_numbers_are_written_the_languages_way(language, english, expected):
    from baikonur.i18n import localize_number

    assert localize_number(english, language) == expected


def _write_po(path: Path, language: str, messages: dict[str, str]) -> Path:
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    catalog = Catalog(locale=language)
    for msgid, msgstr in messages.items():
        catalog.add(msgid, msgstr)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, catalog)
    return path


def test_charts_take_their_text_from_the_editions_catalog(tmp_path, monkeypatch):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.text import Text

    import baikonur.i18n as i18n

    _write_po(
        tmp_path / "kk" / "LC_MESSAGES" / "charts.po",
        "kk",
        {
            "Launches per year": "Жыл сайынғы ұшырылымдар",
            "to Moscow, {} km": "Мәскеуге дейін {} км",
        },
    )
    monkeypatch.setattr(i18n, "LOCALES", tmp_path)
    monkeypatch.delenv(i18n.LOCALES_ENV, raising=False)
    monkeypatch.setattr(Text, "set_text", Text.set_text)  # restored after the test
    i18n._chart_catalog.cache_clear()
    monkeypatch.setenv(i18n.LANGUAGE_ENV, "kk")
    i18n.install_chart_translation()
    figure, axes = plt.subplots()
    try:
        axes.set_title("Launches per year")
        note = axes.annotate(f"to Moscow, {2093:,} km", (0, 0))
        untranslated = axes.set_xlabel("Year")
        assert axes.get_title() == "Жыл сайынғы ұшырылымдар"
        assert note.get_text() == "Мәскеуге дейін 2\xa0093 км"
        assert untranslated.get_text() == "Year"
    finally:
        plt.close(figure)


def test_english_charts_are_left_alone(monkeypatch):
    from matplotlib.text import Text

    import baikonur.i18n as i18n

    monkeypatch.setattr(Text, "set_text", Text.set_text)
    monkeypatch.delenv(i18n.LANGUAGE_ENV, raising=False)
    monkeypatch.delenv(i18n.RECORD_ENV, raising=False)
    before = Text.set_text
    i18n.install_chart_translation()
    assert Text.set_text is before


def test_an_unknown_edition_is_refused_with_the_editions_named(monkeypatch):
    import baikonur.i18n as i18n

    monkeypatch.setenv(i18n.LANGUAGE_ENV, "de")
    with pytest.raises(ValueError, match="en, ru, kk"):
        i18n.language()


def _mini_repo(root: Path) -> Path:
    (root / "_toc.yml").write_text(
        "format: jb-book\nroot: intro\nchapters:\n  - file: chapters/one\n"
    )
    (root / "intro.md").write_text("# Intro\n")
    (root / "chapters").mkdir(parents=True)
    (root / "chapters" / "one.md").write_text("# One\n")
    return root


def test_a_language_is_published_only_when_every_page_has_a_complete_catalog(tmp_path):
    from baikonur.book.catalogs import language_status, published_languages

    root = _mini_repo(tmp_path)
    messages = root / "locales" / "{}" / "LC_MESSAGES"
    for language in ("ru", "kk"):
        _write_po(
            Path(str(messages).format(language)) / "intro.po",
            language,
            {"Intro": "Введение" if language == "ru" else "Кіріспе"},
        )
    # Neither has a catalog for chapters/one yet.
    assert published_languages(root) == ["en"]
    assert language_status("kk", root)[1] == ["chapters/one"]
    _write_po(Path(str(messages).format("ru")) / "chapters" / "one.po", "ru", {"One": "Первая"})
    _write_po(
        Path(str(messages).format("kk")) / "chapters" / "one.po", "kk", {"One": "", "Two": "Екі"}
    )
    assert published_languages(root) == ["en", "ru"]
    statuses, missing_pages = language_status("kk", root)
    assert missing_pages == []
    untranslated = {
        status.path.name: (status.messages, status.untranslated, status.words_left)
        for status in statuses
    }
    assert untranslated == {"intro.po": (1, 0, 0), "one.po": (2, 1, 1)}


def test_translation_check_catches_glue_and_references_that_would_break(tmp_path):
    from baikonur.book.catalogs import translation_problems

    root = _mini_repo(tmp_path)
    _write_po(
        root / "locales" / "ru" / "LC_MESSAGES" / "chapters" / "one.po",
        "ru",
        {
            "In {glue:text}`first_year` it flew.": "В {glue:text}`first_year` году он полетел.",
            "It is {glue:text}`km:,` km away.": "Это в {glue:text}`one.md::km` км.",
            "See {term}`lease`.": "См. аренду.",
            "From {glue:text}`a:d` to {glue:text}`b:d`.": "С {glue:text}`one.md::a:d` по {glue:text}`one.md::b:d`.",
        },
    )
    problems = translation_problems(root)
    assert len(problems) == 3, problems
    assert "renders empty" in problems[0] and "one.md::first_year:d" in problems[0]
    assert "has no format" in problems[1]
    assert "other roles" in problems[2]


def test_translation_check_catches_a_translation_that_markdown_reads_as_a_list(tmp_path):
    """ "1. Ортаны дайындау" for the heading "1. Set up the environment" is parsed as a list item,
    which Sphinx drops, leaving the English heading; "1\\. Ортаны дайындау" is the heading."""
    from baikonur.book.catalogs import translation_problems

    root = _mini_repo(tmp_path)
    _write_po(
        root / "locales" / "kk" / "LC_MESSAGES" / "chapters" / "one.po",
        "kk",
        {
            "1. Set up the environment": "1. Ортаны дайындау",
            "2. Build the assignments": "2\\. Тапсырмаларды жинау",
            "1957 was the first year.": "1957 жыл бірінші болды.",
        },
    )
    problems = translation_problems(root)
    assert len(problems) == 1, problems
    assert "'1.'" in problems[0] and "1\\\\." in problems[0]


def test_a_toc_caption_without_a_translation_is_named_with_its_catalog(tmp_path):
    """sphinx-external-toc writes the sidebar's captions after Sphinx has translated the page, so
    the editions extension translates them from the landing page's catalog; the check names a
    caption that catalog lacks, and the catalog and msgid to fix."""
    from baikonur.book.catalogs import toc_captions, translation_problems

    root = _mini_repo(tmp_path)
    (root / "_toc.yml").write_text(
        "format: jb-book\nroot: intro\nparts:\n  - caption: Chapters\n    chapters:\n"
        "      - file: chapters/one\n  - caption: Appendices\n    chapters:\n"
        "      - file: chapters/two\n"
    )
    (root / "chapters" / "two.md").write_text("# Two\n")
    assert toc_captions(root) == {"intro": ["Chapters", "Appendices"]}
    messages = root / "locales" / "{}" / "LC_MESSAGES" / "intro.po"
    _write_po(
        Path(str(messages).format("ru")),
        "ru",
        {"Chapters": "Главы", "Appendices": "Приложения"},
    )
    _write_po(Path(str(messages).format("kk")), "kk", {"Chapters": "Тараулар", "Appendices": ""})
    problems = translation_problems(root)
    assert problems == [
        "locales/kk/LC_MESSAGES/intro.po: the _toc.yml caption msgid 'Appendices' is untranslated "
        "in this catalog, so the kk sidebar shows it in English; translate it"
    ]
    # A caption added to _toc.yml after the catalogs were made: not in them at all.
    (root / "_toc.yml").write_text(
        (root / "_toc.yml").read_text().replace("Appendices", "Further reading")
    )
    problems = translation_problems(root)
    assert len(problems) == 2
    assert all("'Further reading' is not in this catalog" in problem for problem in problems)
    assert {problem.split(":")[0] for problem in problems} == {
        "locales/ru/LC_MESSAGES/intro.po",
        "locales/kk/LC_MESSAGES/intro.po",
    }


def test_the_strings_of_the_editions_templates_are_translated():
    """Each ``_('...')`` of the templates the editions extension puts over the themes' (the
    sidebar's labels, the print-only contents' "Page") has a translation in every translated
    edition: in the project's sphinx.po or in Sphinx's own catalog for the language."""
    import gettext

    import sphinx
    from babel.messages.pofile import read_po

    from baikonur.book.editions import TEMPLATES

    wanted = set()
    for template in TEMPLATES.glob("*.html"):
        wanted |= set(re.findall(r"_\('([^']+)'\)", template.read_text(encoding="utf-8")))
    assert "Page" in wanted
    for language in ("ru", "kk"):
        with (REPO / "locales" / language / "LC_MESSAGES" / "sphinx.po").open("rb") as handle:
            ours = {m.id: m.string for m in read_po(handle) if m.id and m.string and not m.fuzzy}
        sphinxs = gettext.translation(
            "sphinx", str(Path(sphinx.__file__).parent / "locale"), [language], fallback=True
        )
        untranslated = [
            text for text in sorted(wanted) if text not in ours and sphinxs.gettext(text) == text
        ]
        assert untranslated == [], (
            f"locales/{language}/LC_MESSAGES/sphinx.po: add msgid {untranslated}"
        )


def test_a_page_that_runs_code_depends_on_the_editions_chart_catalog(tmp_path):
    """Charts take their text from charts.po while the page's cells run: a change to it must make
    Sphinx read the page again, which it would skip as unchanged."""
    from types import SimpleNamespace

    from baikonur.book.editions import _note_chart_catalog

    catalog = tmp_path / "locales" / "kk" / "LC_MESSAGES" / "charts.po"
    catalog.parent.mkdir(parents=True)
    catalog.write_text("")
    noted = []
    app = SimpleNamespace(
        srcdir=str(tmp_path),
        config=SimpleNamespace(language="kk", locale_dirs=["locales"]),
        env=SimpleNamespace(note_dependency=noted.append),
    )
    _note_chart_catalog(app, "chapters/one", ["# One\n\n```{code-cell} ipython3\n1\n```\n"])
    _note_chart_catalog(app, "appendix/glossary", ["# Glossary\n"])
    assert noted == [str(catalog)]
    app.config.language = "en"
    _note_chart_catalog(app, "chapters/one", ["```{code-cell} ipython3\n1\n```\n"])
    assert noted == [str(catalog)]


def test_figure_alt_text_is_extracted_into_the_pages_template(tmp_path):
    """Sphinx's gettext builder misses code cells' ``mystnb.image.alt``; the catalogs tool adds it
    to the page's template, worded exactly as the build's image carries it."""
    from babel.messages.pofile import read_po

    from baikonur.book.catalogs import ALT_COMMENT, add_alt_texts, alt_texts

    alt = "Bar chart of launches per year, highest in the nineteen-eighties."
    assert alt_texts(FIXTURE / "launches.md") == [alt]
    _write_po(tmp_path / "launches.pot", "en", {"Launches from Baikonur": ""})
    _write_po(tmp_path / "intro.pot", "en", {"Baikonur": ""})
    assert add_alt_texts(tmp_path, FIXTURE) == 1
    with (tmp_path / "launches.pot").open("rb") as handle:
        catalog = read_po(handle)
    assert catalog[alt].auto_comments == [ALT_COMMENT]
    assert "Launches from Baikonur" in catalog
    # Every figure of the book has its alt text extracted, one message per figure.
    book = sum(len(alt_texts(page)) for page in sorted((REPO / "chapters").glob("*.md")))
    figures = sum(
        page.read_text(encoding="utf-8").count("  image:\n    alt:")
        for page in sorted((REPO / "chapters").glob("*.md"))
    )
    assert book == figures > 10


def test_interface_catalogs_are_complete_and_cover_what_the_themes_ask_for():
    """Every interface string pydata-sphinx-theme, sphinx-book-theme and sphinx-exercise ask a
    translator for is translated in the Kazakh catalogs (Kazakh has none of its own)."""
    import pydata_sphinx_theme
    import sphinx_book_theme
    import sphinx_exercise
    from babel.messages.pofile import read_po

    from baikonur.book.catalogs import catalog_status

    def ids(path: Path) -> set[str]:
        with path.open("rb") as handle:
            return {message.id for message in read_po(handle) if message.id}

    themes = {
        "sphinx.po": Path(pydata_sphinx_theme.__file__).parent / "locale" / "sphinx.pot",
        "booktheme.po": Path(sphinx_book_theme.__file__).parent
        / "theme"
        / "sphinx_book_theme"
        / "static"
        / "locales"
        / "ru"
        / "LC_MESSAGES"
        / "booktheme.po",
        "exercise.po": Path(sphinx_exercise.__file__).parent
        / "translations"
        / "locales"
        / "ru"
        / "LC_MESSAGES"
        / "exercise.po",
    }
    for name, source in themes.items():
        ours = ids(REPO / "locales" / "kk" / "LC_MESSAGES" / name)
        assert ids(source) - ours == set(), name
    assert all((REPO / "locales" / "kk" / "LC_MESSAGES" / name).exists() for name in UI_CATALOGS)
    for language in ("ru", "kk"):
        for name in UI_CATALOGS:
            if not (REPO / "locales" / language / "LC_MESSAGES" / name).exists():
                continue  # the theme's own catalog for this language has it all
            status = catalog_status(REPO / "locales" / language / "LC_MESSAGES" / name)
            assert (status.untranslated, status.fuzzy) == (0, 0), status.path
            header = status.path.read_text(encoding="utf-8").split("msgid", 1)[0]
            assert "Drafted with" in header and "reviewed" in header, (
                f"{status.path}: say who drafted and reviewed it"
            )


def test_catalogs_in_the_repository_break_no_glue_or_reference():
    from baikonur.book.catalogs import translation_problems

    assert translation_problems() == []


def test_the_site_puts_each_editions_print_edition_in_its_pdf_folder(tmp_path):
    from baikonur.book.editions import assemble_site, edition_output, pdf_output

    build = tmp_path / "_build"
    for code in ("en", "ru", "kk"):
        edition_output(code, build).mkdir(parents=True)
        (edition_output(code, build) / "index.html").write_text(f"<p>{code}</p>")
    # The Kazakh edition's PDFs were printed (make pdf LANG=kk); the Russian ones were not.
    pdf_output("kk", build).mkdir(parents=True)
    for name in ("baikonur.pdf", "baikonur-answer-key.pdf"):
        (pdf_output("kk", build) / name).write_bytes(b"%PDF-1.7 kk " + name.encode())
    site = assemble_site(["en", "ru", "kk"], build=build)
    assert sorted(p.name for p in (site / "kk" / "pdf").iterdir()) == [
        "baikonur-answer-key.pdf",
        "baikonur.pdf",
    ]
    assert (site / "kk" / "pdf" / "baikonur.pdf").read_bytes() == b"%PDF-1.7 kk baikonur.pdf"
    assert not (site / "ru" / "pdf").exists() and not (site / "pdf").exists()
    assert pdf_output("en", build) == build / "pdf"


# --- The small book in three editions -------------------------------------------------------------


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory) -> Path:
    """The test book built in all three editions and assembled as ``make editions`` does."""
    from baikonur.book.editions import EDITIONS_ENV, assemble_site, build_edition

    root = tmp_path_factory.mktemp("editions") / "book"
    shutil.copytree(FIXTURE, root)
    for language in ("ru", "kk"):
        for name in UI_CATALOGS:
            source = REPO / "locales" / language / "LC_MESSAGES" / name
            if source.exists():
                shutil.copy(source, root / "locales" / language / "LC_MESSAGES" / name)
    # The book's own fixes for the theme's accessibility (contrast, labels), as in the book.
    (root / "_static").mkdir()
    for name in ("theme-fixes.css", "theme-fixes.js"):
        shutil.copy(REPO / "_static" / name, root / "_static" / name)
    build = root / "_build"
    for code in ("en", "ru", "kk"):
        try:
            build_edition(code, build=build, root=root, extra_env={EDITIONS_ENV: "en,ru,kk"})
        except SystemExit as error:
            pytest.fail(str(error))
    return assemble_site(["en", "ru", "kk"], build=build)


@pytest.fixture(scope="module")
def site_url(fixture_site):
    with serving(fixture_site) as url:
        yield url


def _html(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


@pytest.mark.build
@pytest.mark.parametrize("prefix,language", [("", "en"), ("ru/", "ru"), ("kk/", "kk")])
def test_each_edition_declares_its_language_and_its_alternates(fixture_site, prefix, language):
    for page in ("intro", "launches"):
        html = _html(fixture_site, f"{prefix}{page}.html")
        assert re.search(rf'<html lang="{language}"', html)
        alternates = dict(
            re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)"', html)
        )
        base = "https://example.invalid/book/"
        assert alternates == {
            "en": f"{base}{page}.html",
            "ru": f"{base}ru/{page}.html",
            "kk": f"{base}kk/{page}.html",
            "x-default": f"{base}{page}.html",
        }


@pytest.mark.build
@pytest.mark.parametrize(
    "prefix,title,numbers,alt",
    [
        ("", "Launches from Baikonur", ["2,093", "92.0", "1957"], "Bar chart of launches per year"),
        (
            "ru/",
            "Запуски с Байконура",
            ["2\xa0093", "92,0", "1957"],
            "Столбчатая диаграмма запусков",
        ),
        (
            "kk/",
            "Байқоңырдан ұшырылымдар",
            ["2\xa0093", "92,0", "1957"],
            "Жылдар бойынша ұшырылымдардың",
        ),
    ],
)
def test_translated_pages_keep_their_glued_numbers_in_the_languages_format(
    fixture_site, prefix, title, numbers, alt
):
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(_html(fixture_site, f"{prefix}launches.html"), "html.parser")
    assert soup.h1.get_text(strip=True).startswith(title)
    assert [span.get_text() for span in soup.select("span.pasted-text")] == numbers
    assert soup.select_one("figure img")["alt"].startswith(alt)


@pytest.mark.build
@pytest.mark.parametrize(
    "prefix,title",
    [("", "Launches per year"), ("ru/", "Запуски по годам"), ("kk/", "Жыл сайынғы ұшырылымдар")],
)
def test_each_edition_executes_its_charts_in_its_language(fixture_site, prefix, title):
    """The chart's title is code output: the edition's kernel draws it from the edition's charts.po."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(_html(fixture_site, f"{prefix}launches.html"), "html.parser")
    svg = (fixture_site / prefix / soup.select_one("figure img")["src"]).read_text(encoding="utf-8")
    assert title in svg
    assert prefix == "" or "Launches per year" not in svg


@pytest.mark.build
def test_kazakh_interface_strings_come_from_the_projects_catalogs(fixture_site):
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(_html(fixture_site, "kk/launches.html"), "html.parser")
    text = soup.get_text(" ", strip=True)
    for kazakh in ("Жаттығу", "Жоғарыға оралу", "Негізгі мазмұнға өту", "Осы бетті жүктеу"):
        assert kazakh in text or kazakh in str(soup), kazakh
    assert soup.select_one("input[name=q]")["placeholder"] == "Кітаптан іздеу..."
    assert soup.select_one("button.primary-toggle")["title"] == "Негізгі бүйір панелін ашу не жабу"
    assert (
        soup.select_one("details summary p.collapsed").get_text(strip=True)
        == "Код ұяшығын көрсету (source)"
    )
    for english in (
        "Back to top",
        "Skip to main content",
        "Search this book",
        "Exercise",
        "Download this page",
        "Toggle primary sidebar",
    ):
        assert english not in str(soup), english
    translations = _html(fixture_site, "kk/_static/translations.js")
    assert "Іздеу аяқталды: сұрауға сәйкес ${resultCount} бет табылды." in translations


@pytest.mark.build
@pytest.mark.parametrize(
    "prefix,caption,page_label,hint,toggle_label",
    [
        ("", "Chapters", "Page", "Click to show", None),
        ("ru/", "Главы", "Страница", "Нажмите, чтобы показать", "Показать или скрыть содержимое"),
        ("kk/", "Тараулар", "Бет", "Көрсету үшін басыңыз", "Жасырын мазмұнды көрсету не жасыру"),
    ],
)
def test_the_sidebar_captions_and_the_themes_labels_are_in_the_editions_language(
    fixture_site, prefix, caption, page_label, hint, toggle_label
):
    """The caption from _toc.yml, the theme's hard-coded aria-label="Page" of the print-only
    contents, sphinx-togglebutton's hint beside the folded solution and its button's label: each in
    the edition's language; myst-nb's English label on a folded cell's summary is gone."""
    from bs4 import BeautifulSoup

    html = _html(fixture_site, f"{prefix}launches.html")
    soup = BeautifulSoup(html, "html.parser")
    captions = [span.get_text(strip=True) for span in soup.select("nav.bd-docs-nav .caption-text")]
    assert captions == [caption]
    assert soup.select_one("#jb-print-toc nav")["aria-label"] == page_label
    assert soup.select_one("details.hide > summary").get("aria-label") is None
    assert "Toggle hidden content" not in html
    assert f"let toggleHintShow = '{hint}';" in html
    if toggle_label:
        assert f"setAttribute('aria-label', \"{toggle_label}\")" in html
        for english in ("Chapters", 'aria-label="Page"', "Click to show", "Click to hide"):
            assert english not in html, english


@pytest.mark.build
@pytest.mark.browser
def test_the_folded_solutions_and_copy_buttons_are_labelled_in_the_editions_language(
    browser, site_url
):
    page = open_page(browser)
    try:
        for prefix, label, copy, copy_name in (
            ("kk/", "Жасырын мазмұнды көрсету не жасыру", "Көшіру", "Алмасу буферіне көшіру"),
            ("ru/", "Показать или скрыть содержимое", "Скопировать", "Скопировать в буфер"),
            ("", "Toggle hidden content", "Copy", "Copy to clipboard"),
        ):
            page.goto(f"{site_url}{prefix}launches.html")
            button = page.locator(".solution .toggle-button")
            button.wait_for()
            assert button.get_attribute("aria-label") == label
            # sphinx-copybutton has Russian but not Kazakh messages; the edition gives it those.
            copy_button = page.locator("button.copybtn").first
            copy_button.wait_for(state="attached")
            assert copy_button.get_attribute("data-tooltip") == copy
            assert copy_button.locator("title").first.text_content() == copy_name
        assert _page_errors(page) == []
    finally:
        page.context.close()


def _page_errors(page) -> list[str]:
    """Console errors, less the theme's doubled thebe script, which the book's own sphinx_ext
    (not loaded by this small book) drops."""
    return [error for error in page.console_errors if "THEBE_JS_URL" not in error]


def _search(page, url: str, query: str) -> tuple[int, str]:
    page.goto(f"{url}search.html?q={query}")
    summary = page.locator("#search-results p.search-summary")
    page.wait_for_function(
        "() => { const s = document.querySelector('#search-results p.search-summary'); return s && s.textContent && !s.textContent.endsWith('...'); }",
        timeout=20000,
    )
    return page.locator("#search-results ul.search > li").count(), summary.inner_text()


@pytest.mark.build
@pytest.mark.browser
def test_search_finds_inflected_kazakh_and_russian_words(browser, site_url):
    page = open_page(browser)
    try:
        # "to Baikonur": in the pages only as "Байқоңыр" and "Байқоңырдан".
        found, summary = _search(page, f"{site_url}kk/", "Байқоңырға")
        assert found == 2, summary
        assert summary == "Іздеу аяқталды: сұрауға сәйкес 2 бет табылды."
        # "to the launches": the chapter has "ұшырылымдар", the intro links to it by its title.
        found, _ = _search(page, f"{site_url}kk/", "ұшырылымдарға")
        assert found == 2
        # Russian: Sphinx's Snowball stemmer; "Байконуре" is only "Байконур" and "Байконура" in the text.
        found, summary = _search(page, f"{site_url}ru/", "Байконуре")
        assert found == 2
        # Sphinx's own Russian catalog leaves this message blank; the project's fills it.
        assert summary == "Поиск завершён. Страниц, соответствующих запросу: 2."
        found, _ = _search(page, f"{site_url}ru/", "запуском")
        assert found == 2
        assert _page_errors(page) == []
    finally:
        page.context.close()


@pytest.mark.build
@pytest.mark.browser
def test_the_language_switcher_keeps_the_reader_on_the_same_page_by_keyboard(browser, site_url):
    page = open_page(browser)
    try:
        page.goto(f"{site_url}launches.html")
        for name, path, language in (
            ("Қазақша", "kk/launches.html", "kk"),
            ("Русский", "ru/launches.html", "ru"),
            ("English", "launches.html", "en"),
        ):
            page.locator(".language-switcher summary").focus()
            page.keyboard.press("Enter")  # opens the list
            for _ in range(4):
                page.keyboard.press("Tab")
                if page.evaluate("document.activeElement.textContent.trim()") == name:
                    break
            assert page.evaluate("document.activeElement.textContent.trim()") == name
            with page.expect_navigation():
                page.keyboard.press("Enter")
            assert page.url == f"{site_url}{path}"
            assert page.evaluate("document.documentElement.lang") == language
            current = page.locator(".language-switcher [aria-current=page]")
            assert current.get_attribute("lang") == language
        assert _page_errors(page) == []
    finally:
        page.context.close()


@pytest.mark.build
@pytest.mark.browser
@pytest.mark.parametrize("theme", ["light", "dark"])
def test_the_switcher_fits_a_phone_and_passes_axe(browser, site_url, axe_script, theme):
    page = open_page(browser, viewport={"width": 360, "height": 740}, color_scheme=theme)
    try:
        page.goto(f"{site_url}kk/launches.html")
        page.wait_for_load_state("load")
        assert page.evaluate("document.documentElement.dataset.theme") == theme
        summary = page.locator(".language-switcher summary")
        targets = [summary]
        summary.click()
        targets += page.locator(".language-switcher li > *").all()
        assert len(targets) == 4
        for item in targets:
            box = item.bounding_box()
            assert item.is_visible()
            assert box["x"] >= 0 and box["x"] + box["width"] <= 360, box
            assert box["height"] >= 43.5 and box["width"] >= 43.5, box
        # The list opens over the page, not under the header's other buttons.
        link = page.locator(".language-switcher a", has_text="English")
        box = link.bounding_box()
        assert (
            page.evaluate(
                f"document.elementFromPoint({box['x'] + 5}, {box['y'] + box['height'] / 2}).textContent.trim()"
            )
            == "English"
        )
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        serious = serious_axe_violations(page, axe_script)
        assert serious == {}
    finally:
        page.context.close()


def test_catalog_update_takes_the_python_format_flag_off_so_a_kazakh_percentage_passes_msgfmt(
    tmp_path,
):
    from baikonur.book.catalogs import drop_python_format

    po = tmp_path / "history.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        "#: ../../../../chapters/history.md:10\n#, python-format, python-brace-format\n"
        'msgid "That is {glue:text}`share:.1f`% of the world\'s launches."\n'
        'msgstr "Бұл әлемдегі ұшырулардың {glue:text}`history.md::share:.1f`%-ы."\n',
        encoding="utf-8",
    )
    msgfmt = shutil.which("msgfmt")
    check = [msgfmt, "-c", "-o", "/dev/null", str(po)]
    if msgfmt:
        assert subprocess.run(check, capture_output=True).returncode != 0, (
            "msgfmt accepted the flagged message"
        )
    drop_python_format(po)
    text = po.read_text(encoding="utf-8")
    assert "#, python-brace-format\n" in text and "python-format," not in text
    assert "%-ы." in text, "the translation itself must stay as written"
    if msgfmt:
        result = subprocess.run(check, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_every_catalog_of_the_edition_is_complete_and_the_edition_is_published(language):
    from baikonur.book.catalogs import language_status, published_languages

    statuses, missing_pages = language_status(language)
    assert missing_pages == []
    left = [
        (status.path.name, status.untranslated, status.fuzzy)
        for status in statuses
        if not status.complete
    ]
    assert left == [], f"untranslated or fuzzy messages in {language}: {left}"
    assert language in published_languages()


@pytest.mark.build
@pytest.mark.slow
def test_the_catalogs_hold_every_message_of_the_english_book(tmp_path):
    """The templates made from the English book as it is now (pages, alt text, chart text, quiz
    banks and words) against the catalogs: an English sentence changed or added without its
    translation fails here, naming the catalog and the sentence."""
    from babel.messages.pofile import read_po

    from baikonur.book.catalogs import make_templates

    pot_dir = make_templates(tmp_path / "gettext")
    templates = {
        pot.relative_to(pot_dir).with_suffix("").as_posix() for pot in pot_dir.rglob("*.pot")
    }
    from baikonur.quiz.bank import bank_names

    expected = {*toc_page_names(), "charts", "quiz", *(f"quizzes/{name}" for name in bank_names())}
    assert expected <= templates, sorted(expected - templates)
    problems, checked = [], 0
    for pot in sorted(pot_dir.rglob("*.pot")):
        with pot.open("rb") as handle:
            wanted = {(m.context, m.id) for m in read_po(handle) if m.id}
        checked += len(wanted)
        relative = pot.relative_to(pot_dir).with_suffix(".po")
        for language in ("ru", "kk"):
            po = REPO / "locales" / language / "LC_MESSAGES" / relative
            if not po.exists():
                problems.append(f"{po.relative_to(REPO)}: missing (run `make catalogs`)")
                continue
            with po.open("rb") as handle:
                have = {
                    (m.context, m.id) for m in read_po(handle) if m.id and m.string and not m.fuzzy
                }
            problems += [
                f"{po.relative_to(REPO)}: no translation of {msgid[:70]!r}"
                for context, msgid in sorted(wanted - have, key=str)
            ]
    assert checked > 1200  # the book's pages, figures, charts and quizzes
    assert problems == [], f"{len(problems)} messages untranslated:\n" + "\n".join(problems[:30])
