"""Regenerate dompurify.json and h5sc.json from snapshots of the two public repositories.

    python tests/data/xss/extract.py DOMPURIFY_GIT_DIR H5SC_GIT_DIR

Each argument is a git directory (bare or not) of cure53/DOMPurify and cure53/H5SC. The
JavaScript files are read as data, never run: a small reader of JavaScript literals (strings,
numbers, arrays, objects, comments) takes the first array literal of each file.
Provenance and licences: README.md beside this file.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCES = {   # output file -> (path in the repository, what to keep of each item)
    "dompurify": "test/fixtures/expect.mjs",
    "h5sc": "items.js",
}

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}


class Reader:
    """Reads one JavaScript literal (no expressions) starting at `pos`."""

    def __init__(self, text: str, pos: int):
        self.text, self.pos = text, pos

    def skip(self) -> None:
        t = self.text
        while True:
            m = re.compile(r"\s+|//[^\n]*|/\*.*?\*/", re.S).match(t, self.pos)
            if not m or m.end() == self.pos:
                return
            self.pos = m.end()

    def value(self):
        self.skip()
        c = self.text[self.pos]
        if c == "[":
            return self.array()
        if c == "{":
            return self.obj()
        if c in "'\"`":
            return self.string()
        m = re.compile(r"-?\d+(?:\.\d+)?|true|false|null|undefined").match(self.text, self.pos)
        if not m:
            raise ValueError(f"unexpected {self.text[self.pos:self.pos + 40]!r} at {self.pos}")
        self.pos = m.end()
        word = m.group(0)
        return {"true": True, "false": False, "null": None, "undefined": None}.get(
            word, float(word) if "." in word else int(word) if word[0] in "-0123456789" else word)

    def string(self) -> str:
        t, quote = self.text, self.text[self.pos]
        self.pos += 1
        out = []
        while True:
            c = t[self.pos]
            if c == quote:
                self.pos += 1
                return "".join(out)
            if quote == "`" and t.startswith("${", self.pos):
                raise ValueError(f"template substitution at {self.pos}")
            if c != "\\":
                out.append(c)
                self.pos += 1
                continue
            e = t[self.pos + 1]
            if e == "u" and t[self.pos + 2] == "{":
                end = t.index("}", self.pos)
                out.append(chr(int(t[self.pos + 3:end], 16)))
                self.pos = end + 1
            elif e == "u":
                code = int(t[self.pos + 2:self.pos + 6], 16)
                self.pos += 6
                if 0xD800 <= code < 0xDC00 and t.startswith("\\u", self.pos):   # surrogate pair
                    low = int(t[self.pos + 2:self.pos + 6], 16)
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    self.pos += 6
                out.append(chr(code))
            elif e == "x":
                out.append(chr(int(t[self.pos + 2:self.pos + 4], 16)))
                self.pos += 4
            elif e == "\n":                      # line continuation
                self.pos += 2
            else:
                out.append(_ESCAPES.get(e, e))
                self.pos += 2

    def array(self) -> list:
        self.pos += 1
        items = []
        while True:
            self.skip()
            if self.text[self.pos] == "]":
                self.pos += 1
                return items
            items.append(self.value())
            self.skip()
            if self.text[self.pos] == ",":
                self.pos += 1

    def obj(self) -> dict:
        self.pos += 1
        out = {}
        while True:
            self.skip()
            if self.text[self.pos] == "}":
                self.pos += 1
                return out
            if self.text[self.pos] in "'\"":
                key = self.string()
            else:
                m = re.compile(r"[A-Za-z_$][\w$]*").match(self.text, self.pos)
                key, self.pos = m.group(0), m.end()
            self.skip()
            assert self.text[self.pos] == ":", self.text[self.pos:self.pos + 40]
            self.pos += 1
            out[key] = self.value()
            self.skip()
            if self.text[self.pos] == ",":
                self.pos += 1


def first_array(text: str) -> list:
    """The first array literal of a file: after `export default` (expect.mjs) or `return`
    (items.js, inside its module wrapper)."""
    m = re.search(r"(?:export\s+default|return)\s*\[", text)
    return Reader(text, m.end() - 1).value()


def git(git_dir: str, *args: str) -> str:
    return subprocess.run(["git", f"--git-dir={git_dir}", *args], check=True,
                          capture_output=True, text=True).stdout


def dompurify(items: list) -> list[dict]:
    out = []
    for n, item in enumerate(items, 1):
        payload = item.get("payload")
        if isinstance(payload, str) and payload.strip():
            out.append({"id": f"dompurify-{n:03d}", "title": item.get("title", ""), "payload": payload})
    return out


def h5sc(items: list) -> list[dict]:
    out = []
    for item in items:
        name = item.get("name")
        entry = {"id": f"h5sc-{int(item['id']):03d}",
                 "title": name.get("en", "") if isinstance(name, dict) else str(name or ""),
                 "data": item["data"]}
        if item.get("trigger"):
            entry["trigger"] = item["trigger"]    # the interaction H5SC's test page performs
        out.append(entry)
    return out


def main(dompurify_git: str, h5sc_git: str) -> None:
    for name, git_dir, keep in (("dompurify", dompurify_git, dompurify), ("h5sc", h5sc_git, h5sc)):
        path = SOURCES[name]
        commit = git(git_dir, "log", "-1", "--format=%H", "HEAD", "--", path).strip()
        items = keep(first_array(git(git_dir, "show", f"HEAD:{path}")))
        (HERE / f"{name}.json").write_text(json.dumps(items, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"{name}: {len(items)} vectors from {path} at {commit}")


if __name__ == "__main__":
    main(*sys.argv[1:3])
