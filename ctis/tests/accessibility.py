"""axe-core checks for Playwright tests (WCAG 2.0/2.1/2.2 A and AA rules).

axe-core is vendored for tests only (``vendor/axe.min.js``, MPL-2.0, from the npm package
``axe-core``); it is never served to users. The pages' Content-Security-Policy rightly refuses
an injected script, so the check copies the page as it stands (its DOM, cookies and viewport)
into a second browser context that bypasses CSP, and runs axe there: the page under test keeps
its real policy, and a page reached by POST is checked as shown, not fetched again.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

_RUN = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags},
                                          resultTypes: ["violations"]});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map(n => ({target: n.target, summary: n.failureSummary}))}));
}"""


def violations(browser: Any, page: Any) -> list[dict[str, Any]]:
    """axe's WCAG A/AA violations on ``page`` as it stands now."""
    url, html = page.url, page.content()
    context = browser.new_context(
        bypass_csp=True,
        viewport=page.viewport_size,
        storage_state=page.context.storage_state(),
    )
    try:
        copy = context.new_page()
        copy.route(
            lambda address: address == url,
            lambda route: route.fulfill(
                status=200, content_type="text/html; charset=utf-8", body=html
            ),
        )
        copy.goto(url)
        copy.add_script_tag(path=str(AXE))
        found: list[dict[str, Any]] = copy.evaluate(_RUN, WCAG_TAGS)
        return found
    finally:
        context.close()


def assert_accessible(browser: Any, page: Any) -> None:
    found = violations(browser, page)
    assert not found, f"axe violations on {page.url}:\n" + json.dumps(
        found, indent=1, ensure_ascii=False
    )
