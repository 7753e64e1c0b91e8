"""The web app in a real browser: Playwright driving Debian's chromium (headless) against uvicorn on a free port.

Chromium comes from `make system-deps` (apt-get install chromium); when it is missing this
test fails with that instruction rather than skipping. Screenshots go to test-artifacts/web/.
"""

from __future__ import annotations

import re
import socket
import threading
import time
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts" / "web"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The app over the examples store, served by uvicorn in a background thread."""
    import uvicorn

    from parallax.web import create_app
    from test_web_app import build_example_store

    db = build_example_store(tmp_path_factory.mktemp("browser") / "desk.db")
    port = free_port()
    config = uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning", access_log=False)
    uv = uvicorn.Server(config)
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not uv.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    uv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    assert CHROMIUM.is_file(), f"{CHROMIUM} is missing: run `make system-deps` (as root: apt-get install -y chromium)"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture()
def page(browser):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1100, "height": 900})
    yield context.new_page()
    context.close()


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=False)


@pytest.mark.slow
def test_front_page_story_citation_and_search(server, page):
    page.goto(server + "/")
    assert page.locator("li.story-card").count() == 1
    assert page.locator("li.story-card svg.bar").count() == 2 and page.locator("li.story-card svg.bar").first.is_visible()
    shot(page, "1-front")

    page.locator("li.story-card h2 a").first.click()
    page.wait_for_url(re.compile(r"/stories/\d+$"))
    assert page.locator("ul.facts > li").count() >= 1
    shot(page, "2-story")

    cite = page.locator('ul.facts a.cite[href^="#s"]').first
    target = cite.get_attribute("href")[1:]
    cite.click()
    page.wait_for_url(re.compile(rf"#{target}$"))
    evidence = page.locator(f"mark#{target}")
    assert evidence.is_visible() and evidence.evaluate("el => el.matches(':target')")
    assert evidence.bounding_box()["y"] >= 0 and evidence.bounding_box()["y"] < 900, "the quote is scrolled into view"
    background = evidence.evaluate("el => getComputedStyle(el).backgroundColor")
    plain = page.locator("mark.ev:not(:target)").first.evaluate("el => getComputedStyle(el).backgroundColor")
    assert background != plain, "the cited quote is highlighted more strongly than other evidence"
    shot(page, "3-evidence")

    word = max(re.findall(r"[A-Za-z]{6,}", evidence.inner_text()) or ["flood"], key=len)
    page.fill("input#q", word)
    page.locator("form.search button").click()
    page.wait_for_url(re.compile(r"/search\?q="))
    assert page.locator("ol.results > li").count() >= 1
    shot(page, "4-search")
    page.locator("ol.results > li a").first.click()
    page.wait_for_url(re.compile(r"/articles/\w+$"))
    assert page.locator("div.source-text").inner_text().strip()
    shot(page, "5-article")


@pytest.mark.slow
def test_pages_run_no_script(server, browser):
    """With JavaScript on, the pages still run none (CSP forbids it and the templates have none)."""
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(server + "/stories/1")
    assert page.evaluate("document.scripts.length") == 0
    assert not [e for e in errors if "Content Security Policy" in e]
    context.close()
