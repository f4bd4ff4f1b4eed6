"""The Russian and Kazakh print editions (``make pdf LANG=ru``, ``make pdf LANG=kk``), read back
from their PDFs: in the edition's language (document language, title, cover, contents, answer-key
headings, every page's headings from its catalog), the Kazakh text in one family with no letter
taken from another font, every line inside the printable area. One build per edition serves the
session (``print_edition_ru``, ``print_edition_kk``). The first tests need no build: the catalogs
hold every string the print edition writes, and the font check and the cover's date work."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from baikonur.book.pdf import (
    CONTENTS,
    EXERCISES,
    KEY_SUBTITLE,
    KEY_TITLE,
    LICENCE,
    PRINT_TEXTS,
    VERSION_LINE,
    PrintError,
)
from conftest import REPO, missing, toc_page_names

EDITIONS = ["ru", "kk"]
KAZAKH_LETTERS = "ӘҒҚҢӨҰҮҺІәғқңөұүһі"


def catalog(language: str, domain: str) -> dict[str, str]:
    """``locales/<language>/LC_MESSAGES/<domain>.po``: msgid -> msgstr, translated ones only."""
    from babel.messages.pofile import read_po

    with (REPO / "locales" / language / "LC_MESSAGES" / f"{domain}.po").open("rb") as handle:
        return {
            m.id: m.string for m in read_po(handle) if isinstance(m.id, str) and m.id and m.string
        }


def config() -> dict:
    import yaml

    return yaml.safe_load((REPO / "_config.yml").read_text(encoding="utf-8"))


# --- Without a build ----------------------------------------------------------------------------


@pytest.mark.parametrize("language", EDITIONS)
def test_the_interface_catalog_translates_everything_the_print_edition_writes(language):
    messages = catalog(language, "baikonur")
    wanted = [*PRINT_TEXTS, config()["title"], config()["author"]]
    assert [text for text in wanted if not messages.get(text)] == []
    for text in PRINT_TEXTS:
        fields = sorted(re.findall(r"\{(\w+)\}", text))
        assert sorted(re.findall(r"\{(\w+)\}", messages[text])) == fields, text


def test_the_cover_is_in_the_editions_language_with_its_date(monkeypatch):
    from baikonur.book.pdf import edition

    # 6 December 2026, noon UTC
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1796558400")
    english = edition(REPO)
    assert (english.title, english.date, english.text(CONTENTS)) == (
        config()["title"],
        "6 December 2026",
        "Contents",
    )
    kazakh = edition(REPO, "kk")
    assert kazakh.title == catalog("kk", "baikonur")[config()["title"]]
    assert re.fullmatch(r"2026\s?ж\.\s6 желтоқсан", kazakh.date), kazakh.date
    assert kazakh.text(CONTENTS) == "Мазмұны"
    russian = edition(REPO, "ru")
    assert re.fullmatch(r"6 декабря 2026\s?г\.", russian.date), russian.date
    assert russian.text(VERSION_LINE, version="1.1.0", date=russian.date).startswith(
        "Версия 1.1.0, 6 декабря"
    )


def test_a_string_missing_from_the_catalog_stops_the_print():
    from baikonur.book.pdf import edition

    kazakh = edition(REPO, "kk")
    with pytest.raises(PrintError, match="baikonur.po has no translation of 'Not in any catalog'"):
        kazakh.text("Not in any catalog")


def test_the_font_check_names_the_package_when_letters_would_come_from_another_font(monkeypatch):
    import matplotlib

    from baikonur.book import pdf

    # A font without a single Cyrillic letter, as fontconfig's answer for Liberation Sans.
    computer_modern = str(Path(matplotlib.get_data_path(), "fonts", "ttf", "cmr10.ttf"))
    monkeypatch.setattr(pdf, "font_file", lambda family, style: (family, computer_modern))
    with pytest.raises(PrintError, match="lacks the letters .*Ә.*fonts-liberation2"):
        pdf.check_fonts("kk")
    pdf.check_fonts("en")  # English prints with whatever the theme's list finds, as before
    # A font fontconfig does not have: it offers another family in its place.
    monkeypatch.setattr(pdf, "font_file", lambda family, style: ("DejaVu Sans", computer_modern))
    with pytest.raises(PrintError, match="is not installed .*fonts-liberation2"):
        pdf.check_fonts("ru")


def test_the_print_stylesheet_names_liberation_sans_first_and_this_machine_has_it():
    from baikonur.book.pdf import FONT_STYLES, body_font, check_fonts, font_file

    assert body_font() == "Liberation Sans"
    if shutil.which("fc-match") is None:
        pytest.skip("fontconfig's fc-match is not installed")
    if any(font_file("Liberation Sans", style)[0] != "Liberation Sans" for style in FONT_STYLES):
        missing("Liberation Sans is not installed: apt-get install fonts-liberation2")
    check_fonts("kk")


# --- The built editions ---------------------------------------------------------------------------


@pytest.fixture(scope="module", params=EDITIONS)
def printed(request) -> tuple[str, dict[str, Path]]:
    """(language, the edition's print build)."""
    return request.param, request.getfixturevalue(f"print_edition_{request.param}")


def text_of(pdf: Path, first: int | None = None, last: int | None = None) -> str:
    """pdftotext's text, white space collapsed (lines break wherever the page says)."""
    command = ["pdftotext", "-enc", "UTF-8"]
    if first:
        command += ["-f", str(first)]
    if last:
        command += ["-l", str(last)]
    result = subprocess.run([*command, str(pdf), "-"], capture_output=True, text=True, check=True)
    return " ".join(result.stdout.split())


def squeezed(text: str) -> str:
    """Without white space: a line may break anywhere in a title (see tests/test_pdf.py)."""
    return "".join(text.replace("’", "'").split())


@pytest.fixture(scope="module")
def texts(printed) -> dict[str, str]:
    _, build = printed
    if shutil.which("pdftotext") is None:
        missing("pdftotext not found: install Debian's poppler-utils")
    return {which: text_of(build[which]) for which in ("book", "key")}


@pytest.mark.parametrize("which", ["book", "key"])
@pytest.mark.build
@pytest.mark.slow
def test_pdf_is_tagged_in_the_editions_language_with_its_title(printed, which):
    import pikepdf

    language, build = printed
    title = catalog(language, "baikonur")[config()["title"]]
    if which == "key":
        title = catalog(language, "baikonur")[KEY_TITLE].format(title=title)
    with pikepdf.open(build[which]) as pdf:
        assert str(pdf.Root.Lang) == language
        metadata = pdf.open_metadata()
        assert metadata.get("dc:language") == {language}
        assert metadata.get("dc:title") == title
        assert str(pdf.docinfo["/Title"]) == title
        if which == "book":
            # The assignments' rubrics are still in English, and their structure elements say so.
            from test_pdf import structure_elements

            from baikonur.book.assignments import assignment_names
            from baikonur.book.rubrics import rubric_path

            english = [
                e
                for e in structure_elements(pdf.Root.StructTreeRoot)
                if str(e.get("/Lang")) == "en"
            ]
            rubrics = [name for name in assignment_names() if rubric_path(name).exists()]
            assert rubrics and len(english) >= len(rubrics)
    html = (build["html"] / ("book.html" if which == "book" else "answer-key.html")).read_text()
    assert re.search(rf'<html[^>]* lang="{language}"', html)


@pytest.mark.build
@pytest.mark.slow
def test_cover_contents_and_answer_key_are_in_the_editions_language(printed, texts):
    from babel.dates import get_month_names

    from baikonur import __version__

    language, build = printed
    messages = catalog(language, "baikonur")
    cover = squeezed(text_of(build["book"], 1, 1))
    for english in (config()["title"], config()["author"], LICENCE):
        assert squeezed(messages[english]) in cover, english
    before, after = squeezed(messages[VERSION_LINE].format(version=__version__, date="\0")).split(
        "\0"
    )
    assert before in cover and after in cover
    months = {squeezed(name) for name in get_month_names("wide", locale=language).values()}
    months |= {squeezed(name) for name in get_month_names("wide", "stand-alone", language).values()}
    assert any(month in cover for month in months), f"no {language} month on the cover: {cover}"
    assert "Version" not in cover
    assert squeezed(messages[CONTENTS]) in squeezed(text_of(build["book"], 2, 2))
    key_cover = squeezed(text_of(build["key"], 1, 1))
    assert squeezed(messages[KEY_SUBTITLE]) in key_cover
    assert squeezed(messages[EXERCISES]) in squeezed(texts["key"])
    printed_text = squeezed(texts["book"] + texts["key"])
    for english in ("Contents", "Answer key for teachers", "answer-key PDF", "Text, figures"):
        assert squeezed(english) not in printed_text, f"“{english}” is still English"
    # The quizzes print in the edition's language, and their answer keys too.
    from baikonur.quiz.bank import bank_names, bank_path, load_bank
    from baikonur.quiz.words import translated

    words = translated(language, REPO / "locales")
    for name in bank_names():
        bank = load_bank(bank_path(name), language=language)
        english = load_bank(bank_path(name), language="en")
        assert squeezed(bank.title) in squeezed(texts["book"]), name
        assert squeezed(words["answer_key"].format(topic=bank.topic)) in squeezed(texts["key"])
        assert squeezed(english.title) not in printed_text, name


def headings(source: Path) -> list[str]:
    """The page's headings, levels 1 to 4 (``#`` to ``####`` lines outside fenced blocks), as
    written: the catalogs' msgids."""
    found, fence = [], ""
    for line in source.read_text(encoding="utf-8").splitlines():
        if fence:
            fence = "" if line.strip() == fence else fence
        elif line.startswith(("```", ":::")):
            fence = re.match(r"[`:]+", line).group(0)
        elif re.match(r"#{1,4} ", line):
            found.append(line.split(" ", 1)[1].strip())
    return found


def plain(markdown: str) -> str:
    """A heading's text as printed: without code backticks, emphasis and escapes."""
    return re.sub(r"\\(.)", r"\1", markdown.replace("`", "").replace("*", ""))


@pytest.mark.build
@pytest.mark.slow
def test_every_heading_is_printed_as_the_catalog_translates_it(printed, texts):
    """Every heading of every page, chapters and appendices, in the edition's words. (A translation
    that Sphinx cannot read as a heading, such as "1. ..." read as a list, leaves it in English.)"""
    language, _ = printed
    text = squeezed(texts["book"])
    checked = 0
    for page in toc_page_names():
        messages = catalog(language, page)
        for heading in headings(next(REPO.glob(f"{page}.md"))):
            translation = messages.get(heading)
            assert translation, f"{language}: {page}.po lacks “{heading}”"
            assert squeezed(plain(translation)) in text, (
                f"{language}: {page}: “{plain(translation)}” is not printed (for “{heading}”)"
            )
            checked += 1
    assert checked > 100


@pytest.mark.build
@pytest.mark.slow
def test_every_text_line_ends_inside_the_printable_area(printed):
    from test_pdf import MARGIN, MM, read_pages

    language, build = printed
    left = float(MARGIN["left"].removesuffix("mm")) * MM
    right = float(MARGIN["right"].removesuffix("mm")) * MM
    for which in ("book", "key"):
        outside = [
            (number, round(x0), round(x1), text[:60])
            for number, page in enumerate(read_pages(build[which]), 1)
            for x0, x1, text in page.lines
            if x0 < left - 1 or x1 > page.width - right + 1
        ]
        assert outside == [], f"{language} {which}: text past the margins: {outside[:10]}"


def pdffonts_families(pdf: Path) -> set[str]:
    """The font families pdffonts lists (``ABCDEF+LiberationSans-Bold`` -> ``LiberationSans``)."""
    if shutil.which("pdffonts") is None:
        missing("pdffonts not found: install Debian's poppler-utils")
    lines = subprocess.run(
        ["pdffonts", str(pdf)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    return {line.split()[0].split("+")[-1].split("-")[0] for line in lines if line.strip()}


def characters_by_font(pdf: Path) -> list[tuple[int, str, str, bool]]:
    """Every character drawn: (page, font family, character, whether it is inside a figure's marked
    content). Chromium draws a chart's text itself, in the chart's own font, marked /Figure."""
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LTChar
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage

    class Tagged(PDFPageAggregator):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.tags: list[str] = []

        def begin_tag(self, tag, props=None):
            self.tags.append(getattr(tag, "name", str(tag)))
            super().begin_tag(tag, props)

        def end_tag(self):
            if self.tags:
                self.tags.pop()
            super().end_tag()

        def render_char(self, *args, **kwargs):
            advance = super().render_char(*args, **kwargs)
            self.cur_item._objs[-1].in_figure = "Figure" in self.tags
            return advance

    found = []
    with pdf.open("rb") as handle:
        resources = PDFResourceManager()
        device = Tagged(resources, laparams=None)
        interpreter = PDFPageInterpreter(resources, device)
        for number, page in enumerate(PDFPage.get_pages(handle), 1):
            interpreter.process_page(page)
            for item in device.get_result():
                if isinstance(item, LTChar):
                    family = item.fontname.split("+")[-1].split("-")[0]
                    found.append((number, family, item.get_text(), item.in_figure))
    return found


@pytest.mark.build
@pytest.mark.slow
def test_kazakh_text_is_set_in_liberation_sans_with_no_letter_from_another_font(print_edition_kk):
    """The fallback this guards against: a font without Ә, Қ, Ү... for the text, and Chromium
    taking those letters from another font (DejaVu Sans) in the middle of words."""
    import matplotlib as mpl

    from baikonur.charts import apply_style

    text_families = {"LiberationSans", "LiberationMono"}
    # The answer key has no chart: pdffonts lists the text's fonts and nothing else.
    assert pdffonts_families(print_edition_kk["key"]) <= text_families
    # The book's charts keep their own family (baikonur.charts names it), drawn inside figures.
    apply_style()
    chart_family = mpl.rcParams["font.sans-serif"][0].replace(" ", "")
    assert pdffonts_families(print_edition_kk["book"]) <= text_families | {chart_family}
    characters = characters_by_font(print_edition_kk["book"])
    stray = sorted(
        {
            (page, family)
            for page, family, _, in_figure in characters
            if not in_figure and family not in text_families
        }
    )
    assert stray == [], f"text outside the figures set in another family (page, family): {stray}"
    kazakh = [
        (family, in_figure) for _, family, char, in_figure in characters if char in KAZAKH_LETTERS
    ]
    outside = [family for family, in_figure in kazakh if not in_figure]
    assert len(outside) > 1000 and set(outside) == {"LiberationSans"}, set(outside)
    assert len(kazakh) > len(outside)  # the charts' Kazakh text is in the PDF too, inside figures
