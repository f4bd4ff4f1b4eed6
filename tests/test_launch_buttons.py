"""Every launch button opens a runnable notebook, and the build produces the files behind it.

Only pages that run code have launch buttons. Colab, Binder and a school's JupyterHub all open the
page's published ``.ipynb`` (install cell first) on the repository's notebooks branch; the build
writes that branch's content into ``notebooks/`` of the site (with Binder's ``requirements.txt``),
and the Pages workflow pushes it.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import nbformat
import pytest
import yaml
from bs4 import BeautifulSoup

from baikonur.book.portable import NOTEBOOK_BRANCH, launch_urls
from conftest import NOTEBOOK_PAGES, REPO

CONFIG = yaml.safe_load((REPO / "_config.yml").read_text())
REPOSITORY = CONFIG["repository"]["url"]
OWNER_REPO = urlparse(REPOSITORY).path.strip("/")


def launch_links(page: Path) -> dict[str, str]:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    return {
        link.select_one(".btn__text-container").get_text(strip=True): link["href"]
        for link in soup.select(".dropdown-launch-buttons a[href]")
    }


def published_notebook(book_html: Path, path_in_branch: str) -> nbformat.NotebookNode:
    file = book_html / "notebooks" / path_in_branch
    assert file.is_file(), (
        f"the build did not produce {path_in_branch} for the {NOTEBOOK_BRANCH} branch"
    )
    return nbformat.read(file, as_version=4)


@pytest.mark.build
def test_exactly_the_pages_that_run_code_have_launch_buttons(book_html):
    with_buttons = sorted(
        page.relative_to(book_html).with_suffix("").as_posix()
        for page in book_html.rglob("*.html")
        if launch_links(page)
    )
    assert with_buttons == sorted(NOTEBOOK_PAGES)


@pytest.mark.build
@pytest.mark.parametrize("page", NOTEBOOK_PAGES)
def test_colab_and_binder_open_the_pages_published_notebook(book_html, page):
    links = launch_links(book_html / f"{page}.html")
    assert set(links) == {"Binder", "Colab"}, f"{page}: launch buttons {sorted(links)}"

    colab = urlparse(links["Colab"])
    assert colab.netloc == "colab.research.google.com"
    prefix = f"/github/{OWNER_REPO}/blob/{NOTEBOOK_BRANCH}/"
    assert colab.path.startswith(prefix), links["Colab"]
    notebook = published_notebook(book_html, colab.path[len(prefix) :])
    assert notebook.cells[0].cell_type == "code" and "install_package()" in notebook.cells[0].source
    wheel = re.search(
        r'PACKAGE = "[^"]*/packages/(baikonur-[^"/]+\.whl)"', notebook.cells[0].source
    ).group(1)
    assert (book_html / "notebooks" / wheel).is_file(), (
        f"{wheel} is not beside the notebook on the {NOTEBOOK_BRANCH} branch"
    )

    binder = urlparse(links["Binder"])
    assert binder.path == f"/v2/gh/{OWNER_REPO}/{NOTEBOOK_BRANCH}", links["Binder"]
    opened = parse_qs(binder.query)["urlpath"][0]
    assert opened.startswith("lab/tree/")
    assert published_notebook(book_html, opened[len("lab/tree/") :]).cells == notebook.cells


@pytest.mark.build
def test_binder_installs_the_package_the_build_published(book_html):
    requirements = (book_html / "notebooks" / "requirements.txt").read_text().splitlines()
    package = [line for line in requirements if line.startswith("baikonur @ ")]
    assert len(package) == 1, requirements
    wheel = urlparse(package[0].split(" @ ", 1)[1]).path.rsplit("/", 1)[1]
    assert (book_html / "packages" / wheel).is_file(), (
        f"Binder would install {wheel}, which the build did not publish"
    )
    assert {line.split("==")[0] for line in requirements if "==" in line} == {
        "pandas",
        "matplotlib",
        "ipywidgets",
    }


@pytest.mark.build
def test_no_launch_button_opens_a_markdown_source(book_html):
    for page in book_html.rglob("*.html"):
        for name, url in launch_links(page).items():
            assert ".md" not in urlparse(url).path + urlparse(url).query, (
                f"{page.name}: {name} opens {url}"
            )


def test_a_schools_jupyterhub_pulls_the_notebooks_branch_and_opens_the_chapter():
    launch = {**CONFIG["launch_buttons"], "jupyterhub_url": "https://hub.example.edu/"}
    url = urlparse(launch_urls(launch, REPOSITORY, "chapters/economics")["JupyterHub"])
    assert (
        f"{url.scheme}://{url.netloc}{url.path}"
        == "https://hub.example.edu/hub/user-redirect/git-pull"
    )
    query = parse_qs(url.query)
    repository_name = OWNER_REPO.split("/")[1]
    assert query == {
        "repo": [REPOSITORY],
        "branch": [NOTEBOOK_BRANCH],
        "urlpath": [f"lab/tree/{repository_name}/chapters/economics.ipynb"],
    }


def test_without_a_hub_address_there_is_no_jupyterhub_button():
    assert "JupyterHub" not in launch_urls(
        CONFIG["launch_buttons"], REPOSITORY, "chapters/economics"
    )


@pytest.mark.build
@pytest.mark.parametrize("page", NOTEBOOK_PAGES)
def test_the_download_menu_offers_the_package_file_next_to_the_notebook(book_html, page):
    html_file = book_html / f"{page}.html"
    soup = BeautifulSoup(html_file.read_text(encoding="utf-8"), "html.parser")
    links = [
        (link.get_text(strip=True), link["href"])
        for link in soup.select(".dropdown-download-buttons a[href]")
    ]
    texts = [text for text, _ in links]
    assert texts[texts.index(".ipynb") + 1] == "Python package", links
    href = dict(links)["Python package"]
    wheel = (html_file.parent / href).resolve()
    assert wheel.is_file() and wheel.suffix == ".whl", (
        f"{page}: the package link {href} leads nowhere"
    )
    notebook = nbformat.read(book_html / "_sources" / f"{page}.ipynb", as_version=4)
    assert f'/packages/{wheel.name}"' in notebook.cells[0].source, (
        f"{page}: the page offers {wheel.name}, the notebook installs another"
    )
