"""Text utilities that know no profile: what a search sees of a text (normalise.py), word
segmentation (segment.py) and the words it treats specially (search_words.py), the allow-list of
HTML (html_policy.py), the shape a text must have before a parser sees it (limits.py), content
that must never be published (safety.py) and the HTML islands of generated pages (markup.py).
Imports only the runtime layer below it (tests/test_architecture.py)."""
