"""axe-core audits inside Playwright pages.

The site's Content-Security-Policy forbids inline scripts, so axe is not injected as a
<script> tag: its source is evaluated through the DevTools protocol, which CSP does not
govern, and the page keeps its real policy during the audit.
"""

from functools import cache
from pathlib import Path

import pytest

AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@cache
def axe_source() -> str:
    if not AXE.exists():
        pytest.fail(f"axe-core is missing at {AXE}: run npm ci")
    return AXE.read_text(encoding="utf-8")


def axe_violations(page, tags=WCAG_AA):
    """Run axe on the current page; return (rule id, impact, first targets) per violation."""
    page.evaluate(axe_source() + "\n;undefined")
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", list(tags)
    )
    return [
        (v["id"], v["impact"], [node["target"] for node in v["nodes"]][:5])
        for v in result["violations"]
    ]
