"""Sphinx extension: the numbers behind the static book's scenario explorer.

A page that shows the kernel-free explorer (:func:`baikonur.scenarios.kernel_free_explorer`)
carries a hidden form that names a JSON file; this extension writes that file beside the page,
with :func:`baikonur.scenarios.scenario_grid` (the package's own arithmetic on every slider
position), and ``_static/explorer.js`` reads it in the reader's browser.
"""

from __future__ import annotations

import json
import re
from pathlib import Path, PurePosixPath

from sphinx.application import Sphinx

EXPLORER = re.compile(
    r'class="scenario-explorer"[^>]*data-grid="([\w.-]+\.json)"|data-grid="([\w.-]+\.json)"[^>]*class="scenario-explorer"'
)


def _write_grid(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if app.builder.format != "html":
        return
    names = {first or second for first, second in EXPLORER.findall(context.get("body", ""))}
    if not names:
        return
    from baikonur.scenarios import rent_and_cpi, scenario_grid

    if not hasattr(app, "baikonur_scenario_grid"):
        app.baikonur_scenario_grid = json.dumps(
            scenario_grid(*rent_and_cpi()), separators=(",", ":")
        )
    folder = Path(app.outdir, *PurePosixPath(pagename).parent.parts)
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        (folder / name).write_text(app.baikonur_scenario_grid)


def setup(app: Sphinx) -> dict:
    app.connect("html-page-context", _write_grid)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
