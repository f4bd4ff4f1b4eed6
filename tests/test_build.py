"""The book builds from scratch, every cell runs, nothing needs the network, and chapters run as notebooks."""

from __future__ import annotations

import os
import re
import shutil
import textwrap
from pathlib import Path
from urllib.parse import urlparse

import jupytext
import nbformat
import pytest
import yaml
from bs4 import BeautifulSoup
from nbclient import NotebookClient

from conftest import REPO, build_book, chapter_files

CHAPTERS = [path.stem for path in chapter_files()]

# Prepended to a chapter run as a notebook: any attempt to open a connection to another machine
# raises, so a cell that quietly downloads data fails the test.
NETWORK_GUARD = textwrap.dedent(
    """
    import socket as _socket

    _connect = _socket.socket.connect

    def _local_only(self, address):
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(host, str) and host not in ("127.0.0.1", "::1", "localhost") and not host.startswith("/"):
            raise ConnectionRefusedError(f"network access attempted: {address!r}")
        return _connect(self, address)

    _socket.socket.connect = _local_only
    """
)


def html_pages(book_html: Path) -> list[Path]:
    return sorted(
        p
        for p in book_html.rglob("*.html")
        if "_static" not in p.parts and "_sources" not in p.parts
    )


@pytest.mark.build
def test_every_toc_entry_has_a_page_with_one_title(book_html, toc_pages):
    for page in toc_pages:
        html = book_html / f"{page}.html"
        assert html.exists(), f"{page} is in _toc.yml but {html.name} was not built"
        soup = BeautifulSoup(html.read_text(), "html.parser")
        titles = soup.select("article h1")
        assert len(titles) == 1, f"{page}: expected exactly one page title, found {len(titles)}"


@pytest.mark.build
def test_every_code_cell_of_every_chapter_ran_in_the_build(book_build_dir):
    """Guards the execution settings, not the cells: a cell that raises already fails the build
    (``raise_on_error`` with ``-W``), but a build with execution switched off or served from a
    cache (``execute_notebooks: off``/``cache``) passes while showing stale or missing output.
    So every code cell of each chapter's source must appear, executed, in the build's notebook."""
    for chapter in CHAPTERS:
        executed = book_build_dir / "jupyter_execute" / "chapters" / f"{chapter}.ipynb"
        assert executed.exists(), f"no executed notebook for {chapter}: was it executed?"
        source = jupytext.read(REPO / "chapters" / f"{chapter}.md")
        expected = [cell.source.strip() for cell in source.cells if cell.cell_type == "code"]
        code_cells = [
            cell for cell in nbformat.read(executed, as_version=4).cells if cell.cell_type == "code"
        ]
        assert [cell.source.strip() for cell in code_cells] == expected, (
            f"{chapter}: the built notebook is not the chapter's source"
        )
        for index, cell in enumerate(code_cells):
            assert cell.get("execution_count") is not None, (
                f"{chapter}: code cell {index} was not executed"
            )


def test_chapters_write_dollar_signs_without_an_escape():
    """``$`` is plain text in this book (dollarmath is off): an escape before it is noise for the
    author, and the build test below shows that the sign renders as written."""
    for chapter in chapter_files():
        escaped = [
            number
            for number, line in enumerate(chapter.read_text().splitlines(), 1)
            if "\\$" in line
        ]
        assert not escaped, (
            f"{chapter.name}: lines {escaped} escape a dollar sign; write US$ plainly"
        )


@pytest.mark.build
def test_dollar_amounts_render_as_text_and_nothing_as_math(book_html):
    for chapter in CHAPTERS:
        soup = BeautifulSoup(
            (book_html / "chapters" / f"{chapter}.html").read_text(), "html.parser"
        )
        article = soup.select_one("article")
        assert not article.select(".math, mjx-container, math"), (
            f"{chapter}: something renders as math"
        )
        text = article.get_text()
        assert "\\$" not in text, f"{chapter}: a dollar sign shows its backslash"
        if "US$" in (REPO / "chapters" / f"{chapter}.md").read_text():
            assert "US$" in text, f"{chapter}: a US$ amount of the source does not show as written"


@pytest.mark.build
def test_no_page_shows_a_traceback_or_stderr(book_html):
    for html in html_pages(book_html):
        text = html.read_text()
        soup = BeautifulSoup(text, "html.parser")
        assert "Traceback (most recent call last)" not in text, f"{html.name} shows a traceback"
        assert not soup.select(".output.traceback, .output.error"), (
            f"{html.name} shows an error output"
        )
        assert not soup.select(".output.stderr"), f"{html.name} shows text a cell printed to stderr"


@pytest.mark.build
def test_no_page_loads_anything_from_another_host(book_html):
    for html in html_pages(book_html):
        soup = BeautifulSoup(html.read_text(), "html.parser")
        for tag, attribute in (
            ("script", "src"),
            ("link", "href"),
            ("img", "src"),
            ("iframe", "src"),
            ("source", "src"),
        ):
            for element in soup.find_all(tag):
                url = element.get(attribute)
                if not url or (
                    tag == "link"
                    and not set(element.get("rel", []))
                    & {"stylesheet", "preload", "icon", "modulepreload"}
                ):
                    continue
                assert not urlparse(url).netloc, (
                    f"{html.relative_to(book_html)} loads <{tag}> from {url}"
                )


@pytest.mark.build
def test_theme_options_keep_the_launch_and_repository_buttons(book_html):
    config = yaml.safe_load((REPO / "_config.yml").read_text())
    repository = config["repository"]["url"]
    page = (book_html / "chapters" / f"{CHAPTERS[0]}.html").read_text()
    assert repository in page, (
        "the repository button is missing: html_theme_options replaced the theme's defaults"
    )
    for launcher in ("binderhub_url", "colab_url"):
        host = urlparse(config["launch_buttons"][launcher]).netloc
        assert host in page, f"the launch button for {launcher} ({host}) is missing"


@pytest.mark.build
def test_every_chapter_offers_its_executed_notebook_for_download(book_html):
    for chapter in CHAPTERS:
        page = (book_html / "chapters" / f"{chapter}.html").read_text()
        link = f"_sources/chapters/{chapter}.ipynb"
        assert link in page, f"{chapter}: no .ipynb download button"
        notebook = nbformat.read(book_html / link, as_version=4)
        assert any(cell.get("outputs") for cell in notebook.cells if cell.cell_type == "code"), (
            f"{chapter}: the downloadable notebook carries no outputs"
        )


@pytest.mark.slow
def test_a_failing_cell_fails_the_build(tmp_path):
    book = tmp_path / "book"
    book.mkdir()
    for name in ("_config.yml", "references.bib"):
        shutil.copy(REPO / name, book / name)
    shutil.copytree(REPO / "_static", book / "_static")
    (book / "_toc.yml").write_text("format: jb-book\nroot: intro\nchapters:\n  - file: broken\n")
    (book / "intro.md").write_text("# A tiny book\n\nIt has one page that fails.\n")
    (book / "broken.md").write_text(
        (REPO / "chapters" / f"{CHAPTERS[0]}.md").read_text().split("---\n\n", 1)[0]
        + "---\n\n# Broken\n\n```{code-cell} ipython3\nraise RuntimeError('this cell fails on purpose')\n```\n"
    )
    result = build_book(book, tmp_path / "out")
    output = result.stdout + result.stderr
    assert result.returncode != 0, "a cell raised, yet the build succeeded"
    assert "this cell fails on purpose" in output


def run_as_student(chapter: str, workdir: Path) -> nbformat.NotebookNode:
    notebook = jupytext.read(REPO / "chapters" / f"{chapter}.md")
    notebook.cells.insert(0, nbformat.v4.new_code_cell(NETWORK_GUARD))
    env = {key: value for key, value in os.environ.items() if not key.startswith("BAIKONUR_")}
    client = NotebookClient(
        notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(workdir)}}
    )
    client.execute(env=env)
    return notebook


@pytest.mark.slow
@pytest.mark.parametrize("chapter", CHAPTERS)
def test_chapter_runs_as_a_notebook_outside_the_repository(chapter, tmp_path):
    notebook = run_as_student(chapter, tmp_path)
    errors = [
        out
        for cell in notebook.cells
        if cell.cell_type == "code"
        for out in cell.get("outputs", [])
        if out.get("output_type") == "error"
    ]
    assert not errors, f"{chapter}: {errors[0]['ename']}: {errors[0]['evalue']}"
    quiz_outputs = [
        out
        for cell in notebook.cells
        if "load_quiz" in cell.source
        for out in cell.get("outputs", [])
        if out.get("output_type") == "execute_result"
    ]
    assert quiz_outputs, f"{chapter}: the quiz cell displayed nothing"
    assert "application/vnd.jupyter.widget-view+json" in quiz_outputs[0]["data"], (
        f"{chapter}: outside the book build the quiz must be a live widget"
    )


@pytest.mark.browser
def test_every_page_loads_without_console_errors_or_outside_requests(page, book_url, toc_pages):
    for name in toc_pages:
        page.goto(f"{book_url}{name}.html", wait_until="load")
        assert page.locator("article h1").count() == 1, f"{name} did not render"
        assert not page.console_errors, f"{name}: console errors {page.console_errors}"
        assert not page.blocked_requests, f"{name}: tried to reach {page.blocked_requests}"


def test_requirements_pin_every_package_and_jupyter_book_below_2():
    lines = [
        line.strip()
        for line in (REPO / "requirements.txt").read_text().splitlines()
        if line.strip()
        and not line.startswith(("#", "-e", "./"))  # ./: the repository's own packages
    ]
    unpinned = [line for line in lines if "==" not in line]
    assert not unpinned, f"unpinned requirements: {unpinned}"
    versions = dict(line.split("==", 1) for line in lines)
    assert versions["jupyter-book"].startswith("1."), (
        "jupyter-book 2 ignores _config.yml and _toc.yml"
    )


def test_the_theme_asset_template_matches_the_installed_theme():
    """_templates/static/webpack-macros.html copies the theme's asset links, less Font Awesome's
    script; after a theme upgrade its digest and file list must be copied again."""
    import pydata_sphinx_theme

    theirs = (
        Path(pydata_sphinx_theme.__file__).parent
        / "theme"
        / "pydata_sphinx_theme"
        / "static"
        / "webpack-macros.html"
    ).read_text()
    ours = (REPO / "_templates" / "static" / "webpack-macros.html").read_text()
    their_digests = set(re.findall(r"\?digest=(\w+)", theirs))
    assert re.findall(r'set digest = "(\w+)"', ours) == sorted(their_digests), (
        "copy the installed theme's digest"
    )
    assets = r"pathto\('(_static/[^']+)', 1\)"
    assert set(re.findall(assets, ours)) == set(re.findall(assets, theirs)) - {
        "_static/vendor/fontawesome/6.5.2/js/all.min.js"
    }
