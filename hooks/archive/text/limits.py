"""The shape of a text, checked before any third-party parser sees it.

Python-Markdown is quadratic on runs of unclosed brackets ('[' * 20,000 took 56 s), recursive on
nested lists and quotes (2,000 levels: RecursionError), and autocorrect's native code crashed on
20,000 nested <div> and 40,000 '![x]('. No real text comes near these limits; each is measured
here in one linear pass, so a hostile text is refused with its line before it can hang or crash
`make check`, `make fix`, a build or `mkdocs serve`.
"""
from __future__ import annotations

from typing import Iterator

MAX_OPEN_BRACKETS = 32     # '[' or '(' not yet closed within one paragraph
MAX_INDENT = 48            # columns of indentation (a list 12 levels deep)
MAX_QUOTE_DEPTH = 12       # '>' at the start of a line
MAX_TAG_DEPTH = 64         # HTML start tags not yet closed

_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                   "source", "track", "wbr", "image", "param", "keygen"})


def problems(text: str) -> Iterator[tuple[int, str, dict]]:
    """(offset, code, values) of each limit the text passes, once per kind, at the line
    where it is passed first."""
    reported: set[str] = set()
    offset = 0
    # Most texts hold too few brackets to pass the limit at all: then none are counted.
    count = text.count("[") > MAX_OPEN_BRACKETS or text.count("(") > MAX_OPEN_BRACKETS
    brackets = {"[": 0, "(": 0}
    tags = 0
    for line in text.split("\n"):
        if not line.strip():
            brackets = {"[": 0, "(": 0}          # a blank line ends a paragraph
        found = _line_problems(line, brackets if count else None)
        tags, deepest = _tag_depth(line, tags)
        if deepest > MAX_TAG_DEPTH:
            found.append(("tags", MAX_TAG_DEPTH))
        for what, limit in found:
            if what not in reported:
                reported.add(what)
                yield offset, "E016", {"what": _WHAT[what], "limit": limit}
        offset += len(line) + 1


_WHAT = {"[": "未闭合的方括号 [", "(": "未闭合的圆括号 (", "indent": "缩进", "quote": "引用符号 >",
         "tags": "未闭合的 HTML 标签"}


def _line_problems(line: str, brackets: dict | None) -> list[tuple[str, int]]:
    found = []
    rest = line.lstrip(" \t")
    lead = line[: len(line) - len(rest)]
    if len(lead) + 3 * lead.count("\t") > MAX_INDENT:      # a tab counts as four columns
        found.append(("indent", MAX_INDENT))
    marks = rest[: len(rest) - len(rest.lstrip("> \t"))]
    if marks.count(">") > MAX_QUOTE_DEPTH:
        found.append(("quote", MAX_QUOTE_DEPTH))
    if brackets is None:
        return found
    for char in line:
        if char in "[(":
            brackets[char] += 1
            if brackets[char] == MAX_OPEN_BRACKETS + 1:
                found.append((char, MAX_OPEN_BRACKETS))
        elif char == "]" and brackets["["]:
            brackets["["] -= 1
        elif char == ")" and brackets["("]:
            brackets["("] -= 1
    return found


def _tag_depth(line: str, depth: int) -> tuple[int, int]:
    """Start tags minus end tags after the line, and the most within it, roughly (a limit,
    not a parse: the tokenizer reads the tags)."""
    deepest = depth
    if "<" not in line:
        return depth, deepest
    i = line.find("<")
    while i >= 0:
        j = i + 1
        closing = j < len(line) and line[j] == "/"
        j += closing
        k = j
        while k < len(line) and (line[k].isascii() and line[k].isalnum()):
            k += 1
        name = line[j:k].lower()
        if name and name[0].isalpha() and name not in _VOID:
            depth = max(depth - 1, 0) if closing else depth + 1
            deepest = max(deepest, depth)
        i = line.find("<", k)
    return depth, deepest
