"""A page's downloaded notebook runs in a plain Jupyter that has never seen the repository.

The session's book is built for a site at 127.0.0.1 (see ``book_build_dir`` in conftest) and
served there. Each test downloads the notebook of a page that runs code (the chapters and the data
appendix) through the page's download link, runs it with nbclient on a kernel in a fresh virtual
environment outside the repository that holds only ipykernel, pandas, matplotlib and ipywidgets
(the notebook's first cell installs the package, with its data, from the site), and compares the
numbers every cell prints with those in the book's copy.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import urllib.request
from pathlib import Path
from urllib.parse import urljoin

import nbformat
import pytest
from bs4 import BeautifulSoup
from jupyter_client import KernelManager
from jupyter_client.kernelspec import KernelSpecManager
from nbclient import NotebookClient

from conftest import NOTEBOOK_PAGES, REPO

pytestmark = [pytest.mark.build, pytest.mark.slow]

PLAIN_STACK = ("ipykernel", "pandas", "matplotlib", "ipywidgets")
_ADDRESS = re.compile(r"0x[0-9a-f]+")
WIDGET = "application/vnd.jupyter.widget-view+json"
_NUMBER = re.compile(r"-?\d[\d,]*(?:\.\d+)?")


def pinned(names: tuple[str, ...]) -> list[str]:
    """The requirements.txt pins of ``names``, so the plain environment matches the book's versions."""
    pins = {line.split("==")[0].lower(): line.strip() for line in (REPO / "requirements.txt").read_text().splitlines() if "==" in line}
    return [pins[name] for name in names]


@pytest.fixture(scope="session")
def plain_kernel(tmp_path_factory) -> tuple[KernelSpecManager, Path]:
    """A kernelspec ``plain`` for a fresh venv (outside the repository) with only the plain stack,
    and that venv's Python."""
    root = tmp_path_factory.mktemp("plain-jupyter")
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *pinned(PLAIN_STACK)],
                   check=True, cwd=root)
    spec = root / "kernels" / "plain"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "plain", "language": "python",
    }))
    return KernelSpecManager(kernel_dirs=[str(root / "kernels")]), python


def downloaded_notebook(page_url: str) -> nbformat.NotebookNode:
    """The notebook behind the page's ``.ipynb`` download link."""
    with urllib.request.urlopen(page_url) as response:
        soup = BeautifulSoup(response.read(), "html.parser")
    links = [link["href"] for link in soup.select(".dropdown-download-buttons a[href]") if link["href"].endswith(".ipynb")]
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
        page, book_url, plain_kernel, tmp_path, monkeypatch):
    book = downloaded_notebook(f"{book_url}{page}.html")
    install = book.cells[0]
    assert install.cell_type == "code" and f"baikonur @ {book_url}packages/baikonur-" in install.source, (
        f"{page}: the first cell does not install the package from the book's site:\n{install.source}"
    )
    notebook = nbformat.from_dict(json.loads(json.dumps(book)))
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None

    kernels, python = plain_kernel
    for name in [key for key in os.environ if key.startswith("BAIKONUR_") or key in ("PYTHONPATH", "VIRTUAL_ENV")]:
        monkeypatch.delenv(name)
    manager = KernelManager(kernel_name="plain", kernel_spec_manager=kernels)
    NotebookClient(notebook, km=manager, timeout=600, resources={"metadata": {"path": str(tmp_path)}}).execute()

    build_tools = subprocess.run(
        [str(python), "-c", "import importlib.util as u; print([m for m in ('myst_nb', 'sphinx', 'frictionless') if u.find_spec(m)])"],
        capture_output=True, text=True, check=True).stdout.strip()
    assert build_tools == "[]", f"the plain environment ended up with build tools: {build_tools}"
    mismatches = []
    for index, (ours, theirs) in enumerate(zip(notebook.cells[1:], book.cells[1:], strict=False), start=1):
        live_widget = any(WIDGET in output.get("data", {}) for output in ours.get("outputs", []))
        if live_widget:
            continue  # a quiz or the scenario sliders: live here, a static form or picture in the book
        if ours.cell_type == "code" and printed_numbers(ours) != printed_numbers(theirs):
            mismatches.append(f"cell {index}: book {printed_numbers(theirs)[:8]} vs plain {printed_numbers(ours)[:8]}")
    assert mismatches == [], f"{page}: numbers differ from the book's:\n" + "\n".join(mismatches)
