"""Sphinx extension that prepares the book build.

It registers the bibliography styles of :mod:`baikonur.bibstyle`, keeps the unused Thebe scripts
out of the pages (Jupyter Book always loads sphinx-thebe, whose inline configuration is added
twice and throws "Identifier 'THEBE_JS_URL' has already been declared" on every page; the book does
not use Thebe), and does three things before any chapter cell runs:

* marks the build for the kernels myst-nb starts (they inherit ``BAIKONUR_BOOK_BUILD=1``), so quizzes
  and live controls render as static HTML and no widget state is saved into the pages;
* validates every data table, every quiz bank and the bibliography, so a malformed file stops the
  build at once with the file, row or question at fault rather than deep inside a chapter;
* re-reads every page when anything under ``data/`` or ``baikonur/`` has changed since the last
  build, because Sphinx only notices changes to the pages themselves.

It is not for rendering: quizzes render themselves (see :mod:`baikonur.quiz`).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

from baikonur.build import BOOK_BUILD_ENV

PACKAGE_DIR = Path(__file__).resolve().parent


def _inputs_fingerprint(srcdir: Path) -> str:
    """Hash the contents of the files every chapter depends on besides its own source."""
    digest = hashlib.sha256()
    roots = [srcdir / "data", PACKAGE_DIR]
    for root in roots:
        for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            digest.update(str(path.relative_to(root.parent)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _mark_build(app: Sphinx) -> None:
    os.environ[BOOK_BUILD_ENV] = "1"


def _validate_inputs(app: Sphinx) -> None:
    from baikonur.bibstyle import ambiguous_citations
    from baikonur.data import DataValidationError, validate_package
    from baikonur.quiz import QuizBankError, validate_all_banks

    try:
        validate_package()
        validate_all_banks()
    except (DataValidationError, QuizBankError) as error:
        raise ExtensionError(f"invalid input file: {error}") from error
    for bibfile in app.config.bibtex_bibfiles:
        problems = ambiguous_citations(Path(app.srcdir) / bibfile)
        if problems:
            raise ExtensionError("ambiguous citations: " + "; ".join(problems))


def _outdated_when_inputs_change(app: Sphinx, env, added, changed, removed) -> list[str]:
    fingerprint = _inputs_fingerprint(Path(app.srcdir))
    previous = getattr(env, "baikonur_inputs_fingerprint", None)
    env.baikonur_inputs_fingerprint = fingerprint
    if previous is not None and previous != fingerprint:
        return sorted(env.found_docs - set(added) - set(changed))
    return []


def _drop_thebe_assets(app: Sphinx, pagename, templatename, context, doctree) -> None:
    if app.config.html_theme_options.get("launch_buttons", {}).get("thebe"):
        return
    for key in ("script_files", "css_files"):
        assets = context.get(key)
        if assets is None:
            continue
        assets[:] = [
            asset
            for asset in assets
            if "thebe" not in str(getattr(asset, "filename", asset) or "").lower()
            and "THEBE_JS_URL" not in str(getattr(asset, "attributes", {}).get("body", ""))
        ]


def setup(app: Sphinx) -> dict:
    from baikonur import bibstyle

    bibstyle.register()
    app.connect("config-inited", lambda app, config: _mark_build(app))
    app.connect("builder-inited", _validate_inputs)
    app.connect("env-get-outdated", _outdated_when_inputs_change)
    app.connect("html-page-context", _drop_thebe_assets)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
