"""Texts made to crash or hang the tools: refused with file and line, never a crash or a hang.

(The timeouts below only stop a hang from holding up the test run: these are no speed tests.)
"""
from __future__ import annotations

import os
import re
import signal
import subprocess

import pytest

from archive import load_archive
from archive.load import typography
from archive.runtime import contained
from conftest import BIN, ENV, VALID_PERSON, copy_repo, write

PERSON = "profiles/people/ce-shi-ding.md"
TEXT_LINE = 16          # VALID_PERSON's body, then a blank line, 第二段。, a blank line, the text

PATHOLOGICAL = {
    # autocorrect's native code died on the first two (segmentation fault), and gave a traceback
    # on the third; Python-Markdown took 56 s on '[' * 20,000 and overflowed its stack on deep lists
    "nested-divs": "<div>" * 20000 + "x" + "</div>" * 20000,
    "image-openers": "![x](" * 40000,
    "brackets": "[" * 60000,
    "nested-list": "".join("  " * i + "- x\n" for i in range(300)),
    "nested-quotes": ">" * 5000 + " x",
}


@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    return copy_repo(tmp_path_factory.mktemp("pathological"))


def run(repo, *args, timeout=300):
    result = subprocess.run([str(BIN / "python"), *args], cwd=repo, env=ENV, capture_output=True,
                            text=True, timeout=timeout)
    assert result.returncode >= 0, f"killed by signal {-result.returncode}"
    assert "Traceback" not in result.stdout + result.stderr, result.stderr[-2000:]
    return result


@pytest.mark.parametrize("name", sorted(PATHOLOGICAL))
def test_check_and_fix_refuse_a_pathological_text_with_its_line(repo, name):
    path = write(repo, PERSON, VALID_PERSON + "\n第二段。\n\n" + PATHOLOGICAL[name] + "\n")
    try:
        checked = run(repo, "scripts/check.py", PERSON)
        assert checked.returncode == 1
        assert len(checked.stdout) < 1000, checked.stdout[:2000]     # no message quotes the text whole
        # the line where the limit is passed: the text's first, or (a list) where it gets too deep
        lines = [int(m) for m in re.findall(rf"^{PERSON}:(\d+): E016 正文的", checked.stdout, re.M)]
        assert len(lines) == 1 and TEXT_LINE <= lines[0] <= TEXT_LINE + 30, checked.stdout[-2000:]
        before = path.read_bytes()
        run(repo, "scripts/fix.py", PERSON)
        assert path.read_bytes() == before            # a text past the limits is left as it is
    finally:
        path.unlink()


def test_a_build_refuses_a_pathological_text_and_names_the_file(repo):
    path = write(repo, PERSON, VALID_PERSON + "\n" + PATHOLOGICAL["brackets"] + "\n")
    try:
        result = subprocess.run([str(BIN / "mkdocs"), "build", "--strict"], cwd=repo, env=ENV,
                                capture_output=True, text=True, timeout=300)
    finally:
        path.unlink()
    assert result.returncode == 1
    assert f"{PERSON}:14: E016" in result.stderr and "Traceback" not in result.stderr


def test_a_long_mixed_line_gets_its_typography_advice(scratch):
    """'a中' * 1000 (one line of 2,000 characters) took minutes: advice is linear in the line."""
    write(scratch, "profiles/people/ce-shiren.md", VALID_PERSON + "\n" + "a中" * 1000 + "\n")
    warnings = [p.format() for p in load_archive(scratch).warnings]
    assert len(warnings) == 1 and ":14: E501 提示：正文：中文与英文字母、数字之间宜加空格：“a中a中" in warnings[0]
    assert len(warnings[0]) < 300                           # the change is shown by its start


def _segfault(items):
    os.kill(os.getpid(), signal.SIGSEGV)


def test_a_crash_in_the_native_helper_is_reported_with_the_field_and_line(scratch, monkeypatch):
    """What a segmentation fault in autocorrect gives now: E017 on the text, the check goes on."""
    typography._HELPER.close()
    monkeypatch.setattr(typography, "_autocorrect",
                        lambda text, markdown: _segfault(None) if "崩溃" in text else text)
    try:
        write(scratch, "profiles/people/ce-shiren.md",
              VALID_PERSON.replace("abstract: 测试用人物。", "abstract: 让它崩溃的摘要。"))
        archive = load_archive(scratch)
    finally:
        typography._HELPER.close()
    [crash] = [p.format() for p in archive.problems]
    assert crash.startswith("profiles/people/ce-shiren.md:5: E017 排版检查程序处理字段“abstract”时意外终止"), crash


def test_the_helper_survives_its_own_crash():
    helper = contained.Helper(lambda x: _segfault(x) if x == "crash" else x * 2)
    try:
        assert helper(3) == 6
        with pytest.raises(contained.Crashed):
            helper("crash")
        assert helper(4) == 8                        # a new helper for the next call
    finally:
        helper.close()


def test_serve_shows_a_notice_instead_of_a_pathological_text(repo):
    """`mkdocs serve` renders profiles with errors: not a text past the limits (it would hang)."""
    from test_hostile_pages import serve_build
    path = write(repo, PERSON, VALID_PERSON + "\n" + PATHOLOGICAL["brackets"] + "\n")
    try:
        serve_build(repo, repo / "served")
    finally:
        path.unlink()
    html = (repo / "served/people/ce-shi-ding/index.html").read_text(encoding="utf-8")
    assert "正文含有不能显示的内容" in html and "[[[[" not in html


def test_the_helper_keeps_none_of_the_callers_files_open():
    """A forked helper that kept the caller's pipes would keep whoever waits for their end waiting
    (the test run hung at exit on the browser driver's pipe)."""
    read, write_end = os.pipe()
    helper = contained.Helper(lambda x: x + 1)
    try:
        assert helper(1) == 2                      # the helper exists now, forked with the pipe open
        os.close(write_end)
        os.set_blocking(read, False)
        assert os.read(read, 1) == b""             # end of file at once: no copy of the writer is left
    finally:
        os.close(read)
        helper.close()
