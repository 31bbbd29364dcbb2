"""The security headers every yidi answer carries (issue 13 scope 6; ``entrypoints/api/edge.py``),
checked on the test client's answers (``tests/integration/web/test_web_headers.py``) and on every
document the browser tests load (``tests/browser/conftest.py``)."""

from __future__ import annotations

from collections.abc import Mapping


def header_problems(headers: Mapping[str, str]) -> list[str]:
    """What is missing or wrong in an answer's headers (names in any case); [] when all is well."""
    h = {k.lower(): v for k, v in headers.items()}
    out: list[str] = []
    csp = h.get("content-security-policy", "")
    script = csp.split("script-src")[1].split(";")[0] if "script-src" in csp else ""
    if "frame-ancestors 'none'" not in csp:
        out.append("CSP without frame-ancestors 'none'")
    if not script or "'unsafe-inline'" in script:
        out.append("CSP script-src missing or allowing inline script")
    expected = {"x-content-type-options": "nosniff", "x-frame-options": "DENY", "cache-control": "no-store"}
    out += [f"{name}: {h.get(name)!r}" for name, value in expected.items() if h.get(name) != value]
    out += [f"no {name}" for name in ("referrer-policy", "permissions-policy") if not h.get(name)]
    return out
