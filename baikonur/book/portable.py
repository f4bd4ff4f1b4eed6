"""Sphinx extension that makes each chapter's notebook run outside the repository.

A notebook downloaded from the book, or opened by a launch button, runs in a plain Jupyter
(Colab, a school hub, a fresh environment with pandas, matplotlib and ipywidgets). At build time,
and never in the chapter sources, this extension:

* packs the ``baikonur`` package with what the chapters read (``data/``, ``quizzes/``, the chapters
  the quizzes take their section titles from, ``references.bib``) into a wheel published with the
  site under ``packages/``; its version carries a hash of what it holds, so a notebook installs the
  package exactly as its page was built with it;
* puts an install cell first in each chapter's downloadable notebook (``_sources/<page>.ipynb``)
  that installs that wheel from the site's address, ``html.baseurl`` in ``_config.yml``;
* copies those notebooks, with a ``requirements.txt`` for Binder, into ``notebooks/`` of the site,
  which the Pages workflow also pushes to the repository's ``notebooks`` branch; and points the
  Colab, Binder and JupyterHub launch buttons at that branch's ``.ipynb`` files.

The build machinery (:mod:`baikonur.book`) stays out of the wheel, and ``frictionless`` is not
among its requirements: the packed data were validated by the build that packed them. It is not
for executing or validating anything (see :mod:`baikonur.book.sphinx_ext`).
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
import tomllib
import zipfile
from pathlib import Path
from urllib.parse import urlencode

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

import baikonur
from baikonur.data import bibliography_path, chapters_dir, data_dir, quizzes_dir

NOTEBOOK_BRANCH = "notebooks"
"""The branch the Pages workflow pushes ``notebooks/`` to; the launch buttons open its files."""
NOTEBOOKS_FOLDER = "notebooks"
PACKAGES_FOLDER = "packages"
PACKAGE_ROOT = Path(baikonur.__file__).resolve().parent
PYPROJECT = PACKAGE_ROOT.parent / "pyproject.toml"
# What a Binder environment needs besides the package (Binder's image brings Jupyter itself).
BINDER_PACKAGES = ("pandas", "matplotlib", "ipywidgets")


def wheel_payload() -> dict[str, bytes]:
    """The files of the portable package, by their path inside the wheel."""
    files: dict[str, bytes] = {}
    for path in sorted(PACKAGE_ROOT.rglob("*")):
        relative = path.relative_to(PACKAGE_ROOT)
        if path.is_file() and "__pycache__" not in relative.parts and relative.parts[0] not in ("book", "content"):
            files[f"baikonur/{relative.as_posix()}"] = path.read_bytes()
    content = {"data": data_dir(), "quizzes": quizzes_dir()}
    for name, folder in content.items():
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                files[f"baikonur/content/{name}/{path.relative_to(folder).as_posix()}"] = path.read_bytes()
    for path in sorted(chapters_dir().glob("*.md")):
        files[f"baikonur/content/chapters/{path.name}"] = path.read_bytes()
    files["baikonur/content/references.bib"] = bibliography_path().read_bytes()
    return files


def _record_hash(data: bytes) -> str:
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def build_wheel(payload: dict[str, bytes]) -> tuple[str, bytes]:
    """A pure-Python wheel of ``payload``: its file name and its bytes."""
    project = tomllib.loads(PYPROJECT.read_text())["project"]
    digest = hashlib.sha256(json.dumps(project["dependencies"]).encode())
    for name, data in sorted(payload.items()):
        digest.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
    version = f"{baikonur.__version__}+{digest.hexdigest()[:12]}"
    dist_info = f"baikonur-{version}.dist-info"
    metadata = [
        "Metadata-Version: 2.1",
        "Name: baikonur",
        f"Version: {version}",
        f"Summary: {project['description']}",
        f"Requires-Python: {project['requires-python']}",
        *(f"Requires-Dist: {requirement}" for requirement in project["dependencies"]),
    ]
    files = dict(payload)
    files[f"{dist_info}/METADATA"] = ("\n".join(metadata) + "\n").encode()
    files[f"{dist_info}/WHEEL"] = (
        b"Wheel-Version: 1.0\nGenerator: baikonur.book.portable\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    )
    record = "".join(f"{name},{_record_hash(data)},{len(data)}\n" for name, data in files.items())
    files[f"{dist_info}/RECORD"] = (record + f"{dist_info}/RECORD,,\n").encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as wheel:
        for name, data in files.items():
            wheel.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)
    return f"baikonur-{version}-py3-none-any.whl", buffer.getvalue()


def site_url(app: Sphinx) -> str:
    """The book's published address, ending in a slash; the build stops if it is not set."""
    base = (app.config.html_baseurl or "").strip()
    if not re.match(r"^https?://", base):
        raise ExtensionError(
            "html.baseurl in _config.yml must be the address the book is published at (e.g. "
            "https://<owner>.github.io/<repository>/): each chapter's notebook installs the package from it."
        )
    return base.rstrip("/") + "/"


def install_cell(wheel_url: str) -> dict:
    """The notebook cell that installs the package, with its data, from the book's site."""
    source = (
        "# Installs the module's Python package, with its data tables and quizzes, from the book's\n"
        "# site, at the version this notebook was published with. Run it first.\n"
        f'%pip install --quiet "baikonur @ {wheel_url}"'
    )
    return {"cell_type": "code", "execution_count": None, "id": "install-baikonur",
            "metadata": {"tags": ["install-package"]}, "outputs": [], "source": source}


def launch_urls(launch: dict, repository_url: str, pagename: str) -> dict[str, str]:
    """Where each configured launch button opens ``pagename``: its notebook on the notebooks branch.

    ``launch`` holds ``binderhub_url``, ``colab_url`` and ``jupyterhub_url`` (empty: no button);
    keys are the theme's button texts.
    """
    match = re.match(r"^https://github\.com/([^/]+)/([^/]+?)/?$", repository_url)
    if not match:
        return {}
    org, repo = match.groups()
    notebook = f"{pagename}.ipynb"
    urls = {}
    if launch.get("colab_url"):
        urls["Colab"] = f"{launch['colab_url'].rstrip('/')}/github/{org}/{repo}/blob/{NOTEBOOK_BRANCH}/{notebook}"
    if launch.get("binderhub_url"):
        urls["Binder"] = f"{launch['binderhub_url'].rstrip('/')}/v2/gh/{org}/{repo}/{NOTEBOOK_BRANCH}?urlpath=lab/tree/{notebook}"
    if launch.get("jupyterhub_url"):
        query = urlencode({"repo": f"https://github.com/{org}/{repo}", "branch": NOTEBOOK_BRANCH,
                           "urlpath": f"lab/tree/{repo}/{notebook}"}, safe="/")
        urls["JupyterHub"] = f"{launch['jupyterhub_url'].rstrip('/')}/hub/user-redirect/git-pull?{query}"
    return urls


def binder_requirements(wheel_url: str, pins: str) -> str:
    """``requirements.txt`` for Binder on the notebooks branch: the plain stack, pinned, and the package."""
    pinned = [line for line in pins.splitlines()
              if line.split("==")[0].strip().lower() in BINDER_PACKAGES]
    return "\n".join([*pinned, f"baikonur @ {wheel_url}"]) + "\n"


def _publish_wheel(app: Sphinx) -> None:
    if app.builder.format != "html":
        return
    name, wheel = build_wheel(wheel_payload())
    folder = Path(app.outdir) / PACKAGES_FOLDER
    # Earlier wheels stay: in an incremental build, pages not rewritten still install theirs.
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(wheel)
    app.baikonur_wheel_url = f"{site_url(app)}{PACKAGES_FOLDER}/{name}"
    notebooks = Path(app.outdir) / NOTEBOOKS_FOLDER
    notebooks.mkdir(exist_ok=True)
    pins = PYPROJECT.with_name("requirements.txt")
    (notebooks / "requirements.txt").write_text(
        binder_requirements(app.baikonur_wheel_url, pins.read_text() if pins.exists() else ""))


def _portable_notebook(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Install cell into the page's downloadable notebook; launch buttons onto its published copy."""
    source = context.get("ipynb_source")
    if not source or not hasattr(app, "baikonur_wheel_url"):
        return
    downloadable = Path(app.outdir) / "_sources" / source
    notebook = json.loads(downloadable.read_text())
    if not notebook["cells"] or notebook["cells"][0].get("id") != "install-baikonur":
        notebook["cells"].insert(0, install_cell(app.baikonur_wheel_url))
    text = json.dumps(notebook, indent=1, ensure_ascii=False) + "\n"
    downloadable.write_text(text)
    published = Path(app.outdir) / NOTEBOOKS_FOLDER / source
    published.parent.mkdir(parents=True, exist_ok=True)
    published.write_text(text)

    launch = app.config.html_theme_options.get("launch_buttons", {})
    urls = launch_urls(launch, app.config.html_theme_options.get("repository_url", ""), pagename)
    for group in context.get("header_buttons", []):
        if group.get("label") == "launch-buttons":
            for button in group["buttons"]:
                if button.get("text") in urls:
                    button["url"] = urls[button["text"]]


def setup(app: Sphinx) -> dict:
    app.connect("builder-inited", _publish_wheel, priority=900)
    # After the theme's launch buttons (priority 501), which copy the executed notebook to _sources.
    app.connect("html-page-context", _portable_notebook, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": False}
