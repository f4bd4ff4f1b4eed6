"""Shared fixtures: one book build per test session, a local web server, and a browser.

The book build is slow (every cell of every chapter runs), so the build-level and browser tests
share one build made from scratch into a fresh folder. That build's site address (``html.baseurl``)
is the local server that then serves it, so the notebooks' install cells fetch the package from it. Browser tests drive Debian's Chromium
through Playwright with every request that leaves 127.0.0.1 blocked, so a page that needs the
network fails its test instead of quietly working on a connected machine.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import re
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


def build_book(
    source: Path, output: Path, env: dict[str, str] | None = None, config: Path | None = None
) -> subprocess.CompletedProcess:
    """Build the book at ``source`` into ``output`` the way CI does: warnings are errors."""
    from baikonur.book import strict_build_command

    command = strict_build_command(source, "--path-output", str(output))
    if config is not None:
        command += ["--config", str(config)]
    return subprocess.run(
        command, capture_output=True, text=True, env={**os.environ, **(env or {})}, timeout=3600
    )


def config_with_baseurl(destination: Path, baseurl: str) -> Path:
    """A copy of ``_config.yml`` at ``destination`` whose site address is ``baseurl``."""
    import yaml

    config = yaml.safe_load((REPO / "_config.yml").read_text())
    config["html"]["baseurl"] = baseurl
    destination.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True))
    return destination


BOOK_SOURCES = [
    "_config.yml",
    "_toc.yml",
    "intro.md",
    "chapters",
    "appendix",
    "data",
    "quizzes",
    "references.bib",
    "_static",
    "_templates",
    "assignments",
]


def copy_book_sources(destination: Path) -> Path:
    """Copy what the book is built from into ``destination`` (to corrupt a copy, not the original)."""
    import shutil

    destination.mkdir(parents=True, exist_ok=True)
    for name in BOOK_SOURCES:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(
                source, destination / name, ignore=shutil.ignore_patterns("dist", "__pycache__")
            )
        elif source.exists():
            shutil.copy(source, destination / name)
    return destination


@pytest.fixture(scope="session")
def book_build_dir(tmp_path_factory) -> Path:
    """The ``_build`` folder of one fresh, warning-free build of the book (shared by the session).

    Its ``html.baseurl`` is a free port on 127.0.0.1, where :func:`book_url` then serves it.
    """
    prebuilt = os.environ.get("BAIKONUR_BUILT_HTML")
    if prebuilt:
        return Path(prebuilt).resolve().parent
    output = tmp_path_factory.mktemp("book")
    config = config_with_baseurl(output / "_config.yml", f"http://127.0.0.1:{_free_port()}/")
    result = build_book(REPO, output, config=config)
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


def build_print(output: Path, language: str = "en") -> dict[str, Path]:
    """Build the print edition of ``language`` from scratch into ``output`` (``make pdf``'s builder:
    PDFs in ``pdf/``, the single-page build in ``print/``); return keys ``book``, ``key``, ``html``."""
    if not CHROMIUM.exists():
        missing(
            f"Chromium not found at {CHROMIUM}: install Debian's chromium package (apt-get install chromium)"
        )
    command = [
        sys.executable,
        "-m",
        "baikonur.book.pdf",
        "--output",
        str(output / "pdf"),
        "--workdir",
        str(output / "print"),
    ]
    if language != "en":
        command += ["--language", language]
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=3600)
    if result.returncode != 0:
        pytest.fail(
            f"the {language} print edition failed to build (exit {result.returncode}):\n{result.stdout}\n{result.stderr}"
        )
    return {
        "book": output / "pdf" / "baikonur.pdf",
        "key": output / "pdf" / "baikonur-answer-key.pdf",
        "html": output / "print" / "_build" / "singlehtml",
    }


@pytest.fixture(scope="session")
def print_edition(tmp_path_factory) -> dict[str, Path]:
    """The book and answer-key PDFs of one print build (``make pdf``'s builder, from scratch), with
    the single-page HTML build they were printed from: keys ``book``, ``key`` and ``html``.
    ``BAIKONUR_BUILT_PRINT`` names an earlier build's folder to check instead: ``_build`` after
    ``make pdf`` (PDFs in ``pdf/``, the single-page build in ``print/``)."""
    prebuilt = os.environ.get("BAIKONUR_BUILT_PRINT")
    if prebuilt:
        output = Path(prebuilt).resolve()
        return {
            "book": output / "pdf" / "baikonur.pdf",
            "key": output / "pdf" / "baikonur-answer-key.pdf",
            "html": output / "print" / "_build" / "singlehtml",
        }
    return build_print(tmp_path_factory.mktemp("print"))


def translated_print(tmp_path_factory, language: str) -> dict[str, Path]:
    """The print edition of a translated edition (``make pdf LANG=<language>``), built from scratch;
    with ``BAIKONUR_BUILT_PRINT`` (``_build``), the one ``make pdf LANG=<language>`` wrote there
    (``editions/<language>/pdf/``). Keys as :func:`print_edition`'s."""
    prebuilt = os.environ.get("BAIKONUR_BUILT_PRINT")
    if not prebuilt:
        return build_print(tmp_path_factory.mktemp(f"print-{language}"), language)
    output = Path(prebuilt).resolve() / "editions" / language
    if not (output / "pdf" / "baikonur.pdf").exists():
        pytest.fail(
            f"BAIKONUR_BUILT_PRINT={prebuilt} holds no {language} print edition "
            f"({output / 'pdf'}): run `make pdf LANG={language}` first, or unset it"
        )
    return {
        "book": output / "pdf" / "baikonur.pdf",
        "key": output / "pdf" / "baikonur-answer-key.pdf",
        "html": output / "print" / "_build" / "singlehtml",
    }


# One build per session and edition (a failed build fails every test that needs it, once).
@pytest.fixture(scope="session")
def print_edition_ru(tmp_path_factory) -> dict[str, Path]:
    return translated_print(tmp_path_factory, "ru")


@pytest.fixture(scope="session")
def print_edition_kk(tmp_path_factory) -> dict[str, Path]:
    return translated_print(tmp_path_factory, "kk")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - signature fixed by the base class
        pass


@contextlib.contextmanager
def serving(directory: Path, port: int = 0):
    """Serve ``directory`` on 127.0.0.1 (on ``port``, or any free one) without logging each
    request; yields the base URL."""
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", port), functools.partial(_QuietHandler, directory=str(directory))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


def built_site_url(book_html: Path) -> str:
    """The site address the book at ``book_html`` was built for (its ``html.baseurl``)."""
    import re

    canonical = re.search(
        r'<link rel="canonical" href="([^"]*)intro\.html"', (book_html / "intro.html").read_text()
    )
    return canonical.group(1) if canonical else ""


@pytest.fixture(scope="session")
def book_url(book_html: Path):
    """Base URL of a server on 127.0.0.1 that serves the built book, at its own site address
    when that is a port on 127.0.0.1."""
    site = urlparse(built_site_url(book_html))
    with serving(book_html, site.port if site.hostname in LOCAL_HOSTS and site.port else 0) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (Playwright cannot download browsers here)."""
    if not CHROMIUM.exists():
        missing(
            f"Chromium not found at {CHROMIUM}: install Debian's chromium package (apt-get install chromium)"
        )
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
        if (
            urlparse(url).scheme in {"http", "https", "ws", "wss"}
            and urlparse(url).hostname not in LOCAL_HOSTS
        ):
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
    page.on(
        "console",
        lambda message: message.type == "error" and page.console_errors.append(message.text),
    )
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


def serious_axe_violations(page, axe_script: str) -> dict[str, list]:
    """Run axe-core on ``page`` as it is now; its serious and critical violations, each rule's id
    with the first five elements it names (an empty dict when there are none)."""
    page.evaluate(axe_script)
    violations = page.evaluate("axe.run().then(result => result.violations)")
    return {
        v["id"]: [n["target"] for n in v["nodes"]][:5]
        for v in violations
        if v["impact"] in ("serious", "critical")
    }


@pytest.fixture(scope="session")
def toc_pages() -> list[str]:
    """Every page named in _toc.yml, as a path without suffix (e.g. ``chapters/history``)."""
    return toc_page_names()


def toc_page_names() -> list[str]:
    """Every page named in _toc.yml, as a path without suffix (e.g. ``chapters/history``)."""
    from baikonur.data import toc_pages

    return toc_pages(REPO / "_toc.yml")


def notebook_page_names() -> list[str]:
    """The pages of _toc.yml that run code (their source has a code cell), in its order."""
    return [
        page
        for page in toc_page_names()
        if "```{code-cell}" in (REPO / f"{page}.md").read_text(encoding="utf-8")
    ]


NOTEBOOK_PAGES = notebook_page_names()
"""The pages that run code: each offers its notebook for download and has launch buttons."""


def chapter_files() -> list[Path]:
    """The chapters the book is built from: every ``chapters/`` page of _toc.yml, in its order."""
    return [REPO / f"{page}.md" for page in toc_page_names() if page.startswith("chapters/")]


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


# --- Sources: relays, Wikipedia-only citations, glossary coverage ------------------------------

#: Sites that re-post other outlets' reports (relays, aggregators, content farms, forum threads,
#: Wikipedia mirrors). A bibliography entry must cite the original outlet instead: the news agency,
#: the newspaper, the agency itself. A subdomain of a listed domain counts as the domain.
RELAY_DOMAINS = (
    "congofocus.com",  # French machine translations of TASS
    "sardismarkets1.com",  # aggregator
    "urdupoint.com",  # reprints Sputnik
    "survincity.com",  # machine-translated Russian news
    "arabstoday.net",  # reprints Russian agency copy
    "rodina.news",  # Russian news aggregator
    "ukrmach.dp.ua",  # tag page of an engineering news site
    "pipedot.org",  # feed relay of Ars Technica
    "forum-conquete-spatiale.fr",  # forum thread quoting RussianSpaceWeb
    "kids.britannica.com",  # Britannica's children's edition, not the encyclopaedia
    "editorialge.com",  # aggregator
    "safricaonline.com",  # machine translations of TASS
    "gca.satrapia.com",  # aggregator
    "infospaze.com",  # Wikipedia mirrors from here on
    "wiki7.org",
    "hmong.ru",
    "movatter.jp",
    "perceptiofr.com",
    "perceptionl.com",
    "graphsearch.epfl.ch",
    "owiki.org",
    "shortpedia.org",
    "encycloreader.org",
    "frwiki.wiki",
    "wikisum.wiki",
    "stringtranslate.com",
    "zxc.wiki",
    "knowledgr.com",
    "astrophilatelist.com",  # copies Spaceflight Now
    "russianconstruction.com",  # rewrites Russian agency reports
    "mgorod.kz",  # relays Izvestia
    "intellinews.com",  # relays Interfax
    "spacefellowship.com",  # reposts RSC Energia press releases
    "tvc.ru",  # relays TASS
    "sport-interfax.ru",  # mirror of Interfax pages under other paths
)

#: Terms a student meets often enough that the glossary must define them (matched as words,
#: case-insensitively, outside code cells). GLOSSARY_THRESHOLD is "more than a few times".
GLOSSARY_CANDIDATES = (
    "Roscosmos",
    "tenge",
    "rouble",
    "Soyuz",
    "International Space Station",
    "Site 31",
    "exchange rate",
    "Proton",
    "Proton-M",
    "Vostochny",
    "Baiterek",
    "Soyuz-5",
    "GCAT",
    "R-7",
    "N1",
    "NIIP-5",
    "Gagarin's Start",
    "heptyl",
    "GLONASS",
    "road map",
    "lease",
    "ratification",
    "arrears",
    "present value",
    "discount rate",
    "nominal value",
    "real terms",
    "CPI-U",
    "cosmodrome",
    "orbital launch attempt",
    "Baikonur complex",
    "Zenit",
    "Energia",
    "Khrunichev",
    "Dnepr",
    "Angara",
    "TsENKI",
    "Progress",
    "Kazcosmos",
    "intergovernmental commission",
)
GLOSSARY_THRESHOLD = 5

CITE_ROLE = re.compile(r"\{cite:[pt]\}`([^`]*)`")
CODE_CELL = re.compile(r"^```\{code-cell\}.*?^```$", re.MULTILINE | re.DOTALL)


def relay_domain(url: str) -> str | None:
    """The relay or mirror domain a URL belongs to, or None for any other site."""
    host = (urlparse(url).hostname or "").lower()
    for domain in RELAY_DOMAINS:
        if host == domain or host.endswith("." + domain):
            return domain
    return None


def relay_citations(bibfile: Path) -> list[str]:
    """One message for every bibliography entry whose address is on a relay or mirror."""
    from pybtex.database import parse_file

    problems = []
    for key, entry in parse_file(str(bibfile)).entries.items():
        domain = relay_domain(entry.fields.get("url", ""))
        if domain:
            problems.append(
                f"{bibfile.name}: {key} cites {domain}, a relay or mirror; cite the original outlet"
            )
    return problems


def wikipedia_keys(bibfile: Path) -> set[str]:
    """Keys of the bibliography entries that point at a Wikipedia article."""
    from pybtex.database import parse_file

    keys = set()
    for key, entry in parse_file(str(bibfile)).entries.items():
        host = (urlparse(entry.fields.get("url", "")).hostname or "").lower()
        if host == "wikipedia.org" or host.endswith(".wikipedia.org"):
            keys.add(key)
    return keys


def book_pages(root: Path = REPO) -> list[Path]:
    """The book's MyST pages that carry prose: intro.md, the chapters and the appendix."""
    return [
        root / "intro.md",
        *sorted((root / "chapters").glob("*.md")),
        *sorted((root / "appendix").glob("*.md")),
    ]


def citation_groups(pages: list[Path]) -> list[tuple[Path, int, list[str]]]:
    """Every {cite:p} or {cite:t} role in the pages: (page, line, its keys)."""
    groups = []
    for page in pages:
        text = page.read_text()
        for match in CITE_ROLE.finditer(text):
            keys = [key.strip() for key in match.group(1).split(",") if key.strip()]
            groups.append((page, text.count("\n", 0, match.start()) + 1, keys))
    return groups


def wikipedia_only_citations(pages: list[Path], bibfile: Path) -> list[str]:
    """One message for every citation group whose keys all point at Wikipedia."""
    wikipedia = wikipedia_keys(bibfile)
    return [
        f"{page.name}:{line}: {{cite}}`{','.join(keys)}` cites Wikipedia alone; add the primary source or drop the claim"
        for page, line, keys in citation_groups(pages)
        if keys and all(key in wikipedia for key in keys)
    ]


def prose(page_text: str) -> str:
    """A MyST page without its code cells: what a student reads as text."""
    return CODE_CELL.sub("", page_text)


def glossary_terms(glossary: Path) -> set[str]:
    """The terms the glossary defines, lower-cased (a definition may carry several terms)."""
    text = glossary.read_text()
    block = text.split("```{glossary}", 1)[1].split("```", 1)[0]
    return {
        line.strip().lower()
        for line in block.splitlines()
        if line.strip() and not line.startswith((" ", ":"))
    }


def term_uses(term: str, texts: list[str]) -> int:
    """How often a term appears as a word (or its plural) in the texts, case-insensitively."""
    pattern = re.compile(r"(?<![\w-])" + re.escape(term) + r"(?:e?s)?(?![\w-])", re.IGNORECASE)
    return sum(len(pattern.findall(text)) for text in texts)


def undefined_frequent_terms(
    chapters: list[Path], glossary: Path, threshold: int = GLOSSARY_THRESHOLD
) -> list[str]:
    """One message for every candidate term used more than ``threshold`` times with no glossary entry."""
    texts = [prose(chapter.read_text()) for chapter in chapters]
    defined = glossary_terms(glossary)
    problems = []
    for term in GLOSSARY_CANDIDATES:
        uses = term_uses(term, texts)
        if uses > threshold and term.lower() not in defined:
            problems.append(
                f"{term!r} is used {uses} times in the chapters but has no entry in {glossary.name}"
            )
    return problems


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
    environment = {
        key: value for key, value in os.environ.items() if not key.startswith("BAIKONUR_")
    }
    environment.update(
        JUPYTER_CONFIG_DIR=str(workdir / "config"),
        JUPYTER_RUNTIME_DIR=str(workdir / "runtime"),
        JUPYTERLAB_SETTINGS_DIR=str(workdir / "settings"),
        JUPYTERLAB_WORKSPACES_DIR=str(workdir / "workspaces"),
        **(env or {}),
    )
    command = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--IdentityProvider.token=",
        "--ServerApp.password=",
        f"--ServerApp.root_dir={root_dir}",
        "--allow-root",
        "--LabApp.news_url=",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
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


# --- quiz banks written for one test ------------------------------------------------------------

QUIZ_FIXTURES = Path(__file__).resolve().parent / "fixtures" / "quizzes"


def fixture_bank(name: str) -> dict:
    """A bank from ``tests/fixtures/quizzes`` as the dict YAML gives."""
    import yaml

    return yaml.safe_load((QUIZ_FIXTURES / f"{name}.yml").read_text())


def make_quiz_project(root: Path, banks: dict[str, dict]) -> Path:
    """Write banks into ``root/quizzes`` (with the schema) and a chapter per bank holding the
    section labels its questions name (``## Section <label>``); return the data folder for
    ``BAIKONUR_DATA_DIR``."""
    import shutil

    import yaml

    (root / "quizzes").mkdir(parents=True, exist_ok=True)
    (root / "data").mkdir(exist_ok=True)
    (root / "chapters").mkdir(exist_ok=True)
    shutil.copy(REPO / "quizzes" / "schema.json", root / "quizzes" / "schema.json")
    for name, bank in banks.items():
        bank_text = yaml.safe_dump(bank, sort_keys=False, allow_unicode=True)
        (root / "quizzes" / f"{name}.yml").write_text(bank_text)
        labels = dict.fromkeys(question.get("section") for question in bank.get("questions", []))
        chapter = "".join(
            f"({label})=\n## Section {label}\n\nText.\n\n" for label in labels if label
        )
        (root / "chapters" / f"{name}.md").write_text(f"({name})=\n# {name}\n\n{chapter}")
    return root / "data"
