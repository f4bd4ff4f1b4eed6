"""The live quiz in a real JupyterLab: a notebook loads a fixture bank, Chromium runs the cell,
answers with the mouse, checks, and reads the verdict, the score and ``quiz.results()``."""

from __future__ import annotations

import json

import nbformat
import pytest

from conftest import fixture_bank, make_quiz_project, open_page, running_jupyterlab

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def jupyterlab(tmp_path_factory):
    """A JupyterLab on 127.0.0.1 (no token) serving a folder with one quiz notebook."""
    root = tmp_path_factory.mktemp("lab")
    data = make_quiz_project(root / "project", {"sampler": fixture_bank("sampler")})
    notebooks = root / "notebooks"
    notebooks.mkdir()
    notebook = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell(
                'from baikonur.quiz import load_quiz\nquiz = load_quiz("sampler")\nquiz'
            ),
            nbformat.v4.new_code_cell(
                'import json\nresults = quiz.results()\nprint(json.dumps(results["answers"][0]), results["score"])'
            ),
        ],
        metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
        },
    )
    nbformat.write(notebook, notebooks / "quiz.ipynb")
    with running_jupyterlab(notebooks, root, env={"BAIKONUR_DATA_DIR": str(data)}) as url:
        yield url


def test_widget_quiz_grades_in_a_real_jupyterlab(browser, jupyterlab):
    page = open_page(browser, viewport={"width": 1280, "height": 1600})
    try:
        page.goto(f"{jupyterlab}lab/tree/quiz.ipynb", timeout=60_000)
        first_cell = page.locator(".jp-Notebook .jp-Cell").first
        first_cell.locator(".jp-InputArea-editor").wait_for(timeout=60_000)
        page.locator("#jp-main-statusbar").get_by_text("Idle").wait_for(timeout=90_000)
        first_cell.locator(".jp-InputArea-editor").click()
        page.keyboard.press("Shift+Enter")

        output = first_cell.locator(".jp-OutputArea")
        output.get_by_text("Astana", exact=True).wait_for(timeout=90_000)
        output.locator(".widget-radio-box").first.get_by_text("Almaty", exact=True).click()
        check_buttons = output.get_by_role("button", name="Check")
        check_buttons.first.click()
        output.get_by_text("Not quite. Almaty was the capital until 1997.").wait_for(timeout=20_000)
        assert not output.get_by_text(
            "The capital moved from Almaty to Astana in 1997."
        ).is_visible()
        output.locator(".widget-radio-box").first.get_by_text("Astana", exact=True).click()
        check_buttons.first.click()
        output.get_by_text("Correct.").wait_for(timeout=20_000)
        output.get_by_text("The capital moved from Almaty to Astana in 1997.").wait_for(
            timeout=20_000
        )
        output.get_by_text("Right first time: 0 of 5 · answered 1 of 5").wait_for(timeout=20_000)
        assert "<script>" in output.inner_text()

        second_cell = page.locator(".jp-Notebook .jp-Cell").nth(1)
        second_cell.locator(".jp-InputArea-editor").click()
        page.keyboard.press("Shift+Enter")
        printed = second_cell.locator(".jp-OutputArea-output")
        printed.wait_for(timeout=30_000)
        answer_json, score = printed.inner_text().strip().rsplit(" ", 1)
        answer = json.loads(answer_json)
        assert answer["question"] == "capital" and answer["response"] == "b"
        assert answer["solved"] and not answer["first_try"] and answer["attempts"] == 2
        assert score == "0"
    finally:
        page.context.close()
