"""Sphinx extension that makes each chapter's notebook run outside the repository.

A notebook downloaded from the book, or opened by a launch button, runs in a plain Jupyter
(Colab, a school hub, a fresh environment with pandas, matplotlib and ipywidgets). At build time,
and never in the chapter sources, this extension:

* packs the ``baikonur`` package with what the chapters read (``data/``, ``quizzes/``, the chapters
  the quizzes take their section titles from, ``references.bib``) into a wheel published with the
  site under ``packages/``; its version carries a hash of what it holds, so a notebook installs the
  package exactly as its page was built with it;
* rewrites each chapter's downloadable notebook (``_sources/<page>.ipynb``) so that it reads as
  the page (glued values, citations and references, captions, exercises without their solutions:
  :mod:`baikonur.book.notebook_render`), and puts an install cell first that installs that wheel
  from the site's address, ``html.baseurl`` in ``_config.yml``, or from the wheel uploaded next to
  the notebook, and otherwise stops the notebook with one sentence saying what to do; the page's
  download menu offers the wheel beside the notebook, and the student notebooks of the
  assignments get the same cell, with otter-grader;
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
import zipfile
from pathlib import Path
from urllib.parse import urlencode

import tomllib
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

import baikonur
from baikonur.book.notebook_render import PageFacts, RenderError, render_notebook
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
        if (
            path.is_file()
            and "__pycache__" not in relative.parts
            and relative.parts[0] not in ("book", "content")
        ):
            files[f"baikonur/{relative.as_posix()}"] = path.read_bytes()
    content = {"data": data_dir(), "quizzes": quizzes_dir()}
    for name, folder in content.items():
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                files[f"baikonur/content/{name}/{path.relative_to(folder).as_posix()}"] = (
                    path.read_bytes()
                )
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
            wheel.writestr(
                zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED
            )
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


SUPPORTED_PYTHON = (3, 10)
"""The oldest Python the published notebooks run on (Colab and school hubs run 3.10 to 3.12)."""

INSTALL_CELL = '''# Installs the module's Python package, with its data tables and quizzes, at the version this
# notebook was published with. Run it first. It needs Python {python} or newer and the book's
# site; without the site, it uses the package file uploaded next to this notebook.
import importlib, importlib.metadata, importlib.util, pathlib, shutil, subprocess, sys, tempfile, urllib.request

PACKAGE = "{wheel_url}"
ALSO = {also!r}  # what else this notebook needs, with the module each provides


class SetupStopped(Exception):
    """Stops "Run all" here with one sentence, instead of letting every later cell fail."""

    def _render_traceback_(self):
        return [str(self)]


def install_package(url=PACKAGE, also=ALSO):
    name = url.rsplit("/", 1)[-1]
    try:
        current = importlib.metadata.version("baikonur") == name.split("-")[1]
    except importlib.metadata.PackageNotFoundError:
        current = False
    if current and all(importlib.util.find_spec(module) for module in also.values()):
        return
    if sys.version_info < {python_tuple}:
        raise SetupStopped(f"This notebook needs Python {python} or newer, and this Jupyter runs "
                           f"Python {{sys.version.split()[0]}}: choose a newer kernel and run this cell again.")
    uploaded = sorted(pathlib.Path.cwd().glob("baikonur*.whl"), key=lambda path: path.name != name)
    if uploaded:  # a browser may rename a second download; pip needs the wheel's own name
        source = pathlib.Path(tempfile.mkdtemp()) / name
        shutil.copy(uploaded[0], source)
    else:
        try:
            urllib.request.urlopen(urllib.request.Request(url, method="HEAD"), timeout=20).close()
        except OSError:
            raise SetupStopped(
                f"This notebook cannot reach the book's site to install its package: download {{name}} "
                "from the chapter's page (download menu, \\"Python package\\"), upload it next to this "
                "notebook, and run this cell again.") from None
        source = url
    pip = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                          f"baikonur @ {{pathlib.Path(source).as_uri() if uploaded else source}}", *also],
                         capture_output=True, text=True)
    if pip.returncode != 0:
        last = (pip.stderr.strip().splitlines() or ["no message"])[-1]
        raise SetupStopped(f"pip could not install the package ({{last}}); run this cell again, or ask "
                           "whoever runs this Jupyter to allow installing packages.")
    importlib.invalidate_caches()


install_package()'''


def install_cell(wheel_url: str, also: dict[str, str] | None = None) -> dict:
    """The notebook cell that installs the package, with its data, from the book's site.

    It checks the Python version, tries the site, falls back to a wheel uploaded next to the
    notebook, and otherwise stops the notebook with one sentence that says what to do. ``also``
    maps further requirements (pinned) to the module each provides; they are installed with the
    package. Graders skip the cell (``otter_ignore``): a grading environment brings its own copy.
    """
    source = INSTALL_CELL.format(
        wheel_url=wheel_url,
        python=".".join(map(str, SUPPORTED_PYTHON)),
        python_tuple=repr(SUPPORTED_PYTHON),
        also=dict(also or {}),
    )
    return {
        "cell_type": "code",
        "execution_count": None,
        "id": "install-baikonur",
        "metadata": {"tags": ["install-package", "otter_ignore"]},
        "outputs": [],
        "source": source,
    }


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
        urls["Colab"] = (
            f"{launch['colab_url'].rstrip('/')}/github/{org}/{repo}/blob/{NOTEBOOK_BRANCH}/{notebook}"
        )
    if launch.get("binderhub_url"):
        urls["Binder"] = (
            f"{launch['binderhub_url'].rstrip('/')}/v2/gh/{org}/{repo}/{NOTEBOOK_BRANCH}?urlpath=lab/tree/{notebook}"
        )
    if launch.get("jupyterhub_url"):
        query = urlencode(
            {
                "repo": f"https://github.com/{org}/{repo}",
                "branch": NOTEBOOK_BRANCH,
                "urlpath": f"lab/tree/{repo}/{notebook}",
            },
            safe="/",
        )
        urls["JupyterHub"] = (
            f"{launch['jupyterhub_url'].rstrip('/')}/hub/user-redirect/git-pull?{query}"
        )
    return urls


def binder_requirements(wheel_url: str, pins: str) -> str:
    """``requirements.txt`` for Binder on the notebooks branch: the plain stack, pinned, and the package."""
    pinned = [
        line for line in pins.splitlines() if line.split("==")[0].strip().lower() in BINDER_PACKAGES
    ]
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
    # Beside the notebooks too: whoever opens one from the notebooks branch finds the package
    # file that its install cell falls back to.
    (notebooks / name).write_bytes(wheel)
    pins = PYPROJECT.with_name("requirements.txt")
    (notebooks / "requirements.txt").write_text(
        binder_requirements(app.baikonur_wheel_url, pins.read_text() if pins.exists() else "")
    )


def page_facts(app: Sphinx, docname: str) -> PageFacts:
    """What the build knows about ``docname`` for rendering its notebook: glued values, citations
    as the page prints them, section links and figure and exercise numbers."""
    from docutils import nodes
    from pybtex.plugin import find_plugin
    from sphinx.addnodes import pending_xref

    glue_file = Path(app.outdir).parent / "jupyter_execute" / f"{docname}.glue.json"
    glue = {}
    if glue_file.exists():
        glue = {
            key: output["data"].get("text/plain", "")
            for key, output in json.loads(glue_file.read_text()).items()
        }
    site = site_url(app)
    std = app.env.get_domain("std")
    cite_domain = app.env.get_domain("cite")
    cited: set[str] = set()

    def cite(kind: str, keys: str) -> str:
        cited.update(key.strip() for key in keys.split(",") if key.strip())
        node = cite_domain.resolve_xref(
            app.env, docname, app.builder, kind, keys, pending_xref(), nodes.inline()
        )
        return node.astext()

    def target(label: str) -> tuple[str, str, str]:
        if label in std.labels:
            return std.labels[label]
        if label in std.anonlabels:
            return (*std.anonlabels[label], "")
        raise RenderError(f"{docname}: no label {label!r} for a link")

    def ref(label: str, text: str | None) -> str:
        page, anchor, title = target(label)
        return f"[{text or title or label}]({site}{page}.html#{anchor})"

    def numbered(label: str) -> str | None:
        try:
            page, anchor, _ = target(label)
        except RenderError:
            return None
        for kind, numbers in app.env.toc_fignumbers.get(page, {}).items():
            if anchor in numbers:
                template = app.config.numfig_format.get(kind, kind.capitalize() + " %s")
                return (template % ".".join(map(str, numbers[anchor]))).strip()
        return None

    def references() -> list[str]:
        markdown = find_plugin("pybtex.backends", "markdown")()
        plaintext = find_plugin("pybtex.backends", "plaintext")()
        entries = {
            citation.key: citation.formatted_entry
            for citation in cite_domain.citations
            if citation.key in cited
        }
        # A bare dollar sign would open TeX in Jupyter's Markdown: escape it.
        return [
            re.sub(r"(?<!\\)\$", r"\\$", " ".join(entries[key].text.render(markdown).split()))
            for key in sorted(entries, key=lambda key: entries[key].text.render(plaintext).lower())
        ]

    return PageFacts(
        page=docname, glue=glue, cite=cite, ref=ref, numbered=numbered, references=references
    )


WHEEL_BUTTON_TEXT = "Python package"
WHEEL_BUTTON_TOOLTIP = "The package this page's notebook installs (.whl)"


def download_button(wheel_name: str, pagename: str) -> dict:
    """The page's download-menu entry for the package wheel its notebook installs, in the
    edition's language (``baikonur.po``, which :mod:`baikonur.book.editions` loads)."""
    from sphinx.locale import get_translation

    translate = get_translation("baikonur")
    depth = pagename.count("/")
    return {
        "type": "link",
        "url": "../" * depth + f"{PACKAGES_FOLDER}/{wheel_name}",
        "text": str(translate(WHEEL_BUTTON_TEXT)),
        "tooltip": str(translate(WHEEL_BUTTON_TOOLTIP)),
        "icon": "fas fa-box",
        "label": "download-wheel-button",
    }


def _portable_notebook(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree
) -> None:
    """Render the page's downloadable notebook as a chapter, put the install cell first, offer the
    wheel beside it, and point the launch buttons at its published copy."""
    source = context.get("ipynb_source")
    if not source or not hasattr(app, "baikonur_wheel_url"):
        return
    downloadable = Path(app.outdir) / "_sources" / source
    notebook = json.loads(downloadable.read_text())
    if notebook["cells"] and notebook["cells"][0].get("id") == "install-baikonur":
        notebook["cells"].pop(0)
    if not notebook["metadata"].get("baikonur", {}).get("rendered"):  # the theme's fresh copy
        try:
            notebook = render_notebook(notebook, page_facts(app, pagename))
        except RenderError as error:
            raise ExtensionError(f"{error} (see baikonur/book/notebook_render.py)") from None
        notebook["metadata"]["baikonur"] = {"rendered": True}
    notebook["cells"].insert(0, install_cell(app.baikonur_wheel_url))
    text = json.dumps(notebook, indent=1, ensure_ascii=False) + "\n"
    downloadable.write_text(text)
    published = Path(app.outdir) / NOTEBOOKS_FOLDER / source
    published.parent.mkdir(parents=True, exist_ok=True)
    published.write_text(text)

    wheel_name = app.baikonur_wheel_url.rsplit("/", 1)[1]
    launch = app.config.html_theme_options.get("launch_buttons", {})
    urls = launch_urls(launch, app.config.html_theme_options.get("repository_url", ""), pagename)
    for group in context.get("header_buttons", []):
        if group.get("label") == "launch-buttons":
            for button in group["buttons"]:
                if button.get("text") in urls:
                    button["url"] = urls[button["text"]]
        if group.get("label") == "download-buttons" and not any(
            button.get("label") == "download-wheel-button" for button in group["buttons"]
        ):
            position = next(
                (
                    index + 1
                    for index, button in enumerate(group["buttons"])
                    if button.get("label") == "download-notebook-button"
                ),
                len(group["buttons"]),
            )
            group["buttons"].insert(position, download_button(wheel_name, pagename))


def _install_cell_in_student_notebooks(app: Sphinx, exception: Exception | None) -> None:
    """Put the same install cell, with otter-grader, first in each published student notebook."""
    if exception is not None or not hasattr(app, "baikonur_wheel_url"):
        return
    from baikonur.book.assignments import add_install_cell, student_requirements
    from baikonur.book.assignments_ext import OUTPUT_FOLDER

    for notebook in sorted((Path(app.outdir) / OUTPUT_FOLDER).glob("*.ipynb")):
        add_install_cell(
            notebook, install_cell(app.baikonur_wheel_url, also=student_requirements())
        )


def setup(app: Sphinx) -> dict:
    app.setup_extension("baikonur.book.explorer")
    # After assignments_ext (priority 500) has copied the student notebooks into the site.
    app.connect("build-finished", _install_cell_in_student_notebooks, priority=900)
    app.connect("builder-inited", _publish_wheel, priority=900)
    # After the theme's launch buttons (priority 501), which copy the executed notebook to _sources.
    app.connect("html-page-context", _portable_notebook, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": False}
