"""Measure how fast the book builds and how heavy its pages are, on this machine.

Prints tables; it is a measurement, not a test, and passes or fails nothing. It measures:

* a cold build of a fresh clone of the committed repository (every cell executed, warnings as
  errors, as CI builds it) and a rebuild of the same clone with nothing changed;
* the print edition (``make pdf``) of the same clone: its build time, and each PDF's pages and size
  (when Chromium is installed);
* each chapter's own execution time, run as a notebook with nbclient;
* each page's weight: its HTML and the images it shows (a chapter's own weight), and the scripts and
  style sheets it loads;
* the quiz front-end: its size, the HTML each quiz adds, and its time to ready after
  DOMContentLoaded in Chromium (when Chromium is installed);
* Lighthouse's scores (performance, accessibility, best practices, SEO) and page weight, phone and
  desktop, for the landing page and a chapter, beside a stock Jupyter Book (``jupyter-book create``,
  built with the same Jupyter Book, offline) served the same way (when Chromium and the npm
  packages are installed). One run each: Lighthouse's performance score varies from run to run,
  more so on a busy machine.

Usage: ``python benchmarks/run.py [--skip-build] [--html PATH]``. With ``--skip-build`` it
measures an existing build (``--html``, default ``_build/html``) instead of building.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

import jupytext
from bs4 import BeautifulSoup
from nbclient import NotebookClient

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
from baikonur.book import jupyter_book, strict_build_command  # noqa: E402
from conftest import (  # noqa: E402 - the tests' quiet local web server and browser settings
    CHROMIUM,
    CHROMIUM_ARGS,
    serving,
)


def table(title: str, header: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows, strict=True)]
    print(f"\n{title}")
    print("  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print(
            "  ".join(
                str(c).rjust(w) if i else str(c).ljust(w)
                for i, (c, w) in enumerate(zip(row, widths, strict=True))
            )
        )


def kib(size: int) -> str:
    return f"{size / 1024:.1f}"


def timed_build(source: Path) -> float:
    start = time.perf_counter()
    subprocess.run(
        strict_build_command(source, "--quiet"),
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - start


def measure_builds(workdir: Path) -> Path:
    clone = workdir / "clone"
    subprocess.run(["git", "clone", "--quiet", str(REPO), str(clone)], check=True)
    cold = timed_build(clone)
    rebuild = timed_build(clone)
    table(
        "Build (fresh clone of the committed tree)",
        ["build", "seconds"],
        [
            ["cold, every cell executed", f"{cold:.1f}"],
            ["rebuild, nothing changed", f"{rebuild:.1f}"],
        ],
    )
    return clone / "_build" / "html"


def measure_print(source: Path, workdir: Path) -> None:
    """Build the print edition of ``source`` (single-page build, contents, two prints) and time it."""
    from pypdf import PdfReader

    output = workdir / "print"
    start = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "baikonur.book.pdf",
            "--source",
            str(source),
            "--output",
            str(output / "pdf"),
            "--workdir",
            str(output / "work"),
        ],
        check=True,
        capture_output=True,
    )
    elapsed = time.perf_counter() - start
    rows = [
        [pdf.name, str(len(PdfReader(pdf).pages)), f"{pdf.stat().st_size / 1024 / 1024:.1f}"]
        for pdf in sorted((output / "pdf").glob("*.pdf"))
    ]
    table(f"Print edition (make pdf): built in {elapsed:.1f} s", ["file", "pages", "MiB"], rows)


def measure_chapters(workdir: Path) -> None:
    rows = []
    for chapter in sorted((REPO / "chapters").glob("*.md")):
        notebook = jupytext.read(chapter)
        client = NotebookClient(
            notebook,
            timeout=600,
            kernel_name="python3",
            resources={"metadata": {"path": str(workdir)}},
        )
        start = time.perf_counter()
        client.execute()
        elapsed = time.perf_counter() - start
        cells = sum(1 for cell in notebook.cells if cell.cell_type == "code")
        rows.append([chapter.stem, str(cells), f"{elapsed:.1f}"])
    table(
        "Chapter execution as a notebook (kernel start included)",
        ["chapter", "code cells", "seconds"],
        rows,
    )


@functools.cache
def gzipped_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes()))


@functools.cache
def web_fonts(stylesheet: Path) -> frozenset[Path]:
    """The WOFF2 fonts a style sheet declares (browsers fetch the first format they support)."""
    urls = re.findall(r"url\(['\"]?([^'\")]+\.woff2)", stylesheet.read_text(errors="replace"))
    paths = {(stylesheet.parent / urlparse(url).path).resolve() for url in urls}
    return frozenset(path for path in paths if path.is_file())


def local_asset(html: Path, root: Path, url: str | None) -> Path | None:
    if not url or urlparse(url).netloc or url.startswith("data:"):
        return None
    path = (html.parent / urlparse(url).path).resolve()
    return path if path.is_file() and root in path.parents else None


def measure_pages(html_root: Path) -> None:
    rows = []
    for html in sorted(
        p
        for p in html_root.rglob("*.html")
        if not {"_static", "_sources", "reports"} & set(p.parts)
    ):
        soup = BeautifulSoup(html.read_text(), "html.parser")
        images = {local_asset(html, html_root, img.get("src")) for img in soup.find_all("img")} - {
            None
        }
        scripts = {local_asset(html, html_root, s.get("src")) for s in soup.find_all("script")} - {
            None
        }
        styles = {
            local_asset(html, html_root, link.get("href"))
            for link in soup.find_all("link", rel="stylesheet")
        } - {None}
        fonts = set().union(*(web_fonts(sheet) for sheet in styles)) if styles else set()
        files = [{html}, images, scripts | styles, fonts]
        sizes = [sum(p.stat().st_size for p in group) for group in files]
        transferred = sum(gzipped_size(p) for group in files for p in group)
        own = sizes[0] + sizes[1]
        rows.append(
            [str(html.relative_to(html_root))]
            + [kib(size) for size in sizes]
            + [kib(own), kib(sum(sizes)), kib(transferred)]
        )
    table(
        "Page weight in KiB (html+images is the page's own weight, held to 0.48 MB a chapter; js, css and fonts are "
        "mostly the theme's, shared and cached across pages; gzip is what a compressing server sends)",
        ["page", "html", "images", "js+css", "fonts", "html+images", "total", "gzip"],
        rows,
    )


def measure_quiz(html_root: Path) -> None:
    static = html_root / "_static"
    front_end = sum(
        (static / name).stat().st_size
        for name in ("quiz.js", "quiz.css")
        if (static / name).exists()
    )
    rows = []
    for html in sorted((html_root / "chapters").glob("*.html")):
        soup = BeautifulSoup(html.read_text(), "html.parser")
        quizzes = soup.select("section.bq")
        questions = sum(len(q.select("form.bq-q")) for q in quizzes)
        markup = sum(len(str(q).encode()) for q in quizzes)
        rows.append(
            [html.stem, str(questions), kib(markup), kib(markup * 5 // max(questions, 1)), "-"]
        )
    if CHROMIUM.exists():
        ready = quiz_ready_times(html_root, [row[0] for row in rows])
        for row in rows:
            row[4] = ready.get(row[0], "-")
    print(f"\nQuiz front-end (quiz.js + quiz.css): {kib(front_end)} KiB, shared by every page")
    table(
        "Quiz per chapter page",
        [
            "page",
            "questions",
            "quiz HTML KiB",
            "KiB per 5 questions",
            "ready after DOMContentLoaded (ms; aim: under 50)",
        ],
        rows,
    )


def quiz_ready_times(html_root: Path, pages: list[str]) -> dict[str, str]:
    from playwright.sync_api import sync_playwright

    results = {}
    with serving(html_root) as url, sync_playwright() as playwright:
        base = f"{url}chapters/"
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.route(
            "**/*",
            lambda route: (
                route.abort()
                if urlparse(route.request.url).hostname not in {"127.0.0.1"}
                else route.continue_()
            ),
        )
        for name in pages:
            page.goto(f"{base}{name}.html", wait_until="load")
            value = page.evaluate(
                """() => {
                    const mark = performance.getEntriesByName('baikonur-quiz-ready')[0];
                    const nav = performance.getEntriesByType('navigation')[0];
                    return mark ? mark.startTime - nav.domContentLoadedEventStart : null;
                }"""
            )
            results[name] = "-" if value is None else f"{value:.1f}"
        browser.close()
    return results


LIGHTHOUSE = REPO / "node_modules" / ".bin" / "lighthouse"


def lighthouse(url: str, desktop: bool, output: Path) -> list[str]:
    """One Lighthouse run of ``url`` on Debian's Chromium: scores and weight, as table cells."""
    import json

    command = [
        str(LIGHTHOUSE),
        url,
        "--only-categories=performance,accessibility,best-practices,seo",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
        "--output=json",
        f"--output-path={output}",
        "--quiet",
    ]
    if desktop:
        command.append("--preset=desktop")
    environment = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", str(CHROMIUM))}
    result = subprocess.run(command, capture_output=True, text=True, env=environment, timeout=600)
    if result.returncode != 0 or not output.exists():
        return ["failed"] * 8
    report = json.loads(output.read_text())
    scores = [
        report["categories"][name]["score"]
        for name in ("performance", "accessibility", "best-practices", "seo")
    ]
    audits = report["audits"]
    console = audits.get("errors-in-console", {}).get("details", {}).get("items", [])
    return ["-" if score is None else f"{score * 100:.0f}" for score in scores] + [
        kib(int(audits["total-byte-weight"]["numericValue"])),
        str(len(audits["network-requests"]["details"]["items"])),
        str(int(audits["dom-size"].get("numericValue", 0))),
        str(len(console)),
    ]


def build_stock_book(workdir: Path) -> Path:
    """A stock Jupyter Book (the template of ``jupyter-book create``) built by this environment's
    Jupyter Book, offline: what the book is compared with."""
    stock = workdir / "stock-book"
    subprocess.run([jupyter_book(), "create", str(stock)], check=True, capture_output=True)
    subprocess.run(
        [jupyter_book(), "build", str(stock), "--quiet"], check=True, capture_output=True
    )
    return stock / "_build" / "html"


def measure_against_stock(html_root: Path, workdir: Path) -> None:
    if not LIGHTHOUSE.exists() or not CHROMIUM.exists():
        print(
            "\nLighthouse: skipped (needs Debian's chromium and `npm ci` for the pinned lighthouse)"
        )
        return
    stock = build_stock_book(workdir)
    sites = [
        ("this book", html_root, ["intro.html", "chapters/history.html"]),
        ("stock Jupyter Book", stock, ["intro.html", "notebooks.html"]),
    ]
    rows = []
    for site, root, pages in sites:
        with serving(root) as url:
            for page in pages:
                for desktop in (False, True):
                    cells = lighthouse(f"{url}{page}", desktop, workdir / "lighthouse.json")
                    rows.append([site, page, "desktop" if desktop else "phone"] + cells)
    table(
        "Lighthouse 12 (one run each, plain local server without compression; scores out of 100, weight in KiB as "
        "loaded, DOM elements, console errors)",
        [
            "site",
            "page",
            "form",
            "perf",
            "a11y",
            "best pr.",
            "SEO",
            "weight",
            "requests",
            "DOM",
            "console errors",
        ],
        rows,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--skip-build", action="store_true", help="measure an existing build instead of building"
    )
    parser.add_argument(
        "--html",
        type=Path,
        default=REPO / "_build" / "html",
        help="the build to measure with --skip-build",
    )
    args = parser.parse_args()
    print(f"Benchmark on {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        html_root = args.html.resolve() if args.skip_build else measure_builds(workdir)
        if not args.skip_build and CHROMIUM.exists():
            measure_print(workdir / "clone", workdir)
        measure_chapters(workdir)
        measure_pages(html_root)
        measure_quiz(html_root)
        measure_against_stock(html_root, workdir)


if __name__ == "__main__":
    main()
