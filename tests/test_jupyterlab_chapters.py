"""In the JupyterLab that `make lab` starts, a chapter's .md file opens as a notebook."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from conftest import REPO, open_page, running_jupyterlab

pytestmark = [pytest.mark.browser, pytest.mark.slow]

INSTALLED_SETTINGS = Path(sys.prefix) / "share" / "jupyter" / "lab" / "settings" / "overrides.json"


def test_the_environment_installs_the_repositorys_jupyterlab_settings():
    assert INSTALLED_SETTINGS.exists(), f"{INSTALLED_SETTINGS} is missing: requirements.txt installs it (jupyterlab-settings/)"
    installed = json.loads(INSTALLED_SETTINGS.read_text())
    assert installed == json.loads((REPO / "jupyterlab-settings" / "overrides.json").read_text())


def test_a_chapter_opens_as_a_notebook_in_jupyterlab(browser, tmp_path):
    with running_jupyterlab(REPO, tmp_path) as url:
        page = open_page(browser, viewport={"width": 1280, "height": 1200})
        try:
            page.goto(f"{url}lab/tree/chapters/history.md", timeout=60_000)
            notebook = page.locator(".jp-NotebookPanel .jp-Notebook")
            notebook.wait_for(timeout=60_000)
            code = notebook.locator(".jp-CodeCell").filter(has_text="load_table")
            code.first.wait_for(timeout=30_000)
            assert notebook.locator(".jp-MarkdownCell").count() > 0
            assert page.locator(".jp-FileEditor").count() == 0, "the chapter opened in the text editor"
        finally:
            page.context.close()
