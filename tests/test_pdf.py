"""The print edition (``make pdf``), read back from its PDFs: every page of the table of contents
with a bookmark per chapter and section, tagged and in English, every quiz as a question sheet
without its answers, nothing that only makes sense on a screen, every line of text inside the
printable area, links that land inside the PDF, and an answer key that holds every quiz's answers
and every exercise's solution. One build serves the session (the ``print_edition`` fixture)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from baikonur.book.pdf import BOOK_PDF, KEY_PDF, MARGIN
from baikonur.quiz import load_quiz
from baikonur.quiz.static import format_answer
from conftest import REPO, chapter_files, open_page

pytestmark = [pytest.mark.build, pytest.mark.slow]

CHAPTERS = [path.stem for path in chapter_files()]
MM = 72 / 25.4
# Text a reader could only use on a screen: myst-nb's code toggles, the theme's search, launch and
# repository menus, the copy buttons, the quiz's buttons and score, and raw TeX. (Colab is not in
# the list: the instructor guide names it in its prose, as a place to run the notebooks; the launch
# menu's "Binder" item stands for the menu.)
SCREEN_ONLY = [
    "Show code cell",
    "Hide code cell",
    "Toggle",
    "Search",
    "Ctrl+K",
    "Skip to main content",
    "Back to top",
    "Binder",
    "Open issue",
    "Print to PDF",
    "Copy",
    "Check answer",
    "Reset answers",
    "Score:",
    "Revisit",
    "Save results",
    "Your name",
    "Not started",
]
RAW_TEX = ["\\(", "\\)", "\\[", "\\]", "$$", "\\frac", "\\begin{"]


@dataclass
class Page:
    width: float
    lines: list[tuple[float, float, str]]  # left, right, text

    @property
    def text(self) -> str:
        return "\n".join(text for _, _, text in self.lines)


def read_pages(pdf: Path) -> list[Page]:
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTTextLine

    def lines(container):
        for item in container:
            if isinstance(item, LTTextLine):
                yield item.x0, item.x1, item.get_text().strip()
            elif hasattr(item, "__iter__"):
                yield from lines(item)

    return [Page(page.width, list(lines(page))) for page in extract_pages(pdf)]


def flat(text: str) -> str:
    """Text with every run of white space made one space (lines wrap wherever the page says) and
    typographic apostrophes made plain (the book sets them; the sources type them plain)."""
    return " ".join(text.replace("’", "'").split())


def squeezed(text: str) -> str:
    """Text without white space, for comparing text that a line may break anywhere in: where
    Chromium breaks a line depends on the machine's fonts, and a break after a hyphen, a dash or a
    slash (or inside a long word of code) is read back as white space where the source has none.
    Both sides of every comparison of printed text go through this."""
    return "".join(flat(text).split())


@pytest.fixture(scope="module")
def book_pages(print_edition) -> list[Page]:
    return read_pages(print_edition["book"])


@pytest.fixture(scope="module")
def book_text(book_pages) -> str:
    return flat(" ".join(page.text for page in book_pages))


@pytest.fixture(scope="module")
def key_pages(print_edition) -> list[Page]:
    return read_pages(print_edition["key"])


@pytest.fixture(scope="module")
def key_text(key_pages) -> str:
    return flat(" ".join(page.text for page in key_pages))


def title_of(page: str) -> str:
    """The page's title: the first ``# `` heading of its MyST source."""
    source = (REPO / f"{page}.md").read_text()
    return next(line[2:].strip() for line in source.splitlines() if line.startswith("# "))


def section_titles(page: str) -> list[str]:
    source = (REPO / f"{page}.md").read_text()
    return [line[3:].strip() for line in source.splitlines() if line.startswith("## ")]


def unnumbered(title: str) -> str:
    """A bookmark's title without its section number: "1.2. Overview" -> "Overview"."""
    return re.sub(r"^(\d+\.)+ ", "", flat(title))


def bookmarks(reader: PdfReader) -> list[tuple[int, str, int]]:
    """Every bookmark as (depth, title, page number from 1), in order."""
    found = []

    def walk(items, depth):
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                found.append((depth, item.title, reader.get_destination_page_number(item) + 1))

    walk(reader.outline, 0)
    return found


def test_book_has_a_plausible_number_of_pages(print_edition, toc_pages):
    pages = len(PdfReader(print_edition["book"]).pages)
    assert 4 * len(toc_pages) <= pages <= 400, (
        f"{pages} pages for {len(toc_pages)} pages of the table of contents"
    )
    assert len(CHAPTERS) <= len(PdfReader(print_edition["key"]).pages) <= 120


def test_every_page_of_the_toc_is_a_top_level_bookmark_in_order(print_edition, toc_pages):
    top = [
        unnumbered(title)
        for depth, title, _ in bookmarks(PdfReader(print_edition["book"]))
        if depth == 0
    ]
    found = [
        next((n for n, title in enumerate(top) if title == flat(title_of(page))), None)
        for page in toc_pages
    ]
    assert None not in found, (
        f"no bookmark for {[title_of(p) for p, n in zip(toc_pages, found, strict=True) if n is None]}: {top}"
    )
    assert found == sorted(found), "the bookmarks are not in the order of _toc.yml"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_section_of_a_chapter_has_a_bookmark_inside_the_chapter(print_edition, chapter):
    marks = bookmarks(PdfReader(print_edition["book"]))
    start = next(
        n
        for n, (depth, title, _) in enumerate(marks)
        if depth == 0 and unnumbered(title) == flat(title_of(f"chapters/{chapter}"))
    )
    end = next((n for n in range(start + 1, len(marks)) if marks[n][0] == 0), len(marks))
    inside = [unnumbered(title) for depth, title, _ in marks[start + 1 : end] if depth == 1]
    assert inside == [flat(section) for section in section_titles(f"chapters/{chapter}")]


def test_contents_give_the_page_each_chapter_starts_on(print_edition):
    reader = PdfReader(print_edition["book"])
    starts = {title: page for depth, title, page in bookmarks(reader) if depth == 0}
    # pypdf reads a page in drawing order, so each title comes with its page number.
    contents = flat(" ".join(page.extract_text() for page in reader.pages[1:6]))
    for chapter in CHAPTERS:
        title = next(t for t in starts if unnumbered(t) == flat(title_of(f"chapters/{chapter}")))
        # The title may wrap anywhere (a space read back where the source has none, or none where
        # it has one); the page number stands apart from what follows.
        anywhere = r"\s?".join(map(re.escape, squeezed(title)))
        assert re.search(anywhere + r"\s?" + str(starts[title]) + r"\b", contents), (
            f"the contents do not say that “{title}” starts on page {starts[title]}"
        )


@pytest.mark.parametrize("which", ["book", "key"])
def test_pdf_is_tagged_in_english_with_a_title(print_edition, which):
    reader = PdfReader(print_edition[which])
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] == True  # noqa: E712 - pypdf's BooleanObject compares with bool
    assert "/StructTreeRoot" in root and root["/StructTreeRoot"].get_object().get("/K") is not None
    assert root["/Lang"] == "en"
    assert reader.metadata.title.startswith(title_of("intro"))


def test_cover_carries_title_version_date_and_licence(book_pages):
    from baikonur import __version__

    cover = squeezed(book_pages[0].text)
    assert squeezed(title_of("intro")) in cover
    assert f"Version{__version__}" in cover
    assert re.search(r"(?<!\d)\d{1,2}[A-Z][a-z]+20\d\d(?!\d)", cover), cover
    assert "CCBY4.0" in cover and "MIT" in cover


def test_every_page_title_and_every_quiz_prompt_is_in_the_text(book_text, toc_pages):
    text = squeezed(book_text)
    for page in toc_pages:
        assert squeezed(title_of(page)) in text, f"“{title_of(page)}” is not in the book"
    for chapter in CHAPTERS:
        bank = load_quiz(chapter).bank
        assert squeezed(bank.title) in text
        for question in bank.questions:
            assert squeezed(question.prompt) in text, (
                f"{chapter}: the prompt of {question.id} is not in the book"
            )


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_quiz_sheet_letters_every_option_and_leaves_a_line_for_numbers(book_text, chapter):
    bank = load_quiz(chapter).bank
    text = squeezed(book_text)
    sheet = text[text.index(squeezed(bank.title)) :]
    for number, question in enumerate(bank.questions, 1):
        start = sheet.index(f"{number}.{squeezed(question.prompt)}")
        following = bank.questions[number:]
        end = (
            sheet.index(f"{number + 1}.{squeezed(following[0].prompt)}")
            if following
            else len(sheet)
        )
        # The letters stand in a column of their own, so a wrapped option's letters may be read back
        # before the question's number or inside the text of the option above: look a little before
        # the question, and read the options' text with the letters taken out.
        block = sheet[max(0, start - 8) : end]
        unlettered = re.sub(r"(?:[A-J]\.)+", "", block)
        choices = question.starting_order() if question.type == "ordering" else question.options
        for letter, choice in zip("ABCDEFGHIJ", choices, strict=False):
            assert f"{letter}." in block, f"{chapter}/{question.id}: option {letter} has no letter"
            assert re.sub(r"(?:[A-J]\.)+", "", squeezed(choice.text)) in unlettered, (
                f"{chapter}/{question.id}: option {letter} is missing"
            )
        if question.type == "numeric":
            assert "Youranswer" in block
        if question.type == "ordering":
            assert "Order:" in block


def test_quiz_answers_and_explanations_stay_out_of_the_book(book_text):
    for chapter in CHAPTERS:
        for question in load_quiz(chapter).bank.questions:
            assert squeezed(question.explanation) not in squeezed(book_text), (
                f"{chapter}/{question.id}: the book gives its explanation away"
            )


def test_exercise_solutions_are_only_in_the_answer_key(book_text, key_text):
    solutions = sum(path.read_text().count("```{solution-start}") for path in chapter_files())
    assert squeezed(book_text).count("SolutiontoExercise") == 0
    assert len(re.findall(r"SolutiontoExercise\d+\.\d+", squeezed(key_text))) == solutions


@pytest.mark.parametrize("which", ["book", "key"])
def test_no_screen_only_text_raw_tex_or_icon_glyphs(request, which):
    text = request.getfixturevalue(f"{which}_text")
    joined = squeezed(text)
    for phrase in SCREEN_ONLY + RAW_TEX:
        assert squeezed(phrase) not in joined, (
            f"the {which} PDF shows “{phrase}”: {joined[max(0, joined.index(squeezed(phrase)) - 80) : joined.index(squeezed(phrase)) + 80]}"
        )
    icons = sorted(
        {hex(ord(c)) for c in text if 0xE000 <= ord(c) <= 0xF8FF or 0xFB00 <= ord(c) <= 0xFB06}
    )
    assert icons == [], f"the {which} PDF's text holds icon-font glyphs or ligatures: {icons}"


@pytest.mark.parametrize("which", ["book", "key"])
def test_every_text_line_ends_inside_the_printable_area(request, which):
    pages = request.getfixturevalue(f"{which}_pages")
    left = float(MARGIN["left"].removesuffix("mm")) * MM
    right = float(MARGIN["right"].removesuffix("mm")) * MM
    outside = [
        (number, round(x0), round(x1), text[:60])
        for number, page in enumerate(pages, 1)
        for x0, x1, text in page.lines
        if x0 < left - 1 or x1 > page.width - right + 1
    ]
    assert outside == [], f"text runs past the margins (page, left, right, text): {outside[:10]}"


def test_links_land_inside_the_pdf_and_references_still_read(print_edition, book_text):
    reader = PdfReader(print_edition["book"])
    names = set(reader.named_destinations)
    internal = dangling = 0
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            target = annotation.get("/Dest")
            if target is None:
                action = annotation.get("/A") or {}
                assert not str(action.get("/URI", "")).startswith("file:"), (
                    f"a link leads to a local file: {action['/URI']}"
                )
                continue
            internal += 1
            dangling += isinstance(target, str) and target not in names
    assert internal > 100 and dangling == 0, (
        f"{internal} links inside the PDF, {dangling} of them lead nowhere"
    )
    joined = squeezed(book_text)
    assert re.search(r"Fig\.1\.1(?!\d)", joined) and re.search(r"Exercise1\.1(?!\d)", joined)
    assert "(McDowell,2025)" in joined


def test_figures_print_as_vectors_or_at_300_dpi(print_edition):
    import base64
    import io

    from PIL import Image

    text_width_inches = (
        210 - float(MARGIN["left"].removesuffix("mm")) - float(MARGIN["right"].removesuffix("mm"))
    ) / 25.4
    html = BeautifulSoup((print_edition["html"] / "book.html").read_text(), "html.parser")
    sources = [img["src"] for img in html.select("article img")]
    assert len(sources) >= len(CHAPTERS)
    for source in sources:
        if source.endswith(".svg") or source.startswith("data:image/svg+xml"):
            continue
        assert source.startswith("data:image/png;base64,"), (
            f"a figure is neither SVG nor an embedded PNG: {source[:80]}"
        )
        width = Image.open(io.BytesIO(base64.b64decode(source.split(",", 1)[1]))).width
        assert width / text_width_inches >= 300, f"a figure {width} px wide prints at under 300 dpi"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_answer_key_holds_the_quiz_answers_lettered_as_on_the_sheet(key_text, chapter):
    bank = load_quiz(chapter).bank
    key = squeezed(key_text)
    key = key[key.index(squeezed("Answer key: " + bank.topic)) :]
    for question in bank.questions:
        if question.type in ("single", "multiple"):
            letters = {option.id: "ABCDEFGHIJ"[n] for n, option in enumerate(question.options)}
            answers = [question.answer] if question.type == "single" else question.answer
            expected = [
                f"{letters[a]}. {flat(next(o.text for o in question.options if o.id == a))}"
                for a in answers
            ]
        elif question.type == "numeric":
            expected = [format_answer(question.answer, question.tolerance / 10)]
            printed = float(expected[0].split()[0].replace(",", ""))
            assert abs(printed - question.answer) <= question.tolerance / 10 + 1e-9, (
                f"{question.id}: {printed}"
            )
        else:
            letters = {item.id: "ABCDEFGHIJ"[n] for n, item in enumerate(question.starting_order())}
            expected = ["Correct order: " + ", ".join(letters[item.id] for item in question.items)]
        for answer in expected + [flat(question.explanation)]:
            assert squeezed(answer) in key, (
                f"{chapter}/{question.id}: the answer key lacks “{answer}”"
            )


def test_landing_page_links_the_pdfs_that_make_pdf_copies_into_the_html_build(
    book_html, print_edition, tmp_path
):
    from baikonur.book.pdf import publish

    site = tmp_path / "html"
    site.mkdir()
    (site / "intro.html").write_text((book_html / "intro.html").read_text())
    publish([print_edition["book"], print_edition["key"]], site)
    links = [
        a["href"]
        for a in BeautifulSoup((site / "intro.html").read_text(), "html.parser").select(
            "a[href$='.pdf']"
        )
    ]
    assert sorted(links) == sorted([f"pdf/{BOOK_PDF}", f"pdf/{KEY_PDF}"])
    for link in links:
        assert (site / link).read_bytes()[:5] == b"%PDF-", (
            f"the landing page's link {link} leads nowhere"
        )


@pytest.mark.browser
def test_a_page_printed_in_dark_mode_prints_light_without_the_screen_chrome(
    browser, book_url, tmp_path
):
    page = open_page(browser, color_scheme="dark")
    page.goto(f"{book_url}chapters/history.html")
    page.evaluate("document.documentElement.dataset.theme = 'dark'")
    pdf = tmp_path / "page.pdf"
    page.pdf(path=str(pdf))
    page.context.close()
    first = squeezed(read_pages(pdf)[0].text)
    assert "Search" not in first and "Showcodecell" not in first
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTChar

    def colours(container):
        for item in container:
            if isinstance(item, LTChar):
                yield item.graphicstate.ncolor
            elif hasattr(item, "__iter__"):
                yield from colours(item)

    light = [
        c
        for c in colours(next(extract_pages(pdf)))
        if isinstance(c, tuple) and len(c) == 3 and min(c) > 0.6
    ]
    assert light == [], (
        f"{len(light)} characters print in a light colour (dark mode reached the page)"
    )


def structure_elements(element):
    """Every structure element under ``element`` (pikepdf), depth first."""
    import pikepdf

    kids = element.get("/K")
    kids = list(kids) if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []
    for kid in kids:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield kid
            yield from structure_elements(kid)


@pytest.mark.parametrize("which", ["book", "key"])
def test_pdf_carries_what_pdf_ua_asks_xmp_identifier_link_descriptions_and_figure_alt_text(
    print_edition, which
):
    import pikepdf

    with pikepdf.open(print_edition[which]) as pdf:
        metadata = pdf.open_metadata()
        assert metadata.get("pdfuaid:part") == "1", "no PDF/UA identifier in the XMP metadata"
        assert (
            metadata.get("dc:title", "").startswith(title_of("intro"))
            and str(pdf.docinfo["/Title"]) == metadata["dc:title"]
        )
        assert "en" in metadata.get("dc:language", set())
        assert pdf.Root.MarkInfo.Marked == True  # noqa: E712 - pikepdf's Boolean
        assert pdf.Root.ViewerPreferences.DisplayDocTitle == True  # noqa: E712
        links = [
            a
            for page in pdf.pages
            for a in page.obj.get("/Annots") or []
            if a.get("/Subtype") == "/Link"
        ]
        undescribed = [
            str(a.get("/A", {}).get("/URI", a.get("/Dest", "")))
            for a in links
            if not str(a.get("/Contents", "")).strip()
        ]
        assert undescribed == [], (
            f"{len(undescribed)} of {len(links)} links have no /Contents: {undescribed[:5]}"
        )
        figures = [
            e for e in structure_elements(pdf.Root.StructTreeRoot) if e.get("/S") == "/Figure"
        ]
        assert [e for e in figures if not str(e.get("/Alt", "")).strip()] == [], (
            "a /Figure has no alternate text"
        )
        if which == "book":
            contents = squeezed(" ".join(str(a.Contents) for a in links))
            assert "Fig.1.1" in contents, "no link is described by the text it is drawn over"
            html = BeautifulSoup((print_edition["html"] / "book.html").read_text(), "html.parser")
            alts = {
                flat(img["alt"]) for img in html.select("article img[alt]") if img["alt"].strip()
            }
            assert {flat(str(e.Alt)) for e in figures} == alts, (
                "the figures' alternate text is not the pages' alt text"
            )


def test_the_students_book_says_once_where_the_answer_keys_are(book_text):
    assert (
        squeezed(book_text).count(squeezed("printed in the separate answer-key PDF for teachers"))
        == 1
    )


def test_timelines_print_at_a_readable_size_however_long_they_are(print_edition):
    """A timeline taller than a page prints in parts at its own size: every label (the one place
    the book sets a middle dot, between an event's date and who acted) is at least 8 pt."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTChar

    reader = PdfReader(print_edition["book"])
    pages = [n for n, page in enumerate(reader.pages) if "·" in page.extract_text()]

    def dots(container):
        for item in container:
            if isinstance(item, LTChar) and item.get_text() == "·":
                yield item
            elif hasattr(item, "__iter__"):
                yield from dots(item)

    sizes = [
        dot.size
        for page in extract_pages(print_edition["book"], page_numbers=pages)
        for dot in dots(page)
    ]
    assert len(sizes) >= 30, f"only {len(sizes)} timeline labels found"
    assert min(sizes) >= 8, f"timeline labels print as small as {min(sizes):.1f} pt"
