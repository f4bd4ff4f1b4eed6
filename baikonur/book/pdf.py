"""Build the print edition: the whole book, and a separate answer key for teachers, as tagged PDFs.

Run it as ``python -m baikonur.book.pdf`` (``make pdf``). Offline, it writes ``_build/pdf/``:
``baikonur.pdf`` (cover, contents with page numbers, every page of ``_toc.yml`` in order, quiz
sheets) and ``baikonur-answer-key.pdf`` (each quiz's answers with explanations, read from the quiz
banks, and the exercises' solutions). With ``--html _build/html`` (as ``make pdf`` runs it) it also
copies both into that HTML build's ``pdf/`` folder, where the landing page links them.

``--language ru`` or ``kk`` (``make pdf LANG=kk``) prints that edition instead: the book built from
its edition config (:func:`baikonur.book.editions.edition_config`, so every page comes from its
catalog and every cell executes for that edition), the cover, contents and answer-key headings
from ``baikonur.po``, the date in the language's form, and the document's language set to the
edition's. It writes ``_build/editions/<code>/pdf/`` (:func:`baikonur.book.editions.pdf_output`),
and ``make pdf LANG=kk`` copies both PDFs into that edition's HTML build. The quizzes and the
assignments' rubrics and marking keys are still in English in every edition, and are marked as
English; the quizzes and their answers are in the edition's language. The
text is set in one family, the one ``_static/print.css`` names first (Liberation Sans); before
anything is built, :func:`check_fonts` makes sure that font has every letter of the edition's
language, so that Chromium never takes a letter from another font in the middle of a word.

The route, and why. Jupyter Book 1's ``pdfhtml`` builder launches a browser that Playwright must
download (impossible here) with no way to name Debian's Chromium, prints the screen layout and,
offline, leaves math as raw TeX. Its LaTeX route needs several hundred MB of TeX packages and
would set the quizzes, which are HTML forms, as something else. Chromium is already what the
browser tests use, and it writes tagged PDFs with bookmarks. So this module:

1. builds the book once with Jupyter Book's ``singlehtml`` builder (every cell executed, warnings
   as errors, like the HTML build), with this module loaded as a Sphinx extension, the
   figures drawn as SVG, so they print as vectors, and any figure the package renders as an image
   at 300 dpi;
2. composes that one page for print: a cover, a table of contents, the exercise solutions moved
   out into the answer key; ``_static/print.css`` and ``_static/quiz.css`` hide what is only for
   screens and turn each quiz into a question sheet;
3. prints it with Debian's Chromium through Playwright (``page.pdf(tagged=True, outline=True)``):
   a tagged PDF whose bookmarks follow the headings, page numbers from the footer template, the
   light colour scheme forced and every request off this machine refused. The contents are printed
   twice: the first print tells on which page each chapter and section starts;
4. adds with pikepdf what PDF/UA-1 asks beyond Chromium's tags (:func:`make_accessible`): XMP
   metadata with the PDF/UA identifier, title and language, a description on every link, and
   alternate text on every figure.

It is not the HTML book (that is ``jupyter-book build .``) and not a general HTML-to-PDF tool.
As a Sphinx extension it only makes the ``singlehtml`` build printable: myst-nb's folded code
cells get a writer there, and MathJax is loaded only when a page has math (Jupyter Book would
always load it, from a CDN).
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import html
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml
from bs4 import BeautifulSoup, Tag
from sphinx.application import Sphinx

from baikonur.book import strict_build_command
from baikonur.i18n import EDITIONS, running_edition
from baikonur.quiz.static import answer_key_html

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("BAIKONUR_CHROMIUM", "/usr/bin/chromium"))
BOOK_PDF = "baikonur.pdf"
KEY_PDF = "baikonur-answer-key.pdf"
LANGUAGE = "en"
# Room for the page number in the footer; the rest of the page is the printable area.
MARGIN = {"top": "18mm", "bottom": "20mm", "left": "18mm", "right": "18mm"}
# The page number in the text's family (the one print.css names first), not fontconfig's sans-serif.
FOOTER = (
    "<div style=\"width:100%;font:9px 'Liberation Sans',sans-serif;text-align:center;color:#000\">"
    '<span class="pageNumber"></span></div>'
)

# What the print edition itself writes, in English; a translated edition looks each one up in its
# baikonur.po (msgid: this text), with {name} filled in after translation.
COVER = "Cover"
VERSION_LINE = "Version {version}, {date}"
LICENCE = "Text, figures and quiz questions: CC BY 4.0. Code: MIT."
CONTENTS = "Contents"
KEY_SUBTITLE = "Answer key for teachers"
KEY_TITLE = "{title}: answer key"
EXERCISES = "Exercises"
KEYS_ELSEWHERE = "The quizzes' answer keys are printed in the separate answer-key PDF for teachers."
KEY_ELSEWHERE = "This answer key is printed in the separate answer-key PDF for teachers."
CHART_CONTINUED = "The chart above, continued: part {number} of {total}."
LINK_TO = "Link to {uri}"
GO_TO_PAGE = "Go to page {page}"
LINK_WITHIN = "Link within this document"
PRINT_TEXTS = (
    COVER,
    VERSION_LINE,
    LICENCE,
    CONTENTS,
    KEY_SUBTITLE,
    KEY_TITLE,
    EXERCISES,
    KEYS_ELSEWHERE,
    KEY_ELSEWHERE,
    CHART_CONTINUED,
    LINK_TO,
    GO_TO_PAGE,
    LINK_WITHIN,
)
"""Every string above; each translated edition's ``baikonur.po`` must translate them all (and the
book's title and author, from ``_config.yml``)."""


class PrintError(RuntimeError):
    """The print edition cannot be built; the message says what is wrong and how to fix it."""


@dataclass(frozen=True)
class Edition:
    """What the cover says, in the edition's language, and the edition's interface strings
    (``baikonur.po``: English msgid -> translation; empty for English)."""

    title: str
    author: str
    version: str
    date: str
    language: str = LANGUAGE
    messages: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    def text(self, message: str, **values: object) -> str:
        """``message`` in the edition's language, its ``{name}`` fields filled from ``values``."""
        if self.language != LANGUAGE:
            if not self.messages.get(message):
                raise PrintError(
                    f"locales/{self.language}/LC_MESSAGES/baikonur.po has no translation of "
                    f"{message!r}: add it there (msgid: the English text)"
                )
            message = self.messages[message]
        return message.format(**values) if values else message


def interface_messages(source: Path, language: str) -> dict[str, str]:
    """The translated, not fuzzy messages of ``locales/<language>/LC_MESSAGES/baikonur.po``."""
    from babel.messages.pofile import read_po

    path = source / "locales" / language / "LC_MESSAGES" / "baikonur.po"
    if not path.exists():
        raise PrintError(f"no interface catalog for the {language!r} edition: {path}")
    with path.open("rb") as handle:
        return {
            message.id: message.string
            for message in read_po(handle)
            if message.id and isinstance(message.id, str) and message.string and not message.fuzzy
        }


def edition(source: Path, language: str = LANGUAGE) -> Edition:
    """Title and author from ``_config.yml``, the version from the package, the date of the build
    (or of ``SOURCE_DATE_EPOCH``, for a reproducible release); in a translated edition, title and
    author as its ``baikonur.po`` has them and the date in the language's long form (babel's, as
    :func:`baikonur.book.editions.translate_footer` writes the footer's)."""
    from baikonur import __version__

    config = yaml.safe_load((source / "_config.yml").read_text())
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    day = (
        dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date() if epoch else dt.date.today()
    )
    if language == LANGUAGE:
        return Edition(
            config["title"], config.get("author", ""), __version__, f"{day.day} {day:%B %Y}"
        )
    from babel.dates import format_date

    info = Edition(
        config["title"],
        config.get("author", ""),
        __version__,
        format_date(day, format="long", locale=language),
        language,
        interface_messages(source, language),
    )
    return replace(
        info, title=info.text(info.title), author=info.text(info.author) if info.author else ""
    )


# 0. The font ---------------------------------------------------------------------------------------

# Each edition's letters beyond ASCII that the text's font must have: Chromium draws a letter its
# font lacks from another font, in the middle of a word.
RUSSIAN_LETTERS = "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдеёжзийклмнопрстуфхцчшщъыьэюя"
LETTERS = {"ru": RUSSIAN_LETTERS, "kk": RUSSIAN_LETTERS + "ӘҒҚҢӨҰҮҺІәғқңөұүһі"}
FONT_STYLES = ("Regular", "Bold", "Italic", "Bold Italic")


def body_font(source: Path = REPO) -> str:
    """The family ``_static/print.css`` names first for the text (``--pst-font-family-base``)."""
    css = (source / "_static" / "print.css").read_text(encoding="utf-8")
    named = re.search(r"--pst-font-family-base:\s*[\"']([^\"']+)[\"']", css)
    if not named:
        raise PrintError(
            "_static/print.css names no font for the text (--pst-font-family-base, in its @media "
            "print rules): name one that has every letter of every edition, such as Liberation Sans"
        )
    return named.group(1)


def font_file(family: str, style: str) -> tuple[str, str]:
    """The family and file fontconfig (which Chromium asks) gives for ``family`` in ``style``."""
    try:
        found = subprocess.run(
            ["fc-match", "--format", "%{family[0]}\n%{file}", f"{family}:style={style}"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split("\n")
    except (OSError, subprocess.CalledProcessError) as error:
        raise PrintError(
            f"fontconfig's fc-match could not be run ({error}): install fontconfig"
        ) from error
    return found[0], found[-1]


def check_fonts(language: str, source: Path = REPO) -> None:
    """Fail unless fontconfig gives the text's family (:func:`body_font`) in each style, with every
    letter of ``language``. English needs no check: where the family is missing, its letters come
    from the theme's list, as they always did."""
    letters = LETTERS.get(language)
    if not letters:
        return
    from fontTools.ttLib import TTFont

    family = body_font(source)
    install = (
        "install Debian's fonts-liberation2 (apt-get install fonts-liberation2): its Liberation "
        "Sans 2 has every Russian and Kazakh letter (Ә Ғ Қ Ң Ө Ұ Ү Һ І), the older fonts-liberation "
        "does not"
    )
    for style in FONT_STYLES:
        found, path = font_file(family, style)
        if found != family:
            raise PrintError(
                f"the font {family} ({style}), which _static/print.css names for the text, is not "
                f"installed (fontconfig offers {found!r} instead): {install}"
            )
        font = TTFont(path, fontNumber=0, lazy=True)
        characters = font.getBestCmap() or {}
        font.close()
        lacking = "".join(letter for letter in letters if ord(letter) not in characters)
        if lacking:
            raise PrintError(
                f"{family} ({style}, {path}) lacks the letters {' '.join(lacking)} of the "
                f"{language!r} edition, which Chromium would then take from another font in the "
                f"middle of words: {install}"
            )


# 1. The single-page HTML build ------------------------------------------------------------------


def build_singlehtml(source: Path, workdir: Path, config_file: Path | None = None) -> Path:
    """Build the book into one HTML page, as the HTML build does (-W -n), from ``config_file``
    (default: the book's ``_config.yml``; an edition's config for a translated edition); return
    that page."""
    config = yaml.safe_load((config_file or source / "_config.yml").read_text())
    # This module, by name: run with -m, its __name__ is "__main__".
    config["sphinx"].setdefault("extra_extensions", []).append("baikonur.book.pdf")
    workdir.mkdir(parents=True, exist_ok=True)
    derived = workdir / "_config.yml"
    derived.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True))
    # Kernels read this profile: figures as SVG, which print as sharp vectors at any size.
    profile = workdir / "ipython" / "profile_default"
    profile.mkdir(parents=True, exist_ok=True)
    (profile / "ipython_kernel_config.py").write_text('c.InlineBackend.figure_formats = {"svg"}\n')
    command = strict_build_command(
        source, "--builder", "singlehtml", "--config", str(derived), "--path-output", str(workdir)
    )
    environment = {**os.environ, "IPYTHONDIR": str(profile.parent)}
    result = subprocess.run(command, env=environment, capture_output=True, text=True)
    (workdir / "build.log").write_text(result.stdout + result.stderr)
    if result.returncode != 0:
        tail = "\n".join((result.stdout + result.stderr).splitlines()[-40:])
        raise PrintError(
            f"the single-page build failed (full log in {workdir / 'build.log'}):\n{tail}"
        )
    root = yaml.safe_load((source / "_toc.yml").read_text())["root"]
    return workdir / "_build" / "singlehtml" / f"{root}.html"


# 2. Composing the page for print ------------------------------------------------------------------


def _heading_text(heading: Tag) -> str:
    copy = BeautifulSoup(str(heading), "html.parser")
    for link in copy.select("a.headerlink"):
        link.decompose()
    return " ".join(copy.get_text(" ").split())


def _new(markup: str) -> Tag:
    return BeautifulSoup(markup, "html.parser").find()


def _cover(info: Edition, subtitle: str = "") -> str:
    sub = f'<p class="print-cover-subtitle">{html.escape(subtitle)}</p>' if subtitle else ""
    version = info.text(VERSION_LINE, version=info.version, date=info.date)
    return (
        f'<section class="print-cover" aria-label="{html.escape(info.text(COVER), quote=True)}">'
        f'<p class="print-cover-title">{html.escape(info.title)}</p>{sub}'
        f"<p>{html.escape(info.author)}</p>"
        f"<p>{html.escape(version)}</p>"
        f'<p class="print-cover-licence">{html.escape(info.text(LICENCE))}</p>'
        "</section>"
    )


def _print_head(soup: BeautifulSoup, language: str = LANGUAGE) -> None:
    """A plain light page: no theme switching, the language set, the print layout linked."""
    soup.html["lang"] = language
    soup.html["data-theme"] = "light"
    soup.html["data-mode"] = "light"
    for script in soup.find_all("script"):
        script.decompose()
    soup.head.append(_new('<link rel="stylesheet" href="_static/print-book.css">'))


NO_LIGATURES = "<style>text { font-variant-ligatures: none; }</style>"


def _searchable_svg(image: Tag, folder: Path) -> None:
    """Chromium sets "fi", "ff" and "fl" in an SVG chart's labels as ligatures, which a reader's
    search cannot find in the PDF; the page's style sheet does not reach into an image, so each SVG
    gets the rule itself (a file beside the page, or one embedded as a data address)."""
    source = image["src"]
    if source.startswith("data:image/svg+xml;base64,"):
        svg = base64.b64decode(source.split(",", 1)[1]).decode("utf-8")
        if NO_LIGATURES not in svg:
            svg = re.sub(r"(<svg\b[^>]*>)", lambda tag: tag.group(1) + NO_LIGATURES, svg, count=1)
            image["src"] = "data:image/svg+xml;base64," + base64.b64encode(
                svg.encode("utf-8")
            ).decode("ascii")
    elif source.endswith(".svg") and (folder / source).is_file():
        path = folder / source
        svg = path.read_text(encoding="utf-8")
        if NO_LIGATURES not in svg:
            path.write_text(
                re.sub(r"(<svg\b[^>]*>)", lambda tag: tag.group(1) + NO_LIGATURES, svg, count=1),
                encoding="utf-8",
            )


# A picture may stand this tall on a page (print.css's limit for any image), and the text column is
# this wide; both in points.
PICTURE_HEIGHT_PT = 225 / 25.4 * 72
TEXT_WIDTH_PT = (210 - 18 - 18) / 25.4 * 72
_SVG_NUMBER = r"(-?[\d.]+)"


def _svg_text_bands(svg: str) -> list[tuple[float, float]]:
    """The vertical extent (top, bottom, in the SVG's units) of every line of text in a matplotlib
    SVG whose text is kept as text."""
    bands = []
    for match in re.finditer(r"<text\b([^>]*)>", svg):
        attributes = match.group(1)
        size = re.search(r"font-size:\s*" + _SVG_NUMBER + "px", attributes)
        position = re.search(
            r"translate\(" + _SVG_NUMBER + r"[ ,]+" + _SVG_NUMBER + r"\)", attributes
        ) or re.search(r'\by="' + _SVG_NUMBER + '"', attributes)
        if not size or not position:
            continue
        baseline, height = float(position.groups()[-1]), float(size.group(1))
        bands.append((baseline - 0.95 * height, baseline + 0.3 * height))
    return sorted(bands)


def split_tall_svg(svg: str, limit: float) -> list[str]:
    """A matplotlib chart taller than ``limit`` (in its own units) cut into parts no taller, between
    lines of text, each part ending with the chart's horizontal axis: what a timeline needs to print
    at its own size over several pages instead of shrunk onto one. Returns ``[svg]`` when it fits
    or cannot be cut."""
    root = re.search(r"<svg\b[^>]*>", svg)
    box = (
        re.search(r'viewBox="0 0 ' + _SVG_NUMBER + " " + _SVG_NUMBER + '"', root.group(0))
        if root
        else None
    )
    axes = re.search(
        r'<g id="patch_2">\s*<path d="M '
        + _SVG_NUMBER
        + " "
        + _SVG_NUMBER
        + r"\s+L [^L]*L [^L]*L "
        + _SVG_NUMBER
        + " "
        + _SVG_NUMBER,
        svg,
    )
    if not box or not axes:
        return [svg]
    width, height = float(box.group(1)), float(box.group(2))
    body_top, body_bottom = sorted((float(axes.group(2)), float(axes.group(4))))
    footer = height - body_bottom
    if height <= limit or limit <= footer * 2:
        return [svg]
    bands = [
        band for band in _svg_text_bands(svg) if body_top <= band[0] and band[1] <= body_bottom
    ]
    cuts = (
        [body_top]
        + [(a[1] + b[0]) / 2 for a, b in zip(bands, bands[1:], strict=False) if b[0] - a[1] > 0]
        + [body_bottom]
    )
    inner = svg[root.end() : svg.rindex("</svg>")]
    head = root.group(0)
    parts, start = [], 0.0
    while height - start > limit:
        fitting = [cut for cut in cuts if start < cut <= start + limit - footer]
        if not fitting or fitting[-1] >= body_bottom:
            break
        end = fitting[-1]
        parts.append((start, end))
        start = end
    if not parts:
        return [svg]
    parts.append((start, height))

    def window(top: float, bottom: float, at: float) -> str:
        return (
            f'<svg x="0" y="{at:.3f}" width="{width:.3f}" height="{bottom - top:.3f}" '
            f'viewBox="0 {top:.3f} {width:.3f} {bottom - top:.3f}" overflow="hidden">{inner}</svg>'
        )

    pieces = []
    for top, bottom in parts:
        axis = bottom < height
        total = bottom - top + (footer if axis else 0)
        body = window(top, bottom, 0) + (window(body_bottom, height, bottom - top) if axis else "")
        outer = re.sub(r'\b(width|height)="[^"]*"', "", head)
        outer = re.sub(r'viewBox="[^"]*"', f'viewBox="0 0 {width:.3f} {total:.3f}"', outer)
        outer = outer.replace("<svg", f'<svg width="{width:.3f}pt" height="{total:.3f}pt"', 1)
        pieces.append(svg[: root.start()] + outer + body + "</svg>\n")
    return pieces


def _print_tall_figures(article: Tag, folder: Path, info: Edition) -> None:
    """A chart taller than a page prints in parts, one after another, at its own size (a timeline
    shrunk onto one page would have type of a few points); the caption follows the last part."""
    for image in article.select("figure img[src$='.svg']"):
        path = folder / image["src"]
        if not path.is_file():
            continue
        svg = path.read_text(encoding="utf-8")
        width = re.search(r'<svg\b[^>]*\bwidth="' + _SVG_NUMBER + 'pt"', svg)
        if not width:
            continue
        scale = min(1.0, TEXT_WIDTH_PT / float(width.group(1)))
        parts = split_tall_svg(svg, PICTURE_HEIGHT_PT / scale)
        if len(parts) == 1:
            continue
        figure = image.find_parent("figure")
        figure["class"] = figure.get("class", []) + ["print-in-parts"]
        alt = image.get("alt", "")
        for number, part in enumerate(parts, 1):
            name = path.with_name(f"{path.stem}-part{number}.svg")
            name.write_text(part, encoding="utf-8")
            piece = _new(
                f'<img src="{html.escape(str(Path(image["src"]).with_name(name.name)), quote=True)}" '
                f'class="print-part" alt="">'
            )
            piece["alt"] = (
                alt if number == 1 else info.text(CHART_CONTINUED, number=number, total=len(parts))
            )
            image.insert_before(piece)
        image.decompose()


def compose_book(page: Path, info: Edition) -> tuple[Path, list[Tag]]:
    """Write ``book.html`` beside ``page``: cover, contents, the book; return it and the exercise
    solutions taken out of it (they go to the answer key)."""
    soup = BeautifulSoup(page.read_text(), "html.parser")
    article = soup.select_one("article.bd-article")
    # Same-page links become fragment links, so that Chromium makes them links inside the PDF;
    # links to files beside the page (the assignments' notebooks) would lead nowhere from paper or
    # a downloaded PDF, so they become plain text.
    for link in article.select("a[href]"):
        if link["href"].startswith(f"{page.name}#"):
            link["href"] = link["href"][len(page.name) :]
        elif not link["href"].startswith(("#", "http:", "https:", "mailto:")):
            link.unwrap()
    solutions = [solution.extract() for solution in article.select("div.solution")]
    for image in article.select("img[src]"):
        _searchable_svg(image, page.parent)
    _print_tall_figures(article, page.parent, info)
    # The instructor guide's answer keys are the answer-key PDF's business, not the students' book:
    # one sentence stands where they were.
    keys = article.select("section.bq-key")
    for number, key in enumerate(keys):
        if number:
            key.decompose()
            continue
        note = soup.new_tag("p")
        note.string = info.text(KEYS_ELSEWHERE if len(keys) > 1 else KEY_ELSEWHERE)
        key.replace_with(note)
    # Column names such as baikonur_attempts may break after an underscore, so tables fit the page.
    for header in article.select("table.dataframe th"):
        for text in header.find_all(string=lambda text: "_" in text):
            text.replace_with(
                BeautifulSoup(html.escape(text).replace("_", "_<wbr>"), "html.parser")
            )
    # Every page of the table of contents opens on a new sheet, and its headings move up a level,
    # so each chapter is a top-level bookmark rather than a child of the landing page.
    for marker in article.select('span[id^="document-"]'):
        section = marker.find_next_sibling("section")
        if section is None:
            continue
        section["class"] = section.get("class", []) + ["print-page"]
        for heading in section.find_all(["h2", "h3", "h4", "h5", "h6"]):
            if not heading.find_parent("div", class_="cell_output"):
                heading.name = f"h{int(heading.name[1]) - 1}"
    # Section ids repeat from page to page ("overview", "quiz"); the contents link to the headings.
    entries = []
    for number, heading in enumerate(article.find_all(["h1", "h2"])):
        if heading.find_parent("div", class_="cell_output") is None:
            heading["id"] = f"print-toc-{number}"
            entries.append((heading.name, heading["id"], _heading_text(heading)))
    rows = "".join(
        f'<li class="toc-{level}"><a href="#{html.escape(target)}"><span class="toc-title">{html.escape(text)}</span>'
        f'<span class="toc-page" data-target="{html.escape(target)}"></span></a></li>'
        for level, target, text in entries
    )
    front = _new(
        f'<div class="print-front">{_cover(info)}<nav class="print-toc" aria-labelledby="print-toc-title">'
        f'<h1 id="print-toc-title">{html.escape(info.text(CONTENTS))}</h1><ol>{rows}</ol></nav></div>'
    )
    article.insert(0, front)
    _print_head(soup, info.language)
    book = page.with_name("book.html")
    book.write_text(str(soup))
    return book, solutions


def compose_key(page: Path, solutions: list[Tag], info: Edition) -> Path:
    """Write ``answer-key.html`` beside ``page``: per chapter, its quiz answers and its solutions."""
    from baikonur.book.rubrics import key_html
    from baikonur.quiz.bank import bank_path, load_bank

    soup = BeautifulSoup(page.read_text(), "html.parser")
    article = soup.select_one("article.bd-article")
    parts = [_cover(info, info.text(KEY_SUBTITLE))]
    for marker in article.select('span[id^="document-chapters/"]'):
        chapter = marker["id"].removeprefix("document-chapters/")
        section = marker.find_next_sibling("section")
        title = _heading_text(section.find(["h1", "h2"]))
        own = [s for s in solutions if s.get("id", "").startswith(f"chapters/{chapter}-solution")]
        for solution in own:
            for link in solution.select("a"):
                link.unwrap()
            solution["class"] = [c for c in solution.get("class", []) if c != "dropdown"]
        # Every chapter ends with a quiz; a chapter without a bank stops here naming the file.
        body = answer_key_html(load_bank(bank_path(chapter)), f"key-{chapter}-quiz")
        body += key_html(chapter)  # the assignment's marking key, if any (always English)
        if own:
            body += f"<h2>{html.escape(info.text(EXERCISES))}</h2>" + "".join(str(s) for s in own)
        parts.append(
            f'<section class="print-page" id="key-{html.escape(chapter)}"><h1>{html.escape(title)}</h1>{body}</section>'
        )
    article.clear()
    article.append(_new(f"<div>{''.join(parts)}</div>"))
    soup.title.string = info.text(KEY_TITLE, title=info.title)
    _print_head(soup, info.language)
    key = page.with_name("answer-key.html")
    key.write_text(str(soup))
    return key


# 3. Printing with Chromium ------------------------------------------------------------------------


def _launch(playwright):
    if not CHROMIUM.exists():
        raise PrintError(
            f"Chromium not found at {CHROMIUM}: install Debian's chromium package (apt-get install chromium)"
        )
    return playwright.chromium.launch(
        executable_path=str(CHROMIUM),
        args=[
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
        ],
    )


def print_page(
    browser, page_file: Path, pdf: Path, pages: dict[str, int] | None = None
) -> list[str]:
    """Print ``page_file`` to ``pdf``; ``pages`` fills the contents' page numbers (target id -> page).
    Return the text of the headings printed, in order (Chromium's bookmarks are made from them)."""
    context = browser.new_context(color_scheme="light")
    refused: list[str] = []

    def guard(route):
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    page.goto(page_file.as_uri(), wait_until="load")
    page.evaluate("document.fonts.ready.then(() => true)")
    page.emulate_media(media="print", color_scheme="light")
    if pages is not None:
        page.evaluate(
            """(pages) => document.querySelectorAll('.toc-page').forEach(
                (span) => { span.textContent = pages[span.dataset.target] ?? ''; })""",
            pages,
        )
    headings = page.evaluate(
        """() => [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')]
            .filter((heading) => heading.getClientRects().length)
            .map((heading) => {
                const copy = heading.cloneNode(true);
                copy.querySelectorAll('.headerlink').forEach((link) => link.remove());
                return copy.textContent.replace(/\\s+/g, ' ').trim();
            })"""
    )
    broken = page.evaluate(
        "() => [...document.images].filter((img) => !img.complete || !img.naturalWidth).map((img) => img.src)"
    )
    page.pdf(
        path=str(pdf),
        format="A4",
        margin=MARGIN,
        print_background=True,
        display_header_footer=True,
        header_template="<span></span>",
        footer_template=FOOTER,
        tagged=True,
        outline=True,
    )
    context.close()
    if refused:
        raise PrintError(
            f"{page_file.name} asked for files from the network, which the print edition must not need: "
            f"{', '.join(sorted(set(refused)))}. Put the file in _static/ instead (for MathJax, which a page "
            "with math loads from a CDN, vendor it and set mathjax_path in _config.yml)."
        )
    if broken:
        raise PrintError(f"{page_file.name} has images that did not load: {', '.join(broken)}")
    return headings


def destination_pages(pdf: Path) -> dict[str, int]:
    """Page number (from 1) of each named destination: Chromium names one for every link target."""
    from pypdf import PdfReader

    reader = PdfReader(pdf)
    return {
        name.lstrip("/"): reader.get_destination_page_number(destination) + 1
        for name, destination in reader.named_destinations.items()
    }


def _outline_items(node) -> list:
    """Every bookmark under ``node``, depth first, in reading order."""
    items = []
    child = node.get("/First")
    while child is not None:
        child = child.get_object()
        items.append(child)
        items.extend(_outline_items(child))
        child = child.get("/Next")
    return items


def finish(pdf: Path, title: str, headings: list[str], language: str = LANGUAGE) -> None:
    """Mend what Chromium leaves rough: a bookmark's title loses the space where its heading wraps,
    and some come out doubled, pieces repeated; each takes its heading's text again (the letters
    must agree). Also: the viewer shows the document's title rather than its file name."""
    from pypdf import PdfWriter
    from pypdf.generic import NameObject, TextStringObject

    writer = PdfWriter(clone_from=pdf)
    items = (
        _outline_items(writer._root_object["/Outlines"].get_object())
        if "/Outlines" in writer._root_object
        else []
    )
    if len(items) == len(headings):
        for item, heading in zip(items, headings, strict=True):
            letters, expected = (
                sorted("".join(item["/Title"].split())),
                sorted("".join(heading.split())),
            )
            if letters in (expected, sorted(expected * 2)):
                item[NameObject("/Title")] = TextStringObject(heading)
    writer._root_object.setdefault(NameObject("/Lang"), TextStringObject(language))
    preferences = writer.viewer_preferences or writer.create_viewer_preferences()
    preferences.display_doctitle = True
    writer.add_metadata({"/Title": title})
    with pdf.open("wb") as stream:
        writer.write(stream)


def _struct_kids(element) -> list:
    """The structure elements directly under ``element`` (marked-content ids and references skipped)."""
    import pikepdf

    kids = element.get("/K")
    if kids is None:
        return []
    kids = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
    return [kid for kid in kids if isinstance(kid, pikepdf.Dictionary) and "/S" in kid]


def _walk_structure(element):
    for kid in _struct_kids(element):
        yield kid
        yield from _walk_structure(kid)


def _tag_figures(document) -> None:
    """Chromium tags an HTML ``<figure>`` as a /Figure that holds its caption and the image's own
    /Figure (which carries the image's alt text). Such a wrapper, or one that holds a table, is a
    group, not a picture: it becomes a /Div, so its caption stays readable and every /Figure left
    is an image with alternate text."""
    import pikepdf

    root = document.Root.get("/StructTreeRoot")
    if root is None:
        return
    for element in list(_walk_structure(root)):
        if element.get("/S") != "/Figure" or "/Alt" in element:
            continue
        inner = {str(kid.get("/S")) for kid in _walk_structure(element)}
        if inner & {"/Figure", "/Table", "/Caption", "/P", "/L"}:
            element.S = pikepdf.Name.Div


def _page_characters(pdf: Path) -> list[list[tuple[float, float, float, float, str]]]:
    """Every character drawn on each page: its box and text (pdfminer, no layout analysis)."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTChar

    def characters(container):
        for item in container:
            if isinstance(item, LTChar):
                yield (item.x0, item.y0, item.x1, item.y1, item.get_text())
            elif hasattr(item, "__iter__"):
                yield from characters(item)

    return [list(characters(page)) for page in extract_pages(pdf, laparams=None)]


def _text_in(box, characters) -> str:
    """The text drawn inside ``box`` (x0, y0, x1, y1), with a space where letters stand apart."""
    x0, y0, x1, y1 = box
    inside = [
        c for c in characters if x0 <= (c[0] + c[2]) / 2 <= x1 and y0 <= (c[1] + c[3]) / 2 <= y1
    ]
    text, previous = "", None
    for c in inside:
        if previous is not None and (
            c[0] - previous[2] > 0.2 * (c[3] - c[1]) or abs(c[1] - previous[1]) > (c[3] - c[1]) / 2
        ):
            text += " "
        text += c[4]
        previous = c
    return " ".join(text.split())


def _english(message: str, **values: object) -> str:
    return message.format(**values) if values else message


def _describe_links(document, pdf: Path, text: Callable[..., str] = _english) -> None:
    """Every link annotation gets /Contents, its alternate description: the text it is drawn over,
    or else where it leads (``text`` translates those words)."""
    import pikepdf

    pages = _page_characters(pdf)
    numbers = {page.objgen: n for n, page in enumerate(document.pages, 1)}
    destinations = {}
    names = document.Root.get("/Names")
    if names is not None and "/Dests" in names:
        for name, target in pikepdf.NameTree(names.Dests).items():
            target = target.get("/D", target) if isinstance(target, pikepdf.Dictionary) else target
            if isinstance(target, pikepdf.Array) and len(target):
                destinations[str(name)] = numbers.get(target[0].objgen)
    for number, page in enumerate(document.pages, 1):
        for annotation in page.obj.get("/Annots") or []:
            if annotation.get("/Subtype") != "/Link" or "/Contents" in annotation:
                continue
            x0, y0, x1, y1 = (float(v) for v in annotation.Rect)
            drawn = _text_in(
                (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)), pages[number - 1]
            )
            action = annotation.get("/A")
            uri = str(action.get("/URI", "")) if action is not None else ""
            target = annotation.get("/Dest")
            if drawn:
                contents = drawn
            elif uri:
                contents = text(LINK_TO, uri=uri)
            elif target is not None and destinations.get(str(target)):
                contents = text(GO_TO_PAGE, page=destinations[str(target)])
            else:
                contents = text(LINK_WITHIN)
            annotation.Contents = pikepdf.String(contents)


def make_accessible(
    pdf: Path, title: str, language: str = LANGUAGE, text: Callable[..., str] = _english
) -> None:
    """What PDF/UA-1 asks beyond Chromium's tagged PDF: XMP metadata with the PDF/UA identifier,
    the title and the language; an alternate description on every link (in the words ``text``
    gives); alternate text on every figure; the title shown by the viewer."""
    import pikepdf

    with pikepdf.open(pdf, allow_overwriting_input=True) as document:
        _tag_figures(document)
        _describe_links(document, pdf, text)
        root = document.Root
        root.Lang = pikepdf.String(language)
        root.MarkInfo = pikepdf.Dictionary(Marked=True)
        preferences = root.get("/ViewerPreferences") or pikepdf.Dictionary()
        preferences.DisplayDocTitle = True
        root.ViewerPreferences = preferences
        document.docinfo["/Title"] = title
        with document.open_metadata(set_pikepdf_as_editor=False) as metadata:
            metadata["dc:title"] = title
            metadata["dc:language"] = {language}
            metadata["pdfuaid:part"] = "1"
        document.save(pdf, min_version="1.7")


# 4. The whole build ----------------------------------------------------------------------------------


def build(
    source: Path = REPO,
    output: Path | None = None,
    workdir: Path | None = None,
    language: str = LANGUAGE,
) -> list[Path]:
    """Build both PDFs of the ``language`` edition into ``output`` (default ``<source>/_build/pdf``
    for English, ``<source>/_build/editions/<language>/pdf`` for another edition); return their
    paths."""
    from playwright.sync_api import sync_playwright

    from baikonur.book.editions import edition_config, pdf_output

    output = output or pdf_output(language, source / "_build")
    workdir = workdir or pdf_output(language, source / "_build").with_name("print")
    check_fonts(language, source)
    info = edition(source, language)
    config = (
        None
        if language == LANGUAGE
        else edition_config(language, workdir / "edition.yml", root=source)
    )
    page = build_singlehtml(source, workdir, config)
    shutil.copy(
        Path(__file__).with_name("print-book.css"), page.parent / "_static" / "print-book.css"
    )
    book, solutions = compose_book(page, info)
    # The quizzes' answer keys and the marking keys are drawn here, in this process, in the
    # edition's language.
    with running_edition(language, source / "locales"):
        key = compose_key(page, solutions, info)
    output.mkdir(parents=True, exist_ok=True)
    book_pdf, key_pdf = output / BOOK_PDF, output / KEY_PDF
    with sync_playwright() as playwright:
        browser = _launch(playwright)
        # First print: where each chapter and section starts; second: the contents say so.
        print_page(browser, book, book_pdf, pages={})
        book_headings = print_page(browser, book, book_pdf, pages=destination_pages(book_pdf))
        key_headings = print_page(browser, key, key_pdf)
        browser.close()
    key_title = info.text(KEY_TITLE, title=info.title)
    finish(book_pdf, info.title, book_headings, info.language)
    finish(key_pdf, key_title, key_headings, info.language)
    make_accessible(book_pdf, info.title, info.language, info.text)
    make_accessible(key_pdf, key_title, info.language, info.text)
    return [book_pdf, key_pdf]


def publish(pdfs: list[Path], html_dir: Path) -> None:
    """Copy the PDFs into an HTML build's ``pdf/`` folder, where the landing page links them."""
    (html_dir / "pdf").mkdir(exist_ok=True)
    for pdf in pdfs:
        shutil.copy(pdf, html_dir / "pdf" / pdf.name)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--source", type=Path, default=REPO, help="the book's folder (default: this repository)"
    )
    parser.add_argument(
        "--language",
        choices=list(EDITIONS),
        default=LANGUAGE,
        help="the edition to print (default: en; make pdf LANG=kk prints the Kazakh one)",
    )
    parser.add_argument(
        "--output",
        type=Path,
        help="where the PDFs go (default: SOURCE/_build/pdf, or SOURCE/_build/editions/LANGUAGE/pdf)",
    )
    parser.add_argument(
        "--workdir",
        type=Path,
        help="where the single-page build goes (default: print/ beside the PDFs' folder)",
    )
    parser.add_argument(
        "--html",
        type=Path,
        help="an HTML build to copy the PDFs into (into its pdf/), if it exists",
    )
    args = parser.parse_args(argv)
    try:
        pdfs = build(args.source.resolve(), args.output, args.workdir, args.language)
    except PrintError as error:
        sys.exit(f"The print edition was not built: {error}")
    if args.html and args.html.is_dir():
        publish(pdfs, args.html)
    for pdf in pdfs:
        print(f"{pdf} ({pdf.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()


# The Sphinx extension (loaded into the single-page build only) -----------------------------------


def _per_page_assets(app: Sphinx, env, docnames) -> None:
    # Jupyter Book switches the singlehtml build to load every asset on the page, MathJax from its
    # CDN included; per page, MathJax comes only with math (and the print then fails loudly).
    app.registry.html_assets_policy = "per_page"


def setup(app: Sphinx) -> dict:
    from myst_nb.sphinx_ import HideCodeCellNode, depart_HideCellInput, visit_HideCellInput

    app.add_node(
        HideCodeCellNode, override=True, singlehtml=(visit_HideCellInput, depart_HideCellInput)
    )
    app.connect("env-before-read-docs", _per_page_assets)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
