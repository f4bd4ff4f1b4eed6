"""A fresh clone sets itself up by either path the README gives, to the same environment.

``make`` runs the README's by-hand install commands and nothing else, plus ``npm ci`` for axe-core
when npm is present; the by-hand commands, run in a fresh copy of the repository, give an
environment whose JupyterLab opens chapters as notebooks and whose ``baikonur`` reads the copy's
data. Together with the rest of the suite (which runs in such an environment) this shows both
paths pass the same tests, without a second book build.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, missing

pytestmark = pytest.mark.slow


def fresh_clone(destination: Path) -> Path:
    """The repository's files as a clone would have them (tracked and new files, nothing ignored)."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\0")
    for name in filter(None, listed):
        source = REPO / name
        if source.is_file():
            (destination / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination / name)
    return destination


def readme_by_hand_commands() -> list[str]:
    """The commands of the README's by-hand set-up, in order, without their comments."""
    readme = (REPO / "README.md").read_text()
    block = re.search(
        r"without `make`, run the same steps by hand:\s*```bash\n(.*?)```", readme, re.S
    ).group(1)
    return [line.split("#")[0].strip() for line in block.splitlines() if line.split("#")[0].strip()]


def test_make_installs_with_the_readmes_commands_and_installs_axe_core(tmp_path):
    clone = fresh_clone(tmp_path)
    outside_make = {
        key: value
        for key, value in os.environ.items()
        if key not in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS")
    }
    dry_run = subprocess.run(
        ["make", "--no-print-directory", "-n", "test"],
        cwd=clone,
        env=outside_make,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    installs = [line for line in dry_run.splitlines() if "pip install" in line]
    by_hand = [command for command in readme_by_hand_commands() if "pip install" in command]
    assert by_hand == [".venv/bin/pip install -r requirements.txt"]
    assert installs and all(
        line.split("pip install")[1].split()[-2:] == ["-r", "requirements.txt"] for line in installs
    ), installs
    assert "share/jupyter" not in dry_run, "make installs something the by-hand path does not"
    assert "npm ci" in dry_run, "make test does not install axe-core"
    assert dry_run.strip().splitlines()[-1] == ".venv/bin/python -m pytest"


def test_the_readmes_by_hand_path_in_a_fresh_clone_sets_up_jupyterlab_and_the_package(tmp_path):
    clone = fresh_clone(tmp_path / "clone")
    for command in readme_by_hand_commands():
        if "jupyter-book build" in command or "pytest" in command:
            continue  # the suite itself is the build and the tests
        if command.startswith("npm ") and shutil.which("npm") is None:
            missing(
                "npm not found: the README's `npm ci` installs axe-core for the accessibility tests"
            )
        argv = command.split()
        if argv[0] == "python":
            argv[0] = sys.executable
        result = subprocess.run(argv, cwd=clone, capture_output=True, text=True, timeout=1800)
        assert result.returncode == 0, (
            f"`{command}` failed in a fresh clone:\n{result.stderr[-3000:]}"
        )

    settings = clone / ".venv" / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    assert settings.is_file(), (
        "the by-hand install left JupyterLab without the setting that opens chapters as notebooks"
    )
    assert json.loads(settings.read_text()) == json.loads(
        (REPO / "jupyterlab-settings" / "overrides.json").read_text()
    )
    probe = subprocess.run(
        [
            str(clone / ".venv" / "bin" / "python"),
            "-c",
            "import jupytext, myst_nb, frictionless, playwright; from baikonur.data import data_dir; print(data_dir())",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    assert Path(probe.stdout.strip()) == (clone / "data").resolve()
    assert (clone / "node_modules" / "axe-core" / "axe.min.js").is_file()
