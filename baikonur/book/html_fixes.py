"""Make the built pages valid HTML with table headers a screen reader can follow.

The book's own templates and quiz forms validate; the markup that does not is written by tools the
book uses, and is mended here, in the built pages, once every page is written (Sphinx's
``build-finished``), so the HTML and single-page (print) builds get the same pages:

* pandas' notebook tables carry a ``<style scoped>`` block (no longer HTML) and the obsolete
  ``border`` attribute; their header cells say nothing about what they head. The style block goes
  (``_static/theme-fixes.css`` keeps its two rules), and the headers get ``scope``: a column's
  heading is ``scope="col"``, a row's index value ``scope="row"``. pandas writes the index's name
  on a second header row of empty cells; that name moves into the empty corner cell of the first
  row, so the table has one header row. A table that still has several header rows (a column
  index with several levels) gets ``id`` and ``headers`` instead, since ``scope`` is ambiguous
  there.
* sphinx-exercise gives every exercise's and solution's body the same ``id`` (``exercise-content``,
  ``solution-content``), repeated on a page with several exercises: each becomes its admonition's
  own id with ``-content`` added.
* myst-nb puts ``<p>`` elements inside the ``<summary>`` of a folded code cell, where only phrasing
  content is allowed: they become ``<span>``s (``theme-fixes.css`` repeats myst-nb's rules for them).
* the theme's search form has no submit button, and its magnifying glass is a mere icon: the icon
  becomes the form's submit button (for the mouse: the keyboard submits with Enter), labelled in
  the edition's language. On the search page the theme writes the search field twice with one
  ``id``; the second gets its own.
* the theme's print-only title is an empty ``<h1>`` on pages without a title (the index): it goes.
* the root ``index.html`` is a bare redirect to the landing page, without doctype, language or title:
  it is written as a whole, valid page that still redirects, in the edition's language.

Every mend leaves markup that is already mended as it is, so a page may go through twice.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from bs4 import BeautifulSoup, NavigableString, Tag

_PANDAS_STYLE = re.compile(r"<style scoped>\s*\.dataframe\b.*?</style>\s*", re.DOTALL)
_TABLE = re.compile(r"<table\b[^>]*>.*?</table>", re.DOTALL)
_BORDER = re.compile(r'(<table\b[^>]*?)\s+border="1"([^>]*\bclass="dataframe")')
_ADMONITION_ID = re.compile(r'<div class="(?:[^"]*\s)?(exercise|solution)\b[^"]*" id="([^"]+)">')
_SUMMARY = re.compile(r"(<summary\b[^>]*>)(.*?)(</summary>)", re.DOTALL)
_SEARCH_ICON = re.compile(
    r'(<form class="bd-search[^"]*"[^>]*>\s*)<i class="fa-solid fa-magnifying-glass"></i>'
)
SEARCH_SUBMIT = (
    '<button type="submit" class="bd-search-submit" tabindex="-1" aria-label="{label}">'
    '<i class="fa-solid fa-magnifying-glass" aria-hidden="true"></i></button>'
)


def _text(cell: Tag) -> str:
    return cell.get_text(strip=True)


def _collapse_index_name_row(thead: Tag) -> None:
    """pandas' second header row holds only the index's name: move it into the empty corner."""
    rows = thead.find_all("tr", recursive=False)
    if len(rows) != 2:
        return
    first, second = (row.find_all(["th", "td"], recursive=False) for row in rows)
    if not first or not second or len(first) != len(second):
        return
    if _text(first[0]) or not _text(second[0]) or any(_text(cell) for cell in second[1:]):
        return
    if any(cell.get("colspan") or cell.get("rowspan") for cell in first + second):
        return
    first[0].clear()
    for child in list(second[0].contents):
        first[0].append(child.extract())
    space = rows[1].previous_sibling
    if isinstance(space, NavigableString) and not space.strip():
        space.extract()
    rows[1].decompose()


def _grid(rows: list[Tag]) -> list[list[Tag]]:
    """The table's rows as a grid of cells, a cell spanning rows or columns repeated in each slot."""
    grid: list[list[Tag | None]] = []
    for r, row in enumerate(rows):
        while len(grid) <= r:
            grid.append([])
        c = 0
        for cell in row.find_all(["th", "td"], recursive=False):
            while c < len(grid[r]) and grid[r][c] is not None:
                c += 1
            rowspan, colspan = int(cell.get("rowspan", 1) or 1), int(cell.get("colspan", 1) or 1)
            for dr in range(rowspan):
                while len(grid) <= r + dr:
                    grid.append([])
                line = grid[r + dr]
                while len(line) < c + colspan:
                    line.append(None)
                for dc in range(colspan):
                    line[c + dc] = cell
            c += colspan
    return grid


def _headers_by_id(table: Tag, number: int) -> None:
    """Several header rows: every data cell names its column's and its row's headers."""
    for cell in table.select("thead th"):
        if not _text(cell) and cell.find_previous_sibling(["th", "td"]) is not None:
            cell.name = "td"  # a blank beside a header row's first cell heads nothing
    grid = _grid(table.find_all("tr"))
    for r, line in enumerate(grid):
        for c, cell in enumerate(line):
            if cell is not None and cell.name == "th" and not cell.get("id"):
                cell["id"] = f"table{number}-r{r}c{c}"
    for r, line in enumerate(grid):
        for c, cell in enumerate(line):
            if cell is None or cell.name != "td" or cell.get("headers"):
                continue
            above = [grid[i][c] for i in range(r) if c < len(grid[i]) and grid[i][c] is not None]
            before = [line[j] for j in range(c) if line[j] is not None]
            ids = [h["id"] for h in dict.fromkeys(above + before) if h.name == "th" and _text(h)]
            if ids:
                cell["headers"] = " ".join(ids)


def _fix_table(markup: str, number: int) -> str:
    soup = BeautifulSoup(markup, "html.parser")
    table = soup.find("table")
    thead, tbodies = table.find("thead"), table.find_all("tbody")
    if thead is None:
        return markup
    _collapse_index_name_row(thead)
    header_rows = thead.find_all("tr", recursive=False)
    if len(header_rows) == 1:
        corner = header_rows[0].find(["th", "td"], recursive=False)
        if corner is not None and corner.name == "th" and not _text(corner):
            corner.name = "td"  # an empty corner heads nothing
        for header in thead.find_all("th"):
            header.attrs.setdefault("scope", "col")
        for body in tbodies:
            for header in body.find_all("th"):
                header.attrs.setdefault("scope", "row")
    elif not table.select("[headers]"):
        _headers_by_id(table, number)
    return str(soup)


def fix_tables(page: str) -> str:
    page = _PANDAS_STYLE.sub("", page)
    page = _BORDER.sub(r"\1\2", page)
    if "<thead" not in page:
        return page
    counter = iter(range(1, 10**6))
    return _TABLE.sub(
        lambda match: (
            _fix_table(match.group(0), next(counter))
            if "<thead" in match.group(0)
            else match.group(0)
        ),
        page,
    )


def fix_exercise_ids(page: str) -> str:
    out, last = [], 0
    for match in _ADMONITION_ID.finditer(page):
        kind, owner = match.group(1), match.group(2)
        fixed = f'<section id="{kind}-content"'
        position = page.find(fixed, match.end())
        following = _ADMONITION_ID.search(page, match.end())
        if position < 0 or (following and following.start() < position):
            continue
        out.append(page[last:position])
        out.append(f'<section id="{html.escape(owner, quote=True)}-content"')
        last = position + len(fixed)
    out.append(page[last:])
    return "".join(out)


def fix_summaries(page: str) -> str:
    def phrasing(match: re.Match) -> str:
        inner = re.sub(
            r"<p(\s[^>]*)?>", lambda p: f"<span{p.group(1) or ''}>", match.group(2)
        ).replace("</p>", "</span>")
        return match.group(1) + inner + match.group(3)

    return _SUMMARY.sub(phrasing, page)


def fix_search(page: str, label: str = "Search") -> str:
    button = SEARCH_SUBMIT.format(label=html.escape(label, quote=True))
    page = _SEARCH_ICON.sub(lambda match: match.group(1) + button, page)
    first = page.find('id="search-input"')
    if first >= 0:
        second = page.find('id="search-input"', first + 1)
        if second >= 0:
            page = (
                page[:second] + 'id="search-input-page"' + page[second + len('id="search-input"') :]
            )
    return page


_EMPTY_HEADING = re.compile(r"<h([1-6])>\s*</h\1>\s*")


def fix_empty_headings(page: str) -> str:
    return _EMPTY_HEADING.sub("", page)


def fix_page(page: str, search_label: str = "Search") -> str:
    """Every mend above, applied to one built page (``search_label``: "Search" in its language)."""
    return fix_empty_headings(
        fix_search(fix_summaries(fix_exercise_ids(fix_tables(page))), search_label)
    )


REDIRECT_TEXT = "This book starts at {link}."


def redirect_page(target: str, title: str, language: str = "en", text: str = REDIRECT_TEXT) -> str:
    """A valid page that sends the reader on to ``target`` (the landing page); ``text`` is its
    one sentence, in ``language``, with ``{link}`` where the link to the landing page goes."""
    target, title = html.escape(target, quote=True), html.escape(title)
    before, _, after = text.partition("{link}")
    return (
        f'<!DOCTYPE html>\n<html lang="{html.escape(language, quote=True)}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Refresh" content="0; url={target}">\n<title>{title}</title>\n'
        f'<meta name="description" content="{title}">\n'
        f'</head>\n<body>\n<p>{html.escape(before)}<a href="{target}">{title}</a>{html.escape(after)}</p>\n'
        "</body>\n</html>\n"
    )


def fix_site(outdir: Path, search_label: str = "Search") -> list[Path]:
    """Mend every built page under ``outdir`` (theme assets excepted); return the pages changed."""
    changed = []
    for path in sorted(outdir.rglob("*.html")):
        if "_static" in path.relative_to(outdir).parts:
            continue
        text = path.read_text(encoding="utf-8")
        fixed = fix_page(text, search_label)
        if fixed != text:
            path.write_text(fixed, encoding="utf-8")
            changed.append(path)
    return changed
