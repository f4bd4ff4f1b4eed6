"""In the JupyterLab that `make lab` starts, a chapter's .md file opens as a notebook."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, open_page
from test_quiz_jupyterlab import free_port, wait_for_server

pytestmark = [pytest.mark.browser, pytest.mark.slow]

INSTALLED_SETTINGS = Path(sys.prefix) / "share" / "jupyter" / "lab" / "settings" / "overrides.json"


def test_the_environment_installs_the_repositorys_jupyterlab_settings():
    assert INSTALLED_SETTINGS.exists(), f"{INSTALLED_SETTINGS} is missing: `make` installs it with the requirements"
    installed = json.loads(INSTALLED_SETTINGS.read_text())
    assert installed == json.loads((REPO / "jupyterlab-settings.json").read_text())


def test_a_chapter_opens_as_a_notebook_in_jupyterlab(browser, tmp_path):
    port = free_port()
    environment = {key: value for key, value in os.environ.items() if not key.startswith("BAIKONUR_")}
    environment.update(
        JUPYTER_CONFIG_DIR=str(tmp_path / "config"),
        JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"),
        JUPYTERLAB_SETTINGS_DIR=str(tmp_path / "settings"),
        JUPYTERLAB_WORKSPACES_DIR=str(tmp_path / "workspaces"),
    )
    command = [
        sys.executable, "-m", "jupyterlab", "--no-browser", "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
        "--IdentityProvider.token=", "--ServerApp.password=", f"--ServerApp.root_dir={REPO}",
        "--allow-root", "--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.extension_manager=readonly",
    ]
    with (tmp_path / "lab.log").open("w") as log:
        process = subprocess.Popen(command, env=environment, stdout=log, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}/"
        page = None
        try:
            wait_for_server(url, process)
            page = open_page(browser, viewport={"width": 1280, "height": 1200})
            page.goto(f"{url}lab/tree/chapters/history.md", timeout=60_000)
            notebook = page.locator(".jp-NotebookPanel .jp-Notebook")
            notebook.wait_for(timeout=60_000)
            code = notebook.locator(".jp-CodeCell").filter(has_text="load_table")
            code.first.wait_for(timeout=30_000)
            assert notebook.locator(".jp-MarkdownCell").count() > 0
            assert page.locator(".jp-FileEditor").count() == 0, "the chapter opened in the text editor"
        finally:
            if page is not None:
                page.context.close()
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
