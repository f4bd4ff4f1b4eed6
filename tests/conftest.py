"""Shared fixtures: one book build per test session, a local web server, and a browser.

The book build is slow (every cell of every chapter runs), so the build-level and browser tests
share one build made from scratch into a fresh folder. Browser tests drive Debian's Chromium
through Playwright with every request that leaves 127.0.0.1 blocked, so a page that needs the
network fails its test instead of quietly working on a connected machine.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = Path(os.environ.get("BAIKONUR_CHROMIUM", "/usr/bin/chromium"))
AXE_SCRIPT = REPO / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}


def in_ci() -> bool:
    return os.environ.get("CI") == "true"


def missing(reason: str) -> None:
    """Skip on a developer's machine; fail in CI, where every tool must be present."""
    if in_ci():
        pytest.fail(f"{reason} (CI=true, so this is a failure, not a skip)")
    pytest.skip(reason)


def jupyter_book_command() -> list[str]:
    executable = Path(sys.executable).parent / "jupyter-book"
    return [str(executable) if executable.exists() else "jupyter-book"]


def build_book(source: Path, output: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Build the book at ``source`` into ``output`` the way CI does: warnings are errors."""
    command = jupyter_book_command() + ["build", str(source), "-W", "-n", "--keep-going", "--path-output", str(output)]
    return subprocess.run(command, capture_output=True, text=True, env={**os.environ, **(env or {})}, timeout=3600)


BOOK_SOURCES = ["_config.yml", "_toc.yml", "intro.md", "chapters", "appendix", "data", "references.bib", "_static", "assignments"]


def copy_book_sources(destination: Path) -> Path:
    """Copy what the book is built from into ``destination`` (to corrupt a copy, not the original)."""
    import shutil

    destination.mkdir(parents=True, exist_ok=True)
    for name in BOOK_SOURCES:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, destination / name, ignore=shutil.ignore_patterns("dist", "__pycache__"))
        elif source.exists():
            shutil.copy(source, destination / name)
    return destination


@pytest.fixture(scope="session")
def book_build_dir(tmp_path_factory) -> Path:
    """The ``_build`` folder of one fresh, warning-free build of the book (shared by the session)."""
    prebuilt = os.environ.get("BAIKONUR_BUILT_HTML")
    if prebuilt:
        return Path(prebuilt).resolve().parent
    output = tmp_path_factory.mktemp("book")
    result = build_book(REPO, output)
    log = output / "build.log"
    log.write_text(result.stdout + "\n" + result.stderr)
    if result.returncode != 0:
        tail = "\n".join((result.stdout + result.stderr).splitlines()[-60:])
        pytest.fail(f"the book build failed (exit {result.returncode}); full log in {log}\n{tail}")
    return output / "_build"


@pytest.fixture(scope="session")
def book_html(book_build_dir: Path) -> Path:
    """The built HTML folder."""
    return book_build_dir / "html"


@pytest.fixture(scope="session")
def print_edition(tmp_path_factory) -> dict[str, Path]:
    """The book and answer-key PDFs of one print build (``make pdf``'s builder, from scratch), with
    the single-page HTML build they were printed from: keys ``book``, ``key`` and ``html``.
    ``BAIKONUR_BUILT_PRINT`` names an earlier build's folder (``--output`` DIR/pdf, ``--workdir``
    DIR/work) to check instead."""
    prebuilt = os.environ.get("BAIKONUR_BUILT_PRINT")
    if prebuilt:
        output = Path(prebuilt).resolve()
        return {"book": output / "pdf" / "baikonur.pdf", "key": output / "pdf" / "baikonur-answer-key.pdf", "html": output / "work" / "_build" / "singlehtml"}
    if not CHROMIUM.exists():
        missing(f"Chromium not found at {CHROMIUM}: install Debian's chromium package (apt-get install chromium)")
    output = tmp_path_factory.mktemp("print")
    command = [sys.executable, "-m", "baikonur.book.pdf", "--output", str(output / "pdf"), "--workdir", str(output / "work")]
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=3600)
    if result.returncode != 0:
        pytest.fail(f"the print edition failed to build (exit {result.returncode}):\n{result.stdout}\n{result.stderr}")
    return {
        "book": output / "pdf" / "baikonur.pdf",
        "key": output / "pdf" / "baikonur-answer-key.pdf",
        "html": output / "work" / "_build" / "singlehtml",
    }


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - signature fixed by the base class
        pass


@pytest.fixture(scope="session")
def book_url(book_html: Path):
    """Base URL of a server on 127.0.0.1 that serves the built book."""
    handler = functools.partial(_QuietHandler, directory=str(book_html))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (Playwright cannot download browsers here)."""
    if not CHROMIUM.exists():
        missing(f"Chromium not found at {CHROMIUM}: install Debian's chromium package (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _guard_network(context) -> list[str]:
    """Abort every request that leaves this machine; return the list the aborted URLs go into."""
    blocked: list[str] = []

    def handle(route):
        url = route.request.url
        if urlparse(url).scheme in {"http", "https", "ws", "wss"} and urlparse(url).hostname not in LOCAL_HOSTS:
            blocked.append(url)
            route.abort()
        else:
            route.continue_()

    context.route("**/*", handle)
    return blocked


def open_page(browser, **context_options):
    """A fresh page with the network guard and console-error collection attached."""
    context = browser.new_context(**context_options)
    blocked = _guard_network(context)
    page = context.new_page()
    page.blocked_requests = blocked
    page.console_errors = []
    page.on("console", lambda message: message.type == "error" and page.console_errors.append(message.text))
    page.on("pageerror", lambda error: page.console_errors.append(f"uncaught: {error}"))
    return page


@pytest.fixture
def page(browser):
    """A browser page in its own context; ``page.console_errors`` and ``page.blocked_requests``."""
    page = open_page(browser)
    yield page
    page.context.close()


@pytest.fixture(scope="session")
def axe_script() -> str:
    """The axe-core accessibility engine, from npm (``npm ci`` installs it)."""
    if not AXE_SCRIPT.exists():
        missing(f"axe-core not found at {AXE_SCRIPT}: run `npm ci` in the repository")
    return AXE_SCRIPT.read_text()


@pytest.fixture(scope="session")
def toc_pages() -> list[str]:
    """Every page named in _toc.yml, as a path without suffix (e.g. ``chapters/history``)."""
    import yaml

    toc = yaml.safe_load((REPO / "_toc.yml").read_text())
    pages = [toc["root"]]

    def walk(entries):
        for entry in entries or []:
            if "file" in entry:
                pages.append(entry["file"])
            walk(entry.get("sections"))
            walk(entry.get("chapters"))

    for part in toc.get("parts", []):
        walk(part.get("chapters"))
    walk(toc.get("chapters"))
    return pages


def chapter_files() -> list[Path]:
    return sorted((REPO / "chapters").glob("*.md"))


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO



def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for_server(url: str, process: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"jupyter lab exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}api/status", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"jupyter lab did not answer at {url} within {timeout} s")


@contextlib.contextmanager
def running_jupyterlab(root_dir: Path, workdir: Path, env: dict[str, str] | None = None):
    """A JupyterLab on 127.0.0.1 (no token) serving ``root_dir``; yields its base URL.

    Its configuration, runtime, user-settings and workspace folders live in ``workdir``, so the
    developer's own JupyterLab settings play no part; the environment's installed settings do.
    """
    port = _free_port()
    environment = {key: value for key, value in os.environ.items() if not key.startswith("BAIKONUR_")}
    environment.update(
        JUPYTER_CONFIG_DIR=str(workdir / "config"),
        JUPYTER_RUNTIME_DIR=str(workdir / "runtime"),
        JUPYTERLAB_SETTINGS_DIR=str(workdir / "settings"),
        JUPYTERLAB_WORKSPACES_DIR=str(workdir / "workspaces"),
        **(env or {}),
    )
    command = [
        sys.executable, "-m", "jupyterlab", "--no-browser", "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
        "--IdentityProvider.token=", "--ServerApp.password=", f"--ServerApp.root_dir={root_dir}",
        "--allow-root", "--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.extension_manager=readonly",
    ]
    url = f"http://127.0.0.1:{port}/"
    with (workdir / "lab.log").open("w") as log:
        process = subprocess.Popen(command, env=environment, stdout=log, stderr=subprocess.STDOUT)
        try:
            _wait_for_server(url, process)
            yield url
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
