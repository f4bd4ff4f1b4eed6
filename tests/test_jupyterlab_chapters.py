"""In the JupyterLab that `make lab` starts, a chapter's .md file opens as a notebook, with its MyST rendered."""

from __future__ import annotations

import contextlib
import json
import sys
from pathlib import Path

import pytest

from conftest import REPO, open_page, running_jupyterlab

pytestmark = [pytest.mark.browser, pytest.mark.slow]

INSTALLED_SETTINGS = Path(sys.prefix) / "share" / "jupyter" / "lab" / "settings" / "overrides.json"


def test_the_environment_installs_the_repositorys_jupyterlab_settings():
    assert INSTALLED_SETTINGS.exists(), (
        f"{INSTALLED_SETTINGS} is missing: requirements.txt installs it (jupyterlab-settings/)"
    )
    installed = json.loads(INSTALLED_SETTINGS.read_text())
    assert installed == json.loads((REPO / "jupyterlab-settings" / "overrides.json").read_text())


@contextlib.contextmanager
def chapter_in_jupyterlab(browser, tmp_path, chapter: str):
    """The notebook panel of ``chapters/<chapter>.md`` opened in a fresh JupyterLab."""
    with running_jupyterlab(REPO, tmp_path) as url:
        page = open_page(browser, viewport={"width": 1280, "height": 1200})
        try:
            page.goto(f"{url}lab/tree/chapters/{chapter}.md", timeout=60_000)
            notebook = page.locator(".jp-NotebookPanel .jp-Notebook")
            notebook.wait_for(timeout=60_000)
            yield page, notebook
        finally:
            page.context.close()


def test_a_chapter_opens_as_a_notebook_in_jupyterlab(browser, tmp_path):
    with chapter_in_jupyterlab(browser, tmp_path, "history") as (page, notebook):
        code = notebook.locator(".jp-CodeCell").filter(has_text="load_table")
        code.first.wait_for(timeout=30_000)
        assert notebook.locator(".jp-MarkdownCell").count() > 0
        assert page.locator(".jp-FileEditor").count() == 0, "the chapter opened in the text editor"


def test_a_chapter_shows_its_myst_admonitions_and_terms_rendered_in_jupyterlab(browser, tmp_path):
    with chapter_in_jupyterlab(browser, tmp_path, "history") as (_, notebook):
        # jupyterlab-myst draws ":::{admonition} What counts as a launch?" as a titled box ...
        admonition = notebook.locator("aside.myst-admonition").filter(
            has_text="What counts as a launch?"
        )
        admonition.first.wait_for(timeout=30_000)
        assert (
            admonition.first.locator(".myst-admonition-header").text_content().strip()
            == "What counts as a launch?"
        )
        # ... and {term}`Gagarin's Start` as a link to the glossary entry, not as role markup.
        term = notebook.locator(".jp-MarkdownCell a").filter(has_text="Gagarin's Start")
        term.first.wait_for(timeout=30_000)
        paragraph = term.first.locator("xpath=..")
        assert (
            "Gagarin's Start" in paragraph.text_content()
            and "{term}" not in paragraph.text_content()
        )
