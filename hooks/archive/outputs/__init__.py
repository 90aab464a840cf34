"""What the build writes beside the pages: open data (exports.py), the feed (feed.py), the search
index and its terms (search_index.py, search_terms.py), QR codes (qr.py), the China map
(chinamap.py, mapdata/), policies as official documents (official_text.py), each page's Content
Security Policy (csp.py) and the check of what a built page fetches from outside (outside.py).
Imports only the layers below it; only the pages package is above it (tests/test_architecture.py)."""
