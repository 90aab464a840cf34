"""The Content Security Policy of a published page, written into the page itself.

Material's inline scripts differ with the page's depth and the site's address, and publishing
never reloads the web server: so each page carries a <meta> policy that allows its own inline
scripts by hash, and no other inline script. The server's header (scripts/nginx.conf) keeps what a
<meta> policy cannot carry (frame-ancestors). Under `mkdocs serve` the live-reload script changes
with every response: there the defence is escaping and sanitising, not this policy.
"""
from __future__ import annotations

import base64
import hashlib
import re

POLICY = ("default-src 'self'; script-src 'self'{hashes}; style-src 'self'; img-src 'self' data:; "
          "font-src 'self'; connect-src 'self'; worker-src 'self'; manifest-src 'self'; "
          "object-src 'none'; base-uri 'self'; form-action 'self'")
# The theme's own markup (a template's output, not a contributor's): every <script> element with
# its attributes and text. A JSON data block (type="application/json") is never run: no hash.
_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.S | re.I)
_HEAD = re.compile(r"<head>\s*(<meta charset=[^>]*>)?", re.I)


def _hash(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode() + "'"


def inline_script_hashes(template_html: str) -> list[str]:
    hashes = []
    for match in _SCRIPT.finditer(template_html):
        attributes, text = match.groups()
        if "src=" in attributes or "application/json" in attributes or not text:
            continue
        if _hash(text) not in hashes:
            hashes.append(_hash(text))
    return hashes


def with_policy(html: str, content: str) -> str:
    """The page with its policy as the first thing in <head> after the charset (a <meta>
    policy governs only what follows it). content is the page's text (what Markdown made of the
    page): scripts in it are never allowed, whatever got there."""
    template = html.replace(content, "", 1) if content else html
    policy = POLICY.format(hashes="".join(" " + h for h in inline_script_hashes(template)))
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
    return _HEAD.sub(lambda m: m.group(0) + "\n    " + meta, html, count=1)
