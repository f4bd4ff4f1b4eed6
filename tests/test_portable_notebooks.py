"""A page's downloaded notebook runs in a plain Jupyter that has never seen the repository.

The session's book is built for a site at 127.0.0.1 (see ``book_build_dir`` in conftest) and
served there. Each test downloads the notebook of a page that runs code (the chapters and the data
appendix) through the page's download link, runs it with nbclient on a kernel in a fresh virtual
environment outside the repository, on the oldest Python the notebooks support, that holds only
ipykernel, pandas, matplotlib and ipywidgets (the notebook's first cell installs the package, with
its data, from the site), and compares the numbers every cell prints with those in the book's copy.
With the site out of reach, the first cell stops the notebook with one sentence saying what to do;
done, with the package file offered on the page uploaded next to the notebook, it runs again.
"""

from __future__ import annotations

import glob
import json
import os
import re
import shutil
import subprocess
import urllib.request
from pathlib import Path
from urllib.parse import urljoin

import nbformat
import pytest
import tomllib
from bs4 import BeautifulSoup
from jupyter_client import KernelManager
from jupyter_client.kernelspec import KernelSpecManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from baikonur.book.portable import SUPPORTED_PYTHON
from conftest import NOTEBOOK_PAGES, REPO, missing

pytestmark = [pytest.mark.build, pytest.mark.slow]

PLAIN_STACK = ("ipykernel", "pandas", "matplotlib", "ipywidgets")
_ADDRESS = re.compile(r"0x[0-9a-f]+")
WIDGET = "application/vnd.jupyter.widget-view+json"
_NUMBER = re.compile(r"-?\d[\d,]*(?:\.\d+)?")


def oldest_python() -> str:
    """An interpreter of the oldest Python the notebooks support (``BAIKONUR_OLDEST_PYTHON``, else
    ``python3.10`` on the PATH or under pyenv)."""
    version = ".".join(map(str, SUPPORTED_PYTHON))
    candidates = [
        os.environ.get("BAIKONUR_OLDEST_PYTHON"),
        *sorted(glob.glob(f"/root/.pyenv/versions/{version}.*/bin/python{version}")),
        shutil.which(f"python{version}"),
    ]

    def works(candidate: str | None) -> bool:  # a pyenv shim exists but may not run
        return (
            bool(candidate)
            and subprocess.run([candidate, "-c", ""], capture_output=True).returncode == 0
        )

    found = next((candidate for candidate in candidates if works(candidate)), None)
    if found is None:
        missing(
            f"no Python {version} found: install it (or set BAIKONUR_OLDEST_PYTHON) to test the notebooks on it"
        )
    return found


def test_the_package_declares_the_python_the_notebooks_are_tested_on():
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    assert project["requires-python"] == ">=" + ".".join(map(str, SUPPORTED_PYTHON))


@pytest.fixture(scope="session")
def plain_kernel(tmp_path_factory) -> tuple[KernelSpecManager, Path]:
    """A kernelspec ``plain`` for a fresh venv (outside the repository) on the oldest supported
    Python, with only the plain stack (whatever versions pip picks for that Python, as on a hub),
    and that venv's Python."""
    root = tmp_path_factory.mktemp("plain-jupyter")
    venv = root / "venv"
    subprocess.run([oldest_python(), "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run(
        [
            str(python),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            *PLAIN_STACK,
        ],
        check=True,
        cwd=root,
    )
    spec = root / "kernels" / "plain"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(
        json.dumps(
            {
                "argv": [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                "display_name": "plain",
                "language": "python",
            }
        )
    )
    return KernelSpecManager(kernel_dirs=[str(root / "kernels")]), python


def downloaded_notebook(page_url: str) -> nbformat.NotebookNode:
    """The notebook behind the page's ``.ipynb`` download link."""
    with urllib.request.urlopen(page_url) as response:
        soup = BeautifulSoup(response.read(), "html.parser")
    links = [
        link["href"]
        for link in soup.select(".dropdown-download-buttons a[href]")
        if link["href"].endswith(".ipynb")
    ]
    assert len(links) == 1, f"{page_url}: expected one .ipynb download link, found {links}"
    with urllib.request.urlopen(urljoin(page_url, links[0])) as response:
        return nbformat.reads(response.read().decode(), as_version=4)


def printed_numbers(cell) -> list[str]:
    """The numbers in what a code cell prints and returns (not in figures or glued records)."""
    texts = []
    for output in cell.get("outputs", []):
        if output["output_type"] == "stream":
            texts.append(output["text"])
        elif output["output_type"] == "execute_result":
            texts.append(output["data"].get("text/plain", ""))
    return _NUMBER.findall(_ADDRESS.sub("", "".join(texts)))


@pytest.mark.parametrize("page", NOTEBOOK_PAGES)
def test_a_downloaded_notebook_runs_in_a_plain_environment_with_the_books_numbers(
    page, book_url, plain_kernel, tmp_path, monkeypatch
):
    book = downloaded_notebook(f"{book_url}{page}.html")
    install = book.cells[0]
    assert (
        install.cell_type == "code" and f'PACKAGE = "{book_url}packages/baikonur-' in install.source
    ), (
        f"{page}: the first cell does not install the package from the book's site:\n{install.source}"
    )
    notebook = nbformat.from_dict(json.loads(json.dumps(book)))
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None

    kernels, python = plain_kernel
    for name in [
        key
        for key in os.environ
        if key.startswith("BAIKONUR_") or key in ("PYTHONPATH", "VIRTUAL_ENV")
    ]:
        monkeypatch.delenv(name)
    manager = KernelManager(kernel_name="plain", kernel_spec_manager=kernels)
    NotebookClient(
        notebook, km=manager, timeout=600, resources={"metadata": {"path": str(tmp_path)}}
    ).execute()

    build_tools = subprocess.run(
        [
            str(python),
            "-c",
            "import importlib.util as u; print([m for m in ('myst_nb', 'sphinx', 'frictionless') if u.find_spec(m)])",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert build_tools == "[]", f"the plain environment ended up with build tools: {build_tools}"
    mismatches = []
    version = subprocess.run(
        [str(python), "-c", "import sys; print(sys.version_info[:2])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert version == str(SUPPORTED_PYTHON), f"the plain environment runs Python {version}"
    for index, (ours, theirs) in enumerate(
        zip(notebook.cells[1:], book.cells[1:], strict=False), start=1
    ):
        live_widget = any(WIDGET in output.get("data", {}) for output in ours.get("outputs", []))
        if live_widget:
            continue  # a quiz or the scenario sliders: live here, a static form or picture in the book
        if ours.cell_type == "code" and printed_numbers(ours) != printed_numbers(theirs):
            mismatches.append(
                f"cell {index}: book {printed_numbers(theirs)[:8]} vs plain {printed_numbers(ours)[:8]}"
            )
    assert mismatches == [], f"{page}: numbers differ from the book's:\n" + "\n".join(mismatches)


def page_links(page_url: str) -> dict[str, str]:
    """The page's download menu: link text to absolute address."""
    with urllib.request.urlopen(page_url) as response:
        soup = BeautifulSoup(response.read(), "html.parser")
    return {
        link.get_text(strip=True): urljoin(page_url, link["href"])
        for link in soup.select(".dropdown-download-buttons a[href]")
    }


UNREACHABLE = "http://127.0.0.1:9/"  # the discard port: nothing listens there


@pytest.mark.parametrize("page", ["chapters/history", "chapters/economics"])
def test_without_the_site_the_first_cell_stops_the_notebook_with_what_to_do(
    page, book_url, plain_kernel, tmp_path, monkeypatch
):
    kernels, python = plain_kernel
    subprocess.run(
        [str(python), "-m", "pip", "uninstall", "--quiet", "--yes", "baikonur"], check=False
    )
    notebook = downloaded_notebook(f"{book_url}{page}.html")
    notebook.cells[0].source = notebook.cells[0].source.replace(book_url, UNREACHABLE)
    assert UNREACHABLE in notebook.cells[0].source
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    for name in [
        key
        for key in os.environ
        if key.startswith("BAIKONUR_") or key in ("PYTHONPATH", "VIRTUAL_ENV")
    ]:
        monkeypatch.delenv(name)

    def run(folder: Path) -> None:
        manager = KernelManager(kernel_name="plain", kernel_spec_manager=kernels)
        NotebookClient(
            notebook, km=manager, timeout=600, resources={"metadata": {"path": str(folder)}}
        ).execute()

    with pytest.raises(CellExecutionError):
        run(tmp_path)
    errors = [output for output in notebook.cells[0].outputs if output.output_type == "error"]
    assert len(errors) == 1, notebook.cells[0].outputs
    shown = "\n".join(errors[0].traceback)
    assert (
        shown.count("\n") == 0
        and "cannot reach the book's site" in shown
        and "upload it next to this notebook" in shown
    ), shown
    ran_later = [
        index
        for index, cell in enumerate(notebook.cells[1:], start=1)
        if cell.cell_type == "code" and (cell.outputs or cell.execution_count)
    ]
    assert ran_later == [], f"{page}: cells ran after the install cell stopped: {ran_later[:5]}"

    # The fix the sentence names: the package file from the page's download menu, next to the notebook.
    links = page_links(f"{book_url}{page}.html")
    wheel = links["Python package"]
    name = wheel.rsplit("/", 1)[1]
    assert name in shown, f"the message does not name the file to upload ({name}): {shown}"
    with urllib.request.urlopen(wheel) as response:
        (tmp_path / name).write_bytes(response.read())
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    del notebook.cells[
        8:
    ]  # the install cell and the chapter's first cells are enough to show it works
    run(tmp_path)
    installed = subprocess.run(
        [str(python), "-c", "import importlib.metadata as m; print(m.version('baikonur'))"],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
    ).stdout.strip()
    assert name.startswith(f"baikonur-{installed}-"), (installed, name)
    assert not [
        cell
        for cell in notebook.cells
        if any(o.output_type == "error" for o in cell.get("outputs", []))
    ]
